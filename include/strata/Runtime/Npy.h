//===- Npy.h - Read and write numpy .npy files ------------------*- C++ -*-===//
//
// The .npy format (versions 1-3, little-endian, C order) for the types in
// HostTensor.h. Malformed files are errors naming the file, never crashes.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_NPY_H
#define STRATA_RUNTIME_NPY_H

#include "strata/Runtime/HostTensor.h"

#include "llvm/Support/Error.h"

namespace strata::runtime {

/// Parses the contents of a .npy file; `name` is used in error messages.
llvm::Expected<HostTensor> parseNpy(llvm::StringRef bytes,
                                    llvm::StringRef name);
llvm::Expected<HostTensor> readNpyFile(llvm::StringRef path);
/// Serialises `tensor` in .npy version 1.0 format.
std::string serializeNpy(const HostTensor &tensor);
llvm::Error writeNpyFile(llvm::StringRef path, const HostTensor &tensor);

} // namespace strata::runtime

#endif // STRATA_RUNTIME_NPY_H
