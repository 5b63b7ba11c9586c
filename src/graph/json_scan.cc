// The byte scanner of the graph JSON loader (see json_scan.h).
#include "src/graph/json_scan.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <string>
#include <string_view>

#include "simdjson.h"
#include "src/base/strings.h"

namespace vigil::graph_json {

namespace od = simdjson::ondemand;

Status Scanner::SkipString(size_t& pos) const {
  const size_t start = pos;
  const char* d = doc_.data();
  const size_t n = doc_.size();
  size_t p = pos + 1;
  while (true) {
#if defined(__SSE2__)
    // 16 bytes at a time while they are in the document, then bytewise.
    while (p + 16 <= n) {
      const __m128i chunk =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + p));
      const int mask = _mm_movemask_epi8(
          _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('"')),
                       _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\\'))));
      if (mask != 0) {
        p += static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
        break;
      }
      p += 16;
    }
#endif
    while (p < n && d[p] != '"' && d[p] != '\\') ++p;
    if (p >= n) return SyntaxError(start, "unterminated string");
    if (d[p] == '"') {
      pos = p + 1;
      return std::nullopt;
    }
    p += 2;  // a backslash and the character it escapes
  }
}

Status Scanner::SkipValue(size_t& pos) const {
  SkipWs(pos);
  if (pos >= doc_.size()) {
    return SyntaxError(pos, "unexpected end of document, expected a value");
  }
  const char c = doc_[pos];
  if (c == '"') return SkipString(pos);
  if (c == '{' || c == '[') {
    const size_t start = pos;
    size_t depth = 0;
    while (pos < doc_.size()) {
      const char d = doc_[pos];
      if (d == '"') {
        if (Status s = SkipString(pos)) return s;
        continue;
      }
      if (d == '{' || d == '[') {
        if (++depth > kMaxScanDepth) {
          return SyntaxError(
              pos, StrCat("nesting deeper than ", kMaxScanDepth, " levels"));
        }
      } else if (d == '}' || d == ']') {
        if (--depth == 0) {
          ++pos;
          return std::nullopt;
        }
      }
      ++pos;
    }
    return SyntaxError(start,
                       c == '{' ? "unterminated object" : "unterminated array");
  }
  // A scalar: up to the next delimiter.
  const size_t start = pos;
  while (pos < doc_.size()) {
    const char d = doc_[pos];
    if (d == ',' || d == ']' || d == '}' || d == ':' || d == ' ' || d == '\n' ||
        d == '\r' || d == '\t' || d == '"' || d == '{' || d == '[') {
      break;
    }
    ++pos;
  }
  if (pos == start) {
    return SyntaxError(start, StrCat("unexpected '", std::string(1, c),
                                     "', expected a value"));
  }
  return std::nullopt;
}

Status Scanner::ReadKey(size_t& pos, std::string* key) const {
  SkipWs(pos);
  if (pos >= doc_.size() || doc_[pos] != '"') {
    return SyntaxError(pos, "expected a string key");
  }
  const size_t start = pos;
  if (Status s = SkipString(pos)) return s;
  std::string_view raw = doc_.substr(start + 1, pos - start - 2);
  if (raw.find('\\') == std::string_view::npos) {
    key->assign(raw);
  } else {
    simdjson::padded_string lit(doc_.substr(start, pos - start));
    od::parser p;
    od::document d;
    std::string_view v;
    if (p.iterate(lit).get(d) || d.get_string().get(v)) {
      return SyntaxError(start, "invalid string key");
    }
    key->assign(v);
  }
  SkipWs(pos);
  if (pos >= doc_.size() || doc_[pos] != ':') {
    return SyntaxError(pos, "expected ':' after a key");
  }
  ++pos;
  SkipWs(pos);
  return std::nullopt;
}

Status Scanner::ScanBatch(size_t& pos, ScannedBatch* b) const {
  b->starts.clear();
  b->ends.clear();
  b->last = false;
  while (true) {
    SkipWs(pos);
    const size_t start = pos;
    if (pos < doc_.size() && doc_[pos] == ']') {
      return SyntaxError(pos, "expected a value after ','");
    }
    if (Status s = SkipValue(pos)) return s;
    if (b->starts.empty()) b->begin = start;
    b->starts.push_back(start);
    b->ends.push_back(pos);
    SkipWs(pos);
    if (pos >= doc_.size()) {
      return SyntaxError(pos, "unexpected end of document in an array");
    }
    const char c = doc_[pos];
    if (c != ',' && c != ']') {
      return SyntaxError(pos, StrCat("unexpected '", std::string(1, c),
                                     "', expected ',' or ']'"));
    }
    b->last = c == ']';
    ++pos;
    b->after = pos;
    if (b->last || pos - b->begin >= batch_bytes_) return std::nullopt;
  }
}

}  // namespace vigil::graph_json
