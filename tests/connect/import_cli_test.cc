// `vigil import` and `vigil run --aws-cli/--aws-config` through the command:
// exit statuses, located messages, atomic output, and the same report from
// `import -o graph.json` + `run --graph graph.json` as from `run --aws-cli`.
#include <filesystem>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/command.h"
#include "tests/connect/import_test_util.h"
#include "vigil/value.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using testing::ShellQuote;

testing::CommandResult Vigil(const std::string& args) {
  return testing::RunShell(VIGIL_BINARY, args);
}
std::string Demo() { return ShellQuote(testing::SourcePath("examples/aws-cli-demo")); }
constexpr char kNow[] = " --now 2026-01-15T00:00:00Z";

// The report without what differs from run to run (times, the input's name).
Value Stable(const std::string& json) {
  auto v = Value::ParseJson(json);
  EXPECT_TRUE(v.ok()) << v.status() << json.substr(0, 200);
  Value::Object out;
  for (auto& [k, x] : v->as_object()) {
    if (k == "timing" || k == "graph") continue;
    if (k == "controls") {
      for (Value& c : x.as_array()) {
        for (auto& [ck, cv] : c.as_object()) {
          if (ck == "time_ms") cv = Value();
          if (ck == "checks") {
            for (Value& chk : cv.as_array()) {
              for (auto& [kk, kv] : chk.as_object()) {
                if (kk == "time_ms") kv = Value();
              }
            }
          }
        }
      }
    }
    out.emplace_back(k, x);
  }
  return Value(std::move(out));
}

TEST(ImportCliTest, ImportThenRunIsRunWithTheFolder) {
  testing::TempFolder tmp;
  const std::string graph = tmp.path() + "/graph.json";
  testing::CommandResult imp = Vigil("import aws-cli " + Demo() + " -o " + ShellQuote(graph));
  ASSERT_EQ(imp.status, 0) << imp.err;
  EXPECT_THAT(imp.err, HasSubstr("calls: 159 collected, 5 failed, 0 missing"));
  testing::CommandResult a =
      Vigil(std::string("run --format json") + kNow + " --graph " + ShellQuote(graph));
  testing::CommandResult b = Vigil(std::string("run --format json") + kNow + " --aws-cli " + Demo());
  // Checks in error: exit status 2 in both cases.
  EXPECT_EQ(a.status, 2) << a.err;
  EXPECT_EQ(b.status, 2) << b.err;
  EXPECT_EQ(Stable(a.out), Stable(b.out));
  EXPECT_THAT(b.out, HasSubstr("iam get-credential-report in 777788889999/global (failed: AccessDenied)"));
}

TEST(ImportCliTest, RunTextReportNamesWhatWasNotCollected) {
  testing::CommandResult r = Vigil(std::string("run --no-color") + kNow + " --aws-cli " + Demo() +
                                   " --control cis-aws-3.7 --control cis-aws-1.8");
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Collected: 159 calls collected, 5 failed, 0 missing"));
  EXPECT_THAT(r.out, HasSubstr("data this check reads was not collected: ec2 describe-flow-logs in "
                               "777788889999/eu-west-1\n    (failed: UnauthorizedOperation)"));
  EXPECT_THAT(r.out, HasSubstr("unconfirmed assets (found, but the data was not all collected)"));
  EXPECT_THAT(r.out, HasSubstr("FAIL  cis-aws-1.8"));
}

TEST(ImportCliTest, NarrowedRegionsAreReported) {
  testing::CommandResult r = Vigil(std::string("run --no-color") + kNow + " --aws-cli " + Demo() +
                                   " --regions eu-west-1 --control cis-aws-4.16");
  EXPECT_THAT(r.out, HasSubstr("Out of scope: 111122223333/us-east-1: outside --regions"));
  EXPECT_THAT(r.out, HasSubstr("Out of scope: 777788889999/eu-central-1: outside --regions"));
}

TEST(ImportCliTest, BadInputExitsTwoWithTheFileAndPathAndWritesNothing) {
  testing::TempFolder tmp;
  tmp.Write("in/111122223333/global/ec2/describe-regions.json",
            R"({"Regions": [{"RegionName": "eu-west-1"}]})");
  tmp.Write("in/111122223333/eu-west-1/ec2/describe-vpcs.json",
            R"({"Vpcs": [{"VpcId": "vpc-1", "IsDefault": 1}]})");
  const std::string out = tmp.path() + "/graph.json";
  testing::CommandResult r =
      Vigil("import aws-cli " + ShellQuote(tmp.path() + "/in") + " -o " + ShellQuote(out));
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("111122223333/eu-west-1/ec2/describe-vpcs.json: $.Vpcs[0].IsDefault: "
                               "expected a boolean, got a number"));
  EXPECT_FALSE(std::filesystem::exists(out));
  // No leftover temporary file either.
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(tmp.path())) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 1u);
}

TEST(ImportCliTest, UsageErrors) {
  EXPECT_EQ(Vigil("import").status, 2);
  EXPECT_EQ(Vigil("import aws-s3 x -o -").status, 2);
  EXPECT_EQ(Vigil("import aws-cli " + Demo()).status, 2);  // no -o
  EXPECT_EQ(Vigil("run --aws-cli").status, 2);
  EXPECT_EQ(Vigil("run --graph x.json --aws-cli " + Demo()).status, 2);
  testing::CommandResult r = Vigil("import aws-cli " + Demo() + " --regions eu-west -o -");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("\"eu-west\" is not a region code"));
  EXPECT_EQ(Vigil("import --help").status, 0);
}

TEST(ImportCliTest, AwsConfigSnapshotsToAGraph) {
  testing::TempFolder tmp;
  tmp.Write("snap.json", R"({"fileVersion": "1.0", "configurationItems": [
      {"awsAccountId": "111122223333", "resourceType": "AWS::EC2::VPC", "resourceId": "vpc-1",
       "awsRegion": "eu-west-1", "configuration": {"vpcId": "vpc-1", "isDefault": true}}]})");
  testing::CommandResult r =
      Vigil("import aws-config " + ShellQuote(tmp.path() + "/snap.json") + " -o -");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(R"("id": "arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1")"));
  EXPECT_THAT(r.out, HasSubstr(R"("command": "describe-vpcs", "state": "collected")"));
  testing::CommandResult run = Vigil(std::string("run --no-color") + kNow + " --aws-config " +
                                     ShellQuote(tmp.path() + "/snap.json") +
                                     " --control cis-aws-3.7");
  EXPECT_EQ(run.status, 2) << run.err;
  EXPECT_THAT(run.out, HasSubstr("ec2 describe-flow-logs in 111122223333/eu-west-1\n    (missing)"));
}

}  // namespace
}  // namespace vigil
