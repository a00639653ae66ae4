//===- ProgramBuilder.h - Instruction streams, DRAM layout, constants -----===//
//
// What the graph -> npu lowering builds before it becomes an npu.program:
// one instruction list per queue, a bump allocator for DRAM activations,
// the constant blob, and the I/O table. Constant addresses are relative to
// the blob (tagged with kConstTag) until finish() places the blob after the
// activations and relocates every DMA that reads it.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_CONVERSION_GRAPHTONPU_PROGRAMBUILDER_H
#define STRATA_LIB_CONVERSION_GRAPHTONPU_PROGRAMBUILDER_H

#include "strata/Dialect/NPU/IR/NPUOps.h"

#include "llvm/ADT/ArrayRef.h"

#include <optional>

#include <vector>

namespace strata::npu::lowering {

/// DRAM addresses with this bit set are offsets into the constant blob.
constexpr int64_t kConstTag = int64_t(1) << 40;

/// Flags shared by the kernels (docs/npu-lowering.md). Each kernel leaves
/// every flag at zero except kStoredFlag, which its last store sets and the
/// next kernel's first load waits for.
enum Flag : int64_t {
  kLoaded0 = 0,      // dma_in -> vector: SRAM buffer b loaded
  kFull0 = 2,        // vector -> matrix: bf16 operands of buffer b ready
  kFree0 = 4,        // matrix/dma_out -> dma_in: buffer b may be reused
  kDone0 = 6,        // matrix -> vector: accumulator c complete
  kReady0 = 8,       // vector -> dma_out: result c ready to store
  kEmpty0 = 10,      // dma_out -> matrix: accumulator c stored
  kConstLoaded = 12, // dma_in -> vector: per-kernel constants in SRAM
  kStoredFlag = 13,  // dma_out -> dma_in: the previous kernel's stores done
};

class ProgramBuilder {
public:
  ProgramBuilder(const TargetDesc &target, DType mmaType = DType::BF16)
      : target(target), mmaType(mmaType) {}

  const TargetDesc &target;
  /// The type f32 matrix operands are converted to for the matrix unit
  /// (BF16 or F16; convert-graph-to-npu's `precision`).
  DType mmaType;
  std::vector<Instruction> queues[kNumQueues];
  /// The location of each instruction (the graph op it implements).
  std::vector<mlir::Location> locs[kNumQueues];
  /// The location given to instructions emitted from now on.
  std::optional<mlir::Location> currentLoc;

  /// A fresh DRAM region of `bytes` for an activation (64-byte aligned).
  int64_t allocDram(int64_t bytes);
  /// Appends constant bytes; returns their tagged address.
  int64_t addConstant(llvm::ArrayRef<uint8_t> bytes);
  int64_t addConstantF32(llvm::ArrayRef<float> values);
  /// `values` rounded to mmaType (nearest even), 2 bytes each.
  int64_t addConstantMma(llvm::ArrayRef<float> values);
  /// `v` rounded to mmaType and back (what the matrix unit sees of it).
  float roundToMma(float v) const;

  void addIO(llvm::StringRef name, bool isOutput, llvm::ArrayRef<int64_t> shape,
             int64_t addr, DType dtype = DType::F32);

  void emit(Queue q, const Instruction &instr) {
    if (q == Queue::Vector && deferringVector) {
      deferredVector.emplace_back(instr, *currentLoc);
      return;
    }
    queues[unsigned(q)].push_back(instr);
    locs[unsigned(q)].push_back(*currentLoc);
  }
  /// Between these, vector instructions are held back until
  /// flushDeferredVector(): an accumulator kernel emits a tile's epilogue
  /// after the next tile's first conversion, so that it overlaps that
  /// tile's first matmuls.
  void beginDeferVector() { deferringVector = true; }
  void endDeferVector() { deferringVector = false; }
  void flushDeferredVector();

  /// Accumulator kernels (matmul, conv) start with two SRAM-buffer credits
  /// (FREE, set by matrix) and two accumulator credits (EMPTY, set by
  /// dma_out), and end by flushing the epilogue and draining them.
  void grantAccumulatorCredits();
  void drainAccumulatorCredits();
  void setFlag(Queue q, int64_t flag);
  void waitFlag(Queue q, int64_t flag);
  /// A 2-D copy: `rows` rows of `rowBytes`, strides in bytes.
  void dma(Queue q, Space dstSpace, int64_t dst, int64_t dstStride,
           Space srcSpace, int64_t src, int64_t srcStride, int64_t rows,
           int64_t rowBytes);

  /// A 3-D copy: `planes` x `rows` rows of `rowBytes`, strides in bytes.
  void dma3(Queue q, Space dstSpace, int64_t dst, int64_t dstStride,
            int64_t dstPlaneStride, Space srcSpace, int64_t src,
            int64_t srcStride, int64_t srcPlaneStride, int64_t planes,
            int64_t rows, int64_t rowBytes);

  /// Starts a kernel: waits for the previous kernel's stores.
  void beginKernel();
  /// Ends a kernel: its last store (on dma_out) sets kStoredFlag.
  void endKernel();

  /// Places the constants, relocates, and creates the npu.program.
  ProgramOp finish(mlir::OpBuilder &builder, mlir::Location loc,
                   llvm::StringRef name, llvm::StringRef targetName);

private:
  bool deferringVector = false;
  std::vector<std::pair<Instruction, mlir::Location>> deferredVector;
  int64_t dramTop = 0;
  std::vector<uint8_t> constants;
  std::vector<IOEntry> io;
  bool kernelBefore = false;
};

/// Hands out 64-byte aligned offsets of an on-chip memory.
struct BumpAllocator {
  int64_t top = 0;
  int64_t take(int64_t bytes) {
    int64_t at = top;
    top += (bytes + 63) / 64 * 64;
    return at;
  }
};

/// A vector instruction over `rows` x `cols` elements (strides in
/// elements); src1, when the opcode has one, is set by the caller.
Instruction vectorOp(Opcode op, Space dstSpace, int64_t dst, DType dstType,
                     Space srcSpace, int64_t src, DType srcType, int64_t rows,
                     int64_t cols, int64_t dstStride, int64_t srcStride);

/// Tile candidates for a dimension of size `dim`: powers of two from 16 up
/// to `limit`, and the dimension itself when it is at most `limit`.
std::vector<int64_t> tileCandidates(int64_t dim, int64_t limit);

/// C[m x n] (+)= A[m x k] * B[k x n] on the matrix unit; leading
/// dimensions in elements.
Instruction matmulOp(DType dtype, bool accumulate, int64_t m, int64_t n,
                     int64_t k, int64_t c, int64_t ldc, int64_t a, int64_t lda,
                     int64_t b, int64_t ldb);

inline int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

} // namespace strata::npu::lowering

#endif // STRATA_LIB_CONVERSION_GRAPHTONPU_PROGRAMBUILDER_H
