#!/usr/bin/env bash
# Runs every Strata test: the C++ formatting check, the lit regression tests
# (test/**/*.mlir) and the gtest unit tests (run through lit). Builds what
# the tests need first. The last line reads "N passed, N failed".
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-"$root/build"}
export CCACHE_BASEDIR="$root"

if [[ ! -f "$build_dir/build.ninja" ]]; then
  echo "test: no build in $build_dir; run scripts/setup.sh first" >&2
  exit 2
fi
cmake --build "$build_dir" || exit 1

failed_format=0
"$root/scripts/format.sh" --check || failed_format=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
/usr/lib/llvm-22/bin/lit -v "$build_dir/test" "$build_dir/test/unit" 2>&1 | tee "$log"
lit_status=${PIPESTATUS[0]}

count() { grep -E "^ +$1: +[0-9]+" "$log" | awk '{print $2}' | head -n1; }
passed=$(count Passed)
failed=0
for kind in Failed Unresolved "Unexpectedly Passed" "Timed Out"; do
  n=$(grep -E "^ +$kind: +[0-9]+" "$log" | sed -E 's/.*: +([0-9]+).*/\1/' | head -n1)
  failed=$((failed + ${n:-0}))
done
passed=$((${passed:-0}))
failed=$((failed + failed_format))
if ((lit_status != 0 && failed == 0)); then
  failed=1
fi

echo
((failed_format)) && echo "format: FAILED (run scripts/format.sh to fix)"
echo "$passed passed, $failed failed"
((failed == 0))
