// RUN: strata-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(strata-cuda-map-to-gpu,canonicalize,cse))' | FileCheck %s

// A ReLU in place on the matmul's output (the MLP after bufferisation)
// runs in the GEMM kernel's epilogue: one launch, max(C + acc, 0) stored
// once per element, no second kernel.
// CHECK-LABEL: func.func @relu_in_place
// CHECK-COUNT-1: gpu.launch
// CHECK-NOT: gpu.launch
// CHECK: scf.for
// CHECK: scf.if
// CHECK: %[[OLD:.*]] = memref.load %arg2
// CHECK: %[[SUM:.*]] = arith.addf %[[OLD]], %{{.*}} : f32
// CHECK: %[[RELU:.*]] = arith.maximumf %[[SUM]], %{{.*}} : f32
// CHECK-NEXT: memref.store %[[RELU]], %arg2
// CHECK-NOT: linalg.generic
func.func @relu_in_place(%a: memref<8x32xf32>, %b: memref<32x16xf32>, %c: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.matmul ins(%a, %b : memref<8x32xf32>, memref<32x16xf32>) outs(%c : memref<8x16xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<8x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A residual add with a broadcast bias into another buffer: the epilogue
// loads the residual and the bias at the element's indices. C is a
// temporary nothing reads afterwards, so only the result is stored. (The
// other launch is the fill.)
// CHECK-LABEL: func.func @residual_to_other_buffer
// CHECK-COUNT-2: gpu.launch
// CHECK-NOT: gpu.launch
// CHECK: %[[SUM:.*]] = arith.addf %{{.*}}, %{{.*}}#0 : f32
// CHECK-NOT: memref.store %[[SUM]]
// CHECK: %[[RES:.*]] = memref.load %arg2[
// CHECK: %[[BIAS:.*]] = memref.load %arg3[
// CHECK: %[[T:.*]] = arith.addf %[[SUM]], %[[RES]] : f32
// CHECK: %[[U:.*]] = arith.addf %[[T]], %[[BIAS]] : f32
// CHECK: memref.store %[[U]], %arg4[
func.func @residual_to_other_buffer(%a: memref<8x32xf32>, %b: memref<32x16xf32>, %res: memref<8x16xf32>, %bias: memref<16xf32>, %out: memref<8x16xf32>) {
  %c = memref.alloc() : memref<8x16xf32>
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<8x16xf32>)
  linalg.matmul ins(%a, %b : memref<8x32xf32>, memref<32x16xf32>) outs(%c : memref<8x16xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%c, %res, %bias : memref<8x16xf32>, memref<8x16xf32>, memref<16xf32>) outs(%out : memref<8x16xf32>) {
  ^bb0(%x: f32, %r: f32, %y: f32, %o: f32):
    %t = arith.addf %x, %r : f32
    %u = arith.addf %t, %y : f32
    linalg.yield %u : f32
  }
  memref.dealloc %c : memref<8x16xf32>
  return
}

// -----

// C is read again after the epilogue (it is a function argument, an
// output), so the kernel stores both C and the epilogue's result.
// CHECK-LABEL: func.func @c_still_needed
// CHECK-COUNT-1: gpu.launch
// CHECK: %[[SUM:.*]] = arith.addf %{{.*}}, %{{.*}}#0 : f32
// CHECK-NEXT: memref.store %[[SUM]], %arg2
// CHECK: %[[NEG:.*]] = arith.negf %[[SUM]] : f32
// CHECK-NEXT: memref.store %[[NEG]], %arg3
func.func @c_still_needed(%a: memref<8x32xf32>, %b: memref<32x16xf32>, %c: memref<8x16xf32>, %out: memref<8x16xf32>) {
  linalg.matmul ins(%a, %b : memref<8x32xf32>, memref<32x16xf32>) outs(%c : memref<8x16xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<8x16xf32>) outs(%out : memref<8x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  }
  return
}

// -----

// Not fused: C is read transposed (a different element per thread), and
// an op that writes memory separates the next candidate from its matmul.
// CHECK-LABEL: func.func @not_fused
// CHECK-COUNT-4: gpu.launch
func.func @not_fused(%a: memref<16x32xf32>, %b: memref<32x16xf32>, %c: memref<16x16xf32>, %out: memref<16x16xf32>, %d: memref<16x16xf32>) {
  linalg.matmul ins(%a, %b : memref<16x32xf32>, memref<32x16xf32>) outs(%c : memref<16x16xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (j, i)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<16x16xf32>) outs(%out : memref<16x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  linalg.matmul ins(%a, %b : memref<16x32xf32>, memref<32x16xf32>) outs(%d : memref<16x16xf32>)
  linalg.copy ins(%c : memref<16x16xf32>) outs(%out : memref<16x16xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%d : memref<16x16xf32>) outs(%d : memref<16x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  }
  return
}

// -----

// Not fused: the epilogue writes into the buffer of the matmul's A (dead
// after it, so bufferisation may reuse it); in one kernel, blocks that
// finish early would overwrite A while others still read it.
// CHECK-LABEL: func.func @writes_an_operand
// CHECK-COUNT-2: gpu.launch
func.func @writes_an_operand(%a: memref<16x16xf32>, %b: memref<16x16xf32>, %c: memref<16x16xf32>) {
  linalg.matmul ins(%a, %b : memref<16x16xf32>, memref<16x16xf32>) outs(%c : memref<16x16xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<16x16xf32>) outs(%a : memref<16x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  }
  return
}
