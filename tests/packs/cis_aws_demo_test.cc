// Pins the findings of the bundled pack on the bundled demo organisation
// (examples/demo-aws.json, evaluated at 2026-01-15T00:00:00Z): for every
// control its status and the exact offending asset ids. A change to a
// control's query, to the schema or to the demo that moves a finding shows up
// here; update the table only when the new finding is the intended one.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "vigil/engine.h"
#include "vigil/json_loader.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"
#include "vigil/waivers.h"

namespace vigil {
namespace {

std::string SourcePath(const std::string& rel) { return std::string(VIGIL_SOURCE_DIR) + "/" + rel; }

// Every control fails on the demo: each has compliant and non-compliant
// assets. The comment says why the offending ones are offending.
const std::map<std::string, std::vector<std::string>> kExpected = {
    // analytics-dev has only a billing contact
    {"cis-aws-1.2", {"777788889999"}},
    // analytics-dev root user has an access key
    {"cis-aws-1.4", {"777788889999"}},
    // analytics-dev root has a password and no MFA (payments-prod has no root password: passes)
    {"cis-aws-1.5", {"777788889999"}},
    // network-hub root uses a virtual MFA device; analytics-dev has none
    {"cis-aws-1.6",
     {"111122223333",
      "777788889999"}},
    // analytics-dev root signed in on 2025-12-20
    {"cis-aws-1.7", {"777788889999"}},
    // analytics-dev has no password policy
    {"cis-aws-1.8", {"777788889999"}},
    // payments-prod remembers 5 passwords; analytics-dev has no policy
    {"cis-aws-1.9",
     {"444455556666",
      "777788889999"}},
    // console users without MFA
    {"cis-aws-1.10",
     {"arn:aws:iam::111122223333:user/bob",
      "arn:aws:iam::777788889999:user/dave"}},
    // dave's key, created with his console password, never used
    {"cis-aws-1.11", {"arn:aws:iam::777788889999:user/dave/AKIAANADAVE000000001"}},
    // bob's password (last used 2025-10-01) and ci-deployer's second key (2025-09-01)
    {"cis-aws-1.12",
     {"arn:aws:iam::111122223333:user/bob",
      "arn:aws:iam::444455556666:user/ci-deployer/AKIAPAYCIDEPLOYER002"}},
    // ci-deployer has two active keys
    {"cis-aws-1.13", {"arn:aws:iam::444455556666:user/ci-deployer"}},
    // keys created before 2025-10-17 (etl-svc's, 89 days old, passes)
    {"cis-aws-1.14",
     {"arn:aws:iam::111122223333:user/bob/AKIAHUBBOB0000000001",
      "arn:aws:iam::444455556666:user/ci-deployer/AKIAPAYCIDEPLOYER001",
      "arn:aws:iam::444455556666:user/ci-deployer/AKIAPAYCIDEPLOYER002"}},
    // bob has an attached policy, dave an attached and an inline one
    {"cis-aws-1.15",
     {"arn:aws:iam::111122223333:user/bob",
      "arn:aws:iam::777788889999:user/dave"}},
    // AdministratorAccess on break-glass-admin; an inline "*:*" policy on etl-runner
    {"cis-aws-1.16",
     {"111122223333/arn:aws:iam::aws:policy/AdministratorAccess",
      "arn:aws:iam::777788889999:role/etl-runner/inline-policy/etl-everything"}},
    // analytics-dev has no role with AWSSupportAccess
    {"cis-aws-1.17", {"777788889999"}},
    // a stopped and a running instance without instance profile (a terminated one is skipped)
    {"cis-aws-1.18",
     {"arn:aws:ec2:us-east-1:444455556666:instance/i-0b22c0ffee0000003",
      "arn:aws:ec2:eu-west-1:777788889999:instance/i-0c33c0ffee0000001"}},
    // legacy-portal-2024 expired on 2024-11-30
    {"cis-aws-1.19",
     {"arn:aws:iam::111122223333:server-certificate/legacy-portal-2024"}},
    // enabled regions without an active external-access analyzer
    {"cis-aws-1.20",
     {"444455556666/us-east-1",
      "777788889999/eu-west-1",
      "777788889999/eu-central-1"}},
    // dave has AWSCloudShellFullAccess
    {"cis-aws-1.22", {"arn:aws:iam::777788889999:user/dave"}},
    // buckets whose policy does not deny HTTP
    {"cis-aws-2.1.1",
     {"arn:aws:s3:::payments-static-site",
      "arn:aws:s3:::analytics-raw-777788889999",
      "arn:aws:s3:::analytics-scratch-777788889999"}},
    // every bucket but the CloudTrail log bucket
    {"cis-aws-2.1.2",
     {"arn:aws:s3:::org-access-logs-111122223333",
      "arn:aws:s3:::payments-invoices-444455556666",
      "arn:aws:s3:::payments-static-site",
      "arn:aws:s3:::analytics-raw-777788889999",
      "arn:aws:s3:::analytics-scratch-777788889999",
      "arn:aws:s3:::analytics-trail-logs-777788889999"}},
    // neither the bucket nor its account blocks public access (network-hub buckets are covered by the account)
    {"cis-aws-2.1.4",
     {"arn:aws:s3:::payments-static-site",
      "arn:aws:s3:::analytics-scratch-777788889999"}},
    // regions without EBS default encryption (not-opted-in regions are skipped)
    {"cis-aws-2.2.1",
     {"444455556666/us-east-1",
      "777788889999/eu-west-1"}},
    // payments-reporting is unencrypted
    {"cis-aws-2.3.1", {"arn:aws:rds:us-east-1:444455556666:db:payments-reporting"}},
    // payments-reporting does not upgrade minor versions
    {"cis-aws-2.3.2", {"arn:aws:rds:us-east-1:444455556666:db:payments-reporting"}},
    // analytics-warehouse is publicly accessible
    {"cis-aws-2.3.3", {"arn:aws:rds:eu-west-1:777788889999:db:analytics-warehouse"}},
    // analytics-notebooks is unencrypted
    {"cis-aws-2.4.1",
     {"arn:aws:elasticfilesystem:eu-west-1:777788889999:file-system/fs-0c3300000000000b2"}},
    // analytics-dev's multi-region trail is stopped; its other trail is single-region
    {"cis-aws-3.1", {"777788889999"}},
    // trails without log file validation
    {"cis-aws-3.2",
     {"arn:aws:cloudtrail:eu-west-1:444455556666:trail/payments-audit",
      "arn:aws:cloudtrail:eu-west-1:777788889999:trail/analytics-eu-west-1"}},
    // a recorder that is not recording, regions without one, an account without global resources
    {"cis-aws-3.3",
     {"444455556666/us-east-1",
      "777788889999/eu-west-1",
      "777788889999/eu-central-1",
      "777788889999"}},
    // the analytics trail bucket has no access logging
    {"cis-aws-3.4", {"arn:aws:s3:::analytics-trail-logs-777788889999"}},
    // trails without a KMS key
    {"cis-aws-3.5",
     {"arn:aws:cloudtrail:eu-west-1:444455556666:trail/payments-audit",
      "arn:aws:cloudtrail:eu-west-1:777788889999:trail/analytics-eu-west-1"}},
    // customer-managed symmetric keys without rotation (asymmetric and pending-deletion keys skipped)
    {"cis-aws-3.6",
     {"arn:aws:kms:eu-west-1:444455556666:key/0f1e2d3c-2222-4a5b-8c9d-000000000001",
      "arn:aws:kms:eu-west-1:777788889999:key/0f1e2d3c-3333-4a5b-8c9d-000000000001"}},
    // the seed: the shared VPC seen from payments-prod, an INACTIVE-only VPC, three without flow logs
    {"cis-aws-3.7",
     {"arn:aws:ec2:eu-west-1:444455556666:vpc/vpc-0a3c5e7f9b1d2e4f6",
      "arn:aws:ec2:us-east-1:444455556666:vpc/vpc-0e7a9c1d3f5b7d9fb",
      "arn:aws:ec2:us-east-1:444455556666:vpc/vpc-0f8b0d2e4a6c8eaf0",
      "arn:aws:ec2:eu-west-1:777788889999:vpc/vpc-01a2b3c4d5e6f7a8b",
      "arn:aws:ec2:eu-central-1:777788889999:vpc/vpc-02b3c4d5e6f7a8b9c"}},
    // analytics-dev has no logging multi-region trail
    {"cis-aws-3.8", {"777788889999"}},
    // payments-prod logs reads of one bucket only; analytics-dev as for 3.8
    {"cis-aws-3.9",
     {"444455556666",
      "777788889999"}},
    // payments-prod uses the pattern as CIS v3.0.0 prints it: accepted
    {"cis-aws-4.1", {"777788889999"}},
    // payments-prod's console filter is narrowed to one region
    {"cis-aws-4.2",
     {"444455556666",
      "777788889999"}},
    // analytics-dev's filter is on a single-region trail
    {"cis-aws-4.3", {"777788889999"}},
    // payments-prod has the filter
    {"cis-aws-4.4", {"777788889999"}},
    // payments-prod and analytics-dev lack the filter and alarm
    {"cis-aws-4.5",
     {"444455556666",
      "777788889999"}},
    // network-hub's alarm topic has no confirmed subscription
    {"cis-aws-4.6",
     {"111122223333",
      "444455556666",
      "777788889999"}},
    // payments-prod and analytics-dev lack the filter and alarm
    {"cis-aws-4.7",
     {"444455556666",
      "777788889999"}},
    // payments-prod and analytics-dev lack the filter and alarm
    {"cis-aws-4.8",
     {"444455556666",
      "777788889999"}},
    // payments-prod and analytics-dev lack the filter and alarm
    {"cis-aws-4.9",
     {"444455556666",
      "777788889999"}},
    // payments-prod's network filter alarm has its actions disabled
    {"cis-aws-4.10",
     {"444455556666",
      "777788889999"}},
    // payments-prod's network filter alarm has its actions disabled
    {"cis-aws-4.11",
     {"444455556666",
      "777788889999"}},
    // payments-prod and analytics-dev lack the filter and alarm
    {"cis-aws-4.12",
     {"444455556666",
      "777788889999"}},
    // payments-prod and analytics-dev lack the filter and alarm
    {"cis-aws-4.13",
     {"444455556666",
      "777788889999"}},
    // payments-prod and analytics-dev lack the filter and alarm
    {"cis-aws-4.14",
     {"444455556666",
      "777788889999"}},
    // nobody monitors Organizations changes
    {"cis-aws-4.15",
     {"111122223333",
      "444455556666",
      "777788889999"}},
    // enabled regions without Security Hub
    {"cis-aws-4.16",
     {"444455556666/us-east-1",
      "777788889999/eu-west-1",
      "777788889999/eu-central-1"}},
    // payments-public (ephemeral range includes 3389), payments-edge (only TCP 22 denied), a default ACL; network-hub denies the ports first: passes
    {"cis-aws-5.1",
     {"arn:aws:ec2:eu-west-1:444455556666:network-acl/acl-0b22000000000001",
      "arn:aws:ec2:us-east-1:444455556666:network-acl/acl-0b22000000000002",
      "arn:aws:ec2:eu-west-1:777788889999:network-acl/acl-0c33000000000001"}},
    // SSH from 0.0.0.0/0, all traffic from 0.0.0.0/0, a range containing 3389
    {"cis-aws-5.2",
     {"arn:aws:ec2:eu-west-1:444455556666:security-group/sg-0b22000000000a003",
      "arn:aws:ec2:eu-west-1:777788889999:security-group/sg-0c33000000000a002",
      "arn:aws:ec2:eu-west-1:777788889999:security-group/sg-0c33000000000a004"}},
    // RDP from ::/0
    {"cis-aws-5.3",
     {"arn:aws:ec2:us-east-1:444455556666:security-group/sg-0b22000000000a005"}},
    // default groups that kept their rules
    {"cis-aws-5.4",
     {"arn:aws:ec2:eu-west-1:444455556666:security-group/sg-0b22000000000d001",
      "arn:aws:ec2:us-east-1:444455556666:security-group/sg-0b22000000000d006",
      "arn:aws:ec2:eu-west-1:777788889999:security-group/sg-0c33000000000d001",
      "arn:aws:ec2:eu-central-1:777788889999:security-group/sg-0c33000000000d005"}},
    // instances allowing IMDSv1 (a disabled endpoint passes, a terminated instance is skipped)
    {"cis-aws-5.6",
     {"arn:aws:ec2:eu-west-1:444455556666:instance/i-0b22c0ffee0000002",
      "arn:aws:ec2:eu-west-1:777788889999:instance/i-0c33c0ffee0000001"}},
};

class CisAwsDemoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto pack = LoadPack(SourcePath("packs/cis-aws"));
    ASSERT_TRUE(pack.ok()) << pack.status();
    pack_ = new std::shared_ptr<const Pack>(*pack);
    auto graph = LoadGraphJsonFile(SourcePath("examples/demo-aws.json"), (*pack_)->schema);
    ASSERT_TRUE(graph.ok()) << graph.status();
    graph_ = new std::shared_ptr<const Graph>(*graph);
  }
  static void TearDownTestSuite() {
    delete pack_;
    delete graph_;
    pack_ = nullptr;
    graph_ = nullptr;
  }
  static std::shared_ptr<const Pack>* pack_;
  static std::shared_ptr<const Graph>* graph_;
};
std::shared_ptr<const Pack>* CisAwsDemoTest::pack_ = nullptr;
std::shared_ptr<const Graph>* CisAwsDemoTest::graph_ = nullptr;

TEST_F(CisAwsDemoTest, FindingsArePinned) {
  ASSERT_NE(pack_, nullptr);
  ASSERT_NE(graph_, nullptr);
  RunOptions o;
  o.now = ParseInstant("2026-01-15T00:00:00Z").value();
  auto r = RunPack(**pack_, **graph_, o);
  ASSERT_TRUE(r.ok()) << r.status();
  std::set<std::string> seen;
  for (const ControlReport& c : r->controls) {
    seen.insert(c.id);
    auto it = kExpected.find(c.id);
    if (it == kExpected.end()) {
      ADD_FAILURE() << c.id << " is not in the expected findings";
      continue;
    }
    EXPECT_EQ(c.status, Outcome::kFail) << c.id;
    std::vector<std::string> ids;
    for (const CheckReport& k : c.checks) {
      EXPECT_NE(k.status, Outcome::kError) << c.id << " / " << k.name << ": " << k.message;
      for (const ReportRow& row : k.offending) ids.push_back(row.id);
      EXPECT_TRUE(k.waived.empty()) << c.id;
    }
    EXPECT_THAT(ids, ::testing::UnorderedElementsAreArray(it->second)) << c.id;
  }
  for (const auto& [id, unused] : kExpected) EXPECT_EQ(seen.count(id), 1u) << id << " did not run";
  EXPECT_EQ(r->summary.controls, 57);
  EXPECT_EQ(r->summary.failed, 57);
  EXPECT_EQ(r->summary.errors, 0);
}

// The same run with the bundled exceptions: the shared VPC and the
// break-glass administrator policy are waived.
TEST_F(CisAwsDemoTest, BundledExceptionsWaiveTwoRows) {
  ASSERT_NE(pack_, nullptr);
  auto ex = ExceptionSet::LoadFile(SourcePath("examples/exceptions.json"), pack_->get());
  ASSERT_TRUE(ex.ok()) << ex.status();
  RunOptions o;
  o.now = ParseInstant("2026-01-15T00:00:00Z").value();
  o.exceptions = &*ex;
  auto r = RunPack(**pack_, **graph_, o);
  ASSERT_TRUE(r.ok()) << r.status();
  std::vector<std::string> waived;
  for (const ControlReport& c : r->controls)
    for (const CheckReport& k : c.checks)
      for (const ReportRow& w : k.waived) waived.push_back(c.id + " " + w.id);
  EXPECT_THAT(waived, ::testing::UnorderedElementsAre(
                          "cis-aws-1.16 111122223333/arn:aws:iam::aws:policy/AdministratorAccess",
                          "cis-aws-3.7 arn:aws:ec2:eu-west-1:444455556666:vpc/vpc-0a3c5e7f9b1d2e4f6"));
}

}  // namespace
}  // namespace vigil
