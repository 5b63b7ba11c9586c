// The JSON loader: canonical and convenience forms, load order, streaming
// in batches, every error path, and the conformance curated graph.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/graph/test_schema.h"
#include "src/base/datetime.h"
#include "vigil/graph.h"
#include "vigil/graph_builder.h"
#include "vigil/json_loader.h"

namespace vigil {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using vigil::testing::TestSchema;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class LoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_ = TestSchema();
    ASSERT_NE(schema_, nullptr);
    vpc_ = schema_->FindType("Vpc");
    fl_ = schema_->FindType("FlowLog");
    acct_ = schema_->FindType("Account");
  }
  std::shared_ptr<const Graph> Load(std::string_view json,
                                    LoadOptions opts = {}) {
    auto g = LoadGraphJson(json, schema_, opts);
    EXPECT_TRUE(g.ok()) << g.status();
    return g.ok() ? *g : nullptr;
  }
  std::string Error(std::string_view json, LoadOptions opts = {}) {
    auto g = LoadGraphJson(json, schema_, opts);
    EXPECT_FALSE(g.ok()) << json;
    return g.ok() ? "" : std::string(g.status().message());
  }
  std::vector<std::string> Ids(const Graph& g) {
    std::vector<std::string> ids;
    for (NodeId n = 0; n < g.num_assets(); ++n) {
      ids.emplace_back(g.asset_id(n));
    }
    return ids;
  }
  std::vector<std::string> Targets(const Graph& g, TypeId t, const char* field,
                                   const char* id) {
    const Adjacency& a =
        g.adjacency(t, schema_->type(t).FindRelationship(field));
    const RowId r = g.node_row(*g.FindAsset(id));
    std::vector<std::string> out;
    for (uint32_t i = a.offsets[r]; i < a.offsets[r + 1]; ++i) {
      const Table& tt = g.table(a.TargetType(i));
      out.emplace_back(g.asset_id(tt.nodes[a.target_rows[i]]));
    }
    return out;
  }
  int Prop(TypeId t, const char* name) {
    return schema_->type(t).FindProperty(name);
  }

  std::shared_ptr<const Schema> schema_;
  TypeId vpc_ = kNoType, fl_ = kNoType, acct_ = kNoType;
};

constexpr char kCanonical[] = R"({
  "assets": [
    {"id": "vpc-1", "type": "Vpc",
     "properties": {"name": "prod", "isDefault": false, "score": 2,
                    "severity": "LOW", "createdAt": "2024-01-01T00:00:00Z",
                    "tags": ["env:prod", "pci"], "ports": [80, null],
                    "flags": [true], "weights": [1, 2.5],
                    "times": ["2024-01-01"], "levels": ["HIGH", null]}},
    {"id": "fl-1", "type": "FlowLog", "properties": {"status": "ACTIVE"}},
    {"properties": {"name": "b"}, "type": "Vpc", "id": "vpc-2"},
    {"id": "acct-1", "type": "Account", "properties": {"tier": 3, "name": null}}
  ],
  "relationships": [
    {"from": "vpc-1", "type": "HAS_FLOW_LOG", "to": "fl-1"},
    {"from": "vpc-2", "type": "HAS_FLOW_LOG", "to": "fl-1"},
    {"from": "vpc-1", "type": "PEERS_WITH", "to": "vpc-2",
     "properties": {"status": "active", "since": 2020, "labels": ["a"]}},
    {"properties": {"since": 1}, "to": "vpc-1", "type": "PEERS_WITH",
     "from": "vpc-2"},
    {"from": "acct-1", "type": "OWNS", "to": "vpc-2"}
  ]
})";

TEST_F(LoaderTest, Canonical) {
  LoadStats stats;
  LoadOptions opts;
  opts.stats = &stats;
  auto g = Load(kCanonical, opts);
  ASSERT_NE(g, nullptr);
  EXPECT_THAT(Ids(*g), ElementsAre("vpc-1", "fl-1", "vpc-2", "acct-1"));
  EXPECT_EQ(stats.assets, 4u);
  EXPECT_EQ(stats.relationships, 5u);
  const Table& v = g->table(vpc_);
  const Column& name = v.columns[Prop(vpc_, "name")];
  EXPECT_EQ(name.StringAt(name.codes[1]), "b");
  EXPECT_EQ(v.columns[Prop(vpc_, "isDefault")].bools[0], 0);
  EXPECT_TRUE(v.columns[Prop(vpc_, "isDefault")].valid.Get(0));
  EXPECT_DOUBLE_EQ(v.columns[Prop(vpc_, "score")].floats[0], 2.0);
  const Column& created = v.columns[Prop(vpc_, "createdAt")];
  EXPECT_EQ(created.instants[0], *ParseInstant("2024-01-01"));
  const Column& tags = v.columns[Prop(vpc_, "tags")];
  EXPECT_THAT(tags.list_offsets, ElementsAre(0u, 2u, 2u));
  EXPECT_FALSE(tags.valid.Get(1));
  const Column& ports = v.columns[Prop(vpc_, "ports")];
  EXPECT_THAT(ports.ints, ElementsAre(80, 0));
  EXPECT_FALSE(ports.element_valid.Get(1));
  EXPECT_THAT(v.columns[Prop(vpc_, "weights")].floats, ElementsAre(1.0, 2.5));
  const Column& levels = v.columns[Prop(vpc_, "levels")];
  EXPECT_EQ(levels.StringAt(levels.codes[0]), "HIGH");
  EXPECT_FALSE(levels.element_valid.Get(1));
  const Table& a = g->table(acct_);
  EXPECT_EQ(a.columns[Prop(acct_, "tier")].ints[0], 3);
  EXPECT_FALSE(a.columns[Prop(acct_, "name")].valid.Get(0));

  EXPECT_THAT(Targets(*g, vpc_, "hasFlowLog", "vpc-1"), ElementsAre("fl-1"));
  EXPECT_THAT(Targets(*g, fl_, "vpc", "fl-1"), ElementsAre("vpc-1", "vpc-2"));
  EXPECT_THAT(Targets(*g, vpc_, "peers", "vpc-2"), ElementsAre("vpc-1"));
  EXPECT_THAT(Targets(*g, vpc_, "peeredBy", "vpc-2"), ElementsAre("vpc-1"));
  EXPECT_THAT(Targets(*g, vpc_, "owner", "vpc-2"), ElementsAre("acct-1"));
  EXPECT_THAT(Targets(*g, vpc_, "owner", "vpc-1"), ElementsAre());
  const EdgeTable& peer = g->edges(schema_->FindRelationshipType("PEERS_WITH"));
  const TypeDef& pd = schema_->type(peer.properties_type);
  const Column& since = peer.columns[pd.FindProperty("since")];
  EXPECT_THAT(since.ints, ElementsAre(2020, 1));
  const Column& status = peer.columns[pd.FindProperty("status")];
  EXPECT_FALSE(status.valid.Get(1));
}

TEST_F(LoaderTest, SmallBatchesAndFileGiveTheSameGraph) {
  auto whole = Load(kCanonical);
  ASSERT_NE(whole, nullptr);
  LoadOptions opts;
  opts.batch_bytes = 1;  // one element per simdjson call
  std::vector<std::pair<size_t, size_t>> progress;
  opts.progress = [&](size_t done, size_t total) {
    progress.emplace_back(done, total);
  };
  auto small = Load(kCanonical, opts);
  ASSERT_NE(small, nullptr);
  EXPECT_EQ(Ids(*small), Ids(*whole));
  EXPECT_EQ(small->num_edges(), whole->num_edges());
  ASSERT_GE(progress.size(), 9u);
  EXPECT_EQ(progress.back().first, std::string_view(kCanonical).size());
  for (size_t i = 1; i < progress.size(); ++i) {
    EXPECT_LE(progress[i - 1].first, progress[i].first);
  }
  const std::string path = ::testing::TempDir() + "/vigil_graph_test.json";
  {
    std::ofstream out(path, std::ios::binary);
    out << kCanonical;
  }
  auto file = LoadGraphJsonFile(path, schema_, {});
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(Ids(**file), Ids(*whole));
  EXPECT_THAT(Targets(**file, fl_, "vpc", "fl-1"),
              ElementsAre("vpc-1", "vpc-2"));
  std::remove(path.c_str());
  auto missing = LoadGraphJsonFile(path + ".nope", schema_, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("cannot open"));
}

TEST_F(LoaderTest, ConvenienceFormLoadOrder) {
  // vpc-1 holds fl-1 (with a nested reference back) and refers to fl-9
  // defined later; fl-new is id-only and defined nowhere: a new FlowLog.
  constexpr char kDoc[] = R"({
    "assets": [
      {"id": "acct-1", "type": "Account",
       "vpcs": [{"id": "vpc-1", "properties": {"name": "one"},
                 "hasFlowLog": [
                   {"id": "fl-1", "properties": {"status": "ACTIVE"}},
                   {"id": "fl-9"},
                   {"id": "fl-new"}
                 ]},
                {"id": "vpc-2"}],
       "assets": {"id": "fl-2", "type": "FlowLog",
                  "properties": {"status": "FAILED"}}},
      {"id": "vpc-3", "type": "Vpc", "owner": {"id": "acct-1"}},
      {"id": "fl-9", "type": "FlowLog", "properties": {"status": "X"}}
    ],
    "relationships": [
      {"from": "vpc-3", "type": "HAS_FLOW_LOG", "to": "fl-2"}
    ]
  })";
  auto g = LoadGraphJson(kDoc, schema_, {});
  ASSERT_FALSE(g.ok());  // fl-new has no status (String!)
  EXPECT_THAT(g.status().message(), AllOf(HasSubstr("fl-new"),
                                          HasSubstr("status")));
  // The same with FlowLog.status given for the new one through the
  // relationships of a second document is not possible: use a schema-free
  // variant instead: vpc-2 (id-only, not defined) becomes a new Vpc.
  constexpr char kDoc2[] = R"({
    "relationships": [
      {"from": "vpc-3", "type": "HAS_FLOW_LOG", "to": "fl-2"}
    ],
    "assets": [
      {"id": "acct-1", "type": "Account",
       "vpcs": [{"id": "vpc-1", "properties": {"name": "one"},
                 "hasFlowLog": [
                   {"id": "fl-1", "properties": {"status": "ACTIVE"}},
                   {"id": "fl-9"}
                 ]},
                {"id": "vpc-2"}],
       "assets": {"id": "fl-2", "type": "FlowLog",
                  "properties": {"status": "FAILED"}}},
      {"id": "vpc-3", "type": "Vpc", "owner": {"id": "acct-1"},
       "peers": [{"id": "vpc-1"}, {"id": "vpc-4", "type": "Vpc"}]},
      {"id": "fl-9", "type": "FlowLog", "properties": {"status": "X"}}
    ]
  })";
  auto g2 = Load(kDoc2);
  ASSERT_NE(g2, nullptr);
  EXPECT_THAT(Ids(*g2), ElementsAre("acct-1", "vpc-1", "fl-1", "vpc-2",
                                    "fl-2", "vpc-3", "vpc-4", "fl-9"));
  EXPECT_EQ(g2->node_type(*g2->FindAsset("vpc-2")), vpc_);
  EXPECT_EQ(g2->node_type(*g2->FindAsset("fl-9")), fl_);
  EXPECT_THAT(Targets(*g2, acct_, "vpcs", "acct-1"),
              ElementsAre("vpc-1", "vpc-2", "vpc-3"));
  EXPECT_THAT(Targets(*g2, acct_, "assets", "acct-1"), ElementsAre("fl-2"));
  EXPECT_THAT(Targets(*g2, vpc_, "hasFlowLog", "vpc-1"),
              ElementsAre("fl-1", "fl-9"));
  EXPECT_THAT(Targets(*g2, vpc_, "hasFlowLog", "vpc-3"), ElementsAre("fl-2"));
  EXPECT_THAT(Targets(*g2, vpc_, "owner", "vpc-3"), ElementsAre("acct-1"));
  EXPECT_THAT(Targets(*g2, vpc_, "peers", "vpc-3"),
              ElementsAre("vpc-1", "vpc-4"));
  // Edge order: inline edges in the order met, then "relationships".
  const EdgeTable& hfl = g2->edges(schema_->FindRelationshipType("HAS_FLOW_LOG"));
  std::vector<std::string> to;
  for (NodeId n : hfl.to) to.emplace_back(g2->asset_id(n));
  EXPECT_THAT(to, ElementsAre("fl-1", "fl-9", "fl-2"));
  const EdgeTable& owns = g2->edges(schema_->FindRelationshipType("OWNS"));
  std::vector<std::string> owned;
  for (NodeId n : owns.to) owned.emplace_back(g2->asset_id(n));
  EXPECT_THAT(owned, ElementsAre("vpc-1", "vpc-2", "vpc-3"));
  const Column& name = g2->table(vpc_).columns[Prop(vpc_, "name")];
  EXPECT_EQ(name.StringAt(name.codes[0]), "one");
}

TEST_F(LoaderTest, EscapedIdsAndKeys) {
  // Escapes in ids, keys and values; the id read-ahead skips escaped ids.
  std::string doc = R"({"assets": [)";
  for (int i = 0; i < 20; ++i) {
    doc += R"({"id": "v\")" + std::to_string(i) +
           R"(\u00e9", "t\u0079pe": "Vpc", "properties": {"n\u0061me": "a\nb"}},)";
  }
  doc += R"({"id": "plain", "type": "Vpc"}],
    "relationships": [{"from": "v\"3\u00e9", "type": "PEERS_WITH",
                       "to": "plain"}]})";
  LoadOptions opts;
  opts.batch_bytes = 64;
  auto g = Load(doc, opts);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->num_assets(), 21u);
  EXPECT_EQ(g->asset_id(3), "v\"3\xC3\xA9");
  const Column& name = g->table(vpc_).columns[Prop(vpc_, "name")];
  EXPECT_EQ(name.StringAt(name.codes[0]), "a\nb");
  EXPECT_THAT(Targets(*g, vpc_, "peers", "v\"3\xC3\xA9"), ElementsAre("plain"));
}

TEST_F(LoaderTest, EmptyForms) {
  EXPECT_EQ(Load("{}")->num_assets(), 0u);
  EXPECT_EQ(Load(R"({"assets": [], "relationships": []})")->num_assets(), 0u);
  EXPECT_EQ(Load(" \n{\"assets\":[ ]}\n ")->num_assets(), 0u);
  EXPECT_EQ(Load("\xEF\xBB\xBF{}")->num_assets(), 0u);
}

TEST_F(LoaderTest, DropUnknownProperties) {
  constexpr char kDoc[] = R"({"assets": [
      {"id": "vpc-1", "type": "Vpc", "properties": {"nope": 1, "x": [1],
                                                   "name": "n"}}],
    "relationships": [{"from": "vpc-1", "type": "PEERS_WITH", "to": "vpc-1",
                       "properties": {"weight": 3}}]})";
  EXPECT_THAT(Error(kDoc), AllOf(HasSubstr("vpc-1"), HasSubstr("nope")));
  LoadStats stats;
  LoadOptions opts;
  opts.drop_unknown_properties = true;
  opts.stats = &stats;
  auto g = Load(kDoc, opts);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(stats.dropped_properties, 3u);
  const Column& name = g->table(vpc_).columns[Prop(vpc_, "name")];
  EXPECT_EQ(name.StringAt(name.codes[0]), "n");
}

TEST_F(LoaderTest, SyntaxErrorsAreLocated) {
  struct Case {
    const char* doc;
    const char* where;  // expected "line L, column C"
  };
  for (const Case& c : std::vector<Case>{
           {"", "line 1, column 1"},
           {"[]", "line 1, column 1"},
           {"{\"assets\": [\n  {\"id\": \"a\",, }\n]}", "line 2"},
           {"{\"assets\": [1 2]}", "line 1, column 15"},
           {"{\"assets\": [1,]}", "line 1, column 15"},
           {"{\"assets\": [\"abc]}", "line 1, column 13"},
           {"{\"assets\": []} x", "line 1, column 16"},
           {"{\"assets\": [] \"relationships\": []}", "line 1, column 15"},
           {"{\"assets\": [{\"id\": tru}]}", "line 1"},
           {"{\"assets\": [{]}", "line 1"},
           {"{\"assets\": [", "line 1"},
           {"{\"assets\"", "line 1"},
           {"{\"assets\": {}}", "line 1, column 12"},
           {"{\"assets\": [{\"id\": \"\xff\"}]}", "line 1"},
       }) {
    std::string err = Error(c.doc);
    EXPECT_THAT(err, HasSubstr(c.where)) << c.doc;
  }
  std::string err = Error("{\"assets\": [1 2]}");
  EXPECT_THAT(err, AllOf(HasSubstr("byte 14"), HasSubstr("syntax")));
  Diagnostics diags;
  LoadOptions opts;
  opts.diagnostics = &diags;
  opts.file_name = "g.json";
  err = Error("{\n\"assets\": [1 2]}", opts);
  EXPECT_THAT(err, HasSubstr("g.json:2:"));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].location.line, 2u);
  EXPECT_EQ(diags[0].location.column, 14u);
  EXPECT_EQ(diags[0].file, "g.json");
}

TEST_F(LoaderTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "{\"assets\": [" + std::string(100000, '[') +
                     std::string(100000, ']') + "]}";
  EXPECT_THAT(Error(deep), HasSubstr("nesting"));
  // Inline assets nested past the limit.
  std::string doc = R"({"assets": [{"id": "v0", "type": "Vpc", "peers": )";
  const int depth = 80;
  for (int i = 1; i <= depth; ++i) {
    doc += R"({"id": "v)" + std::to_string(i) + R"(", "peers": )";
  }
  doc += "null";
  for (int i = 0; i <= depth; ++i) doc += "}";
  doc += "]}";
  EXPECT_THAT(Error(doc), HasSubstr("nested deeper than 64"));
  LoadOptions opts;
  opts.max_inline_depth = 100;
  auto g = Load(doc, opts);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->num_assets(), static_cast<size_t>(depth + 1));
}

TEST_F(LoaderTest, ValidationErrors) {
  struct Case {
    const char* doc;
    std::vector<const char*> parts;
  };
  const std::vector<Case> cases = {
      {R"({"foo": []})", {"unknown top-level key", "foo"}},
      {R"({"assets": [], "assets": []})", {"duplicate key"}},
      {R"({"assets": [1]})", {"assets[0]", "object", "number"}},
      {R"({"assets": [{"type": "Vpc"}]})", {"assets[0]", "\"id\""}},
      {R"({"assets": [{"id": "a"}]})", {"assets[0]", "\"a\"", "\"type\""}},
      {R"({"assets": [{"id": 5, "type": "Vpc"}]})",
       {"assets[0]", "\"id\" must be a string", "number"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "id": "b"}]})",
       {"duplicate key \"id\""}},
      {R"({"assets": [{"id": "a", "type": "Nope"}]})",
       {"assets[0]", "unknown type", "Nope"}},
      {R"({"assets": [{"id": "a", "type": "Asset"}]})",
       {"assets[0]", "interface"}},
      {R"({"assets": [{"id": "a", "type": "Vpc"}, {"id": "a", "type": "Vpc"}]})",
       {"assets[1]", "duplicate asset id", "\"a\""}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "properties": {"isDefault": "yes"}}]})",
       {"assets[0]", "\"a\"", "isDefault", "Boolean", "String"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "properties": {"name": 1}}]})",
       {"\"a\"", "name", "String", "Int"}},
      {R"({"assets": [{"id": "a", "type": "Account", "properties": {"tier": 1.5}}]})",
       {"\"a\"", "tier", "Int", "Float"}},
      {R"({"assets": [{"id": "a", "type": "Account", "properties": {"tier": 9223372036854775808}}]})",
       {"tier", "out of the range"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "properties": {"score": "1"}}]})",
       {"score", "Float", "String"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "properties": {"name": {}}}]})",
       {"name", "String", "object"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "properties": {"name": ["x"]}}]})",
       {"name", "String", "array"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "properties": {"tags": "x"}}]})",
       {"tags", "[String!]", "String"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "properties": {"tags": ["x", null]}}]})",
       {"tags", "null element", "index 1"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "properties": {"ports": [1, "2"]}}]})",
       {"ports", "[Int]", "String", "index 1"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "properties": {"ports": [1.5]}}]})",
       {"ports", "Float", "index 0"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "properties": {"flags": [1]}}]})",
       {"flags", "[Boolean]", "number"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "properties": {"severity": "NOPE"}}]})",
       {"\"a\"", "severity", "NOPE", "Severity"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "properties": {"createdAt": "2024-02-30"}}]})",
       {"\"a\"", "createdAt", "2024-02-30", "DateTime"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "properties": {"id": "b"}}]})",
       {"\"a\"", "id"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "properties": 3}]})",
       {"\"properties\" must be an object"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "name": "x"}]})",
       {"\"a\"", "no relationship field", "name", "properties"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "hasFlowLog": 3}]})",
       {"hasFlowLog", "object or an array"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "hasFlowLog": [3]}]})",
       {"assets[0].hasFlowLog[0]", "object"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "hasFlowLog": [{"type": "FlowLog"}]}]})",
       {"assets[0].hasFlowLog[0]", "\"id\""}},
      {R"({"assets": [{"id": "a", "type": "Account", "assets": [{"id": "b", "properties": {}}]}]})",
       {"\"b\"", "needs a \"type\"", "Asset"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "hasFlowLog": [{"id": "b", "type": "Vpc"}]}]})",
       {"\"b\"", "Vpc", "hasFlowLog", "FlowLog"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "hasFlowLog": [{"id": "b", "type": "Zzz"}]}]})",
       {"unknown type", "Zzz"}},
      {R"({"assets": [{"id": "a", "type": "Vpc", "hasFlowLog": {"id": "a", "type": "FlowLog"}}]})",
       {"duplicate asset id", "\"a\""}},
      {R"({"assets": [{"id": "v", "type": "Vpc"}, {"id": "w", "type": "Vpc", "hasFlowLog": [{"id": "v"}]}]})",
       {"\"w\"", "\"v\"", "HAS_FLOW_LOG", "Vpc"}},
      {R"({"assets": [{"id": "fl", "type": "FlowLog", "properties": {"status": "x"}}],
           "relationships": [{"from": "fl", "type": "HAS_FLOW_LOG", "to": "ghost"}]})",
       {"relationships[0]", "ghost"}},
      {R"({"assets": [{"id": "v", "type": "Vpc"}],
           "relationships": [{"from": "v", "type": "OWNS", "to": "v"}, {"from": "v", "type": "OWNS", "to": "v"}]})",
       {"relationships[0]", "\"v\"", "OWNS", "Vpc"}},
      {R"({"assets": [{"id": "v", "type": "Vpc"}],
           "relationships": [{"from": "v", "type": "NOPE", "to": "v"}]})",
       {"relationships[0]", "NOPE"}},
      {R"({"assets": [{"id": "v", "type": "Vpc"}],
           "relationships": [{"from": "v", "type": "PEERS_WITH"}]})",
       {"relationships[0]", "needs \"to\""}},
      {R"({"assets": [{"id": "v", "type": "Vpc"}],
           "relationships": [{"from": "v", "type": "PEERS_WITH", "to": "v", "via": 1}]})",
       {"relationships[0]", "unknown key", "via"}},
      {R"({"assets": [{"id": "v", "type": "Vpc"}],
           "relationships": [{"from": "v", "type": "PEERS_WITH", "to": "v", "properties": {"since": "x"}}]})",
       {"relationships[0]", "since", "Int", "String"}},
      {R"({"assets": [{"id": "v", "type": "Vpc"}, {"id": "f", "type": "FlowLog", "properties": {"status": "x"}}],
           "relationships": [{"from": "v", "type": "HAS_FLOW_LOG", "to": "f", "properties": {"since": 1}}]})",
       {"relationships[0]", "no properties"}},
      {R"({"assets": [{"id": "v", "type": "Vpc"}], "relationships": [7]})",
       {"relationships[0]", "object"}},
      {R"({"assets": [{"id": "f", "type": "FlowLog"}]})",
       {"\"f\"", "status", "missing"}},
  };
  for (const Case& c : cases) {
    std::string err = Error(c.doc);
    for (const char* p : c.parts) {
      EXPECT_THAT(err, HasSubstr(p)) << c.doc;
    }
  }
}

TEST_F(LoaderTest, DanglingEdgeToLaterRelationshipsIndex) {
  // Edges checked at Finish name their index in "relationships".
  constexpr char kDoc[] = R"({
    "relationships": [
      {"from": "v", "type": "PEERS_WITH", "to": "v"},
      {"from": "v", "type": "PEERS_WITH", "to": "nowhere"}
    ],
    "assets": [{"id": "v", "type": "Vpc", "peers": [{"id": "w"}]}]
  })";
  std::string err = Error(kDoc);
  EXPECT_THAT(err, AllOf(HasSubstr("relationships[1]"), HasSubstr("nowhere")));
  EXPECT_THAT(err, ::testing::Not(HasSubstr("relationships[0]")));
}

TEST_F(LoaderTest, ConformanceCuratedGraph) {
  const std::string dir = std::string(VIGIL_TEST_DATA_DIR) + "/conformance/";
  auto schema = Schema::FromSdl(ReadFile(dir + "schema.graphql"),
                                "schema.graphql");
  ASSERT_TRUE(schema.ok()) << schema.status();
  auto g = LoadGraphJsonFile(dir + "curated-graph.json", *schema, {});
  ASSERT_TRUE(g.ok()) << g.status();
  const Graph& graph = **g;
  const Schema& s = **schema;
  EXPECT_EQ(graph.num_assets(), 15u);
  EXPECT_EQ(graph.num_edges(), 13u);
  // Inline assets come right after their holder.
  std::vector<std::string> ids;
  for (NodeId n = 0; n < graph.num_assets(); ++n) {
    ids.emplace_back(graph.asset_id(n));
  }
  EXPECT_THAT(ids, ElementsAre("acct-1", "vpc-none", "vpc-active", "fl-a1",
                               "vpc-failed", "fl-f1", "fl-n1", "vpc-mixed",
                               "fl-f2", "fl-a2", "vpc-bare", "vpc-half",
                               "fl-f3", "fl-n2", "fl-orphan"));
  const TypeId vpc = s.FindType("Vpc"), fl = s.FindType("FlowLog");
  EXPECT_EQ(graph.node_type(*graph.FindAsset("fl-n2")), fl);
  auto targets = [&](TypeId t, const char* field, const char* id) {
    const Adjacency& a = graph.adjacency(t, s.type(t).FindRelationship(field));
    const RowId r = graph.node_row(*graph.FindAsset(id));
    std::vector<std::string> out;
    for (uint32_t i = a.offsets[r]; i < a.offsets[r + 1]; ++i) {
      out.emplace_back(graph.asset_id(
          graph.table(a.TargetType(i)).nodes[a.target_rows[i]]));
    }
    return out;
  };
  EXPECT_THAT(targets(vpc, "hasFlowLog", "vpc-failed"),
              ElementsAre("fl-f1", "fl-n1", "fl-a1"));
  EXPECT_THAT(targets(vpc, "hasFlowLog", "vpc-none"), ElementsAre());
  EXPECT_THAT(targets(fl, "vpc", "fl-a1"),
              ElementsAre("vpc-active", "vpc-failed"));
  EXPECT_THAT(targets(vpc, "peers", "vpc-active"),
              ElementsAre("vpc-mixed", "vpc-mixed"));
  EXPECT_THAT(targets(vpc, "owner", "vpc-active"), ElementsAre("acct-1"));
  // DateTime: the same instant written two ways.
  const Table& vt = graph.table(vpc);
  const Column& created = vt.columns[s.type(vpc).FindProperty("createdAt")];
  const RowId none = graph.node_row(*graph.FindAsset("vpc-none"));
  const RowId active = graph.node_row(*graph.FindAsset("vpc-active"));
  EXPECT_EQ(created.instants[none], created.instants[active]);
  EXPECT_EQ(created.StringAt(created.codes[active]),
            "2024-01-01T01:00:00+01:00");
  const Column& sev = vt.columns[s.type(vpc).FindProperty("severity")];
  EXPECT_EQ(sev.StringAt(sev.codes[none]), "HIGH");
  const Column& tags = vt.columns[s.type(vpc).FindProperty("tags")];
  const RowId failed = graph.node_row(*graph.FindAsset("vpc-failed"));
  EXPECT_TRUE(tags.valid.Get(failed));  // [] is not null
  EXPECT_EQ(tags.list_offsets[failed], tags.list_offsets[failed + 1]);
  const EdgeTable& peers = graph.edges(s.FindRelationshipType("PEERS_WITH"));
  const Column& status =
      peers.columns[s.type(peers.properties_type).FindProperty("status")];
  EXPECT_EQ(status.StringAt(status.codes[1]), "pending");
  EXPECT_FALSE(status.valid.Get(2));
}

TEST_F(LoaderTest, ConformanceInlineGraphsLoad) {
  // Every inline graph of the random conformance cases loads.
  const std::string dir = std::string(VIGIL_TEST_DATA_DIR) + "/conformance/";
  auto schema = Schema::FromSdl(ReadFile(dir + "schema.graphql"),
                                "schema.graphql");
  ASSERT_TRUE(schema.ok()) << schema.status();
  std::ifstream in(dir + "random.jsonl");
  std::string line;
  int loaded = 0;
  while (std::getline(in, line) && loaded < 2000) {
    const size_t k = line.find("\"graph\":{");
    if (k == std::string::npos) continue;
    // The graph object: scan to its matching brace.
    size_t start = line.find('{', k), depth = 0, i = start;
    bool in_str = false;
    for (; i < line.size(); ++i) {
      const char c = line[i];
      if (in_str) {
        if (c == '\\') ++i;
        else if (c == '"') in_str = false;
      } else if (c == '"') {
        in_str = true;
      } else if (c == '{') {
        ++depth;
      } else if (c == '}' && --depth == 0) {
        break;
      }
    }
    auto g = LoadGraphJson(std::string_view(line).substr(start, i + 1 - start),
                           *schema, {});
    ASSERT_TRUE(g.ok()) << g.status();
    ++loaded;
  }
  EXPECT_GT(loaded, 10);
}

}  // namespace
}  // namespace vigil
