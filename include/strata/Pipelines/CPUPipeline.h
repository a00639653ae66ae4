//===- CPUPipeline.h - graph dialect -> LLVM dialect for CPUs ---*- C++ -*-===//
//
// The CPU lowering as a named pipeline, `strata-cpu-pipeline`, so that
// strata-opt can run it (or any prefix of it, see docs/cpu-backend.md) and
// the driver uses exactly the same passes.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_PIPELINES_CPUPIPELINE_H
#define STRATA_PIPELINES_CPUPIPELINE_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace strata {

struct CPUPipelineOptions
    : public mlir::PassPipelineOptions<CPUPipelineOptions> {
  Option<std::string> entry{*this, "entry",
                            llvm::cl::desc("Name of the entry function"),
                            llvm::cl::init("main")};
  Option<bool> parallel{
      *this, "parallel",
      llvm::cl::desc("Run parallel loops on all cores through OpenMP"),
      llvm::cl::init(true)};
  Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Tile and vectorise linalg ops (off: scalar loops, "
                     "for debugging)"),
      llvm::cl::init(true)};
  Option<int> vectorBits{
      *this, "vector-bits",
      llvm::cl::desc("Vector register width to tile for, in bits (0: the "
                     "host's: 512 with AVX-512, 256 with AVX2, else 128)"),
      llvm::cl::init(0)};
  Option<int> threads{
      *this, "threads",
      llvm::cl::desc("Default thread count recorded in the artifact (0: all "
                     "cores)"),
      llvm::cl::init(0)};
};

/// The host CPU's vector register width in bits: 512 with AVX-512F, 256
/// with AVX (AVX2 machines), else 128.
int hostVectorBits();

/// graph -> linalg on tensors, fused (stage "linalg").
void buildCPUGraphToLinalgPipeline(mlir::OpPassManager &pm,
                                   const CPUPipelineOptions &options);
/// linalg on tensors -> LLVM dialect with the runtime entry point (stage
/// "llvm").
void buildCPULinalgToLLVMPipeline(mlir::OpPassManager &pm,
                                  const CPUPipelineOptions &options);
/// Both of the above: the whole `strata-cpu-pipeline`.
void buildCPUPipeline(mlir::OpPassManager &pm,
                      const CPUPipelineOptions &options);

/// Registers `strata-cpu-pipeline`, `strata-cpu-graph-to-linalg` and
/// `strata-cpu-linalg-to-llvm` with the global pipeline registry.
void registerCPUPipelines();

} // namespace strata

#endif // STRATA_PIPELINES_CPUPIPELINE_H
