// RUN: strata-opt %s --strata-npu-pipeline | strata-translate --npu-to-asm | FileCheck %s
// RUN: strata-opt %s --strata-npu-pipeline | strata-translate --npu-to-binary -o %t.npubin
// RUN: strata-opt %s --strata-npu-pipeline | strata-translate --npu-to-asm -o %t.s
// RUN: strata-npu-objdump %t.npubin -o %t.objdump.s
// RUN: diff %t.s %t.objdump.s
// RUN: strata-npu-as %t.s -o %t.again.npubin
// RUN: cmp %t.npubin %t.again.npubin
// RUN: not strata-translate --npu-to-asm %s 2>&1 | FileCheck %s --check-prefix=NOPROG

// The encoder: an npu.program becomes NPU assembly and a binary, which the
// disassembler prints back identically and the assembler rebuilds byte for
// byte.

// CHECK: .dram 128
// CHECK: .input x f32 2x8 @0
// CHECK: .output output_0 f32 2x8 @64
// CHECK: .queue dma_in
// CHECK-NEXT: wait_flag flag=4
// CHECK-NEXT: dma dst_space=sram src_space=dram row_bytes=64 dst=0 src=0 rows=1
// CHECK: .queue vector
// CHECK: vexp
func.func @exp(%x: tensor<2x8xf32> {strata.name = "x"}) -> tensor<2x8xf32> {
  %0 = graph.exp %x : tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// NOPROG: error: the module holds no npu.program (lower it with --convert-graph-to-npu first)
