//===- CopyToLinalg.cpp - Strided memref.copy -> linalg.copy --------------===//
//
// See CPUCopyToLinalgPass in dialects/CPU/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/CPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace strata::cpu {
#define GEN_PASS_DEF_CPUCOPYTOLINALGPASS
#include "CPU/Passes.h.inc"
} // namespace strata::cpu

using namespace mlir;

/// True when `type` is laid out contiguously (identity or strides of a
/// dense row-major buffer), which llvm.memcpy can copy.
static bool isContiguous(MemRefType type) {
  return type.hasStaticShape() &&
         type.areTrailingDimsContiguous(type.getRank());
}

namespace {
struct CPUCopyToLinalgPass
    : strata::cpu::impl::CPUCopyToLinalgPassBase<CPUCopyToLinalgPass> {
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) {
      auto source = dyn_cast<MemRefType>(copy.getSource().getType());
      auto target = dyn_cast<MemRefType>(copy.getTarget().getType());
      if (!source || !target || !isContiguous(source) || !isContiguous(target))
        copies.push_back(copy);
    });
    IRRewriter rewriter(&getContext());
    for (memref::CopyOp copy : copies) {
      rewriter.setInsertionPoint(copy);
      linalg::CopyOp::create(rewriter, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      rewriter.eraseOp(copy);
    }
  }
};
} // namespace
