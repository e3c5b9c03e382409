#!/usr/bin/env python3
"""Harvest real prose paragraphs in many languages from Debian documentation packages.

Run from the repository root:

    python3 corpus/build/harvest_prose.py

What it does
------------
* Downloads pinned Debian packages (``apt-get download NAME=VERSION``) into
  ``corpus/.cache/debs`` and unpacks them into ``corpus/.cache/x`` (both gitignored).
* Extracts paragraphs from HTML manuals (installation guide, LibreOffice help, GIMP help,
  Debian reference / FAQ / maint-guide / developers-reference / aptitude docs), from the
  Mallard help pages of GNOME applications (evince, eog, gnome-calculator), from
  translated man pages (roff, paragraphs of running text after the NAME/SYNOPSIS sections),
  and from the Fluent (.ftl) strings of the Firefox ESR / Thunderbird language packs and the
  messages.json locales of Privacy Badger (the last three mostly serve as hard negatives:
  strings that discuss cookies, privacy, consent, tracking or advertising).
* Text is only extracted: markup and placeholders are removed, whitespace collapsed.
  Fluent term references ({ -brand-short-name }) are resolved with the term values defined
  in the same language pack; strings with variables or selectors are dropped.
* Filters: 20..1200 characters; paragraphs < 60 characters are kept as ``"short": true``
  lines; code-like text is rejected (and a few real code snippets are kept separately as
  ``"kind": "code"``); a cheap language check (script share for non-Latin scripts,
  function-word counts vs English for Latin-script languages) drops untranslated text.
* Per (source, language): at most CAP_LONG long paragraphs and CAP_SHORT short ones
  (CAP_LONG_UI / CAP_SHORT_UI for the browser/extension strings), chosen spread evenly over
  the sorted candidate list; every paragraph matching a topic keyword (cookies / privacy /
  consent / advertising / tracking) is kept regardless of the cap. At most CAP_CODE code
  snippets per source. At most MAX_DOC_SOURCES documentation sources per language (later
  ones in SOURCES order are skipped for that language). Exact duplicates are removed across
  all sources (the first source in SOURCES order keeps a text), so no text appears under two
  sources.
* Writes ``corpus/pools/prose/<source-slug>.jsonl`` (keys sorted, ensure_ascii=False).

Deterministic: no randomness, all file lists sorted.
"""
import glob
import gzip
import html
import html.parser
import json
import os
import re
import subprocess
import sys
import unicodedata
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CACHE = os.path.join(ROOT, "corpus", ".cache")
DEBS = os.path.join(CACHE, "debs")
XDIR = os.path.join(CACHE, "x")
OUT = os.path.join(ROOT, "corpus", "pools", "prose")

CAP_LONG = 60        # long paragraphs per (source, language), documentation sources
CAP_SHORT = 15
CAP_LONG_UI = 30      # Firefox / Thunderbird / Privacy Badger strings (mostly UI text)
CAP_SHORT_UI = 15
CAP_CODE = 15
MAX_DOC_SOURCES = 3   # documentation sources per language (keeps the pools a few MB)

# ---------------------------------------------------------------------------
# Sources: (deb package, version, extractor kind, language or None = from path)
# ---------------------------------------------------------------------------
V_MAN = "4.18.1-1"
V_LO = "4:7.4.7-1+deb12u14"
V_GIMP = "2.10.34-2"
V_FF = None  # filled from the apt cache below (security updates move); see PINS
PINS = {
    "installation-guide-amd64": "20230508+deb12u1",
    "manpages": "6.03-2",
    "manpages-ja": "0.5.0.0.20221215+dfsg-1",
    "manpages-zh": "1.6.4.0-1",
    "manpages-tr": "2.0.6-2",
    "manpages-pl": "1:4.18.1-1",
    "manpages-hu": "1:4.18.1-1",
    "debian-reference": "2.100",
    "debian-faq": "11.1",
    "maint-guide": "1.2.53",
    "developers-reference": "12.18",
    "aptitude-doc": "0.8.13-5",
    "firefox-esr-l10n": "153.8.0esr-1~deb12u1",
    "thunderbird-l10n": "1:153.8.0esr-1~deb12u1",
    "webext-privacy-badger": "2020.10.7-1",
    "evince-common": "43.1-2+deb12u1",
    "eog": "43.2-1+deb12u1",
    "gnome-calculator": "1:43.0.1-2",
}
# GNOME application help (Mallard .page files, /usr/share/help/<lang>/...); gnome-user-docs
# is reserved and not used.
GNOME_HELP = ["evince-common", "eog", "gnome-calculator"]

MAN_LANGS = ["cs", "da", "de", "el", "es", "fi", "fr", "hu", "id", "it", "ja", "mk", "nb",
             "nl", "pl", "pt-br", "ro", "ru", "sr", "sv", "tr", "uk", "vi", "zh"]
LO_LANGS = ["ca", "cs", "da", "de", "el", "en-us", "es", "et", "eu", "fi", "fr", "gl", "hi",
            "hu", "id", "it", "ja", "km", "ko", "nl", "pl", "pt", "pt-br", "ru", "sl",
            "sv", "tr", "vi", "zh-cn", "zh-tw"]  # libreoffice-help-sk is an empty package
GIMP_LANGS = ["ca", "cs", "da", "de", "el", "es", "fi", "fr", "hr", "hu", "it", "ja",
              "ko", "lt", "nl", "nn", "pt", "pt-br", "ro", "ru", "sl", "sv", "uk", "zh-cn"]
MOZ_LANGS = ["ar", "bg", "ca", "cs", "da", "de", "el", "en-gb", "es-es", "et", "fi", "fr",
             "he", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "nb-no", "nl", "pl",
             "pt-br", "pt-pt", "ro", "ru", "sk", "sl", "sr", "sv-se", "tr", "uk", "vi",
             "zh-cn", "zh-tw"]
# Thunderbird has no zh-cn/zh-tw/... differences checked below at download time.
DREF_LANGS = ["de", "es", "fr", "id", "it", "ja", "pt", "pt-br", "zh-cn", "zh-tw"]
FAQ_LANGS = ["", "de", "fr", "it", "ja", "ko", "nl", "pt", "ru", "zh-cn"]
MAINT_LANGS = ["", "ca", "de", "es", "fr", "it", "ja", "ru", "vi", "zh-cn", "zh-tw"]
DEVREF_LANGS = ["", "de", "fr", "it", "ja", "ru"]
APT_LANGS = ["cs", "en", "es", "fi", "fr", "it", "ja", "nl", "ru"]


def build_sources():
    """Sources in priority order: documentation first (at most MAX_DOC_SOURCES per language,
    earlier ones win), then the Mozilla language packs and Privacy Badger (always used)."""
    s = []
    s.append(("manpages", PINS["manpages"], "man", "en"))
    for l in MAN_LANGS:
        p = "manpages-" + l
        s.append((p, PINS.get(p, V_MAN), "man", l))
    s.append(("installation-guide-amd64", PINS["installation-guide-amd64"], "html", None))
    for l in LO_LANGS:
        s.append(("libreoffice-help-" + l, V_LO, "html", l))
    for l in GIMP_LANGS:
        s.append(("gimp-help-" + l, V_GIMP, "html", l))
    for pkg in GNOME_HELP:
        s.append((pkg, PINS[pkg], "mallard", None))
    for l in FAQ_LANGS:
        s.append(("debian-faq" + ("-" + l if l else ""), PINS["debian-faq"], "html", l or "en"))
    for l in MAINT_LANGS:
        s.append(("maint-guide" + ("-" + l if l else ""), PINS["maint-guide"], "html", l or "en"))
    for l in DREF_LANGS:
        s.append(("debian-reference-" + l, PINS["debian-reference"], "html", l))
    for l in DEVREF_LANGS:
        s.append(("developers-reference" + ("-" + l if l else ""), PINS["developers-reference"], "html", l or "en"))
    for l in APT_LANGS:
        s.append(("aptitude-doc-" + l, PINS["aptitude-doc"], "html", l))
    for l in MOZ_LANGS:
        s.append(("firefox-esr-l10n-" + l, PINS["firefox-esr-l10n"], "ftl", l))
    for l in MOZ_LANGS:
        s.append(("thunderbird-l10n-" + l, PINS["thunderbird-l10n"], "ftl", l))
    s.append(("webext-privacy-badger", PINS["webext-privacy-badger"], "webext", None))
    return s


def norm_lang(code):
    c = code.lower().replace("_", "-")
    if c.startswith("zh"):
        return "zh"
    if c in ("nb-no", "no", "nb"):
        return "nb"
    if c in ("nn-no", "nn"):
        return "nn"
    return c.split("-")[0].split("@")[0]


# ---------------------------------------------------------------------------
# Download / unpack
# ---------------------------------------------------------------------------
def deb_path(pkg, ver):
    epoch_free = ver.split(":", 1)[1] if ":" in ver else ver
    for f in sorted(glob.glob(os.path.join(DEBS, pkg + "_*.deb"))):
        base = os.path.basename(f)
        v = base[len(pkg) + 1:].rsplit("_", 1)[0].replace("%3a", ":")
        v2 = v.split(":", 1)[1] if ":" in v else v
        if v2 == epoch_free:
            return f
    return None


def fetch(pkg, ver):
    f = deb_path(pkg, ver)
    if f is None:
        os.makedirs(DEBS, exist_ok=True)
        r = subprocess.run(["apt-get", "download", f"{pkg}={ver}"], cwd=DEBS,
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(f"  ! cannot download {pkg}={ver}: {r.stderr.strip()[-200:]}", file=sys.stderr)
            return None
        f = deb_path(pkg, ver)
    if f is None:
        return None
    d = os.path.join(XDIR, f"{pkg}_{ver.replace(':', '%3a')}")
    if not os.path.isdir(d):
        os.makedirs(XDIR, exist_ok=True)
        subprocess.run(["dpkg-deb", "-x", f, d + ".tmp"], check=True)
        os.rename(d + ".tmp", d)
    return d


# ---------------------------------------------------------------------------
# Cleaning helpers
# ---------------------------------------------------------------------------
BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad\ufeff"), None)


def clean_ws(t):
    t = t.translate(BIDI)
    t = t.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", t).strip()


# ---------------------------------------------------------------------------
# HTML extraction
# ---------------------------------------------------------------------------
BLOCK_BREAK = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th",
               "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "br", "body",
               "section", "header", "footer", "nav", "aside", "form", "hr", "caption", "title"}
CODE_INLINE = {"code", "tt", "kbd", "samp", "var", "cmd", "file", "sys", "input", "output", "app"}
CODE_CLASSES = re.compile(r"\b(command|filename|literal|option|userinput|computeroutput|"
                          r"replaceable|systemitem|envar|code|input|bascode|keycode|prompt|"
                          r"guimenu|guimenuitem|guibutton|guilabel|keycap|menuchoice|acronym)\b")


class HTMLBlocks(html.parser.HTMLParser):
    """Collects <p> paragraphs (with inline-code share) and <pre> blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []   # (kind, text, code_share)
        self.cur = None     # list of (text, is_code)
        self.pre = None
        self.skip = 0
        self.codedepth = []  # stack of tags that opened code
        self.stack = []

    def _flush(self):
        if self.cur is not None:
            text = "".join(t for t, _ in self.cur)
            code = sum(len(t.strip()) for t, c in self.cur if c)
            tot = max(1, len(text.strip()))
            self.blocks.append(("prose", text, code / tot))
        self.cur = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style", "noscript", "head"):
            self.skip += 1
            return
        if tag in ("pre", "screen"):
            self._flush()
            self.pre = []
            return
        if tag in BLOCK_BREAK and self.pre is None:
            self._flush()
            if tag == "p":
                self.cur = []
                self.codedepth = []
            return
        cls = a.get("class", "") or ""
        iscode = tag in CODE_INLINE or bool(CODE_CLASSES.search(cls))
        if tag in ("span", "a", "em", "strong", "b", "i", "code", "tt", "kbd", "samp", "var",
                   "sub", "sup", "abbr", "acronym", "cite", "q", "small", "big", "u", "font",
                   "cmd", "file", "sys", "input", "output", "app", "gui", "guiseq", "key",
                   "keyseq", "link", "em", "span"):
            self.codedepth.append((tag, iscode))
        if tag == "img" and self.cur is not None:
            pass

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript", "head"):
            self.skip = max(0, self.skip - 1)
            return
        if tag in ("pre", "screen"):
            if self.pre is not None:
                self.blocks.append(("code", "".join(self.pre), 1.0))
            self.pre = None
            return
        if tag in BLOCK_BREAK and self.pre is None:
            self._flush()
            return
        for i in range(len(self.codedepth) - 1, -1, -1):
            if self.codedepth[i][0] == tag:
                del self.codedepth[i:]
                break

    def handle_data(self, data):
        if self.skip:
            return
        if self.pre is not None:
            self.pre.append(data)
            return
        if self.cur is not None:
            self.cur.append((data, any(c for _, c in self.codedepth)))


def html_blocks(path):
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        txt = raw.decode("utf-8")
    except UnicodeDecodeError:
        m = re.search(rb'charset=["\']?([A-Za-z0-9_-]+)', raw[:2000])
        enc = m.group(1).decode() if m else "latin-1"
        try:
            txt = raw.decode(enc, errors="replace")
        except LookupError:
            txt = raw.decode("latin-1")
    p = HTMLBlocks()
    try:
        p.feed(txt)
        p.close()
    except Exception:
        return []
    p._flush()
    out = []
    for kind, t, share in p.blocks:
        if kind == "code":
            t = t.strip("\n")
            t = "\n".join(l.rstrip() for l in t.split("\n"))
            out.append(("code", t, 1.0))
        else:
            out.append(("prose", clean_ws(t), share))
    return out


# ---------------------------------------------------------------------------
# roff (man page) extraction
# ---------------------------------------------------------------------------
ROFF_SPECIAL = {
    "em": "\u2014", "en": "\u2013", "aq": "'", "dq": '"', "lq": "\u201c", "rq": "\u201d",
    "oq": "\u2018", "cq": "\u2019", "Fo": "\u00ab", "Fc": "\u00bb", "fo": "\u2039",
    "fc": "\u203a", "hy": "-", "mi": "-", "pl": "+", "mu": "\u00d7", "bu": "\u2022",
    "co": "\u00a9", "rg": "\u00ae", "tm": "\u2122", "de": "\u00b0", "ga": "`", "aa": "\u00b4",
    "ti": "~", "ha": "^", "rs": "\\", "sl": "/", "ba": "|", "bv": "|", "lh": "<=", "rh": "=>",
    "->": "\u2192", "<-": "\u2190", "<=": "\u2264", ">=": "\u2265", "!=": "\u2260",
    "Do": "$", "Eu": "\u20ac", "eu": "\u20ac", "Po": "\u00a3", "ss": "\u00df", "at": "@",
    "sh": "#", "lB": "[", "rB": "]", "lC": "{", "rC": "}", "dg": "\u2020", "sc": "\u00a7",
}


def roff_inline(s):
    def special(m):
        name = m.group(1) or m.group(2)
        if name is None:
            return ""
        if name.startswith("u") and re.fullmatch(r"u[0-9A-Fa-f]{4,6}", name):
            return chr(int(name[1:], 16))
        return ROFF_SPECIAL.get(name, "")
    s = re.sub(r"\\\*\[[^\]]*\]|\\\*\(..|\\\*.", "", s)         # strings
    s = re.sub(r"\\f(\[[^\]]*\]|\(..|.)", "", s)               # font changes
    s = re.sub(r"\\s[+-]?\d", "", s)                            # size
    s = re.sub(r"\\[mMXZYV](\[[^\]]*\]|\(..|.)", "", s)            # colours, device controls
    s = re.sub(r"\\[ud]", "", s)                                  # half-line motions
    s = re.sub(r"\\\((..)|\\\[([^\]]*)\]", special, s)
    s = re.sub(r"\\[&|^%:)]", "", s)
    s = re.sub(r"\\[kwhvlLnN]'[^']*'", "", s)
    s = re.sub(r"\\[kwhvlLnN](\[[^\]]*\]|\(..|.)", "", s)
    s = s.replace("\\-", "-").replace("\\e", "\\").replace("\\ ", " ").replace("\\~", " ")
    s = s.replace("\\0", " ").replace("\\c", "").replace("\\(", "").replace("\\'", "\u00b4")
    s = s.replace("\\`", "`").replace("\\.", ".")
    s = re.sub(r"\\\\", "\\\\", s)
    s = re.sub(r"\\(.)", r"\1", s)
    return s


def roff_args(rest):
    args = []
    for m in re.finditer(r'"((?:[^"]|"")*)"|(\S+)', rest):
        args.append((m.group(1) if m.group(1) is not None else m.group(2)).replace('""', '"'))
    return args


FONT_MACROS = {"B", "I", "BR", "RB", "IR", "RI", "BI", "IB", "SM", "SB", "R", "CW", "UR", "UE", "MT", "ME"}
CODE_FONT = {"B", "BR", "RB", "BI", "IB", "CW", "SB"}


def man_blocks(path):
    with gzip.open(path, "rb") as fh:
        raw = fh.read()
    try:
        txt = raw.decode("utf-8")
    except UnicodeDecodeError:
        return []
    if re.search(r"^\.(Dd|Sh|so)\b", txt, re.M):   # mdoc pages and .so links: skip
        return []
    out = []
    section = -1
    cur = []
    codeparts = 0
    pre = None

    def flush():
        nonlocal cur, codeparts
        if cur and section >= 2:
            t = clean_ws(" ".join(cur))
            out.append(("prose", t, codeparts / max(1, len(t))))
        cur = []
        codeparts = 0

    for line in txt.split("\n"):
        if line.startswith(".\\\"") or line.startswith("'\\\"") or line.startswith('\\"'):
            continue
        if pre is not None:
            if re.match(r"^\.(fi|EE)\b", line):
                if section >= 2:
                    out.append(("code", "\n".join(pre).strip("\n"), 1.0))
                pre = None
            elif not line.startswith("."):
                pre.append(roff_inline(line))
            continue
        if line.startswith(".") or line.startswith("'"):
            m = re.match(r"^[.'][ \t]*(\S*)[ \t]*(.*)$", line)
            mac, rest = m.group(1), m.group(2)
            if mac in FONT_MACROS:
                args = roff_args(rest)
                if mac in ("BR", "RB", "IR", "RI", "BI", "IB"):
                    text = "".join(roff_inline(a) for a in args)
                else:
                    text = " ".join(roff_inline(a) for a in args)
                if mac in CODE_FONT:
                    codeparts += len(text)
                if text:
                    cur.append(text)
                continue
            flush()
            if mac in ("SH", "Sh"):
                section += 1
            elif mac in ("nf", "EX"):
                pre = []
            elif mac == "TS":
                pre = None
            continue
        if not line.strip():
            flush()
            continue
        cur.append(roff_inline(line))
    flush()
    return out


# ---------------------------------------------------------------------------
# Fluent (.ftl) extraction from Mozilla language packs
# ---------------------------------------------------------------------------
def parse_ftl(text):
    """Returns list of (id, value) for messages/attributes and dict of terms."""
    entries = []
    cur_id = None
    cur_lines = []

    def done():
        if cur_id is not None:
            val = "\n".join(cur_lines)
            entries.append((cur_id, val))

    for line in text.split("\n"):
        if line.startswith("#"):
            continue
        m = re.match(r"^(-?[A-Za-z][A-Za-z0-9_-]*)\s*=\s?(.*)$", line)
        if m:
            done()
            cur_id, cur_lines = m.group(1), [m.group(2)]
            continue
        m = re.match(r"^\s+\.([A-Za-z][A-Za-z0-9_-]*)\s*=\s?(.*)$", line)
        if m and cur_id is not None:
            done()
            base = cur_id.split(".")[0]
            cur_id, cur_lines = base + "." + m.group(1), [m.group(2)]
            continue
        if line.startswith((" ", "\t")) and cur_id is not None:
            cur_lines.append(line.strip())
        elif not line.strip():
            if cur_id is not None:
                cur_lines.append("")
        else:
            done()
            cur_id, cur_lines = None, []
    done()
    return entries


def ftl_resolve(val, terms):
    if "->" in val:
        return None
    def rep(m):
        inner = m.group(1).strip()
        if inner.startswith('"') and inner.endswith('"'):
            return inner[1:-1]
        if re.fullmatch(r"-[A-Za-z0-9_-]+", inner) and inner in terms:
            return terms[inner]
        raise KeyError(inner)
    try:
        for _ in range(3):
            val = re.sub(r"\{\s*([^{}]*?)\s*\}", rep, val)
    except KeyError:
        return None
    if "{" in val or "}" in val:
        return None
    return val


TAG_RE = re.compile(r"<[^<>]+>")


def ftl_blocks(root):
    xpis = sorted(glob.glob(os.path.join(root, "usr", "lib", "*", "**", "*.xpi"), recursive=True))
    out = []
    for xpi in xpis:
        with zipfile.ZipFile(xpi) as z:
            names = sorted(n for n in z.namelist() if n.endswith(".ftl"))
            files = {n: z.read(n).decode("utf-8", "replace") for n in names}
        terms = {}
        parsed = {}
        for n in names:
            parsed[n] = parse_ftl(files[n])
            for k, v in parsed[n]:
                if k.startswith("-") and "." not in k and "{" not in v:
                    terms[k] = clean_ws(v)
        for n in names:
            rel = os.path.basename(xpi) + "!" + n
            for k, v in parsed[n]:
                if k.startswith("-") or k.endswith((".accesskey", ".key", ".commandkey", ".style")):
                    continue
                r = ftl_resolve(v, terms)
                if r is None:
                    continue
                r = TAG_RE.sub("", r)
                r = html.unescape(r)
                out.append((rel, "prose", clean_ws(r), 0.0))
    return out


def webext_blocks(root):
    out = []
    for f in sorted(glob.glob(os.path.join(root, "usr", "share", "**", "_locales", "*", "messages.json"), recursive=True)):
        lang = os.path.basename(os.path.dirname(f))
        with open(f, encoding="utf-8") as fh:
            data = json.load(fh)
        for key in sorted(data):
            msg = data[key].get("message", "")
            if "$" in msg:
                continue
            msg = html.unescape(TAG_RE.sub("", msg))
            out.append((os.path.relpath(f, root), lang, clean_ws(msg)))
    return out


# ---------------------------------------------------------------------------
# Language check
# ---------------------------------------------------------------------------
SCRIPTS = {
    "ar": [(0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
    "fa": [(0x0600, 0x06FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
    "he": [(0x0590, 0x05FF), (0xFB1D, 0xFB4F)],
    "el": [(0x0370, 0x03FF), (0x1F00, 0x1FFF)],
    "cyr": [(0x0400, 0x052F)],
    "hi": [(0x0900, 0x097F)],
    "km": [(0x1780, 0x17FF)],
    "dz": [(0x0F00, 0x0FFF)],
    "ko": [(0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F)],
    "han": [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF)],
    "kana": [(0x3040, 0x30FF), (0x31F0, 0x31FF)],
}
CYRILLIC_LANGS = {"ru", "uk", "bg", "mk", "be", "sr"}


def in_ranges(ch, ranges):
    o = ord(ch)
    return any(a <= o <= b for a, b in ranges)


STOP = {
    "en": "the and of to is are that this with for from be not it you can by which will on as an or have has was were your if when all only these into there their should must",
    "de": "der die das und ist sind nicht mit für von den dem des ein eine einen einer wird werden auch auf sich sie es zu im bei oder wenn kann können dass wie als nur aus durch diese dieser noch",
    "fr": "le la les et est sont des du un une dans pour pas que qui sur avec ce cette vous il elle ne être par au aux peut plus ou si en ses leur",
    "es": "el la los las y es son de del un una en para con que por no se su sus como más puede este esta al lo si o también cuando",
    "it": "il lo la le gli e è sono di del della un una per con che non si come più può questo questa al nel alla dei delle anche se o",
    "pt": "o a os as e é são de do da dos das um uma em para com que não se como mais pode este esta ao no na pelo pela também ou",
    "nl": "de het een en is zijn van in op met voor niet dat dit die te wordt worden kan ook als of door aan naar bij er u uw",
    "ca": "el la els les i és són de del dels un una en per amb que no es com més pot aquest aquesta al si o també",
    "eu": "eta da dira ez bat edo du dute ere hau honek baino bezala beste izan behar zer nola",
    "gl": "o a os as e é son de do da dos das un unha en para con que non se como máis pode este esta ao no na tamén ou",
    "sv": "och är att det som en ett av för med på inte den till om de har kan ska eller från du",
    "da": "og er at det som en et af for med på ikke den til om de har kan skal eller fra du der",
    "nb": "og er at det som en et av for med på ikke den til om de har kan skal eller fra du der",
    "nn": "og er at det som ein eit av for med på ikkje den til om dei har kan skal eller frå du",
    "fi": "ja on ei se että tai kun jos voi ovat mutta myös tämä joka mikä sen niin kuin vain olla",
    "et": "ja on ei see et või kui ka mis kas oma selle need saab tuleb võib",
    "hu": "a az és is egy nem hogy van meg ez azt mint vagy csak ha kell lehet által amely ezt",
    "pl": "i w na z się nie jest to do że jak lub są przez dla od może ten ta oraz aby jeśli",
    "cs": "a v na se je to že s z do pro jako není jsou nebo by být když které který jen tak také",
    "sk": "a v na sa je to že s z do pre ako nie sú alebo by byť keď ktoré ktorý len tak aj",
    "sl": "in v na se je da z za so ali ki ne to kot tudi pri lahko če",
    "hr": "i u na se je da s za su ili koji ne to kao također pri može ako",
    "sr": "i u na se je da s za su ili koji ne to kao takođe pri može ako",
    "lt": "ir yra kad su ar į iš kaip tai bei jei gali nėra buvo šis",
    "lv": "un ir ka ar no uz vai lai par kā arī tas šo nav var ja",
    "ro": "și este sunt de la în cu pe un o nu ca care pentru se sau dacă mai prin",
    "tr": "ve bir bu için ile da de olarak daha gibi ya veya ne çok olan değil ise",
    "id": "dan yang di ke dari ini itu untuk dengan tidak adalah akan dapat atau pada anda juga",
    "vi": "và của là có được các cho không một trong này với những khi để người bạn",
}
STOPSETS = {k: set(v.split()) for k, v in STOP.items()}
EN_ONLY = {k: STOPSETS["en"] - v for k, v in STOPSETS.items()}
DIACRITICS = {
    "de": "äöüß", "fr": "éèêàçùœ", "es": "ñáéíóú¿¡", "it": "àèéìòù", "pt": "ãõçáéâêó",
    "ca": "àèéíòóúç·", "sv": "åäö", "da": "æøå", "nb": "æøå", "nn": "æøå", "fi": "äö",
    "et": "äöõüšž", "hu": "áéíóöőúüű", "pl": "ąćęłńóśźż", "cs": "áčďéěíňóřšťúůýž",
    "sk": "áäčďéíĺľňóôŕšťúýž", "sl": "čšž", "hr": "čćđšž", "sr": "čćđšž", "lt": "ąčęėįšųūž",
    "lv": "āčēģīķļņšūž", "ro": "ăâîșțşţ", "tr": "çğıöşü", "vi": "ăâđêôơư", "nl": "éëï",
    "gl": "ñáéíóú", "eu": "ñ", "id": "",
}
WORD_RE = re.compile(r"[^\W\d_]+", re.U)


def lang_check(text, lang, short):
    """Returns (ok, variant)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False, None
    n = len(letters)
    def share(ranges):
        return sum(1 for c in letters if in_ranges(c, ranges)) / n
    if lang in CYRILLIC_LANGS:
        s = share(SCRIPTS["cyr"])
        if s >= 0.7:
            return True, None
        if lang == "sr" and s < 0.05:
            ok, _ = latin_check(text, "sr", short)
            return ok, "Latn"
        return False, None
    if lang in ("ar", "fa", "he", "el", "hi", "km", "dz", "ko"):
        return share(SCRIPTS[lang]) >= 0.6, None
    if lang == "ja":
        return (share(SCRIPTS["kana"] + SCRIPTS["han"]) >= 0.5
                and share(SCRIPTS["kana"]) >= 0.05), None
    if lang == "zh":
        return (share(SCRIPTS["han"]) >= 0.6 and share(SCRIPTS["kana"]) == 0), None
    if lang in STOPSETS:
        return latin_check(text, lang, short)
    return False, None


def latin_check(text, lang, short):
    letters = [c for c in text if c.isalpha()]
    if sum(1 for c in letters if c.isascii() or unicodedata.name(c, "").startswith("LATIN")) / len(letters) < 0.9:
        return False, None
    words = [w.lower() for w in WORD_RE.findall(text)]
    own = sum(1 for w in words if w in STOPSETS[lang])
    if lang == "en":
        return (own >= 2 or (short and own >= 1)), None
    en = sum(1 for w in words if w in EN_ONLY[lang])
    dia = any(c in DIACRITICS.get(lang, "") for c in text.lower())
    if short:
        return (en == 0 and (own >= 1 or dia)), None
    return (own >= 2 and own > 2 * en and en <= max(1, len(words) // 12)), None


# ---------------------------------------------------------------------------
# Prose / code shape filters
# ---------------------------------------------------------------------------
END_PUNCT = tuple(".!?:;…。！？：；」』)）\"”»«“'’")
CJK_LANGS = {"ja", "zh", "ko"}


def is_cjk(lang):
    return lang in ("ja", "zh")


def code_like(text):
    special = sum(text.count(c) for c in "{}[]<>=|\\$#_/*`~")
    if special / max(1, len(text)) > 0.04:
        return True
    if re.search(r"(^|\s)(--?[a-zA-Z][\w-]*|\./|sudo |apt-get |\$ |# )", text) and len(re.findall(r"(^|\s)--?[a-zA-Z]", text)) >= 3:
        return True
    if re.search(r"[a-z]+\([^)]*\)\s*;|:=|==|&&|\|\||->|=>", text):
        return True
    if len(re.findall(r"https?://|www\.", text)) >= 2:
        return True
    return False


def shape_ok(text, lang, code_share):
    L = len(text)
    if L < 20 or L > 1200:
        return None
    short = L < 60
    if code_share > 0.25 or code_like(text):
        return None
    if sum(c.isdigit() for c in text) / L > 0.15:
        return None
    if is_cjk(lang):
        if sum(1 for c in text if ord(c) > 0x2E80) < (8 if short else 15):
            return None
    else:
        words = text.split()
        if len(words) < (3 if short else 6):
            return None
        if not short and max(len(w) for w in words) > 60:
            return None
    if not short and not text.endswith(END_PUNCT):
        return None
    first = next((c for c in text if c.isalpha()), "")
    if short and (first.islower() or text.endswith((",", "-", "(", "–"))):
        return None
    if short:
        # a caption/short sentence: not a title-cased label, not a file name
        if text.count(" ") < 2 and not is_cjk(lang):
            return None
        if re.search(r"\.\w{2,4}$", text):
            return None
    return short


# ---------------------------------------------------------------------------
# Topic keywords (hard negatives)
# ---------------------------------------------------------------------------
TOPICS = {
    "cookies": {
        "*": ["cookie"],
        "de": ["keks"], "fr": ["témoin"], "es": ["galleta"], "ca": ["galet"],
        "hr": ["kolačić"], "sl": ["piškot"], "sr": ["колачић", "kolačić"], "lt": ["slapuk"],
        "lv": ["sīkdatn"], "et": ["küpsis"], "fi": ["eväste"], "hu": ["süti", "sütik"],
        "pl": ["ciasteczk"], "cs": ["sušenk"], "sk": ["koláčik"], "ru": ["куки", "кук"],
        "uk": ["кукі", "куки"], "bg": ["бисквитк"], "el": ["μπισκότ"], "he": ["עוגי"],
        "ar": ["كعك", "الكوكيز", "ملفات تعريف الارتباط"], "ja": ["クッキー"], "zh": ["小甜饼", "缓存数据"],
        "ko": ["쿠키"], "tr": ["çerez"], "id": ["kuki"], "nb": ["infokaps", "informasjonskaps"],
        "da": ["infokaps"], "sv": ["kakor", "kakan"], "mk": ["колачињ"],
    },
    "privacy": {
        "en": ["privacy", "personal data", "data protection", "personal information"],
        "de": ["datenschutz", "privatsphäre", "personenbezogen", "persönliche daten", "persönlichen daten"],
        "fr": ["vie privée", "confidentialité", "données personnelles"],
        "es": ["privacidad", "datos personales"], "ca": ["privadesa", "dades personals"],
        "it": ["privacy", "riservatezza", "dati personali"], "pt": ["privacidade", "dados pessoais"],
        "nl": ["privacy", "persoonsgegevens", "persoonlijke gegevens"],
        "pl": ["prywatnoś", "dane osobowe", "danych osobowych"],
        "ru": ["конфиденциальн", "приватност", "персональные данные", "персональных данных"],
        "uk": ["приватн", "конфіденційн", "персональн"], "bg": ["поверителност", "лични данни", "личните данни"],
        "cs": ["soukromí", "osobní údaj", "osobních údaj"], "sk": ["súkromi", "osobné údaje", "osobných údajov"],
        "sl": ["zasebnost", "osebni podatki", "osebnih podatkov"], "hr": ["privatnost", "osobni podaci", "osobnih podataka"],
        "sr": ["приватност", "privatnost", "лични подаци"], "da": ["privatliv", "personoplysning", "personlige data"],
        "sv": ["integritet", "personuppgift", "personlig information"], "nb": ["personvern", "personopplysning"],
        "fi": ["yksityisyy", "tietosuoj", "henkilötie"], "et": ["privaatsus", "isikuandme"],
        "lv": ["privātum", "personas dati", "personas datu"], "lt": ["privatum", "asmens duomen"],
        "hu": ["adatvédelm", "magánszféra", "személyes adat"], "ro": ["confidențialitat", "viața privată", "viață privată", "date personale", "datelor personale"],
        "el": ["απόρρητο", "ιδιωτικότητ", "προσωπικά δεδομένα", "προσωπικών δεδομένων"],
        "tr": ["gizlilik", "kişisel veri", "mahremiyet"], "he": ["פרטיות"], "ar": ["خصوصية", "الخصوصية", "البيانات الشخصية"],
        "ja": ["プライバシー", "個人情報"], "zh": ["隐私", "隱私", "个人信息", "個人資料", "個人資訊"],
        "ko": ["개인정보", "개인 정보", "프라이버시", "사생활"], "vi": ["quyền riêng tư", "riêng tư", "dữ liệu cá nhân"],
        "id": ["privasi", "data pribadi"], "mk": ["приватност"], "eu": ["pribatutasun"], "gl": ["privacidade"],
    },
    "consent": {
        "en": ["consent"], "de": ["einwilligung", "einwilligen", "zustimmung"], "fr": ["consentement", "consentir"],
        "es": ["consentimiento"], "ca": ["consentiment"], "it": ["consenso"], "pt": ["consentimento"],
        "pl": ["zgoda", "zgody", "zgodę"], "ru": ["согласие", "согласия"],
        "uk": ["згода", "згоди", "згоду"], "bg": ["съгласие"], "cs": ["souhlas"], "sk": ["súhlas"],
        "sl": ["soglasj", "privolitev"], "hr": ["pristan", "privol"], "sr": ["сагласност", "пристан", "saglasnost"],
        "da": ["samtykke"], "sv": ["samtycke"], "nb": ["samtykke"], "fi": ["suostumu"], "et": ["nõusolek"],
        "lv": ["piekrišan"], "lt": ["sutikim"], "hu": ["hozzájárulás", "beleegyez"], "ro": ["consimțământ", "acord"],
        "el": ["συναίνεσ", "συγκατάθεσ"], "tr": ["rıza", "onayınız"], "he": ["הסכמה"], "ar": ["موافقة", "الموافقة"],
        "ja": ["同意"], "zh": ["同意"], "ko": ["동의"], "vi": ["đồng ý", "chấp thuận"], "id": ["persetujuan"],
    },
    "advertising": {
        "en": ["advertis", "sponsor", " ads ", " ads.", " ads,"], "de": ["werbung", "werbe", "sponsor", "reklame"],
        "fr": ["publicit", "sponsoris", "annonceur"], "es": ["publicidad", "publicitari", "anuncio", "patrocin"],
        "ca": ["publicitat", "anunci", "patrocin"], "it": ["pubblicit", "sponsor", "inserzion"],
        "pt": ["publicidade", "anúncio", "patrocin", "publicitári"], "nl": ["advertent", "reclame", "gesponsor"],
        "pl": ["reklam", "sponsor"], "ru": ["реклам", "спонсор"], "uk": ["реклам", "спонсор"], "bg": ["реклам", "спонсор"],
        "cs": ["reklam", "inzer", "sponzor"], "sk": ["reklam", "sponzor", "inzer"], "sl": ["oglas", "sponzor"],
        "hr": ["oglas", "reklam", "sponzor"], "sr": ["реклам", "оглас", "спонзор", "reklam", "oglas"],
        "da": ["reklame", "annonce", "sponsor"], "sv": ["reklam", "annons", "sponsr", "sponsor"], "nb": ["reklame", "annonse", "sponse"],
        "fi": ["mainos", "sponsor"], "et": ["reklaam", "sponsor"], "lv": ["reklām", "sponsor"], "lt": ["reklam", "rėmėj"],
        "hu": ["reklám", "hirdet", "szponzor"], "ro": ["reclam", "publicitat", "sponsor"], "el": ["διαφήμισ", "διαφημισ", "χορηγ"],
        "tr": ["reklam", "sponsor"], "he": ["פרסומ", "חסות"], "ar": ["إعلان", "الإعلانات", "إعلانات", "الإعلان", "رعاية"],
        "ja": ["広告", "スポンサー"], "zh": ["广告", "廣告", "赞助", "贊助"], "ko": ["광고", "스폰서"],
        "vi": ["quảng cáo", "tài trợ"], "id": ["iklan", "sponsor"], "mk": ["реклам"],
    },
    "tracking": {
        "*": ["tracker", "tracking"],
        "de": ["aktivitätenverfolgung", "verfolgung", "nachverfolg", "verfolgen"], "fr": ["pistage", "traqueur", "traçage", "pister"],
        "es": ["rastreo", "rastreador", "rastrear"], "ca": ["seguiment", "rastrejador", "rastreig"],
        "it": ["tracciament", "traccian"], "pt": ["rastreamento", "rastreador", "rastrear"],
        "nl": ["gevolgd worden", "volgen u", "u volgen"], "pl": ["śledzen", "śledząc", "śledzi"], "ru": ["отслежива", "трекер", "слежк"],
        "uk": ["стеження", "відстеж", "трекер", "стежать"], "bg": ["проследява"], "cs": ["sledov", "sledující"],
        "sk": ["sledovan", "sledovac", "sledujú"], "sl": ["sledil", "sledenj"], "hr": ["praćenj", "pratitelj"],
        "sr": ["праћењ", "пратиоц", "praćenj"], "da": ["sporing", "sporer"], "sv": ["spårning", "spårar", "spåra"],
        "nb": ["sporing", "sporer"], "fi": ["seuran", "seurain"], "et": ["jälgi"], "lv": ["izsekot", "izsekoš", "izseko"],
        "lt": ["sekim", "sekikl"], "hu": ["nyomkövet", "követés"], "ro": ["urmărire", "urmărit", "urmăresc"],
        "el": ["παρακολούθησ", "ανιχνευτ", "ιχνηλάτ"], "tr": ["izleme", "izleyici", "takip"], "he": ["מעקב", "עוקב"],
        "ar": ["تتبع", "التتبع", "المتتبعات", "متتبع", "تتعقب", "المتعقبات", "التعقب"], "ja": ["トラッキング", "追跡", "トラッカー"],
        "zh": ["跟踪", "追踪", "追蹤", "跟蹤"], "ko": ["추적"], "vi": ["theo dõi"], "id": ["pelacak", "pelacakan"],
    },
}
# tracking/consent words are ambiguous in office/graphics manuals ("track changes",
# "agree"): for those sources only the unambiguous words count.
# (and "bug tracking system", "sponsor"ed uploads in Debian docs), so documentation sources
# use STRICT for those two topics; the browser/extension sources use the full tables.
BROWSER_SOURCES = ("firefox-esr-l10n", "thunderbird-l10n", "webext-privacy-badger")
STRICT = {"tracking": {"*": ["web tracking", "tracking protection", "tracking cookie", "cross-site tracking", "online tracking"]},
          "consent": {"en": ["consent"], "de": ["einwilligung"], "fr": ["consentement"],
                      "es": ["consentimiento"], "it": ["consenso"], "pt": ["consentimento"]}}
ARABIC_NORM = str.maketrans("", "", "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640")


def topic_of(text, lang, pkg):
    t = " " + text.lower().translate(ARABIC_NORM) + " "
    strict = not pkg.startswith(BROWSER_SOURCES)
    for topic in ("cookies", "advertising", "tracking", "consent", "privacy"):
        table = STRICT[topic] if (strict and topic in STRICT) else TOPICS[topic]
        kws = table.get("*", []) + table.get(lang, []) + (table.get("en", []) if lang != "en" and topic in ("cookies",) else [])
        for kw in kws:
            if kw in t:
                return topic
    return None


# ---------------------------------------------------------------------------
# Per-source language of a file
# ---------------------------------------------------------------------------
def lang_from_path(pkg, rel, fixed):
    if pkg in GNOME_HELP:
        m = re.match(r"usr/share/help/([A-Za-z_@]+)/", rel)
        if not m or m.group(1) == "C":
            return None
        return norm_lang(m.group(1))
    if pkg == "installation-guide-amd64":
        m = re.match(r"usr/share/doc/installation-guide-amd64/([A-Za-z_]+)/", rel)
        return norm_lang(m.group(1)) if m else None
    return norm_lang(fixed) if fixed else None


def file_list(pkg, root, kind):
    files = []
    for dp, dn, fn in os.walk(root):
        for f in fn:
            files.append(os.path.relpath(os.path.join(dp, f), root))
    files.sort()
    if kind == "html":
        files = [f for f in files if f.endswith((".html", ".htm")) and "/_static/" not in f
                 and "/_sources/" not in f and not f.endswith(("genindex.html", "search.html"))]
        if pkg.startswith("libreoffice-help"):
            files = [f for f in files if "/text/" in f]
        if pkg.startswith("developers-reference"):
            files = [f for f in files if not f.endswith("/developers-reference.html")]
        return files
    if kind == "mallard":
        return [f for f in files if f.startswith("usr/share/help/") and f.endswith(".page")]
    if kind == "man":
        files = [f for f in files if f.endswith(".gz") and "/man/" in f and "/man/" in f]
        if pkg == "manpages-zh":
            files = [f for f in files if "/zh_CN/" in f]
        return files
    return files


def spread(items, cap):
    n = len(items)
    if n <= cap:
        return list(items)
    return [items[(i * n) // cap] for i in range(cap)]


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in glob.glob(os.path.join(OUT, "*.jsonl")):   # this directory is ours alone
        os.remove(old)
    seen = set()
    summary = []
    doc_sources = {}   # lang -> number of documentation sources used
    for pkg, ver, kind, fixed in build_sources():
        is_doc = kind in ("html", "man", "mallard")
        if is_doc and fixed and doc_sources.get(norm_lang(fixed), 0) >= MAX_DOC_SOURCES:
            print(f"{pkg}: skipped ({norm_lang(fixed)} has {MAX_DOC_SOURCES} sources)", flush=True)
            continue
        root = fetch(pkg, ver)
        if root is None:
            continue
        source = f"debian:{pkg}@{ver}"
        cand = []   # (doc, lang, kind, text, code_share)
        if is_doc:
            for rel in file_list(pkg, root, kind):
                lang = lang_from_path(pkg, rel, fixed)
                if lang is None:
                    continue
                blocks = man_blocks(os.path.join(root, rel)) if kind == "man" else html_blocks(os.path.join(root, rel))
                for k, t, share in blocks:
                    cand.append((rel, lang, k, t, share))
        elif kind == "ftl":
            for rel, k, t, share in ftl_blocks(root):
                cand.append((rel, norm_lang(fixed), k, t, share))
        elif kind == "webext":
            for rel, lang, t in webext_blocks(root):
                cand.append((rel, norm_lang(lang), "prose", t, 0.0))
        groups = {}
        codes = []
        for rel, lang, k, t, share in cand:
            if k == "code":
                if 20 <= len(t) <= 1200 and t.strip() and len(t.split("\n")) <= 25:
                    codes.append((rel, lang, t))
                continue
            short = shape_ok(t, lang, share)
            if short is None:
                continue
            ok, variant = lang_check(t, lang, short)
            if not ok:
                continue
            key = re.sub(r"\W+", "", t.lower())
            if key in seen:
                continue
            seen.add(key)
            topic = topic_of(t, lang, pkg)
            groups.setdefault(lang, []).append((rel, short, t, topic, variant))
        records = []
        cap_long, cap_short = (CAP_LONG, CAP_SHORT) if is_doc else (CAP_LONG_UI, CAP_SHORT_UI)
        for lang in sorted(groups):
            if is_doc and doc_sources.get(lang, 0) >= MAX_DOC_SOURCES:
                continue
            items = groups[lang]
            topical = [x for x in items if x[3]]
            longs = [x for x in items if not x[3] and not x[1]]
            shorts = [x for x in items if not x[3] and x[1]]
            if is_doc and len(longs) < 20:   # too little text to count as a source
                continue
            if is_doc:
                doc_sources[lang] = doc_sources.get(lang, 0) + 1
            chosen = topical + spread(longs, cap_long) + spread(shorts, cap_short)
            order = {id(x): i for i, x in enumerate(items)}
            chosen.sort(key=lambda x: order[id(x)])
            for rel, short, t, topic, variant in chosen:
                rec = {"doc": rel, "kind": "prose", "lang": lang, "short": short,
                       "source": source, "text": t, "topic": topic}
                if variant:
                    rec["variant"] = variant
                records.append(rec)
        # code snippets: dedupe, spread over the source
        cseen = []
        kept_langs = {r["lang"] for r in records}
        for rel, lang, t in codes:
            if lang not in kept_langs:
                continue
            key = t.strip()
            if key in seen:
                continue
            seen.add(key)
            cseen.append((rel, lang, t))
        for rel, lang, t in spread(cseen, CAP_CODE):
            records.append({"doc": rel, "kind": "code", "lang": lang, "short": False,
                            "source": source, "text": t, "topic": None})
        slug = re.sub(r"[^a-z0-9]+", "-", pkg.lower()).strip("-")
        path = os.path.join(OUT, slug + ".jsonl")
        if records:
            with open(path, "w", encoding="utf-8") as fh:
                for r in records:
                    fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
        elif os.path.exists(path):
            os.remove(path)
        cnt = {}
        for r in records:
            cnt.setdefault(r["lang"], [0, 0, 0])
            cnt[r["lang"]][0 if r["kind"] == "prose" else 2] += 1
            if r["topic"]:
                cnt[r["lang"]][1] += 1
        summary.append((slug, cnt))
        print(f"{slug}: " + ", ".join(f"{l}={c[0]}(t{c[1]},c{c[2]})" for l, c in sorted(cnt.items())), flush=True)


if __name__ == "__main__":
    main()
