// vigil snapshot GRAPH -o FILE.vgs [--schema FILE]
#include <iostream>
#include <string>
#include <vector>

#include "src/base/file.h"
#include "src/cli/cli.h"
#include "src/cli/output.h"
#include "vigil/json_loader.h"
#include "vigil/schema.h"
#include "vigil/snapshot.h"

namespace vigil::cli {
namespace {

constexpr char kUsage[] =
    "usage: vigil snapshot GRAPH -o FILE.vgs [--schema FILE]\n"
    "Writes the graph GRAPH (JSON, or a snapshot) as a binary snapshot: a\n"
    "file every command that takes a graph loads without parsing. The schema\n"
    "(default schemas/aws.graphql) is the one the snapshot is valid for; a\n"
    "snapshot loaded with another schema is refused.\n"
    "Exit status: 0 ok, 2 bad input or the file could not be written.\n";

int Fail(const absl::Status& s) {
  std::cerr << "vigil snapshot: " << s.message() << "\n";
  return s.code() == absl::StatusCode::kInternal ? kExitInternal : kExitBadInput;
}

}  // namespace

int SnapshotMain(const std::vector<std::string>& args) {
  std::string in, out, schema_path;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* o) {
      if (i + 1 >= args.size()) return false;
      *o = args[++i];
      return true;
    };
    if ((a == "-o" || a == "--output") && value(&out)) continue;
    if (a == "--schema" && value(&schema_path)) continue;
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return kExitOk;
    }
    if (!a.empty() && a[0] != '-' && in.empty()) {
      in = a;
      continue;
    }
    std::cerr << "vigil snapshot: unexpected argument \"" << a << "\"\n" << kUsage;
    return kExitBadInput;
  }
  if (in.empty() || out.empty()) {
    std::cerr << "vigil snapshot: a graph and -o FILE are required\n" << kUsage;
    return kExitBadInput;
  }
  if (schema_path.empty()) schema_path = DefaultDataPath("schemas/aws.graphql");
  auto sdl = ReadTextFile(schema_path);
  if (!sdl.ok()) return Fail(sdl.status());
  auto schema = Schema::FromSdl(*sdl, schema_path);
  if (!schema.ok()) return Fail(schema.status());
  LoadOptions lo;
  lo.file_name = in;
  auto graph = LoadGraphJsonFile(in, *schema, lo);
  if (!graph.ok()) return Fail(graph.status());
  if (absl::Status s = WriteOutput(out, GraphToSnapshot(**graph)); !s.ok()) return Fail(s);
  return kExitOk;
}

}  // namespace vigil::cli
