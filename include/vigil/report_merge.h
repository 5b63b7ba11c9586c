// vigil/report_merge.h — one report from the reports of the same pack over
// several graphs, e.g. an organisation scan run as one task per account on
// Dask, Spark or Ray, whose per-account reports come back to one driver
// (as Reports, or as JSON read with ReportFromJson).
//
//   ```cpp
//   std::vector<vigil::Report> per_account;  // one per account: vigil::RunPack
//   absl::StatusOr<vigil::Report> org = vigil::MergeReports(per_account);
//   ```
//
// Merging:
//  * controls are matched by id and checks by name (first appearance
//    order); every report must be of the same pack (name and version) and a
//    check's query and expectation must agree, or InvalidArgument;
//  * a check's offending, waived and unconfirmed rows are concatenated in
//    the order of `reports` (pass them in a fixed order, e.g. sorted by
//    account, and the merged report is deterministic);
//  * a check's status recombines the parts with the engine's rule: error if
//    any part errored, else fail if any failed, else waived if any was
//    waived, else pass; a control's status follows from its checks as in
//    the engine (vigil/engine.h); messages are recomputed from the merged
//    rows;
//  * exceptions are merged by their source ("file:index"): active if they
//    waived a row in any report (waived ids united), else stale if stale in
//    any, else expired; waived rows point at the merged entries;
//  * the summary is recomputed: statuses counted, assets evaluated summed,
//    offending assets counted as distinct ids over the merged rows;
//  * the collection summaries are added up: recorded if recorded in any
//    report, the counts summed, the excluded regions united;
//  * generated_at is the latest one; load, compile, evaluation and check
//    times are summed; graph_path is the common path, or the distinct paths
//    joined with ", ".
//
// For checks whose expectation is that no row comes back (`eq []`,
// `count eq 0`, `count lte 0`, `count lt 1`: every check of the bundled
// packs) the merged report equals one run over the union of the graphs
// (apart from times, graph path and generation time). For other
// expectations (`count lte 2`, `count gt 0`) the merged status is the
// per-report verdict recombined: a check that fails in one account fails.
#ifndef VIGIL_REPORT_MERGE_H_
#define VIGIL_REPORT_MERGE_H_

#include <span>

#include "absl/status/statusor.h"
#include "vigil/report.h"

namespace vigil {

absl::StatusOr<Report> MergeReports(std::span<const Report> reports);
// The same over reports held elsewhere, none of them copied (e.g. behind
// the C ABI's handles); a null one is InvalidArgument.
absl::StatusOr<Report> MergeReportPointers(std::span<const Report* const> reports);

}  // namespace vigil

#endif  // VIGIL_REPORT_MERGE_H_
