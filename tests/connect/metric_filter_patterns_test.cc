// MetricFilter.cisPatterns (src/connect/aws/metric_filter_patterns.h).
#include "src/connect/aws/metric_filter_patterns.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vigil::connect::aws {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<CisPattern> Match(std::string_view p) { return MatchCisPatterns(p); }

TEST(FilterPatternParseTest, ComparisonsAndNormalForm) {
  absl::StatusOr<FilterDnf> d = ParseFilterPattern(R"({ ($.a = 1) && (($.b = "x y") || ($.c != z)) })");
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_EQ(d->conjunctions.size(), 2u);
  EXPECT_THAT(d->conjunctions[0], ElementsAre(FilterComparison{"$.a", "=", true, "1"},
                                              FilterComparison{"$.b", "=", false, "x y"}));
  EXPECT_THAT(d->conjunctions[1], ElementsAre(FilterComparison{"$.a", "=", true, "1"},
                                              FilterComparison{"$.c", "!=", false, "z"}));
  // && binds tighter than ||.
  d = ParseFilterPattern("{$.a=1||$.b=2&&$.c=3}");
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_EQ(d->conjunctions.size(), 2u);
  EXPECT_EQ(d->conjunctions[0].size(), 1u);
  EXPECT_EQ(d->conjunctions[1].size(), 2u);
  // Keyword forms, array selectors, escapes.
  d = ParseFilterPattern(R"({ $.x.y NOT EXISTS && $.z IS NULL && $.w is true && $.v[0].k = "a\"b" && $.e EXISTS })");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_THAT(d->conjunctions[0],
              ElementsAre(FilterComparison{"$.e", "EXISTS", false, ""}, FilterComparison{"$.v[0].k", "=", false, "a\"b"},
                          FilterComparison{"$.w", "IS TRUE", false, ""}, FilterComparison{"$.x.y", "NOT EXISTS", false, ""},
                          FilterComparison{"$.z", "IS NULL", false, ""}));
}

TEST(FilterPatternParseTest, Errors) {
  for (const char* bad : {"", "ERROR", "[ip, user]", "{}", "{ $.a = }", "{ $.a }", "{ $.a = 1", "{ ($.a = 1 }",
                          "{ $.a = 1 } x", "{ $ = 1 }", "{ $.a = \"x }", "{ $.a IS MAYBE }", "{ $.a NOT 1 }",
                          "{ a = 1 }", "{ $.a[x] = 1 }", "{ $.a = 1 && }"}) {
    EXPECT_FALSE(ParseFilterPattern(bad).ok()) << bad;
  }
  // Nesting is bounded.
  std::string deep = "{" + std::string(100, '(') + "$.a = 1" + std::string(100, ')') + "}";
  EXPECT_FALSE(ParseFilterPattern(deep).ok());
  // Normal forms are bounded: 13 binary ORs ANDed together give 8192 conjunctions.
  std::string big = "{ ";
  for (int i = 0; i < 13; ++i) big += (i ? " && " : "") + std::string("($.a = 1 || $.b = 2)");
  big += " }";
  EXPECT_FALSE(ParseFilterPattern(big).ok());
  EXPECT_THAT(Match(big), IsEmpty());
}

TEST(CisPatternsTest, ReferencesCatchThemselvesAndNothingElse) {
  for (int i = 0; i < kNumCisPatterns; ++i) {
    CisPattern p = static_cast<CisPattern>(i);
    EXPECT_THAT(Match(CisReferencePattern(p)), ElementsAre(p)) << CisPatternName(p);
  }
  EXPECT_EQ(CisPatternName(CisPattern::kRootAccountUsage), "ROOT_ACCOUNT_USAGE");
  EXPECT_EQ(CisPatternRecommendation(CisPattern::kOrganizationsChanges), "4.15");
}

TEST(CisPatternsTest, ThePatternsPrintedByCisAreCaught) {
  // v3.0.0 4.1 as printed (every part joined with ||).
  EXPECT_THAT(Match("{ ($.errorCode = *UnauthorizedOperation) || ($.errorCode = AccessDenied*) || "
                    "($.sourceIPAddress!=delivery.logs.amazonaws.com) || ($.eventName!=HeadBucket) }"),
              ::testing::Contains(CisPattern::kUnauthorizedApiCalls));
  // v1.2.0 4.1 (no exclusions) and v1.5.0 (exclusions on the second branch).
  EXPECT_THAT(Match(R"({ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") })"),
              ElementsAre(CisPattern::kUnauthorizedApiCalls));
  EXPECT_THAT(Match(R"({ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && )"
                    R"(($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") })"),
              ElementsAre(CisPattern::kUnauthorizedApiCalls));
  // 4.2, the wider variant.
  EXPECT_THAT(Match(R"({ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") })"),
              ElementsAre(CisPattern::kConsoleSignInWithoutMfa));
  // 4.4 without blanks.
  EXPECT_THAT(
      Match("{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||"
            "($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||"
            "($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||"
            "($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||"
            "($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||"
            "($.eventName=DetachGroupPolicy)}"),
      ElementsAre(CisPattern::kIamPolicyChanges));
  // 4.13 as printed in the audit (eventSource on the first branch only) and
  // in the remediation (no eventSource at all).
  EXPECT_THAT(Match("{($.eventSource = ec2.amazonaws.com) && ($.eventName =CreateRoute) || ($.eventName = "
                    "CreateRouteTable) || ($.eventName =ReplaceRoute) || ($.eventName = "
                    "ReplaceRouteTableAssociation) || ($.eventName= DeleteRouteTable) || ($.eventName = "
                    "DeleteRoute) || ($.eventName =DisassociateRouteTable) }"),
              ElementsAre(CisPattern::kRouteTableChanges));
  EXPECT_THAT(Match("{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = "
                    "ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = "
                    "DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }"),
              ElementsAre(CisPattern::kRouteTableChanges));
}

TEST(CisPatternsTest, RewritingsThatKeepTheMeaning) {
  // Quotes, blanks, order of OR branches and of AND terms, redundant parentheses.
  EXPECT_THAT(Match(R"({($.eventName="StopLogging")||($.eventName="StartLogging")||($.eventName="DeleteTrail")||)"
                    R"(($.eventName="UpdateTrail")||($.eventName="CreateTrail")})"),
              ElementsAre(CisPattern::kCloudTrailConfigChanges));
  EXPECT_THAT(Match(R"({ ((($.errorMessage = "Failed authentication"))) && ($.eventName = "ConsoleLogin") })"),
              ElementsAre(CisPattern::kConsoleAuthFailures));
  EXPECT_THAT(Match("{ $.eventType != AwsServiceEvent && $.userIdentity.invokedBy NOT EXISTS && "
                    "$.userIdentity.type = Root }"),
              ElementsAre(CisPattern::kRootAccountUsage));
  // Distributing the event source over the names.
  EXPECT_THAT(Match("{ ($.eventSource = kms.amazonaws.com && $.eventName = DisableKey) || "
                    "($.eventSource = kms.amazonaws.com && $.eventName = ScheduleKeyDeletion) }"),
              ElementsAre(CisPattern::kCmkDisableOrDeletion));
  // A wider filter: extra event names, fewer conditions, wildcards.
  EXPECT_THAT(Match("{ ($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion) || "
                    "($.eventName = DeleteAlias) }"),
              ElementsAre(CisPattern::kCmkDisableOrDeletion));
  EXPECT_THAT(Match(R"({ $.eventSource = "kms.amazonaws.com" && ($.eventName = "Disable*" || $.eventName = "Schedule*") })"),
              ElementsAre(CisPattern::kCmkDisableOrDeletion));
  // One filter may catch several patterns.
  EXPECT_THAT(Match("{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || "
                    "($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || "
                    "($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) || "
                    "($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || "
                    "($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || "
                    "($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }"),
              ElementsAre(CisPattern::kNaclChanges, CisPattern::kNetworkGatewayChanges));
  // Any event name: catches every pattern whose events are selected by an
  // event name (not 4.1 and 4.3, which select on other fields).
  EXPECT_THAT(Match(R"({ $.eventName = "*" })"),
              ElementsAre(CisPattern::kConsoleSignInWithoutMfa, CisPattern::kIamPolicyChanges,
                          CisPattern::kCloudTrailConfigChanges, CisPattern::kConsoleAuthFailures,
                          CisPattern::kCmkDisableOrDeletion, CisPattern::kS3BucketPolicyChanges,
                          CisPattern::kConfigChanges, CisPattern::kSecurityGroupChanges, CisPattern::kNaclChanges,
                          CisPattern::kNetworkGatewayChanges, CisPattern::kRouteTableChanges,
                          CisPattern::kVpcChanges, CisPattern::kOrganizationsChanges));
}

TEST(CisPatternsTest, FiltersThatMissEvents) {
  // One event name missing.
  EXPECT_THAT(Match("{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || "
                    "($.eventName = StartLogging) }"),
              IsEmpty());
  // An extra condition narrows it.
  EXPECT_THAT(Match(R"({ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") && )"
                    R"(($.awsRegion = "us-east-1") })"),
              IsEmpty());
  // A different value, a different operator, different case.
  EXPECT_THAT(Match(R"({ $.userIdentity.type = "root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" })"),
              IsEmpty());
  EXPECT_THAT(Match(R"({ $.userIdentity.type = "Root" && $.userIdentity.invokedBy IS NULL && $.eventType != "AwsServiceEvent" })"),
              IsEmpty());
  EXPECT_THAT(Match(R"({ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed = "No") })"), IsEmpty());
  // A wildcard that does not cover the names.
  EXPECT_THAT(Match(R"({ $.eventSource = "kms.amazonaws.com" && $.eventName = "Disable*" })"), IsEmpty());
  // Conservative: every IAM policy change comes from iam.amazonaws.com, but
  // the 4.4 reference does not say so, so this filter is not shown to catch it.
  EXPECT_THAT(Match(R"({ $.eventSource = "iam.amazonaws.com" })"), IsEmpty());
  // Whereas a filter on the source alone does catch a reference that names it.
  EXPECT_THAT(Match(R"({ $.eventSource = "kms.amazonaws.com" })"), ElementsAre(CisPattern::kCmkDisableOrDeletion));
  // Not JSON patterns.
  EXPECT_THAT(Match(""), IsEmpty());
  EXPECT_THAT(Match("\"ConsoleLogin\""), IsEmpty());
  EXPECT_THAT(Match("[version, account, eni, source, destination]"), IsEmpty());
}

TEST(CisPatternsTest, NumbersAndStringsDiffer) {
  absl::StatusOr<FilterDnf> a = ParseFilterPattern("{ $.x = 5 }");
  absl::StatusOr<FilterDnf> b = ParseFilterPattern(R"({ $.x = "5" })");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(Catches(*a, *b));
  EXPECT_FALSE(Catches(*b, *a));
  EXPECT_TRUE(Catches(*a, *a));
}

}  // namespace
}  // namespace vigil::connect::aws
