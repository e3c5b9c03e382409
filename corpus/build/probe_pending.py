#!/usr/bin/env python3
"""A probe of cookie-banner and ad-notice on consent managers and ad sources never composed.

    python3 corpus/build/probe_pending.py     # writes corpus/.cache/pending/, scores it

`build/pending.json` lists the groups of the newest harvest (eight consent managers, five ad
sources) whose pools are committed but which the composed parts leave out (see
`corpus/README.md`): no rule was trained or tuned on their strings. This script composes
documents the way `compose.py` does, from the dev part's prose and these groups alone, into
`corpus/.cache/pending/` (`labels.jsonl` in `boilerlint eval`'s format), and prints what the
release build scores on them: a second view, besides the test part, of how the rules do on
notices and labels of sources they have never seen. It is read the way the dev part is (its
errors may be looked at); it is not the test part.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compose  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "corpus" / ".cache" / "pending"
SEED = 11
DOCS = {"consent": 240, "ads": 120, "clean": 60}


def strings(kind: str, key: str, groups: list[str]) -> compose.Strings:
    """The pool's strings of `groups`, all in the dev part (the probe has no test part)."""
    found = compose.Strings([r for r in compose.read_pool(kind) if r[key] in groups], key, [])
    for group in list(found.by["test"]):
        found.by["dev"][group] = found.by["test"].pop(group)
    return found


def evaluate(out: Path) -> dict | None:
    """What the release build's `eval` reports on `out/labels.jsonl` (with the baselines), or
    None, having said so, when the release binary is not built."""
    binary = ROOT / "target" / "release" / "boilerlint"
    if not binary.exists():
        print(f"wrote {out}; build the release binary (cargo build --release) to score it")
        return None
    return json.loads(subprocess.run(
        [str(binary), "eval", "--labels", str(out / "labels.jsonl"), "--baselines", "--format",
         "json"], capture_output=True, text=True).stdout)


def print_rules(report: dict, names: tuple[str, ...]) -> None:
    """One line of counts and scores per rule of `names` in an `eval` report."""
    for rule in report["rules"]:
        if rule["rule"] in names:
            print(f"  {rule['rule']:20} tp {rule['tp']:4} fp {rule['fp']:3} fn {rule['fn']:4}"
                  f"  precision {rule['precision'] or 0:.3f} recall {rule['recall'] or 0:.3f}"
                  f" F1 {rule['f1'] or 0:.3f}")


def main() -> int:
    pending = json.loads((compose.HERE / "pending.json").read_text(encoding="utf-8"))
    if not pending["consent"] and not pending["ads"]:
        print("build/pending.json lists no group: nothing to probe")
        return 0
    prose = compose.Prose(compose.read_pool("prose") + compose.read_pool("negatives"))
    consent = strings("consent", "manager", pending["consent"])
    ads = strings("ads", "source", pending["ads"])
    (OUT / "docs").mkdir(parents=True, exist_ok=True)
    for old in (OUT / "docs").rglob("*.txt"):
        old.unlink()
    rows = compose.write_documents(OUT, "dev", DOCS, random.Random(SEED), prose, consent, ads)
    report = evaluate(OUT)
    if report is None:
        return 0
    print(f"{len(rows)} documents from {len(pending['consent'])} consent managers and "
          f"{len(pending['ads'])} ad sources never composed")
    print_rules(report, ("cookie-banner", "baseline:c4-policy", "ad-notice"))
    fix = report["fix_check"]
    clean = report["clean_documents"]
    print(f"  fix check: removes {fix['removed']} of {fix['contaminated_lines']} contaminated lines"
          f" ({100 * fix['removed_share']:.1f}%), keeps {fix['kept']} of {fix['clean_lines']} clean"
          f" ({100 * fix['kept_share']:.2f}%); clean documents: {clean['flagged']} of"
          f" {clean['lines']} lines flagged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
