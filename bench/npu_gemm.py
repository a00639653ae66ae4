"""NPU GEMM micro-benchmark: C[M x N] (f32) = A[M x K] (bf16) * B[K x N] (bf16).

Emits NPU assembly for a tiled GEMM with double buffering, assembles it with
strata-npu-as, runs strata-npu-sim on random inputs, checks C against numpy
and prints the simulator's cycle summary (matrix-unit utilisation included).

Schedule (docs/npu-isa.md, "Double buffering"): output tiles of TM x TN in
one of two accumulator buffers; for each tile the K dimension is walked in
steps of TK. Per step the dma_in queue loads an A tile (TM x TK) and a B tile
(TK x TN) into one of two SRAM buffer pairs while the matrix queue multiplies
the other pair; the dma_out queue stores a finished accumulator tile while
the next tile accumulates into the other one, in --store-chunks pieces so that
one store does not hold the shared DRAM bus for long. Flags:
  0/1 FULL[b]   dma_in -> matrix   (SRAM pair b loaded)
  2/3 FREE[b]   matrix -> dma_in   (SRAM pair b consumed)
  4/5 DONE[c]   matrix -> dma_out  (accumulator c complete)
  6/7 EMPTY[c]  dma_out -> matrix  (accumulator c stored)
With --buffers 1 the same program uses one SRAM pair and one accumulator, so
load, compute and store serialise (the baseline the overlap is measured by).

With --compiled the GEMM is not hand-scheduled: an ONNX MatMul (A an f32
input, B constant weights) goes through strata-compile's NPU lowering
(docs/npu-lowering.md), whose tiles come from its cost model and which also
converts A to bf16 on the vector unit; C is checked against numpy the same
way.

Run with Debian's python: /usr/bin/python3 bench/npu_gemm.py [--build build]
                          [--compiled]
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np


def emit(m, n, k, tm, tn, tk, buffers, store_chunks):
    a_addr, b_addr = 0, m * k * 2
    c_addr = b_addr + k * n * 2
    a_tile, b_tile = tm * tk * 2, tk * tn * 2
    sram_a = [i * a_tile for i in range(buffers)]
    sram_b = [buffers * a_tile + i * b_tile for i in range(buffers)]
    acc = [i * tm * tn * 4 for i in range(buffers)]
    dma_in, matrix, dma_out = [], [], []
    for b in range(buffers):
        matrix.append(f"set_flag flag={2 + b}")
        dma_out.append(f"set_flag flag={6 + b}")
    step = 0
    tiles = [(i, j) for i in range(m // tm) for j in range(n // tn)]
    for t, (ti, tj) in enumerate(tiles):
        c = t % buffers
        matrix.append(f"wait_flag flag={6 + c}")
        for kk in range(k // tk):
            b = step % buffers
            step += 1
            dma_in += [
                f"wait_flag flag={2 + b}",
                # A tile: tm rows of tk bf16, row stride k elements in DRAM.
                f"dma dst_space=sram src_space=dram row_bytes={tk * 2} rows={tm} "
                f"dst={sram_a[b]} src={a_addr + (ti * tm * k + kk * tk) * 2} "
                f"dst_stride={tk * 2} src_stride={k * 2}",
                # B tile: tk rows of tn bf16, row stride n elements in DRAM.
                f"dma dst_space=sram src_space=dram row_bytes={tn * 2} rows={tk} "
                f"dst={sram_b[b]} src={b_addr + (kk * tk * n + tj * tn) * 2} "
                f"dst_stride={tn * 2} src_stride={n * 2}",
                f"set_flag flag={b}",
            ]
            matrix += [
                f"wait_flag flag={b}",
                f"matmul dtype=bf16 accumulate={1 if kk else 0} m={tm} n={tn} "
                f"k={tk} c={acc[c]} a={sram_a[b]} b={sram_b[b]} lda={tk} "
                f"ldb={tn} ldc={tn}",
                f"set_flag flag={2 + b}",
            ]
        matrix.append(f"set_flag flag={4 + c}")
        dma_out.append(f"wait_flag flag={4 + c}")
        rows = tm // store_chunks
        for r in range(0, tm, rows):
            dma_out.append(
                f"dma dst_space=dram src_space=acc row_bytes={tn * 4} rows={rows} "
                f"dst={c_addr + ((ti * tm + r) * n + tj * tn) * 4} "
                f"src={acc[c] + r * tn * 4} dst_stride={n * 4} src_stride={tn * 4}")
        dma_out.append(f"set_flag flag={6 + c}")
    lines = [
        f"# {m}x{n}x{k} bf16 GEMM, tiles {tm}x{tn}x{tk}, {buffers} buffer(s)",
        f".dram {c_addr + m * n * 4}",
        f".input a bf16 {m}x{k} @{a_addr}",
        f".input b bf16 {k}x{n} @{b_addr}",
        f".output c f32 {m}x{n} @{c_addr}",
    ]
    for name, queue in (("dma_in", dma_in), ("matrix", matrix), ("dma_out", dma_out)):
        lines.append(f".queue {name}")
        lines += ["  " + ins for ins in queue]
    return "\n".join(lines) + "\n"


def to_bf16(x):
    u = np.asarray(x, np.float32).view(np.uint32).astype(np.uint64)
    u = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16) << 16
    return u.astype(np.uint32).view(np.float32)


def compiled(args):
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    m, n, k = args.size
    bin_dir = os.path.join(args.build, "bin")
    work = args.keep or tempfile.mkdtemp(prefix="npu-gemm-")
    os.makedirs(work, exist_ok=True)
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k), np.float32)
    b = rng.standard_normal((k, n), np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["a", "b"], ["c"], name="gemm")], "gemm",
        [helper.make_tensor_value_info("a", TensorProto.FLOAT, [m, k])],
        [helper.make_tensor_value_info("c", TensorProto.FLOAT, [m, n])],
        [numpy_helper.from_array(b, "b")])
    model = os.path.join(work, "gemm.onnx")
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), model)
    np.save(os.path.join(work, "a.npy"), a)
    cmd = [os.path.join(bin_dir, "strata-run"), model, "--target=npu", "-i",
           os.path.join(work, "a.npy"), "--output-dir", os.path.join(work, "out")]
    if args.trace:
        cmd += ["--npu-trace", args.trace]
    summary = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    c = np.load(os.path.join(work, "out", "output_0.npy"))
    ref = to_bf16(a).astype(np.float64) @ to_bf16(b).astype(np.float64)
    err = np.abs(c - ref).max() / np.abs(ref).max()
    print(f"GEMM {m}x{n}x{k}: ONNX MatMul compiled with strata-compile --target=npu "
          f"(f32 A converted on the NPU, bf16 B, f32 C)")
    print(summary, end="")
    print(f"max |C - C_ref| / max |C_ref| = {err:.2e} (FP32 accumulation)")
    if err > 1e-5:
        sys.exit("npu_gemm: the result does not match numpy")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(os.path.dirname(__file__), "..", "build"))
    ap.add_argument("--size", type=int, nargs=3, default=[1024, 1024, 1024], metavar=("M", "N", "K"))
    ap.add_argument("--tile", type=int, nargs=3, default=[256, 256, 128], metavar=("TM", "TN", "TK"))
    ap.add_argument("--buffers", type=int, choices=(1, 2), default=2)
    ap.add_argument("--store-chunks", type=int, default=8,
                    help="DMAs per accumulator-tile store (divides TM)")
    ap.add_argument("--trace", help="write the simulator's Chrome/Perfetto trace here")
    ap.add_argument("--keep", help="directory for the .s/.bin/.npy files")
    ap.add_argument("--compiled", action="store_true",
                    help="compile an ONNX MatMul with --target=npu instead")
    args = ap.parse_args()
    if args.compiled:
        return compiled(args)
    (m, n, k), (tm, tn, tk) = args.size, args.tile
    if m % tm or n % tn or k % tk:
        sys.exit("npu_gemm: the tile sizes must divide the problem sizes")
    bin_dir = os.path.join(args.build, "bin")
    work = args.keep or tempfile.mkdtemp(prefix="npu-gemm-")
    os.makedirs(work, exist_ok=True)
    asm = os.path.join(work, "gemm.s")
    with open(asm, "w") as f:
        f.write(emit(m, n, k, tm, tn, tk, args.buffers, args.store_chunks))
    binary = os.path.join(work, "gemm.bin")
    subprocess.run([os.path.join(bin_dir, "strata-npu-as"), asm, "-o", binary], check=True)
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k), np.float32)
    b = rng.standard_normal((k, n), np.float32)
    np.save(os.path.join(work, "a.npy"), a)
    np.save(os.path.join(work, "b.npy"), b)
    cmd = [os.path.join(bin_dir, "strata-npu-sim"), binary, "-i", os.path.join(work, "a.npy"),
           "-i", os.path.join(work, "b.npy"), "--output-dir", os.path.join(work, "out")]
    if args.trace:
        cmd += ["--trace", args.trace]
    summary = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    c = np.load(os.path.join(work, "out", "output_0.npy"))
    ref = to_bf16(a).astype(np.float64) @ to_bf16(b).astype(np.float64)
    err = np.abs(c - ref).max() / np.abs(ref).max()
    print(f"GEMM {m}x{n}x{k} bf16 -> f32, tiles {tm}x{tn}x{tk}, {args.buffers} buffer(s), "
          f"stores in {args.store_chunks} chunk(s)")
    print(summary, end="")
    print(f"max |C - C_ref| / max |C_ref| = {err:.2e} (FP32 accumulation)")
    if err > 1e-5:
        sys.exit("npu_gemm: the result does not match numpy")


if __name__ == "__main__":
    main()
