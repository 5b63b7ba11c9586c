// The AWS resources that both importers read, each mapped once: the AWS
// CLI's describe-* output spells their members in PascalCase ("IpProtocol"),
// AWS Config's configuration items in camelCase ("ipProtocol"); the names
// are otherwise the same (even "DBInstanceClass" / "dBInstanceClass"). A
// mapping names each member once, in PascalCase, as Key<"IpProtocol">(source).
//
// The AWS CLI's output is read strictly (a missing required member is an
// error at its JSON path); AWS Config's items are taken as they come (an
// element without the member is passed over), as each importer did before.
#ifndef VIGIL_SRC_CONNECT_AWS_RESOURCE_MAPPING_H_
#define VIGIL_SRC_CONNECT_AWS_RESOURCE_MAPPING_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "src/connect/aws/aws_graph.h"
#include "src/connect/json_input.h"

namespace vigil::connect::aws {

enum class Source : uint8_t { kCli, kConfig };

// A member name in both spellings, made at compile time from its PascalCase
// form. As a template argument it has static storage, which JsonNode needs
// (a node keeps its key for error paths).
template <size_t N>
struct MemberName {
  char cli[N] = {};
  char config[N] = {};
  consteval MemberName(const char (&pascal)[N]) {  // NOLINT: implicit by design
    for (size_t i = 0; i < N; ++i) cli[i] = config[i] = pascal[i];
    if (config[0] >= 'A' && config[0] <= 'Z') config[0] = static_cast<char>(config[0] - 'A' + 'a');
  }
};

template <MemberName k>
constexpr std::string_view Key(Source s) {
  return s == Source::kCli ? std::string_view(k.cli, sizeof(k.cli) - 1)
                           : std::string_view(k.config, sizeof(k.config) - 1);
}

// Where a mapped asset goes: its account and region (ids of the graph).
struct Owner {
  std::string_view account, region;
};

// The id of a managed policy: AWS managed policies are one per account
// ("<account>/<arn>"), a customer managed policy is its ARN.
std::string ManagedPolicyId(std::string_view account, std::string_view arn);

// The IamPolicy of `arn`, added (with its name, or the ARN's last part, and
// an OWNS edge from the account) when it is not in the graph: an attachment
// names a policy that list-policies (or Config) may not describe.
std::optional<NodeId> EnsureManagedPolicy(AwsGraph& g, std::string_view account,
                                          std::string_view arn,
                                          std::optional<std::string_view> name);

// A managed policy's fields (list-policies, Config's AWS::IAM::Policy);
// returns its DefaultVersionId.
std::optional<std::string_view> MapManagedPolicyFields(AwsGraph& g, Source s,
                                                       const JsonNode& policy, NodeId n,
                                                       std::optional<std::string_view> name,
                                                       std::string_view arn);

enum class IamPrincipal : uint8_t { kUser, kGroup, kRole };

// What IAM users, groups and roles have in common: their name and id
// (userName/userId, ...), ARN, path and creation date; and a role's last use.
void MapIamPrincipalFields(AwsGraph& g, Source s, const JsonNode& principal, NodeId n,
                           IamPrincipal kind, std::optional<std::string_view> name,
                           std::string_view arn);

// Sets `prop` (a literal: "document", "policyDocument") to the policy text
// and allowsFullAdmin when the text can be analysed.
void SetPolicyDocument(AwsGraph& g, NodeId n, std::string_view prop, std::string_view text);

// The four Block Public Access flags (an account's or a bucket's); absent
// flags are false.
void MapPublicAccessBlock(AwsGraph& g, Source s, const JsonNode& block, NodeId n);

// The fields of a KMS key besides its id and ARN (describe-key's KeyMetadata,
// Config's configuration).
void MapKmsKeyFields(AwsGraph& g, Source s, const JsonNode& key, NodeId n);

// The fields of an RDS DB instance besides its identifier and ARN.
void MapRdsInstanceFields(AwsGraph& g, Source s, const JsonNode& db, NodeId n);

// The fields of a CloudTrail trail read as they are: its flags, S3 key
// prefix and CloudWatch Logs role (the caller maps its name, ARN, home
// region, KMS key, bucket and log group, which it also keeps).
void MapTrailFields(AwsGraph& g, Source s, const JsonNode& trail, NodeId n);

// The fields of an EC2 instance besides its name (the Name tag).
void MapEc2InstanceFields(AwsGraph& g, Source s, const JsonNode& instance, NodeId n,
                          std::string_view instance_id);

// A security group's own fields; returns its VpcId (the caller adds IN_VPC).
std::optional<std::string_view> MapSecurityGroupFields(AwsGraph& g, Source s, const JsonNode& sg,
                                                       NodeId n, std::string_view group_id);

// One SecurityGroupRule per (permission, source) of security group `id`, as
// the console lists them, with HAS_RULE edges; a rule listed twice is added
// once.
void MapSecurityGroupRules(AwsGraph& g, Source s, const JsonNode& sg, const std::string& id,
                           std::string_view group_id, Owner owner);

// A network ACL's own fields and its subnets; returns its VpcId (the caller
// adds IN_VPC).
std::optional<std::string_view> MapNetworkAclFields(AwsGraph& g, Source s, const JsonNode& acl,
                                                    NodeId n, std::string_view acl_id);

// The NetworkAclEntry assets of network ACL `id` (HAS_ENTRY edges) and the
// PRECEDED_BY edges between them (network_rules.h).
void MapNetworkAclEntries(AwsGraph& g, Source s, const JsonNode& acl, const std::string& id,
                          std::string_view acl_id, Owner owner);

}  // namespace vigil::connect::aws

#endif  // VIGIL_SRC_CONNECT_AWS_RESOURCE_MAPPING_H_
