// Shared schema for the graph tests.
#ifndef VIGIL_TESTS_GRAPH_TEST_SCHEMA_H_
#define VIGIL_TESTS_GRAPH_TEST_SCHEMA_H_

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "vigil/schema.h"

namespace vigil::testing {

inline constexpr char kTestSdl[] = R"(
enum Severity { LOW MEDIUM HIGH }
interface Asset { id: ID! name: String }
type Account implements Asset {
  id: ID!
  name: String
  tier: Int
  vpcs: [Vpc!]! @relationship(type: "OWNS", direction: OUT)
  assets: [Asset!]! @relationship(type: "HAS", direction: OUT)
}
type Vpc implements Asset {
  id: ID!
  name: String
  isDefault: Boolean
  score: Float
  severity: Severity
  createdAt: DateTime
  tags: [String!]
  ports: [Int]
  flags: [Boolean]
  weights: [Float]
  times: [DateTime]
  levels: [Severity]
  hasFlowLog: [FlowLog!]! @relationship(type: "HAS_FLOW_LOG", direction: OUT)
  owner: Account @relationship(type: "OWNS", direction: IN)
  peers: [Vpc!]! @relationship(type: "PEERS_WITH", direction: OUT, properties: "Peering")
  peeredBy: [Vpc!]! @relationship(type: "PEERS_WITH", direction: IN, properties: "Peering")
}
type FlowLog implements Asset {
  id: ID!
  name: String
  status: String!
  vpc: Vpc @relationship(type: "HAS_FLOW_LOG", direction: IN)
}
type Peering @relationshipProperties {
  status: String
  since: Int
  labels: [String]
}
)";

inline std::shared_ptr<const Schema> TestSchema() {
  auto s = Schema::FromSdl(kTestSdl, "test.graphql");
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : nullptr;
}

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_GRAPH_TEST_SCHEMA_H_
