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
// Checks run in parallel on a thread pool, and each check's evaluation is
// itself parallel (EvalOptions::threads). The report is the same whatever
// the number of threads (apart from the times it records).
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

#include <cstdint>
#include <functional>
#include <optional>
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
  // Threads for the checks and for each evaluation; 0: one per core.
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
  // Optional: receives the run's warnings, located where they come from.
  Diagnostics* diagnostics = nullptr;
  ParameterOverrides overrides;
  // Recorded in the report.
  std::string graph_path;
  // Only the controls with these ids (all when empty); an unknown id is an
  // error.
  std::vector<std::string> only_controls;
  // Per check: the most result rows (EvalOptions::max_result_rows; 0:
  // automatic). A check over it ends in error.
  size_t max_result_rows = 0;
  // Optional clause coverage (vigil/coverage.h), e.g. for `vigil test
  // --coverage`: called once per check to be evaluated, on the calling
  // thread before any check runs, with the control and the index of the
  // check in it. The evaluation adds its per-clause TRUE/FALSE/UNKNOWN row
  // counts to the Coverage returned (null: no coverage for that check).
  std::function<Coverage*(const ControlDef& control, size_t check_index)> coverage;
};

// Evaluates the pack. Fails (InvalidArgument) only for bad input found
// before evaluation: overrides that do not fit the pack, a graph of another
// schema, an unknown control in `only_controls`. Problems of single checks
// are reported in the report as `error` outcomes.
// The calls ("<service> <command>", sorted) a query reads according to the
// schema's @collectedBy directives: those of every type the query reaches
// (Query::covered_types) and those of every field its `where` filters name.
// When a filter key cannot be traced to a field (it sits in a fragment or
// under an aliased selection), the calls of every field of every type
// reached are included.
std::vector<std::string> CollectionsRead(const Query& query);

absl::StatusOr<Report> RunPack(const Pack& pack, const Graph& graph,
                               const RunOptions& options = {});

}  // namespace vigil

#endif  // VIGIL_ENGINE_H_
