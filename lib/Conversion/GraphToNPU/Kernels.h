//===- Kernels.h - NPU kernels the graph -> npu lowering emits ------------===//
//
// Each kernel reads its f32 inputs from DRAM and writes its f32 result to
// DRAM, tiled through SRAM and the accumulator with double buffering; the
// tile sizes come from a cost model over the target description
// (docs/npu-lowering.md).
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_CONVERSION_GRAPHTONPU_KERNELS_H
#define STRATA_LIB_CONVERSION_GRAPHTONPU_KERNELS_H

#include "ProgramBuilder.h"

#include <optional>
#include <string>

namespace strata::npu::lowering {

/// out[M x N] = act(a[M x K] * b[K x N] + bias[N]). `a` and `out` are f32
/// activations in DRAM, `b` is bf16 and `bias` f32 in the constants. The
/// matrix unit multiplies in bf16 (a is converted tile by tile on the vector
/// unit) and accumulates in f32.
struct MatmulSpec {
  int64_t m, n, k;
  int64_t a, b, out;
  std::optional<int64_t> bias;
  bool relu = false;
};

struct MatmulTiles {
  int64_t tm = 0, tn = 0, tk = 0;
  uint64_t estimatedCycles = 0;
};

/// The tiles with the lowest estimated cycle count that fit SRAM and the
/// accumulator twice over; nullopt (with `why` set) when none fits.
std::optional<MatmulTiles> chooseMatmulTiles(const TargetDesc &target,
                                             const MatmulSpec &spec,
                                             std::string &why);
void emitMatmul(ProgramBuilder &pb, const MatmulSpec &spec,
                const MatmulTiles &tiles);

/// An elementwise op over `elements` f32 values in DRAM.
enum class EltwiseKind {
  Relu,
  Exp,
  Rsqrt,
  Reciprocal,
  Neg,
  Sigmoid,
  Add,
  Sub,
  Mul,
  Max
};
bool isBinary(EltwiseKind kind);
struct EltwiseSpec {
  EltwiseKind kind;
  int64_t elements;
  int64_t lhs, rhs = 0, out;
};
void emitEltwise(ProgramBuilder &pb, const EltwiseSpec &spec);

} // namespace strata::npu::lowering

#endif // STRATA_LIB_CONVERSION_GRAPHTONPU_KERNELS_H
