//===- NNLoweringUtils.h - Helpers of the structured-op lowerings -*- C++
//-*-===//
//
// Small builders shared by NNToLinalg.cpp, ConvToLinalg.cpp, PoolToLinalg.cpp,
// AttentionToLinalg.cpp and ShapeToLinalg.cpp: sizes of tensors as
// OpFoldResults, tensor.empty/linalg.fill, scalar constants, numpy
// broadcasting and reshapes that keep dynamic dims.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_CONVERSION_GRAPHTOLINALG_NNLOWERINGUTILS_H
#define STRATA_LIB_CONVERSION_GRAPHTOLINALG_NNLOWERINGUTILS_H

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"

namespace strata::nnlower {

using mlir::Location;
using mlir::OpBuilder;
using mlir::OpFoldResult;
using mlir::Type;
using mlir::Value;

/// The sizes of every dim of the ranked tensor `v`: attributes for static
/// dims, tensor.dim for dynamic ones.
llvm::SmallVector<OpFoldResult> getSizes(OpBuilder &b, Location loc, Value v);

/// The static size behind `size`, or ShapedType::kDynamic.
int64_t staticSize(OpFoldResult size);

/// tensor.empty of the given sizes.
Value emptyTensor(OpBuilder &b, Location loc,
                  llvm::ArrayRef<OpFoldResult> sizes, Type elementType);

/// linalg.fill of `value` on a tensor.empty of the given sizes.
Value filledTensor(OpBuilder &b, Location loc,
                   llvm::ArrayRef<OpFoldResult> sizes, Value value);

/// An arith.constant of `v` in the float or signless integer type `type`.
Value scalarConstant(OpBuilder &b, Location loc, Type type, double v);

/// -inf for floats, the minimum value for signless integers.
Value lowestConstant(OpBuilder &b, Location loc, Type type);

/// True for floats and signless integers (what arith computes on).
bool isArithElement(Type type);

/// True when `v` is exactly representable as an integer.
bool isIntegral(double v);

/// `v` cast (tensor.cast) to `type` when the types differ.
Value castTo(OpBuilder &b, Location loc, Value v, Type type);

/// Broadcasts `v` (numpy rules, trailing-aligned) to `sizes`: linalg.broadcast
/// when only leading dims are added, a linalg.generic with constant-0 index
/// expressions when size-1 dims are stretched. A dynamic input dim is taken to
/// equal the target dim.
Value broadcastTo(OpBuilder &b, Location loc, Value v,
                  llvm::ArrayRef<OpFoldResult> sizes);

/// The indexing map that reads a `type` tensor broadcast (as in broadcastTo)
/// over a loop nest of the given sizes.
mlir::AffineMap broadcastMap(OpBuilder &b, mlir::RankedTensorType type,
                             llvm::ArrayRef<OpFoldResult> sizes);

/// tensor.collapse_shape of `v` with `reassociation`.
Value collapse(OpBuilder &b, Location loc, Value v,
               llvm::ArrayRef<mlir::ReassociationIndices> reassociation);

/// tensor.expand_shape of `v` to `sizes` with `reassociation`.
Value expand(OpBuilder &b, Location loc, Value v,
             llvm::ArrayRef<mlir::ReassociationIndices> reassociation,
             llvm::ArrayRef<OpFoldResult> sizes);

/// tensor.pad of `v` with `low`/`high` (static amounts >= 0) filled with
/// `padValue`; `v` itself when nothing is padded.
Value padWith(OpBuilder &b, Location loc, Value v, llvm::ArrayRef<int64_t> low,
              llvm::ArrayRef<int64_t> high, Value padValue);

/// Creates a named convolution or pooling op with `strides`/`dilations`.
template <typename OpTy>
Value createWindowOp(OpBuilder &b, Location loc, mlir::ValueRange inputs,
                     Value init, llvm::ArrayRef<int64_t> strides,
                     llvm::ArrayRef<int64_t> dilations) {
  return OpTy::create(b, loc, mlir::TypeRange{init.getType()}, inputs,
                      mlir::ValueRange{init}, b.getI64TensorAttr(strides),
                      b.getI64TensorAttr(dilations))
      .getResult(0);
}

/// Rejects `op`: reports `reason` as an error on the op (the dialect
/// conversion only logs notifyMatchFailure reasons in debug builds, and no
/// other pattern lowers these ops) and returns notifyMatchFailure's failure.
mlir::LogicalResult reject(mlir::RewriterBase &rewriter, mlir::Operation *op,
                           const llvm::Twine &reason);

/// `n` parallel iterators.
llvm::SmallVector<mlir::utils::IteratorType> parallelIterators(unsigned n);

/// A linalg.generic over `outSizes` that applies `body` elementwise: `inputs`
/// are read with `inputMaps` (a map per input over the output's dims), the
/// result is written with the identity map. The body receives the input
/// elements and returns the result element.
Value elementwise(
    OpBuilder &b, Location loc, mlir::ValueRange inputs,
    llvm::ArrayRef<mlir::AffineMap> inputMaps,
    llvm::ArrayRef<OpFoldResult> outSizes, Type elementType,
    llvm::function_ref<Value(OpBuilder &, Location, mlir::ValueRange)> body);

/// Pattern sets of the structured-op lowerings, one per file.
void populateMatmulPatterns(mlir::RewritePatternSet &patterns);
void populateConvPatterns(mlir::RewritePatternSet &patterns);
void populatePoolPatterns(mlir::RewritePatternSet &patterns);
void populateAttentionPatterns(mlir::RewritePatternSet &patterns);
void populateSlicePadGatherPatterns(mlir::RewritePatternSet &patterns);

} // namespace strata::nnlower

#endif // STRATA_LIB_CONVERSION_GRAPHTOLINALG_NNLOWERINGUTILS_H
