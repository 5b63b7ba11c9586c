// The aws-cli demo (examples/aws-cli-demo: two accounts, several regions, a
// mix of compliant and non-compliant resources for every control, some calls
// denied) gives, imported, the findings of the same estate written as a graph
// (tests/data/aws-cli-demo/estate.json; both made by tools/gen_aws_cli_demo.py),
// except that the checks reading denied data end in `error` — exactly those.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/connect/import_test_util.h"
#include "vigil/engine.h"
#include "vigil/graph_writer.h"
#include "vigil/json_loader.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using testing::SourcePath;

// Control -> (index of its check that errors, the denied call and where).
// Everything else must match the graph's findings.
const std::map<std::string, std::pair<size_t, std::string>> kDenied = {
    // The credential report of analytics-dev: root and user password fields.
    {"cis-aws-1.7", {0, "iam get-credential-report in 777788889999/global (failed: AccessDenied)"}},
    {"cis-aws-1.10", {0, "iam get-credential-report in 777788889999/global (failed: AccessDenied)"}},
    {"cis-aws-1.11", {0, "iam get-credential-report in 777788889999/global (failed: AccessDenied)"}},
    // (the users' check; the access keys' check does not read the report)
    {"cis-aws-1.12", {0, "iam get-credential-report in 777788889999/global (failed: AccessDenied)"}},
    // One key's rotation status in network-hub.
    {"cis-aws-3.6",
     {0, "kms get-key-rotation-status in 111122223333/us-east-1 (failed: AccessDeniedException)"}},
    // The flow logs of analytics-dev in eu-west-1.
    {"cis-aws-3.7",
     {0, "ec2 describe-flow-logs in 777788889999/eu-west-1 (failed: UnauthorizedOperation)"}},
    // Security Hub of analytics-dev in eu-central-1.
    {"cis-aws-4.16",
     {0, "securityhub describe-hub in 777788889999/eu-central-1 (failed: AccessDeniedException)"}},
};

std::vector<std::string> Ids(const std::vector<ReportRow>& rows) {
  std::vector<std::string> ids;
  for (const ReportRow& r : rows) ids.push_back(r.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

class AwsCliDemoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto pack = LoadPack(SourcePath("packs/cis-aws"));
    ASSERT_TRUE(pack.ok()) << pack.status();
    pack_ = *pack;
    auto graph = LoadGraphJsonFile(SourcePath("tests/data/aws-cli-demo/estate.json"),
                                   pack_->schema);
    ASSERT_TRUE(graph.ok()) << graph.status();
    estate_ = *graph;
    testing::ImportResult imported = testing::ImportAwsCli(SourcePath("examples/aws-cli-demo"));
    ASSERT_TRUE(imported.graph.ok()) << imported.graph.status();
    imported_ = *imported.graph;
    for (const Diagnostic& d : imported.diagnostics) {
      ADD_FAILURE() << "unexpected diagnostic: " << d.ToString();
    }
  }
  static Report Run(const Graph& g) {
    RunOptions o;
    o.now = *ParseInstant("2026-01-15T00:00:00Z");
    o.threads = 2;
    auto r = RunPack(*pack_, g, o);
    EXPECT_TRUE(r.ok()) << r.status();
    return *r;
  }
  static std::shared_ptr<const Pack> pack_;
  static std::shared_ptr<const Graph> estate_, imported_;
};
std::shared_ptr<const Pack> AwsCliDemoTest::pack_;
std::shared_ptr<const Graph> AwsCliDemoTest::estate_;
std::shared_ptr<const Graph> AwsCliDemoTest::imported_;

TEST_F(AwsCliDemoTest, EveryControlHasNonCompliantResourcesInTheEstate) {
  Report r = Run(*estate_);
  EXPECT_TRUE(estate_->collections().empty());
  for (const ControlReport& c : r.controls) EXPECT_EQ(c.status, Outcome::kFail) << c.id;
  EXPECT_EQ(r.summary.failed, 57);
}

TEST_F(AwsCliDemoTest, SameFindingsAsTheGraphExceptErrorsExactlyWhereDenied) {
  Report want = Run(*estate_);
  Report got = Run(*imported_);
  ASSERT_EQ(want.controls.size(), got.controls.size());
  std::set<std::string> errored;
  for (size_t i = 0; i < want.controls.size(); ++i) {
    const ControlReport& w = want.controls[i];
    const ControlReport& g = got.controls[i];
    ASSERT_EQ(w.id, g.id);
    ASSERT_EQ(w.checks.size(), g.checks.size()) << w.id;
    auto denied = kDenied.find(w.id);
    for (size_t k = 0; k < w.checks.size(); ++k) {
      const CheckReport& wc = w.checks[k];
      const CheckReport& gc = g.checks[k];
      if (denied != kDenied.end() && denied->second.first == k) {
        EXPECT_EQ(gc.status, Outcome::kError) << w.id << " / " << gc.name;
        EXPECT_THAT(gc.message, HasSubstr(denied->second.second)) << w.id;
        EXPECT_TRUE(gc.offending.empty()) << w.id;
        errored.insert(w.id);
        continue;
      }
      EXPECT_EQ(gc.status, wc.status) << w.id << " / " << gc.name << ": " << gc.message;
      EXPECT_EQ(Ids(gc.offending), Ids(wc.offending)) << w.id << " / " << gc.name;
      EXPECT_TRUE(gc.unconfirmed.empty()) << w.id;
    }
    EXPECT_EQ(g.status, denied != kDenied.end() ? Outcome::kError : w.status) << w.id;
  }
  EXPECT_EQ(errored.size(), kDenied.size());
  EXPECT_EQ(got.summary.errors, static_cast<int>(kDenied.size()));
  EXPECT_TRUE(got.collections.recorded);
  // The four denied calls, and organizations list-accounts outside the
  // management account (read by no check).
  EXPECT_EQ(got.collections.failed, 5);
  EXPECT_EQ(got.collections.missing, 0);
}

TEST_F(AwsCliDemoTest, ErroredChecksListWhatTheyFoundAsUnconfirmed) {
  Report got = Run(*imported_);
  Report want = Run(*estate_);
  for (size_t i = 0; i < got.controls.size(); ++i) {
    if (got.controls[i].id != "cis-aws-4.16") continue;
    // Security Hub: the regions found without a hub, among them the one
    // whose answer was denied.
    const CheckReport& c = got.controls[i].checks[0];
    EXPECT_THAT(Ids(c.unconfirmed), ::testing::Contains("777788889999/eu-central-1"));
    EXPECT_EQ(Ids(c.unconfirmed), Ids(want.controls[i].checks[0].offending));
  }
}

TEST_F(AwsCliDemoTest, ImportedGraphWrittenAndReadBackBehavesTheSame) {
  const std::string json = GraphToJson(*imported_);
  auto back = LoadGraphJson(json, pack_->schema);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ((*back)->collections().facts(), imported_->collections().facts());
  EXPECT_EQ(GraphToJson(**back), json);
  Report a = Run(*imported_);
  Report b = Run(**back);
  for (size_t i = 0; i < a.controls.size(); ++i) {
    for (size_t k = 0; k < a.controls[i].checks.size(); ++k) {
      EXPECT_EQ(a.controls[i].checks[k].status, b.controls[i].checks[k].status);
      EXPECT_EQ(a.controls[i].checks[k].message, b.controls[i].checks[k].message);
      EXPECT_EQ(Ids(a.controls[i].checks[k].offending), Ids(b.controls[i].checks[k].offending));
      EXPECT_EQ(Ids(a.controls[i].checks[k].unconfirmed),
                Ids(b.controls[i].checks[k].unconfirmed));
    }
  }
}

TEST_F(AwsCliDemoTest, EveryCallIsRecordedForEveryAccountAndRegionInScope) {
  // Global calls once per account, regional ones per enabled region.
  size_t global = 0, regional = 0;
  std::set<std::string> calls;
  for (const Collection& c : imported_->collections().facts()) {
    calls.insert(c.call());
    (c.region == "global" ? global : regional)++;
  }
  // 111122223333: eu-west-1, us-east-1; 777788889999: eu-west-1, eu-central-1.
  EXPECT_EQ(regional % 4, 0u);
  EXPECT_EQ(global % 2, 0u);
  EXPECT_EQ(global + regional, imported_->collections().size());
  const Collection* f = testing::FactOf(*imported_, "777788889999", "global",
                                        "iam get-account-password-policy");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->state, CollectionState::kCollected);
  EXPECT_EQ(f->error_code, "NoSuchEntity");
  f = testing::FactOf(*imported_, "777788889999", "global", "organizations list-accounts");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->state, CollectionState::kFailed);
  EXPECT_EQ(f->error_code, "AccessDeniedException");
  f = testing::FactOf(*imported_, "111122223333", "us-east-1", "kms get-key-rotation-status");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->state, CollectionState::kFailed);
  EXPECT_THAT(f->detail, HasSubstr("1 of 2 calls failed"));
}

}  // namespace
}  // namespace vigil
