// The rules of the GraphQL specification's Validation section that apply
// to this dialect (query-language.md §1-§2), each with a document it
// refuses (located, with its code) and one it accepts; and fragments
// spread at the root of a document.
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "vigil/json_loader.h"
#include "vigil/query.h"

namespace vigil {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ValidationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = std::string(VIGIL_TEST_DATA_DIR) + "/conformance/";
    auto s = Schema::FromSdl(ReadAll(dir + "schema.graphql"), "schema.graphql");
    ASSERT_TRUE(s.ok()) << s.status();
    schema_ = *s;
    auto f = FragmentLibrary::Parse(ReadAll(dir + "fragments.graphql"), "fragments.graphql");
    ASSERT_TRUE(f.ok()) << f.status();
    opts_.fragments.push_back(*f);
    opts_.file_name = "check.graphql";
    auto g = LoadGraphJson(ReadAll(dir + "curated-graph.json"), schema_);
    ASSERT_TRUE(g.ok()) << g.status();
    graph_ = *g;
  }

  void Refused(const std::string& q, const std::string& code, int line, int col) {
    Diagnostics diags;
    auto r = Query::Compile(schema_, q, opts_, &diags);
    ASSERT_FALSE(r.ok()) << "compiled: " << q;
    ASSERT_FALSE(diags.empty()) << q;
    EXPECT_EQ(diags[0].code, code) << q << "\n" << diags[0].ToString();
    EXPECT_EQ(diags[0].location.line, static_cast<uint32_t>(line)) << diags[0].ToString();
    EXPECT_EQ(diags[0].location.column, static_cast<uint32_t>(col)) << diags[0].ToString();
  }

  std::string Run(const std::string& q, const char* vars = "{}") {
    auto c = Query::Compile(schema_, q, opts_);
    EXPECT_TRUE(c.ok()) << q << ": " << c.status();
    if (!c.ok()) return "";
    auto r = (*c)->Evaluate(*graph_, Value::ParseJson(vars).value());
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->ToJson() : "";
  }

  std::shared_ptr<const Schema> schema_;
  std::shared_ptr<const Graph> graph_;
  CompileOptions opts_;
};

// 5.5.1.4 Fragments Must Be Used.
TEST_F(ValidationTest, FragmentsMustBeUsed) {
  Refused("{ vpcs { id } }\nfragment Unused on Vpc { name }", "check.unused-fragment", 2, 10);
  // A fragment spread only by an unused fragment is unused too.
  Refused("{ vpcs { id } } fragment A on Vpc { ...B } fragment B on Vpc { id }",
          "check.unused-fragment", 1, 26);
  EXPECT_EQ(Run("{ vpcs(limit: 1) { ...Used } } fragment Used on Vpc { id }"),
            R"({"vpcs":[{"id":"vpc-none"}]})");
  // A library's fragments need not be used.
  EXPECT_EQ(Run("{ vpcs(limit: 1) { id } }"), R"({"vpcs":[{"id":"vpc-none"}]})");
}

// 5.8.4 All Variables Used.
TEST_F(ValidationTest, AllVariablesUsed) {
  Refused("query($unused: String) { vpcs { id } }", "check.unused-variable", 1, 7);
  Refused("query($a: Int, $b: Int) {\n  vpcs(limit: $a) { id }\n}", "check.unused-variable", 1,
          16);
  // Used in a directive, in a fragment or in options: used.
  EXPECT_EQ(Run("query($s: Boolean!, $n: ID) { vpcs(limit: 1) { id @skip(if: $s) ...N } }"
                " fragment N on Vpc { hasFlowLog(where: {id: $n}) { id } }",
                R"({"s": true, "n": "x"})"),
            R"({"vpcs":[{"hasFlowLog":[]}]})");
}

// 5.7.3 Directives Are Unique Per Location.
TEST_F(ValidationTest, DirectivesAreUniquePerLocation) {
  Refused("{ vpcs { id @skip(if: false) @skip(if: true) } }", "check.repeated-directive", 1,
          30);
  Refused("{ vpcs { ... on Vpc @include(if: true) @include(if: true) { id } } }",
          "check.repeated-directive", 1, 40);
  EXPECT_EQ(Run("{ vpcs(limit: 1) { id @skip(if: false) @include(if: true) } }"),
            R"({"vpcs":[{"id":"vpc-none"}]})");
}

// 5.7.2 Directives Are In Valid Locations.
TEST_F(ValidationTest, DirectivesAreInValidLocations) {
  Refused("query @skip(if: true) { vpcs { id } }", "check.directive-location", 1, 7);
  Refused("query($n: Int @include(if: true)) { vpcs(limit: $n) { id } }",
          "check.directive-location", 1, 15);
  Refused("{ vpcs { ...F } } fragment F on Vpc @skip(if: true) { id }",
          "check.directive-location", 1, 37);
  // 5.7.1 Directives Are Defined.
  Refused("{ vpcs { id @deprecated } }", "check.unknown-directive", 1, 13);
  EXPECT_EQ(Run("{ vpcs(limit: 1) { ...F @include(if: true) } } fragment F on Vpc { id }"),
            R"({"vpcs":[{"id":"vpc-none"}]})");
}

// 5.8.5 All Variable Usages Are Allowed: the elements of AND/OR are
// non-null ([VpcWhere!]), so a nullable variable without a default cannot
// stand for one; NOT takes a nullable VpcWhere.
TEST_F(ValidationTest, NullableVariableInANonNullListElement) {
  Refused("query($w: VpcWhere) { vpcs(where: {AND: [$w]}) { id } }", "check.variable-type", 1,
          42);
  Refused("query($w: FlowLogWhere) { vpcs(where: {hasFlowLog_SOME: {OR: [$w]}}) { id } }",
          "check.variable-type", 1, 63);
  Refused("query($w: VpcWhere) { vpcs(where: {AND: $w}) { id } }", "check.variable-type", 1, 41);
  EXPECT_EQ(Run("query($w: VpcWhere!) { vpcs(where: {AND: [$w]}) { id } }",
                R"({"w": {"name": "half"}})"),
            R"({"vpcs":[{"id":"vpc-half"}]})");
  EXPECT_EQ(Run("query($w: VpcWhere = {name: \"half\"}) { vpcs(where: {AND: [$w]}) { id } }"),
            R"({"vpcs":[{"id":"vpc-half"}]})");
  EXPECT_EQ(Run("query($w: VpcWhere) { vpcs(where: {NOT: $w, name: \"half\"}) { id } }",
                R"({"w": null})"),
            R"({"vpcs":[{"id":"vpc-half"}]})");
}

TEST_F(ValidationTest, FragmentsAtTheRoot) {
  EXPECT_EQ(Run("{ ...Q } fragment Q on Query { accounts { id } }"),
            R"({"accounts":[{"id":"acct-1"}]})");
  // Inline, nested, with directives (constant and variable), merged with
  // the root's own fields.
  EXPECT_EQ(Run("query($s: Boolean!) { a: vpcs(limit: 1) { id } ...Q @include(if: $s)"
                " ... on Query { ... { n: accounts { id } } } }"
                " fragment Q on Query { ...R } fragment R on Query { accounts { id } }",
                R"({"s": false})"),
            R"({"a":[{"id":"vpc-none"}],"n":[{"id":"acct-1"}]})");
  EXPECT_EQ(Run("query($s: Boolean!) { ...Q @include(if: $s) } fragment Q on Query"
                " { accounts { id } }",
                R"({"s": true})"),
            R"({"accounts":[{"id":"acct-1"}]})");
  Refused("{ ...Q } fragment Q on Vpc { id }", "check.fragment-never-applies", 1, 6);
  Refused("{ ... on Vpc { id } }", "check.fragment-never-applies", 1, 10);
  Refused("{ ...Q } fragment Q on Query { ...Q }", "check.fragment-cycle", 1, 35);
  Refused("{ ...Nope }", "check.unknown-fragment", 1, 6);
  Refused("{ ...Q } fragment Q on Query { nope { id } }", "check.unknown-root-field", 1, 32);
}

// Root xsAggregate and xsConnection selections (query-language.md §5).
TEST_F(ValidationTest, RootAggregateSelections) {
  EXPECT_EQ(Run("vpcsAggregate(where: {name: \"zz\"}) { count }"), R"({"count":0})");
  EXPECT_EQ(Run("query($w: VpcWhere, $s: Boolean!) { vpcsAggregate(where: $w) { count"
                " ... on VpcAggregateSelection { n: name { longest __typename } }"
                " name { shortest @include(if: $s) } ...A } }"
                " fragment A on VpcAggregateSelection { score { max } }",
                R"({"w": {"accountId": "111"}, "s": true})"),
            R"({"vpcsAggregate":{"count":2,"n":{"longest":"no-logs",)"
            R"("__typename":"StringAggregateSelection"},"name":{"shortest":"prod-1"},)"
            R"("score":{"max":2}}})");
  Refused("{ vpcsAggregate { count { x } } }", "check.selection-on-scalar", 1, 25);
  Refused("{ vpcsAggregate { name } }", "check.missing-selection", 1, 19);
  Refused("{ vpcsAggregate { name { min } } }", "check.unknown-field", 1, 26);
  Refused("{ vpcsAggregate { tags { shortest } } }", "check.unknown-field", 1, 19);
  Refused("{ vpcsAggregate(options: {limit: 1}) { count } }", "check.unknown-argument", 1, 17);
  Refused("{ vpcsAggregate { ... on Vpc { id } } }", "check.fragment-never-applies", 1, 26);
  Refused("{ vpcsAggregate { c: count c: name { longest } } }", "check.field-conflict", 1, 28);
  Refused("{ vpcsAggregate }", "check.missing-selection", 1, 3);
}

TEST_F(ValidationTest, RootConnectionSelections) {
  EXPECT_EQ(Run("query($n: Int) { vpcsConnection(first: $n, sort: [{name: ASC}]) {"
                " totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }",
                R"({"n": 1})"),
            R"({"vpcsConnection":{"totalCount":6,"edges":[{"node":{"name":"Prod-2"}}],)"
            R"("pageInfo":{"hasNextPage":true,"endCursor":"YXJyYXljb25uZWN0aW9uOjA="}}})");
  // Past the end: no edges, no cursors.
  EXPECT_EQ(Run("{ vpcsConnection(after: \"YXJyYXljb25uZWN0aW9uOjk=\") { totalCount edges {"
                " cursor } pageInfo { hasNextPage hasPreviousPage startCursor } } }"),
            R"({"vpcsConnection":{"totalCount":6,"edges":[],)"
            R"("pageInfo":{"hasNextPage":false,"hasPreviousPage":true,"startCursor":null}}})");
  Refused("{ vpcsConnection(after: \"eA==\") { totalCount } }", "check.bad-cursor", 1, 25);
  Refused("query($a: String) { vpcsConnection(after: $a) { totalCount } }",
          "check.unsupported", 1, 43);
  Refused("{ vpcsConnection { edges { node { nope } } } }", "check.unknown-field", 1, 35);
  Refused("{ vpcsConnection { a: edges { node { id } } b: edges { node { id } } } }",
          "check.unsupported", 1, 56);
}

TEST_F(ValidationTest, DirectedArgument) {
  EXPECT_EQ(Run("{ vpcs(where: {id: \"vpc-active\"}) { hasFlowLog(directed: true) { id } } }"),
            R"({"vpcs":[{"hasFlowLog":[{"id":"fl-a1"}]}]})");
  // directed: false follows HAS_FLOW_LOG both ways: fl-a1 has no outgoing
  // HAS_FLOW_LOG edge to a FlowLog, so the same flow log comes back.
  EXPECT_EQ(Run("{ vpcs(where: {id: \"vpc-active\"}) { hasFlowLog(directed: false) { id } } }"),
            R"({"vpcs":[{"hasFlowLog":[{"id":"fl-a1"}]}]})");
  EXPECT_EQ(Run("{ vpcs(where: {id: \"vpc-none\"}) { peers(directed: false) { id } "
                "peersAggregate(directed: false) { count } "
                "peersConnection(directed: false) { totalCount } } }"),
            R"({"vpcs":[{"peers":[{"id":"vpc-mixed"}],"peersAggregate":{"count":1},)"
            R"("peersConnection":{"totalCount":1}}]})");
  EXPECT_EQ(Run("{ vpcs(where: {id: \"vpc-none\"}) { peers(directed: null) { id } } }"),
            R"({"vpcs":[{"peers":[]}]})");
  const std::string with_variable =
      "query($d: Boolean) { vpcs(where: {id: \"vpc-none\"}) { peers(directed: $d) { id } "
      "peersAggregate(directed: $d) { count } } }";
  EXPECT_EQ(Run(with_variable, R"({"d": false})"),
            R"({"vpcs":[{"peers":[{"id":"vpc-mixed"}],"peersAggregate":{"count":1}}]})");
  EXPECT_EQ(Run(with_variable, R"({"d": null})"),
            R"({"vpcs":[{"peers":[],"peersAggregate":{"count":0}}]})");
  Refused("{ vpcs { hasFlowLog(directed: 1) { id } } }", "check.type-mismatch", 1, 31);
  Refused("{ vpcs { peersAggregate(directed: \"no\") { count } } }", "check.type-mismatch", 1,
          35);
}

}  // namespace
}  // namespace vigil
