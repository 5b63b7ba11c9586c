// The defaults of the `vigil` command for policy authors and CI (issue 17):
// no silent demo, empty values refused, the pack found from the working
// directory, every default said on standard error (standard output is the
// report's), and untested controls counted by `vigil test --coverage-min`
// and warned by `vigil lint`.
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
using testing::CommandResult;
using testing::ShellQuote;
using testing::SimpleControl;
using testing::SourcePath;
using testing::TempDir;
using testing::TempPack;

const std::string kNow = "2026-01-15T00:00:00Z";

// Runs the command with `args` (each one word, quoted here) in `cwd`.
CommandResult Vigil(const std::vector<std::string>& args, const std::string& cwd = "") {
  std::string words;
  for (const std::string& a : args) words += " " + ShellQuote(a);
  return testing::RunShell(VIGIL_CLI_PATH, words, cwd);
}

constexpr char kOneVpc[] =
    R"({"assets": [{"id": "vpc-1", "type": "Vpc", "properties": {"name": "a"}}]})";

// ---- no silent demo ---------------------------------------------------------

TEST(NoSilentDemo, APackWithoutInventoryIsAUsageError) {
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs(where: {name: \"zzz\"}) { id }"));
  TempDir cwd;
  for (std::vector<std::string> args :
       {std::vector<std::string>{"run", "--pack", p.path()},
        std::vector<std::string>{"run", "--pack", p.path(), "--format", "json"},
        std::vector<std::string>{"run", "--pack", SourcePath("packs/cis-aws")}}) {
    args.push_back("--now");
    args.push_back(kNow);
    CommandResult r = Vigil(args, cwd.path());
    EXPECT_EQ(r.status, 2) << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr("give --graph FILE or --aws-cli DIR or --aws-config FILE"));
    EXPECT_THAT(r.err, Not(HasSubstr("demo-aws.json")));
    EXPECT_EQ(r.out, "");
  }
}

TEST(NoSilentDemo, EmptyValuesAreUsageErrorsNamingTheFlag) {
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs { id }"));
  TempDir d;
  std::string g = d.Write("g.json", kOneVpc);
  struct Case {
    std::vector<std::string> args;
    std::string flag;
  };
  const std::vector<Case> cases = {
      {{"run", "--graph", ""}, "--graph"},
      {{"run", "--graph="}, "--graph"},
      {{"run", "--pack", "", "--graph", g}, "--pack"},
      {{"run", "--pack", p.path(), "--graph", g, "--output", ""}, "--output"},
      {{"run", "--pack", p.path(), "--graph", g, "-o", ""}, "--output"},
      {{"run", "--pack", p.path(), "--graph", g, "--exceptions", ""}, "--exceptions"},
      {{"run", "--pack", p.path(), "--graph", g, "--params", ""}, "--params"},
      {{"run", "--pack", p.path(), "--graph", g, "--control", ""}, "--control"},
      {{"run", "--pack", p.path(), "--aws-cli", ""}, "--aws-cli"},
      {{"run", "--pack", p.path(), "--aws-config", ""}, "--aws-config"},
      {{"lint", "--pack", ""}, "--pack"},
      {{"test", "--pack", ""}, "--pack"},
      {{"explain", "--pack", "", "a"}, "--pack"},
      {{"query", "--schema", "", "--graph", g, "q.graphql"}, "--schema"},
  };
  for (const Case& c : cases) {
    CommandResult r = Vigil(c.args, d.path());
    std::string shown;
    for (const auto& a : c.args) shown += " [" + a + "]";
    EXPECT_EQ(r.status, 2) << shown << "\n" << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.flag + " is empty")) << shown;
    EXPECT_EQ(r.out, "") << shown;
  }
  // An empty operand is no default either: `vigil lint "$PACK"`.
  for (std::vector<std::string> args : {std::vector<std::string>{"lint", ""},
                                        std::vector<std::string>{"test", ""},
                                        std::vector<std::string>{"explain", ""}}) {
    CommandResult r = Vigil(args, d.path());
    EXPECT_EQ(r.status, 2) << args[0] << ": " << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr("is empty")) << args[0];
    EXPECT_THAT(r.err, Not(HasSubstr("using the"))) << args[0];
  }
}

TEST(NoSilentDemo, BareRunIsTheDemoAndSaysSo) {
  TempDir cwd;  // no pack.json here or above
  CommandResult r = Vigil({"run", "--now", kNow, "--format", "json"}, cwd.path());
  EXPECT_EQ(r.status, 1) << r.err;  // the demo fails controls
  EXPECT_THAT(r.err, HasSubstr("vigil run: using the bundled pack "));
  EXPECT_THAT(r.err, HasSubstr("vigil run: using the demo graph "));
  EXPECT_THAT(r.err, HasSubstr("examples/demo-aws.json (no --graph, --aws-cli or --aws-config"));
  // Standard output is the report alone.
  EXPECT_EQ(r.out.rfind("{", 0), 0u) << r.out.substr(0, 200);
  EXPECT_EQ(r.out.find("vigil run:"), std::string::npos);
  // A graph given with the bundled pack: only the pack is a default.
  TempDir d;
  r = Vigil({"run", "--now", kNow, "--graph", d.Write("g.json", kOneVpc)}, cwd.path());
  EXPECT_THAT(r.err, HasSubstr("using the bundled pack"));
  EXPECT_THAT(r.err, Not(HasSubstr("demo graph")));
  // Nothing is said when nothing is a default.
  r = Vigil({"run", "--now", kNow, "--pack", SourcePath("packs/cis-aws"), "--graph",
             SourcePath("examples/demo-aws.json")},
            cwd.path());
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.err, Not(HasSubstr("using the")));
}

// ---- the pack found from the working directory ------------------------------

TEST(PackDiscovery, CommandsUseThePackOfTheWorkingDirectoryOrAParent) {
  TempPack p;
  p.Control("mine-1.json", SimpleControl("mine-1", "vpcs(where: {name: \"a\"}) { id }"));
  p.Write("tests/mine-1.json", R"({"control": "mine-1", "cases": [
    {"name": "named a fails", "graph": {"assets": [{"id": "vpc-1", "type": "Vpc",
       "properties": {"name": "a"}}]}, "expect": {"status": "fail", "offending": ["vpc-1"]}}]})");
  TempDir d;
  std::string g = d.Write("g.json", kOneVpc);

  // In the pack's directory.
  CommandResult r = Vigil({"explain", "mine-1"}, p.path());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("mine-1: t"));
  EXPECT_THAT(r.err,
              HasSubstr("vigil explain: using the pack ./pack.json (found in the working directory)"));
  r = Vigil({"lint"}, p.path());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("vigil lint: using the pack ./pack.json"));
  EXPECT_THAT(r.err, HasSubstr(": 1 control, 1 check; 0 errors"));
  r = Vigil({"test"}, p.path());
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("PASS  tests/mine-1.json: named a fails"));
  EXPECT_THAT(r.out, Not(HasSubstr("using the")));
  EXPECT_THAT(r.err, HasSubstr("vigil test: using the pack ./pack.json"));
  r = Vigil({"run", "--now", kNow, "--graph", g}, p.path());
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("mine-1"));
  EXPECT_THAT(r.out, Not(HasSubstr("cis-aws")));
  EXPECT_THAT(r.err, HasSubstr("vigil run: using the pack ./pack.json"));
  // A found pack is not the demo: no inventory is still an error.
  r = Vigil({"run", "--now", kNow}, p.path());
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("give --graph FILE or --aws-cli DIR or --aws-config FILE"));
  EXPECT_EQ(r.out, "");

  // In a directory under it: the nearest parent's pack.json.
  std::filesystem::create_directories(p.path() + "/work/deeper");
  r = Vigil({"explain", "mine-1"}, p.path() + "/work/deeper");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("vigil explain: using the pack ../../pack.json (found in "));
  EXPECT_THAT(r.err, HasSubstr("a parent of the working directory"));
  r = Vigil({"test"}, p.path() + "/work/deeper");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("named a fails"));

  // --pack wins, and nothing is said.
  r = Vigil({"explain", "--pack", SourcePath("packs/cis-aws"), "cis-aws-3.7"}, p.path());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.err, Not(HasSubstr("using the")));
}

TEST(PackDiscovery, WithoutPackJsonTheBundledPackIsUsedAndSaid) {
  TempDir cwd;
  CommandResult r = Vigil({"explain", "cis-aws-3.7"}, cwd.path());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("cis-aws-3.7"));
  EXPECT_THAT(r.err, HasSubstr("vigil explain: using the bundled pack "));
  EXPECT_THAT(r.err, HasSubstr("packs/cis-aws (no --pack given"));
  EXPECT_EQ(r.out.find("vigil explain:"), std::string::npos);
}

// ---- untested controls --------------------------------------------------------

// Two tested controls whose clauses the cases cover, and a third without any
// test case.
class UntestedControls : public ::testing::Test {
 protected:
  void SetUp() override {
    p_.Control("a.json", SimpleControl("a", "vpcs(where: {isDefault: true}) { id }"));
    p_.Control("b.json", SimpleControl("b", "vpcs(where: {state: \"pending\"}) { id }"));
    p_.Control("c.json", SimpleControl("c", "vpcs(where: {name: \"x\", state: \"y\"}) { id }"));
    p_.Write("tests/a.json", R"({"control": "a", "cases": [
      {"name": "default fails", "graph": {"assets": [{"id": "v1", "type": "Vpc",
         "properties": {"isDefault": true}}]}, "expect": {"status": "fail", "offending": ["v1"]}},
      {"name": "other passes", "graph": {"assets": [{"id": "v2", "type": "Vpc",
         "properties": {"isDefault": false}}]}, "expect": {"status": "pass"}}]})");
    p_.Write("tests/b.json", R"({"control": "b", "cases": [
      {"name": "pending fails", "graph": {"assets": [{"id": "v1", "type": "Vpc",
         "properties": {"state": "pending"}}]}, "expect": {"status": "fail", "offending": ["v1"]}},
      {"name": "available passes", "graph": {"assets": [{"id": "v2", "type": "Vpc",
         "properties": {"state": "available"}}]}, "expect": {"status": "pass"}}]})");
  }
  TempPack p_;
};

TEST_F(UntestedControls, CountAsUncoveredInCoverageMin) {
  CommandResult r = Vigil({"test", "--pack", p_.path(), "--coverage-min", "100", "--no-color"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("coverage: 2/4 clauses covered (50.0%) over 3 controls"));
  EXPECT_THAT(r.out, HasSubstr("untested controls: c "));
  EXPECT_THAT(r.out, HasSubstr("coverage of c (" + p_.path() + "/controls/c.json): untested"));
  EXPECT_THAT(r.err, HasSubstr("50.0% of the clauses are covered, under --coverage-min 100%"));
  EXPECT_THAT(r.out, HasSubstr("4 passed, 0 failed"));

  // Tested, the pack reaches 100%.
  p_.Write("tests/c.json", R"({"control": "c", "cases": [
      {"name": "x y fails", "graph": {"assets": [{"id": "v1", "type": "Vpc",
         "properties": {"name": "x", "state": "y"}}]}, "expect": {"status": "fail"}},
      {"name": "x z passes", "graph": {"assets": [{"id": "v2", "type": "Vpc",
         "properties": {"name": "x", "state": "z"}}]}, "expect": {"status": "pass"}},
      {"name": "z y passes", "graph": {"assets": [{"id": "v3", "type": "Vpc",
         "properties": {"name": "z", "state": "y"}}]}, "expect": {"status": "pass"}}]})");
  r = Vigil({"test", "--pack", p_.path(), "--coverage-min", "100", "--no-color"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("coverage: 4/4 clauses covered (100.0%) over 3 controls"));
  EXPECT_THAT(r.out, Not(HasSubstr("untested")));
}

TEST_F(UntestedControls, ReportsAgreeWithTheText) {
  TempDir d;
  CommandResult r = Vigil({"test", "--pack", p_.path(), "--coverage", "--format", "json"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(R"("covered":2,"total":4,"percent":50)"));
  EXPECT_THAT(r.out, HasSubstr(R"("untested_controls":["c"])"));
  EXPECT_THAT(r.out, HasSubstr(R"({"control":"c","file":")"));
  EXPECT_THAT(r.out, HasSubstr(R"("cases":0,"covered":0,"total":2,"percent":0)"));
  std::string html = d.path() + "/t.html";
  r = Vigil({"test", "--pack", p_.path(), "--coverage", "--format", "html", "-o", html});
  EXPECT_EQ(r.status, 0) << r.err;
  std::string page = testing::ReadFileOrEmpty(html);
  EXPECT_THAT(page, HasSubstr("2 of 4 clauses (50.0%)"));
  EXPECT_THAT(page, HasSubstr("Untested controls"));
  EXPECT_THAT(page, HasSubstr("c (no test case; counted as 0% covered)"));
}

TEST_F(UntestedControls, LintWarnsWhenThePackHasTests) {
  CommandResult r = Vigil({"lint", "--pack", p_.path()});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr(p_.path() + "/controls/c.json:2:"));
  EXPECT_THAT(r.err, HasSubstr("warning: control \"c\" has no test case"));
  EXPECT_THAT(r.err, HasSubstr("[lint.untested-control]"));
  EXPECT_THAT(r.err, Not(HasSubstr("control \"a\" has no test case")));
  EXPECT_THAT(r.err, HasSubstr("0 errors, 1 warning"));
  EXPECT_EQ(Vigil({"lint", "--werror", "--pack", p_.path()}).status, 1);
  // A test file without cases tests nothing.
  p_.Write("tests/c.json", R"({"control": "c", "cases": []})");
  r = Vigil({"lint", "--pack", p_.path()});
  EXPECT_THAT(r.err, HasSubstr("control \"c\" has no test case"));
  // A pack without tests/ is not asked for tests.
  TempPack bare;
  bare.Control("a.json", SimpleControl("a", "vpcs { id }"));
  r = Vigil({"lint", "--pack", bare.path()});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.err, Not(HasSubstr("lint.untested-control")));
}

}  // namespace
}  // namespace vigil
