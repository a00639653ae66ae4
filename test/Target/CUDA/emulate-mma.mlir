// RUN: strata-opt %s -split-input-file -verify-diagnostics -strata-cuda-emulate | FileCheck %s

// nvgpu.mma.sync in an emulated kernel: the lane's A (8), B (4) and C (4)
// fragment elements, widened to f32, go to one 20-float buffer allocated
// at the kernel's entry (not in the loop), the emulator is called with
// its address, and D is read back from elements 16-19. The kernel runs
// as fibers (strata.emu_barriers), like one with barriers.
// CHECK-LABEL: func.func @__strata_emu_kernels_mma(%arg0: !llvm.ptr
// CHECK-NEXT: %[[BUF:.*]] = memref.alloca() : memref<20xf32>
// CHECK: scf.for
// CHECK-COUNT-12: arith.extf {{.*}} : f16 to f32
// CHECK: %[[ADDR:.*]] = memref.extract_aligned_pointer_as_index %[[BUF]]
// CHECK: %[[I64:.*]] = arith.index_cast %[[ADDR]] : index to i64
// CHECK: %[[PTR:.*]] = llvm.inttoptr %[[I64]] : i64 to !llvm.ptr
// CHECK: call @strata_emu_mma_m16n8k16(%arg0, %[[PTR]]) : (!llvm.ptr, !llvm.ptr) -> ()
// CHECK-COUNT-4: memref.load %[[BUF]]
// CHECK-NOT: nvgpu.mma.sync
// CHECK: strata.emu_barriers = true
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @mma(%a: vector<4x2xf16>, %b: vector<2x2xf16>, %out: memref<1xvector<2x2xf32>>) kernel {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c4 = arith.constant 4 : index
      %zero = arith.constant dense<0.0> : vector<2x2xf32>
      %d = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %zero) -> (vector<2x2xf32>) {
        %n = nvgpu.mma.sync (%a, %b, %acc) {mmaShape = [16, 8, 16]} : (vector<4x2xf16>, vector<2x2xf16>, vector<2x2xf32>) -> vector<2x2xf32>
        scf.yield %n : vector<2x2xf32>
      }
      memref.store %d, %out[%c0] : memref<1xvector<2x2xf32>>
      gpu.return
    }
  }
  func.func @main(%a: vector<4x2xf16>, %b: vector<2x2xf16>, %out: memref<1xvector<2x2xf32>>) {
    %c1 = arith.constant 1 : index
    %c32 = arith.constant 32 : index
    gpu.launch_func @kernels::@mma blocks in (%c1, %c1, %c1) threads in (%c32, %c1, %c1) args(%a : vector<4x2xf16>, %b : vector<2x2xf16>, %out : memref<1xvector<2x2xf32>>)
    return
  }
}

// -----

// TF32 (m16n8k8 on f32) is not emulated: an error naming the op.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @tf32(%a: vector<4x1xf32>, %b: vector<2x1xf32>, %c: vector<2x2xf32>, %out: memref<1xvector<2x2xf32>>) kernel {
      // expected-error @+1 {{'nvgpu.mma.sync' op is not supported by the CUDA emulator (only m16n8k16 with f16 or bf16 inputs and f32 accumulators is)}}
      %d = nvgpu.mma.sync (%a, %b, %c) {mmaShape = [16, 8, 8], tf32Enabled} : (vector<4x1xf32>, vector<2x1xf32>, vector<2x2xf32>) -> vector<2x2xf32>
      %c0 = arith.constant 0 : index
      memref.store %d, %out[%c0] : memref<1xvector<2x2xf32>>
      gpu.return
    }
  }
  func.func @main(%a: vector<4x1xf32>, %b: vector<2x1xf32>, %c: vector<2x2xf32>, %out: memref<1xvector<2x2xf32>>) {
    %c1 = arith.constant 1 : index
    %c32 = arith.constant 32 : index
    gpu.launch_func @kernels::@tf32 blocks in (%c1, %c1, %c1) threads in (%c32, %c1, %c1) args(%a : vector<4x1xf32>, %b : vector<2x1xf32>, %c : vector<2x2xf32>, %out : memref<1xvector<2x2xf32>>)
    return
  }
}
