//===- Gemm.h - A linalg contraction seen as a (batched) GEMM ---*- C++ -*-===//
//
// What the two matmul kernels (MatmulKernel.cpp: FMA on CUDA cores,
// MmaKernel.cpp: mma.sync on tensor cores) share: the analysis of a linalg
// multiply-accumulate into batch, M, N and K loop groups, and the builders
// that stage a tile of A or B in shared memory and add a result into C.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_TARGET_CUDA_GEMM_H
#define STRATA_LIB_TARGET_CUDA_GEMM_H

#include "KernelBuilder.h"

#include "strata/Target/CUDA/GPUTarget.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"

namespace strata::cuda {

/// The loop dims of a contraction as a GEMM: batch (in A, B and C), M (in A
/// and C), N (in B and C) and K (the reductions), each group in loop order.
struct GemmDims {
  llvm::SmallVector<unsigned> batch, m, n, k;
};

/// A linalg op `C[b] += A[b] * B[b]` on static buffers. Each group of loops
/// is linearised row-major (M = product of the M loops' ranges, ...).
struct GemmPlan {
  mlir::linalg::LinalgOp op;
  mlir::AffineMap aMap, bMap, cMap;
  llvm::SmallVector<int64_t> ranges;
  GemmDims dims;
  int64_t batch, M, N, K;
  /// The element type of A, B and C (f32, f16 or bf16).
  mlir::Type elementType;
  /// The square tile of C one block computes (chooseGemmTile).
  int64_t tile = kGemmTileLarge;
  /// An elementwise op on C that runs in the kernel's epilogue (see
  /// findEpilogue), or null.
  mlir::linalg::GenericOp epilogue;
  /// Whether the epilogue must still store C itself (false when the
  /// epilogue writes C in place, or when C is a temporary nothing reads
  /// after the epilogue).
  bool storeC = true;
};

/// The plan of `op` when it is a float multiply-accumulate (`out + in0 *
/// in1`, all in one type) whose loops split into batch, M, N and K groups:
/// matmuls and batch matmuls in any operand transposition, and convolutions
/// as implicit GEMMs (output pixels and images are M, output channels N,
/// input channels and the kernel window K; A's compound map is applied to
/// the delinearised indices). A match failure on `rewriter` otherwise.
mlir::FailureOr<GemmPlan> analyseGemm(mlir::RewriterBase &rewriter,
                                      mlir::linalg::LinalgOp op);

/// Sets `plan.tile`: kGemmTileLarge, unless that makes fewer blocks than
/// `target` has SMs, then kGemmTileSmall.
void chooseGemmTile(GemmPlan &plan, const GPUTarget &target);

/// Sets `plan.epilogue` when the op after the GEMM (ignoring side-effect
/// free ops) is an elementwise linalg.generic that reads C with the
/// identity map and writes one output of C's shape with the identity map,
/// whose other inputs are read through projected permutations
/// (broadcasts, e.g. a bias or a residual) and do not alias C. The kernel
/// then applies that op's payload to each element of C as it is
/// computed, and the op itself is erased: ReLU, residual adds and other
/// epilogues cost no extra kernel, and no extra round trip of C through
/// global memory. The values are the same as unfused (same operations on
/// the same f32/f16 values), so the result is bit for bit the same.
void findEpilogue(GemmPlan &plan);

/// Builds the index arithmetic of one GEMM kernel, inside its gpu.launch.
class GemmBuilder {
public:
  GemmBuilder(mlir::RewriterBase &rewriter, const GemmPlan &plan,
              mlir::Location loc);

  IndexMath m;

  /// Creates the kernel's gpu.launch before the op: grid ceil(N/T) x
  /// ceil(M/T) x batch, `threadsX` x `threadsY` threads, `tileTypes` (A's
  /// and B's shared-memory tiles) as workgroup buffers. Leaves the
  /// insertion point at the start of its body, with rowBase/colBase and
  /// the batch indices set.
  mlir::gpu::LaunchOp beginKernel(int64_t threadsX, int64_t threadsY,
                                  mlir::TypeRange tileTypes);
  /// First row (M) and column (N) of the block's tile of C.
  mlir::Value rowBase, colBase;

  /// The K loop carrying `accs`: each kGemmTileK step, thread `tid` of
  /// `threads` stages A's T x 16 tile and B's (16 x T, or with
  /// `bTransposed` T x 16 as N x K) in `aTile` and `bTile`, a barrier,
  /// `step(accs)` computes the next accumulators from the tiles, and a
  /// barrier before the next step overwrites them. Returns the loop's
  /// results.
  mlir::ValueRange
  kLoop(mlir::Value aTile, mlir::Value bTile, bool bTransposed, mlir::Value tid,
        int64_t threads, mlir::ValueRange accs,
        llvm::function_ref<llvm::SmallVector<mlir::Value>(mlir::ValueRange)>
            step);

  /// Sets the loop indices of `group` from their row-major linear index.
  void setDims(llvm::ArrayRef<unsigned> group, mlir::Value linear);

  /// Stores the rows x cols tile of `source` (A or B) whose first element
  /// is at (rowBase, colBase) of the (rowDims, colDims) linearisation into
  /// `tile` in shared memory, converting to the tile's element type; 0
  /// outside (rowBound, colBound). Thread `tid` of `threads` stores
  /// elements tid + threads * l in row-major order, so that neighbouring
  /// threads read neighbouring columns.
  void stage(mlir::Value tile, mlir::Value tid, int64_t threads,
             mlir::Value source, mlir::AffineMap map,
             llvm::ArrayRef<unsigned> rowDims, mlir::Value rowBase,
             int64_t rowBound, llvm::ArrayRef<unsigned> colDims,
             mlir::Value colBase, int64_t colBound);

  /// C[row, column] += value (an f32), where (row, column) is inside C,
  /// followed by the plan's epilogue on that element.
  void accumulate(mlir::Value row, mlir::Value column, mlir::Value value);

private:
  /// Applies the epilogue's payload to C's new element `c` at C indices
  /// `at` and stores the result.
  void applyEpilogue(mlir::Value c, llvm::ArrayRef<mlir::Value> at);

  mlir::RewriterBase &rewriter;
  const GemmPlan &plan;
  mlir::Location loc;
  /// The loop indices, set group by group before indexing an operand.
  llvm::SmallVector<mlir::Value> ivs;
};

/// Emits the FMA tiled kernel for an f32 plan (MatmulKernel.cpp).
void emitMatmulKernel(mlir::RewriterBase &rewriter, const GemmPlan &plan);

/// Emits the tensor-core kernel (MmaKernel.cpp): A and B are staged in
/// shared memory as `mmaType` (f16 or bf16, rounded to nearest even from
/// an f32 plan) and multiplied with nvgpu.mma.sync m16n8k16 into f32
/// accumulators.
void emitMmaKernel(mlir::RewriterBase &rewriter, const GemmPlan &plan,
                   mlir::Type mmaType);

} // namespace strata::cuda

#endif // STRATA_LIB_TARGET_CUDA_GEMM_H
