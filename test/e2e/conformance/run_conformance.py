#!/usr/bin/python3
"""ONNX conformance runner: Debian's libonnx-testdata on Strata's CPU backend.

Runs the ONNX backend test models of /usr/share/libonnx-testdata/data
(suites node, pytorch-converted, pytorch-operator, simple: 1,072 models): for
each model it imports, compiles and runs every test_data_set_* with
`strata-run` and compares each output with the stored one by ONNX's
backend-test rule (rtol 1e-3, atol 1e-7; exact for integer, boolean and
string outputs). Each test ends in exactly one category:

  pass         every data set matches
  mismatch     an output differs (shape, dtype or values)
  unsupported  Strata stopped with a diagnostic (exit 1), e.g. an op or
               dtype it does not support; the first error line is kept
  crash        strata-run died (signal, or an exit code other than 0/1)
  timeout      a data set took longer than --timeout seconds

With --dynamic, every node test runs a second time with the first dimension
of each graph input made symbolic (dim_param "N"), compiled ONCE to an
artifact with strata-compile (no shape pinning) and run on the stored data,
as onnx-mlir does; that count is reported separately.

  run_conformance.py --bin build/bin                      # all suites
  run_conformance.py --bin build/bin --dynamic --report-dir docs/conformance
  run_conformance.py --bin build/bin --list expected-pass.txt   # CI ratchet

--report-dir writes report.json (every test with its category and reason)
and report.md (totals, then one row per op). With --list, every listed test
(`suite/name`, or a bare node test name) must pass, else exit 1. The last
line printed is "N passed, N failed".
"""

import argparse
import collections
import concurrent.futures
import datetime
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

DATA = "/usr/share/libonnx-testdata/data"
SUITES = ["node", "pytorch-converted", "pytorch-operator", "simple"]
RTOL, ATOL = 1e-3, 1e-7  # onnx.backend.test defaults
CATEGORIES = ["pass", "mismatch", "unsupported", "crash", "timeout"]


class Outcome(Exception):
    """Ends a test early with a category and a reason."""

    def __init__(self, category, detail=""):
        super().__init__(detail)
        self.category, self.detail = category, detail


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


def run_tool(argv, timeout):
    """Runs a Strata tool; raises Outcome for a crash, timeout or error."""
    try:
        r = subprocess.run(argv, capture_output=True, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        raise Outcome("timeout", f"{os.path.basename(argv[0])} took more "
                      f"than {timeout} s")
    if r.returncode < 0:
        raise Outcome("crash", f"{os.path.basename(argv[0])} killed by "
                      f"signal {-r.returncode}: {first_error(r.stderr)}")
    if r.returncode not in (0, 1):
        raise Outcome("crash", f"{os.path.basename(argv[0])} exit "
                      f"{r.returncode}: {first_error(r.stderr)}")
    if r.returncode == 1:
        raise Outcome("unsupported", first_error(r.stderr))


def compare(got, ref, k):
    if got.shape != ref.shape or got.dtype != ref.dtype:
        raise Outcome("mismatch", f"output {k} is {got.dtype}{list(got.shape)}"
                      f", expected {ref.dtype}{list(ref.shape)}")
    if ref.dtype.kind in "fc":
        ok = np.allclose(got, ref, rtol=RTOL, atol=ATOL, equal_nan=True)
    else:
        ok = np.array_equal(got, ref)
    if not ok:
        diff = np.max(np.abs(got.astype(np.float64) - ref.astype(np.float64)))
        raise Outcome("mismatch", f"output {k}: max abs diff {diff:g}")


def data_sets(test_dir):
    sets = sorted(glob.glob(os.path.join(test_dir, "test_data_set_*")))
    if not sets:
        raise Outcome("unsupported", "the test has no test_data_set_*")
    for ds in sets:
        try:
            inputs = [load_pb(p) for p in
                      sorted(glob.glob(ds + "/input_*.pb"), key=by_index)]
            refs = [load_pb(p) for p in
                    sorted(glob.glob(ds + "/output_*.pb"), key=by_index)]
        except Exception as e:  # sequences, optionals in the test data
            raise Outcome("unsupported", "test data not readable as tensors "
                          f"({str(e).splitlines()[0]})")
        yield inputs, refs


def run_model(bindir, model, test_dir, tmp, timeout):
    """Runs `model` (an .onnx or an artifact) on every data set."""
    for n, (inputs, refs) in enumerate(data_sets(test_dir)):
        args = []
        for k, value in enumerate(inputs):
            npy = os.path.join(tmp, f"in{k}.npy")
            try:
                np.save(npy, value)
            except Exception as e:
                raise Outcome("unsupported", f"input {k} cannot be written "
                              f"as .npy ({e})")
            args += ["-i", npy]
        out = os.path.join(tmp, f"out{n}")
        run_tool([os.path.join(bindir, "strata-run"), model, *args,
                  "--output-dir", out], timeout)
        for k, ref in enumerate(refs):
            path = os.path.join(out, f"output_{k}.npy")
            if not os.path.exists(path):
                raise Outcome("mismatch", f"output {k} was not written")
            compare(np.load(path), ref, k)


def make_first_dim_symbolic(src, dst):
    """Copies model `src` to `dst` with dim 0 of every graph input symbolic.
    Returns False when no input has a dimension to make symbolic."""
    model = onnx.load(src)
    initializers = {t.name for t in model.graph.initializer}
    changed = False
    for value in model.graph.input:
        if value.name in initializers or not value.type.HasField(
                "tensor_type"):
            continue
        shape = value.type.tensor_type.shape
        if len(shape.dim) == 0:
            continue
        shape.dim[0].Clear()
        shape.dim[0].dim_param = "N"
        changed = True
    onnx.save(model, dst)
    return changed


def run_test(suite, name, bindir, timeout, dynamic):
    """Returns {"category", "detail"[, "dynamic": {...}]}."""
    test_dir = os.path.join(DATA, suite, name)
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        try:
            run_model(bindir, os.path.join(test_dir, "model.onnx"), test_dir,
                      tmp, timeout)
            result.update(category="pass", detail="")
        except Outcome as o:
            result.update(category=o.category, detail=o.detail)
        if dynamic and suite == "node":
            dyn = {}
            try:
                model = os.path.join(tmp, "dynamic.onnx")
                if not make_first_dim_symbolic(
                        os.path.join(test_dir, "model.onnx"), model):
                    raise Outcome("unsupported", "no input has a dimension")
                artifact = os.path.join(tmp, "dynamic.so")
                run_tool([os.path.join(bindir, "strata-compile"), model,
                          "--target=cpu", "-o", artifact], timeout)
                run_model(bindir, artifact, test_dir, tmp, timeout)
                dyn.update(category="pass", detail="")
            except Outcome as o:
                dyn.update(category=o.category, detail=o.detail)
            except Exception as e:  # a model onnx cannot load or save
                dyn.update(category="unsupported", detail=str(e))
            result["dynamic"] = dyn
    return result


def snake(op):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", op).lower()


def op_types(suite, name):
    try:
        model = onnx.load(os.path.join(DATA, suite, name, "model.onnx"),
                          load_external_data=False)
    except Exception:
        return []
    return [n.op_type for n in model.graph.node]


def primary_op(suite, name, ops, twins):
    """The op a node test is about: its only node, the node named in the
    test name, or for `_expanded` tests that of the test they expand."""
    if suite != "node":
        return f"({suite})"
    if name.endswith("_expanded") and name[:-len("_expanded")] in twins:
        return twins[name[:-len("_expanded")]]
    real = [o for o in ops if o != "Constant"] or ops
    if len(set(real)) == 1:
        return real[0]
    for op in sorted(set(real), key=lambda o: -len(o)):
        if f"test_{snake(op)}" in name:
            return op
    return real[-1] if real else "(empty graph)"


def write_reports(tests, report_dir, dynamic):
    os.makedirs(report_dir, exist_ok=True)
    totals = {s: collections.Counter() for s in SUITES}
    per_op = collections.defaultdict(lambda: collections.Counter())
    reasons = collections.defaultdict(list)
    dyn_totals = collections.Counter()
    for t in tests:
        totals[t["suite"]][t["category"]] += 1
        per_op[t["op"]][t["category"]] += 1
        if t["category"] != "pass":
            reasons[t["op"]].append(t)
        if "dynamic" in t:
            dyn_totals[t["dynamic"]["category"]] += 1
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True,
                            cwd=os.path.dirname(os.path.abspath(__file__)))
    meta = {"date": datetime.date.today().isoformat(),
            "commit": commit.stdout.strip(), "rtol": RTOL, "atol": ATOL}
    with open(os.path.join(report_dir, "report.json"), "w") as f:
        json.dump({"meta": meta,
                   "totals": {s: dict(c) for s, c in totals.items()},
                   "dynamic_totals": dict(dyn_totals) if dynamic else None,
                   "ops": {op: dict(c) for op, c in sorted(per_op.items())},
                   "tests": tests}, f, indent=1)
        f.write("\n")

    lines = ["# ONNX conformance of the CPU backend", "",
             f"Generated by `test/e2e/conformance/run_conformance.py` on "
             f"{meta['date']} (commit {meta['commit']}) from Debian's "
             "libonnx-testdata; tolerances rtol 1e-3, atol 1e-7 (exact for "
             "integers and booleans). Every test is in exactly one category. "
             "The full list with reasons is in `report.json`.", "",
             "| Suite | Tests | " + " | ".join(CATEGORIES) + " |",
             "|---|---|" + "---|" * len(CATEGORIES)]
    for s in SUITES:
        c = totals[s]
        if sum(c.values()):
            lines.append(f"| {s} | {sum(c.values())} | " +
                         " | ".join(str(c[k]) for k in CATEGORIES) + " |")
    all_c = sum(totals.values(), collections.Counter())
    lines.append(f"| **all** | {sum(all_c.values())} | " +
                 " | ".join(str(all_c[k]) for k in CATEGORIES) + " |")
    if dynamic:
        lines += ["", "Node tests again with the first dimension of every "
                  "input symbolic, compiled once to an artifact: " +
                  ", ".join(f"{dyn_totals[k]} {k}" for k in CATEGORIES) +
                  "."]
    lines += ["", "## Per op (node tests; `_expanded` tests count under the "
              "op they expand)", "",
              "| Op | Pass | Tests | Not passing (first reason) |",
              "|---|---|---|---|"]
    for op, c in sorted(per_op.items()):
        failing = reasons.get(op, [])
        why = ""
        if failing:
            first = failing[0]
            detail = first["detail"].replace("|", "\\|")[:140]
            why = (f"{len(failing)}: {first['category']}: {detail}"
                   f" (`{first['name']}`)")
        lines.append(f"| {op} | {c['pass']} | {sum(c.values())} | {why} |")
    with open(os.path.join(report_dir, "report.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[1:]))
    parser.add_argument("--bin", required=True,
                        help="directory of strata-run and strata-compile")
    parser.add_argument("--suites", default=",".join(SUITES),
                        help="comma-separated suites (default: all four)")
    parser.add_argument("--list", help="file of tests that must pass")
    parser.add_argument("--filter", help="only tests whose name matches")
    parser.add_argument("--dynamic", action="store_true",
                        help="also run node tests with a symbolic first dim")
    parser.add_argument("--report-dir", help="write report.md and .json here")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=120,
                        help="seconds per tool invocation (default 120)")
    args = parser.parse_args()

    if args.list:
        with open(args.list) as f:
            entries = [l.strip() for l in f
                       if l.strip() and not l.startswith("#")]
        tests = [tuple(e.split("/", 1)) if "/" in e else ("node", e)
                 for e in entries]
    else:
        suites = [s for s in args.suites.split(",") if s]
        for s in suites:
            if s not in SUITES:
                parser.error(f"unknown suite '{s}' (expected one of "
                             f"{', '.join(SUITES)})")
        tests = [(s, n) for s in suites
                 for n in sorted(os.listdir(os.path.join(DATA, s)))]
    if args.filter:
        tests = [t for t in tests if re.search(args.filter, t[1])]
    missing = [t for t in tests if not os.path.isdir(os.path.join(DATA, *t))]
    if missing:
        parser.error(f"no such test: {missing[0][0]}/{missing[0][1]}")

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(
            lambda t: run_test(*t, args.bin, args.timeout, args.dynamic),
            tests))

    ops = {t: op_types(*t) for t in tests}
    twins = {}
    for (suite, name) in tests:
        if suite == "node" and not name.endswith("_expanded"):
            twins[name] = primary_op(suite, name, ops[(suite, name)], {})
    records = []
    for (suite, name), r in zip(tests, results):
        records.append({"suite": suite, "name": name,
                        "op": primary_op(suite, name, ops[(suite, name)],
                                         twins),
                        "ops": sorted(set(ops[(suite, name)])), **r})
        line = f"{suite}/{name}: {r['category']}"
        if r["detail"]:
            line += f": {r['detail']}"
        if "dynamic" in r:
            line += f" [dynamic: {r['dynamic']['category']}]"
        print(line)

    counts = collections.Counter(r["category"] for r in results)
    print("categories: " + ", ".join(f"{counts[k]} {k}" for k in CATEGORIES))
    if args.dynamic:
        dyn = collections.Counter(r["dynamic"]["category"] for r in results
                                  if "dynamic" in r)
        print("dynamic first dim (node tests): " +
              ", ".join(f"{dyn[k]} {k}" for k in CATEGORIES))
    if args.report_dir:
        write_reports(records, args.report_dir, args.dynamic)
    passed = counts["pass"]
    print(f"{passed} passed, {len(results) - passed} failed")
    return 1 if (args.list and passed != len(results)) else 0


if __name__ == "__main__":
    sys.exit(main())
