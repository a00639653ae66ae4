//===- ShapeEvaluator.cpp - Import-time evaluation of shape subgraphs -----===//
//
// Exporters (PyTorch above all) compute reshape targets, slice bounds and
// masks with chains like Shape -> Gather -> Unsqueeze -> Concat -> Reshape,
// ConstantOfShape, Range, Equal/Where and Cast on int64 tensors. When every
// input such a node needs is known (Shape only needs a static input shape),
// the node is evaluated here on small tensors and its outputs become
// constants known at import time, so consumers get literals.
//
//===----------------------------------------------------------------------===//

#include "ImporterContext.h"

#include "llvm/ADT/StringSet.h"

#include <cmath>

using namespace mlir;
using namespace strata;
using namespace strata::onnx_import;

namespace {

/// Results larger than this are not evaluated (splats excepted).
constexpr int64_t kMaxElements = 1 << 16;

using Result = std::optional<ConstTensor>;

ConstTensor makeTensor(Type elementType, ArrayRef<int64_t> shape) {
  ConstTensor c;
  c.elementType = elementType;
  c.shape.assign(shape.begin(), shape.end());
  return c;
}

/// Copies element `i` of `from` into `to` (same element type).
void pushElement(ConstTensor &to, const ConstTensor &from, int64_t i) {
  if (from.isFloat())
    to.pushFloat(from.getFloat(i));
  else
    to.pushInt(from.getInt(i));
}

/// Numpy broadcast of two static shapes.
std::optional<SmallVector<int64_t>> broadcast(ArrayRef<int64_t> a,
                                              ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      return std::nullopt;
    out[i] = da == 1 ? db : da;
  }
  return out;
}

/// The row-major index into `in` of element `linear` of the broadcast
/// result shape `out`.
int64_t broadcastIndex(ArrayRef<int64_t> out, ArrayRef<int64_t> in,
                       int64_t linear) {
  int64_t index = 0, stride = 1;
  for (int64_t i = out.size() - 1, j = in.size() - 1; j >= 0; --i, --j) {
    int64_t coord = linear % out[i];
    linear /= out[i];
    if (in[j] != 1)
      index += coord * stride;
    stride *= in[j];
  }
  return index;
}

int64_t normalizeAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

std::optional<SmallVector<int64_t>> intsOf(const ConstTensor *c) {
  if (!c || c->numElements() > kMaxElements)
    return std::nullopt;
  SmallVector<int64_t> v;
  for (int64_t i = 0, e = c->numElements(); i < e; ++i)
    v.push_back(c->getInt(i));
  return v;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

Result evalBinary(llvm::StringRef op, const ConstTensor &a,
                  const ConstTensor &b) {
  if (a.elementType != b.elementType)
    return std::nullopt;
  auto shape = broadcast(a.shape, b.shape);
  if (!shape)
    return std::nullopt;
  bool compare = op == "Equal" || op == "Less" || op == "Greater" ||
                 op == "LessOrEqual" || op == "GreaterOrEqual";
  bool logical = op == "And" || op == "Or";
  if (shapeProduct(*shape) > kMaxElements)
    return std::nullopt;
  ConstTensor r = makeTensor(
      compare ? IntegerType::get(a.elementType.getContext(), 1) : a.elementType,
      *shape);
  int64_t n = r.numElements();
  for (int64_t i = 0; i < n; ++i) {
    int64_t ia = broadcastIndex(*shape, a.shape, i);
    int64_t ib = broadcastIndex(*shape, b.shape, i);
    if (a.isFloat()) {
      double x = a.getFloat(ia), y = b.getFloat(ib);
      if (compare) {
        bool v = op == "Equal"         ? x == y
                 : op == "Less"        ? x < y
                 : op == "Greater"     ? x > y
                 : op == "LessOrEqual" ? x <= y
                                       : x >= y;
        r.pushInt(v);
        continue;
      }
      double v = op == "Add"   ? x + y
                 : op == "Sub" ? x - y
                 : op == "Mul" ? x * y
                 : op == "Div" ? x / y
                 : op == "Pow" ? std::pow(x, y)
                 : op == "Max" ? std::max(x, y)
                 : op == "Min" ? std::min(x, y)
                               : NAN;
      r.pushFloat(v);
      continue;
    }
    int64_t x = a.getInt(ia), y = b.getInt(ib);
    if (compare) {
      bool v = op == "Equal"         ? x == y
               : op == "Less"        ? x < y
               : op == "Greater"     ? x > y
               : op == "LessOrEqual" ? x <= y
                                     : x >= y;
      r.pushInt(v);
      continue;
    }
    if (logical) {
      r.pushInt(op == "And" ? (x && y) : (x || y));
      continue;
    }
    if ((op == "Div" || op == "Mod") && y == 0)
      return std::nullopt;
    int64_t v;
    if (op == "Add")
      v = static_cast<int64_t>(static_cast<uint64_t>(x) +
                               static_cast<uint64_t>(y));
    else if (op == "Sub")
      v = static_cast<int64_t>(static_cast<uint64_t>(x) -
                               static_cast<uint64_t>(y));
    else if (op == "Mul")
      v = static_cast<int64_t>(static_cast<uint64_t>(x) *
                               static_cast<uint64_t>(y));
    else if (op == "Div")
      v = (x == INT64_MIN && y == -1) ? x : x / y;
    else if (op == "Max")
      v = std::max(x, y);
    else if (op == "Min")
      v = std::min(x, y);
    else
      return std::nullopt;
    r.pushInt(v);
  }
  return r;
}

Result evalUnary(llvm::StringRef op, const ConstTensor &a) {
  ConstTensor r = makeTensor(a.elementType, a.shape);
  for (int64_t i = 0, n = a.numElements(); i < n; ++i) {
    if (op == "Not") {
      r.pushInt(a.getInt(i) == 0);
    } else if (a.isFloat()) {
      double x = a.getFloat(i);
      r.pushFloat(op == "Neg" ? -x : std::fabs(x));
    } else {
      int64_t x = a.getInt(i);
      r.pushInt(op == "Neg" ? -x : (x < 0 ? -x : x));
    }
  }
  return r;
}

Result evalCast(const ConstTensor &a, Type to) {
  ConstTensor r = makeTensor(to, a.shape);
  bool toFloat = llvm::isa<FloatType>(to);
  for (int64_t i = 0, n = a.numElements(); i < n; ++i) {
    if (toFloat || a.isFloat())
      r.pushFloat(a.getFloat(i));
    else
      r.pushInt(a.getInt(i));
  }
  return r;
}

Result evalWhere(const ConstTensor &c, const ConstTensor &x,
                 const ConstTensor &y) {
  if (x.elementType != y.elementType)
    return std::nullopt;
  auto s1 = broadcast(c.shape, x.shape);
  if (!s1)
    return std::nullopt;
  auto shape = broadcast(*s1, y.shape);
  if (!shape || shapeProduct(*shape) > kMaxElements)
    return std::nullopt;
  ConstTensor r = makeTensor(x.elementType, *shape);
  for (int64_t i = 0, n = r.numElements(); i < n; ++i) {
    bool cond = c.getInt(broadcastIndex(*shape, c.shape, i)) != 0;
    const ConstTensor &src = cond ? x : y;
    pushElement(r, src, broadcastIndex(*shape, src.shape, i));
  }
  return r;
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

/// Selects, per dim, the listed indices (cartesian product, row-major).
ConstTensor selectIndices(const ConstTensor &a,
                          ArrayRef<SmallVector<int64_t>> perDim) {
  SmallVector<int64_t> shape;
  for (const auto &idx : perDim)
    shape.push_back(idx.size());
  ConstTensor r = makeTensor(a.elementType, shape);
  int64_t n = r.numElements();
  SmallVector<int64_t> strides(a.shape.size(), 1);
  for (int64_t i = (int64_t)a.shape.size() - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * a.shape[i + 1];
  for (int64_t linear = 0; linear < n; ++linear) {
    int64_t rest = linear, src = 0;
    for (int64_t d = shape.size() - 1; d >= 0; --d) {
      int64_t coord = rest % shape[d];
      rest /= shape[d];
      src += perDim[d][coord] * strides[d];
    }
    pushElement(r, a, src);
  }
  return r;
}

Result evalGather(const ConstTensor &data, const ConstTensor &indices,
                  int64_t axis) {
  int64_t rank = data.shape.size();
  axis = normalizeAxis(axis, rank);
  if (axis < 0 || axis >= rank || indices.isFloat())
    return std::nullopt;
  int64_t dim = data.shape[axis];
  SmallVector<int64_t> outShape(data.shape.begin(), data.shape.begin() + axis);
  outShape.append(indices.shape.begin(), indices.shape.end());
  outShape.append(data.shape.begin() + axis + 1, data.shape.end());
  ConstTensor r = makeTensor(data.elementType, outShape);
  int64_t outer = shapeProduct(ArrayRef<int64_t>(data.shape).take_front(axis));
  int64_t inner =
      shapeProduct(ArrayRef<int64_t>(data.shape).drop_front(axis + 1));
  int64_t numIdx = indices.numElements();
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < numIdx; ++j) {
      int64_t idx = indices.getInt(j);
      if (idx < 0)
        idx += dim;
      if (idx < 0 || idx >= dim)
        return std::nullopt;
      for (int64_t k = 0; k < inner; ++k)
        pushElement(r, data, (o * dim + idx) * inner + k);
    }
  return r;
}

Result evalSlice(const ConstTensor &a, ArrayRef<int64_t> starts,
                 ArrayRef<int64_t> ends, ArrayRef<int64_t> axesIn,
                 ArrayRef<int64_t> stepsIn) {
  int64_t rank = a.shape.size();
  SmallVector<SmallVector<int64_t>> perDim;
  for (int64_t d = 0; d < rank; ++d) {
    SmallVector<int64_t> all;
    for (int64_t i = 0; i < a.shape[d]; ++i)
      all.push_back(i);
    perDim.push_back(all);
  }
  if (starts.size() != ends.size() ||
      (!axesIn.empty() && axesIn.size() != starts.size()) ||
      (!stepsIn.empty() && stepsIn.size() != starts.size()))
    return std::nullopt;
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t axis = axesIn.empty() ? (int64_t)i : axesIn[i];
    axis = normalizeAxis(axis, rank);
    int64_t step = stepsIn.empty() ? 1 : stepsIn[i];
    if (axis < 0 || axis >= rank || step == 0)
      return std::nullopt;
    int64_t dim = a.shape[axis];
    auto clampIndex = [&](int64_t v) {
      if (v < 0)
        v += dim;
      return step > 0 ? std::clamp<int64_t>(v, 0, dim)
                      : std::clamp<int64_t>(v, -1, dim - 1);
    };
    int64_t start = starts[i] < -dim && step < 0 ? -1 : clampIndex(starts[i]);
    int64_t end = ends[i] < -dim && step < 0 ? -1 : clampIndex(ends[i]);
    if (ends[i] < -dim && step > 0)
      end = 0;
    if (starts[i] < -dim && step > 0)
      start = 0;
    SmallVector<int64_t> idx;
    for (int64_t k = start; step > 0 ? k < end : k > end; k += step)
      idx.push_back(k);
    perDim[axis] = idx;
  }
  return selectIndices(a, perDim);
}

Result evalConcat(ArrayRef<const ConstTensor *> inputs, int64_t axis) {
  if (inputs.empty())
    return std::nullopt;
  int64_t rank = inputs[0]->shape.size();
  axis = normalizeAxis(axis, rank);
  if (axis < 0 || axis >= rank)
    return std::nullopt;
  SmallVector<int64_t> shape(inputs[0]->shape);
  shape[axis] = 0;
  for (const ConstTensor *in : inputs) {
    if ((int64_t)in->shape.size() != rank ||
        in->elementType != inputs[0]->elementType)
      return std::nullopt;
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis && in->shape[d] != inputs[0]->shape[d])
        return std::nullopt;
    shape[axis] += in->shape[axis];
  }
  ConstTensor r = makeTensor(inputs[0]->elementType, shape);
  int64_t outer = shapeProduct(ArrayRef<int64_t>(shape).take_front(axis));
  int64_t inner = shapeProduct(ArrayRef<int64_t>(shape).drop_front(axis + 1));
  for (int64_t o = 0; o < outer; ++o)
    for (const ConstTensor *in : inputs) {
      int64_t chunk = in->shape[axis] * inner;
      for (int64_t k = 0; k < chunk; ++k)
        pushElement(r, *in, o * chunk + k);
    }
  return r;
}

/// A copy of `a` with another shape (same element count).
Result withShape(const ConstTensor &a, ArrayRef<int64_t> shape) {
  if (shapeProduct(shape) != a.numElements())
    return std::nullopt;
  ConstTensor r = a;
  r.shape.assign(shape.begin(), shape.end());
  if (r.numStored() == 1 && r.numElements() == 1)
    return r;
  return r;
}

Result evalReshape(const ConstTensor &a, ArrayRef<int64_t> target,
                   bool allowZero) {
  SmallVector<int64_t> shape(target);
  int64_t minusOne = -1, known = 1;
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (d == 0 && !allowZero) {
      if (i >= a.shape.size())
        return std::nullopt;
      d = a.shape[i];
    }
    if (d == -1) {
      if (minusOne >= 0)
        return std::nullopt;
      minusOne = i;
      continue;
    }
    if (d < 0)
      return std::nullopt;
    known *= d;
  }
  if (minusOne >= 0) {
    if (known == 0 || a.numElements() % known != 0)
      return std::nullopt;
    shape[minusOne] = a.numElements() / known;
  }
  return withShape(a, shape);
}

Result evalUnsqueeze(const ConstTensor &a, ArrayRef<int64_t> axes) {
  int64_t rank = a.shape.size() + axes.size();
  SmallVector<bool> isNew(rank, false);
  for (int64_t axis : axes) {
    axis = normalizeAxis(axis, rank);
    if (axis < 0 || axis >= rank || isNew[axis])
      return std::nullopt;
    isNew[axis] = true;
  }
  SmallVector<int64_t> shape;
  size_t j = 0;
  for (int64_t i = 0; i < rank; ++i)
    shape.push_back(isNew[i] ? 1 : a.shape[j++]);
  return withShape(a, shape);
}

Result evalSqueeze(const ConstTensor &a, ArrayRef<int64_t> axes) {
  int64_t rank = a.shape.size();
  SmallVector<bool> drop(rank, false);
  for (int64_t axis : axes) {
    axis = normalizeAxis(axis, rank);
    if (axis < 0 || axis >= rank || a.shape[axis] != 1)
      return std::nullopt;
    drop[axis] = true;
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i)
    if (!(axes.empty() ? a.shape[i] == 1 : drop[i]))
      shape.push_back(a.shape[i]);
  return withShape(a, shape);
}

Result evalExpand(const ConstTensor &a, ArrayRef<int64_t> target) {
  auto shape = broadcast(a.shape, target);
  if (!shape)
    return std::nullopt;
  ConstTensor r = makeTensor(a.elementType, *shape);
  int64_t n = r.numElements();
  if (a.numStored() == 1 && a.numElements() >= 1) {
    if (n > 0)
      pushElement(r, a, 0);
    return r;
  }
  if (n > kMaxElements)
    return std::nullopt;
  for (int64_t i = 0; i < n; ++i)
    pushElement(r, a, broadcastIndex(*shape, a.shape, i));
  return r;
}

//===----------------------------------------------------------------------===//
// Shape-producing ops
//===----------------------------------------------------------------------===//

Result evalShape(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  if (!type)
    return std::nullopt;
  int64_t rank = type.getRank();
  int64_t start = ctx.intAttr("start", 0);
  int64_t end = ctx.intAttr("end", rank);
  if (start < 0)
    start += rank;
  if (end < 0)
    end += rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, 0, rank);
  ConstTensor r =
      makeTensor(ctx.b.getI64Type(), {std::max<int64_t>(0, end - start)});
  for (int64_t i = start; i < end; ++i) {
    if (type.isDynamicDim(i))
      return std::nullopt;
    r.pushInt(type.getDimSize(i));
  }
  return r;
}

Result evalSize(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  ConstTensor r = makeTensor(ctx.b.getI64Type(), {});
  r.pushInt(type.getNumElements());
  return r;
}

Result evalConstantOfShape(NodeContext &ctx) {
  auto shape = intsOf(ctx.constInput(0));
  if (!shape || shapeProduct(*shape) < 0)
    return std::nullopt;
  ConstTensor r = makeTensor(ctx.b.getF32Type(), *shape);
  if (const onnx::AttributeProto *value = ctx.attr("value")) {
    FailureOr<ElementsAttr> attr = convertTensor(value->t(), ctx.graph.baseDir,
                                                 ctx.loc, /*forceDense=*/true);
    if (failed(attr))
      return std::nullopt;
    ConstTensor v = ConstTensor::fromAttr(llvm::cast<DenseElementsAttr>(*attr));
    if (v.numElements() != 1)
      return std::nullopt;
    r.elementType = v.elementType;
    if (r.numElements() > 0)
      pushElement(r, v, 0);
    return r;
  }
  if (r.numElements() > 0)
    r.pushFloat(0.0);
  return r;
}

Result evalRange(NodeContext &ctx) {
  const ConstTensor *start = ctx.constInput(0);
  const ConstTensor *limit = ctx.constInput(1);
  const ConstTensor *delta = ctx.constInput(2);
  if (!start || !limit || !delta || start->numElements() != 1 ||
      limit->numElements() != 1 || delta->numElements() != 1)
    return std::nullopt;
  double s = start->getFloat(0), l = limit->getFloat(0), d = delta->getFloat(0);
  if (d == 0)
    return std::nullopt;
  double count = std::max(std::ceil((l - s) / d), 0.0);
  if (count > kMaxElements)
    return std::nullopt;
  int64_t n = static_cast<int64_t>(count);
  ConstTensor r = makeTensor(start->elementType, {n});
  for (int64_t i = 0; i < n; ++i) {
    if (start->isFloat())
      r.pushFloat(s + i * d);
    else
      r.pushInt(start->getInt(0) + i * delta->getInt(0));
  }
  return r;
}

/// Attribute before opset 13, input from 13.
std::optional<SmallVector<int64_t>> axesOf(NodeContext &ctx, unsigned input) {
  if (ctx.opset < 13)
    return ctx.intsAttr("axes");
  if (!ctx.hasInput(input))
    return SmallVector<int64_t>();
  return intsOf(ctx.constInput(input));
}

Result evaluate(NodeContext &ctx, ArrayRef<const ConstTensor *> in) {
  llvm::StringRef op = ctx.opType();
  if (op == "Cast") {
    Type to = convertDataType(ctx.intAttr("to", 0), ctx.b.getContext());
    if (!to)
      return std::nullopt;
    return evalCast(*in[0], to);
  }
  if (op == "Neg" || op == "Abs" || op == "Not")
    return evalUnary(op, *in[0]);
  if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div" ||
      op == "Equal" || op == "Less" || op == "Greater" || op == "LessOrEqual" ||
      op == "GreaterOrEqual" || op == "And" || op == "Or" || op == "Pow") {
    if (in.size() != 2)
      return std::nullopt;
    return evalBinary(op, *in[0], *in[1]);
  }
  if (op == "Max" || op == "Min") {
    ConstTensor acc = *in[0];
    for (const ConstTensor *next : in.drop_front()) {
      Result r = evalBinary(op, acc, *next);
      if (!r)
        return std::nullopt;
      acc = std::move(*r);
    }
    return acc;
  }
  if (op == "Where") {
    if (in.size() != 3)
      return std::nullopt;
    return evalWhere(*in[0], *in[1], *in[2]);
  }
  if (op == "Gather") {
    if (in.size() != 2)
      return std::nullopt;
    return evalGather(*in[0], *in[1], ctx.intAttr("axis", 0));
  }
  if (op == "Concat")
    return evalConcat(in, ctx.intAttr("axis", 0));
  if (op == "Reshape") {
    auto target = intsOf(in.size() > 1 ? in[1] : nullptr);
    if (!target)
      return std::nullopt;
    return evalReshape(*in[0], *target, ctx.intAttr("allowzero", 0) != 0);
  }
  if (op == "Unsqueeze" || op == "Squeeze") {
    auto axes = axesOf(ctx, 1);
    if (!axes)
      return std::nullopt;
    return op == "Unsqueeze" ? evalUnsqueeze(*in[0], *axes)
                             : evalSqueeze(*in[0], *axes);
  }
  if (op == "Expand") {
    auto target = intsOf(in.size() > 1 ? in[1] : nullptr);
    if (!target)
      return std::nullopt;
    return evalExpand(*in[0], *target);
  }
  if (op == "Slice") {
    SmallVector<int64_t> starts, ends, axes, steps;
    if (ctx.opset < 10) {
      starts = ctx.intsAttr("starts");
      ends = ctx.intsAttr("ends");
      axes = ctx.intsAttr("axes");
    } else {
      auto get = [&](unsigned i) -> std::optional<SmallVector<int64_t>> {
        if (!ctx.hasInput(i))
          return SmallVector<int64_t>();
        return intsOf(ctx.constInput(i));
      };
      auto s = get(1), e = get(2), a = get(3), st = get(4);
      if (!s || !e || !a || !st)
        return std::nullopt;
      starts = *s, ends = *e, axes = *a, steps = *st;
    }
    return evalSlice(*in[0], starts, ends, axes, steps);
  }
  return std::nullopt;
}

bool isEvaluable(llvm::StringRef op) {
  static const llvm::StringSet<> ops = {
      "Identity", "Cast",   "Neg",     "Abs",         "Not",
      "Add",      "Sub",    "Mul",     "Div",         "Pow",
      "Equal",    "Less",   "Greater", "LessOrEqual", "GreaterOrEqual",
      "And",      "Or",     "Max",     "Min",         "Where",
      "Gather",   "Concat", "Reshape", "Unsqueeze",   "Squeeze",
      "Expand",   "Slice"};
  return ops.contains(op);
}

/// Split of a constant: one constant per output.
std::optional<LogicalResult> evalSplit(NodeContext &ctx) {
  const ConstTensor *in = ctx.constInput(0);
  if (!in || in->numElements() > kMaxElements || ctx.numOutputs() == 0)
    return std::nullopt;
  int64_t rank = in->shape.size();
  int64_t axis = normalizeAxis(ctx.intAttr("axis", 0), rank);
  if (axis < 0 || axis >= rank)
    return std::nullopt;
  int64_t n = ctx.numOutputs();
  std::optional<SmallVector<int64_t>> sizes;
  if (ctx.opset < 13)
    sizes = ctx.intsAttr("split");
  else if (ctx.hasInput(1))
    sizes = intsOf(ctx.constInput(1));
  else
    sizes = SmallVector<int64_t>();
  if (!sizes)
    return std::nullopt;
  int64_t dim = in->shape[axis];
  if (sizes->empty()) {
    int64_t piece = (dim + n - 1) / n;
    if (ctx.opset < 18 && dim % n != 0)
      return std::nullopt;
    for (int64_t i = 0; i < n; ++i)
      sizes->push_back(std::max<int64_t>(0, std::min(piece, dim - piece * i)));
  }
  if ((int64_t)sizes->size() != n)
    return std::nullopt;
  SmallVector<ConstTensor> pieces;
  int64_t start = 0;
  for (int64_t size : *sizes) {
    if (size < 0)
      return std::nullopt;
    Result piece = evalSlice(*in, {start}, {start + size}, {axis}, {1});
    if (!piece)
      return std::nullopt;
    pieces.push_back(std::move(*piece));
    start += size;
  }
  if (start != dim)
    return std::nullopt;
  for (auto [i, piece] : llvm::enumerate(pieces))
    ctx.setConstOutput(i, std::move(piece));
  return success();
}

} // namespace

std::optional<LogicalResult>
strata::onnx_import::tryEvaluateNode(NodeContext &ctx) {
  llvm::StringRef op = ctx.opType();
  Result result;
  if (op == "Split")
    return evalSplit(ctx);
  if (op == "Shape") {
    result = evalShape(ctx);
  } else if (op == "Size") {
    result = evalSize(ctx);
  } else if (op == "ConstantOfShape") {
    result = evalConstantOfShape(ctx);
  } else if (op == "Range") {
    result = evalRange(ctx);
  } else if (isEvaluable(op)) {
    if (ctx.numOutputs() != 1 || ctx.numInputs() == 0)
      return std::nullopt;
    SmallVector<const ConstTensor *> inputs;
    for (unsigned i = 0; i < ctx.numInputs(); ++i) {
      if (!ctx.hasInput(i))
        continue;
      const ConstTensor *c = ctx.constInput(i);
      if (!c || c->numElements() > kMaxElements)
        return std::nullopt;
      inputs.push_back(c);
    }
    // Optional trailing inputs (Slice axes, ...) were skipped; the
    // evaluator reads those through ctx.
    result = evaluate(ctx, inputs);
  } else {
    return std::nullopt;
  }
  if (!result)
    return std::nullopt;
  if (result->numStored() > 1 &&
      result->numStored() != (size_t)result->numElements())
    return std::nullopt;
  if (result->numElements() > kMaxElements && result->numStored() != 1)
    return std::nullopt;
  ctx.setConstOutput(0, std::move(*result));
  return success();
}
