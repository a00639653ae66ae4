//===- WindowLowering.cpp - Convolution and pooling -> NPU kernels --------===//
//
// The FunctionLowering methods (FunctionLowering.h) for sliding-window ops:
// the window description the kernels share (windowSpec), convolutions
// (grouped ones as one convolution per image and group) and pooling.
//
//===----------------------------------------------------------------------===//

#include "FunctionLowering.h"

using namespace mlir;
using namespace strata;
using namespace strata::npu::lowering;
namespace npu = strata::npu;

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

LogicalResult FunctionLowering::emitPoolKernel(Operation *op, WindowSpec w,
                                               bool average) {
  if (w.channels == 0 || w.oh == 0 || w.ow == 0 || w.batch == 0)
    return unsupported(op, "empty tensors");
  std::string why;
  std::optional<PoolTiles> tiles = choosePoolTiles(pb.target, w, why);
  if (!tiles)
    return unsupported(op, why);
  int64_t out = pb.allocDram(numElements(op->getResult(0)) * 4);
  emitPool(pb, w, *tiles, out, average);
  dram[op->getResult(0)] = out;
  return success();
}

LogicalResult FunctionLowering::lowerMaxPool(graph::MaxPoolOp op) {
  FailureOr<WindowSpec> w =
      windowSpec(op, op.getInput(), op.getResult(), op.getKernelShape(),
                 op.getStrides(), op.getDilations(), op.getPads());
  if (failed(w))
    return failure();
  w->padValue = -std::numeric_limits<float>::infinity();
  return emitPoolKernel(op, *w, /*average=*/false);
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
  return emitPoolKernel(op, *w, /*average=*/true);
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
