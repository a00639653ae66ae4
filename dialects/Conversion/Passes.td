//===- Passes.td - Conversions out of Strata's dialects -----*- tablegen -*-===//
//
// Passes that lower one level of Strata to the next (see docs/architecture.md).
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_CONVERSION_PASSES_TD
#define STRATA_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertGraphToLinalgPass
    : Pass<"convert-graph-to-linalg", "::mlir::func::FuncOp"> {
  let summary = "Lower graph ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Rewrites every graph op into upstream ops on tensors: structured ops
    (linalg named ops where one exists, such as `linalg.matmul` and
    `linalg.conv_2d_nchw_fchw`, `linalg.generic` otherwise), `tensor` ops for
    data movement, and `arith`/`math` for scalar bodies. The result is ready
    for tiling, vectorisation and bufferisation.

    A graph op that cannot be lowered (an unsupported attribute value or a
    dynamic shape the lowering needs to know) is reported as an error on that
    op, with the reason, and the pass fails.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def ConvertGraphToNPUPass : Pass<"convert-graph-to-npu", "::mlir::ModuleOp"> {
  let summary = "Lower graph functions to npu.program ops for the modelled NPU";
  let description = [{
    Replaces every graph-dialect function by an `npu.program` of the same
    name: inputs and results become the I/O table, every tensor lives in
    DRAM as dense row-major f32, and each op becomes a double-buffered
    kernel over SRAM and the accumulator with tiles chosen by a cost model
    over the target description (docs/npu-lowering.md). Matmul, gemm and
    convolutions run on the matrix unit in bf16 (or f16, `precision`) with
    f32 accumulation and absorb a following bias add and relu; elementwise
    ops run on the vector unit in f32.

    Shapes must be static and element types f32; an op without an NPU
    lowering is an error naming it (and its ONNX node, through the
    location), and the pass fails.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"npu-v1\"",
           "Name of the NPU target description">,
    Option<"precision", "precision", "std::string", /*default=*/"\"bf16\"",
           "Type the f32 operands of matmuls and convolutions are rounded "
           "to for the matrix unit: bf16 (f32's range, 8 significant bits) "
           "or f16 (11 bits, overflows above 65504)">,
  ];
  let dependentDialects = ["::strata::npu::NPUDialect"];
}

#endif // STRATA_CONVERSION_PASSES_TD
