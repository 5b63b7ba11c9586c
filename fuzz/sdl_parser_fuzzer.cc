// libFuzzer target: the SDL parser, printer and schema builder.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "src/syntax/parser.h"
#include "src/syntax/printer.h"
#include "tests/common/ast_equal.h"
#include "vigil/schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vigil::Diagnostics diags;
  auto doc = vigil::syntax::ParseSchema(text, "fuzz", {}, &diags);
  if (!doc.ok()) {
    if (diags.empty()) std::abort();
  } else {
    std::string printed = vigil::syntax::Print(*doc);
    auto again = vigil::syntax::ParseSchema(printed, "printed");
    // `extend schema` without operation types does not print back to
    // something parseable (the tree does not record the extension); skip
    // those documents.
    bool has_schema_ext = false;
    for (const auto& sd : doc->schema_definitions) {
      if (sd.operation_types.empty()) has_schema_ext = true;
    }
    if (!has_schema_ext &&
        (!again.ok() || !vigil::syntax::testing::Equal(*doc, *again) ||
         vigil::syntax::Print(*again) != printed)) {
      std::abort();
    }
  }
  vigil::Diagnostics schema_diags;
  auto schema = vigil::Schema::FromSdl(text, "fuzz", &schema_diags);
  if (schema.ok()) {
    const vigil::Schema& s = **schema;
    for (const auto& rf : s.root_fields()) {
      if (s.FindRootField(rf.name) == nullptr) std::abort();
    }
    for (size_t i = 0; i < s.types().size(); ++i) {
      for (vigil::TypeId c : s.type(i).concrete_types) {
        if (!s.IsSubtype(c, static_cast<vigil::TypeId>(i))) std::abort();
      }
    }
  } else if (schema_diags.empty()) {
    std::abort();
  }
  return 0;
}
