// IamPolicy.allowsFullAdmin and S3Bucket.deniesInsecureTransport
// (src/connect/aws/policy_analysis.h).
#include "src/connect/aws/policy_analysis.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vigil::connect::aws {
namespace {

bool Admin(const char* doc) {
  absl::StatusOr<bool> r = AllowsFullAdmin(doc);
  EXPECT_TRUE(r.ok()) << r.status() << " for " << doc;
  return r.ok() && *r;
}

TEST(AllowsFullAdminTest, StarStarStatementIsAdmin) {
  EXPECT_TRUE(Admin(R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})"));
  // Statement as a single object, arrays instead of strings.
  EXPECT_TRUE(Admin(R"({"Statement": {"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}})"));
  // "*" among other actions and resources still grants everything.
  EXPECT_TRUE(Admin(R"({"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "*"],
                                       "Resource": ["arn:aws:s3:::b/*", "*"]}]})"));
  EXPECT_TRUE(Admin(R"({"Statement": [{"Effect": "Allow", "Action": "*:*", "Resource": "*"}]})"));
  // The admin statement is found after harmless ones.
  EXPECT_TRUE(Admin(R"({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                                      {"Effect": "Allow", "Action": "*", "Resource": "*"}]})"));
}

TEST(AllowsFullAdminTest, ConditionsAndDeniesDoNotClearTheFlag) {
  EXPECT_TRUE(Admin(R"({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
                        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]})"));
  EXPECT_TRUE(Admin(R"({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                                      {"Effect": "Deny", "Action": "*", "Resource": "*"}]})"));
}

TEST(AllowsFullAdminTest, NarrowerStatementsAreNotAdmin) {
  // Service-wide wildcard, not every service.
  EXPECT_FALSE(Admin(R"({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})"));
  // Every action on one resource.
  EXPECT_FALSE(Admin(R"({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b"}]})"));
  // NotAction (PowerUserAccess) and NotResource are not "*:*".
  EXPECT_FALSE(Admin(R"({"Statement": [{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"],
                                        "Resource": "*"}]})"));
  EXPECT_FALSE(Admin(R"({"Statement": [{"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::b"}]})"));
  // A Deny of everything grants nothing.
  EXPECT_FALSE(Admin(R"({"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]})"));
  // Effect is case-sensitive in IAM; "allow" is not a valid effect.
  EXPECT_FALSE(Admin(R"({"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]})"));
  // Keys are case-sensitive too.
  EXPECT_FALSE(Admin(R"({"Statement": [{"effect": "Allow", "action": "*", "resource": "*"}]})"));
  // No statements at all.
  EXPECT_FALSE(Admin(R"({"Version": "2012-10-17"})"));
  EXPECT_FALSE(Admin(R"({"Statement": []})"));
  // Non-string elements are ignored, not errors.
  EXPECT_FALSE(Admin(R"({"Statement": [{"Effect": "Allow", "Action": [1, null], "Resource": "*"}]})"));
}

TEST(AllowsFullAdminTest, UrlEncodedDocumentsAreDecoded) {
  // As the raw IAM API returns GetPolicyVersion's Document.
  EXPECT_TRUE(Admin(
      "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C"
      "%22Resource%22%3A%22%2A%22%7D%5D%7D"));
  EXPECT_FALSE(AllowsFullAdmin("%7B%2").ok());
  EXPECT_FALSE(AllowsFullAdmin("%ZZ").ok());
}

TEST(AllowsFullAdminTest, MalformedDocumentsAreErrors) {
  EXPECT_FALSE(AllowsFullAdmin("").ok());
  EXPECT_FALSE(AllowsFullAdmin("   ").ok());
  EXPECT_FALSE(AllowsFullAdmin("{").ok());
  EXPECT_FALSE(AllowsFullAdmin("[]").ok());
  EXPECT_FALSE(AllowsFullAdmin(R"({"Statement": "x"})").ok());
  EXPECT_FALSE(AllowsFullAdmin(R"({"Statement": [1]})").ok());
}

bool Https(const char* doc, const char* bucket = "logs", const char* partition = "aws") {
  absl::StatusOr<bool> r = DeniesInsecureTransport(doc, bucket, partition);
  EXPECT_TRUE(r.ok()) << r.status() << " for " << doc;
  return r.ok() && *r;
}

constexpr char kCisStatement[] = R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "DenyHttp", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
   "Resource": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"],
   "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})";

TEST(DeniesInsecureTransportTest, TheCisStatementDenies) {
  EXPECT_TRUE(Https(kCisStatement));
  // The same statement names another bucket: it does not protect this one.
  EXPECT_FALSE(Https(kCisStatement, "other"));
}

TEST(DeniesInsecureTransportTest, AcceptedSpellings) {
  // Objects only (the CIS console example), a bucket-prefix pattern, every S3 resource, "*".
  for (const char* resource : {R"("arn:aws:s3:::logs/*")", R"("arn:aws:s3:::logs*")", R"("arn:aws:s3:::*")",
                               R"("*")", R"(["arn:aws:s3:::x/*", "arn:aws:s3:::logs/*"])"}) {
    std::string doc = std::string(R"({"Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": )") +
                      resource + R"(, "Condition": {"Bool": {"aws:SecureTransport": "false"}}}})";
    EXPECT_TRUE(Https(doc.c_str())) << resource;
  }
  // Principal forms, action forms, condition key case and value forms.
  EXPECT_TRUE(Https(R"({"Statement": [{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "*",
      "Resource": "arn:aws:s3:::logs/*", "Condition": {"Bool": {"aws:securetransport": false}}}]})"));
  EXPECT_TRUE(Https(R"({"Statement": [{"Effect": "Deny", "Principal": {"AWS": ["*"]}, "Action": ["S3:*"],
      "Resource": "arn:aws:s3:::logs/*", "Condition": {"BoolIfExists": {"aws:SecureTransport": ["False"]}}}]})"));
  // Another partition.
  EXPECT_TRUE(Https(R"({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
      "Resource": "arn:aws-us-gov:s3:::logs/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})",
                    "logs", "aws-us-gov"));
  EXPECT_FALSE(Https(R"({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
      "Resource": "arn:aws:s3:::logs/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})",
                     "logs", "aws-cn"));
}

TEST(DeniesInsecureTransportTest, StatementsThatDoNotDenyEveryInsecureRequest) {
  // Allow with SecureTransport true: HTTP is still allowed by other grants.
  EXPECT_FALSE(Https(R"({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::logs/*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]})"));
  // Deny with "true" denies HTTPS, not HTTP.
  EXPECT_FALSE(Https(R"({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
      "Resource": "arn:aws:s3:::logs/*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]})"));
  // Only some principals, only some actions, only a prefix of the objects.
  EXPECT_FALSE(Https(R"({"Statement": [{"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
      "Action": "s3:*", "Resource": "arn:aws:s3:::logs/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})"));
  EXPECT_FALSE(Https(R"({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::logs/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})"));
  EXPECT_FALSE(Https(R"({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
      "Resource": "arn:aws:s3:::logs/private/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})"));
  // The bucket itself but not its objects.
  EXPECT_FALSE(Https(R"({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
      "Resource": "arn:aws:s3:::logs", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})"));
  // A bucket whose name merely starts with this one's.
  EXPECT_FALSE(Https(R"({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
      "Resource": "arn:aws:s3:::logs-archive/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})"));
  // A wildcard in the middle is not analysed.
  EXPECT_FALSE(Https(R"({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
      "Resource": "arn:aws:s3:::lo*s/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})"));
  // An extra condition narrows the deny.
  EXPECT_FALSE(Https(R"({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
      "Resource": "arn:aws:s3:::logs/*", "Condition": {"Bool": {"aws:SecureTransport": "false"},
      "StringEquals": {"aws:PrincipalAccount": "111122223333"}}}]})"));
  EXPECT_FALSE(Https(R"({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
      "Resource": "arn:aws:s3:::logs/*", "Condition": {"Bool": {"aws:SecureTransport": "false",
      "aws:ViaAWSService": "false"}}}]})"));
  // No condition: denies everything, but is not the HTTP rule CIS asks for.
  EXPECT_FALSE(Https(R"({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
      "Resource": "arn:aws:s3:::logs/*"}]})"));
  // NotPrincipal / NotAction / NotResource forms are not read.
  EXPECT_FALSE(Https(R"({"Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"},
      "Action": "s3:*", "Resource": "arn:aws:s3:::logs/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})"));
  EXPECT_FALSE(Https(R"({"Statement": [{"Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject",
      "Resource": "arn:aws:s3:::logs/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})"));
  // TLS version rules do not deny plain HTTP.
  EXPECT_FALSE(Https(R"({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
      "Resource": "arn:aws:s3:::logs/*", "Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}}]})"));
}

TEST(DeniesInsecureTransportTest, NoPolicyMeansNoDeny) {
  EXPECT_TRUE(DeniesInsecureTransport("", "logs").ok());
  EXPECT_FALSE(*DeniesInsecureTransport("", "logs"));
  EXPECT_FALSE(*DeniesInsecureTransport(" \n", "logs"));
  EXPECT_FALSE(DeniesInsecureTransport("{oops", "logs").ok());
}

TEST(PolicyArnTest, AwsManaged) {
  EXPECT_TRUE(IsAwsManagedPolicyArn("arn:aws:iam::aws:policy/AdministratorAccess"));
  EXPECT_TRUE(IsAwsManagedPolicyArn("arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess"));
  EXPECT_FALSE(IsAwsManagedPolicyArn("arn:aws:iam::111122223333:policy/admin"));
  EXPECT_FALSE(IsAwsManagedPolicyArn("AdministratorAccess"));
  EXPECT_FALSE(IsAwsManagedPolicyArn("arn:aws"));
}

TEST(PercentDecodeTest, Decodes) {
  EXPECT_EQ(*PercentDecode("a%20b%2Fc+d"), "a b/c+d");
  EXPECT_EQ(*PercentDecode(""), "");
  EXPECT_FALSE(PercentDecode("%").ok());
  EXPECT_FALSE(PercentDecode("%4").ok());
  EXPECT_FALSE(PercentDecode("%G0").ok());
}

}  // namespace
}  // namespace vigil::connect::aws
