#!/usr/bin/env python3
"""The corpus's parts with paragraphs separated by single line breaks, as web corpora store text.

    python3 corpus/build/single_newlines.py     # writes corpus/.cache/single/{dev,test}/, scores them

Text extractors (trafilatura, jusText) and web-text corpora (C4, datatrove's readers) write one
paragraph per line, with no blank line between paragraphs; the composed parts separate them by
blank lines. This script rewrites each part that way: every blank line goes, and a paragraph
that the composer hard-wrapped (every line but the last at least 60% of its longest, none over
100 characters, all carrying the same label or none) is joined into one line. Labels follow the
lines. It then prints what `target/release/boilerlint eval` scores on both, with the baselines.

Nothing is composed anew: the documents and labels are the parts', in another layout. Tune on
`dev`, report `test`, as for the parts themselves.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compose  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "corpus" / ".cache" / "single"
WRAP_MIN_SHARE = 0.6
WRAP_MAX_CHARS = 100


def paragraphs(lines: list[str]) -> list[list[int]]:
    """The 1-based line numbers of each run of non-blank lines."""
    runs: list[list[int]] = []
    current: list[int] = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            current.append(number)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def rewrite(part: str) -> Path:
    """Writes `OUT/<part>/` and returns its labels file."""
    source = ROOT / "corpus" / part
    out = OUT / part
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with (source / "labels.jsonl").open(encoding="utf-8") as labels, \
            (out / "labels.jsonl").open("w", encoding="utf-8") as written:
        for record_line in labels:
            record = json.loads(record_line)
            lines = (source / record["path"]).read_text(encoding="utf-8").split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            rule_of: dict[int, str] = {}
            for label in record["labels"]:
                first, last = label["lines"]
                for number in range(first, last + 1):
                    rule_of[number] = label["rule"]
            new_lines: list[str] = []
            new_rules: list[str | None] = []
            for run in paragraphs(lines):
                texts = [lines[n - 1] for n in run]
                longest = max(len(t) for t in texts)
                wrapped = (len(run) > 1 and len({rule_of.get(n) for n in run}) == 1
                           and longest <= WRAP_MAX_CHARS
                           and all(len(t) >= WRAP_MIN_SHARE * longest for t in texts[:-1]))
                if wrapped:
                    new_lines.append(" ".join(t.strip() for t in texts))
                    new_rules.append(rule_of.get(run[0]))
                else:
                    new_lines.extend(texts)
                    new_rules.extend(rule_of.get(n) for n in run)
            new_labels = []
            at = 0
            while at < len(new_lines):
                rule = new_rules[at]
                end = at
                while rule and end + 1 < len(new_lines) and new_rules[end + 1] == rule:
                    end += 1
                if rule:
                    new_labels.append({"rule": rule, "lines": [at + 1, end + 1]})
                at = end + 1
            path = out / record["path"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(new_lines) + "\n", encoding="utf-8")
            record["labels"] = new_labels
            written.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out / "labels.jsonl"


def main() -> int:
    return compose.score_rewritten_parts(rewrite, "paragraphs on single lines")


if __name__ == "__main__":
    sys.exit(main())
