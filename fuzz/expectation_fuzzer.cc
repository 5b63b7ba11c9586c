// libFuzzer target: the expectation parser (vigil/expectation.h) and its
// evaluation against a few fixed results.
// Any text must parse or fail with one diagnostic located inside the text.
// A parsed expectation prints (ToString) to text that parses back to an
// equal expectation whose printed form is a fixed point (not at once: an
// operand -0.0 prints "-0", read back as the integer 0); evaluating it never crashes, and one that "expects no
// rows" holds for the empty list.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/expectation.h"
#include "vigil/value.h"

namespace {

const std::vector<vigil::Value>& Results() {
  static const auto* results = [] {
    auto* r = new std::vector<vigil::Value>;
    for (std::string_view json :
         {"[]", R"([{"id": "vpc-1"}])", R"([{"id": "a"}, {"id": "b"}, {"id": "c"}])", "0", "3",
          "-2", "2.5", "1e300", "null", "true", R"("text")", R"({"vpcs": [{"id": "x"}]})",
          "9223372036854775807", "-9223372036854775808"}) {
      auto v = vigil::Value::ParseJson(json);
      if (!v.ok()) std::abort();
      r->push_back(*std::move(v));
    }
    return r;
  }();
  return *results;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vigil::Diagnostics diags;
  auto e = vigil::Expectation::Parse(text, "fuzz", &diags);
  if (!e.ok()) {
    if (diags.size() != 1) std::abort();  // exactly one located diagnostic
    if (diags[0].location.offset > text.size()) std::abort();
    (void)diags[0].ToString();
    return 0;
  }
  if (!diags.empty()) std::abort();
  // The normalised form parses back to the same expectation.
  std::string normal = e->ToString();
  auto again = vigil::Expectation::Parse(normal, "normal");
  if (!again.ok() || again->count != e->count || again->op != e->op ||
      again->value != e->value) {
    std::abort();
  }
  std::string normal2 = again->ToString();
  auto third = vigil::Expectation::Parse(normal2, "normal");
  if (!third.ok() || third->value != e->value || third->ToString() != normal2) {
    std::abort();
  }
  for (const vigil::Value& r : Results()) {
    auto holds = e->Holds(r);
    if (!holds.ok() && holds.status().message().empty()) std::abort();
    // Lists: an expectation that applies to lists gives an answer.
    if (r.is_array() && e->AppliesToLists() && !holds.ok()) std::abort();
  }
  if (e->ExpectsNoRows()) {
    auto holds = e->Holds(Results()[0]);  // []
    if (!holds.ok() || !*holds) std::abort();
    auto one = e->Holds(Results()[1]);  // one row
    if (!one.ok() || *one) std::abort();
  }
  return 0;
}
