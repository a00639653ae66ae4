//===- ISADoc.cpp - Markdown tables of the target and the encoding --------===//
//
// The machine-parameter table and the per-instruction field tables of
// docs/npu-isa.md, printed from the TargetDesc and the encoding tables
// themselves (strata-npu-sim --print-target, strata-npu-objdump
// --print-isa). A lit test diffs them against the document, so the
// document cannot drift from the code.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/NPU/ISA.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace strata::npu;

std::string strata::npu::printTargetTable(const TargetDesc &t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  auto row = [&](const char *what, uint64_t v, const char *unit,
                 const char *source) {
    os << "| " << what << " | " << v << (*unit ? " " : "") << unit << " | "
       << source << " |\n";
  };
  os << "| Parameter | Value | Source of the default |\n|---|---|---|\n";
  row("clock", t.clockMHz, "MHz",
      "Ascend 910 ~0.98 GHz, TPU v4 ~1.05 GHz (derived, hardware refs A1)");
  row("matrix array rows", t.matRows, "",
      "Ascend cube 16x16x16, Gemmini 16x16 mesh");
  row("matrix array cols", t.matCols, "", "as above");
  row("matrix k per cycle, bf16/f16", t.matKStepFloat, "",
      "Ascend: one 16x16x16 fp16 step per cycle = 4096 MAC/cycle");
  row("matrix k per cycle, i8", t.matKStepInt8, "",
      "Ascend: int8 16x32x16 per cycle = 8192 MAC/cycle");
  row("peak MAC/cycle, bf16/f16", t.peakMacsPerCycle(DType::BF16), "",
      "rows x cols x k per cycle");
  row("peak MAC/cycle, i8", t.peakMacsPerCycle(DType::I8), "",
      "rows x cols x k per cycle");
  row("matrix fill + drain", t.matmulPipeLatency(), "cycles",
      "(R - 1) + (C - 1), the systolic skew (SCALE-Sim OS formula)");
  row("matmul m, n, k limit", t.matMaxDim, "",
      "model choice: a 256x128x256 tile fits with room");
  row("vector width", t.vecBytesPerCycle, "B/cycle",
      "Ascend vector unit 2048 bits");
  row("vector latency: add/mul/max/relu/cvt",
      t.vecLatency[unsigned(VectorOpClass::Simple)], "cycles",
      "model choice (n/s in any source)");
  row("vector latency: exp", t.vecLatency[unsigned(VectorOpClass::Transcend)],
      "cycles", "model choice (n/s)");
  row("vector latency: rsqrt", t.vecLatency[unsigned(VectorOpClass::Rsqrt)],
      "cycles", "model choice (n/s)");
  row("vector latency: reciprocal",
      t.vecLatency[unsigned(VectorOpClass::Reciprocal)], "cycles",
      "model choice (n/s)");
  row("vector latency: row reductions",
      t.vecLatency[unsigned(VectorOpClass::Reduce)], "cycles",
      "model choice: log2 of a 256-lane adder tree");
  row("vector latency: requantise",
      t.vecLatency[unsigned(VectorOpClass::Requant)], "cycles",
      "model choice (n/s)");
  row("SRAM", t.sramBytes, "bytes",
      "1-2 MiB design guidance; Ascend L1 0.5-1 MiB");
  row("SRAM banks", t.sramBanks, "",
      "4-32 banks guidance (conflicts not modelled yet)");
  row("accumulator", t.accBytes, "bytes",
      "two 256x256 FP32 tiles; Ascend L0C 128-256 KiB, TPU v1 4 MiB");
  row("on-chip copy width", t.onChipCopyBytesPerCycle, "B/cycle",
      "one vector-width row per cycle (model choice)");
  row("on-chip copy latency", t.onChipCopyLatency, "cycles", "model choice");
  row("DRAM bandwidth", t.dramBytesPerCycle, "B/cycle",
      "32-256 guidance; TPU v4 ~143 per MXU");
  row("DRAM latency", t.dramLatency, "cycles",
      "100-500 guidance; A100 HBM ~280 cycles");
  row("DRAM burst", t.dramBurstBytes, "bytes",
      "Gemmini DMA 64 B, NVDLA atom 32 B");
  row("DRAM image limit", t.dramMaxBytes, "bytes",
      "what the simulator allocates at most");
  row("DMA transfer limit", t.dmaMaxBytes, "bytes",
      "model choice: rows x planes x row_bytes of one descriptor");
  row("sync flags", t.numFlags, "", "8-16 guidance; Ascend event IDs 0-7");
  row("set_flag / wait_flag cost", t.syncCycles, "cycles", "model choice");
  return s;
}

static const char *kindName(FieldKind k) {
  switch (k) {
  case FieldKind::UInt:
    return "uint";
  case FieldKind::SInt:
    return "sint";
  case FieldKind::Space:
    return "space";
  case FieldKind::DType:
    return "dtype";
  case FieldKind::F32:
    return "f32 bits";
  }
  return "?";
}

std::string strata::npu::printISATables() {
  std::string s;
  llvm::raw_string_ostream os(s);
  for (const OpcodeDesc &d : allOpcodes()) {
    os << "#### `" << d.mnemonic << "` (opcode "
       << llvm::format_hex(uint8_t(d.opcode), 4) << ")\n\n"
       << d.summary << ". Queues:";
    for (unsigned q = 0; q < kNumQueues; ++q)
      if ((d.queueMask >> q) & 1)
        os << " " << queueName(Queue(q));
    os << ".\n\n| Field | Bits | Kind | Default |\n|---|---|---|---|\n";
    os << "| opcode | 0-7 | uint | |\n";
    for (const FieldDesc &f : d.fields)
      os << "| " << f.name << " | " << f.bitOffset << "-"
         << f.bitOffset + f.bitWidth - 1 << " | " << kindName(f.kind) << " | "
         << (f.kind == FieldKind::Space   ? spaceName(Space(f.defaultValue))
             : f.kind == FieldKind::DType ? dtypeName(DType(f.defaultValue))
                                          : std::to_string(f.defaultValue))
         << " |\n";
    os << "\n";
  }
  return s;
}
