"""The NPU paths of strata-compile and strata-run keep the tools' contract
(docs/tools.md): exit 0 on success, 1 on a compile or run error with a
message on stderr, 2 on a usage error; never a signal.

usage: check_cli.py BIN_DIR INPUTS_DIR TMP_DIR
"""
import os
import subprocess
import sys

import numpy as np

bin_dir, inputs, tmp = sys.argv[1:4]
os.makedirs(tmp, exist_ok=True)


def run(args, want, message=""):
    p = subprocess.run([os.path.join(bin_dir, args[0])] + args[1:],
                       capture_output=True, text=True)
    assert p.returncode == want, (args, p.returncode, p.stderr)
    assert message in p.stderr, (args, p.stderr)
    print(args[0], p.returncode, message)
    return p


exp = os.path.join(inputs, "exp.mlir")
x = os.path.join(tmp, "x.npy")
np.save(x, np.linspace(-2, 2, 16, dtype=np.float32).reshape(2, 8))
bad = os.path.join(tmp, "bad.npy")
np.save(bad, np.zeros(3, np.float32))
binary = os.path.join(tmp, "exp.npubin")
out = os.path.join(tmp, "out")

run(["strata-compile", exp, "--target=npu", "-o", binary], 0)
run(["strata-compile", exp, "--target=npu", "--emit=linalg", "-o", binary], 2,
    "--emit must be artifact, npu or asm for --target=npu")
run(["strata-compile", exp, "--target=tpu", "-o", binary], 2,
    "unknown --target 'tpu' (supported: cpu, npu, cuda, cuda-emu)")
run(["strata-compile", os.path.join(inputs, "tanh.mlir"), "--target=npu",
     "-o", binary + ".x"], 1, "'graph.tanh' cannot run on the NPU")
run(["strata-run", binary, "-i", x, "--output-dir", out], 0)
y = np.load(os.path.join(out, "output_0.npy"))
ref = np.exp(np.load(x).astype(np.float64))
# vexp is exp in double rounded to f32: correctly rounded.
assert np.array_equal(y, ref.astype(np.float32)), (y, ref)
run(["strata-run", binary, "-i", bad, "--output-dir", out], 1,
    "input 'x' expects float32[2x8], got float32[3]")
run(["strata-run", binary, "--output-dir", out], 1,
    "the program has 1 inputs, 0 were given")
run(["strata-run", exp, "--target=npu", "--benchmark=3", "-i", x,
     "--output-dir", out], 2, "--benchmark times the CPU")
with open(binary, "rb") as f:
    data = f.read()
with open(binary + ".cut", "wb") as f:
    f.write(data[: len(data) // 2])
run(["strata-run", binary + ".cut", "-i", x, "--output-dir", out], 1,
    "exp.npubin.cut: ")
corrupt = bytearray(data)
corrupt[70] ^= 0xFF
with open(binary + ".bad", "wb") as f:
    f.write(corrupt)
run(["strata-run", binary + ".bad", "-i", x, "--output-dir", out], 1,
    "exp.npubin.bad: ")
