#include "vigil/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "src/base/strings.h"
#include "nlohmann/json.hpp"

namespace vigil {
namespace {

Value FromNlohmann(const nlohmann::ordered_json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
      return Value();
    case nlohmann::json::value_t::boolean:
      return Value(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return Value(j.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      uint64_t u = j.get<uint64_t>();
      if (u > static_cast<uint64_t>(INT64_MAX)) return Value(static_cast<double>(u));
      return Value(static_cast<int64_t>(u));
    }
    case nlohmann::json::value_t::number_float:
      return Value(j.get<double>());
    case nlohmann::json::value_t::string:
      return Value(j.get<std::string>());
    case nlohmann::json::value_t::array: {
      Value::Array a;
      a.reserve(j.size());
      for (const auto& e : j) a.push_back(FromNlohmann(e));
      return Value(std::move(a));
    }
    case nlohmann::json::value_t::object: {
      Value::Object o;
      o.reserve(j.size());
      for (auto it = j.begin(); it != j.end(); ++it)
        o.emplace_back(it.key(), FromNlohmann(it.value()));
      return Value(std::move(o));
    }
    default:
      return Value();
  }
}

}  // namespace

const Value* Value::Find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [k, v] : as_object())
    if (k == key) return &v;
  return nullptr;
}

absl::StatusOr<Value> Value::ParseJson(std::string_view text,
                                       std::string_view file_name) {
  // Depth is bounded by a SAX pre-pass so hostile input cannot overflow the
  // stack while the DOM is built.
  struct DepthCheck : nlohmann::json_sax<nlohmann::ordered_json> {
    size_t depth = 0, max_depth = 512;
    bool too_deep = false;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return Push(); }
    bool key(string_t&) override { return true; }
    bool end_object() override { --depth; return true; }
    bool start_array(std::size_t) override { return Push(); }
    bool end_array() override { --depth; return true; }
    bool parse_error(std::size_t, const std::string&,
                     const nlohmann::detail::exception&) override {
      return false;
    }
    bool Push() {
      if (++depth > max_depth) { too_deep = true; return false; }
      return true;
    }
  } check;
  nlohmann::ordered_json::sax_parse(text.begin(), text.end(), &check,
                                    nlohmann::detail::input_format_t::json,
                                    /*strict=*/true);
  if (check.too_deep) {
    return absl::InvalidArgumentError(
        StrCat(file_name.empty() ? std::string("<json>") : std::string(file_name),
                     ": JSON nested deeper than 512 levels"));
  }
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(
      text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // Find the error position with a second, exception-reporting parse.
    size_t pos = 0;
    std::string what = "invalid JSON";
    try {
      auto unused = nlohmann::ordered_json::parse(text.begin(), text.end());
      (void)unused;
    } catch (const nlohmann::json::parse_error& e) {
      pos = e.byte == 0 ? 0 : e.byte - 1;
      what = e.what();
      auto colon = what.rfind(": ");
      if (colon != std::string::npos) what = what.substr(colon + 2);
    } catch (...) {
    }
    if (pos > text.size()) pos = text.size();
    uint32_t line = 1, col = 1;
    for (size_t i = 0; i < pos; ++i) {
      if (text[i] == '\n') { ++line; col = 1; } else { ++col; }
    }
    return absl::InvalidArgumentError(
        StrCat(file_name.empty() ? std::string("<json>") : std::string(file_name), ":", line, ":",
                     col, ": error: ", what));
  }
  return FromNlohmann(j);
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
