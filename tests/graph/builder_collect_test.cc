// GraphBuilder for collectors: setters by name, plain list spans, error
// codes with "Did you mean", partial inventories (drop_unknown_properties,
// drop_dangling_edges, what was dropped) and Merge().
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/graph/test_schema.h"
#include "vigil/diagnostic.h"
#include "vigil/graph.h"
#include "vigil/graph_builder.h"
#include "vigil/json_loader.h"

namespace vigil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using vigil::testing::TestSchema;

class CollectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_ = TestSchema();
    ASSERT_NE(schema_, nullptr);
    vpc_ = schema_->FindType("Vpc");
  }
  std::shared_ptr<const Schema> schema_;
  TypeId vpc_ = kNoType;
};

TEST_F(CollectTest, ResolvePropertyByType) {
  GraphBuilder b(schema_);
  auto p = b.ResolveTypeProperty(vpc_, "score");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(*p, schema_->type(vpc_).FindProperty("score"));
  auto bad = b.ResolveTypeProperty(vpc_, "scroe");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(DiagnosticCodeOf(bad.status()), "graph.unknown-property");
  EXPECT_THAT(bad.status().message(), HasSubstr("Did you mean \"score\"?"));
  EXPECT_FALSE(b.ResolveTypeProperty(vpc_, "id").ok());
  EXPECT_EQ(DiagnosticCodeOf(b.ResolveTypeProperty(schema_->FindType("Asset"), "name").status()),
            "graph.unknown-type");
}

TEST_F(CollectTest, SettersByNameAndPlainLists) {
  GraphBuilder b(schema_);
  auto v = b.AddAsset("vpc-1", "Vpc");
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(b.SetString(*v, "name", "main").ok());
  ASSERT_TRUE(b.SetBool(*v, "isDefault", true).ok());
  ASSERT_TRUE(b.SetFloat(*v, "score", 0.5).ok());
  ASSERT_TRUE(b.SetString(*v, "severity", "HIGH").ok());
  const std::vector<std::string> tags = {"prod", "eu"};
  ASSERT_TRUE(b.SetStringList(*v, "tags", tags).ok());
  const std::vector<int64_t> ports = {22, 443};
  ASSERT_TRUE(b.SetIntList(*v, "ports", ports).ok());
  const bool flags[] = {true, false};
  ASSERT_TRUE(b.SetBoolList(*v, "flags", flags).ok());
  const std::vector<double> weights = {1.5};
  ASSERT_TRUE(b.SetFloatList(*v, "weights", weights).ok());
  const std::vector<std::string_view> levels = {"LOW"};
  ASSERT_TRUE(b.SetStringList(*v, "levels", levels).ok());
  // By index, the same plain spans.
  auto times = b.ResolveTypeProperty(vpc_, "times");
  ASSERT_TRUE(times.ok());
  const std::vector<std::string> when = {"2024-01-01T00:00:00Z"};
  ASSERT_TRUE(b.SetStringList(*v, *times, when).ok());

  absl::Status s = b.SetInt(*v, "nmae", 3);
  EXPECT_EQ(DiagnosticCodeOf(s), "graph.unknown-property");
  EXPECT_THAT(s.message(), HasSubstr("Did you mean \"name\"?"));
  EXPECT_EQ(DiagnosticCodeOf(b.SetInt(*v, "name", 3)), "graph.type-mismatch");
  EXPECT_EQ(DiagnosticCodeOf(b.SetString(*v, "severity", "HUGE")), "graph.invalid-value");

  auto g = std::move(b).Finish();
  ASSERT_TRUE(g.ok()) << g.status();
  const Table& t = (*g)->table(vpc_);
  const Column& tc = t.columns[schema_->type(vpc_).FindProperty("tags")];
  ASSERT_THAT(tc.list_offsets, ElementsAre(0u, 2u));
  EXPECT_EQ(tc.StringAt(tc.codes[0]), "prod");
  EXPECT_EQ(tc.StringAt(tc.codes[1]), "eu");
  EXPECT_THAT(t.columns[schema_->type(vpc_).FindProperty("ports")].ints, ElementsAre(22, 443));
  EXPECT_THAT(t.columns[schema_->type(vpc_).FindProperty("flags")].bools, ElementsAre(1, 0));
  EXPECT_THAT(t.columns[schema_->type(vpc_).FindProperty("weights")].floats, ElementsAre(1.5));
  const Column& tm = t.columns[*times];
  EXPECT_EQ(tm.StringAt(tm.codes[0]), "2024-01-01T00:00:00Z");
}

TEST_F(CollectTest, ErrorCodesAndSuggestions) {
  GraphBuilder b(schema_);
  auto t = b.AddAsset("x", "Vcp");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(DiagnosticCodeOf(t.status()), "graph.unknown-type");
  EXPECT_THAT(t.status().message(), HasSubstr("Did you mean \"Vpc\"?"));
  ASSERT_TRUE(b.AddAsset("vpc-1", "Vpc").ok());
  EXPECT_EQ(DiagnosticCodeOf(b.AddAsset("vpc-1", "Vpc").status()), "graph.duplicate-id");
  auto r = b.AddEdge("vpc-1", "HAS_FLOWLOG", "fl-1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(DiagnosticCodeOf(r.status()), "graph.unknown-relationship");
  EXPECT_THAT(r.status().message(), HasSubstr("Did you mean \"HAS_FLOW_LOG\"?"));
  ASSERT_TRUE(b.AddEdge("vpc-1", "HAS_FLOW_LOG", "fl-9").ok());
  auto g = std::move(b).Finish();
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(DiagnosticCodeOf(g.status()), "graph.dangling-edge");
}

TEST_F(CollectTest, DropDanglingEdgesKeepsTheRestAndCounts) {
  GraphBuilder b(schema_, {.drop_unknown_properties = true, .drop_dangling_edges = true});
  ASSERT_TRUE(b.AddAsset("vpc-1", "Vpc").ok());
  ASSERT_TRUE(b.AddAsset("vpc-2", "Vpc").ok());
  // An edge to an asset the inventory lacks, between two kept ones with
  // properties: the kept edges keep their own property values.
  auto p0 = b.AddEdge("vpc-1", "PEERS_WITH", "vpc-9");
  auto p1 = b.AddEdge("vpc-1", "PEERS_WITH", "vpc-2");
  auto p2 = b.AddEdge("vpc-8", "PEERS_WITH", "vpc-2");
  auto p3 = b.AddEdge("vpc-2", "PEERS_WITH", "vpc-3");  // vpc-3 comes later
  ASSERT_TRUE(p0.ok() && p1.ok() && p2.ok() && p3.ok());
  auto since = b.ResolveEdgeProperty(*p1, "since");
  auto labels = b.ResolveEdgeProperty(*p1, "labels");
  ASSERT_TRUE(since.ok() && labels.ok());
  ASSERT_TRUE(b.SetEdgeInt(*p0, *since, 1).ok());
  ASSERT_TRUE(b.SetEdgeInt(*p1, *since, 2).ok());
  ASSERT_TRUE(b.SetEdgeInt(*p3, *since, 4).ok());
  const std::vector<std::optional<std::string_view>> l0 = {"zero"}, l3 = {"three"};
  ASSERT_TRUE(b.SetEdgeStringList(*p0, *labels, l0).ok());
  ASSERT_TRUE(b.SetEdgeStringList(*p3, *labels, l3).ok());
  auto v3 = b.AddAsset("vpc-3", "Vpc");
  ASSERT_TRUE(v3.ok());
  ASSERT_TRUE(b.SetInt(*v3, "cost", 5).ok());  // undeclared: dropped
  ASSERT_TRUE(b.AddEdge("vpc-1", "HAS_FLOW_LOG", "fl-1").ok());
  auto g = std::move(b).Finish();
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ((*g)->num_edges(), 2u);
  const EdgeTable& et = (*g)->edges(schema_->FindRelationshipType("PEERS_WITH"));
  ASSERT_EQ(et.num_edges(), 2u);
  EXPECT_EQ((*g)->asset_id(et.from[0]), "vpc-1");
  EXPECT_EQ((*g)->asset_id(et.to[1]), "vpc-3");
  const Column& sc = et.columns[static_cast<size_t>(*since)];
  EXPECT_THAT(sc.ints, ElementsAre(2, 4));
  const Column& lc = et.columns[static_cast<size_t>(*labels)];
  EXPECT_THAT(lc.list_offsets, ElementsAre(0u, 0u, 1u));
  EXPECT_EQ(lc.StringAt(lc.codes[0]), "three");
  EXPECT_THAT(b.dropped().edges, ElementsAre(Pair("HAS_FLOW_LOG", 1u), Pair("PEERS_WITH", 2u)));
  EXPECT_THAT(b.dropped().properties, ElementsAre(Pair("Vpc.cost", 1u)));
  EXPECT_EQ(b.dropped().ToString(),
            "dropped 1 undeclared property value (Vpc.cost: 1) and 3 dangling edges "
            "(HAS_FLOW_LOG: 1, PEERS_WITH: 2)");
}

TEST_F(CollectTest, DropDanglingEdgesStillRefusesIllTypedEdges) {
  GraphBuilder b(schema_, {.drop_dangling_edges = true});
  ASSERT_TRUE(b.AddEdge("vpc-1", "HAS_FLOW_LOG", "vpc-2").ok());
  ASSERT_TRUE(b.AddAsset("vpc-1", "Vpc").ok());
  ASSERT_TRUE(b.AddAsset("vpc-2", "Vpc").ok());
  auto g = std::move(b).Finish();
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(DiagnosticCodeOf(g.status()), "graph.edge-type");
}

TEST_F(CollectTest, JsonLoaderHonoursDropOptions) {
  const std::string doc = R"({"assets": [
      {"id": "vpc-1", "type": "Vpc", "properties": {"cost": 3, "name": "a"}},
      {"id": "vpc-2", "type": "Vpc", "properties": {"cost": 4}}],
    "relationships": [
      {"from": "vpc-1", "type": "PEERS_WITH", "to": "vpc-2"},
      {"from": "vpc-1", "type": "HAS_FLOW_LOG", "to": "fl-404"}]})";
  LoadOptions drop_props;
  drop_props.drop_unknown_properties = true;
  auto strict = LoadGraphJson(doc, schema_, drop_props);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(DiagnosticCodeOf(strict.status()), "graph.dangling-edge");
  EXPECT_THAT(strict.status().message(), HasSubstr("relationships[1]"));
  Diagnostics diags;
  LoadOptions with_diags;
  with_diags.diagnostics = &diags;
  auto unknown = LoadGraphJson(doc, schema_, with_diags);
  ASSERT_FALSE(unknown.ok());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].code, "graph.unknown-property");
  LoadStats stats;
  LoadOptions o;
  o.drop_unknown_properties = true;
  o.drop_dangling_edges = true;
  o.stats = &stats;
  auto g = LoadGraphJson(doc, schema_, o);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ((*g)->num_edges(), 1u);
  EXPECT_EQ(stats.dropped_properties, 2u);
  EXPECT_THAT(stats.dropped.properties, ElementsAre(Pair("Vpc.cost", 2u)));
  EXPECT_THAT(stats.dropped.edges, ElementsAre(Pair("HAS_FLOW_LOG", 1u)));
  EXPECT_EQ(stats.relationships, 1u);  // the edges in the graph, not those given
}

// The bulk pattern (resolve once per type, set by index) under
// drop_unknown_properties: -1 for an undeclared name, which the setters by
// index take as dropped; counted once per resolve.
TEST_F(CollectTest, ResolveByTypeWithDropsSetsNothingAndCounts) {
  GraphBuilder b(schema_, {.drop_unknown_properties = true});
  auto v = b.AddAsset("vpc-1", "Vpc");
  ASSERT_TRUE(v.ok());
  auto tier = b.ResolveTypeProperty(vpc_, "tier");
  ASSERT_TRUE(tier.ok()) << tier.status();
  EXPECT_EQ(*tier, -1);
  EXPECT_TRUE(b.SetString(*v, *tier, "gold").ok());
  EXPECT_TRUE(b.SetInt(*v, *tier, 3).ok());
  EXPECT_THAT(b.dropped().properties, ElementsAre(Pair("Vpc.tier", 1u)));
  // Without the option, -1 is an invalid index.
  GraphBuilder strict(schema_);
  auto w = strict.AddAsset("vpc-1", "Vpc");
  ASSERT_TRUE(w.ok());
  EXPECT_FALSE(strict.SetString(*w, -1, "gold").ok());
}

TEST_F(CollectTest, MergeBuildersInOrder) {
  // Two collectors (e.g. two threads), merged in a fixed order.
  GraphBuilder a(schema_);
  GraphBuilder b(schema_, {.drop_unknown_properties = true});
  auto v1 = a.AddAsset("vpc-1", "Vpc");
  ASSERT_TRUE(v1.ok());
  ASSERT_TRUE(a.SetString(*v1, "name", "one").ok());
  ASSERT_TRUE(a.AddEdge("vpc-1", "HAS_FLOW_LOG", "fl-1").ok());  // fl-1 is b's
  auto pe = a.AddEdge("vpc-1", "PEERS_WITH", "vpc-2");
  ASSERT_TRUE(pe.ok());
  ASSERT_TRUE(a.SetEdgeInt(*pe, *a.ResolveEdgeProperty(*pe, "since"), 2021).ok());
  auto fl = b.AddAsset("fl-1", "FlowLog");
  ASSERT_TRUE(fl.ok());
  ASSERT_TRUE(b.SetString(*fl, "status", "ACTIVE").ok());
  auto v2 = b.AddAsset("vpc-2", "Vpc");
  ASSERT_TRUE(v2.ok());
  const std::vector<int64_t> ports = {80};
  ASSERT_TRUE(b.SetIntList(*v2, "ports", ports).ok());
  ASSERT_TRUE(b.SetFloat(*v2, "score", 2.5).ok());
  ASSERT_TRUE(b.SetInt(*v2, "cost", 1).ok());  // dropped in b
  ASSERT_TRUE(a.Merge(std::move(b)).ok());
  EXPECT_FALSE(b.AddAsset("late", "Vpc").ok());  // b is spent
  EXPECT_EQ(a.dropped().num_properties(), 1u);
  auto g = std::move(a).Finish();
  ASSERT_TRUE(g.ok()) << g.status();
  const Graph& graph = **g;
  ASSERT_EQ(graph.num_assets(), 3u);
  EXPECT_EQ(graph.asset_id(1), "fl-1");
  EXPECT_EQ(graph.asset_id(2), "vpc-2");
  EXPECT_EQ(graph.num_edges(), 2u);
  const Table& t = graph.table(vpc_);
  EXPECT_THAT(t.columns[schema_->type(vpc_).FindProperty("ports")].list_offsets,
              ElementsAre(0u, 0u, 1u));
  EXPECT_THAT(t.columns[schema_->type(vpc_).FindProperty("score")].floats.back(), 2.5);
  const Column& name = t.columns[schema_->type(vpc_).FindProperty("name")];
  EXPECT_EQ(name.StringAt(name.codes[0]), "one");
  const EdgeTable& et = graph.edges(schema_->FindRelationshipType("PEERS_WITH"));
  EXPECT_THAT(et.columns[static_cast<size_t>(schema_->type(schema_->FindType("Peering"))
                                                 .FindProperty("since"))]
                  .ints,
              ElementsAre(2021));
}

TEST_F(CollectTest, MergeRefusesDuplicateIdsAndOtherSchemas) {
  GraphBuilder a(schema_), b(schema_);
  ASSERT_TRUE(a.AddAsset("vpc-1", "Vpc").ok());
  ASSERT_TRUE(b.AddAsset("vpc-1", "Vpc").ok());
  EXPECT_EQ(DiagnosticCodeOf(a.Merge(std::move(b))), "graph.duplicate-id");
  GraphBuilder c(schema_), d(TestSchema());
  EXPECT_FALSE(c.Merge(std::move(d)).ok());
}

}  // namespace
}  // namespace vigil
