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
#include <vector>

namespace strata::npu::lowering {

/// out[M x N] = act(a[M x K] * b[K x N] + bias[N]). `a` and `out` are f32
/// activations in DRAM, `b` is bf16 and `bias` f32 in the constants. The
/// matrix unit multiplies in bf16 (a is converted tile by tile on the vector
/// unit) and accumulates in f32.
/// With `batch` > 1, matrix i of a, b and out starts i * aBatchStride,
/// i * bBatchStride and i * m * n elements in. With `bActivation`, b is an
/// f32 activation in DRAM, converted on the vector unit like a.
struct MatmulSpec {
  int64_t m, n, k;
  int64_t a, b, out;
  int64_t batch = 1, aBatchStride = 0, bBatchStride = 0;
  bool bActivation = false;
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

/// What a kernel applies to its results before storing them: nothing,
/// relu, or clip to [lo, hi] (vector-unit compositions, see
/// emitActivation).
struct Activation {
  enum Kind { None, Relu, Clip } kind = None;
  float lo = 0.0f, hi = 0.0f;
};
/// Applies `act` in place to `rows` x `cols` f32 at `addr` in `space` (row
/// stride `stride` elements) on the vector queue.
void emitActivation(ProgramBuilder &pb, const Activation &act, Space space,
                    int64_t addr, int64_t rows, int64_t cols, int64_t stride);

/// The input side of a sliding-window op over an NCHW f32 tensor in DRAM.
/// A tile of `rows` output rows and `channels` channels is staged in SRAM
/// padded (pad rows and columns hold `padValue`) as raw[c][sh*hq][wp], then,
/// for strides > 1, split by on-chip DMA into sh*sw phase images
/// phased[ph][c][hq][wq] with phased[(a,b)-phase][c][y][x] =
/// raw[c][y*sh + a][x*sw + b]. Window tap (i, j) of output row r, column x
/// is then element (r + i/sh) * wq + x + j/sw of phase (i%sh, j%sw): every
/// tap is a dense [channels x rows*wq] operand with row stride hq*wq, and
/// columns x >= ow are computed but never stored.
struct WindowSpec {
  int64_t batch = 1, channels = 0, h = 0, w = 0;
  int64_t kh = 1, kw = 1, sh = 1, sw = 1;
  /// Dilations: tap (i, j) reads input pixel (y sh + i dh, x sw + j dw).
  int64_t dh = 1, dw = 1;
  int64_t padT = 0, padL = 0, padB = 0, padR = 0;
  int64_t oh = 0, ow = 0;
  int64_t input = 0;
  float padValue = 0.0f;
  /// Average pooling only: divide each output by its number of taps inside
  /// the image (ONNX count_include_pad = 0), not by kh * kw.
  bool countOnlyInside = false;
};

struct WindowTile {
  int64_t rows = 0, channels = 0;
  int64_t hq = 0, wq = 0, wp = 0;
  int64_t phases = 1;
  /// f32 elements of one staged buffer (raw and phased have the same).
  int64_t elements() const { return channels * phases * hq * wq; }
  /// Columns of a [channels x n] tap operand or result.
  int64_t n() const { return rows * wq; }
};

WindowTile windowTile(const WindowSpec &s, int64_t rows, int64_t channels);
/// Element offset of tap (i, j) in the phased layout.
int64_t tapOffset(const WindowSpec &s, const WindowTile &t, int64_t i,
                  int64_t j);
/// The f32 pad-value row the staging DMAs copy from (a constant).
int64_t windowFill(ProgramBuilder &pb, const WindowSpec &s,
                   const WindowTile &t);
/// Fills the whole raw buffer at `raw` with the pad value (once per kernel:
/// later loads write only the interior columns).
void emitWindowClear(ProgramBuilder &pb, const WindowTile &t, int64_t raw,
                     int64_t fill);
/// On dma_in: loads channels [c0, c0 + cb) of image `img` for the output
/// rows from oh0 into `raw`, refills the rows outside the image, and for
/// strides > 1 splits `raw` into the phases at `phased`.
void emitWindowLoad(ProgramBuilder &pb, const WindowSpec &s,
                    const WindowTile &t, int64_t img, int64_t c0, int64_t cb,
                    int64_t oh0, int64_t raw, int64_t phased, int64_t fill);
/// On dma_out: stores a [cb x rows*wq] result tile (channel pitch `pitch`
/// elements, in `space`) as output rows [oh0, oh0 + rows) of channels
/// [c0, c0 + cb) of image `img` of an NCHW tensor with `outChannels`.
void emitWindowStore(ProgramBuilder &pb, const WindowSpec &s,
                     const WindowTile &t, int64_t outChannels, int64_t out,
                     int64_t img, int64_t c0, int64_t cb, int64_t oh0,
                     int64_t rows, Space space, int64_t src, int64_t pitch);

/// 2-D convolution on the matrix unit: for each tap, C[co x n] +=
/// W_tap[co x ci] * tap operand[ci x n] in bf16, accumulated in f32, the
/// bias added by a k = 2 matmul of its bf16 (hi, lo) split against ones.
/// Depthwise convolutions (groups == channels == outChannels) run the same
/// way with block-diagonal weight tiles.
struct ConvSpec {
  WindowSpec in;
  int64_t outChannels = 0;
  bool depthwise = false;
  /// ONNX layout [Co][Ci/groups][kh][kw].
  std::vector<float> weights;
  std::vector<float> bias; // empty: none
  Activation act;
  int64_t out = 0;
};
struct ConvTiles {
  int64_t co = 0, ci = 0, rows = 0;
  uint64_t estimatedCycles = 0;
};
std::optional<ConvTiles> chooseConvTiles(const TargetDesc &target,
                                         const ConvSpec &spec,
                                         std::string &why);
void emitConv(ProgramBuilder &pb, const ConvSpec &spec, const ConvTiles &tiles);

/// Max pooling on the vector unit (vmax over the taps).
struct PoolTiles {
  int64_t channels = 0, rows = 0;
};
std::optional<PoolTiles> choosePoolTiles(const TargetDesc &target,
                                         const WindowSpec &spec,
                                         std::string &why);
/// Max pooling, or with `average` average pooling whose count includes
/// the padding (sum of the taps times 1 / (kh kw)).
void emitPool(ProgramBuilder &pb, const WindowSpec &spec,
              const PoolTiles &tiles, int64_t out, bool average);

/// out[r] = mean of the `cols` f32 of row r, for `rows` rows (global
/// average pooling of an NCHW tensor: rows = N*C, cols = H*W).
void emitRowMean(ProgramBuilder &pb, int64_t rows, int64_t cols, int64_t in,
                 int64_t out);

/// One strided move of a copy kernel: out[dstOffset + sum i_k dstStrides[k]]
/// = input[srcOffset + sum i_k srcStrides[k]] for every index i < dims
/// (elements, row-major dims).
struct ViewMove {
  int64_t input = 0;
  std::vector<int64_t> dims, srcStrides, dstStrides;
  int64_t srcOffset = 0, dstOffset = 0;
};
/// Transpose, slice, concat and broadcasts: the inputs (f32 in DRAM) whole
/// in SRAM, the moves on chip, the output stored whole; streamed through
/// two SRAM buffers when they do not fit (CopyKernel.cpp).
struct CopySpec {
  std::vector<int64_t> inputs, inputElements;
  std::vector<ViewMove> moves;
  int64_t out = 0, outElements = 0;
};
/// Why the copy cannot run (a view with too many strided dims, or a dim
/// too large for a DMA descriptor), or nullopt. A copy too large for SRAM
/// runs streamed (CopyKernel.cpp).
std::optional<std::string> checkCopy(const TargetDesc &target,
                                     const CopySpec &spec);
void emitCopy(ProgramBuilder &pb, const CopySpec &spec);

/// Row-wise kernels over `rows` x `cols` f32 (the last axis): softmax, and
/// layer normalisation with per-column scale and bias constants (f32).
struct RowSpec {
  enum Kind { Softmax, LayerNorm } kind = Softmax;
  int64_t rows = 0, cols = 0;
  int64_t in = 0, out = 0;
  float epsilon = 0.0f;
  std::optional<int64_t> scale, bias; // constants of `cols` f32
};
std::optional<std::string> checkRows(const TargetDesc &target,
                                     const RowSpec &spec);
void emitRows(ProgramBuilder &pb, const RowSpec &spec);

/// Quantised matmul: out[M x N] (i8) = requantise(a[M x K] (i8) *
/// b[K x N] (i8)), products summed exactly in i32 in the accumulator and
/// requantised on the vector unit (vrequant: sat_i8(round_even(acc *
/// multiplier / 2^(31 + shift)) + zp)), per tensor (one multiplier and
/// shift) or per output column (N of each). Not reached from the graph
/// dialect yet (it has no quantised types); tested on its own.
struct Int8MatmulSpec {
  int64_t m = 0, n = 0, k = 0;
  int64_t a = 0, b = 0, out = 0; // DRAM addresses
  std::vector<int32_t> multipliers;
  std::vector<int64_t> shifts;
  int32_t zeroPoint = 0;
};
std::optional<MatmulTiles> chooseInt8MatmulTiles(const TargetDesc &target,
                                                 const Int8MatmulSpec &spec,
                                                 std::string &why);
void emitInt8Matmul(ProgramBuilder &pb, const Int8MatmulSpec &spec,
                    const MatmulTiles &tiles);

/// An elementwise op over `elements` f32 values in DRAM.
enum class EltwiseKind {
  Clip,
  AddScalar, // x + imm
  MulScalar, // x * imm
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
  Activation clip;  // for Clip
  float imm = 0.0f; // for AddScalar, MulScalar
  int64_t elements;
  int64_t lhs, rhs = 0, out;
};
void emitEltwise(ProgramBuilder &pb, const EltwiseSpec &spec);

} // namespace strata::npu::lowering

#endif // STRATA_LIB_CONVERSION_GRAPHTONPU_KERNELS_H
