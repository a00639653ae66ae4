//===- FunctionLowering.h - One graph function -> one npu.program -*- C++
//-*-===//
//
// The state of convert-graph-to-npu for one function: where each value
// lives in DRAM, the program being built, and one lowering per op family.
// The methods are split by what they lower: GraphToNPU.cpp (the op walk,
// matmul, elementwise), WindowLowering.cpp (convolution and pooling) and
// DataMovementLowering.cpp (copies, broadcasts, gather, softmax and layer
// norm).
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_CONVERSION_GRAPHTONPU_FUNCTIONLOWERING_H
#define STRATA_LIB_CONVERSION_GRAPHTONPU_FUNCTIONLOWERING_H

#include "Kernels.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>
#include <vector>

namespace strata::npu::lowering {

using mlir::ArrayRef;
using mlir::FailureOr;
using mlir::InFlightDiagnostic;
using mlir::LogicalResult;
using mlir::Operation;
using mlir::Twine;
using mlir::Value;
namespace func = mlir::func;

/// The f32 values of a constant, if `v` is a graph.constant of f32.
std::optional<std::vector<float>> constantValues(Value v);
/// Elements of the ranked tensor `v`.
int64_t numElements(Value v);
/// Row-major strides (elements) of `shape`.
std::vector<int64_t> denseStrides(ArrayRef<int64_t> shape);
/// The clip bounds of `clip` as an activation.
Activation clipActivation(graph::ClipOp clip);

class FunctionLowering {
public:
  FunctionLowering(func::FuncOp func, const TargetDesc &target, DType mmaType)
      : func(func), pb(target, mmaType) {
    pb.currentLoc = func.getLoc();
  }

  LogicalResult run();
  ProgramBuilder &builder() { return pb; }

private:
  func::FuncOp func;
  ProgramBuilder pb;
  llvm::DenseMap<Value, int64_t> dram;
  llvm::DenseSet<Operation *> fused;

  InFlightDiagnostic unsupported(Operation *op, const Twine &why) {
    return op->emitError() << "'" << op->getName()
                           << "' cannot run on the NPU: " << why;
  }
  /// The DRAM address of activation `v` (a constant is materialised).
  FailureOr<int64_t> address(Operation *user, Value v);
  LogicalResult checkF32Static(Operation *op);
  LogicalResult lowerMatmul(Operation *op);
  LogicalResult lowerEltwise(Operation *op, EltwiseKind kind,
                             Activation clip = {});
  LogicalResult lowerConv(graph::ConvOp op);
  /// A grouped (not depthwise) convolution as one convolution per image
  /// and group, on channel slices of the input, weights and output.
  LogicalResult emitGroupedConv(const ConvSpec &spec, int64_t groups,
                                std::string &why);
  LogicalResult lowerCopy(Operation *op, CopySpec spec);
  /// Checks `spec`, allocates its output and emits the copy kernel; returns
  /// the output's DRAM address, or fails with a diagnostic (prefixed by
  /// `context`) when the copy cannot run.
  FailureOr<int64_t> runCopy(Operation *op, CopySpec &spec,
                             llvm::StringRef context = "");
  /// The DRAM address of `v` at `shape`: `v` itself, or its numpy
  /// broadcast to `shape` materialised by a copy kernel (stride-0 moves).
  FailureOr<int64_t> broadcastTo(Operation *op, Value v,
                                 ArrayRef<int64_t> shape);
  LogicalResult lowerTranspose(graph::TransposeOp op);
  LogicalResult lowerSlice(graph::SliceOp op);
  LogicalResult lowerConcat(graph::ConcatOp op);
  LogicalResult lowerGather(graph::GatherOp op);
  LogicalResult lowerRows(Operation *op, RowSpec spec, int64_t axis);
  LogicalResult lowerLayerNorm(graph::LayerNormOp op);
  /// add/sub/mul/div with a one-element constant operand: vadds / vmuls.
  FailureOr<bool> lowerScalarEltwise(Operation *op);
  /// The pooling kernel (max, or average with `average`) over window `w`.
  LogicalResult emitPoolKernel(Operation *op, WindowSpec w, bool average);
  LogicalResult lowerMaxPool(graph::MaxPoolOp op);
  LogicalResult lowerAvgPool(graph::AvgPoolOp op);
  LogicalResult lowerGlobalAvgPool(graph::GlobalAvgPoolOp op);
  /// The 2-D window of a conv or pool with NCHW input `input` and result
  /// `result`; fails (with a diagnostic) on what the NPU does not support.
  FailureOr<WindowSpec> windowSpec(Operation *op, Value input, Value result,
                                   ArrayRef<int64_t> kernel,
                                   ArrayRef<int64_t> strides,
                                   ArrayRef<int64_t> dilations,
                                   ArrayRef<int64_t> pads);
  /// Absorbs a single following relu or clip into `act`; returns the value
  /// the kernel's output stands for.
  Value fuseActivation(Value result, Activation &act);
};

} // namespace strata::npu::lowering

#endif // STRATA_LIB_CONVERSION_GRAPHTONPU_FUNCTIONLOWERING_H
