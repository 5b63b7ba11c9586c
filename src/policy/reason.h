// A check's `reason` template (docs/policy.md): the text shown for each
// offending row, with `{path}` for a selected field of the row (dotted
// through nested selections) and `{$name}` for a parameter of the control.
// `{{` and `}}` stand for literal braces. Not part of the public API.
#ifndef VIGIL_SRC_POLICY_REASON_H_
#define VIGIL_SRC_POLICY_REASON_H_

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/query.h"
#include "vigil/value.h"

namespace vigil::policy {

struct ReasonPart {
  enum class Kind : uint8_t { kText, kField, kParameter };
  Kind kind = Kind::kText;
  std::string text;                // kText: the text; kParameter: the name
  std::vector<std::string> path;   // kField: the response keys
  uint32_t offset = 0;             // where the part starts in the template
};

// Splits a template into parts. On an unbalanced brace or an empty `{}`,
// returns false with `*why` and `*at` (offset in the template).
bool ParseReason(std::string_view text, std::vector<ReasonPart>* parts, std::string* why,
                 uint32_t* at);

// The dotted paths (every prefix too) a stored-form query selects for each
// row: "name", "deliversTo", "deliversTo.retentionInDays", ...
std::set<std::string> SelectedPaths(const Query& query);

// The template rendered for one row, parameters taken from `vars` (the
// resolved parameter values). A list renders its elements joined with
// ", ", an object as compact JSON, a missing field or null as "null".
std::string RenderReason(const std::vector<ReasonPart>& parts, const Value& row,
                         const Value& vars);

// A value as one compact line: strings bare, the rest as JSON.
std::string CompactValue(const Value& v);

}  // namespace vigil::policy

#endif  // VIGIL_SRC_POLICY_REASON_H_
