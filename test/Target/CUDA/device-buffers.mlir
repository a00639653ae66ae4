// RUN: strata-opt %s -pass-pipeline='builtin.module(func.func(strata-cuda-device-buffers))' | FileCheck %s

// Every buffer the kernel reads or writes is on the device: the arguments
// and the constant are uploaded (alloc + copy in, each synchronous through
// gpu.wait, the form gpu-to-llvm lowers), the temporary is a device
// allocation, the host copy into the output is device to device, and the
// output goes back to the host before the function returns.
// CHECK-LABEL: func.func @main(%arg0: memref<4xf32>, %arg1: memref<4xf32>)
// CHECK: %[[T0:.*]] = gpu.wait async
// CHECK: %[[X:.*]], %[[T1:.*]] = gpu.alloc async [%[[T0]]] () : memref<4xf32>
// CHECK: gpu.wait [%[[T1]]]
// CHECK: gpu.memcpy async [%{{.*}}] %[[X]], %arg0
// CHECK: %[[Y:.*]], %{{.*}} = gpu.alloc async
// CHECK: gpu.memcpy async [%{{.*}}] %[[Y]], %arg1
// CHECK: %[[HOSTW:.*]] = memref.get_global @w
// CHECK: %[[W:.*]], %{{.*}} = gpu.alloc async
// CHECK: gpu.memcpy async [%{{.*}}] %[[W]], %[[HOSTW]]
// CHECK: %[[TMP:.*]], %{{.*}} = gpu.alloc async
// CHECK: gpu.launch
// CHECK: memref.load %[[X]]
// CHECK: memref.load %[[W]]
// CHECK: memref.store %{{.*}}, %[[TMP]]
// CHECK: gpu.memcpy async [%{{.*}}] %[[Y]], %[[TMP]]
// CHECK: gpu.dealloc async [%{{.*}}] %[[TMP]]
// CHECK: gpu.memcpy async [%{{.*}}] %arg1, %[[Y]]
// CHECK: gpu.dealloc async [%{{.*}}] %[[X]]
// CHECK: gpu.dealloc async [%{{.*}}] %[[Y]]
// CHECK: gpu.dealloc async [%{{.*}}] %[[W]]
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.copy
// CHECK: return
module attributes {strata.signature = "{\22abi_version\22:2,\22inputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22x\22,\22shape\22:[4]}],\22outputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22y\22,\22shape\22:[4]}],\22outputs_allocated_by\22:\22caller\22,\22target\22:\22cpu\22,\22threads\22:0}"} {
  memref.global "private" constant @w : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>
  func.func @main(%x: memref<4xf32>, %y: memref<4xf32>) {
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %w = memref.get_global @w : memref<4xf32>
    %tmp = memref.alloc() : memref<4xf32>
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c4, %sy = %c1, %sz = %c1) {
      %a = memref.load %x[%tx] : memref<4xf32>
      %b = memref.load %w[%tx] : memref<4xf32>
      %s = arith.addf %a, %b : f32
      memref.store %s, %tmp[%tx] : memref<4xf32>
      gpu.terminator
    }
    memref.copy %tmp, %y : memref<4xf32> to memref<4xf32>
    memref.dealloc %tmp : memref<4xf32>
    return
  }
}
