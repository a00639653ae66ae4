//===- GraphNNOps.td - Contractions, convolutions, normalisations -*- tablegen -*-===//
//
// Ops that carry most of a model's arithmetic: matmul/gemm, convolution,
// pooling, normalisations, softmax, reductions and fused attention.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_GRAPH_NN_OPS_TD
#define STRATA_GRAPH_NN_OPS_TD

include "GraphBase.td"

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

def Graph_MatmulOp : Graph_Op<"matmul", [Graph_InferType]> {
  let summary = "Matrix product with numpy.matmul semantics";
  let description = [{
    The last two dimensions are the matrix dimensions and the leading ones are
    batch dimensions that broadcast like numpy. A 1-D lhs is a row vector and a
    1-D rhs a column vector; the unit dimension they gain is dropped again in
    the result. Example: `(tensor<8x1x64x32xf32>, tensor<4x32x16xf32>) ->
    tensor<8x4x64x16xf32>`.
  }];
  let arguments = (ins Graph_Tensor:$lhs, Graph_Tensor:$rhs);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_GemmOp : Graph_Op<"gemm", [Graph_InferType]> {
  let summary = "General matrix multiply: alpha * op(a) * op(b) + beta * c";
  let description = [{
    `a` and `b` are 2-D; `op(x)` transposes when `trans_a`/`trans_b` is set.
    The optional `c` broadcasts (numpy rules) to the M x N result.
  }];
  let arguments = (ins Graph_Tensor:$a, Graph_Tensor:$b,
                       Optional<Graph_Tensor>:$c,
                       DefaultValuedOptionalAttr<F64Attr, "1.0">:$alpha,
                       DefaultValuedOptionalAttr<F64Attr, "1.0">:$beta,
                       DefaultValuedOptionalAttr<BoolAttr, "false">:$trans_a,
                       DefaultValuedOptionalAttr<BoolAttr, "false">:$trans_b);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = [{
    $a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

def Graph_ConvOp : Graph_Op<"conv", [Graph_InferType]> {
  let summary = "N-D convolution (cross-correlation), NC[spatial] layout";
  let description = [{
    `input` is `N x C x D1 ... Dk` (k = 1, 2 or 3), `weight` is
    `O x C/groups x K1 ... Kk`, the optional `bias` is `O`. `strides` and
    `dilations` have k entries (default 1); `pads` has 2k entries, all begins
    then all ends (ONNX order, default 0). Output size per spatial dim:
    `floor((D + pad_begin + pad_end - dilation * (K - 1) - 1) / stride) + 1`.
    Depthwise convolution is `groups = C` with `O` a multiple of `C`.
  }];
  let arguments = (ins Graph_Tensor:$input, Graph_Tensor:$weight,
      Optional<Graph_Tensor>:$bias,
      DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$strides,
      DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$dilations,
      DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$pads,
      DefaultValuedOptionalAttr<I64Attr, "1">:$groups);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

class Graph_WindowPoolOp<string mnemonic, string what>
    : Graph_Op<mnemonic, [Graph_InferType]> {
  let summary = what # " over sliding windows, NC[spatial] layout";
  let description = [{
    `kernel_shape`, `strides` and `dilations` have one entry per spatial dim
    (strides and dilations default to 1); `pads` has 2k entries, begins then
    ends. With `ceil_mode` the output size rounds up, but a window that would
    start inside the end padding is dropped (PyTorch and ONNX agree on this).
  }];
  let results = (outs Graph_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Graph_MaxPoolOp : Graph_WindowPoolOp<"max_pool", "Maximum"> {
  let arguments = (ins Graph_FloatTensor:$input,
      DenseI64ArrayAttr:$kernel_shape,
      DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$strides,
      DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$dilations,
      DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$pads,
      DefaultValuedOptionalAttr<BoolAttr, "false">:$ceil_mode);
}

def Graph_AvgPoolOp : Graph_WindowPoolOp<"avg_pool", "Average"> {
  let arguments = (ins Graph_FloatTensor:$input,
      DenseI64ArrayAttr:$kernel_shape,
      DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$strides,
      DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$dilations,
      DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$pads,
      DefaultValuedOptionalAttr<BoolAttr, "false">:$ceil_mode,
      DefaultValuedOptionalAttr<BoolAttr, "false">:$count_include_pad);
}

class Graph_GlobalPoolOp<string mnemonic, string what>
    : Graph_Op<mnemonic, [Graph_InferType]> {
  let summary = what # " over all spatial dims, keeping them as size 1";
  let arguments = (ins Graph_FloatTensor:$input);
  let results = (outs Graph_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Graph_GlobalAvgPoolOp : Graph_GlobalPoolOp<"global_avg_pool", "Mean">;
def Graph_GlobalMaxPoolOp : Graph_GlobalPoolOp<"global_max_pool", "Maximum">;

//===----------------------------------------------------------------------===//
// Normalisation and softmax
//===----------------------------------------------------------------------===//

def Graph_BatchNormOp : Graph_Op<"batch_norm", [Graph_InferType]> {
  let summary = "Inference-mode batch normalisation over dim 1";
  let description = [{
    `(x - mean) / sqrt(variance + epsilon) * scale + bias`, where `scale`,
    `bias`, `mean` and `variance` are 1-D with one entry per channel (dim 1
    of `input`, which has rank >= 2).
  }];
  let arguments = (ins Graph_FloatTensor:$input, Graph_FloatTensor:$scale,
      Graph_FloatTensor:$bias, Graph_FloatTensor:$mean,
      Graph_FloatTensor:$variance,
      DefaultValuedOptionalAttr<F64Attr, "1e-5">:$epsilon);
  let results = (outs Graph_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    functional-type(operands, results)
  }];
}

def Graph_LayerNormOp : Graph_Op<"layer_norm", [Graph_InferType]> {
  let summary = "Layer normalisation over the trailing dims from `axis`";
  let description = [{
    Normalises over dims `[axis, rank)` to zero mean and unit variance (biased
    variance plus `epsilon`), then multiplies by `scale` and adds the optional
    `bias`. Both broadcast (numpy rules) to the normalised shape.
  }];
  let arguments = (ins Graph_FloatTensor:$input, Graph_FloatTensor:$scale,
      Optional<Graph_FloatTensor>:$bias,
      DefaultValuedOptionalAttr<I64Attr, "-1">:$axis,
      DefaultValuedOptionalAttr<F64Attr, "1e-5">:$epsilon);
  let results = (outs Graph_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale (`,` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Graph_LayerNormStatsOp : Graph_Op<"layer_norm_stats", [Graph_InferType]> {
  let summary = "Mean and inverse standard deviation of graph.layer_norm";
  let description = [{
    The statistics graph.layer_norm normalises with, over dims `[axis, rank)`:
    `mean` and `inv_std_dev = 1 / sqrt(biased variance + epsilon)`, both of
    the input's shape with the normalised dims set to 1 (ONNX
    LayerNormalization's optional outputs).
  }];
  let arguments = (ins Graph_FloatTensor:$input,
      DefaultValuedOptionalAttr<I64Attr, "-1">:$axis,
      DefaultValuedOptionalAttr<F64Attr, "1e-5">:$epsilon);
  let results = (outs Graph_FloatTensor:$mean, Graph_FloatTensor:$inv_std_dev);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($mean) `,` type($inv_std_dev)
  }];
}

class Graph_SoftmaxLikeOp<string mnemonic, string what>
    : Graph_Op<mnemonic, [Graph_InferType]> {
  let summary = what # " along one axis";
  let arguments = (ins Graph_FloatTensor:$input,
                       DefaultValuedOptionalAttr<I64Attr, "-1">:$axis);
  let results = (outs Graph_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Graph_SoftmaxOp : Graph_SoftmaxLikeOp<"softmax", "exp(x) / sum(exp(x))">;
def Graph_LogSoftmaxOp
    : Graph_SoftmaxLikeOp<"log_softmax", "x - log(sum(exp(x)))">;

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Graph_ReduceOp<string mnemonic, string what>
    : Graph_Op<mnemonic, [Graph_InferType]> {
  let summary = what # " over the given axes";
  let description = [{
    `axes` lists distinct dims (negative counts from the back); empty means
    every dim. With `keepdims` (the default) reduced dims stay as size 1.
  }];
  let arguments = (ins Graph_Tensor:$input,
      DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$axes,
      DefaultValuedOptionalAttr<BoolAttr, "true">:$keepdims);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Graph_ReduceSumOp : Graph_ReduceOp<"reduce_sum", "Sum">;
def Graph_ReduceMeanOp : Graph_ReduceOp<"reduce_mean", "Arithmetic mean">;
def Graph_ReduceMaxOp : Graph_ReduceOp<"reduce_max", "Maximum">;
def Graph_ReduceMinOp : Graph_ReduceOp<"reduce_min", "Minimum">;
def Graph_ReduceProdOp : Graph_ReduceOp<"reduce_prod", "Product">;

//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

def Graph_AttentionOp : Graph_Op<"attention", [Graph_InferType]> {
  let summary = "Scaled dot-product attention";
  let description = [{
    `softmax(query * key^T * scale + mask) * value` over the last two dims,
    where `query` is `B... x Sq x D`, `key` is `B... x Sk x D` and `value` is
    `B... x Sk x Dv` (same rank >= 2, equal batch dims B...). The result is
    `B... x Sq x Dv`. `scale` defaults to `1 / sqrt(D)`. The optional `mask`
    broadcasts to `B... x Sq x Sk`: an `i1` mask keeps positions where it is
    true (others get -inf), a float mask (the query's element type) is added.
    With `causal`, position i attends to positions j <= i + (Sk - Sq)
    (aligned at the end, as for a decoder with a KV cache).

    Attention-fusion passes raise matmul/softmax chains to this op; backends
    implement it as a fused (FlashAttention-style) kernel.
  }];
  let arguments = (ins Graph_FloatTensor:$query, Graph_FloatTensor:$key,
      Graph_FloatTensor:$value, Optional<Graph_Tensor>:$mask,
      OptionalAttr<F64Attr>:$scale,
      DefaultValuedOptionalAttr<BoolAttr, "false">:$causal);
  let results = (outs Graph_FloatTensor:$output);
  let assemblyFormat = [{
    $query `,` $key `,` $value (`,` $mask^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

#endif // STRATA_GRAPH_NN_OPS_TD
