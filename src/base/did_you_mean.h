// "Did you mean" suggestions for unknown names (keys, fields, controls...).
#ifndef VIGIL_SRC_BASE_DID_YOU_MEAN_H_
#define VIGIL_SRC_BASE_DID_YOU_MEAN_H_

#include <string>
#include <string_view>
#include <vector>

namespace vigil {

// Edit-distance suggestions in the style of graphql-js's suggestionList:
// the options within about 40% of `input`'s length in optimal-string-
// alignment distance (letters compared case-insensitively), closest first,
// at most five. Returns "" when there is none, else a sentence with a
// leading space: ` Did you mean "a"?` or ` Did you mean "a", "b" or "c"?`.
std::string DidYouMean(std::string_view input, const std::vector<std::string>& options);

}  // namespace vigil

#endif  // VIGIL_SRC_BASE_DID_YOU_MEAN_H_
