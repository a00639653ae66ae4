//===- GraphToNPU.cpp - The convert-graph-to-npu pass ---------------------===//
//
// Turns each graph-dialect function into an npu.program: graph inputs and
// results become the I/O table (f32, static shapes), every value lives in
// DRAM as a dense row-major f32 tensor, and each supported op becomes one
// kernel (Kernels.h). Matmul/gemm absorb a following bias add and relu
// (the epilogue runs on the accumulator); reshapes are free (the layout is
// row-major). An op the NPU cannot run yet is an error naming it. This
// file holds the pass, the op walk, matmul and elementwise ops; windows
// and data movement are in WindowLowering.cpp and DataMovementLowering.cpp
// (FunctionLowering.h).
//
//===----------------------------------------------------------------------===//

#include "FunctionLowering.h"
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
    "concat, add/sub/mul/max (numpy broadcasting), add/sub/mul/div by a "
    "scalar "
    "constant, relu, clip, exp, rsqrt, reciprocal, neg, sigmoid, reshape, "
    "flatten, squeeze, unsqueeze";

/// The f32 values of a constant, if `v` is a graph.constant of f32.
std::optional<std::vector<float>>
strata::npu::lowering::constantValues(Value v) {
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

int64_t strata::npu::lowering::numElements(Value v) {
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

Activation strata::npu::lowering::clipActivation(graph::ClipOp clip) {
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

/// Row-major strides (elements) of `shape`.
std::vector<int64_t>
strata::npu::lowering::denseStrides(ArrayRef<int64_t> shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t k = int64_t(shape.size()) - 2; k >= 0; --k)
    strides[k] = strides[k + 1] * shape[k + 1];
  return strides;
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
