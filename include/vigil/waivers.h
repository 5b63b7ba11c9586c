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
// ("9999-12-31T23:59:59Z" for an exception that never expires). These five
// keys are required. Two kinds of key are kept for governance and carried
// into the report: `ticket` (a string, e.g. "SEC-1234") and any key
// starting with `x-` (any JSON value: "x-approved-by": "ciso"; at most 64,
// exceptions.too-many-keys). Other
// unknown keys (json.unknown-key, with "did you mean"), missing ones
// (json.missing-key), values of the wrong type or empty (json.wrong-type)
// and a bad date (exceptions.bad-date) are located errors.
//
// One exceptions file may serve several packs: an exception naming a
// control the pack does not have is a located warning
// (policy.unknown-control, with "did you mean") and waives nothing; with
// ExceptionOptions::strict_controls (`vigil run --strict-exceptions`) it is
// an error.
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
#include "vigil/value.h"

namespace vigil {

struct ExceptionRule {
  std::string control;
  std::vector<std::string> assets;  // ids or globs
  std::string owner, reason;
  std::string expires;  // as written
  Instant expires_at;   // the first instant at which it no longer holds
  std::string source;      // "file:index" (index in the "exceptions" array)
  std::string location;    // "file:line:col"
  std::string ticket = {};   // "" when not given
  Value::Object extensions = {};  // the `x-*` keys, in file order

  // An exception built in code, validated as a file's would be: a
  // non-empty control, owner and reason, at least one non-empty asset id
  // or glob, `expires` a date or an RFC 3339 date-time (years 0001 to
  // 9999). `source` and `location` say where it came from in messages
  // (e.g. "scanner-config"). InvalidArgument naming the field otherwise.
  //
  //   ```cpp
  //   absl::StatusOr<vigil::ExceptionRule> rule = vigil::ExceptionRule::Create(
  //       "cis-aws-3.7", {"vpc-lab-*"}, "network-team", "lab VPC", "2027-03-01");
  //   if (rule.ok()) {
  //     rule->ticket = "NET-42";
  //     vigil::ExceptionSet set;
  //     set.rules.push_back(*std::move(rule));
  //   }
  //   ```
  static absl::StatusOr<ExceptionRule> Create(std::string control,
                                              std::vector<std::string> assets,
                                              std::string owner, std::string reason,
                                              std::string expires,
                                              std::string source = "code");

  bool Covers(std::string_view asset_id) const;
  bool ExpiredAt(Instant now) const { return now >= expires_at; }
};

struct ExceptionOptions {
  // An exception whose control is not in the pack is an error
  // (policy.unknown-control) instead of a warning.
  bool strict_controls = false;
};

// Glob match of `text` against `pattern` (`*`, `?`, `\` escapes); linear
// in practice, no recursion.
bool GlobMatch(std::string_view pattern, std::string_view text);

struct ExceptionSet {
  std::string file;
  std::vector<ExceptionRule> rules;

  // Parses an exceptions file from its text (e.g. one compiled into a
  // scanner); `file_name` locates the diagnostics. With `pack`, each
  // control is looked up in it (see ExceptionOptions). Warnings go to
  // `diags` and do not fail the parse.
  //
  //   ```cpp
  //   vigil::Diagnostics diags;
  //   absl::StatusOr<vigil::ExceptionSet> set = vigil::ExceptionSet::Parse(
  //       R"({"exceptions": [{"control": "c1", "assets": ["a-*"], "owner": "me",
  //            "reason": "lab", "expires": "2027-01-01", "ticket": "SEC-1"}]})",
  //       "embedded/exceptions.json", /*pack=*/nullptr, &diags);
  //   ```
  static absl::StatusOr<ExceptionSet> Parse(std::string_view text,
                                            std::string_view file_name,
                                            const Pack* pack = nullptr,
                                            Diagnostics* diags = nullptr,
                                            const ExceptionOptions& options = {});
  static absl::StatusOr<ExceptionSet> LoadFile(const std::string& path,
                                               const Pack* pack = nullptr,
                                               Diagnostics* diags = nullptr,
                                               const ExceptionOptions& options = {});
};

}  // namespace vigil

#endif  // VIGIL_WAIVERS_H_
