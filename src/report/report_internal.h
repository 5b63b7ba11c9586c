// Helpers shared by the report writers (not part of the public API).
#ifndef VIGIL_SRC_REPORT_REPORT_INTERNAL_H_
#define VIGIL_SRC_REPORT_REPORT_INTERNAL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/report.h"
#include "vigil/test_report.h"
#include "vigil/value.h"

namespace vigil::report_internal {

// The writers, one per format. Each returns the whole document.
std::string RenderText(const Report& report, const TextOptions& options);
std::string RenderJson(const Report& report);
std::string RenderSarif(const Report& report);
std::string RenderJunit(const Report& report);
std::string RenderOcsf(const Report& report);
std::string RenderHtml(const Report& report);  // html_writer.cc

// The writers of test results (vigil/test_report.h), one per format.
std::string RenderTestText(const TestRunResult& result, bool color);  // test_text_writer.cc
std::string RenderTestCoverageText(const TestRunResult& result, bool color);
std::string RenderTestJson(const TestRunResult& result);   // test_json_writer.cc
std::string RenderTestJunit(const TestRunResult& result);  // test_junit_writer.cc
std::string RenderTestHtml(const TestRunResult& result);   // test_html_writer.cc
// One case as text: its PASS/FAIL line and, when it failed, the diff.
void AppendCaseText(const CaseResult& c, bool color, std::string* out);
// A test time in milliseconds, as the test writers show it ("0.125", "12.5").
std::string TestMs(double ms);

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

// XML 1.0 escaping, the one escaper of every XML writer. Characters XML 1.0
// cannot carry (C0 controls other than tab, newline and carriage return;
// U+FFFE, U+FFFF) are written as visible "\u00XX" text; invalid UTF-8
// becomes U+FFFD. In attributes (`attribute`), quotes are escaped and
// tab/newline/CR are character references so that attribute-value
// normalisation keeps them.
std::string XmlEscape(std::string_view raw, bool attribute);

// One line of text made safe for a terminal: valid UTF-8, with C0 and C1
// control characters and DEL (so ESC, and with it any escape sequence)
// shown as \xNN / \u00NN.
std::string TerminalSafe(std::string_view raw);

// ANSI colours of the text writers.
namespace ansi {
inline constexpr char kReset[] = "\x1b[0m";
inline constexpr char kBold[] = "\x1b[1m";
inline constexpr char kDim[] = "\x1b[2m";
inline constexpr char kRed[] = "\x1b[31m";
inline constexpr char kGreen[] = "\x1b[32m";
inline constexpr char kYellow[] = "\x1b[33m";
inline constexpr char kMagenta[] = "\x1b[35m";
inline constexpr char kCyan[] = "\x1b[36m";
}  // namespace ansi

// A duration for people: "12.3 ms", "4.56 s".
std::string FormatDuration(double ms);

// A JUnit time attribute: seconds with millisecond precision ("12.345"),
// from whole (rounded) milliseconds so that binary fractions do not decide
// the last digit; "0.000" for a negative or non-finite time.
std::string JunitSeconds(double ms);

// "87.5%": one decimal.
std::string FormatPercent(double percent);

// "PASS", "FAIL", "WAIVED", "ERROR".
std::string OutcomeWord(Outcome o);

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
// How many of those assets are offending and how many waived (what
// CollectControlAssets gives, counted without building it).
void CountControlAssets(const ControlReport& control, size_t* offending, size_t* waived);

// The exception that waived `row`, or nullptr.
const ExceptionReport* ExceptionOf(const Report& report, const ReportRow& row);

// "critical" -> 5 ... "informational" -> 1, anything else 0 (OCSF scale).
int SeverityId(std::string_view severity);

// Lowercase ASCII copy.
std::string AsciiLower(std::string_view s);

// Where a parameter's value came from, for people: "default",
// "command line", "file params.json" ("file" when its name is unknown).
std::string ParameterSourceText(const ParameterReport& p);

// A parameter as one line: `name = value (source)`, with the default when
// overridden: `minRetentionDays = 30 (command line; default 365)`.
std::string ParameterText(const ParameterReport& p);

// The selected fields of a row in a compact `field: value` form, nested
// objects as dotted paths (`deliversTo.retentionInDays: 30`, an element
// of a list of objects as `deliversTo[0].retentionInDays`), scalars and
// lists of scalars as compact JSON (strings bare). Fields the row line
// already shows (id, __typename, name, accountId, region) are left out.
// A value longer than `max_value` code points is cut with "… N more
// characters"; past `max_fields` fields the last entry is "… N more
// fields". Not escaped: callers make the text safe for their format.
std::vector<std::string> RowFieldTexts(const Value& row, size_t max_fields = 12,
                                       size_t max_value = 80);

}  // namespace vigil::report_internal

#endif  // VIGIL_SRC_REPORT_REPORT_INTERNAL_H_
