// f_LT / f_LTE / f_GT / f_GTE: numbers and instants per row, strings (by
// byte order) once per distinct value.
#include "src/exec/scalar.h"

namespace vigil::exec {

void EvalOrder(const ScalarArgs& a) {
  const plan::Filter& f = a.f;
  const plan::ScalarOp op = f.op;
  switch (a.col.kind) {
    case ScalarKind::kDateTime: {
      const Instant* v = a.col.instants.data();
      const Instant x = f.value.t;
      FillByRow(a, [&](size_t r) -> uint8_t {
        return OrderHolds(op, v[r] < x ? -1 : v[r] > x ? 1 : 0);
      });
      return;
    }
    case ScalarKind::kInt: {
      const int64_t* v = a.col.ints.data();
      const int64_t x = f.value.i;
      FillByRow(a, [&](size_t r) -> uint8_t {
        return OrderHolds(op, v[r] < x ? -1 : v[r] > x ? 1 : 0);
      });
      return;
    }
    case ScalarKind::kFloat: {
      const double* v = a.col.floats.data();
      const plan::Literal& l = f.value;
      FillByRow(a, [&](size_t r) -> uint8_t {
        return OrderHolds(op, CompareNumbers(false, 0, v[r], l.is_int, l.i, l.d));
      });
      return;
    }
    case ScalarKind::kBoolean:
      return;  // no ordering filters on Boolean (the checker refuses them)
    default: {
      const std::string_view x = f.value.s;
      FillByString(a, [&](std::string_view s) -> uint8_t { return OrderHolds(op, s.compare(x)); });
      return;
    }
  }
}

}  // namespace vigil::exec
