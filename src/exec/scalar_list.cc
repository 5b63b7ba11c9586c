// List properties: f / f_NOT compare the whole list with a list literal
// (element by element, UNKNOWN where a null decides), f_INCLUDES /
// f_NOT_INCLUDES test membership (UNKNOWN when only a null element could
// have matched).
#include "src/exec/scalar.h"

namespace vigil::exec {

void EvalList(const ScalarArgs& a) {
  const Column& col = a.col;
  const plan::Filter& f = a.f;
  const uint32_t* offs = col.list_offsets.data();
  const uint64_t* ev = col.element_valid.words().data();
  auto elem_valid = [&](size_t e) { return (ev[e >> 6] >> (e & 63)) & 1; };
  // Equality of non-null element e with non-null literal l.
  auto elem_eq = [&](size_t e, const plan::Literal& l) -> bool {
    switch (col.kind) {
      case ScalarKind::kBoolean: return col.bools[e] == l.b;
      case ScalarKind::kInt: return col.ints[e] == l.i;
      case ScalarKind::kDateTime: return col.instants[e] == l.t;
      case ScalarKind::kFloat:
        return CompareNumbers(false, 0, col.floats[e], l.is_int, l.i, l.d) == 0;
      default: return col.StringAt(col.codes[e]) == l.s;
    }
  };
  if (f.op == plan::ScalarOp::kIncludes) {
    FillByRow(a, [&](size_t r) -> uint8_t {
      bool saw_null = false;
      for (uint32_t e = offs[r]; e < offs[r + 1]; ++e) {
        if (!elem_valid(e)) {
          saw_null = true;
        } else if (elem_eq(e, f.value)) {
          return kT;
        }
      }
      return saw_null ? kU : kF;
    });
    return;
  }
  FillByRow(a, [&](size_t r) -> uint8_t {  // kListEq
    const size_t len = offs[r + 1] - offs[r];
    if (len != f.values.size()) return kF;
    bool unknown = false;
    for (size_t k = 0; k < len; ++k) {
      const size_t e = offs[r] + k;
      const plan::Literal& l = f.values[k];
      if (!elem_valid(e) || l.is_null) {
        unknown = true;
      } else if (!elem_eq(e, l)) {
        return kF;
      }
    }
    return unknown ? kU : kT;
  });
}

}  // namespace vigil::exec
