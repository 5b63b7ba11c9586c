// Waivers: exceptions files (vigil/waivers.h), parsed and matched.
#include "vigil/waivers.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "src/base/datetime.h"
#include "src/base/file.h"
#include "src/base/object_reader.h"
#include "src/base/strings.h"
#include "src/base/utf8.h"
#include "src/policy/policy_json.h"
#include "src/policy/waivers_reader.h"

namespace vigil {

bool GlobMatch(std::string_view p, std::string_view t) {
  // Iterative matcher with single-star backtracking (O(|p|*|t|) worst case).
  size_t pi = 0, ti = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (ti < t.size()) {
    if (pi < p.size()) {
      char c = p[pi];
      if (c == '*') {
        star_p = pi++;
        star_t = ti;
        continue;
      }
      if (c == '\\' && pi + 1 < p.size()) {
        if (p[pi + 1] == t[ti]) {
          pi += 2;
          ++ti;
          continue;
        }
      } else if (c == '?' || c == t[ti]) {
        ++pi;
        ++ti;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p + 1;
    ti = ++star_t;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

bool ExceptionRule::Covers(std::string_view asset_id) const {
  if (asset_id.empty()) return false;
  for (const std::string& a : assets) {
    if (a == asset_id || GlobMatch(a, asset_id)) return true;
  }
  return false;
}

namespace policy {

bool ReadExceptions(const json::Document& doc, const json::Node& node, bool list_allowed,
                    const Pack* pack, const std::string& context, ExceptionSet* set,
                    Diagnostics* diags) {
  const size_t errors_before = diags->size();
  const json::Node* list = &node;
  if (!list_allowed || !node.is_array()) {
    json::ObjectReader file(doc, node, {{"exceptions", json::Type::kArray, json::kRequired}},
                            diags, context, "an exceptions file", " {\"exceptions\": [...]}");
    list = file.Get("exceptions");
    if (list == nullptr) return false;
  }
  const std::string file_name = doc.file();
  for (size_t i = 0; i < list->items.size(); ++i) {
    const json::Node& e = *list->items[i];
    const size_t before = diags->size();
    json::ObjectReader r(doc, e,
                         {{"control", json::Type::kString, json::kRequired, true},
                          {"assets", json::Type::kArray, json::kRequired, true,
                           "a non-empty array of asset ids or globs"},
                          {"owner", json::Type::kString, json::kRequired, true},
                          {"reason", json::Type::kString, json::kRequired, true},
                          {"expires", json::Type::kString, json::kRequired, true}},
                         diags, context, {},
                         " {\"control\", \"assets\", \"owner\", \"reason\", \"expires\"}");
    if (!r.is_object()) continue;
    ExceptionRule rule;
    rule.source = StrCat(file_name, ":", i);
    rule.location = doc.Where(e.offset);
    rule.control = r.String("control");
    rule.owner = r.String("owner");
    rule.reason = r.String("reason");
    rule.expires = r.String("expires");
    if (const json::Node* control = r.Get("control"); control != nullptr && pack != nullptr) {
      FindControlOrReport(*pack, *control, &r);
    }
    if (const json::Node* expires = r.Get("expires")) {
      std::optional<Instant> t = ParseInstant(rule.expires);
      const bool date_only = rule.expires.size() == 10;
      const bool rfc3339 =
          date_only || (rule.expires.size() > 10 && (rule.expires[10] == 'T' || rule.expires[10] == 't'));
      if (!t || !rfc3339) {
        r.Error(*expires, "exceptions.bad-date",
                StrCat(json::PathOf(*expires), ": ", Quoted(rule.expires),
                       " is not a date (YYYY-MM-DD) or an RFC 3339 date-time "
                       "(years 0001 to 9999)"));
      } else {
        // A date holds through that day (UTC).
        rule.expires_at = *t;
        if (date_only) rule.expires_at.seconds += kSecondsPerDay;
      }
    }
    if (const json::Node* assets = r.Get("assets")) {
      for (const json::Node* id : assets->items) {
        if (!id->is_string() || id->s.empty()) {
          r.WrongType(*id, "a non-empty string (an asset id or a glob such as \"vpc-*\")");
          continue;
        }
        rule.assets.push_back(id->s);
      }
    }
    if (diags->size() == before) set->rules.push_back(std::move(rule));
  }
  return diags->size() == errors_before;
}

}  // namespace policy

absl::StatusOr<ExceptionSet> ExceptionSet::Parse(std::string_view text,
                                                 std::string_view file_name,
                                                 const Pack* pack, Diagnostics* diags) {
  Diagnostics local;
  auto finish = [&] { return policy::HandOver(local, diags); };
  auto doc = json::Document::Parse(std::string(text), std::string(file_name), &local);
  if (!doc.ok()) return finish();
  ExceptionSet set;
  set.file = std::string(file_name);
  if (!policy::ReadExceptions(*doc, doc->root(), false, pack, "", &set, &local)) return finish();
  return set;
}

absl::StatusOr<ExceptionSet> ExceptionSet::LoadFile(const std::string& path, const Pack* pack,
                                                    Diagnostics* diags) {
  auto text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path, pack, diags);
}

}  // namespace vigil
