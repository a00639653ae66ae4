//===- OpTable.cpp - ONNX op_type to node importer ------------------------===//
//
// One table for the ai.onnx domain, filled by each family of node importers
// (ElementwiseImporters.cpp, NNImporters.cpp, ShapeImporters.cpp,
// IndexingImporters.cpp, RearrangeImporters.cpp, NDIndexImporters.cpp). An op
// type missing here is reported as unsupported.
//
//===----------------------------------------------------------------------===//

#include "ImporterContext.h"

using namespace strata::onnx_import;

static const llvm::StringMap<NodeImporterFn> &table() {
  static const llvm::StringMap<NodeImporterFn> t = [] {
    llvm::StringMap<NodeImporterFn> m;
    registerElementwiseImporters(m);
    registerNNImporters(m);
    registerShapeImporters(m);
    registerIndexingImporters(m);
    registerRearrangeImporters(m);
    registerNDIndexImporters(m);
    return m;
  }();
  return t;
}

NodeImporterFn strata::onnx_import::lookupNodeImporter(llvm::StringRef opType) {
  return table().lookup(opType);
}
