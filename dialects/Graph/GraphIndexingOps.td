//===- GraphIndexingOps.td - Indexing and data-movement ops -*- tablegen -*-===//
//
// Ops that pick, place or rearrange elements by computed positions:
// gather_elements, scatter_elements, arg_max/arg_min, trilu and cumsum.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_GRAPH_INDEXING_OPS_TD
#define STRATA_GRAPH_INDEXING_OPS_TD

include "GraphBase.td"

def Graph_ScatterReduction : I32EnumAttr<"ScatterReduction",
    "how graph.scatter_elements combines an update with the element", [
      I32EnumAttrCase<"none", 0>, I32EnumAttrCase<"add", 1>,
      I32EnumAttrCase<"mul", 2>, I32EnumAttrCase<"max", 3>,
      I32EnumAttrCase<"min", 4>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::strata::graph";
}
def Graph_ScatterReductionAttr
    : EnumAttr<Graph_Dialect, Graph_ScatterReduction, "scatter_reduction">;

def Graph_GatherElementsOp : Graph_Op<"gather_elements", [Graph_InferType]> {
  let summary = "Pick one element of `data` per index along `axis`";
  let description = [{
    `data` and `indices` have the same rank; the result has the shape of
    `indices` and `result[i0, ..., ia, ...] = data[i0, ..., indices[i], ...]`
    where `ia` is the position along `axis` (numpy.take_along_axis, ONNX
    GatherElements). Every dim but `axis` of `indices` is at most the
    matching dim of `data`. Negative indices count from the back of `axis`;
    out-of-range indices are undefined behaviour.
  }];
  let arguments = (ins Graph_Tensor:$data, Graph_IndexTensor:$indices,
                       DefaultValuedOptionalAttr<I64Attr, "0">:$axis);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = [{
    $data `,` $indices attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_ScatterElementsOp : Graph_Op<"scatter_elements", [Graph_InferType]> {
  let summary = "Write `updates` into a copy of `data` at positions along `axis`";
  let description = [{
    `indices` and `updates` have the same shape and the rank of `data`; the
    result has the type of `data`. For each position `i` of `updates`,
    `result[i0, ..., indices[i], ...]` (the index replacing the `axis`
    coordinate) becomes `updates[i]` (`reduction = none`, the last write wins
    in row-major order) or is combined with it by `add`, `mul`, `max` or
    `min`. Negative indices count from the back of `axis`.
  }];
  let arguments = (ins Graph_Tensor:$data, Graph_IndexTensor:$indices,
      Graph_Tensor:$updates,
      DefaultValuedOptionalAttr<I64Attr, "0">:$axis,
      DefaultValuedOptionalAttr<Graph_ScatterReductionAttr,
                                "ScatterReduction::none">:$reduction);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = [{
    $data `,` $indices `,` $updates attr-dict `:`
    functional-type(operands, results)
  }];
}

class Graph_ArgReduceOp<string mnemonic, string what>
    : Graph_Op<mnemonic, [Graph_InferType]> {
  let summary = "Index (i64) of the " # what # " element along `axis`";
  let description = [{
    Ties give the first index, or the last with `select_last_index`. With
    `keepdims` (the default) the reduced dim stays as size 1. A NaN compares
    false against everything, so it is never selected over a number.
  }];
  let arguments = (ins Graph_Tensor:$input,
      DefaultValuedOptionalAttr<I64Attr, "0">:$axis,
      DefaultValuedOptionalAttr<BoolAttr, "true">:$keepdims,
      DefaultValuedOptionalAttr<BoolAttr, "false">:$select_last_index);
  let results = (outs RankedTensorOf<[I64]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Graph_ArgMaxOp : Graph_ArgReduceOp<"arg_max", "largest">;
def Graph_ArgMinOp : Graph_ArgReduceOp<"arg_min", "smallest">;

def Graph_TriluOp : Graph_Op<"trilu", [Graph_InferType]> {
  let summary = "Keep the upper or lower triangle of the last two dims";
  let description = [{
    For `input` of rank >= 2, the element at row `i`, column `j` of the last
    two dims is kept when `j - i >= k` (`upper`) or `j - i <= k` (lower) and
    set to 0 otherwise (ONNX Trilu; numpy.triu/tril with offset `k`). When
    the one-element tensor `k_input` is given, `k` is read from it at run
    time instead of the attribute.
  }];
  let arguments = (ins Graph_Tensor:$input,
                       Optional<Graph_IndexTensor>:$k_input,
                       DefaultValuedOptionalAttr<I64Attr, "0">:$k,
                       DefaultValuedOptionalAttr<BoolAttr, "true">:$upper);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = [{
    $input (`,` $k_input^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_CumSumOp : Graph_Op<"cumsum", [Graph_InferType]> {
  let summary = "Running sum along `axis`";
  let description = [{
    `result[..., j, ...]` is the sum of `input[..., i, ...]` for `i <= j`
    (`i < j` when `exclusive`); with `reverse` the sum runs from the back
    (`i >= j`, or `i > j` when exclusive). When the one-element tensor
    `axis_input` is given, the axis (negative counts from the back) is read
    from it at run time instead of the attribute.
  }];
  let arguments = (ins Graph_Tensor:$input,
                       Optional<Graph_IndexTensor>:$axis_input,
                       DefaultValuedOptionalAttr<I64Attr, "0">:$axis,
                       DefaultValuedOptionalAttr<BoolAttr, "false">:$exclusive,
                       DefaultValuedOptionalAttr<BoolAttr, "false">:$reverse);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = [{
    $input (`,` $axis_input^)? attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Resize
//===----------------------------------------------------------------------===//

def Graph_ResizeMode : I32EnumAttr<"ResizeMode",
    "interpolation of graph.resize", [
      I32EnumAttrCase<"nearest", 0>, I32EnumAttrCase<"linear", 1>,
      I32EnumAttrCase<"cubic", 2>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::strata::graph";
}
def Graph_ResizeModeAttr
    : EnumAttr<Graph_Dialect, Graph_ResizeMode, "resize_mode">;

def Graph_ResizeCoordinateMode : I32EnumAttr<"ResizeCoordinateMode",
    "how graph.resize maps a result coordinate to an input coordinate", [
      I32EnumAttrCase<"half_pixel", 0>,
      I32EnumAttrCase<"half_pixel_symmetric", 1>,
      I32EnumAttrCase<"pytorch_half_pixel", 2>,
      I32EnumAttrCase<"align_corners", 3>, I32EnumAttrCase<"asymmetric", 4>,
      I32EnumAttrCase<"tf_half_pixel_for_nn", 5>,
      I32EnumAttrCase<"tf_crop_and_resize", 6>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::strata::graph";
}
def Graph_ResizeCoordinateModeAttr
    : EnumAttr<Graph_Dialect, Graph_ResizeCoordinateMode, "resize_coordinate_mode">;

def Graph_ResizeNearestMode : I32EnumAttr<"ResizeNearestMode",
    "how graph.resize rounds to the nearest input element", [
      I32EnumAttrCase<"round_prefer_floor", 0>,
      I32EnumAttrCase<"round_prefer_ceil", 1>, I32EnumAttrCase<"floor", 2>,
      I32EnumAttrCase<"ceil", 3>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::strata::graph";
}
def Graph_ResizeNearestModeAttr
    : EnumAttr<Graph_Dialect, Graph_ResizeNearestMode, "resize_nearest_mode">;

def Graph_ResizeOp : Graph_Op<"resize", [Graph_InferType]> {
  let summary = "Resample every dim to `sizes` (ONNX Resize)";
  let description = [{
    The result has shape `sizes`. Result coordinate `x` of dim `d` maps to
    the input coordinate `x'` by `coordinate_mode` with the scale
    `scales[d]` (ONNX Resize, whose `output_width` is `scales[d] * in_d`):
    `half_pixel` (x + 0.5) / s - 0.5; `asymmetric` x / s; `align_corners`
    x * (in - 1) / (s * in - 1); `pytorch_half_pixel` like half_pixel but 0
    when the result dim is 1; `tf_half_pixel_for_nn` (x + 0.5) / s;
    `half_pixel_symmetric` half_pixel shifted to keep the centre;
    `tf_crop_and_resize` samples the region `roi` (2 * rank entries, starts
    then ends, as fractions of `in - 1`) and gives `extrapolation_value`
    outside the input. `nearest` rounds `x'` by `nearest_mode`; `linear`
    and `cubic` (coefficient `cubic_coeff_a`) interpolate separably over 2
    or 4 neighbours per dim, reading clamped indices; `exclude_outside`
    drops the neighbours outside the input and renormalises the weights.
    When the 1-D float tensor `scales_input` (one entry per dim) is given,
    the scales are read from it at run time instead of `scales`; `sizes`
    must then be the sizes these scales give.
  }];
  let arguments = (ins Graph_Tensor:$input,
      Optional<Graph_FloatTensor>:$scales_input, DenseI64ArrayAttr:$sizes,
      DenseF64ArrayAttr:$scales,
      DefaultValuedOptionalAttr<DenseF64ArrayAttr, "{}">:$roi,
      DefaultValuedOptionalAttr<Graph_ResizeModeAttr,
                                "ResizeMode::nearest">:$mode,
      DefaultValuedOptionalAttr<Graph_ResizeCoordinateModeAttr,
          "ResizeCoordinateMode::half_pixel">:$coordinate_mode,
      DefaultValuedOptionalAttr<Graph_ResizeNearestModeAttr,
          "ResizeNearestMode::round_prefer_floor">:$nearest_mode,
      DefaultValuedOptionalAttr<F64Attr, "-0.75">:$cubic_coeff_a,
      DefaultValuedOptionalAttr<BoolAttr, "false">:$exclude_outside,
      DefaultValuedOptionalAttr<F64Attr, "0.0">:$extrapolation_value);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = [{
    $input (`,` $scales_input^)? attr-dict `:` functional-type(operands, results)
  }];
}

#endif // STRATA_GRAPH_INDEXING_OPS_TD
