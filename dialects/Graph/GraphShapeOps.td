//===- GraphShapeOps.td - Data movement and constants -------*- tablegen -*-===//
//
// Ops that move or re-view data without arithmetic: reshape, transpose,
// concat, slice, gather, split, pad, expand, squeeze/unsqueeze, flatten, and
// the constant op.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_GRAPH_SHAPE_OPS_TD
#define STRATA_GRAPH_SHAPE_OPS_TD

include "GraphBase.td"

// The result type is the value's type, exactly.
def Graph_ConstantOp : Graph_Op<"constant", [ConstantLike, InferTypeOpAdaptor]> {
  let summary = "A constant tensor";
  let description = [{
    Small constants are `dense<...>`; weights are `dense_resource<...>` blobs
    so that IR stays printable. Example:
    `%w = graph.constant dense_resource<conv1_w> : tensor<64x3x7x7xf32>`.
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

def Graph_ReshapeOp : Graph_Op<"reshape", [Graph_InferType]> {
  let summary = "View the elements (row-major order) with a new shape";
  let description = [{
    `shape` gives the result dims; at most one entry may be -1, meaning
    "whatever makes the element count match". Every other entry is >= 0 and
    literal (ONNX's "0 copies the input dim" is resolved by the importer).
  }];
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def Graph_TransposeOp : Graph_Op<"transpose", [Graph_InferType]> {
  let summary = "Permute dimensions: result dim i is input dim perm[i]";
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def Graph_ConcatOp : Graph_Op<"concat", [Graph_InferType]> {
  let summary = "Join tensors along one axis";
  let description = [{
    All inputs have the same rank and element type and agree on every dim
    but `axis`.
  }];
  let arguments = (ins Variadic<Graph_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Graph_SliceOp : Graph_Op<"slice", [Graph_InferType]> {
  let summary = "Strided slice with numpy/ONNX index rules";
  let description = [{
    For each `axes[i]` (default: 0, 1, ... len(starts) - 1) select
    `starts[i]`, `starts[i] + steps[i]`, ... up to (excluding) `ends[i]`.
    Negative starts/ends count from the back; out-of-range values are clamped
    (to [0, dim] for positive steps, [-1, dim - 1] for negative ones), so
    `ends = INT64_MAX` means "to the end". Steps are non-zero and default to 1.
  }];
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$starts,
      DenseI64ArrayAttr:$ends,
      DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$axes,
      DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$steps);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def Graph_GatherOp : Graph_Op<"gather", [Graph_InferType]> {
  let summary = "Take slices along `axis` at the given indices";
  let description = [{
    Result shape is `data.shape[:axis] + indices.shape + data.shape[axis+1:]`.
    Negative indices count from the back of `axis`; out-of-range indices are
    undefined behaviour the backends may trap on.
  }];
  let arguments = (ins Graph_Tensor:$data, Graph_IndexTensor:$indices,
                       DefaultValuedOptionalAttr<I64Attr, "0">:$axis);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = [{
    $data `,` $indices attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_SplitOp : Graph_Op<"split", [Graph_InferType]> {
  let summary = "Cut a tensor along `axis` into pieces of the given sizes";
  let description = [{
    One result per entry of `sizes`; the sizes add up to the input dim.
  }];
  let arguments = (ins Graph_Tensor:$input, I64Attr:$axis,
                       DenseI64ArrayAttr:$sizes);
  let results = (outs Variadic<Graph_Tensor>:$outputs);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($outputs)";
  let hasFolder = 1;
}

def Graph_PadOp : Graph_Op<"pad", [Graph_InferType]> {
  let summary = "Pad (or, with negative amounts, crop) every dimension";
  let description = [{
    `pads` has 2 * rank entries: all begins, then all ends (ONNX order).
    `constant` fills with `value`, `reflect` mirrors without repeating the
    edge (pad < dim required), `edge` repeats the edge element.
  }];
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$pads,
      DefaultValuedOptionalAttr<Graph_PadModeAttr, "PadMode::constant">:$mode,
      DefaultValuedOptionalAttr<F64Attr, "0.0">:$value);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def Graph_ExpandOp : Graph_Op<"expand", [Graph_InferType]> {
  let summary = "Broadcast to a shape (numpy rules, in both directions)";
  let description = [{
    The result shape is the numpy broadcast of the input shape and `shape`
    (ONNX Expand): `tensor<3x1xf32>` expanded with `[2, 1, 6]` gives
    `tensor<2x3x6xf32>`.
  }];
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def Graph_SqueezeOp : Graph_Op<"squeeze", [Graph_InferType]> {
  let summary = "Remove size-1 dims";
  let description = [{
    Removes the listed `axes`, each of which must have size 1 (a dynamic dim
    is taken to be 1). Empty `axes` removes every static size-1 dim.
  }];
  let arguments = (ins Graph_Tensor:$input,
                       DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$axes);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def Graph_UnsqueezeOp : Graph_Op<"unsqueeze", [Graph_InferType]> {
  let summary = "Insert size-1 dims at the given result positions";
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def Graph_FlattenOp : Graph_Op<"flatten", [Graph_InferType]> {
  let summary = "Collapse to 2-D: dims before `axis` and dims from `axis`";
  let arguments = (ins Graph_Tensor:$input,
                       DefaultValuedOptionalAttr<I64Attr, "1">:$axis);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

#endif // STRATA_GRAPH_SHAPE_OPS_TD
