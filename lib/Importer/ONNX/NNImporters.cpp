//===- NNImporters.cpp - Contractions, convolution, pooling, norms --------===//
//
// MatMul, Gemm, Conv (with auto_pad), MaxPool/AveragePool, global pools,
// BatchNormalization (inference), LayerNormalization, Softmax/LogSoftmax
// (including the flattening semantics before opset 13) and the Reduce* ops
// (axes as attribute or input, by opset).
//
//===----------------------------------------------------------------------===//

#include "ImporterContext.h"

using namespace mlir;
using namespace strata;
using namespace strata::onnx_import;

namespace {

LogicalResult importMatMul(NodeContext &ctx) {
  Value a = ctx.input(0), b = ctx.input(1);
  if (!a || !b)
    return failure();
  Value r = ctx.create<graph::MatmulOp>(a, b);
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

LogicalResult importGemm(NodeContext &ctx) {
  Value a = ctx.input(0), b = ctx.input(1);
  if (!a || !b)
    return failure();
  Value c;
  if (ctx.hasInput(2) && !(c = ctx.input(2)))
    return failure();
  Builder &bld = ctx.b;
  Value r = ctx.create<graph::GemmOp>(
      a, b, c, bld.getF64FloatAttr(ctx.floatAttr("alpha", 1.0f)),
      bld.getF64FloatAttr(ctx.floatAttr("beta", 1.0f)),
      bld.getBoolAttr(ctx.intAttr("transA", 0) != 0),
      bld.getBoolAttr(ctx.intAttr("transB", 0) != 0));
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

/// Window attributes shared by Conv and the pools, with auto_pad resolved
/// into explicit pads.
struct Window {
  SmallVector<int64_t> kernel, strides, dilations, pads;
};

FailureOr<Window> readWindow(NodeContext &ctx, Value input,
                             SmallVector<int64_t> kernel) {
  auto type = llvm::dyn_cast<RankedTensorType>(input.getType());
  if (!type || type.getRank() < 3)
    return ctx.error("expects an input of rank >= 3 (N x C x spatial)");
  size_t k = type.getRank() - 2;
  if (kernel.size() != k)
    return ctx.error("kernel_shape has " + llvm::Twine(kernel.size()) +
                     " entries, the input has " + llvm::Twine(k) +
                     " spatial dims");
  Window w;
  w.kernel = kernel;
  w.strides = ctx.intsAttr("strides");
  if (w.strides.empty())
    w.strides.assign(k, 1);
  w.dilations = ctx.intsAttr("dilations");
  if (w.dilations.empty())
    w.dilations.assign(k, 1);
  if (w.strides.size() != k || w.dilations.size() != k)
    return ctx.error("strides and dilations need one entry per spatial dim");

  std::string autoPad = ctx.stringAttr("auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    w.pads = ctx.intsAttr("pads");
    if (w.pads.empty())
      w.pads.assign(2 * k, 0);
  } else if (autoPad == "VALID") {
    w.pads.assign(2 * k, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    w.pads.assign(2 * k, 0);
    for (size_t i = 0; i < k; ++i) {
      int64_t in = type.getDimSize(2 + i);
      if (ShapedType::isDynamic(in))
        return ctx.unsupported("auto_pad '" + autoPad +
                               "' with a dynamic spatial dim is not supported");
      int64_t stride = w.strides[i];
      if (stride <= 0)
        return ctx.error("strides must be positive");
      int64_t out = (in + stride - 1) / stride;
      int64_t total = std::max<int64_t>(
          0, (out - 1) * stride + (w.kernel[i] - 1) * w.dilations[i] + 1 - in);
      int64_t small = total / 2, large = total - small;
      w.pads[i] = autoPad == "SAME_UPPER" ? small : large;
      w.pads[i + k] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else {
    return ctx.unsupported("auto_pad '" + autoPad + "' is not supported");
  }
  return w;
}

LogicalResult importConv(NodeContext &ctx) {
  Value x = ctx.input(0), weight = ctx.input(1);
  if (!x || !weight)
    return failure();
  Value bias;
  if (ctx.hasInput(2) && !(bias = ctx.input(2)))
    return failure();
  SmallVector<int64_t> kernel = ctx.intsAttr("kernel_shape");
  if (kernel.empty()) {
    auto wType = llvm::cast<RankedTensorType>(weight.getType());
    kernel.assign(wType.getShape().begin() +
                      std::min<int64_t>(2, wType.getRank()),
                  wType.getShape().end());
  }
  FailureOr<Window> w = readWindow(ctx, x, kernel);
  if (failed(w))
    return failure();
  Value r = ctx.create<graph::ConvOp>(
      x, weight, bias, ctx.b.getDenseI64ArrayAttr(w->strides),
      ctx.b.getDenseI64ArrayAttr(w->dilations),
      ctx.b.getDenseI64ArrayAttr(w->pads),
      ctx.b.getI64IntegerAttr(ctx.intAttr("group", 1)));
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

template <typename OpTy> LogicalResult importPool(NodeContext &ctx) {
  constexpr bool isMax = std::is_same_v<OpTy, graph::MaxPoolOp>;
  if (isMax && ctx.hasOutput(1))
    return ctx.unsupported("the Indices output is not supported");
  if (isMax && ctx.intAttr("storage_order", 0) != 0)
    return ctx.unsupported("storage_order = 1 is not supported");
  Value x = ctx.input(0);
  if (!x)
    return failure();
  if (!ctx.hasAttr("kernel_shape"))
    return ctx.error("the kernel_shape attribute is required");
  FailureOr<Window> w = readWindow(ctx, x, ctx.intsAttr("kernel_shape"));
  if (failed(w))
    return failure();
  Builder &b = ctx.b;
  BoolAttr ceil = b.getBoolAttr(ctx.intAttr("ceil_mode", 0) != 0);
  Value r;
  if constexpr (isMax)
    r = ctx.create<graph::MaxPoolOp>(x, b.getDenseI64ArrayAttr(w->kernel),
                                     b.getDenseI64ArrayAttr(w->strides),
                                     b.getDenseI64ArrayAttr(w->dilations),
                                     b.getDenseI64ArrayAttr(w->pads), ceil);
  else
    r = ctx.create<graph::AvgPoolOp>(
        x, b.getDenseI64ArrayAttr(w->kernel),
        b.getDenseI64ArrayAttr(w->strides),
        b.getDenseI64ArrayAttr(w->dilations), b.getDenseI64ArrayAttr(w->pads),
        ceil, b.getBoolAttr(ctx.intAttr("count_include_pad", 0) != 0));
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

template <typename OpTy> LogicalResult importGlobalPool(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  Value r = ctx.create<OpTy>(x);
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

LogicalResult importBatchNorm(NodeContext &ctx) {
  if (ctx.intAttr("training_mode", 0) != 0)
    return ctx.unsupported("training_mode = 1 is not supported");
  for (unsigned i = 1; i < ctx.numOutputs(); ++i)
    if (ctx.hasOutput(i))
      return ctx.unsupported("the running statistics outputs (training) are "
                             "not supported");
  Value in[5];
  for (unsigned i = 0; i < 5; ++i)
    if (!(in[i] = ctx.input(i)))
      return failure();
  Value r = ctx.create<graph::BatchNormOp>(
      in[0], in[1], in[2], in[3], in[4],
      ctx.b.getF64FloatAttr(ctx.floatAttr("epsilon", 1e-5f)));
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

/// LayerNormalization; the optional Mean and InvStdDev outputs come from
/// graph.layer_norm_stats (in the input's element type, so f32 inputs only:
/// stash_type 1 asks for f32 statistics).
LogicalResult importLayerNorm(NodeContext &ctx) {
  bool wantStats = ctx.hasOutput(1) || ctx.hasOutput(2);
  if (wantStats && ctx.intAttr("stash_type", 1) != 1)
    return ctx.unsupported("stash_type other than 1 (float) is not supported");
  Value x = ctx.input(0), scale = ctx.input(1);
  if (!x || !scale)
    return failure();
  auto xType = llvm::cast<RankedTensorType>(x.getType());
  if (wantStats && !xType.getElementType().isF32())
    return ctx.unsupported(
        "the Mean and InvStdDev outputs of a non-f32 input are not "
        "supported");
  Value bias;
  if (ctx.hasInput(2) && !(bias = ctx.input(2)))
    return failure();
  IntegerAttr axis =
      ctx.b.getI64IntegerAttr(ctx.axisAttr("axis", -1, xType.getRank()));
  FloatAttr epsilon = ctx.b.getF64FloatAttr(ctx.floatAttr("epsilon", 1e-5f));
  if (ctx.hasOutput(0)) {
    Value r = ctx.create<graph::LayerNormOp>(x, scale, bias, axis, epsilon);
    if (!r)
      return failure();
    ctx.setOutput(0, r);
  }
  if (!wantStats)
    return success();
  Operation *stats =
      ctx.createMulti<graph::LayerNormStatsOp>(2, x, axis, epsilon);
  if (!stats)
    return failure();
  for (unsigned i : {1u, 2u})
    if (ctx.hasOutput(i))
      ctx.setOutput(i, stats->getResult(i - 1));
  return success();
}

/// InstanceNormalization: per instance and channel over the spatial dims,
/// `scale * (x - mean) / sqrt(var + epsilon) + bias`, composed of
/// reductions and arithmetic.
LogicalResult importInstanceNorm(NodeContext &ctx) {
  Value x = ctx.input(0), scale = ctx.input(1), bias = ctx.input(2);
  if (!x || !scale || !bias)
    return failure();
  auto type = llvm::cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  if (rank < 3)
    return ctx.error("expects an input of rank >= 3 (N x C x spatial)");
  if (!llvm::isa<FloatType>(type.getElementType()))
    return ctx.unsupported("only float inputs are supported");
  SmallVector<int64_t> axes, channelShape(rank - 1, 1);
  for (int64_t i = 2; i < rank; ++i)
    axes.push_back(i);
  channelShape[0] = -1;
  Builder &b = ctx.b;
  auto mean = [&](Value v) -> Value {
    return v ? ctx.create<graph::ReduceMeanOp>(v, b.getDenseI64ArrayAttr(axes),
                                               b.getBoolAttr(true))
             : Value();
  };
  auto perChannel = [&](Value v) -> Value {
    return ctx.create<graph::ReshapeOp>(v,
                                        b.getDenseI64ArrayAttr(channelShape));
  };
  Value mu = mean(x);
  Value centered = mu ? ctx.create<graph::SubOp>(x, mu) : Value();
  if (!centered)
    return failure();
  Value var = mean(ctx.create<graph::MulOp>(centered, centered));
  if (!var)
    return failure();
  Value eps = ctx.scalarConstant(type.getElementType(),
                                 ctx.floatAttr("epsilon", 1e-5f));
  Value shifted = ctx.create<graph::AddOp>(var, eps);
  if (!shifted)
    return failure();
  Value stddev = ctx.create<graph::SqrtOp>(shifted);
  if (!stddev)
    return failure();
  Value norm = ctx.create<graph::DivOp>(centered, stddev);
  Value scaled, scaleC = perChannel(scale), biasC = perChannel(bias);
  if (!norm || !scaleC || !biasC ||
      !(scaled = ctx.create<graph::MulOp>(norm, scaleC)))
    return failure();
  Value r = ctx.create<graph::AddOp>(scaled, biasC);
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

/// Softmax and LogSoftmax. From opset 13 they work along one axis; before,
/// the input is flattened to 2-D at `axis` (default 1), which is the same
/// as the last axis when `axis` is the last dim and otherwise goes through
/// reshapes.
template <typename OpTy> LogicalResult importSoftmax(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  auto type = llvm::cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  int64_t axis = ctx.intAttr("axis", ctx.opset >= 13 ? -1 : 1);
  if (axis < -rank || axis >= std::max<int64_t>(rank, 1))
    return ctx.error("axis " + llvm::Twine(axis) +
                     " is out of range for rank " + llvm::Twine(rank));
  if (axis < 0)
    axis += rank;
  if (ctx.opset >= 13 || axis == rank - 1) {
    Value r = ctx.create<OpTy>(
        x, ctx.b.getI64IntegerAttr(ctx.opset >= 13 ? axis : int64_t(-1)));
    if (!r)
      return failure();
    ctx.setOutput(0, r);
    return success();
  }
  // Flatten to [outer, inner], normalise the rows, restore the shape.
  ArrayRef<int64_t> shape = type.getShape();
  int64_t inner = shapeProduct(shape.drop_front(axis));
  if (inner < 0)
    return ctx.unsupported("opset < 13 semantics (flatten at axis " +
                           llvm::Twine(axis) +
                           ") need static dims from the axis on");
  SmallVector<int64_t> back(shape);
  int64_t dynamic = llvm::count_if(back, ShapedType::isDynamic);
  if (dynamic > 1)
    return ctx.unsupported("opset < 13 semantics (flatten at axis " +
                           llvm::Twine(axis) +
                           ") on more than one dynamic dim");
  for (int64_t &d : back)
    if (ShapedType::isDynamic(d))
      d = -1;
  Value flat = ctx.create<graph::ReshapeOp>(
      x, ctx.b.getDenseI64ArrayAttr({int64_t(-1), inner}));
  if (!flat)
    return failure();
  Value norm = ctx.create<OpTy>(flat, ctx.b.getI64IntegerAttr(-1));
  if (!norm)
    return failure();
  Value r =
      ctx.create<graph::ReshapeOp>(norm, ctx.b.getDenseI64ArrayAttr(back));
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

/// Reductions composed of an elementwise op before and/or after a sum.
enum class ReduceKind { Plain, L1, L2, SumSquare, LogSum, LogSumExp };

/// ReduceSum takes axes as an input from opset 13, the other reductions from
/// opset 18; before, `axes` is an attribute.
template <typename OpTy, int axesInputSince,
          ReduceKind kind = ReduceKind::Plain>
LogicalResult importReduce(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  SmallVector<int64_t> axes;
  bool noopWithEmptyAxes = false;
  if (ctx.opset >= axesInputSince) {
    noopWithEmptyAxes = ctx.intAttr("noop_with_empty_axes", 0) != 0;
    if (ctx.hasInput(1)) {
      FailureOr<SmallVector<int64_t>> in = ctx.intsInput(1, "axes");
      if (failed(in))
        return failure();
      axes = *in;
    }
  } else {
    axes = ctx.intsAttr("axes");
  }
  if (axes.empty() && noopWithEmptyAxes) {
    ctx.setOutput(0, x);
    return success();
  }
  Value in = x;
  if constexpr (kind == ReduceKind::L1)
    in = ctx.create<graph::AbsOp>(x);
  else if constexpr (kind == ReduceKind::L2 || kind == ReduceKind::SumSquare)
    in = ctx.create<graph::MulOp>(x, x);
  else if constexpr (kind == ReduceKind::LogSumExp)
    in = ctx.create<graph::ExpOp>(x);
  if (!in)
    return failure();
  Value r =
      ctx.create<OpTy>(in, ctx.b.getDenseI64ArrayAttr(axes),
                       ctx.b.getBoolAttr(ctx.intAttr("keepdims", 1) != 0));
  if (r && kind == ReduceKind::L2)
    r = ctx.create<graph::SqrtOp>(r);
  else if (r && (kind == ReduceKind::LogSum || kind == ReduceKind::LogSumExp))
    r = ctx.create<graph::LogOp>(r);
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

} // namespace

void strata::onnx_import::registerNNImporters(
    llvm::StringMap<NodeImporterFn> &t) {
  t["MatMul"] = importMatMul;
  t["Gemm"] = importGemm;
  t["Conv"] = importConv;
  registerConvTransposeImporter(t);
  registerLocalNormImporters(t);
  t["MaxPool"] = importPool<graph::MaxPoolOp>;
  t["AveragePool"] = importPool<graph::AvgPoolOp>;
  t["GlobalAveragePool"] = importGlobalPool<graph::GlobalAvgPoolOp>;
  t["GlobalMaxPool"] = importGlobalPool<graph::GlobalMaxPoolOp>;
  t["BatchNormalization"] = importBatchNorm;
  t["LayerNormalization"] = importLayerNorm;
  t["InstanceNormalization"] = importInstanceNorm;
  t["Softmax"] = importSoftmax<graph::SoftmaxOp>;
  t["LogSoftmax"] = importSoftmax<graph::LogSoftmaxOp>;
  t["ReduceSum"] = importReduce<graph::ReduceSumOp, 13>;
  t["ReduceMean"] = importReduce<graph::ReduceMeanOp, 18>;
  t["ReduceMax"] = importReduce<graph::ReduceMaxOp, 18>;
  t["ReduceMin"] = importReduce<graph::ReduceMinOp, 18>;
  t["ReduceProd"] = importReduce<graph::ReduceProdOp, 18>;
  t["ReduceL1"] = importReduce<graph::ReduceSumOp, 18, ReduceKind::L1>;
  t["ReduceL2"] = importReduce<graph::ReduceSumOp, 18, ReduceKind::L2>;
  t["ReduceSumSquare"] =
      importReduce<graph::ReduceSumOp, 18, ReduceKind::SumSquare>;
  t["ReduceLogSum"] = importReduce<graph::ReduceSumOp, 18, ReduceKind::LogSum>;
  t["ReduceLogSumExp"] =
      importReduce<graph::ReduceSumOp, 18, ReduceKind::LogSumExp>;
}
