// vigil init: scaffolds a new pack (flags: InitMain).
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "src/base/file_writer.h"
#include "src/base/strings.h"
#include "src/cli/cli.h"
#include "src/cli/flags.h"

namespace vigil::cli {
namespace {

constexpr char kDescription[] =
    "Creates a new pack in PACKDIR (created; an existing directory must be\n"
    "empty): pack.json over the bundled AWS schema (\"schema\": \"aws.graphql\"),\n"
    "one control in controls/, its test in tests/ with the test's graph in\n"
    "tests/graphs/, and a README.md saying how to go on. The pack passes\n"
    "`vigil lint` and `vigil test` as written.\n";
constexpr char kExit[] =
    "Exit status: 0 created, 2 bad usage, PACKDIR not empty or not writable.\n";

constexpr char kControl[] = R"({
  "id": "vpc-flow-logs",
  "title": "Every VPC has an active flow log",
  "severity": "medium",
  "provider": "aws",
  "overview": "A VPC without an active flow log leaves no record of its network traffic.",
  "rationale": "Flow logs are what an investigation of a network incident starts from.",
  "remediation": "Create a flow log for the VPC (aws ec2 create-flow-logs).",
  "connectors": ["aws"],
  "checks": [
    {
      "name": "VPCs without an active flow log",
      "query": "vpcs(where: {OR: [{hasFlowLog: null}, {hasFlowLog_NONE: {flowLogStatus: \"ACTIVE\"}}]}) { id name }",
      "expect": "eq []"
    }
  ]
}
)";

constexpr char kTest[] = R"({
  "control": "vpc-flow-logs",
  "description": "A VPC passes only with an active flow log.",
  "cases": [
    {"name": "a VPC without a flow log fails",
     "graph": "graphs/vpcs.json",
     "expect": {"status": "fail", "offending": ["vpc-1"]}},
    {"name": "a VPC with an active flow log passes",
     "graph": {"assets": [{"id": "vpc-2", "type": "Vpc", "properties": {"name": "b"},
                "hasFlowLog": [{"id": "fl-2", "properties": {"flowLogStatus": "ACTIVE"}}]}]},
     "expect": {"status": "pass"}}
  ]
}
)";

constexpr char kGraph[] = R"({
  "assets": [
    {"id": "vpc-1", "type": "Vpc", "properties": {"name": "a"}}
  ]
}
)";

// pack.json, written by the JSON writer: the directory's name is data (a
// quote or backslash in it must not break the file).
std::string PackJson(const std::string& name) {
  return PrettyJson(Value(Value::Object{
      {"name", Value(name)},
      {"version", Value(std::string("0.1.0"))},
      {"title", Value(StrCat("The ", name, " pack"))},
      {"description", Value(std::string("Checks written with vigil over the bundled AWS schema."))},
      {"schema", Value(std::string("aws.graphql"))},
      {"controls", Value(std::string("controls"))}}));
}

std::string Readme(const std::string& name) {
  return StrCat("# ", name, R"(

A pack of vigil checks, created by `vigil init`.

- `pack.json`: the pack; `"schema": "aws.graphql"` is vigil's bundled AWS schema.
- `controls/`: one JSON file per control, each with its checks (a query in the
  `where` dialect and what its result must be).
- `tests/`: the controls' unit tests; `tests/graphs/` holds graphs they name.

Go on with:

    vigil lint )",
                name, R"(            # errors and likely mistakes
    vigil test )",
                name, R"(            # the unit tests
    vigil explain --pack )", name, R"( vpc-flow-logs
    vigil query --pack )", name, R"( --control vpc-flow-logs --graph GRAPH.json
    vigil run --pack )", name, R"( --graph GRAPH.json
)");
}

}  // namespace

int InitMain(const std::vector<std::string>& args) {
  namespace fs = std::filesystem;
  std::vector<std::string> operands;
  FlagSet flags("vigil init", kDescription);
  flags.Operands("PACKDIR", 1, 1, &operands);
  flags.Epilogue(kExit);
  if (std::optional<int> exit = flags.Parse(args)) return *exit;
  const std::string dir = operands[0];     // written as given
  const std::string shown = DisplayPath(dir);  // for messages only
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) {
      std::cerr << "vigil init: " << shown << " exists and is not a directory\n";
      return kExitBadInput;
    }
    if (!fs::is_empty(dir, ec) || ec) {
      std::cerr << "vigil init: " << shown
                << " is not empty; give a new or empty directory (nothing was written)\n";
      return kExitBadInput;
    }
  }
  std::string name = fs::path(dir).lexically_normal().filename().string();
  if (name.empty() || name == "." || name == "..") {
    name = fs::absolute(dir, ec).lexically_normal().filename().string();
  }
  if (name.empty()) name = "pack";
  const std::vector<std::pair<std::string, std::string>> files = {
      {"pack.json", PackJson(name)},
      {"controls/vpc-flow-logs.json", kControl},
      {"tests/vpc-flow-logs.json", kTest},
      {"tests/graphs/vpcs.json", kGraph},
      {"README.md", Readme(shown)},
  };
  for (const auto& [rel, text] : files) {
    fs::path p = fs::path(dir) / rel;
    fs::create_directories(p.parent_path(), ec);
    if (ec) {
      std::cerr << "vigil init: cannot create " << p.parent_path().string() << ": "
                << ec.message() << "\n";
      return kExitBadInput;
    }
    if (absl::Status s = WriteFileAtomically(p.string(), text); !s.ok()) {
      std::cerr << "vigil init: " << s.message() << "\n";
      return kExitBadInput;
    }
  }
  std::cout << "created the pack " << shown << " (pack.json, controls/vpc-flow-logs.json, "
            << "tests/vpc-flow-logs.json, README.md); next: vigil lint " << shown
            << " && vigil test " << shown << "\n";
  return kExitOk;
}

}  // namespace vigil::cli
