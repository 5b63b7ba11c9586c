// ClauseVerdictName, ParseTestFormat, RenderTestResults and
// WriteTestResultsFile (vigil/test_report.h).
#include "vigil/test_report.h"

#include <string>
#include <string_view>

#include "src/base/file_writer.h"
#include "src/base/strings.h"
#include "src/report/report_internal.h"

namespace vigil {

const char* ClauseVerdictName(ClauseVerdict v) {
  switch (v) {
    case ClauseVerdict::kBoth: return "both";
    case ClauseVerdict::kOnlyTrue: return "true-only";
    case ClauseVerdict::kOnlyFalse: return "false-only";
    case ClauseVerdict::kNever: return "never";
  }
  return "never";
}

absl::StatusOr<TestFormat> ParseTestFormat(std::string_view name) {
  if (name == "text") return TestFormat::kText;
  if (name == "json") return TestFormat::kJson;
  if (name == "junit") return TestFormat::kJunit;
  if (name == "html") return TestFormat::kHtml;
  return absl::InvalidArgumentError(
      StrCat("unknown format \"", name, "\" (text, json, junit or html)"));
}

std::string RenderTestResults(const TestRunResult& result, TestFormat format, bool color) {
  switch (format) {
    case TestFormat::kText:
      return report_internal::RenderTestText(result, color);
    case TestFormat::kJson:
      return report_internal::RenderTestJson(result);
    case TestFormat::kJunit:
      return report_internal::RenderTestJunit(result);
    case TestFormat::kHtml:
      return report_internal::RenderTestHtml(result);
  }
  return report_internal::RenderTestJson(result);
}

std::string RenderCoverageText(const TestRunResult& result, bool color) {
  return report_internal::RenderTestCoverageText(result, color);
}

absl::Status WriteTestResultsFile(const TestRunResult& result, TestFormat format,
                                  const std::string& path, bool color) {
  if (path.empty()) {
    return absl::InvalidArgumentError("cannot write test results: empty output path");
  }
  return WriteFileAtomically(path, RenderTestResults(result, format, color));
}

}  // namespace vigil
