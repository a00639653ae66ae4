//===- MapToGPU.cpp - linalg on buffers -> gpu.launch kernels -------------===//
//
// See CUDAMapToGPUPass in dialects/CUDA/Passes.td. The kernels themselves
// are in MatmulKernel.cpp and GenericKernel.cpp.
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"

#include "strata/Target/CUDA/GPUTarget.h"
#include "strata/Target/CUDA/Passes.h"

namespace strata::cuda {
#define GEN_PASS_DEF_CUDAMAPTOGPUPASS
#include "CUDA/Passes.h.inc"
} // namespace strata::cuda

using namespace mlir;

namespace {
struct CUDAMapToGPUPass
    : strata::cuda::impl::CUDAMapToGPUPassBase<CUDAMapToGPUPass> {
  using Base::Base;

  void runOnOperation() override {
    if (!strata::cuda::lookupGPUTarget(arch)) {
      getOperation().emitError()
          << "unknown CUDA architecture '" << arch
          << "' (known: " << strata::cuda::knownGPUArchs() << ")";
      return signalPassFailure();
    }
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!op->getParentOfType<gpu::LaunchOp>())
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      if (succeeded(strata::cuda::emitMatmulKernel(rewriter, op)))
        continue;
      if (failed(strata::cuda::emitPointwiseKernel(rewriter, op)))
        return signalPassFailure();
    }
  }
};
} // namespace
