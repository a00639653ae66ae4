//===- GraphInterfaces.td - Interfaces of graph ops ---------*- tablegen -*-===//
//
// CostOpInterface lets the cost model, the placement pass and the NPU tiler ask
// any graph op how much arithmetic it does and how many bytes it touches.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_GRAPH_INTERFACES_TD
#define STRATA_GRAPH_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Graph_CostOpInterface : OpInterface<"CostOpInterface"> {
  let cppNamespace = "::strata::graph";
  let description = [{
    Static work estimate of an op. Counts are exact for static shapes and
    `std::nullopt` when a dimension they depend on is dynamic.

    * FLOPs count arithmetic operations on elements: one multiply-accumulate
      is 2 FLOPs, a comparison or a select is 1, a transcendental function
      counts 1 (the hardware cost model weights them). Pure data movement
      (reshape, transpose, slice, ...) is 0 FLOPs.
    * Bytes are the compulsory traffic: every operand read once plus every
      result written once, at the element type's storage size
      (sub-byte types round up per tensor).
  }];
  let methods = [
    InterfaceMethod<"Returns the number of arithmetic operations.",
      "std::optional<int64_t>", "getFlops">,
    InterfaceMethod<[{
        Returns the bytes read from operands plus the bytes written to results.
      }],
      "std::optional<int64_t>", "getBytesAccessed", (ins), [{}], [{
        return ::strata::graph::detail::defaultBytesAccessed($_op);
      }]>,
  ];
}

#endif // STRATA_GRAPH_INTERFACES_TD
