#!/usr/bin/env python3
"""Compose the real-text development corpus from the harvested pools.

    python3 corpus/build/compose.py            # writes corpus/dev/ and corpus/test/

Reads `corpus/pools/{prose,consent,ads}/*.jsonl` (real strings taken from registry packages by the
`harvest_*.py` scripts; see `corpus/README.md`) and writes article-like documents with injected
contamination, each labeled line by line:

    corpus/<part>/docs/<lang>/<kind>-<n>.txt     the documents
    corpus/<part>/labels.jsonl                   `boilerlint eval` labels, one line per document

Nothing here writes text: every line of every document is a string of a pool, or a pool string
hard-wrapped, or a close mark / separator (`X`, `×`, `|`) standing for a scraped control.

The split is by source, never by document: each prose source package (for a language with one
source package, each of its files), each consent manager and each ad-label source goes to exactly
one part, so the test part holds prose, banners and labels that the dev part never showed.
The output is deterministic: the same pools give the same corpus, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import subprocess
import textwrap
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POOLS = ROOT / "pools"
HERE = Path(__file__).resolve().parent
SEED = 20261205

# Documents per part and kind. A document of kind "consent" holds one banner, "ads" one to three
# ad lines, "foreign" one to three foreign paragraphs, "mixed" two kinds, "clean" none (a third
# of the clean ones carry a hard-negative paragraph: cookies, privacy, consent, advertising).
DOCS = {
    "dev": {"consent": 260, "ads": 170, "foreign": 190, "mixed": 60, "clean": 180},
    "test": {"consent": 170, "ads": 120, "foreign": 130, "mixed": 40, "clean": 130},
}
# Share of the test part's sources (at least one per language when a language has two).
TEST_SHARE = 0.4

# Language pairs that are hard to tell apart: a foreign paragraph is drawn from a close
# relative of the main language this often, when the pools have one.
CLOSE = [
    {"es", "pt", "gl", "ca", "it"},
    {"cs", "sk", "pl"},
    {"da", "nb", "nn", "sv", "no"},
    {"ru", "uk", "be", "bg", "mk", "sr"},
    {"hr", "sr", "bs", "sl"},
    {"id", "ms"},
    {"de", "nl", "af"},
    {"fr", "ca", "it"},
    {"zh", "ja"},
    {"et", "fi"},
    {"lv", "lt"},
]
CLOSE_SHARE = 0.4
# Share of consent banners in another language than the article's (the seed article's case).
FOREIGN_BANNER_SHARE = 0.25
# Share of ad labels in English in a non-English article (sites keep "Advertisement" untranslated).
ENGLISH_AD_SHARE = 0.2
# Share of documents whose long paragraphs are hard-wrapped (as text extracted from e-mail,
# plain-text archives or PDF).
WRAP_SHARE = 0.2
CLOSE_MARKS = ["X", "×", "✕", "x"]
# Share of clean documents, and of the others, that carry real paragraphs discussing cookies,
# privacy, consent, tracking or advertising (hard negatives).
HARD_NEGATIVE_SHARE = 0.6
HARD_NEGATIVE_ELSEWHERE = 0.2
# Share of documents with a title line, and with a subheading (short real lines of the language).
TITLE_SHARE = 0.5
SUBHEADING_SHARE = 0.3


def read_pool(kind: str) -> list[dict]:
    records = []
    for path in sorted((POOLS / kind).glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    records.append(json.loads(line))
    return records


def part_of(key: str, test_keys: set[str]) -> str:
    return "test" if key in test_keys else "dev"


def stable(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")


def choose_test(keys: list[str], share: float) -> set[str]:
    """A deterministic share of `keys` (at least one when there are two or more)."""
    keys = sorted(set(keys), key=lambda k: (stable(k), k))
    if len(keys) < 2:
        return set()
    n = max(1, round(len(keys) * share))
    return set(keys[:n])


class Prose:
    """Prose paragraphs by part and language, grouped into source documents (articles)."""

    def __init__(self, records: list[dict]):
        by_lang_source = defaultdict(set)
        for r in records:
            by_lang_source[r["lang"]].add(r["source"])
        # The split unit: the source package, or (source, file) for a language with one package.
        self.unit_test: set[tuple] = set()
        for lang, sources in by_lang_source.items():
            if len(sources) >= 2:
                for s in choose_test(list(sources), TEST_SHARE):
                    self.unit_test.add((lang, s, None))
            else:
                (s,) = sources
                docs = {r["doc"] for r in records if r["lang"] == lang and r["source"] == s}
                for d in choose_test(list(docs), TEST_SHARE):
                    self.unit_test.add((lang, s, d))
        self.records = records
        self.sources = {(lang, s) for lang, ss in by_lang_source.items() for s in ss}
        self._shorts: dict = {}
        self.docs = {"dev": defaultdict(lambda: defaultdict(list)), "test": defaultdict(lambda: defaultdict(list))}
        self.topical = {"dev": defaultdict(list), "test": defaultdict(list)}
        self.code = {"dev": defaultdict(list), "test": defaultdict(list)}
        for r in records:
            part = self.part(r)
            if r.get("kind") == "code":
                self.code[part][r["lang"]].append(r)
            elif r.get("topic"):
                self.topical[part][r["lang"]].append(r)
            else:
                self.docs[part][r["lang"]][(r["source"], r["doc"])].append(r)

    def part(self, r: dict) -> str:
        if (r["lang"], r["source"], None) in self.unit_test or (r["lang"], r["source"], r["doc"]) in self.unit_test:
            return "test"
        return "dev"

    def languages(self, part: str, minimum: int = 8) -> list[str]:
        return sorted(
            lang for lang, docs in self.docs[part].items()
            if sum(len(v) for v in docs.values()) >= minimum
        )

    def article(self, rng: random.Random, part: str, lang: str, n: int) -> list[dict]:
        """`n` consecutive long paragraphs of one source document (fewer if it is short)."""
        docs = self.docs[part][lang]
        key = rng.choice(sorted(docs))
        paras = [p for p in docs[key] if not p.get("short")]
        if not paras:
            paras = docs[key]
        start = rng.randrange(max(1, len(paras) - n + 1))
        out = paras[start:start + n]
        if len(out) < 2:  # a short source document: top up from another one of the language
            other = rng.choice(sorted(docs))
            out += [p for p in docs[other] if not p.get("short")][: n - len(out)]
        return out

    def shorts(self, part: str, lang: str) -> list[dict]:
        """Short prose lines (under 80 characters) of a language: titles and subheadings."""
        key = (part, lang)
        if key not in self._shorts:
            self._shorts[key] = [
                p for d in self.docs[part][lang].values() for p in d if len(p["text"]) < 80
            ]
        return self._shorts[key]

    def foreign(self, rng: random.Random, part: str, main: str, short: bool) -> dict | None:
        langs = [l for l in self.languages(part) if l != main and not same_language(l, main)]
        close = [l for l in langs if any(main in g and l in g for g in CLOSE)]
        pool = close if close and rng.random() < CLOSE_SHARE else langs
        if not pool:
            return None
        lang = rng.choice(pool)
        paras = [p for d in self.docs[part][lang].values() for p in d]
        wanted = [p for p in paras if bool(p.get("short")) == short or (short and len(p["text"]) < 160)]
        return rng.choice(wanted or paras)


def same_language(a: str, b: str) -> bool:
    """Norwegian's written standards and their codes count as one language here."""
    return a == b or {a, b} <= {"nb", "no", "nn"}


def split_by_round(groups: list[str], first_round: list[str], later_rounds: list[list[str]] = ()) -> set[str]:
    """The test groups: those of the first harvest split among themselves as they always were, those
    of each later harvest (`later-rounds.json`, oldest first) split among themselves, and groups
    listed in no round (the newest harvest) split among themselves, so that adding a source never
    moves an earlier one from one part to the other (a rule tuned on the dev part stays untested on
    nothing it was tuned on)."""
    rounds = [set(first_round)] + [set(r) for r in later_rounds]
    listed = set().union(*rounds)
    test = set()
    for r in rounds:
        test |= choose_test([g for g in groups if g in r], TEST_SHARE)
    return test | choose_test([g for g in groups if g not in listed], TEST_SHARE)


class Strings:
    """Consent or ad strings by part, group (consent manager or ad source), language and role."""

    def __init__(self, records: list[dict], group_key: str, first_round: list[str],
                 later_rounds: list[list[str]] = ()):
        groups = sorted({r[group_key] for r in records})
        self.test_groups = split_by_round(groups, first_round, later_rounds)
        self.by = {"dev": defaultdict(lambda: defaultdict(lambda: defaultdict(list))),
                   "test": defaultdict(lambda: defaultdict(lambda: defaultdict(list)))}
        for r in records:
            text = clean(r["text"])
            if not text:
                continue
            part = part_of(r[group_key], self.test_groups)
            self.by[part][r[group_key]][r["lang"]][r["role"]].append(dict(r, text=text))

    def groups(self, part: str, lang: str, role: str) -> list[str]:
        return sorted(g for g, langs in self.by[part].items() if langs.get(lang, {}).get(role))

    def pick(self, rng: random.Random, part: str, group: str, lang: str, role: str) -> str | None:
        options = self.by[part][group].get(lang, {}).get(role)
        return rng.choice(options)["text"] if options else None

    def languages(self, part: str, role: str) -> list[str]:
        return sorted({l for g in self.by[part].values() for l, roles in g.items() if roles.get(role)})


def clean(text: str) -> str:
    """One line: runs of whitespace (a banner description can hold line breaks) become a space."""
    return re.sub(r"\s+", " ", text).strip()


def first_sentence(text: str) -> str:
    m = re.search(r"(.+?[.!?。！？])(\s|$)", text)
    return m.group(1) if m else text


class Doc:
    """A document under construction: blocks of lines, each block labeled or not."""

    def __init__(self, lang: str, wrap: int | None):
        self.lang = lang
        self.wrap = wrap
        self.blocks: list[tuple[list[str], str | None, bool]] = []
        self.sources: set[str] = set()

    def add(self, text_or_lines, label: str | None = None, glue: bool = False, source: str | None = None):
        """A block; `glue` joins it to the previous block with a single line break."""
        lines = [text_or_lines] if isinstance(text_or_lines, str) else list(text_or_lines)
        if self.wrap and label != "cookie-banner" and label != "ad-notice":
            wrapped = []
            for line in lines:
                if len(line) > self.wrap and " " in line:
                    wrapped += textwrap.wrap(line, self.wrap, break_long_words=False, break_on_hyphens=False)
                else:
                    wrapped.append(line)
            lines = wrapped
        self.blocks.append((lines, label, glue))
        if source:
            self.sources.add(source)

    def insert(self, index: int, block):
        self.blocks.insert(index, block)

    def render(self) -> tuple[str, list[dict]]:
        out: list[str] = []
        labels: list[dict] = []
        for lines, label, glue in self.blocks:
            if out and not glue:
                out.append("")
            first = len(out) + 1
            out += lines
            if label:
                if labels and labels[-1]["rule"] == label and labels[-1]["lines"][1] >= first - 2:
                    labels[-1]["lines"][1] = len(out)
                else:
                    labels.append({"rule": label, "lines": [first, len(out)]})
        return "\n".join(out) + "\n", labels


def banner(rng: random.Random, consent: Strings, part: str, lang: str) -> tuple[list[list[str]], str] | None:
    """A consent notice as a scraper leaves it: blocks of lines, and the manager's name."""
    groups = consent.groups(part, lang, "description") or consent.groups(part, lang, "accept")
    if not groups:
        return None
    g = rng.choice(groups)
    pick = lambda role: consent.pick(rng, part, g, lang, role)  # noqa: E731
    shape = rng.choices(
        ["full", "sentence", "buttons", "settings-panel", "glued"], weights=[40, 20, 15, 10, 15]
    )[0]
    blocks: list[list[str]] = []
    buttons = [b for b in (pick("accept"), pick("reject"), pick("settings")) if b]
    rng.shuffle(buttons)
    if rng.random() < 0.5:
        buttons = buttons[: rng.randint(1, max(1, len(buttons)))]
    desc = pick("description")
    if shape == "buttons" or not desc:
        line = pick(rng.choice(["accept", "settings", "reject"])) or (buttons[0] if buttons else None)
        if not line:
            return None
        blocks.append([line])
        if rng.random() < 0.3:
            blocks.append([rng.choice(CLOSE_MARKS)])
        return blocks, g
    if shape == "sentence":
        blocks.append([first_sentence(desc)])
        return blocks, g
    title = pick("title") if rng.random() < 0.6 else None
    if title:
        blocks.append([title])
    if shape == "glued" and buttons:
        blocks.append([desc + " " + rng.choice([" ", " | ", "  "]).join(buttons)])
    else:
        blocks.append([desc])
    link = pick("link") if rng.random() < 0.4 else None
    if link:
        blocks.append([link])
    if shape == "settings-panel":
        for _ in range(rng.randint(1, 3)):
            ct, cd = pick("category-title"), pick("category-description")
            if ct:
                blocks.append([ct] + ([cd] if cd else []))
    if buttons and shape != "glued":
        style = rng.choice(["lines", "row", "row"])
        if style == "lines":
            blocks.append(buttons)
        else:
            blocks.append([rng.choice([" ", " | ", "  ", " · "]).join(buttons)])
        save = pick("save") if shape == "settings-panel" else None
        if save:
            blocks.append([save])
    if rng.random() < 0.35:
        mark = rng.choice(CLOSE_MARKS + [pick("close") or "X"])
        if rng.random() < 0.3 and blocks:
            blocks[-1][-1] = blocks[-1][-1] + mark
        else:
            blocks.append([mark])
    return blocks, g


def ad_lines(rng: random.Random, ads: Strings, part: str, lang: str) -> list[tuple[str, str]]:
    """One to three ad lines (text, source) of one ad source, in the article's language mostly."""
    label_lang = "en" if lang != "en" and rng.random() < ENGLISH_AD_SHARE else lang
    roles = ["label", "sponsored", "close", "heading", "disclosure", "other"]
    # A source whose only strings are `other` ones (a browser's ad-blocker settings) shows no
    # ad on a page: it lends its `discussion` sentences as hard negatives, never ad lines.
    page_roles = roles[:-1]
    groups = sorted({g for r in page_roles for g in ads.groups(part, label_lang, r)})
    if not groups:
        label_lang = lang
        groups = sorted({g for r in page_roles for g in ads.groups(part, lang, r)})
    if not groups:
        return []
    out = []
    for _ in range(rng.choices([1, 2, 3], weights=[60, 30, 10])[0]):
        g = rng.choice(groups)
        role = rng.choices(roles, weights=[40, 25, 10, 10, 10, 5])[0]
        text = ads.pick(rng, part, g, label_lang, role) or ads.pick(rng, part, g, label_lang, "label")
        if text:
            out.append((text, g))
    return out


def compose(part: str, kind: str, n: int, rng: random.Random, prose: Prose, consent: Strings, ads: Strings):
    langs = prose.languages(part)
    lang = rng.choice(langs)
    wrap = rng.randint(60, 90) if rng.random() < WRAP_SHARE else None
    doc = Doc(lang, wrap)
    article = prose.article(rng, part, lang, rng.randint(3, 9))
    for p in article:
        doc.add(p["text"], source=p["source"])
    # Articles have titles and subheadings: short real lines of the same language (clean).
    shorts = prose.shorts(part, lang)
    if shorts and rng.random() < TITLE_SHARE:
        doc.insert(0, ([rng.choice(shorts)["text"]], None, False))
    if shorts and rng.random() < SUBHEADING_SHARE and len(doc.blocks) > 2:
        doc.insert(rng.randint(1, len(doc.blocks) - 1), ([rng.choice(shorts)["text"]], None, False))
    kinds = [kind] if kind != "mixed" else rng.sample(["consent", "ads", "foreign"], 2)
    # Hard negatives: real paragraphs about cookies, privacy, consent, tracking or advertising,
    # in most clean documents and in some of the others.
    topical = prose.topical[part][lang]
    if topical and rng.random() < (HARD_NEGATIVE_SHARE if kind == "clean" else HARD_NEGATIVE_ELSEWHERE):
        for p in rng.sample(topical, min(len(topical), rng.randint(1, 3))):
            doc.insert(rng.randint(0, len(doc.blocks)), ([p["text"]], None, False))
            doc.sources.add(p["source"])
    if kind == "clean":
        discussion = [t for g in ads.groups(part, lang, "discussion") for t in ads.by[part][g][lang]["discussion"]]
        if rng.random() < 0.3 and discussion:
            d = rng.choice(discussion)
            doc.insert(rng.randint(0, len(doc.blocks)), ([d["text"]], None, False))
        if rng.random() < 0.15 and prose.code[part][lang]:
            c = rng.choice(prose.code[part][lang])
            doc.insert(rng.randint(1, len(doc.blocks)), (c["text"].split("\n"), None, False))
    for k in kinds:
        if k == "consent":
            blang = lang
            if rng.random() < FOREIGN_BANNER_SHARE:
                other = [l for l in consent.languages(part, "description") if l != lang]
                blang = rng.choice(other) if other else lang
            made = banner(rng, consent, part, blang) or banner(rng, consent, part, "en")
            if not made:
                continue
            blocks, g = made
            where = rng.choices(["end", "start", "middle"], weights=[55, 30, 15])[0]
            at = {"end": len(doc.blocks), "start": 0, "middle": rng.randint(1, max(1, len(doc.blocks) - 1))}[where]
            glue_inside = rng.random() < 0.3
            for i, b in enumerate(blocks):
                doc.insert(at + i, (b, "cookie-banner", glue_inside and i > 0))
            doc.sources.add("consent:" + g)
        elif k == "ads":
            lines = ad_lines(rng, ads, part, lang)
            for text, g in lines:
                at = rng.choices(
                    [rng.randint(1, max(1, len(doc.blocks) - 1)), 0, len(doc.blocks)], weights=[70, 15, 15]
                )[0]
                doc.insert(at, ([text], "ad-notice", False))
                doc.sources.add("ads:" + g)
        elif k == "foreign":
            count = rng.choices([1, 2, 3], weights=[60, 30, 10])[0]
            at = rng.randint(1, max(1, len(doc.blocks) - 1)) if rng.random() < 0.7 else rng.choice([0, len(doc.blocks)])
            short = rng.random() < 0.4
            for i in range(count):
                p = prose.foreign(rng, part, lang, short and i == 0)
                if p:
                    lines = [p["text"]]
                    if wrap and len(p["text"]) > wrap:
                        lines = textwrap.wrap(p["text"], wrap, break_long_words=False, break_on_hyphens=False)
                    doc.insert(at + i, (lines, "off-language", False))
                    doc.sources.add(p["source"])
    text, labels = doc.render()
    return lang, text, labels, sorted(doc.sources)


def write_documents(out: Path, part: str, kinds: dict[str, int], rng: random.Random, prose: Prose,
                    consent: Strings, ads: Strings) -> list[dict]:
    """Composes `kinds` (kind -> count) documents of `part` into `out/docs/<lang>/` and their
    labels into `out/labels.jsonl`; returns the labels' rows."""
    rows = []
    for kind, n in kinds.items():
        for i in range(n):
            lang, text, labels, sources = compose(part, kind, i, rng, prose, consent, ads)
            rel = f"docs/{lang}/{kind}-{i:04}.txt"
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_text(text, encoding="utf-8")
            rows.append({"path": rel, "lang": lang, "labels": labels, "source": " ".join(sources)})
    write_labels(out, rows)
    return rows


def write_probe_document(out: Path, path: str, text: str, lang: str, source: str, rule: str,
                         lines: list[int]) -> dict:
    """Writes a probe's document `text` to `out/path` and returns its labels row: one range of
    lines (first and last, 1-based) of `rule`."""
    (out / path).write_text(text, encoding="utf-8")
    return {"path": path, "lang": lang, "source": source,
            "labels": [{"rule": rule, "lines": lines}]}


def score_rewritten_parts(rewrite, title: str, totals: bool = False) -> int:
    """Rewrites the dev and test parts with `rewrite(part)` (which returns the labels file it
    wrote) and prints, under `<part>, <title>:`, each rule's and baseline's line counts that the
    release build's `eval` scores there, and with `totals` its clean-document and fix-check
    lines. For the scripts that write the parts another way (`single_newlines.py`,
    `list_marks.py`)."""
    binary = ROOT.parent / "target" / "release" / "boilerlint"
    for part in ("dev", "test"):
        labels = rewrite(part)
        if not binary.exists():
            print(f"wrote {labels.parent}; build the release binary to score it")
            continue
        out = subprocess.run([str(binary), "eval", "--labels", str(labels), "--baselines"],
                             capture_output=True, text=True).stdout
        rows = [line for line in out.splitlines()
                if line.split(" ")[0] in ("cookie-banner", "ad-notice", "off-language",
                                          "baseline:c4-policy", "baseline:whatlang")][:5]
        if totals:
            rows += [line for line in out.splitlines()
                     if line.startswith(("clean documents", "fix check"))]
        print(f"{part}, {title}:")
        for row in rows:
            print("  " + row)
    return 0


def write_labels(out: Path, rows: list[dict]) -> None:
    """Writes the label rows of the documents under `out` to `out/labels.jsonl`, one JSON object
    a line, in `boilerlint eval`'s format."""
    with (out / "labels.jsonl").open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main():
    # Paragraphs that discuss cookies, consent, privacy, tracking or advertising (hard
    # negatives) come from the prose pools and from the negatives pools.
    prose = Prose(read_pool("prose") + read_pool("negatives"))
    first_round = json.loads((HERE / "first-round.json").read_text(encoding="utf-8"))
    later_rounds = json.loads((HERE / "later-rounds.json").read_text(encoding="utf-8"))
    # A harvest not composed yet: its pools are kept, its groups left out of the documents.
    pending = json.loads((HERE / "pending.json").read_text(encoding="utf-8"))
    consent = Strings([r for r in read_pool("consent") if r["manager"] not in pending["consent"]],
                      "manager", first_round["consent"], later_rounds["consent"])
    ads = Strings([r for r in read_pool("ads") if r["source"] not in pending["ads"]],
                  "source", first_round["ads"], later_rounds["ads"])
    summary = {}
    for part, kinds in DOCS.items():
        rng = random.Random(f"{SEED}-{part}")
        out = ROOT / part
        if out.exists():
            for f in sorted(out.rglob("*"), reverse=True):
                f.unlink() if f.is_file() else f.rmdir()
        (out / "docs").mkdir(parents=True)
        rows = write_documents(out, part, kinds, rng, prose, consent, ads)
        # The prose units of the part (source package, and file where a language has one
        # package), for training on this part's prose alone.
        units = sorted({(r["lang"], r["source"], r["doc"] if (r["lang"], r["source"], r["doc"]) in prose.unit_test
                         or len({s for (l, s) in prose.sources if l == r["lang"]}) < 2 else None)
                        for r in prose.records if prose.part(r) == part}, key=lambda u: (u[0], u[1], u[2] or ""))
        with (out / "prose-units.jsonl").open("w", encoding="utf-8") as f:
            for lang, source, doc in units:
                f.write(json.dumps({"lang": lang, "source": source, "doc": doc}, ensure_ascii=False) + "\n")
        summary[part] = {
            "documents": len(rows),
            "languages": len({r["lang"] for r in rows}),
            "with": {rule: sum(any(l["rule"] == rule for l in r["labels"]) for r in rows)
                     for rule in ("cookie-banner", "ad-notice", "off-language")},
            "clean": sum(not r["labels"] for r in rows),
        }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
