// RUN: strata-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(strata-cuda-map-to-gpu,canonicalize,cse))' | FileCheck %s

// An f32 matmul becomes the shared-memory tiled kernel: a 64x64 tile per
// block of 16x16 threads (grid 16 x 17 for N = 1000, M = 1030: more blocks
// than sm_80's 108 SMs), A and B tiles in workgroup memory, a barrier
// after staging and one before the next step.
// CHECK-LABEL: func.func @matmul
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[C17:.*]] = arith.constant 17 : index
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %[[C16]], {{.*}} = %[[C17]], {{.*}}) threads({{.*}}) in ({{.*}} = %[[C16]], {{.*}} = %[[C16]],
// CHECK-SAME: workgroup({{.*}} : memref<64x16xf32, #gpu.address_space<workgroup>>, {{.*}} : memref<16x64xf32, #gpu.address_space<workgroup>>)
// CHECK: scf.for
// CHECK-COUNT-4: memref.store {{.*}} : memref<64x16xf32, #gpu.address_space<workgroup>>
// CHECK-COUNT-4: memref.store {{.*}} : memref<16x64xf32, #gpu.address_space<workgroup>>
// CHECK: gpu.barrier
// CHECK: scf.for
// CHECK-COUNT-16: arith.mulf
// CHECK: gpu.barrier
// CHECK-COUNT-16: scf.if
// CHECK-NOT: linalg.matmul
func.func @matmul(%a: memref<1030x70xf32>, %b: memref<70x1000xf32>, %c: memref<1030x1000xf32>) {
  linalg.matmul ins(%a, %b : memref<1030x70xf32>, memref<70x1000xf32>) outs(%c : memref<1030x1000xf32>)
  return
}

// -----

// A small matmul (M = 130, N = 100) would give 3 x 2 = 6 blocks of 64x64,
// fewer than the GPU's 108 SMs: 32x32 tiles instead (grid 4 x 5), each
// thread a 2x2 register tile.
// CHECK-LABEL: func.func @small_matmul
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C5:.*]] = arith.constant 5 : index
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %[[C4]], {{.*}} = %[[C5]], {{.*}}) threads({{.*}}) in ({{.*}} = %[[C16]], {{.*}} = %[[C16]],
// CHECK-SAME: workgroup({{.*}} : memref<32x16xf32, #gpu.address_space<workgroup>>, {{.*}} : memref<16x32xf32, #gpu.address_space<workgroup>>)
// CHECK-COUNT-2: memref.store {{.*}} : memref<32x16xf32, #gpu.address_space<workgroup>>
// CHECK-COUNT-2: memref.store {{.*}} : memref<16x32xf32, #gpu.address_space<workgroup>>
// CHECK: gpu.barrier
// CHECK-COUNT-4: arith.mulf
// CHECK-NOT: arith.mulf
// CHECK: gpu.barrier
// CHECK-COUNT-4: scf.if
func.func @small_matmul(%a: memref<130x70xf32>, %b: memref<70x100xf32>, %c: memref<130x100xf32>) {
  linalg.matmul ins(%a, %b : memref<130x70xf32>, memref<70x100xf32>) outs(%c : memref<130x100xf32>)
  return
}

// -----

// Batch matmul with B transposed (the encoder's Q K^T): the batch is grid z
// and B is read through its map.
// CHECK-LABEL: func.func @batch_matmul_transposed
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}}, {{.*}}, {{.*}} = %[[C8]])
// CHECK: memref.load %arg1[%{{.*}}, %{{.*}}, %{{.*}}] : memref<8x16x32xf32>
#a = affine_map<(b, m, n, k) -> (b, m, k)>
#bt = affine_map<(b, m, n, k) -> (b, n, k)>
#c = affine_map<(b, m, n, k) -> (b, m, n)>
func.func @batch_matmul_transposed(%a: memref<8x16x32xf32>, %b: memref<8x16x32xf32>, %c: memref<8x16x16xf32>) {
  linalg.generic {indexing_maps = [#a, #bt, #c], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<8x16x32xf32>, memref<8x16x32xf32>) outs(%c : memref<8x16x16xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Elementwise: one thread per element, 256 per block, 4 blocks for 1000
// elements, guarded by the element count; the index is delinearised
// row-major (the last dim varies fastest across threads).
// CHECK-LABEL: func.func @relu
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG: %[[C1000:.*]] = arith.constant 1000 : index
// CHECK: gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in ({{.*}} = %[[C4]], {{.*}}) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in ({{.*}} = %[[C256]],
// CHECK: %[[BASE:.*]] = arith.muli %[[BX]], %[[C256]]
// CHECK: %[[LIN:.*]] = arith.addi %[[BASE]], %[[TX]]
// CHECK: %[[IN:.*]] = arith.cmpi ult, %[[LIN]], %[[C1000]]
// CHECK: scf.if %[[IN]]
// CHECK: arith.remui %[[LIN]], %{{.*}}
// CHECK: arith.maximumf
// CHECK: memref.store
// CHECK: gpu.terminator
func.func @relu(%x: memref<10x100xf32>, %y: memref<10x100xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<10x100xf32>) outs(%y : memref<10x100xf32>) {
  ^bb0(%a: f32, %b: f32):
    %r = arith.maximumf %a, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A short row reduction (softmax's max over 32 elements, under the block
// reduction's 64): one thread per row, the reduction loop in registers
// (iter_args), one store. Longer ones: map-to-gpu-reduction.mlir.
// CHECK-LABEL: func.func @row_max
// CHECK: gpu.launch
// CHECK: %[[INIT:.*]] = memref.load %arg1
// CHECK: %[[R:.*]] = scf.for {{.*}} iter_args(%[[ACC:.*]] = %[[INIT]]) -> (f32)
// CHECK: arith.maxnumf
// CHECK: memref.store %[[R]], %arg1
func.func @row_max(%x: memref<4x32xf32>, %m: memref<4xf32>) {
  linalg.reduce ins(%x : memref<4x32xf32>) outs(%m : memref<4xf32>) dimensions = [1]
    (%a: f32, %b: f32) {
      %r = arith.maxnumf %a, %b : f32
      linalg.yield %r : f32
    }
  return
}

// -----

// A convolution is an implicit GEMM on the tiled kernel: M = images x
// output pixels (1 x 6 x 6 = 36: one 64-row tile), N = output channels (4),
// K = input channels x window (3 x 3 x 3 = 27: two 16-deep steps). The
// input is read through the conv's map (oh + kh), with no im2col buffer.
// CHECK-LABEL: func.func @conv
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK: gpu.launch {{.*}} workgroup(
// CHECK: scf.for %{{.*}} = %c0 to %[[C2]]
// CHECK: affine.apply
// CHECK: gpu.barrier
// CHECK-NOT: linalg.conv
func.func @conv(%x: memref<1x3x8x8xf32>, %w: memref<4x3x3x3xf32>, %y: memref<1x4x6x6xf32>) {
  linalg.conv_2d_nchw_fchw ins(%x, %w : memref<1x3x8x8xf32>, memref<4x3x3x3xf32>) outs(%y : memref<1x4x6x6xf32>)
  return
}

// -----

// A depthwise convolution has no N dim (the channel indexes all three
// operands): one thread per output, the window loops in registers.
// CHECK-LABEL: func.func @depthwise
// CHECK: gpu.launch
// CHECK-NOT: workgroup
// CHECK: scf.for
// CHECK: scf.for
// CHECK: affine.apply
// CHECK-NOT: gpu.barrier
// CHECK-NOT: linalg.depthwise
func.func @depthwise(%x: memref<1x4x8x8xf32>, %w: memref<4x3x3xf32>, %y: memref<1x4x6x6xf32>) {
  linalg.depthwise_conv_2d_nchw_chw ins(%x, %w : memref<1x4x8x8xf32>, memref<4x3x3xf32>) outs(%y : memref<1x4x6x6xf32>)
  return
}
