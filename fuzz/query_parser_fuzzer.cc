// libFuzzer target: the executable-document parser and printer.
// Any bytes must parse or fail cleanly; a successful parse must print to
// text that parses back to an equal tree, and printing is a fixed point.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "src/syntax/parser.h"
#include "src/syntax/printer.h"
#include "tests/common/ast_equal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vigil::Diagnostics diags;
  auto doc = vigil::syntax::ParseExecutable(text, "fuzz", {}, &diags);
  if (!doc.ok()) {
    if (diags.empty()) std::abort();  // a failure must say why
    for (const auto& d : diags) (void)d.ToString();
  } else {
    std::string printed = vigil::syntax::Print(*doc);
    auto again = vigil::syntax::ParseExecutable(printed, "printed");
    if (!again.ok() || !vigil::syntax::testing::Equal(*doc, *again) ||
        vigil::syntax::Print(*again) != printed) {
      std::abort();
    }
  }
  (void)vigil::syntax::ParseFragments(text, "fuzz");
  auto value = vigil::syntax::ParseValue(text, "fuzz", true);
  if (value.ok()) {
    std::string printed = vigil::syntax::Print(*value);
    auto again = vigil::syntax::ParseValue(printed, "printed", true);
    if (!again.ok() || !vigil::syntax::testing::Equal(*value, *again)) std::abort();
  }
  return 0;
}
