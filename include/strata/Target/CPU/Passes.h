//===- Passes.h - CPU backend passes ----------------------------*- C++ -*-===//
//
// Declarations of the passes defined in dialects/CPU/Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TARGET_CPU_PASSES_H
#define STRATA_TARGET_CPU_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace strata::cpu {

#define GEN_PASS_DECL
#include "CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "CPU/Passes.h.inc"

} // namespace strata::cpu

#endif // STRATA_TARGET_CPU_PASSES_H
