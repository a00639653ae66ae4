//===- GraphToLinalg.cpp - The convert-graph-to-linalg pass ---------------===//
//
// Drives the pattern sets of ElementwiseToLinalg.cpp, NNToLinalg.cpp and
// ShapeToLinalg.cpp with a dialect conversion: every graph op must be
// rewritten, and one that is not is reported with the reason its pattern gave.
// Unsigned integer tensors are first made signless (UnsignedTypes.cpp).
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "LoweringUtils.h"
#include "strata/Conversion/Passes.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

namespace strata {
#define GEN_PASS_DEF_CONVERTGRAPHTOLINALGPASS
#include "Conversion/Passes.h.inc"
} // namespace strata

using namespace mlir;

namespace {
struct ConvertGraphToLinalgPass
    : strata::impl::ConvertGraphToLinalgPassBase<ConvertGraphToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    if (failed(strata::lowering::makeUnsignedSignless(getOperation())))
      return signalPassFailure();
    ConversionTarget target(*ctx);
    target.addIllegalDialect<strata::graph::GraphDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });

    RewritePatternSet patterns(ctx);
    strata::populateGraphElementwiseToLinalgPatterns(patterns);
    strata::populateGraphNNToLinalgPatterns(patterns);
    strata::populateGraphShapeToLinalgPatterns(patterns);
    strata::populateGraphIndexingToLinalgPatterns(patterns);
    strata::populateGraphResizeToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
