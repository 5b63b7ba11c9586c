// GraphQL lexer following graphql-js 16 (src/language/lexer.ts).
#include "src/syntax/lexer.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "src/base/utf8.h"

namespace vigil::syntax {
namespace {

bool IsDigit(int c) { return c >= '0' && c <= '9'; }
bool IsNameStart(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsNameContinue(int c) { return IsNameStart(c) || IsDigit(c); }
int HexValue(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
bool IsScalarValue(uint32_t cp) {
  return cp <= 0xD7FF || (cp >= 0xE000 && cp <= 0x10FFFF);
}
void AppendUtf8(std::string* out, uint32_t cp) {
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
bool IsWhiteSpace(char c) { return c == ' ' || c == '\t'; }

}  // namespace

const char* TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEof:
      return "<EOF>";
    case TokenKind::kBang:
      return "\"!\"";
    case TokenKind::kDollar:
      return "\"$\"";
    case TokenKind::kAmp:
      return "\"&\"";
    case TokenKind::kParenL:
      return "\"(\"";
    case TokenKind::kParenR:
      return "\")\"";
    case TokenKind::kSpread:
      return "\"...\"";
    case TokenKind::kColon:
      return "\":\"";
    case TokenKind::kEquals:
      return "\"=\"";
    case TokenKind::kAt:
      return "\"@\"";
    case TokenKind::kBracketL:
      return "\"[\"";
    case TokenKind::kBracketR:
      return "\"]\"";
    case TokenKind::kBraceL:
      return "\"{\"";
    case TokenKind::kPipe:
      return "\"|\"";
    case TokenKind::kBraceR:
      return "\"}\"";
    case TokenKind::kName:
      return "Name";
    case TokenKind::kInt:
      return "Int";
    case TokenKind::kFloat:
      return "Float";
    case TokenKind::kString:
      return "String";
    case TokenKind::kBlockString:
      return "BlockString";
    case TokenKind::kError:
      return "<error>";
  }
  return "?";
}

std::string DedentBlockString(const std::vector<std::string>& lines) {
  size_t common = std::numeric_limits<size_t>::max();
  long first_non_empty = -1;
  long last_non_empty = -1;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    size_t indent = 0;
    while (indent < line.size() && IsWhiteSpace(line[indent])) ++indent;
    if (indent == line.size()) continue;
    if (first_non_empty < 0) first_non_empty = static_cast<long>(i);
    last_non_empty = static_cast<long>(i);
    if (i != 0 && indent < common) common = indent;
  }
  std::string out;
  long begin = first_non_empty < 0 ? 0 : first_non_empty;
  for (long i = begin; i <= last_non_empty; ++i) {
    if (i != begin) out += '\n';
    const std::string& line = lines[i];
    if (i == 0) {
      out += line;
    } else if (common < line.size()) {
      out.append(line, common, std::string::npos);
    }
  }
  return out;
}

Lexer::Lexer(std::string_view text, ErrorFn on_error)
    : text_(text), on_error_(std::move(on_error)) {
  line_starts_.push_back(0);
}

void Lexer::NewLine(uint32_t next_line_start) {
  if (next_line_start > line_starts_.back()) {
    line_starts_.push_back(next_line_start);
  }
}

void Lexer::Locate(uint32_t offset, uint32_t* line, uint32_t* column_out) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t idx = static_cast<size_t>(it - line_starts_.begin()) - 1;
  *line = static_cast<uint32_t>(idx + 1);
  // Columns count characters (code points), as vigil/diagnostic.h says.
  uint32_t from = line_starts_[idx], column = 1;
  // A byte-order mark opening the text takes no column.
  if (from == 0 && offset >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") from = 3;
  if (located_offset_ >= from && located_offset_ <= offset) {
    from = located_offset_;
    column = located_column_;
  }
  column += static_cast<uint32_t>(CountCodePoints(text_.substr(from, offset - from)));
  located_offset_ = offset;
  located_column_ = column;
  *column_out = column;
}

int Lexer::DecodeUtf8(uint32_t pos, uint32_t* cp) const {
  int c0 = Peek(pos);
  if (c0 < 0) return 0;
  if (c0 < 0x80) {
    *cp = static_cast<uint32_t>(c0);
    return 1;
  }
  int len;
  uint32_t v;
  if ((c0 & 0xE0) == 0xC0) {
    len = 2;
    v = c0 & 0x1F;
  } else if ((c0 & 0xF0) == 0xE0) {
    len = 3;
    v = c0 & 0x0F;
  } else if ((c0 & 0xF8) == 0xF0) {
    len = 4;
    v = c0 & 0x07;
  } else {
    return 0;
  }
  for (int i = 1; i < len; ++i) {
    int c = Peek(pos + i);
    if (c < 0 || (c & 0xC0) != 0x80) return 0;
    v = (v << 6) | (c & 0x3F);
  }
  // Reject overlong forms, surrogates and values past U+10FFFF.
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (v < kMin[len] || !IsScalarValue(v)) return 0;
  *cp = v;
  return len;
}

std::string Lexer::DescribeCharAt(uint32_t pos) const {
  uint32_t cp = 0;
  int len = DecodeUtf8(pos, &cp);
  if (len == 0) {
    int c = Peek(pos);
    if (c < 0) return "<EOF>";
    return absl::StrFormat("byte 0x%02X", c);
  }
  if (cp >= 0x20 && cp < 0x7F) {
    return cp == '"' ? std::string("'\"'")
                     : absl::StrCat("\"", std::string(1, static_cast<char>(cp)),
                                    "\"");
  }
  return absl::StrFormat("U+%04X", cp);
}

Token Lexer::Make(TokenKind kind, uint32_t begin, uint32_t end) {
  Token t;
  t.kind = kind;
  t.begin = begin;
  t.end = end;
  Locate(begin, &t.line, &t.column);
  pos_ = end;
  return t;
}

Token Lexer::Error(std::string_view code, std::string message, uint32_t at,
                   uint32_t resume) {
  on_error_(code, std::move(message), at);
  Token t = Make(TokenKind::kError, at, std::max(at, resume));
  pos_ = std::max(pos_, resume);
  return t;
}

void Lexer::SkipIgnored() {
  while (pos_ < text_.size()) {
    int c = Peek(pos_);
    if (c == ' ' || c == '\t' || c == ',') {
      ++pos_;
    } else if (c == '\n') {
      ++pos_;
      NewLine(pos_);
    } else if (c == '\r') {
      pos_ += (Peek(pos_ + 1) == '\n') ? 2 : 1;
      NewLine(pos_);
    } else if (c == 0xEF && Peek(pos_ + 1) == 0xBB && Peek(pos_ + 2) == 0xBF) {
      pos_ += 3;  // U+FEFF byte-order mark
    } else if (c == '#') {
      ++pos_;
      while (pos_ < text_.size()) {
        int d = Peek(pos_);
        if (d == '\n' || d == '\r') break;
        uint32_t cp;
        int len = DecodeUtf8(pos_, &cp);
        if (len == 0) break;  // invalid byte: the next token reports it
        pos_ += len;
      }
    } else {
      break;
    }
  }
}

Token Lexer::Next() {
  SkipIgnored();
  if (pos_ >= text_.size()) {
    return Make(TokenKind::kEof, static_cast<uint32_t>(text_.size()),
                static_cast<uint32_t>(text_.size()));
  }
  uint32_t start = pos_;
  int c = Peek(start);
  switch (c) {
    case '!':
      return Make(TokenKind::kBang, start, start + 1);
    case '$':
      return Make(TokenKind::kDollar, start, start + 1);
    case '&':
      return Make(TokenKind::kAmp, start, start + 1);
    case '(':
      return Make(TokenKind::kParenL, start, start + 1);
    case ')':
      return Make(TokenKind::kParenR, start, start + 1);
    case '.':
      if (Peek(start + 1) == '.' && Peek(start + 2) == '.') {
        return Make(TokenKind::kSpread, start, start + 3);
      }
      break;
    case ':':
      return Make(TokenKind::kColon, start, start + 1);
    case '=':
      return Make(TokenKind::kEquals, start, start + 1);
    case '@':
      return Make(TokenKind::kAt, start, start + 1);
    case '[':
      return Make(TokenKind::kBracketL, start, start + 1);
    case ']':
      return Make(TokenKind::kBracketR, start, start + 1);
    case '{':
      return Make(TokenKind::kBraceL, start, start + 1);
    case '|':
      return Make(TokenKind::kPipe, start, start + 1);
    case '}':
      return Make(TokenKind::kBraceR, start, start + 1);
    case '"':
      if (Peek(start + 1) == '"' && Peek(start + 2) == '"') {
        return ReadBlockString(start);
      }
      return ReadString(start);
    default:
      break;
  }
  if (IsDigit(c) || c == '-') return ReadNumber(start);
  if (IsNameStart(c)) return ReadName(start);
  if (c == '\'') {
    return Error("syntax.unexpected-character",
                 "unexpected single quote character ('), did you mean to use "
                 "a double quote (\")?",
                 start, start + 1);
  }
  uint32_t cp;
  int len = DecodeUtf8(start, &cp);
  if (len == 0) {
    return Error("syntax.invalid-character",
                 absl::StrCat("invalid character: ", DescribeCharAt(start)),
                 start, start + 1);
  }
  return Error("syntax.unexpected-character",
               absl::StrCat("unexpected character: ", DescribeCharAt(start)),
               start, start + len);
}

Token Lexer::ReadName(uint32_t start) {
  uint32_t p = start + 1;
  while (IsNameContinue(Peek(p))) ++p;
  Token t = Make(TokenKind::kName, start, p);
  t.value = std::string(text_.substr(start, p - start));
  return t;
}

Token Lexer::ReadNumber(uint32_t start) {
  uint32_t p = start;
  bool is_float = false;
  // Skips past the rest of a malformed number so one error is reported.
  auto bad = [&](uint32_t at, std::string message) {
    uint32_t q = at;
    while (IsNameContinue(Peek(q)) || Peek(q) == '.') ++q;
    return Error("syntax.invalid-number", std::move(message), at,
                 std::max(q, at + 1));
  };
  auto read_digits = [&]() -> bool {
    if (!IsDigit(Peek(p))) return false;
    while (IsDigit(Peek(p))) ++p;
    return true;
  };
  if (Peek(p) == '-') ++p;
  if (Peek(p) == '0') {
    ++p;
    if (IsDigit(Peek(p))) {
      return bad(p, absl::StrCat("invalid number, unexpected digit after 0: ",
                                 DescribeCharAt(p)));
    }
  } else if (!read_digits()) {
    return bad(p, absl::StrCat("invalid number, expected digit but got: ",
                               DescribeCharAt(p)));
  }
  if (Peek(p) == '.') {
    is_float = true;
    ++p;
    if (!read_digits()) {
      return bad(p, absl::StrCat("invalid number, expected digit but got: ",
                                 DescribeCharAt(p)));
    }
  }
  if (Peek(p) == 'e' || Peek(p) == 'E') {
    is_float = true;
    ++p;
    if (Peek(p) == '+' || Peek(p) == '-') ++p;
    if (!read_digits()) {
      return bad(p, absl::StrCat("invalid number, expected digit but got: ",
                                 DescribeCharAt(p)));
    }
  }
  if (Peek(p) == '.' || IsNameStart(Peek(p))) {
    return bad(p, absl::StrCat("invalid number, expected digit but got: ",
                               DescribeCharAt(p)));
  }
  Token t = Make(is_float ? TokenKind::kFloat : TokenKind::kInt, start, p);
  t.value = std::string(text_.substr(start, p - start));
  return t;
}

Token Lexer::ReadString(uint32_t start) {
  uint32_t p = start + 1;
  std::string value;
  // First error inside the string; scanning goes on to the closing quote so
  // that the parser can carry on after it.
  bool failed = false;
  std::string err_code, err_msg;
  uint32_t err_at = 0;
  auto fail = [&](std::string_view code, std::string msg, uint32_t at) {
    if (failed) return;
    failed = true;
    err_code = std::string(code);
    err_msg = std::move(msg);
    err_at = at;
  };
  auto slice = [&](uint32_t from, uint32_t n) {
    uint32_t to = std::min<uint32_t>(from + n, text_.size());
    return std::string(text_.substr(from, to - from));
  };
  while (p < text_.size()) {
    int c = Peek(p);
    if (c == '"') {
      if (failed) return Error(err_code, err_msg, err_at, p + 1);
      Token t = Make(TokenKind::kString, start, p + 1);
      t.value = std::move(value);
      return t;
    }
    if (c == '\n' || c == '\r') break;
    if (c == '\\') {
      int e = Peek(p + 1);
      switch (e) {
        case '"':
          value += '"';
          p += 2;
          continue;
        case '\\':
          value += '\\';
          p += 2;
          continue;
        case '/':
          value += '/';
          p += 2;
          continue;
        case 'b':
          value += '\b';
          p += 2;
          continue;
        case 'f':
          value += '\f';
          p += 2;
          continue;
        case 'n':
          value += '\n';
          p += 2;
          continue;
        case 'r':
          value += '\r';
          p += 2;
          continue;
        case 't':
          value += '\t';
          p += 2;
          continue;
        case 'u':
          break;
        default: {
          uint32_t cp;
          int len = (e < 0) ? 0 : DecodeUtf8(p + 1, &cp);
          fail("syntax.invalid-escape",
               absl::StrCat("invalid character escape sequence: \"",
                            slice(p, 1 + std::max(len, 1)), "\""),
               p);
          if (e < 0 || e == '\n' || e == '\r') {
            p += 1;  // the loop then reports the string as unterminated
          } else {
            p += 1 + std::max(len, 1);
          }
          continue;
        }
      }
      // \u escapes.
      if (Peek(p + 2) == '{') {
        uint64_t point = 0;
        uint32_t size = 3;
        bool ok = false;
        while (size < 12) {
          int h = Peek(p + size++);
          if (h == '}') {
            ok = size >= 5 && point <= 0x10FFFF &&
                 IsScalarValue(static_cast<uint32_t>(point));
            break;
          }
          int v = HexValue(h);
          if (v < 0) break;
          point = (point << 4) | static_cast<uint64_t>(v);
          if (point > 0x10FFFF) break;
        }
        if (ok) {
          AppendUtf8(&value, static_cast<uint32_t>(point));
          p += size;
        } else {
          fail("syntax.invalid-escape",
               absl::StrCat("invalid Unicode escape sequence: \"",
                            slice(p, size), "\""),
               p);
          p += 2;
        }
        continue;
      }
      auto hex4 = [&](uint32_t at) -> int {
        int v = 0;
        for (int i = 0; i < 4; ++i) {
          int h = HexValue(Peek(at + i));
          if (h < 0) return -1;
          v = (v << 4) | h;
        }
        return v;
      };
      int code = hex4(p + 2);
      if (code >= 0 && IsScalarValue(static_cast<uint32_t>(code))) {
        AppendUtf8(&value, static_cast<uint32_t>(code));
        p += 6;
        continue;
      }
      if (code >= 0xD800 && code <= 0xDBFF && Peek(p + 6) == '\\' &&
          Peek(p + 7) == 'u') {
        int trail = hex4(p + 8);
        if (trail >= 0xDC00 && trail <= 0xDFFF) {
          uint32_t cp = 0x10000 + ((static_cast<uint32_t>(code) - 0xD800) << 10) +
                        (static_cast<uint32_t>(trail) - 0xDC00);
          AppendUtf8(&value, cp);
          p += 12;
          continue;
        }
      }
      fail("syntax.invalid-escape",
           absl::StrCat("invalid Unicode escape sequence: \"", slice(p, 6),
                        "\""),
           p);
      p += 2;
      continue;
    }
    uint32_t cp;
    int len = DecodeUtf8(p, &cp);
    if (len == 0) {
      fail("syntax.invalid-character",
           absl::StrCat("invalid character within String: ",
                        DescribeCharAt(p)),
           p);
      ++p;
      continue;
    }
    value.append(text_.data() + p, len);
    p += len;
  }
  if (failed) return Error(err_code, err_msg, err_at, p);
  return Error("syntax.unterminated-string", "unterminated string", p, p);
}

Token Lexer::ReadBlockString(uint32_t start) {
  uint32_t p = start + 3;
  std::vector<std::string> lines;
  std::string current;
  bool failed = false;
  uint32_t err_at = 0;
  std::string err_msg;
  while (p < text_.size()) {
    int c = Peek(p);
    if (c == '"' && Peek(p + 1) == '"' && Peek(p + 2) == '"') {
      lines.push_back(std::move(current));
      if (failed) {
        return Error("syntax.invalid-character", err_msg, err_at, p + 3);
      }
      Token t = Make(TokenKind::kBlockString, start, p + 3);
      t.value = DedentBlockString(lines);
      return t;
    }
    if (c == '\\' && Peek(p + 1) == '"' && Peek(p + 2) == '"' &&
        Peek(p + 3) == '"') {
      current += "\"\"\"";
      p += 4;
      continue;
    }
    if (c == '\n' || c == '\r') {
      lines.push_back(std::move(current));
      current.clear();
      p += (c == '\r' && Peek(p + 1) == '\n') ? 2 : 1;
      NewLine(p);
      continue;
    }
    uint32_t cp;
    int len = DecodeUtf8(p, &cp);
    if (len == 0) {
      if (!failed) {
        failed = true;
        err_at = p;
        err_msg = absl::StrCat("invalid character within String: ",
                               DescribeCharAt(p));
      }
      ++p;
      continue;
    }
    current.append(text_.data() + p, len);
    p += len;
  }
  if (failed) return Error("syntax.invalid-character", err_msg, err_at, p);
  return Error("syntax.unterminated-string", "unterminated string", p, p);
}

}  // namespace vigil::syntax
