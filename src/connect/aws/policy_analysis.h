// Derived fields computed from IAM and S3 policy documents (schemas/aws.graphql:
// IamPolicy.allowsFullAdmin, IamInlinePolicy.allowsFullAdmin,
// S3Bucket.deniesInsecureTransport). An importer calls these on the documents
// it read and stores the answers as ordinary Boolean properties, because the
// query language cannot look inside a JSON document.
//
//   absl::StatusOr<bool> admin = vigil::connect::aws::AllowsFullAdmin(document);
//
// Every rule below is also written in docs/aws-schema.md; the two must agree.
//
// Reading a document:
//  * The text is JSON. A text whose first non-blank character is `%` is first
//    percent-decoded (the raw IAM API returns policy documents URL-encoded;
//    boto3 and the AWS CLI decode them already).
//  * `Statement` is an object or an array of objects. Keys (`Effect`,
//    `Action`, ...) are matched exactly, as IAM does. A value that IAM allows
//    as "a string or an array of strings" may be either.
//  * A document that is not JSON, not an object, or whose `Statement` has the
//    wrong shape is an error (the importer then leaves the field null).
#ifndef VIGIL_SRC_CONNECT_AWS_POLICY_ANALYSIS_H_
#define VIGIL_SRC_CONNECT_AWS_POLICY_ANALYSIS_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace vigil::connect::aws {

// True when some statement of the identity-based policy document grants every
// action on every resource (CIS "*:*" administrative privileges):
//  * `Effect` is exactly "Allow";
//  * it has an `Action` key (a statement with `NotAction` does not count: it is
//    how PowerUserAccess is written, which is not full administration) whose
//    value is, or is an array containing, "*" or "*:*";
//  * it has a `Resource` key (not `NotResource`) whose value is, or is an
//    array containing, "*".
// A `Condition` does not clear the flag (the statement still grants full
// administration whenever its condition holds), nor does a Deny statement
// elsewhere in the document: CIS asks that no such Allow statement be attached.
absl::StatusOr<bool> AllowsFullAdmin(std::string_view policy_document);

// True when the bucket policy document has a statement that denies every
// request made without TLS to every object of the bucket:
//  * `Effect` is exactly "Deny";
//  * `Principal` is "*", or an object whose "AWS" member is "*" or an array
//    containing "*" (a statement with `NotPrincipal` does not count);
//  * `Action` (not `NotAction`) is, or contains, "*" or "s3:*" (action names
//    compare case-insensitively, as in IAM);
//  * `Resource` (not `NotResource`) is, or contains, a pattern covering every
//    object of the bucket: "*", or a pattern with a single `*` at its end
//    whose text before the `*` is a prefix of "arn:<partition>:s3:::<bucket>/"
//    ("arn:aws:s3:::<bucket>/*", "arn:aws:s3:::<bucket>*", "arn:aws:s3:::*").
//    `partition` is the bucket's ARN partition ("aws", "aws-cn", "aws-us-gov");
//  * `Condition` holds exactly one operator, "Bool" or "BoolIfExists", which
//    holds exactly one key, `aws:SecureTransport` (keys compare
//    case-insensitively), whose value is false, "false" (any case), or an
//    array containing one of those. A statement that adds other conditions
//    denies only some insecure requests and does not count.
// A document with no such statement (or an empty document) gives false.
absl::StatusOr<bool> DeniesInsecureTransport(std::string_view policy_document,
                                             std::string_view bucket_name,
                                             std::string_view partition = "aws");

// True for the ARN of an AWS-managed IAM policy: "arn:<partition>:iam::aws:policy/...".
bool IsAwsManagedPolicyArn(std::string_view arn);

// Percent-decodes `text` (RFC 3986: %XX; `+` is kept). A malformed escape is
// an error.
absl::StatusOr<std::string> PercentDecode(std::string_view text);

// A policy document as IAM returns it, as JSON text: percent-decoded when it
// is percent-encoded (its first non-blank character is '%'), else as it is.
// A malformed escape is an error.
absl::StatusOr<std::string> PolicyDocumentText(std::string_view text);

}  // namespace vigil::connect::aws

#endif  // VIGIL_SRC_CONNECT_AWS_POLICY_ANALYSIS_H_
