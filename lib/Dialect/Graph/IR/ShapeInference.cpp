//===- ShapeInference.cpp - Shape rules of graph ops ----------------------===//
//
// Implements the MLIR-independent shape functions declared in
// ShapeInference.h.
//
//===----------------------------------------------------------------------===//

#include "strata/Dialect/Graph/IR/ShapeInference.h"

#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace strata::graph;
using namespace strata::graph::shape;

std::string shape::toString(int64_t dim) {
  return isDynamic(dim) ? "?" : std::to_string(dim);
}

std::string shape::toString(llvm::ArrayRef<int64_t> s) {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << '[';
  for (size_t i = 0; i < s.size(); ++i) {
    if (i)
      os << ", ";
    if (isDynamic(s[i]))
      os << '?';
    else
      os << s[i];
  }
  os << ']';
  return out;
}

std::optional<int64_t> shape::numElements(llvm::ArrayRef<int64_t> s) {
  int64_t n = 1;
  for (int64_t d : s) {
    if (isDynamic(d))
      return std::nullopt;
    std::optional<int64_t> product = llvm::checkedMul<int64_t>(n, d);
    if (!product)
      return std::nullopt;
    n = *product;
  }
  return n;
}

std::optional<int64_t> shape::normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

std::optional<Shape> shape::broadcast(llvm::ArrayRef<int64_t> lhs,
                                      llvm::ArrayRef<int64_t> rhs,
                                      std::string &error) {
  size_t rank = std::max(lhs.size(), rhs.size());
  Shape result(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    // Align at the trailing dim; missing leading dims act as 1.
    int64_t l = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t r = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (l == 1) {
      result[i] = r;
    } else if (r == 1) {
      result[i] = l;
    } else if (isDynamic(l)) {
      result[i] = r;
    } else if (isDynamic(r) || l == r) {
      result[i] = l;
    } else {
      error = "shapes " + toString(lhs) + " and " + toString(rhs) +
              " do not broadcast: result dim " + std::to_string(i) +
              " would need " + std::to_string(l) + " and " + std::to_string(r);
      return std::nullopt;
    }
  }
  return result;
}

bool shape::broadcastsTo(llvm::ArrayRef<int64_t> from,
                         llvm::ArrayRef<int64_t> to) {
  if (from.size() > to.size())
    return false;
  size_t offset = to.size() - from.size();
  for (auto [i, f] : llvm::enumerate(from)) {
    int64_t t = to[i + offset];
    if (f != 1 && !isDynamic(f) && !isDynamic(t) && f != t)
      return false;
  }
  return true;
}

std::optional<Shape> shape::matmul(llvm::ArrayRef<int64_t> lhs,
                                   llvm::ArrayRef<int64_t> rhs,
                                   std::string &error) {
  if (lhs.empty() || rhs.empty()) {
    error = "operands must have rank >= 1, got " + toString(lhs) + " and " +
            toString(rhs);
    return std::nullopt;
  }
  Shape a(lhs.begin(), lhs.end()), b(rhs.begin(), rhs.end());
  bool lhsVector = a.size() == 1, rhsVector = b.size() == 1;
  if (lhsVector)
    a.insert(a.begin(), 1);
  if (rhsVector)
    b.push_back(1);
  int64_t m = a[a.size() - 2], k = a.back();
  int64_t k2 = b[b.size() - 2], n = b.back();
  if (!isDynamic(k) && !isDynamic(k2) && k != k2) {
    error = "contracting dims differ: lhs " + toString(lhs) + " has " +
            std::to_string(k) + ", rhs " + toString(rhs) + " has " +
            std::to_string(k2);
    return std::nullopt;
  }
  std::string batchError;
  std::optional<Shape> batch =
      broadcast(llvm::ArrayRef(a).drop_back(2), llvm::ArrayRef(b).drop_back(2),
                batchError);
  if (!batch) {
    error = "batch dims do not broadcast: " + batchError;
    return std::nullopt;
  }
  Shape result = *batch;
  if (!lhsVector)
    result.push_back(m);
  if (!rhsVector)
    result.push_back(n);
  return result;
}

/// Floor division for a possibly negative numerator and positive divisor.
static int64_t floorDiv(int64_t a, int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

std::optional<int64_t> shape::windowOutputSize(int64_t in, int64_t kernel,
                                               int64_t stride, int64_t dilation,
                                               int64_t padBegin, int64_t padEnd,
                                               bool ceilMode,
                                               std::string &error) {
  if (isDynamic(in))
    return kDynamic;
  if (isDynamic(kernel))
    return kDynamic;
  // Attribute values are arbitrary int64: compute without overflow.
  std::optional<int64_t> span =
      llvm::checkedMulAdd<int64_t>(dilation, kernel - 1, 1);
  std::optional<int64_t> padded = llvm::checkedAdd<int64_t>(in, padBegin);
  if (padded)
    padded = llvm::checkedAdd<int64_t>(*padded, padEnd);
  if (!span || !padded) {
    error = "window or padding sizes overflow 64-bit integers";
    return std::nullopt;
  }
  int64_t avail = *padded - *span;
  if (avail < 0) {
    error = "window of extent " + std::to_string(*span) +
            " does not fit an input of size " + std::to_string(in) +
            " padded by " + std::to_string(padBegin) + " and " +
            std::to_string(padEnd);
    return std::nullopt;
  }
  int64_t out = ceilMode ? floorDiv(avail + stride - 1, stride) + 1
                         : floorDiv(avail, stride) + 1;
  // The last window must start inside the input or the begin padding.
  if (ceilMode && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

int64_t shape::sliceSize(int64_t dim, int64_t start, int64_t end,
                         int64_t step) {
  if (isDynamic(dim))
    return kDynamic;
  auto clamp = [](int64_t v, int64_t lo, int64_t hi) {
    return std::min(std::max(v, lo), hi);
  };
  if (start < 0)
    start = start < -dim ? (step > 0 ? 0 : -1) : start + dim;
  if (end < 0)
    end = end < -dim ? -1 : end + dim;
  // Written so that no step, not even INT64_MIN, overflows.
  if (step > 0) {
    start = clamp(start, 0, dim);
    end = clamp(end, 0, dim);
    return end > start ? (end - start - 1) / step + 1 : 0;
  }
  start = clamp(start, -1, dim - 1);
  end = clamp(end, -1, dim - 1);
  uint64_t magnitude = 0 - static_cast<uint64_t>(step);
  return start > end ? static_cast<int64_t>(
                           static_cast<uint64_t>(start - end - 1) / magnitude) +
                           1
                     : 0;
}

std::optional<Shape> shape::reshape(llvm::ArrayRef<int64_t> input,
                                    llvm::ArrayRef<int64_t> target,
                                    std::string &error) {
  Shape result;
  int64_t inferredAt = -1;
  int64_t known = 1;
  for (auto [i, d] : llvm::enumerate(target)) {
    if (d == -1) {
      if (inferredAt >= 0) {
        error = "shape " + toString(target) + " has more than one -1";
        return std::nullopt;
      }
      inferredAt = i;
      result.push_back(kDynamic);
      continue;
    }
    if (d < 0) {
      error =
          "shape " + toString(target) + " has a negative entry other than -1";
      return std::nullopt;
    }
    std::optional<int64_t> product = llvm::checkedMul<int64_t>(known, d);
    if (!product) {
      error = "shape " + toString(target) + " has more than 2^63 elements";
      return std::nullopt;
    }
    known = *product;
    result.push_back(d);
  }
  std::optional<int64_t> count = numElements(input);
  if (!count)
    return result;
  if (inferredAt >= 0) {
    if (known == 0 || *count % known != 0) {
      error = "cannot reshape " + toString(input) + " (" +
              std::to_string(*count) + " elements) to " + toString(target);
      return std::nullopt;
    }
    result[inferredAt] = *count / known;
  } else if (known != *count) {
    error = "cannot reshape " + toString(input) + " (" +
            std::to_string(*count) + " elements) to " + toString(target) +
            " (" + std::to_string(known) + " elements)";
    return std::nullopt;
  }
  return result;
}

bool shape::isPermutation(llvm::ArrayRef<int64_t> perm, int64_t rank) {
  if (static_cast<int64_t>(perm.size()) != rank)
    return false;
  llvm::SmallVector<bool> seen(rank, false);
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[p])
      return false;
    seen[p] = true;
  }
  return true;
}
