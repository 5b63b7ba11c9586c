// Counting a report from its controls: the rule that the engine
// (vigil/engine.h) and MergeReports (vigil/report_merge.h) share, so that a
// merged report is counted exactly as a run is.
#ifndef VIGIL_SRC_REPORT_SUMMARY_H_
#define VIGIL_SRC_REPORT_SUMMARY_H_

#include "vigil/report.h"

namespace vigil {

// The outcome of two results together: error over fail over waived over
// pass. Folded over a control's checks it gives the control's status.
Outcome WorseOutcome(Outcome a, Outcome b);

// Sets each control's status from its checks' statuses (WorseOutcome over
// them; pass without checks) and counts the summary anew: controls by
// status, checks, and offending assets as distinct ids over every check's
// offending rows. assets_evaluated is left as it is.
void SummarizeControls(Report* report);

}  // namespace vigil

#endif  // VIGIL_SRC_REPORT_SUMMARY_H_
