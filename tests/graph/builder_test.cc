// GraphBuilder: happy paths, the layout it builds, and every error path.
#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/graph/test_schema.h"
#include "src/base/datetime.h"
#include "vigil/graph.h"
#include "vigil/graph_builder.h"

namespace vigil {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using vigil::testing::TestSchema;

class BuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_ = TestSchema();
    ASSERT_NE(schema_, nullptr);
    vpc_ = schema_->FindType("Vpc");
    fl_ = schema_->FindType("FlowLog");
    acct_ = schema_->FindType("Account");
  }
  int Prop(TypeId t, const char* name) {
    return schema_->type(t).FindProperty(name);
  }
  int Rel(TypeId t, const char* name) {
    return schema_->type(t).FindRelationship(name);
  }
  NodeId MustAdd(GraphBuilder& b, const char* id, const char* type) {
    auto n = b.AddAsset(id, type);
    EXPECT_TRUE(n.ok()) << n.status();
    return n.ok() ? *n : 0;
  }
  NodeId MustAddFlowLog(GraphBuilder& b, const char* id) {
    NodeId n = MustAdd(b, id, "FlowLog");
    EXPECT_TRUE(b.SetString(n, Prop(fl_, "status"), "ACTIVE").ok());
    return n;
  }
  std::shared_ptr<const Graph> MustFinish(GraphBuilder& b) {
    auto g = std::move(b).Finish();
    EXPECT_TRUE(g.ok()) << g.status();
    return g.ok() ? *g : nullptr;
  }
  std::string FinishError(GraphBuilder& b) {
    auto g = std::move(b).Finish();
    EXPECT_FALSE(g.ok());
    return g.ok() ? "" : std::string(g.status().message());
  }

  std::shared_ptr<const Schema> schema_;
  TypeId vpc_ = kNoType, fl_ = kNoType, acct_ = kNoType;
};

TEST_F(BuilderTest, EmptyGraph) {
  GraphBuilder b(schema_);
  auto g = MustFinish(b);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->num_assets(), 0u);
  EXPECT_EQ(g->num_edges(), 0u);
  EXPECT_EQ(g->table(vpc_).num_rows(), 0u);
  EXPECT_EQ(g->table(vpc_).columns.size(), schema_->type(vpc_).properties.size());
  EXPECT_EQ(g->adjacency(vpc_, Rel(vpc_, "hasFlowLog")).offsets,
            std::vector<uint32_t>{0});
}

TEST_F(BuilderTest, AssetsScalarsAndIdColumn) {
  GraphBuilder b(schema_);
  NodeId v1 = MustAdd(b, "vpc-1", "Vpc");
  NodeId f1 = MustAddFlowLog(b, "fl-1");
  NodeId v2 = MustAdd(b, "vpc-2", "Vpc");
  EXPECT_EQ(v1, 0u);
  EXPECT_EQ(f1, 1u);
  EXPECT_EQ(v2, 2u);
  EXPECT_EQ(b.FindAsset("fl-1"), f1);
  EXPECT_FALSE(b.FindAsset("nope").has_value());
  ASSERT_TRUE(b.SetString(v1, Prop(vpc_, "name"), "prod").ok());
  ASSERT_TRUE(b.SetBool(v1, Prop(vpc_, "isDefault"), true).ok());
  ASSERT_TRUE(b.SetFloat(v1, Prop(vpc_, "score"), 1.5).ok());
  ASSERT_TRUE(b.SetInt(v2, Prop(vpc_, "score"), 2).ok());  // Int -> Float
  ASSERT_TRUE(b.SetString(v2, Prop(vpc_, "severity"), "HIGH").ok());
  ASSERT_TRUE(b.SetString(v2, Prop(vpc_, "name"), "prod").ok());
  ASSERT_TRUE(b.SetString(v1, Prop(vpc_, "createdAt"),
                          "2024-01-01T01:00:00+01:00").ok());
  // Set then null again.
  ASSERT_TRUE(b.SetBool(v2, Prop(vpc_, "isDefault"), false).ok());
  ASSERT_TRUE(b.SetNull(v2, Prop(vpc_, "isDefault")).ok());
  auto g = MustFinish(b);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->num_assets(), 3u);
  EXPECT_EQ(g->asset_id(2), "vpc-2");
  EXPECT_EQ(g->FindAsset("vpc-2"), 2u);
  EXPECT_EQ(g->node_type(1), fl_);
  EXPECT_EQ(g->node_row(2), 1u);
  const Table& t = g->table(vpc_);
  EXPECT_THAT(t.nodes, ElementsAre(0u, 2u));

  const Column& id = t.columns[Prop(vpc_, "id")];
  EXPECT_EQ(id.dict, nullptr);
  EXPECT_THAT(id.codes, ElementsAre(0u, 2u));
  EXPECT_EQ(id.StringAt(id.codes[1]), "vpc-2");
  EXPECT_TRUE(id.valid.Get(0) && id.valid.Get(1));

  const Column& name = t.columns[Prop(vpc_, "name")];
  ASSERT_NE(name.dict, nullptr);
  EXPECT_EQ(name.dict->size(), 1u);  // "prod" stored once
  EXPECT_EQ(name.codes[0], name.codes[1]);
  EXPECT_EQ(name.StringAt(name.codes[0]), "prod");

  const Column& isdef = t.columns[Prop(vpc_, "isDefault")];
  EXPECT_TRUE(isdef.valid.Get(0));
  EXPECT_EQ(isdef.bools[0], 1);
  EXPECT_FALSE(isdef.valid.Get(1));
  EXPECT_EQ(isdef.valid.size(), 2u);

  const Column& score = t.columns[Prop(vpc_, "score")];
  EXPECT_DOUBLE_EQ(score.floats[0], 1.5);
  EXPECT_DOUBLE_EQ(score.floats[1], 2.0);

  const Column& sev = t.columns[Prop(vpc_, "severity")];
  EXPECT_FALSE(sev.valid.Get(0));
  EXPECT_EQ(sev.StringAt(sev.codes[1]), "HIGH");

  const Column& created = t.columns[Prop(vpc_, "createdAt")];
  EXPECT_EQ(created.kind, ScalarKind::kDateTime);
  EXPECT_TRUE(created.valid.Get(0));
  EXPECT_FALSE(created.valid.Get(1));
  EXPECT_EQ(created.StringAt(created.codes[0]), "2024-01-01T01:00:00+01:00");
  EXPECT_EQ(created.instants[0], *ParseInstant("2024-01-01T00:00:00Z"));
  EXPECT_GT(g->MemoryBytes(), 0u);
}

TEST_F(BuilderTest, ListsWithNulls) {
  GraphBuilder b(schema_);
  NodeId v1 = MustAdd(b, "vpc-1", "Vpc");
  NodeId v2 = MustAdd(b, "vpc-2", "Vpc");
  NodeId v3 = MustAdd(b, "vpc-3", "Vpc");
  std::vector<std::optional<std::string_view>> tags = {"a", "b"};
  std::vector<std::optional<int64_t>> ports = {80, std::nullopt, 443};
  std::vector<std::optional<bool>> flags = {std::nullopt, true};
  std::vector<std::optional<double>> weights = {0.5};
  std::vector<std::optional<std::string_view>> times = {"2024-01-01",
                                                        std::nullopt};
  std::vector<std::optional<std::string_view>> levels = {"LOW", std::nullopt};
  // Row 2 first, then row 0: lists may be set in any row order.
  ASSERT_TRUE(b.SetStringList(v3, Prop(vpc_, "tags"), tags).ok());
  ASSERT_TRUE(b.SetStringList(v1, Prop(vpc_, "tags"),
                              std::vector<std::optional<std::string_view>>{
                                  "b"}).ok());
  ASSERT_TRUE(b.SetIntList(v2, Prop(vpc_, "ports"), ports).ok());
  ASSERT_TRUE(b.SetBoolList(v1, Prop(vpc_, "flags"), flags).ok());
  ASSERT_TRUE(b.SetFloatList(v1, Prop(vpc_, "weights"), weights).ok());
  ASSERT_TRUE(b.SetIntList(v2, Prop(vpc_, "weights"),
                           std::vector<std::optional<int64_t>>{3}).ok());
  ASSERT_TRUE(b.SetStringList(v1, Prop(vpc_, "times"), times).ok());
  ASSERT_TRUE(b.SetStringList(v1, Prop(vpc_, "levels"), levels).ok());
  // Replace a list: the old elements go.
  ASSERT_TRUE(b.SetIntList(v1, Prop(vpc_, "ports"),
                           std::vector<std::optional<int64_t>>{1}).ok());
  ASSERT_TRUE(b.SetIntList(v1, Prop(vpc_, "ports"),
                           std::vector<std::optional<int64_t>>{7, 8}).ok());
  // An empty list is not null.
  ASSERT_TRUE(b.SetIntList(v3, Prop(vpc_, "ports"), std::vector<std::optional<int64_t>>{}).ok());
  auto g = MustFinish(b);
  ASSERT_NE(g, nullptr);
  const Table& t = g->table(vpc_);

  const Column& tc = t.columns[Prop(vpc_, "tags")];
  EXPECT_TRUE(tc.is_list);
  EXPECT_THAT(tc.list_offsets, ElementsAre(0u, 1u, 1u, 3u));
  EXPECT_TRUE(tc.valid.Get(0));
  EXPECT_FALSE(tc.valid.Get(1));
  EXPECT_TRUE(tc.valid.Get(2));
  EXPECT_EQ(tc.StringAt(tc.codes[0]), "b");
  EXPECT_EQ(tc.StringAt(tc.codes[1]), "a");
  EXPECT_EQ(tc.StringAt(tc.codes[2]), "b");
  EXPECT_EQ(tc.codes[0], tc.codes[2]);

  const Column& pc = t.columns[Prop(vpc_, "ports")];
  EXPECT_THAT(pc.list_offsets, ElementsAre(0u, 2u, 5u, 5u));
  EXPECT_THAT(pc.ints, ElementsAre(7, 8, 80, 0, 443));
  EXPECT_TRUE(pc.element_valid.Get(2));
  EXPECT_FALSE(pc.element_valid.Get(3));
  EXPECT_TRUE(pc.valid.Get(2));  // empty, not null

  const Column& fc = t.columns[Prop(vpc_, "flags")];
  EXPECT_THAT(fc.list_offsets, ElementsAre(0u, 2u, 2u, 2u));
  EXPECT_FALSE(fc.element_valid.Get(0));
  EXPECT_EQ(fc.bools[1], 1);

  const Column& wc = t.columns[Prop(vpc_, "weights")];
  EXPECT_THAT(wc.floats, ElementsAre(0.5, 3.0));

  const Column& tm = t.columns[Prop(vpc_, "times")];
  EXPECT_EQ(tm.instants[0], *ParseInstant("2024-01-01"));
  EXPECT_FALSE(tm.element_valid.Get(1));
  EXPECT_EQ(tm.StringAt(tm.codes[0]), "2024-01-01");

  const Column& lv = t.columns[Prop(vpc_, "levels")];
  EXPECT_EQ(lv.StringAt(lv.codes[0]), "LOW");
}

TEST_F(BuilderTest, ListNullClearsList) {
  GraphBuilder b(schema_);
  NodeId v1 = MustAdd(b, "vpc-1", "Vpc");
  NodeId v2 = MustAdd(b, "vpc-2", "Vpc");
  ASSERT_TRUE(b.SetIntList(v1, Prop(vpc_, "ports"),
                           std::vector<std::optional<int64_t>>{1, 2}).ok());
  ASSERT_TRUE(b.SetIntList(v2, Prop(vpc_, "ports"),
                           std::vector<std::optional<int64_t>>{3}).ok());
  ASSERT_TRUE(b.SetNull(v1, Prop(vpc_, "ports")).ok());
  auto g = MustFinish(b);
  ASSERT_NE(g, nullptr);
  const Column& pc = g->table(vpc_).columns[Prop(vpc_, "ports")];
  EXPECT_FALSE(pc.valid.Get(0));
  EXPECT_THAT(pc.list_offsets, ElementsAre(0u, 0u, 1u));
  EXPECT_THAT(pc.ints, ElementsAre(3));
}

TEST_F(BuilderTest, AssetErrors) {
  GraphBuilder b(schema_);
  MustAdd(b, "vpc-1", "Vpc");
  auto dup = b.AddAsset("vpc-1", "FlowLog");
  ASSERT_FALSE(dup.ok());
  EXPECT_THAT(dup.status().message(),
              AllOf(HasSubstr("duplicate"), HasSubstr("vpc-1")));
  auto unknown = b.AddAsset("x", "Nope");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(),
              AllOf(HasSubstr("unknown type"), HasSubstr("Nope")));
  auto iface = b.AddAsset("x", "Asset");
  ASSERT_FALSE(iface.ok());
  EXPECT_THAT(iface.status().message(), HasSubstr("interface"));
  auto props = b.AddAsset("x", "Peering");
  ASSERT_FALSE(props.ok());
  EXPECT_THAT(props.status().message(), HasSubstr("relationship-properties"));
  auto empty = b.AddAsset("", "Vpc");
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.status().message(), HasSubstr("empty id"));
  // Failed calls changed nothing.
  EXPECT_EQ(b.num_assets(), 1u);
  EXPECT_FALSE(b.FindAsset("x").has_value());
  auto g = MustFinish(b);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->num_assets(), 1u);
}

TEST_F(BuilderTest, SetterTypeErrorsNameAssetPropertyAndTypes) {
  GraphBuilder b(schema_);
  NodeId v = MustAdd(b, "vpc-9", "Vpc");
  auto expect_error = [](const absl::Status& s,
                         std::vector<std::string> parts) {
    ASSERT_FALSE(s.ok());
    for (const std::string& p : parts) {
      EXPECT_THAT(std::string(s.message()), HasSubstr(p));
    }
  };
  expect_error(b.SetString(v, Prop(vpc_, "isDefault"), "yes"),
               {"vpc-9", "isDefault", "Boolean", "String"});
  expect_error(b.SetFloat(v, Prop(vpc_, "isDefault"), 1.0),
               {"vpc-9", "isDefault", "Boolean", "Float"});
  expect_error(b.SetBool(v, Prop(vpc_, "name"), true),
               {"vpc-9", "name", "String", "Boolean"});
  expect_error(b.SetInt(v, Prop(vpc_, "name"), 3),
               {"vpc-9", "name", "String", "Int"});
  expect_error(b.SetString(v, Prop(vpc_, "tags"), "a"),
               {"vpc-9", "tags", "[String!]", "String"});
  expect_error(b.SetIntList(v, Prop(vpc_, "name"),
                            std::vector<std::optional<int64_t>>{1}),
               {"vpc-9", "name", "String", "[Int]"});
  expect_error(b.SetStringList(v, Prop(vpc_, "ports"),
                               std::vector<std::optional<std::string_view>>{
                                   "1"}),
               {"vpc-9", "ports", "[Int]", "[String]"});
  expect_error(b.SetString(v, Prop(vpc_, "severity"), "SEVERE"),
               {"vpc-9", "severity", "SEVERE", "Severity"});
  expect_error(b.SetStringList(v, Prop(vpc_, "levels"),
                               std::vector<std::optional<std::string_view>>{
                                   "LOW", "BAD"}),
               {"vpc-9", "levels", "BAD", "Severity"});
  expect_error(b.SetString(v, Prop(vpc_, "createdAt"), "yesterday"),
               {"vpc-9", "createdAt", "yesterday", "DateTime"});
  expect_error(b.SetStringList(v, Prop(vpc_, "times"),
                               std::vector<std::optional<std::string_view>>{
                                   "2024-13-01"}),
               {"vpc-9", "times", "DateTime"});
  expect_error(b.SetStringList(v, Prop(vpc_, "tags"),
                               std::vector<std::optional<std::string_view>>{
                                   "a", std::nullopt}),
               {"vpc-9", "tags", "null element", "index 1"});
  expect_error(b.SetString(v, Prop(vpc_, "id"), "other"), {"vpc-9", "id"});
  expect_error(b.SetString(v, 999, "x"), {"vpc-9", "999"});
  expect_error(b.SetString(12345, 0, "x"), {"12345"});
  auto p = b.ResolveProperty(v, "nope");
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.status().message(),
              AllOf(HasSubstr("vpc-9"), HasSubstr("nope"), HasSubstr("Vpc")));
  auto rel = b.ResolveProperty(v, "hasFlowLog");
  ASSERT_FALSE(rel.ok());
  EXPECT_THAT(rel.status().message(), HasSubstr("relationship field"));
  EXPECT_FALSE(b.ResolveProperty(v, "id").ok());
  EXPECT_EQ(*b.ResolveProperty(v, "score"), Prop(vpc_, "score"));
  // Nothing of the failed calls is in the graph.
  auto g = MustFinish(b);
  ASSERT_NE(g, nullptr);
  for (const Column& c : g->table(vpc_).columns) {
    if (c.id_dict != nullptr) continue;
    EXPECT_EQ(c.valid.CountSet(), 0u) << c.def->name;
    if (c.owned_dict) {
      EXPECT_EQ(c.owned_dict->size(), 0u) << c.def->name;
    }
  }
}

TEST_F(BuilderTest, DropUnknownProperties) {
  GraphBuilder b(schema_, GraphBuilderOptions{.drop_unknown_properties = true});
  NodeId v = MustAdd(b, "vpc-1", "Vpc");
  EXPECT_EQ(*b.ResolveProperty(v, "nope"), -1);
  EXPECT_EQ(*b.ResolveProperty(v, "also"), -1);
  EXPECT_EQ(b.dropped_properties(), 2u);
  NodeId w = MustAdd(b, "vpc-2", "Vpc");
  auto e = b.AddEdge("vpc-1", "PEERS_WITH", "vpc-2");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(*b.ResolveEdgeProperty(*e, "weight"), -1);
  EXPECT_EQ(b.dropped_properties(), 3u);
  (void)w;
  EXPECT_NE(MustFinish(b), nullptr);
}

TEST_F(BuilderTest, NonNullPropertyMissing) {
  GraphBuilder b(schema_);
  MustAdd(b, "fl-1", "FlowLog");  // status: String! never set
  NodeId f2 = MustAdd(b, "fl-2", "FlowLog");
  ASSERT_TRUE(b.SetString(f2, Prop(fl_, "status"), "ACTIVE").ok());
  std::string err = FinishError(b);
  EXPECT_THAT(err, AllOf(HasSubstr("fl-1"), HasSubstr("status"),
                         HasSubstr("String!"), HasSubstr("missing")));
  EXPECT_THAT(err, ::testing::Not(HasSubstr("fl-2")));
}

TEST_F(BuilderTest, NonNullSetToNullIsMissing) {
  GraphBuilder b(schema_);
  NodeId f = MustAddFlowLog(b, "fl-1");
  ASSERT_TRUE(b.SetNull(f, Prop(fl_, "status")).ok());
  EXPECT_THAT(FinishError(b), HasSubstr("fl-1"));
}

TEST_F(BuilderTest, EdgesAndAdjacencyBothDirections) {
  GraphBuilder b(schema_);
  NodeId v1 = MustAdd(b, "vpc-1", "Vpc");
  MustAddFlowLog(b, "fl-1");
  // Forward references: fl-2 and vpc-2 come later.
  ASSERT_TRUE(b.AddEdge("vpc-1", "HAS_FLOW_LOG", "fl-2").ok());
  ASSERT_TRUE(b.AddEdge("vpc-1", "HAS_FLOW_LOG", "fl-1").ok());
  MustAdd(b, "vpc-2", "Vpc");
  MustAddFlowLog(b, "fl-2");
  ASSERT_TRUE(b.AddEdge("vpc-2", "HAS_FLOW_LOG", "fl-1").ok());
  auto p1 = b.AddEdge("vpc-1", "PEERS_WITH", "vpc-2");
  auto p2 = b.AddEdge("vpc-2", "PEERS_WITH", "vpc-1");
  ASSERT_TRUE(p1.ok() && p2.ok());
  EXPECT_EQ(p1->index, 0u);
  EXPECT_EQ(p2->index, 1u);
  ASSERT_TRUE(b.SetEdgeString(*p1, *b.ResolveEdgeProperty(*p1, "status"),
                              "active").ok());
  ASSERT_TRUE(b.SetEdgeInt(*p1, *b.ResolveEdgeProperty(*p1, "since"), 2020)
                  .ok());
  ASSERT_TRUE(b.SetEdgeStringList(
                   *p2, *b.ResolveEdgeProperty(*p2, "labels"),
                   std::vector<std::optional<std::string_view>>{"x", {}})
                  .ok());
  auto bad = b.SetEdgeString(*p1, *b.ResolveEdgeProperty(*p1, "since"), "x");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.message(), AllOf(HasSubstr("vpc-1"), HasSubstr("vpc-2"),
                                   HasSubstr("since"), HasSubstr("Int"),
                                   HasSubstr("String")));
  auto g = MustFinish(b);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->num_edges(), 5u);
  const int hfl = schema_->FindRelationshipType("HAS_FLOW_LOG");
  const EdgeTable& et = g->edges(hfl);
  EXPECT_THAT(et.from, ElementsAre(0u, 0u, 2u));
  EXPECT_THAT(et.to, ElementsAre(3u, 1u, 1u));

  // Vpc.hasFlowLog (OUT): vpc-1 -> [fl-2, fl-1]; vpc-2 -> [fl-1].
  const Adjacency& out = g->adjacency(vpc_, Rel(vpc_, "hasFlowLog"));
  EXPECT_EQ(out.rel_type, hfl);
  EXPECT_EQ(out.single_target_type, fl_);
  EXPECT_TRUE(out.target_types.empty());
  EXPECT_THAT(out.offsets, ElementsAre(0u, 2u, 3u));
  EXPECT_THAT(out.target_rows, ElementsAre(1u, 0u, 0u));
  EXPECT_THAT(out.edges, ElementsAre(0u, 1u, 2u));
  EXPECT_EQ(out.TargetType(0), fl_);

  // FlowLog.vpc (IN): fl-1 <- [vpc-1, vpc-2]; fl-2 <- [vpc-1].
  const Adjacency& in = g->adjacency(fl_, Rel(fl_, "vpc"));
  EXPECT_THAT(in.offsets, ElementsAre(0u, 2u, 3u));
  EXPECT_THAT(in.target_rows, ElementsAre(0u, 1u, 0u));
  EXPECT_THAT(in.edges, ElementsAre(1u, 2u, 0u));

  // PEERS_WITH both ways, with edge properties.
  const Adjacency& peers = g->adjacency(vpc_, Rel(vpc_, "peers"));
  EXPECT_THAT(peers.offsets, ElementsAre(0u, 1u, 2u));
  EXPECT_THAT(peers.target_rows, ElementsAre(1u, 0u));
  const Adjacency& by = g->adjacency(vpc_, Rel(vpc_, "peeredBy"));
  EXPECT_THAT(by.offsets, ElementsAre(0u, 1u, 2u));
  EXPECT_THAT(by.edges, ElementsAre(1u, 0u));
  const EdgeTable& pt = g->edges(schema_->FindRelationshipType("PEERS_WITH"));
  EXPECT_EQ(pt.properties_type, schema_->FindType("Peering"));
  const TypeDef& peering = schema_->type(pt.properties_type);
  const Column& status = pt.columns[peering.FindProperty("status")];
  EXPECT_TRUE(status.valid.Get(0));
  EXPECT_FALSE(status.valid.Get(1));
  EXPECT_EQ(status.StringAt(status.codes[0]), "active");
  const Column& since = pt.columns[peering.FindProperty("since")];
  EXPECT_EQ(since.ints[0], 2020);
  const Column& labels = pt.columns[peering.FindProperty("labels")];
  EXPECT_THAT(labels.list_offsets, ElementsAre(0u, 0u, 2u));
  EXPECT_FALSE(labels.element_valid.Get(1));
  (void)v1;
}

TEST_F(BuilderTest, InterfaceTargetAdjacencyHasTargetTypes) {
  GraphBuilder b(schema_);
  MustAdd(b, "acct-1", "Account");
  MustAdd(b, "vpc-1", "Vpc");
  MustAddFlowLog(b, "fl-1");
  ASSERT_TRUE(b.AddEdge("acct-1", "HAS", "fl-1").ok());
  ASSERT_TRUE(b.AddEdge("acct-1", "HAS", "vpc-1").ok());
  ASSERT_TRUE(b.AddEdge("acct-1", "OWNS", "vpc-1").ok());
  auto g = MustFinish(b);
  ASSERT_NE(g, nullptr);
  const Adjacency& a = g->adjacency(acct_, Rel(acct_, "assets"));
  EXPECT_EQ(a.single_target_type, kNoType);
  EXPECT_THAT(a.target_types, ElementsAre(fl_, vpc_));
  EXPECT_THAT(a.target_rows, ElementsAre(0u, 0u));
  EXPECT_EQ(a.TargetType(1), vpc_);
  const Adjacency& owner = g->adjacency(vpc_, Rel(vpc_, "owner"));
  EXPECT_THAT(owner.offsets, ElementsAre(0u, 1u));
  EXPECT_THAT(owner.target_rows, ElementsAre(0u));
}

TEST_F(BuilderTest, EdgeErrors) {
  GraphBuilder b(schema_);
  MustAdd(b, "vpc-1", "Vpc");
  MustAddFlowLog(b, "fl-1");
  auto unknown = b.AddEdge("vpc-1", "NOPE", "fl-1");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), HasSubstr("NOPE"));
  // Both ends known: checked at once.
  auto wrong = b.AddEdge("fl-1", "HAS_FLOW_LOG", "vpc-1");
  ASSERT_FALSE(wrong.ok());
  EXPECT_THAT(wrong.status().message(),
              AllOf(HasSubstr("fl-1"), HasSubstr("vpc-1"),
                    HasSubstr("HAS_FLOW_LOG"), HasSubstr("FlowLog"),
                    HasSubstr("Vpc")));
  EXPECT_EQ(b.num_edges(), 0u);
  auto e = b.AddEdge("vpc-1", "HAS_FLOW_LOG", "fl-1");
  ASSERT_TRUE(e.ok());
  auto np = b.ResolveEdgeProperty(*e, "since");
  ASSERT_FALSE(np.ok());
  EXPECT_THAT(np.status().message(),
              AllOf(HasSubstr("HAS_FLOW_LOG"), HasSubstr("no properties")));
  auto badref = b.SetEdgeString(EdgeRef{e->rel_type, 99}, 0, "x");
  EXPECT_FALSE(badref.ok());
}

TEST_F(BuilderTest, DanglingAndIllTypedEdgesAtFinish) {
  GraphBuilder b(schema_);
  b.set_edge_namer([](size_t i) { return "edge<" + std::to_string(i) + ">"; });
  MustAdd(b, "vpc-1", "Vpc");
  ASSERT_TRUE(b.AddEdge("vpc-1", "HAS_FLOW_LOG", "fl-1").ok());   // ok later
  ASSERT_TRUE(b.AddEdge("vpc-1", "HAS_FLOW_LOG", "ghost").ok());  // dangling
  ASSERT_TRUE(b.AddEdge("vpc-1", "OWNS", "vpc-3").ok());  // ill-typed later
  MustAddFlowLog(b, "fl-1");
  MustAdd(b, "vpc-3", "Vpc");
  std::string err = FinishError(b);
  EXPECT_THAT(err, AllOf(HasSubstr("edge<1>"), HasSubstr("ghost"),
                         HasSubstr("edge<2>"), HasSubstr("vpc-3"),
                         HasSubstr("OWNS")));
  EXPECT_THAT(err, ::testing::Not(HasSubstr("edge<0>")));
}

// Several errors: the status has the first one's code and says how many
// there were; the diagnostics hold each one, with its own code.
TEST_F(BuilderTest, FinishCountsEveryErrorAndGivesThemAsData) {
  GraphBuilder b(schema_);
  b.set_edge_namer([](size_t i) { return "edge<" + std::to_string(i) + ">"; });
  MustAdd(b, "vpc-1", "Vpc");
  ASSERT_TRUE(b.AddEdge("vpc-1", "HAS_FLOW_LOG", "ghost").ok());  // dangling
  ASSERT_TRUE(b.AddEdge("vpc-1", "OWNS", "vpc-3").ok());          // ill-typed
  MustAdd(b, "vpc-3", "Vpc");
  MustAdd(b, "fl-1", "FlowLog");  // status: String! never set
  Diagnostics diags;
  auto g = std::move(b).Finish(&diags);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(DiagnosticCodeOf(g.status()), "graph.dangling-edge");
  const std::string msg(g.status().message());
  EXPECT_THAT(msg, HasSubstr("(3 errors)"));
  ASSERT_EQ(diags.size(), 3u);
  EXPECT_EQ(diags[0].code, "graph.dangling-edge");
  EXPECT_THAT(diags[0].message, AllOf(HasSubstr("edge<0>"), HasSubstr("ghost")));
  EXPECT_EQ(diags[1].code, "graph.edge-type");
  EXPECT_THAT(diags[1].message, AllOf(HasSubstr("edge<1>"), HasSubstr("OWNS")));
  EXPECT_EQ(diags[2].code, "graph.missing-property");
  EXPECT_THAT(diags[2].message, AllOf(HasSubstr("fl-1"), HasSubstr("status")));
  for (const Diagnostic& d : diags) {
    EXPECT_EQ(d.severity, Severity::kError);
    EXPECT_THAT(msg, HasSubstr(d.message));  // the message has each line
  }
}

// One error: its line alone, no count.
TEST_F(BuilderTest, FinishWithOneErrorHasNoCount) {
  GraphBuilder b(schema_);
  MustAdd(b, "fl-1", "FlowLog");
  Diagnostics diags;
  auto g = std::move(b).Finish(&diags);
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(std::string(g.status().message()), ::testing::Not(HasSubstr("errors")));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(std::string(g.status().message()), diags[0].message);
}

// More errors than the message shows: every one counted (missing values
// past the shown ones included), every one in the diagnostics.
TEST_F(BuilderTest, FinishCountsErrorsPastTheMessage) {
  GraphBuilder b(schema_);
  MustAdd(b, "vpc-1", "Vpc");
  for (int i = 0; i < 30; ++i) MustAdd(b, ("fl-" + std::to_string(i)).c_str(), "FlowLog");
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(b.AddEdge("vpc-1", "HAS_FLOW_LOG", "ghost-" + std::to_string(i)).ok());
  }
  Diagnostics diags;
  auto g = std::move(b).Finish(&diags);
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(std::string(g.status().message()), HasSubstr("... and 15 more (35 errors)"));
  EXPECT_EQ(diags.size(), 35u);
  // Without a sink the count is the same.
  GraphBuilder c(schema_);
  for (int i = 0; i < 30; ++i) MustAdd(c, ("fl-" + std::to_string(i)).c_str(), "FlowLog");
  auto h = std::move(c).Finish();
  ASSERT_FALSE(h.ok());
  EXPECT_THAT(std::string(h.status().message()), HasSubstr("... and 10 more (30 errors)"));
}

// Past 10,000 errors the diagnostics end with a note counting the rest.
TEST_F(BuilderTest, FinishDiagnosticsAreBounded) {
  GraphBuilder b(schema_);
  for (int i = 0; i < 10005; ++i) {
    ASSERT_TRUE(b.AddAsset("fl-" + std::to_string(i), "FlowLog").ok());
  }
  Diagnostics diags;
  auto g = std::move(b).Finish(&diags);
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(std::string(g.status().message()), HasSubstr("(10005 errors)"));
  ASSERT_EQ(diags.size(), 10001u);
  EXPECT_EQ(diags[9999].severity, Severity::kError);
  EXPECT_THAT(diags[9999].message, HasSubstr("fl-9999"));
  EXPECT_EQ(diags.back().severity, Severity::kNote);
  EXPECT_EQ(diags.back().message, "... and 5 more errors (10005 in all)");
}

TEST_F(BuilderTest, SpentAfterFinish) {
  GraphBuilder b(schema_);
  MustAdd(b, "vpc-1", "Vpc");
  auto g = std::move(b).Finish();
  ASSERT_TRUE(g.ok());
  EXPECT_FALSE(b.AddAsset("vpc-2", "Vpc").ok());
  EXPECT_FALSE(std::move(b).Finish().ok());
  EXPECT_EQ((*g)->num_assets(), 1u);
}

// AddEdge by NodeId and relationship index (for bulk connectors) checks
// what AddEdge by ids checks, and gives the same graph.
TEST_F(BuilderTest, AddEdgeByNodeIds) {
  GraphBuilder b(schema_);
  auto acct = b.AddAsset("acct", "Account");
  auto vpc = b.AddAsset("vpc-1", "Vpc");
  auto fl = b.AddAsset("fl-1", "FlowLog");
  ASSERT_TRUE(acct.ok() && vpc.ok() && fl.ok());
  auto status = b.ResolveProperty(*fl, "status");
  ASSERT_TRUE(status.ok());
  ASSERT_TRUE(b.SetString(*fl, *status, "ACTIVE").ok());
  const int owns = schema_->FindRelationshipType("OWNS");
  const int has = schema_->FindRelationshipType("HAS_FLOW_LOG");
  ASSERT_TRUE(b.AddEdge(*acct, owns, *vpc).ok());
  ASSERT_TRUE(b.AddEdge(*vpc, has, *fl).ok());
  EXPECT_FALSE(b.AddEdge(*fl, has, *vpc).ok());       // FlowLog -[HAS_FLOW_LOG]-> Vpc: ill-typed
  EXPECT_FALSE(b.AddEdge(*acct, 9999, *vpc).ok());    // no such relationship type
  EXPECT_FALSE(b.AddEdge(*acct, owns, 12345).ok());   // no such asset
  auto g = std::move(b).Finish();
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ((*g)->num_edges(), 2u);
  EXPECT_EQ((*g)->edges(has).from[0], *vpc);
  EXPECT_EQ((*g)->edges(has).to[0], *fl);
}

}  // namespace
}  // namespace vigil
