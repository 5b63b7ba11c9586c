// Helpers shared by the report writers (not part of the public API).
#ifndef VIGIL_SRC_REPORT_REPORT_INTERNAL_H_
#define VIGIL_SRC_REPORT_REPORT_INTERNAL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/report.h"
#include "vigil/value.h"

namespace vigil::report_internal {

// The writers, one per format. Each returns the whole document.
std::string RenderText(const Report& report, const TextOptions& options);
std::string RenderJson(const Report& report);
std::string RenderSarif(const Report& report);
std::string RenderJunit(const Report& report);
std::string RenderOcsf(const Report& report);
std::string RenderHtml(const Report& report);  // html_writer.cc

// Returns `s` with every byte sequence that is not well-formed UTF-8
// replaced by U+FFFD, so that JSON and XML readers accept the output.
std::string SanitizeUtf8(std::string_view s);

// Writes `v` as JSON. indent < 0: compact, one line; otherwise pretty with
// `indent` spaces per level. Strings are made valid UTF-8 (SanitizeUtf8);
// non-finite doubles become null. Key order is the stored order.
void AppendJsonValue(const Value& v, int indent, std::string* out);
std::string JsonText(const Value& v, int indent);

// Appends `raw` as a JSON string (quoted), escaped as AppendJsonValue does.
void AppendJsonString(std::string* out, std::string_view raw);

// Milliseconds rounded to microseconds, so that output stays short.
double RoundMs(double ms);

// A stable 128-bit hash (two FNV-1a 64 lanes) of the parts, each part
// delimited, as 32 lowercase hex digits.
std::string StableHash(const std::vector<std::string_view>& parts);

// One asset a control reports, merged over its checks: offending in at
// least one check wins over waived.
struct ControlAsset {
  const ReportRow* row = nullptr;   // the first row seen for the asset
  bool waived = false;              // waived in every check that reported it
  std::vector<std::string> checks;  // names of the checks that reported it
};
// Rows of all checks of `control` merged by asset id, in first-seen order
// (offending rows of every check first, then waived rows). Rows without an
// id are never merged.
std::vector<ControlAsset> CollectControlAssets(const ControlReport& control);

// The exception that waived `row`, or nullptr.
const ExceptionReport* ExceptionOf(const Report& report, const ReportRow& row);

// "critical" -> 5 ... "informational" -> 1, anything else 0 (OCSF scale).
int SeverityId(std::string_view severity);

// Lowercase ASCII copy.
std::string AsciiLower(std::string_view s);

}  // namespace vigil::report_internal

#endif  // VIGIL_SRC_REPORT_REPORT_INTERNAL_H_
