// The `vigil` command: importing an inventory from real AWS data (the
// aws-cli folder, AWS Config snapshots), shared by `vigil import` and
// `vigil run --aws-cli/--aws-config` (import_cmd.cc).
#ifndef VIGIL_SRC_CLI_INVENTORY_H_
#define VIGIL_SRC_CLI_INVENTORY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "src/cli/flags.h"
#include "vigil/graph.h"
#include "vigil/schema.h"

namespace vigil::cli {

struct InventorySource {
  std::string aws_cli_dir;                    // --aws-cli DIR
  std::vector<std::string> aws_config_files;  // --aws-config FILE...
  std::vector<std::string> regions;           // --regions r1,r2
  bool empty() const { return aws_cli_dir.empty() && aws_config_files.empty(); }
};

// Declares --aws-cli DIR, --aws-config FILE... and --regions R1,R2 on
// `flags`, filling `src`.
void AddInventoryFlags(FlagSet* flags, InventorySource* src);
// Declares --regions R1,R2 alone (vigil import aws-cli).
void AddRegionsFlag(FlagSet* flags, InventorySource* src);

// Imports the source into a graph of `schema`, with progress and warnings
// on stderr (prefixed with `command`).
absl::StatusOr<std::shared_ptr<const Graph>> ImportInventory(
    const InventorySource& src, std::shared_ptr<const Schema> schema, const char* command);

}  // namespace vigil::cli

#endif  // VIGIL_SRC_CLI_INVENTORY_H_
