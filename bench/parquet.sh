#!/usr/bin/env bash
# Parquet against JSONL on the same records: the benchmark corpus (bench/make_corpus.py) and
# its Parquet copy (pyarrow, zstd, pyarrow's default row groups), checked with all three rules
# on 2 threads; prints each one's time and peak memory and the ratio.
#
#   bench/parquet.sh [MB]        (default 200; needs python3 with pyarrow)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-200}
corpus=bench/corpus-${mb}mb.jsonl
[ -f "$corpus" ] || python3 bench/make_corpus.py --mb "$mb" --contaminated 0.25 --out "$corpus"
shard=bench/corpus-${mb}mb.parquet
[ -f "$shard" ] || python3 -c '
import sys, pyarrow.json as pj, pyarrow.parquet as pq
pq.write_table(pj.read_json(sys.argv[1]), sys.argv[2], compression="zstd")
' "$corpus" "$shard"
cargo build --release --quiet
bin=target/release/boilerlint

# Runs a command once; prints the wall time and peak RSS, and leaves the time in $last.
measure() {
    local label=$1; shift
    local timing
    timing=$(mktemp)
    /usr/bin/time -o "$timing" -f '%e %M' "$@" > /dev/null 2>&1 || true
    local out secs kb
    out=$(tail -1 "$timing")
    rm -f "$timing"
    secs=${out% *} kb=${out#* }
    printf "%-30s %7.2f s %8.1f MiB peak\n" "$label" "$secs" "$(awk -v k="$kb" 'BEGIN{print k/1024}')"
    last=$secs
}

echo "$corpus ($(($(stat -c %s "$corpus") / 1000000)) MB), $shard ($(($(stat -c %s "$shard") / 1000000)) MB)"
measure "JSONL, all rules, 2 threads" $bin check --quiet --format jsonl --threads 2 "$corpus"
jsonl=$last
measure "Parquet, all rules, 2 threads" $bin check --quiet --format jsonl --threads 2 "$shard"
parquet=$last
awk -v j="$jsonl" -v p="$parquet" 'BEGIN{printf "Parquet throughput vs JSONL: %.2fx\n", j/p}'
