#!/usr/bin/env bash
# Formats every C++ file of the project with clang-format (LLVM style, see
# .clang-format). With --check, changes nothing and fails listing the files
# that are not formatted.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cf=$(command -v clang-format-22 || echo /usr/lib/llvm-22/bin/clang-format)
cd "$root"
files=$(git ls-files '*.cpp' '*.h' 2>/dev/null || find include lib tools test -name '*.cpp' -o -name '*.h')

if [[ ${1:-} == --check ]]; then
  bad=()
  for f in $files; do
    "$cf" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
  done
  if ((${#bad[@]})); then
    echo "format: not clang-formatted: ${bad[*]}" >&2
    exit 1
  fi
  echo "format: $(echo "$files" | wc -w) C++ files clang-formatted"
  exit 0
fi
"$cf" -i $files
