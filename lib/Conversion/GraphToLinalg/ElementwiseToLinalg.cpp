//===- ElementwiseToLinalg.cpp - Lower graph Elementwise ops
//-----------------------------===//
//
// See populateGraphElementwiseToLinalgPatterns in GraphToLinalg.h.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;

void strata::populateGraphElementwiseToLinalgPatterns(
    RewritePatternSet &patterns) {}
