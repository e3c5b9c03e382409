#!/usr/bin/env bash
# The Python tests: builds the wheel (scripts/build-wheel.sh), installs it in a virtual
# environment under target/ with what the tests need (python/tests/requirements.txt), and runs
# pytest on python/tests/. Extra arguments go to pytest.
#
# Without a tool (no network for pip, no maturin, a failed build), the tests skip and say why;
# with CI set, that is a failure instead.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="$target/python-tests"
python="${PYTHON:-python3}"

trouble() {
    if [ -n "${CI:-}" ]; then
        echo "error: $1" >&2
        exit 1
    fi
    echo "warning: $1; the tests that need it are skipped" >&2
}

[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r python/tests/requirements.txt \
    || trouble "the test requirements could not be installed (python/tests/requirements.txt)"
# A wheel installed by an earlier run must not stand in for this build's.
"$venv/bin/python" -m pip uninstall --quiet --yes boilerlint > /dev/null 2>&1 || true
unset BOILERLINT_WHEEL
if wheel=$(MATURIN="$venv/bin/maturin" scripts/build-wheel.sh "$target/wheels"); then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index \
        --no-deps "$wheel"
    export BOILERLINT_WHEEL="$wheel"
else
    trouble "the wheel could not be built"
fi
# The installed command and module, not the sources: run from the venv, with its bin first.
export PATH="$venv/bin:$PATH"
exec "$venv/bin/python" -m pytest python/tests -p no:cacheprovider "$@"
