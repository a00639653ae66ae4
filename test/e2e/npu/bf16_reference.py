#!/usr/bin/python3
"""Check NPU outputs against a numpy model of the NPU's numerics.

The NPU lowering (docs/npu-lowering.md) runs matmul/gemm on the matrix unit
with both operands rounded to bfloat16 (round to nearest even), products
summed in f32, and everything else (bias, relu, elementwise ops) in f32.
Convolutions are the same sum of bf16 products (their bias is added as a
bf16 hi + lo split, within 2^-16 relative of f32); max pooling, global
average pooling and Clip are f32. This script evaluates an ONNX model of
Gemm/MatMul (also of two activations)/Conv/Add/Sub/Mul/Div/Relu/Clip/Softmax/
LayerNormalization/Transpose/Slice/Concat/Shape/Gather/Identity/MaxPool/AveragePool/GlobalAveragePool/Flatten/Reshape
nodes the same way, in float64 after the bf16 rounding, so the only
differences left are the f32 summation order (~K * 2^-24 relative to
sum |a*b|) and, rarely, an intermediate value rounding to the neighbouring
bf16 number because of it (one bf16 ulp, 2^-8 relative, of one input to the
next layer).

With --f16 the matrix operands are rounded to float16 instead (the NPU
compiled with --npu-precision=f16; 11 significant bits, so every bf16
figure above shrinks by 2^-3).

With --fp32 the model is evaluated without the bf16 rounding (a plain
float64 evaluation of the fp32 model), to bound how far bf16 takes the
results from fp32.

Deep models amplify those order-dependent roundings like any other
rounding noise, so for them --rounding-noise F bounds the NPU by the size of
bf16's own noise, d = max |bf16 model - fp32 model|: it passes when both
max |actual - bf16 model| and max |actual - fp32 model| are <= F * d. Two
bf16 evaluations that differ only in summation order are two samples of
that noise; independent noise adds in quadrature (sqrt 2 ~ 1.41), so
F = 1.5 is the bound, and a kernel bug of the size of one misplaced tap
exceeds it.

usage: bf16_reference.py MODEL.onnx INPUT.npy ACTUAL.npy
           (--tol T [--fp32] | --rounding-noise F)
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


def f16(x):
    return np.asarray(x, np.float32).astype(np.float16).astype(np.float32)


# The rounding of matrix operands: bf16, or f16 with --f16.
ROUND = bf16


def attr(node, name, default):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def windows(x, kernel, strides, pads, value, dilations=(1, 1)):
    """[N, C, OH, OW, KH, KW] views of x padded with `value` (ONNX pads);
    tap (i, j) of output (y, x) is input (y s + i d, x s + j d)."""
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])),
                constant_values=value)
    span = tuple((k - 1) * d + 1 for k, d in zip(kernel, dilations))
    win = np.lib.stride_tricks.sliding_window_view(xp, span, axis=(2, 3))
    return win[:, :, ::strides[0], ::strides[1], ::dilations[0], ::dilations[1]]


def conv(node, x, w, b, rnd):
    group = attr(node, "group", 1)
    co, cg, kh, kw = w.shape
    win = windows(rnd(x).astype(np.float64), (kh, kw),
                  attr(node, "strides", [1, 1]), attr(node, "pads", [0] * 4), 0,
                  attr(node, "dilations", [1, 1]))
    n, c, oh, ow = win.shape[:4]
    xs = win.reshape(n, group, cg, oh, ow, kh, kw)
    ws = rnd(w).astype(np.float64).reshape(group, co // group, cg, kh, kw)
    y = np.einsum("ngcijkl,gockl->ngoij", xs, ws, optimize=True)
    y = y.reshape(n, co, oh, ow).astype(np.float32)
    return y if b is None else y + b.reshape(1, co, 1, 1)


def evaluate(model, x, round_bf16=True):
    rnd = ROUND if round_bf16 else (lambda v: np.asarray(v, np.float32))
    g = model.graph
    env = {}
    for t in g.initializer:
        v = numpy_helper.to_array(t)
        env[t.name] = v if v.dtype == np.int64 else v.astype(np.float32)
    env[g.input[0].name] = x.astype(np.float32)
    for node in g.node:
        if node.op_type == "Constant":
            env[node.output[0]] = numpy_helper.to_array(attr(node, "value", None))
            continue
        ins = [env[i] for i in node.input if i]
        if node.op_type == "Gemm":
            a, b = ins[0], ins[1]
            if attr(node, "transA", 0):
                a = a.T
            if attr(node, "transB", 0):
                b = b.T
            b = np.float32(attr(node, "alpha", 1.0)) * b
            out = (rnd(a).astype(np.float64) @ rnd(b).astype(np.float64)).astype(np.float32)
            if len(ins) > 2:
                out = out + np.float32(attr(node, "beta", 1.0)) * ins[2]
        elif node.op_type == "MatMul":
            # Both operands in bf16, whether weights or activations.
            out = np.matmul(rnd(ins[0]).astype(np.float64),
                            rnd(ins[1]).astype(np.float64)).astype(np.float32)
        elif node.op_type == "Conv":
            out = conv(node, ins[0], ins[1], ins[2] if len(ins) > 2 else None,
                       rnd)
        elif node.op_type == "MaxPool":
            if attr(node, "ceil_mode", 0):
                sys.exit(f"bf16_reference: ceil_mode MaxPool ({node.name})")
            k = attr(node, "kernel_shape", None)
            out = windows(ins[0], tuple(k), attr(node, "strides", [1, 1]),
                          attr(node, "pads", [0] * 4), -np.inf).max(axis=(4, 5))
        elif node.op_type == "AveragePool":
            if attr(node, "ceil_mode", 0):
                sys.exit(f"bf16_reference: ceil_mode AveragePool ({node.name})")
            k = tuple(attr(node, "kernel_shape", None))
            st, pads = attr(node, "strides", [1, 1]), attr(node, "pads", [0] * 4)
            x64 = ins[0].astype(np.float64)
            total = windows(x64, k, st, pads, 0.0).sum(axis=(4, 5))
            if attr(node, "count_include_pad", 0):
                count = k[0] * k[1]
            else:
                count = windows(np.ones_like(x64), k, st, pads, 0.0).sum(
                    axis=(4, 5))
            out = (total / count).astype(np.float32)
        elif node.op_type == "GlobalAveragePool":
            out = ins[0].astype(np.float64).mean(axis=(2, 3), keepdims=True)
        elif node.op_type == "Clip":
            lo = env[node.input[1]] if len(node.input) > 1 and node.input[1] \
                else attr(node, "min", -np.inf)
            hi = env[node.input[2]] if len(node.input) > 2 and node.input[2] \
                else attr(node, "max", np.inf)
            out = np.clip(ins[0], lo, hi)
        elif node.op_type == "Add":
            out = ins[0] + ins[1]
        elif node.op_type == "Mul":
            out = ins[0] * ins[1]
        elif node.op_type == "Sub":
            out = ins[0] - ins[1]
        elif node.op_type == "Div":
            out = ins[0] / ins[1]
            if ins[0].dtype == np.int64:  # ONNX integer division truncates
                out = np.trunc(out).astype(np.int64)
        elif node.op_type == "Concat":
            out = np.concatenate(ins, axis=attr(node, "axis", 0))
        elif node.op_type == "Identity":
            out = ins[0]
        elif node.op_type == "Shape":
            out = np.array(ins[0].shape, np.int64)
        elif node.op_type == "Gather":
            out = np.take(ins[0], ins[1].astype(np.int64), axis=attr(node, "axis", 0))
        elif node.op_type == "Transpose":
            out = np.transpose(ins[0], attr(node, "perm", None))
        elif node.op_type == "Slice":
            x = ins[0]
            starts, ends = ins[1], ins[2]
            axes = ins[3] if len(ins) > 3 else range(len(starts))
            steps = ins[4] if len(ins) > 4 else [1] * len(starts)
            index = [slice(None)] * x.ndim
            for a, b, e, st in zip(axes, starts, ends, steps):
                index[int(a)] = slice(int(b), int(e), int(st))
            out = x[tuple(index)]
        elif node.op_type == "Softmax":
            x = ins[0].astype(np.float64)
            axis = attr(node, "axis", -1)
            e = np.exp(x - x.max(axis=axis, keepdims=True))
            out = e / e.sum(axis=axis, keepdims=True)
        elif node.op_type == "LayerNormalization":
            x = ins[0].astype(np.float64)
            axis = attr(node, "axis", -1)
            axes = tuple(range(axis % x.ndim, x.ndim))
            mean = x.mean(axis=axes, keepdims=True)
            var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
            out = (x - mean) / np.sqrt(var + attr(node, "epsilon", 1e-5)) * ins[1]
            if len(ins) > 2:
                out = out + ins[2]
        elif node.op_type == "Relu":
            out = np.maximum(ins[0], 0)
        elif node.op_type == "Flatten":
            axis = attr(node, "axis", 1)
            out = ins[0].reshape(int(np.prod(ins[0].shape[:axis])), -1)
        elif node.op_type == "Reshape":
            out = ins[0].reshape(tuple(int(d) for d in ins[1]))
        else:
            sys.exit(f"bf16_reference: no model of {node.op_type} ({node.name})")
        out = np.asarray(out)
        env[node.output[0]] = out if out.dtype == np.int64 else out.astype(np.float32)
    return env[g.output[0].name]


def check_rounding_noise(args):
    model, x = onnx.load(args.model), np.load(args.input)
    ref16, ref32 = evaluate(model, x, True), evaluate(model, x, False)
    actual = np.load(args.actual)
    if actual.shape != ref32.shape:
        sys.exit(f"bf16_reference: shape {actual.shape}, expected {ref32.shape}")
    noise = float(np.abs(ref16 - ref32).max())
    e16 = float(np.abs(actual - ref16).max())
    e32 = float(np.abs(actual - ref32).max())
    bound = args.rounding_noise * noise
    print(f"bf16 noise max |bf16 model - fp32 model| = {noise:.3e} "
          f"(max |fp32 model| = {float(np.abs(ref32).max()):.3e}); "
          f"max |npu - bf16 model| = {e16:.3e} ({e16 / noise:.2f}x), "
          f"max |npu - fp32 model| = {e32:.3e} ({e32 / noise:.2f}x), "
          f"bound {args.rounding_noise}x")
    if not (e16 <= bound and e32 <= bound):
        sys.exit("bf16_reference: mismatch")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model")
    ap.add_argument("input")
    ap.add_argument("actual")
    ap.add_argument("--tol", type=float)
    ap.add_argument("--rounding-noise", type=float, metavar="F")
    ap.add_argument("--f16", action="store_true",
                    help="the matrix operands are f16, not bf16")
    ap.add_argument("--fp32", action="store_true",
                    help="compare with the fp32 model instead of the bf16 one")
    args = ap.parse_args()
    global ROUND
    ROUND = f16 if args.f16 else bf16
    if (args.tol is None) == (args.rounding_noise is None):
        ap.error("give exactly one of --tol and --rounding-noise")
    if args.rounding_noise is not None:
        return check_rounding_noise(args)
    ref = evaluate(onnx.load(args.model), np.load(args.input), not args.fp32)
    actual = np.load(args.actual)
    if actual.shape != ref.shape:
        sys.exit(f"bf16_reference: shape {actual.shape}, expected {ref.shape}")
    scale = float(np.abs(ref).max())
    err = float(np.abs(actual - ref).max())
    what = "fp32" if args.fp32 else ("f16" if args.f16 else "bf16")
    print(f"max |npu - {what} model| = {err:.3e}, max |model| = {scale:.3e}, "
          f"ratio {err / scale:.3e} (tolerance {args.tol:.1e})")
    if not err <= args.tol * scale:
        sys.exit("bf16_reference: mismatch")


if __name__ == "__main__":
    main()
