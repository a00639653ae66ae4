//===- NNToLinalg.cpp - Lower graph NN ops -----------------------------===//
//
// See populateGraphNNToLinalgPatterns in GraphToLinalg.h.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;

void strata::populateGraphNNToLinalgPatterns(RewritePatternSet &patterns) {}
