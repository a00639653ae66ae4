.queue matrix
  matmul dtype=f32 m=16 n=16 k=16 lda=16 ldb=16 ldc=16
