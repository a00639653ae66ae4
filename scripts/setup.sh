#!/usr/bin/env bash
# Sets Strata up on a Debian 12 machine: installs the Debian packages it needs
# (as root, with apt-get; only when something is missing), configures with
# CMake + Ninja against LLVM/MLIR 22 and builds everything into build/.
# It then runs strata-opt on the example model so you can see it work.
#
# Idempotent: run it again after pulling; it rebuilds only what changed.
# Environment: BUILD_DIR (default build), CMAKE_BUILD_TYPE (default Release).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-"$root/build"}

packages=(
  cmake ninja-build ccache g++ lld
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-format-22
  libgtest-dev
  libonnx-dev libprotobuf-dev protobuf-compiler libonnx-testdata libomp-22-dev
  python3 python3-numpy python3-onnx python3-torch python3-torchvision
  python3-pytest libopenblas0-openmp python3-dev pybind11-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: error: installing packages needs root (run as root or install: ${missing[*]})" >&2
    exit 1
  fi
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# ccache keyed on paths relative to the checkout, so fresh clones hit it.
export CCACHE_BASEDIR="$root"

cmake -G Ninja -S "$root" -B "$build_dir" \
  -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-Release}" \
  -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
  -DPython_EXECUTABLE=/usr/bin/python3
cmake --build "$build_dir"

echo
echo "setup: built $(ls "$build_dir/bin" | tr '\n' ' ')in $build_dir/bin"
echo "setup: example: export a small MLP from PyTorch to ONNX, compile it for"
echo "setup: the CPU with strata-compile and run it with strata-run"
example="$build_dir/example"
/usr/bin/python3 "$root/test/e2e/models/export_models.py" --out "$example" \
  --models mlp --opsets 17
"$build_dir/bin/strata-compile" "$example/mlp_opset17/model.onnx" \
  --target=cpu -o "$example/mlp.so"
"$build_dir/bin/strata-run" "$example/mlp.so" \
  -i "$example/mlp_opset17/input_0.npy" --output-dir "$example/out"
cat "$example/out/outputs.json"
/usr/bin/python3 -c "import numpy, sys; print('output_0 =', numpy.load(sys.argv[1]))" \
  "$example/out/output_0.npy"
