#!/usr/bin/env python3
"""Clean a JSONL corpus with `boilerlint filter` on Spark, and count what was found per rule.

    spark-submit --archives dist/boilerlint-<version>-<target>.tar.gz#boilerlint \\
        examples/spark/clean_corpus.py INPUT OUTPUT [options] [-- FILTER-OPTIONS...]

INPUT is anything `SparkContext.textFile` reads: a JSONL file, a directory or glob of them,
gzip/bzip2 compressed or not, on a local, HDFS or object-store path. Every partition is piped
through one `boilerlint filter` process, which writes exactly one line per input line, in order.
OUTPUT is a new directory (the job refuses to overwrite one) that receives

    OUTPUT/cleaned/part-NNNNN   the cleaned records: part N holds input partition N, in input order
    OUTPUT/stats/part-00000     one JSON object: documents, and per rule the documents flagged,
                                findings and characters flagged

Options after `--` go to `boilerlint filter` unchanged, e.g. `-- --select cookie-banner` or
`-- --unsafe-fixes`. See examples/spark/README.md for shipping the binary, sizing and retries.
"""

import argparse
import collections
import glob
import json
import os
import subprocess
import sys
import threading

# The name the archive is unpacked under on every executor: `--archives FILE#boilerlint`.
ARCHIVE_NAME = "boilerlint"


def find_boilerlint(archive_name):
    """The boilerlint binary in the unpacked archive, looked up on the executor.

    Spark unpacks `--archives` (and `SparkContext.addArchive`) into a directory whose place
    depends on the cluster manager (the SparkFiles root of the driver in local mode, the
    executor's working directory on YARN, Kubernetes and standalone); `SparkFiles.get` knows it
    on the executor, which is why the command cannot be fixed on the driver. The archive may hold
    the binary at its top (`boilerlint`, `plugins/`) or in one top-level directory, as
    `scripts/dist.sh` writes it.
    """
    from pyspark import SparkFiles

    root = SparkFiles.get(archive_name)
    candidates = [os.path.join(root, "boilerlint")]
    candidates += sorted(glob.glob(os.path.join(root, "*", "boilerlint")))
    for path in candidates:
        if os.path.isfile(path):
            if not os.access(path, os.X_OK):
                raise RuntimeError(
                    f"{path} is not executable: ship a .tar.gz archive (a .zip loses the "
                    "executable bit when Spark unpacks it)"
                )
            return path
    raise RuntimeError(
        f"no boilerlint binary in {root!r} (looked for {candidates}); ship it with "
        f"--archives boilerlint.tar.gz#{archive_name}"
    )


def task_cpus():
    """The cores Spark gave this task (spark.task.cpus), which boilerlint may use."""
    from pyspark import TaskContext

    context = TaskContext.get()
    try:
        return max(1, int(context.cpus())) if context is not None else 1
    except Exception:  # Spark before 3.3 has no TaskContext.cpus()
        return 1


def pipe_through(command, records, keep_going):
    """Streams `records` through `command`, one line each, and yields its output lines.

    What `RDD.pipe(command, checkCode=True)` does, plus what a corpus stage needs: the command is
    built on the executor; the process inherits the worker's environment; its stderr goes to the
    executor log, and its tail into the error that fails the task; the task fails unless the
    process exits 0 (or 2, with keep_going: some records could not be read and were left as
    they were) and wrote exactly as many lines as it was given; an error while reading the input
    fails the task instead of leaving the process waiting for more input.
    """
    env = dict(os.environ)
    env.pop("BOILERLINT_PLUGIN_PATH", None)  # only the shipped plugins: the same on every node
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    sent = [0]
    failure = []
    stderr_tail = collections.deque(maxlen=20)

    def feed():
        try:
            for record in records:
                process.stdin.write(record.encode("utf-8") + b"\n")
                sent[0] += 1
        except BrokenPipeError:
            pass  # the process ended early: its exit code and line count tell why
        except BaseException as error:  # noqa: BLE001 - re-raised in the task below
            failure.append(error)
        finally:
            try:
                process.stdin.close()
            except BrokenPipeError:
                pass

    def drain_stderr():
        for line in process.stderr:
            text = line.decode("utf-8", "replace").rstrip("\n")
            stderr_tail.append(text)
            print(f"boilerlint: {text}", file=sys.stderr)

    threads = [threading.Thread(target=feed, daemon=True),
               threading.Thread(target=drain_stderr, daemon=True)]
    for thread in threads:
        thread.start()
    received = 0
    try:
        for line in process.stdout:
            received += 1
            yield (line[:-1] if line.endswith(b"\n") else line).decode("utf-8")
        code = process.wait()
        for thread in threads:
            thread.join()
    finally:
        if process.poll() is None:  # the consumer stopped early, or the task is being killed
            process.kill()
            process.wait()
    if failure:
        raise failure[0]
    tail = "\n".join(stderr_tail)
    if code != 0 and not (keep_going and code == 2):
        raise RuntimeError(f"{' '.join(command)} exited with {code}:\n{tail}")
    if received != sent[0]:
        raise RuntimeError(
            f"{' '.join(command)} wrote {received} lines for {sent[0]} records:\n{tail}"
        )


def stage(archive_name, filter_args, keep_going, threads, config_name):
    """The per-partition function: the records of one partition through one process."""

    def run(records):
        command = [find_boilerlint(archive_name)]
        if config_name:
            from pyspark import SparkFiles

            command += ["--config", SparkFiles.get(config_name)]
        command += ["filter", "--threads", str(threads or task_cpus()), *filter_args]
        return pipe_through(command, records, keep_going)

    return run


def count_findings(attribute_lines):
    """Per-partition counts from `boilerlint filter --attributes` lines (Dolma attributes)."""
    counts = collections.Counter()
    for line in attribute_lines:
        if not line.strip():
            continue  # a blank input line: not a record
        counts["documents"] += 1
        attributes = json.loads(line).get("attributes") or {}
        if attributes:
            counts["documents_flagged"] += 1
        for key, spans in attributes.items():
            rule = key[len("boilerlint__"):] if key.startswith("boilerlint__") else key
            counts[(rule, "documents_flagged")] += 1
            counts[(rule, "findings")] += len(spans)
            counts[(rule, "chars_flagged")] += sum(end - start for start, end, *_ in spans)
    yield counts


def summary(counts):
    by_rule = collections.defaultdict(dict)
    for key, value in counts.items():
        if isinstance(key, tuple):
            by_rule[key[0]][key[1]] = value
    return {
        "version": 1,
        "documents": counts["documents"],
        "documents_flagged": counts["documents_flagged"],
        "by_rule": {rule: by_rule[rule] for rule in sorted(by_rule)},
    }


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--" in argv:
        at = argv.index("--")
        argv, filter_args = argv[:at], argv[at + 1:]
    else:
        filter_args = []
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="JSONL file(s): a path, directory or glob textFile reads")
    parser.add_argument("output", help="new directory for cleaned/ and stats/")
    parser.add_argument("--partitions", type=int, help="minimum number of input partitions")
    parser.add_argument("--threads", type=int,
                        help="threads per boilerlint process (default: spark.task.cpus)")
    parser.add_argument("--config", metavar="NAME",
                        help="a boilerlint.toml shipped with --files, by its file name")
    parser.add_argument("--archive-name", default=ARCHIVE_NAME,
                        help="the name the archive is unpacked under (FILE#NAME)")
    parser.add_argument("--keep-going", action="store_true",
                        help="accept records boilerlint cannot read (exit code 2): they are "
                             "kept as they were and reported in the executor logs")
    parser.add_argument("--no-stats", action="store_true",
                        help="skip the second pass that counts findings per rule")
    parser.add_argument("--compress", action="store_true", help="write gzip part files")
    args = parser.parse_args(argv)
    if "--attributes" in filter_args:
        parser.error("the job runs `filter --attributes` itself for the stats; do not pass it")

    from pyspark import SparkContext

    sc = SparkContext.getOrCreate()
    config_name = os.path.basename(args.config) if args.config else None
    records = sc.textFile(args.input, minPartitions=args.partitions)
    codec = "org.apache.hadoop.io.compress.GzipCodec" if args.compress else None

    def through(extra):
        return records.mapPartitions(
            stage(args.archive_name, [*filter_args, *extra], args.keep_going, args.threads,
                  config_name)
        )

    output = args.output.rstrip("/")
    through([]).saveAsTextFile(output + "/cleaned", compressionCodecClass=codec)
    if args.no_stats:
        return
    counts = through(["--attributes"]).mapPartitions(count_findings).fold(
        collections.Counter(), lambda a, b: a + b
    )
    text = json.dumps(summary(counts), sort_keys=True)
    sc.parallelize([text], 1).saveAsTextFile(output + "/stats")
    print(text)


if __name__ == "__main__":
    main()
