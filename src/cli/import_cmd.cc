// vigil import aws-cli DIR [--regions r1,r2] [--schema FILE] -o FILE
// vigil import aws-config FILE... [--schema FILE] -o FILE
// and the shared inventory import behind `vigil run --aws-cli/--aws-config`.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <iostream>

#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "src/base/file.h"
#include "src/base/strings.h"
#include "src/cli/cli.h"
#include "src/cli/flags.h"
#include "vigil/value.h"
#include "src/cli/inventory.h"
#include "src/cli/output.h"
#include "src/connect/aws/cli_calls.h"
#include "vigil/connector.h"
#include "vigil/graph_writer.h"
#include "vigil/schema.h"

namespace vigil::cli {
namespace {

// A failed write of the result (a full disk): exit 2, never a silent success.
int Fail(const absl::Status& s) {
  std::cerr << "vigil import: " << s.message() << "\n";
  return kExitBadInput;
}

constexpr char kDescription[] =
    "Imports real AWS data into a graph (JSON, with the collection facts):\n"
    "  aws-cli     a folder of AWS CLI output, <account>/<region>/<service>/<command>.json\n"
    "              (docs/aws-cli-folder.md; scripts/collect-aws-cli.sh writes one)\n"
    "  aws-config  AWS Config configuration snapshots (docs/connectors.md)\n"
    "The schema defaults to the bundled schemas/aws.graphql. -o - writes to stdout.\n";
constexpr char kExit[] =
    "--list-calls prints the calls an aws-cli folder holds, one a line: where\n"
    "(global or regional), service, command, arguments ({} the parameter), the\n"
    "list call giving the parameters, the error codes that mean \"none\", and\n"
    "what the parameter is (tab-separated).\n"
    "Exit status: 0 ok, 2 bad input (a located message names the file and the JSON\n"
    "path), 3 internal error.\n";

// Progress on stderr once an import has run for a second: a bar on a
// terminal, a line every few seconds otherwise.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(std::string what) : what_(std::move(what)), start_(NowMs()) {
    tty_ = isatty(2) != 0;
  }
  ~ProgressPrinter() { Done(); }
  void Update(const ConnectorProgress& p) {
    const double now = NowMs();
    if (now - start_ < 1000) return;
    if (now - last_ < (tty_ ? 100 : 3000)) return;
    last_ = now;
    shown_ = true;
    const double frac =
        p.total > 0 ? std::min(1.0, static_cast<double>(p.done) / static_cast<double>(p.total)) : 0;
    if (tty_) {
      constexpr int kWidth = 30;
      const int fill = static_cast<int>(frac * kWidth);
      std::string bar(static_cast<size_t>(fill), '#');
      bar.append(static_cast<size_t>(kWidth - fill), ' ');
      std::string current = p.current;
      if (current.size() > 40) current = "..." + current.substr(current.size() - 37);
      std::fprintf(stderr, "\r\033[K%s [%s] %3.0f%% %zu/%zu %s", what_.c_str(), bar.c_str(),
                   100 * frac, p.done, p.total, current.c_str());
    } else {
      std::fprintf(stderr, "%s: %zu of %zu (%.0f%%)\n", what_.c_str(), p.done, p.total,
                   100 * frac);
    }
    std::fflush(stderr);
  }
  void Done() {
    if (shown_ && tty_) std::fprintf(stderr, "\r\033[K");
    shown_ = false;
  }

 private:
  std::string what_;
  double start_ = 0, last_ = 0;
  bool tty_ = false, shown_ = false;
};

std::vector<std::string> SplitRegions(const std::string& v) {
  return absl::StrSplit(v, ',', absl::SkipEmpty());
}

}  // namespace

void AddRegionsFlag(FlagSet* flags, InventorySource* src) {
  flags->Custom("--regions", "R1,R2", "only these regions of an aws-cli folder (the others "
                "are recorded as excluded)", false, [src](const std::string& v) {
                  src->regions = SplitRegions(v);
                  if (src->regions.empty()) {
                    return absl::InvalidArgumentError(
                        "--regions needs a list such as eu-west-1,us-east-1");
                  }
                  return absl::OkStatus();
                });
}

void AddInventoryFlags(FlagSet* flags, InventorySource* src) {
  flags->String("--aws-cli", "DIR", "import an aws-cli folder instead of --graph",
                &src->aws_cli_dir);
  flags->List("--aws-config", "FILE", "import AWS Config snapshots instead of --graph",
              &src->aws_config_files);
  AddRegionsFlag(flags, src);
}

absl::StatusOr<std::shared_ptr<const Graph>> ImportInventory(
    const InventorySource& src, std::shared_ptr<const Schema> schema, const char* command) {
  std::vector<std::unique_ptr<Connector>> owned;
  if (!src.aws_cli_dir.empty()) {
    AwsCliOptions o;
    o.regions = src.regions;
    owned.push_back(NewAwsCliConnector(src.aws_cli_dir, o));
  }
  if (!src.aws_config_files.empty()) owned.push_back(NewAwsConfigConnector(src.aws_config_files));
  std::vector<Connector*> connectors;
  for (auto& c : owned) connectors.push_back(c.get());
  Diagnostics diags;
  ProgressPrinter progress(StrCat(command, ": importing"));
  ImportOptions opts;
  opts.diagnostics = &diags;
  opts.progress = [&](const ConnectorProgress& p) { progress.Update(p); };
  absl::StatusOr<std::shared_ptr<const Graph>> g = Import(std::move(schema), connectors, opts);
  progress.Done();
  for (const Diagnostic& d : diags) {
    if (d.severity == Severity::kWarning) std::cerr << command << ": " << d.ToString() << "\n";
  }
  return g;
}

int ImportMain(const std::vector<std::string>& args) {
  InventorySource src;
  std::string output, schema_path;
  std::vector<std::string> operands;
  bool list_calls = false, no_color = false;
  std::string format = "text";
  // One set of flags per source; the help shows both.
  auto flags_of = [&](const std::string& kind) {
    FlagSet flags("vigil import " + kind, kDescription);
    if (kind == "aws-cli") AddRegionsFlag(&flags, &src);
    flags.String("--schema", "FILE", "the schema (default: the bundled schemas/aws.graphql)",
                 &schema_path);
    flags.String("--output|-o", "FILE", "the graph JSON to write (required; - for stdout)",
                 &output);
    flags.String("--format", "text|json",
                 "the summary on standard error: text (default) or json ({\"assets\", "
                 "\"relationships\", \"calls\": {\"collected\", \"failed\", \"missing\"}, "
                 "\"ms\"}); with --list-calls, json prints the calls as a JSON array",
                 &format);
    AddNoColorFlag(&flags, &no_color);  // the summary has no colours
    if (kind == "aws-cli") {
      flags.Switch("--list-calls", "print the calls an aws-cli folder holds, and stop",
                   &list_calls);
      flags.Operands("[DIR]", 0, 1, &operands);
    } else {
      flags.Operands("FILE...", 0, SIZE_MAX, &operands);
    }
    flags.Epilogue(kExit);
    return flags;
  };
  auto usage = [&]() {
    return StrCat(flags_of("aws-cli").Synopsis(), flags_of("aws-config").Synopsis(),
                  kDescription, "Run `vigil import aws-cli --help` for the flags.\n");
  };
  std::string kind;
  if (std::optional<int> exit =
          Subcommand(args, "vigil import", "source", {"aws-cli", "aws-config"}, usage(), &kind)) {
    return *exit;
  }
  FlagSet flags = flags_of(kind);
  if (std::optional<int> exit = flags.Parse(args, 1)) return *exit;
  if (format != "text" && format != "json") return flags.UsageError("--format is text or json");
  if (list_calls) {
    if (!operands.empty() || !output.empty() || !src.regions.empty()) {
      return flags.UsageError("--list-calls takes no folder, -o or --regions");
    }
    if (format == "json") {
      Value::Array calls;
      for (const connect::aws::CliCall& c : connect::aws::CliCalls()) {
        Value::Array codes;
        for (const auto& code : c.absence_codes) codes.push_back(Value(std::string(code)));
        calls.push_back(Value(Value::Object{
            {"scope", Value(c.global ? "global" : "regional")},
            {"service", Value(std::string(c.service))},
            {"command", Value(std::string(c.command))},
            {"arguments", Value(std::string(c.arguments))},
            {"listCall", Value(std::string(c.list_call))},
            {"absenceCodes", Value(std::move(codes))},
            {"param", Value(std::string(connect::aws::CliParamName(c.param)))}}));
      }
      // Checked (a full disk is an error, not a success).
      if (absl::Status s = WriteOutput("-", PrettyJson(Value(std::move(calls)))); !s.ok()) {
        return Fail(s);
      }
      return kExitOk;
    }
    std::string text;
    for (const connect::aws::CliCall& c : connect::aws::CliCalls()) {
      std::vector<std::string> codes(c.absence_codes.begin(), c.absence_codes.end());
      StrAppend(&text, c.global ? "global" : "regional", "\t", c.service, "\t", c.command, "\t",
                c.arguments, "\t", c.list_call, "\t", StrJoin(codes, ","), "\t",
                connect::aws::CliParamName(c.param), "\n");
    }
    if (absl::Status s = WriteOutput("-", text); !s.ok()) return Fail(s);
    return kExitOk;
  }
  if (kind == "aws-cli") {
    if (!operands.empty()) src.aws_cli_dir = operands[0];
  } else {
    src.aws_config_files = operands;
  }
  if (src.aws_cli_dir.empty() && src.aws_config_files.empty()) {
    return flags.UsageError("no input given");
  }
  if (output.empty()) {
    return flags.UsageError("-o FILE is required (or -o - for standard output)");
  }
  if (schema_path.empty()) {
    schema_path = DefaultDataPath("schemas/aws.graphql");
    if (schema_path.empty()) {
      std::cerr << "vigil import: the bundled schema was not found; give --schema FILE\n";
      return kExitBadInput;
    }
  }
  absl::StatusOr<std::string> sdl = ReadTextFile(schema_path);
  if (!sdl.ok()) {
    std::cerr << "vigil import: " << sdl.status().message() << "\n";
    return kExitBadInput;
  }
  Diagnostics sd;
  auto schema = Schema::FromSdl(*sdl, schema_path, &sd);
  if (!schema.ok()) {
    PrintDiagnostics(sd);
    return kExitBadInput;
  }
  const double t0 = NowMs();
  auto graph = ImportInventory(src, *schema, "vigil import");
  if (!graph.ok()) {
    std::cerr << "vigil import: " << graph.status().message() << "\n";
    return graph.status().code() == absl::StatusCode::kInternal ? kExitInternal : kExitBadInput;
  }
  if (absl::Status s = WriteOutput(output, GraphToJson(**graph)); !s.ok()) {
    std::cerr << "vigil import: " << s.message() << "\n";
    return kExitBadInput;
  }
  const CollectionSet& facts = (*graph)->collections();
  int collected = 0, failed = 0, missing = 0;
  for (const Collection& c : facts.facts()) {
    collected += c.state == CollectionState::kCollected;
    failed += c.state == CollectionState::kFailed;
    missing += c.state == CollectionState::kMissing;
  }
  if (format == "json") {
    std::string doc;
    Value(Value::Object{
              {"assets", Value(static_cast<int64_t>((*graph)->num_assets()))},
              {"relationships", Value(static_cast<int64_t>((*graph)->num_edges()))},
              {"calls", Value(Value::Object{{"collected", Value(collected)},
                                            {"failed", Value(failed)},
                                            {"missing", Value(missing)}})},
              {"ms", Value(NowMs() - t0)}})
        .AppendJson(&doc);
    std::cerr << doc << "\n";
    return kExitOk;
  }
  std::cerr << absl::StrFormat(
      "vigil import: %d assets, %d relationships; calls: %d collected, %d failed, %d missing "
      "(%.0f ms)\n",
      static_cast<int>((*graph)->num_assets()), static_cast<int>((*graph)->num_edges()), collected,
      failed, missing, NowMs() - t0);
  return kExitOk;
}

}  // namespace vigil::cli
