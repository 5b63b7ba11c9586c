// `vigil test`: runs the built command and checks its outputs and exit
// statuses.

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/common/command.h"
#include "tests/policy/test_util.h"
#include "vigil/value.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::SimpleControl;
using testing::SourcePath;
using testing::TempDir;
using testing::TempPack;

using Result = testing::CommandResult;

Result Vigil(const std::string& args, const std::string& cwd = "") {
  return testing::RunShell(VIGIL_BINARY, args, cwd);
}

std::string LastLine(const std::string& s) {
  std::string t = s;
  if (!t.empty() && t.back() == '\n') t.pop_back();
  size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

// A pack with one control and a tests folder.
class TestCmdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pack_.Control("t-and.json",
                  SimpleControl("t-and", R"(vpcs(where: {isDefault: true, state: "available"}){id})"));
  }
  std::string Tests(const std::string& name, const std::string& json) {
    return pack_.Write("tests/" + name, json);
  }
  std::string PackArg() const { return "--pack " + testing::ShellQuote(pack_.path()); }
  TempPack pack_;
};

constexpr char kPassing[] = R"({"control": "t-and", "cases": [
  {"name": "default vpc fails", "graph": {"assets": [{"id": "vpc-a", "type": "Vpc",
     "properties": {"isDefault": true, "state": "available"}}]},
   "expect": {"status": "fail", "offending": ["vpc-a"]}},
  {"name": "other vpc passes", "graph": {"assets": [{"id": "vpc-b", "type": "Vpc",
     "properties": {"isDefault": false, "state": "available"}}]},
   "expect": {"status": "pass"}}]})";

constexpr char kFailing[] = R"({"control": "t-and", "cases": [
  {"name": "wrong ids", "graph": {"assets": [{"id": "vpc-a", "type": "Vpc",
     "properties": {"isDefault": true, "state": "available"}}]},
   "expect": {"status": "fail", "offending": ["vpc-z"]}}]})";

TEST(BundledPackTest, RunsItsTestsWithFullCoverage) {
  Result r = Vigil("test --coverage --no-color");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("PASS  "));
  EXPECT_THAT(r.out, HasSubstr("cis-aws-3.7.json: a VPC without any flow log fails  ("));
  EXPECT_THAT(r.out, HasSubstr("coverage of cis-aws-3.7"));
  EXPECT_THAT(r.out, HasSubstr("cis-aws-3.7.json, 13 cases): 4/4 clauses"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("coverage: [0-9]+/[0-9]+ clauses covered \\(100.0%\\) over 57 controls"));
  EXPECT_THAT(r.out, Not(HasSubstr("FAIL  ")));
  EXPECT_THAT(LastLine(r.out), ::testing::MatchesRegex("[0-9]+ passed, 0 failed"));
  r = Vigil("test --pack " + testing::ShellQuote(SourcePath("packs/cis-aws")) + " --coverage-min 100");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
}

TEST_F(TestCmdTest, PassingAndFailing) {
  Tests("a.json", kPassing);
  Result r = Vigil("test " + PackArg());
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("PASS  " + pack_.path() + "/tests/a.json: default vpc fails  ("));
  EXPECT_THAT(r.out, HasSubstr(" ms)\n"));
  EXPECT_EQ(LastLine(r.out), "2 passed, 0 failed");

  Tests("b.json", kFailing);
  r = Vigil("test " + PackArg());
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("FAIL  " + pack_.path() + "/tests/b.json: wrong ids  ("));
  EXPECT_THAT(r.out, HasSubstr("offending (- missing, + unexpected):\n        - vpc-z\n        + vpc-a\n"));
  EXPECT_EQ(LastLine(r.out), "2 passed, 1 failed");

  // Paths given on the command line, relative to the working directory.
  r = Vigil("test " + PackArg() + " tests/a.json", pack_.path());
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("PASS  tests/a.json: other vpc passes"));
  EXPECT_EQ(LastLine(r.out), "2 passed, 0 failed");
}

TEST_F(TestCmdTest, RunSelectsCases) {
  Tests("a.json", kPassing);
  Tests("b.json", kFailing);
  Result r = Vigil("test " + PackArg() + " --run 'passes$'");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("other vpc passes"));
  EXPECT_THAT(r.out, Not(HasSubstr("wrong ids")));
  EXPECT_EQ(LastLine(r.out), "1 passed, 0 failed");
  r = Vigil("test " + PackArg() + " --run 't-and/wrong'");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(LastLine(r.out), "0 passed, 1 failed");
  r = Vigil("test " + PackArg() + " --run '('");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("not a valid RE2 pattern"));
}

TEST_F(TestCmdTest, MalformedTestFilesExitTwoWithLocations) {
  Tests("a.json", kPassing);
  Tests("bad.json", "{\"control\": \"t-and\",\n \"cases\": [{\"name\": \"n\", \"graph\": {\"assets\": []},\n"
                    "   \"expect\": {\"status\": \"passed\"}}]}\n");
  Result r = Vigil("test " + PackArg());
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr(pack_.path() + "/tests/bad.json:3:25: error: case \"n\": expect: "
                               "unknown status \"passed\""));
  EXPECT_THAT(r.err, HasSubstr("nothing was run"));
  EXPECT_EQ(r.out, "");

  Tests("bad.json", R"({"control": "t-nope", "cases": []})");
  r = Vigil("test " + PackArg());
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("bad.json:1:13: error: no control \"t-nope\""));

  r = Vigil("test " + PackArg() + " " + testing::ShellQuote(pack_.path() + "/tests/none.json"));
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("none.json: no such file or directory"));
  r = Vigil("test " + PackArg() + " --format xml");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown format \"xml\""));
  r = Vigil("test " + PackArg() + " --bogus");
  EXPECT_EQ(r.status, 2);
  // A pack without tests.
  TempPack empty;
  empty.Control("c.json", SimpleControl("c", "vpcs(where: {isDefault: true}){id}"));
  r = Vigil("test --pack " + testing::ShellQuote(empty.path()));
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("has no tests directory"));
}

TEST_F(TestCmdTest, JsonAndJunit) {
  Tests("a.json", kPassing);
  Tests("b.json", kFailing);
  Result r = Vigil("test " + PackArg() + " --format json --coverage");
  EXPECT_EQ(r.status, 1) << r.err;
  auto v = Value::ParseJson(r.out);
  ASSERT_TRUE(v.ok()) << r.out;
  EXPECT_EQ(v->Find("summary")->Find("passed")->as_int(), 2);
  EXPECT_EQ(v->Find("summary")->Find("failed")->as_int(), 1);
  EXPECT_EQ(v->Find("cases")->as_array().size(), 3u);
  EXPECT_EQ(v->Find("coverage")->Find("total")->as_int(), 2);
  EXPECT_EQ(LastLine(r.err), "2 passed, 1 failed");

  TempDir d;
  std::string out = d.path() + "/results.xml";
  r = Vigil("test " + PackArg() + " --format junit --output " + testing::ShellQuote(out));
  EXPECT_EQ(r.status, 1);
  std::string xml = testing::ReadFileOrEmpty(out);
  EXPECT_THAT(xml, HasSubstr(R"(<testcase classname="t-and" name="default vpc fails")"));
  EXPECT_THAT(xml, HasSubstr(R"(<failure message="offending or waived assets differ")"));
  EXPECT_THAT(xml, HasSubstr("- vpc-z"));
}

TEST_F(TestCmdTest, OutputIsWrittenSafely) {
  Tests("a.json", kPassing);
  TempDir d;
  const std::string out = d.path() + "/results.xml";
  // A link planted at the old fixed temporary name is not written through.
  std::string victim = d.Write("victim", "precious");
  ASSERT_EQ(::symlink(victim.c_str(), (out + ".tmp").c_str()), 0);
  Result r = Vigil("test " + PackArg() + " --format junit --output " + testing::ShellQuote(out));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(testing::ReadFileOrEmpty(out), HasSubstr("<testsuites"));
  EXPECT_EQ(testing::ReadFileOrEmpty(victim), "precious");
  // The output itself a link: refused, nothing replaced.
  const std::string link = d.path() + "/link.xml";
  ASSERT_EQ(::symlink(victim.c_str(), link.c_str()), 0);
  r = Vigil("test " + PackArg() + " --output " + testing::ShellQuote(link));
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("symbolic link"));
  EXPECT_EQ(testing::ReadFileOrEmpty(victim), "precious");
  // A device is written in place (it stays a device).
  r = Vigil("test " + PackArg() + " --output /dev/null");
  EXPECT_EQ(r.status, 0) << r.err;
  struct stat st;
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  // A full disk is an error, and the file keeps what it held.
  r = Vigil("test " + PackArg() + " --output /dev/full");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("No space left on device"));
  // A long (250-byte) name works: the temporary name still fits.
  const std::string long_name = d.path() + "/" + std::string(246, 'r') + ".xml";
  r = Vigil("test " + PackArg() + " --format junit --output " + testing::ShellQuote(long_name));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(testing::ReadFileOrEmpty(long_name), HasSubstr("<testsuites"));
}

TEST_F(TestCmdTest, AFullStandardOutputIsAnError) {
  Tests("a.json", kPassing);
  // RunShell redirects standard output itself: run the command by hand.
  const std::string err = pack_.path() + "/err.txt";
  int raw = std::system((testing::ShellQuote(VIGIL_BINARY) + " test " + PackArg() +
                         " >/dev/full 2>" + testing::ShellQuote(err))
                            .c_str());
  ASSERT_TRUE(WIFEXITED(raw));
  EXPECT_EQ(WEXITSTATUS(raw), 2);
  EXPECT_THAT(testing::ReadFileOrEmpty(err), HasSubstr("No space left on device"));
}

TEST_F(TestCmdTest, CoverageTablesAndMinimum) {
  Tests("a.json", kPassing);
  Result r = Vigil("test " + PackArg() + " --coverage");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("coverage of t-and (" + pack_.path() +
                               "/controls/t-and.json, 2 cases): 1/2 clauses"));
  EXPECT_THAT(r.out, HasSubstr("check \"c\""));
  EXPECT_THAT(r.out, HasSubstr("line:col"));
  EXPECT_THAT(r.out, HasSubstr("both        vpcs.where.isDefault  (" + pack_.path() +
                               "/controls/t-and.json:6:51)"));
  EXPECT_THAT(r.out, HasSubstr("  ! 1:31     "));
  EXPECT_THAT(r.out, HasSubstr("TRUE only   vpcs.where.state"));
  EXPECT_THAT(r.out, HasSubstr("coverage: 1/2 clauses covered (50.0%) over 1 control"));
  EXPECT_EQ(LastLine(r.out), "2 passed, 0 failed");

  r = Vigil("test " + PackArg() + " --coverage-min 50");
  EXPECT_EQ(r.status, 0) << r.err;
  r = Vigil("test " + PackArg() + " --coverage-min 60");
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr("50.0% of the clauses are covered, under --coverage-min 60%"));
  EXPECT_EQ(LastLine(r.out), "2 passed, 0 failed");
  r = Vigil("test " + PackArg() + " --coverage-min 101");
  EXPECT_EQ(r.status, 2);
}

TEST_F(TestCmdTest, Bench) {
  Tests("a.json", kPassing);
  Result r = Vigil("test " + PackArg() + " --bench");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("time per check"));
  EXPECT_THAT(r.out, HasSubstr("t-and / default vpc fails / c: "));
  EXPECT_THAT(r.out, HasSubstr(" ms mean, "));
  EXPECT_EQ(LastLine(r.out), "2 passed, 0 failed");
}

}  // namespace
}  // namespace vigil
