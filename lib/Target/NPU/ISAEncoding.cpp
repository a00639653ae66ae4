//===- ISAEncoding.cpp - Field tables, encoder, decoder, verifier ---------===//
//
// The instruction formats as tables of bit fields, and the generic encoder
// and decoder over them. docs/npu-isa.md reproduces these tables; a change
// here is a change of the ISA version.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/NPU/ISA.h"

#include "llvm/ADT/Twine.h"

using namespace strata::npu;
using I = Instruction;

static llvm::Error err(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

// clang-format off
static const FieldDesc kNopFields[] = {
    {"cycles", 32, 32, FieldKind::UInt, &I::cycles, 1}};
static const FieldDesc kSyncFields[] = {
    {"flag", 8, 8, FieldKind::UInt, &I::flag, 0}};
static const FieldDesc kDmaFields[] = {
    {"dst_space", 8, 2, FieldKind::Space, &I::dstSpace, 0},
    {"src_space", 10, 2, FieldKind::Space, &I::srcSpace, 0},
    {"row_bytes", 16, 16, FieldKind::UInt, &I::rowBytes, 0},
    {"dst", 32, 32, FieldKind::UInt, &I::dst, 0},
    {"src", 64, 32, FieldKind::UInt, &I::src, 0},
    {"rows", 96, 16, FieldKind::UInt, &I::rows, 1},
    {"planes", 112, 16, FieldKind::UInt, &I::planes, 1},
    {"dst_stride", 128, 32, FieldKind::UInt, &I::dstStride, 0},
    {"src_stride", 160, 32, FieldKind::UInt, &I::srcStride, 0},
    {"dst_plane_stride", 192, 32, FieldKind::UInt, &I::dstPlaneStride, 0},
    {"src_plane_stride", 224, 32, FieldKind::UInt, &I::srcPlaneStride, 0}};
static const FieldDesc kMatmulFields[] = {
    {"dtype", 8, 4, FieldKind::DType, &I::dtype, 1},
    {"accumulate", 12, 1, FieldKind::UInt, &I::accumulate, 0},
    {"m", 16, 16, FieldKind::UInt, &I::m, 0},
    {"n", 32, 16, FieldKind::UInt, &I::n, 0},
    {"k", 48, 16, FieldKind::UInt, &I::k, 0},
    {"c", 64, 32, FieldKind::UInt, &I::dst, 0},
    {"a", 96, 32, FieldKind::UInt, &I::src, 0},
    {"b", 128, 32, FieldKind::UInt, &I::src1, 0},
    {"lda", 160, 16, FieldKind::UInt, &I::srcStride, 0},
    {"ldb", 176, 16, FieldKind::UInt, &I::src1Stride, 0},
    {"ldc", 192, 16, FieldKind::UInt, &I::dstStride, 0}};
// Vector instructions share one format; unary ones ignore src1 (it must be
// zero), only vadds/vmuls/vrequant read imm, only vrequant shift and zp.
#define VEC_COMMON                                                             \
  {"dst_type", 8, 4, FieldKind::DType, &I::dstType, 0},                        \
  {"src_type", 12, 4, FieldKind::DType, &I::srcType, 0},                       \
  {"dst_space", 16, 2, FieldKind::Space, &I::dstSpace, 1},                     \
  {"src_space", 18, 2, FieldKind::Space, &I::srcSpace, 1},                     \
  {"rows", 160, 16, FieldKind::UInt, &I::rows, 1},                             \
  {"cols", 176, 16, FieldKind::UInt, &I::cols, 0},                             \
  {"dst", 64, 32, FieldKind::UInt, &I::dst, 0},                                \
  {"src", 96, 32, FieldKind::UInt, &I::src, 0},                                \
  {"dst_stride", 192, 16, FieldKind::UInt, &I::dstStride, 0},                  \
  {"src_stride", 208, 16, FieldKind::UInt, &I::srcStride, 0}
#define VEC_SRC1                                                               \
  {"src1_space", 20, 2, FieldKind::Space, &I::src1Space, 1},                   \
  {"src1", 128, 32, FieldKind::UInt, &I::src1, 0},                             \
  {"src1_stride", 224, 16, FieldKind::UInt, &I::src1Stride, 0}
static const FieldDesc kVecUnary[] = {VEC_COMMON};
static const FieldDesc kVecBinary[] = {VEC_COMMON, VEC_SRC1};
static const FieldDesc kVecScalar[] = {
    VEC_COMMON, {"imm", 32, 32, FieldKind::F32, &I::imm, 0}};
static const FieldDesc kVecRequant[] = {
    VEC_COMMON,
    {"zp", 24, 8, FieldKind::SInt, &I::zp, 0},
    {"multiplier", 32, 32, FieldKind::SInt, &I::imm, 0},
    {"shift", 240, 6, FieldKind::UInt, &I::shift, 0}};
#undef VEC_COMMON
#undef VEC_SRC1

constexpr uint8_t kAll = 0x1f;
constexpr uint8_t kDmaQ = (1 << 1) | (1 << 2);
constexpr uint8_t kMatQ = 1 << 3;
constexpr uint8_t kVecQ = 1 << 4;

static const OpcodeDesc kOpcodes[] = {
    {Opcode::Nop, "nop", kAll, kNopFields, "Occupy the engine for `cycles` cycles"},
    {Opcode::SetFlag, "set_flag", kAll, kSyncFields, "Increment flag `flag` once this queue's earlier work is done"},
    {Opcode::WaitFlag, "wait_flag", kAll, kSyncFields, "Block this queue until flag `flag` is non-zero, then decrement it"},
    {Opcode::Dma, "dma", kDmaQ, kDmaFields, "Strided 3-D copy between memory spaces"},
    {Opcode::Matmul, "matmul", kMatQ, kMatmulFields, "C[m x n] (+)= A[m x k] * B[k x n]"},
    {Opcode::VAdd, "vadd", kVecQ, kVecBinary, "dst = src + src1"},
    {Opcode::VMul, "vmul", kVecQ, kVecBinary, "dst = src * src1"},
    {Opcode::VMax, "vmax", kVecQ, kVecBinary, "dst = max(src, src1)"},
    {Opcode::VAddS, "vadds", kVecQ, kVecScalar, "dst = src + imm"},
    {Opcode::VMulS, "vmuls", kVecQ, kVecScalar, "dst = src * imm"},
    {Opcode::VRelu, "vrelu", kVecQ, kVecUnary, "dst = max(src, 0)"},
    {Opcode::VExp, "vexp", kVecQ, kVecUnary, "dst = exp(src)"},
    {Opcode::VRsqrt, "vrsqrt", kVecQ, kVecUnary, "dst = 1 / sqrt(src)"},
    {Opcode::VRecip, "vrecip", kVecQ, kVecUnary, "dst = 1 / src"},
    {Opcode::VRedSum, "vredsum", kVecQ, kVecUnary, "dst[r] = sum of row r"},
    {Opcode::VRedMax, "vredmax", kVecQ, kVecUnary, "dst[r] = max of row r"},
    {Opcode::VCvt, "vcvt", kVecQ, kVecUnary, "dst = convert(src)"},
    {Opcode::VRequant, "vrequant", kVecQ, kVecRequant, "Requantise int32 -> int8: sat(round(src * multiplier / 2^(31+shift)) + zp)"},
};
// clang-format on

llvm::ArrayRef<OpcodeDesc> strata::npu::allOpcodes() { return kOpcodes; }

const OpcodeDesc *strata::npu::lookupOpcode(uint8_t opcode) {
  for (const OpcodeDesc &d : kOpcodes)
    if (uint8_t(d.opcode) == opcode)
      return &d;
  return nullptr;
}

const OpcodeDesc *strata::npu::lookupMnemonic(llvm::StringRef mnemonic) {
  for (const OpcodeDesc &d : kOpcodes)
    if (mnemonic == d.mnemonic)
      return &d;
  return nullptr;
}

llvm::StringRef strata::npu::queueName(Queue q) {
  static const char *names[] = {"ctrl", "dma_in", "dma_out", "matrix",
                                "vector"};
  return names[unsigned(q)];
}

llvm::StringRef strata::npu::spaceName(Space s) {
  static const char *names[] = {"dram", "sram", "acc"};
  return unsigned(s) < kNumSpaces ? names[unsigned(s)] : "?";
}

llvm::StringRef strata::npu::dtypeName(DType t) {
  static const char *names[] = {"f32", "bf16", "f16", "i8", "i32"};
  return unsigned(t) < kNumDTypes ? names[unsigned(t)] : "?";
}

bool Instruction::operator==(const Instruction &o) const {
  if (opcode != o.opcode)
    return false;
  const OpcodeDesc *d = lookupOpcode(uint8_t(opcode));
  if (!d)
    return true;
  for (const FieldDesc &f : d->fields)
    if (this->*f.member != o.*f.member)
      return false;
  return true;
}

static uint64_t getBits(const InstrWord &w, unsigned off, unsigned width) {
  uint64_t v = 0;
  for (unsigned i = 0; i < width; ++i)
    v |= uint64_t((w[(off + i) / 8] >> ((off + i) % 8)) & 1) << i;
  return v;
}

static void setBits(InstrWord &w, unsigned off, unsigned width, uint64_t v) {
  for (unsigned i = 0; i < width; ++i)
    if ((v >> i) & 1)
      w[(off + i) / 8] |= uint8_t(1u << ((off + i) % 8));
}

static bool isSigned(FieldKind k) { return k == FieldKind::SInt; }

llvm::Expected<InstrWord> strata::npu::encode(const Instruction &instr) {
  const OpcodeDesc *d = lookupOpcode(uint8_t(instr.opcode));
  if (!d)
    return err("unknown opcode 0x" +
               llvm::Twine::utohexstr(uint8_t(instr.opcode)));
  InstrWord w{};
  w[0] = uint8_t(instr.opcode);
  for (const FieldDesc &f : d->fields) {
    int64_t v = instr.*f.member;
    bool fits;
    if (isSigned(f.kind))
      fits = v >= -(int64_t(1) << (f.bitWidth - 1)) &&
             v < (int64_t(1) << (f.bitWidth - 1));
    else
      fits = v >= 0 && uint64_t(v) < (uint64_t(1) << f.bitWidth);
    // F32 immediates are raw bits; allow them as unsigned 32-bit values.
    if (!fits)
      return err(llvm::Twine(d->mnemonic) + ": field '" + f.name + "' value " +
                 llvm::Twine(v) + " does not fit in " +
                 llvm::Twine(unsigned(f.bitWidth)) + " bits");
    setBits(w, f.bitOffset, f.bitWidth, uint64_t(v));
  }
  return w;
}

llvm::Expected<Instruction> strata::npu::decode(const InstrWord &w) {
  const OpcodeDesc *d = lookupOpcode(w[0]);
  if (!d)
    return err("unknown opcode 0x" + llvm::Twine::utohexstr(w[0]));
  Instruction instr;
  instr.opcode = d->opcode;
  InstrWord covered{};
  covered[0] = 0xff;
  for (const FieldDesc &f : d->fields) {
    uint64_t v = getBits(w, f.bitOffset, f.bitWidth);
    if (isSigned(f.kind) && (v >> (f.bitWidth - 1)) & 1)
      instr.*f.member = int64_t(v) - (int64_t(1) << f.bitWidth);
    else
      instr.*f.member = int64_t(v);
    setBits(covered, f.bitOffset, f.bitWidth, ~uint64_t(0));
  }
  for (unsigned i = 0; i < kInstrBytes; ++i)
    if (w[i] & ~covered[i])
      return err(llvm::Twine(d->mnemonic) + ": reserved bits set in byte " +
                 llvm::Twine(i));
  return instr;
}

bool strata::npu::isVectorOp(Opcode op) {
  return uint8_t(op) >= 0x30 && uint8_t(op) <= 0x3c;
}

VectorOpClass strata::npu::vectorOpClass(Opcode op) {
  switch (op) {
  case Opcode::VExp:
    return VectorOpClass::Transcend;
  case Opcode::VRsqrt:
    return VectorOpClass::Rsqrt;
  case Opcode::VRecip:
    return VectorOpClass::Reciprocal;
  case Opcode::VRedSum:
  case Opcode::VRedMax:
    return VectorOpClass::Reduce;
  case Opcode::VRequant:
    return VectorOpClass::Requant;
  default:
    return VectorOpClass::Simple;
  }
}

llvm::Error strata::npu::verify(const Instruction &in, Queue queue,
                                const TargetDesc &t) {
  const OpcodeDesc *d = lookupOpcode(uint8_t(in.opcode));
  if (!d)
    return err("unknown opcode");
  std::string what = d->mnemonic;
  if (!((d->queueMask >> unsigned(queue)) & 1))
    return err(what + " cannot run on the " + queueName(queue) + " queue");
  for (const FieldDesc &f : d->fields) {
    int64_t v = in.*f.member;
    if (f.kind == FieldKind::Space && v >= int64_t(kNumSpaces))
      return err(what + ": bad memory space " + llvm::Twine(v) + " in '" +
                 f.name + "'");
    if (f.kind == FieldKind::DType && v >= int64_t(kNumDTypes))
      return err(what + ": bad dtype " + llvm::Twine(v) + " in '" + f.name +
                 "'");
  }
  switch (in.opcode) {
  case Opcode::Nop:
    return llvm::Error::success();
  case Opcode::SetFlag:
  case Opcode::WaitFlag:
    if (in.flag >= int64_t(t.numFlags))
      return err(what + ": flag " + llvm::Twine(in.flag) +
                 " out of range (the target has " + llvm::Twine(t.numFlags) +
                 " flags)");
    return llvm::Error::success();
  case Opcode::Dma:
    if (in.rowBytes == 0 || in.rows == 0 || in.planes == 0)
      return err(
          "dma: empty transfer (row_bytes, rows and planes must be > 0)");
    if (in.dstSpace == int64_t(Space::DRAM) &&
        in.srcSpace == int64_t(Space::DRAM))
      return err("dma: DRAM to DRAM copies are not supported");
    if (uint64_t(in.rowBytes) * uint64_t(in.rows) * uint64_t(in.planes) >
        t.dmaMaxBytes)
      return err("dma: a transfer is limited to " + llvm::Twine(t.dmaMaxBytes) +
                 " bytes");
    return llvm::Error::success();
  case Opcode::Matmul: {
    DType dt = DType(in.dtype);
    if (dt != DType::BF16 && dt != DType::F16 && dt != DType::I8)
      return err("matmul: the matrix unit takes bf16, f16 or i8, not " +
                 dtypeName(dt));
    if (in.m == 0 || in.n == 0 || in.k == 0)
      return err("matmul: m, n and k must be > 0");
    if (in.m > t.matMaxDim || in.n > t.matMaxDim || in.k > t.matMaxDim)
      return err("matmul: m, n and k are limited to " +
                 llvm::Twine(t.matMaxDim));
    if (in.srcStride < in.k || in.src1Stride < in.n || in.dstStride < in.n)
      return err("matmul: lda must be >= k, ldb >= n and ldc >= n");
    return llvm::Error::success();
  }
  default:
    break;
  }
  // Vector instructions: operands in SRAM or the accumulator.
  DType dt = DType(in.dstType), st = DType(in.srcType);
  bool binaryOp = in.opcode == Opcode::VAdd || in.opcode == Opcode::VMul ||
                  in.opcode == Opcode::VMax;
  if (in.dstSpace == int64_t(Space::DRAM) ||
      in.srcSpace == int64_t(Space::DRAM) ||
      (binaryOp && in.src1Space == int64_t(Space::DRAM)))
    return err(what + ": vector operands live in sram or acc, not dram");
  if (in.rows == 0 || in.cols == 0)
    return err(what + ": rows and cols must be > 0");
  bool reduce = in.opcode == Opcode::VRedSum || in.opcode == Opcode::VRedMax;
  if (in.srcStride < in.cols || (!reduce && in.dstStride < in.cols) ||
      (reduce && in.rows > 1 && in.dstStride < 1))
    return err(what + ": a row stride is smaller than the row");
  if (in.opcode == Opcode::VCvt)
    return llvm::Error::success();
  if (in.opcode == Opcode::VRequant) {
    if (st != DType::I32 || dt != DType::I8)
      return err("vrequant: converts i32 to i8");
    return llvm::Error::success();
  }
  if (!isFloat(st) || !isFloat(dt))
    return err(what + ": operates on f32, bf16 or f16, not " + dtypeName(st) +
               " -> " + dtypeName(dt));
  if (binaryOp && in.src1Stride < in.cols)
    return err(what + ": src1_stride is smaller than the row");
  return llvm::Error::success();
}
