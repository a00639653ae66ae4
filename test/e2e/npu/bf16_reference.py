#!/usr/bin/python3
"""Check NPU outputs against a numpy model of the NPU's numerics.

The NPU lowering (docs/npu-lowering.md) runs matmul/gemm on the matrix unit
with both operands rounded to bfloat16 (round to nearest even), products
summed in f32, and everything else (bias, relu, elementwise ops) in f32.
This script evaluates an ONNX model of Gemm/MatMul/Add/Relu/Flatten/Reshape
nodes the same way, in float64 after the bf16 rounding, so the only
differences left are the f32 summation order (~K * 2^-24 relative to
sum |a*b|) and, rarely, an intermediate value rounding to the neighbouring
bf16 number because of it (one bf16 ulp, 2^-8 relative, of one input to the
next layer).

With --fp32 the model is evaluated without the bf16 rounding (a plain
float64 evaluation of the fp32 model), to bound how far bf16 takes the
results from fp32.

usage: bf16_reference.py MODEL.onnx INPUT.npy ACTUAL.npy --tol T [--fp32]
Passes when max |actual - reference| <= T * max |reference|.
"""
import argparse
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def bf16(x):
    u = np.asarray(x, np.float32).view(np.uint32).astype(np.uint64)
    u = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16) << 16
    return u.astype(np.uint32).view(np.float32)


def attr(node, name, default):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def evaluate(model, x, round_bf16=True):
    rnd = bf16 if round_bf16 else (lambda v: np.asarray(v, np.float32))
    g = model.graph
    env = {t.name: numpy_helper.to_array(t).astype(np.float32) for t in g.initializer}
    env[g.input[0].name] = x.astype(np.float32)
    for node in g.node:
        ins = [env[i] for i in node.input if i]
        if node.op_type in ("Gemm", "MatMul"):
            a, b = ins[0], ins[1]
            if node.op_type == "Gemm":
                if attr(node, "transB", 0):
                    b = b.T
                b = np.float32(attr(node, "alpha", 1.0)) * b
            k = a.shape[-1]
            a2 = rnd(a.reshape(-1, k)).astype(np.float64)
            y = (a2 @ rnd(b).astype(np.float64)).astype(np.float32)
            if node.op_type == "Gemm" and len(ins) > 2:
                y = y + np.float32(attr(node, "beta", 1.0)) * ins[2]
            out = y.reshape(a.shape[:-1] + (b.shape[1],))
        elif node.op_type == "Add":
            out = ins[0] + ins[1]
        elif node.op_type == "Relu":
            out = np.maximum(ins[0], 0)
        elif node.op_type == "Flatten":
            axis = attr(node, "axis", 1)
            out = ins[0].reshape(int(np.prod(ins[0].shape[:axis])), -1)
        elif node.op_type == "Reshape":
            out = ins[0].reshape(tuple(int(d) for d in ins[1]))
        else:
            sys.exit(f"bf16_reference: no model of {node.op_type} ({node.name})")
        env[node.output[0]] = np.asarray(out, np.float32)
    return env[g.output[0].name]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model")
    ap.add_argument("input")
    ap.add_argument("actual")
    ap.add_argument("--tol", type=float, required=True)
    ap.add_argument("--fp32", action="store_true",
                    help="compare with the fp32 model instead of the bf16 one")
    args = ap.parse_args()
    ref = evaluate(onnx.load(args.model), np.load(args.input), not args.fp32)
    actual = np.load(args.actual)
    if actual.shape != ref.shape:
        sys.exit(f"bf16_reference: shape {actual.shape}, expected {ref.shape}")
    scale = float(np.abs(ref).max())
    err = float(np.abs(actual - ref).max())
    what = "fp32" if args.fp32 else "bf16"
    print(f"max |npu - {what} model| = {err:.3e}, max |model| = {scale:.3e}, "
          f"ratio {err / scale:.3e} (tolerance {args.tol:.1e})")
    if not err <= args.tol * scale:
        sys.exit("bf16_reference: mismatch")


if __name__ == "__main__":
    main()
