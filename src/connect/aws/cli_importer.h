// The aws-cli folder importer (docs/aws-cli-folder.md): reads the folder's
// files call by call, in the order of CliCalls(), into the AWS asset graph
// (schemas/aws.graphql, docs/aws-schema.md), and records one collection fact
// per (account, region, call).
#ifndef VIGIL_SRC_CONNECT_AWS_CLI_IMPORTER_H_
#define VIGIL_SRC_CONNECT_AWS_CLI_IMPORTER_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "src/connect/aws/aws_graph.h"
#include "src/connect/aws/cli_calls.h"
#include "src/connect/aws/cli_folder.h"
#include "src/connect/aws/credential_report.h"
#include "src/connect/aws/event_selectors.h"
#include "src/connect/aws/resource_mapping.h"
#include "src/connect/json_input.h"
#include "vigil/collection.h"
#include "vigil/connector.h"

namespace vigil::connect::aws {

// Maps the output of one call to the graph. Exposed for the fuzzer and the
// unit tests: `text` is the content of the .json file of `call` made in
// (account, region) with `param` ("" for a one-call command). Assets the
// output refers to but does not define (the account, the region, a user
// for list-access-keys) are created first, so any output can be mapped on
// its own.
absl::Status MapCliOutputForTest(GraphBuilder& builder, const CliCall& call,
                                 const std::string& account, const std::string& region,
                                 const std::string& param, std::string_view text);

class CliImporter {
 public:
  CliImporter(std::string dir, AwsCliOptions options, GraphBuilder& builder,
              ConnectorContext& context);
  absl::Status Run();

  // For MapCliOutputForTest: prepares one account and region.
  void PrepareForTest(const std::string& account, const std::string& region);
  absl::Status MapText(const CliCall& call, const std::string& account,
                       const std::string& region, const std::string& param,
                       const std::string& file_name, std::string_view text);

 private:
  struct RegionState {
    std::map<std::string, std::string> keys;        // KeyId -> key ARN (id)
    std::map<std::string, std::string> log_groups;  // logGroupName -> id
    std::set<std::string> topics;                   // topic ARNs
    // (Namespace, MetricName) -> alarm ids
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> alarms;
    std::map<std::string, std::string> trail_params;  // parameter -> TrailARN
    std::map<std::string, std::string> recorders;     // recorder name -> id
  };
  struct Policy {
    std::string id;
    std::string version;
  };
  struct AccountState {
    std::string id;
    std::string partition = "aws";
    std::vector<std::string> scope;  // regions in scope, sorted
    std::vector<std::string> excluded;
    std::map<std::string, std::string> listed_regions;  // describe-regions: name -> OptInStatus
    bool regions_listed = false;
    std::optional<CredentialReport> report;
    std::map<std::string, std::string> users, groups, roles;  // name -> ARN
    std::map<std::string, Policy> policies;                   // ARN -> asset
    std::vector<std::string> user_policies, group_policies, role_policies;  // "<principal>/<name>"
    std::map<std::string, std::string> access_keys;  // AccessKeyId -> asset id
    std::vector<std::string> mfa_devices;            // asset ids
    std::map<std::string, std::string> buckets;      // bucket name -> asset id
    std::map<std::string, RegionState> regions;
    std::map<std::string, CollectionState> states;  // "<region> <call>" -> state
  };
  struct TrailInfo {
    std::string arn, owner, home_region;
    std::set<std::string> recorded;  // accounts whose DescribeTrails lists it
    bool status_from_owner = false, selectors_from_owner = false;
    std::string bucket, log_group, kms_key;
    std::optional<TrailEventCoverage> coverage;
  };

  // The file's context while it is mapped.
  struct Ctx {
    AccountState* account = nullptr;
    std::string region;
    std::string param;
    std::string file;  // relative path, for messages
    std::string_view text;
  };

  absl::Status ProcessCall(const CliCall& call, AccountState& a, const std::string& region);
  absl::Status MapFile(const CliCall& call, Ctx& ctx);
  absl::Status MapAbsent(const CliCall& call, Ctx& ctx, const std::string& code);
  std::vector<std::string> ExpectedParams(const CliCall& call, AccountState& a,
                                          const std::string& region);
  absl::StatusOr<std::string> ReadFile(const std::string& rel);
  void SetUpAccount(AccountState& a);
  void SetUpRegions(AccountState& a);
  void AddRegion(AccountState& a, const std::string& region, const std::string& opt_in);
  void FinishTrails();
  void Progress(const std::string& current);
  absl::Status Error(const Ctx& ctx, std::string message) const;

  // Walks the output's top-level members (checking they are the call's).
  absl::Status Members(const CliCall& call, Ctx& ctx,
                       const std::function<void(std::string_view, int64_t, const JsonNode&)>& fn);

  // One mapper per call (cli_mappers.cc).
  using Mapper = absl::Status (CliImporter::*)(const CliCall&, Ctx&);
  static const std::map<std::string, Mapper>& Mappers();
  absl::Status DescribeRegions(const CliCall& c, Ctx& x);
  absl::Status ListAccounts(const CliCall& c, Ctx& x);
  absl::Status AlternateContact(const CliCall& c, Ctx& x);
  absl::Status AccountSummary(const CliCall& c, Ctx& x);
  absl::Status CredentialReportCall(const CliCall& c, Ctx& x);
  absl::Status PasswordPolicy(const CliCall& c, Ctx& x);
  absl::Status AccountPublicAccessBlock(const CliCall& c, Ctx& x);
  absl::Status ListPolicies(const CliCall& c, Ctx& x);
  absl::Status PolicyVersion(const CliCall& c, Ctx& x);
  absl::Status ListGroups(const CliCall& c, Ctx& x);
  absl::Status ListRoles(const CliCall& c, Ctx& x);
  absl::Status GetRole(const CliCall& c, Ctx& x);
  absl::Status ListUsers(const CliCall& c, Ctx& x);
  absl::Status AttachedPolicies(const CliCall& c, Ctx& x);
  absl::Status InlinePolicyNames(const CliCall& c, Ctx& x);
  absl::Status InlinePolicyDocument(const CliCall& c, Ctx& x);
  absl::Status AccessKeys(const CliCall& c, Ctx& x);
  absl::Status AccessKeyLastUsed(const CliCall& c, Ctx& x);
  absl::Status MfaDevices(const CliCall& c, Ctx& x);
  absl::Status VirtualMfaDevices(const CliCall& c, Ctx& x);
  absl::Status GroupsForUser(const CliCall& c, Ctx& x);
  absl::Status ServerCertificates(const CliCall& c, Ctx& x);
  absl::Status ListBuckets(const CliCall& c, Ctx& x);
  absl::Status BucketLocation(const CliCall& c, Ctx& x);
  absl::Status BucketPublicAccessBlock(const CliCall& c, Ctx& x);
  absl::Status BucketVersioning(const CliCall& c, Ctx& x);
  absl::Status BucketLogging(const CliCall& c, Ctx& x);
  absl::Status BucketPolicy(const CliCall& c, Ctx& x);
  absl::Status EbsEncryption(const CliCall& c, Ctx& x);
  absl::Status EbsKmsKey(const CliCall& c, Ctx& x);
  absl::Status ListKeys(const CliCall& c, Ctx& x);
  absl::Status DescribeKey(const CliCall& c, Ctx& x);
  absl::Status KeyRotation(const CliCall& c, Ctx& x);
  absl::Status LogGroups(const CliCall& c, Ctx& x);
  absl::Status Topics(const CliCall& c, Ctx& x);
  absl::Status TopicAttributes(const CliCall& c, Ctx& x);
  absl::Status Alarms(const CliCall& c, Ctx& x);
  absl::Status MetricFilters(const CliCall& c, Ctx& x);
  absl::Status Vpcs(const CliCall& c, Ctx& x);
  absl::Status FlowLogs(const CliCall& c, Ctx& x);
  absl::Status SecurityGroups(const CliCall& c, Ctx& x);
  absl::Status NetworkAcls(const CliCall& c, Ctx& x);
  absl::Status Instances(const CliCall& c, Ctx& x);
  absl::Status Analyzers(const CliCall& c, Ctx& x);
  absl::Status SecurityHub(const CliCall& c, Ctx& x);
  absl::Status Recorders(const CliCall& c, Ctx& x);
  absl::Status RecorderStatus(const CliCall& c, Ctx& x);
  absl::Status DbInstances(const CliCall& c, Ctx& x);
  absl::Status FileSystems(const CliCall& c, Ctx& x);
  absl::Status Trails(const CliCall& c, Ctx& x);
  absl::Status TrailStatus(const CliCall& c, Ctx& x);
  absl::Status EventSelectors(const CliCall& c, Ctx& x);

  // Helpers shared by the mappers.
  std::optional<std::string> CheckedArn(const JsonNode& node, std::string_view key,
                                        bool required);
  std::string Ec2Arn(const Ctx& x, std::string_view kind, std::string_view id) const;
  // The users, groups or roles (name -> ARN) a per-principal call names.
  static const std::map<std::string, std::string>& Principals(const AccountState& a,
                                                              CliParam param);
  // The trail a get-trail-status or get-event-selectors file names (nullptr
  // when no describe-trails of the region listed it), and its asset in *n.
  TrailInfo* NamedTrail(const Ctx& x, std::optional<NodeId>* n);
  // list-users, list-groups, list-roles: an element as the principal's asset,
  // owned by the account and recorded by name; nullopt when not added.
  std::optional<NodeId> AddPrincipal(AccountState& a, const JsonNode& p, IamPrincipal kind,
                                     std::string_view* name);

  std::string dir_;
  AwsCliOptions options_;
  AwsGraph g_;
  ConnectorContext& context_;
  CliFolder folder_;
  std::map<std::string, AccountState> accounts_;
  std::map<std::string, TrailInfo> trails_;  // by TrailARN
  std::vector<Collection> facts_;
  size_t done_ = 0;
};

}  // namespace vigil::connect::aws

#endif  // VIGIL_SRC_CONNECT_AWS_CLI_IMPORTER_H_
