// RUN: strata-opt %s -strata-cpu-tile-and-vectorize -canonicalize -split-input-file | FileCheck %s

// A matmul gets a thread-level forall over N, K blocks of 64 (the strip of
// B used by an N tile stays in L1), register tiles of 8x32 with the loops
// ordered N, M, K, and a vector.contract on the register tile.
// CHECK-LABEL: func.func @matmul
// CHECK: scf.forall (%{{.*}}) = (0) to (1024) step (512)
// CHECK: scf.for %{{.*}} = %c0 to %c512 step %c64
// CHECK: scf.for %{{.*}} = %c0 to %c512 step %c32
// CHECK: scf.for %{{.*}} = %c0 to %c256 step %c8
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1
// CHECK: vector.contract {{.*}} : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
func.func @matmul(%a: tensor<256x512xf32>, %b: tensor<512x1024xf32>, %c: tensor<256x1024xf32>) -> tensor<256x1024xf32> {
  %m = linalg.matmul ins(%a, %b : tensor<256x512xf32>, tensor<512x1024xf32>) outs(%c : tensor<256x1024xf32>) -> tensor<256x1024xf32>
  return %m : tensor<256x1024xf32>
}

// -----

// An elementwise op: one 32-lane vector along the innermost dimension.
// CHECK-LABEL: func.func @relu
// CHECK: scf.forall
// CHECK: vector.transfer_read {{.*}} vector<1x32xf32>
// CHECK: arith.maximumf {{.*}} : vector<1x32xf32>
func.func @relu(%x: tensor<64x128xf32>) -> tensor<64x128xf32> {
  %e = tensor.empty() : tensor<64x128xf32>
  %z = arith.constant 0.0 : f32
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<64x128xf32>) outs(%e : tensor<64x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %z : f32
    linalg.yield %m : f32
  } -> tensor<64x128xf32>
  return %r : tensor<64x128xf32>
}

// -----

// A vector dimension of 49 (not a multiple of 16) is split into 48 + 1.
// CHECK-LABEL: func.func @split
// CHECK-DAG: vector<{{[0-9]+}}x16xf32>
// CHECK-DAG: vector<{{[0-9]+}}x1xf32>
func.func @split(%a: tensor<64x128xf32>, %b: tensor<128x49xf32>, %c: tensor<64x49xf32>) -> tensor<64x49xf32> {
  %m = linalg.matmul ins(%a, %b : tensor<64x128xf32>, tensor<128x49xf32>) outs(%c : tensor<64x49xf32>) -> tensor<64x49xf32>
  return %m : tensor<64x49xf32>
}

// -----

// Booleans and dynamic shapes stay scalar (untouched linalg ops).
// CHECK-LABEL: func.func @scalar
// CHECK: linalg.generic
// CHECK-NOT: vector.
// CHECK: linalg.generic
func.func @scalar(%x: tensor<64x128xi1>, %y: tensor<?x128xf32>) -> (tensor<64x128xi1>, tensor<?x128xf32>) {
  %e = tensor.empty() : tensor<64x128xi1>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<64x128xi1>) outs(%e : tensor<64x128xi1>) {
  ^bb0(%in: i1, %out: i1):
    %t = arith.constant true
    %n = arith.xori %in, %t : i1
    linalg.yield %n : i1
  } -> tensor<64x128xi1>
  %c0 = arith.constant 0 : index
  %d = tensor.dim %y, %c0 : tensor<?x128xf32>
  %e2 = tensor.empty(%d) : tensor<?x128xf32>
  %r2 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<?x128xf32>) outs(%e2 : tensor<?x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<?x128xf32>
  return %r, %r2 : tensor<64x128xi1>, tensor<?x128xf32>
}

// -----

// tensor.pad becomes a vectorised fill of the padded tensor and a vectorised
// copy into its interior (bufferisation would leave both as scalar loops;
// the copy of a row folds to a slice copy, a memcpy).
// A row of 58 or 56 elements (not a multiple of 16) is not split: its vector
// is the largest divisor up to 32 (29, 28).
// CHECK-LABEL: func.func @pad
// CHECK-NOT: tensor.pad
// CHECK: vector.transfer_write %{{.*}} : vector<1x1x29xf32>
// CHECK: tensor.insert_slice {{.*}} [1, 1, 28] [1, 1, 1] : tensor<1x1x28xf32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 1, 1] [8, 56, 56] [1, 1, 1] : tensor<8x56x56xf32> into tensor<8x58x58xf32>
func.func @pad(%x: tensor<8x56x56xf32>) -> tensor<8x58x58xf32> {
  %z = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1] high[0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index):
    tensor.yield %z : f32
  } : tensor<8x56x56xf32> to tensor<8x58x58xf32>
  return %p : tensor<8x58x58xf32>
}
