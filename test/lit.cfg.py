# lit configuration of Strata's regression tests (.mlir files run through
# strata-opt and FileCheck).
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "Strata"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
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
    ToolSubst("strata-opt", unresolved="fatal"),
    ToolSubst("strata-translate", unresolved="fatal"),
]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Debian's Python (with python3-onnx, numpy, torch), not a pyenv on the PATH;
# the ONNX importer tests generate their models with it.
config.substitutions.append(("%python", "/usr/bin/python3"))
