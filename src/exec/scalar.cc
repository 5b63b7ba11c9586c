// EvalScalar: resolves the column and hands the filter to its kernel.
#include "src/exec/scalar.h"

namespace vigil::exec {

constexpr size_t kGrainRows = 1 << 15;  // multiple of 64

void RowRunner::ForRange(size_t n, const std::function<void(size_t, size_t)>& fn) const {
  if (pool_ == nullptr || n <= kGrainRows) {
    if (n > 0) fn(0, n);
    return;
  }
  pool_->ParallelFor(n, kGrainRows, fn);
}

void EvalScalar(const plan::Filter& f, const Column& col, size_t rows, const Graph& graph,
                const RowRunner& runner, Tri* out) {
  using plan::ScalarOp;
  out->Init(rows);
  if (rows == 0) return;
  const ScalarArgs a{f, col, rows, graph, runner, out};
  if (f.op == ScalarOp::kIsNull) {
    EvalIsNull(a);
    return;
  }
  if (col.is_list) {
    EvalList(a);
  } else {
    switch (f.op) {
      case ScalarOp::kEq:
      case ScalarOp::kIn:
        EvalEquality(a);
        break;
      case ScalarOp::kLt:
      case ScalarOp::kLte:
      case ScalarOp::kGt:
      case ScalarOp::kGte:
        EvalOrder(a);
        break;
      case ScalarOp::kContains:
      case ScalarOp::kStartsWith:
      case ScalarOp::kEndsWith:
        EvalStringMatch(a);
        break;
      case ScalarOp::kMatches:
        EvalRegex(a);
        break;
      default:
        break;  // list operators only apply to list columns
    }
  }
  if (f.negate) out->Negate();
}

}  // namespace vigil::exec
