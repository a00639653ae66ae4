//===- DynamicExpandShape.cpp - expand_shape of dynamic groups ------------===//
//
// See CPUDynamicExpandShapePass in dialects/CPU/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/CPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace strata::cpu {
#define GEN_PASS_DEF_CPUDYNAMICEXPANDSHAPEPASS
#include "CPU/Passes.h.inc"
} // namespace strata::cpu

using namespace mlir;

/// True when some reassociation group of `op` has two or more dynamic
/// output dims (what expand-strided-metadata cannot handle).
static bool hasDynamicGroup(memref::ExpandShapeOp op) {
  MemRefType type = op.getResultType();
  for (const ReassociationIndices &group : op.getReassociationIndices()) {
    int dynamic = 0;
    for (int64_t d : group)
      dynamic += type.isDynamicDim(d);
    if (dynamic > 1)
      return true;
  }
  return false;
}

/// a * b as an OpFoldResult, constant-folded when both are static.
static OpFoldResult multiply(OpBuilder &b, Location loc, OpFoldResult x,
                             OpFoldResult y) {
  std::optional<int64_t> cx = getConstantIntValue(x);
  std::optional<int64_t> cy = getConstantIntValue(y);
  if (cx && cy)
    return b.getIndexAttr(*cx * *cy);
  if (cx == 1)
    return y;
  if (cy == 1)
    return x;
  return arith::MulIOp::create(b, loc,
                               getValueOrCreateConstantIndexOp(b, loc, x),
                               getValueOrCreateConstantIndexOp(b, loc, y))
      .getResult();
}

namespace {
struct CPUDynamicExpandShapePass
    : strata::cpu::impl::CPUDynamicExpandShapePassBase<
          CPUDynamicExpandShapePass> {
  void runOnOperation() override {
    SmallVector<memref::ExpandShapeOp> ops;
    getOperation().walk([&](memref::ExpandShapeOp op) {
      if (hasDynamicGroup(op) && op.getSrcType().getLayout().isIdentity() &&
          op.getResultType().getLayout().isIdentity())
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (memref::ExpandShapeOp op : ops) {
      rewriter.setInsertionPoint(op);
      Location loc = op.getLoc();
      SmallVector<OpFoldResult> sizes = op.getMixedOutputShape();
      // Dense row-major strides: suffix products of the sizes. A stride is
      // static exactly when every later size is, as the identity layout of
      // the result type requires.
      SmallVector<OpFoldResult> strides(sizes.size());
      OpFoldResult stride = rewriter.getIndexAttr(1);
      for (size_t d = sizes.size(); d-- > 0;) {
        strides[d] = stride;
        if (d > 0)
          stride = multiply(rewriter, loc, stride, sizes[d]);
      }
      rewriter.replaceOpWithNewOp<memref::ReinterpretCastOp>(
          op, op.getResultType(), op.getSrc(), rewriter.getIndexAttr(0), sizes,
          strides);
    }
  }
};
} // namespace
