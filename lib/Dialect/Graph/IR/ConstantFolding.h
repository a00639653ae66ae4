//===- ConstantFolding.h - Folding graph ops on constants -------*- C++ -*-===//
//
// Private to lib/Dialect/Graph/IR: evaluates elementwise and data-movement ops
// on small constant tensors for the op folders. Every function returns a null
// Attribute when it declines: a non-dense operand, a dynamic result, more than
// kMaxFoldElements elements (splats of any size are fine), or a value the op
// does not define (division by zero, an out-of-range conversion).
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_DIALECT_GRAPH_IR_CONSTANTFOLDING_H
#define STRATA_LIB_DIALECT_GRAPH_IR_CONSTANTFOLDING_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APInt.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace strata::graph::fold {

/// Largest non-splat constant the folders evaluate; bigger tensors are left
/// to the backends (folding them would bloat the IR).
inline constexpr int64_t kMaxFoldElements = 4096;

using FloatFn = llvm::function_ref<std::optional<llvm::APFloat>(
    const llvm::APFloat &, const llvm::APFloat &)>;
using IntFn = llvm::function_ref<std::optional<llvm::APInt>(
    const llvm::APInt &, const llvm::APInt &)>;

/// `value` converted to double (exact for every float type up to f64).
double toDouble(llvm::APFloat value);

/// `value` rounded to nearest-even in the float semantics `sem`.
llvm::APFloat fromDouble(double value, const llvm::fltSemantics &sem);

/// Applies `fn` (evaluated in double precision, rounded to the element type)
/// to every element of a float constant.
mlir::Attribute unaryFloat(mlir::Attribute operand,
                           llvm::function_ref<double(double)> fn);

/// Applies `fn` to every element of an integer constant.
mlir::Attribute unaryInt(
    mlir::Attribute operand,
    llvm::function_ref<std::optional<llvm::APInt>(const llvm::APInt &)> fn);

/// Evaluates a broadcasting binary op. `floatFn`/`intFn` may be null when the
/// op does not apply to that element kind. The result has the operands'
/// element type.
mlir::Attribute binary(mlir::Attribute lhs, mlir::Attribute rhs,
                       mlir::Type resultType, FloatFn floatFn, IntFn intFn);

using FloatPredicate =
    llvm::function_ref<bool(const llvm::APFloat &, const llvm::APFloat &)>;
using IntPredicate =
    llvm::function_ref<bool(const llvm::APInt &, const llvm::APInt &)>;

/// Evaluates a broadcasting comparison into an `i1` constant.
mlir::Attribute compare(mlir::Attribute lhs, mlir::Attribute rhs,
                        mlir::Type resultType, FloatPredicate floatPred,
                        IntPredicate intPred);

/// Converts every element to the element type of `resultType` (graph.cast).
mlir::Attribute cast(mlir::Attribute operand, mlir::Type resultType);

/// Reinterprets the elements with a new static shape.
mlir::Attribute reshape(mlir::Attribute operand, mlir::Type resultType);

/// Permutes the dims of a constant.
mlir::Attribute transpose(mlir::Attribute operand, llvm::ArrayRef<int64_t> perm,
                          mlir::Type resultType);

/// Concatenates constants along `axis`.
mlir::Attribute concat(llvm::ArrayRef<mlir::Attribute> operands, int64_t axis,
                       mlir::Type resultType);

/// True when `attr` is a constant whose every element equals `value`
/// (for floats, bitwise equal to `value` converted to the element type, so
/// -0.0 and 0.0 differ).
bool isSplatOf(mlir::Attribute attr, double value);

} // namespace strata::graph::fold

#endif // STRATA_LIB_DIALECT_GRAPH_IR_CONSTANTFOLDING_H
