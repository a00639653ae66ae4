//===- SimVector.cpp - The vector unit's datapath -------------------------===//
//
// Elementwise, reduction, conversion and requantisation instructions over
// 2-D operands (rows x cols, row strides in elements). Float operations
// compute in FP32 (BF16/FP16 inputs widen exactly) and round the result to
// the destination type to nearest even; exp/rsqrt/reciprocal are the FP32
// rounding of the double-precision function; reductions add in column
// order. See docs/npu-isa.md for every instruction's rounding.
//
//===----------------------------------------------------------------------===//

#include "SimMachine.h"

#include "strata/Target/NPU/FloatConv.h"

#include <cmath>
#include <cstring>

using namespace strata::npu;

namespace {
/// A strided 2-D operand in one memory.
struct Operand {
  uint8_t *base;
  DType type;
  uint64_t stride; // elements
  uint8_t *at(uint64_t r, uint64_t c) const {
    return base + (r * stride + c) * dtypeBytes(type);
  }
};
} // namespace

static float loadF(const uint8_t *p, DType t) {
  switch (t) {
  case DType::F32: {
    float f;
    std::memcpy(&f, p, 4);
    return f;
  }
  case DType::BF16:
  case DType::F16: {
    uint16_t h;
    std::memcpy(&h, p, 2);
    return t == DType::BF16 ? bf16ToF32(h) : f16ToF32(h);
  }
  case DType::I8:
    return float(int8_t(*p));
  case DType::I32: {
    int32_t v;
    std::memcpy(&v, p, 4);
    return float(v); // round to nearest even
  }
  }
  return 0;
}

static void storeF(uint8_t *p, DType t, float f) {
  uint16_t h;
  switch (t) {
  case DType::F32:
    std::memcpy(p, &f, 4);
    return;
  case DType::BF16:
    h = f32ToBF16(f);
    std::memcpy(p, &h, 2);
    return;
  case DType::F16:
    h = f32ToF16(f);
    std::memcpy(p, &h, 2);
    return;
  case DType::I8:
    *p = uint8_t(f32ToI8(f));
    return;
  case DType::I32: {
    int32_t v = f32ToI32(f);
    std::memcpy(p, &v, 4);
    return;
  }
  }
}

static int64_t loadInt(const uint8_t *p, DType t) {
  if (t == DType::I8)
    return int8_t(*p);
  int32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

/// round(x * multiplier / 2^(31 + shift)), ties to even, then + zp and
/// saturation to int8. Exact in 128-bit integers.
static int8_t requantise(int32_t x, int32_t multiplier, unsigned shift,
                         int32_t zp) {
  __int128 prod = __int128(x) * multiplier;
  unsigned s = 31 + shift;
  __int128 q = prod >> s; // floor
  __int128 rem = prod - (q << s);
  __int128 half = __int128(1) << (s - 1);
  if (rem > half || (rem == half && (q & 1)))
    ++q;
  __int128 v = q + zp;
  return int8_t(v < -128 ? -128 : v > 127 ? 127 : int(v));
}

llvm::Error Machine::vector(const Instruction &in) {
  Opcode op = in.opcode;
  uint64_t rows = in.rows, cols = in.cols;
  DType dt = DType(in.dstType), st = DType(in.srcType);
  bool reduce = op == Opcode::VRedSum || op == Opcode::VRedMax;
  bool binary = op == Opcode::VAdd || op == Opcode::VMul || op == Opcode::VMax;
  uint64_t dcols = reduce ? 1 : cols;
  auto span = [](uint64_t r, uint64_t c, uint64_t ld, DType t) {
    return ((r - 1) * ld + c) * dtypeBytes(t);
  };
  if (llvm::Error e = check(Space(in.srcSpace), in.src,
                            span(rows, cols, in.srcStride, st), "vector src"))
    return e;
  if (binary)
    if (llvm::Error e =
            check(Space(in.src1Space), in.src1,
                  span(rows, cols, in.src1Stride, st), "vector src1"))
      return e;
  if (llvm::Error e = check(Space(in.dstSpace), in.dst,
                            span(rows, dcols, in.dstStride, dt), "vector dst"))
    return e;
  Operand d{&mem[in.dstSpace][in.dst], dt, uint64_t(in.dstStride)};
  Operand s{&mem[in.srcSpace][in.src], st, uint64_t(in.srcStride)};
  Operand s1{binary ? &mem[in.src1Space][in.src1] : nullptr, st,
             uint64_t(in.src1Stride)};
  float imm = bitsToF32(uint32_t(in.imm));
  bool intToInt = !isFloat(st) && !isFloat(dt);
  // Rows are read before they are written, so dst may alias src exactly.
  std::vector<float> out(dcols);
  std::vector<int64_t> outInt(dcols);
  for (uint64_t r = 0; r < rows; ++r) {
    if (op == Opcode::VRequant || (op == Opcode::VCvt && intToInt)) {
      for (uint64_t c = 0; c < cols; ++c) {
        int64_t v = loadInt(s.at(r, c), st);
        if (op == Opcode::VRequant)
          v = requantise(int32_t(v), int32_t(in.imm), unsigned(in.shift),
                         int32_t(in.zp));
        else if (dt == DType::I8)
          v = v < -128 ? -128 : v > 127 ? 127 : v;
        outInt[c] = v;
      }
      for (uint64_t c = 0; c < cols; ++c) {
        uint8_t *p = d.at(r, c);
        if (dt == DType::I8) {
          *p = uint8_t(int8_t(outInt[c]));
        } else {
          int32_t v = int32_t(outInt[c]);
          std::memcpy(p, &v, 4);
        }
      }
      continue;
    }
    if (reduce) {
      float acc = loadF(s.at(r, 0), st);
      for (uint64_t c = 1; c < cols; ++c) {
        float v = loadF(s.at(r, c), st);
        acc = op == Opcode::VRedSum ? acc + v
              : (std::isnan(acc) || std::isnan(v))
                  ? std::numeric_limits<float>::quiet_NaN()
                  : std::max(acc, v);
      }
      out[0] = acc;
    } else {
      for (uint64_t c = 0; c < cols; ++c) {
        float x = loadF(s.at(r, c), st);
        float y = binary ? loadF(s1.at(r, c), st) : 0.0f;
        float v;
        switch (op) {
        case Opcode::VAdd:
          v = x + y;
          break;
        case Opcode::VMul:
          v = x * y;
          break;
        case Opcode::VMax:
          v = (std::isnan(x) || std::isnan(y))
                  ? std::numeric_limits<float>::quiet_NaN()
                  : std::max(x, y);
          break;
        case Opcode::VAddS:
          v = x + imm;
          break;
        case Opcode::VMulS:
          v = x * imm;
          break;
        case Opcode::VRelu:
          v = std::isnan(x) ? x : x > 0.0f ? x : 0.0f;
          break;
        case Opcode::VExp:
          v = float(std::exp(double(x)));
          break;
        case Opcode::VRsqrt:
          v = float(1.0 / std::sqrt(double(x)));
          break;
        case Opcode::VRecip:
          v = float(1.0 / double(x));
          break;
        default: // VCvt
          v = x;
          break;
        }
        out[c] = v;
      }
    }
    for (uint64_t c = 0; c < dcols; ++c)
      storeF(d.at(r, c), dt, out[c]);
  }
  return llvm::Error::success();
}
