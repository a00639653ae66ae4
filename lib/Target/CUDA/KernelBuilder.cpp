//===- KernelBuilder.cpp - Shared helpers of the CUDA kernel emitters -----===//

#include "KernelBuilder.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
using namespace strata::cuda;

Value IndexMath::c(int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}
Value IndexMath::add(Value x, Value y) {
  return arith::AddIOp::create(b, loc, x, y);
}
Value IndexMath::mul(Value x, int64_t y) {
  return y == 1 ? x : arith::MulIOp::create(b, loc, x, c(y)).getResult();
}
Value IndexMath::div(Value x, int64_t y) {
  return y == 1 ? x : arith::DivUIOp::create(b, loc, x, c(y)).getResult();
}
Value IndexMath::rem(Value x, int64_t y) {
  return arith::RemUIOp::create(b, loc, x, c(y));
}
Value IndexMath::lt(Value x, int64_t bound) {
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, x, c(bound));
}
Value IndexMath::both(Value x, Value y) {
  return arith::AndIOp::create(b, loc, x, y);
}
void IndexMath::delinearise(ArrayRef<int64_t> ranges, ArrayRef<unsigned> dims,
                            Value linear, SmallVectorImpl<Value> &ivs) {
  for (int j = static_cast<int>(dims.size()) - 1; j >= 0; --j) {
    int64_t range = ranges[dims[j]];
    ivs[dims[j]] = j == 0 ? linear : rem(linear, range);
    if (j > 0)
      linear = div(linear, range);
  }
}

SmallVector<Value> strata::cuda::applyIndexingMap(RewriterBase &b, Location loc,
                                                  AffineMap map,
                                                  ArrayRef<Value> ivs) {
  SmallVector<Value> indices;
  for (AffineExpr expr : map.getResults()) {
    if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
      indices.push_back(ivs[dim.getPosition()]);
      continue;
    }
    if (auto cst = dyn_cast<AffineConstantExpr>(expr)) {
      indices.push_back(arith::ConstantIndexOp::create(b, loc, cst.getValue()));
      continue;
    }
    // A compound expression (a convolution's d1 * stride + d4): every dim
    // it uses is set; the others are passed as 0.
    SmallVector<Value> operands;
    Value zero;
    for (auto [d, iv] : llvm::enumerate(ivs)) {
      if (!iv && !zero)
        zero = arith::ConstantIndexOp::create(b, loc, 0);
      operands.push_back(iv ? iv : zero);
    }
    indices.push_back(affine::AffineApplyOp::create(
        b, loc, AffineMap::get(map.getNumDims(), 0, expr), operands));
  }
  return indices;
}

SmallVector<Value> strata::cuda::emitPayload(RewriterBase &b, Location loc,
                                             linalg::LinalgOp op,
                                             ArrayRef<Value> ivs,
                                             ValueRange outs) {
  Block *block = op.getBlock();
  IRMapping map;
  for (OpOperand *in : op.getDpsInputOperands()) {
    Value value = in->get();
    if (isa<MemRefType>(value.getType()))
      value = memref::LoadOp::create(
          b, loc, value,
          applyIndexingMap(b, loc, op.getMatchingIndexingMap(in), ivs));
    map.map(block->getArgument(in->getOperandNumber()), value);
  }
  for (auto [i, out] : llvm::enumerate(outs))
    map.map(block->getArgument(op.getNumDpsInputs() + i), out);
  for (Operation &inner : block->without_terminator()) {
    if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
      map.map(index.getResult(), ivs[index.getDim()]);
      continue;
    }
    b.clone(inner, map);
  }
  SmallVector<Value> yielded;
  for (Value v : block->getTerminator()->getOperands())
    yielded.push_back(map.lookupOrDefault(v));
  return yielded;
}
