// Hostile and careless inputs through the `vigil` command (issue 10): no
// silent pass, no data loss, bounded resources, messages a person can act
// on. Each test reproduces one reported behaviour (or a class of them).
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/command.h"
#include "tests/policy/test_util.h"
#include "vigil/json_loader.h"
#include "vigil/schema.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::CommandResult;
using testing::ShellQuote;
using testing::SimpleControl;
using testing::SourcePath;
using testing::TempDir;
using testing::TempPack;
namespace fs = std::filesystem;

const std::string kNow = "2026-01-15T00:00:00Z";

CommandResult Vigil(std::vector<std::string> args) {
  args.insert(args.begin(), VIGIL_CLI_PATH);
  return testing::RunArgv(args);
}

std::string Schema() { return SourcePath("schemas/aws.graphql"); }

constexpr char kOneVpc[] = R"({"assets": [{"id": "vpc-1", "type": "Vpc", "properties": {"name": "a"}}]})";

// ---- silent passes --------------------------------------------------------

TEST(SilentPass, PackWithoutControlsIsAPackError) {
  TempPack p;
  CommandResult r = Vigil({"run", "--pack", p.path(), "--graph",
                           SourcePath("examples/demo-aws.json"), "--now", kNow});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("policy.no-controls"));
  p.Write("controls/A.JSON", SimpleControl("a", "vpcs { id }"));
  p.Write("controls/sub/b.json", SimpleControl("b", "vpcs { id }"));
  r = Vigil({"lint", "--pack", p.path()});
  EXPECT_EQ(r.status, 2) << r.err;
  // Says where it looked and what it found instead.
  EXPECT_THAT(r.err, HasSubstr(p.path() + "/controls"));
  EXPECT_THAT(r.err, HasSubstr("A.JSON"));
  EXPECT_THAT(r.err, HasSubstr("sub/"));
}

TEST(SilentPass, ConstantSkipOrIncludeOnTheRootFieldIsACompileError) {
  for (const char* q : {"vpcs @skip(if: true) { id }", "vpcs @include(if: false) { id }",
                        "query { vpcs @skip(if: true) { id } }"}) {
    TempPack p;
    p.Control("a.json", SimpleControl("a", q));
    CommandResult r = Vigil({"lint", "--pack", p.path()});
    EXPECT_EQ(r.status, 2) << q << "\n" << r.err;
    EXPECT_THAT(r.err, HasSubstr("policy.never-selects")) << q;
    EXPECT_THAT(r.err, HasSubstr("a.json:")) << q;
  }
  // A variable guard (decided per run) and a constant that keeps the field
  // are fine.
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs @skip(if: false) { id }"));
  p.Control("b.json", SimpleControl("b", "query($s: Boolean = false) { vpcs @skip(if: $s) { id } }",
                                    "eq {\\\"vpcs\\\": []}"));
  CommandResult r = Vigil({"lint", "--pack", p.path()});
  EXPECT_EQ(r.status, 0) << r.err;
}

TEST(SilentPass, GraphWithoutAssetsKeyIsRefusedAndAnEmptyOneWarned) {
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs { id }"));
  TempDir d;
  for (const char* g : {"{}", R"({"relationships": []})", "\xEF\xBB\xBF{}"}) {
    std::string graph = d.Write("g.json", g);
    CommandResult r = Vigil({"run", "--pack", p.path(), "--graph", graph, "--now", kNow});
    EXPECT_EQ(r.status, 2) << g << ": " << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr("no \"assets\" array")) << g;
    r = Vigil({"query", "--schema", Schema(), "--graph", graph, d.Write("q.graphql", "{ vpcs { id } }")});
    EXPECT_EQ(r.status, 2) << g << ": " << r.out << r.err;
  }
  std::string empty = d.Write("empty.json", R"({"assets": []})");
  for (const char* format : {"text", "json", "sarif", "junit", "ocsf", "html"}) {
    CommandResult r =
        Vigil({"run", "--pack", p.path(), "--graph", empty, "--format", format, "--now", kNow});
    EXPECT_EQ(r.status, 0) << format << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("holds no asset")) << format;
    // Every report says how many assets were evaluated.
    EXPECT_THAT(r.out, ::testing::AnyOf(HasSubstr("0 assets evaluated"),
                                      HasSubstr("\"assets_evaluated\":0"),
                                      HasSubstr("\"assets_evaluated\": 0"),
                                      HasSubstr("\"assetsEvaluated\": 0"),
                                      HasSubstr("name=\"assets_evaluated\" value=\"0\""),
                                      HasSubstr("0 assets")))
        << format << ": " << r.out;
  }
}

TEST(SilentPass, DuplicatePropertyKeysInTheGraphAreErrors) {
  TempDir d;
  std::string q = d.Write("q.graphql", "{ flowLogs { id flowLogStatus } }");
  const char* graphs[] = {
      R"({"assets": [{"id": "fl", "type": "FlowLog",
          "properties": {"flowLogStatus": "INACTIVE", "flowLogStatus": "ACTIVE"}}]})",
      // The same key written with an escape.
      R"({"assets": [{"id": "fl", "type": "FlowLog",
          "properties": {"flowLogStatus": "INACTIVE", "flowLog\u0053tatus": "ACTIVE"}}]})",
      // "properties" twice.
      R"({"assets": [{"id": "fl", "type": "FlowLog", "properties": {"flowLogStatus": "INACTIVE"},
          "properties": {"flowLogStatus": "ACTIVE"}}]})",
      // An inline asset's properties.
      R"({"assets": [{"id": "v", "type": "Vpc", "hasFlowLog": [{"id": "fl",
          "properties": {"flowLogStatus": "INACTIVE", "flowLogStatus": "ACTIVE"}}]}]})",
  };
  for (const char* g : graphs) {
    CommandResult r = Vigil({"query", "--schema", Schema(), "--graph", d.Write("g.json", g), q});
    EXPECT_EQ(r.status, 2) << g << "\n" << r.out;
    EXPECT_THAT(r.err, HasSubstr("duplicate")) << g;
    EXPECT_THAT(r.err, HasSubstr("g.json:")) << g;
  }
}

TEST(SilentPass, DuplicateKeysInVarsAndParamsFilesAreErrors) {
  TempDir d;
  std::string g = d.Write("g.json", kOneVpc);
  std::string q = d.Write("q.graphql", "query($n: String) { vpcs(where: {name: $n}) { id } }");
  std::string vars = d.Write("v.json", R"({"n": "a", "n": "b"})");
  CommandResult r = Vigil({"query", "--schema", Schema(), "--graph", g, "--vars", vars, q});
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_THAT(r.err, HasSubstr("v.json:1:"));
  EXPECT_THAT(r.err, HasSubstr("duplicate key"));

  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs(where: {name_IN: $names}) { id }", "eq []",
                                    R"("parameters": {"names": {"type": "[String!]", "default": []}})"));
  std::string params = d.Write("p.json", R"({"a": {"names": ["x"], "names": ["a"]}})");
  r = Vigil({"run", "--pack", p.path(), "--graph", g, "--params", params, "--now", kNow});
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_THAT(r.err, HasSubstr("p.json:1:"));
}

TEST(SilentPass, TestRunSelectingNothingAndNanCoverageAreUsageErrors) {
  CommandResult r = Vigil({"test", "--run", "no-such-case-anywhere"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("no case matches"));
  for (const char* bad : {"nan", "NaN", "-nan", "inf", "101", "-1", "x"}) {
    r = Vigil({"test", "--coverage-min", bad});
    EXPECT_EQ(r.status, 2) << bad << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("--coverage-min")) << bad;
  }
}

TEST(SilentPass, ParameterDefaultsAreCheckedAtLoadWithTheirLocation) {
  TempPack p;
  p.Control("a.json", R"({"id": "a", "title": "t", "severity": "low", "provider": "aws",
  "parameters": {"w": {"type": "VpcWhere", "default": {"nosuch": 1}}},
  "checks": [{"name": "c", "query": "vpcs(where: $w) { id }", "expect": "eq []"}]})");
  CommandResult r = Vigil({"lint", "--pack", p.path()});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("a.json:2:"));
  EXPECT_THAT(r.err, HasSubstr("nosuch"));
  EXPECT_THAT(r.err, HasSubstr("policy.bad-parameter-default"));
}

TEST(SilentPass, TestOfAPackDirectoryRunsItsTests) {
  CommandResult r = Vigil({"test", SourcePath("packs/cis-aws"), "--run", "cis-aws-1.10/"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("cis-aws-1.10"));
  EXPECT_THAT(r.err + r.out, Not(HasSubstr("pack.json")));
  // A pack directory against another --pack is a usage error.
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs { id }"));
  r = Vigil({"test", "--pack", p.path(), SourcePath("packs/cis-aws")});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
}


// ---- data loss ------------------------------------------------------------

// Every command that prints a result exits non-zero when standard output
// cannot take it (a full disk).
TEST(DataLoss, StandardOutputErrorsAreNotSuccesses) {
  if (access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
  TempDir d;
  std::string g = d.Write("g.json", kOneVpc);
  std::string q = d.Write("q.graphql", "{ vpcs { id name } }");
  const std::vector<std::string> commands = {
      "query --schema " + ShellQuote(Schema()) + " --graph " + ShellQuote(g) + " " + ShellQuote(q),
      "run --now " + kNow,
      "run --now " + kNow + " --format json --output -",
      "test --run cis-aws-1.10/",
      "test --run cis-aws-1.10/ --format junit",
      "explain cis-aws-3.7",
      "import aws-cli " + ShellQuote(SourcePath("examples/aws-cli-demo")) + " -o -",
      "import aws-cli --list-calls",
      "import aws-cli --list-calls --format json",
      "schema print",
      "schema print --format json",
      "schema keys Vpc",
      "schema keys Vpc --format json",
      "--help",
  };
  for (const std::string& c : commands) {
    // Through a shell of its own, so that its stdout is /dev/full.
    CommandResult r = testing::RunShell(
        "/bin/sh", "-c " + ShellQuote(ShellQuote(VIGIL_CLI_PATH) + " " + c + " >/dev/full"));
    EXPECT_NE(r.status, 0) << c << "\n" << r.err;
    EXPECT_NE(r.status, 128) << c << " died of a signal";
    EXPECT_THAT(r.err, HasSubstr("No space left on device")) << c;
  }
}

TEST(DataLoss, OutputsGoThroughTheAtomicWriter) {
  TempDir d;
  // A long but valid name (the temporary name must still fit).
  std::string long_name = d.path() + "/" + std::string(250, 'r') + ".x";
  for (const std::vector<std::string>& cmd :
       {std::vector<std::string>{"test", "--run", "cis-aws-1.10/", "--output"},
        std::vector<std::string>{"run", "--now", kNow, "--output"},
        std::vector<std::string>{"import", "aws-cli", SourcePath("examples/aws-cli-demo"), "-o"}}) {
    std::vector<std::string> args = cmd;
    args.push_back(long_name);
    CommandResult r = Vigil(args);
    EXPECT_NE(r.status, 2) << cmd[0] << ": " << r.err;
    EXPECT_GT(fs::file_size(long_name), 0u) << cmd[0];
    fs::remove(long_name);
    // A symbolic link as the target is refused, and what it points to is
    // left alone.
    std::string target = d.Write("target", "keep");
    std::string link = d.path() + "/link";
    fs::remove(link);
    fs::create_symlink(target, link);
    args.back() = link;
    r = Vigil(args);
    EXPECT_EQ(r.status, 2) << cmd[0];
    EXPECT_THAT(r.err, HasSubstr("link")) << cmd[0];
    EXPECT_EQ(testing::ReadFileOrEmpty(target), "keep") << cmd[0];
    EXPECT_TRUE(fs::is_symlink(link)) << cmd[0];
    // A device is written in place, never replaced.
    args.back() = "/dev/null";
    r = Vigil(args);
    EXPECT_NE(r.status, 2) << cmd[0] << ": " << r.err;
    struct stat st {};
    ASSERT_EQ(stat("/dev/null", &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
    // No temporary file left behind.
    for (const auto& e : fs::directory_iterator(d.path())) {
      EXPECT_THAT(e.path().filename().string(), Not(HasSubstr(".tmp"))) << cmd[0];
    }
  }
}

// A graph file truncated while it is being loaded: an error, not SIGBUS.
TEST(DataLoss, GraphTruncatedWhileMappedIsAnError) {
  TempDir d;
  std::string graph = "{\"assets\": [\n";
  for (int i = 0; i < 40000; ++i) {
    graph += std::string(i ? ",\n" : "") + "{\"id\": \"vpc-" + std::to_string(i) +
             "\", \"type\": \"Vpc\", \"properties\": {\"name\": \"n" + std::to_string(i) + "\"}}";
  }
  graph += "]}\n";
  std::string path = d.Write("g.json", graph);
  auto schema = Schema::FromSdl(testing::ReadFileOrEmpty(Schema()), "aws.graphql");
  ASSERT_TRUE(schema.ok());
  LoadOptions opts;
  opts.batch_bytes = 4096;
  bool truncated = false;
  opts.progress = [&](size_t done, size_t) {
    if (!truncated && done > 8192) {
      truncated = true;
      ASSERT_EQ(::truncate(path.c_str(), 0), 0);
    }
  };
  auto g = LoadGraphJsonFile(path, *schema, opts);
  ASSERT_TRUE(truncated);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), absl::StatusCode::kDataLoss) << g.status();
  EXPECT_THAT(g.status().message(), HasSubstr("truncated"));
  EXPECT_THAT(g.status().message(), HasSubstr("g.json"));
}

TEST(ResourceLimits, NonRegularInputsAreRefusedAtOnceForEveryFileOption) {
  TempDir d;
  std::string fifo = d.path() + "/fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::string g = d.Write("g.json", kOneVpc);
  std::string q = d.Write("q.graphql", "{ vpcs { id } }");
  std::string s = Schema();
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs { id }"));
  const std::vector<std::vector<std::string>> cmds = {
      {"query", "--schema", fifo, "--graph", g, q},
      {"query", "--schema", s, "--graph", fifo, q},
      {"query", "--schema", s, "--graph", g, fifo},
      {"query", "--schema", s, "--graph", g, "--fragments", fifo, q},
      {"query", "--schema", s, "--graph", g, "--vars", fifo, q},
      {"run", "--pack", p.path(), "--graph", fifo},
      {"run", "--pack", p.path(), "--graph", g, "--exceptions", fifo},
      {"run", "--pack", p.path(), "--graph", g, "--params", fifo},
      {"run", "--pack", p.path(), "--aws-config", fifo},
      {"test", "--pack", p.path(), fifo},
  };
  for (const auto& c : cmds) {
    // Run under `timeout` so that a regression fails instead of hanging.
    std::string line = "timeout 20 " + ShellQuote(VIGIL_CLI_PATH);
    for (const auto& a : c) line += " " + ShellQuote(a);
    CommandResult r = testing::RunShell("/bin/sh", "-c " + ShellQuote(line));
    EXPECT_EQ(r.status, 2) << line << "\n" << r.err;
    EXPECT_THAT(r.err, HasSubstr("fifo")) << line;
    EXPECT_THAT(r.err, HasSubstr("not a regular file")) << line;
  }
}


// ---- resource limits --------------------------------------------------------

// Two aliases per level through Vpc -> SecurityGroup -> Vpc: the rows double
// at every level. A bounded result, with a clear error and a way to raise it.
TEST(ResourceLimits, AliasExplosionIsBoundedWithAClearError) {
  TempDir d;
  // 3 VPCs with 9 security groups each: 30 assets; every hop VPC -> groups
  // -> VPC multiplies the rows by 9, and the two aliases by 2 more.
  std::string graph = "{\"assets\": [";
  for (int v = 0; v < 3; ++v) {
    std::string vn = std::to_string(v);
    graph += std::string(v ? "," : "") + "{\"id\": \"vpc-" + vn + "\", \"type\": \"Vpc\"}";
    for (int i = 0; i < 9; ++i) {
      graph += ",{\"id\": \"sg-" + vn + "-" + std::to_string(i) +
               "\", \"type\": \"SecurityGroup\", \"vpc\": {\"id\": \"vpc-" + vn + "\"}}";
    }
  }
  graph += "]}";
  std::string g = d.Write("g.json", graph);
  // F0 { id a: securityGroups { vpc { ...F1 } } b: securityGroups { vpc { ...F1 } } } ...
  const int depth = 7;
  std::string frags;
  for (int i = 0; i < depth; ++i) {
    std::string next = i + 1 < depth ? " ...F" + std::to_string(i + 1) : "";
    frags += "fragment F" + std::to_string(i) + " on Vpc { id a: securityGroups { vpc { id" + next +
             " } } b: securityGroups { vpc { id" + next + " } } }\n";
  }
  std::string q = d.Write("q.graphql", frags + "{ vpcs { ...F0 } }");
  CommandResult r = Vigil({"query", "--schema", Schema(), "--graph", g, q});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("more than 10000000 rows"));
  EXPECT_THAT(r.err, HasSubstr("--max-result-rows"));
  EXPECT_TRUE(r.out.empty());
  r = Vigil({"query", "--schema", Schema(), "--graph", g, "--max-result-rows", "1000", q});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("more than 1000 rows"));
  // Raised far enough, a smaller query goes through.
  std::string small = d.Write("s.graphql", "{ vpcs { id a: securityGroups { id } b: securityGroups { id } } }");
  r = Vigil({"query", "--schema", Schema(), "--graph", g, "--max-result-rows", "57", small});
  EXPECT_EQ(r.status, 0) << r.err;
  r = Vigil({"query", "--schema", Schema(), "--graph", g, "--max-result-rows", "56", small});
  EXPECT_EQ(r.status, 2) << r.err;
  r = Vigil({"query", "--schema", Schema(), "--graph", g, "--max-result-rows", "0", small});
  EXPECT_EQ(r.status, 2);
}


// 4,000 types, each with its own relationship type: the graph builder kept
// rel types x types^2 bits (7.8 GB) and called IsSubtype types^2 times.
// Under a 1.5 GB address-space limit it must still work.
TEST(ResourceLimits, ManyTypesNeedLinearMemory) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "an address-space limit does not mix with ASan's shadow memory";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  GTEST_SKIP() << "an address-space limit does not mix with ASan's shadow memory";
#endif
#endif
  TempDir d;
  std::string sdl;
  const int n = 4000;
  for (int i = 0; i < n; ++i) {
    sdl += "type T" + std::to_string(i) + " { id: ID!\n name: String\n next: [T" +
           std::to_string((i + 1) % n) + "!]! @relationship(type: \"R" + std::to_string(i) +
           "\", direction: OUT)\n}\n";
  }
  std::string schema = d.Write("s.graphql", sdl);
  std::string g = d.Write("g.json", R"({"assets": [{"id": "a", "type": "T0", "next": [{"id": "b"}]}]})");
  std::string q = d.Write("q.graphql", "{ t0s { id next { id __typename } } }");
  CommandResult r = testing::RunShell(
      "/bin/sh", "-c " + ShellQuote("ulimit -v 1500000 && exec " + ShellQuote(VIGIL_CLI_PATH) +
                                    " query --schema " + ShellQuote(schema) + " --graph " +
                                    ShellQuote(g) + " " + ShellQuote(q)));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "{\"t0s\":[{\"id\":\"a\",\"next\":[{\"id\":\"b\",\"__typename\":\"T1\"}]}]}\n");
}

// ---- messages -----------------------------------------------------------------

TEST(Messages, ColumnsCountCodePointsEverywhere) {
  TempDir d;
  // A query: the caret after "é" (2 bytes) and "€" (3 bytes).
  std::string q = d.Write("q.graphql", "{ vpcs(where: {name: \"é€\", nosuch: 1}) { id } }");
  CommandResult r = Vigil({"query", "--schema", Schema(), "--graph", d.Write("g.json", kOneVpc), q});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("q.graphql:1:28:")) << r.err;
  // A graph.
  std::string g = d.Write("g2.json", "{\"assets\": [{\"id\": \"é€\", \"type\": \"Nope\"}]}");
  r = Vigil({"query", "--schema", Schema(), "--graph", g, q});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("g2.json:1:13:")) << r.err;
  // A JSON file of the policy layer (an exceptions file).
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs { id }"));
  std::string ex = d.Write("ex.json", "{\"exceptions\": [{\"control\": \"é€\", \"assets\": [\"x\"], "
                                      "\"owner\": \"o\", \"reason\": \"r\", \"expires\": \"2030-01-01\", "
                                      "\"é\": 1}]}");
  r = Vigil({"run", "--pack", p.path(), "--graph", d.Write("g.json", kOneVpc), "--exceptions", ex});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("ex.json:1:")) << r.err;
}

TEST(Messages, LongLinesShowAWindowAroundTheColumn) {
  TempDir d;
  // A one-line query of 2 MB with a fault in the middle.
  std::string pad(1 << 20, ' ');
  std::string q = d.Write("q.graphql", "{" + pad + "vpcs { id nosuch }" + pad + "}");
  CommandResult r = Vigil({"query", "--schema", Schema(), "--graph", d.Write("g.json", kOneVpc), q});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("nosuch"));
  EXPECT_LT(r.err.size(), 4000u);
  // The caret is under the fault.
  size_t line = r.err.find("\n  ");
  ASSERT_NE(line, std::string::npos);
  size_t caret_line = r.err.find("\n  ", line + 1);
  ASSERT_NE(caret_line, std::string::npos);
  std::string shown = r.err.substr(line + 3, caret_line - line - 3);
  std::string caret = r.err.substr(caret_line + 3);
  EXPECT_EQ(shown.substr(caret.find('^'), 6), "nosuch") << shown << "\n" << caret;
  // A one-line graph with the fault far in.
  std::string graph = "{\"assets\": [" + std::string(1 << 20, ' ') + "{\"id\": \"x\", \"type\": \"Nope\"}]}";
  r = Vigil({"run", "--pack", SourcePath("packs/cis-aws"), "--graph", d.Write("g2.json", graph)});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("Nope"));
  EXPECT_LT(r.err.size(), 4000u);
}

TEST(Messages, InputErrorsNameTheFileAndTheCause) {
  TempDir d;
  std::string g = d.Write("g.json", kOneVpc);
  std::string q = d.Write("q.graphql", "query($n: Int) { vpcs(limit: $n) { id } }");
  // --vars: located, the offending text shown escaped.
  std::string vars = d.Write("v.json", "{\"n\": N'}");
  CommandResult r = Vigil({"query", "--schema", Schema(), "--graph", g, "--vars", vars, q});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("v.json:1:7:"));
  // An Int below -2^63.
  vars = d.Write("v2.json", "{\"n\": -9223372036854775809}");
  r = Vigil({"query", "--schema", Schema(), "--graph", g, "--vars", vars, q});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("out of range"));
  EXPECT_THAT(r.err, Not(HasSubstr("does not have the requested type")));
  // Integral floats are Ints.
  for (const char* v : {"{\"n\": 60.0}", "{\"n\": 6e1}"}) {
    r = Vigil({"query", "--schema", Schema(), "--graph", g, "--vars", d.Write("v3.json", v), q});
    EXPECT_EQ(r.status, 0) << v << ": " << r.err;
  }
  // An unknown variable type.
  r = Vigil({"query", "--schema", Schema(), "--graph", g,
             d.Write("q2.graphql", "query($n: Foo) { vpcs(where: {name: $n}) { id } }")});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown type \"Foo\""));
  // An empty schema is the schema's error, not the query's or the graph's.
  for (const char* sdl : {"", "# nothing\n", "enum E { A }\n"}) {
    r = Vigil({"query", "--schema", d.Write("empty.graphql", sdl), "--graph", g, q});
    EXPECT_EQ(r.status, 2) << sdl;
    EXPECT_THAT(r.err, HasSubstr("schema.empty")) << sdl;
    EXPECT_THAT(r.err, HasSubstr("empty.graphql")) << sdl;
  }
  // A symbolic link loop, a FIFO and /dev/null are not "no such file".
  std::string loop = d.path() + "/loop";
  fs::create_symlink(loop, loop);
  r = Vigil({"query", "--schema", loop, "--graph", g, q});
  EXPECT_THAT(r.err, HasSubstr("loop of symbolic links"));
  r = Vigil({"query", "--schema", "/dev/null", "--graph", g, q});
  EXPECT_THAT(r.err, HasSubstr("not a regular file"));
  // --params errors name the file.
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs(where: {name_IN: $names}) { id }", "eq []",
                                    R"("parameters": {"names": {"type": "[String!]", "default": []}})"));
  std::string params = d.Write("params.json", R"({"a": {"names": 5}})");
  r = Vigil({"run", "--pack", p.path(), "--graph", g, "--params", params});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("params.json:1:"));
}

TEST(Messages, TerminalControlCharactersAreEscapedInDiagnostics) {
  TempDir d;
  // ESC, OSC, BEL, backspace and a C1 CSI in a key name that ends up in a
  // message and in the echoed source line.
  std::string bad = "\x1b[31m\x1b]0;owned\x07\x08\xc2\x9b";
  std::string vars = d.Write("v.json", "{\"n\": 1, \"n\": 2, \"" + bad + "\": 1}");
  std::string params = d.Write("p.json", "{\"" + bad + "\": {}}");
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs { id }"));
  CommandResult r = Vigil({"run", "--pack", p.path(), "--graph", d.Write("g.json", kOneVpc),
                           "--params", params});
  EXPECT_EQ(r.status, 2);
  for (char c : r.err) {
    EXPECT_FALSE(c == '\x1b' || c == '\x07' || c == '\x08') << r.err;
  }
  EXPECT_EQ(r.err.find("\xc2\x9b"), std::string::npos) << r.err;
}


// ---- untrusted packs ----------------------------------------------------------

TEST(UntrustedPack, FilesAPackNamesMustLieInsideIt) {
  TempDir outside;
  std::string secret = outside.Write("secret.graphql", "fragment S on Vpc { id }\nroot:x:0:0:SECRET-LINE\n");
  // fragments, queryFile, controls and schema naming files outside the pack
  // (absolute, ../, and through a symbolic link).
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs { id }"));
  p.Write("pack.json", R"({"name": "t", "version": "1", "schema": ")" + Schema() +
                           R"(", "fragments": [")" + secret + R"("]})");
  for (const char* cmd : {"lint", "run", "explain"}) {
    std::vector<std::string> args = {cmd, "--pack", p.path()};
    if (std::string(cmd) == "explain") args.push_back("a");
    if (std::string(cmd) == "run") {
      args.push_back("--graph");
      args.push_back(SourcePath("examples/demo-aws.json"));
    }
    CommandResult r = Vigil(args);
    EXPECT_EQ(r.status, 2) << cmd << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("policy.outside-pack")) << cmd;
    EXPECT_THAT(r.err, Not(HasSubstr("SECRET-LINE"))) << cmd;
  }
  // Allowed when the pack is trusted.
  CommandResult r = Vigil({"lint", "--allow-outside-pack", "--pack", p.path()});
  EXPECT_THAT(r.err, Not(HasSubstr("policy.outside-pack"))) << r.err;

  TempPack q;
  q.Control("a.json", R"({"id": "a", "title": "t", "severity": "low", "provider": "aws",
    "checks": [{"name": "c", "queryFile": "../../)" + outside.path().substr(1) + R"(/secret.graphql", "expect": "eq []"}]})");
  r = Vigil({"lint", "--pack", q.path()});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("policy.outside-pack"));
  EXPECT_THAT(r.err, Not(HasSubstr("SECRET-LINE")));

  TempPack l;
  l.Control("a.json", SimpleControl("a", "vpcs { id }"));
  fs::create_symlink(secret, l.path() + "/frag.graphql");
  l.Write("pack.json", R"({"name": "t", "version": "1", "schema": ")" + Schema() +
                           R"(", "fragments": ["frag.graphql"]})");
  r = Vigil({"lint", "--pack", l.path()});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("policy.outside-pack"));

  TempPack s;
  s.Control("a.json", SimpleControl("a", "vpcs { id }"));
  s.Write("pack.json", R"({"name": "t", "version": "1", "schema": "/etc/passwd"})");
  r = Vigil({"lint", "--pack", s.path()});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("policy.outside-pack"));
  EXPECT_THAT(r.err, Not(HasSubstr("root:")));
  // The bundled pack (its schema in the bundled schemas directory) loads.
  r = Vigil({"lint"});
  EXPECT_EQ(r.status, 0) << r.err;
}


TEST(UntrustedPack, TestFilesReadOnlyInsideThePackOrBesideThemselves) {
  TempDir outside;
  outside.Write("g.json", R"({"assets": [{"id": "vpc-1", "type": "Vpc"}]})");
  outside.Write("x.json", R"({"exceptions": []})");
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs { id }"));
  p.Write("data/in.json", R"({"assets": []})");
  p.Write("data/x.json", R"({"exceptions": []})");
  // From the pack's tests/ directory up to the root.
  const std::string up = "../../../" + outside.path().substr(1);
  auto test_file = [&](const std::string& graph, const std::string& exceptions) {
    return p.Write("tests/a.json",
                   R"({"control": "a", "now": "2026-01-15T00:00:00Z", "cases": [{"name": "x", "graph": ")" +
                       graph + R"(", "exceptions": ")" + exceptions +
                       R"(", "expect": {"status": "pass"}}]})");
  };
  // Inside the pack: read.
  test_file("../data/in.json", "../data/x.json");
  CommandResult r = Vigil({"test", "--pack", p.path()});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  // A graph or exceptions file outside the pack and the test file's
  // directory (../, absolute): refused, not read.
  for (const auto& [graph, exceptions] :
       std::vector<std::pair<std::string, std::string>>{{up + "/g.json", "../data/x.json"},
                                                        {outside.path() + "/g.json", "../data/x.json"},
                                                        {"../data/in.json", up + "/x.json"}}) {
    test_file(graph, exceptions);
    r = Vigil({"test", "--pack", p.path()});
    EXPECT_EQ(r.status, 2) << graph << " " << exceptions << ": " << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr("policy.outside-pack")) << r.err;
    // Trusted: read (the outside graph holds a VPC: the case fails, exit 1).
    r = Vigil({"test", "--allow-outside-pack", "--pack", p.path()});
    EXPECT_THAT(r.err, Not(HasSubstr("policy.outside-pack"))) << r.err;
    EXPECT_NE(r.status, 2) << r.out << r.err;
  }
  // A test file outside the pack reads the files beside it.
  TempDir mine;
  mine.Write("graphs/g.json", R"({"assets": []})");
  std::string t = mine.Write(
      "t.json", R"({"control": "a", "cases": [{"name": "y", "graph": "graphs/g.json", "expect": {"status": "pass"}}]})");
  r = Vigil({"test", "--pack", p.path(), t});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
}

TEST(Messages, DanglingRelationshipsAreLocated) {
  TempDir d;
  std::string g = d.Write("g.json", "{\"assets\": [{\"id\": \"v\", \"type\": \"Vpc\"}, "
                                    "{\"id\": \"f\", \"type\": \"FlowLog\"}],\n"
                                    "\"relationships\": [\n"
                                    "  {\"from\": \"v\", \"type\": \"HAS_FLOW_LOG\", \"to\": \"f\"},\n"
                                    "  {\"from\": \"v\", \"type\": \"HAS_FLOW_LOG\", \"to\": \"nowhere\"}]}\n");
  CommandResult r = Vigil({"query", "--schema", Schema(), "--graph", g,
                           d.Write("q.graphql", "{ vpcs { id } }")});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("g.json:4:3:")) << r.err;
  EXPECT_THAT(r.err, HasSubstr("nowhere"));
}


TEST(Messages, MissingNonNullPropertiesAreLocatedAtTheAssetsId) {
  TempDir d;
  std::string schema = d.Write("s.graphql", "type Bucket { id: ID! region: String! }\n");
  std::string g = d.Write("g.json", "{\"assets\": [\n"
                                    "  {\"id\": \"b-1\", \"type\": \"Bucket\", "
                                    "\"properties\": {\"region\": \"eu-west-1\"}},\n"
                                    "  {\"type\": \"Bucket\", \"id\" : \"b-\\\"2\"}]}\n");
  CommandResult r = Vigil({"query", "--schema", schema, "--graph", g,
                           d.Write("q.graphql", "{ buckets { id } }")});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("g.json:3:29:")) << r.err;
  EXPECT_THAT(r.err, HasSubstr("non-null property \"region\" (String!) is missing")) << r.err;
}

TEST(Messages, IntPropertiesTakeIntegralNumbersAndSayWhatIsWrong) {
  TempDir d;
  std::string q = d.Write("q.graphql", "{ accounts { id accountMFAEnabled } }");
  auto graph = [&](const std::string& v) {
    return d.Write("g.json", "{\"assets\": [{\"id\": \"a\", \"type\": \"Account\", \"properties\": "
                             "{\"accountMFAEnabled\": " + v + "}}]}");
  };
  for (const char* v : {"60", "60.0", "6e1", "600e-1"}) {
    CommandResult r = Vigil({"query", "--schema", Schema(), "--graph", graph(v), q});
    EXPECT_EQ(r.status, 0) << v << ": " << r.err;
    EXPECT_EQ(r.out, "{\"accounts\":[{\"id\":\"a\",\"accountMFAEnabled\":60}]}\n") << v;
  }
  for (const char* v : {"-9223372036854775809", "9223372036854775808", "1e300",
                        "-99999999999999999999999"}) {
    CommandResult r = Vigil({"query", "--schema", Schema(), "--graph", graph(v), q});
    EXPECT_EQ(r.status, 2) << v;
    EXPECT_THAT(r.err, HasSubstr("out of the range of Int")) << v;
    EXPECT_THAT(r.err, Not(HasSubstr("requested type"))) << v;
  }
  CommandResult r = Vigil({"query", "--schema", Schema(), "--graph", graph("60.5"), q});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("is Int, got Float"));
}


TEST(Messages, ExplainAndTestOutputEscapeTerminalControls) {
  const std::string bad = "\\u001b]0;owned\\u0007\\u001b[2J\\b\\u009b";  // JSON escapes
  TempPack p;
  p.Control("a.json", R"({"id": "a", "title": "t)" + bad + R"(", "severity": "low", "provider": "aws",
    "overview": "o)" + bad + R"(", "checks": [{"name": "c)" + bad + R"(", "query": "vpcs { id }", "expect": "eq []"}]})");
  p.Write("tests/a.json", R"({"control": "a", "cases": [{"name": "n)" + bad +
                              R"(", "graph": {"assets": []}, "expect": {"status": "pass"}}]})");
  auto clean = [](const std::string& out) {
    for (char c : out) {
      if (c == '\x1b' || c == '\x07' || c == '\x08') return false;
    }
    return out.find("\xc2\x9b") == std::string::npos;
  };
  CommandResult r = Vigil({"explain", "--pack", p.path(), "a"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(clean(r.out)) << r.out;
  EXPECT_THAT(r.out, HasSubstr("\\x1b]0;owned\\x07"));
  r = Vigil({"test", p.path()});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(clean(r.out)) << r.out;
  EXPECT_THAT(r.out, HasSubstr("\\x1b"));
}

}  // namespace
}  // namespace vigil
