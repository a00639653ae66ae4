# c = bf16(relu(a @ b)) with a, b bf16 [16 x 32] x [32 x 24]; the a tile is
# loaded with a padded SRAM row stride (40 elements) as a compiler would.
.dram 8192
.input a bf16 16x32 @0
.input b bf16 32x24 @1024
.output c bf16 16x24 @4096
.queue dma_in
  dma dst_space=sram src_space=dram row_bytes=64 rows=16 dst=0 src=0 dst_stride=80 src_stride=64
  dma dst_space=sram src_space=dram row_bytes=1536 dst=2048 src=1024
  set_flag flag=0
.queue matrix
  wait_flag flag=0
  matmul dtype=bf16 m=16 n=24 k=32 c=0 a=0 b=2048 lda=40 ldb=24 ldc=24
  set_flag flag=1
.queue vector
  wait_flag flag=1
  vrelu dst_type=bf16 src_type=f32 dst_space=sram src_space=acc rows=16 cols=24 dst=8192 src=0 dst_stride=24 src_stride=24
  set_flag flag=2
.queue dma_out
  wait_flag flag=2
  dma dst_space=dram src_space=sram row_bytes=768 dst=4096 src=8192
