// CloudTrailTrail.logsAllManagementEvents and the S3 data-event coverage
// (src/connect/aws/event_selectors.h).
#include "src/connect/aws/event_selectors.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vigil::connect::aws {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TrailEventCoverage Analyze(const char* json) {
  absl::StatusOr<TrailEventCoverage> r = AnalyzeEventSelectors(json);
  EXPECT_TRUE(r.ok()) << r.status() << " for " << json;
  return r.ok() ? *r : TrailEventCoverage{};
}

TEST(EventSelectorsTest, DefaultSelectorRecordsAllManagementEvents) {
  TrailEventCoverage c = Analyze(R"({"TrailARN": "arn:aws:cloudtrail:us-east-1:1:trail/t",
      "EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true, "DataResources": [],
                          "ExcludeManagementEventSources": []}]})");
  EXPECT_TRUE(c.logs_all_management_events);
  EXPECT_FALSE(c.s3_write_all_buckets);
  EXPECT_FALSE(c.s3_read_all_buckets);
  EXPECT_THAT(c.s3_write_buckets, IsEmpty());
}

TEST(EventSelectorsTest, ManagementEventsExcludedOrPartial) {
  // IncludeManagementEvents false: a data-only trail.
  EXPECT_FALSE(Analyze(R"({"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": false}]})")
                   .logs_all_management_events);
  // Writes only, reads only.
  EXPECT_FALSE(Analyze(R"({"EventSelectors": [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true}]})")
                   .logs_all_management_events);
  EXPECT_FALSE(Analyze(R"({"EventSelectors": [{"ReadWriteType": "ReadOnly", "IncludeManagementEvents": true}]})")
                   .logs_all_management_events);
  // ... but both together record everything.
  EXPECT_TRUE(Analyze(R"({"EventSelectors": [{"ReadWriteType": "ReadOnly", "IncludeManagementEvents": true},
                                             {"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true}]})")
                  .logs_all_management_events);
  // Missing fields do not count.
  EXPECT_FALSE(Analyze(R"({"EventSelectors": [{"IncludeManagementEvents": true}]})").logs_all_management_events);
  EXPECT_FALSE(Analyze(R"({"EventSelectors": [{"ReadWriteType": "All"}]})").logs_all_management_events);
  // No selectors at all.
  EXPECT_FALSE(Analyze(R"({"TrailARN": "t"})").logs_all_management_events);
  EXPECT_FALSE(Analyze(R"({"EventSelectors": []})").logs_all_management_events);
}

TEST(EventSelectorsTest, ExcludedManagementSourcesAreNotHeldAgainstTheTrail) {
  EXPECT_TRUE(Analyze(R"({"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true,
      "ExcludeManagementEventSources": ["kms.amazonaws.com"]}]})")
                  .logs_all_management_events);
  EXPECT_TRUE(Analyze(R"({"AdvancedEventSelectors": [{"Name": "mgmt", "FieldSelectors": [
      {"Field": "eventCategory", "Equals": ["Management"]},
      {"Field": "eventSource", "NotEquals": ["kms.amazonaws.com", "rdsdata.amazonaws.com"]}]}]})")
                  .logs_all_management_events);
}

TEST(EventSelectorsTest, AdvancedManagementSelectors) {
  EXPECT_TRUE(Analyze(R"({"AdvancedEventSelectors": [{"Name": "Management events selector",
      "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}]})")
                  .logs_all_management_events);
  // readOnly limits it; two complementary selectors add up.
  const char* writes = R"({"AdvancedEventSelectors": [{"FieldSelectors": [
      {"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "readOnly", "Equals": ["false"]}]}]})";
  EXPECT_FALSE(Analyze(writes).logs_all_management_events);
  EXPECT_TRUE(Analyze(R"({"AdvancedEventSelectors": [
      {"FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "readOnly", "Equals": ["false"]}]},
      {"FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "readOnly", "NotEquals": ["false"]}]}]})")
                  .logs_all_management_events);
  // Narrowing by event source (Equals) or event name makes the selector partial.
  EXPECT_FALSE(Analyze(R"({"AdvancedEventSelectors": [{"FieldSelectors": [
      {"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "eventSource", "Equals": ["iam.amazonaws.com"]}]}]})")
                   .logs_all_management_events);
  EXPECT_FALSE(Analyze(R"({"AdvancedEventSelectors": [{"FieldSelectors": [
      {"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "eventName", "NotEquals": ["GetObject"]}]}]})")
                   .logs_all_management_events);
  // Data-only advanced selectors.
  EXPECT_FALSE(Analyze(R"({"AdvancedEventSelectors": [{"FieldSelectors": [
      {"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}]}]})")
                   .logs_all_management_events);
}

TEST(EventSelectorsTest, BasicS3DataResources) {
  TrailEventCoverage all = Analyze(R"({"EventSelectors": [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true,
      "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}]})");
  EXPECT_TRUE(all.s3_write_all_buckets);
  EXPECT_FALSE(all.s3_read_all_buckets);
  EXPECT_FALSE(all.logs_all_management_events);  // writes only

  TrailEventCoverage both = Analyze(R"({"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true,
      "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::"]}]}]})");
  EXPECT_TRUE(both.s3_write_all_buckets);
  EXPECT_TRUE(both.s3_read_all_buckets);

  TrailEventCoverage some = Analyze(R"({"EventSelectors": [{"ReadWriteType": "ReadOnly", "IncludeManagementEvents": false,
      "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::b1/", "arn:aws:s3:::b2",
                                                            "arn:aws:s3:::b3/logs/", "arn:aws:s3:::b1/"]},
                        {"Type": "AWS::Lambda::Function", "Values": ["arn:aws:lambda"]}]}]})");
  EXPECT_FALSE(some.s3_read_all_buckets);
  EXPECT_THAT(some.s3_read_buckets, ElementsAre("b1", "b2"));  // b3 only under a prefix
  EXPECT_THAT(some.s3_write_buckets, IsEmpty());
}

TEST(EventSelectorsTest, AdvancedS3DataSelectors) {
  TrailEventCoverage all = Analyze(R"({"AdvancedEventSelectors": [{"Name": "S3 writes", "FieldSelectors": [
      {"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
      {"Field": "readOnly", "Equals": ["false"]}]}]})");
  EXPECT_TRUE(all.s3_write_all_buckets);
  EXPECT_FALSE(all.s3_read_all_buckets);

  TrailEventCoverage named = Analyze(R"({"AdvancedEventSelectors": [{"FieldSelectors": [
      {"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
      {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::b1/", "arn:aws:s3:::b2/data/", "arn:aws:s3:::b3"]}]}]})");
  EXPECT_FALSE(named.s3_write_all_buckets);
  EXPECT_THAT(named.s3_write_buckets, ElementsAre("b1"));
  EXPECT_THAT(named.s3_read_buckets, ElementsAre("b1"));

  EXPECT_TRUE(Analyze(R"({"AdvancedEventSelectors": [{"FieldSelectors": [
      {"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
      {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::"]}]}]})")
                  .s3_read_all_buckets);

  // Exclusions and narrowing make the selector count for nothing.
  for (const char* narrowing : {R"({"Field": "resources.ARN", "NotStartsWith": ["arn:aws:s3:::tmp/"]})",
                                R"({"Field": "eventName", "Equals": ["PutObject"]})",
                                R"({"Field": "eventSource", "NotEquals": ["s3.amazonaws.com"]})",
                                R"({"Field": "userIdentity.arn", "NotStartsWith": ["arn:aws:sts::1:assumed-role/x"]})",
                                R"({"Field": "readOnly", "StartsWith": ["t"]})"}) {
    std::string json = std::string(R"({"AdvancedEventSelectors": [{"FieldSelectors": [
        {"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}, )") +
                       narrowing + "]}]}";
    TrailEventCoverage c = Analyze(json.c_str());
    EXPECT_FALSE(c.s3_write_all_buckets) << narrowing;
    EXPECT_FALSE(c.s3_read_all_buckets) << narrowing;
  }
  // Another resource type.
  EXPECT_FALSE(Analyze(R"({"AdvancedEventSelectors": [{"FieldSelectors": [
      {"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::DynamoDB::Table"]}]}]})")
                   .s3_write_all_buckets);
}

TEST(EventSelectorsTest, MalformedResponses) {
  EXPECT_FALSE(AnalyzeEventSelectors("").ok());
  EXPECT_FALSE(AnalyzeEventSelectors("[]").ok());
  EXPECT_FALSE(AnalyzeEventSelectors(R"({"EventSelectors": {}})").ok());
  EXPECT_FALSE(AnalyzeEventSelectors(R"({"EventSelectors": [1]})").ok());
  EXPECT_FALSE(AnalyzeEventSelectors(R"({"AdvancedEventSelectors": ["x"]})").ok());
  EXPECT_TRUE(AnalyzeEventSelectors(R"({"EventSelectors": null})").ok());
}

}  // namespace
}  // namespace vigil::connect::aws
