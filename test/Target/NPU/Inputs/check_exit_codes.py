"""Checks the exit-status contract of the NPU tools (docs/tools.md):
0 success, 1 error with a message, 2 usage error; never a signal."""
import subprocess
import sys

bin_dir, tmp = sys.argv[1], sys.argv[2]


def run(args, want):
    p = subprocess.run([f"{bin_dir}/{args[0]}"] + args[1:], capture_output=True, text=True)
    assert p.returncode == want, (args, p.returncode, p.stderr)
    print(args[0], p.returncode)


run(["strata-npu-as", "--bogus-flag"], 2)
run(["strata-npu-objdump"], 2)
run(["strata-npu-sim", tmp + "/good.bin", "--output-dir"], 2)
run(["strata-npu-objdump", tmp + "/good.bin"], 0)
run(["strata-npu-objdump", tmp + "/truncated.bin"], 1)
run(["strata-npu-sim", tmp + "/deadlock.bin"], 1)
run(["strata-npu-as", tmp + "/missing.s", "-o", tmp + "/x.bin"], 1)
