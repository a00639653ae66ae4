// RUN: strata-opt %s -strata-cpu-pipeline | FileCheck %s

// With a dynamically shaped output the entry keeps its results (ABI version
// 2): strata_entry passes a result struct to the C interface and stores
// each returned descriptor into the runtime's output slot (args[1],
// args[2]).
// CHECK: llvm.func @strata_entry(%[[ARGS:.*]]: !llvm.ptr) {
// CHECK: %[[RES:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)>
// CHECK: %[[IN0:.*]] = llvm.getelementptr %[[ARGS]][0]
// CHECK: %[[X:.*]] = llvm.load %[[IN0]]
// CHECK: llvm.call @_mlir_ciface_main(%[[RES]], %[[X]])
// CHECK: %[[ALL:.*]] = llvm.load %[[RES]]
// CHECK: %[[D0:.*]] = llvm.extractvalue %[[ALL]][0]
// CHECK: %[[S1:.*]] = llvm.getelementptr %[[ARGS]][1]
// CHECK: %[[P1:.*]] = llvm.load %[[S1]]
// CHECK: llvm.store %[[D0]], %[[P1]] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, !llvm.ptr
// CHECK: %[[D1:.*]] = llvm.extractvalue %[[ALL]][1]
// CHECK: %[[S2:.*]] = llvm.getelementptr %[[ARGS]][2]
// CHECK: %[[P2:.*]] = llvm.load %[[S2]]
// CHECK: llvm.store %[[D1]], %[[P2]]
// CHECK: llvm.return
// CHECK: llvm.mlir.global external constant @strata_signature({{.*}}\22outputs_allocated_by\22:\22callee\22
func.func @main(%x: tensor<?x4xf32> {strata.name = "x"}) -> (tensor<?x4xf32>, tensor<4xf32>) {
  %c = arith.constant dense<1.0> : tensor<4xf32>
  %0 = graph.relu %x : tensor<?x4xf32>
  return %0, %c : tensor<?x4xf32>, tensor<4xf32>
}
