//===- RowKernel.cpp - Softmax and layer norm over the last axis ----------===//
//
// Chunks of rows go through two SRAM buffers (x: the rows, in place; t: a
// scratch matrix; v: one value per row):
//   dma_in  wait FREE[b]; load chunk i into x[b]; set LOADED[b]
//   vector  wait LOADED[b]; the row program; set READY[b]
//   dma_out the row program's broadcasts; wait READY[b]; store; set FREE[b]
// The vector unit reduces rows (vredsum, vredmax) into v but has no
// per-row scalar operand, so a row value is spread over its row by an
// on-chip DMA (source stride 0) into t, requested with flag REQ[b] and
// answered with DONE[b]:
//   softmax    v = -max(x); t = bcast v; x += t; x = exp(x); v = 1/sum(x);
//              t = bcast v; x *= t
//   layer norm v = -sum(x)/n; t = bcast v; x += t; t = x*x;
//              v = rsqrt(sum(t)/n + eps); t = bcast v; x *= t;
//              x *= scale; x += bias (both replicated over the chunk's rows
//              once per kernel)
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "strata/Target/NPU/FloatConv.h"

#include <algorithm>

using namespace strata::npu;
using namespace strata::npu::lowering;

static constexpr int64_t kReq0 = kFull0;   // vector -> dma_out: broadcast v
static constexpr int64_t kBcast0 = kDone0; // dma_out -> vector: t holds it

/// Rows per chunk: up to 64 KiB of f32 per matrix.
static int64_t chunkRows(const RowSpec &s) {
  return std::clamp<int64_t>(16384 / s.cols, 1,
                             std::min<int64_t>(s.rows, 4096));
}

std::optional<std::string> strata::npu::lowering::checkRows(const TargetDesc &,
                                                            const RowSpec &s) {
  if (s.cols * 4 > 0xffff)
    return "rows of " + std::to_string(s.cols) +
           " elements exceed one DMA row (16383)";
  return std::nullopt;
}

void strata::npu::lowering::emitRows(ProgramBuilder &pb, const RowSpec &s) {
  const int64_t rc = chunkRows(s), cols = s.cols;
  BumpAllocator sram;
  int64_t x[2], t[2], v[2];
  for (int b = 0; b < 2; ++b) {
    x[b] = sram.take(rc * cols * 4);
    t[b] = sram.take(rc * cols * 4);
    v[b] = sram.take(rc * 4);
  }
  int64_t scale = s.scale ? sram.take(rc * cols * 4) : 0;
  int64_t bias = s.bias ? sram.take(rc * cols * 4) : 0;

  pb.beginKernel();
  if (s.scale || s.bias) {
    if (s.scale)
      pb.dma(Queue::DmaIn, Space::SRAM, scale, cols * 4, Space::DRAM, *s.scale,
             0, rc, cols * 4);
    if (s.bias)
      pb.dma(Queue::DmaIn, Space::SRAM, bias, cols * 4, Space::DRAM, *s.bias, 0,
             rc, cols * 4);
    pb.setFlag(Queue::DmaIn, kConstLoaded);
    pb.waitFlag(Queue::Vector, kConstLoaded);
  }
  for (int b = 0; b < 2; ++b)
    pb.setFlag(Queue::DmaOut, kFree0 + b);

  int64_t chunk = 0;
  for (int64_t r0 = 0; r0 < s.rows; r0 += rc, ++chunk) {
    const int64_t n = std::min(rc, s.rows - r0);
    const int b = chunk % 2;
    pb.waitFlag(Queue::DmaIn, kFree0 + b);
    pb.dma(Queue::DmaIn, Space::SRAM, x[b], cols * 4, Space::DRAM,
           s.in + r0 * cols * 4, cols * 4, n, cols * 4);
    pb.setFlag(Queue::DmaIn, kLoaded0 + b);
    pb.waitFlag(Queue::Vector, kLoaded0 + b);

    auto matrix = [&](Opcode op, int64_t dst, int64_t src) {
      return vectorOp(op, Space::SRAM, dst, DType::F32, Space::SRAM, src,
                      DType::F32, n, cols, cols, cols);
    };
    auto unary = [&](Opcode op, int64_t addr) {
      pb.emit(Queue::Vector, matrix(op, addr, addr));
    };
    auto binary = [&](Opcode op, int64_t dst, int64_t lhs, int64_t rhs) {
      Instruction i = matrix(op, dst, lhs);
      i.src1 = rhs;
      i.src1Stride = cols;
      pb.emit(Queue::Vector, i);
    };
    auto reduce = [&](Opcode op, int64_t src) {
      pb.emit(Queue::Vector,
              vectorOp(op, Space::SRAM, v[b], DType::F32, Space::SRAM, src,
                       DType::F32, n, cols, 1, cols));
    };
    auto onRowValues = [&](Opcode op, float imm = 0.0f) {
      Instruction i = vectorOp(op, Space::SRAM, v[b], DType::F32, Space::SRAM,
                               v[b], DType::F32, 1, n, n, n);
      i.imm = f32Bits(imm);
      pb.emit(Queue::Vector, i);
    };
    auto broadcast = [&]() {
      pb.setFlag(Queue::Vector, kReq0 + b);
      pb.waitFlag(Queue::DmaOut, kReq0 + b);
      pb.dma3(Queue::DmaOut, Space::SRAM, t[b], 4, cols * 4, Space::SRAM, v[b],
              0, 4, n, cols, 4);
      pb.setFlag(Queue::DmaOut, kBcast0 + b);
      pb.waitFlag(Queue::Vector, kBcast0 + b);
    };

    if (s.kind == RowSpec::Softmax) {
      reduce(Opcode::VRedMax, x[b]);
      onRowValues(Opcode::VMulS, -1.0f);
      broadcast();
      binary(Opcode::VAdd, x[b], x[b], t[b]);
      unary(Opcode::VExp, x[b]);
      reduce(Opcode::VRedSum, x[b]);
      onRowValues(Opcode::VRecip);
      broadcast();
      binary(Opcode::VMul, x[b], x[b], t[b]);
    } else {
      reduce(Opcode::VRedSum, x[b]);
      onRowValues(Opcode::VMulS, -1.0f / float(cols));
      broadcast();
      binary(Opcode::VAdd, x[b], x[b], t[b]);
      binary(Opcode::VMul, t[b], x[b], x[b]);
      reduce(Opcode::VRedSum, t[b]);
      onRowValues(Opcode::VMulS, 1.0f / float(cols));
      onRowValues(Opcode::VAddS, s.epsilon);
      onRowValues(Opcode::VRsqrt);
      broadcast();
      binary(Opcode::VMul, x[b], x[b], t[b]);
      if (s.scale)
        binary(Opcode::VMul, x[b], x[b], scale);
      if (s.bias)
        binary(Opcode::VAdd, x[b], x[b], bias);
    }
    pb.setFlag(Queue::Vector, kReady0 + b);

    pb.waitFlag(Queue::DmaOut, kReady0 + b);
    pb.dma(Queue::DmaOut, Space::DRAM, s.out + r0 * cols * 4, cols * 4,
           Space::SRAM, x[b], cols * 4, n, cols * 4);
    pb.setFlag(Queue::DmaOut, kFree0 + b);
  }
  for (int b = 0; b < 2; ++b)
    pb.waitFlag(Queue::DmaIn, kFree0 + b);
  pb.endKernel();
}
