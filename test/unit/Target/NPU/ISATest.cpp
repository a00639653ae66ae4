//===- ISATest.cpp - NPU encoding, container and assembly round trips -----===//
//
// Every opcode encodes and decodes to itself with every field at a
// distinctive value; the decoder rejects unknown opcodes and reserved bits;
// the container and the assembly round-trip exactly; a fuzzer flips and
// truncates bytes of a valid binary and checks that parsing and simulating
// report errors instead of crashing or hanging.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/NPU/Simulator.h"

#include <gtest/gtest.h>

#include <random>

using namespace strata::npu;

/// An instruction of `d` whose fields all hold different values that use
/// their full width (signed fields negative).
static Instruction sample(const OpcodeDesc &d, unsigned seed) {
  Instruction in;
  in.opcode = d.opcode;
  unsigned i = seed;
  for (const FieldDesc &f : d.fields) {
    ++i;
    uint64_t max = (uint64_t(1) << f.bitWidth) - 1;
    int64_t v;
    if (f.kind == FieldKind::Space)
      v = i % kNumSpaces;
    else if (f.kind == FieldKind::DType)
      v = i % kNumDTypes;
    else if (f.kind == FieldKind::SInt)
      v = -int64_t(i % (max / 2)) - 1;
    else
      v = int64_t((max - i * 7) & max);
    in.*f.member = v;
  }
  return in;
}

TEST(NPUISA, EveryInstructionRoundTrips) {
  for (const OpcodeDesc &d : allOpcodes()) {
    for (unsigned seed = 0; seed < 3; ++seed) {
      Instruction in = sample(d, seed);
      auto word = encode(in);
      ASSERT_TRUE(bool(word))
          << d.mnemonic << ": " << llvm::toString(word.takeError());
      EXPECT_EQ((*word)[0], uint8_t(d.opcode));
      auto back = decode(*word);
      ASSERT_TRUE(bool(back))
          << d.mnemonic << ": " << llvm::toString(back.takeError());
      EXPECT_TRUE(*back == in) << d.mnemonic;
      auto again = encode(*back);
      ASSERT_TRUE(bool(again));
      EXPECT_EQ(*again, *word) << d.mnemonic;
    }
  }
}

TEST(NPUISA, FieldsDoNotOverlap) {
  for (const OpcodeDesc &d : allOpcodes()) {
    std::vector<bool> used(kInstrBytes * 8, false);
    for (unsigned b = 0; b < 8; ++b)
      used[b] = true; // opcode
    for (const FieldDesc &f : d.fields)
      for (unsigned b = f.bitOffset; b < f.bitOffset + f.bitWidth; ++b) {
        ASSERT_LT(b, kInstrBytes * 8u) << d.mnemonic << "." << f.name;
        EXPECT_FALSE(used[b]) << d.mnemonic << "." << f.name;
        used[b] = true;
      }
  }
}

TEST(NPUISA, DecoderRejectsBadWords) {
  InstrWord w{};
  w[0] = 0xee;
  auto bad = decode(w);
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()), "unknown opcode 0xee");
  w = InstrWord{};
  w[0] = uint8_t(Opcode::SetFlag);
  w[31] = 1;
  auto reserved = decode(w);
  ASSERT_FALSE(bool(reserved));
  EXPECT_EQ(llvm::toString(reserved.takeError()),
            "set_flag: reserved bits set in byte 31");
}

TEST(NPUISA, EncoderRejectsValuesThatDoNotFit) {
  Instruction in;
  in.opcode = Opcode::Dma;
  in.rows = 1 << 16;
  auto w = encode(in);
  ASSERT_FALSE(bool(w));
  EXPECT_EQ(llvm::toString(w.takeError()),
            "dma: field 'rows' value 65536 does not fit in 16 bits");
}

TEST(NPUISA, VerifierRejectsWhatTheHardwareCannotDo) {
  const TargetDesc &t = TargetDesc::getDefault();
  Instruction mm;
  mm.opcode = Opcode::Matmul;
  mm.dtype = int64_t(DType::F32);
  mm.m = mm.n = mm.k = 16;
  mm.srcStride = mm.src1Stride = mm.dstStride = 16;
  EXPECT_EQ(llvm::toString(verify(mm, Queue::Matrix, t)),
            "matmul: the matrix unit takes bf16, f16 or i8, not f32");
  mm.dtype = int64_t(DType::BF16);
  EXPECT_EQ(llvm::toString(verify(mm, Queue::Vector, t)),
            "matmul cannot run on the vector queue");
  EXPECT_FALSE(bool(verify(mm, Queue::Matrix, t)));
  Instruction dma;
  dma.opcode = Opcode::Dma;
  dma.srcSpace = int64_t(Space::SRAM);
  dma.rowBytes = dma.rows = dma.planes = 65535;
  EXPECT_EQ(llvm::toString(verify(dma, Queue::DmaIn, t)),
            "dma: a transfer is limited to 16777216 bytes");
  Instruction relu;
  relu.opcode = Opcode::VRelu;
  relu.rows = relu.cols = relu.srcStride = relu.dstStride = 4;
  relu.srcSpace = int64_t(Space::DRAM);
  EXPECT_EQ(llvm::toString(verify(relu, Queue::Vector, t)),
            "vrelu: vector operands live in sram or acc, not dram");
  Instruction flag;
  flag.opcode = Opcode::WaitFlag;
  flag.flag = 16;
  EXPECT_EQ(llvm::toString(verify(flag, Queue::Ctrl, t)),
            "wait_flag: flag 16 out of range (the target has 16 flags)");
}

static const char *kProgram = R"(
.dram 8192
.input x bf16 4x8 @0
.output y f32 4x8 @256
.const @4096
.data 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
.data 2021
.queue ctrl
  nop cycles=5
  set_flag flag=2
.queue dma_in
  dma dst_space=sram src_space=dram row_bytes=16 dst=0 src=0 rows=4 dst_stride=32 src_stride=16
  set_flag flag=0
.queue dma_out
  wait_flag flag=1
  dma dst_space=dram src_space=sram row_bytes=32 dst=256 src=1024 rows=4 dst_stride=32 src_stride=32
.queue vector
  wait_flag flag=0
  wait_flag flag=2
  vcvt dst_type=f32 src_type=bf16 dst_space=sram src_space=sram rows=4 cols=8 dst=1024 src=0 dst_stride=8 src_stride=16
  vmuls dst_type=f32 src_type=f32 rows=4 cols=8 dst=1024 src=1024 dst_stride=8 src_stride=8 imm=0.5
  vrequant dst_type=i8 src_type=i32 rows=1 cols=4 dst=4000 src=4096 dst_stride=4 src_stride=4 zp=-3 multiplier=1073741824 shift=2
  vadds dst_type=f32 src_type=f32 rows=1 cols=1 dst=4000 src=4000 dst_stride=1 src_stride=1 imm=0x7fc00001
  set_flag flag=1
)";

TEST(NPUISA, AssemblyAndBinaryRoundTrip) {
  auto p = parseAssembly(kProgram);
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  ASSERT_FALSE(bool(p->verify(TargetDesc::getDefault())));
  EXPECT_EQ(p->constData.size(), 34u);
  auto bytes = writeBinary(*p);
  ASSERT_TRUE(bool(bytes));
  auto back = parseBinary(*bytes);
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
  EXPECT_TRUE(*back == *p);
  std::string text = printAssembly(*back);
  auto reparsed = parseAssembly(text);
  ASSERT_TRUE(bool(reparsed)) << llvm::toString(reparsed.takeError());
  EXPECT_TRUE(*reparsed == *p);
  EXPECT_EQ(printAssembly(*reparsed), text);
  EXPECT_NE(text.find("imm=0.5"), std::string::npos);
  EXPECT_NE(text.find("imm=0x7fc00001"), std::string::npos);
}

TEST(NPUISA, AssemblyErrorsNameTheLine) {
  auto p = parseAssembly(".queue matrix\n  matmul m=3 bogus=1\n");
  ASSERT_FALSE(bool(p));
  EXPECT_EQ(llvm::toString(p.takeError()),
            "line 2: matmul has no field 'bogus'");
  auto q = parseAssembly("  nop\n");
  EXPECT_EQ(llvm::toString(q.takeError()),
            "line 1: instruction before any '.queue'");
}

TEST(NPUISA, ContainerRejectsTruncationAndBadMagic) {
  auto p = parseAssembly(kProgram);
  ASSERT_TRUE(bool(p));
  std::vector<uint8_t> bytes = cantFail(writeBinary(*p));
  auto cut = parseBinary(llvm::ArrayRef(bytes).drop_back(5));
  ASSERT_FALSE(bool(cut));
  EXPECT_NE(llvm::toString(cut.takeError()).find("(truncated)"),
            std::string::npos);
  bytes[0] ^= 1;
  auto magic = parseBinary(bytes);
  EXPECT_EQ(llvm::toString(magic.takeError()), "not an NPU binary (bad magic)");
}

/// Parses and, when that succeeds, simulates; neither may crash or hang.
static void parseAndRun(llvm::ArrayRef<uint8_t> bytes) {
  auto p = parseBinary(bytes);
  if (!p) {
    llvm::consumeError(p.takeError());
    return;
  }
  std::vector<std::vector<uint8_t>> inputs;
  for (const IOEntry &e : p->io)
    if (!e.isOutput)
      inputs.emplace_back(std::min<uint64_t>(e.byteSize(), 1 << 28), 1);
  auto r = simulate(TargetDesc::getDefault(), *p, inputs, true);
  if (!r)
    llvm::consumeError(r.takeError());
}

TEST(NPUISA, FuzzFlippedAndTruncatedBinaries) {
  auto p = parseAssembly(kProgram);
  ASSERT_TRUE(bool(p));
  std::vector<uint8_t> good = cantFail(writeBinary(*p));
  std::mt19937 rng(1234);
  unsigned rejected = 0;
  for (unsigned iter = 0; iter < 3000; ++iter) {
    std::vector<uint8_t> bytes = good;
    unsigned flips = 1 + rng() % 4;
    for (unsigned f = 0; f < flips; ++f)
      bytes[rng() % bytes.size()] ^= uint8_t(1u << (rng() % 8));
    if (iter % 5 == 0)
      bytes.resize(rng() % bytes.size());
    auto parsed = parseBinary(bytes);
    if (!parsed) {
      ++rejected;
      llvm::consumeError(parsed.takeError());
    }
    parseAndRun(bytes);
  }
  // Most corruptions are caught by the container checks alone.
  EXPECT_GT(rejected, 1000u);
}
