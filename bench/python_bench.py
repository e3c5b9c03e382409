#!/usr/bin/env python3
"""check_batch throughput beside the CLI's, on the same texts with the same threads.

    python bench/python_bench.py [--mb 20] [--threads 2] [--repeat 3]

Needs the wheel installed (scripts/python-tests.sh, or pip install target/wheels/*.whl): the
CLI measured is the `boilerlint` command of that install, so both use the same build and
plugins. The texts come from bench/make_corpus.py (the benchmark corpus, cached as
bench/corpus-<MB>mb.jsonl). The CLI reads the JSONL shard (`check --output-format json
--threads N`); Python gets the same records' texts, already in memory, through
`Linter(threads=N).check_batch` in batches. Each is run --repeat times and the best is kept.
Prints MB/s (of text) for both and the ratio.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import boilerlint

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch", type=int, default=4096, help="texts per check_batch call")
    args = parser.parse_args()

    corpus = ROOT / "bench" / f"corpus-{args.mb}mb.jsonl"
    if not corpus.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "bench/make_corpus.py"), "--mb", str(args.mb),
             "--out", str(corpus)],
            check=True,
        )
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    text_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    def cli() -> None:
        subprocess.run(
            ["boilerlint", "check", "--isolated", "--quiet", "--output-format", "json",
             "--exit-zero", "--threads", str(args.threads), str(corpus)],
            stdout=subprocess.DEVNULL, check=True,
        )

    linter = boilerlint.Linter(isolated=True, threads=args.threads)

    def python() -> None:
        for i in range(0, len(texts), args.batch):
            linter.check_batch(texts[i : i + args.batch])

    def best(run) -> float:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return min(times)

    cli_s, py_s = best(cli), best(python)
    print(f"{len(texts)} texts, {text_mb:.1f} MB of text, {args.threads} threads, "
          f"best of {args.repeat}")
    print(f"CLI  check --threads {args.threads}: {cli_s:6.2f} s  {text_mb / cli_s:6.1f} MB/s")
    print(f"Python check_batch:        {py_s:6.2f} s  {text_mb / py_s:6.1f} MB/s")
    print(f"ratio (Python / CLI): {cli_s / py_s:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
