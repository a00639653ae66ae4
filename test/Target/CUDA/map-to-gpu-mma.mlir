// RUN: strata-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(strata-cuda-map-to-gpu{mma=f16},canonicalize,cse))' | FileCheck %s
// RUN: strata-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(strata-cuda-map-to-gpu,canonicalize,cse))' | FileCheck %s --check-prefix=DEFAULT

// With mma=f16 an f32 matmul becomes the tensor-core kernel: a 64x64 tile
// per block of 128 threads (2 x 2 warps; grid 16 x 17 for N = 1000,
// M = 1030), A (M x K) and B transposed (N x K) staged in shared memory as
// f16, rounded from f32 while staging, then 2 x 4 mma.sync m16n8k16 per
// warp and K step, between two barriers; the f32 accumulators are added
// into C at the end.
// CHECK-LABEL: func.func @matmul
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[C17:.*]] = arith.constant 17 : index
// CHECK-DAG: %[[C128:.*]] = arith.constant 128 : index
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %[[C16]], {{.*}} = %[[C17]], {{.*}}) threads({{.*}}) in ({{.*}} = %[[C128]],
// CHECK-SAME: workgroup({{.*}} : memref<64x16xf16, #gpu.address_space<workgroup>>, {{.*}} : memref<64x16xf16, #gpu.address_space<workgroup>>)
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>)
// CHECK-COUNT-16: arith.truncf {{.*}} : f32 to f16
// CHECK: gpu.barrier
// CHECK-COUNT-8: nvgpu.mma.sync({{.*}}) {mmaShape = [16, 8, 16]} : (vector<4x2xf16>, vector<2x2xf16>, vector<2x2xf32>) -> vector<2x2xf32>
// CHECK: gpu.barrier
// CHECK-COUNT-32: vector.extract {{.*}} : f32 from vector<2x2xf32>
// CHECK-NOT: linalg.matmul
// DEFAULT-LABEL: func.func @matmul
// DEFAULT-NOT: nvgpu.mma.sync
// DEFAULT: memref<64x16xf32, #gpu.address_space<workgroup>>
func.func @matmul(%a: memref<1030x70xf32>, %b: memref<70x1000xf32>, %c: memref<1030x1000xf32>) {
  linalg.matmul ins(%a, %b : memref<1030x70xf32>, memref<70x1000xf32>) outs(%c : memref<1030x1000xf32>)
  return
}

// -----

// A small one (M = 130, N = 100: 6 blocks of 64x64 for 108 SMs) takes
// 32x32 tiles: each warp a 16x16 sub-tile, 1 x 2 mma.sync per K step.
// CHECK-LABEL: func.func @small_matmul
// CHECK: workgroup({{.*}} : memref<32x16xf16, #gpu.address_space<workgroup>>, {{.*}} : memref<32x16xf16, #gpu.address_space<workgroup>>)
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<2x2xf32>, vector<2x2xf32>)
// CHECK-COUNT-2: nvgpu.mma.sync
// CHECK-NOT: nvgpu.mma.sync
// CHECK: gpu.terminator
func.func @small_matmul(%a: memref<130x70xf32>, %b: memref<70x100xf32>, %c: memref<130x100xf32>) {
  linalg.matmul ins(%a, %b : memref<130x70xf32>, memref<70x100xf32>) outs(%c : memref<130x100xf32>)
  return
}

// -----

// A bf16 matmul uses tensor cores whatever the option: the operands are
// staged as they are (no rounding), and C, also bf16, is widened, added
// to in f32 and rounded once.
// CHECK-LABEL: func.func @bf16_matmul
// CHECK: workgroup({{.*}} : memref<32x16xbf16, #gpu.address_space<workgroup>>, {{.*}} : memref<32x16xbf16, #gpu.address_space<workgroup>>)
// CHECK-NOT: arith.truncf {{.*}} : f32 to f16
// CHECK: nvgpu.mma.sync({{.*}}) {mmaShape = [16, 8, 16]} : (vector<4x2xbf16>, vector<2x2xbf16>, vector<2x2xf32>) -> vector<2x2xf32>
// CHECK: arith.extf {{.*}} : bf16 to f32
// CHECK: arith.addf {{.*}} : f32
// CHECK: arith.truncf {{.*}} : f32 to bf16
// DEFAULT-LABEL: func.func @bf16_matmul
// DEFAULT: nvgpu.mma.sync
func.func @bf16_matmul(%a: memref<30x20xbf16>, %b: memref<20x10xbf16>, %c: memref<30x10xbf16>) {
  linalg.matmul ins(%a, %b : memref<30x20xbf16>, memref<20x10xbf16>) outs(%c : memref<30x10xbf16>)
  return
}
