#include "vigil/exceptions.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "src/base/datetime.h"
#include "src/base/file.h"
#include "src/base/strings.h"
#include "src/check/planner.h"
#include "src/policy/located_json.h"

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

namespace {

using policy::JsonDocument;
using policy::JsonMember;
using policy::JsonNode;

constexpr int64_t kNsPerDay = int64_t{86400} * 1000000000;

}  // namespace

absl::StatusOr<ExceptionSet> ExceptionSet::Parse(std::string_view text,
                                                 std::string_view file_name,
                                                 const Pack* pack, Diagnostics* diags) {
  Diagnostics local;
  auto doc = JsonDocument::Parse(std::string(text), std::string(file_name), &local);
  auto finish = [&]() -> absl::Status {
    if (diags) diags->insert(diags->end(), local.begin(), local.end());
    return DiagnosticsToStatus(local);
  };
  if (!doc.ok()) return finish();
  ExceptionSet set;
  set.file = std::string(file_name);
  const JsonNode& root = doc->root();
  auto err = [&](uint32_t off, std::string_view code, std::string msg) {
    local.push_back(doc->At(off, code, std::move(msg)));
  };
  if (!root.is_object()) {
    err(root.offset, "exceptions.wrong-type",
        "an exceptions file is an object {\"exceptions\": [...]}");
    return finish();
  }
  for (const JsonMember& m : root.members) {
    if (m.key != "exceptions") {
      err(m.key_offset, "exceptions.unknown-key",
          StrCat("unknown key \"", m.key, "\"; the file holds only \"exceptions\""));
    }
  }
  const JsonMember* list = root.Find("exceptions");
  if (list == nullptr) {
    err(root.offset, "exceptions.missing-key", "missing required key \"exceptions\"");
    return finish();
  }
  if (!list->value->is_array()) {
    err(list->value->offset, "exceptions.wrong-type", "\"exceptions\" must be an array");
    return finish();
  }
  static const std::vector<std::string> kKeys = {"control", "assets", "owner", "reason",
                                                 "expires"};
  for (size_t i = 0; i < list->value->items.size(); ++i) {
    const JsonNode& e = *list->value->items[i];
    std::string ctx = StrCat("exceptions[", i, "]: ");
    if (!e.is_object()) {
      err(e.offset, "exceptions.wrong-type", StrCat(ctx, "an exception is an object"));
      continue;
    }
    size_t before = local.size();
    for (const JsonMember& m : e.members) {
      if (std::find(kKeys.begin(), kKeys.end(), m.key) == kKeys.end()) {
        err(m.key_offset, "exceptions.unknown-key",
            StrCat(ctx, "unknown key \"", m.key, "\".", check::DidYouMean(m.key, kKeys),
                   " Known keys: ", StrJoin(kKeys, ", ")));
      }
    }
    ExceptionRule r;
    r.source = StrCat(file_name, ":", i);
    SourceLocation loc = LocateOffset(doc->text(), e.offset);
    r.location = StrCat(file_name, ":", loc.line, ":", loc.column);
    auto str = [&](std::string_view key, std::string* out) -> const JsonNode* {
      const JsonMember* m = e.Find(key);
      if (m == nullptr) {
        err(e.offset, "exceptions.missing-key", StrCat(ctx, "missing required key \"", key, "\""));
        return nullptr;
      }
      if (!m->value->is_string() || m->value->s.empty()) {
        err(m->value->offset, "exceptions.wrong-type",
            StrCat(ctx, "\"", key, "\" must be a non-empty string"));
        return nullptr;
      }
      *out = m->value->s;
      return m->value;
    };
    const JsonNode* control = str("control", &r.control);
    str("owner", &r.owner);
    str("reason", &r.reason);
    const JsonNode* expires = str("expires", &r.expires);
    if (control != nullptr && pack != nullptr && pack->FindControl(r.control) == nullptr) {
      std::vector<std::string> ids;
      for (const auto& c : pack->controls) ids.push_back(c.id);
      err(control->offset, "exceptions.unknown-control",
          StrCat(ctx, "no control \"", r.control, "\" in pack \"", pack->name, "\".",
                 check::DidYouMean(r.control, ids)));
    }
    if (expires != nullptr) {
      auto t = ParseDateTime(r.expires);
      bool date_only = r.expires.size() == 10;
      bool rfc3339_ok = date_only || (r.expires.size() > 10 && (r.expires[10] == 'T' || r.expires[10] == 't'));
      if (!t || !rfc3339_ok) {
        err(expires->offset, "exceptions.bad-date",
            StrCat(ctx, "\"expires\": \"", r.expires,
                   "\" is not a date (YYYY-MM-DD) or an RFC 3339 date-time"));
      } else {
        r.expires_ns = date_only ? *t + kNsPerDay : *t;
      }
    }
    if (const JsonMember* a = e.Find("assets")) {
      if (!a->value->is_array() || a->value->items.empty()) {
        err(a->value->offset, "exceptions.wrong-type",
            StrCat(ctx, "\"assets\" must be a non-empty array of asset ids or globs"));
      } else {
        for (const JsonNode* id : a->value->items) {
          if (!id->is_string() || id->s.empty()) {
            err(id->offset, "exceptions.wrong-type",
                StrCat(ctx, "each asset is a non-empty string (an id or a glob such as \"vpc-*\")"));
            continue;
          }
          r.assets.push_back(id->s);
        }
      }
    } else {
      err(e.offset, "exceptions.missing-key", StrCat(ctx, "missing required key \"assets\""));
    }
    if (local.size() == before) set.rules.push_back(std::move(r));
  }
  if (!local.empty()) return finish();
  return set;
}

absl::StatusOr<ExceptionSet> ExceptionSet::LoadFile(const std::string& path, const Pack* pack,
                                                    Diagnostics* diags) {
  auto text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path, pack, diags);
}

}  // namespace vigil
