// vigil/test_report.h — the results of unit tests of controls (`vigil
// test`), and the writers that render them: text, JSON, JUnit XML and a
// self-contained HTML page.
//
// Like vigil/report.h, these are plain data: the test runner
// (vigil/test_runner.h) fills them, the writers only read them.
//
//   auto result = vigil::RunTests(*pack, files, opts);
//   absl::Status s = vigil::WriteTestResultsFile(*result, vigil::TestFormat::kHtml,
//                                                "tests.html");
#ifndef VIGIL_TEST_REPORT_H_
#define VIGIL_TEST_REPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "vigil/coverage.h"
#include "vigil/report.h"

namespace vigil {

// One case of a test file, run.
struct CaseResult {
  std::string file, control, name, location;
  bool passed = false;
  Outcome expected_status = Outcome::kPass, actual_status = Outcome::kPass;
  // Sorted asset ids.
  std::vector<std::string> actual_offending, actual_waived;
  std::vector<std::string> missing_offending, unexpected_offending;
  std::vector<std::string> missing_waived, unexpected_waived;
  // Messages of checks that failed or errored ("check: message").
  std::vector<std::string> messages;
  double time_ms = 0;
};

// How a where-clause fared across all the cases of its control.
enum class ClauseVerdict : uint8_t {
  kBoth,       // seen TRUE and seen FALSE/UNKNOWN: covered
  kOnlyTrue,   // never FALSE/UNKNOWN
  kOnlyFalse,  // never TRUE (FALSE and/or UNKNOWN only)
  kNever,      // never evaluated on any row
};
const char* ClauseVerdictName(ClauseVerdict v);  // both, true-only, false-only, never

struct ClauseCoverage {
  std::string check;       // the check's name
  size_t check_index = 0;
  Clause clause;           // line/column within the query text
  std::string location;    // "file:line:col": the control file (inline
                           // query) or the query file
  Coverage::Counts counts;
  ClauseVerdict verdict = ClauseVerdict::kNever;
};

struct ControlCoverage {
  std::string control;
  std::string file;  // the control file
  int cases = 0;     // 0: an untested control (no case in the test files)
  std::vector<ClauseCoverage> clauses;  // check order, then text order
  int covered = 0, total = 0;
  // An untested control is 0% covered, even without where-clauses.
  double percent() const {
    return total == 0 ? (cases > 0 ? 100.0 : 0.0) : 100.0 * covered / total;
  }
};

struct BenchResult {
  std::string file, control, case_name, check;
  int runs = 0;
  double mean_ms = 0, min_ms = 0, median_ms = 0;
};

// A control whose cases ran: what the HTML page shows of it.
struct TestedControl {
  std::string id, title, severity;
};

struct TestRunResult {
  std::vector<CaseResult> cases;
  int passed = 0, failed = 0;
  bool coverage_enabled = false;
  // The controls with selected cases, then the untested ones (cases 0,
  // every clause "never").
  std::vector<ControlCoverage> coverage;
  int covered = 0, total = 0;  // clauses, untested controls' included
  // The pack's controls with no case in the test files run (pack order),
  // whether or not coverage was measured.
  std::vector<std::string> untested_controls;
  double coverage_percent() const { return total == 0 ? 100.0 : 100.0 * covered / total; }
  std::vector<BenchResult> bench;
  // The pack tested and its controls with selected cases, in the order
  // first met.
  std::string pack_name, pack_version;
  std::vector<TestedControl> controls;
};

// kHtml: one self-contained page for people, in the style of the run
// report's (docs/report-format.md): no network access, a Content-Security-
// Policy that forbids fetching anything, readable without JavaScript.
enum class TestFormat : uint8_t { kText, kJson, kJunit, kHtml };
absl::StatusOr<TestFormat> ParseTestFormat(std::string_view name);  // text json junit html

// Text: one line per case ("PASS  file: name  (0.12 ms)"), the diff of a
// failing case, the coverage tables and timings when present, and last,
// alone on its line, "N passed, M failed". JSON: every result, coverage and
// timing (docs/testing-policies.md). JUnit XML: a testsuite per file and a
// testcase per case. HTML: the cases grouped by control, failures first,
// with their diffs and messages, and the clause coverage of each control.
// `color` (ANSI) applies to text only.
std::string RenderTestResults(const TestRunResult& result, TestFormat format,
                              bool color = false);
// The coverage tables alone (part of the text form).
std::string RenderCoverageText(const TestRunResult& result, bool color = false);

// Writes the rendered results to `path` as WriteReportFile writes a report
// (vigil/report.h): atomically replaced, devices and FIFOs written in place,
// symbolic links refused; "-" is refused (the library never writes to the
// standard streams: write RenderTestResults' text there yourself).
absl::Status WriteTestResultsFile(const TestRunResult& result, TestFormat format,
                                  const std::string& path, bool color = false);

}  // namespace vigil

#endif  // VIGIL_TEST_REPORT_H_
