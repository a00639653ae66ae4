//===- EltwiseKernel.cpp - Elementwise ops on the NPU's vector unit -------===//
//
// The flat f32 operands are cut into chunks of up to kChunkRows rows of
// kRow elements (and a last, partial row); chunk i goes through SRAM buffer
// i % 2:
//   dma_in  wait FREE[b]; load the operand(s); set LOADED[b]
//   vector  wait LOADED[b]; compute in place; set READY[b]
//   dma_out wait READY[b]; store; set FREE[b]
// Ops without an instruction of their own are compositions: neg = x * -1,
// sub = lhs + rhs * -1, sigmoid = 1 / (1 + exp(-x)).
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "strata/Target/NPU/FloatConv.h"

#include <algorithm>
#include <cmath>

using namespace strata::npu;
using namespace strata::npu::lowering;

static constexpr int64_t kRow = 4096;    // elements per row
static constexpr int64_t kChunkRows = 8; // rows per chunk: 128 KiB of f32
static constexpr int64_t kChunkBytes = kRow * kChunkRows * 4;

bool strata::npu::lowering::isBinary(EltwiseKind kind) {
  return kind == EltwiseKind::Add || kind == EltwiseKind::Sub ||
         kind == EltwiseKind::Mul || kind == EltwiseKind::Max;
}

/// A vector instruction over `rows` x `cols` f32 in SRAM at `addr`, in
/// place, with row stride kRow.
static Instruction vec(Opcode op, int64_t addr, int64_t rows, int64_t cols) {
  Instruction i;
  i.opcode = op;
  i.dstSpace = i.srcSpace = i.src1Space = int64_t(Space::SRAM);
  i.dstType = i.srcType = int64_t(DType::F32);
  i.dst = i.src = addr;
  i.rows = rows, i.cols = cols;
  i.dstStride = i.srcStride = kRow;
  return i;
}

static Instruction withImm(Instruction i, float imm) {
  i.imm = f32Bits(imm);
  return i;
}

void strata::npu::lowering::emitActivation(ProgramBuilder &pb,
                                           const Activation &act, Space space,
                                           int64_t addr, int64_t rows,
                                           int64_t cols, int64_t stride) {
  auto op = [&](Opcode opcode, std::optional<float> imm = std::nullopt) {
    Instruction i = vectorOp(opcode, space, addr, DType::F32, space, addr,
                             DType::F32, rows, cols, stride, stride);
    if (imm)
      i.imm = f32Bits(*imm);
    pb.emit(Queue::Vector, i);
  };
  switch (act.kind) {
  case Activation::None:
    return;
  case Activation::Relu:
    return op(Opcode::VRelu);
  case Activation::Clip:
    // max(x, lo) = relu(x - lo) + lo; min(y, hi) = hi - relu(hi - y). Both
    // are exact for lo = 0; otherwise each rounding is at most half an ulp
    // of the bound.
    if (!std::isinf(act.lo)) {
      if (act.lo != 0.0f)
        op(Opcode::VAddS, -act.lo);
      op(Opcode::VRelu);
      if (act.lo != 0.0f)
        op(Opcode::VAddS, act.lo);
    }
    if (!std::isinf(act.hi)) {
      op(Opcode::VMulS, -1.0f);
      op(Opcode::VAddS, act.hi);
      op(Opcode::VRelu);
      op(Opcode::VMulS, -1.0f);
      op(Opcode::VAddS, act.hi);
    }
    return;
  }
}

static void emitCompute(ProgramBuilder &pb, EltwiseKind kind,
                        const Activation &clip, float imm, int64_t x, int64_t y,
                        int64_t rows, int64_t cols) {
  auto binary = [&](Opcode op) {
    Instruction i = vec(op, x, rows, cols);
    i.src1 = y;
    i.src1Stride = kRow;
    pb.emit(Queue::Vector, i);
  };
  switch (kind) {
  case EltwiseKind::Clip:
    return emitActivation(pb, clip, Space::SRAM, x, rows, cols, kRow);
  case EltwiseKind::AddScalar:
    return pb.emit(Queue::Vector,
                   withImm(vec(Opcode::VAddS, x, rows, cols), imm));
  case EltwiseKind::MulScalar:
    return pb.emit(Queue::Vector,
                   withImm(vec(Opcode::VMulS, x, rows, cols), imm));
  case EltwiseKind::Relu:
    return pb.emit(Queue::Vector, vec(Opcode::VRelu, x, rows, cols));
  case EltwiseKind::Exp:
    return pb.emit(Queue::Vector, vec(Opcode::VExp, x, rows, cols));
  case EltwiseKind::Rsqrt:
    return pb.emit(Queue::Vector, vec(Opcode::VRsqrt, x, rows, cols));
  case EltwiseKind::Reciprocal:
    return pb.emit(Queue::Vector, vec(Opcode::VRecip, x, rows, cols));
  case EltwiseKind::Neg:
    return pb.emit(Queue::Vector,
                   withImm(vec(Opcode::VMulS, x, rows, cols), -1.0f));
  case EltwiseKind::Sigmoid:
    pb.emit(Queue::Vector, withImm(vec(Opcode::VMulS, x, rows, cols), -1.0f));
    pb.emit(Queue::Vector, vec(Opcode::VExp, x, rows, cols));
    pb.emit(Queue::Vector, withImm(vec(Opcode::VAddS, x, rows, cols), 1.0f));
    return pb.emit(Queue::Vector, vec(Opcode::VRecip, x, rows, cols));
  case EltwiseKind::Add:
    return binary(Opcode::VAdd);
  case EltwiseKind::Sub: {
    Instruction neg = withImm(vec(Opcode::VMulS, y, rows, cols), -1.0f);
    pb.emit(Queue::Vector, neg);
    return binary(Opcode::VAdd);
  }
  case EltwiseKind::Mul:
    return binary(Opcode::VMul);
  case EltwiseKind::Max:
    return binary(Opcode::VMax);
  }
}

void strata::npu::lowering::emitEltwise(ProgramBuilder &pb,
                                        const EltwiseSpec &s) {
  bool two = isBinary(s.kind);
  // SRAM: per buffer, the left operand (the result, in place) then the
  // right one.
  int64_t bufBytes = (two ? 2 : 1) * kChunkBytes;
  pb.beginKernel();
  for (int b = 0; b < 2; ++b)
    pb.setFlag(Queue::DmaOut, kFree0 + b);
  int64_t chunk = 0;
  for (int64_t start = 0; start < s.elements; ++chunk) {
    int64_t remaining = s.elements - start;
    int64_t rows, cols;
    if (remaining >= kRow) {
      rows = std::min(kChunkRows, remaining / kRow);
      cols = kRow;
    } else {
      rows = 1;
      cols = remaining;
    }
    int b = chunk % 2;
    int64_t x = b * bufBytes, y = x + kChunkBytes;
    pb.waitFlag(Queue::DmaIn, kFree0 + b);
    pb.dma(Queue::DmaIn, Space::SRAM, x, kRow * 4, Space::DRAM,
           s.lhs + start * 4, kRow * 4, rows, cols * 4);
    if (two)
      pb.dma(Queue::DmaIn, Space::SRAM, y, kRow * 4, Space::DRAM,
             s.rhs + start * 4, kRow * 4, rows, cols * 4);
    pb.setFlag(Queue::DmaIn, kLoaded0 + b);
    pb.waitFlag(Queue::Vector, kLoaded0 + b);
    emitCompute(pb, s.kind, s.clip, s.imm, x, y, rows, cols);
    pb.setFlag(Queue::Vector, kReady0 + b);
    pb.waitFlag(Queue::DmaOut, kReady0 + b);
    pb.dma(Queue::DmaOut, Space::DRAM, s.out + start * 4, kRow * 4, Space::SRAM,
           x, kRow * 4, rows, cols * 4);
    pb.setFlag(Queue::DmaOut, kFree0 + b);
    start += rows * cols;
  }
  for (int b = 0; b < 2; ++b)
    pb.waitFlag(Queue::DmaIn, kFree0 + b);
  pb.endKernel();
}
