//===- GraphToLinalg.h - Lower graph ops to linalg on tensors ---*- C++ -*-===//
//
// Pattern sets of the graph -> linalg/tensor/arith/math lowering, one per
// family of ops, so that other pipelines (CUDA, NPU fallbacks) can reuse them.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_CONVERSION_GRAPHTOLINALG_GRAPHTOLINALG_H
#define STRATA_CONVERSION_GRAPHTOLINALG_GRAPHTOLINALG_H

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace strata {

/// Elementwise ops (unary, binary with numpy broadcasting, compare, where,
/// cast, clip, activations), reductions, softmax/log_softmax, layer_norm,
/// batch_norm, global pooling and constants.
void populateGraphElementwiseToLinalgPatterns(
    mlir::RewritePatternSet &patterns);

/// Structured compute: matmul, gemm, conv, window pooling and attention.
void populateGraphNNToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// Data movement: reshape, transpose, concat, slice, gather, split, pad,
/// expand, squeeze, unsqueeze and flatten.
void populateGraphShapeToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// Indexing: gather_elements, scatter_elements, arg_max/arg_min, trilu,
/// cumsum.
void populateGraphIndexingToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// resize (nearest, linear, cubic).
void populateGraphResizeToLinalgPatterns(mlir::RewritePatternSet &patterns);

} // namespace strata

#endif // STRATA_CONVERSION_GRAPHTOLINALG_GRAPHTOLINALG_H
