// The table of AWS CLI calls of the aws-cli folder (cli_calls.h).
#include "src/connect/aws/cli_calls.h"

#include <algorithm>

#include "src/base/strings.h"

namespace vigil::connect::aws {

std::string_view CliParamName(CliParam p) {
  switch (p) {
    case CliParam::kNone: return "";
    case CliParam::kUserName: return "user name";
    case CliParam::kGroupName: return "group name";
    case CliParam::kRoleName: return "role name";
    case CliParam::kUserPolicy: return "user name/policy name";
    case CliParam::kGroupPolicy: return "group name/policy name";
    case CliParam::kRolePolicy: return "role name/policy name";
    case CliParam::kAccessKeyId: return "access key id";
    case CliParam::kPolicyArn: return "policy ARN";
    case CliParam::kBucketName: return "bucket name";
    case CliParam::kTrail: return "trail name (another account's trail: its ARN)";
    case CliParam::kKeyId: return "key id";
    case CliParam::kLogGroupName: return "log group name";
    case CliParam::kTopicArn: return "topic ARN";
    case CliParam::kContactType: return "BILLING, OPERATIONS or SECURITY";
  }
  return "";
}

std::string CliCall::name() const { return StrCat(service, " ", command); }

bool CliCall::IsAbsence(std::string_view code) const {
  return std::find(absence_codes.begin(), absence_codes.end(), code) != absence_codes.end();
}

const std::vector<CliCall>& CliCalls() {
  using P = CliParam;
  static const std::vector<CliCall>* calls = new std::vector<CliCall>{
      // ---- account-wide ----
      {"ec2", "describe-regions", true, P::kNone, "", "--all-regions", {}, {"Regions"}},
      {"organizations", "list-accounts", true, P::kNone, "", "",
       {"AWSOrganizationsNotInUseException"}, {"Accounts", "NextToken"}},
      {"account", "get-alternate-contact", true, P::kContactType, "",
       "--alternate-contact-type {}", {"ResourceNotFoundException"}, {"AlternateContact"}},
      {"iam", "get-account-summary", true, P::kNone, "", "", {}, {"SummaryMap"}},
      {"iam", "get-credential-report", true, P::kNone, "", "", {},
       {"Content", "ReportFormat", "GeneratedTime"}},
      {"iam", "get-account-password-policy", true, P::kNone, "", "", {"NoSuchEntity"},
       {"PasswordPolicy"}},
      {"s3control", "get-public-access-block", true, P::kNone, "", "--account-id {account}",
       {"NoSuchPublicAccessBlockConfiguration"}, {"PublicAccessBlockConfiguration"}},
      // ---- IAM (policies first: users, groups and roles attach to them) ----
      {"iam", "list-policies", true, P::kNone, "", "--only-attached", {},
       {"Policies", "IsTruncated", "Marker"}},
      {"iam", "get-policy-version", true, P::kPolicyArn, "iam list-policies",
       "--policy-arn {} --version-id {version}", {}, {"PolicyVersion"}},
      {"iam", "list-groups", true, P::kNone, "", "", {}, {"Groups", "IsTruncated", "Marker"}},
      {"iam", "list-attached-group-policies", true, P::kGroupName, "iam list-groups",
       "--group-name {}", {}, {"AttachedPolicies", "IsTruncated", "Marker"}},
      {"iam", "list-group-policies", true, P::kGroupName, "iam list-groups", "--group-name {}",
       {}, {"PolicyNames", "IsTruncated", "Marker"}},
      {"iam", "get-group-policy", true, P::kGroupPolicy, "iam list-group-policies",
       "--group-name {group} --policy-name {policy}", {},
       {"GroupName", "PolicyName", "PolicyDocument"}},
      {"iam", "list-roles", true, P::kNone, "", "", {}, {"Roles", "IsTruncated", "Marker"}},
      {"iam", "get-role", true, P::kRoleName, "iam list-roles", "--role-name {}", {}, {"Role"}},
      {"iam", "list-attached-role-policies", true, P::kRoleName, "iam list-roles",
       "--role-name {}", {}, {"AttachedPolicies", "IsTruncated", "Marker"}},
      {"iam", "list-role-policies", true, P::kRoleName, "iam list-roles", "--role-name {}", {},
       {"PolicyNames", "IsTruncated", "Marker"}},
      {"iam", "get-role-policy", true, P::kRolePolicy, "iam list-role-policies",
       "--role-name {role} --policy-name {policy}", {},
       {"RoleName", "PolicyName", "PolicyDocument"}},
      {"iam", "list-users", true, P::kNone, "", "", {}, {"Users", "IsTruncated", "Marker"}},
      {"iam", "list-access-keys", true, P::kUserName, "iam list-users", "--user-name {}", {},
       {"AccessKeyMetadata", "IsTruncated", "Marker"}},
      {"iam", "get-access-key-last-used", true, P::kAccessKeyId, "iam list-access-keys",
       "--access-key-id {}", {}, {"UserName", "AccessKeyLastUsed"}},
      {"iam", "list-mfa-devices", true, P::kUserName, "iam list-users", "--user-name {}", {},
       {"MFADevices", "IsTruncated", "Marker"}},
      {"iam", "list-virtual-mfa-devices", true, P::kNone, "", "", {},
       {"VirtualMFADevices", "IsTruncated", "Marker"}},
      {"iam", "list-groups-for-user", true, P::kUserName, "iam list-users", "--user-name {}",
       {}, {"Groups", "IsTruncated", "Marker"}},
      {"iam", "list-attached-user-policies", true, P::kUserName, "iam list-users",
       "--user-name {}", {}, {"AttachedPolicies", "IsTruncated", "Marker"}},
      {"iam", "list-user-policies", true, P::kUserName, "iam list-users", "--user-name {}", {},
       {"PolicyNames", "IsTruncated", "Marker"}},
      {"iam", "get-user-policy", true, P::kUserPolicy, "iam list-user-policies",
       "--user-name {user} --policy-name {policy}", {},
       {"UserName", "PolicyName", "PolicyDocument"}},
      {"iam", "list-server-certificates", true, P::kNone, "", "", {},
       {"ServerCertificateMetadataList", "IsTruncated", "Marker"}},
      // ---- S3 (global: ListBuckets and the per-bucket calls) ----
      {"s3api", "list-buckets", true, P::kNone, "", "", {}, {"Buckets", "Owner"}},
      {"s3api", "get-bucket-location", true, P::kBucketName, "s3api list-buckets",
       "--bucket {}", {}, {"LocationConstraint"}},
      {"s3api", "get-public-access-block", true, P::kBucketName, "s3api list-buckets",
       "--bucket {}", {"NoSuchPublicAccessBlockConfiguration"},
       {"PublicAccessBlockConfiguration"}},
      {"s3api", "get-bucket-versioning", true, P::kBucketName, "s3api list-buckets",
       "--bucket {}", {}, {"Status", "MFADelete"}},
      {"s3api", "get-bucket-logging", true, P::kBucketName, "s3api list-buckets", "--bucket {}",
       {}, {"LoggingEnabled"}},
      {"s3api", "get-bucket-policy", true, P::kBucketName, "s3api list-buckets", "--bucket {}",
       {"NoSuchBucketPolicy"}, {"Policy"}},
      // ---- per region ----
      {"ec2", "get-ebs-encryption-by-default", false, P::kNone, "", "", {},
       {"EbsEncryptionByDefault"}},
      {"ec2", "get-ebs-default-kms-key-id", false, P::kNone, "", "", {}, {"KmsKeyId"}},
      {"kms", "list-keys", false, P::kNone, "", "", {}, {"Keys", "NextMarker", "Truncated"}},
      {"kms", "describe-key", false, P::kKeyId, "kms list-keys", "--key-id {}", {},
       {"KeyMetadata"}},
      {"kms", "get-key-rotation-status", false, P::kKeyId, "kms list-keys", "--key-id {}",
       {"UnsupportedOperationException"}, {"KeyRotationEnabled"}},
      {"logs", "describe-log-groups", false, P::kNone, "", "", {}, {"logGroups", "nextToken"}},
      {"sns", "list-topics", false, P::kNone, "", "", {}, {"Topics", "NextToken"}},
      {"sns", "get-topic-attributes", false, P::kTopicArn, "sns list-topics", "--topic-arn {}",
       {}, {"Attributes"}},
      {"cloudwatch", "describe-alarms", false, P::kNone, "", "", {},
       {"CompositeAlarms", "MetricAlarms", "NextToken"}},
      {"logs", "describe-metric-filters", false, P::kLogGroupName, "logs describe-log-groups",
       "--log-group-name {}", {}, {"metricFilters", "nextToken"}},
      {"ec2", "describe-vpcs", false, P::kNone, "", "", {}, {"Vpcs", "NextToken"}},
      {"ec2", "describe-flow-logs", false, P::kNone, "", "", {}, {"FlowLogs", "NextToken"}},
      {"ec2", "describe-security-groups", false, P::kNone, "", "", {},
       {"SecurityGroups", "NextToken"}},
      {"ec2", "describe-network-acls", false, P::kNone, "", "", {},
       {"NetworkAcls", "NextToken"}},
      {"ec2", "describe-instances", false, P::kNone, "", "", {}, {"Reservations", "NextToken"}},
      {"accessanalyzer", "list-analyzers", false, P::kNone, "", "", {},
       {"analyzers", "nextToken"}},
      {"securityhub", "describe-hub", false, P::kNone, "", "", {"InvalidAccessException"},
       {"HubArn", "SubscribedAt", "AutoEnableControls", "ControlFindingGenerator"}},
      {"configservice", "describe-configuration-recorders", false, P::kNone, "", "", {},
       {"ConfigurationRecorders"}},
      {"configservice", "describe-configuration-recorder-status", false, P::kNone, "", "", {},
       {"ConfigurationRecordersStatus"}},
      {"rds", "describe-db-instances", false, P::kNone, "", "", {}, {"Marker", "DBInstances"}},
      {"efs", "describe-file-systems", false, P::kNone, "", "", {},
       {"Marker", "FileSystems", "NextMarker"}},
      {"cloudtrail", "describe-trails", false, P::kNone, "", "", {}, {"trailList"}},
      {"cloudtrail", "get-trail-status", false, P::kTrail, "cloudtrail describe-trails",
       "--name {}", {},
       {"IsLogging", "LatestDeliveryError", "LatestNotificationError", "LatestDeliveryTime",
        "LatestNotificationTime", "StartLoggingTime", "StopLoggingTime",
        "LatestCloudWatchLogsDeliveryError", "LatestCloudWatchLogsDeliveryTime",
        "LatestDigestDeliveryTime", "LatestDigestDeliveryError", "LatestDeliveryAttemptTime",
        "LatestNotificationAttemptTime", "LatestNotificationAttemptSucceeded",
        "LatestDeliveryAttemptSucceeded", "TimeLoggingStarted", "TimeLoggingStopped"}},
      {"cloudtrail", "get-event-selectors", false, P::kTrail, "cloudtrail describe-trails",
       "--trail-name {}", {}, {"TrailARN", "EventSelectors", "AdvancedEventSelectors"}},
  };
  return *calls;
}

const CliCall* FindCliCall(std::string_view service, std::string_view command) {
  for (const CliCall& c : CliCalls()) {
    if (c.service == service && c.command == command) return &c;
  }
  return nullptr;
}

bool IsKnownService(std::string_view service) {
  for (const CliCall& c : CliCalls()) {
    if (c.service == service) return true;
  }
  return false;
}

std::string ErrorCodeOf(std::string_view text) {
  // The CLI: "An error occurred (Code) when calling the Op operation: ...".
  // Some paginated calls add "(reached max retries: 4)" after the code.
  static constexpr std::string_view kLead = "An error occurred (";
  size_t at = text.find(kLead);
  if (at == std::string_view::npos) return "";
  at += kLead.size();
  const size_t close = text.find(')', at);
  if (close == std::string_view::npos) return "";
  std::string_view code = text.substr(at, close - at);
  if (code.empty()) return "";
  for (char c : code) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-' || c == ':';
    if (!ok) return "";
  }
  return std::string(code);
}


}  // namespace vigil::connect::aws
