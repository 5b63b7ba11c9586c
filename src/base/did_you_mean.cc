#include "src/base/did_you_mean.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "src/base/strings.h"
#include "src/base/utf8.h"

namespace vigil {
namespace {

// Optimal string alignment distance (Damerau-Levenshtein without repeated
// edits of a substring), letters compared case-insensitively.
int Distance(std::string_view a, std::string_view b) {
  std::vector<int> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int cost = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                         std::tolower(static_cast<unsigned char>(b[j - 1]))
                     ? 0
                     : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string DidYouMean(std::string_view input, const std::vector<std::string>& options) {
  if (input.size() > 256) return "";
  const int threshold = static_cast<int>(input.size() * 0.4) + 1;
  std::vector<std::pair<int, const std::string*>> scored;
  for (const auto& o : options) {
    int gap = static_cast<int>(input.size()) - static_cast<int>(o.size());
    if (gap > threshold || -gap > threshold) continue;
    int d = Distance(input, o);
    if (d <= threshold && o != input) scored.emplace_back(d, &o);
  }
  if (scored.empty()) return "";
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  if (scored.size() > 5) scored.resize(5);
  std::vector<std::string> names;
  for (const auto& s : scored) names.push_back(Quoted(*s.second));
  if (names.size() == 1) return StrCat(" Did you mean ", names[0], "?");
  std::string last = names.back();
  names.pop_back();
  return StrCat(" Did you mean ", StrJoin(names, ", "), " or ", last, "?");
}

}  // namespace vigil
