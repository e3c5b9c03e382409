#!/usr/bin/env python3
"""A false-alarm probe on real documentation the corpus never used: the Debian Reference.

    python3 corpus/build/probe_docs.py            # downloads, extracts, runs the release build

Downloads the pinned `debian-reference-*` packages (`apt-get download NAME=VERSION`) into
`corpus/.cache/`, turns each translated HTML page into plain-text documents the way a text
extractor leaves them (every paragraph, heading, list item, table cell and code block on its
own, separated by blank lines; 40 of them per document), and runs `target/release/boilerlint`
on them. The pages hold no consent notice and no ad: every line cookie-banner or ad-notice
flags is a false alarm. Tables of package names, counts and one-word cells ("Yes", "X"),
menu items and code are what this probe adds to the corpus's hard negatives.

off-language is reported apart: the translations are partial, so many paragraphs are still
the English original (the script counts a flagged paragraph found verbatim in the English
edition as English), and a page mostly left in English reads as an English document.

Nothing here is composed into `corpus/dev/` or `corpus/test/`, and no rule is trained on it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "corpus" / ".cache"
DEBS = CACHE / "debs"
OUT = CACHE / "probe"
VERSION = "2.100"
LANGUAGES = ["de", "es", "fr", "id", "it", "ja", "pt", "zh-cn"]
PER_DOC = 40
BLOCKS = {"p", "pre", "h1", "h2", "h3", "h4", "li", "td", "th", "dt"}


class Blocks(HTMLParser):
    """The text of each outermost block element, in order; `pre` keeps its lines."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.buf: list[str] | None = None
        self.tag: str | None = None
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        if tag in BLOCKS and self.buf is None:
            self.buf, self.tag = [], tag

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        if tag == self.tag and self.buf is not None:
            text = "".join(self.buf)
            text = text.strip("\n") if tag == "pre" else re.sub(r"\s+", " ", text).strip()
            if text.strip():
                self.blocks.append(text)
            self.buf, self.tag = None, None

    def handle_data(self, data):
        if self.buf is not None and not self.skip:
            self.buf.append(data)


def unpack(lang: str) -> Path:
    pkg = f"debian-reference-{lang}"
    DEBS.mkdir(parents=True, exist_ok=True)
    deb = DEBS / f"{pkg}_{VERSION}_all.deb"
    if not deb.exists():
        subprocess.run(["apt-get", "download", f"{pkg}={VERSION}"], cwd=DEBS, check=True,
                       capture_output=True)
    target = CACHE / "extract" / f"{pkg}_{VERSION}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["dpkg-deb", "-x", str(deb), str(target)], check=True)
    return target / "usr" / "share" / "debian-reference"


def blocks(page: Path) -> list[str]:
    parser = Blocks()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.blocks


def build() -> tuple[Path, set[str]]:
    docs = OUT / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    english = {re.sub(r"\s+", " ", b).strip()
               for page in sorted(unpack("en").glob("*.en.html")) for b in blocks(page)}
    for lang in LANGUAGES:
        for page in sorted(unpack(lang).glob(f"*.{lang}.html")):
            found = blocks(page)
            stem = page.name[: -len(f".{lang}.html")]
            for n in range(0, len(found), PER_DOC):
                text = "\n\n".join(found[n:n + PER_DOC]) + "\n"
                (docs / f"{lang}-{stem}-{n // PER_DOC:02d}.txt").write_text(text, encoding="utf-8")
    return docs, english


def main() -> int:
    docs, english = build()
    binary = ROOT / "target" / "release" / "boilerlint"
    if not binary.exists():
        print(f"wrote {docs}; build the release binary (cargo build --release) to score it")
        return 0
    out = subprocess.run([str(binary), "check", "--format", "json", str(docs)],
                         capture_output=True, text=True).stdout
    report = json.loads(out)
    total = 0
    flagged: Counter = Counter()
    for f in report["files"]:
        raw = Path(f["path"]).read_bytes()
        total += sum(1 for line in raw.decode("utf-8").split("\n") if line.strip())
        for finding in f["findings"]:
            text = raw[finding["start"]:finding["end"]].decode("utf-8")
            lines = sum(1 for line in text.split("\n") if line.strip())
            rule = finding["rule"]
            if rule == "off-language":
                paragraphs = [re.sub(r"\s+", " ", p).strip() for p in text.split("\n\n") if p.strip()]
                rule += " (English original)" if all(p in english for p in paragraphs) else " (other)"
            flagged[(rule, finding["fix"]["applicability"])] += lines
    print(f"{len(report['files'])} documents, {total} non-blank lines")
    for (rule, fix), lines in sorted(flagged.items()):
        print(f"  {rule:34} {fix:7} {lines:6} lines ({100 * lines / total:.2f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
