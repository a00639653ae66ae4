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

#endif // STRATA_CONVERSION_PASSES_TD
