//===- GraphOps.td - All ops of the graph dialect -----------*- tablegen -*-===//
//
// Root TableGen file of the graph dialect: the op families live in their own
// files and are generated together from here.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_GRAPH_OPS_TD
#define STRATA_GRAPH_OPS_TD

include "GraphBase.td"
include "GraphElementwiseOps.td"
include "GraphNNOps.td"
include "GraphShapeOps.td"
include "GraphIndexingOps.td"

#endif // STRATA_GRAPH_OPS_TD
