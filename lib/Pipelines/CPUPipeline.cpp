//===- CPUPipeline.cpp - graph dialect -> LLVM dialect for CPUs -----------===//
//
// Stages (see docs/cpu-backend.md):
//   1. graph: canonicalise, infer shapes, record the signature;
//   2. linalg: convert-graph-to-linalg, elementwise fusion;
//   3. tile and vectorise (strata-cpu-tile-and-vectorize) when enabled;
//   4. bufferise (static results become out-parameters) and lower to loops,
//      with parallel loops on OpenMP;
//   5. lower everything to the LLVM dialect and emit the entry point.
//
//===----------------------------------------------------------------------===//

#include "strata/Pipelines/CPUPipeline.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;

/// Appends a textual pipeline. The strings are fixed in this file, so a
/// parse error is a bug in Strata, not a user error.
static void add(OpPassManager &pm, const std::string &pipeline) {
  if (failed(parsePassPipeline(pipeline, pm, llvm::errs())))
    llvm::report_fatal_error("strata: bad built-in pipeline: " +
                             llvm::Twine(pipeline));
}

int strata::hostVectorBits() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  if (features.lookup("avx512f"))
    return 512;
  if (features.lookup("avx"))
    return 256;
  return 128;
}

void strata::buildCPUGraphToLinalgPipeline(OpPassManager &pm,
                                           const CPUPipelineOptions &options) {
  add(pm, "func.func(canonicalize,graph-infer-shapes,cse)");
  add(pm, "strata-cpu-export-entry{entry=" + options.entry +
              " threads=" + std::to_string(options.threads) + "}");
  add(pm, "func.func(convert-graph-to-linalg,canonicalize,cse,"
          "strata-cpu-fuse-elementwise,canonicalize,cse)");
}

void strata::buildCPULinalgToLLVMPipeline(OpPassManager &pm,
                                          const CPUPipelineOptions &options) {
  if (options.vectorize) {
    int bits = options.vectorBits > 0 ? options.vectorBits : hostVectorBits();
    // Accumulators of a register tile: 16 of AVX-512's 32 registers; with 16
    // registers (AVX2, SSE), 12, leaving room for the operands.
    int accumulators = bits >= 512 ? 16 : 12;
    add(pm, "func.func(strata-cpu-decompose-windows,canonicalize,cse,"
            "strata-cpu-tile-and-vectorize{vector-bits=" +
                std::to_string(bits) +
                " accumulators=" + std::to_string(accumulators) +
                "},canonicalize,cse,"
                "loop-invariant-subset-hoisting,canonicalize,cse)");
  }
  add(pm, "one-shot-bufferize{bufferize-function-boundaries "
          "function-boundary-type-conversion=identity-layout-map}");
  // Static results become out-params; dynamically shaped ones stay results
  // (the compiled code allocates them, ABI version 2).
  add(pm, "strata-cpu-results-to-out-params");
  add(pm, "buffer-deallocation-pipeline");
  // Returned buffers the function does not own (an input, a constant) are
  // cloned for the caller: clones become alloc + copy.
  add(pm, "convert-bufferization-to-memref");
  // Strided copies become linalg.copy (loops below): memref.copy would need
  // MLIR's C runtime library.
  add(pm, "canonicalize,func.func(strata-cpu-copy-to-linalg,"
          "strata-cpu-dynamic-expand-shape)");
  if (options.vectorize)
    add(pm, "func.func(strata-cpu-lower-vectors,canonicalize,cse)");
  if (options.parallel)
    add(pm, "func.func(scf-forall-to-parallel,"
            "convert-linalg-to-parallel-loops,"
            "strata-cpu-sequentialize-nested-parallel),"
            "convert-scf-to-openmp,strata-cpu-flatten-alloca-scopes");
  else
    add(pm, "func.func(scf-forall-to-for,convert-linalg-to-loops)");
  add(pm, "convert-vector-to-scf{full-unroll},lower-affine,convert-scf-to-cf,"
          "expand-strided-metadata,lower-affine,canonicalize,cse");
  add(pm, "convert-math-to-funcs,convert-math-to-llvm,convert-math-to-libm,"
          "finalize-memref-to-llvm,"
          "convert-vector-to-llvm,convert-arith-to-llvm,convert-openmp-to-llvm,"
          "convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,"
          "reconcile-unrealized-casts,canonicalize");
  add(pm, "strata-cpu-emit-entry-wrapper{entry=" + options.entry + "}");
}

void strata::buildCPUPipeline(OpPassManager &pm,
                              const CPUPipelineOptions &options) {
  buildCPUGraphToLinalgPipeline(pm, options);
  buildCPULinalgToLLVMPipeline(pm, options);
}

void strata::registerCPUPipelines() {
  PassPipelineRegistration<CPUPipelineOptions>(
      "strata-cpu-pipeline",
      "Lower a graph-dialect model to the LLVM dialect for the host CPU",
      buildCPUPipeline);
  PassPipelineRegistration<CPUPipelineOptions>(
      "strata-cpu-graph-to-linalg",
      "First half of strata-cpu-pipeline: graph -> fused linalg on tensors",
      buildCPUGraphToLinalgPipeline);
  PassPipelineRegistration<CPUPipelineOptions>(
      "strata-cpu-linalg-to-llvm",
      "Second half of strata-cpu-pipeline: linalg on tensors -> LLVM dialect",
      buildCPULinalgToLLVMPipeline);
}
