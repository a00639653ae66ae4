#!/usr/bin/python3
"""Benchmark Strata against ONNX Runtime on the CPU, as ratios in one run.

Models: resnet18, mobilenet_v2 and the transformer encoder layer of the e2e
test set (opset 17, exported by test/e2e/models/export_models.py) and a
1024x1024x1024 fp32 MatMul built with onnx.helper. For each model and thread
count it times, back to back:

  ORT     ONNX Runtime 1.30 (onnxruntime-node, via bench/ort_bench.js):
          intra-op threads T, inter-op 1, all graph optimisations;
          3 warm-up runs, then N timed runs.
  Strata  strata-compile MODEL --target=cpu -o ARTIFACT --threads=T, then
          strata-run ARTIFACT --benchmark=N --threads=T (one warm-up, N runs).
  numpy   (matmul only) numpy.matmul through OpenBLAS, as a BLAS yardstick.

Both ORT's and Strata's outputs are checked against the reference (PyTorch
eager, or float64 numpy for the matmul) with test/e2e/compare_npy.py: a fast
wrong answer is no result. It prints a table (median and min latency,
Strata/ORT ratio, and GFLOP/s and % of fp32 peak for the matmul) and writes
every number to a JSON file. Strata is skipped, with a note, when its tools
are not built. Run with Debian's /usr/bin/python3 (needs torch, onnx); the
only network access is npm installing onnxruntime-node into bench/node_modules
when it is missing.
"""
import argparse
import contextlib
import datetime
import io
import json
import os
import platform
import re
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path[:0] = [os.path.join(ROOT, "test", "e2e", "models"), os.path.join(ROOT, "test", "e2e")]
import compare_npy  # noqa: E402
import export_models  # noqa: E402

ORT_VERSION = "1.30.0"
MODELS = ("resnet18", "mobilenet_v2", "encoder", "matmul")
MATMUL_N = 1024
# Output checks: the e2e test tolerance, and for the matmul (entries ~N(0, 32)
# after 1024-term sums, compared with a float64 result) an atol that matches
# the entry scale.
TOLERANCES = {"matmul": (1e-4, 1e-3)}
DEFAULT_TOLERANCE = (1e-4, 1e-5)
STRATA_LINE = re.compile(r"strata-run: latency median ([0-9.eE+-]+) ms, min ([0-9.eE+-]+) ms")


def log(msg):
    print(f"run_bench: {msg}", file=sys.stderr, flush=True)


def ensure_ort():
    """Install onnxruntime-node into bench/node_modules if absent; True if usable."""
    if os.path.exists(os.path.join(BENCH, "node_modules", "onnxruntime-node", "package.json")):
        return True
    log(f"installing onnxruntime-node@{ORT_VERSION} into bench/node_modules (npm)")
    r = subprocess.run(["npm", "install", "--ignore-scripts", "--no-save",
                        f"onnxruntime-node@{ORT_VERSION}"], cwd=BENCH)
    return r.returncode == 0


def make_matmul(cache):
    """Write cache/matmul_1024: Y = A @ B, both fp32 graph inputs, opset 17."""
    out = os.path.join(cache, f"matmul_{MATMUL_N}")
    stamp = os.path.join(out, "meta.json")
    if os.path.exists(stamp) and os.path.getmtime(stamp) >= os.path.getmtime(__file__):
        return out
    import numpy as np
    import onnx
    from onnx import TensorProto, helper

    os.makedirs(out, exist_ok=True)
    n = MATMUL_N
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["A", "B"], ["Y"])], "matmul",
        [helper.make_tensor_value_info(x, TensorProto.FLOAT, [n, n]) for x in "AB"],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [n, n])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                              producer_name="strata-bench")
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, "model.onnx"))
    rng = np.random.default_rng(2024)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    np.save(os.path.join(out, "input_0.npy"), a)
    np.save(os.path.join(out, "input_1.npy"), b)
    np.save(os.path.join(out, "expected_0.npy"),
            (a.astype(np.float64) @ b.astype(np.float64)).astype(np.float32))
    with open(stamp, "w") as f:
        json.dump({"model": "matmul", "opset": 17, "outputs": [{"name": "Y"}],
                   "flop": 2 * n ** 3}, f)
    return out


def model_dir(name, cache):
    if name == "matmul":
        return make_matmul(cache)
    return export_models.ensure(name, 17, cache)


def inputs_of(mdir):
    files, k = [], 0
    while os.path.exists(os.path.join(mdir, f"input_{k}.npy")):
        files.append(os.path.join(mdir, f"input_{k}.npy"))
        k += 1
    return files


def check(name, mdir, out_dir):
    """Compare out_dir with the reference; return 'ok' or 'MISMATCH'."""
    rtol, atol = TOLERANCES.get(name, DEFAULT_TOLERANCE)
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        problems = compare_npy.compare_dirs(mdir, out_dir, rtol, atol)
    if problems:
        log(f"{name}: output check failed:\n{text.getvalue()}" + "\n".join(problems))
    return "MISMATCH" if problems else "ok"


def bench_ort(name, mdir, threads, runs, out_dir):
    cmd = ["node", os.path.join(BENCH, "ort_bench.js"), os.path.join(mdir, "model.onnx"),
           f"--threads={threads}", "--warmup=3", f"--runs={runs}", f"--output-dir={out_dir}"]
    for f in inputs_of(mdir):
        cmd += ["-i", f]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        log(f"ORT failed on {name}: {r.stderr.strip()}")
        return {"error": r.stderr.strip()}
    res = json.loads(r.stdout)
    res["check"] = check(name, mdir, out_dir)
    return res


def bench_strata(name, mdir, threads, runs, tools, work):
    artifact = os.path.join(work, f"{name}_t{threads}.so")
    out_dir = os.path.join(work, f"{name}_t{threads}_strata")
    t0 = time.perf_counter()
    r = subprocess.run([os.path.join(tools, "strata-compile"), os.path.join(mdir, "model.onnx"),
                        "--target=cpu", "-o", artifact, f"--threads={threads}"],
                       capture_output=True, text=True)
    compile_s = time.perf_counter() - t0
    if r.returncode != 0:
        log(f"strata-compile failed on {name} (exit {r.returncode}): {r.stderr.strip()}")
        return {"error": f"strata-compile exit {r.returncode}: {r.stderr.strip()[-2000:]}"}
    cmd = [os.path.join(tools, "strata-run"), artifact, "--target=cpu", "--output-dir", out_dir,
           f"--threads={threads}", f"--benchmark={runs}"]
    for f in inputs_of(mdir):
        cmd += ["-i", f]
    r = subprocess.run(cmd, capture_output=True, text=True)
    m = STRATA_LINE.search(r.stdout)
    if r.returncode != 0 or not m:
        log(f"strata-run failed on {name} (exit {r.returncode}): {r.stderr.strip()}")
        return {"error": f"strata-run exit {r.returncode}: {(r.stderr or r.stdout).strip()[-2000:]}"}
    return {"median_ms": float(m.group(1)), "min_ms": float(m.group(2)), "runs": runs,
            "compile_s": round(compile_s, 3), "check": check(name, mdir, out_dir)}


def bench_numpy(mdir, threads, runs):
    """numpy.matmul (OpenBLAS) on the matmul inputs, in a child with T threads."""
    code = f"""
import json, time, numpy as np
a, b = np.load({inputs_of(mdir)[0]!r}), np.load({inputs_of(mdir)[1]!r})
for _ in range(3): a @ b
ts = []
for _ in range({runs}):
    t0 = time.perf_counter(); a @ b; ts.append((time.perf_counter() - t0) * 1e3)
ts.sort(); print(json.dumps({{"median_ms": ts[len(ts) // 2], "min_ms": ts[0]}}))
"""
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    return json.loads(r.stdout) if r.returncode == 0 else {"error": r.stderr.strip()}


def machine():
    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    return {"cpu": cpu, "logical_cpus": os.cpu_count(), "kernel": platform.release(),
            "loadavg": os.getloadavg()}


def fmt(res, key="median_ms"):
    if res is None:
        return "skipped"
    if "error" in res:
        return "error"
    return f"{res[key]:.2f} ({res['min_ms']:.2f})"


def host_peak_gflops():
    """fp32 FMA peak of one core: 2 FMA ports x lanes x 2 FLOP x clock, with
    16 lanes for AVX-512F, 8 for AVX2+FMA (4 for SSE), and the clock from
    /proc/cpuinfo ("cpu MHz", which virtual machines report as the nominal
    clock; turbo can be higher, so the peak is a lower bound there)."""
    flags, mhz = set(), None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                key = key.strip()
                if key == "flags" and not flags:
                    flags = set(value.split())
                elif key == "cpu MHz" and mhz is None:
                    mhz = float(value)
    except OSError:
        pass
    lanes = 16 if "avx512f" in flags else 8 if {"avx2", "fma"} <= flags else 4
    ghz = (mhz or 2000.0) / 1000.0
    isa = {16: "AVX-512", 8: "AVX2", 4: "SSE"}[lanes]
    return 2 * lanes * 2 * ghz, f"2 FMA x {lanes} lanes ({isa}) x 2 FLOP x {ghz:.2f} GHz"


def print_table(rows, peak):
    head = ["model", "thr", "ORT ms med (min)", "Strata ms med (min)", "Strata/ORT",
            "ORT GFLOP/s (%pk)", "Strata GFLOP/s (%pk)", "numpy GFLOP/s", "check ORT/Strata"]
    lines = []
    for r in rows:
        ort, st, flop = r["ort"], r["strata"], r.get("flop")
        ok = lambda x: x is not None and "error" not in x  # noqa: E731

        def gf(x):
            if not flop or not ok(x):
                return "-"
            g = flop / (x["median_ms"] * 1e6)
            return f"{g:.0f} ({100 * g / (peak * r['threads']):.0f}%)"
        ratio = f"{st['median_ms'] / ort['median_ms']:.2f}" if ok(ort) and ok(st) else "-"
        lines.append([r["model"], str(r["threads"]), fmt(ort), fmt(st), ratio, gf(ort), gf(st),
                      gf(r.get("numpy")).split(" ")[0],
                      f"{ort.get('check', '-') if ort else '-'}/{st.get('check', '-') if st else '-'}"])
    widths = [max(len(x) for x in col) for col in zip(head, *lines)]
    for line in [head, ["-" * w for w in widths]] + lines:
        print("  ".join(x.ljust(w) for x, w in zip(line, widths)).rstrip())


def _csv(text):
    return [v for v in text.split(",") if v]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[2:]))
    parser.add_argument("--tools-dir", default=os.path.join(ROOT, "build", "bin"),
                        help="directory with strata-compile and strata-run (default: build/bin)")
    parser.add_argument("--work-dir", default=os.path.join(ROOT, "build", "bench"),
                        help="models, artifacts and outputs (default: build/bench)")
    parser.add_argument("--models", type=_csv, default=list(MODELS),
                        help="comma-separated subset of " + ",".join(MODELS))
    parser.add_argument("--threads", type=lambda s: [int(t) for t in _csv(s)], default=[1, 2],
                        help="comma-separated thread counts (default 1,2)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per measurement (default 20)")
    parser.add_argument("--peak-gflops", type=float, default=None,
                        help="fp32 FMA peak per core in GFLOP/s (default: from the host, "
                             "see host_peak_gflops and docs/benchmarks.md)")
    parser.add_argument("--no-strata", action="store_true", help="time ONNX Runtime only")
    parser.add_argument("--json", help="result file (default: WORK_DIR/results.json)")
    args = parser.parse_args(argv)
    bad = [m for m in args.models if m not in MODELS]
    if bad:
        parser.error(f"unknown models {bad}; known: {','.join(MODELS)}")

    host = machine()  # load average before the measurements
    if args.peak_gflops is None:
        args.peak_gflops, peak_how = host_peak_gflops()
    else:
        peak_how = "--peak-gflops"
    log(f"fp32 peak per core: {args.peak_gflops:.0f} GFLOP/s ({peak_how})")
    cache = os.path.join(args.work_dir, "models")
    os.makedirs(cache, exist_ok=True)
    have_ort = ensure_ort()
    if not have_ort:
        log("ONNX Runtime unavailable (npm install failed); ORT skipped")
    tools = os.path.abspath(args.tools_dir)
    missing = [t for t in ("strata-compile", "strata-run")
               if not os.access(os.path.join(tools, t), os.X_OK)]
    run_strata = not args.no_strata and not missing
    if missing and not args.no_strata:
        log(f"Strata skipped: {', '.join(missing)} not found in {tools}")

    rows = []
    for name in args.models:
        mdir = model_dir(name, cache)
        flop = 2 * MATMUL_N ** 3 if name == "matmul" else None
        for t in args.threads:
            log(f"{name}, {t} thread(s)")
            row = {"model": name, "threads": t, "flop": flop, "ort": None, "strata": None}
            if have_ort:
                row["ort"] = bench_ort(name, mdir, t, args.runs,
                                       os.path.join(args.work_dir, f"{name}_t{t}_ort"))
            if run_strata:
                row["strata"] = bench_strata(name, mdir, t, args.runs, tools, args.work_dir)
            if name == "matmul":
                row["numpy"] = bench_numpy(mdir, t, args.runs)
            rows.append(row)

    print_table(rows, args.peak_gflops)
    if not run_strata:
        print("Strata: skipped" + (f" ({', '.join(missing)} not found in {tools})" if missing else ""))
    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": dict(host, loadavg_at_end=os.getloadavg()),
        "ort_version": ORT_VERSION, "runs": args.runs, "peak_gflops_per_core": args.peak_gflops,
        "peak_derivation": peak_how,
        "strata": "measured" if run_strata else "skipped", "results": rows,
    }
    path = args.json or os.path.join(args.work_dir, "results.json")
    with open(path, "w") as f:
        json.dump(result, f, indent=1)
    log(f"wrote {path}")
    failed = [r for r in rows for k in ("ort", "strata")
              if r[k] and ("error" in r[k] or r[k].get("check") == "MISMATCH")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
