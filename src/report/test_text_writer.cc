// Test results as text, for a terminal: a line per case, the diff of each
// failing case, the clause coverage tables, the timings and the closing
// "N passed, M failed" line. Text from test files and packs is made safe
// for a terminal (TerminalSafe): control characters are shown escaped.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/strings.h"
#include "src/report/report_internal.h"

namespace vigil::report_internal {
namespace {

std::string Paint(bool color, const char* code, std::string_view text) {
  return color ? StrCat(code, text, ansi::kReset) : std::string(text);
}

std::string Pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string VerdictText(ClauseVerdict v) {
  switch (v) {
    case ClauseVerdict::kBoth: return "both";
    case ClauseVerdict::kOnlyTrue: return "TRUE only";
    case ClauseVerdict::kOnlyFalse: return "FALSE only";
    case ClauseVerdict::kNever: return "never";
  }
  return "?";
}

}  // namespace

std::string TestMs(double ms) {
  char buf[64];
  std::snprintf(buf, sizeof buf, ms < 10 ? "%.3f" : "%.1f", ms);
  return buf;
}

void AppendCaseText(const CaseResult& c, bool color, std::string* out) {
  StrAppend(out, c.passed ? Paint(color, ansi::kGreen, "PASS") : Paint(color, ansi::kRed, "FAIL"),
            "  ", TerminalSafe(c.file), ": ", TerminalSafe(c.name), "  (", TestMs(c.time_ms),
            " ms)\n");
  if (c.passed) return;
  if (c.expected_status != c.actual_status) {
    StrAppend(out, "      status: expected ", OutcomeName(c.expected_status), ", got ",
              OutcomeName(c.actual_status), "\n");
  }
  auto diff = [&](std::string_view what, const std::vector<std::string>& missing,
                  const std::vector<std::string>& unexpected) {
    if (missing.empty() && unexpected.empty()) return;
    StrAppend(out, "      ", what, " (- missing, + unexpected):\n");
    for (const auto& id : missing) {
      StrAppend(out, "        ", Paint(color, ansi::kRed, StrCat("- ", TerminalSafe(id))), "\n");
    }
    for (const auto& id : unexpected) {
      StrAppend(out, "        ", Paint(color, ansi::kGreen, StrCat("+ ", TerminalSafe(id))),
                "\n");
    }
  };
  diff("offending", c.missing_offending, c.unexpected_offending);
  diff("waived", c.missing_waived, c.unexpected_waived);
  for (const auto& m : c.messages) StrAppend(out, "      ", TerminalSafe(m), "\n");
  StrAppend(out, "      at ", TerminalSafe(c.location), "\n");
}

std::string RenderTestCoverageText(const TestRunResult& r, bool color) {
  std::string out;
  if (!r.coverage_enabled) return out;
  for (const ControlCoverage& cc : r.coverage) {
    if (cc.cases == 0) {
      // An untested control: its clauses were never evaluated, no table.
      StrAppend(&out, "\n", Paint(color, ansi::kBold, StrCat("coverage of ", TerminalSafe(cc.control))),
                " (", TerminalSafe(cc.file), "): ", Paint(color, ansi::kRed, "untested"),
                ", no test case: 0/", cc.total, " clauses (", FormatPercent(cc.percent()),
                ")\n");
      continue;
    }
    StrAppend(&out, "\n", Paint(color, ansi::kBold, StrCat("coverage of ", TerminalSafe(cc.control))),
              " (", TerminalSafe(cc.file), ", ", cc.cases, cc.cases == 1 ? " case" : " cases",
              "): ", cc.covered, "/", cc.total, " clauses seen both TRUE and not TRUE (",
              FormatPercent(cc.percent()), ")\n");
    size_t last_check = static_cast<size_t>(-1);
    for (const ClauseCoverage& cl : cc.clauses) {
      if (cl.check_index != last_check) {
        last_check = cl.check_index;
        StrAppend(&out, "  check \"", TerminalSafe(cl.check), "\"\n");
        StrAppend(&out, "    ", Pad("line:col", 9), Pad("TRUE", 8), Pad("FALSE", 8),
                  Pad("UNKNOWN", 9), Pad("verdict", 12), "clause (file:line:col)\n");
      }
      bool covered = cl.verdict == ClauseVerdict::kBoth;
      std::string verdict = Pad(VerdictText(cl.verdict), 12);
      if (color) {
        verdict = Paint(color,
                        covered                                ? ansi::kGreen
                        : cl.verdict == ClauseVerdict::kNever ? ansi::kRed
                                                               : ansi::kYellow,
                        verdict);
      }
      StrAppend(&out, covered ? "    " : "  ! ",
                Pad(StrCat(cl.clause.line, ":", cl.clause.column), 9),
                Pad(StrCat(cl.counts.true_rows), 8), Pad(StrCat(cl.counts.false_rows), 8),
                Pad(StrCat(cl.counts.unknown_rows), 9), verdict, TerminalSafe(cl.clause.path),
                "  (", TerminalSafe(cl.location), ")\n");
    }
    if (cc.total == 0) out += "  (no where-clauses)\n";
  }
  if (r.coverage.empty()) {
    out += "\ncoverage: no case ran\n";
  } else {
    StrAppend(&out, "\ncoverage: ", r.covered, "/", r.total, " clauses covered (",
              FormatPercent(r.coverage_percent()), ") over ", r.coverage.size(),
              r.coverage.size() == 1 ? " control" : " controls",
              r.covered < r.total ? "; lines marked ! were not seen both TRUE and not TRUE" : "",
              "\n");
  }
  if (!r.untested_controls.empty()) {
    std::vector<std::string> ids;
    for (const std::string& id : r.untested_controls) ids.push_back(TerminalSafe(id));
    StrAppend(&out, "untested controls: ", StrJoin(ids, ", "),
              " (no test case: counted as 0% covered)\n");
  }
  return out;
}

std::string RenderTestText(const TestRunResult& r, bool color) {
  std::string out;
  for (const CaseResult& c : r.cases) AppendCaseText(c, color, &out);
  out += RenderTestCoverageText(r, color);
  if (!r.bench.empty()) {
    out += "\ntime per check (evaluation and serialisation of the result):\n";
    for (const BenchResult& b : r.bench) {
      StrAppend(&out, "  ", TerminalSafe(b.control), " / ", TerminalSafe(b.case_name), " / ",
                TerminalSafe(b.check), ": ", TestMs(b.mean_ms), " ms mean, ",
                TestMs(b.median_ms), " median, ", TestMs(b.min_ms), " min (", b.runs,
                b.runs == 1 ? " run" : " runs", ")\n");
    }
  }
  StrAppend(&out, r.passed, " passed, ", r.failed, " failed\n");
  return out;
}

}  // namespace vigil::report_internal
