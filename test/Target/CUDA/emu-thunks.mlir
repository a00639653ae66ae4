// RUN: strata-opt %s -strata-cuda-emu-thunks | FileCheck %s

// The launch declaration call becomes strata_emu_launch(thunk, params, grid,
// block, flags): each kernel argument in a stack slot of the entry block,
// its address in params[i] (cuLaunchKernel's kernelParams convention). The
// thunk loads them back and calls the kernel with the thread context.
// CHECK-LABEL: llvm.func @main(%arg0: !llvm.ptr, %arg1: i64, %arg2: f32)
// CHECK: %[[PARAMS:.*]] = llvm.alloca %{{.*}} x !llvm.ptr
// CHECK: %[[S0:.*]] = llvm.alloca %{{.*}} x !llvm.ptr
// CHECK: %[[S1:.*]] = llvm.alloca %{{.*}} x i64
// CHECK: %[[S2:.*]] = llvm.alloca %{{.*}} x f32
// CHECK: llvm.store %arg0, %[[S0]]
// CHECK: %[[P0:.*]] = llvm.getelementptr %[[PARAMS]][0]
// CHECK: llvm.store %[[S0]], %[[P0]]
// CHECK: llvm.store %arg2, %[[S2]]
// CHECK: %[[THUNK:.*]] = llvm.mlir.addressof @__strata_emu_thunk_k
// CHECK: %[[FLAGS:.*]] = llvm.mlir.constant(0 : i32)
// CHECK: llvm.call @strata_emu_launch(%[[THUNK]], %[[PARAMS]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[FLAGS]])
// CHECK-NOT: __strata_emu_launch_k
// CHECK-LABEL: llvm.func @__strata_emu_thunk_k(%arg0: !llvm.ptr, %arg1: !llvm.ptr)
// CHECK: %[[SLOT0:.*]] = llvm.load %{{.*}} : !llvm.ptr -> !llvm.ptr
// CHECK-NEXT: %[[A:.*]] = llvm.load %[[SLOT0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[B:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i64
// CHECK: %[[C:.*]] = llvm.load %{{.*}} : !llvm.ptr -> f32
// CHECK: llvm.call @__strata_emu_k(%arg0, %[[A]], %[[B]], %[[C]])
module {
  llvm.func @__strata_emu_k(%ctx: !llvm.ptr, %p: !llvm.ptr, %n: i64, %s: f32) {
    llvm.return
  }
  llvm.func @__strata_emu_launch_k(i64, i64, i64, i64, i64, i64, !llvm.ptr, i64, f32) attributes {strata.emu_barriers = false, strata.emu_kernel = @__strata_emu_k}
  llvm.func @main(%p: !llvm.ptr, %n: i64, %s: f32) {
    %c1 = llvm.mlir.constant(1 : i64) : i64
    %c4 = llvm.mlir.constant(4 : i64) : i64
    llvm.call @__strata_emu_launch_k(%c4, %c1, %c1, %c1, %c1, %c1, %p, %n, %s) : (i64, i64, i64, i64, i64, i64, !llvm.ptr, i64, f32) -> ()
    llvm.return
  }
}
