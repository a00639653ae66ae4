//===- strata-opt.cpp - Strata's mlir-opt -------------------------------===//
//
// Runs pass pipelines over .mlir files with every Strata and upstream dialect
// and pass registered; the driver behind Strata's lit tests.
//
//===----------------------------------------------------------------------===//

#include "strata/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  strata::registerAllDialects(registry);
  strata::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Strata optimizer driver\n", registry));
}
