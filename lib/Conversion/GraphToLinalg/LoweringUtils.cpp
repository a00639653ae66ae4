//===- LoweringUtils.cpp - Helpers of the graph -> linalg lowering --------===//
//
// See LoweringUtils.h.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

using namespace mlir;

namespace strata::lowering {

std::optional<std::string> unsupportedElementType(Type type) {
  if (type.isF16() || type.isBF16() || type.isF32() || type.isF64() ||
      type.isSignlessInteger())
    return std::nullopt;
  std::string reason;
  llvm::raw_string_ostream os(reason);
  os << "element type " << type;
  os << " is not supported (f16, bf16, f32, f64 and integers are)";
  return reason;
}

LogicalResult reject(RewriterBase &rewriter, Operation *op,
                     const Twine &reason) {
  op->emitError("cannot lower to linalg: ") << reason;
  return rewriter.notifyMatchFailure(op, reason);
}

Value castToType(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(b, loc, type, value);
}

Type computeType(Type element) {
  auto floatType = dyn_cast<FloatType>(element);
  if (floatType && floatType.getWidth() < 32)
    return Float32Type::get(element.getContext());
  return element;
}

Value scalarConstant(OpBuilder &b, Location loc, Type type, double value) {
  if (isa<FloatType>(type))
    return arith::ConstantOp::create(b, loc, FloatAttr::get(type, value));
  unsigned width = type.getIntOrFloatBitWidth();
  APInt v(width, static_cast<uint64_t>(static_cast<int64_t>(value)),
          /*isSigned=*/true, /*implicitTrunc=*/true);
  return arith::ConstantOp::create(b, loc, IntegerAttr::get(type, v));
}

Value extremeConstant(OpBuilder &b, Location loc, Type type, bool lowest) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc,
        FloatAttr::get(type, APFloat::getInf(floatType.getFloatSemantics(),
                                             /*Negative=*/lowest)));
  unsigned width = type.getIntOrFloatBitWidth();
  APInt v = lowest ? APInt::getSignedMinValue(width)
                   : APInt::getSignedMaxValue(width);
  return arith::ConstantOp::create(b, loc, IntegerAttr::get(type, v));
}

Value convertScalar(OpBuilder &b, Location loc, Value value, Type to,
                    bool fromUnsigned, bool toUnsigned) {
  Type from = value.getType();
  if (from == to)
    return value;
  auto fromFloat = dyn_cast<FloatType>(from);
  auto toFloat = dyn_cast<FloatType>(to);
  if (fromFloat && toFloat) {
    if (fromFloat.getWidth() < toFloat.getWidth())
      return arith::ExtFOp::create(b, loc, to, value);
    if (fromFloat.getWidth() > toFloat.getWidth())
      return arith::TruncFOp::create(b, loc, to, value);
    // Same width, different format (f16 <-> bf16): go through f32.
    Value wide =
        arith::ExtFOp::create(b, loc, Float32Type::get(b.getContext()), value);
    return arith::TruncFOp::create(b, loc, to, wide);
  }
  if (toFloat) {
    if (from.isInteger(1) || fromUnsigned)
      return arith::UIToFPOp::create(b, loc, to, value);
    return arith::SIToFPOp::create(b, loc, to, value);
  }
  // To an integer: i1 tests != 0 (NaN is != 0, as in the folder).
  if (to.isInteger(1)) {
    Value zero = scalarConstant(b, loc, from, 0);
    if (fromFloat)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, value,
                                   zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, value, zero);
  }
  if (fromFloat && toUnsigned)
    return arith::FPToUIOp::create(b, loc, to, value);
  if (fromFloat)
    return arith::FPToSIOp::create(b, loc, to, value);
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (fromWidth > toWidth)
    return arith::TruncIOp::create(b, loc, to, value);
  if (fromWidth == 1 || fromUnsigned)
    return arith::ExtUIOp::create(b, loc, to, value);
  return arith::ExtSIOp::create(b, loc, to, value);
}

OpFoldResult dimSize(OpBuilder &b, Location loc, Value value, int64_t d) {
  auto type = cast<RankedTensorType>(value.getType());
  if (!type.isDynamicDim(d))
    return b.getIndexAttr(type.getDimSize(d));
  // Look through the ops this lowering builds, so that a tensor.dim does not
  // add a use to a producer (elementwise fusion wants single-use producers).
  while (auto result = dyn_cast<OpResult>(value)) {
    Operation *op = result.getOwner();
    if (auto dps = dyn_cast<DestinationStyleOpInterface>(op)) {
      value = dps.getTiedOpOperand(result)->get();
      continue;
    }
    if (auto empty = dyn_cast<tensor::EmptyOp>(op))
      return empty.getMixedSizes()[d];
    if (auto expand = dyn_cast<tensor::ExpandShapeOp>(op))
      return expand.getMixedOutputShape()[d];
    break;
  }
  return tensor::DimOp::create(b, loc, value, d).getResult();
}

SmallVector<OpFoldResult> mixedSizes(OpBuilder &b, Location loc, Value value) {
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0, e = cast<RankedTensorType>(value.getType()).getRank();
       d < e; ++d)
    sizes.push_back(dimSize(b, loc, value, d));
  return sizes;
}

AffineMap broadcastMap(RankedTensorType operand, ArrayRef<int64_t> shape) {
  MLIRContext *ctx = operand.getContext();
  int64_t offset = static_cast<int64_t>(shape.size()) - operand.getRank();
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < operand.getRank(); ++d) {
    if (operand.getDimSize(d) == 1 && shape[d + offset] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(d + offset, ctx));
  }
  return AffineMap::get(shape.size(), 0, exprs, ctx);
}

Value buildGeneric(OpBuilder &b, Location loc, ValueRange operands,
                   ArrayRef<AffineMap> maps, ArrayRef<OpFoldResult> sizes,
                   Type resultElement, BodyFn body) {
  Value init = tensor::EmptyOp::create(b, loc, sizes, resultElement);
  SmallVector<AffineMap> allMaps(maps);
  allMaps.push_back(b.getMultiDimIdentityMap(sizes.size()));
  SmallVector<utils::IteratorType> iterators(sizes.size(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), operands, init, allMaps, iterators,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        linalg::YieldOp::create(nb, nl, body(nb, nl, args.drop_back()));
      });
  return generic.getResult(0);
}

std::optional<std::string> ambiguousBroadcast(ValueRange operands) {
  int64_t rank = 0;
  for (Value v : operands)
    rank = std::max(rank, cast<RankedTensorType>(v.getType()).getRank());
  for (int64_t d = 0; d < rank; ++d) {
    std::optional<std::pair<unsigned, int64_t>> dynamicAt, staticAt;
    for (auto [i, v] : llvm::enumerate(operands)) {
      auto type = cast<RankedTensorType>(v.getType());
      int64_t od = d - (rank - type.getRank());
      if (od < 0)
        continue;
      if (type.isDynamicDim(od)) {
        if (!dynamicAt)
          dynamicAt = {i, od};
      } else if (type.getDimSize(od) != 1 && !staticAt) {
        staticAt = {i, od};
      }
    }
    if (!dynamicAt || !staticAt)
      continue;
    auto staticType =
        cast<RankedTensorType>(operands[staticAt->first].getType());
    std::string reason;
    llvm::raw_string_ostream os(reason);
    os << "dim " << dynamicAt->second << " of operand " << dynamicAt->first
       << " is dynamic and broadcast against size "
       << staticType.getDimSize(staticAt->second) << " (dim "
       << staticAt->second << " of operand " << staticAt->first
       << "): it may be 1 at run time, which is ambiguous; give the input "
          "shapes (--input-shape) or make the dims agree";
    return reason;
  }
  return std::nullopt;
}

Value buildElementwise(OpBuilder &b, Location loc, ValueRange operands,
                       Type resultElement, BodyFn body) {
  int64_t rank = 0;
  for (Value v : operands)
    rank = std::max(rank, cast<RankedTensorType>(v.getType()).getRank());
  // Each result dim: a static size other than 1 from any operand, else the
  // runtime size of the first operand that is dynamic there, else 1.
  SmallVector<OpFoldResult> sizes;
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    std::optional<int64_t> staticSize;
    Value dynamicSource;
    int64_t dynamicDim = 0;
    for (Value v : operands) {
      auto type = cast<RankedTensorType>(v.getType());
      int64_t od = d - (rank - type.getRank());
      if (od < 0)
        continue;
      int64_t size = type.getDimSize(od);
      if (ShapedType::isDynamic(size)) {
        if (!dynamicSource) {
          dynamicSource = v;
          dynamicDim = od;
        }
      } else if (size != 1) {
        staticSize = size;
      }
    }
    if (staticSize) {
      sizes.push_back(b.getIndexAttr(*staticSize));
      shape.push_back(*staticSize);
    } else if (dynamicSource) {
      sizes.push_back(dimSize(b, loc, dynamicSource, dynamicDim));
      shape.push_back(ShapedType::kDynamic);
    } else {
      sizes.push_back(b.getIndexAttr(1));
      shape.push_back(1);
    }
  }
  SmallVector<AffineMap> maps;
  for (Value v : operands)
    maps.push_back(broadcastMap(cast<RankedTensorType>(v.getType()), shape));
  return buildGeneric(b, loc, operands, maps, sizes, resultElement, body);
}

Value buildReduction(OpBuilder &b, Location loc, ValueRange inputs,
                     ArrayRef<bool> reduced, Value init, BodyFn combine) {
  Value input = inputs.front();
  auto type = cast<RankedTensorType>(input.getType());
  MLIRContext *ctx = b.getContext();
  SmallVector<OpFoldResult> kept;
  SmallVector<AffineExpr> outExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (reduced[d]) {
      iterators.push_back(utils::IteratorType::reduction);
      continue;
    }
    iterators.push_back(utils::IteratorType::parallel);
    kept.push_back(dimSize(b, loc, input, d));
    outExprs.push_back(getAffineDimExpr(d, ctx));
  }
  Value empty = tensor::EmptyOp::create(b, loc, kept, init.getType());
  Value filled =
      linalg::FillOp::create(b, loc, ValueRange{init}, ValueRange{empty})
          .getResult(0);
  SmallVector<AffineMap> maps;
  for (Value v : inputs)
    maps.push_back(
        broadcastMap(cast<RankedTensorType>(v.getType()), type.getShape()));
  maps.push_back(AffineMap::get(type.getRank(), 0, outExprs, ctx));
  auto generic = linalg::GenericOp::create(
      b, loc, filled.getType(), inputs, filled, maps, iterators,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        linalg::YieldOp::create(nb, nl, combine(nb, nl, args));
      });
  return generic.getResult(0);
}

Value expandReducedDims(OpBuilder &b, Location loc, Value value,
                        ArrayRef<bool> reduced) {
  if (llvm::none_of(reduced, [](bool r) { return r; }))
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices current;
  int64_t keptIndex = 0;
  for (int64_t d = 0, e = reduced.size(); d < e; ++d) {
    current.push_back(d);
    if (reduced[d]) {
      shape.push_back(1);
      continue;
    }
    shape.push_back(type.getDimSize(keptIndex++));
    groups.push_back(current);
    current.clear();
  }
  // Trailing reduced dims join the last group (a rank-0 source has none).
  if (!groups.empty())
    groups.back().append(current.begin(), current.end());
  return tensor::ExpandShapeOp::create(b, loc, type.clone(shape), value,
                                       groups);
}

Value reducedCount(OpBuilder &b, Location loc, Value input,
                   ArrayRef<bool> reduced, Type type) {
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t staticCount = 1;
  Value dynamicCount;
  for (int64_t d = 0; d < inputType.getRank(); ++d) {
    if (!reduced[d])
      continue;
    if (!inputType.isDynamicDim(d)) {
      staticCount *= inputType.getDimSize(d);
      continue;
    }
    Value dim =
        getValueOrCreateConstantIndexOp(b, loc, dimSize(b, loc, input, d));
    dynamicCount =
        dynamicCount ? arith::MulIOp::create(b, loc, dynamicCount, dim) : dim;
  }
  if (!dynamicCount)
    return scalarConstant(b, loc, type, static_cast<double>(staticCount));
  Value count = arith::MulIOp::create(
      b, loc, dynamicCount,
      arith::ConstantIndexOp::create(b, loc, staticCount));
  Value i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), count);
  return convertScalar(b, loc, i64, type);
}

} // namespace strata::lowering
