// RUN: strata-opt %s --convert-graph-to-npu -split-input-file | FileCheck %s

// A matmul absorbs the following bias add and relu: A is converted to bf16
// on the vector unit, the matrix unit accumulates in f32, and the epilogue
// (bias, relu) runs in the accumulator before the store. The weights are
// bf16 constants, the bias f32, both in the constant blob after the
// activations.

// CHECK-LABEL: npu.program @dense attributes {dram_bytes = 3072 : i64, target = #npu.target<"npu-v1">}
// CHECK: npu.input "x" {addr = 0 : i64, dtype = #npu<dtype f32>, shape = array<i64: 4, 40>}
// CHECK: npu.output "y" {addr = 640 : i64, dtype = #npu<dtype f32>, shape = array<i64: 4, 24>}
// CHECK: npu.constants {addr = 1024 : i64, data = dense_resource<dense_constants> : tensor<2016xi8>}
// CHECK: npu.queue  dma_in {
// Bias replicated over the 4 rows of the tile (source stride 0).
// CHECK-NEXT: npu.dma {dst = [[BIAS:[0-9]+]] : i64, dst_space = #npu<space sram>, dst_stride = 96 : i64, row_bytes = 96 : i64, rows = 4 : i64, src = 2944 : i64}
// CHECK-NEXT: npu.set_flag {flag = 12 : i64}
// CHECK-NEXT: npu.wait_flag {flag = 4 : i64}
// The f32 A tile (4 x 40) and the bf16 B tile (40 x 24).
// CHECK-NEXT: npu.dma {dst_space = #npu<space sram>, dst_stride = 160 : i64, row_bytes = 160 : i64, rows = 4 : i64, src_stride = 160 : i64}
// CHECK-NEXT: npu.dma {dst = [[B:[0-9]+]] : i64, dst_space = #npu<space sram>, dst_stride = 48 : i64, row_bytes = 48 : i64, rows = 40 : i64, src = 1024 : i64, src_stride = 48 : i64}
// CHECK-NEXT: npu.set_flag
// CHECK: npu.queue  dma_out {
// CHECK: npu.dma {dst = 640 : i64, dst_stride = 96 : i64, row_bytes = 96 : i64, rows = 4 : i64, src_space = #npu<space acc>, src_stride = 96 : i64}
// CHECK: npu.queue  matrix {
// CHECK: npu.matmul {a = [[A16:[0-9]+]] : i64, b = [[B]] : i64, k = 40 : i64, lda = 40 : i64, ldb = 24 : i64, ldc = 24 : i64, m = 4 : i64, n = 24 : i64}
// CHECK: npu.queue  vector {
// CHECK: npu.vcvt {cols = 40 : i64, dst = [[A16]] : i64, dst_stride = 40 : i64, dst_type = #npu<dtype bf16>, rows = 4 : i64, src_stride = 40 : i64}
// CHECK: npu.vadd {cols = 24 : i64, dst_space = #npu<space acc>, dst_stride = 24 : i64, rows = 4 : i64, src1 = [[BIAS]] : i64, src1_stride = 24 : i64, src_space = #npu<space acc>, src_stride = 24 : i64}
// CHECK-NEXT: npu.vrelu {cols = 24 : i64, dst_space = #npu<space acc>
// CHECK-NOT: npu.
// CHECK: }
func.func @dense(%x: tensor<4x40xf32> {strata.name = "x"}) -> (tensor<4x24xf32> {strata.name = "y"}) {
  %w = graph.constant dense<0.5> : tensor<40x24xf32>
  %b = graph.constant dense<0.25> : tensor<24xf32>
  %0 = graph.matmul %x, %w : (tensor<4x40xf32>, tensor<40x24xf32>) -> tensor<4x24xf32>
  %1 = graph.add %0, %b : (tensor<4x24xf32>, tensor<24xf32>) -> tensor<4x24xf32>
  %2 = graph.relu %1 : tensor<4x24xf32>
  return %2 : tensor<4x24xf32>
}

// -----

// Tiles: the cost model keeps M = 300 and N = 40 whole and walks K = 2000
// in steps of 256 with an edge step of 208; the accumulate flag is set
// after the first step and the two SRAM buffers alternate.

// CHECK-LABEL: npu.program @tiled
// CHECK: npu.queue  matrix {
// CHECK: npu.matmul {a = [[A0:[0-9]+]] : i64, b = [[B0:[0-9]+]] : i64, k = 256 : i64, lda = 256 : i64, ldb = 40 : i64, ldc = 40 : i64, m = 300 : i64, n = 40 : i64}
// CHECK: npu.matmul {a = [[A1:[0-9]+]] : i64, accumulate = 1 : i64, b = [[B1:[0-9]+]] : i64, k = 256 : i64
// CHECK: npu.matmul {a = [[A0]] : i64, accumulate = 1 : i64, b = [[B0]] : i64, k = 256 : i64
// CHECK-COUNT-4: npu.matmul {{.*}}k = 256 : i64
// CHECK-NEXT: npu.set_flag
// CHECK-NEXT: npu.wait_flag
// CHECK-NEXT: npu.matmul {a = [[A1]] : i64, accumulate = 1 : i64, b = [[B1]] : i64, k = 208 : i64
// CHECK-NOT: npu.matmul
func.func @tiled(%x: tensor<300x2000xf32>) -> tensor<300x40xf32> {
  %w = graph.constant dense<0.5> : tensor<2000x40xf32>
  %0 = graph.matmul %x, %w : (tensor<300x2000xf32>, tensor<2000x40xf32>) -> tensor<300x40xf32>
  return %0 : tensor<300x40xf32>
}

// -----

// Elementwise ops run on the vector unit in chunks; sigmoid is composed of
// vmuls, vexp, vadds and vrecip. Reshapes are free.

// CHECK-LABEL: npu.program @eltwise
// CHECK: npu.queue  vector {
// CHECK: npu.vadd {cols = 12 : i64, dst_stride = 4096 : i64, src1 = 131072 : i64, src1_stride = 4096 : i64, src_stride = 4096 : i64}
// CHECK: npu.vmuls {cols = 12 : i64, dst_stride = 4096 : i64, imm = -1.000000e+00 : f32, src_stride = 4096 : i64}
// CHECK-NEXT: npu.vexp
// CHECK-NEXT: npu.vadds {cols = 12 : i64, dst_stride = 4096 : i64, imm = 1.000000e+00 : f32, src_stride = 4096 : i64}
// CHECK-NEXT: npu.vrecip
func.func @eltwise(%a: tensor<3x4xf32>, %b: tensor<3x4xf32>) -> tensor<12xf32> {
  %0 = graph.add %a, %b : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %1 = graph.sigmoid %0 : tensor<3x4xf32>
  %2 = graph.reshape %1 {shape = array<i64: 12>} : tensor<3x4xf32> -> tensor<12xf32>
  return %2 : tensor<12xf32>
}
