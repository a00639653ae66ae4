//===- GraphElementwiseOps.td - Elementwise graph ops -------*- tablegen -*-===//
//
// Unary, binary (numpy-broadcasting) and ternary elementwise ops, plus cast and
// compare. Unary ops keep their operand type; binary ops broadcast.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_GRAPH_ELEMENTWISE_OPS_TD
#define STRATA_GRAPH_ELEMENTWISE_OPS_TD

include "GraphBase.td"

//===----------------------------------------------------------------------===//
// Unary
//===----------------------------------------------------------------------===//

// `flops` is the arithmetic per element; see CostOpInterface.
class Graph_UnaryOp<string mnemonic, Type type, int flops,
                    list<Trait> traits = []>
    : Graph_Op<mnemonic, !listconcat(traits, [SameOperandsAndResultType,
                                              InferTypeOpInterface])> {
  let arguments = (ins type:$input);
  let results = (outs type:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  code flopsDefinition = [{
    std::optional<int64_t> $cppClass::getFlops() {
      return ::strata::graph::detail::elementwiseFlops(getOutput().getType(),
                                                       }] # flops # [{);
    }
  }];
  let extraClassDefinition = flopsDefinition;
}

def Graph_NegOp : Graph_UnaryOp<"neg", Graph_Tensor, 1> {
  let summary = "Elementwise negation: -x";
  let hasFolder = 1;
}
def Graph_AbsOp : Graph_UnaryOp<"abs", Graph_Tensor, 1> {
  let summary = "Elementwise absolute value: |x|";
  let hasFolder = 1;
}
def Graph_ReluOp : Graph_UnaryOp<"relu", Graph_Tensor, 1> {
  let summary = "Rectified linear unit: max(x, 0)";
  let hasFolder = 1;
}
def Graph_ExpOp : Graph_UnaryOp<"exp", Graph_FloatTensor, 1> {
  let summary = "Elementwise exponential: e^x";
  let hasFolder = 1;
}
def Graph_LogOp : Graph_UnaryOp<"log", Graph_FloatTensor, 1> {
  let summary = "Elementwise natural logarithm: ln(x)";
  let hasFolder = 1;
}
def Graph_SqrtOp : Graph_UnaryOp<"sqrt", Graph_FloatTensor, 1> {
  let summary = "Elementwise square root";
  let hasFolder = 1;
}
def Graph_RsqrtOp : Graph_UnaryOp<"rsqrt", Graph_FloatTensor, 2> {
  let summary = "Elementwise reciprocal square root: 1 / sqrt(x)";
  let hasFolder = 1;
}
def Graph_ReciprocalOp : Graph_UnaryOp<"reciprocal", Graph_FloatTensor, 1> {
  let summary = "Elementwise reciprocal: 1 / x";
  let hasFolder = 1;
}
def Graph_TanhOp : Graph_UnaryOp<"tanh", Graph_FloatTensor, 1> {
  let summary = "Elementwise hyperbolic tangent";
  let hasFolder = 1;
}
def Graph_SigmoidOp : Graph_UnaryOp<"sigmoid", Graph_FloatTensor, 4> {
  let summary = "Logistic sigmoid: 1 / (1 + e^-x)";
  let hasFolder = 1;
}
def Graph_ErfOp : Graph_UnaryOp<"erf", Graph_FloatTensor, 1> {
  let summary = "Elementwise Gauss error function";
  let hasFolder = 1;
}
def Graph_SiluOp : Graph_UnaryOp<"silu", Graph_FloatTensor, 5> {
  let summary = "Sigmoid linear unit (swish): x * sigmoid(x)";
}
def Graph_HardSwishOp : Graph_UnaryOp<"hardswish", Graph_FloatTensor, 5> {
  let summary = "Hard swish: x * max(0, min(1, x / 6 + 0.5))";
}
def Graph_NotOp : Graph_UnaryOp<"not", Graph_BoolTensor, 1> {
  let summary = "Elementwise logical negation of a boolean tensor";
  let hasFolder = 1;
}

// Trigonometric, hyperbolic and rounding functions of floats (folded in
// double precision).
class Graph_FloatMathOp<string mnemonic, string what>
    : Graph_UnaryOp<mnemonic, Graph_FloatTensor, 1> {
  let summary = "Elementwise " # what;
  let hasFolder = 1;
}
def Graph_SinOp : Graph_FloatMathOp<"sin", "sine">;
def Graph_CosOp : Graph_FloatMathOp<"cos", "cosine">;
def Graph_TanOp : Graph_FloatMathOp<"tan", "tangent">;
def Graph_AsinOp : Graph_FloatMathOp<"asin", "arcsine (NaN outside [-1, 1])">;
def Graph_AcosOp
    : Graph_FloatMathOp<"acos", "arccosine (NaN outside [-1, 1])">;
def Graph_AtanOp : Graph_FloatMathOp<"atan", "arctangent">;
def Graph_SinhOp : Graph_FloatMathOp<"sinh", "hyperbolic sine">;
def Graph_CoshOp : Graph_FloatMathOp<"cosh", "hyperbolic cosine">;
def Graph_AsinhOp : Graph_FloatMathOp<"asinh", "inverse hyperbolic sine">;
def Graph_AcoshOp
    : Graph_FloatMathOp<"acosh", "inverse hyperbolic cosine (NaN below 1)">;
def Graph_AtanhOp : Graph_FloatMathOp<
    "atanh", "inverse hyperbolic tangent (NaN outside [-1, 1])">;
def Graph_FloorOp
    : Graph_FloatMathOp<"floor", "rounding toward negative infinity">;
def Graph_CeilOp
    : Graph_FloatMathOp<"ceil", "rounding toward positive infinity">;
def Graph_RoundOp : Graph_FloatMathOp<
    "round", "rounding to the nearest integer, halves to even">;

def Graph_SignOp : Graph_UnaryOp<"sign", Graph_Tensor, 2> {
  let summary = "Elementwise sign: -1, 0 or 1 (NaN stays NaN)";
  let hasFolder = 1;
}

def Graph_ShrinkOp : Graph_UnaryOp<"shrink", Graph_FloatTensor, 3> {
  let summary = "Shrink: x < -lambd ? x + bias : (x > lambd ? x - bias : 0)";
  let arguments = (ins Graph_FloatTensor:$input,
                       DefaultValuedOptionalAttr<F64Attr, "0.5">:$lambd,
                       DefaultValuedOptionalAttr<F64Attr, "0.0">:$bias);
}

// Float classification into an i1 tensor of the same shape.
class Graph_FloatTestOp<string mnemonic>
    : Graph_Op<mnemonic, [Graph_InferType]> {
  let results = (outs Graph_BoolTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Graph_IsNaNOp : Graph_FloatTestOp<"is_nan"> {
  let summary = "Elementwise test for NaN, giving i1";
  let arguments = (ins Graph_FloatTensor:$input);
}

def Graph_IsInfOp : Graph_FloatTestOp<"is_inf"> {
  let summary = "Elementwise test for infinity, giving i1";
  let description = [{
    True for +inf when `detect_positive` is set and for -inf when
    `detect_negative` is set (both are by default).
  }];
  let arguments = (ins Graph_FloatTensor:$input,
                       DefaultValuedOptionalAttr<BoolAttr, "true">:$detect_positive,
                       DefaultValuedOptionalAttr<BoolAttr, "true">:$detect_negative);
}

def Graph_LeakyReluOp : Graph_UnaryOp<"leaky_relu", Graph_FloatTensor, 3> {
  let summary = "Leaky ReLU: x if x >= 0 else alpha * x";
  let arguments = (ins Graph_FloatTensor:$input,
                       DefaultValuedOptionalAttr<F64Attr, "0.01">:$alpha);
}

def Graph_HardSigmoidOp : Graph_UnaryOp<"hardsigmoid", Graph_FloatTensor, 4> {
  let summary = "Hard sigmoid: max(0, min(1, alpha * x + beta))";
  let arguments = (ins Graph_FloatTensor:$input,
                       DefaultValuedOptionalAttr<F64Attr, "0.2">:$alpha,
                       DefaultValuedOptionalAttr<F64Attr, "0.5">:$beta);
}

def Graph_GeluOp : Graph_UnaryOp<"gelu", Graph_FloatTensor, 0> {
  let summary = "Gaussian error linear unit";
  let description = [{
    `approximate = none`: 0.5 * x * (1 + erf(x / sqrt(2))).
    `approximate = tanh`: 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x^3))).
  }];
  let arguments = (ins Graph_FloatTensor:$input,
      DefaultValuedOptionalAttr<Graph_GeluApproximationAttr,
                                "GeluApproximation::none">:$approximate);
  // 5 ops per element exactly, 9 with the tanh approximation.
  let extraClassDefinition = [{
    std::optional<int64_t> $cppClass::getFlops() {
      return ::strata::graph::detail::elementwiseFlops(
          getOutput().getType(),
          getApproximate() == GeluApproximation::tanh ? 9 : 5);
    }
  }];
}

def Graph_ClipOp : Graph_UnaryOp<"clip", Graph_Tensor, 0> {
  let summary = "Clamp every element into [min, max]";
  let description = [{
    Either bound may be absent (no clamping on that side). Bounds are given as
    f64 and converted to the element type; `min <= max` is required.
  }];
  let arguments = (ins Graph_Tensor:$input, OptionalAttr<F64Attr>:$min,
                       OptionalAttr<F64Attr>:$max);
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDefinition = [{
    std::optional<int64_t> $cppClass::getFlops() {
      return ::strata::graph::detail::elementwiseFlops(
          getOutput().getType(), (getMin() ? 1 : 0) + (getMax() ? 1 : 0));
    }
  }];
}

// The result type is not printed, so it must be exactly the inferred one.
def Graph_CastOp : Graph_Op<"cast", [InferTypeOpAdaptor]> {
  let summary = "Convert every element to another element type";
  let description = [{
    Float to integer rounds toward zero (out-of-range values are undefined, as
    in ONNX); integer to float rounds to nearest; to `i1` tests `!= 0`.
    Example: `%1 = graph.cast %0 : tensor<2x3xf32> to f16`.
  }];
  let arguments = (ins Graph_Tensor:$input, TypeAttrOf<Graph_Element>:$to);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` $to";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Binary and ternary, with numpy broadcasting
//===----------------------------------------------------------------------===//

class Graph_BinaryOp<string mnemonic, Type type, list<Trait> traits = []>
    : Graph_Op<mnemonic, !listconcat(traits, [Graph_InferType])> {
  let arguments = (ins type:$lhs, type:$rhs);
  let results = (outs type:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
  let description = [{
    Both operands have the same element type; their shapes broadcast like
    numpy's (`tensor<4x1x3xf32>` with `tensor<5x1xf32>` gives
    `tensor<4x5x3xf32>`).
  }];
}

def Graph_AddOp : Graph_BinaryOp<"add", Graph_Tensor, [Commutative]> {
  let summary = "Elementwise addition with broadcasting";
}
def Graph_SubOp : Graph_BinaryOp<"sub", Graph_Tensor> {
  let summary = "Elementwise subtraction with broadcasting";
}
def Graph_MulOp : Graph_BinaryOp<"mul", Graph_Tensor, [Commutative]> {
  let summary = "Elementwise multiplication with broadcasting";
}
def Graph_DivOp : Graph_BinaryOp<"div", Graph_Tensor> {
  let summary = "Elementwise division with broadcasting";
  let description = [{
    Integer division truncates toward zero (ONNX and C semantics).
  }];
}
def Graph_PowOp : Graph_BinaryOp<"pow", Graph_Tensor> {
  let summary = "Elementwise power lhs^rhs with broadcasting";
}
def Graph_MaxOp : Graph_BinaryOp<"max", Graph_Tensor, [Commutative]> {
  let summary = "Elementwise maximum with broadcasting";
}
def Graph_MinOp : Graph_BinaryOp<"min", Graph_Tensor, [Commutative]> {
  let summary = "Elementwise minimum with broadcasting";
}
def Graph_AndOp : Graph_BinaryOp<"and", Graph_BoolTensor, [Commutative]> {
  let summary = "Elementwise logical and with broadcasting";
}
def Graph_OrOp : Graph_BinaryOp<"or", Graph_BoolTensor, [Commutative]> {
  let summary = "Elementwise logical or with broadcasting";
}

def Graph_XorOp : Graph_BinaryOp<"xor", Graph_BoolTensor, [Commutative]> {
  let summary = "Elementwise logical exclusive or with broadcasting";
}

def Graph_ModOp : Graph_BinaryOp<"mod", Graph_Tensor> {
  let summary = "Elementwise remainder with broadcasting";
  let description = [{
    With `fmod` unset (integers only) the remainder takes the sign of the
    divisor (Python's `%`); with `fmod` set it takes the sign of the dividend
    (C's `fmod` / `%`). Floats require `fmod`. Unsigned integers give the
    plain remainder either way. An integer remainder by 0 is undefined.
  }];
  let arguments = (ins Graph_Tensor:$lhs, Graph_Tensor:$rhs,
                       DefaultValuedOptionalAttr<BoolAttr, "false">:$fmod);
}

def Graph_BitShiftOp : Graph_BinaryOp<"bitshift", RankedTensorOf<[Graph_Int]>> {
  let summary = "Elementwise bit shift of integers with broadcasting";
  let description = [{
    Shifts `lhs` left (`left` set) or right by `rhs` bits. Right shifts of
    unsigned types are logical, of signless types arithmetic. Shift amounts
    of at least the bit width give 0 (all sign bits for an arithmetic right
    shift of a negative value).
  }];
  let arguments = (ins RankedTensorOf<[Graph_Int]>:$lhs,
                       RankedTensorOf<[Graph_Int]>:$rhs, BoolAttr:$left);
}

def Graph_CompareOp : Graph_Op<"compare", [Graph_InferType]> {
  let summary = "Elementwise comparison with broadcasting, giving i1";
  let description = [{
    Example: `%m = graph.compare lt, %a, %b : (tensor<4xf32>, tensor<f32>) ->
    tensor<4xi1>`. Unsigned integer types compare unsigned; floats compare
    ordered (any comparison with NaN is false except `ne`).
  }];
  let arguments = (ins Graph_CompareDirection:$direction,
                       Graph_Tensor:$lhs, Graph_Tensor:$rhs);
  let results = (outs Graph_BoolTensor:$output);
  let assemblyFormat = [{
    $direction `,` $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Graph_WhereOp : Graph_Op<"where", [Graph_InferType]> {
  let summary = "Elementwise select: condition ? true_value : false_value";
  let description = [{
    All three operands broadcast together like numpy.
  }];
  let arguments = (ins Graph_BoolTensor:$condition, Graph_Tensor:$true_value,
                       Graph_Tensor:$false_value);
  let results = (outs Graph_Tensor:$output);
  let assemblyFormat = [{
    $condition `,` $true_value `,` $false_value attr-dict `:`
    functional-type(operands, results)
  }];
  let hasFolder = 1;
}

#endif // STRATA_GRAPH_ELEMENTWISE_OPS_TD
