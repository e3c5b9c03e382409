#!/usr/bin/env python3
"""Runs examples/spark/clean_corpus.py on a real Spark in local mode and compares its output
with a single `boilerlint filter` process on the same corpus.

    python3 tests/spark/test_spark.py [--boilerlint PATH] [--release] [--records N]

The comparison is exact and in order: textFile splits a file into partitions of consecutive
lines, in file order; the job pipes each partition through its own process, which writes one
line per input line in order; saveAsTextFile writes partition N to part-N. So the part files,
concatenated in name order, must be byte for byte the single process's output.

Without --boilerlint (or BOILERLINT_BIN), the binary and plugins are built with `cargo build`
(the dev profile, or --release) into $CARGO_TARGET_DIR or target/. The tests are skipped, with
the reason, only when Java or pyspark is missing. The last line is "N passed, N failed".
"""

import argparse
import glob
import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
JOB = os.path.join(ROOT, "examples", "spark", "clean_corpus.py")


# --- environment --------------------------------------------------------------------------------

def why_not_runnable():
    """None when Java and pyspark are usable, else the reason to skip."""
    try:
        import pyspark
    except ImportError as error:
        return f"pyspark cannot be imported ({error}); install it with: python3 -m pip install pyspark"
    java_home = os.environ.get("JAVA_HOME")
    java = os.path.join(java_home, "bin", "java") if java_home else shutil.which("java")
    if java_home and not os.path.exists(java):
        return f"JAVA_HOME is {java_home}, which has no bin/java; Spark needs a Java runtime"
    if not java:
        return "no Java runtime (no java on PATH, JAVA_HOME not set); Spark needs one"
    try:
        banner = subprocess.run([java, "-version"], capture_output=True, text=True,
                                timeout=60).stderr
    except (OSError, subprocess.SubprocessError) as error:
        return f"{java} -version failed: {error}"
    found = re.search(r'version "(\d+)(?:\.(\d+))?', banner)
    if not found:
        return f"cannot tell the Java version from: {banner.strip()!r}"
    major = int(found.group(1)) if found.group(1) != "1" else int(found.group(2) or 0)
    needed = 17 if int(pyspark.__version__.split(".")[0]) >= 4 else 8
    if major < needed:
        return f"pyspark {pyspark.__version__} needs Java {needed} or newer, found Java {major}"
    return None


def spark_submit():
    import pyspark

    return os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-submit")


def find_or_build_boilerlint(explicit, release):
    if explicit:
        return os.path.abspath(explicit)
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    command = ["cargo", "build", "--quiet"] + (["--release"] if release else [])
    print(f"building: {' '.join(command)}", flush=True)
    subprocess.run(command, cwd=ROOT, check=True)
    return os.path.join(os.path.abspath(target), "release" if release else "debug", "boilerlint")


def make_archive(binary, directory, wrapper=None):
    """A release archive laid out as scripts/dist.sh lays it out: one top-level directory with
    the binary and plugins/. With `wrapper`, the top-level `boilerlint` is that shell script and
    the real binary sits in real/ (with its own plugins/)."""
    top = os.path.join(directory, "stage", "boilerlint-test")
    home = os.path.join(top, "real") if wrapper else top
    os.makedirs(os.path.join(home, "plugins"))
    shutil.copy2(binary, os.path.join(home, "boilerlint"))
    plugins = glob.glob(os.path.join(os.path.dirname(binary), "libboilerlint_plugin_*.so"))
    assert plugins, f"no libboilerlint_plugin_*.so beside {binary}"
    for plugin in plugins:
        shutil.copy2(plugin, os.path.join(home, "plugins"))
    if wrapper:
        with open(os.path.join(top, "boilerlint"), "w") as script:
            script.write(wrapper)
        os.chmod(os.path.join(top, "boilerlint"), 0o755)
    archive = os.path.join(directory, "boilerlint.tar.gz")
    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        tar.add(top, arcname="boilerlint-test")
    shutil.rmtree(os.path.join(directory, "stage"))
    return archive


# --- corpus -------------------------------------------------------------------------------------

def corpus_documents():
    """(language, name, text) of every document of tests/corpus: `# ` lines are headers, body
    lines carry a 2-character label prefix."""
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "corpus", "*", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        body = [line[2:] for line in lines if len(line) >= 2 and not line.startswith("# ")]
        yield (os.path.basename(os.path.dirname(path)),
               os.path.splitext(os.path.basename(path))[0], "\n".join(body) + "\n")


def make_corpus(path, records, seed=11, bad_line_at=None):
    """`records` JSONL records: the corpus documents again and again, the middle paragraphs
    reshuffled after the first round, in the different ways scrapers write JSON (escaped or raw
    non-ASCII, integer or string ids, extra fields before and after the text)."""
    rng = random.Random(seed)
    docs = list(corpus_documents())
    assert docs, "tests/corpus is empty"
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for n in range(records):
            if n == bad_line_at:
                out.write('{"id": "broken", "text": "an unterminated string\n')
                continue
            lang, name, text = docs[n % len(docs)]
            if n >= len(docs):
                parts = [p for p in text.split("\n\n") if p.strip()]
                middle = parts[1:-1]
                rng.shuffle(middle)
                text = "\n\n".join(parts[:1] + middle + parts[-1:]) + "\n"
            if n % 97 == 5:
                text = text.replace("\n", "\u2028", 1)  # a line separator that is not a newline
            if n % 131 == 7:
                text = ""
            record = {"id": n if n % 5 == 0 else f"{lang}/{name}/{n}",
                      "url": f"https://news{n % 13}.example/{lang}/{n}"}
            if n % 3 == 0:
                record["meta"] = {"lang": lang, "tags": ["a", n]}
            record["text"] = text
            if n % 2:
                record["crawl"] = {"date": "2024-11-02"}
            out.write(json.dumps(record, ensure_ascii=(n % 4 == 1)) + "\n")


# --- running ------------------------------------------------------------------------------------

def plain_env():
    """The environment without BOILERLINT_PLUGIN_PATH: only the plugins beside the binary, as in
    the Spark job."""
    env = dict(os.environ)
    env.pop("BOILERLINT_PLUGIN_PATH", None)
    return env


def single_process(binary, corpus, *args):
    """`boilerlint filter` over the corpus, run from the corpus's directory (the Spark job runs
    there too), so that both find the same boilerlint.toml, i.e. none."""
    with open(corpus, "rb") as f:
        run = subprocess.run([binary, "filter", *args], stdin=f, capture_output=True,
                             cwd=os.path.dirname(corpus), env=plain_env())
    return run.returncode, run.stdout


def run_job(workdir, archive, corpus, output, *job_args, master="local[2]"):
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable,
               SPARK_LOCAL_IP=os.environ.get("SPARK_LOCAL_IP", "127.0.0.1"))
    env.pop("BOILERLINT_PLUGIN_PATH", None)
    command = [spark_submit(), "--master", master, "--archives", f"{archive}#boilerlint",
               "--conf", "spark.ui.enabled=false", "--conf", "spark.log.level=WARN",
               JOB, corpus, output, *job_args]
    started = time.monotonic()
    run = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True)
    return run.returncode, run.stdout, run.stderr, time.monotonic() - started


def part_files(directory):
    return sorted(p for p in glob.glob(os.path.join(directory, "part-*"))
                  if not p.endswith(".crc"))


def read_parts(directory):
    data = b""
    for part in part_files(directory):
        opener = gzip.open if part.endswith(".gz") else open
        with opener(part, "rb") as f:
            data += f.read()
    return data


def first_difference(expected, got):
    """Where two outputs first differ, keyed by record id, for the failure message."""
    a, b = expected.split(b"\n"), got.split(b"\n")
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            at = next((j for j, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            try:
                key = repr(json.loads(x).get("id"))
            except ValueError:
                key = "?"
            window = slice(max(0, at - 60), at + 100)
            return (f"line {i + 1} (id {key}), from byte {at}:\n"
                    f"  single process: {x[window].decode('utf-8', 'replace')!r}\n"
                    f"  spark:          {y[window].decode('utf-8', 'replace')!r}")
    return f"{len(a)} lines from the single process, {len(b)} from Spark"


def assert_same_output(expected, got, what):
    assert got == expected, f"{what} differs from the single process: " + first_difference(
        expected, got)


def expected_stats(binary, corpus):
    code, lines = single_process(binary, corpus, "--attributes")
    assert code == 0, f"filter --attributes exited with {code}"
    counts = {"documents": 0, "documents_flagged": 0, "by_rule": {}}
    for line in lines.split(b"\n"):
        if not line.strip():
            continue
        counts["documents"] += 1
        attributes = json.loads(line)["attributes"]
        counts["documents_flagged"] += bool(attributes)
        for key, spans in attributes.items():
            rule = counts["by_rule"].setdefault(key.removeprefix("boilerlint__"), {
                "documents_flagged": 0, "findings": 0, "chars_flagged": 0})
            rule["documents_flagged"] += 1
            rule["findings"] += len(spans)
            rule["chars_flagged"] += sum(end - start for start, end, _ in spans)
    return counts


def spark_failure(stdout, stderr):
    return f"spark-submit failed; its output ends with:\n{(stdout + stderr)[-4000:]}"


# --- tests --------------------------------------------------------------------------------------

def test_cleaned_corpus_and_stats_equal_a_single_process(ctx):
    corpus = os.path.join(ctx.work, "corpus.jsonl")
    make_corpus(corpus, ctx.records)
    code, expected = single_process(ctx.binary, corpus)
    assert code == 0, f"boilerlint filter exited with {code}"
    assert expected.count(b"\n") == ctx.records
    output = os.path.join(ctx.work, "out-main")
    code, stdout, stderr, seconds = run_job(ctx.work, ctx.archive, corpus, output,
                                            "--partitions", "4")
    assert code == 0, spark_failure(stdout, stderr)
    parts = part_files(os.path.join(output, "cleaned"))
    assert len(parts) >= 4, f"expected at least 4 part files, got {parts}"
    assert sum(os.path.getsize(p) > 0 for p in parts) >= 2, "the work was not split"
    assert_same_output(expected, read_parts(os.path.join(output, "cleaned")), "the cleaned corpus")
    assert expected != open(corpus, "rb").read(), "nothing was cleaned: the corpus is too easy"

    stats = json.loads(read_parts(os.path.join(output, "stats")))
    want = expected_stats(ctx.binary, corpus)
    assert stats["documents"] == want["documents"] == ctx.records, (stats, want)
    assert stats["documents_flagged"] == want["documents_flagged"], (stats, want)
    assert stats["by_rule"] == want["by_rule"], (stats["by_rule"], want["by_rule"])
    assert json.loads(stdout.strip().splitlines()[-1]) == stats, "the job printed other stats"
    # The same counts from boilerlint's own `stats` command.
    report = json.loads(subprocess.run([ctx.binary, "stats", "--quiet", "--format", "json",
                                        corpus], capture_output=True, check=True,
                                       cwd=ctx.work, env=plain_env()).stdout)
    assert report["total"]["documents_flagged"] == stats["documents_flagged"]
    for rule, counts in report["by_rule"].items():
        got = stats["by_rule"].get(rule, {"documents_flagged": 0, "findings": 0})
        assert (got["documents_flagged"], got["findings"]) == (
            counts["documents_flagged"], counts["findings"]), (rule, got, counts)
    ctx.notes.append(f"main job: {len(parts)} partitions, {seconds:.1f} s")


def test_a_bad_record_fails_the_job_unless_keep_going(ctx):
    corpus = os.path.join(ctx.work, "bad.jsonl")
    make_corpus(corpus, 300, bad_line_at=150)
    code, stdout, stderr, _ = run_job(ctx.work, ctx.archive, corpus,
                                      os.path.join(ctx.work, "out-strict"), "--no-stats")
    assert code != 0, "the job succeeded on an unreadable record without --keep-going"
    assert "exited with 2" in stderr and "invalid JSON" in stderr, spark_failure(stdout, stderr)

    code, expected = single_process(ctx.binary, corpus)
    assert code == 2, f"boilerlint filter exited with {code} on a bad record, not 2"
    output = os.path.join(ctx.work, "out-keep-going")
    code, stdout, stderr, _ = run_job(ctx.work, ctx.archive, corpus, output, "--keep-going",
                                      "--compress", "--partitions", "3")
    assert code == 0, spark_failure(stdout, stderr)
    assert all(p.endswith(".gz") for p in part_files(os.path.join(output, "cleaned")))
    cleaned = read_parts(os.path.join(output, "cleaned"))
    assert_same_output(expected, cleaned, "the cleaned corpus (--keep-going)")
    assert b'"an unterminated string' in cleaned, "the bad record was not kept as it was"
    stats = json.loads(read_parts(os.path.join(output, "stats")))
    assert stats["documents"] == 300, stats


def test_a_failed_task_is_retried_and_its_output_written_once(ctx):
    corpus = os.path.join(ctx.work, "retry.jsonl")
    make_corpus(corpus, 400, seed=3)
    code, expected = single_process(ctx.binary, corpus)
    assert code == 0
    # The first boilerlint process of the job cleans 40 records and dies: its task fails
    # half-written, Spark runs that partition again, and the retry's output is committed.
    marker = os.path.join(ctx.work, "crashed-once")
    wrapper = f"""#!/bin/sh
real="$(dirname "$0")/real/boilerlint"
if mkdir '{marker}' 2> /dev/null; then
    head -n 40 | "$real" "$@"
    echo "simulated crash" >&2
    exit 137
fi
exec "$real" "$@"
"""
    archive_dir = os.path.join(ctx.work, "wrapped")
    os.makedirs(archive_dir)
    archive = make_archive(ctx.binary, archive_dir, wrapper=wrapper)
    output = os.path.join(ctx.work, "out-retry")
    code, stdout, stderr, _ = run_job(ctx.work, archive, corpus, output, "--partitions", "2",
                                      master="local[2,3]")  # up to 3 attempts per task
    assert code == 0, spark_failure(stdout, stderr)
    assert os.path.isdir(marker), "the simulated crash did not happen"
    assert "exited with 137" in stderr, "no task failed:\n" + stderr[-3000:]
    assert_same_output(expected, read_parts(os.path.join(output, "cleaned")),
                       "the cleaned corpus after a retry")
    stats = json.loads(read_parts(os.path.join(output, "stats")))
    assert stats["documents"] == 400, stats


TESTS = [test_cleaned_corpus_and_stats_equal_a_single_process,
         test_a_bad_record_fails_the_job_unless_keep_going,
         test_a_failed_task_is_retried_and_its_output_written_once]


class Context:
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boilerlint", default=os.environ.get("BOILERLINT_BIN"),
                        help="a built boilerlint binary, with its plugins beside it")
    parser.add_argument("--release", action="store_true", help="build and test a release build")
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("-k", dest="select", help="run only tests whose name contains this")
    args = parser.parse_args()
    tests = [t for t in TESTS if not args.select or args.select in t.__name__]

    reason = why_not_runnable()
    if reason:
        print(f"SKIP: {reason}")
        print(f"0 passed, 0 failed, {len(tests)} skipped")
        return 0

    started = time.monotonic()
    ctx = Context()
    ctx.binary = find_or_build_boilerlint(args.boilerlint, args.release)
    ctx.records = args.records
    ctx.notes = []
    ctx.work = tempfile.mkdtemp(prefix="boilerlint-spark-test-")
    ctx.archive = make_archive(ctx.binary, ctx.work)
    passed = failed = 0
    try:
        for test in tests:
            t0 = time.monotonic()
            try:
                test(ctx)
            except Exception:  # noqa: BLE001 - reported, counted, and the next test runs
                failed += 1
                print(f"FAIL {test.__name__} ({time.monotonic() - t0:.1f} s)")
                traceback.print_exc()
            else:
                passed += 1
                print(f"ok   {test.__name__} ({time.monotonic() - t0:.1f} s)")
    finally:
        if args.keep:
            print(f"work directory: {ctx.work}")
        else:
            shutil.rmtree(ctx.work, ignore_errors=True)
    for note in ctx.notes:
        print(note)
    print(f"total {time.monotonic() - started:.1f} s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
