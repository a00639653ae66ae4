//===- FlattenAllocaScopes.cpp - Inline alloca scopes of OpenMP loops -----===//
//
// See CPUFlattenAllocaScopesPass in dialects/CPU/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/CPU/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"

namespace strata::cpu {
#define GEN_PASS_DEF_CPUFLATTENALLOCASCOPESPASS
#include "CPU/Passes.h.inc"
} // namespace strata::cpu

using namespace mlir;

namespace {
struct CPUFlattenAllocaScopesPass
    : strata::cpu::impl::CPUFlattenAllocaScopesPassBase<
          CPUFlattenAllocaScopesPass> {
  void runOnOperation() override {
    SmallVector<memref::AllocaScopeOp> scopes;
    getOperation().walk([&](memref::AllocaScopeOp scope) {
      if (scope.getNumResults() == 0)
        scopes.push_back(scope);
    });
    IRRewriter rewriter(&getContext());
    for (memref::AllocaScopeOp scope : llvm::reverse(scopes)) {
      auto parallel = scope->getParentOfType<omp::ParallelOp>();
      // Static allocas move to the start of the parallel region; without
      // one (or with dynamic sizes) the scope has to stay.
      bool movable = true;
      scope.walk([&](memref::AllocaOp alloca) {
        movable &= parallel && alloca.getType().hasStaticShape() &&
                   alloca->getParentOfType<memref::AllocaScopeOp>() == scope;
      });
      if (!movable)
        continue;
      scope.walk([&](memref::AllocaOp alloca) {
        alloca->moveBefore(&parallel.getRegion().front().front());
      });
      Block &body = scope.getBodyRegion().front();
      rewriter.eraseOp(body.getTerminator());
      rewriter.inlineBlockBefore(&body, scope);
      rewriter.eraseOp(scope);
    }
  }
};
} // namespace
