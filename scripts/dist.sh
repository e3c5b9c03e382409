#!/usr/bin/env bash
# Builds a release layout and archive: the boilerlint binary with its shipped plugins in
# plugins/ beside it, where it looks for them.
#
#   scripts/dist.sh            -> dist/boilerlint-<version>-<target>.tar.gz
#   scripts/dist.sh --install PREFIX   also installs in PREFIX as packages lay files out:
#       PREFIX/bin/boilerlint, PREFIX/lib/boilerlint/plugins/ (where the binary looks), the man
#       page in PREFIX/share/man/man1 and bash completions in
#       PREFIX/share/bash-completion/completions
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cargo build --release --quiet
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
triple=$(rustc -vV | sed -n 's/^host: //p')
name="boilerlint-$version-$triple"
stage="$root/dist/$name"
"$root/scripts/stage.sh" "$stage"
cp README.md CHANGELOG.md "$stage/"
"$stage/boilerlint" completions bash > "$stage/boilerlint.bash"
"$stage/boilerlint" manpage > "$stage/boilerlint.1"
tar -C "$root/dist" -czf "$root/dist/$name.tar.gz" "$name"
echo "$root/dist/$name.tar.gz"
echo "$(du -k "$root/dist/$name.tar.gz" | cut -f1) KiB" >&2
if [ "${1:-}" = "--install" ]; then
    prefix="${2:?--install needs a PREFIX, e.g. ~/.local}"
    plugins="$prefix/lib/boilerlint/plugins"
    mkdir -p "$prefix/bin" "$plugins" "$prefix/share/man/man1" \
        "$prefix/share/bash-completion/completions"
    cp "$stage/boilerlint" "$prefix/bin/"
    cp "$stage/plugins/"* "$plugins/"
    cp "$stage/boilerlint.1" "$prefix/share/man/man1/"
    cp "$stage/boilerlint.bash" "$prefix/share/bash-completion/completions/boilerlint"
    echo "installed $prefix/bin/boilerlint and $(ls "$stage/plugins" | wc -l) plugins in $plugins"
    if [ -d "$prefix/bin/plugins" ]; then
        echo "note: $prefix/bin/plugins is left from an older install; remove it" >&2
    fi
fi
