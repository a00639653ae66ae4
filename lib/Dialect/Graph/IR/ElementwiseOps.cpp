//===- ElementwiseOps.cpp - Elementwise graph ops -------------------------===//
//
// Type inference, verifiers, folders and costs of the unary, binary,
// comparison, select and cast ops (dialects/Graph/GraphElementwiseOps.td).
// Unary ops get their type inference and cost from ODS; only their folders
// are here.
//
//===----------------------------------------------------------------------===//

#include "ConstantFolding.h"
#include "OpHelpers.h"

#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/APSInt.h"

#include <cmath>

using namespace mlir;
using namespace strata::graph;
using namespace strata::graph::detail;
using llvm::APFloat;
using llvm::APInt;

//===----------------------------------------------------------------------===//
// Broadcasting type inference
//===----------------------------------------------------------------------===//

/// Infers the broadcast result of `operands` (all of `elementType` unless
/// `checkElements` is false) with result element type `resultElement`.
template <typename OpTy>
static LogicalResult inferBroadcast(std::optional<Location> loc,
                                    ValueRange operands, bool checkElements,
                                    Type resultElement,
                                    SmallVectorImpl<Type> &inferred) {
  if (failed(requireRanked<OpTy>(loc, operands)))
    return failure();
  shape::Shape result;
  Type element = rankedType(operands.front()).getElementType();
  for (auto [i, v] : llvm::enumerate(operands)) {
    RankedTensorType t = rankedType(v);
    if (checkElements && t.getElementType() != element)
      return opError<OpTy>(loc, "operand element types differ: ", element,
                           " vs ", t.getElementType());
    if (i == 0) {
      result.assign(t.getShape().begin(), t.getShape().end());
      continue;
    }
    std::string error;
    std::optional<shape::Shape> b =
        shape::broadcast(result, t.getShape(), error);
    if (!b)
      return opError<OpTy>(loc,
                           "operands are not broadcast-compatible: ", error);
    result = *b;
  }
  inferred.push_back(
      RankedTensorType::get(result, resultElement ? resultElement : element));
  return success();
}

#define STRATA_BINARY_INFER(OP)                                                \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &inferred) {                                       \
    return inferBroadcast<OP>(loc, adaptor.getOperands(), true, Type(),        \
                              inferred);                                       \
  }                                                                            \
  std::optional<int64_t> OP::getFlops() {                                      \
    return elementwiseFlops(getOutput().getType(), 1);                         \
  }
STRATA_BINARY_INFER(AddOp)
STRATA_BINARY_INFER(SubOp)
STRATA_BINARY_INFER(MulOp)
STRATA_BINARY_INFER(DivOp)
STRATA_BINARY_INFER(PowOp)
STRATA_BINARY_INFER(MaxOp)
STRATA_BINARY_INFER(MinOp)
STRATA_BINARY_INFER(AndOp)
STRATA_BINARY_INFER(OrOp)
STRATA_BINARY_INFER(XorOp)
STRATA_BINARY_INFER(BitShiftOp)
#undef STRATA_BINARY_INFER

LogicalResult ModOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  if (failed(inferBroadcast<ModOp>(loc, adaptor.getOperands(), true, Type(),
                                   inferred)))
    return failure();
  Type element = getElementTypeOrSelf(inferred.front());
  if (isa<FloatType>(element) && !adaptor.getFmod())
    return opError<ModOp>(loc, "a float remainder requires fmod = true, got ",
                          element, " with fmod = false");
  return success();
}

std::optional<int64_t> ModOp::getFlops() {
  return elementwiseFlops(getOutput().getType(), 1);
}

/// is_nan and is_inf: an i1 tensor of the input's shape.
template <typename OpTy>
static LogicalResult inferFloatTest(MLIRContext *context,
                                    std::optional<Location> loc, Value input,
                                    SmallVectorImpl<Type> &inferred) {
  RankedTensorType type = rankedType(input);
  if (!type)
    return opError<OpTy>(loc, "operand must be a ranked tensor");
  inferred.push_back(type.clone(IntegerType::get(context, 1)));
  return success();
}

LogicalResult IsNaNOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  return inferFloatTest<IsNaNOp>(context, loc, adaptor.getInput(), inferred);
}

std::optional<int64_t> IsNaNOp::getFlops() {
  return elementwiseFlops(getOutput().getType(), 1);
}

LogicalResult IsInfOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  return inferFloatTest<IsInfOp>(context, loc, adaptor.getInput(), inferred);
}

std::optional<int64_t> IsInfOp::getFlops() {
  return elementwiseFlops(getOutput().getType(), 1);
}

LogicalResult CompareOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  return inferBroadcast<CompareOp>(loc, adaptor.getOperands(), true,
                                   IntegerType::get(context, 1), inferred);
}

std::optional<int64_t> CompareOp::getFlops() {
  return elementwiseFlops(getOutput().getType(), 1);
}

LogicalResult WhereOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  if (failed(requireRanked<WhereOp>(loc, adaptor.getOperands())))
    return failure();
  Type trueElement = rankedType(adaptor.getTrueValue()).getElementType();
  Type falseElement = rankedType(adaptor.getFalseValue()).getElementType();
  if (trueElement != falseElement)
    return opError<WhereOp>(loc,
                            "true and false values have different "
                            "element types: ",
                            trueElement, " vs ", falseElement);
  return inferBroadcast<WhereOp>(loc, adaptor.getOperands(), false, trueElement,
                                 inferred);
}

std::optional<int64_t> WhereOp::getFlops() {
  return elementwiseFlops(getOutput().getType(), 1);
}

LogicalResult CastOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  if (!input)
    return opError<CastOp>(loc, "operand must be a ranked tensor");
  Type to = adaptor.getTo();
  if (!to || !to.isIntOrFloat())
    return opError<CastOp>(loc,
                           "target must be an integer or float type, "
                           "got ",
                           to);
  inferred.push_back(input.clone(to));
  return success();
}

std::optional<int64_t> CastOp::getFlops() {
  return elementwiseFlops(getOutput().getType(), 1);
}

LogicalResult ClipOp::verify() {
  if (getMin() && getMax() &&
      getMin()->convertToDouble() > getMax()->convertToDouble())
    return emitOpError("min (")
           << getMin()->convertToDouble() << ") is greater than max ("
           << getMax()->convertToDouble() << ")";
  return success();
}

//===----------------------------------------------------------------------===//
// Folders
//===----------------------------------------------------------------------===//

/// Folds `op(op(x))` to `x` for involutions such as neg and not.
template <typename OpTy> static Value foldInvolution(OpTy op) {
  if (auto inner = op.getInput().template getDefiningOp<OpTy>())
    return inner.getInput();
  return {};
}

/// Folds `op(op(x))` to `op(x)` for idempotent ops such as abs and relu.
template <typename OpTy> static Value foldIdempotent(OpTy op) {
  if (op.getInput().template getDefiningOp<OpTy>())
    return op.getInput();
  return {};
}

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  if (Value v = foldInvolution(*this))
    return v;
  if (Attribute a =
          fold::unaryFloat(adaptor.getInput(), [](double x) { return -x; }))
    return a;
  return fold::unaryInt(
      adaptor.getInput(),
      [](const APInt &x) -> std::optional<APInt> { return -x; });
}

OpFoldResult AbsOp::fold(FoldAdaptor adaptor) {
  if (Value v = foldIdempotent(*this))
    return v;
  if (Attribute a = fold::unaryFloat(adaptor.getInput(),
                                     [](double x) { return std::fabs(x); }))
    return a;
  bool isUnsigned = getType().getElementType().isUnsignedInteger();
  return fold::unaryInt(adaptor.getInput(),
                        [&](const APInt &x) -> std::optional<APInt> {
                          return isUnsigned ? x : x.abs();
                        });
}

OpFoldResult ReluOp::fold(FoldAdaptor adaptor) {
  if (Value v = foldIdempotent(*this))
    return v;
  if (Attribute a = fold::unaryFloat(adaptor.getInput(), [](double x) {
        return std::isnan(x) ? x : (x > 0 ? x : 0.0);
      }))
    return a;
  bool isUnsigned = getType().getElementType().isUnsignedInteger();
  return fold::unaryInt(adaptor.getInput(),
                        [&](const APInt &x) -> std::optional<APInt> {
                          if (isUnsigned || !x.isNegative())
                            return x;
                          return APInt::getZero(x.getBitWidth());
                        });
}

OpFoldResult NotOp::fold(FoldAdaptor adaptor) {
  if (Value v = foldInvolution(*this))
    return v;
  return fold::unaryInt(
      adaptor.getInput(),
      [](const APInt &x) -> std::optional<APInt> { return ~x; });
}

#define STRATA_FLOAT_UNARY_FOLD(OP, EXPR)                                      \
  OpFoldResult OP::fold(FoldAdaptor adaptor) {                                 \
    return fold::unaryFloat(adaptor.getInput(),                                \
                            [](double x) { return EXPR; });                    \
  }
STRATA_FLOAT_UNARY_FOLD(ExpOp, std::exp(x))
STRATA_FLOAT_UNARY_FOLD(LogOp, std::log(x))
STRATA_FLOAT_UNARY_FOLD(SqrtOp, std::sqrt(x))
STRATA_FLOAT_UNARY_FOLD(RsqrtOp, 1.0 / std::sqrt(x))
STRATA_FLOAT_UNARY_FOLD(ReciprocalOp, 1.0 / x)
STRATA_FLOAT_UNARY_FOLD(TanhOp, std::tanh(x))
STRATA_FLOAT_UNARY_FOLD(SigmoidOp, 1.0 / (1.0 + std::exp(-x)))
STRATA_FLOAT_UNARY_FOLD(ErfOp, std::erf(x))
STRATA_FLOAT_UNARY_FOLD(SinOp, std::sin(x))
STRATA_FLOAT_UNARY_FOLD(CosOp, std::cos(x))
STRATA_FLOAT_UNARY_FOLD(TanOp, std::tan(x))
STRATA_FLOAT_UNARY_FOLD(AsinOp, std::asin(x))
STRATA_FLOAT_UNARY_FOLD(AcosOp, std::acos(x))
STRATA_FLOAT_UNARY_FOLD(AtanOp, std::atan(x))
STRATA_FLOAT_UNARY_FOLD(SinhOp, std::sinh(x))
STRATA_FLOAT_UNARY_FOLD(CoshOp, std::cosh(x))
STRATA_FLOAT_UNARY_FOLD(AsinhOp, std::asinh(x))
STRATA_FLOAT_UNARY_FOLD(AcoshOp, std::acosh(x))
STRATA_FLOAT_UNARY_FOLD(AtanhOp, std::atanh(x))
STRATA_FLOAT_UNARY_FOLD(FloorOp, std::floor(x))
STRATA_FLOAT_UNARY_FOLD(CeilOp, std::ceil(x))
// nearbyint in the default rounding mode rounds halves to even.
STRATA_FLOAT_UNARY_FOLD(RoundOp, std::nearbyint(x))
#undef STRATA_FLOAT_UNARY_FOLD

OpFoldResult SignOp::fold(FoldAdaptor adaptor) {
  if (Attribute a = fold::unaryFloat(adaptor.getInput(), [](double x) {
        return std::isnan(x) ? x : (x > 0) - (x < 0);
      }))
    return a;
  bool isUnsigned = getElementTypeOrSelf(getType()).isUnsignedInteger();
  return fold::unaryInt(adaptor.getInput(),
                        [&](const APInt &x) -> std::optional<APInt> {
                          unsigned width = x.getBitWidth();
                          if (x.isZero())
                            return APInt(width, 0);
                          if (!isUnsigned && x.isNegative())
                            return APInt::getAllOnes(width);
                          return APInt(width, 1);
                        });
}

OpFoldResult ClipOp::fold(FoldAdaptor adaptor) {
  if (!getMin() && !getMax())
    return getInput();
  double lo = getMin() ? getMin()->convertToDouble() : -INFINITY;
  double hi = getMax() ? getMax()->convertToDouble() : INFINITY;
  return fold::unaryFloat(adaptor.getInput(), [&](double x) {
    return std::isnan(x) ? x : std::min(std::max(x, lo), hi);
  });
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return fold::cast(adaptor.getInput(), getType());
}

/// True when the op's result has exactly the type of `value`, so that
/// folding to `value` keeps the IR valid (no broadcasting was needed).
static bool sameType(Value value, Operation *op) {
  return value.getType() == op->getResult(0).getType();
}

static bool isUnsignedElement(Type type) {
  return getElementTypeOrSelf(type).isUnsignedInteger();
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  // x + (-0.0) is x for every float x; x + 0 for integers.
  bool isFloat = isa<FloatType>(getType().getElementType());
  if (fold::isSplatOf(adaptor.getRhs(), isFloat ? -0.0 : 0.0) &&
      sameType(getLhs(), *this))
    return getLhs();
  if (fold::isSplatOf(adaptor.getLhs(), isFloat ? -0.0 : 0.0) &&
      sameType(getRhs(), *this))
    return getRhs();
  return fold::binary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APFloat &l, const APFloat &r) -> std::optional<APFloat> {
        return l + r;
      },
      [](const APInt &l, const APInt &r) -> std::optional<APInt> {
        return l + r;
      });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  // x - (+0.0) is x for every float x.
  if (fold::isSplatOf(adaptor.getRhs(), 0.0) && sameType(getLhs(), *this))
    return getLhs();
  return fold::binary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APFloat &l, const APFloat &r) -> std::optional<APFloat> {
        return l - r;
      },
      [](const APInt &l, const APInt &r) -> std::optional<APInt> {
        return l - r;
      });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (fold::isSplatOf(adaptor.getRhs(), 1.0) && sameType(getLhs(), *this))
    return getLhs();
  if (fold::isSplatOf(adaptor.getLhs(), 1.0) && sameType(getRhs(), *this))
    return getRhs();
  return fold::binary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APFloat &l, const APFloat &r) -> std::optional<APFloat> {
        return l * r;
      },
      [](const APInt &l, const APInt &r) -> std::optional<APInt> {
        return l * r;
      });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  if (fold::isSplatOf(adaptor.getRhs(), 1.0) && sameType(getLhs(), *this))
    return getLhs();
  bool isUnsigned = isUnsignedElement(getType());
  return fold::binary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APFloat &l, const APFloat &r) -> std::optional<APFloat> {
        return l / r;
      },
      [&](const APInt &l, const APInt &r) -> std::optional<APInt> {
        // Division by zero and INT_MIN / -1 are undefined: leave them be.
        if (r.isZero() ||
            (!isUnsigned && l.isMinSignedValue() && r.isAllOnes()))
          return std::nullopt;
        return isUnsigned ? l.udiv(r) : l.sdiv(r);
      });
}

OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  if (fold::isSplatOf(adaptor.getRhs(), 1.0) && sameType(getLhs(), *this))
    return getLhs();
  return fold::binary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APFloat &l, const APFloat &r) -> std::optional<APFloat> {
        return fold::fromDouble(std::pow(fold::toDouble(l), fold::toDouble(r)),
                                l.getSemantics());
      },
      nullptr);
}

OpFoldResult MaxOp::fold(FoldAdaptor adaptor) {
  if (getLhs() == getRhs() && sameType(getLhs(), *this))
    return getLhs();
  bool isUnsigned = isUnsignedElement(getType());
  return fold::binary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APFloat &l, const APFloat &r) -> std::optional<APFloat> {
        return llvm::maximum(l, r);
      },
      [&](const APInt &l, const APInt &r) -> std::optional<APInt> {
        return (isUnsigned ? l.ugt(r) : l.sgt(r)) ? l : r;
      });
}

OpFoldResult MinOp::fold(FoldAdaptor adaptor) {
  if (getLhs() == getRhs() && sameType(getLhs(), *this))
    return getLhs();
  bool isUnsigned = isUnsignedElement(getType());
  return fold::binary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APFloat &l, const APFloat &r) -> std::optional<APFloat> {
        return llvm::minimum(l, r);
      },
      [&](const APInt &l, const APInt &r) -> std::optional<APInt> {
        return (isUnsigned ? l.ult(r) : l.slt(r)) ? l : r;
      });
}

OpFoldResult AndOp::fold(FoldAdaptor adaptor) {
  if (fold::isSplatOf(adaptor.getRhs(), 1.0) && sameType(getLhs(), *this))
    return getLhs();
  if (getLhs() == getRhs() && sameType(getLhs(), *this))
    return getLhs();
  return fold::binary(
      adaptor.getLhs(), adaptor.getRhs(), getType(), nullptr,
      [](const APInt &l, const APInt &r) -> std::optional<APInt> {
        return l & r;
      });
}

OpFoldResult OrOp::fold(FoldAdaptor adaptor) {
  if (fold::isSplatOf(adaptor.getRhs(), 0.0) && sameType(getLhs(), *this))
    return getLhs();
  if (getLhs() == getRhs() && sameType(getLhs(), *this))
    return getLhs();
  return fold::binary(
      adaptor.getLhs(), adaptor.getRhs(), getType(), nullptr,
      [](const APInt &l, const APInt &r) -> std::optional<APInt> {
        return l | r;
      });
}

OpFoldResult XorOp::fold(FoldAdaptor adaptor) {
  if (fold::isSplatOf(adaptor.getRhs(), 0.0) && sameType(getLhs(), *this))
    return getLhs();
  return fold::binary(
      adaptor.getLhs(), adaptor.getRhs(), getType(), nullptr,
      [](const APInt &l, const APInt &r) -> std::optional<APInt> {
        return l ^ r;
      });
}

OpFoldResult ModOp::fold(FoldAdaptor adaptor) {
  bool isUnsigned = isUnsignedElement(getType());
  bool fmod = getFmod();
  return fold::binary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APFloat &l, const APFloat &r) -> std::optional<APFloat> {
        APFloat v = l;
        v.mod(r);
        return v;
      },
      [&](const APInt &l, const APInt &r) -> std::optional<APInt> {
        // Remainders by 0 (and INT_MIN % -1) are left to run time.
        if (r.isZero() ||
            (!isUnsigned && l.isMinSignedValue() && r.isAllOnes()))
          return std::nullopt;
        if (isUnsigned)
          return l.urem(r);
        APInt v = l.srem(r);
        // Python's %: a nonzero remainder takes the divisor's sign.
        if (!fmod && !v.isZero() && v.isNegative() != r.isNegative())
          v += r;
        return v;
      });
}

OpFoldResult BitShiftOp::fold(FoldAdaptor adaptor) {
  if (fold::isSplatOf(adaptor.getRhs(), 0.0) && sameType(getLhs(), *this))
    return getLhs();
  bool isUnsigned = isUnsignedElement(getType());
  bool left = getLeft();
  return fold::binary(
      adaptor.getLhs(), adaptor.getRhs(), getType(), nullptr,
      [&](const APInt &l, const APInt &r) -> std::optional<APInt> {
        unsigned width = l.getBitWidth();
        uint64_t amount = r.getLimitedValue(width);
        if (!isUnsigned && r.isNegative())
          amount = width;
        if (left)
          return l.shl(amount);
        return isUnsigned ? l.lshr(amount) : l.ashr(amount);
      });
}

OpFoldResult CompareOp::fold(FoldAdaptor adaptor) {
  CompareDirection direction = getDirection();
  bool isUnsigned = isUnsignedElement(getLhs().getType());
  return fold::compare(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [&](const APFloat &l, const APFloat &r) {
        APFloat::cmpResult c = l.compare(r);
        switch (direction) {
        case CompareDirection::eq:
          return c == APFloat::cmpEqual;
        case CompareDirection::ne:
          return c != APFloat::cmpEqual;
        case CompareDirection::lt:
          return c == APFloat::cmpLessThan;
        case CompareDirection::le:
          return c == APFloat::cmpLessThan || c == APFloat::cmpEqual;
        case CompareDirection::gt:
          return c == APFloat::cmpGreaterThan;
        case CompareDirection::ge:
          return c == APFloat::cmpGreaterThan || c == APFloat::cmpEqual;
        }
        llvm_unreachable("unknown compare direction");
      },
      [&](const APInt &l, const APInt &r) {
        switch (direction) {
        case CompareDirection::eq:
          return l == r;
        case CompareDirection::ne:
          return l != r;
        case CompareDirection::lt:
          return isUnsigned ? l.ult(r) : l.slt(r);
        case CompareDirection::le:
          return isUnsigned ? l.ule(r) : l.sle(r);
        case CompareDirection::gt:
          return isUnsigned ? l.ugt(r) : l.sgt(r);
        case CompareDirection::ge:
          return isUnsigned ? l.uge(r) : l.sge(r);
        }
        llvm_unreachable("unknown compare direction");
      });
}

OpFoldResult WhereOp::fold(FoldAdaptor adaptor) {
  if (fold::isSplatOf(adaptor.getCondition(), 1.0) &&
      sameType(getTrueValue(), *this))
    return getTrueValue();
  if (fold::isSplatOf(adaptor.getCondition(), 0.0) &&
      sameType(getFalseValue(), *this))
    return getFalseValue();
  if (getTrueValue() == getFalseValue() && sameType(getTrueValue(), *this))
    return getTrueValue();
  return {};
}
