//===- ShapeOps.cpp - Data movement ops and constants ---------------------===//
//
// Type inference, folders and costs of constant, reshape, transpose, concat,
// slice, gather, split, pad, expand, squeeze, unsqueeze and flatten
// (dialects/Graph/GraphShapeOps.td). None of them does arithmetic, so their
// FLOPs are 0.
//
//===----------------------------------------------------------------------===//

#include "ConstantFolding.h"
#include "OpHelpers.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace strata::graph;
using namespace strata::graph::detail;

#define STRATA_NO_FLOPS(OP)                                                    \
  std::optional<int64_t> OP::getFlops() { return 0; }
STRATA_NO_FLOPS(ConstantOp)
STRATA_NO_FLOPS(ReshapeOp)
STRATA_NO_FLOPS(TransposeOp)
STRATA_NO_FLOPS(ConcatOp)
STRATA_NO_FLOPS(SliceOp)
STRATA_NO_FLOPS(GatherOp)
STRATA_NO_FLOPS(SplitOp)
STRATA_NO_FLOPS(PadOp)
STRATA_NO_FLOPS(ExpandOp)
STRATA_NO_FLOPS(SqueezeOp)
STRATA_NO_FLOPS(UnsqueezeOp)
STRATA_NO_FLOPS(FlattenOp)
#undef STRATA_NO_FLOPS

/// Single-operand ops: the ranked input type, or a diagnostic.
template <typename OpTy>
static FailureOr<RankedTensorType> inputType(std::optional<Location> loc,
                                             Value input) {
  RankedTensorType t = rankedType(input);
  if (!t)
    return opError<OpTy>(loc, "operand must be a ranked tensor");
  return t;
}

/// Folds an op whose result has exactly its input's (static) type to the
/// input: such a reshape/expand/slice/... moves nothing.
static Value foldNoOp(Value input, Value result) {
  auto t = dyn_cast<RankedTensorType>(input.getType());
  if (t && t.hasStaticShape() && input.getType() == result.getType())
    return input;
  return {};
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  auto value = dyn_cast_or_null<ElementsAttr>(adaptor.getValue());
  if (!value)
    return opError<ConstantOp>(loc, "value must be an elements attribute");
  inferred.push_back(value.getType());
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> input =
      inputType<ReshapeOp>(loc, adaptor.getInput());
  if (failed(input))
    return failure();
  std::string error;
  std::optional<shape::Shape> result =
      shape::reshape(input->getShape(), adaptor.getShape(), error);
  if (!result)
    return opError<ReshapeOp>(loc, error);
  inferred.push_back(input->clone(*result));
  return success();
}

/// True for ops that only re-view their input's elements in row-major order.
static bool isPureReshape(Operation *op) {
  return isa_and_nonnull<ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp>(op);
}

/// Shared folder of the reshape family: no-op, reshape of a reshape (the
/// inner one is skipped; only the element count matters), constants.
static OpFoldResult foldReshapeLike(Operation *op, Attribute constant) {
  Value input = op->getOperand(0), result = op->getResult(0);
  if (Value v = foldNoOp(input, result))
    return v;
  if (Attribute a = fold::reshape(constant, result.getType()))
    return a;
  Operation *producer = input.getDefiningOp();
  if (isa<ReshapeOp>(op) && isPureReshape(producer)) {
    op->setOperand(0, producer->getOperand(0));
    return result;
  }
  return {};
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  return foldReshapeLike(*this, adaptor.getInput());
}

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> input =
      inputType<FlattenOp>(loc, adaptor.getInput());
  if (failed(input))
    return failure();
  int64_t rank = input->getRank(), axis = adaptor.getAxis();
  if (axis < -rank || axis > rank)
    return opError<FlattenOp>(loc, "axis ", axis,
                              " is out of range [-rank, rank] for rank ", rank);
  if (axis < 0)
    axis += rank;
  auto count = [](ArrayRef<int64_t> dims) {
    return shape::numElements(dims).value_or(shape::kDynamic);
  };
  inferred.push_back(input->clone({count(input->getShape().take_front(axis)),
                                   count(input->getShape().drop_front(axis))}));
  return success();
}

OpFoldResult FlattenOp::fold(FoldAdaptor adaptor) {
  return foldReshapeLike(*this, adaptor.getInput());
}

LogicalResult SqueezeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> input =
      inputType<SqueezeOp>(loc, adaptor.getInput());
  if (failed(input))
    return failure();
  int64_t rank = input->getRank();
  SmallVector<bool> drop(rank, false);
  if (adaptor.getAxes().empty())
    for (int64_t d = 0; d < rank; ++d)
      drop[d] = input->getDimSize(d) == 1;
  if (failed(markAxes<SqueezeOp>(loc, adaptor.getAxes(), drop)))
    return failure();
  for (int64_t axis : adaptor.getAxes()) {
    int64_t dim = input->getDimSize(*shape::normalizeAxis(axis, rank));
    if (!shape::isDynamic(dim) && dim != 1)
      return opError<SqueezeOp>(loc, "cannot squeeze axis ", axis, " of size ",
                                dim);
  }
  shape::Shape result;
  for (int64_t d = 0; d < rank; ++d)
    if (!drop[d])
      result.push_back(input->getDimSize(d));
  inferred.push_back(input->clone(result));
  return success();
}

OpFoldResult SqueezeOp::fold(FoldAdaptor adaptor) {
  return foldReshapeLike(*this, adaptor.getInput());
}

LogicalResult UnsqueezeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> input =
      inputType<UnsqueezeOp>(loc, adaptor.getInput());
  if (failed(input))
    return failure();
  int64_t rank = input->getRank() + adaptor.getAxes().size();
  SmallVector<bool> inserted(rank, false);
  if (failed(markAxes<UnsqueezeOp>(loc, adaptor.getAxes(), inserted,
                                   "result rank")))
    return failure();
  shape::Shape result;
  auto dims = input->getShape();
  for (int64_t d = 0, next = 0; d < rank; ++d)
    result.push_back(inserted[d] ? 1 : dims[next++]);
  inferred.push_back(input->clone(result));
  return success();
}

OpFoldResult UnsqueezeOp::fold(FoldAdaptor adaptor) {
  return foldReshapeLike(*this, adaptor.getInput());
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> input =
      inputType<TransposeOp>(loc, adaptor.getInput());
  if (failed(input))
    return failure();
  ArrayRef<int64_t> perm = adaptor.getPerm();
  if (!shape::isPermutation(perm, input->getRank()))
    return opError<TransposeOp>(loc, "perm ", shape::toString(perm),
                                " is not a permutation of [0, ",
                                input->getRank(), ")");
  shape::Shape result;
  for (int64_t p : perm)
    result.push_back(input->getDimSize(p));
  inferred.push_back(input->clone(result));
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPerm();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())) &&
      getInput().getType() == getType())
    return getInput();
  if (Attribute a = fold::transpose(adaptor.getInput(), perm, getType()))
    return a;
  // transpose(transpose(x, p1), p2) = transpose(x, p1[p2[i]]).
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    SmallVector<int64_t> composed;
    for (int64_t p : perm)
      composed.push_back(inner.getPerm()[p]);
    setPerm(composed);
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

//===----------------------------------------------------------------------===//
// ConcatOp, SplitOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return opError<ConcatOp>(loc, "needs at least one input");
  if (failed(requireRanked<ConcatOp>(loc, inputs)))
    return failure();
  RankedTensorType first = rankedType(inputs.front());
  int64_t rank = first.getRank();
  std::optional<int64_t> axis = shape::normalizeAxis(adaptor.getAxis(), rank);
  if (!axis)
    return opError<ConcatOp>(loc, "axis ",
                             static_cast<int64_t>(adaptor.getAxis()),
                             " is out of range for rank ", rank);
  shape::Shape result(first.getShape().begin(), first.getShape().end());
  result[*axis] = 0;
  for (auto [i, v] : llvm::enumerate(inputs)) {
    RankedTensorType t = rankedType(v);
    if (t.getElementType() != first.getElementType() || t.getRank() != rank)
      return opError<ConcatOp>(loc, "input #", i, " (", t,
                               ") does not match input #0 (", first,
                               ") in rank and element type");
    for (int64_t d = 0; d < rank; ++d) {
      int64_t dim = t.getDimSize(d);
      if (d == *axis) {
        if (shape::isDynamic(dim) || shape::isDynamic(result[d])) {
          result[d] = shape::kDynamic;
          continue;
        }
        std::optional<int64_t> sum = llvm::checkedAdd<int64_t>(result[d], dim);
        if (!sum)
          return opError<ConcatOp>(loc, "concatenated size overflows 64-bit "
                                        "integers");
        result[d] = *sum;
        continue;
      }
      if (!shape::isDynamic(dim) && !shape::isDynamic(result[d]) &&
          dim != result[d])
        return opError<ConcatOp>(loc, "input #", i, " has size ", dim,
                                 " in dim ", d, " where input #0 has ",
                                 result[d]);
      if (shape::isDynamic(result[d]))
        result[d] = dim;
    }
  }
  inferred.push_back(first.clone(result));
  return success();
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs().front().getType() == getType())
    return getInputs().front();
  int64_t axis = *shape::normalizeAxis(getAxis(), getType().getRank());
  return fold::concat(adaptor.getInputs(), axis, getType());
}

LogicalResult SplitOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> input =
      inputType<SplitOp>(loc, adaptor.getInput());
  if (failed(input))
    return failure();
  std::optional<int64_t> axis =
      shape::normalizeAxis(adaptor.getAxis(), input->getRank());
  if (!axis)
    return opError<SplitOp>(loc, "axis ",
                            static_cast<int64_t>(adaptor.getAxis()),
                            " is out of range for rank ", input->getRank());
  ArrayRef<int64_t> sizes = adaptor.getSizes();
  if (sizes.empty())
    return opError<SplitOp>(loc, "sizes must not be empty");
  int64_t total = 0;
  for (int64_t s : sizes) {
    if (s < 0)
      return opError<SplitOp>(loc, "sizes must be non-negative, got ",
                              shape::toString(sizes));
    total += s;
  }
  int64_t dim = input->getDimSize(*axis);
  if (!shape::isDynamic(dim) && dim != total)
    return opError<SplitOp>(loc, "sizes ", shape::toString(sizes),
                            " add up to ", total, " but dim ", *axis,
                            " has size ", dim);
  for (int64_t s : sizes) {
    shape::Shape result(input->getShape().begin(), input->getShape().end());
    result[*axis] = s;
    inferred.push_back(input->clone(result));
  }
  return success();
}

LogicalResult SplitOp::fold(FoldAdaptor,
                            SmallVectorImpl<OpFoldResult> &results) {
  if (getNumResults() == 1 && getInput().getType() == getResult(0).getType()) {
    results.push_back(getInput());
    return success();
  }
  return failure();
}

//===----------------------------------------------------------------------===//
// SliceOp, GatherOp, PadOp, ExpandOp
//===----------------------------------------------------------------------===//

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> input =
      inputType<SliceOp>(loc, adaptor.getInput());
  if (failed(input))
    return failure();
  ArrayRef<int64_t> starts = adaptor.getStarts(), ends = adaptor.getEnds();
  int64_t rank = input->getRank();
  size_t n = starts.size();
  if (ends.size() != n)
    return opError<SliceOp>(loc, "starts and ends have different lengths (", n,
                            " vs ", ends.size(), ")");
  if (static_cast<int64_t>(n) > rank)
    return opError<SliceOp>(loc, "slices ", n, " axes of a rank-", rank,
                            " tensor");
  shape::Shape axes(adaptor.getAxes().begin(), adaptor.getAxes().end());
  if (axes.empty())
    for (size_t i = 0; i < n; ++i)
      axes.push_back(i);
  auto steps = defaulted(adaptor.getSteps(), n, 1);
  if (axes.size() != n)
    return opError<SliceOp>(loc, "axes must have ", n, " entries, got ",
                            axes.size());
  if (!steps)
    return opError<SliceOp>(loc, "steps must have ", n, " entries, got ",
                            adaptor.getSteps().size());
  shape::Shape result(input->getShape().begin(), input->getShape().end());
  SmallVector<bool> seen(rank, false);
  for (size_t i = 0; i < n; ++i) {
    std::optional<int64_t> axis = shape::normalizeAxis(axes[i], rank);
    if (!axis)
      return opError<SliceOp>(loc, "axis ", axes[i],
                              " is out of range for rank ", rank);
    if (seen[*axis])
      return opError<SliceOp>(loc, "axis ", axes[i], " is listed twice");
    seen[*axis] = true;
    if ((*steps)[i] == 0)
      return opError<SliceOp>(loc, "step for axis ", axes[i],
                              " must be non-zero");
    result[*axis] = shape::sliceSize(input->getDimSize(*axis), starts[i],
                                     ends[i], (*steps)[i]);
  }
  inferred.push_back(input->clone(result));
  return success();
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  if (llvm::all_of(getSteps(), [](int64_t s) { return s > 0; }))
    if (Value v = foldNoOp(getInput(), getResult()))
      return v;
  auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  if (dense && dense.isSplat() && getType().hasStaticShape())
    return dense.resizeSplat(getType());
  return {};
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  if (failed(requireRanked<GatherOp>(loc, adaptor.getOperands())))
    return failure();
  RankedTensorType data = rankedType(adaptor.getData());
  RankedTensorType indices = rankedType(adaptor.getIndices());
  if (data.getRank() == 0)
    return opError<GatherOp>(loc, "data must have rank >= 1");
  std::optional<int64_t> axis =
      shape::normalizeAxis(adaptor.getAxis(), data.getRank());
  if (!axis)
    return opError<GatherOp>(loc, "axis ",
                             static_cast<int64_t>(adaptor.getAxis()),
                             " is out of range for rank ", data.getRank());
  shape::Shape result(data.getShape().take_front(*axis));
  llvm::append_range(result, indices.getShape());
  llvm::append_range(result, data.getShape().drop_front(*axis + 1));
  inferred.push_back(data.clone(result));
  return success();
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> input = inputType<PadOp>(loc, adaptor.getInput());
  if (failed(input))
    return failure();
  int64_t rank = input->getRank();
  ArrayRef<int64_t> pads = adaptor.getPads();
  if (static_cast<int64_t>(pads.size()) != 2 * rank)
    return opError<PadOp>(loc, "pads must have ", 2 * rank,
                          " entries (begins then ends), got ", pads.size());
  bool reflect = adaptor.getMode() == PadMode::reflect;
  shape::Shape result;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dim = input->getDimSize(d);
    int64_t before = pads[d], after = pads[d + rank];
    if (shape::isDynamic(dim)) {
      result.push_back(shape::kDynamic);
      continue;
    }
    if (adaptor.getMode() != PadMode::constant && dim == 0 &&
        (before > 0 || after > 0))
      return opError<PadOp>(loc, "cannot ", stringifyPadMode(adaptor.getMode()),
                            "-pad empty dim ", d);
    if (reflect &&
        ((before > 0 && before >= dim) || (after > 0 && after >= dim)))
      return opError<PadOp>(loc, "reflect padding of dim ", d, " (size ", dim,
                            ") must be smaller than the dim, got ", before,
                            " and ", after);
    std::optional<int64_t> size = llvm::checkedAdd<int64_t>(dim, before);
    if (size)
      size = llvm::checkedAdd<int64_t>(*size, after);
    if (!size)
      return opError<PadOp>(loc, "padded size of dim ", d,
                            " overflows 64-bit integers");
    if (*size < 0)
      return opError<PadOp>(loc, "negative pads ", before, " and ", after,
                            " crop more than dim ", d, " (size ", dim, ")");
    result.push_back(*size);
  }
  inferred.push_back(input->clone(result));
  return success();
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  if (llvm::all_of(getPads(), [](int64_t p) { return p == 0; }) &&
      getInput().getType() == getType())
    return getInput();
  return {};
}

LogicalResult ExpandOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> input =
      inputType<ExpandOp>(loc, adaptor.getInput());
  if (failed(input))
    return failure();
  for (int64_t d : adaptor.getShape())
    if (d < 0)
      return opError<ExpandOp>(loc, "shape entries must be non-negative, got ",
                               shape::toString(adaptor.getShape()));
  std::string error;
  std::optional<shape::Shape> result =
      shape::broadcast(input->getShape(), adaptor.getShape(), error);
  if (!result)
    return opError<ExpandOp>(loc, error);
  inferred.push_back(input->clone(*result));
  return success();
}

OpFoldResult ExpandOp::fold(FoldAdaptor adaptor) {
  if (Value v = foldNoOp(getInput(), getResult()))
    return v;
  auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  if (dense && dense.isSplat() && getType().hasStaticShape())
    return dense.resizeSplat(getType());
  return {};
}
