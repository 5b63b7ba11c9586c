// Test results as JSON (docs/testing-policies.md): the summary, every case
// with its diff, the clause coverage when it was asked for, the timings of
// --bench. Field names are stable.
#include <string>
#include <vector>

#include "src/report/report_internal.h"

namespace vigil::report_internal {
namespace {

Value Strings(const std::vector<std::string>& ids) {
  Value::Array a;
  for (const auto& id : ids) a.emplace_back(id);
  return Value(std::move(a));
}

Value Count(uint64_t n) { return Value(static_cast<int64_t>(n)); }

Value CaseValue(const CaseResult& c) {
  return Value(Value::Object{{"file", Value(c.file)},
                             {"control", Value(c.control)},
                             {"name", Value(c.name)},
                             {"location", Value(c.location)},
                             {"result", Value(c.passed ? "pass" : "fail")},
                             {"expected_status", Value(OutcomeName(c.expected_status))},
                             {"actual_status", Value(OutcomeName(c.actual_status))},
                             {"offending", Strings(c.actual_offending)},
                             {"waived", Strings(c.actual_waived)},
                             {"missing_offending", Strings(c.missing_offending)},
                             {"unexpected_offending", Strings(c.unexpected_offending)},
                             {"missing_waived", Strings(c.missing_waived)},
                             {"unexpected_waived", Strings(c.unexpected_waived)},
                             {"messages", Strings(c.messages)},
                             {"time_ms", Value(RoundMs(c.time_ms))}});
}

Value CoverageValue(const TestRunResult& r) {
  Value::Array controls;
  for (const ControlCoverage& cc : r.coverage) {
    Value::Array clauses;
    for (const ClauseCoverage& cl : cc.clauses) {
      clauses.emplace_back(Value::Object{
          {"check", Value(cl.check)},
          {"key", Value(cl.clause.key)},
          {"path", Value(cl.clause.path)},
          {"line", Count(cl.clause.line)},
          {"column", Count(cl.clause.column)},
          {"location", Value(cl.location)},
          {"true_rows", Count(cl.counts.true_rows)},
          {"false_rows", Count(cl.counts.false_rows)},
          {"unknown_rows", Count(cl.counts.unknown_rows)},
          {"evaluations", Count(cl.counts.evaluations)},
          {"verdict", Value(ClauseVerdictName(cl.verdict))},
          {"covered", Value(cl.verdict == ClauseVerdict::kBoth)}});
    }
    controls.emplace_back(Value::Object{{"control", Value(cc.control)},
                                        {"file", Value(cc.file)},
                                        {"cases", Value(cc.cases)},
                                        {"covered", Value(cc.covered)},
                                        {"total", Value(cc.total)},
                                        {"percent", Value(RoundMs(cc.percent()))},
                                        {"clauses", Value(std::move(clauses))}});
  }
  return Value(Value::Object{{"covered", Value(r.covered)},
                             {"total", Value(r.total)},
                             {"percent", Value(RoundMs(r.coverage_percent()))},
                             {"controls", Value(std::move(controls))},
                             {"untested_controls", Strings(r.untested_controls)}});
}

}  // namespace

std::string RenderTestJson(const TestRunResult& r) {
  Value::Object root;
  root.emplace_back("summary", Value(Value::Object{{"passed", Value(r.passed)},
                                                   {"failed", Value(r.failed)},
                                                   {"total", Value(r.passed + r.failed)}}));
  Value::Array cases;
  for (const CaseResult& c : r.cases) cases.push_back(CaseValue(c));
  root.emplace_back("cases", Value(std::move(cases)));
  if (r.coverage_enabled) root.emplace_back("coverage", CoverageValue(r));
  if (!r.bench.empty()) {
    Value::Array bench;
    for (const BenchResult& b : r.bench) {
      bench.emplace_back(Value::Object{{"file", Value(b.file)},
                                       {"control", Value(b.control)},
                                       {"case", Value(b.case_name)},
                                       {"check", Value(b.check)},
                                       {"runs", Value(b.runs)},
                                       {"mean_ms", Value(b.mean_ms)},
                                       {"min_ms", Value(b.min_ms)},
                                       {"median_ms", Value(b.median_ms)}});
    }
    root.emplace_back("bench", Value(std::move(bench)));
  }
  return JsonText(Value(std::move(root)), -1) + "\n";
}

}  // namespace vigil::report_internal
