//===- ExpandMath.cpp - Math functions in kernels -> arithmetic -----------===//
//
// See CUDAExpandMathPass in dialects/CUDA/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/CUDA/Passes.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace strata::cuda {
#define GEN_PASS_DEF_CUDAEXPANDMATHPASS
#include "CUDA/Passes.h.inc"
} // namespace strata::cuda

using namespace mlir;

/// rsqrt would become libdevice's approximate __nv_rsqrtf: 1 / sqrt
/// instead (both correctly rounded, on the GPU and on the emulator).
static void expandRsqrt(Operation *root) {
  IRRewriter rewriter(root->getContext());
  root->walk([&](math::RsqrtOp op) {
    rewriter.setInsertionPoint(op);
    Value sqrt = math::SqrtOp::create(rewriter, op.getLoc(), op.getOperand());
    Value one = arith::ConstantOp::create(
        rewriter, op.getLoc(), rewriter.getFloatAttr(op.getType(), 1.0));
    rewriter.replaceOpWithNewOp<arith::DivFOp>(op, one, sqrt);
  });
}

namespace {
struct CUDAExpandMathPass
    : strata::cuda::impl::CUDAExpandMathPassBase<CUDAExpandMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    auto all = [](StringRef) { return true; };
    populateMathF32ExpansionPatterns(patterns, all);
    populateMathPolynomialApproximationPatterns(patterns, all);
    FrozenRewritePatternSet frozen(std::move(patterns));
    WalkResult walk = getOperation().walk([&](gpu::LaunchOp launch) {
      if (failed(applyPatternsGreedily(launch, frozen)))
        return WalkResult::interrupt();
      expandRsqrt(launch);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted()) {
      getOperation().emitError("math expansion in kernels did not converge");
      signalPassFailure();
    }
  }
};
} // namespace
