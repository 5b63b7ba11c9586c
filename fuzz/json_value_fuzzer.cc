// libFuzzer target: vigil::Value::ParseJson and the JSON writer.
// Any bytes must parse or fail with a located message; a parsed value must
// print to JSON that parses back to an equal value, and printing is a
// fixed point (print(parse(print(v))) == print(v)).
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
  if (again->ToJson() != printed) std::abort();
  return 0;
}
