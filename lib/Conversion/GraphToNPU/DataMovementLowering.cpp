//===- DataMovementLowering.cpp - Copies, gather and row ops -> NPU -------===//
//
// The FunctionLowering methods (FunctionLowering.h) built on the copy
// kernel: numpy broadcasts of an operand, transpose, slice, concat and
// gather with constant indices, and the row kernels of softmax (moving
// another axis last by copies) and layer norm.
//
//===----------------------------------------------------------------------===//

#include "FunctionLowering.h"

using namespace mlir;
using namespace strata;
using namespace strata::npu::lowering;
namespace npu = strata::npu;

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
  return runCopy(op, spec, "broadcasting an operand: ");
}

FailureOr<int64_t> FunctionLowering::runCopy(Operation *op, CopySpec &spec,
                                             llvm::StringRef context) {
  if (std::optional<std::string> why = checkCopy(pb.target, spec))
    return unsupported(op, context + *why);
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
  FailureOr<int64_t> out = runCopy(op, spec);
  if (failed(out))
    return failure();
  dram[op->getResult(0)] = *out;
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
  int64_t axis = static_cast<int64_t>(op.getAxis());
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank)
    return unsupported(op, "axis out of range");
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
  FailureOr<int64_t> out = runCopy(op, spec);
  if (failed(out))
    return failure();
  dram[op.getResult()] = *out;
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
    return runCopy(op, c, "moving the axis last: ");
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
  int64_t axis = static_cast<int64_t>(op.getAxis());
  if (axis < 0)
    axis += type.getRank();
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
