// RUN: strata-opt %s -split-input-file -verify-diagnostics -strata-cpu-export-entry | FileCheck %s

// The signature (names from strata.name, numpy dtypes, shapes) is recorded
// as JSON and the entry gets a C interface.
// CHECK: module attributes {strata.signature = "{\22abi_version\22:2,\22inputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22x\22,\22shape\22:[1,3]},{\22dtype\22:\22bool\22,\22name\22:\22input_1\22,\22shape\22:[]}],\22outputs\22:[{\22dtype\22:\22int64\22,\22name\22:\22y\22,\22shape\22:[2]}],\22outputs_allocated_by\22:\22caller\22,\22target\22:\22cpu\22,\22threads\22:0}"}
// CHECK: func.func @main({{.*}} attributes {llvm.emit_c_interface}
func.func @main(%x: tensor<1x3xf32> {strata.name = "x"}, %b: tensor<i1>) -> (tensor<2xi64> {strata.name = "y"}) {
  %c = arith.constant dense<[1, 2]> : tensor<2xi64>
  return %c : tensor<2xi64>
}

// -----

// Dynamic dims are -1 in "shape"; "dims" names them (strata.dim_names, from
// ONNX dim_params; "?" without a name). An output with a dynamic dim makes
// the compiled code allocate the outputs.
// CHECK: strata.signature = "{\22abi_version\22:2,\22inputs\22:[{\22dims\22:[\22N\22,3],\22dtype\22:\22float32\22,\22name\22:\22x\22,\22shape\22:[-1,3]},{\22dims\22:[\22?\22],\22dtype\22:\22int32\22,\22name\22:\22input_1\22,\22shape\22:[-1]}],\22outputs\22:[{\22dims\22:[\22N\22,3],\22dtype\22:\22float32\22,\22name\22:\22output_0\22,\22shape\22:[-1,3]}],\22outputs_allocated_by\22:\22callee\22,
func.func @main(%x: tensor<?x3xf32> {strata.name = "x", strata.dim_names = ["N", ""]}, %i: tensor<?xi32>) -> (tensor<?x3xf32> {strata.dim_names = ["N", ""]}) {
  return %x : tensor<?x3xf32>
}

// -----

// expected-error @+1 {{input 0 ('x') has type 'tensor<*xf32>'; the CPU runtime passes ranked tensors only}}
func.func @main(%x: tensor<*xf32> {strata.name = "x"}) -> tensor<*xf32> {
  return %x : tensor<*xf32>
}

// -----

// expected-error @+1 {{no entry function 'main'}}
module {
  func.func @other() {
    return
  }
}
