# The second row of the copy runs past the 1024-byte DRAM image.
.dram 1024
.queue dma_in
  dma dst_space=sram src_space=dram row_bytes=512 rows=2 src_stride=600
