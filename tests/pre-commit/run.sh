#!/usr/bin/env bash
# The pre-commit round trip with the real pre-commit tool: a data-set repository with a
# contaminated article; the boilerlint hook fails naming the finding, the boilerlint-fix hook
# cleans the file, and the boilerlint hook then passes. Prints "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
if ! command -v pre-commit > /dev/null; then
    echo "pre-commit is not installed (pip install pre-commit): skipped"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q data && cd data
git config user.email ci@example.org && git config user.name ci
cp "$root/tests/fixtures/seed-article.txt" article.txt
git add article.txt && git commit -qm "a contaminated article"
# Reuse the workspace's build directory and the test build's profile: only boilerlint's own
# crates are built again.
export BOILERLINT_HOOK_TARGET_DIR="${BOILERLINT_HOOK_TARGET_DIR:-${CARGO_TARGET_DIR:-$root/target}}"
export BOILERLINT_HOOK_PROFILE="${BOILERLINT_HOOK_PROFILE:-dev}"
export PRE_COMMIT_HOME="$work/cache"

passed=0 failed=0
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $*"; fi; }

out=$(pre-commit try-repo "$root" boilerlint --all-files 2>&1); code=$?
echo "$out"
check test "$code" -ne 0
check grep -q "cookie-banner" <<< "$out"
check grep -q "article.txt:19:1" <<< "$out"

out=$(pre-commit try-repo "$root" boilerlint-fix --all-files 2>&1); code=$?
echo "$out"
check test "$code" -ne 0   # pre-commit fails a hook that modified files
check grep -q "files were modified by this hook" <<< "$out"
check cmp -s article.txt <(head -n 17 "$root/tests/fixtures/seed-article.txt")

out=$(pre-commit try-repo "$root" boilerlint --all-files 2>&1); code=$?
echo "$out"
check test "$code" -eq 0
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
