#!/usr/bin/env python3
"""The corpus's parts with short lines written as list items, as text extractors write them.

    python3 corpus/build/list_marks.py     # writes corpus/.cache/lists/{dev,test}/, scores them

trafilatura and html2text write each `<li>` of a page as a line opening with `- `, Markdown
writers with `* `: a page's menus, tags, buttons and ad slots often sit in lists, so that an ad
label reaches a corpus as `- Sponsored stories` and a consent manager's buttons as
`- Accept all`. This script rewrites each part so: every non-blank line of at most
`MAX_ITEM_CHARS` characters, labeled or not, gets `- ` before it (the longer lines are the
paragraphs, which extractors write as they are). Lines keep their numbers, so the labels are
the parts' own. It then prints what `target/release/boilerlint eval` scores on both.

Nothing is composed anew: the documents and labels are the parts', in another layout. Tune on
`dev`, report `test`, as for the parts themselves.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compose  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "corpus" / ".cache" / "lists"
# Lines up to this long are taken for list items: labels, buttons, menu entries, headings.
MAX_ITEM_CHARS = 80
MARK = "- "


def rewrite(part: str) -> Path:
    """Writes `OUT/<part>/` and returns its labels file."""
    source = ROOT / "corpus" / part
    out = OUT / part
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(source / "docs", out / "docs")
    for path in (out / "docs").rglob("*.txt"):
        lines = path.read_text(encoding="utf-8").split("\n")
        path.write_text("\n".join(
            MARK + line if line.strip() and len(line) <= MAX_ITEM_CHARS else line
            for line in lines), encoding="utf-8")
    shutil.copy(source / "labels.jsonl", out / "labels.jsonl")
    return out / "labels.jsonl"


def main() -> int:
    return compose.score_rewritten_parts(rewrite, "short lines as list items", totals=True)


if __name__ == "__main__":
    sys.exit(main())
