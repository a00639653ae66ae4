//===- IndexingOps.cpp - Indexing and data-movement ops -------------------===//
//
// Type inference and costs of gather_elements, scatter_elements,
// arg_max/arg_min, trilu and cumsum (dialects/Graph/GraphIndexingOps.td).
//
//===----------------------------------------------------------------------===//

#include "OpHelpers.h"

using namespace mlir;
using namespace strata::graph;
using namespace strata::graph::detail;

/// True when two dims may be equal (either is dynamic, or they are).
static bool mayEqual(int64_t a, int64_t b) {
  return shape::isDynamic(a) || shape::isDynamic(b) || a == b;
}

/// `axis` of a rank-`rank` operand made non-negative, or a diagnostic.
template <typename OpTy>
static FailureOr<int64_t> checkAxis(std::optional<Location> loc, int64_t axis,
                                    int64_t rank) {
  std::optional<int64_t> a = shape::normalizeAxis(axis, rank);
  if (!a)
    return opError<OpTy>(loc, "axis ", axis, " is out of range for rank ",
                         rank);
  return *a;
}

/// Fails unless the optional operand `value` is absent or a ranked tensor
/// that may hold exactly one element.
template <typename OpTy>
static LogicalResult checkOneElement(std::optional<Location> loc, Value value,
                                     StringRef name) {
  if (!value)
    return success();
  RankedTensorType t = rankedType(value);
  if (!t)
    return opError<OpTy>(loc, name, " must be a ranked tensor");
  for (int64_t d : t.getShape())
    if (!shape::isDynamic(d) && d != 1)
      return opError<OpTy>(loc, name, " must have one element, got ", t);
  return success();
}

//===----------------------------------------------------------------------===//
// GatherElementsOp, ScatterElementsOp
//===----------------------------------------------------------------------===//

LogicalResult
GatherElementsOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                   Adaptor adaptor,
                                   SmallVectorImpl<Type> &inferred) {
  if (failed(requireRanked<GatherElementsOp>(loc, adaptor.getOperands())))
    return failure();
  RankedTensorType data = rankedType(adaptor.getData());
  RankedTensorType indices = rankedType(adaptor.getIndices());
  if (data.getRank() == 0)
    return opError<GatherElementsOp>(loc, "data must have rank >= 1");
  if (indices.getRank() != data.getRank())
    return opError<GatherElementsOp>(loc, "indices have rank ",
                                     indices.getRank(), " but data has rank ",
                                     data.getRank());
  FailureOr<int64_t> axis =
      checkAxis<GatherElementsOp>(loc, adaptor.getAxis(), data.getRank());
  if (failed(axis))
    return failure();
  for (int64_t d = 0; d < data.getRank(); ++d) {
    int64_t i = indices.getDimSize(d), n = data.getDimSize(d);
    if (d != *axis && !shape::isDynamic(i) && !shape::isDynamic(n) && i > n)
      return opError<GatherElementsOp>(loc, "indices dim ", d, " (", i,
                                       ") exceeds the data dim (", n, ")");
  }
  inferred.push_back(indices.clone(data.getElementType()));
  return success();
}

std::optional<int64_t> GatherElementsOp::getFlops() { return 0; }

LogicalResult
ScatterElementsOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &inferred) {
  if (failed(requireRanked<ScatterElementsOp>(loc, adaptor.getOperands())))
    return failure();
  RankedTensorType data = rankedType(adaptor.getData());
  RankedTensorType indices = rankedType(adaptor.getIndices());
  RankedTensorType updates = rankedType(adaptor.getUpdates());
  if (data.getRank() == 0)
    return opError<ScatterElementsOp>(loc, "data must have rank >= 1");
  if (indices.getRank() != data.getRank())
    return opError<ScatterElementsOp>(loc, "indices have rank ",
                                      indices.getRank(), " but data has rank ",
                                      data.getRank());
  if (updates.getElementType() != data.getElementType())
    return opError<ScatterElementsOp>(loc, "updates have element type ",
                                      updates.getElementType(),
                                      " but data has ", data.getElementType());
  if (updates.getRank() != indices.getRank())
    return opError<ScatterElementsOp>(loc, "updates and indices have "
                                           "different ranks");
  for (int64_t d = 0; d < indices.getRank(); ++d)
    if (!mayEqual(updates.getDimSize(d), indices.getDimSize(d)))
      return opError<ScatterElementsOp>(
          loc, "updates and indices differ in dim ", d, " (",
          updates.getDimSize(d), " vs ", indices.getDimSize(d), ")");
  if (failed(
          checkAxis<ScatterElementsOp>(loc, adaptor.getAxis(), data.getRank())))
    return failure();
  inferred.push_back(data);
  return success();
}

std::optional<int64_t> ScatterElementsOp::getFlops() {
  if (getReduction() == ScatterReduction::none)
    return 0;
  return elementwiseFlops(getUpdates().getType(), 1);
}

//===----------------------------------------------------------------------===//
// ArgMaxOp, ArgMinOp
//===----------------------------------------------------------------------===//

template <typename OpTy>
static LogicalResult inferArgReduce(MLIRContext *ctx,
                                    std::optional<Location> loc,
                                    typename OpTy::Adaptor adaptor,
                                    SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  if (!input)
    return opError<OpTy>(loc, "operand must be a ranked tensor");
  if (input.getRank() == 0)
    return opError<OpTy>(loc, "input must have rank >= 1");
  FailureOr<int64_t> axis =
      checkAxis<OpTy>(loc, adaptor.getAxis(), input.getRank());
  if (failed(axis))
    return failure();
  shape::Shape result(input.getShape().begin(), input.getShape().end());
  if (adaptor.getKeepdims())
    result[*axis] = 1;
  else
    result.erase(result.begin() + *axis);
  inferred.push_back(RankedTensorType::get(result, IntegerType::get(ctx, 64)));
  return success();
}

// One comparison and one select per input element.
#define STRATA_ARG_REDUCE_OP(OP)                                               \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,          \
      SmallVectorImpl<Type> &inferred) {                                       \
    return inferArgReduce<OP>(ctx, loc, adaptor, inferred);                    \
  }                                                                            \
  std::optional<int64_t> OP::getFlops() {                                      \
    return elementwiseFlops(getInput().getType(), 2);                          \
  }
STRATA_ARG_REDUCE_OP(ArgMaxOp)
STRATA_ARG_REDUCE_OP(ArgMinOp)
#undef STRATA_ARG_REDUCE_OP

//===----------------------------------------------------------------------===//
// TriluOp, CumSumOp
//===----------------------------------------------------------------------===//

LogicalResult TriluOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  if (!input)
    return opError<TriluOp>(loc, "operand must be a ranked tensor");
  if (input.getRank() < 2)
    return opError<TriluOp>(loc, "input must have rank >= 2, got ",
                            input.getRank());
  if (failed(checkOneElement<TriluOp>(loc, adaptor.getKInput(), "k_input")))
    return failure();
  inferred.push_back(input);
  return success();
}

// One select per element.
std::optional<int64_t> TriluOp::getFlops() {
  return elementwiseFlops(getType(), 1);
}

LogicalResult CumSumOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  if (!input)
    return opError<CumSumOp>(loc, "operand must be a ranked tensor");
  if (input.getRank() == 0)
    return opError<CumSumOp>(loc, "input must have rank >= 1");
  if (failed(
          checkOneElement<CumSumOp>(loc, adaptor.getAxisInput(), "axis_input")))
    return failure();
  if (!adaptor.getAxisInput() &&
      failed(checkAxis<CumSumOp>(loc, adaptor.getAxis(), input.getRank())))
    return failure();
  inferred.push_back(input);
  return success();
}

// One addition per element.
std::optional<int64_t> CumSumOp::getFlops() {
  return elementwiseFlops(getType(), 1);
}

//===----------------------------------------------------------------------===//
// ResizeOp
//===----------------------------------------------------------------------===//

LogicalResult ResizeOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  if (!input)
    return opError<ResizeOp>(loc, "operand must be a ranked tensor");
  size_t rank = input.getRank();
  ArrayRef<int64_t> sizes = adaptor.getSizes();
  ArrayRef<double> scales = adaptor.getScales();
  if (sizes.size() != rank)
    return opError<ResizeOp>(loc, "sizes must have ", rank, " entries, got ",
                             sizes.size());
  if (scales.size() != rank)
    return opError<ResizeOp>(loc, "scales must have ", rank, " entries, got ",
                             scales.size());
  for (size_t d = 0; d < rank; ++d) {
    if (sizes[d] < 0)
      return opError<ResizeOp>(loc, "sizes must be >= 0, got ", sizes[d]);
    if (!(scales[d] > 0))
      return opError<ResizeOp>(loc, "scales must be > 0, got ", scales[d]);
  }
  if (Value in = adaptor.getScalesInput()) {
    RankedTensorType t = rankedType(in);
    if (!t || t.getRank() != 1 ||
        !mayEqual(t.getDimSize(0), static_cast<int64_t>(rank)))
      return opError<ResizeOp>(loc, "scales_input must be a 1-D tensor of ",
                               rank, " entries");
  }
  size_t roi = adaptor.getRoi().size();
  if (roi != 0 && roi != 2 * rank)
    return opError<ResizeOp>(loc, "roi must have 0 or ", 2 * rank,
                             " entries, got ", roi);
  if (adaptor.getCoordinateMode() == ResizeCoordinateMode::tf_crop_and_resize &&
      roi == 0)
    return opError<ResizeOp>(loc, "tf_crop_and_resize needs a roi");
  if (adaptor.getMode() != ResizeMode::nearest &&
      !isa<FloatType>(input.getElementType()))
    return opError<ResizeOp>(loc,
                             "linear and cubic modes need a float "
                             "element type, got ",
                             input.getElementType());
  inferred.push_back(input.clone(sizes));
  return success();
}

// Per result element, 2 FLOPs (a multiply-add) per neighbour read: 1 for
// nearest, 2 (linear) or 4 (cubic) per dim whose size changes.
std::optional<int64_t> ResizeOp::getFlops() {
  if (getMode() == ResizeMode::nearest)
    return 0;
  int64_t taps = 1;
  auto in = getInput().getType();
  for (auto [d, size] : llvm::enumerate(getSizes()))
    if (in.getDimSize(d) != size)
      taps *= getMode() == ResizeMode::linear ? 2 : 4;
  return elementwiseFlops(getType(), 2 * taps);
}
