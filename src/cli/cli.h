// The `vigil` command: shared helpers of its subcommands.
#ifndef VIGIL_SRC_CLI_CLI_H_
#define VIGIL_SRC_CLI_CLI_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "vigil/diagnostic.h"

namespace vigil::cli {

// Exit statuses of every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;    // a control or test failed
inline constexpr int kExitBadInput = 2;  // bad input or usage
inline constexpr int kExitInternal = 3;  // a bug in vigil

// Peak resident set size of this process, in MiB.
double PeakRssMiB();
double NowMs();

int QueryMain(const std::vector<std::string>& args);
int RunMain(const std::vector<std::string>& args);      // run_cmd.cc
int LintMain(const std::vector<std::string>& args);     // lint_cmd.cc
int ExplainMain(const std::vector<std::string>& args);  // explain_cmd.cc
int TestMain(const std::vector<std::string>& args);     // test_cmd.cc
int SchemaMain(const std::vector<std::string>& args);   // schema_cmd.cc
int ImportMain(const std::vector<std::string>& args);   // import_cmd.cc
int GenMain(const std::vector<std::string>& args);      // gen_cmd.cc
int SnapshotMain(const std::vector<std::string>& args); // snapshot_cmd.cc
int BenchMain(const std::vector<std::string>& args);    // bench_cmd.cc

// Path of bundled content (e.g. "packs/cis-aws"): under <prefix>/share/vigil
// beside the installed command, else in the source tree; "" if neither.
std::string DefaultDataPath(const std::string& relative);
// Prints diagnostics on standard error, one formatted block each.
void PrintDiagnostics(const Diagnostics& diags);

}  // namespace vigil::cli

#endif  // VIGIL_SRC_CLI_CLI_H_
