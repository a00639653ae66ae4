//===- ISA.h - Instructions of the modelled NPU and their encoding --------===//
//
// The NPU's instruction set: opcodes, the engine queues they run on, the
// instruction struct and its fixed 256-bit encoding. Every instruction's
// format is one table of named bit fields (ISAEncoding.cpp), from which the
// encoder, decoder, assembler and disassembler all work, and which
// docs/npu-isa.md reproduces.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TARGET_NPU_ISA_H
#define STRATA_TARGET_NPU_ISA_H

#include "strata/Target/NPU/TargetDesc.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <string>

namespace strata::npu {

/// The engines' in-order instruction queues.
enum class Queue : uint8_t {
  Ctrl = 0,
  DmaIn = 1,
  DmaOut = 2,
  Matrix = 3,
  Vector = 4
};
constexpr unsigned kNumQueues = 5;
llvm::StringRef queueName(Queue q);

/// Memory spaces: DRAM, the on-chip SRAM and the accumulator buffer.
enum class Space : uint8_t { DRAM = 0, SRAM = 1, ACC = 2 };
constexpr unsigned kNumSpaces = 3;
llvm::StringRef spaceName(Space s);
llvm::StringRef dtypeName(DType t);

enum class Opcode : uint8_t {
  Nop = 0x01,
  SetFlag = 0x02,
  WaitFlag = 0x03,
  Dma = 0x10,
  Matmul = 0x20,
  VAdd = 0x30,
  VMul = 0x31,
  VMax = 0x32,
  VAddS = 0x33,
  VMulS = 0x34,
  VRelu = 0x35,
  VExp = 0x36,
  VRsqrt = 0x37,
  VRecip = 0x38,
  VRedSum = 0x39,
  VRedMax = 0x3a,
  VCvt = 0x3b,
  VRequant = 0x3c,
};

/// Bytes of one encoded instruction (256 bits).
constexpr unsigned kInstrBytes = 32;
using InstrWord = std::array<uint8_t, kInstrBytes>;

/// One instruction. Fields not used by the opcode stay 0. Memory operands:
/// `dst`, `src`, `src1` are byte addresses in the spaces `dstSpace`,
/// `srcSpace`, `src1Space` (matmul: dst = C in ACC, src = A, src1 = B, both
/// in SRAM). Strides are bytes for DMA and elements otherwise.
struct Instruction {
  Opcode opcode = Opcode::Nop;
  int64_t cycles = 0, flag = 0;
  int64_t dstSpace = 0, srcSpace = 0, src1Space = 0;
  int64_t dst = 0, src = 0, src1 = 0;
  int64_t rowBytes = 0, rows = 0, planes = 0, cols = 0;
  int64_t dstStride = 0, srcStride = 0, src1Stride = 0;
  int64_t dstPlaneStride = 0, srcPlaneStride = 0;
  int64_t m = 0, n = 0, k = 0, accumulate = 0;
  int64_t dtype = 0, dstType = 0, srcType = 0;
  int64_t imm = 0, shift = 0, zp = 0;

  bool operator==(const Instruction &o) const;
};

/// How a field is written in assembly.
enum class FieldKind : uint8_t { UInt, SInt, Space, DType, F32 };

/// One bit field of an instruction word.
struct FieldDesc {
  const char *name;   // assembly keyword
  uint16_t bitOffset; // from bit 0 of byte 0 (little-endian)
  uint8_t bitWidth;
  FieldKind kind;
  int64_t Instruction::*member;
  int64_t defaultValue; // when the assembly omits the field
};

struct OpcodeDesc {
  Opcode opcode;
  const char *mnemonic;
  uint8_t queueMask; // bit q set: may run on queue q
  llvm::ArrayRef<FieldDesc> fields;
  const char *summary;
};

llvm::ArrayRef<OpcodeDesc> allOpcodes();
const OpcodeDesc *lookupOpcode(uint8_t opcode);
const OpcodeDesc *lookupMnemonic(llvm::StringRef mnemonic);

/// Packs `instr` into a word; fails if a field does not fit its width.
llvm::Expected<InstrWord> encode(const Instruction &instr);
/// Unpacks a word; fails on an unknown opcode or non-zero reserved bits.
llvm::Expected<Instruction> decode(const InstrWord &word);
/// Checks what the hardware can execute, independent of memory contents:
/// enum values, flag ids, non-empty shapes, dtypes the engine supports,
/// instruction limits of `target`, and that the opcode may run on `queue`.
llvm::Error verify(const Instruction &instr, Queue queue,
                   const TargetDesc &target);

/// Markdown tables for docs/npu-isa.md: every instruction's fields, and
/// the target's parameters with the source of each default.
std::string printISATables();
std::string printTargetTable(const TargetDesc &target);

/// The vector-latency class of a vector opcode.
VectorOpClass vectorOpClass(Opcode op);
bool isVectorOp(Opcode op);

} // namespace strata::npu

#endif // STRATA_TARGET_NPU_ISA_H
