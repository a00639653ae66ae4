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

// -----

// A 3x3 stride-2 convolution with pads 1: the input tile is staged padded
// (interior rows by one 3-D DMA at row 1, column 1 of an 8-wide pitch; the
// pad rows above and below refilled from the zero row), split into its
// four phase images by element DMAs on chip, converted to bf16, and
// multiplied tap by tap (9 matmuls, k = 4 channels, n = 3 rows x 4 phase
// columns), after a k = 2 matmul that adds the bias. Relu runs in the
// accumulator; the store drops the phase image's extra column.

// CHECK-LABEL: npu.program @conv
// CHECK: npu.queue  dma_in {
// CHECK: npu.dma {dst = 36 : i64, dst_plane_stride = 256 : i64, dst_space = #npu<space sram>, dst_stride = 32 : i64, planes = 4 : i64, row_bytes = 24 : i64, rows = 6 : i64, src_plane_stride = 144 : i64, src_stride = 24 : i64}
// CHECK-NEXT: npu.dma {dst_plane_stride = 256 : i64, dst_space = #npu<space sram>, dst_stride = 32 : i64, planes = 4 : i64, row_bytes = 32 : i64, src = [[ZERO:[0-9]+]] : i64}
// CHECK-NEXT: npu.dma {dst = 224 : i64, dst_plane_stride = 256 : i64, dst_space = #npu<space sram>, dst_stride = 32 : i64, planes = 4 : i64, row_bytes = 32 : i64, src = [[ZERO]] : i64}
// CHECK-COUNT-4: npu.dma {{.*}}planes = 16 : i64, row_bytes = 4 : i64, rows = 4 : i64, {{.*}}src_space = #npu<space sram>, src_stride = 8 : i64}
// CHECK: npu.queue  dma_out {
// CHECK: npu.dma {dst = 576 : i64, dst_plane_stride = 36 : i64, dst_stride = 12 : i64, planes = 8 : i64, row_bytes = 12 : i64, rows = 3 : i64, src_plane_stride = 48 : i64, src_space = #npu<space acc>, src_stride = 16 : i64}
// CHECK: npu.queue  matrix {
// CHECK: npu.matmul {{{.*}}k = 2 : i64, lda = 2 : i64, ldb = 12 : i64, ldc = 12 : i64, m = 8 : i64, n = 12 : i64}
// CHECK-NEXT: npu.wait_flag
// CHECK-COUNT-9: npu.matmul {{{.*}}accumulate = 1 : i64, {{.*}}k = 4 : i64, lda = 4 : i64, ldb = 16 : i64, ldc = 12 : i64, m = 8 : i64, n = 12 : i64}
// CHECK-NOT: npu.matmul
// CHECK: npu.queue  vector {
// CHECK: npu.vcvt {cols = 4 : i64, {{.*}}dst_type = #npu<dtype bf16>, rows = 64 : i64
// CHECK: npu.vrelu {cols = 12 : i64, dst_space = #npu<space acc>
func.func @conv(%x: tensor<1x4x6x6xf32>) -> tensor<1x8x3x3xf32> {
  %w = graph.constant dense<0.5> : tensor<8x4x3x3xf32>
  %b = graph.constant dense<0.25> : tensor<8xf32>
  %0 = graph.conv %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x6x6xf32>, tensor<8x4x3x3xf32>, tensor<8xf32>) -> tensor<1x8x3x3xf32>
  %1 = graph.relu %0 : tensor<1x8x3x3xf32>
  return %1 : tensor<1x8x3x3xf32>
}

// -----

// Max pooling pads with -inf and folds the 4 taps with vmax; global
// average pooling is vredsum and a scale by 1/16; a clip after it is
// relu(x - lo) + lo, then hi - relu(hi - y).

// CHECK-LABEL: npu.program @pools
// CHECK: npu.queue  vector {
// CHECK: npu.vmax
// CHECK-NEXT: npu.vmax
// CHECK-NEXT: npu.vmax
// CHECK-NEXT: npu.set_flag
// CHECK: npu.vredsum {cols = 16 : i64, dst = [[MEAN:[0-9]+]] : i64, dst_stride = 1 : i64, rows = 6 : i64
// CHECK-NEXT: npu.vmuls {cols = 6 : i64, dst = [[MEAN]] : i64, dst_stride = 6 : i64, imm = 6.250000e-02 : f32
// CHECK: npu.vadds {{.*}}imm = -1.000000e+00 : f32
// CHECK-NEXT: npu.vrelu
// CHECK-NEXT: npu.vadds {{.*}}imm = 1.000000e+00 : f32
// CHECK-NEXT: npu.vmuls {{.*}}imm = -1.000000e+00 : f32
// CHECK-NEXT: npu.vadds {{.*}}imm = 2.000000e+00 : f32
// CHECK-NEXT: npu.vrelu
// CHECK-NEXT: npu.vmuls {{.*}}imm = -1.000000e+00 : f32
// CHECK-NEXT: npu.vadds {{.*}}imm = 2.000000e+00 : f32
func.func @pools(%x: tensor<2x3x9x9xf32>) -> tensor<2x3x1x1xf32> {
  %0 = graph.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<2x3x9x9xf32> -> tensor<2x3x4x4xf32>
  %1 = graph.global_avg_pool %0 : tensor<2x3x4x4xf32> -> tensor<2x3x1x1xf32>
  %2 = graph.clip %1 {min = 1.0 : f64, max = 2.0 : f64} : tensor<2x3x1x1xf32>
  return %2 : tensor<2x3x1x1xf32>
}

// -----

// Softmax over the last axis: row max and row sum on the vector unit, each
// spread over its row by an on-chip DMA with source stride 0 (the vector
// unit has no per-row scalar operand). The transpose is a copy kernel: the
// input whole in SRAM, one element-strided on-chip DMA, the result stored.

// CHECK-LABEL: npu.program @rows
// CHECK: npu.queue  dma_in {
// CHECK: npu.dma {dst = 128 : i64, dst_plane_stride = 16 : i64, dst_space = #npu<space sram>, dst_stride = 4 : i64, planes = 6 : i64, row_bytes = 4 : i64, rows = 4 : i64, src_plane_stride = 4 : i64, src_space = #npu<space sram>, src_stride = 24 : i64}
// CHECK: npu.queue  dma_out {
// CHECK-COUNT-2: npu.dma {dst = [[T:[0-9]+]] : i64, dst_plane_stride = 24 : i64, dst_space = #npu<space sram>, dst_stride = 4 : i64, planes = 4 : i64, row_bytes = 4 : i64, rows = 6 : i64, src = [[V:[0-9]+]] : i64, src_plane_stride = 4 : i64, src_space = #npu<space sram>}
// CHECK: npu.queue  vector {
// CHECK: npu.vredmax {cols = 6 : i64, dst = [[V]] : i64, dst_stride = 1 : i64, rows = 4 : i64
// CHECK-NEXT: npu.vmuls {{.*}}imm = -1.000000e+00 : f32
// CHECK: npu.vadd {cols = 6 : i64, dst_stride = 6 : i64, rows = 4 : i64, src1 = [[T]] : i64
// CHECK-NEXT: npu.vexp
// CHECK-NEXT: npu.vredsum {cols = 6 : i64, dst = [[V]] : i64
// CHECK-NEXT: npu.vrecip
// CHECK: npu.vmul {cols = 6 : i64, dst_stride = 6 : i64, rows = 4 : i64, src1 = [[T]] : i64
func.func @rows(%x: tensor<4x6xf32>) -> tensor<6x4xf32> {
  %0 = graph.softmax %x : tensor<4x6xf32> -> tensor<4x6xf32>
  %1 = graph.transpose %0 {perm = array<i64: 1, 0>} : tensor<4x6xf32> -> tensor<6x4xf32>
  return %1 : tensor<6x4xf32>
}
