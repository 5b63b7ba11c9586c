// vigil/report.h — the result of evaluating a pack over a graph, and the
// writers that render it (text, JSON, SARIF 2.1.0, JUnit XML, OCSF, HTML).
//
// A Report is plain data: the policy engine (vigil/policy.h) fills it, the
// writers only read it. docs/report-format.md documents the JSON form, whose
// field names are stable.
#ifndef VIGIL_REPORT_H_
#define VIGIL_REPORT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "vigil/value.h"

namespace vigil {

// Outcome of a check or a control.
//  pass:   the expectation holds (no offending row left)
//  fail:   it does not hold
//  waived: it holds only because every offending row is covered by an
//          unexpired exception (at least one row was waived)
//  error:  the query could not be compiled or evaluated, or data it reads
//          was not collected (vigil/collection.h): its rows are unconfirmed
enum class Outcome : uint8_t { kPass, kFail, kWaived, kError };
const char* OutcomeName(Outcome o);  // "pass", "fail", "waived", "error"

// One row of a check's result that the expectation is about.
struct ReportRow {
  std::string id;          // the asset id ("" when the row has none)
  std::string type;        // concrete type (from __typename or the graph)
  std::string name;        // "" when not selected / null
  std::string account_id;  // "" when not selected / null
  std::string region;      // "" when not selected / null
  Value row;               // the row exactly as the query selected it
  // The check's `reason` template rendered for this row ("" when the check
  // has none), e.g. "retention 30 < 365 days".
  std::string reason;
  // Set on waived rows: the exception that waived it.
  int exception_index = -1;  // index into Report::exceptions
};

struct CheckReport {
  std::string name;
  std::string query;   // query text as stored
  std::string expect;  // expectation text, e.g. "eq []"
  std::string description;  // the check's own description ("" if none)
  // Where the check is declared: "file:line:col" in its control file, the
  // file as the pack named it ("" when not known, e.g. a hand-built report).
  std::string source;
  Outcome status = Outcome::kPass;
  std::string message;  // why it failed / errored ("" on pass)
  std::vector<ReportRow> offending;  // rows left after waivers
  std::vector<ReportRow> waived;
  // On an `error` because data the check reads was not collected: the rows
  // the query found anyway. They may be wrong either way (absent data can
  // make a compliant asset look offending, or hide an offending one).
  std::vector<ReportRow> unconfirmed;
  // With RunOptions::list_passed, for a check whose rows are offending
  // assets (expectation `eq []` over an unpaged list of one type's assets):
  // passed_listed is set and `passed` holds the ids, in graph order, of the
  // assets of that type that are neither offending nor waived. Not set for
  // other checks, nor on error.
  bool passed_listed = false;
  std::vector<std::string> passed;
  double time_ms = 0;
};

struct FrameworkRef {
  std::string name;     // "CIS Amazon Web Services Foundations Benchmark"
  std::string version;  // "3.0.0"
  std::string id;       // "3.7"
  // Optional qualifiers the framework gives the item, "" when not stated:
  // CIS marks each recommendation "Automated" or "Manual" and puts it in a
  // profile ("Level 1", "Level 2").
  std::string assessment;
  std::string profile;
};

// A parameter value a control ran with, and where the value came from.
struct ParameterReport {
  std::string name;
  std::string type;  // as declared, e.g. "Int!"
  Value value;       // as given (a DateTime duration as written, "-P90D")
  // "default" (the control's default), "file" (a --params file, or the
  // test file of a `vigil test` case), "command line" (--param) or
  // "caller" (an override a program gave without saying where from).
  std::string source;
  std::string file;  // for "file": the file's name, "" when not known
  bool has_default = false;
  Value default_value;  // the control's default (when has_default)

  bool overridden() const { return source != "default"; }
};

struct ControlReport {
  std::string id;
  std::string title;
  std::string severity;  // critical | high | medium | low | informational
  std::string provider;
  std::vector<FrameworkRef> frameworks;
  std::vector<std::string> references;
  std::string overview, rationale, impact, remediation, notes;
  // Guidance for fixing many assets at once, rollout steps, and the
  // connectors that feed the control's asset types ("" / empty if none).
  std::string service_wide_remediation;
  std::vector<std::string> operational_rollout;
  std::vector<std::string> connectors;
  std::vector<std::string> covered_types;
  // Every declared parameter with the value the run used, in declaration
  // order.
  std::vector<ParameterReport> parameters;
  Outcome status = Outcome::kPass;
  std::vector<CheckReport> checks;
  double time_ms = 0;
};

struct ExceptionReport {
  std::string control;
  std::vector<std::string> assets;  // exact ids or globs
  std::string owner, reason, expires;
  // active: unexpired and waived at least one row; expired: past its
  // expiry (waives nothing); stale: unexpired but matched no offending row.
  std::string state;
  std::vector<std::string> waived_ids;
  std::string source;  // "file:index" where it was declared
  // Governance keys of the exception: its `ticket` ("" if none) and its
  // `x-*` keys, in file order. (Defaulted, so that code listing the fields
  // above in braces still compiles cleanly.)
  std::string ticket = {};
  Value::Object extensions = {};
  // Unexpired but expiring within RunOptions::expiry_warning_days.
  bool expiring_soon = false;
};

struct ReportSummary {
  int controls = 0, passed = 0, failed = 0, waived = 0, errors = 0;
  int checks = 0;
  int64_t assets_evaluated = 0;   // assets of the graph
  int64_t offending_assets = 0;   // distinct offending ids over all checks
};

// What the graph says about its own collection (vigil/collection.h).
struct CollectionSummary {
  bool recorded = false;  // the graph carries collection facts
  int collected = 0, failed = 0, missing = 0;
  // Regions left out of the scope on purpose: "<account>/<region>: <why>".
  std::vector<std::string> excluded;
};

struct Report {
  std::string tool_version;  // the vigil that evaluated the pack
  // The tool that embeds vigil (RunOptions::tool_name, tool_version): SARIF's
  // tool.driver and OCSF's metadata.product name it. Empty: "vigil" and
  // tool_version.
  std::string product_name, product_version;
  std::string pack_name, pack_version, pack_title, pack_path;
  std::string graph_path;
  std::string generated_at;  // RFC 3339 UTC
  ReportSummary summary;
  std::vector<ControlReport> controls;
  std::vector<ExceptionReport> exceptions;
  CollectionSummary collections;
  double load_ms = 0, compile_ms = 0, evaluate_ms = 0;
};

// kHtml: one self-contained page for people (docs/report-format.md): no
// network access, a Content-Security-Policy that forbids fetching anything,
// readable without JavaScript.
enum class ReportFormat : uint8_t { kText, kJson, kSarif, kJunit, kOcsf, kHtml };
absl::StatusOr<ReportFormat> ParseReportFormat(std::string_view name);

struct TextOptions {
  bool color = false;        // ANSI colours (terminals only)
  int max_rows_per_check = 50;  // 0 = all
  // Also list parameter values that were not overridden (overridden ones
  // are always listed).
  bool verbose = false;
};

// Renders the report. JSON/SARIF/OCSF/HTML are deterministic for the same
// report.
std::string RenderReport(const Report& report, ReportFormat format,
                         const TextOptions& text_options = {});

// Reads a report back from its JSON form (ReportFormat::kJson,
// docs/report-format.md), e.g. one that came back from a worker process.
// Unknown keys are ignored (the format may gain fields); a key of the wrong
// JSON type, a bad status or a missing "controls", control "id"/"status" or
// check "name"/"status" is an error naming its JSON path
// ("report.json: $.controls[2].checks[0].status: ..."). Times keep the
// microsecond precision the writer gives them.
absl::StatusOr<Report> ReportFromJson(std::string_view json,
                                      std::string_view file_name = "");

// Writes the rendered report to `path`, so that `path` holds either the
// whole report or what it held before: a regular file (or a new one) is
// replaced atomically (a uniquely named temporary file in the same
// directory, checked writes, fsync, rename; removed on failure and on
// SIGINT/SIGTERM); a character device or FIFO (/dev/null, a pipe) is
// written in place; a symbolic link to a file, a directory or other special
// file is refused. The library never writes to standard output: "-" is
// refused (write RenderReport()'s text there yourself, as `vigil run`
// does). Errors name the path and the cause (e.g. a full disk).
absl::Status WriteReportFile(const Report& report, ReportFormat format,
                             const std::string& path,
                             const TextOptions& text_options = {});

}  // namespace vigil

#endif  // VIGIL_REPORT_H_
