// Test results as JUnit XML: <testsuites> with one <testsuite> per test
// file (in the order first met) and one <testcase> per case (classname =
// the control id). A failing case has a <failure> whose message says what
// differs and whose text is the case's diff as the text writer gives it.
// Every text goes through the one XML escaper (XmlEscape).
#include <algorithm>
#include <string>
#include <vector>

#include "src/base/strings.h"
#include "src/report/report_internal.h"

namespace vigil::report_internal {
namespace {

std::string Attr(std::string_view s) { return XmlEscape(s, true); }
std::string Text(std::string_view s) { return XmlEscape(s, false); }

}  // namespace

std::string RenderTestJunit(const TestRunResult& r) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  double total_ms = 0;
  for (const CaseResult& c : r.cases) total_ms += c.time_ms;
  StrAppend(&out, "<testsuites name=\"vigil test\" tests=\"", r.passed + r.failed,
            "\" failures=\"", r.failed, "\" errors=\"0\" skipped=\"0\" time=\"",
            JunitSeconds(total_ms), "\">\n");
  std::vector<std::string> files;
  for (const CaseResult& c : r.cases) {
    if (std::find(files.begin(), files.end(), c.file) == files.end()) files.push_back(c.file);
  }
  for (const std::string& f : files) {
    int tests = 0, failures = 0;
    double ms = 0;
    for (const CaseResult& c : r.cases) {
      if (c.file != f) continue;
      ++tests;
      failures += c.passed ? 0 : 1;
      ms += c.time_ms;
    }
    StrAppend(&out, "  <testsuite name=\"", Attr(f), "\" tests=\"", tests, "\" failures=\"",
              failures, "\" errors=\"0\" skipped=\"0\" time=\"", JunitSeconds(ms), "\">\n");
    for (const CaseResult& c : r.cases) {
      if (c.file != f) continue;
      StrAppend(&out, "    <testcase classname=\"", Attr(c.control), "\" name=\"", Attr(c.name),
                "\" file=\"", Attr(c.file), "\" time=\"", JunitSeconds(c.time_ms), "\"");
      if (c.passed) {
        out += "/>\n";
        continue;
      }
      std::string detail;
      AppendCaseText(c, false, &detail);
      std::string message = c.expected_status != c.actual_status
                                ? StrCat("expected ", OutcomeName(c.expected_status), ", got ",
                                         OutcomeName(c.actual_status))
                                : std::string("offending or waived assets differ");
      StrAppend(&out, ">\n      <failure message=\"", Attr(message), "\" type=\"vigil.test\">",
                Text(detail), "</failure>\n    </testcase>\n");
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace vigil::report_internal
