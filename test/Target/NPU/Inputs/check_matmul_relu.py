"""Makes inputs for Inputs/matmul-relu.s, or checks its output against numpy.

  check_matmul_relu.py make DIR      writes DIR/a.npy, DIR/b.npy (float32)
  check_matmul_relu.py check DIR OUT compares OUT/output_0.npy bit for bit

The reference rounds like the NPU: inputs to bf16 (nearest even), products
exact, FP32 sums in k order, relu, result to bf16 (nearest even).
"""
import os
import sys

import numpy as np


def to_bf16(x):
    u = np.asarray(x, np.float32).view(np.uint32).astype(np.uint64)
    u = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16) << 16
    return u.astype(np.uint32).view(np.float32)


def main():
    mode, d = sys.argv[1], sys.argv[2]
    if mode == "make":
        rng = np.random.default_rng(3)
        np.save(os.path.join(d, "a.npy"), rng.standard_normal((16, 32), np.float32))
        np.save(os.path.join(d, "b.npy"), rng.standard_normal((32, 24), np.float32))
        return
    a = to_bf16(np.load(os.path.join(d, "a.npy")))
    b = to_bf16(np.load(os.path.join(d, "b.npy")))
    acc = np.zeros((16, 24), np.float32)
    for k in range(32):
        acc = (acc + np.outer(a[:, k], b[k, :])).astype(np.float32)
    ref = to_bf16(np.maximum(acc, 0))
    out = np.load(os.path.join(sys.argv[3], "output_0.npy"))
    assert out.dtype == np.float32 and out.shape == (16, 24), (out.dtype, out.shape)
    bad = np.flatnonzero(out.view(np.uint32) != ref.view(np.uint32))
    if bad.size:
        print("mismatch at", bad[:10], out.ravel()[bad[:10]], ref.ravel()[bad[:10]])
        sys.exit(1)
    print("output matches numpy bit for bit")


main()
