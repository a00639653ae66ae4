// RUN: strata-opt %s -pass-pipeline='builtin.module(func.func(strata-cuda-expand-math))' | FileCheck %s

// Inside kernels, exp, tanh and erf become polynomial arithmetic and rsqrt
// becomes 1 / sqrt; the same ops outside a kernel are left alone.
// CHECK-LABEL: func.func @kernel_math
// CHECK: gpu.launch
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK-NOT: math.erf
// CHECK-NOT: math.rsqrt
// CHECK: math.sqrt
// CHECK: arith.divf
// CHECK: gpu.terminator
// CHECK: math.exp
func.func @kernel_math(%x: memref<4xf32>, %h: f32) -> f32 {
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c4, %sy = %c1, %sz = %c1) {
    %v = memref.load %x[%tx] : memref<4xf32>
    %e = math.exp %v : f32
    %t = math.tanh %e : f32
    %r = math.erf %t : f32
    %q = math.rsqrt %r : f32
    memref.store %q, %x[%tx] : memref<4xf32>
    gpu.terminator
  }
  %host = math.exp %h : f32
  return %host : f32
}
