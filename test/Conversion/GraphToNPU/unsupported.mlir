// RUN: strata-opt %s --convert-graph-to-npu -split-input-file -verify-diagnostics
// RUN: not strata-opt %s --convert-graph-to-npu=target=npu-v9 2>&1 | FileCheck %s --check-prefix=TARGET

// RUN: not strata-opt %s --convert-graph-to-npu=precision=fp8 2>&1 | FileCheck %s --check-prefix=PRECISION

// TARGET: error: unknown NPU target 'npu-v9' (known: npu-v1)
// PRECISION: error: unknown NPU matrix precision 'fp8' (known: bf16, f16)

// What the NPU lowering cannot run yet is an error naming the op and why.

func.func @tanh(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x6x6xf32> {
  // expected-error @+1 {{'graph.tanh' cannot run on the NPU: no NPU lowering yet (supported: matmul, gemm,}}
  %0 = graph.tanh %x : tensor<1x2x6x6xf32>
  return %0 : tensor<1x2x6x6xf32>
}

// -----

// (A copy larger than SRAM is streamed; one whose view needs more strided
// dims than a 3-D DMA has is not.)
func.func @reversed_transpose(%x: tensor<2x3x4x5x6xf32>) -> tensor<6x5x4x3x2xf32> {
  // expected-error @+1 {{'graph.transpose' cannot run on the NPU: the view has more than 3 strided dims}}
  %0 = graph.transpose %x {perm = array<i64: 4, 3, 2, 1, 0>} : tensor<2x3x4x5x6xf32> -> tensor<6x5x4x3x2xf32>
  return %0 : tensor<6x5x4x3x2xf32>
}

// -----

func.func @broadcast_batch(%x: tensor<3x2x8xf32>, %w: tensor<1x8x4xf32>) -> tensor<3x2x4xf32> {
  // expected-error @+1 {{'graph.matmul' cannot run on the NPU: batched operands must have the same batch dims (broadcasting is not supported)}}
  %0 = graph.matmul %x, %w : (tensor<3x2x8xf32>, tensor<1x8x4xf32>) -> tensor<3x2x4xf32>
  return %0 : tensor<3x2x4xf32>
}

// -----

// expected-error @+1 {{NPU lowering: input 0 must be a static f32 tensor, got 'tensor<?x8xf32>'}}
func.func @dynamic(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %0 = graph.relu %x : tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

func.func @integer(%x: tensor<4xf32>) -> tensor<4xi32> {
  // expected-error @+1 {{'graph.cast' cannot run on the NPU: only f32 models run on the NPU, got 'tensor<4xi32>'}}
  %0 = graph.cast %x : tensor<4xf32> to i32
  return %0 : tensor<4xi32>
}

// -----

func.func @trans_a(%x: tensor<8x2xf32>) -> tensor<2x4xf32> {
  %w = graph.constant dense<1.0> : tensor<8x4xf32>
  // expected-error @+1 {{'graph.gemm' cannot run on the NPU: trans_a is not supported}}
  %0 = graph.gemm %x, %w {trans_a = true} : (tensor<8x2xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @activation_filter(%x: tensor<1x4x6x6xf32>, %w: tensor<4x4x3x3xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'graph.conv' cannot run on the NPU: the weights must be a constant}}
  %0 = graph.conv %x, %w : (tensor<1x4x6x6xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @ceil_mode(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+1 {{'graph.max_pool' cannot run on the NPU: the output shape reads past the padded input (ceil_mode)}}
  %0 = graph.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, ceil_mode = true} : tensor<1x2x6x6xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func.func @wide(%x: tensor<1x1x1x3000xf32>) -> tensor<1x1x1x3000xf32> {
  %w = graph.constant dense<0.5> : tensor<1x1x1x1xf32>
  // expected-error @+1 {{'graph.conv' cannot run on the NPU: a padded input row of 3000 columns is wider than one matmul (n <= 1024)}}
  %0 = graph.conv %x, %w : (tensor<1x1x1x3000xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x1x3000xf32>
  return %0 : tensor<1x1x1x3000xf32>
}

// -----

// Gather takes constant indices; one out of range is an error (the graph
// dialect leaves it undefined).
func.func @gather_out_of_range(%x: tensor<4x8xf32>) -> tensor<2x8xf32> {
  %i = graph.constant dense<[1, 7]> : tensor<2xi64>
  // expected-error @+1 {{'graph.gather' cannot run on the NPU: index 7 is out of range for a dim of 4}}
  %0 = graph.gather %x, %i : (tensor<4x8xf32>, tensor<2xi64>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}
