//===- ShapeInference.h - Shape rules of graph ops --------------*- C++ -*-===//
//
// Pure functions that compute result shapes from operand shapes and
// attributes: numpy broadcasting, matmul, convolution/pooling windows, slices,
// reshapes. They know nothing about MLIR ops, so the verifiers, the type
// inference, the importers and the unit tests share one definition of each
// rule. Dynamic dims are `mlir::ShapedType::kDynamic`.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_DIALECT_GRAPH_IR_SHAPEINFERENCE_H
#define STRATA_DIALECT_GRAPH_IR_SHAPEINFERENCE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>
#include <string>

namespace strata::graph::shape {

using Shape = llvm::SmallVector<int64_t, 6>;

/// The marker for a dynamic dim (equal to mlir::ShapedType::kDynamic).
inline constexpr int64_t kDynamic = INT64_MIN;

inline bool isDynamic(int64_t dim) { return dim == kDynamic; }

/// Formats a dim as its size or `?` for diagnostics.
std::string toString(int64_t dim);

/// Formats a shape as `[2, ?, 3]` for diagnostics.
std::string toString(llvm::ArrayRef<int64_t> shape);

/// Returns the number of elements, or std::nullopt if a dim is dynamic.
std::optional<int64_t> numElements(llvm::ArrayRef<int64_t> shape);

/// Maps `axis` in [-rank, rank) to [0, rank); std::nullopt when out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// Numpy broadcasting of two shapes. A dynamic dim against a static dim S > 1
/// gives S (the dynamic one must be 1 or S at run time); against 1 or another
/// dynamic dim it stays dynamic. On failure `error` says which dims clash.
std::optional<Shape> broadcast(llvm::ArrayRef<int64_t> lhs,
                               llvm::ArrayRef<int64_t> rhs, std::string &error);

/// True when `from` broadcasts (numpy rules) to exactly `to`: it has no more
/// dims, and each of its trailing-aligned dims is 1 or may equal `to`'s (a
/// dynamic dim on either side may).
bool broadcastsTo(llvm::ArrayRef<int64_t> from, llvm::ArrayRef<int64_t> to);

/// numpy.matmul result shape (1-D promotion, batch broadcasting).
std::optional<Shape> matmul(llvm::ArrayRef<int64_t> lhs,
                            llvm::ArrayRef<int64_t> rhs, std::string &error);

/// Output size of one spatial dim of a convolution or pooling window:
/// floor-or-ceil((in + padBegin + padEnd - dilation * (kernel - 1) - 1) /
/// stride) + 1. With `ceilMode`, a last window starting inside the end padding
/// is dropped. Dynamic `in` gives a dynamic result. Fails (with `error`) when
/// the window does not fit.
std::optional<int64_t> windowOutputSize(int64_t in, int64_t kernel,
                                        int64_t stride, int64_t dilation,
                                        int64_t padBegin, int64_t padEnd,
                                        bool ceilMode, std::string &error);

/// Number of elements selected along a dim of size `dim` by the slice
/// `start:end:step` with numpy/ONNX clamping (step != 0). Dynamic `dim` gives
/// a dynamic size.
int64_t sliceSize(int64_t dim, int64_t start, int64_t end, int64_t step);

/// Result shape of a reshape of `input` to `target` (at most one -1, other
/// entries >= 0). Checks the element count when both are known.
std::optional<Shape> reshape(llvm::ArrayRef<int64_t> input,
                             llvm::ArrayRef<int64_t> target,
                             std::string &error);

/// Validates `perm` as a permutation of [0, rank).
bool isPermutation(llvm::ArrayRef<int64_t> perm, int64_t rank);

} // namespace strata::graph::shape

#endif // STRATA_DIALECT_GRAPH_IR_SHAPEINFERENCE_H
