// libFuzzer target: the located JSON reader (src/base/json_reader.h), as
// vigil::Value::ParseJson and as a located tree, and the JSON writer.
// Any bytes must parse or fail with a located diagnostic of the json.
// family; a parsed value must print to JSON that parses back to an equal
// value, and printing is then a fixed point. (Not at once: a double -0.0
// prints "-0", which reads back as the integer 0 — equal as a JSON value,
// but printed "0".) In the tree, every node lies inside its parent and its
// text, read alone, gives the same value; every offset has a place.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "src/base/json_reader.h"
#include "vigil/value.h"

namespace {

void CheckNode(const vigil::json::Document& doc, const vigil::json::Node& n, int budget) {
  const std::string& text = doc.text();
  if (n.offset > n.end || n.end > text.size()) std::abort();
  if (n.parent != nullptr && (n.offset < n.parent->offset || n.end > n.parent->end)) {
    std::abort();
  }
  if (!doc.Locate(n.offset).known()) std::abort();
  (void)vigil::json::PathOf(n);
  if (n.is_string()) {
    for (size_t k = 0; k <= n.s.size(); k += 1 + n.s.size() / 8) {
      uint32_t at = doc.StringOffset(n, k);
      if (at <= n.offset || at >= n.end) std::abort();
    }
  }
  if (budget > 0 && n.parent != nullptr) {
    // The node's own text is JSON for the same value.
    vigil::json::ReadOptions o;
    o.max_depth = 512;
    auto alone = vigil::json::Document::Parse(std::string(doc.Raw(n)), "part.json", nullptr, o);
    if (!alone.ok() || alone->root().ToValue() != n.ToValue()) std::abort();
  }
  for (const vigil::json::Node* item : n.items) CheckNode(doc, *item, budget - 1);
  for (const vigil::json::Member& m : n.members) {
    if (m.key_offset < n.offset || m.key_offset >= m.value->offset) std::abort();
    if (doc.text()[m.key_offset] != '"') std::abort();
    CheckNode(doc, *m.value, budget - 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto v = vigil::Value::ParseJson(text, "fuzz.json");
  if (!v.ok()) {
    if (v.status().message().empty()) std::abort();  // a failure must say why
  } else {
    if (!(*v == *v)) std::abort();  // equality is reflexive (no NaN can parse)
    std::string printed = v->ToJson();
    auto again = vigil::Value::ParseJson(printed, "printed.json");
    if (!again.ok() || *again != *v) std::abort();
    std::string printed2 = again->ToJson();
    auto third = vigil::Value::ParseJson(printed2, "printed2.json");
    if (!third.ok() || *third != *v || third->ToJson() != printed2) std::abort();
  }
  // The located tree, with the policy files' depth limit.
  vigil::Diagnostics diags;
  auto doc = vigil::json::Document::Parse(std::string(text), "fuzz.json", &diags);
  if (!doc.ok()) {
    if (diags.size() != 1 || diags[0].code.rfind("json.", 0) != 0) std::abort();
    if (diags[0].location.offset > size || !diags[0].location.known()) std::abort();
    // Messages print text, never raw control bytes.
    for (char c : diags[0].message) {
      if (static_cast<unsigned char>(c) < 0x20) std::abort();
    }
    return 0;
  }
  if (v.ok() && doc->root().ToValue() != *v) std::abort();
  CheckNode(*doc, doc->root(), 3);
  return 0;
}
