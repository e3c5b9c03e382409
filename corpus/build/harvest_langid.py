#!/usr/bin/env python3
"""Harvest a training pool of real running text per language for the character n-gram
language identifier of the off-language rule.

Run from the repository root:

    python3 corpus/build/harvest_langid.py

What it does
------------
* Downloads pinned Debian 12 packages (``apt-get download NAME=VERSION``) into
  ``corpus/.cache/debs`` and unpacks them into ``corpus/.cache/x`` (gitignored), with the
  helpers of ``harvest_prose.py``. None of these packages is used anywhere else in the corpus
  (``corpus/sources/*.md``), none is reserved (``corpus/README.md``), and none is a fork or copy
  of a package that is (no atril/eom/pluma/mate-user-guide, no gimp/libreoffice UI catalogues).
* Documentation sources (used for every language):
    - Mallard help pages ``usr/share/help/<locale>/<app>/*.page`` of GNOME applications and
      games (``C`` = the English originals);
    - HTML manuals: the Debian Edu manuals (``debian-edu-doc-<lang>``) and ``debian-history``.
  ``<p>`` paragraphs only; inline code/command/file markup is measured and code-heavy
  paragraphs are dropped.
* Fallback sources (used only for languages whose documentation text is below FALLBACK_BELOW
  characters): the translated debconf templates of base-system packages (extended
  descriptions, one paragraph per `` .`` block; lists and ``${var}`` paragraphs dropped) and
  gettext ``.mo`` catalogues (parsed with the stdlib; only translated messages that are
  sentences of >= 40 characters and >= 6 words, without placeholders; plural entries skipped;
  markup and mnemonics removed; multi-paragraph messages split at blank lines).
* Paragraph filter: 40..1200 characters after removing markup, not code-like, >= 6 words
  (scripts written without spaces: >= 15 letters), ends in sentence punctuation, and passes a
  language check (script share for non-Latin scripts, own function words vs English ones for
  Latin-script languages), which drops untranslated English.
* Locales: ``pt_BR`` -> pt, ``zh_*`` -> zh, ``nb_NO``/``no`` -> nb, ``sr@latin`` -> sr with
  ``"variant": "Latn"`` (sr and sr-Latn are capped separately); English variants (en_GB ...),
  ``@ijekavian``/``@valencia``/other modifiers and languages without an ISO 639-1 code are
  skipped.
* Exact duplicates (case/punctuation-insensitive) removed across the whole pool; the first
  source in SOURCES order keeps the text (documentation before fallback). Texts that occur in
  any other pool of the corpus (``corpus/pools/*/``) are dropped too (shared GNOME boilerplate).
* Per language at most CAP characters, spread evenly: the budget is shared equally by the
  sources of that language (sources with less text pass their remainder on), documentation
  first, fallback sources only with what is left; inside a source the paragraphs are taken
  round-robin over its files (sorted), so every file contributes. Languages with less than
  MIN_LANG characters in total are dropped.
* Writes ``corpus/pools/langid/<source-slug>.jsonl``: ``{"doc", "lang", "source", "text"}``
  (+ ``"variant": "Latn"``), keys sorted, one line per paragraph, ordered by language, file and
  position.

Deterministic: no randomness, all file lists sorted.
"""
import glob
import json
import os
import re
import struct
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harvest_prose import (CACHE, ROOT, clean_ws, code_like, fetch, html_blocks,  # noqa: E402
                           in_ranges, STOP)

OUT = os.path.join(ROOT, "corpus", "pools", "langid")
CAP = 300_000            # characters per language (sr and sr-Latn separately)
MIN_LANG = 5_000         # languages with less text are dropped
FALLBACK_BELOW = 150_000  # documentation characters under which fallback sources are used
MIN_LEN, MAX_LEN = 40, 1200

# ---------------------------------------------------------------------------
# Sources: package -> version (Debian 12 bookworm), in priority order
# ---------------------------------------------------------------------------
MALLARD = [
    ("gedit-common", "44.2-1"), ("gnome-terminal-data", "3.46.8-1"), ("totem-common", "43.0-2"),
    ("file-roller", "43.0-1"), ("gnome-system-monitor", "42.0-2"), ("baobab", "43.0-1"),
    ("simple-scan", "42.5-2"), ("seahorse", "43.0-1"), ("gnome-boxes", "43.2-1"),
    ("polari", "43.0-1"), ("gnome-mines", "1:40.1-1"), ("gnome-sudoku", "1:43.1-1"),
    ("gnome-chess", "1:43.1-1"), ("quadrapassel", "1:40.2-1"), ("iagno", "1:3.38.1-2"),
    ("lightsoff", "1:40.0.1-1"), ("gnome-robots", "1:40.0-2"), ("swell-foop", "1:41.1-1"),
    ("hitori", "3.38.4-2"), ("five-or-more", "1:3.32.3-1"), ("four-in-a-row", "1:3.38.1-1+b1"),
    ("gnome-nibbles", "1:3.38.2-2+b1"), ("gnome-tetravex", "1:3.38.2-3"),
    ("cheese-common", "43.0-1"), ("gnome-dictionary", "40.0-3"), ("zenity-common", "3.44.0-1"),
    ("gnome-logs", "43.0-1"), ("accerciser", "3.40.0-2"), ("gnome-clocks", "43.0-1"),
    ("gnome-music", "42.1-1"), ("gnome-photos", "43.0-2"), ("gnome-connections", "43.0-1"),
    ("gnome-2048", "3.38.2-3"), ("gnome-mahjongg", "1:3.38.3-2"), ("gnome-taquin", "3.38.1-2+b1"),
    ("gnote", "43.1-1"), ("orca", "43.1-1"), ("devhelp-common", "43.0-3"),
    ("brasero-common", "3.12.3-2"), ("pitivi", "2022.06-1+b1"), ("shotwell-common", "0.30.17-1"),
    ("gthumb-data", "3:3.12.2-3"), ("meld", "3.22.0-2"), ("deja-dup", "44.0-2"),
    ("vinagre", "3.22.0-8.1"), ("bijiben", "40.1-6"), ("gnome-devel-docs", "40.3-1"),
]
HTML = [
    # (package, version, fixed language or None = from the file name)
    ("debian-edu-doc-da", "2.12.23~deb12u1", "da"),
    ("debian-edu-doc-nb-no", "2.12.23~deb12u1", "nb"),
    ("debian-edu-doc-nl", "2.12.23~deb12u1", "nl"),
    ("debian-edu-doc-it", "2.12.23~deb12u1", "it"),
    ("debian-edu-doc-pt-pt", "2.12.23~deb12u1", "pt"),
    ("debian-history", "2.28", None),
]
TEMPLATES = [
    ("debconf", "1.5.82"), ("tasksel", "3.73"), ("popularity-contest", "1.76"),
    ("keyboard-configuration", "1.221"), ("console-setup", "1.221"),
    ("grub-pc", "2.06-13+deb12u2"), ("exim4-config", "4.96-15+deb12u9"),
    ("samba-common", "2:4.17.12+dfsg-0+deb12u3"), ("postfix", "3.7.11-0+deb12u1"),
    ("dictionaries-common", "1.29.5"), ("libc6", "2.36-9+deb12u14"),
    ("locales", "2.36-9+deb12u14"), ("libpam-runtime", "1.5.2-6+deb12u2"),
    ("apt-listchanges", "3.24"), ("man-db", "2.11.2-2"), ("ca-certificates", "20230311+deb12u1"),
    ("mdadm", "4.2-5"), ("krb5-config", "2.7"),
    ("openssh-server", "1:9.2p1-2+deb12u10"), ("cryptsetup", "2:2.6.1-4~deb12u2"),
]
MO = [
    ("wesnoth-1.16-data", "1:1.16.9-1"),
    # Battle for Wesnoth campaigns (story text, unit and scenario descriptions)
    ("wesnoth-1.16-httt", "1:1.16.9-1"), ("wesnoth-1.16-tsg", "1:1.16.9-1"),
    ("wesnoth-1.16-trow", "1:1.16.9-1"), ("wesnoth-1.16-l", "1:1.16.9-1"),
    ("wesnoth-1.16-ttb", "1:1.16.9-1"), ("wesnoth-1.16-sof", "1:1.16.9-1"),
    ("freeciv-data", "3.0.6-1+deb12u1"),
    # GNOME catalogues (settings descriptions, dialogs, tooltips)
    ("gnome-control-center-data", "1:43.6-2~deb12u1"), ("nautilus-data", "43.2-1"),
    ("gnome-shell-common", "43.9-0+deb12u2"), ("gnome-settings-daemon-common", "43.0-4"),
    ("network-manager-gnome", "1.30.0-2"), ("aisleriot", "1:3.22.23-1"),
    ("rhythmbox-data", "3.4.6-2"), ("gnome-disk-utility", "43.0-1"),
    ("gnome-builder", "43.6-3"), ("gnome-maps", "43.5-2~deb12u1"), ("gnome-weather", "43.0-1"),
    ("gnome-calendar", "43.1-2"), ("gnome-contacts", "43.1-1"),
    ("gnome-characters", "43.1-1+deb12u1"), ("gnome-font-viewer", "43.0-1"),
    ("gnome-software-common", "43.5-1~deb12u1"), ("gnome-screenshot", "41.0-2"),
    ("gnome-sound-recorder", "43~beta-1"), ("gnome-klotski", "1:3.38.2-1"), ("tali", "1:40.9-1"),
    ("sound-juicer", "3.38.0-2.1"), ("lollypop", "1.4.37-1"), ("vino", "3.22.0-6"),
    ("dconf-editor", "43.0-1"), ("gitg", "41-2"),
] + MALLARD   # the help packages' own catalogues come last


def build_sources():
    s = []
    for pkg, ver in MALLARD:
        s.append((pkg, ver, "mallard", None, False))
    for pkg, ver, lang in HTML:
        s.append((pkg, ver, "html", lang, False))
    for pkg, ver in TEMPLATES:
        s.append((pkg, ver, "templates", None, True))
    for pkg, ver in MO:
        s.append((pkg, ver, "mo", None, True))
    return s


# ---------------------------------------------------------------------------
# Locale -> (ISO 639-1, variant)
# ---------------------------------------------------------------------------
def locale_lang(loc):
    loc = loc.split(".")[0]
    if loc == "C":
        return ("en", None)
    base, _, mod = loc.partition("@")
    ll = base.split("_")[0].split("-")[0].lower()
    if mod:
        if ll == "sr" and mod == "latin":
            return ("sr", "Latn")
        return None
    if ll == "en":
        return ("en", None) if base == "en" else None
    if ll == "no":
        ll = "nb"
    if len(ll) != 2 or not ll.isalpha():
        return None
    return (ll, None)


# ---------------------------------------------------------------------------
# Language check
# ---------------------------------------------------------------------------
R = {
    "arab": [(0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
    "hebr": [(0x0590, 0x05FF), (0xFB1D, 0xFB4F)],
    "grek": [(0x0370, 0x03FF), (0x1F00, 0x1FFF)],
    "cyrl": [(0x0400, 0x052F)],
    "deva": [(0x0900, 0x097F)], "beng": [(0x0980, 0x09FF)], "guru": [(0x0A00, 0x0A7F)],
    "gujr": [(0x0A80, 0x0AFF)], "orya": [(0x0B00, 0x0B7F)], "taml": [(0x0B80, 0x0BFF)],
    "telu": [(0x0C00, 0x0C7F)], "knda": [(0x0C80, 0x0CFF)], "mlym": [(0x0D00, 0x0D7F)],
    "sinh": [(0x0D80, 0x0DFF)], "thai": [(0x0E00, 0x0E7F)], "laoo": [(0x0E80, 0x0EFF)],
    "tibt": [(0x0F00, 0x0FFF)], "mymr": [(0x1000, 0x109F)], "geor": [(0x10A0, 0x10FF)],
    "ethi": [(0x1200, 0x139F)], "khmr": [(0x1780, 0x17FF)], "armn": [(0x0530, 0x058F)],
    "hang": [(0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F)],
    "hani": [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF)],
    "kana": [(0x3040, 0x30FF), (0x31F0, 0x31FF)],
}
SCRIPT_OF = {
    "ar": "arab", "fa": "arab", "ur": "arab", "ps": "arab", "ug": "arab", "sd": "arab",
    "he": "hebr", "yi": "hebr", "el": "grek",
    "ru": "cyrl", "uk": "cyrl", "be": "cyrl", "bg": "cyrl", "mk": "cyrl", "sr": "cyrl",
    "kk": "cyrl", "ky": "cyrl", "tg": "cyrl", "mn": "cyrl", "tt": "cyrl", "ba": "cyrl",
    "cv": "cyrl", "os": "cyrl",
    "hi": "deva", "mr": "deva", "ne": "deva", "sa": "deva", "bn": "beng", "as": "beng",
    "pa": "guru", "gu": "gujr", "or": "orya", "ta": "taml", "te": "telu", "kn": "knda",
    "ml": "mlym", "si": "sinh", "th": "thai", "lo": "laoo", "bo": "tibt", "dz": "tibt",
    "my": "mymr", "ka": "geor", "am": "ethi", "km": "khmr", "hy": "armn", "ko": "hang",
}
NO_SPACES = {"ja", "zh", "th", "lo", "km", "my", "bo", "dz"}
EXTRA_STOP = {
    "bs": "i u na se je da s za su ili koji ne to kao također pri može ako",
    "is": "og að er í á sem til við með um af ekki það en eru hann hún þú ef eða þessi",
    "ms": "dan yang di ke dari ini itu untuk dengan tidak adalah akan boleh atau pada anda juga dalam",
    "af": "die en van in is dat nie om te op vir met jy word kan of as ook",
    "sq": "dhe të në një është për me nga që nuk se ose si do janë ju kjo",
    "eo": "la kaj de en estas al por ne kun ke ĉu aŭ se vi povas tiu",
    "oc": "e lo la los las es de del un una en per amb que pas se son o",
    "ga": "agus an na is ar le go i do ní atá sé sí tá mar",
    "gd": "agus an na is air le gu ann do chan tha e i mar",
    "cy": "a y yr ac i o yn ar ei mae nid gyda am fel neu",
    "tl": "ang ng sa na at mga ay ito hindi para kung mo ka siya",
    "la": "et in est non ad cum quod sed ut de",
    "az": "və bir bu üçün ilə də olan daha kimi ya və ya ki",
    "uz": "va bu bir uchun bilan ham yoki emas",
    "wa": "et l' li les des do pol on ene",
    "br": "ha an ar eo e da ne ket war gant",
    "sw": "na ya wa kwa ni katika la za",
}
STOPSETS = {k: set(v.split()) for k, v in STOP.items()}
STOPSETS.update({k: set(v.split()) for k, v in EXTRA_STOP.items()})
EN_ONLY = {k: STOPSETS["en"] - v for k, v in STOPSETS.items()}
WORD_RE = re.compile(r"[^\W\d_]+", re.U)


def letters_of(text):
    return [c for c in text if c.isalpha()]


def lang_check(text, lang, variant):
    letters = letters_of(text)
    if not letters:
        return False
    n = len(letters)

    def share(ranges):
        return sum(1 for c in letters if in_ranges(c, ranges)) / n
    if lang == "sr" and variant == "Latn":
        return share(R["cyrl"]) == 0 and latin_check(text, "hr")
    if lang in SCRIPT_OF:
        return share(R[SCRIPT_OF[lang]]) >= 0.7
    if lang == "ja":
        return share(R["kana"] + R["hani"]) >= 0.6 and share(R["kana"]) >= 0.05
    if lang == "zh":
        return share(R["hani"]) >= 0.7 and share(R["kana"]) == 0
    if lang in STOPSETS:
        return latin_check(text, lang)
    return False


def latin_check(text, lang):
    letters = letters_of(text)
    if sum(1 for c in letters if c.isascii() or unicodedata.name(c, "").startswith("LATIN")) / len(letters) < 0.95:
        return False
    words = [w.lower() for w in WORD_RE.findall(text)]
    own = sum(1 for w in words if w in STOPSETS[lang])
    if lang == "en":
        return own >= 2
    en = sum(1 for w in words if w in EN_ONLY[lang])
    return own >= 2 and own > 2 * en and en <= max(1, len(words) // 12)


# ---------------------------------------------------------------------------
# Paragraph shape
# ---------------------------------------------------------------------------
END_PUNCT = tuple(".!?:;…。！？：；」』)）\"”»«“'’।॥۔؟։።။។៕")


def shape_ok(text, lang, code_share=0.0):
    L = len(text)
    if L < MIN_LEN or L > MAX_LEN:
        return False
    if code_share > 0.25 or code_like(text):
        return False
    if sum(c.isdigit() for c in text) / L > 0.1:
        return False
    if lang in NO_SPACES:
        if len(letters_of(text)) < 15:
            return False
    else:
        words = text.split()
        if len(words) < 6 or max(len(w) for w in words) > 40:
            return False
    if lang not in ("th", "lo") and not text.endswith(END_PUNCT):
        return False
    if re.search(r"https?://|www\.|@\w+\.\w", text):
        return False
    return True


# ---------------------------------------------------------------------------
# Extractors: each yields (doc, lang, variant, text, code_share)
# ---------------------------------------------------------------------------
def walk(root):
    files = []
    for dp, dn, fn in os.walk(root):
        for f in fn:
            files.append(os.path.relpath(os.path.join(dp, f), root))
    return sorted(files)


def mallard_items(root):
    for rel in walk(root):
        m = re.match(r"usr/share/help/([^/]+)/[^/]+/.+\.page$", rel)
        if not m:
            continue
        ll = locale_lang(m.group(1))
        if ll is None:
            continue
        for kind, t, share in html_blocks(os.path.join(root, rel)):
            if kind == "prose":
                yield rel, ll[0], ll[1], t, share


def html_items(root, fixed):
    for rel in walk(root):
        if not rel.endswith((".html", ".htm")):
            continue
        if fixed:
            lang = fixed
        else:
            m = re.search(r"\.([a-z]{2})(?:[-_][A-Za-z]+)?\.html$", rel)
            if not m or locale_lang(m.group(1)) is None:
                continue
            lang = locale_lang(m.group(1))[0]
        for kind, t, share in html_blocks(os.path.join(root, rel)):
            if kind == "prose":
                yield rel, lang, None, t, share


def control_dir(pkg, ver):
    """Unpacks the control area (DEBIAN/templates) next to the data tree."""
    data = fetch(pkg, ver)
    if data is None:
        return None
    d = data + ".control"
    if not os.path.isdir(d):
        from harvest_prose import deb_path
        subprocess.run(["dpkg-deb", "-e", deb_path(pkg, ver), d + ".tmp"], check=True)
        os.rename(d + ".tmp", d)
    return d


def template_items(cdir):
    path = os.path.join(cdir, "templates")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8", errors="replace") as fh:
        lines = fh.read().split("\n")
    field, body = None, []

    def paras():
        out, cur, verbatim = [], [], False
        for ln in body + [" ."]:
            if ln.strip() == ".":
                if cur and not verbatim:
                    out.append(clean_ws(" ".join(cur)))
                cur, verbatim = [], False
            else:
                if ln.startswith("  "):
                    verbatim = True
                cur.append(ln.strip())
        return out

    for ln in lines + [""]:
        if ln.startswith(" ") and field is not None:
            body.append(ln)
            continue
        if field is not None:
            m = re.match(r"Description-([A-Za-z_@]+)\.UTF-8$", field)
            if m:
                ll = locale_lang(m.group(1))
                if ll is not None and ll[0] != "en":
                    for t in paras():
                        if "${" not in t:
                            yield "DEBIAN/templates", ll[0], ll[1], t, 0.0
        field, body = None, []
        m = re.match(r"^([A-Za-z][A-Za-z0-9_.@-]*):", ln)
        if m:
            field = m.group(1)


def parse_mo(path):
    """Returns [(msgid, msgstr)] of a GNU .mo file (stdlib only)."""
    with open(path, "rb") as fh:
        data = fh.read()
    if len(data) < 28:
        return []
    magic = struct.unpack("<I", data[:4])[0]
    end = "<" if magic == 0x950412DE else ">" if magic == 0xDE120495 else None
    if end is None:
        return []
    _, n, orig, trans = struct.unpack(end + "4I", data[4:20])
    out = []
    for i in range(n):
        ol, oo = struct.unpack(end + "2I", data[orig + 8 * i: orig + 8 * i + 8])
        tl, to = struct.unpack(end + "2I", data[trans + 8 * i: trans + 8 * i + 8])
        mid = data[oo: oo + ol].decode("utf-8", "replace")
        mstr = data[to: to + tl].decode("utf-8", "replace")
        out.append((mid, mstr))
    return out


PLACEHOLDER = re.compile(r"%[-+ #0-9.]*[a-zA-Z%]|%\d|\{[^{}]*\}|\$[A-Za-z0-9_{(]|\[[a-z_]+\]|<[a-z_]+=")
TAG = re.compile(r"<[^<>]*>")


def mo_items(root):
    for rel in walk(root):
        m = re.search(r"/locale/([^/]+)/LC_MESSAGES/[^/]+\.mo$", rel)
        if not m:
            continue
        ll = locale_lang(m.group(1))
        if ll is None or ll[0] == "en":
            continue
        for mid, mstr in parse_mo(os.path.join(root, rel)):
            if not mid or "\x00" in mid or "\x00" in mstr or not mstr.strip() or mstr == mid:
                continue
            if PLACEHOLDER.search(mstr):
                continue
            s = TAG.sub(" ", mstr)
            s = s.replace("&&", "\x01")
            s = re.sub(r"&(?=\w)", "", s).replace("\x01", "&")
            s = re.sub(r"(?<![\w])_(?=\w)", "", s)
            s = s.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            for part in re.split(r"\n\s*\n", s):
                t = clean_ws(part)
                if t:
                    yield rel, ll[0], ll[1], t, 0.0


# ---------------------------------------------------------------------------
def spread_take(items, budget):
    """Round-robin over the files of a source, taking paragraphs until the budget is spent."""
    by_doc = {}
    for it in items:
        by_doc.setdefault(it[0], []).append(it)
    queues = [by_doc[d] for d in sorted(by_doc)]
    taken, used, i = [], 0, 0
    while used < budget and any(queues):
        progressed = False
        for q in queues:
            if i < len(q):
                progressed = True
                t = q[i]
                if used + len(t[3]) > budget and taken:
                    continue
                taken.append(t)
                used += len(t[3])
                if used >= budget:
                    break
        if not progressed:
            break
        i += 1
    return taken


def water_fill(totals, cap):
    """Equal shares of cap; sources with less pass the rest on. Returns {source: budget}."""
    budgets = {}
    rest = dict(totals)
    left = cap
    while rest and left > 0:
        share = left / len(rest)
        small = {s: t for s, t in rest.items() if t <= share}
        if not small:
            for s in rest:
                budgets[s] = share
            return budgets
        for s, t in small.items():
            budgets[s] = t
            left -= t
            del rest[s]
    return budgets


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in glob.glob(os.path.join(OUT, "*.jsonl")):   # this directory is ours alone
        os.remove(old)
    # texts that already occur in the corpus's other pools (and so maybe in its test documents)
    # are never taken: shared boilerplate such as GNOME's bug-reporting and licence paragraphs
    seen = set()
    for f in sorted(glob.glob(os.path.join(ROOT, "corpus", "pools", "*", "*.jsonl"))):
        if os.path.dirname(f) == OUT:
            continue
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                t = json.loads(line).get("text")
                if isinstance(t, str):
                    seen.add(re.sub(r"\W+", "", t.lower()))
    cands = {}      # (lang, variant) -> {source_index: [items]}
    meta = []       # per source index: (pkg, ver, kind, fallback)
    for idx, (pkg, ver, kind, fixed, fallback) in enumerate(build_sources()):
        meta.append((pkg, ver, kind, fallback))
        root = fetch(pkg, ver)
        if root is None:
            continue
        if kind == "mallard":
            it = mallard_items(root)
        elif kind == "html":
            it = html_items(root, fixed)
        elif kind == "templates":
            it = template_items(control_dir(pkg, ver))
        else:
            it = mo_items(root)
        pos = 0
        n = 0
        for rel, lang, variant, t, share in it:
            pos += 1
            if not shape_ok(t, lang, share) or not lang_check(t, lang, variant):
                continue
            key = re.sub(r"\W+", "", t.lower())
            if key in seen:
                continue
            seen.add(key)
            cands.setdefault((lang, variant), {}).setdefault(idx, []).append((rel, pos, lang, t, variant))
            n += 1
        print(f"{pkg} ({kind}): {n} candidate paragraphs", flush=True)

    chosen = {}   # source index -> items
    stats = {}
    for lv in sorted(cands, key=lambda x: (x[0], x[1] or "")):
        per = cands[lv]
        docs = {i: sum(len(x[3]) for x in v) for i, v in per.items() if not meta[i][3]}
        fb = {i: sum(len(x[3]) for x in v) for i, v in per.items() if meta[i][3]}
        dtot = sum(docs.values())
        budgets = water_fill(docs, CAP)
        if dtot < FALLBACK_BELOW and fb:
            budgets.update(water_fill(fb, CAP - min(dtot, CAP)))
        picked = []
        for i in sorted(budgets):
            got = spread_take(per[i], budgets[i])
            picked.append((i, got))
        total = sum(len(x[3]) for _, got in picked for x in got)
        if total < MIN_LANG:
            stats[lv] = (0, 0, total, "dropped")
            continue
        dchars = sum(len(x[3]) for i, got in picked for x in got if not meta[i][3])
        stats[lv] = (sum(len(g) for _, g in picked), len([1 for _, g in picked if g]), total,
                     f"docs {dchars}")
        for i, got in picked:
            chosen.setdefault(i, []).extend(got)

    by_pkg = {}   # a package can be both a help source and a catalogue source: one file
    for i, items in sorted(chosen.items()):
        pkg, ver, kind, fb = meta[i]
        by_pkg.setdefault((pkg, ver), []).extend((kind,) + x for x in items)
    for (pkg, ver), items in sorted(by_pkg.items()):
        items.sort(key=lambda x: (x[3], x[5] or "", x[0] != "mallard", x[1], x[2]))
        slug = re.sub(r"[^a-z0-9]+", "-", pkg.lower()).strip("-")
        with open(os.path.join(OUT, slug + ".jsonl"), "w", encoding="utf-8") as fh:
            for kind, rel, pos, lang, t, variant in items:
                rec = {"doc": rel, "lang": lang, "source": f"debian:{pkg}@{ver}", "text": t}
                if variant:
                    rec["variant"] = variant
                fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
    print("\nlanguage paragraphs sources chars")
    for lv in sorted(stats, key=lambda x: (x[0], x[1] or "")):
        p, s, c, note = stats[lv]
        name = lv[0] + ("-" + lv[1] if lv[1] else "")
        print(f"{name}\t{p}\t{s}\t{c}\t{note}")


if __name__ == "__main__":
    main()
