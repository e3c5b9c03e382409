#!/usr/bin/env python3
"""A false-alarm probe on the language-identification pool: running text in 78 languages.

    python3 corpus/build/probe_pool.py         # writes corpus/.cache/pool/, scores it

The pool (`corpus/pools/langid/`: GNOME help pages and interface texts, Debian manuals,
debconf templates, game texts) holds no consent notice, no ad and no paragraph in another
language than its record's: each document written here is six consecutive paragraphs of one
file of one package in one language, so every line a rule flags is a false alarm. It is the
closest the corpus comes to translated help pages of desktop software in many languages, and
it holds languages the composed parts never use (Occitan, Bosnian, Serbian in Latin letters,
Walloon, Mongolian...).

Documents are split into halves by package, as `probe_languages.py` splits the pool (a third
to the test half): tune on `dev`, report `test`. off-language's identifier for close relatives
trains on the pool (`plugins/off-language/examples/train.rs`): on all of it for most
languages, on the dev half only for the language probe's languages; for the former, this
probe's off-language figures are on text that identifier has seen.

Nothing here is composed into `corpus/dev/` or `corpus/test/`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from probe_languages import part_of  # noqa: E402  (the same split by package)

ROOT = Path(__file__).resolve().parents[2]
POOL = ROOT / "corpus" / "pools" / "langid"
OUT = ROOT / "corpus" / ".cache" / "pool"
PER_DOC = 6
RULES = ["cookie-banner", "ad-notice", "off-language"]


def build() -> None:
    """Writes the documents, `OUT/<half>/<lang>-<n>.txt`."""
    shutil.rmtree(OUT, ignore_errors=True)
    groups: dict[tuple[str, str, str], list[str]] = {}
    for path in sorted(POOL.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            groups.setdefault((r["source"], r["doc"], r["lang"]), []).append(r["text"])
    n = 0
    for (source, _, lang), texts in groups.items():
        half = OUT / part_of(source)
        half.mkdir(parents=True, exist_ok=True)
        for start in range(0, len(texts), PER_DOC):
            chunk = texts[start:start + PER_DOC]
            if len(chunk) < 2:
                continue
            n += 1
            (half / f"{lang}-{n:06d}.txt").write_text("\n\n".join(chunk) + "\n", encoding="utf-8")


def score(binary: Path, half: str) -> None:
    """Prints the lines each rule flags in a half, by fix safety, and the languages most hit."""
    out = subprocess.run([str(binary), "check", "--format", "json", "--select", ",".join(RULES),
                          str(OUT / half)], capture_output=True, text=True).stdout
    report = json.loads(out)
    total = 0
    flagged: Counter = Counter()
    languages: dict[str, Counter] = {rule: Counter() for rule in RULES}
    for f in report["files"]:
        raw = Path(f["path"]).read_bytes()
        lang = Path(f["path"]).name.split("-")[0]
        total += sum(1 for line in raw.decode("utf-8").split("\n") if line.strip())
        for finding in f["findings"]:
            text = raw[finding["start"]:finding["end"]].decode("utf-8")
            lines = sum(1 for line in text.split("\n") if line.strip())
            flagged[(finding["rule"], finding["fix"]["applicability"])] += lines
            languages[finding["rule"]][lang] += lines
    print(f"{half}: {len(report['files'])} documents, {total} non-blank lines")
    for rule in RULES:
        safe, unsafe = flagged[(rule, "safe")], flagged[(rule, "unsafe")]
        worst = " ".join(f"{lang} {n}" for lang, n in languages[rule].most_common(6))
        print(f"  {rule:14} {safe:5} safe + {unsafe:4} unsafe lines "
              f"({100 * (safe + unsafe) / max(total, 1):.2f}%)  {worst}")


def main() -> int:
    build()
    binary = ROOT / "target" / "release" / "boilerlint"
    if not binary.exists():
        print(f"wrote {OUT}; build the release binary (cargo build --release) to score it")
        return 0
    for half in ("dev", "test"):
        score(binary, half)
    return 0


if __name__ == "__main__":
    sys.exit(main())
