// f_CONTAINS / f_STARTS_WITH / f_ENDS_WITH, once per distinct value.
#include "src/exec/scalar.h"

namespace vigil::exec {

void EvalStringMatch(const ScalarArgs& a) {
  const std::string_view x = a.f.value.s;
  switch (a.f.op) {
    case plan::ScalarOp::kContains:
      FillByString(a, [&](std::string_view s) -> uint8_t {
        return s.find(x) != std::string_view::npos;
      });
      break;
    case plan::ScalarOp::kStartsWith:
      FillByString(a, [&](std::string_view s) -> uint8_t { return s.starts_with(x); });
      break;
    default:
      FillByString(a, [&](std::string_view s) -> uint8_t { return s.ends_with(x); });
      break;
  }
}

}  // namespace vigil::exec
