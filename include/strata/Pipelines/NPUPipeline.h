//===- NPUPipeline.h - graph -> npu.program ---------------------*- C++ -*-===//
//
// The NPU's lowering as one named pipeline, `strata-npu-pipeline`: graph
// clean-up and shape inference, then convert-graph-to-npu. Its output is a
// module holding one npu.program per function, which
// `strata-translate --npu-to-binary` encodes.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_PIPELINES_NPUPIPELINE_H
#define STRATA_PIPELINES_NPUPIPELINE_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace strata {

struct NPUPipelineOptions
    : public mlir::PassPipelineOptions<NPUPipelineOptions> {
  Option<std::string> target{
      *this, "target", llvm::cl::desc("Name of the NPU target description"),
      llvm::cl::init("npu-v1")};
  Option<std::string> precision{
      *this, "precision",
      llvm::cl::desc("Matrix-unit operand type: bf16 or f16"),
      llvm::cl::init("bf16")};
};

void buildNPUPipeline(mlir::OpPassManager &pm,
                      const NPUPipelineOptions &options);

/// Registers strata-npu-pipeline.
void registerNPUPipelines();

} // namespace strata

#endif // STRATA_PIPELINES_NPUPIPELINE_H
