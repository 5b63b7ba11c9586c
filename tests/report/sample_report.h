// Hand-built Reports shared by the report tests and the sample writer that
// the Python validators read.
#ifndef VIGIL_TESTS_REPORT_SAMPLE_REPORT_H_
#define VIGIL_TESTS_REPORT_SAMPLE_REPORT_H_

#include <string>

#include "vigil/report.h"

namespace vigil::testing {

// An id with characters every format must escape: quotes, <, >, &, a
// backslash, a tab, a newline, ESC, a C0 control, a C1 control (U+0085),
// non-ASCII text, and one byte that is not UTF-8.
inline const std::string kOddId =
    "odd \"<&>'\\ \t\n\x1b[31m\x01 \xC2\x85 caf\xC3\xA9 \xFF end";

// A report with every outcome:
//  cis-aws-3.7  medium        fail:   3 offending (2 account/region groups),
//                                     1 waived; a second check with the same
//                                     name passes
//  cis-aws-1.4  critical      pass:   no rows
//  cis-aws-2.1  high          waived: 2 waived rows, no offending
//  kOddId       low           error:  message with odd characters
//  cis-aws-4.1  informational fail:   `count gt 0` failed with no rows
// Exceptions: 0 active (3.7), 1 active (2.1), 2 expired, 3 stale.
Report MixedReport();

// A report with no controls at all.
Report EmptyReport();

// A report whose only control fails with `n` offending rows spread over
// three regions of one account.
Report ManyRowsReport(int n);

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_REPORT_SAMPLE_REPORT_H_
