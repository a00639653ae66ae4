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

//===----------------------------------------------------------------------===//
// GatherElementsOp, ScatterElementsOp
//===----------------------------------------------------------------------===//

LogicalResult GatherElementsOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
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
  FailureOr<int64_t> axis = checkAxis<GatherElementsOp>(loc, adaptor.getAxis(),
                                                        data.getRank());
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

LogicalResult ScatterElementsOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
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
    return opError<ScatterElementsOp>(
        loc, "updates have element type ", updates.getElementType(),
        " but data has ", data.getElementType());
  if (updates.getRank() != indices.getRank())
    return opError<ScatterElementsOp>(loc, "updates and indices have "
                                           "different ranks");
  for (int64_t d = 0; d < indices.getRank(); ++d)
    if (!mayEqual(updates.getDimSize(d), indices.getDimSize(d)))
      return opError<ScatterElementsOp>(
          loc, "updates and indices differ in dim ", d, " (",
          updates.getDimSize(d), " vs ", indices.getDimSize(d), ")");
  if (failed(checkAxis<ScatterElementsOp>(loc, adaptor.getAxis(),
                                          data.getRank())))
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
  if (failed(checkAxis<CumSumOp>(loc, adaptor.getAxis(), input.getRank())))
    return failure();
  inferred.push_back(input);
  return success();
}

// One addition per element.
std::optional<int64_t> CumSumOp::getFlops() {
  return elementwiseFlops(getType(), 1);
}
