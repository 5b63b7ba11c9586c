// f_MATCHES: a full match of the RE2 the checker compiled (or, for a
// pattern given in a variable, the binder), once per distinct value.
#include "re2/re2.h"
#include "src/exec/scalar.h"

namespace vigil::exec {

void EvalRegex(const ScalarArgs& a) {
  const RE2& re = *a.f.regex;
  FillByString(a, [&](std::string_view s) -> uint8_t { return RE2::FullMatch(s, re); });
}

}  // namespace vigil::exec
