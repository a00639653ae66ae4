//===- GraphToNPU.cpp - The convert-graph-to-npu pass ---------------------===//
//
// Turns each graph-dialect function into an npu.program: graph inputs and
// results become the I/O table (f32, static shapes), every value lives in
// DRAM as a dense row-major f32 tensor, and each supported op becomes one
// kernel (Kernels.h). Matmul/gemm absorb a following bias add and relu
// (the epilogue runs on the accumulator); reshapes are free (the layout is
// row-major). An op the NPU cannot run yet is an error naming it.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"
#include "strata/Conversion/Passes.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"
#include "strata/Dialect/NPU/IR/NPUOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include <limits>

namespace strata {
#define GEN_PASS_DEF_CONVERTGRAPHTONPUPASS
#include "Conversion/Passes.h.inc"
} // namespace strata

using namespace mlir;
using namespace strata;
using namespace strata::npu::lowering;
namespace npu = strata::npu;

static const char *kSupported =
    "matmul, gemm, conv (2-D, any groups), max_pool, avg_pool, "
    "global_avg_pool, softmax (any axis), layer_norm, transpose, slice, "
    "gather (constant indices), "
    "concat, add/sub/mul/max (broadcasting when the broadcast operand fits "
    "SRAM), add/sub/mul/div by a scalar "
    "constant, relu, clip, exp, rsqrt, reciprocal, neg, sigmoid, reshape, "
    "flatten, squeeze, unsqueeze";

/// The f32 values of a constant, if `v` is a graph.constant of f32.
static std::optional<std::vector<float>> constantValues(Value v) {
  auto op = v.getDefiningOp<graph::ConstantOp>();
  if (!op)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(op.getType());
  if (!type || !type.getElementType().isF32() || !type.hasStaticShape())
    return std::nullopt;
  Attribute value = op.getValue();
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    auto range = dense.getValues<float>();
    return std::vector<float>(range.begin(), range.end());
  }
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(value))
    if (std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef())
      return std::vector<float>(data->begin(), data->end());
  return std::nullopt;
}

namespace {
class FunctionLowering {
public:
  FunctionLowering(func::FuncOp func, const npu::TargetDesc &target,
                   npu::DType mmaType)
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
} // namespace

LogicalResult FunctionLowering::checkF32Static(Operation *op) {
  for (Type t :
       llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes())) {
    auto rt = dyn_cast<RankedTensorType>(t);
    if (!rt || !rt.hasStaticShape())
      return unsupported(op, "the NPU needs static shapes, got ") << t;
    if (!rt.getElementType().isF32())
      return unsupported(op, "only f32 models run on the NPU, got ") << t;
  }
  return success();
}

FailureOr<int64_t> FunctionLowering::address(Operation *user, Value v) {
  auto it = dram.find(v);
  if (it != dram.end())
    return it->second;
  if (std::optional<std::vector<float>> values = constantValues(v)) {
    int64_t addr = pb.addConstantF32(*values);
    dram[v] = addr;
    return addr;
  }
  return unsupported(user, "an operand is neither an NPU activation nor an "
                           "f32 constant");
}

static int64_t numElements(Value v) {
  return cast<RankedTensorType>(v.getType()).getNumElements();
}

LogicalResult FunctionLowering::lowerMatmul(Operation *op) {
  Value a = op->getOperand(0), b = op->getOperand(1);
  auto aType = cast<RankedTensorType>(a.getType());
  auto bType = cast<RankedTensorType>(b.getType());
  bool transB = false;
  double alpha = 1.0, beta = 1.0;
  Value c;
  if (auto gemm = dyn_cast<graph::GemmOp>(op)) {
    if (gemm.getTransA())
      return unsupported(op, "trans_a is not supported");
    transB = gemm.getTransB();
    alpha = gemm.getAlpha().convertToDouble();
    beta = gemm.getBeta().convertToDouble();
    c = gemm.getC();
  }
  std::optional<std::vector<float>> bValues = constantValues(b);
  MatmulSpec spec;
  if (aType.getRank() < 2 || bType.getRank() < 2)
    return unsupported(op, "needs operands of rank >= 2");
  if (bValues && bType.getRank() != 2)
    return unsupported(op, "constant weights must be 2-D");
  spec.k = aType.getShape().back();
  spec.n = bType.getShape()[transB ? 0 : bType.getRank() - 1];
  if (!bValues) {
    // Two activations: B is converted on the vector unit like A. Batched
    // operands must agree on their batch dims (no broadcasting).
    if (transB || alpha != 1.0)
      return unsupported(op, "a gemm of two activations with trans_b or "
                             "alpha is not supported");
    if (bType.getRank() > 2) {
      if (aType.getRank() != bType.getRank() ||
          aType.getShape().drop_back(2) != bType.getShape().drop_back(2))
        return unsupported(op, "batched operands must have the same batch "
                               "dims (broadcasting is not supported)");
      spec.batch =
          aType.getNumElements() /
          std::max<int64_t>(
              aType.getShape().back() * aType.getShape().drop_back().back(), 1);
      spec.m = aType.getShape().drop_back().back();
      spec.aBatchStride = spec.m * spec.k;
      spec.bBatchStride = spec.k * spec.n;
    }
    spec.bActivation = true;
  }
  if (!spec.bActivation || spec.batch == 1)
    spec.m = aType.getNumElements() / std::max<int64_t>(spec.k, 1);
  if (spec.m == 0 || spec.n == 0 || spec.k == 0 || spec.batch == 0)
    return unsupported(op, "empty matrices");

  // Constant B as bf16 [K x N], alpha folded in.
  std::vector<float> packed;
  if (bValues) {
    packed.resize(spec.k * spec.n);
    for (int64_t kk = 0; kk < spec.k; ++kk)
      for (int64_t nn = 0; nn < spec.n; ++nn)
        packed[kk * spec.n + nn] = float(
            alpha * (*bValues)[transB ? nn * spec.k + kk : kk * spec.n + nn]);
  }
  // Bias: gemm's c, then a following add of a [N] or [1 x N] constant.
  std::vector<float> bias;
  auto takeBias = [&](Value v, double scale) -> bool {
    auto type = cast<RankedTensorType>(v.getType());
    if (type.getNumElements() != spec.n || type.getShape().back() != spec.n)
      return false;
    std::optional<std::vector<float>> values = constantValues(v);
    if (!values)
      return false;
    if (bias.empty())
      bias.assign(spec.n, 0.0f);
    for (int64_t i = 0; i < spec.n; ++i)
      bias[i] += float(scale * (*values)[i]);
    return true;
  };
  if (c && !takeBias(c, beta))
    return unsupported(op, "the bias must be an f32 constant of N elements");
  Value result = op->getResult(0);
  if (result.hasOneUse())
    if (auto add = dyn_cast<graph::AddOp>(*result.getUsers().begin())) {
      Value other = add.getLhs() == result ? add.getRhs() : add.getLhs();
      if (add.getType() == result.getType() && takeBias(other, 1.0)) {
        fused.insert(add);
        result = add.getResult();
      }
    }
  if (result.hasOneUse())
    if (auto relu = dyn_cast<graph::ReluOp>(*result.getUsers().begin())) {
      spec.relu = true;
      fused.insert(relu);
      result = relu.getResult();
    }
  FailureOr<int64_t> aAddr = address(op, a);
  if (failed(aAddr))
    return failure();
  spec.a = *aAddr;
  if (bValues) {
    spec.b = pb.addConstantMma(packed);
  } else {
    FailureOr<int64_t> bAddr = address(op, b);
    if (failed(bAddr))
      return failure();
    spec.b = *bAddr;
  }
  if (!bias.empty())
    spec.bias = pb.addConstantF32(bias);
  spec.out = pb.allocDram(spec.batch * spec.m * spec.n * 4);
  std::string why;
  std::optional<MatmulTiles> tiles = chooseMatmulTiles(pb.target, spec, why);
  if (!tiles)
    return unsupported(op, why);
  emitMatmul(pb, spec, *tiles);
  dram[result] = spec.out;
  return success();
}

LogicalResult FunctionLowering::lowerEltwise(Operation *op, EltwiseKind kind,
                                             Activation clip) {
  EltwiseSpec spec;
  spec.kind = kind;
  spec.clip = clip;
  spec.elements = numElements(op->getResult(0));
  ArrayRef<int64_t> shape =
      cast<RankedTensorType>(op->getResult(0).getType()).getShape();
  FailureOr<int64_t> lhs = broadcastTo(op, op->getOperand(0), shape);
  if (failed(lhs))
    return failure();
  spec.lhs = *lhs;
  if (isBinary(kind)) {
    FailureOr<int64_t> rhs = broadcastTo(op, op->getOperand(1), shape);
    if (failed(rhs))
      return failure();
    spec.rhs = *rhs;
  }
  spec.out = pb.allocDram(spec.elements * 4);
  if (spec.elements > 0)
    emitEltwise(pb, spec);
  dram[op->getResult(0)] = spec.out;
  return success();
}

static Activation clipActivation(graph::ClipOp clip) {
  Activation act;
  act.kind = Activation::Clip;
  act.lo = clip.getMinAttr() ? float(clip.getMinAttr().getValueAsDouble())
                             : -std::numeric_limits<float>::infinity();
  act.hi = clip.getMaxAttr() ? float(clip.getMaxAttr().getValueAsDouble())
                             : std::numeric_limits<float>::infinity();
  return act;
}

Value FunctionLowering::fuseActivation(Value result, Activation &act) {
  if (!result.hasOneUse())
    return result;
  Operation *user = *result.getUsers().begin();
  if (auto relu = dyn_cast<graph::ReluOp>(user)) {
    act.kind = Activation::Relu;
    fused.insert(relu);
    return relu.getResult();
  }
  if (auto clip = dyn_cast<graph::ClipOp>(user)) {
    if (clip.getType() != result.getType())
      return result;
    act = clipActivation(clip);
    fused.insert(clip);
    return clip.getResult();
  }
  return result;
}

FailureOr<WindowSpec> FunctionLowering::windowSpec(Operation *op, Value input,
                                                   Value result,
                                                   ArrayRef<int64_t> kernel,
                                                   ArrayRef<int64_t> strides,
                                                   ArrayRef<int64_t> dilations,
                                                   ArrayRef<int64_t> pads) {
  auto inType = cast<RankedTensorType>(input.getType());
  auto outType = cast<RankedTensorType>(result.getType());
  if (inType.getRank() != 4 || kernel.size() != 2)
    return unsupported(op, "only 2-D windows over NCHW tensors are supported");
  if (!dilations.empty() && dilations.size() != 2)
    return unsupported(op, "expected 2 dilations");
  WindowSpec w;
  w.dh = dilations.empty() ? 1 : dilations[0];
  w.dw = dilations.empty() ? 1 : dilations[1];
  if (w.dh < 1 || w.dw < 1)
    return unsupported(op, "dilations must be positive");
  w.batch = inType.getDimSize(0), w.channels = inType.getDimSize(1);
  w.h = inType.getDimSize(2), w.w = inType.getDimSize(3);
  w.kh = kernel[0], w.kw = kernel[1];
  w.sh = strides.empty() ? 1 : strides[0];
  w.sw = strides.empty() ? 1 : strides[1];
  if (pads.size() == 4)
    w.padT = pads[0], w.padL = pads[1], w.padB = pads[2], w.padR = pads[3];
  else if (!pads.empty())
    return unsupported(op, "expected 4 pads");
  w.oh = outType.getDimSize(2), w.ow = outType.getDimSize(3);
  if (w.sh < 1 || w.sw < 1 || w.sh > 8 || w.sw > 8)
    return unsupported(op, "strides must be between 1 and 8");
  if (w.kh < 1 || w.kw < 1 || w.padT < 0 || w.padL < 0 || w.padB < 0 ||
      w.padR < 0)
    return unsupported(op, "negative pads or empty windows");
  // The staged tile covers (oh - 1) * s + (k - 1) * d + 1 padded rows (and
  // columns).
  if ((w.oh - 1) * w.sh + (w.kh - 1) * w.dh + 1 > w.h + w.padT + w.padB ||
      (w.ow - 1) * w.sw + (w.kw - 1) * w.dw + 1 > w.w + w.padL + w.padR)
    return unsupported(op, "the output shape reads past the padded input "
                           "(ceil_mode)");
  FailureOr<int64_t> addr = address(op, input);
  if (failed(addr))
    return failure();
  w.input = *addr;
  return w;
}

LogicalResult FunctionLowering::lowerConv(graph::ConvOp op) {
  auto wType = cast<RankedTensorType>(op.getWeight().getType());
  if (wType.getRank() != 4)
    return unsupported(op, "only 2-D convolutions are supported");
  std::optional<std::vector<float>> weights = constantValues(op.getWeight());
  if (!weights)
    return unsupported(op, "the weights must be a constant");
  FailureOr<WindowSpec> w = windowSpec(
      op, op.getInput(), op.getResult(), wType.getShape().drop_front(2),
      op.getStrides(), op.getDilations(), op.getPads());
  if (failed(w))
    return failure();
  ConvSpec spec;
  spec.in = *w;
  spec.outChannels = wType.getDimSize(0);
  int64_t groups = op.getGroups();
  if (groups == w->channels && groups == spec.outChannels && groups > 1 &&
      wType.getDimSize(1) == 1)
    spec.depthwise = true;
  else if (groups < 1 || w->channels % groups || spec.outChannels % groups)
    return unsupported(op, "groups = ")
           << groups << " does not divide the " << w->channels << " input and "
           << spec.outChannels << " output channels";
  if (spec.outChannels == 0 || w->channels == 0 || w->oh == 0 || w->ow == 0)
    return unsupported(op, "empty tensors");
  spec.weights = std::move(*weights);
  if (Value bias = op.getBias()) {
    std::optional<std::vector<float>> values = constantValues(bias);
    if (!values || int64_t(values->size()) != spec.outChannels)
      return unsupported(op, "the bias must be a constant of Co elements");
    spec.bias = std::move(*values);
  }
  Value result = fuseActivation(op.getResult(), spec.act);
  spec.out = pb.allocDram(numElements(op.getResult()) * 4);
  std::string why;
  if (spec.depthwise || groups == 1) {
    std::optional<ConvTiles> tiles = chooseConvTiles(pb.target, spec, why);
    if (!tiles)
      return unsupported(op, why);
    emitConv(pb, spec, *tiles);
  } else if (failed(emitGroupedConv(spec, groups, why))) {
    return unsupported(op, why);
  }
  dram[result] = spec.out;
  return success();
}

LogicalResult FunctionLowering::emitGroupedConv(const ConvSpec &spec,
                                                int64_t groups,
                                                std::string &why) {
  // One ordinary convolution per image and group: group g reads input
  // channels [g Cg, (g + 1) Cg) and writes output channels [g Fg,
  // (g + 1) Fg) of the image, both contiguous in NCHW, with the weight
  // rows [g Fg, (g + 1) Fg) (ONNX's [Co][Ci/groups][kh][kw] layout).
  const WindowSpec &in = spec.in;
  int64_t cg = in.channels / groups, fg = spec.outChannels / groups;
  int64_t inPlane = in.h * in.w * 4, outPlane = in.oh * in.ow * 4;
  int64_t weightsPerGroup = fg * cg * in.kh * in.kw;
  ConvSpec part;
  part.in = in;
  part.in.batch = 1;
  part.in.channels = cg;
  part.outChannels = fg;
  part.act = spec.act;
  auto selectGroup = [&](int64_t g) {
    part.weights.assign(spec.weights.begin() + g * weightsPerGroup,
                        spec.weights.begin() + (g + 1) * weightsPerGroup);
    if (!spec.bias.empty())
      part.bias.assign(spec.bias.begin() + g * fg,
                       spec.bias.begin() + (g + 1) * fg);
  };
  // Every group has the same shapes, so the same tiles.
  selectGroup(0);
  std::optional<ConvTiles> tiles = chooseConvTiles(pb.target, part, why);
  if (!tiles)
    return failure();
  for (int64_t img = 0; img < in.batch; ++img)
    for (int64_t g = 0; g < groups; ++g) {
      part.in.input = in.input + (img * in.channels + g * cg) * inPlane;
      part.out = spec.out + (img * spec.outChannels + g * fg) * outPlane;
      selectGroup(g);
      emitConv(pb, part, *tiles);
    }
  return success();
}

LogicalResult FunctionLowering::lowerMaxPool(graph::MaxPoolOp op) {
  FailureOr<WindowSpec> w =
      windowSpec(op, op.getInput(), op.getResult(), op.getKernelShape(),
                 op.getStrides(), op.getDilations(), op.getPads());
  if (failed(w))
    return failure();
  w->padValue = -std::numeric_limits<float>::infinity();
  if (w->channels == 0 || w->oh == 0 || w->ow == 0 || w->batch == 0)
    return unsupported(op, "empty tensors");
  std::string why;
  std::optional<PoolTiles> tiles = choosePoolTiles(pb.target, *w, why);
  if (!tiles)
    return unsupported(op, why);
  int64_t out = pb.allocDram(numElements(op.getResult()) * 4);
  emitPool(pb, *w, *tiles, out, /*average=*/false);
  dram[op.getResult()] = out;
  return success();
}

LogicalResult FunctionLowering::lowerAvgPool(graph::AvgPoolOp op) {
  FailureOr<WindowSpec> w =
      windowSpec(op, op.getInput(), op.getResult(), op.getKernelShape(),
                 op.getStrides(), op.getDilations(), op.getPads());
  if (failed(w))
    return failure();
  // ONNX's default (count_include_pad = 0) divides by the taps inside the
  // image; with no padding that is every tap.
  w->countOnlyInside =
      !op.getCountIncludePad() && (w->padT || w->padL || w->padB || w->padR);
  if (w->channels == 0 || w->oh == 0 || w->ow == 0 || w->batch == 0)
    return unsupported(op, "empty tensors");
  std::string why;
  std::optional<PoolTiles> tiles = choosePoolTiles(pb.target, *w, why);
  if (!tiles)
    return unsupported(op, why);
  int64_t out = pb.allocDram(numElements(op.getResult()) * 4);
  emitPool(pb, *w, *tiles, out, /*average=*/true);
  dram[op.getResult()] = out;
  return success();
}

LogicalResult FunctionLowering::lowerGlobalAvgPool(graph::GlobalAvgPoolOp op) {
  auto type = cast<RankedTensorType>(op.getInput().getType());
  if (type.getRank() < 3)
    return unsupported(op, "expected an N x C x spatial input");
  int64_t rows = type.getDimSize(0) * type.getDimSize(1);
  int64_t cols = type.getNumElements() / std::max<int64_t>(rows, 1);
  if (rows == 0 || cols == 0)
    return unsupported(op, "empty tensors");
  if (cols * 4 > 0xffff)
    return unsupported(op, "a spatial size over 16383 elements");
  FailureOr<int64_t> in = address(op, op.getInput());
  if (failed(in))
    return failure();
  int64_t out = pb.allocDram(rows * 4);
  emitRowMean(pb, rows, cols, *in, out);
  dram[op.getResult()] = out;
  return success();
}

/// Row-major strides (elements) of `shape`.
static std::vector<int64_t> denseStrides(ArrayRef<int64_t> shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t k = int64_t(shape.size()) - 2; k >= 0; --k)
    strides[k] = strides[k + 1] * shape[k + 1];
  return strides;
}

FailureOr<int64_t> FunctionLowering::broadcastTo(Operation *op, Value v,
                                                 ArrayRef<int64_t> shape) {
  FailureOr<int64_t> addr = address(op, v);
  if (failed(addr))
    return failure();
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getShape() == shape)
    return *addr;
  int64_t lead = int64_t(shape.size()) - type.getRank();
  if (lead < 0)
    return unsupported(op, "an operand has a higher rank than the result");
  std::vector<int64_t> strides = denseStrides(type.getShape());
  ViewMove move;
  move.dims.assign(shape.begin(), shape.end());
  move.dstStrides = denseStrides(shape);
  for (int64_t k = 0; k < int64_t(shape.size()); ++k) {
    int64_t j = k - lead;
    if (j < 0 || type.getDimSize(j) == 1)
      move.srcStrides.push_back(0);
    else if (type.getDimSize(j) == shape[k])
      move.srcStrides.push_back(strides[j]);
    else
      return unsupported(op, "operand dim ")
             << j << " (" << type.getDimSize(j)
             << ") does not broadcast to the result's " << shape[k];
  }
  CopySpec spec;
  spec.inputs.push_back(*addr);
  spec.inputElements.push_back(type.getNumElements());
  spec.moves.push_back(move);
  spec.outElements = 1;
  for (int64_t d : shape)
    spec.outElements *= d;
  if (std::optional<std::string> why = checkCopy(pb.target, spec))
    return unsupported(op, "broadcasting an operand: " + *why);
  spec.out = pb.allocDram(spec.outElements * 4);
  if (spec.outElements > 0)
    emitCopy(pb, spec);
  return spec.out;
}

LogicalResult FunctionLowering::lowerCopy(Operation *op, CopySpec spec) {
  for (Value v : op->getOperands()) {
    FailureOr<int64_t> addr = address(op, v);
    if (failed(addr))
      return failure();
    spec.inputs.push_back(*addr);
    spec.inputElements.push_back(numElements(v));
  }
  spec.outElements = numElements(op->getResult(0));
  if (std::optional<std::string> why = checkCopy(pb.target, spec))
    return unsupported(op, *why);
  spec.out = pb.allocDram(spec.outElements * 4);
  if (spec.outElements > 0)
    emitCopy(pb, spec);
  dram[op->getResult(0)] = spec.out;
  return success();
}

LogicalResult FunctionLowering::lowerTranspose(graph::TransposeOp op) {
  auto inType = cast<RankedTensorType>(op.getInput().getType());
  auto outType = cast<RankedTensorType>(op.getType());
  std::vector<int64_t> inStrides = denseStrides(inType.getShape());
  ViewMove move;
  move.dims.assign(outType.getShape().begin(), outType.getShape().end());
  for (int64_t p : op.getPerm())
    move.srcStrides.push_back(inStrides[p]);
  move.dstStrides = denseStrides(outType.getShape());
  CopySpec spec;
  spec.moves.push_back(move);
  return lowerCopy(op, spec);
}

LogicalResult FunctionLowering::lowerSlice(graph::SliceOp op) {
  auto inType = cast<RankedTensorType>(op.getInput().getType());
  auto outType = cast<RankedTensorType>(op.getType());
  int64_t rank = inType.getRank();
  std::vector<int64_t> start(rank, 0), step(rank, 1);
  ArrayRef<int64_t> starts = op.getStarts(), axes = op.getAxes(),
                    steps = op.getSteps();
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t axis = axes.empty() ? int64_t(i) : axes[i];
    if (axis < 0)
      axis += rank;
    if (axis < 0 || axis >= rank)
      return unsupported(op, "axis out of range");
    int64_t st = steps.empty() ? 1 : steps[i];
    if (st < 1)
      return unsupported(op, "negative steps are not supported");
    int64_t dim = inType.getDimSize(axis);
    int64_t b = starts[i] < 0 ? starts[i] + dim : starts[i];
    start[axis] = std::clamp<int64_t>(b, 0, dim);
    step[axis] = st;
  }
  std::vector<int64_t> inStrides = denseStrides(inType.getShape());
  ViewMove move;
  move.dims.assign(outType.getShape().begin(), outType.getShape().end());
  for (int64_t k = 0; k < rank; ++k) {
    move.srcStrides.push_back(inStrides[k] * step[k]);
    move.srcOffset += start[k] * inStrides[k];
  }
  move.dstStrides = denseStrides(outType.getShape());
  CopySpec spec;
  spec.moves.push_back(move);
  return lowerCopy(op, spec);
}

LogicalResult FunctionLowering::lowerConcat(graph::ConcatOp op) {
  auto outType = cast<RankedTensorType>(op.getType());
  int64_t axis = op.getAxis();
  if (axis < 0)
    axis += outType.getRank();
  std::vector<int64_t> outStrides = denseStrides(outType.getShape());
  CopySpec spec;
  int64_t offset = 0;
  for (auto [i, v] : llvm::enumerate(op.getInputs())) {
    auto type = cast<RankedTensorType>(v.getType());
    ViewMove move;
    move.input = int64_t(i);
    move.dims.assign(type.getShape().begin(), type.getShape().end());
    move.srcStrides = denseStrides(type.getShape());
    move.dstStrides = outStrides;
    move.dstOffset = offset * outStrides[axis];
    offset += type.getDimSize(axis);
    spec.moves.push_back(move);
  }
  return lowerCopy(op, spec);
}

LogicalResult FunctionLowering::lowerGather(graph::GatherOp op) {
  // Constant indices only: one copy move per index, out[o][l][i] =
  // data[o][index_l][i] over the dims before (o) and after (i) the axis.
  auto dataType = cast<RankedTensorType>(op.getData().getType());
  auto indexType = cast<RankedTensorType>(op.getIndices().getType());
  for (RankedTensorType t :
       {dataType, indexType, cast<RankedTensorType>(op.getType())})
    if (!t.hasStaticShape())
      return unsupported(op, "the NPU needs static shapes, got ") << t;
  if (!dataType.getElementType().isF32())
    return unsupported(op, "only f32 data runs on the NPU, got ") << dataType;
  DenseIntElementsAttr indices;
  auto constant = op.getIndices().getDefiningOp<graph::ConstantOp>();
  if (!constant ||
      !(indices = dyn_cast<DenseIntElementsAttr>(constant.getValue())))
    return unsupported(op, "indices computed at run time are not supported "
                           "(the NPU has no indexed DMA); only constant ones");
  constexpr int64_t kMaxMoves = 4096;
  if (indices.getNumElements() > kMaxMoves)
    return unsupported(op, "more than ")
           << kMaxMoves << " indices (one DMA move each)";
  int64_t rank = dataType.getRank();
  int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
  int64_t outer = 1, inner = 1, size = dataType.getDimSize(axis);
  for (int64_t k = 0; k < axis; ++k)
    outer *= dataType.getDimSize(k);
  for (int64_t k = axis + 1; k < rank; ++k)
    inner *= dataType.getDimSize(k);
  int64_t count = indices.getNumElements();
  CopySpec spec;
  int64_t l = 0;
  for (const APInt &raw : indices.getValues<APInt>()) {
    int64_t index = raw.getSExtValue();
    if (index < -size || index >= size)
      return unsupported(op, "index ")
             << index << " is out of range for a dim of " << size;
    if (index < 0)
      index += size;
    ViewMove move;
    move.dims = {outer, inner};
    move.srcStrides = {size * inner, 1};
    move.srcOffset = index * inner;
    move.dstStrides = {count * inner, 1};
    move.dstOffset = l++ * inner;
    spec.moves.push_back(move);
  }
  FailureOr<int64_t> addr = address(op, op.getData());
  if (failed(addr))
    return failure();
  spec.inputs.push_back(*addr);
  spec.inputElements.push_back(dataType.getNumElements());
  spec.outElements = outer * count * inner;
  if (std::optional<std::string> why = checkCopy(pb.target, spec))
    return unsupported(op, *why);
  spec.out = pb.allocDram(spec.outElements * 4);
  if (spec.outElements > 0)
    emitCopy(pb, spec);
  dram[op.getResult()] = spec.out;
  return success();
}

LogicalResult FunctionLowering::lowerRows(Operation *op, RowSpec spec,
                                          int64_t axis) {
  auto type = cast<RankedTensorType>(op->getOperand(0).getType());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t rank = type.getRank();
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank)
    return unsupported(op, "axis out of range");
  // Layer norm normalises dims [axis, rank) (ONNX): contiguous rows of
  // their product. Softmax runs along one axis: another one than the last
  // is moved last by a copy kernel, and back afterwards.
  bool layerNorm = spec.kind == RowSpec::LayerNorm;
  spec.cols = shape[axis];
  for (int64_t k = axis + 1; layerNorm && k < rank; ++k)
    spec.cols *= shape[k];
  spec.rows = type.getNumElements() / std::max<int64_t>(spec.cols, 1);
  if (std::optional<std::string> why = checkRows(pb.target, spec))
    return unsupported(op, *why);
  FailureOr<int64_t> in = address(op, op->getOperand(0));
  if (failed(in))
    return failure();
  bool moved = !layerNorm && axis != rank - 1;
  std::vector<int64_t> perm, movedShape;
  for (int64_t k = 0; k < rank; ++k)
    if (k != axis)
      perm.push_back(k);
  perm.push_back(axis);
  for (int64_t k : perm)
    movedShape.push_back(shape[k]);
  // Copies `src` to a fresh dense buffer of shape `dims`, whose element
  // (i_0, ...) is read at sum i_k srcStrides[k].
  auto copy = [&](int64_t src, std::vector<int64_t> dims,
                  std::vector<int64_t> srcStrides) -> FailureOr<int64_t> {
    CopySpec c;
    c.inputs.push_back(src);
    c.inputElements.push_back(type.getNumElements());
    ViewMove m;
    m.dims = dims;
    m.srcStrides = std::move(srcStrides);
    m.dstStrides = denseStrides(dims);
    c.moves.push_back(m);
    c.outElements = type.getNumElements();
    if (std::optional<std::string> why = checkCopy(pb.target, c))
      return unsupported(op, "moving the axis last: " + *why);
    c.out = pb.allocDram(c.outElements * 4);
    if (c.outElements > 0)
      emitCopy(pb, c);
    return c.out;
  };
  if (moved) {
    std::vector<int64_t> strides = denseStrides(shape), src;
    for (int64_t k : perm)
      src.push_back(strides[k]);
    FailureOr<int64_t> t = copy(*in, movedShape, src);
    if (failed(t))
      return failure();
    in = *t;
  }
  spec.in = *in;
  spec.out = pb.allocDram(type.getNumElements() * 4);
  if (spec.rows > 0 && spec.cols > 0)
    emitRows(pb, spec);
  int64_t out = spec.out;
  if (moved) {
    // Back: original dim perm[q] is dim q of the moved layout.
    std::vector<int64_t> strides = denseStrides(movedShape);
    std::vector<int64_t> src(rank);
    for (int64_t q = 0; q < rank; ++q)
      src[perm[q]] = strides[q];
    FailureOr<int64_t> back =
        copy(spec.out, std::vector<int64_t>(shape.begin(), shape.end()), src);
    if (failed(back))
      return failure();
    out = *back;
  }
  dram[op->getResult(0)] = out;
  return success();
}

LogicalResult FunctionLowering::lowerLayerNorm(graph::LayerNormOp op) {
  RowSpec spec;
  spec.kind = RowSpec::LayerNorm;
  spec.epsilon = float(op.getEpsilon().convertToDouble());
  auto type = cast<RankedTensorType>(op.getInput().getType());
  int64_t axis =
      op.getAxis() < 0 ? op.getAxis() + type.getRank() : op.getAxis();
  int64_t cols = 1;
  for (int64_t k = std::max<int64_t>(axis, 0); k < type.getRank(); ++k)
    cols *= type.getDimSize(k);
  auto perColumn = [&](Value v) -> std::optional<int64_t> {
    std::optional<std::vector<float>> values = constantValues(v);
    if (!values)
      return std::nullopt;
    if (values->size() == 1)
      values->assign(cols, values->front());
    if (int64_t(values->size()) != cols)
      return std::nullopt;
    return pb.addConstantF32(*values);
  };
  spec.scale = perColumn(op.getScale());
  if (!spec.scale)
    return unsupported(op, "the scale must be a constant over the "
                           "normalised dims");
  if (Value bias = op.getBias()) {
    spec.bias = perColumn(bias);
    if (!spec.bias)
      return unsupported(op, "the bias must be a constant over the "
                             "normalised dims");
  }
  return lowerRows(op, spec, axis);
}

FailureOr<bool> FunctionLowering::lowerScalarEltwise(Operation *op) {
  if (op->getNumOperands() != 2)
    return false;
  Value lhs = op->getOperand(0), rhs = op->getOperand(1);
  std::optional<std::vector<float>> c = constantValues(rhs);
  bool commutative = isa<graph::AddOp, graph::MulOp>(op);
  if ((!c || c->size() != 1) && commutative) {
    c = constantValues(lhs);
    std::swap(lhs, rhs);
  }
  if (!c || c->size() != 1 || numElements(lhs) != numElements(op->getResult(0)))
    return false;
  EltwiseSpec spec;
  float v = c->front();
  if (isa<graph::AddOp>(op))
    spec.kind = EltwiseKind::AddScalar, spec.imm = v;
  else if (isa<graph::SubOp>(op))
    spec.kind = EltwiseKind::AddScalar, spec.imm = -v;
  else if (isa<graph::MulOp>(op))
    spec.kind = EltwiseKind::MulScalar, spec.imm = v;
  else
    spec.kind = EltwiseKind::MulScalar, spec.imm = 1.0f / v; // div
  spec.elements = numElements(lhs);
  FailureOr<int64_t> in = address(op, lhs);
  if (failed(in))
    return failure();
  spec.lhs = *in;
  spec.out = pb.allocDram(spec.elements * 4);
  if (spec.elements > 0)
    emitEltwise(pb, spec);
  dram[op->getResult(0)] = spec.out;
  return true;
}

static std::string ioName(StringAttr name, const char *prefix, unsigned i) {
  if (name && !name.getValue().empty() && name.size() <= npu::kMaxIONameBytes)
    return name.str();
  return prefix + std::to_string(i);
}

LogicalResult FunctionLowering::run() {
  if (func.getBody().getBlocks().size() != 1)
    return func.emitError("NPU lowering: the function must have one block");
  for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type || !type.hasStaticShape() || !type.getElementType().isF32())
      return func.emitError("NPU lowering: input ")
             << i << " must be a static f32 tensor, got " << arg.getType();
    int64_t addr = pb.allocDram(type.getNumElements() * 4);
    dram[arg] = addr;
    pb.addIO(ioName(func.getArgAttrOfType<StringAttr>(i, "strata.name"),
                    "input_", i),
             false, type.getShape(), addr);
  }
  for (Operation &op : func.getBody().front()) {
    if (fused.contains(&op) || isa<graph::ConstantOp>(op))
      continue;
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
        FailureOr<int64_t> addr = address(&op, v);
        if (failed(addr))
          return failure();
        if (*addr & kConstTag)
          return op.emitError("NPU lowering: result ")
                 << i << " is a constant; fold it out of the model";
        pb.addIO(ioName(func.getResultAttrOfType<StringAttr>(i, "strata.name"),
                        "output_", i),
                 true, cast<RankedTensorType>(v.getType()).getShape(), *addr);
      }
      continue;
    }
    pb.currentLoc = op.getLoc();
    if (op.getDialect() && isa<graph::GraphDialect>(op.getDialect()) &&
        !isa<graph::GatherOp>(op) && failed(checkF32Static(&op)))
      return failure();
    if (isa<graph::AddOp, graph::SubOp, graph::MulOp, graph::DivOp>(op)) {
      FailureOr<bool> scalar = lowerScalarEltwise(&op);
      if (failed(scalar))
        return failure();
      if (*scalar)
        continue;
    }
    LogicalResult result =
        llvm::TypeSwitch<Operation *, LogicalResult>(&op)
            .Case<graph::MatmulOp, graph::GemmOp>(
                [&](Operation *o) { return lowerMatmul(o); })
            .Case<graph::ReshapeOp, graph::FlattenOp, graph::SqueezeOp,
                  graph::UnsqueezeOp>([&](Operation *o) -> LogicalResult {
              FailureOr<int64_t> addr = address(o, o->getOperand(0));
              if (failed(addr))
                return failure();
              dram[o->getResult(0)] = *addr;
              return success();
            })
            .Case([&](graph::ConvOp o) { return lowerConv(o); })
            .Case([&](graph::TransposeOp o) { return lowerTranspose(o); })
            .Case([&](graph::SliceOp o) { return lowerSlice(o); })
            .Case([&](graph::ConcatOp o) { return lowerConcat(o); })
            .Case([&](graph::GatherOp o) { return lowerGather(o); })
            .Case([&](graph::SoftmaxOp o) {
              return lowerRows(o, RowSpec{}, o.getAxis());
            })
            .Case([&](graph::LayerNormOp o) { return lowerLayerNorm(o); })
            .Case([&](graph::MaxPoolOp o) { return lowerMaxPool(o); })
            .Case([&](graph::AvgPoolOp o) { return lowerAvgPool(o); })
            .Case(
                [&](graph::GlobalAvgPoolOp o) { return lowerGlobalAvgPool(o); })
            .Case([&](graph::ClipOp o) {
              return lowerEltwise(o, EltwiseKind::Clip, clipActivation(o));
            })
            .Case([&](graph::ReluOp o) {
              return lowerEltwise(o, EltwiseKind::Relu);
            })
            .Case([&](graph::ExpOp o) {
              return lowerEltwise(o, EltwiseKind::Exp);
            })
            .Case([&](graph::RsqrtOp o) {
              return lowerEltwise(o, EltwiseKind::Rsqrt);
            })
            .Case([&](graph::ReciprocalOp o) {
              return lowerEltwise(o, EltwiseKind::Reciprocal);
            })
            .Case([&](graph::NegOp o) {
              return lowerEltwise(o, EltwiseKind::Neg);
            })
            .Case([&](graph::SigmoidOp o) {
              return lowerEltwise(o, EltwiseKind::Sigmoid);
            })
            .Case([&](graph::AddOp o) {
              return lowerEltwise(o, EltwiseKind::Add);
            })
            .Case([&](graph::SubOp o) {
              return lowerEltwise(o, EltwiseKind::Sub);
            })
            .Case([&](graph::MulOp o) {
              return lowerEltwise(o, EltwiseKind::Mul);
            })
            .Case([&](graph::MaxOp o) {
              return lowerEltwise(o, EltwiseKind::Max);
            })
            .Default([&](Operation *o) -> LogicalResult {
              return unsupported(o, "no NPU lowering yet (supported: ")
                     << kSupported << ")";
            });
    if (failed(result))
      return failure();
  }
  return success();
}

namespace {
struct ConvertGraphToNPUPass
    : strata::impl::ConvertGraphToNPUPassBase<ConvertGraphToNPUPass> {
  using Base::Base;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::string targetName = target;
    auto targetAttr =
        npu::TargetAttr::getChecked([&] { return module.emitError(); },
                                    &getContext(), llvm::StringRef(targetName));
    if (!targetAttr)
      return signalPassFailure();
    npu::DType mmaType;
    if (precision == "bf16")
      mmaType = npu::DType::BF16;
    else if (precision == "f16")
      mmaType = npu::DType::F16;
    else {
      module.emitError() << "unknown NPU matrix precision '" << precision
                         << "' (known: bf16, f16)";
      return signalPassFailure();
    }
    for (func::FuncOp func :
         llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
      if (func.isExternal())
        continue;
      FunctionLowering lowering(func, targetAttr.getDesc(), mmaType);
      if (failed(lowering.run()))
        return signalPassFailure();
      OpBuilder builder(func);
      lowering.builder().finish(builder, func.getLoc(), func.getSymName(),
                                targetName);
      func.erase();
    }
  }
};
} // namespace
