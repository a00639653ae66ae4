//===- NNOps.cpp - Contractions, convolutions, normalisations -------------===//
//
// Type inference (which is also the verification of operand shapes) and FLOP
// counts of matmul, gemm, conv, pooling, normalisation, softmax, reduction and
// attention ops (dialects/Graph/GraphNNOps.td).
//
//===----------------------------------------------------------------------===//

#include "OpHelpers.h"

using namespace mlir;
using namespace strata::graph;
using namespace strata::graph::detail;

/// Fails unless every operand has the element type of the first.
template <typename OpTy>
static LogicalResult requireSameElements(std::optional<Location> loc,
                                         ValueRange operands) {
  Type element = rankedType(operands.front()).getElementType();
  for (auto [i, v] : llvm::enumerate(operands))
    if (rankedType(v).getElementType() != element)
      return opError<OpTy>(loc, "operand #", i, " has element type ",
                           rankedType(v).getElementType(),
                           " but operand #0 has ", element);
  return success();
}

/// True when two dims may be equal (either is dynamic, or they are).
static bool dimsAgree(int64_t a, int64_t b) {
  return shape::isDynamic(a) || shape::isDynamic(b) || a == b;
}

//===----------------------------------------------------------------------===//
// MatmulOp / GemmOp
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  if (failed(requireRanked<MatmulOp>(loc, adaptor.getOperands())) ||
      failed(requireSameElements<MatmulOp>(loc, adaptor.getOperands())))
    return failure();
  RankedTensorType lhs = rankedType(adaptor.getLhs());
  std::string error;
  std::optional<shape::Shape> result = shape::matmul(
      lhs.getShape(), rankedType(adaptor.getRhs()).getShape(), error);
  if (!result)
    return opError<MatmulOp>(loc, error);
  inferred.push_back(RankedTensorType::get(*result, lhs.getElementType()));
  return success();
}

std::optional<int64_t> MatmulOp::getFlops() {
  int64_t k = getLhs().getType().getShape().back();
  if (shape::isDynamic(k))
    return std::nullopt;
  return elementwiseFlops(getOutput().getType(), 2 * k);
}

LogicalResult GemmOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  if (failed(requireRanked<GemmOp>(loc, adaptor.getOperands())) ||
      failed(requireSameElements<GemmOp>(loc, adaptor.getOperands())))
    return failure();
  RankedTensorType a = rankedType(adaptor.getA());
  RankedTensorType b = rankedType(adaptor.getB());
  if (a.getRank() != 2 || b.getRank() != 2)
    return opError<GemmOp>(loc, "a and b must be 2-D, got ranks ", a.getRank(),
                           " and ", b.getRank());
  bool transA = adaptor.getTransA(), transB = adaptor.getTransB();
  int64_t m = a.getDimSize(transA ? 1 : 0), k = a.getDimSize(transA ? 0 : 1);
  int64_t k2 = b.getDimSize(transB ? 1 : 0), n = b.getDimSize(transB ? 0 : 1);
  if (!dimsAgree(k, k2))
    return opError<GemmOp>(loc, "contracting dims differ: op(a) is ",
                           shape::toString({m, k}), ", op(b) is ",
                           shape::toString({k2, n}));
  shape::Shape result{m, n};
  if (Value c = adaptor.getC()) {
    if (!shape::broadcastsTo(rankedType(c).getShape(), result))
      return opError<GemmOp>(
          loc, "c of shape ", shape::toString(rankedType(c).getShape()),
          " does not broadcast to the result ", shape::toString(result));
  }
  inferred.push_back(RankedTensorType::get(result, a.getElementType()));
  return success();
}

std::optional<int64_t> GemmOp::getFlops() {
  auto a = getA().getType();
  int64_t k = a.getDimSize(getTransA() ? 0 : 1);
  if (shape::isDynamic(k))
    return std::nullopt;
  // 2 per multiply-accumulate, plus beta * c and the addition.
  return elementwiseFlops(getOutput().getType(), 2 * k + (getC() ? 2 : 0));
}

//===----------------------------------------------------------------------===//
// ConvOp and pooling
//===----------------------------------------------------------------------===//

/// Window attributes resolved to one entry per spatial dim.
struct Window {
  shape::Shape strides, dilations, padsBegin, padsEnd;
};

/// Checks and defaults strides/dilations/pads for `spatial` dims.
template <typename OpTy>
static FailureOr<Window>
resolveWindow(std::optional<Location> loc, size_t spatial,
              ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
              ArrayRef<int64_t> pads) {
  Window w;
  auto s = defaulted(strides, spatial, 1);
  auto d = defaulted(dilations, spatial, 1);
  auto p = defaulted(pads, 2 * spatial, 0);
  if (!s)
    return opError<OpTy>(loc, "strides must have ", spatial,
                         " entries (one per spatial dim), got ",
                         strides.size());
  if (!d)
    return opError<OpTy>(loc, "dilations must have ", spatial,
                         " entries (one per spatial dim), got ",
                         dilations.size());
  if (!p)
    return opError<OpTy>(loc, "pads must have ", 2 * spatial,
                         " entries (begins then ends), got ", pads.size());
  for (int64_t v : *s)
    if (v < 1)
      return opError<OpTy>(loc, "strides must be positive, got ",
                           shape::toString(*s));
  for (int64_t v : *d)
    if (v < 1)
      return opError<OpTy>(loc, "dilations must be positive, got ",
                           shape::toString(*d));
  for (int64_t v : *p)
    if (v < 0)
      return opError<OpTy>(loc, "pads must be non-negative, got ",
                           shape::toString(*p));
  w.strides = *s;
  w.dilations = *d;
  w.padsBegin.assign(p->begin(), p->begin() + spatial);
  w.padsEnd.assign(p->begin() + spatial, p->end());
  return w;
}

/// Appends the output size of every spatial dim of `input` to `result`.
template <typename OpTy>
static LogicalResult inferWindowDims(std::optional<Location> loc,
                                     ArrayRef<int64_t> input,
                                     ArrayRef<int64_t> kernel, const Window &w,
                                     bool ceilMode, shape::Shape &result) {
  for (size_t i = 0; i < kernel.size(); ++i) {
    std::string error;
    std::optional<int64_t> size = shape::windowOutputSize(
        input[i + 2], kernel[i], w.strides[i], w.dilations[i], w.padsBegin[i],
        w.padsEnd[i], ceilMode, error);
    if (!size)
      return opError<OpTy>(loc, "spatial dim ", i, ": ", error);
    result.push_back(*size);
  }
  return success();
}

LogicalResult ConvOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  if (failed(requireRanked<ConvOp>(loc, adaptor.getOperands())) ||
      failed(requireSameElements<ConvOp>(loc, adaptor.getOperands())))
    return failure();
  RankedTensorType input = rankedType(adaptor.getInput());
  RankedTensorType weight = rankedType(adaptor.getWeight());
  int64_t rank = input.getRank();
  if (rank < 3 || rank > 5)
    return opError<ConvOp>(loc,
                           "input must have rank 3, 4 or 5 (N x C x 1 "
                           "to 3 spatial dims), got rank ",
                           rank);
  if (weight.getRank() != rank)
    return opError<ConvOp>(loc, "weight must have the input's rank ", rank,
                           ", got rank ", weight.getRank());
  for (int64_t k : weight.getShape().drop_front(2))
    if (!shape::isDynamic(k) && k < 1)
      return opError<ConvOp>(loc, "weight has an empty kernel: ",
                             shape::toString(weight.getShape()));
  int64_t groups = adaptor.getGroups();
  if (groups < 1)
    return opError<ConvOp>(loc, "groups must be positive, got ", groups);
  int64_t channels = input.getDimSize(1);
  int64_t outChannels = weight.getDimSize(0);
  int64_t perGroup = weight.getDimSize(1);
  if (!shape::isDynamic(channels) && !shape::isDynamic(perGroup) &&
      channels != perGroup * groups)
    return opError<ConvOp>(loc, "input has ", channels,
                           " channels but weight expects ", perGroup,
                           " per group x ", groups, " groups");
  if (!shape::isDynamic(outChannels) && outChannels % groups != 0)
    return opError<ConvOp>(loc, "output channels (", outChannels,
                           ") must be divisible by groups (", groups, ")");
  if (Value bias = adaptor.getBias()) {
    RankedTensorType b = rankedType(bias);
    if (b.getRank() != 1 || !dimsAgree(b.getDimSize(0), outChannels))
      return opError<ConvOp>(
          loc, "bias must be 1-D with ", shape::toString(outChannels),
          " entries (output channels), got ", shape::toString(b.getShape()));
  }
  size_t spatial = rank - 2;
  FailureOr<Window> w =
      resolveWindow<ConvOp>(loc, spatial, adaptor.getStrides(),
                            adaptor.getDilations(), adaptor.getPads());
  if (failed(w))
    return failure();
  shape::Shape result{input.getDimSize(0), outChannels};
  if (failed(inferWindowDims<ConvOp>(loc, input.getShape(),
                                     weight.getShape().drop_front(2), *w,
                                     /*ceilMode=*/false, result)))
    return failure();
  inferred.push_back(RankedTensorType::get(result, input.getElementType()));
  return success();
}

std::optional<int64_t> ConvOp::getFlops() {
  std::optional<int64_t> window =
      shape::numElements(getWeight().getType().getShape().drop_front(1));
  if (!window)
    return std::nullopt;
  return elementwiseFlops(getOutput().getType(),
                          2 * *window + (getBias() ? 1 : 0));
}

/// Shared inference of max_pool and avg_pool.
template <typename OpTy>
static LogicalResult inferPool(std::optional<Location> loc,
                               typename OpTy::Adaptor adaptor,
                               SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  if (!input)
    return opError<OpTy>(loc, "operand must be a ranked tensor");
  int64_t rank = input.getRank();
  if (rank < 3 || rank > 5)
    return opError<OpTy>(loc,
                         "input must have rank 3, 4 or 5 (N x C x 1 "
                         "to 3 spatial dims), got rank ",
                         rank);
  ArrayRef<int64_t> kernel = adaptor.getKernelShape();
  size_t spatial = rank - 2;
  if (kernel.size() != spatial)
    return opError<OpTy>(loc, "kernel_shape must have ", spatial,
                         " entries (one per spatial dim), got ", kernel.size());
  for (int64_t k : kernel)
    if (k < 1)
      return opError<OpTy>(loc, "kernel_shape must be positive, got ",
                           shape::toString(kernel));
  FailureOr<Window> w =
      resolveWindow<OpTy>(loc, spatial, adaptor.getStrides(),
                          adaptor.getDilations(), adaptor.getPads());
  if (failed(w))
    return failure();
  for (size_t i = 0; i < spatial; ++i)
    if (w->padsBegin[i] >= kernel[i] || w->padsEnd[i] >= kernel[i])
      return opError<OpTy>(loc, "pads must be smaller than the kernel, got ",
                           shape::toString(adaptor.getPads()), " for kernel ",
                           shape::toString(kernel));
  shape::Shape result{input.getDimSize(0), input.getDimSize(1)};
  if (failed(inferWindowDims<OpTy>(loc, input.getShape(), kernel, *w,
                                   adaptor.getCeilMode(), result)))
    return failure();
  inferred.push_back(RankedTensorType::get(result, input.getElementType()));
  return success();
}

LogicalResult MaxPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  return inferPool<MaxPoolOp>(loc, adaptor, inferred);
}

LogicalResult AvgPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  return inferPool<AvgPoolOp>(loc, adaptor, inferred);
}

std::optional<int64_t> MaxPoolOp::getFlops() {
  return elementwiseFlops(getOutput().getType(),
                          *shape::numElements(getKernelShape()));
}

std::optional<int64_t> AvgPoolOp::getFlops() {
  // Window additions plus one division per output.
  return elementwiseFlops(getOutput().getType(),
                          *shape::numElements(getKernelShape()) + 1);
}

template <typename OpTy>
static LogicalResult inferGlobalPool(std::optional<Location> loc,
                                     Value inputValue,
                                     SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(inputValue);
  if (!input || input.getRank() < 3)
    return opError<OpTy>(loc,
                         "input must have rank >= 3 (N x C x spatial "
                         "dims), got ",
                         inputValue.getType());
  shape::Shape result(input.getShape().begin(), input.getShape().end());
  std::fill(result.begin() + 2, result.end(), 1);
  inferred.push_back(RankedTensorType::get(result, input.getElementType()));
  return success();
}

LogicalResult
GlobalAvgPoolOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferred) {
  return inferGlobalPool<GlobalAvgPoolOp>(loc, adaptor.getInput(), inferred);
}

LogicalResult
GlobalMaxPoolOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferred) {
  return inferGlobalPool<GlobalMaxPoolOp>(loc, adaptor.getInput(), inferred);
}

std::optional<int64_t> GlobalAvgPoolOp::getFlops() {
  // One addition per input element plus one division per output.
  std::optional<int64_t> adds = elementwiseFlops(getInput().getType(), 1);
  std::optional<int64_t> divs = elementwiseFlops(getType(), 1);
  if (!adds || !divs)
    return std::nullopt;
  return *adds + *divs;
}

std::optional<int64_t> GlobalMaxPoolOp::getFlops() {
  return elementwiseFlops(getInput().getType(), 1);
}

//===----------------------------------------------------------------------===//
// Normalisation and softmax
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  if (failed(requireRanked<BatchNormOp>(loc, adaptor.getOperands())) ||
      failed(requireSameElements<BatchNormOp>(loc, adaptor.getOperands())))
    return failure();
  RankedTensorType input = rankedType(adaptor.getInput());
  if (input.getRank() < 2)
    return opError<BatchNormOp>(loc,
                                "input must have rank >= 2 (N x C x "
                                "...), got rank ",
                                input.getRank());
  int64_t channels = input.getDimSize(1);
  const char *names[] = {"scale", "bias", "mean", "variance"};
  for (auto [name, v] : llvm::zip(names, adaptor.getOperands().drop_front())) {
    RankedTensorType t = rankedType(v);
    if (t.getRank() != 1 || !dimsAgree(t.getDimSize(0), channels))
      return opError<BatchNormOp>(
          loc, name, " must be 1-D with ", shape::toString(channels),
          " entries (input dim 1), got ", shape::toString(t.getShape()));
  }
  if (adaptor.getEpsilon().convertToDouble() < 0)
    return opError<BatchNormOp>(loc, "epsilon must be non-negative");
  inferred.push_back(input);
  return success();
}

std::optional<int64_t> BatchNormOp::getFlops() {
  // (x - mean) / sqrt(var + eps) * scale + bias.
  return elementwiseFlops(getOutput().getType(), 4);
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  if (failed(requireRanked<LayerNormOp>(loc, adaptor.getOperands())) ||
      failed(requireSameElements<LayerNormOp>(loc, adaptor.getOperands())))
    return failure();
  RankedTensorType input = rankedType(adaptor.getInput());
  std::optional<int64_t> axis =
      shape::normalizeAxis(adaptor.getAxis(), input.getRank());
  if (!axis)
    return opError<LayerNormOp>(loc, "axis ",
                                static_cast<int64_t>(adaptor.getAxis()),
                                " is out of range for rank ", input.getRank());
  ArrayRef<int64_t> normalized = input.getShape().drop_front(*axis);
  for (Value v : adaptor.getOperands().drop_front()) {
    if (!shape::broadcastsTo(rankedType(v).getShape(), normalized))
      return opError<LayerNormOp>(
          loc, "scale and bias must broadcast to the normalised shape ",
          shape::toString(normalized), ", got ",
          shape::toString(rankedType(v).getShape()));
  }
  if (adaptor.getEpsilon().convertToDouble() < 0)
    return opError<LayerNormOp>(loc, "epsilon must be non-negative");
  inferred.push_back(input);
  return success();
}

std::optional<int64_t> LayerNormOp::getFlops() {
  // Mean (1), variance (3), normalise (2), scale (1), bias (1).
  return elementwiseFlops(getOutput().getType(), getBias() ? 8 : 7);
}

LogicalResult
LayerNormStatsOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                   Adaptor adaptor,
                                   SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  if (!input)
    return opError<LayerNormStatsOp>(loc, "operand must be a ranked tensor");
  std::optional<int64_t> axis =
      shape::normalizeAxis(adaptor.getAxis(), input.getRank());
  if (!axis)
    return opError<LayerNormStatsOp>(
        loc, "axis ", static_cast<int64_t>(adaptor.getAxis()),
        " is out of range for rank ", input.getRank());
  if (adaptor.getEpsilon().convertToDouble() < 0)
    return opError<LayerNormStatsOp>(loc, "epsilon must be non-negative");
  SmallVector<int64_t> shape(input.getShape());
  for (int64_t d = *axis; d < input.getRank(); ++d)
    shape[d] = 1;
  inferred.push_back(input.clone(shape));
  inferred.push_back(input.clone(shape));
  return success();
}

std::optional<int64_t> LayerNormStatsOp::getFlops() {
  // Mean (1) and variance (3) per input element.
  return elementwiseFlops(getInput().getType(), 4);
}

template <typename OpTy>
static LogicalResult inferSoftmax(std::optional<Location> loc,
                                  typename OpTy::Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  if (!input)
    return opError<OpTy>(loc, "operand must be a ranked tensor");
  if (input.getRank() == 0 ||
      !shape::normalizeAxis(adaptor.getAxis(), input.getRank()))
    return opError<OpTy>(loc, "axis ", static_cast<int64_t>(adaptor.getAxis()),
                         " is out of range for rank ", input.getRank());
  inferred.push_back(input);
  return success();
}

LogicalResult SoftmaxOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  return inferSoftmax<SoftmaxOp>(loc, adaptor, inferred);
}

LogicalResult LogSoftmaxOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  return inferSoftmax<LogSoftmaxOp>(loc, adaptor, inferred);
}

// max, subtract, exp, sum, divide (or subtract the log) per element.
std::optional<int64_t> SoftmaxOp::getFlops() {
  return elementwiseFlops(getOutput().getType(), 5);
}
std::optional<int64_t> LogSoftmaxOp::getFlops() {
  return elementwiseFlops(getOutput().getType(), 5);
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

template <typename OpTy>
static LogicalResult inferReduce(std::optional<Location> loc,
                                 typename OpTy::Adaptor adaptor,
                                 SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  if (!input)
    return opError<OpTy>(loc, "operand must be a ranked tensor");
  int64_t rank = input.getRank();
  SmallVector<bool> reduced(rank, adaptor.getAxes().empty());
  if (failed(markAxes<OpTy>(loc, adaptor.getAxes(), reduced)))
    return failure();
  shape::Shape result;
  for (int64_t d = 0; d < rank; ++d) {
    if (!reduced[d])
      result.push_back(input.getDimSize(d));
    else if (adaptor.getKeepdims())
      result.push_back(1);
  }
  inferred.push_back(RankedTensorType::get(result, input.getElementType()));
  return success();
}

#define STRATA_REDUCE_OP(OP, EXTRA)                                            \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &inferred) {                                       \
    return inferReduce<OP>(loc, adaptor, inferred);                            \
  }                                                                            \
  std::optional<int64_t> OP::getFlops() {                                      \
    std::optional<int64_t> in = elementwiseFlops(getInput().getType(), 1);     \
    std::optional<int64_t> out = elementwiseFlops(getType(), EXTRA);           \
    if (!in || !out)                                                           \
      return std::nullopt;                                                     \
    return *in + *out;                                                         \
  }
STRATA_REDUCE_OP(ReduceSumOp, 0)
STRATA_REDUCE_OP(ReduceMeanOp, 1) // plus one division per output
STRATA_REDUCE_OP(ReduceMaxOp, 0)
STRATA_REDUCE_OP(ReduceMinOp, 0)
STRATA_REDUCE_OP(ReduceProdOp, 0)
#undef STRATA_REDUCE_OP

//===----------------------------------------------------------------------===//
// AttentionOp
//===----------------------------------------------------------------------===//

LogicalResult AttentionOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  if (failed(requireRanked<AttentionOp>(loc, adaptor.getOperands())))
    return failure();
  RankedTensorType q = rankedType(adaptor.getQuery());
  RankedTensorType k = rankedType(adaptor.getKey());
  RankedTensorType v = rankedType(adaptor.getValue());
  if (failed(requireSameElements<AttentionOp>(
          loc, ValueRange{adaptor.getQuery(), adaptor.getKey(),
                          adaptor.getValue()})))
    return failure();
  int64_t rank = q.getRank();
  if (rank < 2 || k.getRank() != rank || v.getRank() != rank)
    return opError<AttentionOp>(loc,
                                "query, key and value must have the "
                                "same rank >= 2, got ranks ",
                                rank, ", ", k.getRank(), " and ", v.getRank());
  shape::Shape result;
  for (int64_t d = 0; d < rank - 2; ++d) {
    if (!dimsAgree(q.getDimSize(d), k.getDimSize(d)) ||
        !dimsAgree(q.getDimSize(d), v.getDimSize(d)))
      return opError<AttentionOp>(loc, "batch dims of query ",
                                  shape::toString(q.getShape()), ", key ",
                                  shape::toString(k.getShape()), " and value ",
                                  shape::toString(v.getShape()), " differ");
    int64_t dim = q.getDimSize(d);
    for (int64_t other : {k.getDimSize(d), v.getDimSize(d)})
      if (shape::isDynamic(dim))
        dim = other;
    result.push_back(dim);
  }
  int64_t sq = q.getDimSize(rank - 2), dq = q.getDimSize(rank - 1);
  int64_t sk = k.getDimSize(rank - 2), dk = k.getDimSize(rank - 1);
  int64_t sv = v.getDimSize(rank - 2), dv = v.getDimSize(rank - 1);
  if (!dimsAgree(dq, dk))
    return opError<AttentionOp>(loc, "query head dim ", dq,
                                " differs from key head dim ", dk);
  if (!dimsAgree(sk, sv))
    return opError<AttentionOp>(loc, "key has ", sk,
                                " positions but value has ", sv);
  if (Value mask = adaptor.getMask()) {
    RankedTensorType m = rankedType(mask);
    Type element = m.getElementType();
    if (!element.isInteger(1) && element != q.getElementType())
      return opError<AttentionOp>(loc,
                                  "mask must be i1 or the query's "
                                  "element type ",
                                  q.getElementType(), ", got ", element);
    shape::Shape scores(result);
    scores.push_back(sq);
    scores.push_back(shape::isDynamic(sk) ? sv : sk);
    if (!shape::broadcastsTo(m.getShape(), scores))
      return opError<AttentionOp>(
          loc, "mask of shape ", shape::toString(m.getShape()),
          " does not broadcast to the scores ", shape::toString(scores));
  }
  if (std::optional<APFloat> scale = adaptor.getScale())
    if (!(scale->convertToDouble() > 0))
      return opError<AttentionOp>(loc, "scale must be positive");
  result.push_back(sq);
  result.push_back(dv);
  inferred.push_back(RankedTensorType::get(result, q.getElementType()));
  return success();
}

std::optional<int64_t> AttentionOp::getFlops() {
  auto q = getQuery().getType(), k = getKey().getType();
  auto v = getValue().getType();
  std::optional<int64_t> batch = shape::numElements(q.getShape().drop_back(2));
  int64_t sq = q.getShape()[q.getRank() - 2], d = q.getShape().back();
  int64_t sk = k.getShape()[k.getRank() - 2], dv = v.getShape().back();
  if (!batch || shape::isDynamic(sq) || shape::isDynamic(d) ||
      shape::isDynamic(sk) || shape::isDynamic(dv))
    return std::nullopt;
  int64_t scores = *batch * sq * sk;
  // Q K^T, scaling, optional mask, softmax (5 per score), P V.
  return 2 * scores * d + scores + (getMask() ? scores : 0) + 5 * scores +
         2 * scores * dv;
}
