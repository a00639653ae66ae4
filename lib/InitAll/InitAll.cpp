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
#include "strata/Pipelines/CUDAPipeline.h"
#include "strata/Pipelines/NPUPipeline.h"
#include "strata/Target/CPU/Passes.h"
#include "strata/Target/CUDA/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"

void strata::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<graph::GraphDialect, npu::NPUDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // Translations to LLVM IR that passes need (gpu-module-to-binary turns
  // NVVM kernels into PTX through them).
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
  mlir::registerGPUDialectTranslation(registry);
  mlir::gpu::registerOffloadingLLVMTranslationInterfaceExternalModels(registry);
  mlir::registerNVVMDialectTranslation(registry);
  mlir::NVVM::registerNVVMTargetInterfaceExternalModels(registry);
}

void strata::registerAllPasses() {
  graph::registerGraphPasses();
  registerConversionPasses();
  cpu::registerCPUPasses();
  registerCPUPipelines();
  cuda::registerCUDAPasses();
  registerCUDAPipelines();
  registerNPUPipelines();
  mlir::registerAllPasses();
}
