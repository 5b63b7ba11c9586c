// vigil/waivers.h — waivers: approved exceptions to controls (exceptions files).
//
//   {"exceptions": [
//     {"control": "cis-aws-3.7", "assets": ["vpc-0a1b", "vpc-lab-*"],
//      "owner": "network-team", "reason": "lab VPC, no traffic",
//      "expires": "2027-03-01"}
//   ]}
//
// `assets` holds exact asset ids or glob patterns (`*` any run of
// characters, `?` one character, `\` escapes the next one). `expires` is a
// date (YYYY-MM-DD: the exception holds through that day, UTC) or an RFC
// 3339 date-time (it holds until that instant), of the years 0001 to 9999
// ("9999-12-31T23:59:59Z" for an exception that never expires). Every key
// is required; unknown keys (json.unknown-key), missing ones
// (json.missing-key), values of the wrong type or empty (json.wrong-type),
// a bad date (exceptions.bad-date) or an unknown control
// (policy.unknown-control) are located errors.
//
// During a run (vigil/engine.h), an offending row whose asset is covered by
// an unexpired exception of its control is waived; expired exceptions waive
// nothing and are reported as expired; unexpired ones that match no
// offending row are reported as stale.
#ifndef VIGIL_WAIVERS_H_
#define VIGIL_WAIVERS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "vigil/datetime.h"
#include "vigil/diagnostic.h"
#include "vigil/policy.h"

namespace vigil {

struct ExceptionRule {
  std::string control;
  std::vector<std::string> assets;  // ids or globs
  std::string owner, reason;
  std::string expires;  // as written
  Instant expires_at;   // the first instant at which it no longer holds
  std::string source;      // "file:index" (index in the "exceptions" array)
  std::string location;    // "file:line:col"

  bool Covers(std::string_view asset_id) const;
  bool ExpiredAt(Instant now) const { return now >= expires_at; }
};

// Glob match of `text` against `pattern` (`*`, `?`, `\` escapes); linear
// in practice, no recursion.
bool GlobMatch(std::string_view pattern, std::string_view text);

struct ExceptionSet {
  std::string file;
  std::vector<ExceptionRule> rules;

  // Parses an exceptions file. With `pack`, every control must exist in it.
  static absl::StatusOr<ExceptionSet> Parse(std::string_view text,
                                            std::string_view file_name,
                                            const Pack* pack = nullptr,
                                            Diagnostics* diags = nullptr);
  static absl::StatusOr<ExceptionSet> LoadFile(const std::string& path,
                                               const Pack* pack = nullptr,
                                               Diagnostics* diags = nullptr);
};

}  // namespace vigil

#endif  // VIGIL_WAIVERS_H_
