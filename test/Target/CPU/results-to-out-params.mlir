// RUN: strata-opt %s -split-input-file -strata-cpu-results-to-out-params | FileCheck %s

// Static results become out-params (the allocation is hoisted into the
// caller's buffer).
// CHECK-LABEL: func.func @main(
// CHECK-SAME: %{{.*}}: memref<4xf32>, %{{.*}}: memref<4xf32>) {
// CHECK-NOT: memref.alloc
// CHECK: return
func.func @main(%x: memref<4xf32>) -> memref<4xf32> {
  %a = memref.alloc() : memref<4xf32>
  memref.copy %x, %a : memref<4xf32> to memref<4xf32>
  return %a : memref<4xf32>
}

// -----

// A function with a dynamically shaped result keeps all of its results (the
// compiled code allocates them; ABI version 2), the static one included.
// CHECK-LABEL: func.func @main(
// CHECK-SAME: %{{.*}}: memref<?xf32>) -> (memref<?xf32>, memref<2xf32>) {
// CHECK: return %{{.*}}, %{{.*}} : memref<?xf32>, memref<2xf32>
func.func @main(%x: memref<?xf32>) -> (memref<?xf32>, memref<2xf32>) {
  %c0 = arith.constant 0 : index
  %d = memref.dim %x, %c0 : memref<?xf32>
  %a = memref.alloc(%d) : memref<?xf32>
  %b = memref.alloc() : memref<2xf32>
  return %a, %b : memref<?xf32>, memref<2xf32>
}
