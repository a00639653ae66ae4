// RUN: strata-opt %s -split-input-file -verify-diagnostics -strata-cpu-export-entry | FileCheck %s

// The signature (names from strata.name, numpy dtypes, shapes) is recorded
// as JSON and the entry gets a C interface.
// CHECK: module attributes {strata.signature = "{\22abi_version\22:1,\22inputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22x\22,\22shape\22:[1,3]},{\22dtype\22:\22bool\22,\22name\22:\22input_1\22,\22shape\22:[]}],\22outputs\22:[{\22dtype\22:\22int64\22,\22name\22:\22y\22,\22shape\22:[2]}],\22target\22:\22cpu\22,\22threads\22:0}"}
// CHECK: func.func @main({{.*}} attributes {llvm.emit_c_interface}
func.func @main(%x: tensor<1x3xf32> {strata.name = "x"}, %b: tensor<i1>) -> (tensor<2xi64> {strata.name = "y"}) {
  %c = arith.constant dense<[1, 2]> : tensor<2xi64>
  return %c : tensor<2xi64>
}

// -----

// expected-error @+1 {{input 0 ('input_0') has type 'tensor<?x3xf32>' with dynamic dims; the CPU runtime needs static shapes}}
func.func @main(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  return %x : tensor<?x3xf32>
}

// -----

// expected-error @+1 {{no entry function 'main'}}
module {
  func.func @other() {
    return
  }
}
