//===- OpHelpers.h - Shared helpers of the graph op files -------*- C++ -*-===//
//
// Private to lib/Dialect/Graph/IR: diagnostics in the "'graph.x' op ..." form
// that works with or without a location (type inference runs both ways), and
// small accessors used by every op family.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_DIALECT_GRAPH_IR_OPHELPERS_H
#define STRATA_LIB_DIALECT_GRAPH_IR_OPHELPERS_H

#include "strata/Dialect/Graph/IR/GraphOps.h"
#include "strata/Dialect/Graph/IR/ShapeInference.h"

#include "mlir/IR/Diagnostics.h"

namespace strata::graph::detail {

/// Emits "'<op name>' op <args...>" at `loc` when one is given and fails.
template <typename OpTy, typename... Args>
mlir::LogicalResult opError(std::optional<mlir::Location> loc, Args &&...args) {
  return mlir::emitOptionalError(loc, "'", OpTy::getOperationName(), "' op ",
                                 std::forward<Args>(args)...);
}

/// The ranked tensor type of `value`, or null (type inference may run before
/// the operand constraints are verified).
inline mlir::RankedTensorType rankedType(mlir::Value value) {
  return value ? mlir::dyn_cast<mlir::RankedTensorType>(value.getType())
               : mlir::RankedTensorType();
}

/// Fails with "operand #i must be a ranked tensor" for the first operand of
/// `operands` that is not one.
template <typename OpTy>
mlir::LogicalResult requireRanked(std::optional<mlir::Location> loc,
                                  mlir::ValueRange operands) {
  for (auto [i, v] : llvm::enumerate(operands))
    if (!rankedType(v))
      return opError<OpTy>(loc, "operand #", i,
                           " must be a ranked tensor, got ", v.getType());
  return mlir::success();
}

/// Reads `values` as `rank` entries, or all `fill` when empty. Fails when the
/// length is neither 0 nor `rank`.
inline std::optional<shape::Shape> defaulted(llvm::ArrayRef<int64_t> values,
                                             size_t rank, int64_t fill) {
  if (values.empty())
    return shape::Shape(rank, fill);
  if (values.size() != rank)
    return std::nullopt;
  return shape::Shape(values.begin(), values.end());
}

/// Sets `marked[a]` for each axis of `axes` (negative counts from the back)
/// in a tensor of rank `marked.size()`; fails on an axis out of range or
/// listed twice. `what` names the rank in the message ("rank", "result
/// rank").
template <typename OpTy>
mlir::LogicalResult
markAxes(std::optional<mlir::Location> loc, llvm::ArrayRef<int64_t> axes,
         llvm::MutableArrayRef<bool> marked, llvm::StringRef what = "rank") {
  int64_t rank = marked.size();
  for (int64_t axis : axes) {
    std::optional<int64_t> a = shape::normalizeAxis(axis, rank);
    if (!a)
      return opError<OpTy>(loc, "axis ", axis, " is out of range for ", what,
                           " ", rank);
    if (marked[*a])
      return opError<OpTy>(loc, "axis ", axis, " is listed twice");
    marked[*a] = true;
  }
  return mlir::success();
}

} // namespace strata::graph::detail

#endif // STRATA_LIB_DIALECT_GRAPH_IR_OPHELPERS_H
