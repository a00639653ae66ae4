//===- NDIndexImporters.cpp - Ops whose indices are computed --------------===//
//
// Decompositions into existing graph ops of ops that compute the positions
// they read or write:
// - GatherND: the index tuples become one linear index (plus the batch
//   offset) into the data reshaped to (batch * indexed dims) x rest; gather.
// - ScatterND: the same linear index, expanded over the rest of the data
//   reshaped to 2-D; scatter_elements along axis 0 (updates in row-major
//   order, so repeated indices behave as ONNX specifies); reshape back.
// - TopK: the rank of every element along the axis is the number of
//   elements that beat it (ties: the lower index wins), by comparing all
//   pairs; position p takes the element of rank p. O(n^2) along the axis.
// - ReverseSequence: gather_elements along the time axis with the source
//   index `len - 1 - t` where `t < len`.
//
//===----------------------------------------------------------------------===//

#include "ImporterContext.h"

using namespace mlir;
using namespace strata;
using namespace strata::onnx_import;

namespace {

ArrayRef<int64_t> shapeOf(Value v) {
  return llvm::cast<RankedTensorType>(v.getType()).getShape();
}

bool isStatic(Value v) {
  return llvm::cast<RankedTensorType>(v.getType()).hasStaticShape();
}

DenseI64ArrayAttr ints(NodeContext &ctx, ArrayRef<int64_t> v) {
  return ctx.b.getDenseI64ArrayAttr(v);
}

/// An i64 (or i1) constant of `shape` with `values` in row-major order.
Value constI64(NodeContext &ctx, ArrayRef<int64_t> shape,
               ArrayRef<int64_t> values, bool boolean = false) {
  ConstTensor c;
  c.elementType = boolean ? ctx.b.getI1Type() : ctx.b.getI64Type();
  c.shape.assign(shape.begin(), shape.end());
  for (int64_t v : values)
    c.pushInt(v);
  return ctx.constant(c);
}

/// 0 .. n-1 along `axis` of a rank-`rank` tensor whose other dims are 1.
Value iota(NodeContext &ctx, int64_t rank, int64_t axis, int64_t n) {
  SmallVector<int64_t> shape(rank, 1), values;
  shape[axis] = n;
  for (int64_t i = 0; i < n; ++i)
    values.push_back(i);
  return constI64(ctx, shape, values);
}

/// `v` cast to i64 when it is not.
Value toI64(NodeContext &ctx, Value v) {
  if (!v)
    return v;
  Type i64 = ctx.b.getI64Type();
  if (llvm::cast<RankedTensorType>(v.getType()).getElementType() == i64)
    return v;
  return ctx.create<graph::CastOp>(v, i64);
}

/// The static shape of output `i` from the model's value_info, if any.
std::optional<SmallVector<int64_t>> declaredShape(NodeContext &ctx,
                                                  unsigned i) {
  const onnx::TypeProto *type = ctx.graph.valueInfo.lookup(ctx.node.output(i));
  if (!type || !type->has_tensor_type() || !type->tensor_type().has_shape())
    return std::nullopt;
  SmallVector<int64_t> shape;
  for (const auto &dim : type->tensor_type().shape().dim()) {
    if (!dim.has_dim_value())
      return std::nullopt;
    shape.push_back(dim.dim_value());
  }
  return shape;
}

/// The linear index (row-major over data dims first .. first + k - 1) of
/// the index tuples in the last dim of `indices`, negative entries wrapped.
Value linearIndex(NodeContext &ctx, Value indices, ArrayRef<int64_t> dims,
                  int64_t first, int64_t k) {
  int64_t q = shapeOf(indices).size();
  Value lin;
  int64_t stride = 1;
  for (int64_t j = k - 1; j >= 0; --j) {
    Value c =
        ctx.create<graph::SliceOp>(indices, ints(ctx, {j}), ints(ctx, {j + 1}),
                                   ints(ctx, {q - 1}), ints(ctx, {1}));
    if (!c || !(c = ctx.create<graph::SqueezeOp>(c, ints(ctx, {q - 1}))) ||
        !(c = toI64(ctx, c)))
      return {};
    int64_t dim = dims[first + j];
    Type i64 = ctx.b.getI64Type();
    Value negative = ctx.create<graph::CompareOp>(
        graph::CompareDirection::lt, c, ctx.scalarConstant(i64, 0));
    Value wrapped = ctx.create<graph::AddOp>(c, ctx.scalarConstant(i64, dim));
    if (!negative || !wrapped ||
        !(c = ctx.create<graph::WhereOp>(negative, wrapped, c)))
      return {};
    if (stride != 1 &&
        !(c = ctx.create<graph::MulOp>(c, ctx.scalarConstant(i64, stride))))
      return {};
    lin = lin ? ctx.create<graph::AddOp>(lin, c) : c;
    if (!lin)
      return {};
    stride *= dim;
  }
  return lin;
}

LogicalResult importGatherND(NodeContext &ctx) {
  Value data = ctx.input(0), indices = ctx.input(1);
  if (!data || !indices)
    return failure();
  if (!isStatic(data) || !isStatic(indices))
    return ctx.unsupported("needs static data and indices shapes");
  ArrayRef<int64_t> d = shapeOf(data), in = shapeOf(indices);
  int64_t r = d.size(), q = in.size(), b = ctx.intAttr("batch_dims", 0);
  if (q < 1 || b < 0 || b >= q || b >= r)
    return ctx.error("batch_dims must be less than both ranks");
  int64_t k = in.back();
  if (k < 1 || b + k > r)
    return ctx.error("the index tuples are longer than the data rank");
  for (int64_t t = 0; t < b; ++t)
    if (in[t] != d[t])
      return ctx.error("the batch dims of data and indices differ");
  Value lin = linearIndex(ctx, indices, d, b, k);
  if (!lin)
    return failure();
  int64_t inner = 1, batch = 1;
  for (int64_t t = b; t < b + k; ++t)
    inner *= d[t];
  for (int64_t t = 0; t < b; ++t)
    batch *= d[t];
  if (b > 0) {
    // Offset of each batch position: its row-major number times `inner`.
    SmallVector<int64_t> shape(in.begin(), in.begin() + b), values;
    shape.resize(q - 1, 1);
    for (int64_t i = 0; i < batch; ++i)
      values.push_back(i * inner);
    lin = ctx.create<graph::AddOp>(lin, constI64(ctx, shape, values));
    if (!lin)
      return failure();
  }
  SmallVector<int64_t> flat{batch * inner};
  flat.append(d.begin() + b + k, d.end());
  Value data2 = ctx.create<graph::ReshapeOp>(data, ints(ctx, flat));
  if (!data2)
    return failure();
  Value r2 =
      ctx.create<graph::GatherOp>(data2, lin, ctx.b.getI64IntegerAttr(0));
  if (!r2)
    return failure();
  ctx.setOutput(0, r2);
  return success();
}

LogicalResult importScatterND(NodeContext &ctx) {
  Value data = ctx.input(0), indices = ctx.input(1), updates = ctx.input(2);
  if (!data || !indices || !updates)
    return failure();
  if (!isStatic(data) || !isStatic(indices) || !isStatic(updates))
    return ctx.unsupported("needs static shapes");
  std::string reduction = ctx.stringAttr("reduction", "none");
  std::optional<graph::ScatterReduction> kind =
      graph::symbolizeScatterReduction(reduction);
  if (!kind)
    return ctx.unsupported("reduction '" + reduction + "' is not supported");
  ArrayRef<int64_t> d = shapeOf(data), in = shapeOf(indices);
  int64_t r = d.size(), q = in.size();
  int64_t k = q ? in.back() : 0;
  if (q < 1 || k < 1 || k > r)
    return ctx.error("the index tuples must have 1 to rank(data) entries");
  Value lin = linearIndex(ctx, indices, d, 0, k);
  if (!lin)
    return failure();
  int64_t rows = 1, cols = 1, m = 1;
  for (int64_t t = 0; t < k; ++t)
    rows *= d[t];
  for (int64_t t = k; t < r; ++t)
    cols *= d[t];
  for (int64_t t = 0; t + 1 < q; ++t)
    m *= in[t];
  Value data2 = ctx.create<graph::ReshapeOp>(data, ints(ctx, {rows, cols}));
  Value upd2 = ctx.create<graph::ReshapeOp>(updates, ints(ctx, {m, cols}));
  Value idx = ctx.create<graph::ReshapeOp>(lin, ints(ctx, {m, 1}));
  if (!data2 || !upd2 || !idx ||
      !(idx = ctx.create<graph::ExpandOp>(idx, ints(ctx, {m, cols}))))
    return failure();
  Value s = ctx.create<graph::ScatterElementsOp>(
      data2, idx, upd2, ctx.b.getI64IntegerAttr(0),
      graph::ScatterReductionAttr::get(ctx.b.getContext(), *kind));
  if (!s || !(s = ctx.create<graph::ReshapeOp>(s, ints(ctx, d))))
    return failure();
  ctx.setOutput(0, s);
  return success();
}

LogicalResult importTopK(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  if (!isStatic(x))
    return ctx.unsupported("needs a static input shape");
  ArrayRef<int64_t> s = shapeOf(x);
  int64_t rank = s.size();
  int64_t axis = ctx.axisAttr("axis", -1, rank);
  if (axis < 0 || axis >= rank)
    return ctx.error("axis is out of range");
  int64_t n = s[axis], k;
  if (ctx.opset < 10) {
    k = ctx.intAttr("k", 0);
  } else if (const ConstTensor *c = ctx.constInput(1)) {
    k = c->getInt(0);
  } else if (std::optional<SmallVector<int64_t>> out = declaredShape(ctx, 0)) {
    if (static_cast<int64_t>(out->size()) != rank)
      return ctx.error("the declared output rank differs from the input's");
    k = (*out)[axis];
  } else {
    return ctx.unsupported("k is not known at import time and the output "
                           "has no static declared shape");
  }
  if (k < 0 || k > n)
    return ctx.error("k must be in [0, " + llvm::Twine(n) + "]");
  bool largest = ctx.intAttr("largest", 1) != 0;
  // Work along the last dim.
  SmallVector<int64_t> perm;
  for (int64_t i = 0; i < rank; ++i)
    perm.push_back(i);
  std::swap(perm[axis], perm[rank - 1]);
  bool moved = axis != rank - 1;
  Value xt = moved ? ctx.create<graph::TransposeOp>(x, ints(ctx, perm)) : x;
  if (!xt)
    return failure();
  // Element i is beaten by j when x_j is better, or equal with j < i.
  Value xi = ctx.create<graph::UnsqueezeOp>(xt, ints(ctx, {rank}));
  Value xj = ctx.create<graph::UnsqueezeOp>(xt, ints(ctx, {rank - 1}));
  if (!xi || !xj)
    return failure();
  Value better = ctx.create<graph::CompareOp>(
      largest ? graph::CompareDirection::gt : graph::CompareDirection::lt, xj,
      xi);
  Value equal =
      ctx.create<graph::CompareOp>(graph::CompareDirection::eq, xj, xi);
  SmallVector<int64_t> before;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j)
      before.push_back(j < i);
  Value tie =
      equal
          ? ctx.create<graph::AndOp>(equal, constI64(ctx, {n, n}, before, true))
          : Value();
  Value beaten = better && tie ? ctx.create<graph::OrOp>(better, tie) : Value();
  Value rankOf = toI64(ctx, beaten);
  if (!rankOf || !(rankOf = ctx.create<graph::ReduceSumOp>(
                       rankOf, ints(ctx, {rank}), ctx.b.getBoolAttr(false))))
    return failure();
  // Position p takes the element i of rank p.
  Value ranks = ctx.create<graph::UnsqueezeOp>(rankOf, ints(ctx, {rank}));
  Value pick =
      ranks ? ctx.create<graph::CompareOp>(graph::CompareDirection::eq, ranks,
                                           iota(ctx, rank + 1, rank, k))
            : Value();
  Value index = pick ? ctx.create<graph::WhereOp>(
                           pick, iota(ctx, rank + 1, rank - 1, n),
                           ctx.scalarConstant(ctx.b.getI64Type(), 0))
                     : Value();
  if (!index || !(index = ctx.create<graph::ReduceSumOp>(
                      index, ints(ctx, {rank - 1}), ctx.b.getBoolAttr(false))))
    return failure();
  Value values = ctx.create<graph::GatherElementsOp>(
      xt, index, ctx.b.getI64IntegerAttr(rank - 1));
  if (!values)
    return failure();
  if (moved) {
    values = ctx.create<graph::TransposeOp>(values, ints(ctx, perm));
    index = ctx.create<graph::TransposeOp>(index, ints(ctx, perm));
    if (!values || !index)
      return failure();
  }
  ctx.setOutput(0, values);
  if (ctx.hasOutput(1))
    ctx.setOutput(1, index);
  return success();
}

LogicalResult importReverseSequence(NodeContext &ctx) {
  Value x = ctx.input(0), lens = ctx.input(1);
  if (!x || !lens)
    return failure();
  if (!isStatic(x))
    return ctx.unsupported("needs a static input shape");
  ArrayRef<int64_t> s = shapeOf(x);
  int64_t rank = s.size();
  int64_t timeAxis = ctx.intAttr("time_axis", 0);
  int64_t batchAxis = ctx.intAttr("batch_axis", 1);
  if (rank < 2 || timeAxis < 0 || timeAxis > 1 || batchAxis < 0 ||
      batchAxis > 1 || timeAxis == batchAxis)
    return ctx.error("time_axis and batch_axis must be 0 and 1 in some order "
                     "of a rank >= 2 input");
  SmallVector<int64_t> lenShape(rank, 1);
  lenShape[batchAxis] = s[batchAxis];
  Value len = toI64(ctx, lens);
  if (!len || !(len = ctx.create<graph::ReshapeOp>(len, ints(ctx, lenShape))))
    return failure();
  Value t = iota(ctx, rank, timeAxis, s[timeAxis]);
  Type i64 = ctx.b.getI64Type();
  Value inside =
      ctx.create<graph::CompareOp>(graph::CompareDirection::lt, t, len);
  Value last = ctx.create<graph::SubOp>(len, ctx.scalarConstant(i64, 1));
  Value reversed = last ? ctx.create<graph::SubOp>(last, t) : Value();
  Value src = inside && reversed
                  ? ctx.create<graph::WhereOp>(inside, reversed, t)
                  : Value();
  if (!src || !(src = ctx.create<graph::ExpandOp>(src, ints(ctx, s))))
    return failure();
  Value r = ctx.create<graph::GatherElementsOp>(
      x, src, ctx.b.getI64IntegerAttr(timeAxis));
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

} // namespace

void strata::onnx_import::registerNDIndexImporters(
    llvm::StringMap<NodeImporterFn> &t) {
  t["GatherND"] = importGatherND;
  t["ScatterND"] = importScatterND;
  t["TopK"] = importTopK;
  t["ReverseSequence"] = importReverseSequence;
}
