#!/usr/bin/python3
"""Compare a model's outputs (strata-run --output-dir) with reference outputs.

EXPECTED_DIR holds expected_0.npy, expected_1.npy, ... (and, optionally, the
meta.json written by export_models.py, whose output names are then checked).
ACTUAL_DIR holds output_0.npy, output_1.npy, ... and outputs.json, the list
of {index, name, shape, dtype} that strata-run writes.

The check is numpy.allclose's, per element: |actual - expected| <= atol +
rtol * |expected| (NaN matches NaN at the same position). Shapes and dtypes
must match exactly (no broadcasting), and the number of outputs must match.
For each output it prints the maximum absolute error, the maximum relative
error (over elements whose expected value is nonzero) and the worst element (the one closest to, or furthest beyond, its bound).

Exit status: 0 if everything matches, 1 on any mismatch or missing file,
2 on a usage error.
"""
import argparse
import json
import os
import sys

import numpy as np


def _count(directory, prefix):
    n = 0
    while os.path.exists(os.path.join(directory, f"{prefix}_{n}.npy")):
        n += 1
    return n


def compare_arrays(label, expected, actual, rtol, atol):
    """Print the error statistics of one output; return a list of problems."""
    if expected.dtype != actual.dtype:
        return [f"{label}: dtype {actual.dtype}, expected {expected.dtype}"]
    if expected.shape != actual.shape:
        return [f"{label}: shape {list(actual.shape)}, expected {list(expected.shape)}"]
    if expected.size == 0:
        print(f"{label}: empty, shape {list(expected.shape)}")
        return []
    e = expected.astype(np.float64)
    a = actual.astype(np.float64)
    # Where both are NaN, or both the same infinity, the element matches.
    same = (np.isnan(e) & np.isnan(a)) | (e == a)
    with np.errstate(invalid="ignore", divide="ignore"):
        err = np.where(same, 0.0, np.abs(a - e))
        err = np.where(np.isnan(err), np.inf, err)
        # Relative error over the nonzero expected elements only.
        rel = np.where(e != 0, err / np.abs(e), 0.0)
        rel = np.where(np.isnan(rel), np.inf, rel)
        bound = atol + rtol * np.abs(e)
        ratio = np.where(err == 0, 0.0, err / bound)
        ratio = np.where(np.isnan(ratio), np.inf, ratio)
    bad = int(np.count_nonzero(ratio > 1.0))
    worst = np.unravel_index(int(np.argmax(ratio)), e.shape)
    print(f"{label}: shape {list(e.shape)} {expected.dtype}: "
          f"max abs err {err.max():.3e}, max rel err {rel.max():.3e}; "
          f"worst at {list(map(int, worst))}: expected {expected[worst]!r}, "
          f"actual {actual[worst]!r} (err/bound {ratio[worst]:.3g})")
    if bad:
        return [f"{label}: {bad} of {e.size} elements differ by more than "
                f"atol {atol:g} + rtol {rtol:g} * |expected|"]
    return []


def compare_dirs(expected_dir, actual_dir, rtol, atol):
    """Compare all outputs; return a list of problems (empty if they match)."""
    n = _count(expected_dir, "expected")
    if n == 0:
        return [f"no expected_0.npy in {expected_dir}"]
    problems = []
    names = None
    meta_path = os.path.join(expected_dir, "meta.json")
    if os.path.exists(meta_path):
        with open(meta_path) as f:
            names = [o["name"] for o in json.load(f)["outputs"]]

    listing_path = os.path.join(actual_dir, "outputs.json")
    listing = None
    try:
        with open(listing_path) as f:
            listing = json.load(f)
    except (OSError, ValueError) as err:
        problems.append(f"cannot read {listing_path}: {err}")
    if listing is not None:
        if not isinstance(listing, list) or len(listing) != n:
            count = len(listing) if isinstance(listing, list) else "not a list"
            problems.append(f"outputs.json lists {count} outputs, expected {n}")
            listing = None
    actual_n = _count(actual_dir, "output")
    if actual_n != n:
        problems.append(f"{actual_dir} has {actual_n} output_<k>.npy files, expected {n}")

    for k in range(n):
        label = f"output {k}" + (f" ({names[k]})" if names else "")
        expected = np.load(os.path.join(expected_dir, f"expected_{k}.npy"))
        path = os.path.join(actual_dir, f"output_{k}.npy")
        if not os.path.exists(path):
            problems.append(f"{label}: missing {path}")
            continue
        actual = np.load(path)
        if listing is not None:
            entry = listing[k]
            want = {"index": k, "shape": list(actual.shape), "dtype": str(actual.dtype)}
            if names:
                want["name"] = names[k]
            got = {key: entry.get(key) for key in want} if isinstance(entry, dict) else entry
            if got != want:
                problems.append(f"{label}: outputs.json entry {entry}, expected {want}")
        problems += compare_arrays(label, expected, actual, rtol, atol)
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Compare expected_<k>.npy with output_<k>.npy (numpy allclose rule).")
    parser.add_argument("expected_dir", help="directory with expected_<k>.npy [and meta.json]")
    parser.add_argument("actual_dir", help="directory with output_<k>.npy and outputs.json")
    parser.add_argument("--rtol", type=float, default=1e-4, help="relative tolerance (default 1e-4)")
    parser.add_argument("--atol", type=float, default=1e-5, help="absolute tolerance (default 1e-5)")
    args = parser.parse_args(argv)
    for d in (args.expected_dir, args.actual_dir):
        if not os.path.isdir(d):
            print(f"compare_npy: error: {d} is not a directory", file=sys.stderr)
            return 1
    problems = compare_dirs(args.expected_dir, args.actual_dir, args.rtol, args.atol)
    for p in problems:
        print(f"compare_npy: FAIL: {p}")
    print(f"compare_npy: {'FAILED' if problems else 'PASSED'} "
          f"(rtol {args.rtol:g}, atol {args.atol:g})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
