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
