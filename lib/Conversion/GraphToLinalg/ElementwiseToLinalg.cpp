//===- ElementwiseToLinalg.cpp - Lower graph elementwise ops --------------===//
//
// See populateGraphElementwiseToLinalgPatterns in GraphToLinalg.h. Unary,
// binary, compare, where, cast and clip become one linalg.generic each over
// the numpy broadcast of their operands; constants become arith.constant.
// Reductions and normalisations are in ReductionToLinalg.cpp and
// NormToLinalg.cpp. Unsigned element types arrive signless, marked (see
// UnsignedTypes.cpp); the bodies then pick the unsigned arith ops.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "strata/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>

using namespace mlir;
using namespace strata;
using namespace strata::lowering;

namespace {

/// What a scalar body needs: the builder and the element type of the
/// operands (integers are signed unless `isUnsigned`).
struct Ctx {
  OpBuilder &b;
  Location loc;
  Type elem;
  /// The graph element type is an unsigned integer (`elem` is signless).
  bool isUnsigned = false;

  bool isFloat() const { return isa<FloatType>(elem); }
  Value cst(double v) { return scalarConstant(b, loc, elem, v); }
  Value max(Value x, Value y) {
    if (isFloat())
      return arith::MaximumFOp::create(b, loc, x, y);
    if (isUnsigned)
      return arith::MaxUIOp::create(b, loc, x, y);
    return arith::MaxSIOp::create(b, loc, x, y);
  }
  Value min(Value x, Value y) {
    if (isFloat())
      return arith::MinimumFOp::create(b, loc, x, y);
    if (isUnsigned)
      return arith::MinUIOp::create(b, loc, x, y);
    return arith::MinSIOp::create(b, loc, x, y);
  }
  Value add(Value x, Value y) {
    if (isFloat())
      return arith::AddFOp::create(b, loc, x, y);
    return arith::AddIOp::create(b, loc, x, y);
  }
  Value sub(Value x, Value y) {
    if (isFloat())
      return arith::SubFOp::create(b, loc, x, y);
    return arith::SubIOp::create(b, loc, x, y);
  }
  Value mul(Value x, Value y) {
    if (isFloat())
      return arith::MulFOp::create(b, loc, x, y);
    return arith::MulIOp::create(b, loc, x, y);
  }
  Value div(Value x, Value y) {
    if (isFloat())
      return arith::DivFOp::create(b, loc, x, y);
    if (isUnsigned)
      return arith::DivUIOp::create(b, loc, x, y);
    return arith::DivSIOp::create(b, loc, x, y);
  }
  /// 1 / (1 + exp(-x)).
  Value sigmoid(Value x) {
    // Ops are created in sequence so that the IR does not depend on the
    // compiler's order of evaluating arguments.
    Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
    Value one = cst(1);
    Value denominator = add(one, e);
    return arith::DivFOp::create(b, loc, one, denominator);
  }
  /// max(0, min(1, alpha * x + beta)).
  Value hardSigmoid(Value x, double alpha, double beta) {
    Value scaled = mul(cst(alpha), x);
    Value y = add(scaled, cst(beta));
    Value clamped = min(cst(1), y);
    return max(cst(0), clamped);
  }
};

/// One linalg.generic over the broadcast operands; `body` computes the
/// result element from the operand elements.
template <typename OpTy> struct ElementwisePattern : OpConversionPattern<OpTy> {
  using Body = Value (*)(OpTy, Ctx &, ValueRange);
  ElementwisePattern(MLIRContext *ctx, Body body)
      : OpConversionPattern<OpTy>(ctx), body(body) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ValueRange operands = adaptor.getOperands();
    // The last operand has the data type (where's condition is i1).
    Type elem = getElementTypeOrSelf(operands.back().getType());
    if (auto reason = unsupportedElementType(elem))
      return reject(rewriter, op, *reason);
    if (auto reason = ambiguousBroadcast(operands))
      return reject(rewriter, op, *reason);
    bool isUnsigned = isUnsignedOperand(op, operands.size() - 1);
    Location loc = op.getLoc();
    Value result = buildElementwise(
        rewriter, loc, operands, getElementTypeOrSelf(op.getType()),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Ctx ctx{b, l, elem, isUnsigned};
          return body(op, ctx, args);
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, op.getType()));
    return success();
  }

  Body body;
};

template <typename OpTy>
void add(RewritePatternSet &patterns, Value (*body)(OpTy, Ctx &, ValueRange)) {
  patterns.add<ElementwisePattern<OpTy>>(patterns.getContext(), body);
}

/// A clip bound converted to integer type `type` (standing for an unsigned
/// type if `isUnsigned`): toward zero (graph.cast semantics for in-range
/// values), saturated to the type's range.
APInt intBound(double v, IntegerType type, bool isUnsigned) {
  unsigned width = type.getWidth();
  if (isUnsigned) {
    if (v <= 0)
      return APInt(width, 0);
    if (v >= std::ldexp(1.0, width))
      return APInt::getMaxValue(width);
    return APInt(width, static_cast<uint64_t>(v));
  }
  if (v <= -std::ldexp(1.0, width - 1))
    return APInt::getSignedMinValue(width);
  if (v >= std::ldexp(1.0, width - 1))
    return APInt::getSignedMaxValue(width);
  return APInt(width, static_cast<uint64_t>(static_cast<int64_t>(v)),
               /*isSigned=*/true, /*implicitTrunc=*/true);
}

Value clipBody(graph::ClipOp op, Ctx &c, ValueRange a) {
  Value x = a[0];
  auto bound = [&](double v) -> Value {
    if (c.isFloat())
      return c.cst(v);
    auto type = cast<IntegerType>(c.elem);
    return arith::ConstantOp::create(
        c.b, c.loc, IntegerAttr::get(type, intBound(v, type, c.isUnsigned)));
  };
  if (op.getMin())
    x = c.max(x, bound(op.getMin()->convertToDouble()));
  if (op.getMax())
    x = c.min(x, bound(op.getMax()->convertToDouble()));
  return x;
}

Value compareBody(graph::CompareOp op, Ctx &c, ValueRange a) {
  using graph::CompareDirection;
  if (c.isFloat()) {
    // Ordered, except ne which is true on NaN.
    arith::CmpFPredicate pred = arith::CmpFPredicate::OEQ;
    switch (op.getDirection()) {
    case CompareDirection::eq:
      pred = arith::CmpFPredicate::OEQ;
      break;
    case CompareDirection::ne:
      pred = arith::CmpFPredicate::UNE;
      break;
    case CompareDirection::lt:
      pred = arith::CmpFPredicate::OLT;
      break;
    case CompareDirection::le:
      pred = arith::CmpFPredicate::OLE;
      break;
    case CompareDirection::gt:
      pred = arith::CmpFPredicate::OGT;
      break;
    case CompareDirection::ge:
      pred = arith::CmpFPredicate::OGE;
      break;
    }
    return arith::CmpFOp::create(c.b, c.loc, pred, a[0], a[1]);
  }
  arith::CmpIPredicate pred = arith::CmpIPredicate::eq;
  switch (op.getDirection()) {
  case CompareDirection::eq:
    pred = arith::CmpIPredicate::eq;
    break;
  case CompareDirection::ne:
    pred = arith::CmpIPredicate::ne;
    break;
  case CompareDirection::lt:
    pred = arith::CmpIPredicate::slt;
    break;
  case CompareDirection::le:
    pred = arith::CmpIPredicate::sle;
    break;
  case CompareDirection::gt:
    pred = arith::CmpIPredicate::sgt;
    break;
  case CompareDirection::ge:
    pred = arith::CmpIPredicate::sge;
    break;
  }
  if (c.isUnsigned) {
    switch (pred) {
    case arith::CmpIPredicate::slt:
      pred = arith::CmpIPredicate::ult;
      break;
    case arith::CmpIPredicate::sle:
      pred = arith::CmpIPredicate::ule;
      break;
    case arith::CmpIPredicate::sgt:
      pred = arith::CmpIPredicate::ugt;
      break;
    case arith::CmpIPredicate::sge:
      pred = arith::CmpIPredicate::uge;
      break;
    default:
      break;
    }
  }
  return arith::CmpIOp::create(c.b, c.loc, pred, a[0], a[1]);
}

Value geluBody(graph::GeluOp op, Ctx &c, ValueRange a) {
  Value x = a[0];
  Value inner;
  if (op.getApproximate() == graph::GeluApproximation::tanh) {
    // tanh(sqrt(2 / pi) * (x + 0.044715 x^3))
    Value x3 = c.mul(c.mul(x, x), x);
    Value poly = c.add(x, c.mul(c.cst(0.044715), x3));
    inner = math::TanhOp::create(c.b, c.loc,
                                 c.mul(c.cst(std::sqrt(2.0 / M_PI)), poly));
  } else {
    inner = math::ErfOp::create(c.b, c.loc, c.mul(x, c.cst(M_SQRT1_2)));
  }
  Value half = c.mul(c.cst(0.5), x);
  Value onePlus = c.add(c.cst(1), inner);
  return c.mul(half, onePlus);
}

/// A math dialect function; types narrower than f32 are computed in f32
/// (libm, which some of them lower to, has no f16 versions).
template <typename OpTy, typename MathOp>
Value mathBody(OpTy, Ctx &c, ValueRange a) {
  Type compute = computeType(c.elem);
  Value x = convertScalar(c.b, c.loc, a[0], compute);
  Value y = MathOp::create(c.b, c.loc, x);
  return convertScalar(c.b, c.loc, y, c.elem);
}

/// -1, 0 or 1; a float zero or NaN is returned as is.
Value signBody(graph::SignOp, Ctx &c, ValueRange a) {
  Value x = a[0];
  Value zero = c.cst(0);
  Value positive, negative;
  if (c.isFloat()) {
    positive =
        arith::CmpFOp::create(c.b, c.loc, arith::CmpFPredicate::OGT, x, zero);
    negative =
        arith::CmpFOp::create(c.b, c.loc, arith::CmpFPredicate::OLT, x, zero);
  } else {
    positive = arith::CmpIOp::create(c.b, c.loc,
                                     c.isUnsigned ? arith::CmpIPredicate::ugt
                                                  : arith::CmpIPredicate::sgt,
                                     x, zero);
    negative = arith::CmpIOp::create(c.b, c.loc,
                                     c.isUnsigned ? arith::CmpIPredicate::ult
                                                  : arith::CmpIPredicate::slt,
                                     x, zero);
  }
  Value rest = c.isFloat() ? x : zero;
  Value inner = arith::SelectOp::create(c.b, c.loc, negative, c.cst(-1), rest);
  return arith::SelectOp::create(c.b, c.loc, positive, c.cst(1), inner);
}

Value isInfBody(graph::IsInfOp op, Ctx &c, ValueRange a) {
  auto floatType = cast<FloatType>(c.elem);
  auto inf = [&](bool negative) -> Value {
    return arith::ConstantOp::create(
        c.b, c.loc,
        FloatAttr::get(floatType, APFloat::getInf(floatType.getFloatSemantics(),
                                                  negative)));
  };
  Value result;
  for (bool negative : {false, true}) {
    if (!(negative ? op.getDetectNegative() : op.getDetectPositive()))
      continue;
    Value test = arith::CmpFOp::create(c.b, c.loc, arith::CmpFPredicate::OEQ,
                                       a[0], inf(negative));
    result = result ? arith::OrIOp::create(c.b, c.loc, result, test) : test;
  }
  if (!result)
    result = arith::ConstantOp::create(c.b, c.loc, c.b.getBoolAttr(false));
  return result;
}

/// fmod: the sign of the dividend (remf, remsi); otherwise the sign of the
/// divisor: a nonzero remainder of the other sign gets the divisor added.
Value modBody(graph::ModOp op, Ctx &c, ValueRange a) {
  if (c.isFloat())
    return arith::RemFOp::create(c.b, c.loc, a[0], a[1]);
  if (c.isUnsigned)
    return arith::RemUIOp::create(c.b, c.loc, a[0], a[1]);
  Value rem = arith::RemSIOp::create(c.b, c.loc, a[0], a[1]);
  if (op.getFmod())
    return rem;
  Value zero = c.cst(0);
  Value nonzero =
      arith::CmpIOp::create(c.b, c.loc, arith::CmpIPredicate::ne, rem, zero);
  Value remNegative =
      arith::CmpIOp::create(c.b, c.loc, arith::CmpIPredicate::slt, rem, zero);
  Value divisorNegative =
      arith::CmpIOp::create(c.b, c.loc, arith::CmpIPredicate::slt, a[1], zero);
  Value signsDiffer =
      arith::XOrIOp::create(c.b, c.loc, remNegative, divisorNegative);
  Value adjust = arith::AndIOp::create(c.b, c.loc, nonzero, signsDiffer);
  Value adjusted = c.add(rem, a[1]);
  return arith::SelectOp::create(c.b, c.loc, adjust, adjusted, rem);
}

/// Shift amounts of at least the bit width (or negative) give 0, or the
/// sign for an arithmetic right shift (shli/shrui/shrsi would be poison).
Value bitShiftBody(graph::BitShiftOp op, Ctx &c, ValueRange a) {
  Value x = a[0], amount = a[1];
  unsigned width = c.elem.getIntOrFloatBitWidth();
  Value widthValue = c.cst(width);
  Value inRange = arith::CmpIOp::create(c.b, c.loc, arith::CmpIPredicate::ult,
                                        amount, widthValue);
  if (op.getLeft()) {
    Value shifted = arith::ShLIOp::create(c.b, c.loc, x, amount);
    return arith::SelectOp::create(c.b, c.loc, inRange, shifted, c.cst(0));
  }
  if (c.isUnsigned) {
    Value shifted = arith::ShRUIOp::create(c.b, c.loc, x, amount);
    return arith::SelectOp::create(c.b, c.loc, inRange, shifted, c.cst(0));
  }
  Value clamped =
      arith::SelectOp::create(c.b, c.loc, inRange, amount, c.cst(width - 1));
  return arith::ShRSIOp::create(c.b, c.loc, x, clamped);
}

/// graph.cast: the element conversion of lowering::convertScalar.
struct CastPattern : OpConversionPattern<graph::CastOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::CastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type from = getElementTypeOrSelf(adaptor.getInput().getType());
    Type to = getElementTypeOrSelf(op.getType());
    for (Type t : {from, to})
      if (auto reason = unsupportedElementType(t))
        return reject(rewriter, op, *reason);
    Location loc = op.getLoc();
    bool fromUnsigned = isUnsignedOperand(op, 0);
    bool toUnsigned = isUnsignedResult(op, 0);
    Value result = buildElementwise(
        rewriter, loc, adaptor.getInput(), to,
        [&](OpBuilder &b, Location l, ValueRange args) {
          return convertScalar(b, l, args[0], to, fromUnsigned, toUnsigned);
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, op.getType()));
    return success();
  }
};

/// graph.constant -> arith.constant with the same (dense or dense_resource)
/// attribute (unsigned values were made signless by UnsignedTypes.cpp).
struct ConstantPattern : OpConversionPattern<graph::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto value = dyn_cast<TypedAttr>(op.getValue());
    if (!value || value.getType() != op.getType())
      return reject(rewriter, op,
                    "value is not a typed attribute "
                    "of the result type");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, value);
    return success();
  }
};

void populateUnary(RewritePatternSet &p) {
  add<graph::NegOp>(p, [](graph::NegOp, Ctx &c, ValueRange a) -> Value {
    if (c.isFloat())
      return arith::NegFOp::create(c.b, c.loc, a[0]);
    return c.sub(c.cst(0), a[0]);
  });
  add<graph::AbsOp>(p, [](graph::AbsOp, Ctx &c, ValueRange a) -> Value {
    if (c.isFloat())
      return math::AbsFOp::create(c.b, c.loc, a[0]);
    if (c.isUnsigned)
      return a[0];
    return math::AbsIOp::create(c.b, c.loc, a[0]);
  });
  add<graph::ReluOp>(p, [](graph::ReluOp, Ctx &c, ValueRange a) -> Value {
    // maximumf propagates NaN, as the folder does.
    return c.max(a[0], c.cst(0));
  });
  add<graph::ExpOp>(p, [](graph::ExpOp, Ctx &c, ValueRange a) -> Value {
    return math::ExpOp::create(c.b, c.loc, a[0]);
  });
  add<graph::LogOp>(p, [](graph::LogOp, Ctx &c, ValueRange a) -> Value {
    return math::LogOp::create(c.b, c.loc, a[0]);
  });
  add<graph::SqrtOp>(p, [](graph::SqrtOp, Ctx &c, ValueRange a) -> Value {
    return math::SqrtOp::create(c.b, c.loc, a[0]);
  });
  add<graph::RsqrtOp>(p, [](graph::RsqrtOp, Ctx &c, ValueRange a) -> Value {
    return math::RsqrtOp::create(c.b, c.loc, a[0]);
  });
  add<graph::ReciprocalOp>(
      p, [](graph::ReciprocalOp, Ctx &c, ValueRange a) -> Value {
        return c.div(c.cst(1), a[0]);
      });
  add<graph::TanhOp>(p, [](graph::TanhOp, Ctx &c, ValueRange a) -> Value {
    return math::TanhOp::create(c.b, c.loc, a[0]);
  });
  add<graph::SigmoidOp>(p, [](graph::SigmoidOp, Ctx &c, ValueRange a) {
    return c.sigmoid(a[0]);
  });
  add<graph::ErfOp>(p, [](graph::ErfOp, Ctx &c, ValueRange a) -> Value {
    return math::ErfOp::create(c.b, c.loc, a[0]);
  });
  add<graph::SiluOp>(p, [](graph::SiluOp, Ctx &c, ValueRange a) {
    return c.mul(a[0], c.sigmoid(a[0]));
  });
  add<graph::HardSwishOp>(p, [](graph::HardSwishOp, Ctx &c, ValueRange a) {
    return c.mul(a[0], c.hardSigmoid(a[0], 1.0 / 6.0, 0.5));
  });
  add<graph::NotOp>(p, [](graph::NotOp, Ctx &c, ValueRange a) -> Value {
    return arith::XOrIOp::create(c.b, c.loc, a[0], c.cst(1));
  });
  add<graph::SinOp>(p, mathBody<graph::SinOp, math::SinOp>);
  add<graph::CosOp>(p, mathBody<graph::CosOp, math::CosOp>);
  add<graph::TanOp>(p, mathBody<graph::TanOp, math::TanOp>);
  add<graph::AsinOp>(p, mathBody<graph::AsinOp, math::AsinOp>);
  add<graph::AcosOp>(p, mathBody<graph::AcosOp, math::AcosOp>);
  add<graph::AtanOp>(p, mathBody<graph::AtanOp, math::AtanOp>);
  add<graph::SinhOp>(p, mathBody<graph::SinhOp, math::SinhOp>);
  add<graph::CoshOp>(p, mathBody<graph::CoshOp, math::CoshOp>);
  add<graph::AsinhOp>(p, mathBody<graph::AsinhOp, math::AsinhOp>);
  add<graph::AcoshOp>(p, mathBody<graph::AcoshOp, math::AcoshOp>);
  add<graph::AtanhOp>(p, mathBody<graph::AtanhOp, math::AtanhOp>);
  add<graph::FloorOp>(p, mathBody<graph::FloorOp, math::FloorOp>);
  add<graph::CeilOp>(p, mathBody<graph::CeilOp, math::CeilOp>);
  add<graph::RoundOp>(p, mathBody<graph::RoundOp, math::RoundEvenOp>);
  add<graph::SignOp>(p, signBody);
  add<graph::ShrinkOp>(p, [](graph::ShrinkOp op, Ctx &c, ValueRange a) {
    // x < -lambd ? x + bias : (x > lambd ? x - bias : 0)
    Value x = a[0];
    double lambd = op.getLambd().convertToDouble();
    Value bias = c.cst(op.getBias().convertToDouble());
    Value below = arith::CmpFOp::create(c.b, c.loc, arith::CmpFPredicate::OLT,
                                        x, c.cst(-lambd));
    Value above = arith::CmpFOp::create(c.b, c.loc, arith::CmpFPredicate::OGT,
                                        x, c.cst(lambd));
    Value plus = c.add(x, bias);
    Value minus = c.sub(x, bias);
    Value inner = arith::SelectOp::create(c.b, c.loc, above, minus, c.cst(0));
    return arith::SelectOp::create(c.b, c.loc, below, plus, inner).getResult();
  });
  add<graph::IsNaNOp>(p, [](graph::IsNaNOp, Ctx &c, ValueRange a) -> Value {
    return arith::CmpFOp::create(c.b, c.loc, arith::CmpFPredicate::UNO, a[0],
                                 a[0]);
  });
  add<graph::IsInfOp>(p, isInfBody);
  add<graph::LeakyReluOp>(p, [](graph::LeakyReluOp op, Ctx &c, ValueRange a) {
    Value x = a[0];
    Value positive = arith::CmpFOp::create(
        c.b, c.loc, arith::CmpFPredicate::OGE, x, c.cst(0));
    Value scaled = c.mul(c.cst(op.getAlpha().convertToDouble()), x);
    return arith::SelectOp::create(c.b, c.loc, positive, x, scaled).getResult();
  });
  add<graph::HardSigmoidOp>(
      p, [](graph::HardSigmoidOp op, Ctx &c, ValueRange a) {
        return c.hardSigmoid(a[0], op.getAlpha().convertToDouble(),
                             op.getBeta().convertToDouble());
      });
  add<graph::GeluOp>(p, geluBody);
  add<graph::ClipOp>(p, clipBody);
}

void populateBinary(RewritePatternSet &p) {
  add<graph::AddOp>(
      p, [](graph::AddOp, Ctx &c, ValueRange a) { return c.add(a[0], a[1]); });
  add<graph::SubOp>(
      p, [](graph::SubOp, Ctx &c, ValueRange a) { return c.sub(a[0], a[1]); });
  add<graph::MulOp>(
      p, [](graph::MulOp, Ctx &c, ValueRange a) { return c.mul(a[0], a[1]); });
  // Integer division truncates toward zero (divsi) or is unsigned (divui).
  add<graph::DivOp>(
      p, [](graph::DivOp, Ctx &c, ValueRange a) { return c.div(a[0], a[1]); });
  add<graph::PowOp>(p, [](graph::PowOp, Ctx &c, ValueRange a) -> Value {
    if (c.isFloat())
      return math::PowFOp::create(c.b, c.loc, a[0], a[1]);
    return math::IPowIOp::create(c.b, c.loc, a[0], a[1]);
  });
  add<graph::MaxOp>(
      p, [](graph::MaxOp, Ctx &c, ValueRange a) { return c.max(a[0], a[1]); });
  add<graph::MinOp>(
      p, [](graph::MinOp, Ctx &c, ValueRange a) { return c.min(a[0], a[1]); });
  add<graph::AndOp>(p, [](graph::AndOp, Ctx &c, ValueRange a) -> Value {
    return arith::AndIOp::create(c.b, c.loc, a[0], a[1]);
  });
  add<graph::OrOp>(p, [](graph::OrOp, Ctx &c, ValueRange a) -> Value {
    return arith::OrIOp::create(c.b, c.loc, a[0], a[1]);
  });
  add<graph::XorOp>(p, [](graph::XorOp, Ctx &c, ValueRange a) -> Value {
    return arith::XOrIOp::create(c.b, c.loc, a[0], a[1]);
  });
  add<graph::ModOp>(p, modBody);
  add<graph::BitShiftOp>(p, bitShiftBody);
  add<graph::CompareOp>(p, compareBody);
  add<graph::WhereOp>(p, [](graph::WhereOp, Ctx &c, ValueRange a) -> Value {
    return arith::SelectOp::create(c.b, c.loc, a[0], a[1], a[2]);
  });
}

} // namespace

void strata::populateGraphElementwiseToLinalgPatterns(
    RewritePatternSet &patterns) {
  populateUnary(patterns);
  populateBinary(patterns);
  patterns.add<CastPattern, ConstantPattern>(patterns.getContext());
  populateReductionPatterns(patterns);
  populateNormalizationPatterns(patterns);
}
