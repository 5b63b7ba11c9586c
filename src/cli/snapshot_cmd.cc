// vigil snapshot: a graph as a binary snapshot (flags: SnapshotMain).
#include <iostream>
#include <string>
#include <vector>

#include "src/base/file.h"
#include "src/cli/cli.h"
#include "src/cli/flags.h"
#include "src/cli/output.h"
#include "vigil/json_loader.h"
#include "vigil/schema.h"
#include "vigil/snapshot.h"

namespace vigil::cli {
namespace {

constexpr char kDescription[] =
    "Writes the graph GRAPH (JSON, or a snapshot) as a binary snapshot: a\n"
    "file every command that takes a graph loads without parsing. The schema\n"
    "is the one the snapshot is valid for; a snapshot loaded with another\n"
    "schema is refused.\n";
constexpr char kExit[] = "Exit status: 0 ok, 2 bad input or the file could not be written.\n";

int Fail(const absl::Status& s) {
  std::cerr << "vigil snapshot: " << s.message() << "\n";
  return s.code() == absl::StatusCode::kInternal ? kExitInternal : kExitBadInput;
}

}  // namespace

int SnapshotMain(const std::vector<std::string>& args) {
  std::string in, out, schema_path;
  std::vector<std::string> operands;
  FlagSet flags("vigil snapshot", kDescription);
  flags.String("--output|-o", "FILE.vgs", "the snapshot to write (required)", &out);
  flags.String("--schema", "FILE", "the schema (default: the bundled schemas/aws.graphql)",
               &schema_path);
  LoadOptions lo;
  AddDropFlags(&flags, &lo);
  flags.Operands("GRAPH", 1, 1, &operands);
  flags.Epilogue(kExit);
  if (std::optional<int> exit = flags.Parse(args)) return *exit;
  if (out.empty()) return flags.UsageError("-o FILE is required");
  in = operands[0];  // opened as given (DisplayPath is for messages)
  if (schema_path.empty()) schema_path = DefaultDataPath("schemas/aws.graphql");
  auto sdl = ReadTextFile(schema_path);
  if (!sdl.ok()) return Fail(sdl.status());
  auto schema = Schema::FromSdl(*sdl, schema_path);
  if (!schema.ok()) return Fail(schema.status());
  lo.file_name = in;
  LoadStats lstats;
  lo.stats = &lstats;
  auto graph = LoadGraphJsonFile(in, *schema, lo);
  if (!graph.ok()) return Fail(graph.status());
  PrintDropped("vigil snapshot", in, lstats);
  if (absl::Status s = WriteOutput(out, GraphToSnapshot(**graph)); !s.ok()) return Fail(s);
  return kExitOk;
}

}  // namespace vigil::cli
