//===- NNLoweringUtils.cpp - Helpers of the structured-op lowerings -------===//

#include "NNLoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include <cmath>

using namespace mlir;

namespace strata::nnlower {

SmallVector<OpFoldResult> getSizes(OpBuilder &b, Location loc, Value v) {
  return tensor::getMixedSizes(b, loc, v);
}

int64_t staticSize(OpFoldResult size) {
  return getConstantIntValue(size).value_or(ShapedType::kDynamic);
}

Value emptyTensor(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                  Type elementType) {
  return tensor::EmptyOp::create(b, loc, sizes, elementType);
}

Value filledTensor(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                   Value value) {
  Value empty = emptyTensor(b, loc, sizes, value.getType());
  return linalg::FillOp::create(b, loc, ValueRange{value}, ValueRange{empty})
      .getResult(0);
}

Value scalarConstant(OpBuilder &b, Location loc, Type type, double v) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, floatType,
                                     b.getFloatAttr(floatType, v));
  return arith::ConstantOp::create(
      b, loc, type, b.getIntegerAttr(type, static_cast<int64_t>(v)));
}

Value lowestConstant(OpBuilder &b, Location loc, Type type) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc, floatType,
        b.getFloatAttr(floatType, APFloat::getInf(floatType.getFloatSemantics(),
                                                  /*Negative=*/true)));
  unsigned width = type.getIntOrFloatBitWidth();
  return arith::ConstantOp::create(
      b, loc, type, b.getIntegerAttr(type, APInt::getSignedMinValue(width)));
}

bool isArithElement(Type type) {
  return isa<FloatType>(type) || type.isSignlessInteger();
}

bool isIntegral(double v) { return std::isfinite(v) && std::trunc(v) == v; }

Value castTo(OpBuilder &b, Location loc, Value v, Type type) {
  if (v.getType() == type)
    return v;
  return tensor::CastOp::create(b, loc, type, v);
}

Value padWith(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> low,
              ArrayRef<int64_t> high, Value padValue) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return v;
  SmallVector<OpFoldResult> lowSizes, highSizes;
  for (int64_t p : low)
    lowSizes.push_back(b.getIndexAttr(p));
  for (int64_t p : high)
    highSizes.push_back(b.getIndexAttr(p));
  return tensor::PadOp::create(b, loc, Type(), v, lowSizes, highSizes,
                               padValue);
}

LogicalResult reject(RewriterBase &rewriter, Operation *op,
                     const Twine &reason) {
  op->emitError("cannot lower to linalg: ") << reason;
  return rewriter.notifyMatchFailure(op, reason);
}

SmallVector<utils::IteratorType> parallelIterators(unsigned n) {
  return SmallVector<utils::IteratorType>(n, utils::IteratorType::parallel);
}

Value broadcastTo(OpBuilder &b, Location loc, Value v,
                  ArrayRef<OpFoldResult> sizes) {
  auto type = cast<RankedTensorType>(v.getType());
  int64_t rank = type.getRank();
  int64_t outRank = sizes.size();
  int64_t offset = outRank - rank;
  SmallVector<OpFoldResult> outSizes(sizes);
  bool stretches = false;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t in = type.getDimSize(i);
    int64_t out = staticSize(sizes[offset + i]);
    if (in == 1 && out != 1)
      stretches = true;
    else if (!ShapedType::isDynamic(in))
      outSizes[offset + i] = b.getIndexAttr(in);
  }
  auto initType = RankedTensorType::get(
      llvm::map_to_vector(outSizes, staticSize), type.getElementType());
  if (!stretches && offset == 0)
    return castTo(b, loc, v, initType);
  Value init = emptyTensor(b, loc, outSizes, type.getElementType());
  if (!stretches) {
    SmallVector<int64_t> added = llvm::to_vector(llvm::seq<int64_t>(0, offset));
    // linalg.broadcast wants the kept dims to agree exactly.
    SmallVector<int64_t> keptShape(
        cast<RankedTensorType>(init.getType()).getShape().drop_front(offset));
    Value in = castTo(b, loc, v, type.clone(keptShape));
    return linalg::BroadcastOp::create(b, loc, in, init, added)->getResult(0);
  }
  AffineMap inMap = broadcastMap(b, type, sizes);
  AffineMap outMap = b.getMultiDimIdentityMap(outRank);
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{v}, ValueRange{init},
             ArrayRef<AffineMap>{inMap, outMap}, parallelIterators(outRank),
             [](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(nb, nl, args[0]);
             })
      .getResult(0);
}

AffineMap broadcastMap(OpBuilder &b, RankedTensorType type,
                       ArrayRef<OpFoldResult> sizes) {
  int64_t rank = type.getRank();
  int64_t outRank = sizes.size();
  int64_t offset = outRank - rank;
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < rank; ++i) {
    bool stretched =
        type.getDimSize(i) == 1 && staticSize(sizes[offset + i]) != 1;
    exprs.push_back(stretched ? b.getAffineConstantExpr(0)
                              : b.getAffineDimExpr(offset + i));
  }
  return AffineMap::get(outRank, 0, exprs, b.getContext());
}

Value collapse(OpBuilder &b, Location loc, Value v,
               ArrayRef<ReassociationIndices> reassociation) {
  return tensor::CollapseShapeOp::create(b, loc, v, reassociation);
}

Value expand(OpBuilder &b, Location loc, Value v,
             ArrayRef<ReassociationIndices> reassociation,
             ArrayRef<OpFoldResult> sizes) {
  // Sizes that are constants become static, and so does every source dim
  // whose group is all static (expand_shape requires both to agree).
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> outputSizes;
  for (OpFoldResult size : sizes) {
    shape.push_back(staticSize(size));
    outputSizes.push_back(ShapedType::isDynamic(shape.back())
                              ? size
                              : b.getIndexAttr(shape.back()));
  }
  auto sourceType = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> sourceShape(sourceType.getShape());
  for (auto [i, group] : llvm::enumerate(reassociation)) {
    int64_t product = 1;
    for (int64_t dim : group)
      product =
          ShapedType::isDynamic(shape[dim]) || product == ShapedType::kDynamic
              ? ShapedType::kDynamic
              : product * shape[dim];
    if (!ShapedType::isDynamic(product))
      sourceShape[i] = product;
  }
  v = castTo(b, loc, v, sourceType.clone(sourceShape));
  auto type = sourceType.clone(shape);
  return tensor::ExpandShapeOp::create(b, loc, type, v, reassociation,
                                       outputSizes);
}

Value elementwise(OpBuilder &b, Location loc, ValueRange inputs,
                  ArrayRef<AffineMap> inputMaps,
                  ArrayRef<OpFoldResult> outSizes, Type elementType,
                  function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  Value init = emptyTensor(b, loc, outSizes, elementType);
  unsigned rank = outSizes.size();
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(rank));
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
             parallelIterators(rank),
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               Value result = body(nb, nl, args.drop_back());
               linalg::YieldOp::create(nb, nl, result);
             })
      .getResult(0);
}

} // namespace strata::nnlower
