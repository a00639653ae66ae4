//===- Passes.h - CPU backend passes ----------------------------*- C++ -*-===//
//
// Declarations of the passes defined in dialects/CPU/Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TARGET_CPU_PASSES_H
#define STRATA_TARGET_CPU_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Pass/Pass.h"

namespace strata::cpu {

#define GEN_PASS_DECL
#include "CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "CPU/Passes.h.inc"

} // namespace strata::cpu

#endif // STRATA_TARGET_CPU_PASSES_H
