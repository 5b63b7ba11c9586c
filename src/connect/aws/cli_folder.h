// The aws-cli folder's files, indexed (docs/aws-cli-folder.md):
//   DIR/<account>/<region>/<service>/<command>.json|.error
//   DIR/<account>/<region>/<service>/<command>/<parameter>.json|.error
// Scanning checks the layout; it reads no file.
#ifndef VIGIL_SRC_CONNECT_AWS_CLI_FOLDER_H_
#define VIGIL_SRC_CONNECT_AWS_CLI_FOLDER_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "src/connect/aws/cli_calls.h"
#include "vigil/diagnostic.h"

namespace vigil::connect::aws {

struct CliFiles {
  std::string json;   // path relative to DIR ("" when absent)
  std::string error;  // path relative to DIR ("" when absent)
  bool present() const { return !json.empty() || !error.empty(); }
};

struct CliCallFiles {
  CliFiles single;                         // one-call commands
  std::map<std::string, CliFiles> params;  // per-resource: decoded parameter -> files
};

struct CliFolder {
  std::string dir;
  // account -> region ("global" or a region code) -> call name -> files
  std::map<std::string, std::map<std::string, std::map<std::string, CliCallFiles>>> accounts;
  size_t files = 0;  // .json and .error files indexed

  const CliCallFiles* Find(const std::string& account, const std::string& region,
                           const std::string& call) const;
};

// Whether `name` looks like a region code ("eu-west-1", "us-gov-east-1").
bool IsRegionName(std::string_view name);
// Whether `name` is a 12-digit account number.
bool IsAccountId(std::string_view name);

// Scans `dir`. Errors (a layout problem, an undecodable parameter, a call
// with both a .json and an .error file) are located diagnostics naming the
// path; warnings (files and folders it does not know, ignored) are added
// to `warnings`.
absl::StatusOr<CliFolder> ScanCliFolder(const std::string& dir, Diagnostics* warnings);

}  // namespace vigil::connect::aws

#endif  // VIGIL_SRC_CONNECT_AWS_CLI_FOLDER_H_
