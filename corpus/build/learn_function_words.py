#!/usr/bin/env python3
"""Learns function-word lists for languages off-language's hand-made lists lack.

    python3 corpus/build/learn_function_words.py     # writes plugins/off-language/stopwords/<lang>.txt

off-language names a paragraph's language by the function words it holds and finds a
document's main language the same way. Its lists were written for the languages of the
composed corpus; real pages also hold text in Welsh, Breton, Scottish Gaelic, Occitan,
Esperanto, Latin, Mongolian and Tajik, which it could only call `und` (or, worse, take for
their nearest listed relative). This script learns a list for each of them from real running text,
the language-identification pool (`corpus/pools/langid/`), using only the packages the
language probe (`probe_languages.py`) puts in its dev half, so the probe's test half stays
unseen.

A word enters a language's list when it is frequent in that language's paragraphs
(`MIN_SHARE` of them hold it) and distinctive (at least `MIN_RATIO` times as frequent there as
in any other language of the pool, also counted on the dev half's packages); the
`MAX_WORDS` most frequent such words are kept, but for names and a program's terms: a word held
by fewer than `MIN_PACKAGES` packages (of those the language has), or written with a capital
in more than `MAX_CAPITALIZED` of its uses. Words shared with other languages ("la" of
Esperanto and French) name no language, but the most frequent of them (`SHARED_MIN_SHARE`,
`SHARED_MAX_WORDS`) are kept too: they show a sentence to be in its document's language when it
holds none of the distinctive words. The same input gives the same lists.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from probe_languages import part_of  # noqa: E402  (the probe's split by package)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "plugins" / "off-language" / "stopwords"
# Languages of the pool without a hand-made list, with their names (Walloon, with 22
# paragraphs in the dev half, has too little text).
LANGUAGES = {
    "br": "Breton",
    "cy": "Welsh",
    "eo": "Esperanto",
    "gd": "Scottish Gaelic",
    "la": "Latin",
    "mn": "Mongolian",
    "oc": "Occitan",
    "tg": "Tajik",
}
# A word held by at least this share of a language's paragraphs is frequent in it.
MIN_SHARE = 0.005
# ... and distinctive when at least this many times as frequent as in any other language.
MIN_RATIO = 3.0
# At most this many words per list (the hand-made lists hold about 50 words, some of them shared
# with other languages; a learned list, holding none, needs more to show as often).
MAX_WORDS = 150
# A language's SHARED_MAX_WORDS most frequent words are kept whatever their spread when held by
# at least this share of its paragraphs ("la", "de", "por" of Esperanto): without them a
# sentence of the language can hold none of its list's words, and reads as foreign in its own
# document. Chosen on the language probe's dev half and the pool probe's: 0.05 and 20 flag
# 11 fewer lines of the pool probe's dev half than none and find 4 more probe lines; 0.03 and 30,
# or 0.1 and 20, score within 3 lines of that.
SHARED_MIN_SHARE = 0.05
SHARED_MAX_WORDS = 20
# A word held by fewer packages is a name or a term of one program, not a function word (a
# language whose dev-half text is all one package's, Latin, asks for that one).
MIN_PACKAGES = 2
# A word written with a capital in more than this share of its uses is a name ("Conrade"); a
# function word opening many sentences ("Mae") is not.
MAX_CAPITALIZED = 0.9
# A language with fewer paragraphs of running text gets no list (Walloon: 22).
MIN_PARAGRAPHS = 100
# A word this short ("t", "h" of Gaelic's "an t-", "a h-") is a piece of another word.
MIN_CHARS = 2
# A letter of at least this share of a language's letters ...
MARKER_SHARE = 0.001
# ... that at most this many other languages use (each at least this share of its letters) marks it.
MARKER_OTHERS = 2
MARKER_ELSEWHERE = 0.0005
# Paragraphs shorter than this many words say little of what is frequent in running text.
MIN_WORDS = 4

# Words as off-language reads them: runs of letters, with apostrophes inside them ("i'w",
# "c'hoari"); digits make no word of the list.
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def key(word: str) -> str:
    """A word as a list holds it: lowercase, its apostrophes straight."""
    return word.lower().replace("’", "'")


def markers(texts: dict[str, list[str]]) -> dict[str, str]:
    """Per learned language, its marker letters: lowercase non-ASCII letters that are at least
    `MARKER_SHARE` of its letters and at least `MARKER_ELSEWHERE` of the letters of at most
    `MARKER_OTHERS` other languages of the pool (Esperanto's `ĉ`, Mongolian's `ө`, shared with
    Kazakh). A word holding one counts for the language, as the hand-made letters of
    off-language's `MARKERS` do."""
    letters: dict[str, Counter] = defaultdict(Counter)
    total: Counter = Counter()
    for lang, items in texts.items():
        for text in items:
            for c in text.lower():
                if c.isalpha():
                    total[lang] += 1
                    if ord(c) >= 0x80:
                        letters[lang][c] += 1
    share = lambda lang, c: letters[lang][c] / max(1, total[lang])  # noqa: E731
    found = {}
    for lang in LANGUAGES:
        chosen = [
            c for c in sorted(letters[lang])
            if share(lang, c) >= MARKER_SHARE
            and sum(1 for other in total if other != lang
                    and share(other, c) >= MARKER_ELSEWHERE) <= MARKER_OTHERS
        ]
        if chosen:
            found[lang] = "".join(chosen)
    return found


def main() -> int:
    # Per language, the number of paragraphs holding each word, and of paragraphs.
    holding: dict[str, Counter] = defaultdict(Counter)
    # Per language and word, the packages that hold it.
    spread: dict[tuple[str, str], set[str]] = defaultdict(set)
    paragraphs: Counter = Counter()
    packages: dict[str, set[str]] = defaultdict(set)
    texts: dict[str, list[str]] = defaultdict(list)
    capitals: dict[str, Counter] = defaultdict(Counter)
    for path in sorted((ROOT / "corpus" / "pools" / "langid").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if part_of(record["source"]) != "dev":
                continue
            texts[record["lang"]].append(record["text"])
            tokens = WORD.findall(record["text"])
            if len(tokens) < MIN_WORDS:
                continue
            lang = record["lang"]
            # Each word's uses, and those written with a capital.
            for w in tokens:
                capitals[lang][(key(w), False)] += 1
                capitals[lang][(key(w), True)] += w[0].isupper()
            found = {key(w) for w in tokens}
            holding[lang].update(found)
            for word in found:
                spread[(lang, word)].add(record["source"])
            paragraphs[lang] += 1
            packages[lang].add(record["source"])
    for lang, name in LANGUAGES.items():
        total = paragraphs[lang]
        if total < MIN_PARAGRAPHS:
            print(f"{lang}: {total} paragraphs in the dev half's packages, too few", file=sys.stderr)
            return 1
        min_packages = min(MIN_PACKAGES, len(packages[lang]))
        share = {w: n / total for w, n in holding[lang].items()}
        chosen = []
        for rank, (word, s) in enumerate(sorted(share.items(), key=lambda x: (-x[1], x[0]))):
            if s < MIN_SHARE or len(chosen) == MAX_WORDS:
                break
            elsewhere = max(
                (holding[other][word] / paragraphs[other] for other in holding if other != lang),
                default=0.0,
            )
            common = rank < SHARED_MAX_WORDS and s >= SHARED_MIN_SHARE
            if (
                (s >= MIN_RATIO * elsewhere or common)
                and len(word) >= MIN_CHARS
                and len(spread[(lang, word)]) >= min_packages
                and capitals[lang][(word, True)] <= MAX_CAPITALIZED * capitals[lang][(word, False)]
            ):
                chosen.append(word)
        header = [
            f"# off-language function words: {name} ({lang})",
            "# Learned from real running text by corpus/build/learn_function_words.py (do not edit by",
            f"# hand): the {len(chosen)} words most frequent in {total} paragraphs of {len(packages[lang])} packages of",
            "# the language-identification pool (the language probe's dev half) that are at least",
            f"# {MIN_RATIO:g} times as frequent there as in any other language of the pool, or held by",
            f"# {SHARED_MIN_SHARE:.0%} of its paragraphs and among its {SHARED_MAX_WORDS} most frequent words.",
        ]
        (OUT / f"{lang}.txt").write_text("\n".join(header + chosen) + "\n", encoding="utf-8")
        print(f"{lang}: {len(chosen)} words from {total} paragraphs: {' '.join(chosen[:25])} ...")
    lines = [
        "# off-language marker letters of the languages whose function-word lists are learned, by",
        "# corpus/build/learn_function_words.py (do not edit by hand): letters that are at least",
        f"# {MARKER_SHARE:.1%} of a language's letters and at least {MARKER_ELSEWHERE:.2%} of those of at most {MARKER_OTHERS}",
        "# other languages of the pool. One language per line: its code, a space, its letters.",
    ] + [f"{lang} {found}" for lang, found in markers(texts).items()]
    (OUT / "markers-learned.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("markers: " + ", ".join(lines[4:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
