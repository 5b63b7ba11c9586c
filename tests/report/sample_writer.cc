// Writes the sample reports in every format into a directory, for the
// Python validators (validate_reports.py): report_sample_writer OUTDIR
#include <cstdio>
#include <string>

#include "tests/report/sample_report.h"
#include "vigil/report.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  struct Sample {
    const char* name;
    vigil::Report report;
  } samples[] = {{"mixed", vigil::testing::MixedReport()},
                 {"empty", vigil::testing::EmptyReport()},
                 {"many", vigil::testing::ManyRowsReport(75)}};
  struct Format {
    const char* ext;
    vigil::ReportFormat format;
  } formats[] = {{"txt", vigil::ReportFormat::kText},
                 {"json", vigil::ReportFormat::kJson},
                 {"sarif", vigil::ReportFormat::kSarif},
                 {"junit.xml", vigil::ReportFormat::kJunit},
                 {"ocsf.jsonl", vigil::ReportFormat::kOcsf}};
  for (const Sample& s : samples) {
    for (const Format& f : formats) {
      std::string path = dir + "/" + s.name + "." + f.ext;
      absl::Status st = vigil::WriteReportFile(s.report, f.format, path);
      if (!st.ok()) {
        std::fprintf(stderr, "%s\n", std::string(st.message()).c_str());
        return 1;
      }
    }
  }
  return 0;
}
