// MergeReports (vigil/report_merge.h): per-graph reports of one pack into one.
#include "vigil/report_merge.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "src/base/strings.h"
#include "src/report/summary.h"
#include "vigil/datetime.h"
#include "vigil/value.h"

namespace vigil {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view NextWord(std::string_view* s) {
  *s = Trim(*s);
  size_t n = 0;
  while (n < s->size() && !IsSpace((*s)[n])) ++n;
  std::string_view w = s->substr(0, n);
  s->remove_prefix(n);
  return w;
}

// Whether an expectation (as written in the report) says "no row may come
// back", as Expectation::ExpectsNoRows does for the parsed form: `eq []`,
// `count eq 0`, `count lte 0`, `count lt 1`. (The report layer sits below
// the policy layer and only has the text.)
bool ExpectsNoRows(std::string_view expect) {
  std::string_view rest = expect;
  std::string_view w = NextWord(&rest);
  bool count = w == "count";
  if (count) w = NextWord(&rest);
  absl::StatusOr<Value> v = Value::ParseJson(Trim(rest));
  if (!v.ok()) return false;
  if (count) {
    if (!v->is_int()) return false;
    return ((w == "eq" || w == "lte") && v->as_int() == 0) ||
           (w == "lt" && v->as_int() == 1);
  }
  return w == "eq" && v->is_array() && v->as_array().empty();
}

std::string Plural(size_t n, std::string_view word) {
  return StrCat(n, " ", word, n == 1 ? "" : "s");
}

struct CheckParts {
  CheckReport merged;
  std::vector<const CheckReport*> parts;
};

struct ControlParts {
  ControlReport merged;  // metadata of its first appearance, no checks
  std::vector<CheckParts> checks;
  // (check name, occurrence of that name in its control) -> index in checks
  std::map<std::pair<std::string, int>, size_t> index;
};

void FinishCheck(CheckParts* cp) {
  CheckReport& m = cp->merged;
  const CheckReport* first_error = nullptr;
  std::vector<const CheckReport*> failed;
  m.status = Outcome::kPass;
  for (const CheckReport* p : cp->parts) {
    if (p->status == Outcome::kError && first_error == nullptr) first_error = p;
    if (p->status == Outcome::kFail) failed.push_back(p);
    m.status = WorseOutcome(m.status, p->status);
  }
  switch (m.status) {
    case Outcome::kPass:
      m.message.clear();
      break;
    case Outcome::kWaived:
      m.message =
          StrCat(Plural(m.waived.size(), "row"), " waived by exceptions");
      break;
    case Outcome::kError:
      m.message = first_error->message;
      break;
    case Outcome::kFail:
      if (ExpectsNoRows(m.expect)) {
        m.message = StrCat(Plural(m.offending.size(), "offending row"),
                           " (expected `", m.expect, "`)");
      } else if (failed.size() == 1) {
        m.message = failed.front()->message;
      } else {
        m.message =
            StrCat("failed in ", failed.size(), " of ", cp->parts.size(),
                   " reports; the first: ", failed.front()->message);
      }
      break;
  }
}

}  // namespace

absl::StatusOr<Report> MergeReports(std::span<const Report> reports) {
  std::vector<const Report*> pointers;
  pointers.reserve(reports.size());
  for (const Report& r : reports) pointers.push_back(&r);
  return MergeReportPointers(pointers);
}

absl::StatusOr<Report> MergeReportPointers(std::span<const Report* const> reports) {
  if (reports.empty()) return absl::InvalidArgumentError("no report to merge");
  for (size_t ri = 0; ri < reports.size(); ++ri) {
    if (reports[ri] == nullptr) {
      return absl::InvalidArgumentError(StrCat("report ", ri, " to merge is null"));
    }
  }
  const Report& first = *reports.front();
  Report out;
  out.tool_version = first.tool_version;
  out.product_name = first.product_name;
  out.product_version = first.product_version;
  out.pack_name = first.pack_name;
  out.pack_version = first.pack_version;
  out.pack_title = first.pack_title;
  out.pack_path = first.pack_path;

  std::vector<std::string> graph_paths;
  // The latest generation time; one that is not a date-time (a report
  // built by hand) counts as the earliest.
  Instant latest = Instant::Min();
  std::vector<ControlParts> controls;
  std::map<std::string, size_t> control_index;
  std::map<std::string, size_t>
      exception_index;  // merge key -> index in out.exceptions
  std::vector<std::set<std::string>> exception_ids;  // per merged exception
  std::vector<std::vector<int>> remap(reports.size());

  for (size_t ri = 0; ri < reports.size(); ++ri) {
    const Report& r = *reports[ri];
    if (r.pack_name != first.pack_name ||
        r.pack_version != first.pack_version) {
      return absl::InvalidArgumentError(StrCat(
          "cannot merge reports of different packs: report ", ri,
          " is of pack \"", r.pack_name, "\" ", r.pack_version,
          ", report 0 of \"", first.pack_name, "\" ", first.pack_version));
    }
    if (std::find(graph_paths.begin(), graph_paths.end(), r.graph_path) ==
        graph_paths.end()) {
      graph_paths.push_back(r.graph_path);
    }
    const Instant at = ParseInstant(r.generated_at).value_or(Instant::Min());
    if (ri == 0 || at > latest) {
      latest = at;
      out.generated_at = r.generated_at;
    }
    out.load_ms += r.load_ms;
    out.compile_ms += r.compile_ms;
    out.evaluate_ms += r.evaluate_ms;
    out.summary.assets_evaluated += r.summary.assets_evaluated;
    out.collections.recorded |= r.collections.recorded;
    out.collections.collected += r.collections.collected;
    out.collections.failed += r.collections.failed;
    out.collections.missing += r.collections.missing;
    for (const std::string& x : r.collections.excluded) {
      if (std::find(out.collections.excluded.begin(), out.collections.excluded.end(), x) ==
          out.collections.excluded.end()) {
        out.collections.excluded.push_back(x);
      }
    }

    // Exceptions, merged by source (or, without one, by what they say).
    remap[ri].assign(r.exceptions.size(), -1);
    for (size_t ei = 0; ei < r.exceptions.size(); ++ei) {
      const ExceptionReport& e = r.exceptions[ei];
      std::string key =
          e.source.empty()
              ? StrCat("\x01", e.control, "\x01", StrJoin(e.assets, "\x02"),
                       "\x01", e.owner, "\x01", e.reason, "\x01", e.expires)
              : e.source;
      auto [it, inserted] = exception_index.emplace(key, out.exceptions.size());
      if (inserted) {
        ExceptionReport m = e;
        m.waived_ids.clear();
        out.exceptions.push_back(std::move(m));
        exception_ids.emplace_back();
      }
      ExceptionReport& m = out.exceptions[it->second];
      for (const std::string& id : e.waived_ids) {
        if (exception_ids[it->second].insert(id).second)
          m.waived_ids.push_back(id);
      }
      auto rank = [](std::string_view state) {
        return state == "active"    ? 3
               : state == "stale"   ? 2
               : state == "expired" ? 1
                                    : 0;
      };
      if (rank(e.state) > rank(m.state)) m.state = e.state;
      m.expiring_soon = m.expiring_soon || e.expiring_soon;
      remap[ri][ei] = static_cast<int>(it->second);
    }

    for (const ControlReport& c : r.controls) {
      auto [it, inserted] = control_index.emplace(c.id, controls.size());
      if (inserted) {
        ControlParts cp;
        cp.merged = c;
        cp.merged.checks.clear();
        cp.merged.time_ms = 0;
        controls.push_back(std::move(cp));
      }
      ControlParts& cp = controls[it->second];
      // The same control run with other parameter values is another check:
      // merging would hide an override (reports without parameters, from
      // before they were recorded, are taken as they are).
      if (!inserted && !c.parameters.empty() && !cp.merged.parameters.empty()) {
        for (const ParameterReport& p : c.parameters) {
          auto same = std::find_if(cp.merged.parameters.begin(), cp.merged.parameters.end(),
                                   [&](const ParameterReport& q) { return q.name == p.name; });
          if (same == cp.merged.parameters.end() || !(same->value == p.value)) {
            return absl::InvalidArgumentError(
                StrCat("cannot merge: parameter \"", p.name, "\" of control ", c.id,
                       " in report ", ri, " is ", p.value.ToJson(),
                       same == cp.merged.parameters.end()
                           ? std::string(", absent from the first report that has the control")
                           : StrCat(", ", same->value.ToJson(),
                                    " in the first report that has the control")));
          }
        }
      }
      cp.merged.time_ms += c.time_ms;
      std::map<std::string, int> seen;
      for (const CheckReport& k : c.checks) {
        std::pair<std::string, int> key(k.name, seen[k.name]++);
        auto [kit, kinserted] = cp.index.emplace(key, cp.checks.size());
        if (kinserted) {
          CheckParts parts;
          parts.merged.name = k.name;
          parts.merged.query = k.query;
          parts.merged.expect = k.expect;
          parts.merged.source = k.source;
          parts.merged.description = k.description;
          parts.merged.passed_listed = true;  // while every part lists them
          cp.checks.push_back(std::move(parts));
        }
        CheckParts& parts = cp.checks[kit->second];
        if (parts.merged.query != k.query || parts.merged.expect != k.expect) {
          return absl::InvalidArgumentError(
              StrCat("cannot merge: check \"", k.name, "\" of control ", c.id,
                     " in report ", ri, " has another ",
                     parts.merged.query != k.query ? "query" : "expectation",
                     " than in the first report that has it"));
        }
        parts.parts.push_back(&k);
        parts.merged.time_ms += k.time_ms;
        parts.merged.offending.insert(parts.merged.offending.end(),
                                      k.offending.begin(), k.offending.end());
        parts.merged.unconfirmed.insert(parts.merged.unconfirmed.end(),
                                        k.unconfirmed.begin(), k.unconfirmed.end());
        parts.merged.passed_listed = parts.merged.passed_listed && k.passed_listed;
        parts.merged.passed.insert(parts.merged.passed.end(), k.passed.begin(), k.passed.end());
        for (const ReportRow& w : k.waived) {
          ReportRow row = w;
          row.exception_index =
              w.exception_index >= 0 &&
                      w.exception_index < static_cast<int>(remap[ri].size())
                  ? remap[ri][w.exception_index]
                  : -1;
          parts.merged.waived.push_back(std::move(row));
        }
      }
    }
  }

  out.graph_path = StrJoin(graph_paths, ", ");
  for (ControlParts& cp : controls) {
    ControlReport c = std::move(cp.merged);
    for (CheckParts& parts : cp.checks) {
      if (!parts.merged.passed_listed) parts.merged.passed.clear();
      FinishCheck(&parts);
      c.checks.push_back(std::move(parts.merged));
    }
    out.controls.push_back(std::move(c));
  }
  SummarizeControls(&out);
  return out;
}

}  // namespace vigil
