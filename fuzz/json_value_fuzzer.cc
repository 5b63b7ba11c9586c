// libFuzzer target: vigil::Value::ParseJson and the JSON writer.
// Any bytes must parse or fail with a located message; a parsed value must
// print to JSON that parses back to an equal value, and printing is then a
// fixed point. (Not at once: a double -0.0 prints "-0", which reads back as
// the integer 0 — equal as a JSON value, but printed "0".)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "vigil/value.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto v = vigil::Value::ParseJson(text, "fuzz.json");
  if (!v.ok()) {
    if (v.status().message().empty()) std::abort();  // a failure must say why
    return 0;
  }
  if (!(*v == *v)) std::abort();  // equality is reflexive (no NaN can parse)
  std::string printed = v->ToJson();
  auto again = vigil::Value::ParseJson(printed, "printed.json");
  if (!again.ok() || *again != *v) std::abort();
  std::string printed2 = again->ToJson();
  auto third = vigil::Value::ParseJson(printed2, "printed2.json");
  if (!third.ok() || *third != *v || third->ToJson() != printed2) std::abort();
  return 0;
}
