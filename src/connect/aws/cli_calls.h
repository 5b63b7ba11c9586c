// The AWS CLI calls the aws-cli folder holds (docs/aws-cli-folder.md): for
// each, where it lives (the `global` folder or every region), whether it is
// made once or once per resource (and which list call gives the resources),
// the exact invocation, the error codes that mean "there is none", and the
// members of its output. scripts/collect-aws-cli.sh makes exactly these
// calls; the schema's @collectedBy directives name exactly these calls (a
// test checks both ways).
#ifndef VIGIL_SRC_CONNECT_AWS_CLI_CALLS_H_
#define VIGIL_SRC_CONNECT_AWS_CLI_CALLS_H_

#include <string>
#include <string_view>
#include <vector>

namespace vigil::connect::aws {

// What the <parameter> of a per-resource call is.
enum class CliParam : uint8_t {
  kNone,              // one call per account (global) or per region
  kUserName,          // iam list-users -> Users[].UserName
  kGroupName,         // iam list-groups -> Groups[].GroupName
  kRoleName,          // iam list-roles -> Roles[].RoleName
  kUserPolicy,        // "<user name>/<policy name>" from list-user-policies
  kGroupPolicy,       // "<group name>/<policy name>" from list-group-policies
  kRolePolicy,        // "<role name>/<policy name>" from list-role-policies
  kAccessKeyId,       // list-access-keys -> AccessKeyMetadata[].AccessKeyId
  kPolicyArn,         // iam list-policies -> Policies[].Arn
  kBucketName,        // s3api list-buckets -> Buckets[].Name
  kTrail,             // cloudtrail describe-trails -> trailList[] of this home region:
                      // Name for the account's own trails, TrailARN for others'
  kKeyId,             // kms list-keys -> Keys[].KeyId
  kLogGroupName,      // logs describe-log-groups -> logGroups[].logGroupName
  kTopicArn,          // sns list-topics -> Topics[].TopicArn
  kContactType,       // BILLING, OPERATIONS, SECURITY
};

// What the parameter is, for people ("user name", "policy ARN", ...); "" for kNone.
std::string_view CliParamName(CliParam p);

struct CliCall {
  std::string_view service;  // the AWS CLI's service name: "ec2", "s3api", "configservice"
  std::string_view command;  // "describe-vpcs"
  bool global = false;       // under <account>/global/, else under every region
  CliParam param = CliParam::kNone;
  std::string_view list_call;  // for a per-resource call: the call listing the resources
  // The arguments after `aws <service> <command>`; {} stands for the
  // parameter, {account} for the account id, {version} for the default
  // version of the policy (get-policy-version).
  std::string_view arguments;
  // Error codes that mean the answer is "there is none" (the call is
  // collected); any other code means "not collected".
  std::vector<std::string_view> absence_codes;
  // The members of the operation's output (botocore's output shape).
  std::vector<std::string_view> output_members;

  std::string name() const;  // "ec2 describe-vpcs"
  bool per_resource() const { return param != CliParam::kNone; }
  bool IsAbsence(std::string_view code) const;
};

// Every call, in the order the importer reads them (a call's list call
// comes before it; calls whose assets others join to come first).
const std::vector<CliCall>& CliCalls();
const CliCall* FindCliCall(std::string_view service, std::string_view command);

// The services that have folders (any call's service).
bool IsKnownService(std::string_view service);

// The AWS CLI error text ("An error occurred (NoSuchEntity) when calling
// the GetAccountPasswordPolicy operation: ...", after any blank lines):
// the code in parentheses; "" when the text has none.
std::string ErrorCodeOf(std::string_view error_text);

// A parameter in a file name is percent-encoded with base's PercentEncode
// (src/base/strings.h); decoding: PercentDecode, policy_analysis.h.

}  // namespace vigil::connect::aws

#endif  // VIGIL_SRC_CONNECT_AWS_CLI_CALLS_H_
