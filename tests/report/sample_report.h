// Hand-built Reports shared by the report tests and the sample writer that
// the Python validators read.
#ifndef VIGIL_TESTS_REPORT_SAMPLE_REPORT_H_
#define VIGIL_TESTS_REPORT_SAMPLE_REPORT_H_

#include <string>

#include "vigil/report.h"
#include "vigil/test_report.h"

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

// Text that would run script, load something or break out of its element
// if a writer pasted it into HTML unescaped: <script>, an <img> with
// onerror, </script>, an <svg onload>, a javascript: URL, a comment opener,
// U+2028. Each payload would set window.__vigil_pwned.
inline const std::string kHostile =
    "<script>window.__vigil_pwned=1</script>"
    "\"><img src=x onerror=\"window.__vigil_pwned=2\">"
    "</script><script>window.__vigil_pwned=3</script>"
    "'><svg onload=window.__vigil_pwned=4>"
    "<!-- \xE2\x80\xA8 ]]> &amp; &#60;";

// A report in which every text field is kHostile followed by "[FIELD]",
// e.g. kHostile + "[control.title]", and a reference that is the URL
// "javascript:window.__vigil_pwned=5". It has a failing control (two
// offending rows, one waived), an erroring one, and one exception per
// state.
Report HostileReport();

// A report whose first control fails with `n` offending rows shaped like a
// real inventory's (ARN ids, names, three accounts, four regions; every
// tenth row waived by one exception), and whose second control passes.
Report LargeReport(int n);

// A report with no controls at all.
Report EmptyReport();

// A report whose only control fails with `n` offending rows spread over
// three regions of one account.
Report ManyRowsReport(int n);

// Results of `vigil test` with coverage over three controls:
//  cis-aws-3.7  medium  2 cases: "a VPC without flow logs fails" passes;
//                       "wrong ids" fails (status as expected, offending
//                       ids differ: vpc-b missing, vpc-a unexpected)
//  cis-aws-1.4  critical 1 case, passes
//  cis-aws-2.1  high    1 case "expired exception", fails: expected waived,
//                       got fail, with a message
// Clauses: 3.7 has 3 (both, true-only, never), 1.4 has 1 (both), 2.1 none.
TestRunResult MixedTestResults();

// Test results in which every text field is kHostile followed by
// "[FIELD]" (control id and title, case name, file, location, asset ids,
// messages, check names, clause paths), with one failing case.
TestRunResult HostileTestResults();

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_REPORT_SAMPLE_REPORT_H_
