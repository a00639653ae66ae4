//===- GraphOps.cpp - Generated op definitions ----------------------------===//
//
// Instantiates the op classes generated from dialects/Graph/GraphOps.td. The
// hand-written parts of each op family (type inference, verifiers, folders,
// costs) live in ElementwiseOps.cpp, NNOps.cpp and ShapeOps.cpp.
//
//===----------------------------------------------------------------------===//

#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace strata::graph;

#define GET_OP_CLASSES
#include "Graph/GraphOps.cpp.inc"
