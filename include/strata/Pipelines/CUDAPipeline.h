//===- CUDAPipeline.h - graph dialect -> CUDA kernels + host code -*- C++
//-*-===//
//
// The CUDA lowering as a named pipeline, `strata-cuda-pipeline` (see
// docs/cuda.md). The graph -> linalg -> bufferised prefix is the CPU
// backend's; then every linalg op becomes a GPU kernel. With `emulate`,
// the kernels become host functions run by the CPU emulator (cuda-emu);
// without, they are lowered to NVVM and PTX and the host code calls the
// CUDA driver through Strata's launcher (mgpu* functions).
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_PIPELINES_CUDAPIPELINE_H
#define STRATA_PIPELINES_CUDAPIPELINE_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace strata {

struct CUDAPipelineOptions
    : public mlir::PassPipelineOptions<CUDAPipelineOptions> {
  Option<std::string> entry{*this, "entry",
                            llvm::cl::desc("Name of the entry function"),
                            llvm::cl::init("main")};
  Option<std::string> arch{*this, "arch",
                           llvm::cl::desc("GPU architecture: sm_80 or sm_90"),
                           llvm::cl::init("sm_80")};
  Option<std::string> mma{
      *this, "mma",
      llvm::cl::desc("Tensor cores for f32 contractions: none (FMA), f16 or "
                     "bf16 (strata-cuda-map-to-gpu's mma option)"),
      llvm::cl::init("none")};
  Option<bool> emulate{
      *this, "emulate",
      llvm::cl::desc("Lower the kernels for the CPU emulator (cuda-emu) "
                     "instead of to PTX"),
      llvm::cl::init(false)};
};

/// graph -> GPU kernels in gpu.launch ops on buffers (stage "gpu").
void buildCUDAGraphToGPUPipeline(mlir::OpPassManager &pm,
                                 const CUDAPipelineOptions &options);
/// gpu.launch -> outlined kernels -> host LLVM dialect plus either emulated
/// kernels (emulate) or a gpu.binary holding the kernels' PTX.
void buildCUDAGPUToLLVMPipeline(mlir::OpPassManager &pm,
                                const CUDAPipelineOptions &options);
/// Both: the whole `strata-cuda-pipeline`.
void buildCUDAPipeline(mlir::OpPassManager &pm,
                       const CUDAPipelineOptions &options);

/// Registers `strata-cuda-pipeline`, `strata-cuda-graph-to-gpu` and
/// `strata-cuda-gpu-to-llvm`.
void registerCUDAPipelines();

} // namespace strata

#endif // STRATA_PIPELINES_CUDAPIPELINE_H
