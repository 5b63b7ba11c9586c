// OutcomeName, ParseReportFormat, RenderReport and WriteReportFile.
#include "vigil/report.h"

#include <string>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "src/base/file_writer.h"
#include "src/base/strings.h"
#include "src/report/report_internal.h"
#include "src/report/summary.h"

namespace vigil {

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kPass:
      return "pass";
    case Outcome::kFail:
      return "fail";
    case Outcome::kWaived:
      return "waived";
    case Outcome::kError:
      return "error";
  }
  return "error";
}

Outcome WorseOutcome(Outcome a, Outcome b) {
  auto rank = [](Outcome o) {
    switch (o) {
      case Outcome::kPass:
        return 0;
      case Outcome::kWaived:
        return 1;
      case Outcome::kFail:
        return 2;
      case Outcome::kError:
        return 3;
    }
    return 3;
  };
  return rank(a) >= rank(b) ? a : b;
}

void SummarizeControls(Report* report) {
  ReportSummary& s = report->summary;
  s.controls = s.passed = s.failed = s.waived = s.errors = s.checks = 0;
  // Views of the rows' ids (the report outlives the set), hashed with
  // absl's hash; sized up front so that it never rehashes.
  size_t rows = 0;
  for (const ControlReport& c : report->controls) {
    for (const CheckReport& k : c.checks) rows += k.offending.size();
  }
  absl::flat_hash_set<absl::string_view> offending_ids;
  offending_ids.reserve(rows);
  for (ControlReport& c : report->controls) {
    c.status = Outcome::kPass;
    for (const CheckReport& k : c.checks) {
      c.status = WorseOutcome(c.status, k.status);
      ++s.checks;
      for (const ReportRow& row : k.offending) {
        if (!row.id.empty()) offending_ids.insert(absl::string_view(row.id));
      }
    }
    ++s.controls;
    switch (c.status) {
      case Outcome::kPass:
        ++s.passed;
        break;
      case Outcome::kFail:
        ++s.failed;
        break;
      case Outcome::kWaived:
        ++s.waived;
        break;
      case Outcome::kError:
        ++s.errors;
        break;
    }
  }
  s.offending_assets = static_cast<int64_t>(offending_ids.size());
}

absl::StatusOr<ReportFormat> ParseReportFormat(std::string_view name) {
  std::string n = report_internal::AsciiLower(name);
  if (n == "text" || n == "txt") return ReportFormat::kText;
  if (n == "json") return ReportFormat::kJson;
  if (n == "sarif") return ReportFormat::kSarif;
  if (n == "junit" || n == "junit-xml") return ReportFormat::kJunit;
  if (n == "ocsf" || n == "ocsf-json") return ReportFormat::kOcsf;
  if (n == "html") return ReportFormat::kHtml;
  return absl::InvalidArgumentError(
      StrCat("unknown report format '", name,
             "' (expected one of: text, json, sarif, junit, ocsf, html)"));
}

std::string RenderReport(const Report& report, ReportFormat format,
                         const TextOptions& text_options) {
  switch (format) {
    case ReportFormat::kText:
      return report_internal::RenderText(report, text_options);
    case ReportFormat::kJson:
      return report_internal::RenderJson(report);
    case ReportFormat::kSarif:
      return report_internal::RenderSarif(report);
    case ReportFormat::kJunit:
      return report_internal::RenderJunit(report);
    case ReportFormat::kOcsf:
      return report_internal::RenderOcsf(report);
    case ReportFormat::kHtml:
      return report_internal::RenderHtml(report);
  }
  return report_internal::RenderJson(report);
}

absl::Status WriteReportFile(const Report& report, ReportFormat format,
                             const std::string& path,
                             const TextOptions& text_options) {
  if (path.empty()) {
    return absl::InvalidArgumentError("cannot write report: empty output path");
  }
  return WriteFileAtomically(path, RenderReport(report, format, text_options));
}

}  // namespace vigil
