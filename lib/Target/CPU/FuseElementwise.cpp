//===- FuseElementwise.cpp - Elementwise fusion that spares contractions --===//
//
// See CPUFuseElementwisePass in dialects/CPU/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/CPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace strata::cpu {
#define GEN_PASS_DEF_CPUFUSEELEMENTWISEPASS
#include "CPU/Passes.h.inc"
} // namespace strata::cpu

using namespace mlir;

/// True for matmul-like ops: reductions whose body multiplies and adds.
static bool isContraction(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  return linalgOp && linalgOp.getNumReductionLoops() > 0 &&
         (linalg::isaContractionOpInterface(linalgOp) ||
          succeeded(linalg::inferContractionDims(linalgOp)));
}

namespace {
struct CPUFuseElementwisePass
    : strata::cpu::impl::CPUFuseElementwisePassBase<CPUFuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::ControlFusionFn control = [](OpOperand *operand) {
      Operation *producer = operand->get().getDefiningOp();
      return producer && producer->hasOneUse() &&
             !isContraction(operand->getOwner());
    };
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
