//===- ShapeToLinalg.cpp - Lower graph Shape ops
//-----------------------------===//
//
// See populateGraphShapeToLinalgPatterns in GraphToLinalg.h.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;

void strata::populateGraphShapeToLinalgPatterns(RewritePatternSet &patterns) {}
