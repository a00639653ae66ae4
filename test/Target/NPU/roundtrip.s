# Assemble, disassemble, reassemble: the binary is byte-identical and the
# printed text is canonical (every field, in table order).
# RUN: strata-npu-as %s -o %t.bin
# RUN: strata-npu-objdump %t.bin | FileCheck %s
# RUN: strata-npu-objdump %t.bin -o %t.s
# RUN: strata-npu-as %t.s -o %t2.bin
# RUN: cmp %t.bin %t2.bin
# RUN: strata-npu-objdump %t2.bin | diff %t.s -

# CHECK:      .dram 8192
# CHECK-NEXT: .input a bf16 16x16 @0
# CHECK-NEXT: .output c f32 16x16 @1024
# CHECK-NEXT: .const @4096
# CHECK-NEXT: .data 0000803f
# CHECK-NEXT: .queue ctrl
# CHECK-NEXT:   nop cycles=3
# CHECK-NEXT: .queue dma_in
# CHECK-NEXT:   dma dst_space=sram src_space=dram row_bytes=32 dst=0 src=0 rows=16 planes=1 dst_stride=32 src_stride=32 dst_plane_stride=0 src_plane_stride=0
# CHECK-NEXT:   set_flag flag=0
# CHECK-NEXT: .queue dma_out
# CHECK-NEXT:   wait_flag flag=1
# CHECK-NEXT:   dma dst_space=dram src_space=acc row_bytes=1024 dst=1024 src=0 rows=1 planes=1
# CHECK-NEXT: .queue matrix
# CHECK-NEXT:   wait_flag flag=0
# CHECK-NEXT:   matmul dtype=bf16 accumulate=0 m=16 n=16 k=16 c=0 a=0 b=0 lda=16 ldb=16 ldc=16
# CHECK-NEXT:   set_flag flag=2
# CHECK-NEXT: .queue vector
# CHECK-NEXT:   wait_flag flag=2
# CHECK-NEXT:   vmuls dst_type=f32 src_type=f32 dst_space=acc src_space=acc rows=16 cols=16 dst=0 src=0 dst_stride=16 src_stride=16 imm=0.125
# CHECK-NEXT:   vrequant dst_type=i8 src_type=i32 dst_space=sram src_space=acc rows=1 cols=4 dst=8192 src=0 dst_stride=4 src_stride=4 zp=-5 multiplier=-7 shift=1
# CHECK-NEXT:   set_flag flag=1

.dram 0x2000
.input a bf16 16x16 @0x0
.output c f32 16x16 @0x400
.const @0x1000
.data 0000803f
.queue matrix
  wait_flag flag=0
  matmul dtype=bf16 m=16 n=16 k=16 lda=16 ldb=16 ldc=16
  set_flag flag=2
.queue vector
  wait_flag flag=2
  vmuls dst_type=f32 src_type=f32 dst_space=acc src_space=acc cols=16 rows=16 dst_stride=16 src_stride=16 imm=0.125
  vrequant dst_type=i8 src_type=i32 src_space=acc cols=4 dst=0x2000 dst_stride=4 src_stride=4 zp=-5 multiplier=-7 shift=1
  set_flag flag=1
.queue ctrl
  nop cycles=3
.queue dma_in
  dma dst_space=sram src_space=dram row_bytes=32 rows=16 dst_stride=32 src_stride=32   # A
  set_flag flag=0
.queue dma_out
  wait_flag flag=1
  dma dst_space=dram src_space=acc row_bytes=1024 dst=1024
