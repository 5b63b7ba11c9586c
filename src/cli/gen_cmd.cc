// vigil gen: a synthetic AWS organisation (flags: GenMain).
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/match.h"
#include "src/base/file.h"
#include "src/cli/cli.h"
#include "src/cli/flags.h"
#include "vigil/value.h"
#include "src/cli/output.h"
#include "src/gen/aws_org.h"
#include "vigil/graph_writer.h"
#include "vigil/schema.h"
#include "vigil/snapshot.h"

namespace vigil::cli {
namespace {

constexpr char kDescription[] =
    "Writes a deterministic synthetic AWS organisation over schemas/aws.graphql\n"
    "(N accounts, about M assets in all) in which each asset a control of\n"
    "packs/cis-aws examines offends it with probability F. The graph is written\n"
    "as JSON, or as a binary snapshot when FILE ends in .vgs. What the pack\n"
    "reports on it (per control: status and offending rows, at the date-time\n"
    "\"now\" it names) is written to --expected. Same options, same bytes.\n";
constexpr char kExit[] = "Exit status: 0 ok, 2 bad usage or the files could not be written.\n";

int Fail(const absl::Status& s) {
  std::cerr << "vigil gen: " << s.message() << "\n";
  return s.code() == absl::StatusCode::kInternal ? kExitInternal : kExitBadInput;
}

}  // namespace

int GenMain(const std::vector<std::string>& args) {
  gen::OrgOptions o;
  std::string out_path, expected_path, schema_path, format = "text";
  bool no_color = false;
  FlagSet flags("vigil gen", kDescription);
  flags.Int("--accounts", "N", "accounts (default 10)", 1, 1000000, &o.accounts);
  flags.Custom("--assets", "M", "about this many assets in all (default 10000)", false,
               [&](const std::string& v) {
                 if (!absl::SimpleAtoi(v, &o.assets) || o.assets > (size_t{1} << 31)) {
                   return absl::InvalidArgumentError("--assets needs an integer from 0 to 2^31");
                 }
                 return absl::OkStatus();
               });
  flags.Custom("--seed", "K", "the seed (default 1)", false, [&](const std::string& v) {
    if (!absl::SimpleAtoi(v, &o.seed)) {
      return absl::InvalidArgumentError("--seed needs a non-negative integer");
    }
    return absl::OkStatus();
  });
  flags.Double("--violations", "F", "the probability of an offence (default 0.05)", 0, 1,
               &o.violations);
  flags.String("--output|-o", "FILE.json|FILE.vgs", "the graph to write (required)", &out_path);
  flags.String("--expected", "FILE", "the expected results (default: expected.json beside FILE)",
               &expected_path);
  flags.String("--schema", "FILE", "the schema (default: the bundled schemas/aws.graphql)",
               &schema_path);
  flags.String("--format", "text|json",
               "the summary on standard error: text (default) or json ({\"assets\", "
               "\"relationships\", \"graph\", \"expected\"})",
               &format);
  AddNoColorFlag(&flags, &no_color);  // the summary has no colours
  flags.Epilogue(kExit);
  if (std::optional<int> exit = flags.Parse(args)) return *exit;
  if (format != "text" && format != "json") return flags.UsageError("--format is text or json");
  if (out_path.empty()) return flags.UsageError("-o FILE is required");
  if (schema_path.empty()) schema_path = DefaultDataPath("schemas/aws.graphql");
  if (expected_path.empty()) {
    expected_path =
        (std::filesystem::path(out_path).parent_path() / "expected.json").string();
  }
  auto sdl = ReadTextFile(schema_path);
  if (!sdl.ok()) return Fail(sdl.status());
  auto schema = Schema::FromSdl(*sdl, schema_path);
  if (!schema.ok()) return Fail(schema.status());
  auto org = gen::GenerateAwsOrg(*schema, o);
  if (!org.ok()) return Fail(org.status());
  absl::Status s = WriteOutput(out_path, absl::EndsWith(out_path, ".vgs")
                                             ? GraphToSnapshot(*org->graph)
                                             : GraphToJson(*org->graph));
  if (!s.ok()) return Fail(s);
  s = WriteOutput(expected_path, gen::ExpectedJson(*org, o));
  if (!s.ok()) return Fail(s);
  if (format == "json") {
    std::string doc;
    Value(Value::Object{{"assets", Value(static_cast<int64_t>(org->graph->num_assets()))},
                        {"relationships", Value(static_cast<int64_t>(org->graph->num_edges()))},
                        {"graph", Value(DisplayPath(out_path))},
                        {"expected", Value(DisplayPath(expected_path))}})
        .AppendJson(&doc);
    std::cerr << doc << "\n";
    return kExitOk;
  }
  std::cerr << "vigil gen: " << org->graph->num_assets() << " assets, "
            << org->graph->num_edges() << " relationships -> " << out_path << "; "
            << expected_path << "\n";
  return kExitOk;
}

}  // namespace vigil::cli
