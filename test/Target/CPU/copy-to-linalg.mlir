// RUN: strata-opt %s -strata-cpu-copy-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @copies
// A contiguous copy stays memref.copy (an llvm.memcpy) ...
// CHECK: memref.copy %arg0, %arg1
// ... a strided one becomes linalg.copy, lowered to loops later.
// CHECK: linalg.copy ins(%{{.*}} : memref<4x4xf32, strided<[8, 1]>>) outs(%arg1
func.func @copies(%a: memref<4x4xf32>, %b: memref<4x4xf32>, %s: memref<4x4xf32, strided<[8, 1]>>) {
  memref.copy %a, %b : memref<4x4xf32> to memref<4x4xf32>
  memref.copy %s, %b : memref<4x4xf32, strided<[8, 1]>> to memref<4x4xf32>
  return
}
