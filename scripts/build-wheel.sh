#!/usr/bin/env bash
# Builds the Python wheel: the `boilerlint` module (maturin, PyO3, abi3 for Python 3.9+) with
# the release binary and the shipped plugins inside it, in boilerlint/bin/ (the release
# archive's layout: the binary finds plugins/ beside it, the module finds the same directory).
#
#   scripts/build-wheel.sh [OUT_DIR]     -> OUT_DIR/boilerlint-<version>-cp39-abi3-<platform>.whl
#                                           (OUT_DIR defaults to target/wheels); prints its path
#
# maturin must be installed (`pip install maturin`).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="${1:-$root/target/wheels}"
maturin="${MATURIN:-maturin}"
command -v "$maturin" > /dev/null || {
    echo "error: maturin is not installed: pip install maturin" >&2
    exit 2
}
cargo build --release --quiet -p boilerlint -p boilerlint-plugin-cookie-banner \
    -p boilerlint-plugin-ad-notice -p boilerlint-plugin-off-language -p boilerlint-plugin-site-rules
stage="$root/python/boilerlint/bin"
"$root/scripts/stage.sh" "$stage"
rm -f "$out"/boilerlint-*.whl
"$maturin" build --release --quiet --out "$out" >&2
wheel=$(ls "$out"/boilerlint-*.whl)
echo "$(du -k "$wheel" | cut -f1) KiB" >&2
echo "$wheel"
