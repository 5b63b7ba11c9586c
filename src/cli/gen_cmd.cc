// vigil gen --accounts N --assets M --seed K [--violations F] -o FILE
//           [--expected FILE] [--schema FILE]
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/match.h"
#include "src/base/file.h"
#include "src/cli/cli.h"
#include "src/cli/output.h"
#include "src/gen/aws_org.h"
#include "vigil/graph_writer.h"
#include "vigil/schema.h"
#include "vigil/snapshot.h"

namespace vigil::cli {
namespace {

constexpr char kUsage[] =
    "usage: vigil gen [--accounts N] [--assets M] [--seed K] [--violations F]\n"
    "                 -o FILE.json|FILE.vgs [--expected FILE] [--schema FILE]\n"
    "Writes a deterministic synthetic AWS organisation over schemas/aws.graphql\n"
    "(N accounts, about M assets in all; defaults 10, 10000, seed 1) in which\n"
    "each asset a control of packs/cis-aws examines offends it with probability\n"
    "F (default 0.05). The graph is written as JSON, or as a binary snapshot\n"
    "when FILE ends in .vgs. What the pack reports on it (per control: status\n"
    "and offending rows, at the date-time \"now\" it names) is written to\n"
    "--expected (default: expected.json beside FILE). Same options, same bytes.\n"
    "Exit status: 0 ok, 2 bad usage or the files could not be written.\n";

int Fail(const absl::Status& s) {
  std::cerr << "vigil gen: " << s.message() << "\n";
  return s.code() == absl::StatusCode::kInternal ? kExitInternal : kExitBadInput;
}

}  // namespace

int GenMain(const std::vector<std::string>& args) {
  gen::OrgOptions o;
  std::string out_path, expected_path, schema_path;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return true;
    };
    std::string v;
    auto bad = [&](const char* what) {
      std::cerr << "vigil gen: " << a << " needs " << what << ", not \"" << v << "\"\n";
      return kExitBadInput;
    };
    if (a == "--accounts" && value(&v)) {
      if (!absl::SimpleAtoi(v, &o.accounts) || o.accounts < 1 || o.accounts > 1000000) {
        return bad("an integer from 1 to 1000000");
      }
      continue;
    }
    if (a == "--assets" && value(&v)) {
      if (!absl::SimpleAtoi(v, &o.assets) || o.assets > (size_t{1} << 31)) {
        return bad("an integer from 0 to 2^31");
      }
      continue;
    }
    if (a == "--seed" && value(&v)) {
      if (!absl::SimpleAtoi(v, &o.seed)) return bad("a non-negative integer");
      continue;
    }
    if (a == "--violations" && value(&v)) {
      if (!absl::SimpleAtod(v, &o.violations) || !(o.violations >= 0 && o.violations <= 1)) {
        return bad("a number from 0 to 1");
      }
      continue;
    }
    if ((a == "-o" || a == "--output") && value(&out_path)) continue;
    if (a == "--expected" && value(&expected_path)) continue;
    if (a == "--schema" && value(&schema_path)) continue;
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return kExitOk;
    }
    std::cerr << "vigil gen: unexpected argument \"" << a << "\"\n" << kUsage;
    return kExitBadInput;
  }
  if (out_path.empty()) {
    std::cerr << "vigil gen: -o FILE is required\n" << kUsage;
    return kExitBadInput;
  }
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
  std::cerr << "vigil gen: " << org->graph->num_assets() << " assets, "
            << org->graph->num_edges() << " relationships -> " << out_path << "; "
            << expected_path << "\n";
  return kExitOk;
}

}  // namespace vigil::cli
