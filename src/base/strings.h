// String concatenation that takes std::string_view. (Debian's abseil is
// built with its own absl::string_view, which std::string_view does not
// convert to, so absl::StrCat cannot take std::string_view arguments.)
#ifndef VIGIL_SRC_BASE_STRINGS_H_
#define VIGIL_SRC_BASE_STRINGS_H_

#include <charconv>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/string_view.h"

namespace vigil {
namespace strings_internal {

inline void Append(std::string* out, std::string_view s) { out->append(s); }
inline void Append(std::string* out, absl::string_view s) { out->append(s.data(), s.size()); }
inline void Append(std::string* out, const char* s) { out->append(s); }
inline void Append(std::string* out, const std::string& s) { out->append(s); }
inline void Append(std::string* out, char c) { out->push_back(c); }
template <typename T,
          typename = std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, char>>>
void Append(std::string* out, T v) {
  if constexpr (std::is_same_v<T, bool>) {
    out->append(v ? "true" : "false");
  } else {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out->append(buf, r.ptr);
  }
}

}  // namespace strings_internal

// For heterogeneous lookup in absl containers keyed by std::string.
inline absl::string_view ToAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

template <typename... Args>
std::string StrCat(const Args&... args) {
  std::string s;
  (strings_internal::Append(&s, args), ...);
  return s;
}

template <typename... Args>
void StrAppend(std::string* out, const Args&... args) {
  (strings_internal::Append(out, args), ...);
}

// Orders strings as people number things: runs of ASCII digits compare by
// value ("1.2" < "1.10" < "2.1"; on equal value the shorter run, i.e. fewer
// leading zeros, first), everything else byte by byte. A strict weak order.
inline bool NaturalLess(std::string_view a, std::string_view b) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      size_t i0 = i, j0 = j;
      while (i0 < a.size() && a[i0] == '0') ++i0;
      while (j0 < b.size() && b[j0] == '0') ++j0;
      size_t i1 = i0, j1 = j0;
      while (i1 < a.size() && digit(a[i1])) ++i1;
      while (j1 < b.size() && digit(b[j1])) ++j1;
      if (i1 - i0 != j1 - j0) return i1 - i0 < j1 - j0;  // fewer significant digits
      if (int c = a.substr(i0, i1 - i0).compare(b.substr(j0, j1 - j0)); c != 0) return c < 0;
      if (i1 - i != j1 - j) return i1 - i < j1 - j;  // fewer leading zeros first
      i = i1;
      j = j1;
      continue;
    }
    if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

// `s` with every byte outside RFC 3986's unreserved characters
// (A-Z a-z 0-9 - . _ ~) and outside `keep` written as %XX (upper-case hex).
inline std::string PercentEncode(std::string_view s, std::string_view keep = {}) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || keep.find(static_cast<char>(c)) != std::string_view::npos;
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

template <typename Container>
std::string StrJoin(const Container& parts, std::string_view sep) {
  std::string s;
  bool first = true;
  for (const auto& p : parts) {
    if (!first) s.append(sep);
    first = false;
    strings_internal::Append(&s, p);
  }
  return s;
}

}  // namespace vigil

#endif  // VIGIL_SRC_BASE_STRINGS_H_
