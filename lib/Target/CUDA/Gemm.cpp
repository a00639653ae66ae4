//===- Gemm.cpp - A linalg contraction seen as a (batched) GEMM -----------===//
//
// See Gemm.h.
//
//===----------------------------------------------------------------------===//

#include "Gemm.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;
using namespace strata::cuda;

/// The element type when the payload is `out + in0 * in1` in one float
/// type the kernels handle (f32, f16, bf16); null otherwise.
static Type mulAddElementType(linalg::LinalgOp op) {
  Block *block = op.getBlock();
  if (block->getNumArguments() != 3 || block->getOperations().size() != 3)
    return {};
  Type type = block->getArgument(0).getType();
  if (!type.isF32() && !type.isF16() && !type.isBF16())
    return {};
  for (BlockArgument arg : block->getArguments())
    if (arg.getType() != type)
      return {};
  auto mul = dyn_cast<arith::MulFOp>(&block->front());
  auto add =
      dyn_cast_or_null<arith::AddFOp>(mul ? mul->getNextNode() : nullptr);
  if (!mul || !add)
    return {};
  auto isArg = [&](Value v, unsigned i) { return v == block->getArgument(i); };
  bool mulOk = (isArg(mul.getLhs(), 0) && isArg(mul.getRhs(), 1)) ||
               (isArg(mul.getLhs(), 1) && isArg(mul.getRhs(), 0));
  bool addOk = (isArg(add.getLhs(), 2) && add.getRhs() == mul) ||
               (isArg(add.getRhs(), 2) && add.getLhs() == mul);
  if (!mulOk || !addOk ||
      block->getTerminator()->getOperands() != ValueRange(add.getResult()))
    return {};
  return type;
}

/// Classifies the loops of `op` (A, B, C = its operands) by the operands
/// they index.
static FailureOr<GemmDims> classifyDims(linalg::LinalgOp op) {
  AffineMap aMap = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
  AffineMap bMap = op.getMatchingIndexingMap(op.getDpsInputOperand(1));
  AffineMap cMap = op.getMatchingIndexingMap(&op.getDpsInitsMutable()[0]);
  GemmDims dims;
  for (auto [d, type] : llvm::enumerate(op.getIteratorTypesArray())) {
    bool inA = aMap.isFunctionOfDim(d), inB = bMap.isFunctionOfDim(d);
    bool inC = cMap.isFunctionOfDim(d);
    if (type == utils::IteratorType::reduction) {
      if (!inA || !inB)
        return failure();
      dims.k.push_back(d);
    } else if (!inC) {
      return failure();
    } else if (inA && inB) {
      dims.batch.push_back(d);
    } else if (inA) {
      dims.m.push_back(d);
    } else if (inB) {
      dims.n.push_back(d);
    } else {
      return failure();
    }
  }
  if (dims.m.empty() || dims.n.empty() || dims.k.empty())
    return failure();
  return dims;
}

static int64_t product(ArrayRef<int64_t> ranges, ArrayRef<unsigned> dims) {
  int64_t p = 1;
  for (unsigned d : dims)
    p *= ranges[d];
  return p;
}

FailureOr<GemmPlan> strata::cuda::analyseGemm(RewriterBase &rewriter,
                                              linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1)
    return rewriter.notifyMatchFailure(op, "not two inputs and one output "
                                           "on buffers");
  GemmPlan plan;
  plan.op = op;
  plan.elementType = mulAddElementType(op);
  if (!plan.elementType)
    return rewriter.notifyMatchFailure(op, "not an f32/f16/bf16 "
                                           "multiply-accumulate");
  plan.aMap = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
  plan.bMap = op.getMatchingIndexingMap(op.getDpsInputOperand(1));
  plan.cMap = op.getMatchingIndexingMap(&op.getDpsInitsMutable()[0]);
  if (!plan.cMap.isProjectedPermutation())
    return rewriter.notifyMatchFailure(op, "output map is not a projected "
                                           "permutation");
  plan.ranges = op.getStaticLoopRanges();
  if (llvm::any_of(plan.ranges, ShapedType::isDynamic))
    return rewriter.notifyMatchFailure(op, "dynamic shapes");
  FailureOr<GemmDims> dims = classifyDims(op);
  if (failed(dims))
    return rewriter.notifyMatchFailure(op, "not a (batch) matmul or an "
                                           "implicit GEMM");
  plan.dims = *dims;
  plan.batch = product(plan.ranges, plan.dims.batch);
  plan.M = product(plan.ranges, plan.dims.m);
  plan.N = product(plan.ranges, plan.dims.n);
  plan.K = product(plan.ranges, plan.dims.k);
  if (plan.batch > 65535)
    return rewriter.notifyMatchFailure(op, "batch larger than grid z");
  return plan;
}

/// The buffer `value` is a view of (through view-like ops), or itself.
static Value rootBuffer(Value value) {
  while (auto view = value.getDefiningOp<ViewLikeOpInterface>())
    value = view.getViewSource();
  return value;
}

/// True when nothing reads `buffer` (a temporary) after `last`: it is an
/// alloc whose users are all in `last`'s block (or inside ops there, such
/// as the kernels already emitted), and every user but its dealloc comes
/// no later than `last`.
static bool isDeadAfter(Value buffer, Operation *last) {
  if (!buffer.getDefiningOp<memref::AllocOp>())
    return false;
  for (Operation *user : buffer.getUsers()) {
    if (isa<memref::DeallocOp>(user))
      continue;
    Operation *ancestor = last->getBlock()->findAncestorOpInBlock(*user);
    if (!ancestor || last->isBeforeInBlock(ancestor))
      return false;
  }
  return true;
}

void strata::cuda::chooseGemmTile(GemmPlan &plan, const GPUTarget &target) {
  auto blocks = [&](int64_t tile) {
    return (plan.M + tile - 1) / tile * ((plan.N + tile - 1) / tile) *
           plan.batch;
  };
  plan.tile = blocks(kGemmTileLarge) >= target.smCount ? kGemmTileLarge
                                                       : kGemmTileSmall;
}

void strata::cuda::findEpilogue(GemmPlan &plan) {
  linalg::LinalgOp gemm = plan.op;
  Value c = gemm.getDpsInitsMutable()[0].get();
  Operation *next = gemm->getNextNode();
  while (next && isMemoryEffectFree(next) && next->getNumRegions() == 0)
    next = next->getNextNode();
  auto op = dyn_cast_or_null<linalg::GenericOp>(next);
  auto cType = cast<MemRefType>(c.getType());
  if (!op || !op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() != 0 ||
      op.getNumLoops() != static_cast<unsigned>(cType.getRank()) ||
      op.getStaticLoopRanges() != cType.getShape())
    return;
  OpOperand &out = op.getDpsInitsMutable()[0];
  Value d = out.get();
  if (!op.getMatchingIndexingMap(&out).isIdentity() ||
      cast<MemRefType>(d.getType()).getShape() != cType.getShape())
    return;
  if (d != c && rootBuffer(d) == rootBuffer(c))
    return;
  // Blocks that finish early would overwrite A or B while others still
  // read them (bufferisation may reuse a dead operand's buffer for D).
  for (OpOperand *in : gemm.getDpsInputOperands())
    if (rootBuffer(in->get()) == rootBuffer(d))
      return;
  bool readsC = false;
  for (OpOperand *in : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(in);
    if (in->get() == c) {
      if (!map.isIdentity())
        return;
      readsC = true;
      continue;
    }
    if (!map.isProjectedPermutation() ||
        !isa<MemRefType>(in->get().getType()) ||
        rootBuffer(in->get()) == rootBuffer(c))
      return;
  }
  if (!readsC)
    return;
  plan.epilogue = op;
  plan.storeC = d != c && !isDeadAfter(c, op);
}

GemmBuilder::GemmBuilder(RewriterBase &rewriter, const GemmPlan &plan,
                         Location loc)
    : m{rewriter, loc}, rewriter(rewriter), plan(plan), loc(loc),
      ivs(plan.ranges.size()) {}

gpu::LaunchOp GemmBuilder::beginKernel(int64_t threadsX, int64_t threadsY,
                                       TypeRange tileTypes) {
  linalg::LinalgOp op = plan.op;
  rewriter.setInsertionPoint(op);
  int64_t tile = plan.tile;
  auto launch = gpu::LaunchOp::create(
      rewriter, loc, m.c((plan.N + tile - 1) / tile),
      m.c((plan.M + tile - 1) / tile), m.c(plan.batch), m.c(threadsX),
      m.c(threadsY), m.c(1),
      /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
      /*asyncDependencies=*/{}, tileTypes);
  rewriter.setInsertionPointToStart(&launch.getBody().front());
  rowBase = m.mul(launch.getBlockIds().y, tile);
  colBase = m.mul(launch.getBlockIds().x, tile);
  setDims(plan.dims.batch, launch.getBlockIds().z);
  return launch;
}

ValueRange
GemmBuilder::kLoop(Value aTile, Value bTile, bool bTransposed, Value tid,
                   int64_t threads, ValueRange accs,
                   function_ref<SmallVector<Value>(ValueRange)> step) {
  linalg::LinalgOp op = plan.op;
  const GemmDims &dims = plan.dims;
  Value a = op.getDpsInputOperand(0)->get();
  Value b = op.getDpsInputOperand(1)->get();
  auto loop = scf::ForOp::create(rewriter, loc, m.c(0),
                                 m.c((plan.K + kGemmTileK - 1) / kGemmTileK),
                                 m.c(1), accs);
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(loop.getBody());
  Value kBase = m.mul(loop.getInductionVar(), kGemmTileK);
  // A: rows of M, columns of K. B: rows of K, columns of N, or transposed.
  stage(aTile, tid, threads, a, plan.aMap, dims.m, rowBase, plan.M, dims.k,
        kBase, plan.K);
  if (bTransposed)
    stage(bTile, tid, threads, b, plan.bMap, dims.n, colBase, plan.N, dims.k,
          kBase, plan.K);
  else
    stage(bTile, tid, threads, b, plan.bMap, dims.k, kBase, plan.K, dims.n,
          colBase, plan.N);
  gpu::BarrierOp::create(rewriter, loc);
  SmallVector<Value> next = step(loop.getRegionIterArgs());
  gpu::BarrierOp::create(rewriter, loc);
  scf::YieldOp::create(rewriter, loc, next);
  return loop.getResults();
}

void GemmBuilder::setDims(ArrayRef<unsigned> group, Value linear) {
  m.delinearise(plan.ranges, group, linear, ivs);
}

void GemmBuilder::stage(Value tile, Value tid, int64_t threads, Value source,
                        AffineMap map, ArrayRef<unsigned> rowDims,
                        Value rowBase, int64_t rowBound,
                        ArrayRef<unsigned> colDims, Value colBase,
                        int64_t colBound) {
  auto tileType = cast<MemRefType>(tile.getType());
  int64_t rows = tileType.getDimSize(0), cols = tileType.getDimSize(1);
  Type tileElement = tileType.getElementType();
  Type sourceElement = plan.elementType;
  Value zero = arith::ConstantOp::create(
      rewriter, loc, rewriter.getFloatAttr(sourceElement, 0.0));
  for (int64_t l = 0; l < rows * cols / threads; ++l) {
    Value e = m.add(tid, m.c(threads * l));
    Value r = m.div(e, cols), col = m.rem(e, cols);
    Value row = m.add(rowBase, r), column = m.add(colBase, col);
    setDims(rowDims, row);
    setDims(colDims, column);
    Value inside = m.both(m.lt(row, rowBound), m.lt(column, colBound));
    auto branch = scf::IfOp::create(rewriter, loc, TypeRange{sourceElement},
                                    inside, /*withElseRegion=*/true);
    {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(branch.thenBlock());
      Value loaded = memref::LoadOp::create(
          rewriter, loc, source, applyIndexingMap(rewriter, loc, map, ivs));
      scf::YieldOp::create(rewriter, loc, loaded);
      rewriter.setInsertionPointToStart(branch.elseBlock());
      scf::YieldOp::create(rewriter, loc, zero);
    }
    Value value = branch.getResult(0);
    if (tileElement != sourceElement)
      value = arith::TruncFOp::create(rewriter, loc, tileElement, value);
    memref::StoreOp::create(rewriter, loc, value, tile, ValueRange{r, col});
  }
}

void GemmBuilder::accumulate(Value row, Value column, Value value) {
  setDims(plan.dims.m, row);
  setDims(plan.dims.n, column);
  auto store = scf::IfOp::create(
      rewriter, loc, m.both(m.lt(row, plan.M), m.lt(column, plan.N)),
      /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(store.thenBlock());
  linalg::LinalgOp op = plan.op;
  Value c = op.getDpsInitsMutable()[0].get();
  SmallVector<Value> at = applyIndexingMap(rewriter, loc, plan.cMap, ivs);
  Value old = memref::LoadOp::create(rewriter, loc, c, at);
  Type f32 = rewriter.getF32Type();
  if (plan.elementType != f32)
    old = arith::ExtFOp::create(rewriter, loc, f32, old);
  Value sum = arith::AddFOp::create(rewriter, loc, old, value);
  if (plan.elementType != f32)
    sum = arith::TruncFOp::create(rewriter, loc, plan.elementType, sum);
  if (plan.storeC)
    memref::StoreOp::create(rewriter, loc, sum, c, at);
  if (plan.epilogue)
    applyEpilogue(sum, at);
}

void GemmBuilder::applyEpilogue(Value c, ArrayRef<Value> at) {
  linalg::GenericOp op = plan.epilogue;
  linalg::LinalgOp gemm = plan.op;
  Value cBuffer = gemm.getDpsInitsMutable()[0].get();
  Block *body = op.getBlock();
  IRMapping mapping;
  for (OpOperand &operand : op->getOpOperands()) {
    BlockArgument arg = body->getArgument(operand.getOperandNumber());
    bool isInput = op.isDpsInput(&operand);
    if (isInput && operand.get() == cBuffer) {
      mapping.map(arg, c);
      continue;
    }
    if (!isInput && arg.use_empty())
      continue;
    AffineMap map = op.getMatchingIndexingMap(&operand);
    mapping.map(
        arg, memref::LoadOp::create(rewriter, loc, operand.get(),
                                    applyIndexingMap(rewriter, loc, map, at)));
  }
  for (Operation &payload : body->without_terminator())
    rewriter.clone(payload, mapping);
  Value result = mapping.lookupOrDefault(body->getTerminator()->getOperand(0));
  memref::StoreOp::create(rewriter, loc, result,
                          op.getDpsInitsMutable()[0].get(), at);
}
