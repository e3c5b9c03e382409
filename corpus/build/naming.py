#!/usr/bin/env python3
"""How often off-language names the right language of the paragraphs it reports.

    python3 corpus/build/naming.py [PART ...]     # default: dev test

The labels say which lines are in another language, not which language: this script finds each
reported paragraph's text in the prose pools (`pools/prose/`, `pools/negatives/`: the first 40
characters of its first line, whitespace folded) and compares the pool's language with the one
the finding names (`language` in `boilerlint check --format json`). Findings whose text is in no
pool (false alarms, most of them, and lines the composer rewrapped) are counted apart. It reads
the release build (`cargo build --release`). A part is `dev`, `test`, or a directory of
documents (`corpus/.cache/single/dev/docs`).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
PREFIX = 40


def key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()[:PREFIX]


def pool_languages() -> dict[str, str]:
    """The language of every pool paragraph, by its first characters (the first one wins)."""
    found: dict[str, str] = {}
    for kind in ("prose", "negatives"):
        for path in sorted((CORPUS / "pools" / kind).glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    found.setdefault(key(record["text"]), record["lang"])
    return found


def base(code: str) -> str:
    """`pt-BR` and `pt_BR` are `pt`; the pools' `no` is Bokmål."""
    code = re.split(r"[-_]", code)[0]
    return "nb" if code == "no" else code


def score(docs: Path, languages: dict[str, str]) -> tuple[int, int, int, Counter]:
    binary = ROOT / "target" / "release" / "boilerlint"
    out = subprocess.run(
        [str(binary), "check", "--format", "json", "--select", "off-language", str(docs)],
        capture_output=True, text=True,
    ).stdout
    right = wrong = unknown = 0
    confused: Counter = Counter()
    for file in json.loads(out)["files"]:
        raw = Path(file["path"]).read_bytes()
        for finding in file["findings"]:
            first = raw[finding["start"]:finding["end"]].decode("utf-8").split("\n")[0]
            truth = languages.get(key(first))
            if truth is None:
                unknown += 1
            elif base(truth) == finding["language"]:
                right += 1
            else:
                wrong += 1
                confused[(base(truth), finding["language"])] += 1
    return right, wrong, unknown, confused


def main() -> int:
    if not (ROOT / "target" / "release" / "boilerlint").exists():
        print("build the release binary first: cargo build --release")
        return 2
    parts = sys.argv[1:] or ["dev", "test"]
    languages = pool_languages()
    for part in parts:
        docs = CORPUS / part / "docs" if part in ("dev", "test") else Path(part)
        right, wrong, unknown, confused = score(docs, languages)
        pairs = ", ".join(f"{t} named {n} {c}" for (t, n), c in confused.most_common(8))
        print(f"{part}: {right} named right, {wrong} wrong, {unknown} not in the pools"
              + (f" ({pairs})" if pairs else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
