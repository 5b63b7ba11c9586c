// Writes the sample reports in every format into a directory, for the
// Python validators (validate_reports.py) and the browser test
// (html_browser_test.py):
//
//   report_sample_writer OUTDIR [LARGE_ROWS]
//
// writes mixed, empty, many and hostile in every format, the test results
// tests-mixed and tests-hostile in every test format, and with
// LARGE_ROWS also large.html: LargeReport(LARGE_ROWS).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "tests/report/sample_report.h"
#include "vigil/report.h"
#include "vigil/test_report.h"

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::fprintf(stderr, "usage: %s OUTDIR [LARGE_ROWS]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  struct Sample {
    const char* name;
    vigil::Report report;
  };
  std::vector<Sample> samples = {{"mixed", vigil::testing::MixedReport()},
                                 {"empty", vigil::testing::EmptyReport()},
                                 {"many", vigil::testing::ManyRowsReport(75)},
                                 {"hostile", vigil::testing::HostileReport()},
                                 {"embedded", vigil::testing::MixedReport()}};
  // Written by a scanner that embeds vigil (RunOptions::tool_name,
  // list_passed): its name in SARIF's driver and OCSF's product.
  vigil::Report& embedded = samples.back().report;
  embedded.product_name = "acme-scanner";
  embedded.product_version = "2.4.1";
  for (vigil::ControlReport& c : embedded.controls) {
    for (vigil::CheckReport& k : c.checks) {
      k.passed_listed = true;
      k.passed = {"arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-ok"};
    }
  }
  struct Format {
    const char* ext;
    vigil::ReportFormat format;
  } formats[] = {{"txt", vigil::ReportFormat::kText},
                 {"json", vigil::ReportFormat::kJson},
                 {"sarif", vigil::ReportFormat::kSarif},
                 {"junit.xml", vigil::ReportFormat::kJunit},
                 {"ocsf.jsonl", vigil::ReportFormat::kOcsf},
                 {"html", vigil::ReportFormat::kHtml}};
  auto write = [&](const vigil::Report& report, const std::string& path,
                   vigil::ReportFormat format) {
    absl::Status st = vigil::WriteReportFile(report, format, path);
    if (!st.ok()) {
      std::fprintf(stderr, "%s\n", std::string(st.message()).c_str());
      return false;
    }
    return true;
  };
  for (const Sample& s : samples) {
    for (const Format& f : formats) {
      if (!write(s.report, dir + "/" + s.name + "." + f.ext, f.format)) return 1;
    }
  }
  // Test results (vigil/test_report.h) in every format.
  struct TestSample {
    const char* name;
    vigil::TestRunResult result;
  };
  std::vector<TestSample> tests = {{"tests-mixed", vigil::testing::MixedTestResults()},
                                   {"tests-hostile", vigil::testing::HostileTestResults()}};
  struct TestFormat {
    const char* ext;
    vigil::TestFormat format;
  } test_formats[] = {{"txt", vigil::TestFormat::kText},
                      {"json", vigil::TestFormat::kJson},
                      {"junit.xml", vigil::TestFormat::kJunit},
                      {"html", vigil::TestFormat::kHtml}};
  for (const TestSample& s : tests) {
    for (const TestFormat& f : test_formats) {
      absl::Status st = vigil::WriteTestResultsFile(s.result, f.format,
                                                    dir + "/" + s.name + "." + f.ext);
      if (!st.ok()) {
        std::fprintf(stderr, "%s\n", std::string(st.message()).c_str());
        return 1;
      }
    }
  }
  if (argc == 3) {
    int rows = std::atoi(argv[2]);
    if (rows <= 0) {
      std::fprintf(stderr, "LARGE_ROWS must be a positive number\n");
      return 2;
    }
    if (!write(vigil::testing::LargeReport(rows), dir + "/large.html",
               vigil::ReportFormat::kHtml)) {
      return 1;
    }
  }
  return 0;
}
