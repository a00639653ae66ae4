//===- Binary.h - The NPU program container -------------------------------===//
//
// A program as the NPU loads it: one instruction stream per engine queue,
// constant data placed in DRAM, and the I/O table that names the DRAM
// regions of the inputs and outputs. writeBinary/parseBinary convert it to
// and from the container format of docs/npu-isa.md; the assembler and
// disassembler to and from text.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TARGET_NPU_BINARY_H
#define STRATA_TARGET_NPU_BINARY_H

#include "strata/Target/NPU/ISA.h"

#include <string>
#include <vector>

namespace strata::npu {

constexpr uint32_t kBinaryMagic = 0x55504e53; // "SNPU" little-endian
constexpr uint16_t kBinaryVersion = 1;
constexpr unsigned kHeaderBytes = 64;
constexpr unsigned kIOEntryBytes = 64;
constexpr unsigned kMaxIONameBytes = 31;
constexpr unsigned kMaxRank = 6;

/// An input or output: a dense row-major tensor at a DRAM address.
struct IOEntry {
  std::string name;
  bool isOutput = false;
  DType dtype = DType::F32;
  std::vector<uint32_t> shape;
  uint32_t dramAddr = 0;

  uint64_t numElements() const;
  uint64_t byteSize() const { return numElements() * dtypeBytes(dtype); }
  bool operator==(const IOEntry &o) const {
    return name == o.name && isOutput == o.isOutput && dtype == o.dtype &&
           shape == o.shape && dramAddr == o.dramAddr;
  }
};

struct Program {
  uint32_t dramBytes = 0; // size of the DRAM image the program uses
  std::vector<Instruction> queues[kNumQueues];
  std::vector<IOEntry> io;
  uint32_t constAddr = 0; // where constData is placed in DRAM
  std::vector<uint8_t> constData;

  bool operator==(const Program &o) const;
  /// Structural checks shared by the writer, the parser and the simulator:
  /// every instruction verifies on its queue, I/O regions and constants lie
  /// inside the DRAM image.
  llvm::Error verify(const TargetDesc &target) const;
};

llvm::Expected<std::vector<uint8_t>> writeBinary(const Program &program);
/// Parses a container; truncated or corrupt input is an error, never a
/// crash. Does not check against a target (Program::verify does).
llvm::Expected<Program> parseBinary(llvm::ArrayRef<uint8_t> bytes);

/// Text form (docs/npu-isa.md, "Assembly"). printAssembly(parseAssembly(s))
/// is canonical; parseAssembly(printAssembly(p)) == p.
std::string printAssembly(const Program &program);
llvm::Expected<Program> parseAssembly(llvm::StringRef text);

} // namespace strata::npu

#endif // STRATA_TARGET_NPU_BINARY_H
