//===- ProgramBuilder.cpp - Instruction streams, DRAM layout, constants ---===//

#include "ProgramBuilder.h"

#include "strata/Target/NPU/FloatConv.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace strata::npu;
using namespace strata::npu::lowering;

static int64_t alignTo64(int64_t v) { return (v + 63) / 64 * 64; }

int64_t ProgramBuilder::allocDram(int64_t bytes) {
  int64_t addr = dramTop;
  dramTop = alignTo64(dramTop + bytes);
  return addr;
}

int64_t ProgramBuilder::addConstant(llvm::ArrayRef<uint8_t> bytes) {
  int64_t offset = alignTo64(constants.size());
  constants.resize(offset, 0);
  constants.insert(constants.end(), bytes.begin(), bytes.end());
  return kConstTag | offset;
}

int64_t ProgramBuilder::addConstantF32(llvm::ArrayRef<float> values) {
  std::vector<uint8_t> bytes(values.size() * 4);
  for (size_t i = 0; i < values.size(); ++i) {
    uint32_t b = f32Bits(values[i]);
    for (int k = 0; k < 4; ++k)
      bytes[4 * i + k] = uint8_t(b >> (8 * k));
  }
  return addConstant(bytes);
}

int64_t ProgramBuilder::addConstantMma(llvm::ArrayRef<float> values) {
  std::vector<uint8_t> bytes(values.size() * 2);
  for (size_t i = 0; i < values.size(); ++i) {
    uint16_t b =
        mmaType == DType::F16 ? f32ToF16(values[i]) : f32ToBF16(values[i]);
    bytes[2 * i] = uint8_t(b), bytes[2 * i + 1] = uint8_t(b >> 8);
  }
  return addConstant(bytes);
}

float ProgramBuilder::roundToMma(float v) const {
  return mmaType == DType::F16 ? f16ToF32(f32ToF16(v))
                               : bf16ToF32(f32ToBF16(v));
}

void ProgramBuilder::addIO(llvm::StringRef name, bool isOutput,
                           llvm::ArrayRef<int64_t> shape, int64_t addr,
                           DType dtype) {
  IOEntry e;
  e.name = name.str();
  e.isOutput = isOutput;
  e.dtype = dtype;
  for (int64_t d : shape)
    e.shape.push_back(uint32_t(d));
  e.dramAddr = uint32_t(addr);
  io.push_back(std::move(e));
}

void ProgramBuilder::setFlag(Queue q, int64_t flag) {
  Instruction i;
  i.opcode = Opcode::SetFlag;
  i.flag = flag;
  emit(q, i);
}

void ProgramBuilder::waitFlag(Queue q, int64_t flag) {
  Instruction i;
  i.opcode = Opcode::WaitFlag;
  i.flag = flag;
  emit(q, i);
}

void ProgramBuilder::dma(Queue q, Space dstSpace, int64_t dst,
                         int64_t dstStride, Space srcSpace, int64_t src,
                         int64_t srcStride, int64_t rows, int64_t rowBytes) {
  Instruction i;
  i.opcode = Opcode::Dma;
  i.dstSpace = int64_t(dstSpace), i.srcSpace = int64_t(srcSpace);
  i.dst = dst, i.src = src;
  i.dstStride = dstStride, i.srcStride = srcStride;
  i.rows = rows, i.planes = 1, i.rowBytes = rowBytes;
  emit(q, i);
}

void ProgramBuilder::dma3(Queue q, Space dstSpace, int64_t dst,
                          int64_t dstStride, int64_t dstPlaneStride,
                          Space srcSpace, int64_t src, int64_t srcStride,
                          int64_t srcPlaneStride, int64_t planes, int64_t rows,
                          int64_t rowBytes) {
  Instruction i;
  i.opcode = Opcode::Dma;
  i.dstSpace = int64_t(dstSpace), i.srcSpace = int64_t(srcSpace);
  i.dst = dst, i.src = src;
  i.dstStride = dstStride, i.srcStride = srcStride;
  i.dstPlaneStride = dstPlaneStride, i.srcPlaneStride = srcPlaneStride;
  i.rows = rows, i.planes = planes, i.rowBytes = rowBytes;
  emit(q, i);
}

Instruction strata::npu::lowering::vectorOp(Opcode op, Space dstSpace,
                                            int64_t dst, DType dstType,
                                            Space srcSpace, int64_t src,
                                            DType srcType, int64_t rows,
                                            int64_t cols, int64_t dstStride,
                                            int64_t srcStride) {
  Instruction i;
  i.opcode = op;
  i.dstSpace = int64_t(dstSpace), i.srcSpace = int64_t(srcSpace);
  i.src1Space = int64_t(Space::SRAM);
  i.dst = dst, i.src = src;
  i.dstType = int64_t(dstType), i.srcType = int64_t(srcType);
  i.rows = rows, i.cols = cols;
  i.dstStride = dstStride, i.srcStride = srcStride;
  return i;
}

Instruction strata::npu::lowering::matmulOp(DType dtype, bool accumulate,
                                            int64_t m, int64_t n, int64_t k,
                                            int64_t c, int64_t ldc, int64_t a,
                                            int64_t lda, int64_t b,
                                            int64_t ldb) {
  Instruction mm;
  mm.opcode = Opcode::Matmul;
  mm.dtype = int64_t(dtype);
  mm.accumulate = accumulate;
  mm.m = m, mm.n = n, mm.k = k;
  mm.dst = c, mm.src = a, mm.src1 = b;
  mm.dstStride = ldc, mm.srcStride = lda, mm.src1Stride = ldb;
  return mm;
}

std::vector<int64_t> strata::npu::lowering::tileCandidates(int64_t dim,
                                                           int64_t limit) {
  std::vector<int64_t> c;
  for (int64_t t = 16; t <= limit && t < dim; t *= 2)
    c.push_back(t);
  if (dim <= limit)
    c.push_back(dim);
  return c;
}

void ProgramBuilder::flushDeferredVector() {
  for (auto &[instr, loc] : deferredVector) {
    queues[unsigned(Queue::Vector)].push_back(instr);
    locs[unsigned(Queue::Vector)].push_back(loc);
  }
  deferredVector.clear();
}

void ProgramBuilder::grantAccumulatorCredits() {
  for (int b = 0; b < 2; ++b) {
    setFlag(Queue::Matrix, kFree0 + b);
    setFlag(Queue::DmaOut, kEmpty0 + b);
  }
}

void ProgramBuilder::drainAccumulatorCredits() {
  flushDeferredVector();
  for (int b = 0; b < 2; ++b) {
    waitFlag(Queue::DmaIn, kFree0 + b);
    waitFlag(Queue::Matrix, kEmpty0 + b);
  }
}

void ProgramBuilder::beginKernel() {
  if (kernelBefore)
    waitFlag(Queue::DmaIn, kStoredFlag);
  kernelBefore = true;
}

void ProgramBuilder::endKernel() { setFlag(Queue::DmaOut, kStoredFlag); }

ProgramOp ProgramBuilder::finish(OpBuilder &builder, Location loc,
                                 llvm::StringRef name,
                                 llvm::StringRef targetName) {
  int64_t constBase = dramTop;
  int64_t dramBytes = alignTo64(constBase + int64_t(constants.size()));
  for (auto &queue : queues)
    for (Instruction &i : queue) {
      if (i.opcode != Opcode::Dma)
        continue;
      if (i.srcSpace == int64_t(Space::DRAM) && (i.src & kConstTag))
        i.src = constBase + (i.src & ~kConstTag);
      if (i.dstSpace == int64_t(Space::DRAM) && (i.dst & kConstTag))
        i.dst = constBase + (i.dst & ~kConstTag);
    }

  MLIRContext *ctx = builder.getContext();
  auto program =
      ProgramOp::create(builder, loc, name, TargetAttr::get(ctx, targetName),
                        uint64_t(dramBytes));
  Block *body = builder.createBlock(&program.getBody());
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(body);
  for (const IOEntry &e : io) {
    llvm::SmallVector<int64_t> shape(e.shape.begin(), e.shape.end());
    auto dtype = ElementType(e.dtype);
    if (e.isOutput)
      OutputOp::create(builder, loc, e.name, dtype, shape, e.dramAddr);
    else
      InputOp::create(builder, loc, e.name, dtype, shape, e.dramAddr);
  }
  if (!constants.empty()) {
    auto type = RankedTensorType::get({int64_t(constants.size())},
                                      builder.getIntegerType(8));
    llvm::ArrayRef<char> raw(reinterpret_cast<const char *>(constants.data()),
                             constants.size());
    auto data = DenseResourceElementsAttr::get(
        type, (name + "_constants").str(),
        HeapAsmResourceBlob::allocateAndCopyInferAlign(raw));
    ConstantsOp::create(builder, loc, uint64_t(constBase), data);
  }
  for (unsigned q = 0; q < kNumQueues; ++q) {
    if (queues[q].empty())
      continue;
    auto queue =
        QueueOp::create(builder, loc, QueueKindAttr::get(ctx, QueueKind(q)));
    OpBuilder::InsertionGuard inner(builder);
    builder.setInsertionPointToEnd(builder.createBlock(&queue.getBody()));
    for (auto [i, instrLoc] : llvm::zip_equal(queues[q], locs[q]))
      createInstructionOp(builder, instrLoc, i);
  }
  return program;
}
