#!/usr/bin/env bash
# Builds a release layout and archive: the boilerlint binary with its shipped plugins in
# plugins/ beside it, where it looks for them.
#
#   scripts/dist.sh            -> dist/boilerlint-<version>-<target>.tar.gz
#   scripts/dist.sh --install PREFIX   also copies the layout to PREFIX/bin (and PREFIX/bin/plugins)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cargo build --release --quiet
target_dir="${CARGO_TARGET_DIR:-$root/target}/release"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
triple=$(rustc -vV | sed -n 's/^host: //p')
name="boilerlint-$version-$triple"
stage="$root/dist/$name"
rm -rf "$stage"
mkdir -p "$stage/plugins"
cp "$target_dir/boilerlint" "$stage/"
for lib in "$target_dir"/*boilerlint_plugin_*; do
    case "$lib" in *.so|*.dylib|*.dll) cp "$lib" "$stage/plugins/" ;; esac
done
cp README.md CHANGELOG.md "$stage/"
"$stage/boilerlint" completions bash > "$stage/boilerlint.bash"
"$stage/boilerlint" manpage > "$stage/boilerlint.1"
tar -C "$root/dist" -czf "$root/dist/$name.tar.gz" "$name"
echo "$root/dist/$name.tar.gz"
if [ "${1:-}" = "--install" ]; then
    prefix="${2:?--install needs a PREFIX, e.g. ~/.local}"
    mkdir -p "$prefix/bin/plugins"
    cp "$stage/boilerlint" "$prefix/bin/"
    cp "$stage/plugins/"* "$prefix/bin/plugins/"
    echo "installed $prefix/bin/boilerlint and $(ls "$stage/plugins" | wc -l) plugins in $prefix/bin/plugins"
fi
