//===- Passes.td - CUDA backend passes ----------------------*- tablegen -*-===//
//
// Passes of the CUDA backend (lib/Target/CUDA). The whole lowering is the
// `strata-cuda-pipeline` pipeline (lib/Pipelines/CUDAPipeline.cpp); see
// docs/cuda.md for the kernel strategy.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_CUDA_PASSES_TD
#define STRATA_CUDA_PASSES_TD

include "mlir/Pass/PassBase.td"

def CUDAMapToGPUPass : Pass<"strata-cuda-map-to-gpu", "::mlir::func::FuncOp"> {
  let summary = "Turn every linalg op on buffers into a gpu.launch kernel";
  let description = [{
    Runs after bufferisation, on statically shaped memrefs. Each linalg op
    becomes one `gpu.launch`:
    - f32 contractions (matmul, batch matmul, any transposition of their
      operands, and convolutions as implicit GEMMs) become a tiled kernel: a
      64x64 output tile (32x32 when 64x64 would give fewer blocks than the
      target has SMs) per block of 16x16 threads, each thread computing a
      4x4 (2x2) register tile with FMAs, with the A and B tiles of each 16-deep K
      step staged in shared memory between two `gpu.barrier`s;
    - f16 and bf16 contractions, and f32 ones when `mma` is `f16` or
      `bf16`, become the tensor-core kernel: the same output tile per block
      of 2x2 warps, A and B staged in shared memory in the MMA type (f32
      inputs rounded to nearest even), `nvgpu.mma.sync` m16n8k16 with f32
      accumulators, the result rounded to C's type once at the end;
    - in both GEMM kernels, an elementwise linalg.generic right after the
      contraction that reads C (identity map) and writes one buffer of C's
      shape (a ReLU in place, a residual add, ...) runs in the epilogue, on
      each element as it is computed, and is erased; C itself is stored
      only if it is not overwritten in place and is read later;
    - reductions over at least 64 elements per output whose outputs are
      each folded with addf, mulf, maximumf, minimumf, maxnumf or minnumf
      (layer norm's mean and variance, long softmax rows, ReduceSum) become
      one block per output point of up to 256 threads: strided partials in
      registers, then a tree reduction in shared memory, a barrier per
      halving step;
    - everything else (elementwise, broadcasts, short reductions, depthwise
      convolutions, pooling) becomes one thread per point of the op's parallel iteration
      space, in row-major order so that neighbouring threads touch
      neighbouring elements, with the reduction loops run by that thread in
      registers.
    Launch geometry comes from the target description
    (include/strata/Target/CUDA/GPUTarget.h). A dynamically shaped op is an
    error naming it.
  }];
  let options = [
    Option<"arch", "arch", "std::string", /*default=*/"\"sm_80\"",
           "Target GPU architecture (sm_80 or sm_90)">,
    Option<"mma", "mma", "std::string", /*default=*/"\"none\"",
           "Tensor cores for f32 contractions: none (FMA, fp32-exact "
           "products), f16 or bf16 (inputs rounded to that type, f32 "
           "accumulation). f16/bf16 contractions always use them">,
  ];
  let dependentDialects = [
    "::mlir::gpu::GPUDialect", "::mlir::scf::SCFDialect",
    "::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect",
    "::mlir::affine::AffineDialect", "::mlir::nvgpu::NVGPUDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def CUDAExpandMathPass
    : Pass<"strata-cuda-expand-math", "::mlir::func::FuncOp"> {
  let summary = "Replace math functions in kernels by arithmetic";
  let description = [{
    Inside every `gpu.launch`, expands math ops (exp, log, tanh, erf, sin,
    cos, atan, pow, ...) into polynomial approximations made of arith ops
    (MLIR's math expansion and polynomial approximation patterns, accurate
    to a few ulp in f32). The kernels then need no libdevice, so the PTX is
    self-contained whether or not a CUDA toolkit is installed, and the
    emulator computes exactly the same approximations as the GPU would.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def CUDABF16MmaToNVVMPass
    : Pass<"strata-cuda-bf16-mma-to-nvvm", "::mlir::gpu::GPUModuleOp"> {
  let summary = "Lower bf16 nvgpu.mma.sync to nvvm.mma.sync";
  let description = [{
    Runs on kernel modules before convert-nvgpu-to-nvvm, which in MLIR 22
    lowers f16 `nvgpu.mma.sync` but rejects bf16 ("failed to deduce operand
    PTX types"). For m16n8k16 with bf16 A and B and f32 C, each A and B
    register (a `vector<2xbf16>` row of the fragment) is bitcast to the i32
    that PTX's `mma.sync...bf16.bf16` takes, and the f32 results are
    reassembled into the `vector<2x2xf32>` the op returned. Other forms
    are left to convert-nvgpu-to-nvvm.
  }];
  let dependentDialects = [
    "::mlir::NVVM::NVVMDialect", "::mlir::LLVM::LLVMDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def CUDALibdeviceToIntrinsicsPass
    : Pass<"strata-cuda-libdevice-to-intrinsics", "::mlir::gpu::GPUModuleOp"> {
  let summary = "Call LLVM intrinsics instead of libdevice's exact functions";
  let description = [{
    Runs on kernel modules after convert-gpu-to-nvvm, which lowers every
    math op to a call of a libdevice function. For the functions that are
    one correctly rounded IEEE operation (`__nv_sqrtf`, `__nv_fmaf`,
    `__nv_floorf`, `__nv_ceilf`, `__nv_truncf`, `__nv_rintf`, `__nv_fabsf`,
    `__nv_copysignf`, `__nv_fminf`, `__nv_fmaxf` and their f64 forms) the
    call becomes the LLVM intrinsic, which the NVPTX backend emits as one
    instruction (sqrt.rn, fma.rn, cvt.rmi, ...). Strata links no libdevice;
    everything else was expanded by strata-cuda-expand-math, and
    strata-compile reports a kernel that still calls an undefined function.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def CUDADeviceBuffersPass
    : Pass<"strata-cuda-device-buffers", "::mlir::func::FuncOp"> {
  let summary = "Put every buffer the kernels touch in device memory";
  let description = [{
    Runs on the host function after strata-cuda-map-to-gpu, for a real GPU.
    Host allocations become `gpu.alloc`/`gpu.dealloc`; each constant
    (`memref.get_global`) and each function argument gets a device copy
    (`gpu.memcpy` host to device at entry); the output arguments (the last
    N, from the `strata.signature` module attribute) are copied back before
    the function returns; remaining `memref.copy` ops become device to
    device `gpu.memcpy`. The host code must not read or write buffers
    itself: any other op using a buffer is an error naming it.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect"];
}

def CUDAEmulatePass : Pass<"strata-cuda-emulate", "::mlir::ModuleOp"> {
  let summary = "Turn outlined GPU kernels into host functions for cuda-emu";
  let description = [{
    The CPU emulation of the GPU (`--target=cuda-emu`). Each `gpu.func`
    kernel becomes a host function `__strata_emu_<module>_<kernel>` taking
    a per-thread context pointer first: `gpu.thread_id`, `gpu.block_id`,
    `gpu.block_dim` and `gpu.grid_dim` read that context, `gpu.barrier`
    calls the emulator's `strata_emu_barrier`, and each workgroup
    (shared-memory) buffer becomes one private global (the emulator runs
    one block at a time, so one copy is the block's shared memory). Each
    `gpu.launch_func` becomes a call of a private, body-less launch
    declaration `__strata_emu_launch_<module>_<kernel>` (marked with its
    kernel and whether it needs fibers); strata-cuda-emu-thunks, after LLVM
    lowering, replaces every such call by a call of `strata_emu_launch` and
    erases the declaration. The gpu.modules
    are then erased. The runtime (lib/Runtime/CUDAEmulator.cpp) runs each
    thread of a block as a fiber that yields at every barrier.

    `nvgpu.mma.sync` (m16n8k16, f16 or bf16 inputs, f32 accumulators: the
    form strata-cuda-map-to-gpu emits) becomes a call of
    `strata_emu_mma_m16n8k16(ctx, fragments)`: the lane writes its A, B and
    C fragments (widened to f32) to a 20-float stack buffer and yields; when
    all 32 lanes of its warp have arrived, the runtime assembles the
    matrices from the PTX fragment layouts, computes D = A B + C and writes
    each lane's D fragment after its C. Any other MMA form is an error
    naming the op.
  }];
  let dependentDialects = [
    "::mlir::func::FuncDialect", "::mlir::LLVM::LLVMDialect",
    "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def CUDAEmuThunksPass : Pass<"strata-cuda-emu-thunks", "::mlir::ModuleOp"> {
  let summary = "Replace cuda-emu launch declarations by emulator launches";
  let description = [{
    Runs after lowering to the LLVM dialect. For each emulated kernel it
    emits `__strata_emu_thunk_<kernel>(ctx, params)`, which loads each
    kernel argument from the `void **params` array (the same convention as
    cuLaunchKernel's kernelParams) and calls the kernel, and rewrites every
    call of the kernel's launch declaration into a call of
    `strata_emu_launch(thunk, params, grid x/y/z, block x/y/z, flags)` with
    the arguments stored in a stack array.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // STRATA_CUDA_PASSES_TD
