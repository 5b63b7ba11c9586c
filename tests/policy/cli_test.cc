// Runs the built `vigil` command and checks exit statuses and outputs.

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/common/command.h"
#include "tests/policy/test_util.h"

namespace vigil {
namespace {

using testing::SimpleControl;
using testing::SourcePath;
using testing::TempDir;
using testing::TempPack;

using Outcome = testing::CommandResult;

Outcome Vigil(const std::string& args) { return testing::RunShell(VIGIL_BINARY, args); }

const std::string kNow = " --now 2026-01-15T00:00:00Z";
// The demo graph, given: with --pack, vigil run takes no default inventory.
const std::string kDemoGraph =
    " --graph " + testing::ShellQuote(SourcePath("examples/demo-aws.json"));

TEST(CliTest, RunDefaultsFailOnTheDemo) {
  Outcome r = Vigil("run" + kNow);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("cis-aws-3.7"), std::string::npos);
  EXPECT_NE(r.out.find("arn:aws:ec2:us-east-1:444455556666:vpc/vpc-0e7a9c1d3f5b7d9fb"), std::string::npos);
  EXPECT_NE(r.out.find("cis-aws-5.1"), std::string::npos);
}

TEST(CliTest, RunFormatsAndOutputFile) {
  TempDir d;
  for (const char* f : {"json", "sarif", "junit", "ocsf", "text"}) {
    std::string out = d.path() + "/report." + f;
    Outcome r = Vigil(std::string("run --format ") + f + " --output " + testing::ShellQuote(out) + kNow);
    EXPECT_EQ(r.status, 1) << f << ": " << r.err;
    EXPECT_NE(testing::ReadFileOrEmpty(out).find("vpc-0e7a9c1d3f5b7d9fb"), std::string::npos) << f;
  }
}

TEST(CliTest, RunWaivesWithExceptionsAndPassesWhenAllWaived) {
  TempDir d;
  std::string ex = d.Write("ex.json", R"({"exceptions": [{"control": "cis-aws-3.7",
    "assets": ["arn:aws:ec2:*"], "owner": "o", "reason": "r", "expires": "2030-01-01"}]})");
  Outcome r = Vigil("run --control cis-aws-3.7 --exceptions " + testing::ShellQuote(ex) + kNow);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  // The other controls still fail.
  r = Vigil("run --exceptions " + testing::ShellQuote(ex) + kNow);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  r = Vigil("run --exceptions " + testing::ShellQuote(SourcePath("examples/exceptions.json")) + kNow);
  EXPECT_EQ(r.status, 1);
}

TEST(CliTest, RunPassingPackExitsZeroAndParamsApply) {
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs(where: {name_IN: $names}) { id }", "eq []",
                                    R"("parameters": {"names": {"type": "[String!]", "default": []}})"));
  Outcome r = Vigil("run --pack " + testing::ShellQuote(p.path()) + kDemoGraph + kNow);
  EXPECT_EQ(r.status, 0) << r.err;
  r = Vigil("run --pack " + testing::ShellQuote(p.path()) + kDemoGraph + " --param 'a.names=[\"default\"]'" + kNow);
  EXPECT_EQ(r.status, 1) << r.err;
  TempDir d;
  std::string params = d.Write("p.json", R"({"a": {"names": ["payments-edge"]}})");
  r = Vigil("run --pack " + testing::ShellQuote(p.path()) + kDemoGraph + " --params " + testing::ShellQuote(params) + " --stats" + kNow);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("check a / c:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("load: pack"), std::string::npos) << r.err;
  // A bare string where a list is needed is a one-element list (GraphQL
  // input coercion); a number where strings are needed is bad input.
  r = Vigil("run --pack " + testing::ShellQuote(p.path()) + kDemoGraph + " --param a.names=payments-edge" + kNow);
  EXPECT_EQ(r.status, 1) << r.err;
  r = Vigil("run --pack " + testing::ShellQuote(p.path()) + kDemoGraph + " --param a.names=5" + kNow);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("a.names"), std::string::npos) << r.err;
}

TEST(CliTest, BadInputsExitTwo) {
  TempPack p;
  std::string bad = p.Control("a.json", SimpleControl("a", "vpcs { nope }"));
  Outcome r = Vigil("run --pack " + testing::ShellQuote(p.path()) + kDemoGraph);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(bad + ":6:"), std::string::npos) << r.err;
  EXPECT_EQ(Vigil("run --pack /nonexistent").status, 2);
  EXPECT_EQ(Vigil("run --graph /nonexistent.json").status, 2);
  EXPECT_EQ(Vigil("run --format yaml").status, 2);
  EXPECT_EQ(Vigil("run --threads x").status, 2);
  EXPECT_EQ(Vigil("run --now yesterday").status, 2);
  EXPECT_EQ(Vigil("run --bogus").status, 2);
  EXPECT_EQ(Vigil("run --param nodot").status, 2);
  EXPECT_EQ(Vigil("run --param nope.x=1").status, 2);
  TempDir d;
  std::string ex = d.Write("ex.json", "{\"exceptions\": [{\"control\": \"nope\"}]}");
  r = Vigil("run --exceptions " + testing::ShellQuote(ex));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(ex + ":1:"), std::string::npos) << r.err;
  std::string graph = d.Write("g.json", "{\"assets\": [{\"id\": \"v\", \"type\": \"Nope\"}]}");
  EXPECT_EQ(Vigil("run --graph " + testing::ShellQuote(graph)).status, 2);
}

TEST(CliTest, ParamsFileErrorsNameTheFileAndPlace) {
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs(where: {name_IN: $names}) { id }", "eq []",
                                    R"("parameters": {"names": {"type": "[String!]", "default": []}})"));
  TempDir d;
  const std::string pack = " --pack " + testing::ShellQuote(p.path()) + kDemoGraph + kNow;
  std::string params = d.Write("p.json", "{\"a\": {\"names\": []},\n \"b\": {}}");
  Outcome r = Vigil("run --params " + testing::ShellQuote(params) + pack);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(params + ":2:2: error: no control \"b\" in pack"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[policy.unknown-control]"), std::string::npos) << r.err;
  params = d.Write("q.json", "{\"a\": {\"nmes\": []}}");
  r = Vigil("run --params " + testing::ShellQuote(params) + pack);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(params + ":1:8"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Did you mean \"names\"?"), std::string::npos) << r.err;
  params = d.Write("v.json", "{\"a\": {\"names\": [1]}}");
  r = Vigil("run --params " + testing::ShellQuote(params) + pack);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(params + ":1:17"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[policy.bad-parameter-value]"), std::string::npos) << r.err;
  params = d.Write("dup.json", "{\"a\": {\"names\": [], \"names\": []}}");
  r = Vigil("run --params " + testing::ShellQuote(params) + pack);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(params + ":1:21"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[json.duplicate-key]"), std::string::npos) << r.err;
}

// A shared exceptions file: another pack's control is a warning (exit as
// without it), an error with --strict-exceptions; exceptions about to
// expire are warned of, within --expiry-warning-days.
TEST(CliTest, SharedExceptionsAndExpiryWarnings) {
  TempDir d;
  std::string ex = d.Write("ex.json", R"({"exceptions": [
{"control": "other-pack-1", "assets": ["x"], "owner": "o", "reason": "r", "expires": "2030-01-01"},
{"control": "cis-aws-3.7", "assets": ["arn:aws:ec2:*"], "owner": "o", "reason": "r",
 "expires": "2026-01-25", "ticket": "NET-7", "x-approved-by": "ciso"}]})");
  const std::string run = "run --control cis-aws-3.7 --exceptions " + testing::ShellQuote(ex) + kNow;
  Outcome r = Vigil(run);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.err.find(ex + ":2:13: warning:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[policy.unknown-control]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(ex + ":3:1: warning:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("in 11 days"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[exceptions.expiring-soon]"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("ticket NET-7"), std::string::npos) << r.out;
  r = Vigil(run + " --expiry-warning-days 5 --format json");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.err.find("exceptions.expiring-soon"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("\"ticket\": \"NET-7\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"x-approved-by\": \"ciso\""), std::string::npos) << r.out;
  r = Vigil(run + " --strict-exceptions");
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find(ex + ":2:13: error:"), std::string::npos) << r.err;
  EXPECT_EQ(Vigil(run + " --expiry-warning-days -1").status, 2);
}

TEST(CliTest, AnExceptionMayNeverExpire) {
  TempDir d;
  std::string ex = d.Write("ex.json", R"({"exceptions": [{"control": "cis-aws-3.7",
    "assets": ["vpc-*", "arn:aws:ec2:*"], "owner": "o", "reason": "r",
    "expires": "9999-12-31T23:59:59Z"}]})");
  Outcome r = Vigil("run --control cis-aws-3.7 --exceptions " + testing::ShellQuote(ex) + kNow);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  r = Vigil("run --control cis-aws-3.7 --exceptions " + testing::ShellQuote(ex) +
            " --now 9999-12-31T23:59:59Z");
  EXPECT_EQ(r.status, 1) << r.out << r.err;  // expired at that instant
}

TEST(CliTest, ReportOutputIsNeverHalfWritten) {
  TempDir d;
  // A full disk: an error, not an empty report and exit 0.
  Outcome r = Vigil("run --output /dev/full" + kNow);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
  // A symbolic link is refused, and what it points to is untouched.
  std::string target = d.Write("target.txt", "keep");
  std::string link = d.path() + "/link.txt";
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  r = Vigil("run --output " + testing::ShellQuote(link) + kNow);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("symbolic link"), std::string::npos) << r.err;
  EXPECT_EQ(testing::ReadFileOrEmpty(target), "keep");
}

TEST(CliTest, LintAndExplain) {
  Outcome r = Vigil("lint");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("0 errors, 0 warnings"), std::string::npos) << r.err;
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs(where: {state_NOT: \"x\"}) { name }"));
  r = Vigil("lint --pack " + testing::ShellQuote(p.path()));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("state_NOT"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 warnings"), std::string::npos) << r.err;
  EXPECT_EQ(Vigil("lint --werror --pack " + testing::ShellQuote(p.path())).status, 1);
  TempPack broken;
  broken.Control("a.json", "{");
  EXPECT_EQ(Vigil("lint --pack " + testing::ShellQuote(broken.path())).status, 2);

  r = Vigil("explain cis-aws-3.7");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Ensure VPC flow logging is enabled in all VPCs"), std::string::npos);
  EXPECT_NE(r.out.find("hasFlowLog_NONE"), std::string::npos);
  EXPECT_NE(r.out.find("Covered asset types\n  FlowLog, Vpc"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("v6.0.0: 4.7"), std::string::npos);
  EXPECT_EQ(Vigil("explain nope").status, 2);
  EXPECT_EQ(Vigil("explain").status, 2);
}

TEST(CliTest, ExplainAlignsWrappedItemsAndShowsDeclaredTypesAndDescriptions) {
  TempPack p;
  p.Control("a.json", R"({"id": "a", "title": "t", "severity": "low", "provider": "aws",
  "operationalRollout": ["A rollout step long enough that it has to wrap onto a second line of the terminal."],
  "parameters": {"days": {"type": "Int!", "default": 3}},
  "checks": [{"name": "c", "description": "What the check looks for.",
    "reason": "kept {retentionInDays} days",
    "query": "logGroups(where: {retentionInDays_LT: $days}) { id retentionInDays }",
    "expect": "eq []"}]})");
  Outcome r = Vigil("explain --pack " + testing::ShellQuote(p.path()) + " a");
  ASSERT_EQ(r.status, 0) << r.err;
  // The continuation of a list item lines up under the item's text.
  EXPECT_NE(r.out.find("  - A rollout step long enough that it has to wrap onto a second line of the\n"
                       "    terminal.\n"),
            std::string::npos)
      << r.out;
  // The declared type, with its `!`, where the query's use infers "Int".
  EXPECT_NE(r.out.find("variables: $days: Int!\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  days: Int! = 3\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  c\n    What the check looks for.\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("    reason: kept {retentionInDays} days\n"), std::string::npos) << r.out;
  r = Vigil("explain --format json --pack " + testing::ShellQuote(p.path()) + " a");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\"description\": \"What the check looks for.\""), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\"reason\": \"kept {retentionInDays} days\""), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\"type\": \"Int!\""), std::string::npos) << r.out;
}

}  // namespace
}  // namespace vigil
