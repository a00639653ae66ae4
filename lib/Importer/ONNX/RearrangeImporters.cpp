//===- RearrangeImporters.cpp - Ops decomposed into existing graph ops ----===//
//
// DepthToSpace/SpaceToDepth (reshape, transpose, reshape), Tile (unsqueeze,
// expand, reshape), Hardmax and OneHot (arg_max / indices compared with an
// iota constant, then where), EyeLike (a constant: it depends on the shape
// only) and Einsum (operands aligned to one index order by transpose and
// unsqueeze, diagonals by an identity mask, then mul and reduce_sum).
//
// Tile repeats and OneHot depth given as run-time tensors are taken from the
// output's declared static shape; the run-time values must agree with it.
//
//===----------------------------------------------------------------------===//

#include "ImporterContext.h"

#include <map>

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

ArrayRef<int64_t> shapeOf(Value v) {
  return llvm::cast<RankedTensorType>(v.getType()).getShape();
}

Value reshape(NodeContext &ctx, Value v, ArrayRef<int64_t> shape) {
  return v ? ctx.create<graph::ReshapeOp>(v, ctx.b.getDenseI64ArrayAttr(shape))
           : Value();
}

Value transpose(NodeContext &ctx, Value v, ArrayRef<int64_t> perm) {
  return v ? ctx.create<graph::TransposeOp>(v, ctx.b.getDenseI64ArrayAttr(perm))
           : Value();
}

/// The static shape of output 0 from the model's value_info, if any.
std::optional<SmallVector<int64_t>> declaredShape(NodeContext &ctx) {
  const onnx::TypeProto *type = ctx.graph.valueInfo.lookup(ctx.node.output(0));
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

/// An i64 constant of `shape` (all 1 but `axis`, of size n) holding 0..n-1.
Value iota(NodeContext &ctx, int64_t rank, int64_t axis, int64_t n) {
  ConstTensor c;
  c.elementType = ctx.b.getI64Type();
  c.shape.assign(rank, 1);
  c.shape[axis] = n;
  for (int64_t i = 0; i < n; ++i)
    c.pushInt(i);
  return ctx.constant(c);
}

LogicalResult importDepthToSpace(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  ArrayRef<int64_t> s = shapeOf(x);
  int64_t b = ctx.intAttr("blocksize", 0);
  if (s.size() != 4 || llvm::any_of(s, ShapedType::isDynamic))
    return ctx.unsupported("needs a static 4-D input");
  if (b <= 0 || s[1] % (b * b) != 0)
    return ctx.error("the channels must be a multiple of blocksize^2");
  int64_t n = s[0], c = s[1] / (b * b), h = s[2], w = s[3];
  std::string mode = ctx.stringAttr("mode", "DCR");
  Value r;
  if (mode == "DCR")
    r = transpose(ctx, reshape(ctx, x, {n, b, b, c, h, w}), {0, 3, 4, 1, 5, 2});
  else if (mode == "CRD")
    r = transpose(ctx, reshape(ctx, x, {n, c, b, b, h, w}), {0, 1, 4, 2, 5, 3});
  else
    return ctx.unsupported("mode '" + mode + "' is not supported");
  return bind(ctx, reshape(ctx, r, {n, c, h * b, w * b}));
}

LogicalResult importSpaceToDepth(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  ArrayRef<int64_t> s = shapeOf(x);
  int64_t b = ctx.intAttr("blocksize", 0);
  if (s.size() != 4 || llvm::any_of(s, ShapedType::isDynamic))
    return ctx.unsupported("needs a static 4-D input");
  if (b <= 0 || s[2] % b != 0 || s[3] % b != 0)
    return ctx.error("height and width must be multiples of blocksize");
  int64_t n = s[0], c = s[1], h = s[2] / b, w = s[3] / b;
  Value r =
      transpose(ctx, reshape(ctx, x, {n, c, h, b, w, b}), {0, 3, 5, 1, 2, 4});
  return bind(ctx, reshape(ctx, r, {n, c * b * b, h, w}));
}

LogicalResult importTile(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  ArrayRef<int64_t> s = shapeOf(x);
  int64_t rank = s.size();
  if (llvm::any_of(s, ShapedType::isDynamic))
    return ctx.unsupported("needs a static input shape");
  SmallVector<int64_t> repeats;
  if (const ConstTensor *c = ctx.constInput(1)) {
    for (int64_t i = 0; i < c->numElements(); ++i)
      repeats.push_back(c->getInt(i));
  } else if (std::optional<SmallVector<int64_t>> out = declaredShape(ctx)) {
    if (static_cast<int64_t>(out->size()) != rank)
      return ctx.error("the declared output rank differs from the input's");
    for (int64_t d = 0; d < rank; ++d) {
      if (s[d] == 0 || (*out)[d] % s[d] != 0)
        return ctx.unsupported("repeats are not known at import time");
      repeats.push_back((*out)[d] / s[d]);
    }
  } else {
    return ctx.unsupported("repeats are not known at import time and the "
                           "output has no static declared shape");
  }
  if (static_cast<int64_t>(repeats.size()) != rank)
    return ctx.error("repeats must have " + llvm::Twine(rank) + " entries");
  // [d0, d1, ...] -> [1, d0, 1, d1, ...] -> [r0, d0, r1, d1, ...] -> product.
  SmallVector<int64_t> axes, expanded, result;
  for (int64_t d = 0; d < rank; ++d) {
    axes.push_back(2 * d);
    expanded.append({repeats[d], s[d]});
    result.push_back(repeats[d] * s[d]);
  }
  Value u = ctx.create<graph::UnsqueezeOp>(x, ctx.b.getDenseI64ArrayAttr(axes));
  if (!u)
    return failure();
  Value e =
      ctx.create<graph::ExpandOp>(u, ctx.b.getDenseI64ArrayAttr(expanded));
  return bind(ctx, reshape(ctx, e, result));
}

LogicalResult importHardmax(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  ArrayRef<int64_t> s = shapeOf(x);
  int64_t rank = s.size();
  if (ctx.opset < 13)
    return ctx.unsupported("opset < 13 (flattening) semantics");
  int64_t axis = ctx.axisAttr("axis", -1, rank);
  if (axis < 0 || axis >= rank || ShapedType::isDynamic(s[axis]))
    return ctx.unsupported("needs an axis of static size");
  Value index = ctx.create<graph::ArgMaxOp>(x, ctx.b.getI64IntegerAttr(axis),
                                            ctx.b.getBoolAttr(true),
                                            ctx.b.getBoolAttr(false));
  if (!index)
    return failure();
  Value hit = ctx.create<graph::CompareOp>(graph::CompareDirection::eq, index,
                                           iota(ctx, rank, axis, s[axis]));
  if (!hit)
    return failure();
  Type elem = llvm::cast<RankedTensorType>(x.getType()).getElementType();
  return bind(ctx, ctx.create<graph::WhereOp>(hit, ctx.scalarConstant(elem, 1),
                                              ctx.scalarConstant(elem, 0)));
}

LogicalResult importOneHot(NodeContext &ctx) {
  Value indices = ctx.input(0), values = ctx.input(2);
  if (!indices || !values)
    return failure();
  ArrayRef<int64_t> s = shapeOf(indices);
  int64_t rank = s.size() + 1;
  int64_t axis = ctx.axisAttr("axis", -1, rank);
  if (axis < 0 || axis >= rank)
    return ctx.error("axis is out of range");
  int64_t depth;
  if (const ConstTensor *c = ctx.constInput(1)) {
    depth = c->isFloat() ? static_cast<int64_t>(c->getFloat(0)) : c->getInt(0);
  } else if (std::optional<SmallVector<int64_t>> out = declaredShape(ctx)) {
    if (static_cast<int64_t>(out->size()) != rank)
      return ctx.error("the declared output rank is not indices rank + 1");
    depth = (*out)[axis];
  } else {
    return ctx.unsupported("depth is not known at import time and the "
                           "output has no static declared shape");
  }
  if (shapeOf(values).size() != 1 || shapeOf(values)[0] != 2)
    return ctx.error("values must have 2 elements (off, on)");
  Type i64 = ctx.b.getI64Type();
  Value idx = indices;
  if (llvm::cast<RankedTensorType>(idx.getType()).getElementType() != i64)
    idx = ctx.create<graph::CastOp>(idx, i64);
  if (!idx)
    return failure();
  // Negative indices count from the back.
  Value negative = ctx.create<graph::CompareOp>(
      graph::CompareDirection::lt, idx, ctx.scalarConstant(i64, 0));
  Value wrapped =
      negative ? ctx.create<graph::AddOp>(idx, ctx.scalarConstant(i64, depth))
               : Value();
  if (!wrapped || !(idx = ctx.create<graph::WhereOp>(negative, wrapped, idx)) ||
      !(idx = ctx.create<graph::UnsqueezeOp>(
            idx, ctx.b.getDenseI64ArrayAttr({axis}))))
    return failure();
  Value hit = ctx.create<graph::CompareOp>(graph::CompareDirection::eq, idx,
                                           iota(ctx, rank, axis, depth));
  if (!hit)
    return failure();
  auto two = [&](int64_t start) {
    return ctx.create<graph::SliceOp>(
        values, ctx.b.getDenseI64ArrayAttr({start}),
        ctx.b.getDenseI64ArrayAttr({start + 1}),
        ctx.b.getDenseI64ArrayAttr({0}), ctx.b.getDenseI64ArrayAttr({1}));
  };
  Value off = two(0), on = two(1);
  if (!off || !on)
    return failure();
  return bind(ctx, ctx.create<graph::WhereOp>(hit, on, off));
}

LogicalResult importEyeLike(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  if (!type)
    return ctx.error("input 0 is required");
  if (type.getRank() != 2 || !type.hasStaticShape())
    return ctx.unsupported("needs a static 2-D input");
  Type elem = type.getElementType();
  if (ctx.hasAttr("dtype")) {
    elem = convertDataType(ctx.intAttr("dtype", 1), ctx.b.getContext());
    if (!elem)
      return ctx.unsupported("dtype is not supported");
  }
  int64_t k = ctx.intAttr("k", 0);
  ConstTensor c;
  c.elementType = elem;
  c.shape.assign(type.getShape().begin(), type.getShape().end());
  for (int64_t i = 0; i < c.shape[0]; ++i)
    for (int64_t j = 0; j < c.shape[1]; ++j) {
      if (c.isFloat())
        c.pushFloat(j - i == k ? 1.0 : 0.0);
      else
        c.pushInt(j - i == k ? 1 : 0);
    }
  ctx.setConstOutput(0, std::move(c));
  return success();
}

//===----------------------------------------------------------------------===//
// Einsum
//===----------------------------------------------------------------------===//

/// One operand brought to `letters` order with a size per letter.
struct Term {
  Value value;
  std::string letters;
};

/// Removes a repeated letter of `t` (a diagonal) by masking with an identity
/// matrix over the two positions and summing the second away.
LogicalResult takeDiagonals(NodeContext &ctx, Term &t) {
  for (size_t p = 0; p < t.letters.size(); ++p) {
    size_t q = t.letters.find(t.letters[p], p + 1);
    if (q == std::string::npos)
      continue;
    ArrayRef<int64_t> s = shapeOf(t.value);
    int64_t n = s[p];
    if (ShapedType::isDynamic(n) || s[q] != n)
      return ctx.unsupported("a diagonal needs equal static dims");
    ConstTensor eye;
    eye.elementType =
        llvm::cast<RankedTensorType>(t.value.getType()).getElementType();
    eye.shape.assign(s.size(), 1);
    eye.shape[p] = eye.shape[q] = n;
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < n; ++j) {
        if (eye.isFloat())
          eye.pushFloat(i == j);
        else
          eye.pushInt(i == j);
      }
    Value masked = ctx.create<graph::MulOp>(t.value, ctx.constant(eye));
    if (!masked)
      return failure();
    t.value = ctx.create<graph::ReduceSumOp>(
        masked, ctx.b.getDenseI64ArrayAttr({static_cast<int64_t>(q)}),
        ctx.b.getBoolAttr(false));
    if (!t.value)
      return failure();
    t.letters.erase(q, 1);
    --p;
  }
  return success();
}

LogicalResult importEinsum(NodeContext &ctx) {
  std::string eq;
  for (char ch : ctx.stringAttr("equation", ""))
    if (ch != ' ')
      eq += ch;
  size_t arrow = eq.find("->");
  std::string lhs = eq.substr(0, arrow);
  SmallVector<std::string> specs;
  for (StringRef part : llvm::split(StringRef(lhs), ','))
    specs.push_back(part.str());
  if (specs.size() != ctx.numInputs())
    return ctx.error("the equation has " + llvm::Twine(specs.size()) +
                     " operands, the node " + llvm::Twine(ctx.numInputs()));
  // Ellipsis dims become the letters '0', '1', ... (right-aligned).
  int64_t ellipsis = 0;
  SmallVector<Term> terms;
  for (auto [i, spec] : llvm::enumerate(specs)) {
    Value v = ctx.input(i);
    if (!v)
      return failure();
    int64_t rank = shapeOf(v).size();
    size_t dots = spec.find("...");
    if (dots != std::string::npos) {
      int64_t e = rank - static_cast<int64_t>(spec.size() - 3);
      if (e < 0 || e > 10)
        return ctx.error("the ellipsis does not match the operand rank");
      ellipsis = std::max(ellipsis, e);
    }
    terms.push_back({v, spec});
  }
  std::string allDots;
  for (int64_t e = 0; e < ellipsis; ++e)
    allDots += static_cast<char>('0' + e);
  for (Term &t : terms) {
    size_t dots = t.letters.find("...");
    if (dots != std::string::npos) {
      int64_t e = static_cast<int64_t>(shapeOf(t.value).size()) -
                  static_cast<int64_t>(t.letters.size() - 3);
      t.letters.replace(dots, 3, allDots.substr(ellipsis - e));
    }
    if (static_cast<int64_t>(t.letters.size()) !=
        static_cast<int64_t>(shapeOf(t.value).size()))
      return ctx.error("the equation does not match the operand ranks");
    for (char ch : t.letters)
      if (!llvm::isAlpha(ch) && !llvm::isDigit(ch))
        return ctx.error("unexpected character in the equation");
    if (failed(takeDiagonals(ctx, t)))
      return failure();
  }
  std::string out;
  if (arrow != std::string::npos) {
    out = eq.substr(arrow + 2);
    size_t dots = out.find("...");
    if (dots != std::string::npos)
      out.replace(dots, 3, allDots);
  } else {
    // Implicit output: the ellipsis, then letters used once, sorted.
    std::map<char, int> count;
    for (const Term &t : terms)
      for (char ch : t.letters)
        ++count[ch];
    out = allDots;
    for (auto [ch, n] : count)
      if (n == 1 && !llvm::isDigit(ch))
        out += ch;
  }
  // The common order: output letters, then the summed ones.
  std::string order = out;
  for (const Term &t : terms)
    for (char ch : t.letters)
      if (order.find(ch) == std::string::npos)
        order += ch;
  Value product;
  for (Term &t : terms) {
    std::string present;
    for (char ch : order)
      if (t.letters.find(ch) != std::string::npos)
        present += ch;
    SmallVector<int64_t> perm, missing;
    for (char ch : present)
      perm.push_back(t.letters.find(ch));
    Value v = t.value;
    if (!llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
      v = transpose(ctx, v, perm);
    for (size_t i = 0; i < order.size(); ++i)
      if (present.find(order[i]) == std::string::npos)
        missing.push_back(i);
    if (v && !missing.empty())
      v = ctx.create<graph::UnsqueezeOp>(v,
                                         ctx.b.getDenseI64ArrayAttr(missing));
    if (!v)
      return failure();
    product = product ? ctx.create<graph::MulOp>(product, v) : v;
    if (!product)
      return failure();
  }
  SmallVector<int64_t> summed;
  for (size_t i = out.size(); i < order.size(); ++i)
    summed.push_back(i);
  if (!summed.empty())
    product = ctx.create<graph::ReduceSumOp>(
        product, ctx.b.getDenseI64ArrayAttr(summed), ctx.b.getBoolAttr(false));
  return bind(ctx, product);
}

} // namespace

void strata::onnx_import::registerRearrangeImporters(
    llvm::StringMap<NodeImporterFn> &t) {
  t["DepthToSpace"] = importDepthToSpace;
  t["SpaceToDepth"] = importSpaceToDepth;
  t["Tile"] = importTile;
  t["Hardmax"] = importHardmax;
  t["OneHot"] = importOneHot;
  t["EyeLike"] = importEyeLike;
  t["Einsum"] = importEinsum;
}
