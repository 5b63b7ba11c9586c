// Grammar productions and error paths of the executable and SDL parsers.
#include "src/syntax/parser.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/syntax/test_util.h"

namespace vigil::syntax {
namespace {

using testing::QueryError;
using testing::SchemaError;
using testing::V;
using testing::ValueError;

ast::ExecutableDocument Q(std::string_view text) {
  Diagnostics d;
  auto r = ParseExecutable(text, "q", {}, &d);
  EXPECT_TRUE(r.ok()) << text << "\n" << r.status();
  return r.ok() ? std::move(*r) : ast::ExecutableDocument{};
}

ast::SchemaDocument S(std::string_view text) {
  Diagnostics d;
  auto r = ParseSchema(text, "s", {}, &d);
  EXPECT_TRUE(r.ok()) << text << "\n" << r.status();
  return r.ok() ? std::move(*r) : ast::SchemaDocument{};
}

// ---- values ----

TEST(ParseValue, AllKinds) {
  EXPECT_EQ(V("true").kind, ast::ValueKind::kBoolean);
  EXPECT_TRUE(V("true").bool_value);
  EXPECT_FALSE(V("false").bool_value);
  EXPECT_EQ(V("null").kind, ast::ValueKind::kNull);
  EXPECT_EQ(V("True").kind, ast::ValueKind::kEnum);
  EXPECT_EQ(V("ACTIVE").text, "ACTIVE");
  ast::Value obj = V("{a: 1 b: [x, \"y\"], a: {}}");
  ASSERT_EQ(obj.kind, ast::ValueKind::kObject);
  ASSERT_EQ(obj.fields.size(), 3u);  // duplicates kept
  EXPECT_EQ(obj.FindField("a")->value->int_value, 1);
  EXPECT_EQ(obj.FindField("b")->value->list[1].text, "y");
  EXPECT_EQ(obj.FindField("zz"), nullptr);
  EXPECT_EQ(obj.fields[1].name_span.column, 7u);
  EXPECT_EQ(obj.span.begin, 0u);
  EXPECT_EQ(obj.span.end, 25u);
  EXPECT_TRUE(V("[]").list.empty());
  EXPECT_TRUE(V("{}").fields.empty());
}

TEST(ParseValue, Variables) {
  ast::Value v = V("{a: $x}", /*allow_variables=*/true);
  EXPECT_EQ(v.fields[0].value->kind, ast::ValueKind::kVariable);
  EXPECT_EQ(v.fields[0].value->text, "x");
}

// Located syntax errors ("input -> code at line:col") are records of
// tests/data/diagnostics/syntax.test; the tests here check more than that.

// ---- stored form ----

TEST(ParseExecutable, StoredFormSeedCheck) {
  auto doc = Q(
      "vpcs(where: {OR: [{hasFlowLog: null}, {hasFlowLog_NONE: "
      "{flowLogStatus: \"ACTIVE\"}}]}){...AssetFragment}");
  EXPECT_TRUE(doc.stored_form);
  ASSERT_EQ(doc.operations.size(), 1u);
  const auto& op = doc.operations[0];
  EXPECT_EQ(op.kind, ast::OperationDefinition::Kind::kQuery);
  EXPECT_TRUE(op.name.empty());
  ASSERT_EQ(op.selection_set.selections.size(), 1u);
  const ast::Selection& root = op.selection_set.selections[0];
  EXPECT_EQ(root.name, "vpcs");
  ASSERT_EQ(root.arguments.size(), 1u);
  EXPECT_EQ(root.FindArgument("where")->value.FindField("OR")->value->list.size(),
            2u);
  ASSERT_TRUE(root.has_selection_set);
  ASSERT_EQ(root.selection_set.selections.size(), 1u);
  EXPECT_EQ(root.selection_set.selections[0].kind,
            ast::Selection::Kind::kFragmentSpread);
  EXPECT_EQ(root.selection_set.selections[0].name, "AssetFragment");
  EXPECT_TRUE(doc.fragments.empty());
}

TEST(ParseExecutable, StoredFormWithAliasDirectivesAndFragments) {
  auto doc = Q(
      "# leading comment\n"
      "all: vpcs @include(if: true) {\n"
      "  id\n"
      "  ... on Vpc { cidrBlock }\n"
      "  ... @skip(if: $s) { name }\n"
      "}\n"
      "fragment A on Asset { id }\n"
      "fragment B on Vpc @x { ...A }\n");
  EXPECT_TRUE(doc.stored_form);
  const ast::Selection& root = doc.operations[0].selection_set.selections[0];
  EXPECT_EQ(root.alias, "all");
  EXPECT_EQ(root.name, "vpcs");
  EXPECT_EQ(root.ResponseKey(), "all");
  EXPECT_EQ(root.span.line, 2u);
  EXPECT_EQ(root.name_span.column, 6u);
  ASSERT_EQ(root.directives.size(), 1u);
  EXPECT_EQ(root.directives[0].name, "include");
  const auto& sels = root.selection_set.selections;
  ASSERT_EQ(sels.size(), 3u);
  EXPECT_EQ(sels[1].kind, ast::Selection::Kind::kInlineFragment);
  EXPECT_EQ(sels[1].type_condition, "Vpc");
  EXPECT_EQ(sels[1].type_condition_span.line, 4u);
  EXPECT_EQ(sels[1].type_condition_span.column, 10u);
  EXPECT_EQ(sels[2].kind, ast::Selection::Kind::kInlineFragment);
  EXPECT_TRUE(sels[2].type_condition.empty());
  EXPECT_EQ(sels[2].directives[0].arguments[0].value.kind,
            ast::ValueKind::kVariable);
  ASSERT_EQ(doc.fragments.size(), 2u);
  EXPECT_EQ(doc.fragments[1].name, "B");
  EXPECT_EQ(doc.fragments[1].type_condition, "Vpc");
  EXPECT_EQ(doc.fragments[1].directives.size(), 1u);
  EXPECT_EQ(doc.fragments[1].span.line, 8u);
}

TEST(ParseExecutable, StoredFormWithoutSelectionSet) {
  auto doc = Q("vpcs");
  const ast::Selection& root = doc.operations[0].selection_set.selections[0];
  EXPECT_FALSE(root.has_selection_set);
}

// ---- documents ----

TEST(ParseExecutable, ShorthandDocument) {
  auto doc = Q("{ a: vpcs { id } flowLogs(where: {}) { id } }");
  EXPECT_FALSE(doc.stored_form);
  ASSERT_EQ(doc.operations.size(), 1u);
  EXPECT_EQ(doc.operations[0].selection_set.selections.size(), 2u);
}

TEST(ParseExecutable, NamedQueryWithVariables) {
  auto doc = Q(
      "query Check($x: [String!] = [\"ALL\"], $n: Int!, $o: Foo @d) @op {\n"
      "  vpcs(where: {name_IN: $x}, options: {limit: $n}) { id }\n"
      "}\n"
      "fragment F on Vpc { id }");
  ASSERT_EQ(doc.operations.size(), 1u);
  const auto& op = doc.operations[0];
  EXPECT_EQ(op.name, "Check");
  ASSERT_EQ(op.variables.size(), 3u);
  EXPECT_EQ(op.variables[0].name, "x");
  EXPECT_TRUE(op.variables[0].type.IsList());
  EXPECT_FALSE(op.variables[0].type.IsNonNull());
  EXPECT_EQ(op.variables[0].type.NamedType(), "String");
  ASSERT_TRUE(op.variables[0].default_value.has_value());
  EXPECT_EQ(op.variables[0].default_value->list[0].text, "ALL");
  EXPECT_TRUE(op.variables[1].type.IsNonNull());
  EXPECT_FALSE(op.variables[1].type.IsList());
  EXPECT_FALSE(op.variables[1].default_value.has_value());
  EXPECT_EQ(op.variables[2].directives.size(), 1u);
  EXPECT_EQ(op.directives.size(), 1u);
  EXPECT_EQ(doc.fragments.size(), 1u);
}

TEST(ParseExecutable, AnonymousQueryAndOtherOperations) {
  EXPECT_EQ(Q("query { vpcs { id } }").operations[0].name, "");
  EXPECT_EQ(Q("mutation { vpcs { id } }").operations[0].kind,
            ast::OperationDefinition::Kind::kMutation);
  EXPECT_EQ(Q("subscription S { vpcs { id } }").operations[0].kind,
            ast::OperationDefinition::Kind::kSubscription);
  EXPECT_EQ(Q("query A { a } query B { b }").operations.size(), 2u);
  EXPECT_EQ(Q("fragment F on T { a }").fragments.size(), 1u);
}

TEST(ParseExecutable, ReportsSeveralErrors) {
  Diagnostics d;
  auto r = ParseExecutable(
      "query A { a(x: ) }\nquery B { b }\nquery C { c(: 1) }\n"
      "fragment F on { x }\n",
      "q", {}, &d);
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].location.line, 1u);
  EXPECT_EQ(d[1].location.line, 3u);
  EXPECT_EQ(d[2].location.line, 4u);
  EXPECT_NE(r.status().message().find("q:1:16"), std::string::npos)
      << r.status();
}

TEST(ParseExecutable, MaxErrors) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "query { a(x: ) }\n";
  Diagnostics d;
  ParseOptions options;
  options.max_errors = 5;
  EXPECT_FALSE(ParseExecutable(text, "q", options, &d).ok());
  EXPECT_EQ(d.size(), 5u);
}

TEST(ParseExecutable, NestingLimit) {
  std::string ok = "a(x: " + std::string(63, '[') + std::string(63, ']') + ")";
  EXPECT_TRUE(ParseExecutable(ok, "q").ok());  // 63 + the parenthesis = 64
  std::string deep = "a(x: " + std::string(64, '[') + std::string(64, ']') + ")";
  EXPECT_AT(QueryError(deep), "syntax.too-deep", 1u, 69u);
  // Very deep input never overflows the stack.
  std::string huge = "a";
  for (int i = 0; i < 200000; ++i) huge += "{a";
  EXPECT_AT(QueryError(huge), "syntax.too-deep", 1u, 130u);
  std::string lists = "a(x: " + std::string(1 << 20, '[');
  EXPECT_AT(QueryError(lists), "syntax.too-deep", 1u, 69u);
  std::string types = "query($x: " + std::string(1 << 20, '[');
  EXPECT_EQ(QueryError(types).code, "syntax.too-deep");
  std::string objs = "a(x: ";
  for (int i = 0; i < 100000; ++i) objs += "{a: ";
  EXPECT_EQ(QueryError(objs).code, "syntax.too-deep");
  ParseOptions tight;
  tight.max_depth = 2;
  EXPECT_TRUE(ParseExecutable("a { b { c } }", "q", tight).ok());
  EXPECT_AT(QueryError("a { b { c { d } } }", tight), "syntax.too-deep", 1u,
            11u);
}

TEST(ParseFragments, OnlyFragments) {
  auto r = ParseFragments(
      "fragment AssetFragment on Asset { id name accountId region "
      "__typename }\nfragment X on Vpc { cidrBlock }",
      "fragments.graphql");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].selection_set.selections.size(), 5u);
  Diagnostics d;
  EXPECT_FALSE(ParseFragments("query { a }", "f", {}, &d).ok());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_AT(d[0], "syntax.unexpected-token", 1u, 1u);
  EXPECT_EQ(d[0].file, "f");
  EXPECT_TRUE(ParseFragments("", "f").ok());
}

// ---- SDL ----

TEST(ParseSchema, TypesAndFields) {
  auto doc = S(
      "\"A thing.\"\n"
      "interface Asset { id: ID! name: String }\n"
      "\"\"\"\n  Block\n  description\n\"\"\"\n"
      "type Vpc implements & Asset & Other @plural(value: \"vpcz\") {\n"
      "  \"field doc\" id: ID!\n"
      "  tags: [String!]\n"
      "  matrix(first: Int = 10 @deprecated, \"d\" after: String): [[Int]]!\n"
      "  hasFlowLog: [FlowLog!]! @relationship(type: \"HAS_FLOW_LOG\", "
      "direction: OUT)\n"
      "}\n"
      "type Empty\n"
      "enum Severity @e { \"low\" LOW MEDIUM @deprecated(reason: \"x\") HIGH }\n"
      "scalar Url @specifiedBy(url: \"https://x\")\n"
      "input Filter { a: Int = 1, b: [String] }\n"
      "union U = | A | B\n");
  ASSERT_EQ(doc.types.size(), 7u);
  const auto& asset = doc.types[0];
  EXPECT_EQ(asset.kind, ast::TypeDefinition::Kind::kInterface);
  EXPECT_EQ(asset.description, "A thing.");
  EXPECT_EQ(asset.span.line, 1u);
  EXPECT_EQ(asset.name_span.line, 2u);
  const auto& vpc = doc.types[1];
  EXPECT_EQ(vpc.description, "Block\ndescription");
  ASSERT_EQ(vpc.interfaces.size(), 2u);
  EXPECT_EQ(vpc.interfaces[1].name, "Other");
  EXPECT_NE(vpc.FindDirective("plural"), nullptr);
  ASSERT_EQ(vpc.fields.size(), 4u);
  EXPECT_EQ(vpc.fields[0].description, "field doc");
  EXPECT_EQ(vpc.fields[0].name_span.line, 8u);
  EXPECT_EQ(vpc.fields[0].name_span.column, 15u);
  EXPECT_TRUE(vpc.fields[1].type.IsList());
  EXPECT_FALSE(vpc.fields[1].type.IsNonNull());
  EXPECT_EQ(vpc.fields[1].type.inner->kind, ast::TypeRef::Kind::kNonNull);
  ASSERT_EQ(vpc.fields[2].arguments.size(), 2u);
  EXPECT_EQ(vpc.fields[2].arguments[0].default_value->int_value, 10);
  EXPECT_EQ(vpc.fields[2].arguments[1].description, "d");
  EXPECT_EQ(vpc.fields[2].type.NamedType(), "Int");
  const ast::Directive* rel = vpc.fields[3].FindDirective("relationship");
  ASSERT_NE(rel, nullptr);
  EXPECT_EQ(rel->FindArgument("type")->value.text, "HAS_FLOW_LOG");
  EXPECT_EQ(rel->FindArgument("direction")->value.kind, ast::ValueKind::kEnum);
  EXPECT_TRUE(doc.types[2].fields.empty());
  EXPECT_EQ(doc.types[3].enum_values.size(), 3u);
  EXPECT_EQ(doc.types[3].enum_values[0].description, "low");
  EXPECT_EQ(doc.types[4].kind, ast::TypeDefinition::Kind::kScalar);
  EXPECT_EQ(doc.types[5].input_fields.size(), 2u);
  EXPECT_EQ(doc.types[6].union_members.size(), 2u);
}

TEST(ParseSchema, SchemaDirectiveAndExtensions) {
  auto doc = S(
      "schema @a { query: Q mutation: M }\n"
      "\"doc\" directive @relationship(type: String!, direction: "
      "RelationshipDirection!, properties: String) repeatable on | "
      "FIELD_DEFINITION | OBJECT\n"
      "extend type Vpc implements Asset @x { extra: Int }\n"
      "extend schema @b\n");
  ASSERT_EQ(doc.schema_definitions.size(), 2u);
  EXPECT_EQ(doc.schema_definitions[0].operation_types.size(), 2u);
  EXPECT_EQ(doc.schema_definitions[0].operation_types[0].first, "query");
  EXPECT_EQ(doc.schema_definitions[0].operation_types[0].second.name, "Q");
  ASSERT_EQ(doc.directive_definitions.size(), 1u);
  EXPECT_EQ(doc.directive_definitions[0].arguments.size(), 3u);
  EXPECT_TRUE(doc.directive_definitions[0].repeatable);
  EXPECT_EQ(doc.directive_definitions[0].locations.size(), 2u);
  ASSERT_EQ(doc.types.size(), 1u);
  EXPECT_TRUE(doc.types[0].is_extension);
}

TEST(ParseSchema, RecoversAtNextDefinition) {
  Diagnostics d;
  auto r = ParseSchema(
      "type A { a Int }\n"
      "type B { type: Int }\n"  // a field named `type` is fine
      "type C { c: }\n"
      "enum E { X }\n",
      "s", {}, &d);
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].location.line, 1u);
  EXPECT_EQ(d[1].location.line, 3u);
}

TEST(ParseSchema, EmptyIsFine) {
  EXPECT_TRUE(S("  # nothing\n").types.empty());
}

}  // namespace
}  // namespace vigil::syntax
