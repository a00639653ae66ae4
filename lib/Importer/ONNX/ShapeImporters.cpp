//===- ShapeImporters.cpp - Data movement and constants -------------------===//
//
// Reshape, Transpose, Concat, Slice, Gather, Split, Pad, Expand,
// Squeeze/Unsqueeze, Flatten and Constant, in their attribute and input
// forms across opsets. Shape-computing ops whose results are not known at
// import time (Shape of a dynamic value, ...) are rejected here: the graph
// dialect has no op for them.
//
//===----------------------------------------------------------------------===//

#include "ImporterContext.h"

using namespace mlir;
using namespace strata;
using namespace strata::onnx_import;

namespace {

LogicalResult bind(NodeContext &ctx, Value r) {
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

/// Reshape: 0 copies the input dim (unless allowzero), -1 is inferred. A 0
/// that copies a dynamic dim becomes the -1 when there is none yet.
LogicalResult importReshape(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  FailureOr<SmallVector<int64_t>> shape = ctx.intsInput(1, "shape");
  if (failed(shape))
    return failure();
  bool allowZero = ctx.intAttr("allowzero", 0) != 0;
  auto type = llvm::cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> target(*shape);
  bool hasMinusOne = llvm::is_contained(target, -1);
  for (auto [i, d] : llvm::enumerate(target)) {
    if (d != 0 || allowZero)
      continue;
    if ((int64_t)i >= type.getRank())
      return ctx.error("shape entry " + llvm::Twine(i) +
                       " is 0 but the input has rank " +
                       llvm::Twine(type.getRank()));
    d = type.getDimSize(i);
    if (ShapedType::isDynamic(d)) {
      if (hasMinusOne)
        return ctx.unsupported("a target shape that depends on more than one "
                               "run-time dim is not supported");
      d = -1;
      hasMinusOne = true;
    }
  }
  return bind(
      ctx, ctx.create<graph::ReshapeOp>(x, ctx.b.getDenseI64ArrayAttr(target)));
}

LogicalResult importTranspose(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  SmallVector<int64_t> perm = ctx.intsAttr("perm");
  if (!ctx.hasAttr("perm")) {
    int64_t rank = llvm::cast<RankedTensorType>(x.getType()).getRank();
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  }
  return bind(
      ctx, ctx.create<graph::TransposeOp>(x, ctx.b.getDenseI64ArrayAttr(perm)));
}

LogicalResult importConcat(NodeContext &ctx) {
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < ctx.numInputs(); ++i) {
    Value v = ctx.input(i);
    if (!v)
      return failure();
    inputs.push_back(v);
  }
  if (!ctx.hasAttr("axis"))
    return ctx.error("the axis attribute is required");
  if (inputs.empty())
    return ctx.error("needs at least one input");
  int64_t rank = llvm::cast<RankedTensorType>(inputs[0].getType()).getRank();
  return bind(ctx, ctx.create<graph::ConcatOp>(
                       ValueRange(inputs),
                       ctx.b.getI64IntegerAttr(ctx.axisAttr("axis", 0, rank))));
}

LogicalResult importSlice(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (ctx.opset < 10) {
    starts = ctx.intsAttr("starts");
    ends = ctx.intsAttr("ends");
    axes = ctx.intsAttr("axes");
  } else {
    FailureOr<SmallVector<int64_t>> s = ctx.intsInput(1, "starts");
    if (failed(s))
      return failure();
    FailureOr<SmallVector<int64_t>> e = ctx.intsInput(2, "ends");
    if (failed(e))
      return failure();
    starts = *s;
    ends = *e;
    if (ctx.hasInput(3)) {
      FailureOr<SmallVector<int64_t>> a = ctx.intsInput(3, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
    if (ctx.hasInput(4)) {
      FailureOr<SmallVector<int64_t>> st = ctx.intsInput(4, "steps");
      if (failed(st))
        return failure();
      steps = *st;
    }
  }
  Builder &b = ctx.b;
  return bind(ctx, ctx.create<graph::SliceOp>(x, b.getDenseI64ArrayAttr(starts),
                                              b.getDenseI64ArrayAttr(ends),
                                              b.getDenseI64ArrayAttr(axes),
                                              b.getDenseI64ArrayAttr(steps)));
}

LogicalResult importGather(NodeContext &ctx) {
  Value data = ctx.input(0), indices = ctx.input(1);
  if (!data || !indices)
    return failure();
  return bind(
      ctx, ctx.create<graph::GatherOp>(
               data, indices,
               ctx.b.getI64IntegerAttr(ctx.axisAttr(
                   "axis", 0,
                   llvm::cast<RankedTensorType>(data.getType()).getRank()))));
}

LogicalResult importSplit(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  auto type = llvm::cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  int64_t axis = ctx.intAttr("axis", 0);
  if (axis < -rank || axis >= rank)
    return ctx.error("axis " + llvm::Twine(axis) + " is out of range");
  if (axis < 0)
    axis += rank;
  unsigned n = ctx.numOutputs();
  SmallVector<int64_t> sizes;
  if (ctx.opset < 13) {
    sizes = ctx.intsAttr("split");
  } else if (ctx.hasInput(1)) {
    FailureOr<SmallVector<int64_t>> s = ctx.intsInput(1, "split");
    if (failed(s))
      return failure();
    sizes = *s;
  }
  if (sizes.empty()) {
    int64_t dim = type.getDimSize(axis);
    if (ShapedType::isDynamic(dim))
      return ctx.unsupported("an equal split of a dynamic dim is not "
                             "supported");
    if (ctx.hasAttr("num_outputs"))
      n = ctx.intAttr("num_outputs", n);
    if (n == 0)
      return ctx.error("has no outputs");
    // Equal pieces; from opset 18 the last one may be smaller.
    int64_t piece = (dim + n - 1) / n;
    if (ctx.opset < 18 && dim % n != 0)
      return ctx.error("dim " + llvm::Twine(dim) + " does not split into " +
                       llvm::Twine(n) + " equal pieces");
    for (unsigned i = 0; i < n; ++i)
      sizes.push_back(std::min(piece, dim - piece * i));
  }
  if (sizes.size() != n)
    return ctx.error("has " + llvm::Twine(n) + " outputs but " +
                     llvm::Twine(sizes.size()) + " split sizes");
  Operation *op = ctx.createMulti<graph::SplitOp>(
      n, x, ctx.b.getI64IntegerAttr(axis), ctx.b.getDenseI64ArrayAttr(sizes));
  if (!op)
    return failure();
  for (unsigned i = 0; i < n; ++i)
    ctx.setOutput(i, op->getResult(i));
  return success();
}

LogicalResult importPad(NodeContext &ctx) {
  std::string mode = ctx.stringAttr("mode", "constant");
  graph::PadMode padMode;
  if (mode == "constant")
    padMode = graph::PadMode::constant;
  else if (mode == "reflect")
    padMode = graph::PadMode::reflect;
  else if (mode == "edge")
    padMode = graph::PadMode::edge;
  else
    return ctx.unsupported("mode '" + mode + "' is not supported");
  Value x = ctx.input(0);
  if (!x)
    return failure();
  int64_t rank = llvm::cast<RankedTensorType>(x.getType()).getRank();
  SmallVector<int64_t> pads;
  double value = 0.0;
  if (ctx.opset < 11) {
    pads = ctx.intsAttr("pads");
    value = ctx.floatAttr("value", 0.0f);
  } else {
    FailureOr<SmallVector<int64_t>> p = ctx.intsInput(1, "pads");
    if (failed(p))
      return failure();
    pads = *p;
    if (ctx.hasInput(2)) {
      FailureOr<double> v = ctx.scalarInput(2, "constant_value");
      if (failed(v))
        return failure();
      value = *v;
    }
    if (ctx.hasInput(3)) {
      // Opset 18: pads only for the listed axes.
      FailureOr<SmallVector<int64_t>> axes = ctx.intsInput(3, "axes");
      if (failed(axes))
        return failure();
      size_t k = axes->size();
      if (pads.size() != 2 * k)
        return ctx.error("pads must have 2 entries per axis");
      SmallVector<int64_t> full(2 * rank, 0);
      for (size_t i = 0; i < k; ++i) {
        int64_t a = (*axes)[i] < 0 ? (*axes)[i] + rank : (*axes)[i];
        if (a < 0 || a >= rank)
          return ctx.error("axis " + llvm::Twine((*axes)[i]) +
                           " is out of range");
        full[a] = pads[i];
        full[a + rank] = pads[i + k];
      }
      pads = full;
    }
  }
  return bind(ctx, ctx.create<graph::PadOp>(
                       x, ctx.b.getDenseI64ArrayAttr(pads),
                       graph::PadModeAttr::get(ctx.b.getContext(), padMode),
                       ctx.b.getF64FloatAttr(value)));
}

LogicalResult importExpand(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  FailureOr<SmallVector<int64_t>> shape = ctx.intsInput(1, "shape");
  if (failed(shape))
    return failure();
  return bind(
      ctx, ctx.create<graph::ExpandOp>(x, ctx.b.getDenseI64ArrayAttr(*shape)));
}

/// Squeeze/Unsqueeze: `axes` is an attribute before opset 13, an input
/// from 13 (optional for Squeeze).
FailureOr<SmallVector<int64_t>> squeezeAxes(NodeContext &ctx) {
  if (ctx.opset < 13)
    return ctx.intsAttr("axes");
  if (!ctx.hasInput(1))
    return SmallVector<int64_t>();
  return ctx.intsInput(1, "axes");
}

LogicalResult importSqueeze(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  FailureOr<SmallVector<int64_t>> axes = squeezeAxes(ctx);
  if (failed(axes))
    return failure();
  return bind(
      ctx, ctx.create<graph::SqueezeOp>(x, ctx.b.getDenseI64ArrayAttr(*axes)));
}

LogicalResult importUnsqueeze(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  if (ctx.opset >= 13 && !ctx.hasInput(1))
    return ctx.error("the axes input is required");
  FailureOr<SmallVector<int64_t>> axes = squeezeAxes(ctx);
  if (failed(axes))
    return failure();
  return bind(ctx, ctx.create<graph::UnsqueezeOp>(
                       x, ctx.b.getDenseI64ArrayAttr(*axes)));
}

LogicalResult importFlatten(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  return bind(
      ctx, ctx.create<graph::FlattenOp>(
               x, ctx.b.getI64IntegerAttr(ctx.axisAttr(
                      "axis", 1,
                      llvm::cast<RankedTensorType>(x.getType()).getRank()))));
}

/// Constant in all its value_* forms. Small values stay known at import
/// time (so shape subgraphs can use them); large ones become weights.
LogicalResult importConstant(NodeContext &ctx) {
  if (ctx.node.attribute_size() != 1)
    return ctx.error("expects exactly one value attribute");
  const onnx::AttributeProto &a = ctx.node.attribute(0);
  const std::string &kind = a.name();
  Builder &b = ctx.b;
  ConstTensor c;
  if (kind == "value") {
    SmallVector<int64_t> dims(a.t().dims().begin(), a.t().dims().end());
    int64_t n = shapeProduct(dims);
    Type elementType = convertDataType(a.t().data_type(), b.getContext());
    bool small = n >= 0 && elementType &&
                 (n <= 64 || (!llvm::isa<FloatType>(elementType) && n <= 4096));
    // Unnamed values are named (in diagnostics and resource keys) after
    // the node's output.
    onnx::TensorProto named;
    const onnx::TensorProto *tensor = &a.t();
    if (tensor->name().empty() && ctx.hasOutput(0)) {
      named = *tensor;
      named.set_name(ctx.node.output(0));
      tensor = &named;
    }
    FailureOr<ElementsAttr> attr = convertTensor(*tensor, ctx.graph.baseDir,
                                                 ctx.loc, /*forceDense=*/small);
    if (failed(attr))
      return failure();
    if (auto dense = llvm::dyn_cast<DenseElementsAttr>(*attr); dense && small) {
      ctx.setConstOutput(0, ConstTensor::fromAttr(dense));
      return success();
    }
    Value v = graph::ConstantOp::create(ctx.b, ctx.loc, *attr);
    ctx.setOutput(0, v);
    return success();
  }
  if (kind == "value_float" || kind == "value_floats") {
    c.elementType = b.getF32Type();
    if (kind == "value_float") {
      c.pushFloat(a.f());
    } else {
      c.shape.push_back(a.floats_size());
      for (float f : a.floats())
        c.pushFloat(f);
    }
  } else if (kind == "value_int" || kind == "value_ints") {
    c.elementType = b.getI64Type();
    if (kind == "value_int") {
      c.pushInt(a.i());
    } else {
      c.shape.push_back(a.ints_size());
      for (int64_t i : a.ints())
        c.pushInt(i);
    }
  } else {
    return ctx.unsupported("attribute '" + kind + "' is not supported");
  }
  ctx.setConstOutput(0, std::move(c));
  return success();
}

/// Ops that only exist for shape computations: when tryEvaluateNode could
/// not evaluate them, their inputs were not known at import time.
LogicalResult importShapeOnly(NodeContext &ctx) {
  if (ctx.opType() == "Shape" || ctx.opType() == "Size")
    return ctx.unsupported("the input shape is not static, and the graph "
                           "dialect has no op for run-time shapes (pin the "
                           "graph input shapes with --onnx-input-shape)");
  return ctx.unsupported("its inputs are not constants known at import "
                         "time, and the graph dialect has no op for it");
}

} // namespace

void strata::onnx_import::registerShapeImporters(
    llvm::StringMap<NodeImporterFn> &t) {
  t["Reshape"] = importReshape;
  t["Transpose"] = importTranspose;
  t["Concat"] = importConcat;
  t["Slice"] = importSlice;
  t["Gather"] = importGather;
  t["Split"] = importSplit;
  t["Pad"] = importPad;
  t["Expand"] = importExpand;
  t["Squeeze"] = importSqueeze;
  t["Unsqueeze"] = importUnsqueeze;
  t["Flatten"] = importFlatten;
  t["Constant"] = importConstant;
  for (const char *op : {"Shape", "Size", "ConstantOfShape", "Range"})
    t[op] = importShapeOnly;
}
