// RUN: strata-opt %s -graph-print-cost -split-input-file -verify-diagnostics

// FLOPs: a multiply-accumulate is 2; bytes: every operand read and every
// result written once (f32 = 4 bytes). Totals: 262144 + 512 + 512 FLOPs,
// 75776 + 4352 + 4096 bytes.
// expected-remark @+1 {{total flops: 263168, bytes: 84224 over 3 ops (0 with dynamic shapes not counted)}}
func.func @mlp(%x: tensor<8x256xf32>, %w: tensor<256x64xf32>, %b: tensor<64xf32>) -> tensor<8x64xf32> {
  // 2 * 8 * 64 * 256 = 262144; (8*256 + 256*64 + 8*64) * 4 = 75776
  // expected-remark @+1 {{flops: 262144, bytes: 75776}}
  %0 = graph.matmul %x, %w : (tensor<8x256xf32>, tensor<256x64xf32>) -> tensor<8x64xf32>
  // expected-remark @+1 {{flops: 512, bytes: 4352}}
  %1 = graph.add %0, %b : (tensor<8x64xf32>, tensor<64xf32>) -> tensor<8x64xf32>
  // expected-remark @+1 {{flops: 512, bytes: 4096}}
  %2 = graph.relu %1 : tensor<8x64xf32>
  return %2 : tensor<8x64xf32>
}

// -----

// expected-remark @+1 {{total flops: 0, bytes: 0 over 0 ops (1 with dynamic shapes not counted)}}
func.func @dynamic(%x: tensor<?x256xf32>, %w: tensor<256x64xf32>) -> tensor<?x64xf32> {
  // expected-remark @+1 {{flops: ?, bytes: ?}}
  %0 = graph.matmul %x, %w : (tensor<?x256xf32>, tensor<256x64xf32>) -> tensor<?x64xf32>
  return %0 : tensor<?x64xf32>
}

// -----

// expected-remark @+1 {{total flops}}
func.func @conv_attention(%x: tensor<1x32x28x28xf32>, %w: tensor<32x1x3x3xf32>, %q: tensor<2x8x128x64xf32>, %k: tensor<2x8x128x64xf32>, %v: tensor<2x8x128x64xf32>) -> (tensor<1x32x28x28xf32>, tensor<2x8x128x64xf32>) {
  // Depthwise 3x3: 2 * 9 FLOPs per output, 32*28*28 outputs = 451584;
  // bytes (2 * 25088 + 288) * 4 = 201856.
  // expected-remark @+1 {{flops: 451584, bytes: 201856}}
  %0 = graph.conv %x, %w {groups = 32 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x32x28x28xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x28x28xf32>
  // 16 heads x 128 x 128 scores: QK^T 2*64, scale 1, softmax 5, PV 2*64 per
  // score = 262 * 262144 = 68681728.
  // expected-remark @+1 {{flops: 68681728, bytes: 2097152}}
  %1 = graph.attention %q, %k, %v : (tensor<2x8x128x64xf32>, tensor<2x8x128x64xf32>, tensor<2x8x128x64xf32>) -> tensor<2x8x128x64xf32>
  return %0, %1 : tensor<1x32x28x28xf32>, tensor<2x8x128x64xf32>
}
