#include "vigil/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "src/base/json_reader.h"
#include "src/base/strings.h"

namespace vigil {

const Value* Value::Find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [k, v] : as_object())
    if (k == key) return &v;
  return nullptr;
}

absl::StatusOr<Value> Value::FromUnsigned(uint64_t v) {
  if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return absl::OutOfRangeError(StrCat("the integer ", v,
                                        " is beyond the range of a vigil::Value (int64)"));
  }
  return Value(static_cast<int64_t>(v));
}

absl::StatusOr<Value> Value::ParseJson(std::string_view text, std::string_view file_name) {
  json::ReadOptions options;
  options.max_depth = 512;
  absl::StatusOr<json::Document> doc =
      json::Document::Parse(std::string(text), std::string(file_name), nullptr, options);
  if (!doc.ok()) return doc.status();
  return doc->root().ToValue();
}

void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  size_t run = 0;  // start of the pending run of characters needing no escape
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out->append(buf);
      }
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

void AppendJsonDouble(std::string* out, double d) {
  if (!std::isfinite(d)) {
    out->append("null");
    return;
  }
  if (d == std::trunc(d) && std::fabs(d) < 1e15) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(d));
    out->append(buf, r.ptr);
    return;
  }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  if (std::string_view(buf, r.ptr - buf).find_first_of(".e") == std::string_view::npos) {
    // A whole number beyond 1e15 written in full ("4444444444444444327936")
    // would read back as an integer, refused beyond 64 bits: keep it a
    // number with an exponent, which reads back as this double.
    r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  }
  out->append(buf, r.ptr);
}

void Value::AppendJson(std::string* out) const {
  switch (kind()) {
    case Kind::kNull: out->append("null"); break;
    case Kind::kBool: out->append(as_bool() ? "true" : "false"); break;
    case Kind::kInt: StrAppend(out, as_int()); break;
    case Kind::kDouble: AppendJsonDouble(out, std::get<double>(data_)); break;
    case Kind::kString: AppendJsonString(out, as_string()); break;
    case Kind::kArray: {
      out->push_back('[');
      bool first = true;
      for (const auto& e : as_array()) {
        if (!first) out->push_back(',');
        first = false;
        e.AppendJson(out);
      }
      out->push_back(']');
      break;
    }
    case Kind::kObject: {
      out->push_back('{');
      bool first = true;
      for (const auto& [k, v] : as_object()) {
        if (!first) out->push_back(',');
        first = false;
        AppendJsonString(out, k);
        out->push_back(':');
        v.AppendJson(out);
      }
      out->push_back('}');
      break;
    }
  }
}

std::string Value::ToJson() const {
  std::string s;
  AppendJson(&s);
  return s;
}

bool operator==(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
    return a.as_double() == b.as_double();
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::kNull: return true;
    case Value::Kind::kBool: return a.as_bool() == b.as_bool();
    case Value::Kind::kString: return a.as_string() == b.as_string();
    case Value::Kind::kArray: return a.as_array() == b.as_array();
    case Value::Kind::kObject: {
      const auto& x = a.as_object();
      const auto& y = b.as_object();
      if (x.size() != y.size()) return false;
      for (const auto& [k, v] : x) {
        const Value* w = b.Find(k);
        if (w == nullptr || *w != v) return false;
      }
      return true;
    }
    default: return false;
  }
}

}  // namespace vigil
