//===- InitAll.h - Register every Strata and upstream component -*- C++ -*-===//
//
// One place that registers all dialects, extensions and passes the Strata
// tools offer: Strata's own plus the upstream MLIR ones its lowerings use.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_INITALL_H
#define STRATA_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace strata {

/// Adds Strata's dialects and the upstream dialects (with their interface
/// extensions) to `registry`.
void registerAllDialects(mlir::DialectRegistry &registry);

/// Registers Strata's passes and all upstream passes with the global registry
/// so that textual pipelines can name them.
void registerAllPasses();

} // namespace strata

#endif // STRATA_INITALL_H
