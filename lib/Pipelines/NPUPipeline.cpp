//===- NPUPipeline.cpp - graph -> npu.program -----------------------------===//

#include "strata/Pipelines/NPUPipeline.h"
#include "strata/Conversion/Passes.h"
#include "strata/Dialect/Graph/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void strata::buildNPUPipeline(OpPassManager &pm,
                              const NPUPipelineOptions &options) {
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  fpm.addPass(createCanonicalizerPass());
  fpm.addPass(graph::createInferShapesPass());
  fpm.addPass(createCSEPass());
  ConvertGraphToNPUPassOptions npu;
  npu.target = options.target;
  npu.precision = options.precision;
  pm.addPass(createConvertGraphToNPUPass(npu));
}

void strata::registerNPUPipelines() {
  PassPipelineRegistration<NPUPipelineOptions>(
      "strata-npu-pipeline",
      "Lower a graph-dialect model to npu.program ops for the modelled NPU",
      buildNPUPipeline);
}
