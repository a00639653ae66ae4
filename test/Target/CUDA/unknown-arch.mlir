// RUN: not strata-opt %s -pass-pipeline='builtin.module(func.func(strata-cuda-map-to-gpu{arch=sm_70}))' 2>&1 | FileCheck %s

// CHECK: error: unknown CUDA architecture 'sm_70' (known: sm_80, sm_90)
func.func @f() {
  return
}

// RUN: not strata-opt %s -pass-pipeline='builtin.module(func.func(strata-cuda-map-to-gpu{mma=tf32}))' 2>&1 | FileCheck %s --check-prefix=MMA
// MMA: error: unknown tensor-core type 'tf32' for mma (known: none, f16, bf16)
