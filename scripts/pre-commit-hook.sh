#!/usr/bin/env bash
# The pre-commit entry point. pre-commit runs it from its own clone of this repository, with
# the files to check as arguments: it builds boilerlint and the shipped plugins there (once;
# cargo makes later runs a no-op), then runs boilerlint, which finds the plugins beside itself.
# `cargo install` would install the binary alone, without its plugins, so it is not used.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
target="${BOILERLINT_HOOK_TARGET_DIR:-$here/target}"
profile="${BOILERLINT_HOOK_PROFILE:-release}"
cargo build --profile "$profile" --quiet --manifest-path "$here/Cargo.toml" \
    --target-dir "$target" >&2
dir=$profile
[ "$profile" = dev ] && dir=debug
exec "$target/$dir/boilerlint" "$@"
