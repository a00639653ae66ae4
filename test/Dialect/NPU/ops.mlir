// RUN: strata-opt %s | FileCheck %s
// RUN: strata-opt %s | strata-opt | FileCheck %s

// The npu dialect's structure and instructions print and parse back, and
// fields left out stay out (they take the ISA's defaults).

// CHECK-LABEL: npu.program @small attributes {dram_bytes = 4096 : i64, target = #npu.target<"npu-v1">}
// CHECK: npu.input "a" {addr = 0 : i64, dtype = #npu<dtype f32>, shape = array<i64: 4, 8>}
// CHECK: npu.output "c" {addr = 1024 : i64, dtype = #npu<dtype f32>, shape = array<i64: 4, 8>}
// CHECK: npu.constants {addr = 2048 : i64, data = dense<[1, 2, 3, 4]> : tensor<4xi8>}
// CHECK: npu.queue  dma_in {
// CHECK-NEXT: npu.dma {dst_space = #npu<space sram>, row_bytes = 128 : i64}
// CHECK-NEXT: npu.set_flag {flag = 0 : i64}
// CHECK: npu.queue  vector {
// CHECK-NEXT: npu.wait_flag {flag = 0 : i64}
// CHECK-NEXT: npu.vcvt {cols = 32 : i64, dst = 256 : i64, dst_stride = 32 : i64, dst_type = #npu<dtype bf16>, src_stride = 32 : i64}
// CHECK-NEXT: npu.vmuls {cols = 32 : i64, dst_stride = 32 : i64, imm = 5.000000e-01 : f32, src_stride = 32 : i64}
// CHECK-NEXT: npu.vadd {cols = 8 : i64, dst_stride = 8 : i64, rows = 4 : i64, src1 = 512 : i64, src1_stride = 8 : i64, src_stride = 8 : i64}
// CHECK: npu.queue  matrix {
// CHECK-NEXT: npu.matmul {a = 256 : i64, b = 512 : i64, k = 16 : i64, lda = 16 : i64, ldb = 16 : i64, ldc = 16 : i64, m = 16 : i64, n = 16 : i64}
// CHECK-NEXT: npu.nop {cycles = 3 : i64}
npu.program @small attributes {target = #npu.target<"npu-v1">, dram_bytes = 4096 : i64} {
  npu.input "a" {dtype = #npu<dtype f32>, shape = array<i64: 4, 8>, addr = 0 : i64}
  npu.output "c" {dtype = #npu<dtype f32>, shape = array<i64: 4, 8>, addr = 1024 : i64}
  npu.constants {addr = 2048 : i64, data = dense<[1, 2, 3, 4]> : tensor<4xi8>}
  npu.queue dma_in {
    npu.dma {dst_space = #npu<space sram>, row_bytes = 128 : i64}
    npu.set_flag {flag = 0 : i64}
  }
  npu.queue vector {
    npu.wait_flag {flag = 0 : i64}
    npu.vcvt {cols = 32 : i64, dst = 256 : i64, dst_stride = 32 : i64, dst_type = #npu<dtype bf16>, src_stride = 32 : i64}
    npu.vmuls {cols = 32 : i64, dst_stride = 32 : i64, imm = 0.5 : f32, src_stride = 32 : i64}
    npu.vadd {cols = 8 : i64, rows = 4 : i64, dst_stride = 8 : i64, src_stride = 8 : i64, src1 = 512 : i64, src1_stride = 8 : i64}
  }
  npu.queue matrix {
    npu.matmul {m = 16 : i64, n = 16 : i64, k = 16 : i64, a = 256 : i64, b = 512 : i64, lda = 16 : i64, ldb = 16 : i64, ldc = 16 : i64}
    npu.nop {cycles = 3 : i64}
  }
}
