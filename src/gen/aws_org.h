// A deterministic synthetic AWS organisation over schemas/aws.graphql, for
// benchmarks and for end-to-end tests of the CIS pack (`vigil gen`).
//
//   vigil::gen::OrgOptions o;  o.accounts = 20;  o.assets = 10000;  o.seed = 7;
//   auto org = vigil::gen::GenerateAwsOrg(schema, o);
//   // org->graph: the graph; org->expected: per control of packs/cis-aws,
//   // whether it fails and how many rows it reports at org->now.
//
// The organisation has realistic proportions: every account has its regions
// (enabled and not opted in), per-region Config recorders, Access Analyzer
// analyzers and Security Hub hubs, alternate contacts, a password policy,
// a CloudTrail trail with its bucket, KMS key, log group, the 15 CIS metric
// filters with alarms and an SNS topic; the rest of an account's share of
// `assets` goes to VPCs (flow logs, security groups with rules, network ACLs
// with entries, EC2 instances), IAM users (access keys, MFA devices),
// groups, roles (inline policies), managed policies, buckets, RDS instances,
// EFS file systems, KMS keys and server certificates.
//
// Violations: each asset that a control of the pack examines is made to
// offend exactly one of the controls that examine it with probability
// `violations` per control (one draw per asset, so they never overlap by
// accident); the generator counts what each check will report, including
// the known knock-on effects (a trail that does not log every management
// event also fails the 4.x monitoring controls of its account, an account
// whose root has no MFA fails 1.5 and 1.6, a bucket missing Block Public
// Access offends 2.1.4 only when its account lacks it too).
//
// Same options, same graph (asset order, ids and values), on every machine.
#ifndef VIGIL_SRC_GEN_AWS_ORG_H_
#define VIGIL_SRC_GEN_AWS_ORG_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "vigil/datetime.h"
#include "vigil/graph.h"
#include "vigil/schema.h"

namespace vigil::gen {

struct OrgOptions {
  int accounts = 10;
  // About this many assets in all (at least the fixed part of each account,
  // about 120 assets; the generator may overshoot by a few per account).
  size_t assets = 10000;
  uint64_t seed = 1;
  // Probability that an examined asset offends a given control (0..1).
  double violations = 0.05;
  // The evaluation time the dates are relative to (and expected.json is
  // valid at): 2026-01-01T00:00:00Z.
  Instant now{1767225600, 0};
};

struct ControlExpectation {
  std::string control;   // "cis-aws-1.10"
  bool fails = false;    // offending > 0
  size_t offending = 0;  // rows over all checks of the control
};

struct GeneratedOrg {
  std::shared_ptr<const Graph> graph;
  std::vector<ControlExpectation> expected;  // the 57 controls, sorted by id
  Instant now;
};

// Fails (InvalidArgument) on bad options (accounts < 1, violations outside
// 0..1) or a schema without the types and fields of schemas/aws.graphql.
absl::StatusOr<GeneratedOrg> GenerateAwsOrg(std::shared_ptr<const Schema> schema,
                                            const OrgOptions& options);

// expected.json: {"generator", "seed", "accounts", "assets", "violations",
// "now", "controls": {"cis-aws-1.10": {"status": "fail", "offending": 3},
// ...}} with keys in a fixed order (byte-stable for the same options).
std::string ExpectedJson(const GeneratedOrg& org, const OrgOptions& options);

}  // namespace vigil::gen

#endif  // VIGIL_SRC_GEN_AWS_ORG_H_
