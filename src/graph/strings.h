// String helpers for src/graph: absl::StrCat over std::string_view (this
// abseil build has its own absl::string_view type).
#ifndef VIGIL_SRC_GRAPH_STRINGS_H_
#define VIGIL_SRC_GRAPH_STRINGS_H_

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"

namespace vigil::graph_internal {

inline absl::string_view Conv(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}
template <typename T>
const T& Conv(const T& v) {
  return v;
}
template <typename... A>
std::string Cat(const A&... a) {
  return absl::StrCat(Conv(a)...);
}
template <typename... A>
void Append(std::string* out, const A&... a) {
  absl::StrAppend(out, Conv(a)...);
}

}  // namespace vigil::graph_internal

#endif  // VIGIL_SRC_GRAPH_STRINGS_H_
