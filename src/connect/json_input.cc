// JSON input for the importers, over simdjson's DOM (src/connect/json_input.h).
#include "src/connect/json_input.h"

#include <cmath>
#include <cstring>
#include <type_traits>
#include <vector>

#include "simdjson.h"
#include "src/base/datetime.h"
#include "src/base/strings.h"
#include "vigil/value.h"

namespace vigil::connect {
namespace {

namespace dom = simdjson::dom;

static_assert(sizeof(dom::element) <= 16, "dom::element must fit JsonNode's slot");
static_assert(std::is_trivially_copyable_v<dom::element>);
static_assert(std::is_trivially_destructible_v<dom::element>);

const char* TypeName(dom::element_type t) {
  switch (t) {
    case dom::element_type::ARRAY: return "an array";
    case dom::element_type::OBJECT: return "an object";
    case dom::element_type::STRING: return "a string";
    case dom::element_type::BOOL: return "a boolean";
    case dom::element_type::NULL_VALUE: return "null";
    default: return "a number";
  }
}

// Bytes of one batch of array elements handed to the DOM parser.
constexpr size_t kBatchBytes = size_t{1} << 20;
constexpr size_t kMaxDepth = 256;

bool IsWs(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace

struct JsonFile::Parser {
  dom::parser parser;
  std::vector<char> buffer;  // padded batch "[" elements "]"
};

// ---- JsonNode ------------------------------------------------------------

namespace {

dom::element El(const unsigned char* slot) {
  dom::element e;
  std::memcpy(static_cast<void*>(&e), slot, sizeof e);
  return e;
}

}  // namespace

JsonNode::JsonNode(const JsonFile* file, const JsonNode* parent, std::string_view key,
                   int64_t index, const void* element)
    : file_(file), parent_(parent), key_(key), index_(index) {
  std::memcpy(element_, element, sizeof(dom::element));
}

JsonNode::Kind JsonNode::kind() const {
  switch (El(element_).type()) {
    case dom::element_type::ARRAY: return Kind::kArray;
    case dom::element_type::OBJECT: return Kind::kObject;
    case dom::element_type::STRING: return Kind::kString;
    case dom::element_type::BOOL: return Kind::kBool;
    case dom::element_type::NULL_VALUE: return Kind::kNull;
    case dom::element_type::INT64: return Kind::kInt;
    case dom::element_type::UINT64: return Kind::kUint;
    case dom::element_type::DOUBLE: return Kind::kDouble;
  }
  return Kind::kNull;
}

bool JsonNode::ok() const { return file_->ok(); }

std::string JsonNode::Path(std::string_view leaf) const {
  std::vector<const JsonNode*> chain;
  for (const JsonNode* n = this; n != nullptr; n = n->parent_) chain.push_back(n);
  std::string p = "$";
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const JsonNode* n = *it;
    if (n->parent_ == nullptr) {
      if (!n->key_.empty()) StrAppend(&p, ".", n->key_);
      if (n->index_ >= 0) StrAppend(&p, "[", n->index_, "]");
      continue;
    }
    if (n->index_ >= 0) {
      StrAppend(&p, "[", n->index_, "]");
    } else {
      StrAppend(&p, ".", n->key_);
    }
  }
  if (!leaf.empty()) StrAppend(&p, ".", leaf);
  return p;
}

void JsonNode::Fail(std::string message, std::string_view leaf) const {
  file_->RecordError(StrCat(Path(leaf), ": ", message));
}

std::optional<JsonNode> JsonNode::Member(std::string_view key) const {
  dom::element e = El(element_);
  if (!e.is_object()) return std::nullopt;
  dom::element v;
  if (e.get_object().value_unsafe().at_key(key).get(v) != simdjson::SUCCESS) return std::nullopt;
  return JsonNode(file_, this, key, -1, &v);
}

bool JsonNode::Has(std::string_view key) const { return Member(key).has_value(); }

namespace {

// The member `key` of `node` when present and not null.
std::optional<dom::element> Present(const JsonNode& node, const unsigned char* slot,
                                    std::string_view key) {
  dom::element e = El(slot);
  if (!e.is_object()) return std::nullopt;
  dom::element v;
  if (e.get_object().value_unsafe().at_key(key).get(v) != simdjson::SUCCESS) return std::nullopt;
  if (v.is_null()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::string_view> JsonNode::Str(std::string_view key) const {
  std::optional<dom::element> v = Present(*this, element_, key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Fail(StrCat("expected a string, got ", TypeName(v->type())), key);
    return std::nullopt;
  }
  return v->get_string().value_unsafe();
}

std::optional<int64_t> JsonNode::Int(std::string_view key) const {
  std::optional<dom::element> v = Present(*this, element_, key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64().value_unsafe();
  if (v->is_double()) {
    const double d = v->get_double().value_unsafe();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e18) {
      return static_cast<int64_t>(d);
    }
  }
  Fail(StrCat("expected an integer, got ",
              v->is_number() ? "a number out of range or with a fraction" : TypeName(v->type())),
       key);
  return std::nullopt;
}

std::optional<double> JsonNode::Num(std::string_view key) const {
  std::optional<dom::element> v = Present(*this, element_, key);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    Fail(StrCat("expected a number, got ", TypeName(v->type())), key);
    return std::nullopt;
  }
  return v->get_double().value_unsafe();
}

std::optional<bool> JsonNode::Bool(std::string_view key) const {
  std::optional<dom::element> v = Present(*this, element_, key);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    Fail(StrCat("expected a boolean, got ", TypeName(v->type())), key);
    return std::nullopt;
  }
  return v->get_bool().value_unsafe();
}

std::optional<std::string> JsonNode::Time(std::string_view key) const {
  std::optional<dom::element> v = Present(*this, element_, key);
  if (!v) return std::nullopt;
  if (v->is_number()) {
    const double s = v->get_double().value_unsafe();
    if (!std::isfinite(s) || std::fabs(s) > 9.0e9) {
      Fail("a timestamp in epoch seconds out of range", key);
      return std::nullopt;
    }
    return FormatRfc3339(static_cast<int64_t>(std::llround(s * 1e9)));
  }
  if (!v->is_string()) {
    Fail(StrCat("expected a timestamp (ISO 8601 text or epoch seconds), got ",
                TypeName(v->type())),
         key);
    return std::nullopt;
  }
  std::string_view text = v->get_string().value_unsafe();
  std::optional<int64_t> ns = ParseDateTime(text);
  if (!ns) {
    Fail(StrCat("\"", text, "\" is not an ISO 8601 timestamp"), key);
    return std::nullopt;
  }
  return FormatRfc3339(*ns);
}

std::optional<std::string> JsonNode::EpochMillis(std::string_view key) const {
  std::optional<int64_t> ms = Int(key);
  if (!ms) return std::nullopt;
  if (*ms < -9'000'000'000'000 || *ms > 9'000'000'000'000) {
    Fail("milliseconds since the epoch out of range", key);
    return std::nullopt;
  }
  return FormatRfc3339(*ms * 1'000'000);
}

std::optional<JsonNode> JsonNode::Obj(std::string_view key) const {
  std::optional<dom::element> v = Present(*this, element_, key);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    Fail(StrCat("expected an object, got ", TypeName(v->type())), key);
    return std::nullopt;
  }
  return JsonNode(file_, this, key, -1, &*v);
}

std::optional<JsonNode> JsonNode::Arr(std::string_view key) const {
  std::optional<dom::element> v = Present(*this, element_, key);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    Fail(StrCat("expected an array, got ", TypeName(v->type())), key);
    return std::nullopt;
  }
  return JsonNode(file_, this, key, -1, &*v);
}

std::optional<std::string_view> JsonNode::AsStr() const {
  dom::element e = El(element_);
  if (e.is_null()) return std::nullopt;
  if (!e.is_string()) {
    Fail(StrCat("expected a string, got ", TypeName(e.type())));
    return std::nullopt;
  }
  return e.get_string().value_unsafe();
}

std::optional<int64_t> JsonNode::AsInt() const {
  dom::element e = El(element_);
  if (e.is_null()) return std::nullopt;
  if (!e.is_int64()) {
    Fail(StrCat("expected an integer, got ", TypeName(e.type())));
    return std::nullopt;
  }
  return e.get_int64().value_unsafe();
}

std::optional<bool> JsonNode::AsBool() const {
  dom::element e = El(element_);
  if (e.is_null()) return std::nullopt;
  if (!e.is_bool()) {
    Fail(StrCat("expected a boolean, got ", TypeName(e.type())));
    return std::nullopt;
  }
  return e.get_bool().value_unsafe();
}

void JsonNode::Each(const std::function<void(const JsonNode&)>& fn) const {
  dom::element e = El(element_);
  if (!e.is_array()) return;
  int64_t i = 0;
  const dom::array elements = e.get_array().value_unsafe();
  for (dom::element x : elements) {
    JsonNode child(file_, this, {}, i++, &x);
    fn(child);
  }
}

size_t JsonNode::size() const {
  dom::element e = El(element_);
  if (e.is_array()) return e.get_array().value_unsafe().size();
  if (e.is_object()) return e.get_object().value_unsafe().size();
  return 0;
}

void JsonNode::EachMember(
    const std::function<void(std::string_view, const JsonNode&)>& fn) const {
  dom::element e = El(element_);
  if (!e.is_object()) return;
  const dom::object members = e.get_object().value_unsafe();
  for (dom::key_value_pair kv : members) {
    JsonNode child(file_, this, kv.key, -1, &kv.value);
    fn(kv.key, child);
  }
}

std::string JsonNode::Json() const { return simdjson::minify(El(element_)); }

// ---- JsonFile ------------------------------------------------------------

JsonFile::JsonFile(std::string name, std::string_view text)
    : name_(std::move(name)), text_(text), parser_(std::make_unique<Parser>()) {}
JsonFile::~JsonFile() = default;

void JsonFile::RecordError(std::string message) const {
  if (error_.empty()) error_ = std::move(message);
}

absl::Status JsonFile::status() const {
  if (error_.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(StrCat(name_, ": ", error_));
}

namespace {

// A syntax error with its line and column (the DOM parser does not give
// them; a second, slower reader does, on this error path only).
std::string SyntaxMessage(std::string_view text, simdjson::error_code e) {
  absl::StatusOr<Value> v = Value::ParseJson(text);
  if (!v.ok()) return StrCat("JSON syntax error: ", v.status().message());
  return StrCat("JSON syntax error: ", simdjson::error_message(e));
}

}  // namespace

absl::Status JsonFile::WithRoot(const std::function<void(const JsonNode& root)>& fn) {
  size_t b = 0;
  while (b < text_.size() && IsWs(text_[b])) ++b;
  if (b == text_.size()) {
    // Nothing at all: the CLI's output for an empty response, {}.
    dom::element empty;
    static const simdjson::padded_string kEmpty("{}", 2);
    if (parser_->parser.parse(kEmpty).get(empty) != simdjson::SUCCESS) {
      return absl::InternalError("cannot parse {}");
    }
    fn(JsonNode(this, nullptr, {}, -1, &empty));
    return status();
  }
  simdjson::padded_string padded(text_);
  dom::element root;
  if (auto e = parser_->parser.parse(padded).get(root)) {
    return absl::InvalidArgumentError(StrCat(name_, ": ", SyntaxMessage(text_, e)));
  }
  fn(JsonNode(this, nullptr, {}, -1, &root));
  return status();
}

absl::Status JsonFile::ForEachMember(
    const std::function<bool(std::string_view key, int64_t index, const JsonNode& node)>& fn) {
  const std::string_view t = text_;
  size_t pos = 0;
  if (t.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  auto skip_ws = [&] {
    while (pos < t.size() && IsWs(t[pos])) ++pos;
  };
  auto syntax = [&](std::string what) {
    // Prefer the full reader's located message when it finds the error.
    absl::StatusOr<Value> v = Value::ParseJson(t);
    if (!v.ok()) {
      return absl::InvalidArgumentError(
          StrCat(name_, ": JSON syntax error: ", v.status().message()));
    }
    return absl::InvalidArgumentError(
        StrCat(name_, ": JSON syntax error at byte ", pos, ": ", what));
  };
  skip_ws();
  if (pos == t.size()) return absl::OkStatus();  // empty output: {}
  if (t.compare(pos, 4, "null") == 0) {
    pos += 4;
    skip_ws();
    if (pos != t.size()) return syntax("unexpected text after null");
    return absl::OkStatus();
  }
  if (t[pos] != '{') {
    // Not an object: say what it is (a syntax error if it is not JSON).
    simdjson::padded_string padded(t);
    dom::element root;
    if (auto e = parser_->parser.parse(padded).get(root)) {
      return absl::InvalidArgumentError(StrCat(name_, ": ", SyntaxMessage(t, e)));
    }
    return absl::InvalidArgumentError(
        StrCat(name_, ": $: expected an object, got ", TypeName(root.type())));
  }
  ++pos;
  std::vector<std::string>& seen_keys = member_names_;
  seen_keys.clear();
  // Finds the end of the value starting at pos (strings and nesting only;
  // the DOM parser validates the value itself afterwards).
  auto skip_value = [&](size_t p, size_t* end) -> bool {
    size_t depth = 0;
    bool in_string = false;
    for (; p < t.size(); ++p) {
      const char c = t[p];
      if (in_string) {
        if (c == '\\') {
          ++p;
        } else if (c == '"') {
          in_string = false;
          if (depth == 0) {
            *end = p + 1;
            return true;
          }
        }
        continue;
      }
      switch (c) {
        case '"': in_string = true; break;
        case '[':
        case '{':
          if (++depth > kMaxDepth) return false;
          break;
        case ']':
        case '}':
          if (depth == 0) {
            *end = p;
            return true;
          }
          if (--depth == 0) {
            *end = p + 1;
            return true;
          }
          break;
        case ',':
          if (depth == 0) {
            *end = p;
            return true;
          }
          break;
        default: break;
      }
    }
    if (depth == 0 && !in_string) {
      *end = p;
      return true;
    }
    return false;
  };
  auto parse_padded = [&](std::string_view json, dom::element* out) -> simdjson::error_code {
    std::vector<char>& buf = parser_->buffer;
    buf.resize(json.size() + simdjson::SIMDJSON_PADDING);
    std::memcpy(buf.data(), json.data(), json.size());
    std::memset(buf.data() + json.size(), 0, simdjson::SIMDJSON_PADDING);
    return parser_->parser.parse(buf.data(), json.size(), false).get(*out);
  };
  skip_ws();
  if (pos < t.size() && t[pos] == '}') {
    ++pos;
    skip_ws();
    if (pos != t.size()) return syntax("unexpected text after the top-level object");
    return absl::OkStatus();
  }
  while (true) {
    skip_ws();
    if (pos >= t.size() || t[pos] != '"') return syntax("expected a member name");
    size_t key_end = 0;
    if (!skip_value(pos, &key_end)) return syntax("unterminated member name");
    dom::element key_el;
    if (parse_padded(t.substr(pos, key_end - pos), &key_el) != simdjson::SUCCESS ||
        !key_el.is_string()) {
      return syntax("bad member name");
    }
    std::string key(key_el.get_string().value_unsafe());
    for (const std::string& k : seen_keys) {
      if (k == key) {
        return absl::InvalidArgumentError(
            StrCat(name_, ": $: the member \"", key, "\" appears twice"));
      }
    }
    seen_keys.push_back(key);
    pos = key_end;
    skip_ws();
    if (pos >= t.size() || t[pos] != ':') return syntax("expected ':'");
    ++pos;
    skip_ws();
    if (pos >= t.size()) return syntax("expected a value");
    if (t[pos] != '[') {
      size_t end = 0;
      if (!skip_value(pos, &end)) return syntax("unterminated value");
      dom::element v;
      if (auto e = parse_padded(t.substr(pos, end - pos), &v)) {
        return absl::InvalidArgumentError(StrCat(name_, ": ", SyntaxMessage(t, e)));
      }
      JsonNode node(this, nullptr, key, -1, &v);
      if (!fn(key, -1, node) || !ok()) return status();
      pos = end;
    } else {
      // An array: elements in batches.
      ++pos;
      int64_t index = 0;
      skip_ws();
      if (pos < t.size() && t[pos] == ']') {
        ++pos;
      } else {
        bool done = false;
        while (!done) {
          const size_t batch_begin = pos;
          size_t batch_end = pos;
          // Collect whole elements up to kBatchBytes.
          while (true) {
            skip_ws();
            size_t end = 0;
            if (!skip_value(pos, &end)) return syntax("unterminated array element");
            batch_end = end;
            pos = end;
            skip_ws();
            if (pos >= t.size()) return syntax("unterminated array");
            if (t[pos] == ']') {
              ++pos;
              done = true;
              break;
            }
            if (t[pos] != ',') return syntax("expected ',' or ']' in an array");
            ++pos;
            if (batch_end - batch_begin >= kBatchBytes) break;
          }
          std::string_view batch = t.substr(batch_begin, batch_end - batch_begin);
          std::vector<char>& buf = parser_->buffer;
          buf.resize(batch.size() + 2 + simdjson::SIMDJSON_PADDING);
          buf[0] = '[';
          std::memcpy(buf.data() + 1, batch.data(), batch.size());
          buf[batch.size() + 1] = ']';
          std::memset(buf.data() + batch.size() + 2, 0, simdjson::SIMDJSON_PADDING);
          dom::element arr;
          if (auto e = parser_->parser.parse(buf.data(), batch.size() + 2, false).get(arr)) {
            return absl::InvalidArgumentError(StrCat(name_, ": ", SyntaxMessage(t, e)));
          }
          const dom::array elements = arr.get_array().value_unsafe();
          for (dom::element x : elements) {
            const int64_t i = index++;
            JsonNode node(this, nullptr, key, i, &x);
            if (!fn(key, i, node) || !ok()) return status();
          }
        }
      }
    }
    skip_ws();
    if (pos < t.size() && t[pos] == ',') {
      ++pos;
      continue;
    }
    if (pos < t.size() && t[pos] == '}') {
      ++pos;
      break;
    }
    return syntax("expected ',' or '}'");
  }
  skip_ws();
  if (pos != t.size()) return syntax("unexpected text after the top-level object");
  return status();
}

std::string FormatRfc3339(int64_t ns) {
  int64_t secs = ns / 1'000'000'000;
  int64_t frac = ns % 1'000'000'000;
  if (frac < 0) {
    frac += 1'000'000'000;
    --secs;
  }
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld",
                static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d),
                static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                static_cast<long long>(rem % 60));
  std::string out = buf;
  if (frac != 0) {
    char f[16];
    std::snprintf(f, sizeof f, ".%09lld", static_cast<long long>(frac));
    std::string fs = f;
    while (fs.back() == '0') fs.pop_back();
    out += fs;
  }
  out += 'Z';
  return out;
}

}  // namespace vigil::connect
