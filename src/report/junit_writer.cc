// JUnit XML: <testsuites> with one <testsuite> per control and one
// <testcase> per check (classname = control id, name = check name, made
// unique because GitLab and others drop duplicate (classname, name) pairs).
// A failed check has a <failure> whose message lists the offending ids; an
// errored one an <error>. Waived rows are listed in <system-out>.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/strings.h"
#include "src/report/report_internal.h"

namespace vigil::report_internal {
namespace {

constexpr size_t kMaxIdsInMessage = 20;

std::string Attr(std::string_view s) { return XmlEscape(s, true); }
std::string Text(std::string_view s) { return XmlEscape(s, false); }

std::string RowLine(const ReportRow& row) {
  std::string line = row.id.empty() ? std::string("(no id)") : row.id;
  if (!row.type.empty()) StrAppend(&line, " type=", row.type);
  if (!row.name.empty()) StrAppend(&line, " name=", row.name);
  if (!row.account_id.empty()) StrAppend(&line, " account=", row.account_id);
  if (!row.region.empty()) StrAppend(&line, " region=", row.region);
  if (!row.reason.empty()) StrAppend(&line, ": ", row.reason);
  return line;
}

std::string OffendingMessage(const CheckReport& check) {
  if (check.offending.empty()) {
    return check.message.empty() ? std::string("expectation not met")
                                 : check.message;
  }
  std::vector<std::string> ids;
  for (size_t i = 0; i < check.offending.size() && i < kMaxIdsInMessage; ++i) {
    const std::string& id = check.offending[i].id;
    ids.push_back(id.empty() ? std::string("(no id)") : id);
  }
  std::string msg =
      StrCat(check.offending.size(), " offending asset",
             check.offending.size() == 1 ? "" : "s", ": ", StrJoin(ids, ", "));
  if (check.offending.size() > kMaxIdsInMessage) {
    StrAppend(&msg, ", and ", check.offending.size() - kMaxIdsInMessage,
              " more");
  }
  return msg;
}

// A name for the testcase that no earlier testcase of the same class used.
std::string UniqueName(const std::string& control, const CheckReport& check,
                       size_t index, std::set<std::string>* used) {
  std::string base =
      check.name.empty() ? StrCat("check ", index + 1) : check.name;
  auto key = [&](const std::string& n) {
    return StrCat(control, std::string_view("\0", 1), n);
  };
  std::string name = base;
  for (int k = 2; used->count(key(name)) != 0; ++k)
    name = StrCat(base, " (", k, ")");
  used->insert(key(name));
  return name;
}

}  // namespace

std::string RenderJunit(const Report& report) {
  int total_tests = 0, total_failures = 0, total_errors = 0;
  double total_ms = 0;
  std::string suites;
  std::set<std::string> used;
  for (const ControlReport& c : report.controls) {
    int failures = 0, errors = 0;
    double ms = 0;
    std::string cases;
    for (size_t i = 0; i < c.checks.size(); ++i) {
      const CheckReport& check = c.checks[i];
      ms += check.time_ms;
      std::string name = UniqueName(c.id, check, i, &used);
      StrAppend(&cases, "    <testcase classname=\"", Attr(c.id), "\" name=\"",
                Attr(name), "\" time=\"", JunitSeconds(check.time_ms), "\"");
      std::string body;
      if (check.status == Outcome::kFail) {
        ++failures;
        std::string detail;
        if (!check.message.empty()) StrAppend(&detail, check.message, "\n");
        for (const auto& row : check.offending)
          StrAppend(&detail, RowLine(row), "\n");
        if (!c.remediation.empty())
          StrAppend(&detail, "Remediation: ", c.remediation, "\n");
        StrAppend(&body, "      <failure message=\"",
                  Attr(OffendingMessage(check)), "\" type=\"fail\">",
                  Text(detail), "</failure>\n");
      } else if (check.status == Outcome::kError) {
        ++errors;
        std::string msg = check.message.empty()
                              ? std::string("check could not be evaluated")
                              : check.message;
        std::string detail = msg;
        if (!check.unconfirmed.empty()) {
          StrAppend(&detail, "\n", check.unconfirmed.size(), " unconfirmed:\n");
          for (const auto& row : check.unconfirmed) StrAppend(&detail, RowLine(row), "\n");
        }
        StrAppend(&body, "      <error message=\"", Attr(msg),
                  "\" type=\"error\">", Text(detail), "</error>\n");
      }
      if (!check.waived.empty()) {
        std::string out = StrCat(check.waived.size(), " waived:\n");
        for (const auto& row : check.waived) {
          StrAppend(&out, RowLine(row));
          if (const ExceptionReport* e = ExceptionOf(report, row)) {
            StrAppend(&out, " owner=", e->owner, " expires=", e->expires,
                      " reason=", e->reason);
          }
          out.push_back('\n');
        }
        StrAppend(&body, "      <system-out>", Text(out), "</system-out>\n");
      }
      if (body.empty()) {
        cases.append("/>\n");
      } else {
        StrAppend(&cases, ">\n", body, "    </testcase>\n");
      }
    }
    if (c.time_ms > ms) ms = c.time_ms;
    int tests = static_cast<int>(c.checks.size());
    total_tests += tests;
    total_failures += failures;
    total_errors += errors;
    total_ms += ms;
    StrAppend(&suites, "  <testsuite name=\"", Attr(c.id), "\" tests=\"", tests,
              "\" failures=\"", failures, "\" errors=\"", errors,
              "\" skipped=\"0\" time=\"", JunitSeconds(ms), "\">\n");
    StrAppend(&suites, "    <properties>\n");
    auto prop = [&](std::string_view name, std::string_view value) {
      StrAppend(&suites, "      <property name=\"", Attr(name), "\" value=\"",
                Attr(value), "\"/>\n");
    };
    prop("title", c.title);
    prop("severity", c.severity);
    prop("provider", c.provider);
    prop("status", OutcomeName(c.status));
    prop("assets_evaluated", StrCat(report.summary.assets_evaluated));
    for (const auto& f : c.frameworks) {
      prop("framework", StrCat(f.name, " ", f.version, " ", f.id));
    }
    // Each parameter value and its source ("default", "command line",
    // "file params.json"): an override can decide the verdict.
    for (const ParameterReport& p : c.parameters) {
      prop(StrCat("parameter.", p.name),
           StrCat(p.value.ToJson(), " (", ParameterSourceText(p), ")"));
    }
    StrAppend(&suites, "    </properties>\n", cases, "  </testsuite>\n");
  }
  std::string name = report.pack_name.empty()
                         ? std::string("vigil")
                         : StrCat("vigil: ", report.pack_name);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  StrAppend(&out, "<testsuites name=\"", Attr(name), "\" tests=\"", total_tests,
            "\" failures=\"", total_failures, "\" errors=\"", total_errors,
            "\" skipped=\"0\" time=\"", JunitSeconds(total_ms), "\">\n", suites,
            "</testsuites>\n");
  return out;
}

}  // namespace vigil::report_internal
