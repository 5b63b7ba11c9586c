// The located JSON reader (json_reader.h) on simdjson On-Demand. simdjson
// finds the structure and decodes strings and numbers; this file builds the
// located tree, enforces vigil's rules (duplicate keys, depth, exact
// integers) and turns simdjson's error codes into located diagnostics.
#include "src/base/json_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "simdjson.h"
#include "src/base/strings.h"
#include "src/base/utf8.h"

namespace vigil::json {

const Member* Node::Find(std::string_view key) const {
  for (const Member& m : members) {
    if (m.key == key) return &m;
  }
  return nullptr;
}

Value Node::ToValue() const {
  switch (kind) {
    case Kind::kNull: return Value();
    case Kind::kBool: return Value(b);
    case Kind::kInt: return Value(i);
    case Kind::kDouble: return Value(d);
    case Kind::kString: return Value(s);
    case Kind::kArray: {
      Value::Array a;
      a.reserve(items.size());
      for (const Node* n : items) a.push_back(n->ToValue());
      return Value(std::move(a));
    }
    case Kind::kObject: {
      Value::Object o;
      o.reserve(members.size());
      for (const Member& m : members) o.emplace_back(m.key, m.value->ToValue());
      return Value(std::move(o));
    }
  }
  return Value();
}

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kBool: return "a boolean";
    case Kind::kInt:
    case Kind::kDouble: return "a number";
    case Kind::kString: return "a string";
    case Kind::kArray: return "an array";
    case Kind::kObject: return "an object";
  }
  return "a value";
}

const char* KindName(const Node& node) {
  if (node.kind == Kind::kInt) return "an integer";
  if (node.kind == Kind::kString && node.s.empty()) return "an empty string";
  return KindName(node.kind);
}

namespace {

bool IsPlainKey(std::string_view k) {
  if (k.empty()) return false;
  for (char c : k) {
    bool ok = c == '_' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return !(k[0] >= '0' && k[0] <= '9') && k[0] != '-';
}

}  // namespace

std::string PathOf(const Node& node) {
  std::vector<const Node*> chain;
  for (const Node* n = &node; n->parent != nullptr; n = n->parent) chain.push_back(n);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const Node* n = *it;
    if (n->parent->is_array()) {
      StrAppend(&out, "[", n->index, "]");
      continue;
    }
    const std::string& key = n->parent->members[n->index].key;
    if (IsPlainKey(key)) {
      if (!out.empty()) out.push_back('.');
      out += key;
    } else {
      StrAppend(&out, "[", Quoted(key), "]");
    }
  }
  return out;
}

std::string DescribePath(const Node& node) {
  return node.parent == nullptr ? std::string("the top level") : PathOf(node);
}

void Document::IndexLines() {
  const std::string_view t = text_;
  line_starts_.clear();
  block_code_points_.clear();
  uint32_t cps = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (i % kBlock == 0) block_code_points_.push_back(cps);
    const char c = t[i];
    cps += (static_cast<uint8_t>(c) & 0xC0) != 0x80;
    if (c == '\n') {
      line_starts_.push_back(static_cast<uint32_t>(i + 1));
    } else if (c == '\r') {
      if (i + 1 < t.size() && t[i + 1] == '\n') continue;  // the \n ends the line
      line_starts_.push_back(static_cast<uint32_t>(i + 1));
    }
  }
}

SourceLocation Document::Locate(uint32_t offset) const {
  const std::string_view t = text_;
  if (offset > t.size()) offset = static_cast<uint32_t>(t.size());
  // Lines that start at or before `offset`. LocateOffset counts a \r\n as
  // one break and an offset at its \n as on the line the \r ends.
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin()) + 1;
  uint32_t line_start = it == line_starts_.begin() ? 0 : *(it - 1);
  if (line == 1 && t.size() >= 3 && t.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3) line_start = 3;
  // Code points in [line_start, offset), from the block counts.
  auto cps_before = [&](uint32_t x) -> uint64_t {
    if (x == 0) return 0;
    const size_t b = x / kBlock;
    if (b >= block_code_points_.size()) {
      return block_code_points_.empty()
                 ? CountCodePoints(t.substr(0, x))
                 : block_code_points_.back() +
                       CountCodePoints(t.substr((block_code_points_.size() - 1) * size_t{kBlock},
                                                x - (block_code_points_.size() - 1) * size_t{kBlock}));
    }
    return block_code_points_[b] + CountCodePoints(t.substr(b * size_t{kBlock}, x - b * size_t{kBlock}));
  };
  const uint64_t column = cps_before(offset) - cps_before(line_start) + 1;
  return SourceLocation{offset, line, static_cast<uint32_t>(column)};
}

std::string Document::Where(uint32_t offset) const {
  SourceLocation loc = Locate(offset);
  return StrCat(file_, ":", loc.line, ":", loc.column);
}

uint32_t Document::StringOffset(const Node& n, size_t k) const {
  const std::string_view text = text_;
  size_t raw = n.offset + 1;
  if (n.verbatim) return static_cast<uint32_t>(std::min<size_t>(raw + std::min(k, n.s.size()), n.end - 1));
  size_t decoded = 0;
  while (raw + 1 < n.end && decoded < k) {
    if (text[raw] != '\\') {
      ++raw;
      ++decoded;
      continue;
    }
    if (text[raw + 1] != 'u') {
      raw += 2;
      ++decoded;
      continue;
    }
    // A \u escape (or a surrogate pair): as many decoded bytes as its UTF-8.
    uint32_t cp = 0;
    for (size_t j = raw + 2; j < raw + 6 && j < text.size(); ++j) {
      const char c = text[j];
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
  return static_cast<uint32_t>(std::min<size_t>(raw, n.end - 1));
}

namespace od = simdjson::ondemand;

// Builds a Document from simdjson's iteration; on failure, `error` holds the
// located diagnostic.
class Reader {
 public:
  Reader(Document* doc, const ReadOptions& options) : doc_(doc), options_(options) {}

  bool Run();
  const Diagnostic& error() const { return error_; }

 private:
  enum class Container : uint8_t { kNone, kArray, kObject };

  bool Fail(size_t at, std::string_view code, std::string message) {
    error_ = doc_->At(static_cast<uint32_t>(std::min(at, text_.size())), code,
                      std::move(message));
    return false;
  }
  // A simdjson error met while reading the value at `at` inside `in`.
  bool FailJson(simdjson::error_code e, size_t at, Container in);
  bool FailStructure(Container in);
  bool FailString(size_t open_quote);
  bool FailNumber(size_t at, Container in);
  bool FailLiteral(size_t at);
  bool FailTrailing(size_t end);
  // One past the end of the scalar (string, number, literal) at `at`.
  size_t ScalarEnd(size_t at) const;

  Node* NewNode(Node* parent, uint32_t index) {
    Node& n = doc_->nodes_.emplace_back();
    n.parent = parent;
    n.index = index;
    return &n;
  }
  size_t OffsetOf(const char* p) const { return static_cast<size_t>(p - base_); }
  size_t SkipSpace(size_t i) const {
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\n' ||
                                text_[i] == '\r')) {
      ++i;
    }
    return i;
  }
  // A short, printable description of what is at `at`, for messages.
  std::string Describe(size_t at) const;

  bool ReadValue(od::value v, Node* n, int depth, Container in);
  template <typename V>
  bool ReadScalar(V& v, od::json_type type, Node* n, Container in);
  bool ReadArray(od::value v, Node* n, int depth);
  bool ReadObject(od::value v, Node* n, int depth);
  bool CloseContainer(Node* n, char close);

  Document* doc_;
  const ReadOptions& options_;
  std::string_view text_;
  const char* base_ = nullptr;
  od::document* sdoc_ = nullptr;
  Diagnostic error_;
};

std::string Reader::Describe(size_t at) const {
  if (at >= text_.size()) return "the end of the text";
  const unsigned char c = static_cast<unsigned char>(text_[at]);
  if (c >= 0x20 && c < 0x7F) return StrCat("'", std::string(1, static_cast<char>(c)), "'");
  size_t n = Utf8SequenceLength(text_, at);
  return StrCat("'", Printable(text_.substr(at, n == 0 ? 1 : n)), "'");
}

bool Reader::FailStructure(Container in) {
  // simdjson stops where the structure breaks; say what was expected there
  // from the text before that point.
  size_t at = text_.size();
  const char* p = nullptr;
  if (sdoc_ != nullptr && !sdoc_->current_location().get(p) && p != nullptr &&
      p >= base_ && OffsetOf(p) <= text_.size()) {
    at = OffsetOf(p);
  }
  size_t before = at;
  while (before > 0 && (text_[before - 1] == ' ' || text_[before - 1] == '\t' ||
                        text_[before - 1] == '\n' || text_[before - 1] == '\r')) {
    --before;
  }
  const char prev = before > 0 ? text_[before - 1] : '\0';
  const std::string found = Describe(at);
  if (prev == ':' || prev == '[' || (prev == ',' && in == Container::kArray)) {
    return Fail(at, "json.syntax", StrCat("expected a value, found ", found));
  }
  if (prev == '{' || (prev == ',' && in == Container::kObject)) {
    return Fail(at, "json.syntax", StrCat("expected a key in quotes, found ", found));
  }
  if (prev == '"' && in == Container::kObject) {
    // Was that string a key? Find its opening quote: the first unescaped
    // quote before it.
    size_t q = before - 1;
    while (q > 0) {
      --q;
      if (text_[q] != '"') continue;
      size_t slashes = 0;
      while (q - slashes > 0 && text_[q - slashes - 1] == '\\') ++slashes;
      if (slashes % 2 == 0) break;
    }
    size_t k = q;
    while (k > 0 && (text_[k - 1] == ' ' || text_[k - 1] == '\t' || text_[k - 1] == '\n' ||
                     text_[k - 1] == '\r')) {
      --k;
    }
    if (k > 0 && (text_[k - 1] == '{' || text_[k - 1] == ',')) {
      return Fail(at, "json.syntax", StrCat("expected ':' after the key, found ", found));
    }
  }
  if (in == Container::kObject) {
    return Fail(at, "json.syntax", StrCat("expected ',' or '}', found ", found));
  }
  if (in == Container::kArray) {
    return Fail(at, "json.syntax", StrCat("expected ',' or ']', found ", found));
  }
  return Fail(at, "json.syntax", StrCat("unexpected ", found));
}

bool Reader::FailString(size_t open) {
  // simdjson says only that the string is bad; find the escape at fault.
  size_t i = open + 1;
  auto hex4 = [&](size_t at, uint32_t* cp) {
    if (at + 4 > text_.size()) return false;
    uint32_t v = 0;
    for (size_t k = 0; k < 4; ++k) {
      const char c = text_[at + k];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
      else return false;
    }
    *cp = v;
    return true;
  };
  while (i < text_.size() && text_[i] != '"') {
    if (text_[i] != '\\') {
      ++i;
      continue;
    }
    const size_t esc = i;
    const char e = i + 1 < text_.size() ? text_[i + 1] : '\0';
    if (std::strchr("\"\\/bfnrt", e) != nullptr && e != '\0') {
      i += 2;
      continue;
    }
    if (e != 'u') {
      return Fail(esc, "json.syntax",
                  StrCat("invalid escape ", Quoted(text_.substr(esc, e == '\0' ? 1 : 2)),
                         " in a string (escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"));
    }
    uint32_t cp = 0;
    if (!hex4(esc + 2, &cp)) {
      return Fail(esc, "json.syntax", "a \\u escape needs four hexadecimal digits");
    }
    i = esc + 6;
    if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return Fail(esc, "json.syntax",
                  StrCat("unpaired surrogate ", text_.substr(esc, 6), " in a string"));
    }
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      uint32_t lo = 0;
      if (text_.substr(i, 2) != "\\u" || !hex4(i + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
        return Fail(esc, "json.syntax",
                    StrCat("unpaired surrogate ", text_.substr(esc, 6), " in a string"));
      }
      i += 6;
    }
  }
  return Fail(open, "json.syntax", "invalid string");
}

namespace {

// True when `s` is a number as RFC 8259 writes it.
bool IsJsonNumber(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  const size_t int_start = i;
  const size_t nd = digits();
  if (nd == 0 || (nd > 1 && s[int_start] == '0')) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

// The characters of a scalar token starting at `at` (up to a delimiter).
std::string_view ScalarToken(std::string_view text, size_t at) {
  size_t e = at;
  while (e < text.size() && std::strchr(" \t\r\n,:]}[{\"", text[e]) == nullptr) ++e;
  return text.substr(at, std::max<size_t>(e - at, 1));
}

}  // namespace

bool Reader::FailNumber(size_t at, Container in) {
  std::string_view tok = ScalarToken(text_, at);
  if (!IsJsonNumber(tok)) {
    return Fail(at, "json.syntax",
                StrCat("invalid number ", Quoted(tok.substr(0, 40)), tok.size() > 40 ? "..." : ""));
  }
  // A well-formed number simdjson would not read: out of range, or else
  // the structure around it is broken (e.g. the text ends after it).
  bool out_of_range;
  if (tok.find_first_of(".eE") == std::string_view::npos) {
    int64_t unused;
    out_of_range = std::from_chars(tok.data(), tok.data() + tok.size(), unused).ec ==
                   std::errc::result_out_of_range;
  } else {
    out_of_range = !std::isfinite(std::strtod(std::string(tok).c_str(), nullptr));
  }
  if (!out_of_range) {
    // Something stuck to the number, such as a quote: the fault is there.
    const size_t after = at + tok.size();
    if (in == Container::kNone) return FailTrailing(after);
    return Fail(after, "json.syntax",
                StrCat("expected ',' or '", in == Container::kArray ? "]" : "}", "', found ",
                       Describe(after)));
  }
  return Fail(at, "json.number-range",
              StrCat("the number ", Printable(tok.substr(0, 40)), tok.size() > 40 ? "..." : "",
                     " is out of range"));
}

bool Reader::FailLiteral(size_t at) {
  std::string_view tok = ScalarToken(text_, at);
  return Fail(at, "json.syntax",
              StrCat("expected a JSON value, found ", Quoted(tok.substr(0, 40)),
                     tok.size() > 40 ? "..." : "",
                     " (the literals are true, false and null; strings need quotes)"));
}

bool Reader::FailJson(simdjson::error_code e, size_t at, Container in) {
  switch (e) {
    case simdjson::MEMALLOC:
      // Not a property of the document: it goes on as the std::bad_alloc
      // any other allocation throws.
      throw std::bad_alloc();
    case simdjson::UTF8_ERROR: {
      size_t bad = FindInvalidUtf8(text_);
      if (bad == std::string_view::npos) bad = at;
      return Fail(bad, "json.utf8",
                  StrCat("the text is not valid UTF-8 (byte ",
                         Printable(text_.substr(bad, 1)), " does not start a character)"));
    }
    case simdjson::UNCLOSED_STRING:
    case simdjson::UNESCAPED_CHARS: {
      // Walk the strings to the first raw control character or the
      // string left open.
      bool in_string = false;
      size_t open = 0;
      for (size_t i = 0; i < text_.size(); ++i) {
        const char c = text_[i];
        if (!in_string) {
          if (c == '"') {
            in_string = true;
            open = i;
          }
          continue;
        }
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          in_string = false;
        } else if (static_cast<unsigned char>(c) < 0x20) {
          return Fail(i, "json.syntax",
                      StrCat("a control character (", Printable(std::string_view(&c, 1)),
                             ") inside a string must be escaped"));
        }
      }
      if (in_string) return Fail(open, "json.syntax", "unterminated string");
      return Fail(at, "json.syntax", simdjson::error_message(e));
    }
    case simdjson::DEPTH_ERROR: {
      int depth = 0;
      bool in_string = false;
      for (size_t i = 0; i < text_.size(); ++i) {
        const char c = text_[i];
        if (in_string) {
          if (c == '\\') ++i;
          else if (c == '"') in_string = false;
        } else if (c == '"') {
          in_string = true;
        } else if (c == '[' || c == '{') {
          if (++depth > options_.max_depth) {
            return Fail(i, "json.too-deep",
                        StrCat("arrays and objects are nested deeper than ", options_.max_depth,
                               " levels"));
          }
        } else if (c == ']' || c == '}') {
          --depth;
        }
      }
      return Fail(at, "json.too-deep",
                  StrCat("arrays and objects are nested deeper than ", options_.max_depth,
                         " levels"));
    }
    case simdjson::EMPTY:
      return Fail(SkipSpace(0), "json.syntax", "expected a JSON value, found the end of the text");
    case simdjson::STRING_ERROR:
      if (at < text_.size() && text_[at] == '"') return FailString(at);
      return Fail(at, "json.syntax", "invalid string");
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE:
      return FailNumber(at, in);
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
      return FailLiteral(at);
    case simdjson::INCORRECT_TYPE:
      if (at < text_.size() && (text_[at] == '-' || (text_[at] >= '0' && text_[at] <= '9'))) {
        return FailNumber(at, in);
      }
      if (at < text_.size() && text_[at] != '"' && text_[at] != '[' && text_[at] != '{') {
        return FailLiteral(at);
      }
      return FailStructure(in);
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
    case simdjson::OUT_OF_BOUNDS:
      return FailStructure(in);
    case simdjson::TRAILING_CONTENT:
      return Fail(at, "json.syntax", "unexpected text after the JSON value");
    case simdjson::CAPACITY:
      return Fail(0, "json.too-large", "the document is too large");
    default:
      return Fail(at, "json.syntax", StrCat("invalid JSON (", simdjson::error_message(e), ")"));
  }
}

size_t Reader::ScalarEnd(size_t at) const {
  if (at < text_.size() && text_[at] == '"') {
    for (size_t i = at + 1; i < text_.size(); ++i) {
      if (text_[i] == '\\') {
        ++i;
      } else if (text_[i] == '"') {
        return i + 1;
      }
    }
    return text_.size();
  }
  return at + ScalarToken(text_, at).size();
}

bool Reader::FailTrailing(size_t end) {
  const size_t after = SkipSpace(end);
  return Fail(after, "json.syntax",
              StrCat("unexpected text after the JSON value: ", Describe(after)));
}

template <typename V>
bool Reader::ReadScalar(V& v, od::json_type type, Node* n, Container in) {
  const size_t at = n->offset;
  // Where the token ends, from the text: for a document that is one scalar,
  // simdjson refuses trailing text instead of reading the value.
  const size_t end = ScalarEnd(at);
  n->end = static_cast<uint32_t>(end);
  auto fail = [&](simdjson::error_code e) {
    return e == simdjson::TRAILING_CONTENT ? FailTrailing(end) : FailJson(e, at, in);
  };
  const std::string_view lit = text_.substr(at, end - at);
  switch (type) {
    case od::json_type::string: {
      std::string_view s;
      if (auto e = v.get_string().get(s)) return fail(e);
      n->kind = Kind::kString;
      n->s.assign(s.data(), s.size());
      // Every escape is longer than what it stands for.
      n->verbatim = end - at - 2 == s.size();
      return true;
    }
    case od::json_type::number: {
      const bool integer = lit.find_first_of(".eE") == std::string_view::npos;
      if (integer) {
        int64_t i = 0;
        const simdjson::error_code e = v.get_int64().get(i);
        if (!e) {
          n->kind = Kind::kInt;
          n->i = i;
          return true;
        }
        // simdjson refuses an integer outside int64 as being of another type.
        if (e != simdjson::INCORRECT_TYPE && e != simdjson::NUMBER_OUT_OF_RANGE &&
            e != simdjson::NUMBER_ERROR) {
          return fail(e);
        }
        int64_t unused;
        if (!IsJsonNumber(lit) || std::from_chars(lit.data(), lit.data() + lit.size(), unused).ec !=
                                      std::errc::result_out_of_range) {
          return FailNumber(at, in);
        }
        if (!options_.big_integers_as_double) {
          return Fail(at, "json.number-range",
                      StrCat("integer out of range: ", Printable(lit.substr(0, 40)),
                             lit.size() > 40 ? "..." : "",
                             " is not between -9223372036854775808 and 9223372036854775807"));
        }
      }
      double d = 0;
      if (auto e = v.get_double().get(d)) return fail(e);
      n->kind = Kind::kDouble;
      n->d = d;
      return true;
    }
    case od::json_type::boolean: {
      if (lit != "true" && lit != "false") return FailLiteral(at);
      bool b = false;
      if (auto e = v.get_bool().get(b)) return fail(e);
      n->kind = Kind::kBool;
      n->b = b;
      return true;
    }
    case od::json_type::null: {
      // The token itself is checked: simdjson 3.0's is_null() says false for
      // a root "null" followed by exactly one space.
      if (lit != "null") return FailLiteral(at);
      n->kind = Kind::kNull;
      return true;
    }
    default:
      return FailStructure(in);
  }
}

bool Reader::CloseContainer(Node* n, char close) {
  size_t after = n->offset + 1;
  if (!n->items.empty()) after = n->items.back()->end;
  if (!n->members.empty()) after = n->members.back().value->end;
  size_t i = SkipSpace(after);
  if (i >= text_.size() || text_[i] != close) {
    return Fail(i, "json.syntax",
                StrCat("expected ',' or '", std::string(1, close), "', found ", Describe(i)));
  }
  n->end = static_cast<uint32_t>(i + 1);
  return true;
}

bool Reader::ReadValue(od::value v, Node* n, int depth, Container in) {
  const char* p = v.raw_json_token().data();
  n->offset = static_cast<uint32_t>(OffsetOf(p));
  od::json_type type;
  if (auto e = v.type().get(type)) return FailJson(e, n->offset, in);
  if (type == od::json_type::array) return ReadArray(v, n, depth + 1);
  if (type == od::json_type::object) return ReadObject(v, n, depth + 1);
  return ReadScalar(v, type, n, in);
}

bool Reader::ReadArray(od::value v, Node* n, int depth) {
  if (depth > options_.max_depth) return FailJson(simdjson::DEPTH_ERROR, n->offset, Container::kArray);
  n->kind = Kind::kArray;
  od::array a;
  if (auto e = v.get_array().get(a)) return FailJson(e, n->offset, Container::kArray);
  for (auto item : a) {
    od::value x;
    if (auto e = std::move(item).get(x)) return FailJson(e, n->offset, Container::kArray);
    Node* child = NewNode(n, static_cast<uint32_t>(n->items.size()));
    n->items.push_back(child);
    if (!ReadValue(x, child, depth, Container::kArray)) return false;
  }
  return CloseContainer(n, ']');
}

bool Reader::ReadObject(od::value v, Node* n, int depth) {
  if (depth > options_.max_depth) return FailJson(simdjson::DEPTH_ERROR, n->offset, Container::kObject);
  n->kind = Kind::kObject;
  od::object o;
  if (auto e = v.get_object().get(o)) return FailJson(e, n->offset, Container::kObject);
  // Duplicate keys: a linear search for small objects, a map for large ones.
  absl::flat_hash_map<std::string, uint32_t> index;
  for (auto fr : o) {
    od::field f;
    if (auto e = std::move(fr).get(f)) return FailJson(e, n->offset, Container::kObject);
    Member m;
    m.key_offset = static_cast<uint32_t>(OffsetOf(f.key().raw()) - 1);
    std::string_view key;
    if (auto e = f.unescaped_key().get(key)) return FailJson(e, m.key_offset, Container::kObject);
    m.key.assign(key.data(), key.size());
    const Member* first = nullptr;
    if (n->members.size() < 16) {
      first = n->Find(m.key);
    } else {
      if (index.empty()) {
        for (uint32_t k = 0; k < n->members.size(); ++k) index.emplace(n->members[k].key, k);
      }
      auto it = index.find(m.key);
      if (it != index.end()) first = &n->members[it->second];
    }
    if (first != nullptr) {
      SourceLocation loc = doc_->Locate(first->key_offset);
      return Fail(m.key_offset, "json.duplicate-key",
                  StrCat("duplicate key ", Quoted(m.key), " (first at line ", loc.line,
                         ", column ", loc.column, ")"));
    }
    const uint32_t at = static_cast<uint32_t>(n->members.size());
    if (!index.empty()) index.emplace(m.key, at);
    Node* child = NewNode(n, at);
    m.value = child;
    n->members.push_back(std::move(m));
    if (!ReadValue(f.value(), child, depth, Container::kObject)) return false;
  }
  return CloseContainer(n, '}');
}

bool Reader::Run() {
  text_ = doc_->text_;
  if (text_.size() >= std::numeric_limits<uint32_t>::max() - simdjson::SIMDJSON_PADDING) {
    return Fail(0, "json.too-large", "the document is too large (4 GiB or more)");
  }
  // simdjson reads a padded copy. A byte-order mark opening the text becomes
  // spaces there, so offsets stay those of the text.
  simdjson::padded_string buf(text_.data(), text_.size());
  if (buf.data() == nullptr) throw std::bad_alloc();  // simdjson allocates with nothrow
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") std::memset(buf.data(), ' ', 3);
  base_ = buf.data();
  od::parser parser;
  // simdjson's own depth limit just above ours, so that it stops early.
  if (auto e = parser.allocate(std::max<size_t>(text_.size(), 64),
                               static_cast<size_t>(options_.max_depth) + 1)) {
    return FailJson(e, 0, Container::kNone);
  }
  od::document sdoc;
  if (auto e = parser.iterate(buf).get(sdoc)) return FailJson(e, SkipSpace(0), Container::kNone);
  sdoc_ = &sdoc;
  Node* root = NewNode(nullptr, 0);
  od::json_type type;
  root->offset = static_cast<uint32_t>(SkipSpace(text_.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0));
  if (auto e = sdoc.type().get(type)) return FailJson(e, root->offset, Container::kNone);
  if (type == od::json_type::array || type == od::json_type::object) {
    od::value v;
    if (auto e = sdoc.get_value().get(v)) return FailJson(e, root->offset, Container::kNone);
    if (!ReadValue(v, root, 0, Container::kNone)) return false;
  } else {
    if (!ReadScalar(sdoc, type, root, Container::kNone)) return false;
  }
  // Nothing may follow the value.
  const size_t after = SkipSpace(root->end);
  if (after < text_.size()) {
    return Fail(after, "json.syntax",
                StrCat("unexpected text after the JSON value: ", Describe(after)));
  }
  return true;
}

absl::StatusOr<Document> Document::Parse(std::string text, std::string file_name,
                                         Diagnostics* diags, const ReadOptions& options) {
  Document doc;
  doc.text_ = std::move(text);
  doc.file_ = std::move(file_name);
  doc.IndexLines();
  Reader reader(&doc, options);
  if (!reader.Run()) {
    Diagnostics one{reader.error()};
    if (diags != nullptr) diags->push_back(reader.error());
    return DiagnosticsToStatus(one);
  }
  return doc;
}

}  // namespace vigil::json
