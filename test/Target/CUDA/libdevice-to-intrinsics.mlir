// RUN: strata-opt %s -pass-pipeline='builtin.module(gpu.module(strata-cuda-libdevice-to-intrinsics))' | FileCheck %s

// Calls of libdevice's correctly rounded functions become LLVM intrinsics
// (one PTX instruction each) and their declarations go; a function with
// no intrinsic (__nv_expf) stays, for strata-compile to report.
// CHECK-LABEL: gpu.module @kernels
// CHECK-NOT: llvm.func @__nv_sqrtf
// CHECK-NOT: llvm.func @__nv_floorf
// CHECK: llvm.func @__nv_expf(f32) -> f32
// CHECK-LABEL: llvm.func @k
// CHECK: %[[S:.*]] = llvm.intr.sqrt(%arg0) : (f32) -> f32
// CHECK: %[[F:.*]] = llvm.intr.floor(%[[S]]) : (f32) -> f32
// CHECK: %[[M:.*]] = llvm.intr.fma(%[[F]], %[[F]], %arg0) : (f32, f32, f32) -> f32
// CHECK: llvm.call @__nv_expf(%[[M]])
gpu.module @kernels {
  llvm.func @__nv_sqrtf(f32) -> f32
  llvm.func @__nv_floorf(f32) -> f32
  llvm.func @__nv_fmaf(f32, f32, f32) -> f32
  llvm.func @__nv_expf(f32) -> f32
  llvm.func @k(%x: f32) -> f32 {
    %s = llvm.call @__nv_sqrtf(%x) : (f32) -> f32
    %f = llvm.call @__nv_floorf(%s) : (f32) -> f32
    %m = llvm.call @__nv_fmaf(%f, %f, %x) : (f32, f32, f32) -> f32
    %e = llvm.call @__nv_expf(%m) : (f32) -> f32
    llvm.return %e : f32
  }
}
