//===- GraphBase.td - Graph dialect, types and base classes -*- tablegen -*-===//
//
// The `graph` dialect is Strata's framework-neutral, tensor-level IR. This file
// declares the dialect, the tensor type constraints its ops accept, its enums
// and the base classes every op derives from.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_GRAPH_BASE_TD
#define STRATA_GRAPH_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "GraphInterfaces.td"

def Graph_Dialect : Dialect {
  let name = "graph";
  let cppNamespace = "::strata::graph";
  let summary = "Framework-neutral tensor operations for ML models";
  let description = [{
    The graph dialect holds whole models at tensor level: the ONNX and PyTorch
    importers produce it, graph-level optimisations (canonicalisation,
    fusion, quantisation, placement) rewrite it, and the CPU, CUDA and NPU
    backends lower it. Ops are named for what they compute, not for the
    framework they came from.

    Conventions shared by every op:
    * Operands and results are ranked tensors; dimensions may be dynamic (`?`).
      Unranked tensors are rejected.
    * Element types are floats (f16, bf16, f32, f64, f8 variants), signless
      integers (read as two's-complement signed; `i1` is the boolean type) and
      unsigned integers (`ui8` ...).
    * Elementwise binary ops broadcast like numpy: shapes are aligned at the
      trailing dimension and a dimension of size 1 stretches to the other.
    * Every op infers its result types. A written result type may be less
      static than the inferred one (`?` where a size is known), never
      contradict it; `-graph-infer-shapes` refines such types. Exceptions,
      whose result type is exactly the inferred one: unary elementwise ops
      (result type = operand type), `cast` and `constant`.
    * Axis attributes accept negative values counting from the back, as in
      numpy and ONNX.
    * Every op reports its arithmetic work and memory traffic through
      `CostOpInterface`.
  }];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 1;
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Graph_Int : AnyTypeOf<[AnySignlessInteger, AnyUnsignedInteger],
                          "integer">;
def Graph_Element : AnyTypeOf<[AnyFloat, AnySignlessInteger,
                               AnyUnsignedInteger], "float or integer">;
def Graph_Tensor : RankedTensorOf<[Graph_Element]>;
def Graph_FloatTensor : RankedTensorOf<[AnyFloat]>;
def Graph_BoolTensor : RankedTensorOf<[I1]>;
def Graph_IndexTensor : RankedTensorOf<[AnySignlessInteger]>;

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Graph_CompareDirection : I32EnumAttr<"CompareDirection",
    "comparison performed by graph.compare", [
      I32EnumAttrCase<"eq", 0>, I32EnumAttrCase<"ne", 1>,
      I32EnumAttrCase<"lt", 2>, I32EnumAttrCase<"le", 3>,
      I32EnumAttrCase<"gt", 4>, I32EnumAttrCase<"ge", 5>]> {
  let cppNamespace = "::strata::graph";
}

def Graph_PadMode : I32EnumAttr<"PadMode", "how graph.pad fills the border", [
      I32EnumAttrCase<"constant", 0>, I32EnumAttrCase<"reflect", 1>,
      I32EnumAttrCase<"edge", 2>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::strata::graph";
}
def Graph_PadModeAttr : EnumAttr<Graph_Dialect, Graph_PadMode, "pad_mode">;

def Graph_GeluApproximation : I32EnumAttr<"GeluApproximation",
    "formula used by graph.gelu", [
      I32EnumAttrCase<"none", 0>, I32EnumAttrCase<"tanh", 1>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::strata::graph";
}
def Graph_GeluApproximationAttr
    : EnumAttr<Graph_Dialect, Graph_GeluApproximation, "gelu_approximation">;

//===----------------------------------------------------------------------===//
// Base classes
//===----------------------------------------------------------------------===//

// Result types are inferred; a written result type may be less static than
// the inferred one (see strata::graph::areCompatibleReturnTypes).
def Graph_InferType : InferTypeOpAdaptorBase<[{
    static bool isCompatibleReturnTypes(::mlir::TypeRange l,
                                        ::mlir::TypeRange r) {
      return ::strata::graph::areCompatibleReturnTypes(l, r);
    }
  }]>;

class Graph_Op<string mnemonic, list<Trait> traits = []>
    : Op<Graph_Dialect, mnemonic,
         !listconcat(traits, [Pure, DeclareOpInterfaceMethods<
                                       Graph_CostOpInterface, ["getFlops"]>])>;

#endif // STRATA_GRAPH_BASE_TD
