#!/usr/bin/python3
"""Imports the ONNX backend test models of libonnx-testdata (by hand, not CI).

Usage: scripts/check-onnx-testdata.py [--run] [--build build] [SUBSTRING...]

For every /usr/share/libonnx-testdata/data/*/*/model.onnx (filtered by the
substrings, if any) runs `strata-translate --import-onnx` and
`strata-opt --verify-each -canonicalize -graph-infer-shapes`, and prints one
line per model: OK, or the first error. Unsupported ops are expected
failures; a crash (exit status other than 0/1) or a verifier failure after a
successful import is a bug. With --run, models that import are also run with
`strata-run` on test_data_set_0 and compared with the reference outputs
(rtol 1e-3, atol 1e-4). Needs Debian's python3-onnx and numpy.
"""

import argparse
import collections
import glob
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = "/usr/share/libonnx-testdata/data"


def first_error(text):
    for line in text.splitlines():
        if "error:" in line:
            return line.split("error:", 1)[1].strip()
    return text.strip().splitlines()[0] if text.strip() else "(no message)"


def run_and_compare(model_dir, bindir, tmp):
    import numpy as np
    import onnx
    from onnx import numpy_helper

    def load(path):
        t = onnx.TensorProto()
        with open(path, "rb") as f:
            t.ParseFromString(f.read())
        return numpy_helper.to_array(t)

    def index(path):
        return int(path.rsplit("_", 1)[1].split(".")[0])

    ds = os.path.join(model_dir, "test_data_set_0")
    if not os.path.isdir(ds):
        return "no test data"
    args = []
    for k, p in enumerate(sorted(glob.glob(ds + "/input_*.pb"), key=index)):
        npy = os.path.join(tmp, f"in{k}.npy")
        np.save(npy, load(p))
        args += ["-i", npy]
    out = os.path.join(tmp, "out")
    r = subprocess.run([os.path.join(bindir, "strata-run"),
                        os.path.join(model_dir, "model.onnx"), *args,
                        "--output-dir", out], capture_output=True, text=True)
    if r.returncode != 0:
        return "run: " + first_error(r.stderr)
    for k, p in enumerate(sorted(glob.glob(ds + "/output_*.pb"), key=index)):
        ref = load(p)
        got = np.load(os.path.join(out, f"output_{k}.npy"))
        if got.shape != ref.shape:
            return f"MISMATCH output {k}: shape {got.shape} vs {ref.shape}"
        if not np.allclose(got.astype(np.float64), ref.astype(np.float64),
                           rtol=1e-3, atol=1e-4, equal_nan=True):
            diff = np.max(np.abs(got.astype(np.float64) - ref.astype(np.float64)))
            return f"MISMATCH output {k}: max abs diff {diff:g}"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", action="store_true")
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("filters", nargs="*")
    args = parser.parse_args()
    bindir = os.path.join(args.build, "bin")
    counts = collections.Counter()
    for model in sorted(glob.glob(DATA + "/*/*/model.onnx")):
        model_dir = os.path.dirname(model)
        name = os.path.relpath(model_dir, DATA)
        if args.filters and not any(f in name for f in args.filters):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            mlir = os.path.join(tmp, "model.mlir")
            r = subprocess.run([os.path.join(bindir, "strata-translate"),
                                "--import-onnx", model, "-o", mlir],
                               capture_output=True, text=True)
            if r.returncode not in (0, 1):
                status = f"CRASH (exit {r.returncode})"
            elif r.returncode == 1:
                status = "import: " + first_error(r.stderr)
            else:
                r = subprocess.run([os.path.join(bindir, "strata-opt"),
                                    "--verify-each", "-canonicalize",
                                    "-graph-infer-shapes", mlir, "-o",
                                    os.devnull], capture_output=True, text=True)
                status = ("VERIFY: " + first_error(r.stderr)
                          if r.returncode else None)
                if status is None and args.run:
                    status = run_and_compare(model_dir, bindir, tmp)
        kind = "OK" if status is None else status.split(":")[0].split(" ")[0]
        counts[kind] += 1
        print(f"{name}: {status or 'OK'}")
    print(", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 1 if counts["CRASH"] or counts["VERIFY"] or counts["MISMATCH"] else 0


if __name__ == "__main__":
    sys.exit(main())
