//===- LoweringUtils.h - Helpers of the graph -> linalg lowering -*- C++
//-*-===//
//
// Private to lib/Conversion/GraphToLinalg: building blocks shared by the
// elementwise, reduction and normalisation patterns (broadcasting
// linalg.generic, tensor.empty with dynamic sizes, neutral constants,
// scalar conversions).
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_CONVERSION_GRAPHTOLINALG_LOWERINGUTILS_H
#define STRATA_LIB_CONVERSION_GRAPHTOLINALG_LOWERINGUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace mlir::func {
class FuncOp;
} // namespace mlir::func

#include <optional>

namespace strata::lowering {

/// Computes a scalar from the scalar operands (one per tensor operand).
using BodyFn = llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                              mlir::ValueRange)>;

/// Why element type `type` cannot be lowered, or std::nullopt when it can:
/// f16, bf16, f32, f64 and signless integers are supported. Unsigned
/// integers never reach the patterns: see makeUnsignedSignless.
std::optional<std::string> unsupportedElementType(mlir::Type type);

/// Retypes `func` before the conversion: unsigned integer tensors become
/// signless, and graph ops that had unsigned operands or results are marked
/// (see UnsignedTypes.cpp). Fails, with an error on the op, when an op whose
/// lowering depends on signedness does not handle unsigned types.
llvm::LogicalResult makeUnsignedSignless(mlir::func::FuncOp func);

/// Whether operand (result) `i` of `op` was unsigned before
/// makeUnsignedSignless.
bool isUnsignedOperand(mlir::Operation *op, unsigned i);
bool isUnsignedResult(mlir::Operation *op, unsigned i);

/// Reports that `op` cannot be lowered: an error on the op with `reason`
/// (the dialect conversion only says "failed to legalize"), and a match
/// failure. Every graph op has exactly one lowering pattern, so the error is
/// final.
llvm::LogicalResult reject(mlir::RewriterBase &rewriter, mlir::Operation *op,
                           const llvm::Twine &reason);

/// `value` as the op's result type `type` (tensor.cast when the op's type is
/// less, or more, static than the value's).
mlir::Value castToType(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value value, mlir::Type type);

/// Float types narrower than f32 are computed in f32; others as themselves.
mlir::Type computeType(mlir::Type element);

/// A scalar arith.constant of int or float `type` holding `value` (ints are
/// truncated toward zero).
mlir::Value scalarConstant(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Type type, double value);
/// The extreme value of `type`: -inf/+inf for floats, the min/max signed
/// integer for ints.
mlir::Value extremeConstant(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Type type, bool lowest);

/// Converts scalar `value` to `to` with graph.cast semantics: float to int
/// rounds toward zero (fptosi: out of range is poison, undefined as in
/// ONNX), to i1 tests != 0 (NaN is true), int to int sign-extends (i1
/// zero-extends) or truncates, int to float rounds to nearest (i1 unsigned).
/// `fromUnsigned`/`toUnsigned` say that a signless integer side stands for
/// an unsigned type (zero extension, uitofp, fptoui).
mlir::Value convertScalar(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Value value, mlir::Type to,
                          bool fromUnsigned = false, bool toUnsigned = false);

/// Size of dim `d` of `value`: a static attribute, or the dynamic size
/// looked up through destination-style ops, tensor.empty and
/// tensor.expand_shape before falling back to tensor.dim.
mlir::OpFoldResult dimSize(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value value, int64_t d);

/// Size of every dim of `value` (see dimSize).
llvm::SmallVector<mlir::OpFoldResult>
mixedSizes(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value);

/// The indexing map reading `operand` inside a loop nest over `resultShape`
/// under numpy broadcasting: dims aligned at the back, an operand dim of
/// static size 1 against a result dim that is not static 1 reads index 0.
mlir::AffineMap broadcastMap(mlir::RankedTensorType operand,
                             llvm::ArrayRef<int64_t> resultShape);

/// A parallel linalg.generic over `sizes` reading `operands` through `maps`
/// and writing a new tensor of `resultElement` through the identity map.
mlir::Value buildGeneric(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::ValueRange operands,
                         llvm::ArrayRef<mlir::AffineMap> maps,
                         llvm::ArrayRef<mlir::OpFoldResult> sizes,
                         mlir::Type resultElement, BodyFn body);

/// Why the numpy broadcast of `operands` cannot be lowered with dynamic
/// dims, or nullopt: a dynamic dim against a static size other than 1 may
/// be 1 at run time (a broadcast the static maps cannot express), so it is
/// rejected. Dynamic against dynamic is assumed equal (symbolic dims with the
/// same name are; the runtime checks the inputs), dynamic against 1 is fine.
std::optional<std::string> ambiguousBroadcast(mlir::ValueRange operands);

/// Elementwise linalg.generic over the numpy broadcast of `operands` (ranked
/// tensors), producing elements of `resultElement`. Operand dims of static
/// size 1 broadcast (constant-0 index); a dynamic operand dim is assumed not
/// to broadcast (its size is the result's). The result type is as static as
/// the operands make it.
mlir::Value buildElementwise(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::ValueRange operands,
                             mlir::Type resultElement, BodyFn body);

/// Reduces `inputs[0]` over the dims marked in `reduced` into a tensor of
/// the kept dims with elements of the type of `init` (the neutral scalar the
/// accumulator starts from). Further inputs broadcast (numpy rules) to
/// `inputs[0]`. `combine(b, loc, {elements..., accumulator})` gives the new
/// accumulator.
mlir::Value buildReduction(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::ValueRange inputs,
                           llvm::ArrayRef<bool> reduced, mlir::Value init,
                           BodyFn combine);

/// Re-inserts the reduced dims of `value` (the result of buildReduction over
/// `reduced`) as size-1 dims with tensor.expand_shape.
mlir::Value expandReducedDims(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value value, llvm::ArrayRef<bool> reduced);

/// Number of elements of `input` over the dims marked in `reduced`, as a
/// scalar of int or float type `type`.
mlir::Value reducedCount(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value input, llvm::ArrayRef<bool> reduced,
                         mlir::Type type);

void populateReductionPatterns(mlir::RewritePatternSet &patterns);
void populateNormalizationPatterns(mlir::RewritePatternSet &patterns);

} // namespace strata::lowering

#endif // STRATA_LIB_CONVERSION_GRAPHTOLINALG_LOWERINGUTILS_H
