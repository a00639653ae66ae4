//===- SequentializeNestedParallel.cpp - Inner scf.parallel -> scf.for ----===//
//
// See CPUSequentializeNestedParallelPass in dialects/CPU/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/CPU/Passes.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"

namespace strata::cpu {
#define GEN_PASS_DEF_CPUSEQUENTIALIZENESTEDPARALLELPASS
#include "CPU/Passes.h.inc"
} // namespace strata::cpu

using namespace mlir;

/// Rewrites a result-less scf.parallel as a nest of scf.for loops.
static void sequentialize(RewriterBase &rewriter, scf::ParallelOp op) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  SmallVector<Value> ivs;
  Block *innermost = nullptr;
  for (auto [lb, ub, step] :
       llvm::zip(op.getLowerBound(), op.getUpperBound(), op.getStep())) {
    auto loop = scf::ForOp::create(rewriter, loc, lb, ub, step);
    ivs.push_back(loop.getInductionVar());
    innermost = loop.getBody();
    rewriter.setInsertionPointToStart(innermost);
  }
  Block &body = op.getRegion().front();
  Operation *terminator = innermost->getTerminator();
  rewriter.inlineBlockBefore(&body, terminator, ivs);
  // The parallel loop's scf.reduce terminator is now just before the yield.
  rewriter.eraseOp(terminator->getPrevNode());
  rewriter.eraseOp(op);
}

namespace {
struct CPUSequentializeNestedParallelPass
    : strata::cpu::impl::CPUSequentializeNestedParallelPassBase<
          CPUSequentializeNestedParallelPass> {
  void runOnOperation() override {
    SmallVector<scf::ParallelOp> nested;
    getOperation().walk([&](scf::ParallelOp op) {
      if (op->getParentOfType<scf::ParallelOp>() && op.getNumResults() == 0 &&
          op.getInitVals().empty())
        nested.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    // Innermost first (post-order walk), so that parents stay valid.
    for (scf::ParallelOp op : nested)
      sequentialize(rewriter, op);
  }
};
} // namespace
