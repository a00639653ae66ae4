//===- ToolOptions.h - Options shared by strata-compile and strata-run ----===//
//
// --target, --threads, --input-shape and the MLIR debugging flags, defined
// once so that both tools spell and document them the same way.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TOOLS_COMMON_TOOLOPTIONS_H
#define STRATA_TOOLS_COMMON_TOOLOPTIONS_H

#include "strata/Driver/Driver.h"

#include <optional>

namespace strata::tools {

/// Registers the shared options and MLIR's context, pass-manager, printing
/// and timing options. Call before cl::ParseCommandLineOptions.
void registerCommonOptions();

/// Fills `options` from the shared options. Returns an exit status (2) after
/// printing a usage error prefixed with `tool`, or nullopt when all is well.
std::optional<int> readCompileOptions(CompileOptions &options,
                                      llvm::StringRef tool);

} // namespace strata::tools

#endif // STRATA_TOOLS_COMMON_TOOLOPTIONS_H
