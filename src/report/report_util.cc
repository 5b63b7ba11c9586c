#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "src/base/strings.h"
#include "src/base/utf8.h"
#include "src/report/report_internal.h"

namespace vigil::report_internal {
namespace {

// A JSON string of valid UTF-8, with every character that some reader takes
// for a line break or a control escaped: C0, DEL, C1 (U+0080..U+009F, e.g.
// NEL) and U+2028/U+2029, so that JSON lines stay one line for any reader.
void AppendSafeJsonString(std::string* out, std::string_view raw) {
  std::string s = SanitizeUtf8(raw);
  out->push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    unsigned char c1 =
        i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    unsigned char c2 =
        i + 2 < s.size() ? static_cast<unsigned char>(s[i + 2]) : 0;
    char buf[8];
    if (c == '"') {
      out->append("\\\"");
    } else if (c == '\\') {
      out->append("\\\\");
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '\r') {
      out->append("\\r");
    } else if (c == '\t') {
      out->append("\\t");
    } else if (c < 0x20 || c == 0x7F) {
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out->append(buf);
    } else if (c == 0xC2 && c1 >= 0x80 && c1 <= 0x9F) {
      std::snprintf(buf, sizeof buf, "\\u%04x", c1);
      out->append(buf);
      i += 1;
    } else if (c == 0xE2 && c1 == 0x80 && (c2 == 0xA8 || c2 == 0xA9)) {
      out->append(c2 == 0xA8 ? "\\u2028" : "\\u2029");
      i += 2;
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('"');
}

void Indent(int indent, int depth, std::string* out) {
  out->push_back('\n');
  out->append(static_cast<size_t>(indent) * static_cast<size_t>(depth), ' ');
}

void AppendJsonValueAt(const Value& v, int indent, int depth,
                       std::string* out) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      out->append("null");
      return;
    case Value::Kind::kBool:
      out->append(v.as_bool() ? "true" : "false");
      return;
    case Value::Kind::kInt:
      StrAppend(out, v.as_int());
      return;
    case Value::Kind::kDouble:
      AppendJsonDouble(out, v.as_double());
      return;
    case Value::Kind::kString:
      AppendSafeJsonString(out, v.as_string());
      return;
    case Value::Kind::kArray: {
      const auto& a = v.as_array();
      if (a.empty()) {
        out->append("[]");
        return;
      }
      out->push_back('[');
      for (size_t i = 0; i < a.size(); ++i) {
        if (i > 0) out->push_back(',');
        if (indent >= 0) Indent(indent, depth + 1, out);
        AppendJsonValueAt(a[i], indent, depth + 1, out);
      }
      if (indent >= 0) Indent(indent, depth, out);
      out->push_back(']');
      return;
    }
    case Value::Kind::kObject: {
      const auto& o = v.as_object();
      if (o.empty()) {
        out->append("{}");
        return;
      }
      out->push_back('{');
      for (size_t i = 0; i < o.size(); ++i) {
        if (i > 0) out->push_back(',');
        if (indent >= 0) Indent(indent, depth + 1, out);
        AppendSafeJsonString(out, o[i].first);
        out->append(indent >= 0 ? ": " : ":");
        AppendJsonValueAt(o[i].second, indent, depth + 1, out);
      }
      if (indent >= 0) Indent(indent, depth, out);
      out->push_back('}');
      return;
    }
  }
}

}  // namespace

std::string SanitizeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      out.append("\xEF\xBF\xBD");  // U+FFFD
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

void AppendJsonValue(const Value& v, int indent, std::string* out) {
  AppendJsonValueAt(v, indent, 0, out);
}

void AppendJsonString(std::string* out, std::string_view raw) {
  AppendSafeJsonString(out, raw);
}

std::string JsonText(const Value& v, int indent) {
  std::string s;
  AppendJsonValue(v, indent, &s);
  return s;
}

// XML 1.0 escaping. Characters XML 1.0 cannot carry at all (C0 controls
// other than tab, newline and carriage return; U+FFFE, U+FFFF) are written
// as visible "\u00XX" text; invalid UTF-8 becomes U+FFFD. In attributes,
// tab/newline/CR are character references so that attribute-value
// normalisation keeps them.
std::string XmlEscape(std::string_view raw, bool attribute) {
  std::string s = SanitizeUtf8(raw);
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '&':
        out.append("&amp;");
        continue;
      case '<':
        out.append("&lt;");
        continue;
      case '>':
        out.append("&gt;");
        continue;
      case '"':
        out.append(attribute ? "&quot;" : "\"");
        continue;
      case '\'':
        out.append(attribute ? "&apos;" : "'");
        continue;
      case '\t':
        out.append(attribute ? "&#9;" : "\t");
        continue;
      case '\n':
        out.append(attribute ? "&#10;" : "\n");
        continue;
      case '\r':
        out.append("&#13;");
        continue;
      default:
        break;
    }
    if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out.append(buf);
      continue;
    }
    // U+FFFE / U+FFFF are EF BF BE / EF BF BF.
    if (c == 0xEF && i + 2 < s.size() &&
        static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) == 0xBE ||
         static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
      out.append("\xEF\xBF\xBD");
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

// One line of report text made safe for a terminal: valid UTF-8, with a
// line break shown as \n / \r (asset data must not start a line of its own:
// "x\nPASS  cis-aws-1.1" would forge a report line) and the other C0 and C1
// control characters and DEL as \xNN / \u00NN.
std::string TerminalSafe(std::string_view raw) {
  std::string s = SanitizeUtf8(raw);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\n') {
      out.append("\\n");
    } else if (c == '\r') {
      out.append("\\r");
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out.append(buf);
    } else if (c == 0xC2 && i + 1 < s.size() &&
               static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x",
                    static_cast<unsigned char>(s[i + 1]));
      out.append(buf);
      ++i;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string FormatDuration(double ms) {
  char buf[64];
  if (ms >= 1000) {
    std::snprintf(buf, sizeof buf, "%.2f s", ms / 1000.0);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f ms", ms);
  }
  return buf;
}

std::string JunitSeconds(double ms) {
  long long whole = std::isfinite(ms) && ms > 0 ? std::llround(ms) : 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%lld.%03lld", whole / 1000, whole % 1000);
  return buf;
}

std::string FormatPercent(double percent) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", percent);
  return buf;
}

std::string OutcomeWord(Outcome o) {
  std::string s = OutcomeName(o);
  for (char& c : s) c = static_cast<char>(c - 'a' + 'A');
  return s;
}

double RoundMs(double ms) {
  if (!std::isfinite(ms)) return 0;
  return std::round(ms * 1000.0) / 1000.0;
}

std::string StableHash(const std::vector<std::string_view>& parts) {
  uint64_t a = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
  uint64_t b = 0x84222325cbf29ce4ULL;  // a second, independent lane
  constexpr uint64_t kPrime = 0x100000001b3ULL;
  auto mix = [&](unsigned char c) {
    a = (a ^ c) * kPrime;
    b = (b ^ static_cast<unsigned char>(c + 0x5b)) * kPrime;
  };
  for (std::string_view p : parts) {
    // Length-prefix each part so ("ab","c") and ("a","bc") differ.
    uint64_t n = p.size();
    for (int k = 0; k < 8; ++k) mix(static_cast<unsigned char>(n >> (8 * k)));
    for (char c : p) mix(static_cast<unsigned char>(c));
  }
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx",
                static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return std::string(buf, 32);
}

std::vector<ControlAsset> CollectControlAssets(const ControlReport& control) {
  std::vector<ControlAsset> assets;
  size_t rows = 0;
  for (const auto& check : control.checks) rows += check.offending.size() + check.waived.size();
  assets.reserve(rows);
  // Views of the rows' ids (the control outlives the map).
  absl::flat_hash_map<absl::string_view, size_t> by_id;
  by_id.reserve(rows);
  auto add = [&](const ReportRow& row, bool waived, const std::string& check) {
    if (!row.id.empty()) {
      auto it = by_id.find(absl::string_view(row.id));
      if (it != by_id.end()) {
        ControlAsset& a = assets[it->second];
        if (!waived) a.waived = false;
        bool seen = false;
        for (const auto& c : a.checks) seen = seen || c == check;
        if (!seen) a.checks.push_back(check);
        return;
      }
      by_id.emplace(absl::string_view(row.id), assets.size());
    }
    assets.push_back(ControlAsset{&row, waived, {check}});
  };
  for (const auto& check : control.checks) {
    for (const auto& row : check.offending) add(row, false, check.name);
  }
  for (const auto& check : control.checks) {
    for (const auto& row : check.waived) add(row, true, check.name);
  }
  return assets;
}

void CountControlAssets(const ControlReport& control, size_t* offending, size_t* waived) {
  *offending = *waived = 0;
  size_t rows = 0;
  for (const auto& check : control.checks) rows += check.offending.size();
  absl::flat_hash_set<absl::string_view> offending_ids;
  offending_ids.reserve(rows);
  for (const auto& check : control.checks) {
    for (const ReportRow& row : check.offending) {
      if (row.id.empty() || offending_ids.insert(absl::string_view(row.id)).second) ++*offending;
    }
  }
  absl::flat_hash_set<absl::string_view> waived_ids;
  for (const auto& check : control.checks) {
    for (const ReportRow& row : check.waived) {
      if (row.id.empty()) {
        ++*waived;
      } else if (!offending_ids.contains(absl::string_view(row.id)) &&
                 waived_ids.insert(absl::string_view(row.id)).second) {
        ++*waived;
      }
    }
  }
}

const ExceptionReport* ExceptionOf(const Report& report, const ReportRow& row) {
  if (row.exception_index < 0 ||
      static_cast<size_t>(row.exception_index) >= report.exceptions.size()) {
    return nullptr;
  }
  return &report.exceptions[static_cast<size_t>(row.exception_index)];
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

int SeverityId(std::string_view severity) {
  std::string s = AsciiLower(severity);
  if (s == "critical") return 5;
  if (s == "high") return 4;
  if (s == "medium") return 3;
  if (s == "low") return 2;
  if (s == "informational" || s == "info") return 1;
  return 0;
}

std::string ParameterSourceText(const ParameterReport& p) {
  if (p.source == "file" && !p.file.empty()) return StrCat("file ", p.file);
  return p.source.empty() ? std::string("unknown") : p.source;
}

std::string ParameterText(const ParameterReport& p) {
  std::string s = StrCat(p.name, " = ", p.value.ToJson(), " (", ParameterSourceText(p));
  if (p.overridden()) {
    StrAppend(&s, p.has_default ? StrCat("; default ", p.default_value.ToJson())
                                : std::string("; no default"));
  }
  s.push_back(')');
  return s;
}

namespace {

bool ScalarOrScalars(const Value& v) {
  if (v.is_object()) return false;
  if (!v.is_array()) return true;
  for (const Value& e : v.as_array()) {
    if (e.is_object() || e.is_array()) return false;
  }
  return true;
}

// Cut after `max` code points, saying how many were left out.
std::string Cut(std::string s, size_t max) {
  size_t points = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (points == max) break;
      ++points;
    }
  }
  if (i >= s.size()) return s;
  size_t rest = 0;
  for (size_t j = i; j < s.size(); ++j) {
    if ((static_cast<unsigned char>(s[j]) & 0xC0) != 0x80) ++rest;
  }
  s.resize(i);
  StrAppend(&s, "\xe2\x80\xa6 ", rest, " more characters");
  return s;
}

void FlattenFields(const Value& v, const std::string& path, int depth,
                   std::vector<std::pair<std::string, const Value*>>* out) {
  if (ScalarOrScalars(v) || depth > 32) {
    out->emplace_back(path, &v);
    return;
  }
  if (v.is_object()) {
    for (const auto& [k, child] : v.as_object()) {
      FlattenFields(child, path.empty() ? k : StrCat(path, ".", k), depth + 1, out);
    }
    return;
  }
  const Value::Array& a = v.as_array();
  for (size_t i = 0; i < a.size(); ++i) {
    FlattenFields(a[i], StrCat(path, "[", i, "]"), depth + 1, out);
  }
}

}  // namespace

std::vector<std::string> RowFieldTexts(const Value& row, size_t max_fields, size_t max_value) {
  std::vector<std::pair<std::string, const Value*>> fields;
  if (row.is_object()) {
    for (const auto& [k, v] : row.as_object()) {
      if (k == "id" || k == "__typename" || k == "name" || k == "accountId" || k == "region") {
        continue;
      }
      FlattenFields(v, k, 0, &fields);
    }
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (max_fields > 0 && i == max_fields && fields.size() > max_fields + 1) {
      out.push_back(StrCat("\xe2\x80\xa6 ", fields.size() - max_fields, " more fields"));
      break;
    }
    const Value& v = *fields[i].second;
    out.push_back(StrCat(fields[i].first, ": ",
                         Cut(v.is_string() ? v.as_string() : v.ToJson(), max_value)));
  }
  return out;
}

}  // namespace vigil::report_internal
