#!/usr/bin/env python3
"""Generates a multilingual JSONL benchmark corpus from the labeled development corpus.

Each record is an article of tests/corpus, its paragraphs shuffled and resampled so that the
corpus is large without repeating whole documents. The development corpus is dense with
contamination (most documents carry some); web corpora are not, so by default only a quarter of
the records keep theirs, and the others lose their labeled contamination lines
(--contaminated 1.0 keeps every document as it is).

    python3 bench/make_corpus.py --mb 200 --out bench/corpus.jsonl
"""

import argparse
import glob
import json
import os
import random


def documents(root, clean, hard_negative=None):
    """(language, text) per corpus file; with `clean`, without its contamination lines; with
    `hard_negative` True or False, only the files of that kind or only the others."""
    for path in sorted(glob.glob(os.path.join(root, "*", "*.txt"))):
        lines = open(path, encoding="utf-8").read().split("\n")
        if hard_negative is not None and ("# kind: hard-negative" in lines) != hard_negative:
            continue
        body = [line[2:] for line in lines
                if len(line) >= 2 and not line.startswith("# ")
                and not (clean and line[0] in "CAL")]
        yield os.path.basename(os.path.dirname(path)), "\n".join(body) + "\n"


def paragraphs(text):
    return [p for p in text.split("\n\n") if p.strip()]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200.0, help="size of the corpus in MB")
    parser.add_argument("--out", default=os.path.join(here, "corpus.jsonl"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--contaminated", type=float, default=0.25,
                        help="share of records that keep their contamination")
    parser.add_argument("--hard-negatives", type=float, default=None,
                        help="share of records drawn from the hard negatives (articles about "
                             "cookies, advertising, GDPR); by default their share in the "
                             "development corpus, 2 in 7")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = os.path.join(here, "..", "tests", "corpus")
    if args.hard_negatives is None:
        pools = [(list(documents(root, False)), list(documents(root, True)))]
    else:
        pools = [(list(documents(root, False, hn)), list(documents(root, True, hn)))
                 for hn in (True, False)]
    target = int(args.mb * 1_000_000)
    written = 0
    n = 0
    with open(args.out, "w", encoding="utf-8") as out:
        while written < target:
            if args.hard_negatives is None:
                docs, clean_docs = pools[0]
            else:
                docs, clean_docs = pools[0] if rng.random() < args.hard_negatives else pools[1]
            source = docs if rng.random() < args.contaminated else clean_docs
            lang, text = source[n % len(docs)]
            parts = paragraphs(text)
            if n >= len(docs):
                # Later rounds: keep the first and last paragraph (headline, and a banner or
                # the end of the article), shuffle the middle ones.
                middle = parts[1:-1]
                rng.shuffle(middle)
                parts = parts[:1] + middle + parts[-1:]
            record = {
                "id": f"bench-{n}",
                "url": f"https://www.site{n % 97}.example/{lang}/{n}",
                "lang": lang,
                "text": "\n\n".join(parts) + "\n",
            }
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    print(f"{n} records, {written / 1e6:.1f} MB -> {args.out}")


if __name__ == "__main__":
    main()
