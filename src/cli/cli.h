// The `vigil` command: shared helpers of its subcommands.
#ifndef VIGIL_SRC_CLI_CLI_H_
#define VIGIL_SRC_CLI_CLI_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace vigil::cli {

// Exit statuses of every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;    // a control or test failed
inline constexpr int kExitBadInput = 2;  // bad input or usage
inline constexpr int kExitInternal = 3;  // a bug in vigil

absl::StatusOr<std::string> ReadFile(const std::string& path);
// Peak resident set size of this process, in MiB.
double PeakRssMiB();
double NowMs();

int QueryMain(const std::vector<std::string>& args);

}  // namespace vigil::cli

#endif  // VIGIL_SRC_CLI_CLI_H_
