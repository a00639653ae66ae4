"""Whole models on the modelled NPU: cycles, matrix-unit utilisation, DRAM
traffic and how much of the DMA time is hidden under compute.

Exports the spine issue's models (test/e2e/models/export_models.py, fixed
seed), compiles each with strata-compile --target=npu, runs it with
strata-run on the simulator with --npu-trace, and reads the Chrome trace:
`overlap` is the share of the DMA engines' busy time during which the
matrix or the vector unit is also busy (0% would be a machine that loads,
computes and stores one after the other). The trace of each model is kept
(open it in chrome://tracing or ui.perfetto.dev to see the queues).

Run with Debian's python: /usr/bin/python3 bench/npu_models.py
    [--build build] [--models resnet18 mobilenet_v2 encoder mlp]
    [--out bench/results/npu]
"""
import argparse
import json
import os
import re
import subprocess
import sys


def busy_intervals(trace, names):
    tids = {e["tid"] for e in trace if e.get("ph") == "M" and
            e["args"]["name"] in names}
    # Instructions that do work (waits are stalls, sets are bookkeeping),
    # in cycles.
    spans = sorted((e["args"]["start_cycle"], e["args"]["end_cycle"])
                   for e in trace
                   if e.get("ph") == "X" and e["tid"] in tids and
                   not e["name"].startswith(("wait_flag", "set_flag")) and
                   e["args"]["end_cycle"] > e["args"]["start_cycle"])
    merged = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return merged


def length(intervals):
    return sum(e - s for s, e in intervals)


def intersect(a, b):
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        s, e = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if s < e:
            out.append([s, e])
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(root, "build"))
    ap.add_argument("--models", nargs="+",
                    default=["resnet18", "mobilenet_v2", "encoder", "mlp"])
    ap.add_argument("--out", default=os.path.join(root, "bench", "results",
                                                  "npu"))
    args = ap.parse_args()
    bin_dir = os.path.join(args.build, "bin")
    cache = os.path.join(args.out, "models")
    os.makedirs(cache, exist_ok=True)
    subprocess.run([sys.executable,
                    os.path.join(root, "test/e2e/models/export_models.py"),
                    "--out", cache, "--models", ",".join(args.models),
                    "--opsets", "17"],
                   check=True)
    print(f"{'model':14} {'cycles':>10} {'us @1GHz':>9} {'matrix util':>11} "
          f"{'DRAM read':>10} {'DMA busy':>9} {'overlap':>8}")
    for name in args.models:
        d = os.path.join(cache, f"{name}_opset17")
        binary = os.path.join(args.out, f"{name}.npubin")
        trace_path = os.path.join(args.out, f"{name}.trace.json")
        subprocess.run([os.path.join(bin_dir, "strata-compile"),
                        os.path.join(d, "model.onnx"), "--target=npu", "-o",
                        binary], check=True)
        run = subprocess.run(
            [os.path.join(bin_dir, "strata-run"), binary, "-i",
             os.path.join(d, "input_0.npy"), "--output-dir",
             os.path.join(args.out, f"{name}.out"),
             f"--npu-trace={trace_path}"],
            check=True, capture_output=True, text=True).stdout
        cycles = int(re.search(r"total cycles: (\d+)", run).group(1))
        util = re.search(r"matrix utilisation: ([0-9.]+)%", run).group(1)
        read = int(re.search(r"DRAM: (\d+) bytes read", run).group(1))
        trace = json.load(open(trace_path))["traceEvents"]
        dma = busy_intervals(trace, {"dma_in", "dma_out"})
        compute = busy_intervals(trace, {"matrix", "vector"})
        hidden = length(intersect(dma, compute))
        print(f"{name:14} {cycles:>10,} {cycles / 1000:>9.1f} {util:>10}% "
              f"{read / 1e6:>8.1f}MB {length(dma) / cycles:>8.1%} "
              f"{hidden / max(length(dma), 1):>8.1%}")


if __name__ == "__main__":
    main()
