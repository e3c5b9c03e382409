#!/usr/bin/env python3
"""Opens a `boilerlint report` page in headless Chromium: fails on any console message (a
script error, a refused resource, a Content Security Policy violation) and on any element the
report does not write, and saves a screenshot.

    python3 tests/report/browser_check.py [--bin BOILERLINT] [--screenshot FILE] [--page FILE]

Without --page it builds boilerlint (unless --bin names it), writes a corpus from the labeled
development corpus plus records and a file name made of hostile markup (`<script>`,
`</textarea>`, `javascript:` URLs), and reports on it. First it checks itself: a page that logs
an error must fail the check, so that a Chromium which logs nothing cannot pass it.
Needs Debian's `chromium` package (or CHROMIUM=path). Exit code 0: the page is clean.
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# What Chromium needs on a machine without a display, a sandbox or a network.
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--hide-scrollbars",
    "--enable-logging=stderr", "--v=0",
]

# The elements the report writes; anything else came from the corpus.
TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "code", "div",
        "strong", "span", "br", "table", "thead", "tbody", "tr", "th", "td", "svg", "text",
        "rect", "pre"}

HOSTILE = ("We use cookies and similar technologies to personalise ads. "
           "</textarea><script>console.error('injected 1')</script>\n"
           "By clicking Accept all you agree to the use of cookies javascript:alert(2).\n\n"
           "Accept all <img src=x onerror=\"console.error('injected 3')\">\n")


def chromium():
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    sys.exit("chromium not found: apt-get install chromium (or set CHROMIUM)")


def browse(page, extra):
    """Runs Chromium on `page` with `extra` flags: (stdout, console lines)."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *extra,
             "file://" + os.path.abspath(page)],
            capture_output=True, text=True, timeout=180)
    console = [line for line in done.stderr.splitlines()
               if ":CONSOLE" in line or "Uncaught" in line or "Content Security Policy" in line]
    if done.returncode != 0:
        sys.exit(f"chromium failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout, console


def corpus(directory):
    """A shard from the labeled corpus, with URLs, plus hostile records and a hostile file."""
    lines = []
    for i, path in enumerate(sorted(glob.glob(os.path.join(ROOT, "tests/corpus/*/*.txt")))):
        text = "".join(line[2:] + "\n" for line in open(path, encoding="utf-8").read().split("\n")
                       if not line.startswith("# "))
        lines.append({"id": i, "url": f"https://www.site{i % 12}.example/a/{i}", "text": text})
    lines.append({"id": "<script>console.error('injected 4')</script>",
                  "url": "javascript:console.error('injected 5')//\"><script>x</script>",
                  "text": "Match report: a late goal.\n\n" + HOSTILE})
    with open(os.path.join(directory, "shard.jsonl"), "w", encoding="utf-8") as out:
        for record in lines:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    name = "<textarea><script>console.error('injected 6')<!-- javascript:x.txt"
    with open(os.path.join(directory, name), "w", encoding="utf-8") as out:
        out.write("An article.\n\n" + HOSTILE)


def check(page, screenshot):
    """The problems Chromium sees on `page`; saves the screenshot."""
    problems = []
    dom, console = browse(page, ["--dump-dom"])
    problems += [f"console: {line}" for line in console]
    for tag in set(re.findall(r"<([a-zA-Z][a-zA-Z0-9-]*)", dom)) - TAGS:
        problems.append(f"an element the report does not write: <{tag}>")
    if "injected" in dom and "&lt;script&gt;console.error('injected" not in dom:
        problems.append("hostile text is not shown escaped")
    if 'id="totals"' not in dom:
        problems.append("the page did not render (no totals section)")
    _, console = browse(page, [f"--screenshot={os.path.abspath(screenshot)}",
                               "--window-size=1100,1800"])
    problems += [f"console (screenshot run): {line}" for line in console]
    if not os.path.exists(screenshot):
        problems.append("no screenshot written")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", help="the boilerlint executable (default: build it)")
    parser.add_argument("--page", help="check this page instead of writing one")
    parser.add_argument("--screenshot", default=os.path.join(ROOT, "target", "report.png"))
    args = parser.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(args.screenshot)), exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        # The check checks itself: an error logged by a page must be seen.
        canary = os.path.join(work, "canary.html")
        with open(canary, "w") as out:
            out.write("<!DOCTYPE html><title>canary</title>"
                      "<script>console.error('canary')</script>")
        _, console = browse(canary, ["--dump-dom"])
        if not any("canary" in line for line in console):
            sys.exit("this Chromium does not log console messages to stderr; cannot check")
        page = args.page
        if page is None:
            bin = args.bin
            if bin is None:
                subprocess.run(["cargo", "build", "--quiet"], cwd=ROOT, check=True)
                bin = os.path.join(ROOT, "target", "debug", "boilerlint")
            corpus(work)
            page = os.path.join(work, "report.html")
            done = subprocess.run([bin, "report", "--quiet", "--output", page, "."], cwd=work,
                                  capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"boilerlint report failed ({done.returncode}):\n{done.stderr}")
        problems = check(page, args.screenshot)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problems; screenshot: {args.screenshot}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
