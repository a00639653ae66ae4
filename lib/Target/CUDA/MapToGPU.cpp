//===- MapToGPU.cpp - linalg on buffers -> gpu.launch kernels -------------===//
//
// See CUDAMapToGPUPass in dialects/CUDA/Passes.td. The kernels themselves
// are in MatmulKernel.cpp and GenericKernel.cpp.
//
//===----------------------------------------------------------------------===//

#include "Gemm.h"

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
    std::optional<strata::cuda::GPUTarget> target =
        strata::cuda::lookupGPUTarget(arch);
    if (!target) {
      getOperation().emitError()
          << "unknown CUDA architecture '" << arch
          << "' (known: " << strata::cuda::knownGPUArchs() << ")";
      return signalPassFailure();
    }
    Type mmaType;
    if (mma == "f16")
      mmaType = Float16Type::get(&getContext());
    else if (mma == "bf16")
      mmaType = BFloat16Type::get(&getContext());
    else if (mma != "none") {
      getOperation().emitError() << "unknown tensor-core type '" << mma
                                 << "' for mma (known: none, f16, bf16)";
      return signalPassFailure();
    }
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!op->getParentOfType<gpu::LaunchOp>())
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    // Epilogues fused into a GEMM kernel, erased before their turn.
    llvm::SmallPtrSet<Operation *, 8> fused;
    for (linalg::LinalgOp op : ops) {
      if (fused.contains(op))
        continue;
      FailureOr<strata::cuda::GemmPlan> plan =
          strata::cuda::analyseGemm(rewriter, op);
      if (succeeded(plan)) {
        strata::cuda::chooseGemmTile(*plan, *target);
        strata::cuda::findEpilogue(*plan);
        Type type = plan->elementType;
        if (!type.isF32())
          strata::cuda::emitMmaKernel(rewriter, *plan, type);
        else if (mmaType)
          strata::cuda::emitMmaKernel(rewriter, *plan, mmaType);
        else
          strata::cuda::emitMatmulKernel(rewriter, *plan);
        if (plan->epilogue) {
          fused.insert(plan->epilogue);
          rewriter.eraseOp(plan->epilogue);
        }
        continue;
      }
      if (succeeded(strata::cuda::emitBlockReductionKernel(rewriter, op)))
        continue;
      if (failed(strata::cuda::emitPointwiseKernel(rewriter, op)))
        return signalPassFailure();
    }
  }
};
} // namespace
