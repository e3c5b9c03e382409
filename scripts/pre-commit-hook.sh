#!/usr/bin/env bash
# The pre-commit entry point. pre-commit runs it from its own clone of this repository, with
# the files to check as arguments: it builds boilerlint and the shipped plugins there (once;
# cargo makes later runs a no-op), then runs boilerlint, which finds the plugins beside itself.
# `cargo install` would install the binary alone, without its plugins, so it is not used.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
target="${BOILERLINT_HOOK_TARGET_DIR:-$here/target}"
profile="${BOILERLINT_HOOK_PROFILE:-release}"
dir=$profile
[ "$profile" = dev ] && dir=debug
binary="$target/$dir/boilerlint"
if [ ! -x "$binary" ]; then
    # The first run builds for minutes while pre-commit shows nothing but the hook's name (it
    # prints a hook's output once the hook ends): say what is happening on the terminal too.
    message="boilerlint: first run: building boilerlint and its plugins with cargo in $target (a few minutes, once; later runs reuse the build)"
    echo "$message" >&2
    if { : > /dev/tty; } 2> /dev/null; then
        printf '\n%s\n' "$message" > /dev/tty
    fi
fi
cargo build --profile "$profile" --quiet --manifest-path "$here/Cargo.toml" \
    --target-dir "$target" >&2
exec "$binary" "$@"
