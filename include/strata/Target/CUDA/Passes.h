//===- Passes.h - CUDA backend passes ----------------------------*- C++
//-*-===//
//
// Declarations of the passes defined in dialects/CUDA/Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TARGET_CUDA_PASSES_H
#define STRATA_TARGET_CUDA_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace strata::cuda {

#define GEN_PASS_DECL
#include "CUDA/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "CUDA/Passes.h.inc"

} // namespace strata::cuda

#endif // STRATA_TARGET_CUDA_PASSES_H
