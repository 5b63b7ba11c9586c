// Derived fields of a CloudTrail trail computed from its event selectors
// (cloudtrail:GetEventSelectors): CloudTrailTrail.logsAllManagementEvents,
// .s3WriteDataEventsAllBuckets, .s3ReadDataEventsAllBuckets and the edges
// LOGS_S3_WRITE_DATA_EVENTS / LOGS_S3_READ_DATA_EVENTS to single buckets
// (schemas/aws.graphql, docs/aws-schema.md).
//
// The input is the GetEventSelectors response as the AWS CLI or boto3 prints
// it: {"TrailARN": ..., "EventSelectors": [...]} or
// {"TrailARN": ..., "AdvancedEventSelectors": [...]}. A trail uses one kind or
// the other; both are read when both are present. The selectors of a trail
// add up: what one selector records and what another records are both
// recorded.
//
// Basic selectors (EventSelectors[]):
//  * management events: a selector with IncludeManagementEvents true records
//    reads when ReadWriteType is "All" or "ReadOnly" and writes when it is
//    "All" or "WriteOnly". ExcludeManagementEventSources is not held against
//    the trail (CIS's audit looks at IncludeManagementEvents and
//    ReadWriteType only).
//  * S3 object data events: a DataResources element whose Type is
//    "AWS::S3::Object" records, with the selector's ReadWriteType, every
//    bucket for the value "arn:<partition>:s3" or "arn:<partition>:s3:::", and
//    the bucket B for "arn:<partition>:s3:::B/" or "arn:<partition>:s3:::B". A
//    value naming an object prefix ("arn:aws:s3:::B/logs/") covers only part
//    of a bucket and counts for nothing.
// Advanced selectors (AdvancedEventSelectors[]), each a list of FieldSelectors
// that must all match:
//  * management events: `eventCategory` Equals ["Management"]. `readOnly`
//    Equals ["true"] (or NotEquals ["false"]) limits it to reads, Equals
//    ["false"] (or NotEquals ["true"]) to writes. An `eventSource` field with
//    only NotEquals values (excluded sources) is ignored, as for basic
//    selectors. Any other field, or any other operator, makes the selector
//    record only part of the management events: it counts for nothing.
//  * S3 object data events: `eventCategory` Equals ["Data"] and
//    `resources.type` Equals ["AWS::S3::Object"]; `readOnly` as above; without
//    a `resources.ARN` field every bucket; with `resources.ARN` StartsWith
//    values, the buckets B of values "arn:<partition>:s3:::B/" (the value
//    "arn:<partition>:s3:::" means every bucket; a value with an object prefix
//    counts for nothing). Any other field or operator (eventName,
//    resources.ARN NotStartsWith, userIdentity.arn, ...) makes the selector
//    count for nothing.
// Field names and values compare exactly, as CloudTrail stores them.
#ifndef VIGIL_SRC_CONNECT_AWS_EVENT_SELECTORS_H_
#define VIGIL_SRC_CONNECT_AWS_EVENT_SELECTORS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace vigil::connect::aws {

struct TrailEventCoverage {
  // Reads and writes of every management event.
  bool logs_all_management_events = false;
  // S3 object-level write (read) data events of every bucket.
  bool s3_write_all_buckets = false;
  bool s3_read_all_buckets = false;
  // Buckets named one by one (sorted, without duplicates); a bucket also
  // covered by the "all buckets" flag is still listed if a selector names it.
  std::vector<std::string> s3_write_buckets;
  std::vector<std::string> s3_read_buckets;
};

// `response` is the JSON text of a GetEventSelectors response. Not JSON, not
// an object, or EventSelectors / AdvancedEventSelectors of the wrong shape:
// an error.
absl::StatusOr<TrailEventCoverage> AnalyzeEventSelectors(std::string_view response);

}  // namespace vigil::connect::aws

#endif  // VIGIL_SRC_CONNECT_AWS_EVENT_SELECTORS_H_
