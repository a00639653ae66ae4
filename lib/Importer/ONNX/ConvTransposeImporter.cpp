//===- ConvTransposeImporter.cpp - ConvTranspose as a conv ----------------===//
//
// ONNX ConvTranspose as graph ops: the transposed convolution of x with w
// equals a plain (stride 1) convolution of the zero-interleaved, padded
// input with the spatially flipped kernel whose in/out channels are swapped
// per group:
//
//   z = x with s - 1 zeros between neighbours in each spatial dim
//       (reshape to [.., S, 1, ..], pad the 1 to s, reshape to [.., S*s, ..])
//   z = pad(z, begin (k - 1) d - pad_begin,
//              end   (k - 1) d - pad_end + output_padding - (s - 1))
//       (negative amounts crop; the last term drops the trailing zeros)
//   w' = flip(reshape(transpose(reshape(w, [g, C/g, M/g, k..]),
//                               [0, 2, 1, ..]), [M, C/g, k..]))
//   y = conv(z, w', bias, dilations d, groups g)
//
// Constant weights fold to a constant w'. Needs static spatial dims (the
// padding depends on them).
//
//===----------------------------------------------------------------------===//

#include "ImporterContext.h"

#include <limits>

using namespace mlir;
using namespace strata;
using namespace strata::onnx_import;

namespace {

/// Reads per-spatial-dim ints attribute `name` (default `dflt`).
FailureOr<SmallVector<int64_t>> spatialInts(NodeContext &ctx, StringRef name,
                                            size_t k, int64_t dflt) {
  SmallVector<int64_t> v = ctx.intsAttr(name);
  if (v.empty())
    v.assign(k, dflt);
  if (v.size() != k) {
    (void)ctx.error(name + " needs one entry per spatial dim");
    return failure();
  }
  return v;
}

LogicalResult importConvTranspose(NodeContext &ctx) {
  Value x = ctx.input(0), w = ctx.input(1);
  if (!x || !w)
    return failure();
  Value bias;
  if (ctx.hasInput(2) && !(bias = ctx.input(2)))
    return failure();
  auto xType = cast<RankedTensorType>(x.getType());
  auto wType = cast<RankedTensorType>(w.getType());
  int64_t rank = xType.getRank();
  if (rank < 3 || wType.getRank() != rank)
    return ctx.error("input and weight must have the same rank >= 3");
  size_t k = rank - 2;
  if (!wType.hasStaticShape())
    return ctx.unsupported("a weight of dynamic shape is not supported");
  for (size_t i = 0; i < k; ++i)
    if (xType.isDynamicDim(2 + i) || xType.isDynamicDim(1))
      return ctx.unsupported("dynamic channel or spatial dims are not "
                             "supported");
  int64_t group = ctx.intAttr("group", 1);
  int64_t channels = xType.getDimSize(1);
  if (group <= 0 || channels % group != 0 || wType.getDimSize(0) != channels)
    return ctx.error("the weight's dim 0 must equal the input channels, "
                     "divisible by group");
  int64_t outPerGroup = wType.getDimSize(1);
  SmallVector<int64_t> kernel(wType.getShape().drop_front(2));
  SmallVector<int64_t> kernelAttr = ctx.intsAttr("kernel_shape");
  if (!kernelAttr.empty() &&
      ArrayRef<int64_t>(kernelAttr) != ArrayRef<int64_t>(kernel))
    return ctx.unsupported("kernel_shape other than the weight's spatial "
                           "dims is not supported");
  auto strides = spatialInts(ctx, "strides", k, 1);
  auto dilations = spatialInts(ctx, "dilations", k, 1);
  auto outputPadding = spatialInts(ctx, "output_padding", k, 0);
  if (failed(strides) || failed(dilations) || failed(outputPadding))
    return failure();
  for (size_t i = 0; i < k; ++i)
    if ((*strides)[i] <= 0 || (*dilations)[i] <= 0)
      return ctx.error("strides and dilations must be positive");

  // Pads: explicit, or from output_shape / auto_pad SAME_* (total padding
  // split with the larger half at the end for SAME_UPPER, at the begin
  // otherwise, as ONNX defines it).
  std::string autoPad = ctx.stringAttr("auto_pad", "NOTSET");
  SmallVector<int64_t> outputShape = ctx.intsAttr("output_shape");
  if (!outputShape.empty() && outputShape.size() != k) {
    if (outputShape.size() != static_cast<size_t>(rank))
      return ctx.error("output_shape needs one entry per spatial dim");
    outputShape.erase(outputShape.begin(), outputShape.begin() + 2);
  }
  SmallVector<int64_t> pads(2 * k, 0);
  if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER")
    return ctx.unsupported("auto_pad '" + autoPad + "' is not supported");
  bool same = autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER";
  if (outputShape.empty() && !same && autoPad == "NOTSET") {
    SmallVector<int64_t> p = ctx.intsAttr("pads");
    if (!p.empty() && p.size() != 2 * k)
      return ctx.error("pads needs two entries per spatial dim");
    if (!p.empty())
      pads = p;
  } else if (!outputShape.empty() || same) {
    for (size_t i = 0; i < k; ++i) {
      int64_t in = xType.getDimSize(2 + i);
      int64_t full = (in - 1) * (*strides)[i] +
                     (kernel[i] - 1) * (*dilations)[i] + 1 +
                     (*outputPadding)[i];
      int64_t out = outputShape.empty() ? in * (*strides)[i] : outputShape[i];
      // A negative total (output_shape beyond the full result) pads the
      // output; halves round down, as ONNX's reference computes them.
      int64_t total = full - out;
      int64_t half = total >= 0 ? total / 2 : -((-total + 1) / 2);
      bool upper = autoPad == "SAME_UPPER";
      pads[i] = upper ? half : total - half;
      pads[i + k] = upper ? total - half : half;
    }
  }

  Builder &b = ctx.b;
  // Zero-interleave the input.
  Value z = x;
  if (llvm::any_of(*strides, [](int64_t s) { return s != 1; })) {
    SmallVector<int64_t> split(xType.getShape().take_front(2));
    SmallVector<int64_t> interleavePads(2 * (2 + 2 * k), 0);
    SmallVector<int64_t> merged(xType.getShape().take_front(2));
    for (size_t i = 0; i < k; ++i) {
      split.push_back(xType.getDimSize(2 + i));
      split.push_back(1);
      interleavePads[(2 + 2 * i + 1) + (2 + 2 * k)] = (*strides)[i] - 1;
      merged.push_back(xType.getDimSize(2 + i) * (*strides)[i]);
    }
    z = ctx.create<graph::ReshapeOp>(z, b.getDenseI64ArrayAttr(split));
    if (!z)
      return failure();
    z = ctx.create<graph::PadOp>(
        z, b.getDenseI64ArrayAttr(interleavePads),
        graph::PadModeAttr::get(b.getContext(), graph::PadMode::constant),
        b.getF64FloatAttr(0.0));
    if (!z)
      return failure();
    z = ctx.create<graph::ReshapeOp>(z, b.getDenseI64ArrayAttr(merged));
    if (!z)
      return failure();
  }
  SmallVector<int64_t> borderPads(2 * rank, 0);
  for (size_t i = 0; i < k; ++i) {
    int64_t reach = (kernel[i] - 1) * (*dilations)[i];
    borderPads[2 + i] = reach - pads[i];
    borderPads[2 + i + rank] =
        reach - pads[i + k] + (*outputPadding)[i] - ((*strides)[i] - 1);
  }
  if (llvm::any_of(borderPads, [](int64_t p) { return p != 0; })) {
    z = ctx.create<graph::PadOp>(
        z, b.getDenseI64ArrayAttr(borderPads),
        graph::PadModeAttr::get(b.getContext(), graph::PadMode::constant),
        b.getF64FloatAttr(0.0));
    if (!z)
      return failure();
  }

  // The kernel: [C, M/g, k..] -> [M, C/g, k..], flipped.
  SmallVector<int64_t> grouped = {group, channels / group, outPerGroup};
  grouped.append(kernel.begin(), kernel.end());
  SmallVector<int64_t> perm = {0, 2, 1};
  for (size_t i = 0; i < k; ++i)
    perm.push_back(3 + i);
  SmallVector<int64_t> convShape = {group * outPerGroup, channels / group};
  convShape.append(kernel.begin(), kernel.end());
  Value wc = ctx.create<graph::ReshapeOp>(w, b.getDenseI64ArrayAttr(grouped));
  if (wc)
    wc = ctx.create<graph::TransposeOp>(wc, b.getDenseI64ArrayAttr(perm));
  if (wc)
    wc = ctx.create<graph::ReshapeOp>(wc, b.getDenseI64ArrayAttr(convShape));
  if (!wc)
    return failure();
  SmallVector<int64_t> starts(k, -1), ends(k), axes, steps(k, -1);
  ends.assign(k, std::numeric_limits<int64_t>::min());
  for (size_t i = 0; i < k; ++i)
    axes.push_back(2 + i);
  wc = ctx.create<graph::SliceOp>(
      wc, b.getDenseI64ArrayAttr(starts), b.getDenseI64ArrayAttr(ends),
      b.getDenseI64ArrayAttr(axes), b.getDenseI64ArrayAttr(steps));
  if (!wc)
    return failure();

  Value r = ctx.create<graph::ConvOp>(
      z, wc, bias, b.getDenseI64ArrayAttr(SmallVector<int64_t>(k, 1)),
      b.getDenseI64ArrayAttr(*dilations),
      b.getDenseI64ArrayAttr(SmallVector<int64_t>(2 * k, 0)),
      b.getI64IntegerAttr(group));
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

} // namespace

void strata::onnx_import::registerConvTransposeImporter(
    llvm::StringMap<NodeImporterFn> &t) {
  t["ConvTranspose"] = importConvTranspose;
}
