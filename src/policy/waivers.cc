// Waivers: exceptions files (vigil/waivers.h), parsed and matched.
#include "vigil/waivers.h"

#include <algorithm>
#include <fstream>
#include <optional>
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

namespace {

// A date (YYYY-MM-DD, holding through that day, UTC) or an RFC 3339
// date-time: the first instant at which the exception no longer holds.
std::optional<Instant> ParseExpiry(const std::string& text) {
  std::optional<Instant> t = ParseInstant(text);
  const bool date_only = text.size() == 10;
  const bool rfc3339 = date_only || (text.size() > 10 && (text[10] == 'T' || text[10] == 't'));
  if (!t || !rfc3339) return std::nullopt;
  if (date_only) t->seconds += kSecondsPerDay;
  return t;
}

bool IsExtensionKey(std::string_view key) { return key.size() > 2 && key.substr(0, 2) == "x-"; }

constexpr size_t kFixedKeys = 6;  // control, assets, owner, reason, expires, ticket
constexpr size_t kMaxExtensions = 64;

constexpr char kBadDate[] =
    " is not a date (YYYY-MM-DD) or an RFC 3339 date-time (years 0001 to 9999)";

}  // namespace

bool ReadExceptions(const json::Document& doc, const json::Node& node, bool list_allowed,
                    const Pack* pack, const ExceptionOptions& options,
                    const std::string& context, ExceptionSet* set, Diagnostics* diags) {
  // Whether an error was reported since diags->size() was `from`
  // (warnings, such as an unknown control, keep the rule).
  auto error_since = [&](size_t from) {
    for (size_t k = from; k < diags->size(); ++k) {
      if ((*diags)[k].severity == Severity::kError) return true;
    }
    return false;
  };
  const size_t start = diags->size();
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
    std::vector<json::KeySpec> keys = {
        {"control", json::Type::kString, json::kRequired, true},
        {"assets", json::Type::kArray, json::kRequired, true,
         "a non-empty array of asset ids or globs"},
        {"owner", json::Type::kString, json::kRequired, true},
        {"reason", json::Type::kString, json::kRequired, true},
        {"expires", json::Type::kString, json::kRequired, true},
        {"ticket", json::Type::kString, false, true}};
    // Governance keys of one's own: "x-approved-by" and the like (at most
    // kMaxExtensions: the reader looks keys up one by one).
    const json::Member* too_many = nullptr;
    if (e.is_object()) {
      for (const json::Member& m : e.members) {
        if (!IsExtensionKey(m.key)) continue;
        if (keys.size() - kFixedKeys >= kMaxExtensions) {
          too_many = &m;
          break;
        }
        keys.push_back({m.key, json::Type::kAny});
      }
    }
    if (too_many != nullptr) {
      diags->push_back(doc.At(too_many->key_offset, "exceptions.too-many-keys",
                              StrCat(context, "exceptions[", i, "]: more than ", kMaxExtensions,
                                     " x-* keys")));
      continue;
    }
    json::ObjectReader r(doc, e, std::move(keys), diags, context, {},
                         " {\"control\", \"assets\", \"owner\", \"reason\", \"expires\"[, "
                         "\"ticket\", \"x-...\"]}");
    if (!r.is_object()) continue;
    ExceptionRule rule;
    rule.source = StrCat(file_name, ":", i);
    rule.location = doc.Where(e.offset);
    rule.control = r.String("control");
    rule.owner = r.String("owner");
    rule.reason = r.String("reason");
    rule.expires = r.String("expires");
    rule.ticket = r.String("ticket");
    for (const json::Member& m : e.members) {
      if (IsExtensionKey(m.key)) rule.extensions.emplace_back(m.key, m.value->ToValue());
    }
    if (const json::Node* control = r.Get("control"); control != nullptr && pack != nullptr) {
      FindControlOrReport(*pack, *control, &r, /*warning=*/!options.strict_controls);
    }
    if (const json::Node* expires = r.Get("expires")) {
      if (std::optional<Instant> t = ParseExpiry(rule.expires)) {
        rule.expires_at = *t;
      } else {
        r.Error(*expires, "exceptions.bad-date",
                StrCat(json::PathOf(*expires), ": ", Quoted(rule.expires), kBadDate));
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
    if (!error_since(before)) set->rules.push_back(std::move(rule));
  }
  return !error_since(start);
}

}  // namespace policy

absl::StatusOr<ExceptionRule> ExceptionRule::Create(std::string control,
                                                    std::vector<std::string> assets,
                                                    std::string owner, std::string reason,
                                                    std::string expires, std::string source) {
  auto bad = [&](std::string_view what) {
    return absl::InvalidArgumentError(StrCat(source, ": exception", control.empty() ? "" : " for ",
                                             control.empty() ? "" : Quoted(control), ": ", what));
  };
  if (control.empty()) return bad("the control is empty");
  if (owner.empty()) return bad("the owner is empty");
  if (reason.empty()) return bad("the reason is empty");
  if (assets.empty()) return bad("no asset: give at least one asset id or glob");
  for (size_t i = 0; i < assets.size(); ++i) {
    if (assets[i].empty()) return bad(StrCat("assets[", i, "] is empty"));
  }
  std::optional<Instant> at = policy::ParseExpiry(expires);
  if (!at) return bad(StrCat("expires ", Quoted(expires), policy::kBadDate));
  ExceptionRule rule;
  rule.control = std::move(control);
  rule.assets = std::move(assets);
  rule.owner = std::move(owner);
  rule.reason = std::move(reason);
  rule.expires = std::move(expires);
  rule.expires_at = *at;
  rule.location = source;
  rule.source = std::move(source);
  return rule;
}

absl::StatusOr<ExceptionSet> ExceptionSet::Parse(std::string_view text,
                                                 std::string_view file_name,
                                                 const Pack* pack, Diagnostics* diags,
                                                 const ExceptionOptions& options) {
  Diagnostics local;
  auto finish = [&] { return policy::HandOver(local, diags); };
  auto doc = json::Document::Parse(std::string(text), std::string(file_name), &local);
  if (!doc.ok()) return finish();
  ExceptionSet set;
  set.file = std::string(file_name);
  if (!policy::ReadExceptions(*doc, doc->root(), false, pack, options, "", &set, &local)) {
    return finish();
  }
  if (diags != nullptr) diags->insert(diags->end(), local.begin(), local.end());
  return set;
}

absl::StatusOr<ExceptionSet> ExceptionSet::LoadFile(const std::string& path, const Pack* pack,
                                                    Diagnostics* diags,
                                                    const ExceptionOptions& options) {
  auto text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path, pack, diags, options);
}

}  // namespace vigil
