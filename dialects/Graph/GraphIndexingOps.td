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
    set to 0 otherwise (ONNX Trilu; numpy.triu/tril with offset `k`).
  }];
  let arguments = (ins Graph_Tensor:$input,
                       DefaultValuedOptionalAttr<I64Attr, "0">:$k,
                       DefaultValuedOptionalAttr<BoolAttr, "true">:$upper);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Graph_CumSumOp : Graph_Op<"cumsum", [Graph_InferType]> {
  let summary = "Running sum along `axis`";
  let description = [{
    `result[..., j, ...]` is the sum of `input[..., i, ...]` for `i <= j`
    (`i < j` when `exclusive`); with `reverse` the sum runs from the back
    (`i >= j`, or `i > j` when exclusive).
  }];
  let arguments = (ins Graph_Tensor:$input, I64Attr:$axis,
                       DefaultValuedOptionalAttr<BoolAttr, "false">:$exclusive,
                       DefaultValuedOptionalAttr<BoolAttr, "false">:$reverse);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

#endif // STRATA_GRAPH_INDEXING_OPS_TD
