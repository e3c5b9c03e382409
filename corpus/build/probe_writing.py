#!/usr/bin/env python3
"""The dev part written the ways real pages write text, scored beside the part as it is.

    python3 corpus/build/probe_writing.py [PART]   # default: dev; writes corpus/.cache/writing/

Pages and extractors write the same words in more ways than the composed parts do. This script
rewrites a part in each of these ways, lines and labels unchanged, and prints what
`target/release/boilerlint eval` scores on each, so that a rule's loss to a way of writing
shows as the distance to the part as it is:

- `crlf`: Windows line endings.
- `nbsp`: half of the spaces no-break spaces (a seeded draw).
- `nfd`: accents written apart from their letters (Unicode NFD), as Vietnamese sites and text
  written on macOS do.
- `direction-marks`: a right-to-left mark at each end of every line, as Arabic, Hebrew and
  Persian pages carry them.
- `capitals`: the consent notices' and ad labels' lines in capitals.
- `soft-hyphens`: a soft hyphen inside every word of eight letters or more, as pages break
  long words.
- `html-entities`: `&`, `'`, `"` and `’` written as HTML character references (`&amp;`, `&#39;`,
  `&quot;`, `&rsquo;`) and a twentieth of the spaces as `&nbsp;`, as text a site escaped twice
  keeps them.
- `markdown`: every line of at most 40 characters a Markdown link (`[Accept all](https://…)`),
  labeled or not, and every other one's first sentence bold, as html2text and markdownify
  write a page's buttons, menus and emphasis.

Nothing is composed anew. Tune on `dev`, report `test`, as for the parts themselves.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "corpus" / ".cache" / "writing"
SEED = 5
NBSP_SHARE = 0.5
SOFT_HYPHEN_MIN_LETTERS = 8
MARKDOWN_LINK_MAX_CHARS = 40
ENTITY_NBSP_SHARE = 0.05


def nbsp(text: str, rng: random.Random) -> str:
    return "".join("\u00a0" if c == " " and rng.random() < NBSP_SHARE else c for c in text)


def soft_hyphens(text: str) -> str:
    def hyphenate(word: re.Match) -> str:
        w = word.group(0)
        middle = len(w) // 2
        return w[:middle] + "\u00ad" + w[middle:]
    return re.sub(r"[^\W\d_]{%d,}" % SOFT_HYPHEN_MIN_LETTERS, hyphenate, text)


def markdown(line: str) -> str:
    if not line.strip():
        return line
    if len(line) <= MARKDOWN_LINK_MAX_CHARS:
        return f"[{line}](https://example.com/{len(line)})"
    first = re.match(r"\S[^.!?]*[.!?](?=\s|$)", line)
    if first and first.end() < len(line):
        return f"**{first.group(0)}**{line[first.end():]}"
    return line


def rewrite(part: str, way: str) -> Path:
    """Writes `OUT/<part>-<way>/` and returns its labels file."""
    source = ROOT / "corpus" / part
    out = OUT / f"{part}-{way}"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(source / "docs", out / "docs")
    shutil.copy(source / "labels.jsonl", out / "labels.jsonl")
    rng = random.Random(SEED)
    with (source / "labels.jsonl").open(encoding="utf-8") as labels:
        for record_line in labels:
            record = json.loads(record_line)
            path = out / record["path"]
            text = path.read_text(encoding="utf-8")
            if way == "crlf":
                text = text.replace("\n", "\r\n")
            elif way == "nbsp":
                text = nbsp(text, rng)
            elif way == "nfd":
                text = unicodedata.normalize("NFD", text)
            elif way == "direction-marks":
                text = "\n".join(f"\u200f{line}\u200f" if line.strip() else line
                                 for line in text.split("\n"))
            elif way == "capitals":
                lines = text.split("\n")
                for label in record["labels"]:
                    if label["rule"] in ("cookie-banner", "ad-notice"):
                        first, last = label["lines"]
                        for n in range(first - 1, last):
                            lines[n] = lines[n].upper()
                text = "\n".join(lines)
            elif way == "soft-hyphens":
                text = soft_hyphens(text)
            elif way == "html-entities":
                text = (text.replace("&", "&amp;").replace("'", "&#39;")
                        .replace('"', "&quot;").replace("\u2019", "&rsquo;"))
                text = "".join("&nbsp;" if c == " " and rng.random() < ENTITY_NBSP_SHARE else c
                               for c in text)
            elif way == "markdown":
                text = "\n".join(markdown(line) for line in text.split("\n"))
            path.write_bytes(text.encode("utf-8"))
    return out / "labels.jsonl"


WAYS = ["crlf", "nbsp", "nfd", "direction-marks", "capitals", "soft-hyphens", "html-entities",
        "markdown"]
RULES = ("cookie-banner", "ad-notice", "off-language")


def scores(binary: Path, labels: Path) -> dict[str, str]:
    out = subprocess.run([str(binary), "eval", "--labels", str(labels), "--format", "json"],
                         capture_output=True, text=True).stdout
    report = json.loads(out)
    return {rule["rule"]: f"{rule['tp']:4} {rule['fp']:3} {rule['fn']:3}  F1 {rule['f1'] or 0:.3f}"
            for rule in report["rules"] if rule["rule"] in RULES}


def main() -> int:
    part = sys.argv[1] if len(sys.argv) > 1 else "dev"
    binary = ROOT / "target" / "release" / "boilerlint"
    if not binary.exists():
        print("build the release binary (cargo build --release) first")
        return 1
    rows = [("as it is", scores(binary, ROOT / "corpus" / part / "labels.jsonl"))]
    for way in WAYS:
        rows.append((way, scores(binary, rewrite(part, way))))
    print(f"{part}: tp fp fn per rule")
    print(f"  {'written':18}" + "".join(f"{rule:>28}" for rule in RULES))
    for way, row in rows:
        print(f"  {way:18}" + "".join(f"{row.get(rule, '-'):>28}" for rule in RULES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
