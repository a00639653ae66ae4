#!/usr/bin/python3
"""Runs ONNX backend node tests from Debian's libonnx-testdata on the CPU.

For each test directory (/usr/share/libonnx-testdata/data/node/<name>), runs
`strata-run model.onnx` on every test_data_set_* and compares each output
with the stored reference using ONNX's backend-test rule
np.testing.assert_allclose(rtol=1e-3, atol=1e-7) (exact equality for
integer and boolean outputs). Prints one line per test and a closing line
"N passed, N failed".

  run_node_tests.py --bin build/bin --list expected-pass.txt  # CI ratchet
  run_node_tests.py --bin build/bin --all > report.txt        # survey
With --list, every listed test must pass (exit 1 otherwise).
"""

import argparse
import concurrent.futures
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

DATA = "/usr/share/libonnx-testdata/data/node"
RTOL, ATOL = 1e-3, 1e-7  # onnx.backend.test defaults


def load_pb(path):
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)


def by_index(path):
    return int(path.rsplit("_", 1)[1].split(".")[0])


def first_error(text):
    for line in text.splitlines():
        if "error:" in line:
            return line.split("error:", 1)[1].strip()
    return (text.strip().splitlines() or ["(no message)"])[0]


def run_test(name, bindir, timeout):
    """Returns None when every data set matches, else the reason."""
    try:
        return run_data_sets(name, bindir, timeout)
    except Exception as e:  # sequences, optionals, strings in the test data
        return f"unsupported: test data not readable as tensors ({e})"


def run_data_sets(name, bindir, timeout):
    test_dir = os.path.join(DATA, name)
    sets = sorted(glob.glob(os.path.join(test_dir, "test_data_set_*")))
    if not sets:
        return "no test data"
    with tempfile.TemporaryDirectory() as tmp:
        for ds in sets:
            args = []
            inputs = sorted(glob.glob(ds + "/input_*.pb"), key=by_index)
            for k, path in enumerate(inputs):
                npy = os.path.join(tmp, f"in{k}.npy")
                np.save(npy, load_pb(path))
                args += ["-i", npy]
            out = os.path.join(tmp, "out")
            try:
                r = subprocess.run(
                    [os.path.join(bindir, "strata-run"),
                     os.path.join(test_dir, "model.onnx"), *args,
                     "--output-dir", out],
                    capture_output=True, text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                return "TIMEOUT"
            if r.returncode not in (0, 1):
                return f"CRASH (exit {r.returncode})"
            if r.returncode:
                return "unsupported: " + first_error(r.stderr)
            refs = sorted(glob.glob(ds + "/output_*.pb"), key=by_index)
            for k, path in enumerate(refs):
                ref = load_pb(path)
                got = np.load(os.path.join(out, f"output_{k}.npy"))
                if got.shape != ref.shape or got.dtype != ref.dtype:
                    return (f"mismatch: output {k} is {got.dtype}{got.shape}, "
                            f"expected {ref.dtype}{ref.shape}")
                if ref.dtype.kind in "fc":
                    ok = np.allclose(got, ref, rtol=RTOL, atol=ATOL,
                                     equal_nan=True)
                else:
                    ok = np.array_equal(got, ref)
                if not ok:
                    diff = np.max(np.abs(got.astype(np.float64) -
                                         ref.astype(np.float64)))
                    return f"mismatch: output {k}, max abs diff {diff:g}"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="directory of strata-run")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--list", help="file of test names that must pass")
    group.add_argument("--all", action="store_true", help="every node test")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=120,
                        help="seconds per data set")
    args = parser.parse_args()
    if args.list:
        with open(args.list) as f:
            names = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    else:
        names = sorted(os.listdir(DATA))
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(
            lambda n: (n, run_test(n, args.bin, args.timeout)), names))
    failed = 0
    for name, status in results:
        print(f"{name}: {status or 'PASS'}")
        failed += status is not None
    print(f"{len(names) - failed} passed, {failed} failed")
    return 1 if (args.list and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
