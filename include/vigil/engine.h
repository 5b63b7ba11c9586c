// vigil/engine.h — evaluates every check of a pack over a graph and fills a
// vigil::Report (vigil/report.h).
//
//   ```cpp
//   vigil::RunOptions opts;
//   opts.exceptions = &exceptions;          // optional
//   opts.overrides = overrides;             // optional (vigil/parameters.h)
//   absl::StatusOr<vigil::Report> report = vigil::RunPack(*pack, *graph, opts);
//   ```
//
// Threads: each call starts its own pool of RunOptions::threads threads
// (the calling thread is one of them) and joins it before it returns; no
// process-wide pool is used, so concurrent calls do not share or wait for
// each other's threads. With several checks to run, the checks run in
// parallel on the pool, each evaluated on the thread that took it; a single
// check's evaluation is split over the pool instead. The report is the same
// whatever the number of threads (apart from the times it records).
//
// An embedding scanner typically also sets a progress callback, a way to
// cancel, its own name in the report, and asks for the passed assets:
//
//   ```cpp
//   std::stop_source cancel;  // cancel.request_stop() from another thread
//   vigil::RunOptions opts;
//   opts.threads = 4;
//   opts.stop = cancel.get_token();
//   opts.deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
//   opts.progress = [](size_t done, size_t total) {
//     std::cerr << done << "/" << total << " checks\r";
//   };
//   opts.tool_name = "acme-scanner";
//   opts.tool_version = "2.4.1";
//   opts.list_passed = true;
//   absl::StatusOr<vigil::Report> report = vigil::RunPack(*pack, *graph, opts);
//   if (absl::IsCancelled(report.status()) ||
//       absl::IsDeadlineExceeded(report.status())) {
//     return report.status();  // no report: never a partial one
//   }
//   ```
//
// Outcome of a check:
//  * the expectation holds on the full result: pass;
//  * it does not, the result is a list, and removing the rows covered by
//    unexpired exceptions makes it hold: waived (the covered rows are listed
//    as waived);
//  * otherwise fail: the rows left are the offending rows (for a list
//    result), the covered ones are listed as waived;
//  * the parameters could not be resolved, the evaluation failed or the
//    result has the wrong shape for the expectation: error;
//  * the graph records collections (vigil/collection.h) and a call the
//    check reads (CollectionsRead) is failed or missing anywhere in it:
//    error, whatever the result, with a message naming each call and where;
//    the rows the query found are listed as unconfirmed. A graph without
//    collection facts is evaluated as if everything was collected.
// A control is error if any check errored, else fail if any failed, else
// waived if any was waived, else pass.
#ifndef VIGIL_ENGINE_H_
#define VIGIL_ENGINE_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "vigil/datetime.h"
#include "vigil/graph.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"
#include "vigil/report.h"
#include "vigil/waivers.h"

namespace vigil {

struct RunOptions {
  // Threads this call uses (the calling thread included), for the checks
  // and their evaluations: a pool started for the call and joined before
  // RunPack returns. 1: the calling thread only; 0: one per core.
  int threads = 0;
  // Evaluation time: exception expiry, DateTime parameter offsets,
  // Report::generated_at. Unset: the current time.
  std::optional<Instant> now;
  const ExceptionSet* exceptions = nullptr;  // may be null
  // An exception for a control the pack does not have is an error
  // (InvalidArgument) instead of being left aside (an exceptions file may
  // serve several packs; ExceptionSet::Parse with the pack warns of it).
  bool strict_exceptions = false;
  // Unexpired exceptions of the controls that run which expire within
  // this many days of `now` are flagged (ExceptionReport::expiring_soon)
  // and warned of (exceptions.expiring-soon in `diagnostics`); 0: never.
  int expiry_warning_days = 14;
  // Optional: receives the run's warnings, located where they come from
  // (appended to, from the calling thread, after the checks have run).
  // One vector per call: RunPack calls running at the same time must not
  // share one (a std::vector is not thread-safe). A call given the vector
  // of another call under way fails with FailedPrecondition before it
  // runs anything; using a vector again after its call returned is fine.
  // (RunPack only reads the other fields; callbacks shared by concurrent
  // calls are called by each of them and must then be thread-safe.)
  Diagnostics* diagnostics = nullptr;
  ParameterOverrides overrides;
  // Recorded in the report.
  std::string graph_path;
  // Only the controls with these ids (all when empty); an unknown id is an
  // error.
  std::vector<std::string> only_controls;
  // Per check: the most result rows, nested rows included
  // (EvalOptions::max_result_rows; 0: the larger of 10,000,000 and the
  // graph's assets plus relationships). A check whose result would be larger
  // ends in error ("evaluation failed: the result would hold more than N
  // rows ...") instead of exhausting memory; the other checks go on.
  // `vigil run --max-result-rows N`.
  size_t max_result_rows = 0;
  // Progress: called once per check evaluated, after it, with the number of
  // checks done so far (1, 2, ... total) and the number to evaluate. Called
  // from the thread that evaluated the check (the calling thread or one of
  // this call's pool), under a lock: never two calls at once, `done` always
  // increasing. Keep it short; it must not call RunPack.
  std::function<void(size_t done, size_t total)> progress;
  // Cancellation. RunPack looks before starting each check (a check being
  // evaluated finishes first): once `stop` is requested it returns
  // Cancelled, once `deadline` has passed DeadlineExceeded, and never a
  // partially filled report. A run whose checks all finished returns its
  // report even if the stop comes after the last one.
  std::stop_token stop;
  std::optional<std::chrono::steady_clock::time_point> deadline;
  // The embedding tool, recorded in the report (Report::product_name,
  // product_version) and named by SARIF's tool.driver and OCSF's
  // metadata.product. Empty: "vigil" and vigil::Version().
  std::string tool_name;
  std::string tool_version;
  // List, per check whose rows are offending assets (expectation `eq []`
  // over the stored form's unpaged list of one type's assets), the assets
  // of that type that passed: every asset of the root type that is not a
  // row of the result, offending or waived (CheckReport::passed; the
  // auditor's denominator). `vigil run --list-passed`.
  bool list_passed = false;
  // Optional clause coverage (vigil/coverage.h), e.g. for `vigil test
  // --coverage`: called once per check to be evaluated, on the calling
  // thread before any check runs, with the control and the index of the
  // check in it. The evaluation adds its per-clause TRUE/FALSE/UNKNOWN row
  // counts to the Coverage returned (null: no coverage for that check).
  std::function<Coverage*(const ControlDef& control, size_t check_index)> coverage;
};

// The calls ("<service> <command>", sorted) a query reads according to the
// schema's @collectedBy directives: those of every type the query reaches
// (Query::covered_types) and those of every field its `where` filters name.
// When a filter key cannot be traced to a field (it sits in a fragment or
// under an aliased selection), the calls of every field of every type
// reached are included.
std::vector<std::string> CollectionsRead(const Query& query);

// Evaluates the pack. Fails (InvalidArgument) only for bad input found
// before evaluation: overrides that do not fit the pack, a graph built with
// another schema than the pack's (the message gives both schemas'
// fingerprints, vigil/snapshot.h, and the pack's schema file), an unknown
// control in `only_controls`; and with Cancelled or DeadlineExceeded when
// the run is stopped (RunOptions::stop, deadline), and with
// FailedPrecondition when RunOptions::diagnostics is the vector of another
// call under way. Problems of single
// checks are reported in the report as `error` outcomes.
absl::StatusOr<Report> RunPack(const Pack& pack, const Graph& graph,
                               const RunOptions& options = {});

}  // namespace vigil

#endif  // VIGIL_ENGINE_H_
