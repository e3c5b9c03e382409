#!/usr/bin/env python3
"""Harvest hard negatives: real prose paragraphs that DISCUSS cookies, consent, privacy,
tracking or advertising (documentation, help pages, READMEs), which a consent-banner or
ad-notice detector must NOT flag.

Run from the repository root:

    python3 corpus/build/harvest_negatives.py

What it does
------------
* Downloads pinned packages into ``corpus/.cache/negatives/`` (gitignored):
  Debian packages with ``apt-get download NAME=VERSION`` (unpacked with ``dpkg-deb -x``),
  npm packages with ``npm pack NAME@VERSION``.
* Extracts paragraphs of running prose:
  - KDE handbooks (``usr/share/doc/HTML/<lang>/**/index.cache.bz2``, rendered DocBook HTML):
    the text of ``<p>`` elements;
  - GNOME Mallard help (``usr/share/help/<lang>/<app>/*.page`` and included ``*.xml``): ``<p>``;
  - the Apache HTTP Server manual (``manual/<lang>/mod/*.html``): ``<p>`` outside ``<pre>``;
  - plain-text READMEs (paragraphs separated by blank lines);
  - npm READMEs / CHANGELOGs (Markdown): code blocks, tables, lists, headings, HTML blocks,
    block quotes and front matter are dropped; inline markup (links, emphasis, code spans)
    is reduced to its text.
* Keeps only paragraphs that match a topic keyword (multilingual lists below). Topic:
  consent > cookies > advertising > tracking > privacy (first that matches).
* Filters: 40..1200 characters after whitespace collapse; no code-like text; no paragraph
  that quotes banner/button text (a quoted or code-span string such as "we use cookies",
  "Accept all", "Got it"); a cheap language check (script share for non-Latin scripts,
  English function words for Latin-script languages) drops untranslated or doubtful text.
  For npm READMEs the language is detected, not assumed; undetermined ones are dropped.
* At most CAP paragraphs per (package, language), chosen spread evenly over the candidates
  in document order; exact duplicates removed (first source in SOURCES order keeps a text).
* Writes ``corpus/pools/negatives/<source-slug>.jsonl``: one object per line with keys
  doc, kind ("prose"), lang, short (len < 60), source ("<registry>:<package>@<version>"),
  text, topic, and an optional variant (original locale tag, e.g. sr@latin, pt_BR);
  keys sorted, ensure_ascii=False.

Text is only extracted and cleaned, never rewritten. Deterministic: pinned versions, sorted
file lists, no randomness.
"""
import bz2
import html
import html.parser
import json
import os
import re
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CACHE = os.path.join(ROOT, "corpus", ".cache", "negatives")
OUT = os.path.join(ROOT, "corpus", "pools", "negatives")
CAP = 150

# (registry, package, version, extractor, license)
DEBIAN = [
    ("kio", "5.103.0-1+deb12u1", "kde", "LGPL-2.0+/GPL-2.0 (debian/copyright; KCM handbooks carry no own notice)"),
    ("konqueror", "4:22.12.3-1", "kde", "GFDL (handbook notice); GPL-2+ (code)"),
    ("kmail", "4:22.12.3-1", "kde", "GFDL-1.2+ (debian/copyright, handbook notice)"),
    ("akregator", "4:22.12.3-1", "kde", "GFDL-1.2+ (debian/copyright, handbook notice)"),
    ("epiphany-browser-data", "43.1-1", "mallard", "CC-BY-SA-3.0 (help/*, debian/copyright)"),
    ("evolution-common", "3.46.4-2+deb12u1", "mallard", "CC-BY-SA-3.0 (help legal.xml)"),
    ("plasma-desktop-data", "4:5.27.5-2", "kde", "GPL-2+ (debian/copyright; KCM handbooks carry no own notice)"),
    ("python-django-doc", "3:3.2.25-0+deb12u7", "sphinx", "BSD-3-Clause"),
    ("apache2-doc", "2.4.71-1~deb12u1", "apache", "Apache-2.0"),
    ("w3m", "0.5.3+git20230121-2", "w3m", "w3m licence (permissive, debian/copyright)"),
]
NPM = [
    "js-cookie@3.0.8", "tough-cookie@6.1.0", "cookie@2.0.2", "cookie-parser@1.4.7",
    "cookies@0.9.2", "universal-cookie@8.1.2", "cookies-next@6.1.1", "nookies@2.5.2",
    "react-cookie-consent@10.0.2", "vanilla-cookieconsent@3.1.0", "@iabtcf/core@1.5.6",
    "analytics@0.8.19", "insight@0.12.0", "expo-tracking-transparency@57.0.2",
    "react-ga4@3.0.1", "vue-cookies@1.8.6", "@web-tracing/core@2.1.2",
    "titbit-toolkit@2.3.10", "nuxt-simple-cookie-consent@1.1.12",
    "react-cookie-manager@5.4.1", "iron-session@9.0.1", "cookie-session@2.1.1",
    "@scarf/scarf@1.4.0", "store@2.0.12", "@microsoft/clarity@1.0.2",
    "@duckduckgo/autoconsent@16.23.0", "@segment/consent-manager@5.8.1",
    "@ghostery/adblocker@2.18.2", "puppeteer-extra-plugin-adblocker@2.13.6",
    "consent-string@1.5.2", "gatsby-plugin-gdpr-cookies@2.0.10",
    "@beyonk/gdpr-cookie-consent-banner@16.0.2", "@hashicorp/react-consent-manager@9.3.0",
    "blockadblock@3.2.1", "analytics-plugin-do-not-track@0.1.5",
    "@snowplow/browser-plugin-consent@3.24.6", "@use-cookie-consent/core@0.3.6",
    "posthog-js@1.449.2", "mixpanel-browser@2.83.0", "plausible-tracker@0.3.9",
    "@vercel/analytics@2.0.1", "react-cookie@8.1.2", "ngx-cookie-service@22.0.0",
    "@react-native-cookies/cookies@6.2.1", "@segment/analytics-next@1.84.3",
    "adblock-detect-react@1.3.1", "just-detect-adblock@1.1.0", "universal-analytics@0.5.4",
    "react-ga@3.3.1", "fetch-cookie@3.2.0", "http-cookie-agent@8.0.0",
]
# Help pages that are about a topic as a whole: their paragraphs get that topic even when
# a paragraph names it only implicitly (e.g. "Sites usually set the same one again").
DOC_TOPIC = [
    (re.compile(r"cookie", re.I), "cookies"),
    (re.compile(r"adblock", re.I), "advertising"),
    (re.compile(r"/(browse-private|data-personal-data)\.page$"), "privacy"),
]
NPM_DOC_RE = re.compile(r"(^|/)(readme|changelog|history|migration)[^/]*\.(md|markdown)$|"
                        r"(^|/)docs?/[^/]+\.md$", re.I)
NPM_SKIP_DIRS = ("node_modules/", ".github/", "test/", "tests/", "__tests__/", "ci/")
NPM_SKIP_FILES = ("AGENTS.md", "CLAUDE.md", "LICENSE.md", "SECURITY.md")

# ---------------------------------------------------------------------------
# Topic keywords (lower-cased text is searched; substrings)
TOPICS = [
    ("consent", [
        "re:consent(s|ed|ing)?(?![^\\W\\d_])", "gdpr", "ccpa", "eprivacy", "dsgvo", "einwilligung", "zustimmung",
        "rgpd", "consentement", "consentimiento", "consentimento", "consenso", "toestemming",
        "samtyk", "suostumu", "zgoda", "zgody", "zgodę", "souhlas", "súhlas", "согласи",
        "згода", "згоди", "згоду", "同意", "opt-in", "opt-out", "opt out", "opt in",
    ]),
    ("cookies", [
        "cookie", "куки", "кукі", "колачић", "kolačić", "galeta", "galetes", "keks", "evästee",
        "ciastecz", "süti", "sütik", "çerez", "쿠키", "クッキー", "小甜饼", "κουλουράκ",
        "biscoit", "piškot", "kakor", "kakan", "informasjonskaps", "košíč", "sušenk", "fursec", "slapuk", "sīkdat", "küpsis",
    ]),
    ("advertising", [
        "advert", "adblock", "ad block", "ad-block", "ads", "werbung", "werbe", "werbetreib", "publicité",
        "publicidad", "publicidade", "pubblicit", "reclame", "reclamă", "advertent", "reklam",
        "реклам", "广告", "広告", "광고", "annonceur", "mainos", "διαφήμ", "hirdet", "oglas",
        "sponsor",
    ]),
    ("tracking", [
        "track", "analytics", "tracker", "fingerprinting", "pistage", "rastreo", "rastreament",
        "rastreio", "tracciament", "śledzen", "śledzi", "sledování", "sledovan", "отслеж",
        "відстеж", "трекинг", "追踪", "跟踪", "埋点", "追跡", "トラッキング", "추적", "spårning",
        "sporing", "seurant", "izleme", "praćenj", "праћењ", "nachverfolg", "do not track",
        "beacon", "web bug", "webbug",
    ]),
    ("privacy", [
        "privacy", "privatsphäre", "datenschutz", "personenbezogen", "personal data",
        "vie privée", "confidentialit", "privacidad", "privacidade", "riservatezz",
        "privatezza", "prywatnoś", "soukrom", "súkrom", "конфиденц", "конфіденц", "приватност",
        "приватніст", "личные данные", "личных данных", "особисті дані", "особистих даних",
        "隐私", "隱私", "プライバシー", "개인정보", "개인 정보", "integritet", "personvern", "privatliv",
        "yksityisyy", "gizlilik", "kişisel veri", "privatnost", "adatvéd", "magánszf",
        "ιδιωτικ", "dati personali", "données personnelles", "datos personales",
        "dados pessoais", "persoonsgegevens", "personuppgift", "personlige data",
        "personoplysning", "dane osobowe", "danych osobowych", "osobní údaj", "osobních údajů",
        "персональн", "个人信息", "個人情報", "anonym", "анонимн", "анонімн",
    ]),
]
WORD_END = {"ads", "keks", "werbe"}
TOPIC_RES = [(name, re.compile("|".join(
    "(?<![^\\W\\d_])" + k[3:] if k.startswith("re:") else
    ("(?<![^\\W\\d_])" if k[0].isalpha() and script_ok else "") + re.escape(k)
    + ("(?![^\\W\\d_])" if k in WORD_END else "")
    for k in kws for script_ok in [ord(k[0]) < 0x2E80]), re.I)) for name, kws in TOPICS]

# Banner / button text that must not appear quoted or in a code span.
BANNER_RE = re.compile(
    r"(we use cookies|this (web)?site uses cookies|uses cookies to|best experience|"
    r"accept all|accept cookies|reject all|decline|allow all|allow cookies|got it|"
    r"i agree|i accept|i understand|learn more|more info|manage (your )?(cookie )?preferences|"
    r"cookie settings|cookie policy|by (continuing|clicking|using)|"
    r"wir verwenden cookies|diese website verwendet|akzeptieren|alle ablehnen|"
    r"nous utilisons des cookies|accepter|refuser|utilizamos cookies|aceptar|rechazar|"
    r"本网站使用|我们使用|接受|拒绝|同意する|拒否)", re.I)
QUOTE_RE = re.compile(r"\"([^\"]{2,200})\"|“([^”]{2,200})”|„([^“”]{2,200})[“”]|«([^»]{2,200})»|"
                      r"「([^」]{2,200})」|『([^』]{2,200})』|'([^']{4,200})'")

EN_STOP = set("the of and to is in that it for with as on are be this by or an can you your "
              "if not from which will when use used at".split())
STOPS = {
    "de": "der die das und ist nicht ein eine zu mit von für auf den dem sie es werden wird",
    "fr": "le la les des est et une un dans pour que qui sur pas vous par avec ce",
    "es": "el la los las de que y en es una un para por con se del al no",
    "it": "il la le di che e è un una per non con si del della sono questo",
    "pt": "o a os as de que e em um uma para não com se do da é por",
    "nl": "de het een en van is dat niet op te met voor zijn er wordt worden",
    "ca": "el la els les de que i en és un una per no amb es del al",
    "sv": "och att det är en som på av för med inte den till kan om",
    "nb": "og å det er en som på av for med ikke den til kan om",
    "da": "og at det er en som på af for med ikke den til kan om",
    "pl": "i w na nie się z do to jest że jak o dla",
    "cs": "a v na je se že to s do pro jako z není",
    "hu": "a az és hogy nem egy van is meg ez be",
    "sl": "in je na se da za ne v so z tudi",
    "id": "dan yang di ini untuk dengan tidak dari itu ke",
    "tr": "ve bir bu için ile da de olarak çok daha",
    "et": "ja on et see ei ka kui oma",
    "eu": "eta da ez bat du dira",
    "gl": "o a os as de que e en un unha para non con se do da é",
    "fur": "e di che a la il al no",
}
NONLATIN = {
    "ru": "cyr", "uk": "cyr", "bg": "cyr", "sr": "cyr", "mk": "cyr", "el": "grek",
    "ja": "jpan", "zh": "hani", "ko": "hang", "he": "hebr", "ar": "arab",
}


def script_of(ch):
    o = ord(ch)
    if 0x400 <= o <= 0x4FF:
        return "cyr"
    if 0x370 <= o <= 0x3FF or 0x1F00 <= o <= 0x1FFF:
        return "grek"
    if 0x3040 <= o <= 0x30FF:
        return "kana"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
        return "hani"
    if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF:
        return "hang"
    if 0x590 <= o <= 0x5FF:
        return "hebr"
    if 0x600 <= o <= 0x6FF:
        return "arab"
    if ch.isalpha():
        return "latn"
    return None


def script_counts(text):
    c = {}
    for ch in text:
        s = script_of(ch)
        if s:
            c[s] = c.get(s, 0) + 1
    return c


def words(text):
    return re.findall(r"[^\W\d_]+", text.lower())


def en_share(text, lang=None):
    """Share of English function words; those that are also function words of `lang`
    (e.g. nl "in", "is") are not counted."""
    w = words(text)
    own = set(STOPS.get(lang, "").split())
    return (sum(1 for x in w if x in EN_STOP and x not in own) / len(w)) if w else 0.0


def lang_ok(text, lang, variant=None):
    """Cheap check that `text` is in `lang` (known from the source path)."""
    c = script_counts(text)
    tot = sum(c.values()) or 1
    if lang == "sr" and variant == "sr@latin":
        return c.get("latn", 0) / tot > 0.85 and en_share(text) < 0.08
    if lang in NONLATIN:
        sc = NONLATIN[lang]
        if sc == "jpan":
            share = (c.get("kana", 0) + c.get("hani", 0)) / tot
            return share > 0.5 and c.get("kana", 0) > 0
        if sc == "hani":
            return c.get("hani", 0) / tot > 0.5 and c.get("kana", 0) == 0
        return c.get(sc, 0) / tot > 0.6
    if c.get("latn", 0) / tot < 0.9:
        return False
    if lang == "en":
        return en_share(text) >= 0.12
    if en_share(text, lang) >= 0.08:
        return False
    st = STOPS.get(lang)
    if st:
        w = words(text)
        sw = set(st.split())
        return sum(1 for x in w if x in sw) >= 1
    return True


def detect_lang(text):
    """Language of a README paragraph, or None when doubtful."""
    c = script_counts(text)
    tot = sum(c.values()) or 1
    if (c.get("hani", 0) + c.get("kana", 0)) / tot > 0.3:
        return "ja" if c.get("kana", 0) >= 3 else "zh"
    if c.get("cyr", 0) / tot > 0.6:
        return "uk" if re.search(r"[іїєґ]", text.lower()) else "ru"
    if c.get("latn", 0) / tot > 0.95 and en_share(text) >= 0.15:
        return "en"
    w = words(text)
    best, bn = None, 0
    for l, st in STOPS.items():
        sw = set(st.split())
        n = sum(1 for x in w if x in sw)
        if n > bn:
            best, bn = l, n
    if best:
        sw = set(STOPS[best].split())
        if len({x for x in w if x in sw and len(x) > 1}) < 2:
            return None
    if best and w and bn / len(w) >= 0.15 and en_share(text) < 0.08:
        return best
    return None


def topic_of(text):
    for name, rx in TOPIC_RES:
        if rx.search(text):
            return name
    return None


def norm_lang(tag):
    """Locale tag -> (ISO 639-1 code, variant or None)."""
    t = tag.replace("-", "_")
    base = t.split("_")[0].split("@")[0].lower()
    base = {"no": "nb", "c": "en"}.get(base, base)
    variant = tag if ("_" in t or "@" in t) else None
    return base, variant


def clean(text):
    text = html.unescape(text)
    text = text.replace("\u00ad", "").replace("\u200b", "")
    return re.sub(r"\s+", " ", text).strip()


CODEY = re.compile(r"(\{\{|\}\}|=>|\);|;\s*$|^\s*[<{\[]|</?[a-z]+[ >]|\$\(|\bfunction\s*\(|"
                   r"\bconst |\bvar |\bimport |\brequire\(|https?://\S+$|^\W)")


def good_text(text, lang):
    if not 40 <= len(text) <= 1200:
        return False
    if CODEY.search(text):
        return False
    if text.count("`") or text.count("|") >= 2:
        return False
    letters = sum(1 for ch in text if ch.isalpha())
    if letters / len(text) < 0.6:
        return False
    if lang not in ("zh", "ja", "ko") and len(words(text)) < 6:
        return False
    return True


def has_banner_quote(text, code_spans=()):
    for s in code_spans:
        if BANNER_RE.search(s) and len(s.split()) >= 1 and re.search(r"[A-Za-z\u4e00-\u9fff]{3}", s):
            return True
    for m in QUOTE_RE.finditer(text):
        q = next(g for g in m.groups() if g)
        if BANNER_RE.search(q):
            return True
    return False


# ---------------------------------------------------------------------------
# Extractors


class PCollector(html.parser.HTMLParser):
    """Collects the text of <p> elements (not inside <pre>/<table>/<code>-only)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.buf = None
        self.depth_pre = 0
        self.depth_table = 0
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self.depth_pre += 1
        elif tag == "table":
            self.depth_table += 1
        elif tag == "p":
            if self.buf is not None:
                self.out.append("".join(self.buf))
            self.buf = []
        elif tag in ("script", "style"):
            self.skip += 1
        elif tag == "br" and self.buf is not None:
            self.buf.append(" ")

    def handle_endtag(self, tag):
        if tag == "pre":
            self.depth_pre -= 1
        elif tag == "table":
            self.depth_table -= 1
        elif tag in ("script", "style"):
            self.skip -= 1
        elif tag in ("p", "div", "dd", "li", "td") and self.buf is not None:
            self.out.append("".join(self.buf))
            self.buf = None

    def handle_data(self, data):
        if self.buf is not None and not self.skip:
            if self.depth_pre or self.depth_table:
                self.buf.append("\x00")  # marks a paragraph holding code/table content
            else:
                self.buf.append(data)


def html_paragraphs(src):
    p = PCollector()
    p.feed(src)
    p.close()
    if p.buf is not None:
        p.out.append("".join(p.buf))
    return [clean(x) for x in p.out if "\x00" not in x]


MAL = "{http://projectmallard.org/1.0/}"


def mallard_paragraphs(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return []
    out = []
    parent = {c: p for p in root.iter() for c in p}

    def inside(el, names):
        while el in parent:
            el = parent[el]
            if el.tag in names:
                return True
        return False

    for el in root.iter(MAL + "p"):
        if inside(el, {MAL + "info", MAL + "code", MAL + "screen", MAL + "table"}):
            continue
        out.append(clean("".join(el.itertext())))
    return out


def text_paragraphs(src):
    return [clean(x) for x in re.split(r"\n\s*\n", src)]


INLINE_CODE = re.compile(r"`+([^`]*)`+")


def md_paragraphs(src):
    """Running-text paragraphs of a Markdown file, with their code spans."""
    src = src.replace("\r\n", "\n")
    src = re.sub(r"<!--.*?-->", "", src, flags=re.S)
    if src.startswith("---\n"):
        end = src.find("\n---", 4)
        if end > 0:
            src = src[end + 4:]
    lines = src.split("\n")
    blocks, cur, fence = [], [], None
    for ln in lines:
        s = ln.strip()
        if fence:
            if s.startswith(fence):
                fence = None
            continue
        m = re.match(r"(```+|~~~+)", s)
        if m:
            fence = m.group(1)[:3]
            if cur:
                blocks.append(cur)
            cur = []
            continue
        if not s:
            if cur:
                blocks.append(cur)
            cur = []
            continue
        cur.append(ln)
    if cur:
        blocks.append(cur)
    out = []
    for b in blocks:
        first = b[0]
        fs = first.strip()
        if (first.startswith("    ") or first.startswith("\t") or fs.startswith("#")
                or fs.startswith("|") or fs.startswith(">") or fs.startswith("<")
                or re.match(r"([-*+]|\d+[.)])\s", fs) or re.match(r"^[=\-]{3,}$", fs)
                or fs.startswith("[!") or fs.startswith("![")):
            continue
        if any(l.strip().startswith("|") or re.match(r"\s*([-*+]|\d+[.)])\s", l) for l in b[1:]):
            continue
        if len(b) > 1 and re.match(r"^[=\-]{3,}$", b[-1].strip()):
            continue  # setext heading
        t = " ".join(l.strip() for l in b)
        spans = INLINE_CODE.findall(t)
        t = INLINE_CODE.sub(lambda m: m.group(1), t)
        t = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", t)
        t = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", t)
        t = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", t)
        t = re.sub(r"<[^>]+>", "", t)
        t = re.sub(r"(\*\*|__|\*|~~)", "", t)
        t = re.sub(r"(?<!\w)_([^_]+)_(?!\w)", r"\1", t)
        out.append((clean(t), spans))
    return out


# ---------------------------------------------------------------------------
# Download


def run(cmd, cwd):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), r.stderr))
    return r.stdout


def deb_dir(pkg, ver):
    debs = os.path.join(CACHE, "debs")
    xdir = os.path.join(CACHE, "x", pkg)
    os.makedirs(debs, exist_ok=True)
    vq = ver.replace(":", "%3a")
    fn = [f for f in os.listdir(debs) if f.startswith(pkg + "_" + vq + "_")]
    if not fn:
        run(["apt-get", "download", "%s=%s" % (pkg, ver)], debs)
        fn = [f for f in os.listdir(debs) if f.startswith(pkg + "_" + vq + "_")]
    if not os.path.isdir(xdir):
        os.makedirs(os.path.dirname(xdir), exist_ok=True)
        run(["dpkg-deb", "-x", os.path.join(debs, sorted(fn)[0]), xdir], debs)
    return xdir


def npm_tgz(spec):
    d = os.path.join(CACHE, "npm")
    os.makedirs(d, exist_ok=True)
    name, ver = spec.rsplit("@", 1)
    fn = name.lstrip("@").replace("/", "-") + "-" + ver + ".tgz"
    p = os.path.join(d, fn)
    if not os.path.exists(p):
        run(["npm", "pack", "--silent", spec], d)
    return p


# ---------------------------------------------------------------------------


def walk(d):
    for base, dirs, files in os.walk(d):
        dirs.sort()
        for f in sorted(files):
            yield os.path.join(base, f)


def debian_candidates(pkg, ver, kind):
    """Yield (doc, lang, variant, text, code_spans)."""
    x = deb_dir(pkg, ver)
    for path in walk(x):
        rel = os.path.relpath(path, x)
        if kind == "kde":
            m = re.match(r"usr/share/doc/HTML/([^/]+)/.+/index\.cache\.bz2$", rel)
            if not m:
                continue
            tag = m.group(1)
            if tag in ("en_GB", "ca@valencia"):
                continue
            src = bz2.open(path).read().decode("utf-8", "replace")
            paras = html_paragraphs(src)
        elif kind == "mallard":
            m = re.match(r"usr/share/help/([^/]+)/[^/]+/[^/]+\.(page|xml)$", rel)
            if not m or rel.endswith("legal.xml"):
                continue
            tag = m.group(1)
            paras = mallard_paragraphs(path)
        elif kind == "sphinx":
            m = re.match(r"usr/share/doc/python-django-doc/html/(?!_)[^.]+\.html$", rel)
            if not m or os.path.islink(path):
                continue
            tag = "en"
            paras = html_paragraphs(open(path, encoding="utf-8", errors="replace").read())
        elif kind == "apache":
            m = re.match(r"usr/share/doc/apache2-doc/manual/(en|fr)/mod/mod_(usertrack|session[a-z_]*)"
                         r"\.html$", rel)
            if not m or os.path.islink(path):
                continue
            tag = m.group(1)
            paras = html_paragraphs(open(path, encoding="utf-8", errors="replace").read())
        elif kind == "w3m":
            if rel == "usr/share/doc/w3m/README.cookie":
                tag, src = "en", open(path, encoding="utf-8", errors="replace").read()
            elif rel == "usr/share/doc/w3m/ja/README.cookie.gz":
                import gzip
                raw = gzip.open(path).read()
                for enc in ("utf-8", "euc-jp", "iso-2022-jp"):
                    try:
                        src = raw.decode(enc)
                        break
                    except UnicodeDecodeError:
                        continue
                tag = "ja"
            else:
                continue
            # join hard-wrapped lines; Japanese lines join without a space
            paras = []
            for blk in re.split(r"\n\s*\n", src):
                ls = [l.strip() for l in blk.split("\n") if l.strip()]
                if tag == "ja":
                    paras.append(clean("".join(ls)))
                else:
                    paras.append(clean(" ".join(ls)))
        else:
            continue
        lang, variant = norm_lang(tag)
        for t in paras:
            yield rel, lang, variant, t, ()


def npm_candidates(spec):
    p = npm_tgz(spec)
    with tarfile.open(p) as tf:
        members = sorted((m for m in tf.getmembers() if m.isfile()), key=lambda m: m.name)
        for m in members:
            rel = m.name.split("/", 1)[1] if "/" in m.name else m.name
            if any(rel.startswith(s) or ("/" + s) in rel for s in NPM_SKIP_DIRS):
                continue
            if os.path.basename(rel) in NPM_SKIP_FILES or not NPM_DOC_RE.search(rel):
                continue
            src = tf.extractfile(m).read().decode("utf-8", "replace")
            for t, spans in md_paragraphs(src):
                lang = detect_lang(t)
                if lang:
                    yield rel, lang, None, t, spans


def npm_license(spec):
    with tarfile.open(npm_tgz(spec)) as tf:
        for m in tf.getmembers():
            if m.name.count("/") == 1 and m.name.endswith("/package.json"):
                d = json.load(tf.extractfile(m))
                lic = d.get("license") or d.get("licenses")
                if isinstance(lic, dict):
                    lic = lic.get("type")
                if isinstance(lic, list):
                    lic = " OR ".join(x.get("type", "") if isinstance(x, dict) else str(x) for x in lic)
                return lic or "?"
    return "?"


def is_short(t, lang):
    """Under 60 characters; under 30 for Chinese, Japanese and Korean."""
    return len(t) < (30 if lang in ("zh", "ja", "ko") else 60)


def spread(items, n):
    if len(items) <= n:
        return items
    return [items[(i * len(items)) // n] for i in range(n)]


def main():
    os.makedirs(OUT, exist_ok=True)
    sources = [("debian", p, v, k, lic) for p, v, k, lic in DEBIAN]
    for spec in NPM:
        name, ver = spec.rsplit("@", 1)
        sources.append(("npm", name, ver, "md", None))
    seen = set()
    stats = []
    for reg, pkg, ver, kind, lic in sources:
        if reg == "debian":
            cands = debian_candidates(pkg, ver, kind)
        else:
            cands = npm_candidates(pkg + "@" + ver)
            lic = npm_license(pkg + "@" + ver)
        per_lang = {}
        for doc, lang, variant, t, spans in cands:
            if not good_text(t, lang):
                continue
            if reg == "debian" and not lang_ok(t, lang, variant):
                continue
            topic = topic_of(t)
            if not topic and reg == "debian":
                topic = next((tp for rx, tp in DOC_TOPIC if rx.search(doc)), None)
            if not topic or has_banner_quote(t, spans):
                continue
            key = (lang, t)
            if key in seen:
                continue
            seen.add(key)
            rec = {"doc": doc, "kind": "prose", "lang": lang, "short": is_short(t, lang),
                   "source": "%s:%s@%s" % (reg, pkg, ver), "text": t, "topic": topic}
            if variant:
                rec["variant"] = variant
            per_lang.setdefault(lang, []).append(rec)
        recs = []
        for lang in sorted(per_lang):
            recs.extend(spread(per_lang[lang], CAP))
        slug = "%s-%s" % (reg, pkg.lstrip("@").replace("/", "-"))
        path = os.path.join(OUT, slug + ".jsonl")
        if recs:
            with open(path, "w", encoding="utf-8") as f:
                for r in recs:
                    f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
        elif os.path.exists(path):
            os.remove(path)
        langs = {}
        for r in recs:
            langs[r["lang"]] = langs.get(r["lang"], 0) + 1
        stats.append((reg, pkg, ver, lic, langs))
        print("%s:%s@%s\t%s\t%d\t%s" % (reg, pkg, ver, lic, len(recs),
                                         " ".join("%s=%d" % kv for kv in sorted(langs.items()))))


if __name__ == "__main__":
    main()
