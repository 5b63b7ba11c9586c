// AWS Config configuration snapshots into the AWS asset graph: the mapping of
// the resource types Config records, both file forms, the collections a
// snapshot stands for (and those it cannot), and bad input.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/connect/import_test_util.h"
#include "vigil/engine.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"
#include "vigil/query.h"

namespace vigil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::FactOf;
using testing::TempFolder;

constexpr char kSnapshot[] = R"({
  "fileVersion": "1.0",
  "configSnapshotId": "a1b2c3d4-0000-4000-8000-000000000001",
  "configurationItems": [
    {"configurationItemVersion": "1.3", "configurationItemCaptureTime": "2026-01-14T10:00:00.000Z",
     "configurationStateId": 1, "awsAccountId": "111122223333", "configurationItemStatus": "OK",
     "resourceType": "AWS::EC2::VPC", "resourceId": "vpc-1",
     "ARN": "arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1", "awsRegion": "eu-west-1",
     "tags": {"Name": "prod"}, "relationships": [],
     "configuration": {"cidrBlock": "10.0.0.0/16", "state": "available", "vpcId": "vpc-1",
                       "ownerId": "111122223333", "isDefault": false},
     "supplementaryConfiguration": {}},
    {"awsAccountId": "111122223333", "resourceType": "AWS::EC2::SecurityGroup",
     "resourceId": "sg-1", "ARN": "arn:aws:ec2:eu-west-1:111122223333:security-group/sg-1",
     "awsRegion": "eu-west-1",
     "configuration": {"groupName": "default", "groupId": "sg-1", "vpcId": "vpc-1",
       "ipPermissions": [{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
                          "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}], "ipRanges": ["0.0.0.0/0"],
                          "ipv6Ranges": [], "prefixListIds": [], "userIdGroupPairs": []}],
       "ipPermissionsEgress": []}},
    {"awsAccountId": "111122223333", "resourceType": "AWS::S3::Bucket", "resourceId": "logs",
     "ARN": "arn:aws:s3:::logs", "awsRegion": "eu-west-1",
     "configuration": {"name": "logs", "creationDate": "2023-01-15T10:00:00.000Z"},
     "supplementaryConfiguration": {
       "BucketVersioningConfiguration": {"status": "Enabled", "isMfaDeleteEnabled": false},
       "BucketPolicy": {"policyText": "{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::logs/*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}"}}},
    {"awsAccountId": "111122223333", "resourceType": "AWS::IAM::User", "resourceId": "AIDA1",
     "ARN": "arn:aws:iam::111122223333:user/alice", "awsRegion": "global",
     "configuration": {"userName": "alice", "userId": "AIDA1",
       "arn": "arn:aws:iam::111122223333:user/alice", "path": "/",
       "createDate": "2021-05-01T10:00:00.000Z",
       "attachedManagedPolicies": [{"policyName": "AdministratorAccess",
                                    "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}],
       "userPolicyList": [{"policyName": "all",
         "policyDocument": "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"}],
       "groupList": []}},
    {"awsAccountId": "111122223333", "resourceType": "AWS::KMS::Key", "resourceId": "k-1",
     "ARN": "arn:aws:kms:eu-west-1:111122223333:key/k-1", "awsRegion": "eu-west-1",
     "configuration": "{\"keyId\":\"k-1\",\"arn\":\"arn:aws:kms:eu-west-1:111122223333:key/k-1\",\"keyManager\":\"CUSTOMER\",\"keySpec\":\"SYMMETRIC_DEFAULT\",\"keyState\":\"Enabled\",\"origin\":\"AWS_KMS\"}"},
    {"awsAccountId": "111122223333", "resourceType": "AWS::Config::ResourceCompliance",
     "resourceId": "AWS::EC2::VPC/vpc-1", "awsRegion": "eu-west-1", "configuration": {}}
  ]
})";

testing::ImportResult ImportConfig(const std::vector<std::string>& files) {
  testing::ImportResult r{absl::UnknownError("not run"), {}};
  auto c = NewAwsConfigConnector(files);
  ImportOptions o;
  o.diagnostics = &r.diagnostics;
  r.graph = Import(testing::AwsSchema(), {c.get()}, o);
  return r;
}

std::string Prop(const Graph& g, const std::string& query) {
  auto q = Query::Compile(testing::AwsSchema(), query);
  EXPECT_TRUE(q.ok()) << q.status();
  auto r = (*q)->Evaluate(g);
  EXPECT_TRUE(r.ok()) << r.status();
  return r->ToJson();
}

TEST(AwsConfigTest, SnapshotItemsBecomeAssets) {
  TempFolder f;
  f.Write("snapshot.json", kSnapshot);
  auto r = ImportConfig({f.path() + "/snapshot.json"});
  ASSERT_TRUE(r.graph.ok()) << r.graph.status();
  const Graph& g = **r.graph;
  EXPECT_EQ(Prop(g, "vpcs { id name isShared inRegion { id } owner { id } }"),
            R"([{"id":"arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1","name":"prod","isShared":false,)"
            R"("inRegion":{"id":"111122223333/eu-west-1"},"owner":{"id":"111122223333"}}])");
  EXPECT_EQ(Prop(g, "securityGroups { vpc { id } rules { tcpUdpFromPort cidrIpv4 } }"),
            R"([{"vpc":{"id":"arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1"},)"
            R"("rules":[{"tcpUdpFromPort":22,"cidrIpv4":"0.0.0.0/0"}]}])");
  EXPECT_EQ(Prop(g, "s3Buckets { versioningStatus mfaDelete hasBucketPolicy deniesInsecureTransport blockPublicAcls }"),
            R"([{"versioningStatus":"Enabled","mfaDelete":"Disabled","hasBucketPolicy":true,)"
            R"("deniesInsecureTransport":true,"blockPublicAcls":false}])");
  EXPECT_EQ(Prop(g, "iamUsers { attachedPolicies { id isAwsManaged } inlinePolicies { allowsFullAdmin } }"),
            R"([{"attachedPolicies":[{"id":"111122223333/arn:aws:iam::aws:policy/AdministratorAccess",)"
            R"("isAwsManaged":true}],"inlinePolicies":[{"allowsFullAdmin":true}]}])");
  EXPECT_EQ(Prop(g, "kmsKeys { keyManager keyRotationEnabled }"),
            R"([{"keyManager":"CUSTOMER","keyRotationEnabled":null}])");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "import.unknown-type");
  EXPECT_THAT(r.diagnostics[0].message, HasSubstr("AWS::Config::ResourceCompliance"));
  // What Config stands for is collected; what it cannot hold is missing.
  EXPECT_EQ(FactOf(g, "111122223333", "eu-west-1", "ec2 describe-vpcs")->state,
            CollectionState::kCollected);
  EXPECT_EQ(FactOf(g, "111122223333", "global", "iam list-users")->state,
            CollectionState::kCollected);
  EXPECT_EQ(FactOf(g, "111122223333", "eu-west-1", "kms get-key-rotation-status")->state,
            CollectionState::kMissing);
  EXPECT_EQ(FactOf(g, "111122223333", "eu-west-1", "ec2 describe-flow-logs")->state,
            CollectionState::kMissing);
  EXPECT_EQ(FactOf(g, "111122223333", "global", "iam list-policies")->detail,
            "AWS Config records customer-managed policies only");
}

// The EC2 and RDS resources Config and the AWS CLI share a mapping for
// (src/connect/aws/resource_mapping.h), read here in Config's camelCase.
constexpr char kNetworkSnapshot[] = R"({"configurationItems": [
    {"awsAccountId": "111122223333", "resourceType": "AWS::EC2::NetworkAcl",
     "resourceId": "acl-1", "awsRegion": "eu-west-1", "tags": {"Name": "edge"},
     "configuration": {"networkAclId": "acl-1", "vpcId": "vpc-1", "isDefault": true,
       "ownerId": "111122223333", "associations": [{"subnetId": "subnet-1"}, {"subnetId": "subnet-2"}],
       "entries": [
         {"ruleNumber": 100, "egress": false, "ruleAction": "allow", "protocol": "6",
          "cidrBlock": "0.0.0.0/0", "portRange": {"from": 22, "to": 22}},
         {"ruleNumber": 50, "egress": false, "ruleAction": "deny", "protocol": "-1",
          "cidrBlock": "10.0.0.0/8"},
         {"ruleNumber": 100, "egress": false, "ruleAction": "allow", "protocol": "-1",
          "ipv6CidrBlock": "::/0"},
         {"ruleNumber": 100, "egress": false, "ruleAction": "deny", "protocol": "-1",
          "cidrBlock": "1.2.3.4/32"},
         {"ruleNumber": 200, "ruleAction": "deny"}]}},
    {"awsAccountId": "111122223333", "resourceType": "AWS::EC2::SecurityGroup",
     "resourceId": "sg-2", "awsRegion": "eu-west-1",
     "configuration": {"groupName": "web", "description": "web tier", "vpcId": "vpc-1",
       "ownerId": "111122223333",
       "ipPermissions": [{"ipProtocol": "-1",
                          "ipv4Ranges": [{"cidrIp": "10.0.0.0/8"}], "ipRanges": ["0.0.0.0/0"],
                          "ipv6Ranges": [{"cidrIpv6": "::/0"}],
                          "prefixListIds": [{"prefixListId": "pl-1"}],
                          "userIdGroupPairs": [{"groupId": "sg-9"}]},
                         {"fromPort": 1}],
       "ipPermissionsEgress": [{"ipProtocol": "udp", "fromPort": 53, "toPort": 53,
                                "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}]}]}},
    {"awsAccountId": "111122223333", "resourceType": "AWS::EC2::Instance",
     "resourceId": "i-1", "awsRegion": "eu-west-1", "tags": {"Name": "bastion"},
     "configuration": {"instanceType": "t3.micro", "state": {"name": "running"},
       "launchTime": "2025-01-02T03:04:05.000Z", "vpcId": "vpc-1",
       "iamInstanceProfile": {"arn": "arn:aws:iam::111122223333:instance-profile/p"},
       "metadataOptions": {"httpTokens": "required", "httpEndpoint": "enabled", "state": "applied"}}},
    {"awsAccountId": "111122223333", "resourceType": "AWS::RDS::DBInstance",
     "resourceId": "db-1", "awsRegion": "eu-west-1",
     "ARN": "arn:aws:rds:eu-west-1:111122223333:db:main",
     "configuration": {"dBInstanceIdentifier": "main", "engine": "postgres",
       "engineVersion": "16.1", "dBInstanceClass": "db.t3.micro", "dBInstanceStatus": "available",
       "storageEncrypted": true, "kmsKeyId": "k-1", "autoMinorVersionUpgrade": false,
       "publiclyAccessible": false, "multiAZ": true}}
]})";

TEST(AwsConfigTest, NetworkAclsSecurityGroupsInstancesAndDatabases) {
  TempFolder f;
  f.Write("snapshot.json", kNetworkSnapshot);
  auto r = ImportConfig({f.path() + "/snapshot.json"});
  ASSERT_TRUE(r.graph.ok()) << r.graph.status();
  const Graph& g = **r.graph;
  // Entries without a rule number or direction are passed over; precedence
  // is per direction and address family.
  EXPECT_EQ(Prop(g, "networkAcls { name networkAclId vpcId isDefault ownerId associatedSubnetIds "
                    "entries { name ruleNumber egress ruleAction protocol cidrBlock ipv6CidrBlock "
                    "portRangeFrom portRangeTo precededBy { ruleNumber } } }"),
            R"([{"name":"edge","networkAclId":"acl-1","vpcId":"vpc-1","isDefault":true,)"
            R"("ownerId":"111122223333","associatedSubnetIds":["subnet-1","subnet-2"],"entries":[)"
            R"({"name":"acl-1 ingress 100","ruleNumber":100,"egress":false,"ruleAction":"allow",)"
            R"("protocol":"6","cidrBlock":"0.0.0.0/0","ipv6CidrBlock":null,"portRangeFrom":22,)"
            R"("portRangeTo":22,"precededBy":[{"ruleNumber":50}]},)"
            R"({"name":"acl-1 ingress 50","ruleNumber":50,"egress":false,"ruleAction":"deny",)"
            R"("protocol":"-1","cidrBlock":"10.0.0.0/8","ipv6CidrBlock":null,"portRangeFrom":null,)"
            R"("portRangeTo":null,"precededBy":[]},)"
            R"({"name":"acl-1 ingress 100","ruleNumber":100,"egress":false,"ruleAction":"allow",)"
            R"("protocol":"-1","cidrBlock":null,"ipv6CidrBlock":"::/0","portRangeFrom":null,)"
            R"("portRangeTo":null,"precededBy":[]}]}])");
  // ipv4Ranges and the older ipRanges strings as one sorted set; the
  // permission without a protocol is passed over; Config gives no
  // descriptions.
  EXPECT_EQ(Prop(g, "securityGroups { groupName description ownerId rules { name isEgress "
                    "cidrIpv4 cidrIpv6 prefixListId referencedGroupId description tcpUdpFromPort "
                    "tcpUdpToPort } }"),
            R"([{"groupName":"web","description":"web tier","ownerId":"111122223333","rules":[)"
            R"({"name":"sg-2 ingress -1 all 0.0.0.0/0","isEgress":false,"cidrIpv4":"0.0.0.0/0",)"
            R"("cidrIpv6":null,"prefixListId":null,"referencedGroupId":null,"description":null,)"
            R"("tcpUdpFromPort":0,"tcpUdpToPort":65535},)"
            R"({"name":"sg-2 ingress -1 all 10.0.0.0/8","isEgress":false,"cidrIpv4":"10.0.0.0/8",)"
            R"("cidrIpv6":null,"prefixListId":null,"referencedGroupId":null,"description":null,)"
            R"("tcpUdpFromPort":0,"tcpUdpToPort":65535},)"
            R"({"name":"sg-2 ingress -1 all ::/0","isEgress":false,"cidrIpv4":null,)"
            R"("cidrIpv6":"::/0","prefixListId":null,"referencedGroupId":null,"description":null,)"
            R"("tcpUdpFromPort":0,"tcpUdpToPort":65535},)"
            R"({"name":"sg-2 ingress -1 all pl-1","isEgress":false,"cidrIpv4":null,)"
            R"("cidrIpv6":null,"prefixListId":"pl-1","referencedGroupId":null,"description":null,)"
            R"("tcpUdpFromPort":0,"tcpUdpToPort":65535},)"
            R"({"name":"sg-2 ingress -1 all sg-9","isEgress":false,"cidrIpv4":null,)"
            R"("cidrIpv6":null,"prefixListId":null,"referencedGroupId":"sg-9","description":null,)"
            R"("tcpUdpFromPort":0,"tcpUdpToPort":65535},)"
            R"({"name":"sg-2 egress udp 53-53 0.0.0.0/0","isEgress":true,"cidrIpv4":"0.0.0.0/0",)"
            R"("cidrIpv6":null,"prefixListId":null,"referencedGroupId":null,"description":null,)"
            R"("tcpUdpFromPort":53,"tcpUdpToPort":53}]}])");
  EXPECT_EQ(Prop(g, "ec2Instances { name instanceId instanceType stateName launchTime vpcId "
                    "iamInstanceProfileArn httpTokens httpEndpoint metadataOptionsState }"),
            R"([{"name":"bastion","instanceId":"i-1","instanceType":"t3.micro",)"
            R"("stateName":"running","launchTime":"2025-01-02T03:04:05Z","vpcId":"vpc-1",)"
            R"("iamInstanceProfileArn":"arn:aws:iam::111122223333:instance-profile/p",)"
            R"("httpTokens":"required","httpEndpoint":"enabled","metadataOptionsState":"applied"}])");
  EXPECT_EQ(Prop(g, "rdsInstances { name dbInstanceArn engine engineVersion dbInstanceClass "
                    "dbInstanceStatus storageEncrypted kmsKeyId autoMinorVersionUpgrade "
                    "publiclyAccessible multiAZ }"),
            R"([{"name":"main","dbInstanceArn":"arn:aws:rds:eu-west-1:111122223333:db:main",)"
            R"("engine":"postgres","engineVersion":"16.1","dbInstanceClass":"db.t3.micro",)"
            R"("dbInstanceStatus":"available","storageEncrypted":true,"kmsKeyId":"k-1",)"
            R"("autoMinorVersionUpgrade":false,"publiclyAccessible":false,"multiAZ":true}])");
}

TEST(AwsConfigTest, ChecksOnDataConfigDoesNotHoldEndInError) {
  TempFolder f;
  f.Write("snapshot.json", kSnapshot);
  auto r = ImportConfig({f.path() + "/snapshot.json"});
  ASSERT_TRUE(r.graph.ok()) << r.graph.status();
  auto pack = LoadPack(testing::SourcePath("packs/cis-aws"));
  ASSERT_TRUE(pack.ok()) << pack.status();
  RunOptions o;
  o.now = *ParseInstant("2026-01-15T00:00:00Z");
  o.only_controls = {"cis-aws-3.6", "cis-aws-5.2", "cis-aws-2.1.1", "cis-aws-3.7"};
  auto report = RunPack(**pack, **r.graph, o);
  ASSERT_TRUE(report.ok()) << report.status();
  std::map<std::string, Outcome> status;
  for (const ControlReport& c : report->controls) status[c.id] = c.status;
  EXPECT_EQ(status["cis-aws-3.6"], Outcome::kError);   // no rotation status in Config
  EXPECT_EQ(status["cis-aws-3.7"], Outcome::kError);   // no flow logs in Config
  EXPECT_EQ(status["cis-aws-5.2"], Outcome::kFail);    // SSH open to the world
  EXPECT_EQ(status["cis-aws-2.1.1"], Outcome::kPass);  // TLS-only bucket policy
}

TEST(AwsConfigTest, NewlineDelimitedItems) {
  TempFolder f;
  f.Write("items.ndjson",
          R"({"awsAccountId": "111122223333", "resourceType": "AWS::RDS::DBInstance", "resourceId": "db-1", "awsRegion": "eu-west-1", "configuration": {"dBInstanceIdentifier": "db", "dBInstanceArn": "arn:aws:rds:eu-west-1:111122223333:db:db", "storageEncrypted": false}})"
          "\n\n"
          R"({"awsAccountId": "444455556666", "resourceType": "AWS::EFS::FileSystem", "resourceId": "fs-1", "awsRegion": "us-east-1", "configuration": {"FileSystemId": "fs-1", "Arn": "arn:aws:elasticfilesystem:us-east-1:444455556666:file-system/fs-1", "Encrypted": true}})"
          "\n");
  auto r = ImportConfig({f.path() + "/items.ndjson"});
  ASSERT_TRUE(r.graph.ok()) << r.graph.status();
  EXPECT_EQ(Prop(**r.graph, "rdsInstances { id storageEncrypted }"),
            R"([{"id":"arn:aws:rds:eu-west-1:111122223333:db:db","storageEncrypted":false}])");
  EXPECT_EQ(Prop(**r.graph, "efsFileSystems { id encrypted accountId }"),
            R"([{"id":"arn:aws:elasticfilesystem:us-east-1:444455556666:file-system/fs-1",)"
            R"("encrypted":true,"accountId":"444455556666"}])");
}

TEST(AwsConfigTest, BadInputIsLocated) {
  struct Case {
    std::string text, message;
  };
  for (const Case& c : std::vector<Case>{
           {"{\"configurationItems\": [\n{\"resourceType\": }]}", "snap.json:2:18: JSON syntax error"},
           {R"({"fileVersion": "1.0"})", "not an AWS Config snapshot"},
           {R"({"configurationItems": {}})", "$.configurationItems: expected an array"},
           {R"({"configurationItems": [{"resourceType": "AWS::EC2::VPC", "resourceId": "v", "awsRegion": "x"}]})",
            "$.configurationItems[0]: \"awsAccountId\" is required"},
           {R"({"configurationItems": [{"resourceType": "AWS::EC2::VPC", "resourceId": "v", "awsRegion": "x", "awsAccountId": "12"}]})",
            "$.configurationItems[0].awsAccountId: \"12\" is not a 12-digit account id"},
           {R"({"configurationItems": [{"resourceType": "AWS::S3::Bucket", "resourceId": "b", "awsRegion": "x", "awsAccountId": "111122223333", "ARN": "bucket"}]})",
            "$.configurationItems[0].ARN: \"bucket\" is not an ARN"},
           {R"({"configurationItems": [{"resourceType": "AWS::EC2::VPC", "resourceId": "v", "awsRegion": "eu-west-1", "awsAccountId": "111122223333", "configuration": {"isDefault": "no"}}]})",
            "$.configuration.isDefault: expected a boolean, got a string"},
           {"{\"resourceType\": \"AWS::EC2::VPC\"}\n{oops}\n", "snap.json:1: $: \"resourceId\" is required"},
           {"{\"resourceType\": \"AWS::EC2::VPC\", \"resourceId\": \"v\", \"awsRegion\": \"eu-west-1\", "
            "\"awsAccountId\": \"111122223333\"}\n{oops}\n",
            "snap.json:2:2: JSON syntax error"},
       }) {
    TempFolder f;
    f.Write("snap.json", c.text);
    auto r = ImportConfig({f.path() + "/snap.json"});
    ASSERT_FALSE(r.graph.ok()) << c.text;
    EXPECT_THAT(std::string(r.graph.status().message()), HasSubstr(c.message)) << c.text;
  }
}

}  // namespace
}  // namespace vigil
