// RUN: strata-opt %s -strata-cuda-pipeline="arch=sm_90" | FileCheck %s --check-prefix=PTX
// RUN: strata-opt %s -strata-cuda-pipeline="emulate=true" | FileCheck %s --check-prefix=EMU
// RUN: strata-opt %s -strata-cuda-graph-to-gpu | FileCheck %s --check-prefix=GPU

// graph -> gpu.launch kernels (the fill, then the matmul on the
// shared-memory kernel with the relu in its epilogue) ...
// GPU-LABEL: func.func @main
// GPU: gpu.launch
// GPU: gpu.launch {{.*}} workgroup(
// GPU: gpu.barrier
// GPU: arith.maximumf
// GPU-NOT: gpu.launch
// GPU-NOT: linalg.

// ... then PTX for sm_90 in gpu.binary ops and host code calling the
// launcher ...
// PTX: llvm.call @mgpuMemAlloc
// PTX: gpu.launch_func @main_kernel::@main_kernel
// PTX: gpu.binary @main_kernel
// PTX-SAME: chip = "sm_90"
// PTX-SAME: .target sm_90
// PTX: llvm.func @strata_entry

// ... or, for the emulator, host functions launched through
// strata_emu_launch, with no GPU op left.
// EMU-NOT: gpu.
// EMU: llvm.call @strata_emu_launch(
// EMU: llvm.func @__strata_emu_main_kernel_main_kernel(
// EMU: llvm.call @strata_emu_barrier
// EMU: llvm.func @__strata_emu_thunk_main_kernel_main_kernel(
func.func @main(%a: tensor<64x64xf32> {strata.name = "a"}, %b: tensor<64x64xf32> {strata.name = "b"}) -> tensor<64x64xf32> {
  %0 = graph.matmul %a, %b : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  %1 = graph.relu %0 : tensor<64x64xf32>
  return %1 : tensor<64x64xf32>
}
