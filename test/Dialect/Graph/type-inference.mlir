// RUN: strata-opt %s | FileCheck %s
// RUN: strata-opt %s | strata-opt | FileCheck %s

// Written result types only have to be compatible with the inferred ones
// (same rank and element type, a `?` on either side matches any size):
//  * @less_static_*: `?` where inference knows the size is accepted;
//  * @more_static_*: a static size where inference only knows `?` (because
//    an operand dim is dynamic) is accepted too.
// The verifier must accept all of it and the printer must keep the written
// types (no pass runs, so nothing is refined). Contradicting result types are
// rejected: see the "Result types that contradict the inferred ones" section
// of invalid.mlir.

// CHECK-LABEL: func.func @less_static_elementwise
func.func @less_static_elementwise(%a: tensor<4x1xf32>, %b: tensor<5xf32>,
                                   %c: tensor<4x5xi1>, %i: tensor<3xi32>)
    -> (tensor<?x?xf32>, tensor<4x?xf32>, tensor<?x5xi1>, tensor<?x?xf32>,
        tensor<?xi32>) {
  // CHECK-NEXT: graph.add %{{.*}}, %{{.*}} : (tensor<4x1xf32>, tensor<5xf32>) -> tensor<?x?xf32>
  %0 = graph.add %a, %b : (tensor<4x1xf32>, tensor<5xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: graph.pow %{{.*}}, %{{.*}} : (tensor<4x1xf32>, tensor<5xf32>) -> tensor<4x?xf32>
  %1 = graph.pow %a, %b : (tensor<4x1xf32>, tensor<5xf32>) -> tensor<4x?xf32>
  // CHECK-NEXT: graph.compare ge, %{{.*}}, %{{.*}} : (tensor<4x1xf32>, tensor<5xf32>) -> tensor<?x5xi1>
  %2 = graph.compare ge, %a, %b : (tensor<4x1xf32>, tensor<5xf32>) -> tensor<?x5xi1>
  // CHECK-NEXT: graph.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x5xi1>, tensor<4x1xf32>, tensor<5xf32>) -> tensor<?x?xf32>
  %3 = graph.where %c, %a, %b
      : (tensor<4x5xi1>, tensor<4x1xf32>, tensor<5xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: graph.max %{{.*}}, %{{.*}} : (tensor<3xi32>, tensor<3xi32>) -> tensor<?xi32>
  %4 = graph.max %i, %i : (tensor<3xi32>, tensor<3xi32>) -> tensor<?xi32>
  return %0, %1, %2, %3, %4 : tensor<?x?xf32>, tensor<4x?xf32>, tensor<?x5xi1>,
      tensor<?x?xf32>, tensor<?xi32>
}

// CHECK-LABEL: func.func @less_static_nn
func.func @less_static_nn(%x: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>,
                          %m: tensor<8x1x64x32xf32>, %n: tensor<4x32x16xf32>,
                          %q: tensor<2x12x128x64xf16>, %p: tensor<64xf32>,
                          %f: tensor<1x64x112x112xf32>)
    -> (tensor<?x?x?x?xf32>, tensor<8x?x64x?xf32>, tensor<?x?x?x?xf16>,
        tensor<1x64x?x?xf32>, tensor<?x64x1x1xf32>, tensor<?x?x?x?xf32>,
        tensor<1x?x112x112xf32>, tensor<?x?x?x?xf32>) {
  // CHECK-NEXT: graph.conv %{{.*}}, %{{.*}} {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<?x?x?x?xf32>
  %0 = graph.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 3, 3, 3, 3>}
      : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<?x?x?x?xf32>
  // CHECK-NEXT: graph.matmul %{{.*}}, %{{.*}} : (tensor<8x1x64x32xf32>, tensor<4x32x16xf32>) -> tensor<8x?x64x?xf32>
  %1 = graph.matmul %m, %n
      : (tensor<8x1x64x32xf32>, tensor<4x32x16xf32>) -> tensor<8x?x64x?xf32>
  // CHECK-NEXT: graph.attention %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x12x128x64xf16>, tensor<2x12x128x64xf16>, tensor<2x12x128x64xf16>) -> tensor<?x?x?x?xf16>
  %2 = graph.attention %q, %q, %q
      : (tensor<2x12x128x64xf16>, tensor<2x12x128x64xf16>,
         tensor<2x12x128x64xf16>) -> tensor<?x?x?x?xf16>
  // CHECK-NEXT: graph.max_pool %{{.*}} {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x64x112x112xf32> -> tensor<1x64x?x?xf32>
  %3 = graph.max_pool %f {kernel_shape = array<i64: 3, 3>,
                          strides = array<i64: 2, 2>,
                          pads = array<i64: 1, 1, 1, 1>}
      : tensor<1x64x112x112xf32> -> tensor<1x64x?x?xf32>
  // CHECK-NEXT: graph.reduce_mean %{{.*}} {axes = array<i64: 2, 3>} : tensor<1x64x112x112xf32> -> tensor<?x64x1x1xf32>
  %4 = graph.reduce_mean %f {axes = array<i64: 2, 3>}
      : tensor<1x64x112x112xf32> -> tensor<?x64x1x1xf32>
  // CHECK-NEXT: graph.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x64x112x112xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x?x?x?xf32>
  %5 = graph.batch_norm %f, %p, %p, %p, %p
      : (tensor<1x64x112x112xf32>, tensor<64xf32>, tensor<64xf32>,
         tensor<64xf32>, tensor<64xf32>) -> tensor<?x?x?x?xf32>
  // CHECK-NEXT: graph.softmax %{{.*}} {axis = 1 : i64} : tensor<1x64x112x112xf32> -> tensor<1x?x112x112xf32>
  %6 = graph.softmax %f {axis = 1 : i64}
      : tensor<1x64x112x112xf32> -> tensor<1x?x112x112xf32>
  // CHECK-NEXT: graph.global_avg_pool %{{.*}} : tensor<1x64x112x112xf32> -> tensor<?x?x?x?xf32>
  %7 = graph.global_avg_pool %f : tensor<1x64x112x112xf32> -> tensor<?x?x?x?xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7
      : tensor<?x?x?x?xf32>, tensor<8x?x64x?xf32>, tensor<?x?x?x?xf16>,
        tensor<1x64x?x?xf32>, tensor<?x64x1x1xf32>, tensor<?x?x?x?xf32>,
        tensor<1x?x112x112xf32>, tensor<?x?x?x?xf32>
}

// CHECK-LABEL: func.func @less_static_shape
func.func @less_static_shape(%x: tensor<1x3x224x224xf32>, %h: tensor<2x128x768xf32>,
                             %e: tensor<30522x768xf32>, %i: tensor<2x128xi64>,
                             %s: tensor<2x128x2304xf32>)
    -> (tensor<?xf32>, tensor<?x?x?x?xf32>, tensor<2x?x768xf32>,
        tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?x?xf32>,
        tensor<?x?x?x?xf32>, tensor<?x?xf32>, tensor<?x?x?x?xi64>,
        tensor<?x?x?xf32>, tensor<2x128x?xf32>, tensor<?x?x1536xf32>) {
  // CHECK-NEXT: graph.reshape %{{.*}} {shape = array<i64: -1>} : tensor<1x3x224x224xf32> -> tensor<?xf32>
  %0 = graph.reshape %x {shape = array<i64: -1>}
      : tensor<1x3x224x224xf32> -> tensor<?xf32>
  // CHECK-NEXT: graph.transpose %{{.*}} {perm = array<i64: 0, 2, 3, 1>} : tensor<1x3x224x224xf32> -> tensor<?x?x?x?xf32>
  %1 = graph.transpose %x {perm = array<i64: 0, 2, 3, 1>}
      : tensor<1x3x224x224xf32> -> tensor<?x?x?x?xf32>
  // CHECK-NEXT: graph.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x128x768xf32>, tensor<2x128x768xf32>) -> tensor<2x?x768xf32>
  %2 = graph.concat %h, %h {axis = 1 : i64}
      : (tensor<2x128x768xf32>, tensor<2x128x768xf32>) -> tensor<2x?x768xf32>
  // CHECK-NEXT: graph.slice %{{.*}} {axes = array<i64: 1>, ends = array<i64: 1>, starts = array<i64: 0>} : tensor<2x128x768xf32> -> tensor<?x?x?xf32>
  %3 = graph.slice %h {starts = array<i64: 0>, ends = array<i64: 1>,
                       axes = array<i64: 1>}
      : tensor<2x128x768xf32> -> tensor<?x?x?xf32>
  // CHECK-NEXT: graph.gather %{{.*}}, %{{.*}} : (tensor<30522x768xf32>, tensor<2x128xi64>) -> tensor<?x?x?xf32>
  %4 = graph.gather %e, %i
      : (tensor<30522x768xf32>, tensor<2x128xi64>) -> tensor<?x?x?xf32>
  // CHECK-NEXT: graph.pad %{{.*}} {pads = array<i64: 0, 0, 3, 3, 0, 0, 3, 3>} : tensor<1x3x224x224xf32> -> tensor<?x?x?x?xf32>
  %5 = graph.pad %x {pads = array<i64: 0, 0, 3, 3, 0, 0, 3, 3>}
      : tensor<1x3x224x224xf32> -> tensor<?x?x?x?xf32>
  // CHECK-NEXT: graph.expand %{{.*}} {shape = array<i64: 4, 1, 1, 1>} : tensor<1x3x224x224xf32> -> tensor<?x?x?x?xf32>
  %6 = graph.expand %x {shape = array<i64: 4, 1, 1, 1>}
      : tensor<1x3x224x224xf32> -> tensor<?x?x?x?xf32>
  // CHECK-NEXT: graph.flatten %{{.*}} : tensor<1x3x224x224xf32> -> tensor<?x?xf32>
  %7 = graph.flatten %x : tensor<1x3x224x224xf32> -> tensor<?x?xf32>
  // CHECK-NEXT: graph.unsqueeze %{{.*}} {axes = array<i64: 0, 1>} : tensor<2x128xi64> -> tensor<?x?x?x?xi64>
  %8 = graph.unsqueeze %i {axes = array<i64: 0, 1>}
      : tensor<2x128xi64> -> tensor<?x?x?x?xi64>
  // CHECK-NEXT: graph.squeeze %{{.*}} {axes = array<i64: 0>} : tensor<1x3x224x224xf32> -> tensor<?x?x?xf32>
  %9 = graph.squeeze %x {axes = array<i64: 0>}
      : tensor<1x3x224x224xf32> -> tensor<?x?x?xf32>
  // Each result of split is compared on its own.
  // CHECK-NEXT: graph.split %{{.*}} {axis = 2 : i64, sizes = array<i64: 768, 1536>} : tensor<2x128x2304xf32> -> tensor<2x128x?xf32>, tensor<?x?x1536xf32>
  %10:2 = graph.split %s {axis = 2 : i64, sizes = array<i64: 768, 1536>}
      : tensor<2x128x2304xf32> -> tensor<2x128x?xf32>, tensor<?x?x1536xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10#0, %10#1
      : tensor<?xf32>, tensor<?x?x?x?xf32>, tensor<2x?x768xf32>,
        tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?x?xf32>,
        tensor<?x?x?x?xf32>, tensor<?x?xf32>, tensor<?x?x?x?xi64>,
        tensor<?x?x?xf32>, tensor<2x128x?xf32>, tensor<?x?x1536xf32>
}

// CHECK-LABEL: func.func @more_static_elementwise
func.func @more_static_elementwise(%a: tensor<?xf32>, %b: tensor<?x?xf32>,
                                   %c: tensor<?xi1>, %i: tensor<?x1xi8>)
    -> (tensor<4xf32>, tensor<2x4xf32>, tensor<4xi1>, tensor<3x4xf32>,
        tensor<5x1xi8>) {
  // CHECK-NEXT: graph.add %{{.*}}, %{{.*}} : (tensor<?xf32>, tensor<?xf32>) -> tensor<4xf32>
  %0 = graph.add %a, %a : (tensor<?xf32>, tensor<?xf32>) -> tensor<4xf32>
  // CHECK-NEXT: graph.mul %{{.*}}, %{{.*}} : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<2x4xf32>
  %1 = graph.mul %b, %a : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<2x4xf32>
  // CHECK-NEXT: graph.compare ne, %{{.*}}, %{{.*}} : (tensor<?xf32>, tensor<?xf32>) -> tensor<4xi1>
  %2 = graph.compare ne, %a, %a : (tensor<?xf32>, tensor<?xf32>) -> tensor<4xi1>
  // CHECK-NEXT: graph.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?xi1>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<3x4xf32>
  %3 = graph.where %c, %b, %a
      : (tensor<?xi1>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<3x4xf32>
  // Only the dynamic dim may be made static: the unit dim is known.
  // CHECK-NEXT: graph.sub %{{.*}}, %{{.*}} : (tensor<?x1xi8>, tensor<?x1xi8>) -> tensor<5x1xi8>
  %4 = graph.sub %i, %i : (tensor<?x1xi8>, tensor<?x1xi8>) -> tensor<5x1xi8>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<2x4xf32>, tensor<4xi1>,
      tensor<3x4xf32>, tensor<5x1xi8>
}

// CHECK-LABEL: func.func @more_static_nn
func.func @more_static_nn(%x: tensor<?x3x?x?xf32>, %w: tensor<64x3x7x7xf32>,
                          %l: tensor<?x?x768xf32>, %r: tensor<768x?xf32>,
                          %q: tensor<?x12x?x64xf16>, %g: tensor<?xf32>,
                          %d: tensor<?x?x?x?xf32>)
    -> (tensor<1x64x112x112xf32>, tensor<2x128x3072xf32>,
        tensor<2x12x128x64xf16>, tensor<1x64x56x56xf32>, tensor<1x3x1x1xf32>,
        tensor<2x128x768xf32>, tensor<8x64x7x7xf32>, tensor<2x128x768xf32>) {
  // CHECK-NEXT: graph.conv %{{.*}}, %{{.*}} {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : (tensor<?x3x?x?xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x112x112xf32>
  %0 = graph.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 3, 3, 3, 3>}
      : (tensor<?x3x?x?xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x112x112xf32>
  // CHECK-NEXT: graph.matmul %{{.*}}, %{{.*}} : (tensor<?x?x768xf32>, tensor<768x?xf32>) -> tensor<2x128x3072xf32>
  %1 = graph.matmul %l, %r
      : (tensor<?x?x768xf32>, tensor<768x?xf32>) -> tensor<2x128x3072xf32>
  // CHECK-NEXT: graph.attention %{{.*}}, %{{.*}}, %{{.*}} {causal = true} : (tensor<?x12x?x64xf16>, tensor<?x12x?x64xf16>, tensor<?x12x?x64xf16>) -> tensor<2x12x128x64xf16>
  %2 = graph.attention %q, %q, %q {causal = true}
      : (tensor<?x12x?x64xf16>, tensor<?x12x?x64xf16>, tensor<?x12x?x64xf16>)
      -> tensor<2x12x128x64xf16>
  // CHECK-NEXT: graph.avg_pool %{{.*}} {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<?x?x?x?xf32> -> tensor<1x64x56x56xf32>
  %3 = graph.avg_pool %d {kernel_shape = array<i64: 2, 2>,
                          strides = array<i64: 2, 2>}
      : tensor<?x?x?x?xf32> -> tensor<1x64x56x56xf32>
  // CHECK-NEXT: graph.global_max_pool %{{.*}} : tensor<?x3x?x?xf32> -> tensor<1x3x1x1xf32>
  %4 = graph.global_max_pool %x : tensor<?x3x?x?xf32> -> tensor<1x3x1x1xf32>
  // CHECK-NEXT: graph.layer_norm %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?x?x768xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<2x128x768xf32>
  %5 = graph.layer_norm %l, %g, %g
      : (tensor<?x?x768xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<2x128x768xf32>
  // CHECK-NEXT: graph.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?x?x?x?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<8x64x7x7xf32>
  %6 = graph.batch_norm %d, %g, %g, %g, %g
      : (tensor<?x?x?x?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>,
         tensor<?xf32>) -> tensor<8x64x7x7xf32>
  // CHECK-NEXT: graph.log_softmax %{{.*}} : tensor<?x?x768xf32> -> tensor<2x128x768xf32>
  %7 = graph.log_softmax %l : tensor<?x?x768xf32> -> tensor<2x128x768xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7
      : tensor<1x64x112x112xf32>, tensor<2x128x3072xf32>,
        tensor<2x12x128x64xf16>, tensor<1x64x56x56xf32>, tensor<1x3x1x1xf32>,
        tensor<2x128x768xf32>, tensor<8x64x7x7xf32>, tensor<2x128x768xf32>
}

// CHECK-LABEL: func.func @more_static_shape
func.func @more_static_shape(%h: tensor<2x?x768xf32>, %d: tensor<?x?xf32>,
                             %e: tensor<?x768xf32>, %i: tensor<?x?xi64>,
                             %v: tensor<?xi32>)
    -> (tensor<2x128x12x64xf32>, tensor<768x128x2xf32>, tensor<2x256x768xf32>,
        tensor<4x8xf32>, tensor<2x128x768xf32>, tensor<6x10xf32>,
        tensor<3x4xf32>, tensor<4x4xf32>, tensor<1x8x1xi32>, tensor<8xi32>,
        tensor<2x98304xf32>, tensor<3xi32>, tensor<5xi32>) {
  // CHECK-NEXT: graph.reshape %{{.*}} {shape = array<i64: 2, -1, 12, 64>} : tensor<2x?x768xf32> -> tensor<2x128x12x64xf32>
  %0 = graph.reshape %h {shape = array<i64: 2, -1, 12, 64>}
      : tensor<2x?x768xf32> -> tensor<2x128x12x64xf32>
  // CHECK-NEXT: graph.transpose %{{.*}} {perm = array<i64: 2, 1, 0>} : tensor<2x?x768xf32> -> tensor<768x128x2xf32>
  %1 = graph.transpose %h {perm = array<i64: 2, 1, 0>}
      : tensor<2x?x768xf32> -> tensor<768x128x2xf32>
  // CHECK-NEXT: graph.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x?x768xf32>, tensor<2x?x768xf32>) -> tensor<2x256x768xf32>
  %2 = graph.concat %h, %h {axis = 1 : i64}
      : (tensor<2x?x768xf32>, tensor<2x?x768xf32>) -> tensor<2x256x768xf32>
  // CHECK-NEXT: graph.slice %{{.*}} {ends = array<i64: 4, 8>, starts = array<i64: 0, 0>} : tensor<?x?xf32> -> tensor<4x8xf32>
  %3 = graph.slice %d {starts = array<i64: 0, 0>, ends = array<i64: 4, 8>}
      : tensor<?x?xf32> -> tensor<4x8xf32>
  // CHECK-NEXT: graph.gather %{{.*}}, %{{.*}} : (tensor<?x768xf32>, tensor<?x?xi64>) -> tensor<2x128x768xf32>
  %4 = graph.gather %e, %i
      : (tensor<?x768xf32>, tensor<?x?xi64>) -> tensor<2x128x768xf32>
  // CHECK-NEXT: graph.pad %{{.*}} {pads = array<i64: 1, 1, 1, 1>} : tensor<?x?xf32> -> tensor<6x10xf32>
  %5 = graph.pad %d {pads = array<i64: 1, 1, 1, 1>}
      : tensor<?x?xf32> -> tensor<6x10xf32>
  // CHECK-NEXT: graph.expand %{{.*}} {shape = array<i64: 1, 4>} : tensor<?x?xf32> -> tensor<3x4xf32>
  %6 = graph.expand %d {shape = array<i64: 1, 4>}
      : tensor<?x?xf32> -> tensor<3x4xf32>
  // CHECK-NEXT: graph.squeeze %{{.*}} : tensor<?x?xf32> -> tensor<4x4xf32>
  %7 = graph.squeeze %d : tensor<?x?xf32> -> tensor<4x4xf32>
  // CHECK-NEXT: graph.unsqueeze %{{.*}} {axes = array<i64: 0, 2>} : tensor<?xi32> -> tensor<1x8x1xi32>
  %8 = graph.unsqueeze %v {axes = array<i64: 0, 2>}
      : tensor<?xi32> -> tensor<1x8x1xi32>
  // CHECK-NEXT: graph.split %{{.*}} {axis = 0 : i64, sizes = array<i64: 8, 3, 5>} : tensor<?xi32> -> tensor<8xi32>, tensor<3xi32>, tensor<5xi32>
  %9:3 = graph.split %v {axis = 0 : i64, sizes = array<i64: 8, 3, 5>}
      : tensor<?xi32> -> tensor<8xi32>, tensor<3xi32>, tensor<5xi32>
  // CHECK-NEXT: graph.flatten %{{.*}} : tensor<2x?x768xf32> -> tensor<2x98304xf32>
  %10 = graph.flatten %h : tensor<2x?x768xf32> -> tensor<2x98304xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9#0, %10, %9#1, %9#2
      : tensor<2x128x12x64xf32>, tensor<768x128x2xf32>, tensor<2x256x768xf32>,
        tensor<4x8xf32>, tensor<2x128x768xf32>, tensor<6x10xf32>,
        tensor<3x4xf32>, tensor<4x4xf32>, tensor<1x8x1xi32>, tensor<8xi32>,
        tensor<2x98304xf32>, tensor<3xi32>, tensor<5xi32>
}

// Mixed: some dims more static, some less static than inferred.
// CHECK-LABEL: func.func @mixed
func.func @mixed(%a: tensor<?x768xf32>, %w: tensor<768x3072xf32>)
    -> tensor<16x?xf32> {
  // CHECK-NEXT: graph.matmul %{{.*}}, %{{.*}} : (tensor<?x768xf32>, tensor<768x3072xf32>) -> tensor<16x?xf32>
  %0 = graph.matmul %a, %w
      : (tensor<?x768xf32>, tensor<768x3072xf32>) -> tensor<16x?xf32>
  return %0 : tensor<16x?xf32>
}

// -----

// Edge cases of the shape rules that once overflowed or were rejected.
// CHECK-LABEL: func.func @shape_rule_edges
// CHECK: graph.slice {{.*}} : tensor<10xf32> -> tensor<1xf32>
// CHECK: graph.slice {{.*}} : tensor<10xf32> -> tensor<1xf32>
// CHECK: graph.pad {{.*}} : tensor<0x4xf32> -> tensor<0x6xf32>
func.func @shape_rule_edges(%a: tensor<10xf32>, %e: tensor<0x4xf32>) -> (tensor<1xf32>, tensor<1xf32>, tensor<0x6xf32>) {
  %0 = graph.slice %a {starts = array<i64: 0>, ends = array<i64: 10>, steps = array<i64: 9223372036854775807>} : tensor<10xf32> -> tensor<1xf32>
  %1 = graph.slice %a {starts = array<i64: -1>, ends = array<i64: -9223372036854775808>, steps = array<i64: -9223372036854775808>} : tensor<10xf32> -> tensor<1xf32>
  %2 = graph.pad %e {pads = array<i64: 0, 1, 0, 1>, mode = #graph<pad_mode reflect>} : tensor<0x4xf32> -> tensor<0x6xf32>
  return %0, %1, %2 : tensor<1xf32>, tensor<1xf32>, tensor<0x6xf32>
}
