//===- InitAll.cpp - Register every Strata and upstream component ---------===//
//
// Registration used by strata-opt and the other tools: Strata's dialects and
// passes plus all of upstream MLIR's, so that every lowering step can be run
// on its own from the command line.
//
//===----------------------------------------------------------------------===//

#include "strata/InitAll.h"

#include "strata/Conversion/Passes.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"
#include "strata/Dialect/Graph/Transforms/Passes.h"
#include "strata/Dialect/NPU/IR/NPUOps.h"
#include "strata/Pipelines/CPUPipeline.h"
#include "strata/Pipelines/NPUPipeline.h"
#include "strata/Target/CPU/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"

void strata::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<graph::GraphDialect, npu::NPUDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
}

void strata::registerAllPasses() {
  graph::registerGraphPasses();
  registerConversionPasses();
  cpu::registerCPUPasses();
  registerCPUPipelines();
  registerNPUPipelines();
  mlir::registerAllPasses();
}
