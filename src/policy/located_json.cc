#include "src/policy/located_json.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "src/base/strings.h"

namespace vigil::policy {

const JsonMember* JsonNode::Find(std::string_view key) const {
  for (const auto& m : members) {
    if (m.key == key) return &m;
  }
  return nullptr;
}

uint32_t JsonNode::StringByteOffset(std::string_view text, size_t k) const {
  size_t raw = offset + 1;
  if (verbatim) return static_cast<uint32_t>(std::min(raw + k, text.size()));
  size_t decoded = 0;
  while (raw < text.size() && text[raw] != '"' && decoded < k) {
    if (text[raw] != '\\') {
      ++raw;
      ++decoded;
      continue;
    }
    char e = raw + 1 < text.size() ? text[raw + 1] : 0;
    if (e != 'u') {
      raw += 2;
      ++decoded;
      continue;
    }
    // A u-escape (possibly a surrogate pair): as many decoded bytes as its UTF-8.
    uint32_t cp = 0;
    for (size_t j = raw + 2; j < raw + 6 && j < text.size(); ++j) {
      char c = text[j];
      cp = cp * 16 + (c >= '0' && c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    raw += 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      raw += 6;
      decoded += 4;
    } else {
      decoded += cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
    }
  }
  return static_cast<uint32_t>(std::min(raw, text.size()));
}

Value JsonNode::ToValue() const {
  switch (kind) {
    case Value::Kind::kNull: return Value();
    case Value::Kind::kBool: return Value(b);
    case Value::Kind::kInt: return Value(i);
    case Value::Kind::kDouble: return Value(d);
    case Value::Kind::kString: return Value(s);
    case Value::Kind::kArray: {
      Value::Array a;
      a.reserve(items.size());
      for (const JsonNode* n : items) a.push_back(n->ToValue());
      return Value(std::move(a));
    }
    case Value::Kind::kObject: {
      Value::Object o;
      o.reserve(members.size());
      for (const auto& m : members) o.emplace_back(m.key, m.value->ToValue());
      return Value(std::move(o));
    }
  }
  return Value();
}

const char* JsonKindName(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kNull: return "null";
    case Value::Kind::kBool: return "a boolean";
    case Value::Kind::kInt:
    case Value::Kind::kDouble: return "a number";
    case Value::Kind::kString: return "a string";
    case Value::Kind::kArray: return "an array";
    case Value::Kind::kObject: return "an object";
  }
  return "?";
}

class JsonParser {
 public:
  JsonParser(JsonDocument* doc, int max_depth)
      : doc_(doc), t_(doc->text_), max_depth_(max_depth) {}

  bool Run() {
    SkipWs();
    JsonNode* root = NewNode();
    if (!ParseValue(root, 0)) return false;
    SkipWs();
    if (pos_ < t_.size()) return Fail(pos_, "json.trailing", "unexpected text after the JSON value");
    return true;
  }
  Diagnostic& error() { return error_; }

 private:
  JsonNode* NewNode() {
    doc_->nodes_.push_back(std::make_unique<JsonNode>());
    return doc_->nodes_.back().get();
  }
  bool Fail(size_t at, std::string_view code, std::string msg) {
    error_ = doc_->At(static_cast<uint32_t>(std::min(at, t_.size())), code, std::move(msg));
    return false;
  }
  void SkipWs() {
    while (pos_ < t_.size() && (t_[pos_] == ' ' || t_[pos_] == '\t' ||
                                t_[pos_] == '\n' || t_[pos_] == '\r')) {
      ++pos_;
    }
  }
  std::string Describe(size_t at) {
    if (at >= t_.size()) return "the end of the text";
    char c = t_[at];
    if (static_cast<unsigned char>(c) < 0x20) return "a control character";
    return StrCat("'", c, "'");
  }

  bool ParseValue(JsonNode* n, int depth) {
    n->offset = static_cast<uint32_t>(pos_);
    if (pos_ >= t_.size()) return Fail(pos_, "json.syntax", "expected a JSON value, found the end of the text");
    char c = t_[pos_];
    switch (c) {
      case '{': return ParseObject(n, depth);
      case '[': return ParseArray(n, depth);
      case '"':
        n->kind = Value::Kind::kString;
        return ParseString(&n->s, &n->verbatim);
      case 't': return Literal("true", n, Value::Kind::kBool, true);
      case 'f': return Literal("false", n, Value::Kind::kBool, false);
      case 'n': return Literal("null", n, Value::Kind::kNull, false);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber(n);
        return Fail(pos_, "json.syntax", StrCat("expected a JSON value, found ", Describe(pos_)));
    }
  }

  bool Literal(std::string_view word, JsonNode* n, Value::Kind kind, bool b) {
    if (t_.substr(pos_, word.size()) != word) {
      return Fail(pos_, "json.syntax", StrCat("expected a JSON value, found ", Describe(pos_)));
    }
    pos_ += word.size();
    n->kind = kind;
    n->b = b;
    return true;
  }

  bool ParseNumber(JsonNode* n) {
    size_t start = pos_;
    if (t_[pos_] == '-') ++pos_;
    auto digits = [&] {
      size_t s = pos_;
      while (pos_ < t_.size() && t_[pos_] >= '0' && t_[pos_] <= '9') ++pos_;
      return pos_ - s;
    };
    size_t int_start = pos_;
    size_t nd = digits();
    if (nd == 0) return Fail(pos_, "json.syntax", "expected a digit");
    if (nd > 1 && t_[int_start] == '0') return Fail(int_start, "json.syntax", "a number cannot start with 0");
    bool is_int = true;
    if (pos_ < t_.size() && t_[pos_] == '.') {
      ++pos_;
      is_int = false;
      if (digits() == 0) return Fail(pos_, "json.syntax", "expected a digit after '.'");
    }
    if (pos_ < t_.size() && (t_[pos_] == 'e' || t_[pos_] == 'E')) {
      ++pos_;
      is_int = false;
      if (pos_ < t_.size() && (t_[pos_] == '+' || t_[pos_] == '-')) ++pos_;
      if (digits() == 0) return Fail(pos_, "json.syntax", "expected a digit in the exponent");
    }
    std::string_view num = t_.substr(start, pos_ - start);
    if (is_int) {
      int64_t v = 0;
      auto r = std::from_chars(num.data(), num.data() + num.size(), v);
      if (r.ec == std::errc() && r.ptr == num.data() + num.size()) {
        n->kind = Value::Kind::kInt;
        n->i = v;
        return true;
      }
    }
    std::string copy(num);
    char* end = nullptr;
    double d = std::strtod(copy.c_str(), &end);
    if (!std::isfinite(d)) return Fail(start, "json.number", "number out of range");
    n->kind = Value::Kind::kDouble;
    n->d = d;
    return true;
  }

  static void AppendUtf8(std::string* out, uint32_t cp) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  bool Hex4(uint32_t* out) {
    if (pos_ + 4 > t_.size()) return Fail(pos_, "json.escape", "expected 4 hex digits after \\u");
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = t_[pos_ + k];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= c - '0';
      else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
      else return Fail(pos_ + k, "json.escape", "expected a hex digit in \\u escape");
    }
    pos_ += 4;
    *out = v;
    return true;
  }

  bool ParseString(std::string* out, bool* verbatim) {
    size_t open = pos_;
    ++pos_;  // opening quote
    *verbatim = true;
    while (true) {
      if (pos_ >= t_.size()) return Fail(open, "json.unterminated-string", "unterminated string");
      char c = t_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return Fail(pos_, "json.syntax", "control character in a string (escape it)");
      }
      if (c != '\\') {
        out->push_back(c);
        ++pos_;
        continue;
      }
      *verbatim = false;
      if (pos_ + 1 >= t_.size()) return Fail(open, "json.unterminated-string", "unterminated string");
      char e = t_[pos_ + 1];
      size_t esc = pos_;
      pos_ += 2;
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          uint32_t cp = 0;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo = 0;
            if (t_.substr(pos_, 2) != "\\u") return Fail(esc, "json.escape", "unpaired surrogate in \\u escape");
            pos_ += 2;
            if (!Hex4(&lo)) return false;
            if (lo < 0xDC00 || lo > 0xDFFF) return Fail(esc, "json.escape", "unpaired surrogate in \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return Fail(esc, "json.escape", "unpaired surrogate in \\u escape");
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          return Fail(esc, "json.escape", StrCat("invalid escape \\", e));
      }
    }
  }

  bool ParseArray(JsonNode* n, int depth) {
    if (depth >= max_depth_) return Fail(pos_, "json.too-deep", StrCat("nesting deeper than ", max_depth_, " levels"));
    n->kind = Value::Kind::kArray;
    ++pos_;
    SkipWs();
    if (pos_ < t_.size() && t_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipWs();
      JsonNode* item = NewNode();
      if (!ParseValue(item, depth + 1)) return false;
      n->items.push_back(item);
      SkipWs();
      if (pos_ < t_.size() && t_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < t_.size() && t_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return Fail(pos_, "json.syntax", StrCat("expected ',' or ']', found ", Describe(pos_)));
    }
  }

  bool ParseObject(JsonNode* n, int depth) {
    if (depth >= max_depth_) return Fail(pos_, "json.too-deep", StrCat("nesting deeper than ", max_depth_, " levels"));
    n->kind = Value::Kind::kObject;
    ++pos_;
    SkipWs();
    if (pos_ < t_.size() && t_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipWs();
      if (pos_ >= t_.size() || t_[pos_] != '"') {
        return Fail(pos_, "json.syntax", StrCat("expected a key in quotes, found ", Describe(pos_)));
      }
      JsonMember m;
      m.key_offset = static_cast<uint32_t>(pos_);
      bool verbatim;
      if (!ParseString(&m.key, &verbatim)) return false;
      for (const auto& other : n->members) {
        if (other.key == m.key) {
          SourceLocation first = LocateOffset(t_, other.key_offset);
          return Fail(m.key_offset, "json.duplicate-key",
                      StrCat("duplicate key \"", m.key, "\" (first at line ", first.line,
                             ", column ", first.column, ")"));
        }
      }
      SkipWs();
      if (pos_ >= t_.size() || t_[pos_] != ':') {
        return Fail(pos_, "json.syntax", StrCat("expected ':' after the key, found ", Describe(pos_)));
      }
      ++pos_;
      SkipWs();
      m.value = NewNode();
      if (!ParseValue(m.value, depth + 1)) return false;
      n->members.push_back(std::move(m));
      SkipWs();
      if (pos_ < t_.size() && t_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < t_.size() && t_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return Fail(pos_, "json.syntax", StrCat("expected ',' or '}', found ", Describe(pos_)));
    }
  }

  JsonDocument* doc_;
  std::string_view t_;
  int max_depth_;
  size_t pos_ = 0;
  Diagnostic error_;
};

absl::StatusOr<JsonDocument> JsonDocument::Parse(std::string text,
                                                 std::string file_name,
                                                 Diagnostics* diags,
                                                 int max_depth) {
  JsonDocument doc;
  doc.text_ = std::move(text);
  doc.file_ = std::move(file_name);
  JsonParser p(&doc, max_depth);
  if (!p.Run()) {
    Diagnostics one{p.error()};
    if (diags) diags->push_back(p.error());
    return DiagnosticsToStatus(one);
  }
  return doc;
}

}  // namespace vigil::policy
