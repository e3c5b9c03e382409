#!/usr/bin/env bash
# Every test: the Rust workspace's (`cargo test --workspace`, extra arguments go to it), then
# the Python package's (scripts/python-tests.sh: builds the wheel, installs it in a virtual
# environment, runs pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace "$@"
scripts/python-tests.sh
