//===- ElementwiseImporters.cpp - Unary, binary, compare, select, cast ----===//
//
// ONNX elementwise ops onto graph elementwise ops: activations, math
// functions, float tests, arithmetic (with Mod, BitShift, Xor) with numpy
// broadcasting (variadic Sum/Max/Min as chains), comparisons, Where, Clip
// (attribute and input forms), Cast, Identity and Dropout.
//
//===----------------------------------------------------------------------===//

#include "ImporterContext.h"

#include <limits>

using namespace mlir;
using namespace strata;
using namespace strata::onnx_import;

namespace {

template <typename OpTy> LogicalResult importUnary(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  Value r = ctx.create<OpTy>(x);
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

LogicalResult importLeakyRelu(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  Value r = ctx.create<graph::LeakyReluOp>(
      x, ctx.b.getF64FloatAttr(ctx.floatAttr("alpha", 0.01f)));
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

LogicalResult importHardSigmoid(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  Value r = ctx.create<graph::HardSigmoidOp>(
      x, ctx.b.getF64FloatAttr(ctx.floatAttr("alpha", 0.2f)),
      ctx.b.getF64FloatAttr(ctx.floatAttr("beta", 0.5f)));
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

LogicalResult importGelu(NodeContext &ctx) {
  std::string approximate = ctx.stringAttr("approximate", "none");
  graph::GeluApproximation kind;
  if (approximate == "none")
    kind = graph::GeluApproximation::none;
  else if (approximate == "tanh")
    kind = graph::GeluApproximation::tanh;
  else
    return ctx.unsupported("approximate '" + approximate +
                           "' is not supported");
  Value x = ctx.input(0);
  if (!x)
    return failure();
  Value r = ctx.create<graph::GeluOp>(
      x, graph::GeluApproximationAttr::get(ctx.b.getContext(), kind));
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

LogicalResult importShrink(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  if (!llvm::isa<FloatType>(
          llvm::cast<ShapedType>(x.getType()).getElementType()))
    return ctx.unsupported("only float inputs are supported");
  Value r = ctx.create<graph::ShrinkOp>(
      x, ctx.b.getF64FloatAttr(ctx.floatAttr("lambd", 0.5f)),
      ctx.b.getF64FloatAttr(ctx.floatAttr("bias", 0.0f)));
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

LogicalResult importIsInf(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  Value r = ctx.create<graph::IsInfOp>(
      x, ctx.b.getBoolAttr(ctx.intAttr("detect_positive", 1) != 0),
      ctx.b.getBoolAttr(ctx.intAttr("detect_negative", 1) != 0));
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

LogicalResult importMod(NodeContext &ctx) {
  int64_t fmod = ctx.intAttr("fmod", 0);
  if (fmod != 0 && fmod != 1)
    return ctx.unsupported("fmod must be 0 or 1, got " + llvm::Twine(fmod));
  Value lhs = ctx.input(0), rhs = ctx.input(1);
  if (!lhs || !rhs)
    return failure();
  if (!fmod && llvm::isa<FloatType>(
                   llvm::cast<ShapedType>(lhs.getType()).getElementType()))
    return ctx.unsupported("fmod = 0 is not defined for float inputs");
  Value r = ctx.create<graph::ModOp>(lhs, rhs, ctx.b.getBoolAttr(fmod != 0));
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

LogicalResult importBitShift(NodeContext &ctx) {
  std::string direction = ctx.stringAttr("direction", "");
  if (direction != "LEFT" && direction != "RIGHT")
    return ctx.unsupported("direction must be LEFT or RIGHT, got '" +
                           direction + "'");
  Value lhs = ctx.input(0), rhs = ctx.input(1);
  if (!lhs || !rhs)
    return failure();
  Value r = ctx.create<graph::BitShiftOp>(
      lhs, rhs, ctx.b.getBoolAttr(direction == "LEFT"));
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

/// Binary op on inputs 0 and 1; more inputs (variadic Sum/Max/Min) chain.
template <typename OpTy> LogicalResult importVariadic(NodeContext &ctx) {
  if (ctx.numInputs() == 0)
    return ctx.error("needs at least one input");
  Value acc = ctx.input(0);
  if (!acc)
    return failure();
  for (unsigned i = 1; i < ctx.numInputs(); ++i) {
    Value rhs = ctx.input(i);
    if (!rhs)
      return failure();
    acc = ctx.create<OpTy>(acc, rhs);
    if (!acc)
      return failure();
  }
  ctx.setOutput(0, acc);
  return success();
}

template <typename OpTy> LogicalResult importBinary(NodeContext &ctx) {
  if (ctx.numInputs() != 2)
    return ctx.error("expects 2 inputs");
  return importVariadic<OpTy>(ctx);
}

LogicalResult importPow(NodeContext &ctx) {
  Value base = ctx.input(0), exponent = ctx.input(1);
  if (!base || !exponent)
    return failure();
  // ONNX allows an exponent of another numeric type.
  Type elementType = llvm::cast<ShapedType>(base.getType()).getElementType();
  if (llvm::cast<ShapedType>(exponent.getType()).getElementType() !=
      elementType) {
    exponent = ctx.create<graph::CastOp>(exponent, elementType);
    if (!exponent)
      return failure();
  }
  Value r = ctx.create<graph::PowOp>(base, exponent);
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

template <graph::CompareDirection direction>
LogicalResult importCompare(NodeContext &ctx) {
  Value lhs = ctx.input(0), rhs = ctx.input(1);
  if (!lhs || !rhs)
    return failure();
  Value r = ctx.create<graph::CompareOp>(direction, lhs, rhs);
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

LogicalResult importWhere(NodeContext &ctx) {
  Value c = ctx.input(0), t = ctx.input(1), f = ctx.input(2);
  if (!c || !t || !f)
    return failure();
  Value r = ctx.create<graph::WhereOp>(c, t, f);
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

/// Clip: bounds are attributes before opset 11 and optional inputs from 11.
/// Constant bounds become the clip op's attributes; bounds computed at run
/// time become max/min ops.
LogicalResult importClip(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  FloatAttr minAttr, maxAttr;
  Value minValue, maxValue;
  if (ctx.opset < 11) {
    double lo = ctx.floatAttr("min", -std::numeric_limits<float>::max());
    double hi = ctx.floatAttr("max", std::numeric_limits<float>::max());
    if (ctx.hasAttr("min"))
      minAttr = ctx.b.getF64FloatAttr(lo);
    if (ctx.hasAttr("max"))
      maxAttr = ctx.b.getF64FloatAttr(hi);
  } else {
    for (unsigned i : {1u, 2u}) {
      if (!ctx.hasInput(i))
        continue;
      if (const ConstTensor *c = ctx.constInput(i)) {
        if (c->numElements() != 1)
          return ctx.error(llvm::Twine(i == 1 ? "min" : "max") +
                           " must be a scalar");
        (i == 1 ? minAttr : maxAttr) = ctx.b.getF64FloatAttr(c->getFloat(0));
        continue;
      }
      Value v = ctx.input(i);
      if (!v)
        return failure();
      (i == 1 ? minValue : maxValue) = v;
    }
  }
  Value r = x;
  if (minAttr || maxAttr) {
    r = ctx.create<graph::ClipOp>(r, minAttr, maxAttr);
    if (!r)
      return failure();
  }
  if (minValue && !(r = ctx.create<graph::MaxOp>(r, minValue)))
    return failure();
  if (maxValue && !(r = ctx.create<graph::MinOp>(r, maxValue)))
    return failure();
  ctx.setOutput(0, r);
  return success();
}

/// Cast to `type` (dropped when the type does not change).
LogicalResult castTo(NodeContext &ctx, Value x, Type type) {
  if (llvm::cast<ShapedType>(x.getType()).getElementType() == type) {
    ctx.setOutput(0, x);
    return success();
  }
  Value r = ctx.create<graph::CastOp>(x, type);
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

LogicalResult importCast(NodeContext &ctx) {
  int64_t to = ctx.intAttr("to", 0);
  Type type = convertDataType(static_cast<int32_t>(to), ctx.b.getContext());
  if (!type)
    return ctx.unsupported("cast to " + dataTypeName(to) + " is not supported");
  Value x = ctx.input(0);
  if (!x)
    return failure();
  return castTo(ctx, x, type);
}

/// CastLike: cast to the element type of the second input.
LogicalResult importCastLike(NodeContext &ctx) {
  RankedTensorType like = ctx.inputType(1);
  if (!like)
    return ctx.error("the target_type input is required");
  Value x = ctx.input(0);
  if (!x)
    return failure();
  return castTo(ctx, x, like.getElementType());
}

/// Mean: the sum chain divided by the number of inputs.
LogicalResult importMean(NodeContext &ctx) {
  if (failed(importVariadic<graph::AddOp>(ctx)))
    return failure();
  if (ctx.numInputs() == 1 || !ctx.hasOutput(0))
    return success();
  Value sum = ctx.graph.lookup(ctx.node.output(0), ctx.loc);
  if (!sum)
    return failure();
  Type elementType = llvm::cast<ShapedType>(sum.getType()).getElementType();
  if (!llvm::isa<FloatType>(elementType))
    return ctx.unsupported("Mean of integers is not supported");
  Value n = ctx.scalarConstant(elementType, ctx.numInputs());
  Value r = ctx.create<graph::DivOp>(sum, n);
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

/// Identity forwards whatever is known about its input (an SSA value, a
/// constant or a not yet materialized weight).
LogicalResult importIdentity(NodeContext &ctx) {
  if (!ctx.hasInput(0))
    return ctx.error("input 0 is required");
  auto it = ctx.graph.values.find(ctx.node.input(0));
  if (it == ctx.graph.values.end())
    return failure(!ctx.input(0));
  // A weight is materialized once, so that every alias shares it.
  if (it->second.initializer && !it->second.value &&
      !ctx.graph.lookup(ctx.node.input(0), ctx.loc))
    return failure();
  if (ctx.hasOutput(0)) {
    ImportedValue copy = ctx.graph.values[ctx.node.input(0)];
    ctx.graph.values[ctx.node.output(0)] = copy;
  }
  return success();
}

/// Dropout in inference: the identity. Training mode and the mask output
/// are rejected.
LogicalResult importDropout(NodeContext &ctx) {
  if (ctx.hasInput(2)) {
    const ConstTensor *training = ctx.constInput(2);
    if (!training)
      return ctx.unsupported("a training_mode computed at run time is not "
                             "supported");
    if (training->getInt(0) != 0)
      return ctx.unsupported("training_mode = true is not supported");
  }
  if (ctx.hasOutput(1)) {
    // The mask is all true in inference mode.
    RankedTensorType type = ctx.inputType(0);
    if (!type || !type.hasStaticShape())
      return ctx.unsupported("the mask output of a dynamically shaped input "
                             "is not supported");
    ConstTensor mask;
    mask.elementType = ctx.b.getI1Type();
    mask.shape.assign(type.getShape().begin(), type.getShape().end());
    mask.pushInt(1);
    ctx.setConstOutput(1, mask);
  }
  return importIdentity(ctx);
}

//===----------------------------------------------------------------------===//
// Activations without a graph op of their own, as compositions
//===----------------------------------------------------------------------===//

/// Builds expressions of graph ops; a null operand (an earlier failure,
/// already reported) propagates.
struct Expr {
  NodeContext &ctx;
  Type elementType;

  Value c(double v) { return ctx.scalarConstant(elementType, v); }
  template <typename OpTy> Value op(Value a) {
    return a ? ctx.create<OpTy>(a) : Value();
  }
  template <typename OpTy> Value op(Value a, Value b) {
    return a && b ? ctx.create<OpTy>(a, b) : Value();
  }
  Value cmp(graph::CompareDirection d, Value a, Value b) {
    return a && b ? ctx.create<graph::CompareOp>(d, a, b) : Value();
  }
  Value select(Value cond, Value t, Value f) {
    return cond && t && f ? ctx.create<graph::WhereOp>(cond, t, f) : Value();
  }
};

/// Runs `build` on a float input and binds its result.
template <typename Fn>
LogicalResult importComposite(NodeContext &ctx, Fn build) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  Type elementType = llvm::cast<ShapedType>(x.getType()).getElementType();
  if (!llvm::isa<FloatType>(elementType))
    return ctx.unsupported("only float inputs are supported");
  Expr e{ctx, elementType};
  Value r = build(e, x);
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

using graph::CompareDirection;

LogicalResult importElu(NodeContext &ctx) {
  double alpha = ctx.floatAttr("alpha", 1.0f);
  return importComposite(ctx, [&](Expr &e, Value x) {
    // x >= 0 ? x : alpha * (exp(x) - 1)
    Value neg = e.op<graph::MulOp>(
        e.op<graph::SubOp>(e.op<graph::ExpOp>(x), e.c(1.0)), e.c(alpha));
    return e.select(e.cmp(CompareDirection::ge, x, e.c(0.0)), x, neg);
  });
}

LogicalResult importSelu(NodeContext &ctx) {
  double alpha = ctx.floatAttr("alpha", 1.67326319217681884765625f);
  double gamma = ctx.floatAttr("gamma", 1.05070102214813232421875f);
  return importComposite(ctx, [&](Expr &e, Value x) {
    // gamma * (x > 0 ? x : alpha * exp(x) - alpha)
    Value neg = e.op<graph::SubOp>(
        e.op<graph::MulOp>(e.op<graph::ExpOp>(x), e.c(alpha)), e.c(alpha));
    Value sel = e.select(e.cmp(CompareDirection::gt, x, e.c(0.0)), x, neg);
    return e.op<graph::MulOp>(sel, e.c(gamma));
  });
}

LogicalResult importCelu(NodeContext &ctx) {
  double alpha = ctx.floatAttr("alpha", 1.0f);
  if (alpha == 0)
    return ctx.error("alpha must not be 0");
  return importComposite(ctx, [&](Expr &e, Value x) {
    // max(0, x) + min(0, alpha * (exp(x / alpha) - 1))
    Value expPart = e.op<graph::MulOp>(
        e.op<graph::SubOp>(
            e.op<graph::ExpOp>(e.op<graph::DivOp>(x, e.c(alpha))), e.c(1.0)),
        e.c(alpha));
    return e.op<graph::AddOp>(e.op<graph::MaxOp>(x, e.c(0.0)),
                              e.op<graph::MinOp>(expPart, e.c(0.0)));
  });
}

LogicalResult importSoftplus(NodeContext &ctx) {
  return importComposite(ctx, [&](Expr &e, Value x) {
    // log(exp(x) + 1), as ONNX defines it.
    return e.op<graph::LogOp>(
        e.op<graph::AddOp>(e.op<graph::ExpOp>(x), e.c(1.0)));
  });
}

LogicalResult importSoftsign(NodeContext &ctx) {
  return importComposite(ctx, [&](Expr &e, Value x) {
    // x / (1 + |x|)
    return e.op<graph::DivOp>(
        x, e.op<graph::AddOp>(e.op<graph::AbsOp>(x), e.c(1.0)));
  });
}

LogicalResult importThresholdedRelu(NodeContext &ctx) {
  double alpha = ctx.floatAttr("alpha", 1.0f);
  return importComposite(ctx, [&](Expr &e, Value x) {
    // x > alpha ? x : 0
    return e.select(e.cmp(CompareDirection::gt, x, e.c(alpha)), x, e.c(0.0));
  });
}

LogicalResult importPRelu(NodeContext &ctx) {
  Value slope = ctx.input(1);
  if (!slope)
    return failure();
  RankedTensorType xType = ctx.inputType(0);
  auto slopeType = llvm::cast<RankedTensorType>(slope.getType());
  if (ctx.opset < 7 && xType && xType.getRank() > 2 &&
      slopeType.getRank() == 1 && slopeType.getDimSize(0) != 1) {
    // Before opset 7 a 1-D slope holds one value per channel (dim 1).
    SmallVector<int64_t> shape(xType.getRank() - 1, 1);
    shape[0] = slopeType.getDimSize(0);
    slope =
        ctx.create<graph::ReshapeOp>(slope, ctx.b.getDenseI64ArrayAttr(shape));
    if (!slope)
      return failure();
  }
  return importComposite(ctx, [&](Expr &e, Value x) {
    // x < 0 ? slope * x : x
    return e.select(e.cmp(CompareDirection::lt, x, e.c(0.0)),
                    e.op<graph::MulOp>(x, slope), x);
  });
}

} // namespace

void strata::onnx_import::registerElementwiseImporters(
    llvm::StringMap<NodeImporterFn> &t) {
  t["Relu"] = importUnary<graph::ReluOp>;
  t["Sigmoid"] = importUnary<graph::SigmoidOp>;
  t["Tanh"] = importUnary<graph::TanhOp>;
  t["Erf"] = importUnary<graph::ErfOp>;
  t["Exp"] = importUnary<graph::ExpOp>;
  t["Log"] = importUnary<graph::LogOp>;
  t["Sqrt"] = importUnary<graph::SqrtOp>;
  t["Reciprocal"] = importUnary<graph::ReciprocalOp>;
  t["Neg"] = importUnary<graph::NegOp>;
  t["Abs"] = importUnary<graph::AbsOp>;
  t["Not"] = importUnary<graph::NotOp>;
  t["Sin"] = importUnary<graph::SinOp>;
  t["Cos"] = importUnary<graph::CosOp>;
  t["Tan"] = importUnary<graph::TanOp>;
  t["Asin"] = importUnary<graph::AsinOp>;
  t["Acos"] = importUnary<graph::AcosOp>;
  t["Atan"] = importUnary<graph::AtanOp>;
  t["Sinh"] = importUnary<graph::SinhOp>;
  t["Cosh"] = importUnary<graph::CoshOp>;
  t["Asinh"] = importUnary<graph::AsinhOp>;
  t["Acosh"] = importUnary<graph::AcoshOp>;
  t["Atanh"] = importUnary<graph::AtanhOp>;
  t["Floor"] = importUnary<graph::FloorOp>;
  t["Ceil"] = importUnary<graph::CeilOp>;
  t["Round"] = importUnary<graph::RoundOp>;
  t["Sign"] = importUnary<graph::SignOp>;
  t["IsNaN"] = importUnary<graph::IsNaNOp>;
  t["IsInf"] = importIsInf;
  t["Shrink"] = importShrink;
  t["HardSwish"] = importUnary<graph::HardSwishOp>;
  t["LeakyRelu"] = importLeakyRelu;
  t["HardSigmoid"] = importHardSigmoid;
  t["Gelu"] = importGelu;
  t["Elu"] = importElu;
  t["Selu"] = importSelu;
  t["Celu"] = importCelu;
  t["Softplus"] = importSoftplus;
  t["Softsign"] = importSoftsign;
  t["ThresholdedRelu"] = importThresholdedRelu;
  t["PRelu"] = importPRelu;
  t["Add"] = importBinary<graph::AddOp>;
  t["Sub"] = importBinary<graph::SubOp>;
  t["Mul"] = importBinary<graph::MulOp>;
  t["Div"] = importBinary<graph::DivOp>;
  t["Pow"] = importPow;
  t["And"] = importBinary<graph::AndOp>;
  t["Or"] = importBinary<graph::OrOp>;
  t["Xor"] = importBinary<graph::XorOp>;
  t["Mod"] = importMod;
  t["BitShift"] = importBitShift;
  t["Sum"] = importVariadic<graph::AddOp>;
  t["Max"] = importVariadic<graph::MaxOp>;
  t["Min"] = importVariadic<graph::MinOp>;
  t["Equal"] = importCompare<graph::CompareDirection::eq>;
  t["Less"] = importCompare<graph::CompareDirection::lt>;
  t["LessOrEqual"] = importCompare<graph::CompareDirection::le>;
  t["Greater"] = importCompare<graph::CompareDirection::gt>;
  t["GreaterOrEqual"] = importCompare<graph::CompareDirection::ge>;
  t["Where"] = importWhere;
  t["Clip"] = importClip;
  t["Cast"] = importCast;
  t["CastLike"] = importCastLike;
  t["Mean"] = importMean;
  t["Identity"] = importIdentity;
  t["Dropout"] = importDropout;
}
