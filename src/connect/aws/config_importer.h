// AWS Config configuration snapshots into the AWS asset graph
// (docs/connectors.md has the mapping table).
//
// Input: files holding either a snapshot ({"fileVersion": ...,
// "configurationItems": [...]}) or newline-delimited configuration items
// (one JSON object per line). Each item has resourceType, resourceId,
// awsAccountId and awsRegion; ARN, configuration (an object, or its JSON
// text), supplementaryConfiguration and relationships are read when
// present. Resource types without a mapping (AWS::Config::ResourceCompliance,
// ...) are skipped, with one warning per type.
//
// Collections: for every account and region the items mention, each call of
// the schema's @collectedBy directives is recorded as collected when the
// resource types vigil reads from Config cover it (ConfigCalls), and as
// missing otherwise (Config has no KMS rotation status, no credential
// report, no flow logs, ...). A check that needs a call Config does not
// cover therefore ends in `error`, never in a pass.
#ifndef VIGIL_SRC_CONNECT_AWS_CONFIG_IMPORTER_H_
#define VIGIL_SRC_CONNECT_AWS_CONFIG_IMPORTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "vigil/connector.h"

namespace vigil::connect::aws {

// The calls ("<service> <command>") whose data a Config snapshot holds.
std::vector<std::string> ConfigCalls();

// The resource types read, and the schema type each becomes.
struct ConfigTypeMapping {
  std::string_view resource_type;  // "AWS::EC2::VPC"
  std::string_view schema_type;    // "Vpc"
  std::vector<std::string_view> calls;  // the calls its items stand for
  bool global = false;                  // the calls are account-wide (IAM, S3)
};
const std::vector<ConfigTypeMapping>& ConfigTypeMappings();

absl::Status ImportConfigSnapshots(const std::vector<std::string>& files, GraphBuilder& builder,
                                   ConnectorContext& context);

// The same on texts in memory (name: for messages); for the fuzzer and tests.
absl::Status ImportConfigTexts(const std::vector<std::pair<std::string, std::string>>& texts,
                               GraphBuilder& builder, ConnectorContext& context);

}  // namespace vigil::connect::aws

#endif  // VIGIL_SRC_CONNECT_AWS_CONFIG_IMPORTER_H_
