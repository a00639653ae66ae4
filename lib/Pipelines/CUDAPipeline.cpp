//===- CUDAPipeline.cpp - graph dialect -> CUDA kernels + host code -------===//
//
// Stages (see docs/cuda.md):
//   1. graph -> linalg on tensors, fused: the CPU backend's first half;
//   2. bufferise exactly as the CPU backend does (static results become
//      out-params);
//   3. strata-cuda-map-to-gpu: each linalg op becomes a gpu.launch; math
//      functions in kernels become arithmetic (strata-cuda-expand-math);
//   4. outline the kernels; then either
//      emulate: strata-cuda-emulate, lower everything for the host CPU,
//               strata-cuda-emu-thunks;
//      cuda:    device buffers, NVVM for the kernels (PTX through
//               gpu-module-to-binary), mgpu* launcher calls for the host.
//
//===----------------------------------------------------------------------===//

#include "strata/Pipelines/CUDAPipeline.h"

#include "strata/Pipelines/CPUPipeline.h"
#include "strata/Target/CUDA/GPUTarget.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include "llvm/Support/ErrorHandling.h"

using namespace mlir;

/// Appends a textual pipeline built in this file (a parse error is a bug in
/// Strata).
static void add(OpPassManager &pm, const std::string &pipeline) {
  if (failed(parsePassPipeline(pipeline, pm, llvm::errs())))
    llvm::report_fatal_error("strata: bad built-in pipeline: " +
                             llvm::Twine(pipeline));
}

void strata::buildCUDAGraphToGPUPipeline(OpPassManager &pm,
                                         const CUDAPipelineOptions &options) {
  CPUPipelineOptions cpu;
  cpu.entry = options.entry;
  buildCPUGraphToLinalgPipeline(pm, cpu);
  add(pm, "one-shot-bufferize{bufferize-function-boundaries "
          "function-boundary-type-conversion=identity-layout-map}");
  add(pm, "strata-cpu-results-to-out-params");
  add(pm, "buffer-deallocation-pipeline,convert-bufferization-to-memref");
  add(pm, "canonicalize,func.func(strata-cpu-copy-to-linalg)");
  add(pm, "func.func(strata-cuda-map-to-gpu{arch=" + options.arch +
              " mma=" + options.mma +
              "},strata-cuda-expand-math,lower-affine,canonicalize,cse)");
}

void strata::buildCUDAGPUToLLVMPipeline(OpPassManager &pm,
                                        const CUDAPipelineOptions &options) {
  if (options.emulate) {
    add(pm, "gpu-launch-sink-index-computations,gpu-kernel-outlining,"
            "strata-cuda-emulate,canonicalize,cse");
    add(pm, "convert-scf-to-cf,expand-strided-metadata,lower-affine,"
            "canonicalize,cse");
    add(pm, "convert-vector-to-llvm,convert-math-to-funcs,"
            "convert-math-to-llvm,convert-math-to-libm,"
            "finalize-memref-to-llvm,convert-arith-to-llvm,convert-cf-to-llvm,"
            "convert-func-to-llvm,convert-ub-to-llvm,"
            "reconcile-unrealized-casts,canonicalize");
    add(pm, "strata-cpu-emit-entry-wrapper{entry=" + options.entry + "}");
    add(pm, "strata-cuda-emu-thunks");
    return;
  }
  std::optional<cuda::GPUTarget> target = cuda::lookupGPUTarget(options.arch);
  // strata-cuda-map-to-gpu has already rejected an unknown architecture.
  std::string features = target ? target->ptxFeatures.str() : "+ptx80";
  add(pm, "func.func(strata-cuda-device-buffers,"
          "gpu-launch-sink-index-computations),gpu-kernel-outlining");
  add(pm, "nvvm-attach-target{chip=" + options.arch + " features=" + features +
              " O=3}");
  add(pm, "convert-scf-to-cf,expand-strided-metadata,lower-affine,"
          "arith-expand,canonicalize,cse");
  add(pm, "gpu.module(strata-cuda-bf16-mma-to-nvvm,convert-nvgpu-to-nvvm,"
          "convert-gpu-to-nvvm,strata-cuda-libdevice-to-intrinsics,"
          "canonicalize,cse,"
          "reconcile-unrealized-casts)");
  add(pm, "convert-math-to-funcs,convert-math-to-llvm,convert-math-to-libm,"
          "finalize-memref-to-llvm,convert-arith-to-llvm,convert-cf-to-llvm,"
          "convert-func-to-llvm,gpu-to-llvm,convert-ub-to-llvm,"
          "reconcile-unrealized-casts,canonicalize");
  add(pm, "strata-cpu-emit-entry-wrapper{entry=" + options.entry + "}");
  add(pm, "gpu-module-to-binary{format=isa}");
}

void strata::buildCUDAPipeline(OpPassManager &pm,
                               const CUDAPipelineOptions &options) {
  buildCUDAGraphToGPUPipeline(pm, options);
  buildCUDAGPUToLLVMPipeline(pm, options);
}

void strata::registerCUDAPipelines() {
  PassPipelineRegistration<CUDAPipelineOptions>(
      "strata-cuda-pipeline",
      "Lower a graph-dialect model to GPU kernels (PTX, or host functions "
      "for the emulator) and host code in the LLVM dialect",
      buildCUDAPipeline);
  PassPipelineRegistration<CUDAPipelineOptions>(
      "strata-cuda-graph-to-gpu",
      "First half of strata-cuda-pipeline: graph -> gpu.launch kernels on "
      "buffers",
      buildCUDAGraphToGPUPipeline);
  PassPipelineRegistration<CUDAPipelineOptions>(
      "strata-cuda-gpu-to-llvm",
      "Second half of strata-cuda-pipeline: gpu.launch -> LLVM dialect",
      buildCUDAGPUToLLVMPipeline);
}
