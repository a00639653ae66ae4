//===- NPUOps.h - The npu dialect and its ops -------------------*- C++ -*-===//
//
// The npu dialect (dialects/NPU/*.td), and the conversions between its ops
// and the ISA's instructions and programs (strata/Target/NPU), which the
// verifiers, the encoder (npu.program -> binary) and the lowering share.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_DIALECT_NPU_IR_NPUOPS_H
#define STRATA_DIALECT_NPU_IR_NPUOPS_H

#include "strata/Target/NPU/Binary.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"

#include "NPU/NPUDialect.h.inc"
#include "NPU/NPUEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "NPU/NPUAttrs.h.inc"

#define GET_OP_CLASSES
#include "NPU/NPUOps.h.inc"

namespace strata::npu {

/// The ISA instruction an instruction op stands for (fields it leaves out
/// take the ISA's defaults). Fails, with a diagnostic on `op`, when `op` is
/// not an instruction op or an attribute is not a field of its opcode.
mlir::FailureOr<Instruction> toInstruction(mlir::Operation *op);

/// Creates the instruction op for `instr` at `builder`'s insertion point;
/// only fields that differ from the ISA's defaults become attributes.
mlir::Operation *createInstructionOp(mlir::OpBuilder &builder,
                                     mlir::Location loc,
                                     const Instruction &instr);

/// The program an npu.program op describes (what the encoder writes).
/// Fails with a diagnostic if the op does not verify as a whole.
mlir::FailureOr<Program> toProgram(ProgramOp op);

/// The program of a module that holds exactly one npu.program (what the
/// graph -> npu lowering leaves); a diagnostic otherwise.
mlir::FailureOr<Program> toProgram(mlir::ModuleOp module);

} // namespace strata::npu

#endif // STRATA_DIALECT_NPU_IR_NPUOPS_H
