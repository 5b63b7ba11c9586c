// The checker: every refusal of query-language.md §2 is a located error,
// with a suggestion where a close name exists; variables are typed.
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "vigil/json_loader.h"
#include "vigil/query.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class CompilerTest : public ::testing::Test {
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

  // Compiles `q` and expects a refusal whose diagnostic has `code`, located
  // at line:col, with `text` in its message.
  void ExpectError(const std::string& q, const std::string& code, int line, int col,
                   const std::string& text = "") {
    Diagnostics diags;
    auto r = Query::Compile(schema_, q, opts_, &diags);
    ASSERT_FALSE(r.ok()) << "compiled: " << q;
    ASSERT_FALSE(diags.empty()) << q;
    const Diagnostic& d = diags[0];
    EXPECT_EQ(d.code, code) << q << "\n" << d.ToString();
    EXPECT_EQ(d.location.line, static_cast<uint32_t>(line)) << d.ToString();
    EXPECT_EQ(d.location.column, static_cast<uint32_t>(col)) << d.ToString();
    if (!text.empty()) {
      EXPECT_THAT(d.message, HasSubstr(text)) << d.ToString();
    }
    EXPECT_THAT(std::string(r.status().message()), HasSubstr("check.graphql:"));
  }

  std::string Run(const std::string& q, const Value& vars = Value()) {
    auto c = Query::Compile(schema_, q, opts_);
    EXPECT_TRUE(c.ok()) << c.status();
    if (!c.ok()) return "";
    auto r = (*c)->Evaluate(*graph_, vars);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->ToJson() : std::string(r.status().message());
  }

  std::shared_ptr<const Schema> schema_;
  std::shared_ptr<const Graph> graph_;
  CompileOptions opts_;
};

TEST_F(CompilerTest, UnknownNamesAreLocatedWithSuggestions) {
  ExpectError("vpc { id }", "check.unknown-root-field", 1, 1, "Did you mean \"vpcs\"");
  ExpectError("vpcs { id nmae }", "check.unknown-field", 1, 11, "Did you mean \"name\"");
  ExpectError("vpcs(where: {nme: \"a\"}) { id }", "check.unknown-key", 1, 14,
              "Did you mean \"name\"");
  ExpectError("vpcs(wher: {}) { id }", "check.unknown-argument", 1, 6, "Did you mean \"where\"");
  ExpectError("vpcs(where: {hasFlowLog: {flowLogStats: \"ACTIVE\"}}) { id }",
              "check.unknown-key", 1, 27, "flowLogStatus");
  ExpectError("vpcs(where: {hasFlowLog_NONE: {flowLogStatus: \"ACTIVE\"}}) {\n  id\n  ...AsetFragment\n}",
              "check.unknown-fragment", 3, 6, "AssetFragment");
}

// The other refusals ("query -> code at line:col") are records of
// tests/data/diagnostics/check.test.

TEST_F(CompilerTest, Variables) {
  // Stored-form variables take their types from their uses.
  auto q = Query::Compile(schema_, "vpcs(where: {name_IN: $names, isDefault: $d}) { id }", opts_);
  ASSERT_TRUE(q.ok()) << q.status();
  ASSERT_EQ((*q)->variables().size(), 2u);
  EXPECT_EQ((*q)->variables()[0].name, "d");
  EXPECT_EQ((*q)->variables()[0].type, "Boolean");
  EXPECT_EQ((*q)->variables()[1].name, "names");
  EXPECT_EQ((*q)->variables()[1].type, "[String]");
  // A variable with neither value nor default fails before evaluation.
  auto r = (*q)->Evaluate(*graph_, Value(Value::Object{{"names", Value(Value::Array{Value("ab")})}}));
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("$d"));
  // Ill-typed variable values are refused before evaluation.
  r = (*q)->Evaluate(*graph_, Value(Value::Object{{"names", Value(1)}, {"d", Value(true)}}));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(Run("vpcs(where: {name_IN: $names, isDefault: $d}) { id }",
                Value(Value::Object{{"names", Value(Value::Array{Value("ab"), Value("no-logs")})},
                                    {"d", Value(true)}})),
            R"([{"id":"vpc-none"}])");
  // Enum values arrive as strings in variables.
  EXPECT_EQ(Run("vpcs(where: {severity: $s}) { id }", Value(Value::Object{{"s", Value("LOW")}})),
            R"([{"id":"vpc-active"}])");
  // A whole where object as a variable.
  EXPECT_EQ(Run("vpcs(where: $w) { id }",
                Value(Value::Object{{"w", Value(Value::Object{{"name", Value("ab")}})}})),
            R"([{"id":"vpc-mixed"}])");
  // Declared defaults.
  EXPECT_EQ(Run("query($n: String = \"half\") { vpcs(where: {name: $n}) { id } }"),
            R"({"vpcs":[{"id":"vpc-half"}]})");
}

TEST_F(CompilerTest, SkippedStoredRootGivesNoRows) {
  EXPECT_EQ(Run("vpcs @skip(if: true) { id }"), "[]");
  EXPECT_EQ(Run("vpcs @include(if: $go) { id }", Value(Value::Object{{"go", Value(false)}})), "[]");
  EXPECT_EQ(Run("vpcs(where: {name: \"ab\"}) @include(if: $go) { id }",
                Value(Value::Object{{"go", Value(true)}})),
            R"([{"id":"vpc-mixed"}])");
}

TEST_F(CompilerTest, VariablesInsideListsAndAtSeveralTypes) {
  EXPECT_EQ(Run("query($a: String) { vpcs(where: {name_IN: [\"half\", $a]}) { id } }",
                Value(Value::Object{{"a", Value("ab")}})),
            R"({"vpcs":[{"id":"vpc-mixed"},{"id":"vpc-half"}]})");
  // Boolean! fits both a Boolean filter and @include(if: Boolean!).
  EXPECT_EQ(Run("query($b: Boolean!) { vpcs(where: {isDefault: $b}) @include(if: $b) { id } }",
                Value(Value::Object{{"b", Value(true)}})),
            R"({"vpcs":[{"id":"vpc-none"}]})");
}

TEST_F(CompilerTest, VariableValuesAreChecked) {
  auto q = Query::Compile(schema_, "query($n: [String!]) { vpcs(where: {name_IN: $n}) { id } }", opts_);
  ASSERT_TRUE(q.ok()) << q.status();
  auto r = (*q)->Evaluate(*graph_, Value(Value::Object{{"n", Value(Value::Array{Value("a"), Value()})}}));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("$n"));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("1:7"));
}

TEST_F(CompilerTest, SingleRelationshipsTakeOnlyWhere) {
  // (offset: on a single relationship: check.unknown-argument, check.test)
  EXPECT_EQ(Run("flowLogs(where: {id: \"fl-a1\"}) { vpc(where: {name: \"Prod-2\"}) { id } }"),
            R"([{"vpc":{"id":"vpc-failed"}}])");
}

TEST_F(CompilerTest, FragmentExpansionIsBounded) {
  // Each fragment nests 40 levels and spreads the previous one: within the
  // parser's limit per text, far beyond it once expanded.
  std::string text = "vpcs { ...F9 }\n";
  for (int i = 0; i <= 9; ++i) {
    std::string body;
    for (int d = 0; d < 20; ++d) body += "owner { vpcs { ";
    body += i == 0 ? "id" : "...F" + std::to_string(i - 1);
    for (int d = 0; d < 20; ++d) body += " } }";
    text += "fragment F" + std::to_string(i) + " on Vpc { " + body + " }\n";
  }
  Diagnostics diags;
  auto q = Query::Compile(schema_, text, opts_, &diags);
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(diags[0].code, "check.too-deep");
  // Two spreads per level double the plan each time: refused, not built.
  text = "vpcs { ...G24 }\nfragment G0 on Vpc { id }\n";
  for (int i = 1; i <= 24; ++i) {
    std::string p = "G" + std::to_string(i - 1);
    text += "fragment G" + std::to_string(i) + " on Vpc { a: peers { ..." + p + " } b: peers { ..." +
            p + " } }\n";
  }
  diags.clear();
  q = Query::Compile(schema_, text, opts_, &diags);
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(diags[0].code, "check.too-large");
}

TEST_F(CompilerTest, GraphOfAnotherSchemaShapeIsRefused) {
  std::string dir = std::string(VIGIL_TEST_DATA_DIR) + "/conformance/";
  std::string sdl = ReadAll(dir + "schema.graphql");
  // Same type names and field counts, a different relationship target.
  std::string other = sdl;
  other.replace(other.find("owner: Account"), 14, "owner: Vpc    ");
  auto s2 = Schema::FromSdl(other, "other.graphql");
  ASSERT_TRUE(s2.ok()) << s2.status();
  auto g2 = LoadGraphJson(R"({"assets": [{"id": "v", "type": "Vpc"}]})", *s2);
  ASSERT_TRUE(g2.ok()) << g2.status();
  auto q = Query::Compile(schema_, "vpcs { owner { id } }", opts_);
  ASSERT_TRUE(q.ok());
  auto r = (*q)->Evaluate(**g2);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("different schema"));
  // An equal schema parsed separately is fine.
  auto s3 = Schema::FromSdl(sdl, "again.graphql");
  auto g3 = LoadGraphJson(R"({"assets": [{"id": "v", "type": "Vpc"}]})", *s3);
  ASSERT_TRUE(g3.ok());
  r = (*q)->Evaluate(**g3);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->ToJson(), R"([{"owner":null}])");
}

TEST_F(CompilerTest, CoveredTypes) {
  auto q = Query::Compile(
      schema_, "vpcs(where: {hasFlowLog_NONE: {flowLogStatus: \"ACTIVE\"}}){...AssetFragment}", opts_);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ((*q)->covered_types(), (std::vector<std::string>{"FlowLog", "Vpc"}));
  q = Query::Compile(schema_, "assets { id }", opts_);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ((*q)->covered_types(), (std::vector<std::string>{"Account", "FlowLog", "Vpc"}));
}

TEST_F(CompilerTest, AbsentConstantIsFalseNotAnError) {
  EXPECT_EQ(Run("vpcs(where: {name: \"no-such-name\"}) { id }"), "[]");
  EXPECT_EQ(Run("vpcs(where: {name_NOT: \"no-such-name\", name_STARTS_WITH: \"p\"}) { id }"),
            R"([{"id":"vpc-active"}])");
  EXPECT_EQ(Run("vpcs(where: {id: \"fl-a1\"}) { id }"), "[]");
  EXPECT_EQ(Run("vpcs(where: {id_IN: [\"fl-a1\", \"vpc-bare\"]}) { id }"), R"([{"id":"vpc-bare"}])");
}

TEST_F(CompilerTest, DiagnosticsShowTheLineAndCaret) {
  Diagnostics diags;
  auto r = Query::Compile(schema_, "vpcs(where: {\n  nme: \"ab\"\n}) { id }", opts_, &diags);
  ASSERT_FALSE(r.ok());
  std::string text = diags[0].ToString();
  EXPECT_THAT(text, HasSubstr("check.graphql:2:3"));
  EXPECT_THAT(text, HasSubstr("  nme: \"ab\""));
  EXPECT_THAT(text, HasSubstr("^"));
}

}  // namespace
}  // namespace vigil
