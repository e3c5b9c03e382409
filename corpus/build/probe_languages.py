#!/usr/bin/env python3
"""A probe of off-language on languages the corpus never composed.

    python3 corpus/build/probe_languages.py       # writes corpus/.cache/languages/, scores it

The composed parts hold foreign paragraphs in the 41 languages of the prose pools only; real
pages hold paragraphs in many more, a good share of them in languages that neither
of off-language's identifiers knows (Welsh, Breton, Scottish Gaelic, Occitan, Walloon; all but
Walloon have function-word lists learned from this pool's dev half, see
`learn_function_words.py`) or that only the first does (Esperanto, Latin). This probe takes real paragraphs in such languages
from the language-identification pool (`corpus/pools/langid/`, whose packages the composed
parts never use; of these languages the identifier for close relatives knows Occitan, learned
from the dev half's packages only, and Afrikaans and Malay, learned from all) and
puts one in the middle of each contamination-free document of a part, as its only labeled
line:

- `corpus/.cache/languages/dev/` takes the dev part's documents and the paragraphs of
  two thirds of the pool's packages (split by package, as the corpus is split by source);
- `corpus/.cache/languages/test/` takes the test part's documents and the other packages.

Each gets a `labels.jsonl` in `boilerlint eval`'s format, and the script prints what
`target/release/boilerlint eval` scores on both. A document of the parts that is one short
paragraph long is taken over by the inserted one (its main language is then the inserted
paragraph's, and its own lines are flagged): such false alarms say that a two-paragraph
document has no clear main language, not that the rule fails on long text.

It also writes `corpus/.cache/languages/mono/`: documents of three consecutive paragraphs of
one source of the pool each, in each of its 78 languages (at most 30 per language in each half
of the pool, dev or test, by the same split), with nothing inserted: every line off-language
flags there is a false alarm, counted per half (the function-word lists that
`learn_function_words.py` learns come from the dev half). Languages that the function-word
lists lack (Walloon) are read as their nearest listed relative, and their paragraphs then as in
yet others: this counts such false alarms.

Nothing here is composed into `corpus/dev/` or `corpus/test/`, and no rule is trained on it.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compose  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "corpus" / ".cache" / "languages"
# plugins/off-language/examples/train.rs (`PROBE_LANGUAGES`) learns these from the dev half's
# packages only: keep the two lists alike.
LANGUAGES = ["br", "cy", "gd", "oc", "wa", "eo", "la", "is", "ga", "sq", "af", "ms", "az"]
MIN_CHARS, MAX_CHARS = 60, 400
SEED = 7
MONO_PER_HALF = 30


def part_of(source: str) -> str:
    """The part a pool package belongs to: a third of them, by hash, to the test part."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "test" if digest[0] % 3 == 0 else "dev"


def pool() -> dict[tuple[str, str], list[dict]]:
    paragraphs: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for path in sorted((ROOT / "corpus" / "pools" / "langid").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            text = record["text"]
            if record["lang"] in LANGUAGES and MIN_CHARS <= len(text) <= MAX_CHARS:
                paragraphs[(part_of(record["source"]), record["lang"])].append(record)
    return paragraphs


def build(part: str, paragraphs: dict[tuple[str, str], list[dict]]) -> Path:
    source_part = ROOT / "corpus" / part
    labels = [json.loads(line) for line in (source_part / "labels.jsonl").read_text().splitlines()]
    out = OUT / part
    (out / "docs").mkdir(parents=True, exist_ok=True)
    rows = []
    rng = random.Random(SEED)
    for lang in LANGUAGES:
        clean = [d for d in labels if not d["labels"] and d["lang"] != lang]
        items = list(paragraphs[(part, lang)])
        rng.shuffle(items)
        for n, (doc, paragraph) in enumerate(zip(clean, items)):
            text = (source_part / doc["path"]).read_text(encoding="utf-8")
            blocks = text.rstrip("\n").split("\n\n")
            at = len(blocks) // 2
            line = "\n\n".join(blocks[:at]).count("\n") + 3 if at else 1
            composed = "\n\n".join(blocks[:at] + [paragraph["text"]] + blocks[at:]) + "\n"
            path = f"docs/{lang}-{n:04d}.txt"
            source = f"{lang}:{paragraph['source']} {doc['source']}"
            rows.append(compose.write_probe_document(
                out, path, composed, doc["lang"], source, "off-language", [line, line]))
    compose.write_labels(out, rows)
    return out


def monolingual() -> Path:
    """Documents of three consecutive paragraphs of one source, per language of the pool."""
    by_source: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted((ROOT / "corpus" / "pools" / "langid").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            by_source[(record["lang"], record["source"])].append(record["text"])
    out = OUT / "mono"
    if (out / "docs").exists():
        shutil.rmtree(out / "docs")
    (out / "docs").mkdir(parents=True)
    count: dict[tuple[str, str], int] = defaultdict(int)
    with (out / "labels.jsonl").open("w", encoding="utf-8") as labels:
        for (lang, source), texts in sorted(by_source.items()):
            part = part_of(source)
            for at in range(0, len(texts) - 2, 3):
                if count[(lang, part)] >= MONO_PER_HALF:
                    break
                path = f"docs/{lang}-{part}-{count[(lang, part)]:03d}.txt"
                (out / path).write_text("\n\n".join(texts[at:at + 3]) + "\n", encoding="utf-8")
                labels.write(json.dumps({"path": path, "lang": lang, "labels": []}) + "\n")
                count[(lang, part)] += 1
    return out


def report_monolingual(binary: Path, out: Path) -> None:
    report = json.loads(subprocess.run(
        [str(binary), "check", "--select", "off-language", "--format", "json", str(out / "docs")],
        capture_output=True, text=True).stdout)
    for part in ["dev", "test"]:
        lines: dict[str, int] = defaultdict(int)
        flagged: dict[tuple[str, str], int] = defaultdict(int)
        files = [f for f in report["files"] if Path(f["path"]).name.split("-")[1] == part]
        for f in files:
            lang = Path(f["path"]).name.split("-")[0]
            raw = Path(f["path"]).read_text(encoding="utf-8").split("\n")
            lines[lang] += sum(1 for line in raw if line.strip())
            for finding in f["findings"]:
                n = sum(1 for k in range(finding["line_start"], finding["line_end"] + 1)
                        if raw[k - 1].strip())
                flagged[(lang, finding["fix"]["applicability"])] += n
        total = sum(lines.values())
        safe = sum(n for (_, fix), n in flagged.items() if fix == "safe")
        unsafe = sum(n for (_, fix), n in flagged.items() if fix != "safe")
        print(f"mono, {part} half: {len(files)} documents in {len(lines)} languages, {total} "
              f"lines: off-language flags {safe} with a safe fix, {unsafe} with an unsafe one")
        worst = sorted(lines, key=lambda l: -(flagged[(l, "safe")] + flagged[(l, "unsafe")]))
        print("  " + " ".join(f"{l} {flagged[(l, 'safe')]}+{flagged[(l, 'unsafe')]}/{lines[l]}"
                              for l in worst if flagged[(l, "safe")] + flagged[(l, "unsafe")]))


def main() -> int:
    paragraphs = pool()
    binary = ROOT / "target" / "release" / "boilerlint"
    for part in ["dev", "test"]:
        out = build(part, paragraphs)
        if not binary.exists():
            print(f"wrote {out}; build the release binary (cargo build --release) to score it")
            continue
        report = json.loads(subprocess.run(
            [str(binary), "eval", "--labels", str(out / "labels.jsonl"), "--baselines",
             "--format", "json"],
            capture_output=True, text=True).stdout)
        documents = sum(1 for _ in (out / "labels.jsonl").open())
        print(f"{part}: {documents} documents")
        for rule in report["rules"]:
            if rule["rule"] in ("off-language", "baseline:whatlang"):
                print(f"  {rule['rule']:20} tp {rule['tp']:5} fp {rule['fp']:4} fn {rule['fn']:4}"
                      f"  precision {rule['precision']:.3f} recall {rule['recall']:.3f}"
                      f" F1 {rule['f1']:.3f}")
    mono = monolingual()
    if binary.exists():
        report_monolingual(binary, mono)
    return 0


if __name__ == "__main__":
    sys.exit(main())
