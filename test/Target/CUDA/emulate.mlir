// RUN: strata-opt %s -strata-cuda-emulate | FileCheck %s

// A kernel becomes a host function of the thread context: the indices are
// loads of its fields (tid at 0, bid at 3, bdim at 6, gdim at 9), the
// barrier a call of the emulator, the workgroup buffer a private global.
// The launch becomes a call of the launch declaration (grid, block, arguments),
// marked with the kernel it runs and whether it has barriers.
// CHECK-NOT: gpu.module
// CHECK-LABEL: func.func @main
// CHECK: call @__strata_emu_launch_kernels_scale(%c1, %c1, %c1, %c64, %c1, %c1, %arg0, %{{.*}}) : (index, index, index, index, index, index, memref<64xf32>, f32) -> ()
// CHECK: func.func private @strata_emu_barrier(!llvm.ptr)
// CHECK: memref.global "private" @__strata_emu_kernels_scale_shared_0 : memref<64xf32>
// CHECK-LABEL: func.func @__strata_emu_kernels_scale(%arg0: !llvm.ptr, %arg1: memref<64xf32>, %arg2: f32)
// CHECK: %[[SHARED:.*]] = memref.get_global @__strata_emu_kernels_scale_shared_0 : memref<64xf32>
// CHECK: %[[TSLOT:.*]] = llvm.getelementptr %arg0[0]
// CHECK: %[[T64:.*]] = llvm.load %[[TSLOT]] : !llvm.ptr -> i64
// CHECK: %[[T:.*]] = arith.index_cast %[[T64]] : i64 to index
// CHECK: llvm.getelementptr %arg0[3]
// CHECK: llvm.getelementptr %arg0[6]
// CHECK: llvm.getelementptr %arg0[9]
// CHECK: memref.store %{{.*}}, %[[SHARED]][%[[T]]] : memref<64xf32>
// CHECK: call @strata_emu_barrier(%arg0)
// CHECK: return
// CHECK: func.func private @__strata_emu_launch_kernels_scale(index, index, index, index, index, index, memref<64xf32>, f32) attributes {strata.emu_barriers = true, strata.emu_kernel = @__strata_emu_kernels_scale}
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @scale(%x: memref<64xf32>, %s: f32) workgroup(%tile: memref<64xf32, #gpu.address_space<workgroup>>) kernel {
      %t = gpu.thread_id x
      %b = gpu.block_id x
      %n = gpu.block_dim x
      %g = gpu.grid_dim x
      %v = memref.load %x[%t] : memref<64xf32>
      memref.store %v, %tile[%t] : memref<64xf32, #gpu.address_space<workgroup>>
      gpu.barrier
      %w = memref.load %tile[%t] : memref<64xf32, #gpu.address_space<workgroup>>
      %r = arith.mulf %w, %s : f32
      memref.store %r, %x[%t] : memref<64xf32>
      gpu.return
    }
  }
  func.func @main(%x: memref<64xf32>) {
    %c1 = arith.constant 1 : index
    %c64 = arith.constant 64 : index
    %s = arith.constant 2.0 : f32
    gpu.launch_func @kernels::@scale blocks in (%c1, %c1, %c1) threads in (%c64, %c1, %c1) args(%x : memref<64xf32>, %s : f32)
    return
  }
}
