//===- ConstantFolding.cpp - Folding graph ops on constants ---------------===//
//
// Implements the constant evaluators declared in ConstantFolding.h.
//
//===----------------------------------------------------------------------===//

#include "ConstantFolding.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/APSInt.h"

using namespace mlir;
using namespace strata::graph;
using llvm::APFloat;
using llvm::APInt;

/// The dense constant `attr` if it is small enough to fold into
/// `resultType` (static), else null.
static DenseElementsAttr foldable(Attribute attr, Type resultType) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(attr);
  auto type = dyn_cast_or_null<RankedTensorType>(resultType);
  if (!dense || !type || !type.hasStaticShape())
    return {};
  if (!dense.isSplat() && (dense.getNumElements() > fold::kMaxFoldElements ||
                           type.getNumElements() > fold::kMaxFoldElements))
    return {};
  return dense;
}

/// The type of a typed attribute, or null.
static Type typeOf(Attribute attr) {
  auto typed = dyn_cast_or_null<TypedAttr>(attr);
  return typed ? typed.getType() : Type();
}

double fold::toDouble(APFloat value) {
  bool lostInfo;
  value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lostInfo);
  return value.convertToDouble();
}

APFloat fold::fromDouble(double value, const llvm::fltSemantics &sem) {
  APFloat result(value);
  bool lostInfo;
  result.convert(sem, APFloat::rmNearestTiesToEven, &lostInfo);
  return result;
}

Attribute fold::unaryFloat(Attribute operand,
                           llvm::function_ref<double(double)> fn) {
  auto dense = foldable(operand, typeOf(operand));
  if (!dense)
    return {};
  auto floatType = dyn_cast<FloatType>(dense.getElementType());
  if (!floatType)
    return {};
  const llvm::fltSemantics &sem = floatType.getFloatSemantics();
  if (dense.isSplat())
    return DenseElementsAttr::get(
        dense.getType(),
        fromDouble(fn(toDouble(dense.getSplatValue<APFloat>())), sem));
  SmallVector<APFloat> values;
  for (const APFloat &v : dense.getValues<APFloat>())
    values.push_back(fromDouble(fn(toDouble(v)), sem));
  return DenseElementsAttr::get(dense.getType(), values);
}

Attribute
fold::unaryInt(Attribute operand,
               llvm::function_ref<std::optional<APInt>(const APInt &)> fn) {
  auto dense = foldable(operand, typeOf(operand));
  if (!dense || !isa<IntegerType>(dense.getElementType()))
    return {};
  SmallVector<APInt> values;
  if (dense.isSplat()) {
    std::optional<APInt> v = fn(dense.getSplatValue<APInt>());
    if (!v)
      return {};
    return DenseElementsAttr::get(dense.getType(), *v);
  }
  for (const APInt &v : dense.getValues<APInt>()) {
    std::optional<APInt> r = fn(v);
    if (!r)
      return {};
    values.push_back(*r);
  }
  return DenseElementsAttr::get(dense.getType(), values);
}

/// Index into an operand of shape `shape` for the result coordinates
/// `coords` under numpy broadcasting.
static int64_t broadcastIndex(ArrayRef<int64_t> shape,
                              ArrayRef<int64_t> coords) {
  int64_t index = 0, stride = 1;
  size_t offset = coords.size() - shape.size();
  for (int64_t d = shape.size() - 1; d >= 0; --d) {
    if (shape[d] != 1)
      index += coords[d + offset] * stride;
    stride *= shape[d];
  }
  return index;
}

/// Calls `fn(resultIndex, lhsIndex, rhsIndex)` for every result element.
static void
forEachBroadcast(ArrayRef<int64_t> result, ArrayRef<int64_t> lhs,
                 ArrayRef<int64_t> rhs,
                 llvm::function_ref<void(int64_t, int64_t, int64_t)> fn) {
  int64_t count = 1;
  for (int64_t d : result)
    count *= d;
  SmallVector<int64_t> coords(result.size(), 0);
  for (int64_t i = 0; i < count; ++i) {
    fn(i, broadcastIndex(lhs, coords), broadcastIndex(rhs, coords));
    for (int64_t d = result.size() - 1; d >= 0; --d) {
      if (++coords[d] < result[d])
        break;
      coords[d] = 0;
    }
  }
}

/// Evaluates `fn(lhsElement, rhsElement)` over the broadcast result shape of
/// two dense constants whose elements are read as `T`; `fn` returns the
/// result element as `R`, or std::nullopt to decline the whole fold.
template <typename T, typename R, typename Fn>
static std::optional<SmallVector<R>>
evalBroadcast(DenseElementsAttr lhs, DenseElementsAttr rhs,
              RankedTensorType type, Fn fn) {
  SmallVector<R> results;
  bool declined = false;
  auto apply = [&](int64_t, int64_t li, int64_t ri) {
    if (declined)
      return;
    T l = lhs.isSplat() ? lhs.getSplatValue<T>() : lhs.getValues<T>()[li];
    T r = rhs.isSplat() ? rhs.getSplatValue<T>() : rhs.getValues<T>()[ri];
    std::optional<R> v = fn(l, r);
    if (!v)
      declined = true;
    else
      results.push_back(*v);
  };
  if (lhs.isSplat() && rhs.isSplat())
    apply(0, 0, 0);
  else
    forEachBroadcast(type.getShape(), lhs.getType().getShape(),
                     rhs.getType().getShape(), apply);
  if (declined)
    return std::nullopt;
  return results;
}

/// Builds the result constant (a splat when both operands were splats).
template <typename R>
static Attribute makeResult(RankedTensorType type, ArrayRef<R> values,
                            bool splat) {
  if (splat)
    return DenseElementsAttr::get(type, values.front());
  return DenseElementsAttr::get(type, values);
}

Attribute fold::binary(Attribute lhsAttr, Attribute rhsAttr, Type resultType,
                       FloatFn floatFn, IntFn intFn) {
  auto lhs = foldable(lhsAttr, resultType);
  auto rhs = foldable(rhsAttr, resultType);
  if (!lhs || !rhs)
    return {};
  auto type = mlir::cast<RankedTensorType>(resultType);
  bool splat = lhs.isSplat() && rhs.isSplat();
  if (isa<FloatType>(lhs.getElementType())) {
    if (!floatFn)
      return {};
    auto values = evalBroadcast<APFloat, APFloat>(lhs, rhs, type, floatFn);
    return values ? makeResult<APFloat>(type, *values, splat) : Attribute();
  }
  if (!intFn)
    return {};
  auto values = evalBroadcast<APInt, APInt>(lhs, rhs, type, intFn);
  return values ? makeResult<APInt>(type, *values, splat) : Attribute();
}

Attribute fold::compare(Attribute lhsAttr, Attribute rhsAttr, Type resultType,
                        FloatPredicate floatPred, IntPredicate intPred) {
  auto lhs = foldable(lhsAttr, resultType);
  auto rhs = foldable(rhsAttr, resultType);
  if (!lhs || !rhs)
    return {};
  auto type = mlir::cast<RankedTensorType>(resultType);
  bool splat = lhs.isSplat() && rhs.isSplat();
  std::optional<SmallVector<bool>> values;
  if (isa<FloatType>(lhs.getElementType()))
    values = evalBroadcast<APFloat, bool>(
        lhs, rhs, type, [&](const APFloat &l, const APFloat &r) {
          return std::optional<bool>(floatPred(l, r));
        });
  else
    values = evalBroadcast<APInt, bool>(
        lhs, rhs, type, [&](const APInt &l, const APInt &r) {
          return std::optional<bool>(intPred(l, r));
        });
  return values ? makeResult<bool>(type, *values, splat) : Attribute();
}

/// Converts one element between element types; std::nullopt when the value
/// does not fit (float to integer out of range or NaN).
static std::optional<Attribute> convertElement(Attribute value, Type from,
                                               Type to) {
  if (auto toFloat = dyn_cast<FloatType>(to)) {
    APFloat result(toFloat.getFloatSemantics());
    if (isa<FloatType>(from)) {
      result = cast<FloatAttr>(value).getValue();
      bool lostInfo;
      result.convert(toFloat.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                     &lostInfo);
    } else {
      APInt v = cast<IntegerAttr>(value).getValue();
      bool isSigned = !from.isUnsignedInteger() && !from.isInteger(1);
      result.convertFromAPInt(v, isSigned, APFloat::rmNearestTiesToEven);
    }
    return FloatAttr::get(to, result);
  }
  auto toInt = cast<IntegerType>(to);
  unsigned width = toInt.getWidth();
  if (isa<FloatType>(from)) {
    APFloat v = cast<FloatAttr>(value).getValue();
    if (width == 1)
      return IntegerAttr::get(to, APInt(1, v.isZero() ? 0 : 1));
    llvm::APSInt result(width, toInt.isUnsigned());
    bool exact;
    if (v.convertToInteger(result, APFloat::rmTowardZero, &exact) &
        APFloat::opInvalidOp)
      return std::nullopt;
    return IntegerAttr::get(to, result);
  }
  APInt v = cast<IntegerAttr>(value).getValue();
  if (width == 1)
    return IntegerAttr::get(to, APInt(1, v.isZero() ? 0 : 1));
  bool isSigned = !from.isUnsignedInteger() && !from.isInteger(1);
  return IntegerAttr::get(to, isSigned ? v.sextOrTrunc(width)
                                       : v.zextOrTrunc(width));
}

Attribute fold::cast(Attribute operand, Type resultType) {
  auto dense = foldable(operand, resultType);
  if (!dense)
    return {};
  auto type = mlir::cast<RankedTensorType>(resultType);
  Type from = dense.getElementType(), to = type.getElementType();
  SmallVector<Attribute> values;
  for (Attribute v :
       dense.isSplat()
           ? SmallVector<Attribute>{dense.getSplatValue<Attribute>()}
           : llvm::to_vector(dense.getValues<Attribute>())) {
    std::optional<Attribute> converted = convertElement(v, from, to);
    if (!converted)
      return {};
    values.push_back(*converted);
  }
  if (dense.isSplat())
    return DenseElementsAttr::get(type, values.front());
  return DenseElementsAttr::get(type, values);
}

Attribute fold::reshape(Attribute operand, Type resultType) {
  auto dense = foldable(operand, resultType);
  if (!dense)
    return {};
  return dense.reshape(mlir::cast<ShapedType>(resultType));
}

Attribute fold::transpose(Attribute operand, ArrayRef<int64_t> perm,
                          Type resultType) {
  auto dense = foldable(operand, resultType);
  if (!dense)
    return {};
  auto type = mlir::cast<RankedTensorType>(resultType);
  if (dense.isSplat())
    return dense.resizeSplat(type);
  ArrayRef<int64_t> inShape = dense.getType().getShape();
  SmallVector<int64_t> inStrides(inShape.size(), 1);
  for (int64_t d = static_cast<int64_t>(inShape.size()) - 2; d >= 0; --d)
    inStrides[d] = inStrides[d + 1] * inShape[d + 1];
  auto values = llvm::to_vector(dense.getValues<Attribute>());
  SmallVector<Attribute> result;
  result.reserve(values.size());
  ArrayRef<int64_t> outShape = type.getShape();
  SmallVector<int64_t> coords(outShape.size(), 0);
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    int64_t index = 0;
    for (size_t d = 0; d < outShape.size(); ++d)
      index += coords[d] * inStrides[perm[d]];
    result.push_back(values[index]);
    for (int64_t d = outShape.size() - 1; d >= 0; --d) {
      if (++coords[d] < outShape[d])
        break;
      coords[d] = 0;
    }
  }
  return DenseElementsAttr::get(type, result);
}

Attribute fold::concat(ArrayRef<Attribute> operands, int64_t axis,
                       Type resultType) {
  auto type = dyn_cast<RankedTensorType>(resultType);
  if (!type || !type.hasStaticShape() ||
      type.getNumElements() > kMaxFoldElements)
    return {};
  SmallVector<DenseElementsAttr> inputs;
  for (Attribute a : operands) {
    auto dense = dyn_cast_or_null<DenseElementsAttr>(a);
    if (!dense)
      return {};
    inputs.push_back(dense);
  }
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= type.getDimSize(d);
  SmallVector<SmallVector<Attribute>> values;
  SmallVector<int64_t> chunk;
  for (DenseElementsAttr in : inputs) {
    values.push_back(in.isSplat()
                         ? SmallVector<Attribute>(in.getType().getNumElements(),
                                                  in.getSplatValue<Attribute>())
                         : llvm::to_vector(in.getValues<Attribute>()));
    chunk.push_back(outer == 0 ? 0 : in.getType().getNumElements() / outer);
  }
  SmallVector<Attribute> result;
  result.reserve(type.getNumElements());
  for (int64_t o = 0; o < outer; ++o)
    for (size_t i = 0; i < inputs.size(); ++i)
      for (int64_t c = 0; c < chunk[i]; ++c)
        result.push_back(values[i][o * chunk[i] + c]);
  return DenseElementsAttr::get(type, result);
}

bool fold::isSplatOf(Attribute attr, double value) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!dense || !dense.isSplat())
    return false;
  Type element = dense.getElementType();
  if (auto floatType = dyn_cast<FloatType>(element))
    return dense.getSplatValue<APFloat>().bitwiseIsEqual(
        fromDouble(value, floatType.getFloatSemantics()));
  if (auto intType = dyn_cast<IntegerType>(element)) {
    APInt v = dense.getSplatValue<APInt>();
    if (intType.getWidth() == 1)
      return v.getBoolValue() == (value != 0.0);
    return v == APInt(intType.getWidth(), static_cast<int64_t>(value),
                      /*isSigned=*/true);
  }
  return false;
}
