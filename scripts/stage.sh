#!/usr/bin/env bash
# Lays out a release build as it ships, for the release archive (scripts/dist.sh) and the wheel
# (scripts/build-wheel.sh) alike: DIR/boilerlint and the plugin libraries in DIR/plugins/,
# where the binary finds them without any setting. DIR is emptied first. Build first.
#
#   scripts/stage.sh DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
stage=${1:?usage: scripts/stage.sh DIR}
target_dir="${CARGO_TARGET_DIR:-$root/target}/release"
rm -rf "$stage"
mkdir -p "$stage/plugins"
cp "$target_dir/boilerlint" "$stage/"
for lib in "$target_dir"/*boilerlint_plugin_*; do
    case "$lib" in *.so|*.dylib|*.dll) cp "$lib" "$stage/plugins/" ;; esac
done
