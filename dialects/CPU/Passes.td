//===- Passes.td - CPU backend passes -----------------------*- tablegen -*-===//
//
// Passes of the CPU backend (lib/Target/CPU). The whole lowering is the
// `strata-cpu-pipeline` pipeline (lib/Pipelines/CPUPipeline.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_CPU_PASSES_TD
#define STRATA_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def CPUExportEntryPass : Pass<"strata-cpu-export-entry", "::mlir::ModuleOp"> {
  let summary = "Record the model's I/O signature and export its entry point";
  let description = [{
    Runs at tensor level, before lowering. Finds the entry function, computes
    the signature (names from `strata.name` argument/result attributes,
    element types, shapes) and stores it as JSON in the module attribute
    `strata.signature`, and marks the function `llvm.emit_c_interface` so
    that it gets a `_mlir_ciface_` wrapper. Fails with a diagnostic when the
    signature cannot be run by the CPU runtime (dynamic dims, unsupported
    element types).
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"main\"",
           "Name of the entry function">,
    Option<"threads", "threads", "int", /*default=*/"0",
           "Default number of threads recorded in the signature (0: all)">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def CPUEmitEntryWrapperPass
    : Pass<"strata-cpu-emit-entry-wrapper", "::mlir::ModuleOp"> {
  let summary = "Emit the runtime's entry point and signature symbols";
  let description = [{
    Runs on the LLVM dialect. Adds `void strata_entry(void **args)`, which
    calls `_mlir_ciface_<entry>` with args[i] as its i-th argument (a pointer
    to a memref descriptor; inputs then outputs), and the NUL-terminated
    JSON string `strata_signature` from the `strata.signature` module
    attribute. This is the calling convention of
    include/strata/Runtime/Executable.h.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"main\"",
           "Name of the entry function">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def CPUFlattenAllocaScopesPass
    : Pass<"strata-cpu-flatten-alloca-scopes", "::mlir::ModuleOp"> {
  let summary = "Inline the memref.alloca_scope bodies of OpenMP loops";
  let description = [{
    `convert-scf-to-openmp` wraps every parallel loop body in a
    `memref.alloca_scope`, whose region must stay a single block, so the
    loops nested in it cannot be lowered to `cf`. This pass inlines each
    scope without results into its parent and moves statically sized
    `memref.alloca`s of the body to the start of the enclosing
    `omp.parallel` region (one allocation per thread instead of one per
    iteration), which keeps the stack bounded.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

#endif // STRATA_CPU_PASSES_TD
