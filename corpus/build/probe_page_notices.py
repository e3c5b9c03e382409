#!/usr/bin/env python3
"""A probe of cookie-banner on real pages: consent notices never composed, put into the dev part's
real pages as a scraper would leave them.

    python3 corpus/build/probe_page_notices.py     # writes corpus/.cache/page-notices/, scores it

The composed parts put notices into documents built from translated documentation, between
blank-line paragraphs; real pages are one block of lines, one per paragraph, heading, caption or
link, and a banner's text lands among them. This script takes each real page of the dev part that
holds no contamination (`docs/pages/`, one paragraph per line: the half that `compose_pages.py`
left without a notice) and puts one notice into it, built
the way `compose.py` builds one, from the consent managers of `build/pending.json` (whose strings
no rule was trained or tuned on), in the page's language when those managers have it and in
another otherwise: at the top, at the bottom or between two lines in the middle (in turn), its
lines one per line like the page's. Each page is used once per place. The labels are the
notice's lines; every other line flagged is a false alarm, and the fix check says whether a safe
fix takes page text with the notice.

It is read the way the dev part is (its errors may be looked at): the pages are the dev part's,
the notices those of the pending probe (`probe_pending.py`).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compose  # noqa: E402
import compose_pages  # noqa: E402
import probe_pending  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "corpus" / "dev"
OUT = ROOT / "corpus" / ".cache" / "page-notices"
SEED = 5


def clean_pages() -> list[dict]:
    """The label rows of the dev part's pages that hold no contamination."""
    rows = [json.loads(line) for line in (DEV / "labels.jsonl").read_text().splitlines()]
    return [r for r in rows if r["path"].startswith("docs/pages/") and not r["labels"]]


def main() -> int:
    pending = json.loads((compose.HERE / "pending.json").read_text(encoding="utf-8"))
    consent = probe_pending.strings("consent", "manager", pending["consent"])
    rng = random.Random(SEED)
    (OUT / "docs").mkdir(parents=True, exist_ok=True)
    for old in (OUT / "docs").glob("*.txt"):
        old.unlink()
    rows = []
    for row in clean_pages():
        page = compose_pages.page_lines((DEV / row["path"]).read_text(encoding="utf-8"))
        if page is None:
            continue  # a page of blank-line paragraphs, or too short to have a middle
        for place in compose_pages.PLACES:
            made = compose_pages.notice_lines(rng, consent, "dev", row["lang"])
            if made is None:
                continue
            notice, lang, manager = made
            # (Its lines' white space collapsed, as this probe has always written them.)
            notice = [compose.clean(line) for line in notice]
            text, span = compose_pages.put_in(page, notice, place)
            path = f"docs/{Path(row['path']).stem}-{place}.txt"
            source = f"consent:{manager}:{lang} {row['source']}"
            rows.append(compose.write_probe_document(
                OUT, path, text, row["lang"], source, "cookie-banner", span))
    compose.write_labels(OUT, rows)
    report = probe_pending.evaluate(OUT)
    if report is None:
        return 0
    pages = len({row["path"].rsplit("-", 1)[0] for row in rows})
    print(f"{len(rows)} documents: {pages} pages, each with a notice of the "
          f"{len(pending['consent'])} consent managers never composed at each place it takes one")
    probe_pending.print_rules(
        report, ("cookie-banner", "baseline:c4-policy", "ad-notice", "off-language"))
    fix = report["fix_check"]
    print(f"  fix check: removes {fix['removed']} of {fix['contaminated_lines']} notice lines"
          f" ({100 * fix['removed_share']:.1f}%), keeps {fix['kept']} of {fix['clean_lines']} page"
          f" lines ({100 * fix['kept_share']:.2f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
