#include "NNLoweringUtils.h"
using namespace mlir;
void strata::nnlower::populateSlicePadGatherPatterns(RewritePatternSet &patterns) {}
