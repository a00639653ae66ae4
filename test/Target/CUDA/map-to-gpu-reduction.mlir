// RUN: strata-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(strata-cuda-map-to-gpu,canonicalize,cse))' | FileCheck %s

// A row sum over 1000 elements: one block per row (grid 6) of 256 threads.
// Each thread folds elements t, t + 256, ... from -0.0 (addf's identity),
// stores its partial in shared memory, and the block halves the partials
// 8 times (128, 64, ..., 1), a barrier after each; thread 0 adds the
// total to the output's initial value.
// CHECK-LABEL: func.func @row_sum
// CHECK-DAG: %[[C6:.*]] = arith.constant 6 : index
// CHECK-DAG: %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG: %[[NEGZERO:.*]] = arith.constant -0.000000e+00 : f32
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %[[C6]], {{.*}}) threads(%[[T:.*]], %{{.*}}, %{{.*}}) in ({{.*}} = %[[C256]],
// CHECK-SAME: workgroup(%[[P:.*]] : memref<256xf32, #gpu.address_space<workgroup>>)
// CHECK: %[[PART:.*]] = scf.for %{{.*}} = %[[T]] to %{{.*}} step %[[C256]] iter_args(%{{.*}} = %[[NEGZERO]]) -> (f32)
// CHECK: memref.store %[[PART]], %[[P]][%[[T]]]
// CHECK-NEXT: gpu.barrier
// CHECK-COUNT-8: gpu.barrier
// CHECK: memref.load %arg1
// CHECK: arith.addf
// CHECK: memref.store {{.*}}, %arg1
func.func @row_sum(%x: memref<6x1000xf32>, %y: memref<6xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<6x1000xf32>) outs(%y : memref<6xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %acc, %a : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Two outputs folded together (a max and a sum of squares) over 100
// elements: 64 threads (the largest power of two <= 100), two partial
// buffers, -inf for the max, 6 halving steps.
// CHECK-LABEL: func.func @max_and_sum_of_squares
// CHECK-DAG: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK: gpu.launch {{.*}} threads({{.*}}) in ({{.*}} = %[[C64]],
// CHECK-SAME: workgroup({{.*}} : memref<64xf32, #gpu.address_space<workgroup>>, {{.*}} : memref<64xf32, #gpu.address_space<workgroup>>)
// CHECK: scf.for {{.*}} iter_args({{.*}} = %[[NEGINF]], {{.*}}) -> (f32, f32)
// CHECK: arith.maximumf
// CHECK: arith.mulf
// CHECK-COUNT-7: gpu.barrier
// CHECK-NOT: gpu.barrier
// CHECK: gpu.terminator
func.func @max_and_sum_of_squares(%x: memref<3x100xf32>, %m: memref<3xf32>, %s: memref<3xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<3x100xf32>) outs(%m, %s : memref<3xf32>, memref<3xf32>) {
  ^bb0(%a: f32, %mx: f32, %acc: f32):
    %n = arith.maximumf %mx, %a : f32
    %sq = arith.mulf %a, %a : f32
    %t = arith.addf %acc, %sq : f32
    linalg.yield %n, %t : f32, f32
  }
  return
}

// -----

// Short reductions (a 3x3 window: 9 elements) stay one thread per output,
// and so does a payload that is not `combiner(out, expr)`.
// CHECK-LABEL: func.func @short_and_unknown
// CHECK-NOT: workgroup
// CHECK-NOT: gpu.barrier
// CHECK: return
func.func @short_and_unknown(%x: memref<4x9xf32>, %y: memref<4xf32>, %z: memref<4x100xf32>, %w: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<4x9xf32>) outs(%y : memref<4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %acc, %a : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]}
      ins(%z : memref<4x100xf32>) outs(%w : memref<4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.subf %acc, %a : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Not a block reduction: the second output folds a value computed from the
// first output's fold, so per-thread partials would not be independent.
// CHECK-LABEL: func.func @dependent_outputs
// CHECK-NOT: gpu.barrier
// CHECK: return
func.func @dependent_outputs(%x: memref<4x100xf32>, %m: memref<4xf32>, %s: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<4x100xf32>) outs(%m, %s : memref<4xf32>, memref<4xf32>) {
  ^bb0(%a: f32, %mx: f32, %acc: f32):
    %n = arith.maximumf %mx, %a : f32
    %t = arith.addf %acc, %n : f32
    linalg.yield %n, %t : f32, f32
  }
  return
}
