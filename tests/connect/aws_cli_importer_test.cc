// The aws-cli folder importer on small folders written by each test: the
// mapping and joins, the collection facts, the scope, and bad input (located
// errors, nothing imported).
#include <algorithm>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/base/strings.h"
#include "src/connect/aws/cli_calls.h"
#include "src/connect/aws/policy_analysis.h"
#include "tests/connect/import_test_util.h"
#include "vigil/query.h"

namespace vigil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::FactOf;
using testing::ImportAwsCli;
using testing::TempFolder;

constexpr char kA[] = "111122223333";

// The ids a query returns over a graph.
std::vector<std::string> Query(const Graph& g, const std::string& text) {
  auto q = vigil::Query::Compile(testing::AwsSchema(), text);
  EXPECT_TRUE(q.ok()) << q.status();
  auto r = (*q)->Evaluate(g);
  EXPECT_TRUE(r.ok()) << r.status();
  std::vector<std::string> ids;
  for (std::string_view id : r->RootIds()) ids.emplace_back(id);
  return ids;
}

std::string Prop(const Graph& g, const std::string& query) {
  auto q = vigil::Query::Compile(testing::AwsSchema(), query);
  EXPECT_TRUE(q.ok()) << q.status();
  auto r = (*q)->Evaluate(g);
  EXPECT_TRUE(r.ok()) << r.status();
  return r->ToJson();
}

void Regions(const TempFolder& f, const std::string& account = kA) {
  f.Write(account + "/global/ec2/describe-regions.json",
          R"({"Regions": [{"RegionName": "eu-west-1", "OptInStatus": "opt-in-not-required"},
                          {"RegionName": "ap-east-1", "OptInStatus": "not-opted-in"}]})");
}

TEST(AwsCliImporterTest, VpcsFlowLogsAndTheirJoin) {
  TempFolder f;
  Regions(f);
  f.Write(std::string(kA) + "/eu-west-1/ec2/describe-vpcs.json", R"({
    "Vpcs": [
      {"VpcId": "vpc-1", "OwnerId": "111122223333", "IsDefault": false, "State": "available",
       "CidrBlock": "10.0.0.0/16", "Tags": [{"Key": "Name", "Value": "prod"}, {"Key": "env", "Value": "p"}]},
      {"VpcId": "vpc-2", "OwnerId": "999988887777", "IsDefault": true}
    ]})");
  f.Write(std::string(kA) + "/eu-west-1/ec2/describe-flow-logs.json", R"({
    "FlowLogs": [
      {"FlowLogId": "fl-1", "ResourceId": "vpc-1", "FlowLogStatus": "ACTIVE",
       "CreationTime": "2025-03-04T09:12:44.123000+00:00", "LogDestinationType": "s3",
       "LogDestination": "arn:aws:s3:::flow-bucket"},
      {"FlowLogId": "fl-2", "ResourceId": "subnet-9", "FlowLogStatus": "ACTIVE",
       "CreationTime": 1741079564}
    ]})");
  auto r = ImportAwsCli(f.path());
  ASSERT_TRUE(r.graph.ok()) << r.graph.status();
  const Graph& g = **r.graph;
  EXPECT_THAT(Query(g, R"(vpcs(where: {hasFlowLog_SOME: {flowLogStatus: "ACTIVE"}}) { id })"),
              ElementsAre("arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1"));
  EXPECT_EQ(Prop(g, R"(vpcs { name isShared tags region accountId })"),
            R"([{"name":"prod","isShared":false,"tags":["Name=prod","env=p"],"region":"eu-west-1",)"
            R"("accountId":"111122223333"},{"name":"vpc-2","isShared":true,"tags":null,)"
            R"("region":"eu-west-1","accountId":"111122223333"}])");
  // ISO 8601 with a fraction, and epoch seconds, both become RFC 3339.
  EXPECT_EQ(Prop(g, R"(flowLogs { creationTime })"),
            R"([{"creationTime":"2025-03-04T09:12:44.123Z"},{"creationTime":"2025-03-04T09:12:44Z"}])");
  // Every call the folder could hold has a fact: these two collected, the
  // others missing.
  const Collection* vpcs = FactOf(g, kA, "eu-west-1", "ec2 describe-vpcs");
  ASSERT_NE(vpcs, nullptr);
  EXPECT_EQ(vpcs->state, CollectionState::kCollected);
  const Collection* nacls = FactOf(g, kA, "eu-west-1", "ec2 describe-network-acls");
  ASSERT_NE(nacls, nullptr);
  EXPECT_EQ(nacls->state, CollectionState::kMissing);
  const Collection* users = FactOf(g, kA, "global", "iam list-users");
  ASSERT_NE(users, nullptr);
  EXPECT_EQ(users->state, CollectionState::kMissing);
  // The region that is not enabled has a Region asset but no calls.
  EXPECT_EQ(FactOf(g, kA, "ap-east-1", "ec2 describe-vpcs"), nullptr);
  EXPECT_THAT(Query(g, "regions { id }"),
              ElementsAre("111122223333/eu-west-1", "111122223333/ap-east-1"));
}

TEST(AwsCliImporterTest, EmptyOutputAndNullReadAsEmptyObjects) {
  TempFolder f;
  Regions(f);
  f.Write(std::string(kA) + "/global/s3api/list-buckets.json",
          R"({"Buckets": [{"Name": "logs", "CreationDate": "2023-01-15T10:00:00+00:00"}]})");
  f.Write(std::string(kA) + "/global/s3api/get-bucket-versioning/logs.json", "");
  f.Write(std::string(kA) + "/global/s3api/get-bucket-logging/logs.json", "\n  null\n");
  f.Write(std::string(kA) + "/global/s3api/get-bucket-location/logs.json",
          R"({"LocationConstraint": "EU"})");
  f.Write(std::string(kA) + "/global/s3api/get-bucket-policy/logs.error",
          "\n\nAn error occurred (NoSuchBucketPolicy) when calling the GetBucketPolicy "
          "operation: The bucket policy does not exist\n");
  f.Write(std::string(kA) + "/global/s3api/get-public-access-block/logs.error",
          "An error occurred (AccessDenied) when calling the GetPublicAccessBlock operation: "
          "Access Denied\n");
  auto r = ImportAwsCli(f.path());
  ASSERT_TRUE(r.graph.ok()) << r.graph.status();
  const Graph& g = **r.graph;
  EXPECT_EQ(Prop(g, "s3Buckets { id region versioningStatus loggingTargetBucket hasBucketPolicy "
                    "deniesInsecureTransport blockPublicAcls }"),
            R"([{"id":"arn:aws:s3:::logs","region":"eu-west-1","versioningStatus":null,)"
            R"("loggingTargetBucket":null,"hasBucketPolicy":false,"deniesInsecureTransport":false,)"
            R"("blockPublicAcls":null}])");
  const Collection* policy = FactOf(g, kA, "global", "s3api get-bucket-policy");
  ASSERT_NE(policy, nullptr);
  EXPECT_EQ(policy->state, CollectionState::kCollected);
  EXPECT_EQ(policy->error_code, "");
  EXPECT_EQ(policy->detail, "1 answered NoSuchBucketPolicy");
  const Collection* pab = FactOf(g, kA, "global", "s3api get-public-access-block");
  ASSERT_NE(pab, nullptr);
  EXPECT_EQ(pab->state, CollectionState::kFailed);
  EXPECT_EQ(pab->error_code, "AccessDenied");
  EXPECT_THAT(pab->detail, HasSubstr("1 of 1 calls failed (logs: AccessDenied)"));
  EXPECT_EQ(FactOf(g, kA, "global", "s3api get-bucket-versioning")->state,
            CollectionState::kCollected);
}

TEST(AwsCliImporterTest, PerResourceCallMissingForAListedResourceIsMissing) {
  TempFolder f;
  Regions(f);
  f.Write(std::string(kA) + "/global/iam/list-users.json", R"({"Users": [
      {"UserName": "alice", "UserId": "AIDA1", "Arn": "arn:aws:iam::111122223333:user/alice",
       "Path": "/", "CreateDate": "2021-05-01T10:00:00Z"},
      {"UserName": "b+o=b", "UserId": "AIDA2", "Arn": "arn:aws:iam::111122223333:user/b+o=b",
       "Path": "/", "CreateDate": "2021-05-01T10:00:00Z"}]})");
  f.Write(std::string(kA) + "/global/iam/list-access-keys/alice.json",
          R"({"AccessKeyMetadata": [{"UserName": "alice", "AccessKeyId": "AKIA1",
              "Status": "Active", "CreateDate": "2025-11-20T10:00:00Z"}]})");
  // Percent-encoded user name.
  f.Write(std::string(kA) + "/global/iam/list-mfa-devices/alice.json", R"({"MFADevices": []})");
  f.Write(std::string(kA) + "/global/iam/list-mfa-devices/b%2Bo%3Db.json",
          R"({"MFADevices": [{"UserName": "b+o=b", "SerialNumber": "GAHT12345",
              "EnableDate": "2022-01-01T00:00:00Z"}]})");
  // A parameter the list call does not return: ignored with a warning.
  f.Write(std::string(kA) + "/global/iam/list-mfa-devices/carol.json", R"({"MFADevices": []})");
  auto r = ImportAwsCli(f.path());
  ASSERT_TRUE(r.graph.ok()) << r.graph.status();
  const Graph& g = **r.graph;
  const Collection* keys = FactOf(g, kA, "global", "iam list-access-keys");
  ASSERT_NE(keys, nullptr);
  EXPECT_EQ(keys->state, CollectionState::kMissing);
  EXPECT_THAT(keys->detail, HasSubstr("1 of 2 calls not made (b+o=b)"));
  EXPECT_EQ(FactOf(g, kA, "global", "iam list-mfa-devices")->state, CollectionState::kCollected);
  // get-access-key-last-used: its list (list-access-keys) is incomplete.
  const Collection* last = FactOf(g, kA, "global", "iam get-access-key-last-used");
  EXPECT_EQ(last->state, CollectionState::kMissing);
  EXPECT_THAT(last->detail, HasSubstr("`iam list-access-keys` was not collected"));
  EXPECT_THAT(Query(g, R"(mfaDevices { id })"),
              ElementsAre("arn:aws:iam::111122223333:user/b+o=b/GAHT12345"));
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kWarning);
  EXPECT_EQ(r.diagnostics[0].file, "111122223333/global/iam/list-mfa-devices/carol.json");
}

TEST(AwsCliImporterTest, RegionsScope) {
  TempFolder f;
  f.Write(std::string(kA) + "/global/ec2/describe-regions.json",
          R"({"Regions": [{"RegionName": "eu-west-1", "OptInStatus": "opt-in-not-required"},
                          {"RegionName": "us-east-1", "OptInStatus": "opt-in-not-required"},
                          {"RegionName": "me-south-1", "OptInStatus": "not-opted-in"}]})");
  f.Write(std::string(kA) + "/eu-west-1/ec2/describe-vpcs.json", R"({"Vpcs": []})");
  // Enabled but without a folder: its calls are missing.
  auto all = ImportAwsCli(f.path());
  ASSERT_TRUE(all.graph.ok()) << all.graph.status();
  const Collection* us = FactOf(**all.graph, kA, "us-east-1", "ec2 describe-vpcs");
  ASSERT_NE(us, nullptr);
  EXPECT_EQ(us->state, CollectionState::kMissing);
  // Narrowed to eu-west-1: us-east-1 is excluded, not missing.
  AwsCliOptions narrow;
  narrow.regions = {"eu-west-1"};
  auto some = ImportAwsCli(f.path(), narrow);
  ASSERT_TRUE(some.graph.ok()) << some.graph.status();
  const Graph& g = **some.graph;
  EXPECT_EQ(FactOf(g, kA, "us-east-1", "ec2 describe-vpcs"), nullptr);
  auto excluded = g.collections().Excluded();
  ASSERT_EQ(excluded.size(), 1u);
  EXPECT_EQ(excluded[0]->scope(), "111122223333/us-east-1");
  EXPECT_THAT(Query(g, "regions { id }"), ElementsAre("111122223333/eu-west-1"));
}

TEST(AwsCliImporterTest, IamUsersKeysGroupsPoliciesAndTheCredentialReport) {
  TempFolder f;
  Regions(f);
  const std::string g = std::string(kA) + "/global/iam/";
  const std::string csv =
      "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
      "mfa_active,access_key_1_last_used_date,access_key_2_last_used_date\n"
      "<root_account>,arn:aws:iam::111122223333:root,2021-04-12T09:30:00+00:00,not_supported,"
      "2025-06-02T07:41:00+00:00,not_supported,true,N/A,N/A\n"
      "alice,arn:aws:iam::111122223333:user/alice,2021-05-01T10:00:00+00:00,true,"
      "no_information,2025-11-02T09:00:00+00:00,false,N/A,N/A\n";
  // base64 of csv, computed here.
  static constexpr char kB64[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string b64;
  for (size_t i = 0; i < csv.size(); i += 3) {
    uint32_t n = static_cast<uint8_t>(csv[i]) << 16;
    if (i + 1 < csv.size()) n |= static_cast<uint8_t>(csv[i + 1]) << 8;
    if (i + 2 < csv.size()) n |= static_cast<uint8_t>(csv[i + 2]);
    b64 += kB64[(n >> 18) & 63];
    b64 += kB64[(n >> 12) & 63];
    b64 += i + 1 < csv.size() ? kB64[(n >> 6) & 63] : '=';
    b64 += i + 2 < csv.size() ? kB64[n & 63] : '=';
  }
  f.Write(g + "get-credential-report.json",
          "{\"Content\": \"" + b64 + "\", \"ReportFormat\": \"text/csv\"}");
  f.Write(g + "list-users.json", R"({"Users": [{"UserName": "alice", "UserId": "AIDA1",
      "Arn": "arn:aws:iam::111122223333:user/alice", "Path": "/",
      "CreateDate": "2021-05-01T10:00:00Z", "PasswordLastUsed": "2026-01-13T08:12:00Z"}]})");
  f.Write(g + "list-groups.json", R"({"Groups": [{"GroupName": "admins", "GroupId": "AGPA1",
      "Arn": "arn:aws:iam::111122223333:group/admins", "Path": "/",
      "CreateDate": "2022-01-10T09:00:00Z"}]})");
  f.Write(g + "list-groups-for-user/alice.json", R"({"Groups": [{"GroupName": "admins",
      "GroupId": "AGPA1", "Arn": "arn:aws:iam::111122223333:group/admins", "Path": "/",
      "CreateDate": "2022-01-10T09:00:00Z"}]})");
  f.Write(g + "list-policies.json", R"({"Policies": [{"PolicyName": "AdministratorAccess",
      "PolicyId": "ANPA1", "Arn": "arn:aws:iam::aws:policy/AdministratorAccess", "Path": "/",
      "DefaultVersionId": "v1", "AttachmentCount": 1, "IsAttachable": true}]})");
  f.Write(g + "get-policy-version/arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAdministratorAccess.json",
          R"({"PolicyVersion": {"Document": {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "*", "Resource": "*"}]}, "VersionId": "v1",
              "IsDefaultVersion": true}})");
  f.Write(g + "list-attached-group-policies/admins.json", R"({"AttachedPolicies": [
      {"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]})");
  f.Write(g + "list-user-policies/alice.json", R"({"PolicyNames": ["scratch"]})");
  f.Write(g + "get-user-policy/alice%2Fscratch.json", R"({"UserName": "alice",
      "PolicyName": "scratch", "PolicyDocument": "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"})");
  auto r = ImportAwsCli(f.path());
  ASSERT_TRUE(r.graph.ok()) << r.graph.status();
  const Graph& gr = **r.graph;
  EXPECT_EQ(Prop(gr, "accounts { rootPasswordLastUsed rootAccessKey1LastUsedDate }"),
            R"([{"rootPasswordLastUsed":"2025-06-02T07:41:00Z","rootAccessKey1LastUsedDate":null}])");
  // The report's no_information keeps ListUsers' PasswordLastUsed.
  EXPECT_EQ(Prop(gr, "iamUsers { passwordEnabled passwordLastUsed passwordLastChanged mfaActive }"),
            R"([{"passwordEnabled":true,"passwordLastUsed":"2026-01-13T08:12:00Z",)"
            R"("passwordLastChanged":"2025-11-02T09:00:00Z","mfaActive":false}])");
  EXPECT_THAT(Query(gr, R"(iamUsers(where: {groups_SOME: {attachedPolicies_SOME: {allowsFullAdmin: true}}}) { id })"),
              ElementsAre("arn:aws:iam::111122223333:user/alice"));
  EXPECT_THAT(Query(gr, R"(iamPolicies(where: {isAwsManaged: true, allowsFullAdmin: true}) { id })"),
              ElementsAre("111122223333/arn:aws:iam::aws:policy/AdministratorAccess"));
  EXPECT_THAT(Query(gr, R"(iamInlinePolicies(where: {allowsFullAdmin: true}) { id })"),
              ElementsAre("arn:aws:iam::111122223333:user/alice/inline-policy/scratch"));
}

TEST(AwsCliImporterTest, NetworkRulesAndMonitoringDerivedFields) {
  TempFolder f;
  Regions(f);
  const std::string r = std::string(kA) + "/eu-west-1/";
  f.Write(r + "ec2/describe-security-groups.json", R"({"SecurityGroups": [{
      "GroupId": "sg-1", "GroupName": "default", "VpcId": "vpc-1", "OwnerId": "111122223333",
      "IpPermissions": [
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [],
         "PrefixListIds": [], "UserIdGroupPairs": []},
        {"IpProtocol": "tcp", "FromPort": 20, "ToPort": 25, "IpRanges": [],
         "Ipv6Ranges": [{"CidrIpv6": "::/0"}], "PrefixListIds": [],
         "UserIdGroupPairs": [{"GroupId": "sg-2", "UserId": "111122223333"}]}],
      "IpPermissionsEgress": []}]})");
  f.Write(r + "ec2/describe-network-acls.json", R"({"NetworkAcls": [{"NetworkAclId": "acl-1",
      "VpcId": "vpc-1", "IsDefault": false, "Entries": [
        {"RuleNumber": 100, "Protocol": "6", "RuleAction": "allow", "Egress": false,
         "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 22, "To": 22}},
        {"RuleNumber": 50, "Protocol": "-1", "RuleAction": "deny", "Egress": false,
         "CidrBlock": "0.0.0.0/0"},
        {"RuleNumber": 32767, "Protocol": "-1", "RuleAction": "deny", "Egress": false,
         "Ipv6CidrBlock": "::/0"}]}]})");
  f.Write(r + "logs/describe-log-groups.json", R"({"logGroups": [{"logGroupName": "/trail/main",
      "creationTime": 1675245600000, "arn": "arn:aws:logs:eu-west-1:111122223333:log-group:/trail/main:*"}]})");
  f.Write(r + "logs/describe-metric-filters/%2Ftrail%2Fmain.json", R"({"metricFilters": [{
      "filterName": "root", "logGroupName": "/trail/main",
      "filterPattern": "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }",
      "metricTransformations": [{"metricName": "RootUsage", "metricNamespace": "CIS", "metricValue": "1"}]}]})");
  f.Write(r + "cloudwatch/describe-alarms.json", R"({"MetricAlarms": [{"AlarmName": "root",
      "AlarmArn": "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:root", "MetricName": "RootUsage",
      "Namespace": "CIS", "ActionsEnabled": true,
      "AlarmActions": ["arn:aws:sns:eu-west-1:111122223333:alerts", "arn:aws:automate:eu-west-1:ec2:stop"]}],
      "CompositeAlarms": []})");
  f.Write(r + "sns/list-topics.json", R"({"Topics": [{"TopicArn": "arn:aws:sns:eu-west-1:111122223333:alerts"}]})");
  f.Write(r + "sns/get-topic-attributes/arn%3Aaws%3Asns%3Aeu-west-1%3A111122223333%3Aalerts.json",
          R"({"Attributes": {"SubscriptionsConfirmed": "2", "SubscriptionsPending": "0"}})");
  auto res = ImportAwsCli(f.path());
  ASSERT_TRUE(res.graph.ok()) << res.graph.status();
  const Graph& g = **res.graph;
  EXPECT_EQ(Prop(g, "securityGroupRules { id tcpUdpFromPort tcpUdpToPort cidrIpv4 cidrIpv6 referencedGroupId }"),
            R"([{"id":"arn:aws:ec2:eu-west-1:111122223333:security-group/sg-1/ingress/-1/all/0.0.0.0/0",)"
            R"("tcpUdpFromPort":0,"tcpUdpToPort":65535,"cidrIpv4":"0.0.0.0/0","cidrIpv6":null,"referencedGroupId":null},)"
            R"({"id":"arn:aws:ec2:eu-west-1:111122223333:security-group/sg-1/ingress/tcp/20-25/::/0",)"
            R"("tcpUdpFromPort":20,"tcpUdpToPort":25,"cidrIpv4":null,"cidrIpv6":"::/0","referencedGroupId":null},)"
            R"({"id":"arn:aws:ec2:eu-west-1:111122223333:security-group/sg-1/ingress/tcp/20-25/sg-2",)"
            R"("tcpUdpFromPort":20,"tcpUdpToPort":25,"cidrIpv4":null,"cidrIpv6":null,"referencedGroupId":"sg-2"}])");
  // Entry 100 is preceded by entry 50 (same direction and family), not by
  // the IPv6 default entry.
  EXPECT_EQ(Prop(g, R"(networkAclEntries(where: {ruleNumber: 100}) { precededBy { ruleNumber } })"),
            R"([{"precededBy":[{"ruleNumber":50}]}])");
  EXPECT_THAT(Query(g, R"(logGroups(where: {metricFilters_SOME: {cisPatterns_INCLUDES: ROOT_ACCOUNT_USAGE,
                alarms_SOME: {actionTopics_SOME: {subscriptionsConfirmed_GT: 0}}}}) { id })"),
              ElementsAre("arn:aws:logs:eu-west-1:111122223333:log-group:/trail/main"));
  EXPECT_EQ(Prop(g, "logGroups { creationTime arn }"),
            R"([{"creationTime":"2023-02-01T10:00:00Z","arn":"arn:aws:logs:eu-west-1:111122223333:log-group:/trail/main:*"}])");
}

TEST(AwsCliImporterTest, TrailsJoinedAcrossAccountsAndRegions) {
  TempFolder f;
  const std::string m = "111122223333", n = "444455556666";
  Regions(f, m);
  Regions(f, n);
  const char* kTrail = R"({"trailList": [{"Name": "org", "S3BucketName": "trail-logs",
      "IsMultiRegionTrail": true, "HomeRegion": "eu-west-1",
      "TrailARN": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org",
      "LogFileValidationEnabled": true, "IsOrganizationTrail": true}]})";
  f.Write(m + "/eu-west-1/cloudtrail/describe-trails.json", kTrail);
  f.Write(n + "/eu-west-1/cloudtrail/describe-trails.json", kTrail);
  f.Write(m + "/eu-west-1/cloudtrail/get-trail-status/org.json", R"({"IsLogging": true})");
  f.Write(n + "/eu-west-1/cloudtrail/get-trail-status/arn%3Aaws%3Acloudtrail%3Aeu-west-1%3A111122223333%3Atrail%2Forg.json",
          R"({"IsLogging": false})");
  f.Write(m + "/eu-west-1/cloudtrail/get-event-selectors/org.json",
          R"({"TrailARN": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org",
              "EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true,
              "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::data/"]}]}]})");
  f.Write(n + "/global/s3api/list-buckets.json", R"({"Buckets": [{"Name": "data"}]})");
  f.Write(m + "/global/s3api/list-buckets.json", R"({"Buckets": [{"Name": "trail-logs"}]})");
  auto r = ImportAwsCli(f.path());
  ASSERT_TRUE(r.graph.ok()) << r.graph.status();
  const Graph& g = **r.graph;
  EXPECT_EQ(Prop(g, "cloudTrailTrails { id accountId isLogging logsAllManagementEvents "
                    "recordedAccounts { id } owner { id } s3Bucket { id } "
                    "s3WriteDataEventBuckets { id } }"),
            R"([{"id":"arn:aws:cloudtrail:eu-west-1:111122223333:trail/org","accountId":"111122223333",)"
            R"("isLogging":true,"logsAllManagementEvents":true,)"
            R"("recordedAccounts":[{"id":"111122223333"},{"id":"444455556666"}],)"
            R"("owner":{"id":"111122223333"},"s3Bucket":{"id":"arn:aws:s3:::trail-logs"},)"
            R"("s3WriteDataEventBuckets":[{"id":"arn:aws:s3:::data"}]}])");
}

TEST(AwsCliImporterTest, LargeOutputsAreReadInBatchesOnTwoThreads) {
  // More than 8 MiB: a second thread scans and parses ahead.
  TempFolder f;
  Regions(f);
  constexpr int kVpcs = 60000;
  std::string vpcs = "{\n    \"Vpcs\": [\n";
  for (int i = 0; i < kVpcs; ++i) {
    vpcs += "        {\n            \"VpcId\": \"vpc-" + std::to_string(1000000 + i) +
            "\",\n            \"OwnerId\": \"111122223333\",\n            \"State\": "
            "\"available\",\n            \"IsDefault\": false,\n            \"Tags\": "
            "[{\"Key\": \"Name\", \"Value\": \"v\\\"" + std::to_string(i) + "\"}]\n        }";
    vpcs += i + 1 < kVpcs ? ",\n" : "\n";
  }
  vpcs += "    ]\n}\n";
  ASSERT_GT(vpcs.size(), size_t{9} << 20);
  f.Write(std::string(kA) + "/eu-west-1/ec2/describe-vpcs.json", vpcs);
  auto r = ImportAwsCli(f.path());
  ASSERT_TRUE(r.graph.ok()) << r.graph.status();
  EXPECT_EQ(Query(**r.graph, "vpcs { id }").size(), static_cast<size_t>(kVpcs));
  EXPECT_EQ(Prop(**r.graph, R"(vpcs(where: {vpcId: "vpc-1059999"}) { name })"),
            R"([{"name":"v\"59999"}])");
  // An error near the end is located, and the second thread stops.
  const size_t cut = vpcs.rfind("\"State\"");
  std::string bad = vpcs;
  bad.replace(cut, 7, "\"State\" \"x\",");
  f.Write(std::string(kA) + "/eu-west-1/ec2/describe-vpcs.json", bad);
  auto e = ImportAwsCli(f.path());
  ASSERT_FALSE(e.graph.ok());
  const size_t line = static_cast<size_t>(std::count(bad.begin(), bad.begin() + cut, '\n')) + 1;
  EXPECT_THAT(std::string(e.graph.status().message()),
              HasSubstr("describe-vpcs.json:" + std::to_string(line) + ":"));
  // A type error in the first batch stops the import early.
  bad = vpcs;
  bad.replace(bad.find("false"), 5, "\"no\"");
  f.Write(std::string(kA) + "/eu-west-1/ec2/describe-vpcs.json", bad);
  e = ImportAwsCli(f.path());
  ASSERT_FALSE(e.graph.ok());
  EXPECT_THAT(std::string(e.graph.status().message()),
              HasSubstr("$.Vpcs[0].IsDefault: expected a boolean, got a string"));
}

// ---- bad input -------------------------------------------------------------------

struct BadCase {
  const char* name;
  std::vector<std::pair<std::string, std::string>> files;
  const char* message;
};

class AwsCliBadInputTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(AwsCliBadInputTest, IsALocatedErrorAndNothingIsImported) {
  TempFolder f;
  for (const auto& [rel, text] : GetParam().files) {
    if (rel.back() == '/') {
      f.Mkdir(rel);
    } else {
      f.Write(rel, text);
    }
  }
  auto r = ImportAwsCli(f.path());
  ASSERT_FALSE(r.graph.ok()) << GetParam().name;
  EXPECT_EQ(r.graph.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.graph.status().message()), HasSubstr(GetParam().message))
      << GetParam().name;
  bool has_error = false;
  for (const Diagnostic& d : r.diagnostics) has_error |= d.severity == Severity::kError;
  EXPECT_TRUE(has_error) << GetParam().name;
}

const std::string kR = "111122223333/global/ec2/describe-regions.json";
const std::string kRegions = R"({"Regions": [{"RegionName": "eu-west-1"}]})";

INSTANTIATE_TEST_SUITE_P(
    Cases, AwsCliBadInputTest,
    ::testing::Values(
        BadCase{"malformed json",
                {{kR, kRegions}, {"111122223333/eu-west-1/ec2/describe-vpcs.json", "{\"Vpcs\": [\n{\"VpcId\": }]}"}},
                "111122223333/eu-west-1/ec2/describe-vpcs.json:2:11: JSON syntax error: expected a "
                "value, found '}'"},
        BadCase{"another command's output",
                {{kR, kRegions}, {"111122223333/eu-west-1/ec2/describe-vpcs.json", R"({"FlowLogs": []})"}},
                "describe-vpcs.json: $: not the output of `aws ec2 describe-vpcs`: it has FlowLogs"},
        BadCase{"wrong type of a field",
                {{kR, kRegions},
                 {"111122223333/eu-west-1/ec2/describe-vpcs.json", R"({"Vpcs": [{"VpcId": "v", "IsDefault": "yes"}]})"}},
                "describe-vpcs.json: $.Vpcs[0].IsDefault: expected a boolean, got a string"},
        BadCase{"an array where an object goes",
                {{kR, kRegions}, {"111122223333/eu-west-1/ec2/describe-vpcs.json", R"({"Vpcs": {}})"}},
                "$.Vpcs: expected an array"},
        BadCase{"top level not an object",
                {{kR, "[1, 2]"}}, "describe-regions.json: $: expected an object, got an array"},
        BadCase{"bad timestamp",
                {{kR, kRegions},
                 {"111122223333/eu-west-1/ec2/describe-flow-logs.json",
                  R"({"FlowLogs": [{"FlowLogId": "f", "CreationTime": "yesterday"}]})"}},
                "$.FlowLogs[0].CreationTime: \"yesterday\" is not an ISO 8601 timestamp"},
        BadCase{"credential report not base64",
                {{"111122223333/global/iam/get-credential-report.json", R"({"Content": "@@@@"})"}},
                "get-credential-report.json: $.Content: not base64"},
        BadCase{"credential report not a CSV report",
                {{"111122223333/global/iam/get-credential-report.json", R"({"Content": "aGVsbG8="})"}},
                "not a CSV credential report: line 1 must name the columns"},
        BadCase{"credential report with a user twice",
                {{"111122223333/global/iam/get-credential-report.json",
                  R"({"Content": "dXNlcixhcm4KYWxpY2UsYXJuOmF3czppYW06OjExMTEyMjIyMzMzMzp1c2VyL2FsaWNl)"
                  R"(CmFsaWNlLGFybjphd3M6aWFtOjoxMTExMjIyMjMzMzM6dXNlci9hbGljZQo="})"}},
                "$.Content: not a CSV credential report: row 3: the user \"alice\" has a row already"},
        BadCase{"credential report with text after a closing quote",
                {{"111122223333/global/iam/get-credential-report.json",
                  R"({"Content": "dXNlcixhcm4KImFsaWNlIngsYXJuOmF3czppYW06OjExMTEyMjIyMzMzMzp1c2VyL2FsaWNlCg=="})"}},
                "$.Content: not a CSV credential report: line 2: unexpected character"},
        BadCase{"arn that does not parse",
                {{"111122223333/global/iam/list-users.json", R"({"Users": [{"UserName": "a", "Arn": "user/a"}]})"}},
                "list-users.json: $.Users[0].Arn: \"user/a\" is not an ARN"},
        BadCase{"account folder not an account id",
                {{"prod/global/iam/list-users.json", "{}"}},
                "prod: expected a 12-digit account id"},
        BadCase{"region folder not a region",
                {{"111122223333/europe/ec2/describe-vpcs.json", "{}"}},
                "111122223333/europe: expected `global` or a region code"},
        BadCase{"regional call under global",
                {{"111122223333/global/ec2/describe-vpcs.json", "{}"}},
                "`ec2 describe-vpcs` is regional"},
        BadCase{"account-wide call under a region",
                {{"111122223333/eu-west-1/iam/list-users.json", "{}"}},
                "`iam list-users` is account-wide"},
        BadCase{"per-resource call as one file",
                {{"111122223333/global/iam/list-access-keys.json", "{}"}},
                "`iam list-access-keys` is one call per resource"},
        BadCase{"one call as a folder",
                {{"111122223333/global/iam/list-users/alice.json", "{}"}},
                "`iam list-users` is one call, not one per resource"},
        BadCase{"both json and error",
                {{"111122223333/global/iam/list-users.json", "{}"},
                 {"111122223333/global/iam/list-users.error", "An error occurred (X) when"}},
                "a call has both a .json and an .error file"},
        BadCase{"malformed percent-encoding",
                {{"111122223333/global/iam/list-access-keys/al%ZZice.json", "{}"}},
                "is not percent-encoded properly"},
        BadCase{"one parameter in two spellings",
                {{"111122223333/global/iam/list-access-keys/alice.json", "{}"},
                 {"111122223333/global/iam/list-access-keys/al%69ce.json", "{}"}},
                "list-access-keys/alice.json: a second file for the parameter \"alice\""},
        BadCase{"no account folder", {{"README", "hello"}}, "no account folder"}),
    [](const ::testing::TestParamInfo<BadCase>& info) {
      std::string n = info.param.name;
      for (char& c : n) {
        if (!isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return n;
    });

TEST(AwsCliImporterTest, UnknownFilesAreIgnoredWithAWarning) {
  TempFolder f;
  Regions(f);
  f.Write("README.md", "notes");
  f.Write(std::string(kA) + "/global/iam/list-users.txt", "x");
  f.Write(std::string(kA) + "/global/iam/list-saml-providers.json", "{}");
  f.Write(std::string(kA) + "/eu-west-1/lambda/list-functions.json", "{}");
  auto r = ImportAwsCli(f.path());
  ASSERT_TRUE(r.graph.ok()) << r.graph.status();
  std::vector<std::string> files;
  for (const Diagnostic& d : r.diagnostics) {
    EXPECT_EQ(d.severity, Severity::kWarning);
    EXPECT_EQ(d.code, "import.unknown-file");
    files.push_back(d.file);
  }
  EXPECT_THAT(files, ::testing::UnorderedElementsAre(
                         "README.md", "111122223333/eu-west-1/lambda",
                         "111122223333/global/iam/list-saml-providers.json",
                         "111122223333/global/iam/list-users.txt"));
}

TEST(AwsCliImporterTest, ErrorTextWithoutACodeIsAFailureAllTheSame) {
  TempFolder f;
  Regions(f);
  f.Write(std::string(kA) + "/global/iam/list-users.error",
          "\nCould not connect to the endpoint URL: \"https://iam.amazonaws.com/\"\n");
  auto r = ImportAwsCli(f.path());
  ASSERT_TRUE(r.graph.ok()) << r.graph.status();
  const Collection* c = FactOf(**r.graph, kA, "global", "iam list-users");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->state, CollectionState::kFailed);
  EXPECT_EQ(c->error_code, "unknown");
}

TEST(CliCallsTest, ErrorCodes) {
  using connect::aws::ErrorCodeOf;
  EXPECT_EQ(ErrorCodeOf("\n\nAn error occurred (NoSuchEntity) when calling the "
                        "GetAccountPasswordPolicy operation: The Password Policy ..."),
            "NoSuchEntity");
  EXPECT_EQ(ErrorCodeOf("An error occurred (AccessDenied) when calling the ListBuckets "
                        "operation (reached max retries: 4): Access Denied"),
            "AccessDenied");
  EXPECT_EQ(ErrorCodeOf("An error occurred () when"), "");
  EXPECT_EQ(ErrorCodeOf("An error occurred (bad code!) when"), "");
  EXPECT_EQ(ErrorCodeOf("Unable to locate credentials"), "");
}

TEST(CliCallsTest, PercentEncodingRoundTrips) {
  using connect::aws::PercentDecode;
  EXPECT_EQ(PercentEncode("arn:aws:iam::aws:policy/AWSSupportAccess"),
            "arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAWSSupportAccess");
  EXPECT_EQ(PercentEncode("A-z_0.9~"), "A-z_0.9~");
  EXPECT_EQ(PercentEncode("b+o=b@x,y"), "b%2Bo%3Db%40x%2Cy");
  EXPECT_EQ(PercentDecode("%2Ftrail%2fmain").value_or("?"), "/trail/main");
  // Unencoded characters stand for themselves.
  EXPECT_EQ(PercentDecode("b+o=b").value_or("?"), "b+o=b");
  EXPECT_FALSE(PercentDecode("%2").ok());
  EXPECT_FALSE(PercentDecode("a%").ok());
  EXPECT_FALSE(PercentDecode("%G0").ok());
  EXPECT_EQ(PercentDecode(PercentEncode("a/b c")).value_or("?"), "a/b c");
  // Extra characters kept (a URI path keeps '/').
  EXPECT_EQ(PercentEncode("controls/a b.json", "/"), "controls/a%20b.json");
}

}  // namespace
}  // namespace vigil
