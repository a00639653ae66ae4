# lit configuration of Strata's regression tests: .mlir files run through
# strata-opt and FileCheck, and .test files (the end-to-end model tests under
# test/e2e, which run Python scripts and strata-run/strata-compile).
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "Strata"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".s"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.strata_obj_root, "test")
# The unit tests have their own suite (test/unit/lit.cfg.py).
config.excludes = [
    "unit", "Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

# Versioned LLVM tools first: Debian also ships FileCheck-14 on the PATH.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
tool_dirs = [config.strata_tools_dir, config.llvm_tools_dir]
tools = [
    ToolSubst(tool, unresolved="fatal")
    for tool in ("strata-opt", "strata-translate", "strata-compile", "strata-run",
                 "strata-npu-as", "strata-npu-objdump", "strata-npu-sim")
]
llvm_config.add_tool_substitutions(tools, tool_dirs)
# Features the end-to-end tests declare (REQUIRES:); all are always built.
for feature in ("strata-run", "strata-compile", "onnx-import"):
    config.available_features.add(feature)

# ptxas (CUDA toolkit) is optional: tests that assemble PTX say
# `REQUIRES: ptxas` and are skipped without it. Same search as
# strata::findPtxas: $STRATA_PTXAS, PATH, /usr/local/cuda/bin.
import shutil
ptxas = os.environ.get("STRATA_PTXAS") or shutil.which("ptxas") or \
    shutil.which("ptxas", path="/usr/local/cuda/bin")
# An NVIDIA driver (libcuda.so.1): without one, --target=cuda must fail
# cleanly, which test/e2e/cuda/no-driver.test checks.
import ctypes
try:
    ctypes.CDLL("libcuda.so.1")
    config.available_features.add("cuda-driver")
except OSError:
    pass
if ptxas and os.access(ptxas, os.X_OK):
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))

# End-to-end tests. Debian's interpreter has numpy, torch, torchvision and
# onnx (the ONNX importer tests also generate their models with it); lit's
# default %python is whatever runs lit, so replace it.
e2e_dir = os.path.join(config.strata_src_root, "test", "e2e")
config.substitutions = [s for s in config.substitutions if s[0] != "%python"]
config.substitutions += [
    ("%python", "/usr/bin/python3"),
    ("%strata_obj_root", config.strata_obj_root),
    ("%strata_bin", config.strata_tools_dir),
    ("%strata_src", config.strata_src_root),
    # The build tree's Python package (test/python runs pytest on it).
    ("%strata_python_packages", os.path.join(config.strata_obj_root, "python_packages")),
    # Exported models, inputs and PyTorch references, shared by all tests
    # and reused across runs (export_models.py skips fresh exports).
    ("%models_cache", os.path.join(config.strata_obj_root, "test", "e2e", "models-cache")),
    ("%export_models", os.path.join(e2e_dir, "models", "export_models.py")),
    ("%compare_npy", os.path.join(e2e_dir, "compare_npy.py")),
]
