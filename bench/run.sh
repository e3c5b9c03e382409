#!/usr/bin/env bash
# Corpus benchmark: boilerlint over a generated JSONL corpus, each rule alone and all three,
# on 1 and 2 threads, with peak memory; and the baselines, on the same corpus in the same run:
# ripgrep with the same phrases (as substrings and as words) and datatrove's C4 policy-line
# filter where they are installed, and a bare serde_json parse with an Aho-Corasick scan.
#
#   bench/run.sh [MB [SHARE [HARD]]]
#
# MB: corpus size (default 200). SHARE: the share of records that keep their contamination
# (default 0.25; the others lose their labeled lines). HARD: the share of records drawn from the
# hard negatives, articles about cookies and advertising (default: their share in the development
# corpus, 2 in 7). The corpus is generated once into bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-200}
share=${2:-0.25}
hard=${3:-}
if [ "$share" = 0.25 ] && [ -z "$hard" ]; then
    corpus=bench/corpus-${mb}mb.jsonl
else
    corpus=bench/corpus-${mb}mb-${share}${hard:+-$hard}.jsonl
fi
[ -f "$corpus" ] || python3 bench/make_corpus.py --mb "$mb" --contaminated "$share" \
    ${hard:+--hard-negatives "$hard"} --out "$corpus"
cargo build --release --quiet
bin=target/release/boilerlint
size=$(stat -c %s "$corpus")
records=$(wc -l < "$corpus")

# Runs a command 3 times, prints the best wall time as MB/s and documents/s, and the peak RSS;
# leaves the best time in $last.
measure() {
    local label=$1; shift
    local best= rss=
    for _ in 1 2 3; do
        local timing
        timing=$(mktemp)
        /usr/bin/time -o "$timing" -f '%e %M' "$@" > /dev/null 2>&1 || true
        local out
        out=$(tail -1 "$timing")
        rm -f "$timing"
        local secs=${out% *} kb=${out#* }
        if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; rss=$kb; fi
    done
    awk -v l="$label" -v s="$best" -v b="$size" -v n="$records" -v r="$rss" \
        'BEGIN{printf "%-44s %7.2f s %8.1f MB/s %9.0f docs/s %8.1f MiB peak\n", l, s, b/s/1e6, n/s, r/1024}'
    last=$best
}

echo "corpus: $corpus ($((size / 1000000)) MB, $records records), $(nproc) cores"
# The floor under every rule: reading, parsing, segmenting and one call per document into a
# plugin (site-rules, which finds nothing until a config gives it rules).
measure "host alone: check --select site-rules (threads 1)" \
    $bin check --quiet --format jsonl --threads 1 --select site-rules "$corpus"
host_time=$last
for threads in 1 2; do
    for rule in cookie-banner ad-notice off-language "cookie-banner,ad-notice" \
                "cookie-banner,ad-notice,off-language"; do
        measure "check --select $rule (threads $threads)" \
            $bin check --quiet --format jsonl --threads "$threads" --select "$rule" "$corpus"
        case "$threads $rule" in
            "1 cookie-banner,ad-notice") lexicon_rules=$last ;;
            "1 cookie-banner,ad-notice,off-language") all_rules=$last ;;
            "2 cookie-banner,ad-notice,off-language") all_rules_2=$last ;;
        esac
    done
done
measure "stats, all rules (threads 2)" $bin stats --quiet --threads 2 "$corpus"
stats_time=$last
page=$(mktemp --suffix=.html)
measure "report, all rules (threads 2)" $bin report --quiet --threads 2 --output "$page" "$corpus"
report_time=$last
rm -f "$page"

phrases=$(mktemp)
for f in plugins/cookie-banner/lexicon/*.txt plugins/ad-notice/lexicon/*.txt; do
    grep -v '^[#[]' "$f" | sed 's/\*$//' | grep -v '^$'
done | sort -u > "$phrases"
if command -v rg > /dev/null; then
    measure "rg -F -i -f LEXICON ($(wc -l < "$phrases") phrases, 1 thread)" \
        rg -F -i -c -j1 -f "$phrases" "$corpus"
    rg_time=$last
    # rg -c moves to the next line at a line's first hit, and the shortest phrases ("ad", "ok",
    # "pr") occur inside the first words of nearly every record ("had", "took"): it reads little
    # of each. With -w it looks for the phrases as words, as the rules do.
    measure "rg -F -i -w -f LEXICON (as words, 1 thread)" \
        rg -F -i -w -c -j1 -f "$phrases" "$corpus"
    rg_words_time=$last
else
    echo "rg: not installed (apt-get install ripgrep), baseline skipped"
fi
if python3 -c 'import datatrove' 2> /dev/null; then
    measure "datatrove reader -> C4 policy filter -> writer" python3 bench/datatrove_c4.py "$corpus"
    datatrove_time=$last
else
    echo "datatrove: not installed (pip install datatrove), baseline skipped"
fi
# The corpus issue's other reference: serde_json and one Aho-Corasick DFA, nothing else; like
# rg -c, it stops at a record's first hit.
cargo build --release --quiet --example scan_baseline -p boilerlint-tests
measure "serde_json parse + Aho-Corasick DFA, same phrases" \
    target/release/examples/scan_baseline "$phrases" "$corpus"
scan_time=$last
measure "serde_json parse + Aho-Corasick DFA, every hit" \
    target/release/examples/scan_baseline "$phrases" "$corpus" --all
scan_all_time=$last
rm -f "$phrases"

# The ratios the targets are stated in (higher is faster for boilerlint).
echo
awk -v a="$all_rules" -v a2="$all_rules_2" 'BEGIN{printf "all three rules, 1 -> 2 threads: %.2fx\n", a/a2}'
awk -v r="$report_time" -v s="$stats_time" \
    'BEGIN{printf "report vs stats, 2 threads: %.2fx the time (target: at most 1.10x)\n", r/s}'
if [ -n "${rg_time:-}" ]; then
    awk -v r="$rg_time" -v l="$lexicon_rules" \
        'BEGIN{printf "cookie-banner + ad-notice vs rg, 1 thread: %.2fx\n", r/l}'
    awk -v r="$rg_words_time" -v l="$lexicon_rules" \
        'BEGIN{printf "cookie-banner + ad-notice vs rg -w, 1 thread: %.2fx\n", r/l}'
    awk -v r="$rg_time" -v h="$host_time" \
        'BEGIN{printf "host alone vs rg, 1 thread: %.2fx (the ceiling of any rule vs rg)\n", r/h}'
fi
awk -v s="$scan_time" -v l="$lexicon_rules" \
    'BEGIN{printf "cookie-banner + ad-notice vs serde_json + DFA scan, 1 thread: %.2fx\n", s/l}'
awk -v s="$scan_all_time" -v l="$lexicon_rules" \
    'BEGIN{printf "cookie-banner + ad-notice vs serde_json + DFA, every hit, 1 thread: %.2fx\n", s/l}'
if [ -n "${datatrove_time:-}" ]; then
    awk -v d="$datatrove_time" -v a="$all_rules" \
        'BEGIN{printf "all three rules vs datatrove, 1 thread: %.2fx\n", d/a}'
fi
