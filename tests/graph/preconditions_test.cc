// The preconditions of vigil/graph.h and vigil/graph_builder.h: a null
// schema, NodeIds, TypeIds and relationship indexes out of range give an
// error or an empty value, never a crash or garbage.
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/graph/test_schema.h"
#include "vigil/graph.h"
#include "vigil/graph_builder.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using vigil::testing::TestSchema;

void ExpectNoSchema(const absl::Status& s) {
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_THAT(s.message(), HasSubstr("no schema"));
}

TEST(GraphBuilderPreconditions, NullSchemaFailsEveryCall) {
  GraphBuilder b(nullptr);
  EXPECT_TRUE(b.schema().types().empty());
  ExpectNoSchema(b.AddAsset("vpc-1", "Vpc").status());
  ExpectNoSchema(b.AddAsset("vpc-1", TypeId{0}).status());
  ExpectNoSchema(b.AddEdge("vpc-1", "HAS_FLOW_LOG", "fl-1").status());
  ExpectNoSchema(b.AddEdge(NodeId{0}, 0, NodeId{1}).status());
  ExpectNoSchema(b.ResolveProperty(NodeId{0}, "name").status());
  ExpectNoSchema(b.ResolveTypeProperty(0, "name").status());
  ExpectNoSchema(b.ResolveEdgeProperty(EdgeRef{0, 0}, "since").status());
  ExpectNoSchema(b.SetString(0, 0, "x"));
  b.ReserveAssets(10);
  Collection fact;
  fact.account = "111122223333";
  fact.command = "describe-vpcs";
  b.AddCollection(fact);
  EXPECT_EQ(b.num_assets(), 0u);
  EXPECT_EQ(b.FindAsset("vpc-1"), std::nullopt);
  ExpectNoSchema(std::move(b).Finish().status());
}

TEST(GraphBuilderPreconditions, AccessorsOutOfRange) {
  GraphBuilder b(TestSchema());
  ASSERT_TRUE(b.AddAsset("vpc-1", "Vpc").ok());
  EXPECT_EQ(b.asset_id(0), "vpc-1");
  EXPECT_EQ(b.asset_type(0), b.schema().FindType("Vpc"));
  EXPECT_EQ(b.asset_id(1), "");
  EXPECT_EQ(b.asset_type(1), kNoType);
  EXPECT_EQ(b.asset_id(~NodeId{0}), "");
  EXPECT_EQ(b.asset_type(~NodeId{0}), kNoType);
}

class GraphPreconditions : public ::testing::Test {
 protected:
  void SetUp() override {
    GraphBuilder b(TestSchema());
    ASSERT_TRUE(b.AddAsset("vpc-1", "Vpc").ok());
    absl::StatusOr<NodeId> fl = b.AddAsset("fl-1", "FlowLog");
    ASSERT_TRUE(fl.ok()) << fl.status();
    absl::StatusOr<int> status = b.ResolveProperty(*fl, "status");
    ASSERT_TRUE(status.ok()) << status.status();
    ASSERT_TRUE(b.SetString(*fl, *status, "ACTIVE").ok());
    ASSERT_TRUE(b.AddEdge("vpc-1", "HAS_FLOW_LOG", "fl-1").ok());
    auto g = std::move(b).Finish();
    ASSERT_TRUE(g.ok()) << g.status();
    graph_ = *g;
    vpc_ = graph_->schema().FindType("Vpc");
  }
  std::shared_ptr<const Graph> graph_;
  TypeId vpc_ = kNoType;
};

TEST_F(GraphPreconditions, TableOfNoTypeIsEmpty) {
  EXPECT_EQ(graph_->table(vpc_).num_rows(), 1u);
  for (TypeId t : {kNoType, TypeId{-7}, static_cast<TypeId>(graph_->schema().types().size()),
                   TypeId{1 << 30}}) {
    const Table& table = graph_->table(t);
    EXPECT_EQ(table.type, kNoType) << t;
    EXPECT_EQ(table.num_rows(), 0u) << t;
    EXPECT_TRUE(table.columns.empty()) << t;
  }
  // Interfaces have no assets of their own: an empty table of their type.
  const TypeId asset = graph_->schema().FindType("Asset");
  EXPECT_EQ(graph_->table(asset).num_rows(), 0u);
}

TEST_F(GraphPreconditions, EdgesAndAdjacencyOutOfRangeAreEmpty) {
  const int rel = graph_->schema().FindRelationshipType("HAS_FLOW_LOG");
  ASSERT_GE(rel, 0);
  EXPECT_EQ(graph_->edges(rel).num_edges(), 1u);
  for (int r : {-1, static_cast<int>(graph_->schema().relationship_types().size()), 1 << 30}) {
    EXPECT_EQ(graph_->edges(r).num_edges(), 0u) << r;
    EXPECT_EQ(graph_->edges(r).rel_type, -1) << r;
  }
  const int field = graph_->schema().type(vpc_).FindRelationship("hasFlowLog");
  ASSERT_GE(field, 0);
  EXPECT_EQ(graph_->adjacency(vpc_, field).edges.size(), 1u);
  EXPECT_TRUE(graph_->adjacency(kNoType, field).offsets.empty());
  EXPECT_EQ(graph_->adjacency(kNoType, field).rel_type, -1);
  EXPECT_TRUE(graph_->adjacency(vpc_, -1).offsets.empty());
  EXPECT_TRUE(graph_->adjacency(vpc_, 1 << 20).offsets.empty());
}

TEST_F(GraphPreconditions, NodeAccessorsWithinRange) {
  ASSERT_EQ(graph_->num_assets(), 2u);
  std::optional<NodeId> n = graph_->FindAsset("fl-1");
  ASSERT_TRUE(n.has_value());
  ASSERT_LT(*n, graph_->num_assets());
  EXPECT_EQ(graph_->asset_id(*n), "fl-1");
  EXPECT_EQ(graph_->node_type(*n), graph_->schema().FindType("FlowLog"));
  EXPECT_EQ(graph_->node_row(*n), 0u);
  EXPECT_EQ(graph_->FindAsset("nope"), std::nullopt);
}

// node_type/node_row/asset_id are read per row by the evaluator: their
// precondition (n < num_assets()) is asserted in debug builds only.
TEST_F(GraphPreconditions, NodeAccessorsOutOfRangeAssertInDebugBuilds) {
#ifdef NDEBUG
  GTEST_SKIP() << "the assertion is compiled out (NDEBUG)";
#else
  const NodeId out = static_cast<NodeId>(graph_->num_assets());
  EXPECT_DEATH((void)graph_->asset_id(out), "NodeId out of range");
  EXPECT_DEATH((void)graph_->node_type(out), "NodeId out of range");
  EXPECT_DEATH((void)graph_->node_row(out), "NodeId out of range");
#endif
}

}  // namespace
}  // namespace vigil
