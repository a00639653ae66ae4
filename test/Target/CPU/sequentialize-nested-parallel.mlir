// RUN: strata-opt %s -strata-cpu-sequentialize-nested-parallel | FileCheck %s

// Only the outermost parallel loop stays parallel.
// CHECK-LABEL: func.func @nest
// CHECK: scf.parallel (%[[I:.*]]) =
// CHECK-NOT: scf.parallel
// CHECK: scf.for %[[J:.*]] =
// CHECK: scf.for %[[K:.*]] =
// CHECK: memref.store %{{.*}}, %{{.*}}[%[[I]], %[[J]], %[[K]]]
func.func @nest(%m: memref<4x8x16xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    scf.parallel (%j, %k) = (%c0, %c0) to (%c8, %c16) step (%c1, %c1) {
      memref.store %v, %m[%i, %j, %k] : memref<4x8x16xf32>
    }
  }
  return
}
