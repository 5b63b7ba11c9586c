// Schema::FromSdl: types, properties, relationships, interfaces, root
// fields, and every schema error with its place.
#include "vigil/schema.h"

#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace vigil {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::shared_ptr<const Schema> Build(std::string_view sdl) {
  Diagnostics d;
  auto s = Schema::FromSdl(sdl, "s.graphql", &d);
  EXPECT_TRUE(s.ok()) << s.status();
  EXPECT_TRUE(d.empty());
  return s.ok() ? *s : nullptr;
}

// Expects FromSdl to fail with `code` first, at line:column.
void ExpectError(std::string_view sdl, std::string_view code, uint32_t line,
                 uint32_t column) {
  Diagnostics d;
  auto s = Schema::FromSdl(sdl, "s.graphql", &d);
  ASSERT_FALSE(s.ok()) << sdl;
  ASSERT_FALSE(d.empty()) << sdl;
  EXPECT_EQ(d[0].code, code) << d[0].ToString();
  EXPECT_EQ(d[0].location.line, line) << d[0].ToString();
  EXPECT_EQ(d[0].location.column, column) << d[0].ToString();
  EXPECT_EQ(d[0].file, "s.graphql");
  EXPECT_NE(s.status().message().find(std::string(code)), std::string::npos);
}

TEST(Schema, ConformanceSchema) {
  auto s = Build(ReadFile(std::string(VIGIL_TEST_DATA_DIR) +
                          "/conformance/schema.graphql"));
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->types().size(), 5u);  // Asset Account Vpc FlowLog Peering
  TypeId asset = s->FindType("Asset");
  TypeId account = s->FindType("Account");
  TypeId vpc = s->FindType("Vpc");
  TypeId flow = s->FindType("FlowLog");
  TypeId peering = s->FindType("Peering");
  EXPECT_EQ(asset, 0);
  EXPECT_EQ(s->FindType("Severity"), kNoType);
  EXPECT_EQ(s->FindType("Nope"), kNoType);
  EXPECT_TRUE(s->type(asset).is_interface());
  EXPECT_TRUE(s->type(vpc).is_object());
  EXPECT_EQ(s->type(peering).kind, TypeDef::Kind::kRelationshipProperties);
  EXPECT_EQ(s->type(asset).concrete_types,
            (std::vector<TypeId>{account, vpc, flow}));
  EXPECT_EQ(s->type(vpc).concrete_types, std::vector<TypeId>{vpc});
  EXPECT_EQ(s->type(vpc).interfaces, std::vector<TypeId>{asset});
  EXPECT_TRUE(s->IsSubtype(vpc, asset));
  EXPECT_TRUE(s->IsSubtype(vpc, vpc));
  EXPECT_FALSE(s->IsSubtype(asset, vpc));
  EXPECT_FALSE(s->IsSubtype(vpc, flow));

  // Enums.
  ASSERT_EQ(s->enums().size(), 1u);
  int sev = s->FindEnum("Severity");
  ASSERT_EQ(sev, 0);
  EXPECT_EQ(s->enums()[sev].values,
            (std::vector<std::string>{"LOW", "MEDIUM", "HIGH"}));
  EXPECT_EQ(s->enums()[sev].Find("HIGH"), 2);
  EXPECT_EQ(s->enums()[sev].Find("CRITICAL"), -1);
  EXPECT_EQ(s->enums()[sev].location.line, 2u);

  // Properties.
  const TypeDef& v = s->type(vpc);
  ASSERT_EQ(v.properties.size(), 10u);
  const PropertyDef& id = v.properties[v.FindProperty("id")];
  EXPECT_EQ(id.kind, ScalarKind::kID);
  EXPECT_TRUE(id.non_null);
  EXPECT_FALSE(id.is_list);
  const PropertyDef& tags = v.properties[v.FindProperty("tags")];
  EXPECT_EQ(tags.kind, ScalarKind::kString);
  EXPECT_TRUE(tags.is_list);
  EXPECT_TRUE(tags.element_non_null);
  EXPECT_FALSE(tags.non_null);
  EXPECT_EQ(v.properties[v.FindProperty("createdAt")].kind,
            ScalarKind::kDateTime);
  EXPECT_EQ(v.properties[v.FindProperty("score")].kind, ScalarKind::kFloat);
  EXPECT_EQ(v.properties[v.FindProperty("isDefault")].kind,
            ScalarKind::kBoolean);
  const PropertyDef& severity = v.properties[v.FindProperty("severity")];
  EXPECT_EQ(severity.kind, ScalarKind::kEnum);
  EXPECT_EQ(severity.enum_index, sev);
  EXPECT_EQ(severity.type_name, "Severity");
  EXPECT_EQ(severity.location.line, 30u);
  EXPECT_EQ(severity.location.column, 3u);
  EXPECT_EQ(v.FindProperty("hasFlowLog"), -1);

  // Relationships.
  ASSERT_EQ(v.relationships.size(), 3u);
  const RelationshipDef& has = v.relationships[v.FindRelationship("hasFlowLog")];
  EXPECT_EQ(has.rel_type, "HAS_FLOW_LOG");
  EXPECT_EQ(has.direction, Direction::kOut);
  EXPECT_EQ(has.target, flow);
  EXPECT_TRUE(has.is_list);
  EXPECT_TRUE(has.non_null);
  EXPECT_EQ(has.properties, kNoType);
  const RelationshipDef& owner = v.relationships[v.FindRelationship("owner")];
  EXPECT_EQ(owner.direction, Direction::kIn);
  EXPECT_EQ(owner.target, account);
  EXPECT_FALSE(owner.is_list);
  EXPECT_FALSE(owner.non_null);
  const RelationshipDef& peers = v.relationships[v.FindRelationship("peers")];
  EXPECT_EQ(peers.properties, peering);
  const TypeDef& fl = s->type(flow);
  const RelationshipDef& back = fl.relationships[fl.FindRelationship("vpc")];
  EXPECT_EQ(back.rel_type_index, has.rel_type_index);
  EXPECT_EQ(s->relationship_types(),
            (std::vector<std::string>{"OWNS", "HAS_FLOW_LOG", "PEERS_WITH"}));
  EXPECT_EQ(s->FindRelationshipType("PEERS_WITH"), 2);
  EXPECT_EQ(s->FindRelationshipType("NOPE"), -1);
  EXPECT_EQ(s->RelationshipPropertiesType(2), peering);
  EXPECT_EQ(s->RelationshipPropertiesType(0), kNoType);
  const TypeDef& p = s->type(peering);
  EXPECT_EQ(p.properties.size(), 2u);
  EXPECT_EQ(p.properties[p.FindProperty("since")].kind, ScalarKind::kInt);

  // Root fields: every object type and interface, not Peering.
  ASSERT_EQ(s->root_fields().size(), 4u);
  EXPECT_EQ(s->root_fields()[0].name, "assets");
  EXPECT_EQ(s->FindRootField("assets")->type, asset);
  EXPECT_EQ(s->FindRootField("accounts")->type, account);
  EXPECT_EQ(s->FindRootField("vpcs")->type, vpc);
  EXPECT_EQ(s->FindRootField("flowLogs")->type, flow);
  EXPECT_EQ(s->FindRootField("peerings"), nullptr);
  EXPECT_EQ(s->FindRootField("vpc"), nullptr);
  EXPECT_EQ(v.plural, "vpcs");
  EXPECT_EQ(p.plural, "");
}

TEST(Schema, ScalarsEnumsAndDescriptions) {
  auto s = Build(
      "scalar Url\n"
      "scalar DateTime\n"
      "\"An asset.\"\n"
      "type Thing { id: ID! url: Url, when: DateTime, n: Int!, "
      "xs: [Float!]!, ys: [Int] }\n");
  ASSERT_NE(s, nullptr);
  const TypeDef& t = s->type(s->FindType("Thing"));
  EXPECT_EQ(t.description, "An asset.");
  EXPECT_EQ(t.properties[t.FindProperty("url")].kind, ScalarKind::kCustom);
  EXPECT_EQ(t.properties[t.FindProperty("url")].type_name, "Url");
  EXPECT_EQ(t.properties[t.FindProperty("n")].kind, ScalarKind::kInt);
  const PropertyDef& xs = t.properties[t.FindProperty("xs")];
  EXPECT_TRUE(xs.is_list && xs.non_null && xs.element_non_null);
  const PropertyDef& ys = t.properties[t.FindProperty("ys")];
  EXPECT_TRUE(ys.is_list);
  EXPECT_FALSE(ys.non_null || ys.element_non_null);
  EXPECT_EQ(std::string(ScalarKindName(ScalarKind::kDateTime)), "DateTime");
  EXPECT_TRUE(IsStringLike(ScalarKind::kCustom));
  EXPECT_TRUE(IsStringLike(ScalarKind::kEnum));
  EXPECT_FALSE(IsStringLike(ScalarKind::kInt));
  EXPECT_FALSE(IsStringLike(ScalarKind::kBoolean));
}

TEST(Schema, PluralDirective) {
  auto s = Build(
      "type Thing @plural(value: \"myThingies\") { id: ID! }\n"
      "type Vpc @plural(value: \"VPCs\") { id: ID! }\n"
      "type Person { id: ID! }\n");
  ASSERT_NE(s, nullptr);
  EXPECT_NE(s->FindRootField("myThingies"), nullptr);
  EXPECT_NE(s->FindRootField("vpCs"), nullptr);
  EXPECT_NE(s->FindRootField("people"), nullptr);
  EXPECT_EQ(s->type(s->FindType("Vpc")).plural, "vpCs");
}

TEST(Schema, ExplicitQueryType) {
  auto s = Build(
      "interface Asset { id: ID! }\n"
      "type Vpc implements Asset { id: ID! }\n"
      "type Query { allVpcs: [Vpc!]! things: [Asset] }\n");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->FindType("Query"), kNoType);  // not an asset type
  ASSERT_EQ(s->root_fields().size(), 2u);
  EXPECT_EQ(s->FindRootField("allVpcs")->type, s->FindType("Vpc"));
  EXPECT_EQ(s->FindRootField("things")->type, s->FindType("Asset"));
  EXPECT_EQ(s->FindRootField("vpcs"), nullptr);
  // `schema { query: Root }` renames the query type.
  auto r = Build(
      "schema { query: Root }\n"
      "type Vpc { id: ID! }\n"
      "type Root { v: [Vpc] }\n");
  ASSERT_NE(r, nullptr);
  EXPECT_NE(r->FindRootField("v"), nullptr);
}

TEST(Schema, InterfacesImplementingInterfaces) {
  auto s = Build(
      "interface Node { id: ID! }\n"
      "interface Asset implements Node { id: ID! name: String }\n"
      "type A implements Asset & Node { id: ID! name: String extra: Int }\n"
      "type B implements Node { id: ID! }\n"
      "type C implements Asset { id: ID! name: String }\n");
  ASSERT_NE(s, nullptr);
  TypeId node = s->FindType("Node");
  TypeId asset = s->FindType("Asset");
  TypeId a = s->FindType("A"), b = s->FindType("B"), c = s->FindType("C");
  EXPECT_EQ(s->type(node).concrete_types, (std::vector<TypeId>{a, b, c}));
  EXPECT_EQ(s->type(asset).concrete_types, (std::vector<TypeId>{a, c}));
  EXPECT_TRUE(s->IsSubtype(c, node));
  EXPECT_TRUE(s->IsSubtype(asset, node));
  EXPECT_EQ(s->root_fields().size(), 5u);
  EXPECT_NE(s->FindRootField("nodes"), nullptr);
}

TEST(Schema, ExtensionsAndUnknownDirectives) {
  auto s = Build(
      "type Vpc @node(labels: [\"X\"]) { id: ID! @id @unique }\n"
      "extend type Vpc { name: String @custom(a: 1) }\n");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->type(s->FindType("Vpc")).properties.size(), 2u);
}

TEST(Schema, InterfaceRelationships) {
  auto s = Build(
      "interface Asset { id: ID! owner: Account @relationship(type: \"OWNS\", "
      "direction: IN) }\n"
      "type Account { id: ID! owns: [Asset!]! @relationship(type: \"OWNS\", "
      "direction: OUT) }\n"
      "type Vpc implements Asset { id: ID! owner: Account "
      "@relationship(type: \"OWNS\", direction: IN) }\n");
  ASSERT_NE(s, nullptr);
  const TypeDef& acct = s->type(s->FindType("Account"));
  EXPECT_EQ(acct.relationships[0].target, s->FindType("Asset"));
}

// Every schema error "input -> code at line:col" is a record of
// tests/data/diagnostics/schema.test; here, what else a failure carries
// (the file name, the code in the status message).
TEST(Schema, ErrorsAreLocatedInTheFile) {
  ExpectError("type A {\n  a Int\n}", "syntax.unexpected-token", 2, 5);
  ExpectError("type A { b: Nope }", "schema.unknown-type", 1, 13);
}

TEST(Schema, SeveralErrorsAtOnce) {
  Diagnostics d;
  auto s = Schema::FromSdl(
      "type A { b: Nope, c: Int, c: Int }\ntype B { x: Missing }", "",
      &d);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(d.size(), 3u);
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

TEST(Schema, CloudFixture) {
  auto s = Build(ReadFile(std::string(VIGIL_TEST_DATA_DIR) +
                          "/sdl/cloud.graphql"));
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->type(s->FindType("Asset")).description,
            "Anything a connector found.");
  EXPECT_NE(s->FindRootField("vpCs"), nullptr);
  EXPECT_NE(s->FindRootField("flowLogs"), nullptr);
  EXPECT_NE(s->FindRootField("iamRoles"), nullptr);
  EXPECT_NE(s->FindRootField("accounts"), nullptr);
  EXPECT_NE(s->FindRootField("assets"), nullptr);
  EXPECT_EQ(s->root_fields().size(), 5u);
  const TypeDef& fl = s->type(s->FindType("FlowLog"));
  EXPECT_EQ(fl.properties[fl.FindProperty("arn")].kind, ScalarKind::kCustom);
  EXPECT_EQ(fl.properties[fl.FindProperty("status")].kind, ScalarKind::kEnum);
  const RelationshipDef& vpc = fl.relationships[fl.FindRelationship("vpc")];
  EXPECT_TRUE(vpc.non_null);
  EXPECT_FALSE(vpc.is_list);
  const TypeDef& acct = s->type(s->FindType("Account"));
  EXPECT_EQ(acct.relationships[0].target, s->FindType("Asset"));
  EXPECT_EQ(s->type(s->FindType("Asset")).concrete_types.size(), 3u);
}

}  // namespace
}  // namespace vigil
