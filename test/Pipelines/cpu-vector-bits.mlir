// RUN: strata-opt %s -strata-cpu-pipeline="vector-bits=512" | FileCheck %s --check-prefix=AVX512
// RUN: strata-opt %s -strata-cpu-pipeline="vector-bits=256" | FileCheck %s --check-prefix=AVX2

// The pipeline tiles for the vector width it is given (by default the
// host's): a matmul's register tile is 8 rows x 32 lanes (2 x 16-lane zmm,
// 16 accumulators) with 512 bits, 4 rows x 16 lanes (2 x 8-lane ymm, 8
// accumulators of the 12 allowed with 16 registers) with 256 bits.
// AVX512-LABEL: llvm.func @main
// AVX512-COUNT-8: llvm.intr.fmuladd({{.*}}) : (vector<32xf32>, vector<32xf32>, vector<32xf32>) -> vector<32xf32>
// AVX512-NOT: llvm.intr.fmuladd
// AVX512-NOT: vector<16xf32>
// AVX2-LABEL: llvm.func @main
// AVX2-COUNT-4: llvm.intr.fmuladd({{.*}}) : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
// AVX2-NOT: llvm.intr.fmuladd
// AVX2-NOT: vector<32xf32>
func.func @main(%a: tensor<64x64xf32> {strata.name = "a"}, %b: tensor<64x64xf32> {strata.name = "b"}) -> tensor<64x64xf32> {
  %0 = graph.matmul %a, %b : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}
