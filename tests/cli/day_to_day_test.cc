// The command for day-to-day use (issue 17): one check of a pack by
// `vigil query --control`, several outputs of one run, `--format json` and
// `--no-color` on every command that prints results, `vigil help`,
// `vigil init`, and paths shown relative to the working directory.
#include <filesystem>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/command.h"
#include "tests/policy/test_util.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using testing::CommandResult;
using testing::ReadFileOrEmpty;
using testing::ShellQuote;
using testing::SimpleControl;
using testing::TempDir;
using testing::TempPack;

CommandResult Vigil(const std::vector<std::string>& args, const std::string& cwd = "") {
  std::string words;
  for (const std::string& a : args) words += " " + ShellQuote(a);
  return testing::RunShell(VIGIL_CLI_PATH, words, cwd);
}

constexpr char kTwoVpcs[] = R"({"assets": [
  {"id": "vpc-1", "type": "Vpc", "properties": {"name": "a"}},
  {"id": "vpc-2", "type": "Vpc", "properties": {"name": "b"}}]})";

// A pack with a control of one parameterised check and one of two checks.
struct QueryPack {
  QueryPack() {
    p.Control("named.json",
              SimpleControl("named", "vpcs(where: {name: $want}) { id }", "eq []",
                            R"("parameters": {"want": {"type": "String", "default": "a"}})"));
    p.Control("two.json", R"({"id": "two", "title": "t", "severity": "low", "provider": "aws",
  "checks": [{"name": "first", "query": "vpcs(where: {name: \"a\"}) { id }", "expect": "eq []"},
             {"name": "second", "query": "vpcs(where: {name: \"b\"}) { id }", "expect": "eq []"}]})");
    graph = d.Write("g.json", kTwoVpcs);
  }
  TempPack p;
  TempDir d;
  std::string graph;
};

// ---- 1. vigil query --control ------------------------------------------------

TEST(QueryControl, RunsACheckWithTheParameterDefaults) {
  QueryPack q;
  CommandResult r = Vigil({"query", "--pack", q.p.path(), "--control", "named", "--graph", q.graph});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("vpc-1"));
  EXPECT_THAT(r.out, Not(HasSubstr("vpc-2")));
}

TEST(QueryControl, VarOverridesTheDefault) {
  QueryPack q;
  CommandResult r = Vigil({"query", "--pack", q.p.path(), "--control", "named", "--graph",
                           q.graph, "--var", "want=b", "--pretty"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("vpc-2"));
  EXPECT_THAT(r.out, Not(HasSubstr("vpc-1")));
  EXPECT_THAT(r.out, StartsWith("[\n  {\n"));  // --pretty
}

TEST(QueryControl, ErrorsExitTwo) {
  QueryPack q;
  CommandResult unknown =
      Vigil({"query", "--pack", q.p.path(), "--control", "nmed", "--graph", q.graph});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_THAT(unknown.err, HasSubstr("no control \"nmed\""));
  EXPECT_THAT(unknown.err, HasSubstr("Did you mean \"named\"?"));
  CommandResult several =
      Vigil({"query", "--pack", q.p.path(), "--control", "two", "--graph", q.graph});
  EXPECT_EQ(several.status, 2);
  EXPECT_THAT(several.err, HasSubstr("has 2 checks; give --check N"));
  CommandResult second = Vigil(
      {"query", "--pack", q.p.path(), "--control", "two", "--check", "2", "--graph", q.graph});
  EXPECT_EQ(second.status, 0) << second.err;
  EXPECT_THAT(second.out, HasSubstr("vpc-2"));
  CommandResult by_name = Vigil({"query", "--pack", q.p.path(), "--control", "two", "--check",
                                 "first", "--graph", q.graph});
  EXPECT_EQ(by_name.status, 0) << by_name.err;
  EXPECT_THAT(by_name.out, HasSubstr("vpc-1"));
  CommandResult bad_check = Vigil(
      {"query", "--pack", q.p.path(), "--control", "two", "--check", "3", "--graph", q.graph});
  EXPECT_EQ(bad_check.status, 2);
  CommandResult bad_var = Vigil({"query", "--pack", q.p.path(), "--control", "named", "--graph",
                                 q.graph, "--var", "wnat=b"});
  EXPECT_EQ(bad_var.status, 2);
  EXPECT_THAT(bad_var.err, HasSubstr("Did you mean \"want\"?"));
  CommandResult bad_type = Vigil({"query", "--pack", q.p.path(), "--control", "named",
                                  "--graph", q.graph, "--var", "want=[1]"});
  EXPECT_EQ(bad_type.status, 2);
  CommandResult no_graph = Vigil({"query", "--pack", q.p.path(), "--control", "named"});
  EXPECT_EQ(no_graph.status, 2);
  CommandResult with_file = Vigil(
      {"query", "--pack", q.p.path(), "--control", "named", "--graph", q.graph, "q.graphql"});
  EXPECT_EQ(with_file.status, 2);
}

// ---- 2. several outputs of one run ------------------------------------------

TEST(SeveralOutputs, RunWritesEachFormatToItsFile) {
  QueryPack q;
  TempDir out;
  const std::string sarif = out.path() + "/a.sarif", json = out.path() + "/r.json";
  CommandResult r = Vigil({"run", "--pack", q.p.path(), "--graph", q.graph, "--format", "sarif",
                           "--output", sarif, "--format", "json", "--output", json, "--format",
                           "text"});
  EXPECT_EQ(r.status, 1) << r.err;  // the controls fail
  EXPECT_THAT(ReadFileOrEmpty(sarif), HasSubstr("\"version\": \"2.1.0\""));
  EXPECT_THAT(ReadFileOrEmpty(json), HasSubstr("\"controls\""));
  EXPECT_THAT(ReadFileOrEmpty(json), Not(HasSubstr("2.1.0")));
  EXPECT_THAT(r.out, HasSubstr("Result: FAIL"));  // the text to standard output
}

TEST(SeveralOutputs, AtMostOneToStandardOutput) {
  QueryPack q;
  CommandResult r = Vigil(
      {"run", "--pack", q.p.path(), "--graph", q.graph, "--format", "json", "--format", "text"});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("at most one format may go to standard output"));
  CommandResult dash = Vigil({"run", "--pack", q.p.path(), "--graph", q.graph, "--format",
                              "json", "-o", "-", "--format", "text", "-o", "-"});
  EXPECT_EQ(dash.status, 2);
  EXPECT_THAT(dash.err, HasSubstr("at most one format may go to standard output"));
  CommandResult extra = Vigil({"run", "--pack", q.p.path(), "--graph", q.graph, "-o", "a",
                               "-o", "b"});
  EXPECT_EQ(extra.status, 2);
}

TEST(SeveralOutputs, TwoOutputsNamingOneFileAreRefused) {
  QueryPack q;
  TempDir cwd;
  std::filesystem::create_directories(cwd.path() + "/sub");
  std::filesystem::create_directory_symlink(cwd.path() + "/sub", cwd.path() + "/link");
  for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{
           {"r.json", "./r.json"}, {"sub/r.json", "link/r.json"}, {"r.json", "sub/../r.json"}}) {
    CommandResult r = Vigil({"run", "--pack", q.p.path(), "--graph", q.graph, "--format", "json",
                             "-o", a, "--format", "sarif", "-o", b},
                            cwd.path());
    EXPECT_EQ(r.status, 2) << a << " " << b;
    EXPECT_THAT(r.err, HasSubstr("name the same file")) << a << " " << b;
  }
  CommandResult t = Vigil({"test", q.p.path(), "--format", "json", "-o", "t.json", "--format",
                           "junit", "-o", "./t.json"},
                          cwd.path());
  EXPECT_EQ(t.status, 2) << t.err;
}

TEST(SeveralOutputs, TestWritesEachFormatToItsFile) {
  TempDir cwd;
  ASSERT_EQ(Vigil({"init", "p"}, cwd.path()).status, 0);
  CommandResult r = Vigil({"test", "p", "--format", "json", "--output", "t.json", "--format",
                           "junit", "--output", "t.xml"},
                          cwd.path());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(ReadFileOrEmpty(cwd.path() + "/t.json"), StartsWith("{"));
  EXPECT_THAT(ReadFileOrEmpty(cwd.path() + "/t.xml"), HasSubstr("<testsuite"));
}

// ---- 3. --format json and --no-color everywhere -------------------------------

TEST(JsonEverywhere, EveryCommandThatPrintsResultsTakesThem) {
  for (const char* cmd : {"run", "test", "lint", "explain", "query", "bench", "gen"}) {
    CommandResult help = Vigil({cmd, "--help"});
    EXPECT_THAT(help.out, HasSubstr("--format")) << cmd;
    EXPECT_THAT(help.out, HasSubstr("json")) << cmd;
    EXPECT_THAT(help.out, HasSubstr("--no-color")) << cmd;
  }
  for (const char* sub : {"print", "keys"}) {
    CommandResult help = Vigil({"schema", sub, "--help"});
    EXPECT_THAT(help.out, HasSubstr("--format text|json")) << sub;
    EXPECT_THAT(help.out, HasSubstr("--no-color")) << sub;
  }
  for (const char* sub : {"aws-cli", "aws-config"}) {
    CommandResult help = Vigil({"import", sub, "--help"});
    EXPECT_THAT(help.out, HasSubstr("--format text|json")) << sub;
    EXPECT_THAT(help.out, HasSubstr("--no-color")) << sub;
  }
}

TEST(JsonEverywhere, LintDiagnosticsAsData) {
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs(where: {name_NOT: \"x\"}) { id }"));
  p.Write("controls/b.json", "{\n  \"id\": ");
  TempDir cwd;
  CommandResult r = Vigil({"lint", p.path(), "--format", "json", "--no-color"}, cwd.path());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"diagnostics\": ["));
  EXPECT_THAT(r.out, HasSubstr("\"file\": \"" + p.path() + "/controls/b.json\""));
  EXPECT_THAT(r.out, HasSubstr("\"line\": 2"));
  EXPECT_THAT(r.out, HasSubstr("\"column\": "));
  EXPECT_THAT(r.out, HasSubstr("\"severity\": \"error\""));
  EXPECT_THAT(r.out, HasSubstr("\"code\": \"json."));
  EXPECT_THAT(r.out, HasSubstr("\"message\": "));
  EXPECT_THAT(r.out, HasSubstr("\"errors\": 1"));
}

TEST(JsonEverywhere, ExplainAndSchemaAsJson) {
  QueryPack q;
  CommandResult e = Vigil({"explain", "--pack", q.p.path(), "named", "--format", "json"});
  EXPECT_EQ(e.status, 0) << e.err;
  EXPECT_THAT(e.out, HasSubstr("\"id\": \"named\""));
  EXPECT_THAT(e.out, HasSubstr("\"name\": \"want\""));
  CommandResult k = Vigil({"schema", "keys", "Vpc", "--format", "json"});
  EXPECT_EQ(k.status, 0) << k.err;
  EXPECT_THAT(k.out, HasSubstr("\"type\": \"Vpc\""));
  EXPECT_THAT(k.out, HasSubstr("\"id: ID\""));
  CommandResult bad = Vigil({"lint", q.p.path(), "--format", "xml"});
  EXPECT_EQ(bad.status, 2);
}

// ---- 4. vigil help -------------------------------------------------------------

TEST(Help, SameTextAsDashDashHelp) {
  for (const char* cmd : {"run", "lint", "query", "test", "schema", "import", "init"}) {
    CommandResult help = Vigil({"help", cmd});
    CommandResult dash = Vigil({cmd, "--help"});
    EXPECT_EQ(help.status, 0) << cmd;
    EXPECT_EQ(help.out, dash.out) << cmd;
    EXPECT_THAT(help.out, StartsWith("usage: vigil ")) << cmd;
  }
  CommandResult all = Vigil({"help"});
  EXPECT_EQ(all.status, 0);
  EXPECT_THAT(all.out, HasSubstr("  init "));
  CommandResult typo = Vigil({"help", "lnt"});
  EXPECT_EQ(typo.status, 2);
  EXPECT_THAT(typo.err, HasSubstr("unknown command \"lnt\". Did you mean \"lint\""));
}

// ---- 5. vigil init --------------------------------------------------------------

TEST(Init, ThePackPassesLintAndTest) {
  TempDir cwd;
  CommandResult r = Vigil({"init", "new-pack"}, cwd.path());
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* f : {"pack.json", "README.md", "controls/vpc-flow-logs.json",
                        "tests/vpc-flow-logs.json", "tests/graphs/vpcs.json"}) {
    EXPECT_TRUE(std::filesystem::exists(cwd.path() + "/new-pack/" + f)) << f;
  }
  EXPECT_THAT(ReadFileOrEmpty(cwd.path() + "/new-pack/pack.json"),
              HasSubstr("\"schema\": \"aws.graphql\""));
  CommandResult lint = Vigil({"lint", "--werror", "new-pack"}, cwd.path());
  EXPECT_EQ(lint.status, 0) << lint.err;
  EXPECT_THAT(lint.err, HasSubstr("0 errors, 0 warnings"));
  CommandResult test = Vigil({"test", "new-pack"}, cwd.path());
  EXPECT_EQ(test.status, 0) << test.out << test.err;
  EXPECT_THAT(test.out, HasSubstr("2 passed, 0 failed"));
  // Its own directory: pack.json found from the working directory.
  EXPECT_EQ(Vigil({"test"}, cwd.path() + "/new-pack").status, 0);
}

TEST(Init, RefusesANonEmptyDirectory) {
  TempDir cwd;
  cwd.Write("full/x.txt", "x");
  CommandResult r = Vigil({"init", "full"}, cwd.path());
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("not empty"));
  EXPECT_FALSE(std::filesystem::exists(cwd.path() + "/full/pack.json"));
  std::filesystem::create_directories(cwd.path() + "/empty");
  EXPECT_EQ(Vigil({"init", "empty"}, cwd.path()).status, 0);
}

TEST(Init, TheDirectoryNameIsJsonData) {
  TempDir cwd;
  CommandResult r = Vigil({"init", "my\"pack\\x"}, cwd.path());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(ReadFileOrEmpty(cwd.path() + "/my\"pack\\x/pack.json"),
              HasSubstr(R"("name": "my\"pack\\x")"));
  CommandResult lint = Vigil({"lint", "--werror", "my\"pack\\x"}, cwd.path());
  EXPECT_EQ(lint.status, 0) << lint.err;
}

// ---- 6. paths relative to the working directory -------------------------------

TEST(Paths, RelativeToTheWorkingDirectoryHoweverThePackIsGiven) {
  TempDir cwd;
  ASSERT_EQ(Vigil({"init", "p"}, cwd.path()).status, 0);
  cwd.Write("p/controls/bad.json", "{\n  \"id\": ");
  const std::string abs = cwd.path() + "/p";
  const std::string dotdot =
      "../" + std::filesystem::path(cwd.path()).filename().string() + "/p";
  for (const std::string& given : {std::string("p"), abs, dotdot, std::string("./p/")}) {
    for (const char* cmd : {"lint", "test", "explain", "run", "query"}) {
      std::vector<std::string> args = {cmd, "--pack", given};
      if (std::string(cmd) == "explain") args.push_back("vpc-flow-logs");
      if (std::string(cmd) == "run" || std::string(cmd) == "query") {
        args.insert(args.end(), {"--graph", "p/tests/graphs/vpcs.json"});
      }
      if (std::string(cmd) == "query") args.insert(args.end(), {"--control", "vpc-flow-logs"});
      CommandResult r = Vigil(args, cwd.path());
      EXPECT_EQ(r.status, 2) << cmd << " " << given;
      EXPECT_THAT(r.err, HasSubstr("p/controls/bad.json:2:"))
          << cmd << " " << given << ": " << r.err;
      EXPECT_THAT(r.err, Not(HasSubstr(cwd.path()))) << cmd << " " << given;
    }
  }
  // Outside the working directory: absolute.
  TempDir other;
  CommandResult r = Vigil({"lint", dotdot}, other.path());
  EXPECT_THAT(r.err, HasSubstr(cwd.path() + "/p/controls/bad.json:2:")) << r.err;
}

// Paths are opened as given: `link/../x` is what the kernel resolves through
// the link, not the lexically shortened `x` (DisplayPath is for messages).
TEST(Paths, OpenedAsGivenThroughSymlinks) {
  TempDir cwd;
  std::filesystem::create_directories(cwd.path() + "/real/sub");
  std::filesystem::create_directory_symlink(cwd.path() + "/real/sub", cwd.path() + "/link");
  cwd.Write("real/g.json", kTwoVpcs);
  cwd.Write("g.json", "not the graph");  // what `g.json` would open
  ASSERT_EQ(Vigil({"init", "real/p"}, cwd.path()).status, 0);
  QueryPack q;
  CommandResult run = Vigil({"run", "--pack", q.p.path(), "--graph", "link/../g.json"}, cwd.path());
  EXPECT_EQ(run.status, 1) << run.err;  // the controls fail over the two VPCs
  CommandResult query = Vigil(
      {"query", "--pack", q.p.path(), "--control", "named", "--graph", "link/../g.json"},
      cwd.path());
  EXPECT_EQ(query.status, 0) << query.err;
  EXPECT_THAT(query.out, HasSubstr("vpc-1"));
  CommandResult snap = Vigil({"snapshot", "link/../g.json", "-o", "s.bin"}, cwd.path());
  EXPECT_EQ(snap.status, 0) << snap.err;
  for (const char* cmd : {"test", "lint"}) {
    CommandResult r = Vigil({cmd, "link/../p"}, cwd.path());
    EXPECT_EQ(r.status, 0) << cmd << ": " << r.err;
  }
  CommandResult pack_run = Vigil(
      {"run", "--pack", "link/../p", "--graph", "link/../p/tests/graphs/vpcs.json"}, cwd.path());
  EXPECT_NE(pack_run.status, 2) << pack_run.err;
}

}  // namespace
}  // namespace vigil
