// The policy engine: a pack over a graph gives a Report (vigil/engine.h).
#include "vigil/engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/strings/str_format.h"
#include "src/base/datetime.h"
#include "src/base/strings.h"
#include "src/base/thread_pool.h"
#include "src/base/utf8.h"
#include "src/check/program.h"
#include "src/exec/run.h"
#include "src/policy/collections.h"
#include "src/policy/reason.h"
#include "src/query/query_internal.h"
#include "src/report/summary.h"
#include "vigil/snapshot.h"
#include "vigil/version.h"

namespace vigil {
namespace {

// The RunOptions::diagnostics vectors of the RunPack calls under way, so that
// a second call given one of them at the same time fails instead of racing
// on it (a std::vector is not thread-safe). One lock per call.
class DiagnosticsInUse {
 public:
  // False when `sink` is already held by another call.
  static bool Claim(const Diagnostics* sink) {
    std::lock_guard<std::mutex> lock(Mu());
    std::vector<const Diagnostics*>& held = Held();
    if (std::find(held.begin(), held.end(), sink) != held.end()) return false;
    held.push_back(sink);
    return true;
  }
  static void Release(const Diagnostics* sink) {
    std::lock_guard<std::mutex> lock(Mu());
    std::vector<const Diagnostics*>& held = Held();
    held.erase(std::find(held.begin(), held.end(), sink));
  }

 private:
  static std::mutex& Mu() {
    static std::mutex* mu = new std::mutex;
    return *mu;
  }
  static std::vector<const Diagnostics*>& Held() {
    static auto* held = new std::vector<const Diagnostics*>;
    return *held;
  }
};

// Holds a call's claim on its diagnostics vector until the call returns.
class DiagnosticsClaim {
 public:
  explicit DiagnosticsClaim(const Diagnostics* sink)
      : sink_(sink), held_(sink == nullptr || DiagnosticsInUse::Claim(sink)) {}
  ~DiagnosticsClaim() {
    if (sink_ != nullptr && held_) DiagnosticsInUse::Release(sink_);
  }
  DiagnosticsClaim(const DiagnosticsClaim&) = delete;
  DiagnosticsClaim& operator=(const DiagnosticsClaim&) = delete;
  bool held() const { return held_; }

 private:
  const Diagnostics* sink_;
  bool held_;
};

double MsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
      .count();
}

struct Task {
  size_t control = 0;  // index into the run's controls
  size_t check = 0;    // index into the control's checks
};

// What one check gave; merged into the report in task order.
struct TaskResult {
  CheckReport report;
  // Exceptions (indices into ExceptionSet::rules) that covered an
  // offending row, with the ids they covered, in row order.
  std::vector<std::pair<size_t, std::string>> matches;
};

// The row as a report row; `row` is moved into it. The report's columns
// are the string values of the row's keys id, __typename, name, accountId
// and region (the first of each key).
ReportRow MakeRow(Value&& row, const Graph& graph, const std::vector<NodeId>* nodes, size_t i) {
  ReportRow r;
  if (const Value::Object* fields = row.if_object()) {
    bool id = false, type = false, name = false, account = false, region = false;
    auto take = [](bool* seen, const Value& v, std::string* out) {
      if (*seen) return;
      *seen = true;
      if (const std::string* s = v.if_string()) *out = *s;
    };
    for (const auto& [name_of, v] : *fields) {
      const std::string_view key = name_of;
      if (key == "id") {
        take(&id, v, &r.id);
      } else if (key == "__typename") {
        take(&type, v, &r.type);
      } else if (key == "name") {
        take(&name, v, &r.name);
      } else if (key == "accountId") {
        take(&account, v, &r.account_id);
      } else if (key == "region") {
        take(&region, v, &r.region);
      }
    }
  }
  if (r.type.empty() && nodes != nullptr && i < nodes->size()) {
    r.type = graph.schema().type(graph.node_type((*nodes)[i])).name;
  }
  r.row = std::move(row);
  return r;
}

// The rows of an array result, as report rows (each row Value is moved
// out of `value`).
std::vector<ReportRow> ResultRows(Value&& value, const QueryResult& result, const Graph& graph) {
  std::vector<ReportRow> out;
  if (!value.is_array()) return out;
  const std::vector<NodeId>* nodes = result.stored_form() ? &result.root_nodes(0) : nullptr;
  Value::Array& rows = value.as_array();
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    out.push_back(MakeRow(std::move(rows[i]), graph, nodes, i));
  }
  return out;
}

// Waivers: moves each row covered by an unexpired exception of `control`
// from `rows` to cr->waived (the first such exception is recorded on it),
// the others to cr->offending, in row order; every match goes to
// `matches`.
void ApplyWaivers(const ControlDef& control, std::vector<ReportRow> rows,
                  const ExceptionSet* exceptions, Instant now, CheckReport* cr,
                  std::vector<std::pair<size_t, std::string>>* matches) {
  // The exceptions that may waive a row of this control, in file order.
  std::vector<size_t> rules;
  if (exceptions != nullptr) {
    for (size_t k = 0; k < exceptions->rules.size(); ++k) {
      const ExceptionRule& rule = exceptions->rules[k];
      if (rule.control == control.id && !rule.ExpiredAt(now)) rules.push_back(k);
    }
  }
  if (rules.empty()) {
    cr->offending = std::move(rows);
    return;
  }
  cr->offending.reserve(rows.size());
  for (ReportRow& row : rows) {
    int waived_by = -1;
    if (!row.id.empty()) {
      for (size_t k : rules) {
        if (!exceptions->rules[k].Covers(row.id)) continue;
        if (waived_by < 0) waived_by = static_cast<int>(k);
        matches->emplace_back(k, row.id);
      }
    }
    if (waived_by >= 0) {
      row.exception_index = waived_by;  // remapped to the report's index later
      cr->waived.push_back(std::move(row));
    } else {
      cr->offending.push_back(std::move(row));
    }
  }
}

// Whether the expectation holds over the offending rows (those left after
// waivers). Their values are moved into the array the expectation reads,
// then back.
bool HoldsOverOffending(const CheckDef& check, CheckReport* cr) {
  Value::Array left;
  left.reserve(cr->offending.size());
  for (ReportRow& r : cr->offending) left.push_back(std::move(r.row));
  Value value(std::move(left));
  auto h = check.expect.Holds(value);
  Value::Array& back = value.as_array();
  for (size_t i = 0; i < back.size(); ++i) cr->offending[i].row = std::move(back[i]);
  return h.ok() && *h;
}

// The expectation over a result that did not satisfy it as a whole: the
// check is waived when the rows left after waivers satisfy it, else it
// fails. The result's rows are moved into the report.
void JudgeFailedExpectation(const CheckDef& check, Value&& value, const QueryResult& result,
                            const Graph& graph, const ControlDef& control,
                            const ExceptionSet* exceptions, Instant now, TaskResult* out) {
  CheckReport& cr = out->report;
  if (!value.is_array()) {
    cr.status = Outcome::kFail;
    std::string shown = value.ToJson();
    if (shown.size() > 200) shown = StrCat(shown.substr(0, 200), "...");
    cr.message = StrCat("the result ", shown, " does not satisfy `", check.expect.text, "`");
    return;
  }
  const size_t total = value.as_array().size();
  ApplyWaivers(control, ResultRows(std::move(value), result, graph), exceptions, now, &cr,
               &out->matches);
  if (!cr.waived.empty() && HoldsOverOffending(check, &cr)) {
    cr.status = Outcome::kWaived;
    cr.offending.clear();
    cr.message = StrCat(cr.waived.size(), " row", cr.waived.size() == 1 ? "" : "s",
                        " waived by exceptions");
    return;
  }
  cr.status = Outcome::kFail;
  size_t n = cr.offending.size();
  cr.message = check.expect.ExpectsNoRows()
                   ? StrCat(n, " offending row", n == 1 ? "" : "s", " (expected `",
                            check.expect.text, "`)")
                   : StrCat(total, " row", total == 1 ? "" : "s", " came back",
                            cr.waived.empty() ? "" : StrCat(" (", cr.waived.size(), " waived)"),
                            "; expected `", check.expect.text, "`");
}

// Evaluates one check and judges its result: error (evaluation failed, or
// data it reads was not collected), pass, waived or fail.
// What every check of a run shares.
struct RunContext {
  const Graph& graph;
  const RunOptions& options;
  Instant now;
  ThreadPool* pool;  // null: the calling thread only
};

// The assets of the check's root type that are not among the result's rows,
// in graph order, when the rows are the offending assets: expectation
// `eq []`, the stored form's list of the root type's assets, unpaged.
// Returns false for a check of another kind.
bool PassedAssets(const CheckDef& check, const QueryResult& result, const Graph& graph,
                  std::vector<std::string>* passed) {
  if (!check.expect.ExpectsNoRows() || !result.stored_form()) return false;
  const check::Program& program = query_internal::ProgramOf(*check.query);
  if (program.plan.roots.size() != 1) return false;
  const plan::RootFieldPlan& root = program.plan.roots[0];
  // A root under @skip/@include with a variable may select nothing: its
  // assets were not judged.
  if (root.guard >= 0 || root.typename_only || root.shape != plan::RootFieldPlan::Shape::kList ||
      root.options.slot >= 0 || root.options.limit != 0 || root.options.offset != 0) {
    return false;
  }
  std::vector<NodeId> rows = result.root_nodes(0);
  std::sort(rows.begin(), rows.end());
  std::vector<NodeId> all;
  for (TypeId c : graph.schema().type(root.type).concrete_types) {
    const Table& t = graph.table(c);
    all.insert(all.end(), t.nodes.begin(), t.nodes.end());
  }
  std::sort(all.begin(), all.end());
  passed->clear();
  for (NodeId n : all) {
    if (!std::binary_search(rows.begin(), rows.end(), n)) {
      passed->emplace_back(graph.asset_id(n));
    }
  }
  return true;
}

void RunCheck(const ControlDef& control, const CheckDef& check, const Value& vars,
              const RunContext& ctx, Coverage* coverage, TaskResult* out) {
  const Graph& graph = ctx.graph;
  const ExceptionSet* exceptions = ctx.options.exceptions;
  const Instant now = ctx.now;
  const std::string uncollected =
      graph.collections().empty()
          ? std::string()
          : policy_internal::UncollectedMessage(graph.collections(), CollectionsRead(*check.query));
  auto t0 = std::chrono::steady_clock::now();
  CheckReport& cr = out->report;
  cr.name = check.name;
  cr.query = check.query_text;
  cr.expect = check.expect.text;
  cr.description = check.description;
  EvalOptions eopts;
  eopts.threads = ctx.options.threads;
  eopts.coverage = coverage;
  eopts.max_result_rows = ctx.options.max_result_rows;
  auto result = query_internal::EvaluateOnPool(*check.query, graph, vars, eopts, ctx.pool);
  if (!result.ok()) {
    cr.status = Outcome::kError;
    cr.message = StrCat("evaluation failed: ", std::string(result.status().message()));
  } else {
    Value value = result->ToValue();
    if (!uncollected.empty()) {
      // No verdict on data that was not all collected; the rows are kept.
      cr.status = Outcome::kError;
      cr.message = uncollected;
      cr.unconfirmed = ResultRows(std::move(value), *result, graph);
    } else if (auto holds = check.expect.Holds(value); !holds.ok()) {
      cr.status = Outcome::kError;
      cr.message = std::string(holds.status().message());
    } else if (*holds) {
      cr.status = Outcome::kPass;
    } else {
      JudgeFailedExpectation(check, std::move(value), *result, graph, control, exceptions, now,
                             out);
    }
    if (ctx.options.list_passed && cr.status != Outcome::kError) {
      cr.passed_listed = PassedAssets(check, *result, graph, &cr.passed);
    }
  }
  if (!check.reason.empty()) {
    std::vector<policy::ReasonPart> parts;
    std::string why;
    uint32_t at = 0;
    if (policy::ParseReason(check.reason, &parts, &why, &at)) {  // validated at load
      for (auto* rows : {&cr.offending, &cr.waived, &cr.unconfirmed}) {
        for (ReportRow& r : *rows) r.reason = policy::RenderReason(parts, r.row, vars);
      }
    }
  }
  cr.time_ms = MsSince(t0);
}

void FillCollectionSummary(const CollectionSet& set, CollectionSummary* out) {
  out->recorded = !set.empty();
  for (const Collection& c : set.facts()) {
    switch (c.state) {
      case CollectionState::kCollected: ++out->collected; break;
      case CollectionState::kFailed: ++out->failed; break;
      case CollectionState::kMissing: ++out->missing; break;
      case CollectionState::kExcluded:
        out->excluded.push_back(
            StrCat(c.scope(), c.detail.empty() ? std::string() : StrCat(": ", c.detail)));
        break;
    }
  }
}

// ---- pack-level checks ----------------------------------------------------

// The graph must have been built with the pack's schema (or one equal to
// it: the plans address types and fields by index).
absl::Status CheckSchema(const Pack& pack, const Graph& graph) {
  if (pack.schema == nullptr || &graph.schema() == pack.schema.get() ||
      exec::SameShape(graph.schema(), *pack.schema)) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrFormat(
      "the graph was built with another schema (fingerprint %016x) than pack \"%s\" uses "
      "(%s, fingerprint %016x): load the graph with the pack's schema",
      SchemaFingerprint(graph.schema()), pack.name,
      pack.schema_path.empty() ? std::string("its schema") : pack.schema_path,
      SchemaFingerprint(*pack.schema)));
}

// Overrides that fit the pack; with strict_exceptions, exceptions only for
// its controls.
absl::Status CheckRunInputs(const Pack& pack, const RunOptions& options) {
  if (absl::Status s = ValidateOverrides(pack, options.overrides); !s.ok()) return s;
  if (options.exceptions != nullptr && options.strict_exceptions) {
    for (const ExceptionRule& r : options.exceptions->rules) {
      if (pack.FindControl(r.control) == nullptr) {
        return absl::InvalidArgumentError(StrCat(r.location, ": exception for unknown control \"",
                                                 r.control, "\""));
      }
    }
  }
  return absl::OkStatus();
}

// The controls to run, in pack order: all, or those of only_controls (each
// of which must exist).
absl::StatusOr<std::vector<const ControlDef*>> SelectControls(const Pack& pack,
                                                              const RunOptions& options) {
  std::vector<const ControlDef*> controls;
  for (const auto& id : options.only_controls) {
    if (pack.FindControl(id) == nullptr) {
      return absl::InvalidArgumentError(
          StrCat("no control \"", id, "\" in pack \"", pack.name, "\""));
    }
  }
  for (const auto& c : pack.controls) {
    if (options.only_controls.empty() ||
        std::find(options.only_controls.begin(), options.only_controls.end(), c.id) !=
            options.only_controls.end()) {
      controls.push_back(&c);
    }
  }
  return controls;
}

// ---- per-control evaluation -----------------------------------------------

// Every check of every control, in parallel when asked; results in task
// order (controls in order, each control's checks in order). A control
// whose parameters do not resolve has all its checks in error. The checks
// and their evaluations run on one pool of options.threads threads that
// lives for this call only. Cancelled (RunOptions::stop, deadline): the
// status, and no results.
absl::StatusOr<std::vector<TaskResult>> EvaluateControls(
    const std::vector<const ControlDef*>& controls, const Graph& graph,
    const RunOptions& options, Instant now) {
  std::vector<absl::StatusOr<Value>> vars;
  vars.reserve(controls.size());
  for (const ControlDef* c : controls) vars.push_back(ResolveParameters(*c, options.overrides, now));

  std::vector<Task> tasks;
  for (size_t ci = 0; ci < controls.size(); ++ci) {
    for (size_t k = 0; k < controls[ci]->checks.size(); ++k) tasks.push_back({ci, k});
  }
  std::vector<TaskResult> results(tasks.size());
  std::vector<Coverage*> coverage(tasks.size(), nullptr);
  if (options.coverage) {
    for (size_t i = 0; i < tasks.size(); ++i) {
      coverage[i] = options.coverage(*controls[tasks[i].control], tasks[i].check);
    }
  }
  // This call's threads: the checks run in parallel on them (each check's
  // evaluation then on its own thread); a single check's evaluation is
  // split over them instead.
  int n = options.threads > 0
              ? options.threads
              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (tasks.size() > 1) n = std::min<int>(n, static_cast<int>(tasks.size()));
  std::unique_ptr<ThreadPool> pool;
  if (n > 1 && !tasks.empty()) pool = std::make_unique<ThreadPool>(n);
  const RunContext ctx{graph, options, now, pool.get()};

  std::atomic<int> stopped{0};  // 1: cancelled, 2: deadline exceeded
  auto should_stop = [&] {
    if (stopped.load(std::memory_order_relaxed) != 0) return true;
    if (options.stop.stop_requested()) {
      stopped.store(1);
    } else if (options.deadline && std::chrono::steady_clock::now() >= *options.deadline) {
      stopped.store(2);
    }
    return stopped.load() != 0;
  };
  std::mutex progress_mu;
  size_t reported = 0;            // under progress_mu
  std::atomic<size_t> done{0};    // checks finished (for the deadline message)
  auto run_one = [&](size_t i) {
    if (should_stop()) return;
    const ControlDef& c = *controls[tasks[i].control];
    const CheckDef& check = c.checks[tasks[i].check];
    const auto& v = vars[tasks[i].control];
    if (!v.ok()) {
      CheckReport& cr = results[i].report;
      cr.name = check.name;
      cr.query = check.query_text;
      cr.expect = check.expect.text;
      cr.description = check.description;
      cr.status = Outcome::kError;
      cr.message = std::string(v.status().message());
    } else {
      RunCheck(c, check, *v, ctx, coverage[i], &results[i]);
    }
    done.fetch_add(1);
    if (options.progress) {
      std::lock_guard<std::mutex> l(progress_mu);
      options.progress(++reported, tasks.size());
    }
  };
  if (pool == nullptr || tasks.size() <= 1) {
    for (size_t i = 0; i < tasks.size(); ++i) run_one(i);
  } else {
    // The costliest checks start first (cost: the rows of the types a
    // check reads), so that no long check starts last and runs alone while
    // the other threads idle. Results stay in task order.
    std::vector<size_t> cost(tasks.size(), 0);
    for (size_t i = 0; i < tasks.size(); ++i) {
      const CheckDef& check = controls[tasks[i].control]->checks[tasks[i].check];
      if (check.query == nullptr) continue;
      for (TypeId t : query_internal::ProgramOf(*check.query).plan.covered) {
        cost[i] += graph.table(t).num_rows();
      }
    }
    std::vector<size_t> order(tasks.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return cost[a] > cost[b]; });
    pool->ParallelFor(tasks.size(), 1, [&](size_t b, size_t e) {
      for (size_t i = b; i < e; ++i) run_one(order[i]);
    });
  }
  if (stopped.load() == 1) return absl::CancelledError("the run was cancelled (RunOptions::stop)");
  if (stopped.load() == 2) {
    return absl::DeadlineExceededError(
        StrCat("the run passed its deadline (RunOptions::deadline) after ", done.load(), " of ",
               tasks.size(), " checks"));
  }
  return results;
}

// ---- waivers in the report ------------------------------------------------

// The exceptions of the controls that ran, in file order, with their state
// (active, expired, stale) and the ids they waived, appended to
// report->exceptions. Returns, for each rule of the set, its index in
// report->exceptions (-1 when not listed).
// A diagnostic at an exception's location ("file:line:col", or any label).
Diagnostic AtRule(const ExceptionRule& rule, std::string_view code, std::string message,
                  Severity severity) {
  Diagnostic d;
  d.code = std::string(code);
  d.message = std::move(message);
  d.severity = severity;
  d.file = rule.location;
  // "file:line:col": split off the two numbers.
  const size_t c2 = rule.location.rfind(':');
  const size_t c1 = c2 == std::string::npos || c2 == 0 ? std::string::npos
                                                         : rule.location.rfind(':', c2 - 1);
  if (c1 != std::string::npos) {
    const std::string_view line(rule.location.data() + c1 + 1, c2 - c1 - 1);
    const std::string_view col(rule.location.data() + c2 + 1, rule.location.size() - c2 - 1);
    auto number = [](std::string_view t, uint32_t* out) {
      if (t.empty() || t.size() > 9) return false;
      uint32_t n = 0;
      for (char ch : t) {
        if (ch < '0' || ch > '9') return false;
        n = n * 10 + static_cast<uint32_t>(ch - '0');
      }
      *out = n;
      return n > 0;
    };
    uint32_t l = 0, c = 0;
    if (number(line, &l) && number(col, &c)) {
      d.file = rule.location.substr(0, c1);
      d.location.line = l;
      d.location.column = c;
    }
  }
  return d;
}

std::vector<int> ReportExceptions(const ExceptionSet* exceptions,
                                  const std::vector<const ControlDef*>& controls,
                                  const std::vector<TaskResult>& results, Instant now,
                                  const RunOptions& options, Report* report) {
  if (exceptions == nullptr) return {};
  const auto& rules = exceptions->rules;
  std::vector<int> rule_to_report(rules.size(), -1);
  std::vector<std::vector<std::string>> matched(rules.size());
  for (const TaskResult& r : results) {
    for (const auto& [k, id] : r.matches) {
      if (std::find(matched[k].begin(), matched[k].end(), id) == matched[k].end()) {
        matched[k].push_back(id);
      }
    }
  }
  for (size_t k = 0; k < rules.size(); ++k) {
    const ExceptionRule& rule = rules[k];
    bool ran = std::any_of(controls.begin(), controls.end(),
                           [&](const ControlDef* c) { return c->id == rule.control; });
    if (!ran) continue;
    ExceptionReport er;
    er.control = rule.control;
    er.assets = rule.assets;
    er.owner = rule.owner;
    er.reason = rule.reason;
    er.expires = rule.expires;
    er.source = rule.source;
    er.ticket = rule.ticket;
    er.extensions = rule.extensions;
    if (rule.ExpiredAt(now)) {
      er.state = "expired";
    } else if (matched[k].empty()) {
      er.state = "stale";
    } else {
      er.state = "active";
      er.waived_ids = matched[k];
    }
    const int64_t left = rule.expires_at.seconds - now.seconds;
    if (left > 0 && options.expiry_warning_days > 0 &&
        left <= int64_t{options.expiry_warning_days} * kSecondsPerDay) {
      er.expiring_soon = true;
      if (options.diagnostics != nullptr) {
        const int64_t days = left / kSecondsPerDay;
        options.diagnostics->push_back(AtRule(
            rule, "exceptions.expiring-soon",
            StrCat("the exception for control ", Quoted(rule.control), " (owner ",
                   Quoted(rule.owner),
                   rule.ticket.empty() ? "" : StrCat(", ticket ", Quoted(rule.ticket)),
                   ") expires ", Quoted(rule.expires), ", ",
                   days == 0 ? std::string("within a day")
                             : StrCat("in ", days, days == 1 ? " day" : " days"),
                   "; renew it or fix the assets it waives"),
            Severity::kWarning));
      }
    }
    rule_to_report[k] = static_cast<int>(report->exceptions.size());
    report->exceptions.push_back(std::move(er));
  }
  return rule_to_report;
}

// ---- report assembly --------------------------------------------------------

// Each declared parameter with the value the run gives it and its source.
std::vector<ParameterReport> ParameterValues(const ControlDef& c,
                                             const ParameterOverrides& overrides) {
  std::vector<ParameterReport> out;
  const std::map<std::string, Value>* mine = nullptr;
  if (auto it = overrides.find(c.id); it != overrides.end()) mine = &it->second;
  const std::map<std::string, OverrideSource>* sources = nullptr;
  if (auto it = overrides.sources.find(c.id); it != overrides.sources.end()) {
    sources = &it->second;
  }
  for (const ParameterDef& p : c.parameters) {
    ParameterReport pr;
    pr.name = p.name;
    pr.type = p.type;
    pr.has_default = p.has_default;
    pr.default_value = p.default_value;
    const Value* given = nullptr;
    if (mine != nullptr) {
      if (auto it = mine->find(p.name); it != mine->end()) given = &it->second;
    }
    if (given != nullptr) {
      pr.value = *given;
      pr.source = "caller";
      if (sources != nullptr) {
        if (auto it = sources->find(p.name); it != sources->end()) {
          pr.source = it->second.kind.empty() ? "caller" : it->second.kind;
          pr.file = it->second.file;
        }
      }
    } else if (p.has_default) {
      pr.value = p.default_value;
      pr.source = "default";
    } else {
      continue;  // no value: the control's checks are in error
    }
    out.push_back(std::move(pr));
  }
  return out;
}

ControlReport DescribeControl(const ControlDef& c) {
  ControlReport cr;
  cr.id = c.id;
  cr.title = c.title;
  cr.severity = c.severity;
  cr.provider = c.provider;
  cr.frameworks = c.frameworks;
  cr.references = c.references;
  cr.overview = c.overview;
  cr.rationale = c.rationale;
  cr.impact = c.impact;
  cr.remediation = c.remediation;
  cr.notes = c.notes;
  cr.service_wide_remediation = c.service_wide_remediation;
  cr.operational_rollout = c.operational_rollout;
  cr.connectors = c.connectors;
  cr.covered_types = c.covered_types;
  return cr;
}

// One ControlReport per control from its checks' results (taken from
// `results`, in task order), with its status, and the summary counts.
void AssembleControls(const std::vector<const ControlDef*>& controls,
                      std::vector<TaskResult>& results, const std::vector<int>& rule_to_report,
                      const ParameterOverrides& overrides, Report* report) {
  size_t ti = 0;
  for (const ControlDef* c : controls) {
    ControlReport cr = DescribeControl(*c);
    cr.parameters = ParameterValues(*c, overrides);
    for (size_t k = 0; k < c->checks.size(); ++k, ++ti) {
      CheckReport chk = std::move(results[ti].report);
      chk.source = c->checks[k].source;
      for (ReportRow& w : chk.waived) {
        w.exception_index = w.exception_index >= 0 ? rule_to_report[w.exception_index] : -1;
      }
      cr.time_ms += chk.time_ms;
      cr.checks.push_back(std::move(chk));
    }
    report->controls.push_back(std::move(cr));
  }
  SummarizeControls(report);
}

}  // namespace

absl::StatusOr<Report> RunPack(const Pack& pack, const Graph& graph, const RunOptions& options) {
  auto wall0 = std::chrono::steady_clock::now();
  const DiagnosticsClaim claim(options.diagnostics);
  if (!claim.held()) {
    return absl::FailedPreconditionError(
        "RunOptions::diagnostics is the diagnostics vector of another RunPack call running at "
        "the same time; give each call its own vector");
  }
  const Instant now = options.now.value_or(Instant::Now());
  if (absl::Status s = CheckSchema(pack, graph); !s.ok()) return s;
  if (absl::Status s = CheckRunInputs(pack, options); !s.ok()) return s;
  absl::StatusOr<std::vector<const ControlDef*>> controls = SelectControls(pack, options);
  if (!controls.ok()) return controls.status();

  absl::StatusOr<std::vector<TaskResult>> results =
      EvaluateControls(*controls, graph, options, now);
  if (!results.ok()) return results.status();

  Report report;
  report.tool_version = std::string(Version());
  report.product_name = options.tool_name;
  report.product_version = options.tool_version;
  report.pack_name = pack.name;
  report.pack_version = pack.version;
  report.pack_title = pack.title;
  report.pack_path = pack.dir;
  report.graph_path = options.graph_path;
  report.generated_at = FormatInstant(Instant{now.seconds, 0});  // whole seconds
  report.compile_ms = pack.compile_ms;
  std::vector<int> rule_to_report =
      ReportExceptions(options.exceptions, *controls, *results, now, options, &report);
  AssembleControls(*controls, *results, rule_to_report, options.overrides, &report);
  FillCollectionSummary(graph.collections(), &report.collections);
  report.summary.assets_evaluated = static_cast<int64_t>(graph.num_assets());
  report.evaluate_ms = MsSince(wall0);
  // The rows' text is read from the graph too (Graph::CheckIntact).
  if (absl::Status intact = graph.CheckIntact(); !intact.ok()) return intact;
  return report;
}

}  // namespace vigil
