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

class CheckerTest : public ::testing::Test {
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

  // The error of evaluating `q` with `vars` (it must compile and fail).
  std::string EvalError(const std::string& q, const Value& vars) {
    auto c = Query::Compile(schema_, q, opts_);
    EXPECT_TRUE(c.ok()) << c.status();
    if (!c.ok()) return "";
    auto r = (*c)->Evaluate(*graph_, vars);
    EXPECT_FALSE(r.ok()) << q << " with " << vars.ToJson() << " gave " << r->ToJson();
    return r.ok() ? "" : std::string(r.status().message());
  }

  // A query with variables, bound to `vars`, selects what the query written
  // with those values as literals selects.
  void ExpectSame(const std::string& with_vars, const char* vars_json,
                  const std::string& literal) {
    std::string got = Run(with_vars, Value::ParseJson(vars_json).value());
    std::string want = Run(literal);
    EXPECT_EQ(got, want) << with_vars << " with " << vars_json << "\nvs " << literal;
    EXPECT_FALSE(want.empty());
  }

  std::shared_ptr<const Schema> schema_;
  std::shared_ptr<const Graph> graph_;
  CompileOptions opts_;
};

TEST_F(CheckerTest, UnknownNamesAreLocatedWithSuggestions) {
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

TEST_F(CheckerTest, Variables) {
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

TEST_F(CheckerTest, SkippedStoredRootGivesNoRows) {
  EXPECT_EQ(Run("vpcs @skip(if: true) { id }"), "[]");
  EXPECT_EQ(Run("vpcs @include(if: $go) { id }", Value(Value::Object{{"go", Value(false)}})), "[]");
  EXPECT_EQ(Run("vpcs(where: {name: \"ab\"}) @include(if: $go) { id }",
                Value(Value::Object{{"go", Value(true)}})),
            R"([{"id":"vpc-mixed"}])");
}

TEST_F(CheckerTest, VariablesInsideListsAndAtSeveralTypes) {
  EXPECT_EQ(Run("query($a: String) { vpcs(where: {name_IN: [\"half\", $a]}) { id } }",
                Value(Value::Object{{"a", Value("ab")}})),
            R"({"vpcs":[{"id":"vpc-mixed"},{"id":"vpc-half"}]})");
  // Boolean! fits both a Boolean filter and @include(if: Boolean!).
  EXPECT_EQ(Run("query($b: Boolean!) { vpcs(where: {isDefault: $b}) @include(if: $b) { id } }",
                Value(Value::Object{{"b", Value(true)}})),
            R"({"vpcs":[{"id":"vpc-none"}]})");
}

TEST_F(CheckerTest, VariableValuesAreChecked) {
  auto q = Query::Compile(schema_, "query($n: [String!]) { vpcs(where: {name_IN: $n}) { id } }", opts_);
  ASSERT_TRUE(q.ok()) << q.status();
  auto r = (*q)->Evaluate(*graph_, Value(Value::Object{{"n", Value(Value::Array{Value("a"), Value()})}}));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("$n"));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("1:7"));
}

TEST_F(CheckerTest, SingleRelationshipsTakeOnlyWhere) {
  // (offset: on a single relationship: check.unknown-argument, check.test)
  EXPECT_EQ(Run("flowLogs(where: {id: \"fl-a1\"}) { vpc(where: {name: \"Prod-2\"}) { id } }"),
            R"([{"vpc":{"id":"vpc-failed"}}])");
}

TEST_F(CheckerTest, FragmentExpansionIsBounded) {
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

TEST_F(CheckerTest, GraphOfAnotherSchemaShapeIsRefused) {
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

TEST_F(CheckerTest, CoveredTypes) {
  auto q = Query::Compile(
      schema_, "vpcs(where: {hasFlowLog_NONE: {flowLogStatus: \"ACTIVE\"}}){...AssetFragment}", opts_);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ((*q)->covered_types(), (std::vector<std::string>{"FlowLog", "Vpc"}));
  q = Query::Compile(schema_, "assets { id }", opts_);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ((*q)->covered_types(), (std::vector<std::string>{"Account", "FlowLog", "Vpc"}));
}

TEST_F(CheckerTest, AbsentConstantIsFalseNotAnError) {
  EXPECT_EQ(Run("vpcs(where: {name: \"no-such-name\"}) { id }"), "[]");
  EXPECT_EQ(Run("vpcs(where: {name_NOT: \"no-such-name\", name_STARTS_WITH: \"p\"}) { id }"),
            R"([{"id":"vpc-active"}])");
  EXPECT_EQ(Run("vpcs(where: {id: \"fl-a1\"}) { id }"), "[]");
  EXPECT_EQ(Run("vpcs(where: {id_IN: [\"fl-a1\", \"vpc-bare\"]}) { id }"), R"([{"id":"vpc-bare"}])");
}

TEST_F(CheckerTest, DiagnosticsShowTheLineAndCaret) {
  Diagnostics diags;
  auto r = Query::Compile(schema_, "vpcs(where: {\n  nme: \"ab\"\n}) { id }", opts_, &diags);
  ASSERT_FALSE(r.ok());
  std::string text = diags[0].ToString();
  EXPECT_THAT(text, HasSubstr("check.graphql:2:3"));
  EXPECT_THAT(text, HasSubstr("  nme: \"ab\""));
  EXPECT_THAT(text, HasSubstr("^"));
}

// A query is planned once; each evaluation binds its values into the plan.
// Whatever a value means written as a literal, it means as a variable.
TEST_F(CheckerTest, VariablesMeanWhatTheirValuesMeanAsLiterals) {
  // A null scalar is the null form of its key.
  ExpectSame("vpcs(where: {name: $x}) { id }", R"({"x": null})", "vpcs(where: {name: null}) { id }");
  ExpectSame("vpcs(where: {name_NOT: $x}) { id }", R"({"x": null})",
             "vpcs(where: {name_NOT: null}) { id }");
  ExpectSame("vpcs(where: {name_IN: $l}) { id }", R"({"l": null})",
             "vpcs(where: {name_IN: null}) { id }");
  ExpectSame("vpcs(where: {hasFlowLog_SOME: $w}) { id }", R"({"w": null})",
             "vpcs(where: {hasFlowLog_SOME: null}) { id }");
  // A whole input object that is null or empty is dropped, as written.
  ExpectSame("vpcs(where: {OR: [$w, {name: \"ab\"}]}) { id }", R"({"w": {}})",
             "vpcs(where: {OR: [{}, {name: \"ab\"}]}) { id }");
  // An element of OR/AND is non-null ([VpcWhere!]): so is a variable
  // standing for one (GraphQL's "All Variable Usages Are Allowed").
  EXPECT_THAT(EvalError("vpcs(where: {OR: [$w, {name: \"ab\"}]}) { id }",
                        Value::ParseJson(R"({"w": null})").value()),
              HasSubstr("VpcWhere! is non-null"));
  ExpectSame("vpcs(where: {AND: $l, name_IN: [\"ab\", \"half\"]}) { id }", R"({"l": []})",
             "vpcs(where: {name_IN: [\"ab\", \"half\"]}) { id }");
  ExpectSame("vpcs(where: {NOT: $w}) { id }", R"({"w": {"OR": []}})", "vpcs { id }");
  ExpectSame("vpcs(where: {hasFlowLog_ALL: $w}) { id }", R"({"w": null})", "vpcs { id }");
  ExpectSame("vpcs(where: {hasFlowLog_SOME: {flowLogStatus: \"ACTIVE\", AND: $l}}) { id }",
             R"({"l": [{}, {"retentionDays_GT": 100}]})",
             "vpcs(where: {hasFlowLog_SOME: {flowLogStatus: \"ACTIVE\", retentionDays_GT: 100}}) { id }");
  ExpectSame("vpcs(where: {hasFlowLogConnection_SOME: {node: $w}}) { id }", R"({"w": {}})",
             "vpcs(where: {hasFlowLogConnection_SOME: {node: {}}}) { id }");
  ExpectSame("vpcs(where: $w) { id }",
             R"({"w": {"OR": [{"severity": "LOW"}, {"hasFlowLogAggregate": {"count_GT": 1}}]}})",
             "vpcs(where: {OR: [{severity: LOW}, {hasFlowLogAggregate: {count_GT: 1}}]}) { id }");
  // Aggregates with variables, lists with variables in them.
  ExpectSame("vpcs(where: {hasFlowLogAggregate: {count_GT: $n}}) { id }", R"({"n": 1.0})",
             "vpcs(where: {hasFlowLogAggregate: {count_GT: 1}}) { id }");
  ExpectSame("vpcs(where: {hasFlowLogAggregate: {AND: [{count_GTE: 1}, {node: $n}]}}) { id }",
             R"({"n": {"retentionDays_MAX_GT": 60}})",
             "vpcs(where: {hasFlowLogAggregate: {count_GTE: 1, node: {retentionDays_MAX_GT: 60}}}) { id }");
  ExpectSame("vpcs(where: {severity_IN: [LOW, $s]}) { id }", R"({"s": "HIGH"})",
             "vpcs(where: {severity_IN: [LOW, HIGH]}) { id }");
  // DateTime text is an instant (zones apply); a pattern is compiled when bound.
  ExpectSame("vpcs(where: {createdAt: $t}) { id }", R"({"t": "2024-01-01T00:00:00Z"})",
             "vpcs(where: {createdAt: \"2024-01-01T01:00:00+01:00\"}) { id }");
  ExpectSame("vpcs(where: {name_MATCHES: $p}) { id }", R"({"p": "(?i)prod-\\d"})",
             "vpcs(where: {name_MATCHES: \"(?i)prod-\\\\d\"}) { id }");
  // Pagination.
  ExpectSame("vpcs(options: {limit: $n, offset: $o, sort: $s}) { id }",
             R"({"n": 2, "o": 1, "s": {"name": "DESC"}})",
             "vpcs(options: {limit: 2, offset: 1, sort: [{name: DESC}]}) { id }");
  ExpectSame("vpcs(sort: [{name: $d}, $s], limit: $n) { id hasFlowLog(limit: $n) { id } }",
             R"({"d": "ASC", "s": {"score": "DESC"}, "n": 3})",
             "vpcs(sort: [{name: ASC}, {score: DESC}], limit: 3) { id hasFlowLog(limit: 3) { id } }");
}

TEST_F(CheckerTest, IncludeAndSkipWithVariables) {
  ExpectSame("vpcs(where: {name: \"ab\"}) { id name @include(if: $a) }", R"({"a": false})",
             "vpcs(where: {name: \"ab\"}) { id }");
  ExpectSame("vpcs(where: {name: \"ab\"}) { id name @include(if: $a) }", R"({"a": true})",
             "vpcs(where: {name: \"ab\"}) { id name }");
  // A field selected under several conditions is selected when one holds.
  const std::string twice =
      "vpcs(where: {name: \"ab\"}) { id ...F @include(if: $a) ...F @skip(if: $b) }\n"
      "fragment F on Vpc { name }";
  ExpectSame(twice, R"({"a": false, "b": false})", "vpcs(where: {name: \"ab\"}) { id name }");
  ExpectSame(twice, R"({"a": true, "b": true})", "vpcs(where: {name: \"ab\"}) { id name }");
  ExpectSame(twice, R"({"a": false, "b": true})", "vpcs(where: {name: \"ab\"}) { id }");
  // Merged relationship fields keep each part's own condition.
  const std::string merged =
      "vpcs(where: {name: \"ab\"}) { hasFlowLog @include(if: $a) { id } "
      "hasFlowLog { flowLogStatus ... on FlowLog @skip(if: $a) { name } } }";
  ExpectSame(merged, R"({"a": true})",
             "vpcs(where: {name: \"ab\"}) { hasFlowLog { id flowLogStatus } }");
  ExpectSame(merged, R"({"a": false})",
             "vpcs(where: {name: \"ab\"}) { hasFlowLog { flowLogStatus name } }");
  // Root fields.
  EXPECT_EQ(Run("query($a: Boolean!) { x: vpcs(where: {name: \"ab\"}) @skip(if: $a) { id } "
                "accounts { id } }",
                Value::ParseJson(R"({"a": true})").value()),
            R"({"accounts":[{"id":"acct-1"}]})");
  // A null condition is refused where the directive is written.
  std::string err = EvalError("query($a: Boolean = true) { vpcs { id @include(if: $a) } }",
                              Value::ParseJson(R"({"a": null})").value());
  EXPECT_THAT(err, HasSubstr("check.graphql:1:52"));
  EXPECT_THAT(err, HasSubstr("@include(if:) expects Boolean!, found null"));
}

TEST_F(CheckerTest, OneCompiledQueryServesManyBindings) {
  auto q = Query::Compile(schema_, "vpcs(where: {name_IN: $n, hasFlowLog_SOME: $w}) { id }", opts_);
  ASSERT_TRUE(q.ok()) << q.status();
  auto eval = [&](const char* json) {
    auto r = (*q)->Evaluate(*graph_, Value::ParseJson(json).value());
    return r.ok() ? r->ToJson() : std::string(r.status().message());
  };
  const char* a = R"({"n": ["ab", "half", "prod-1"], "w": {"flowLogStatus": "FAILED"}})";
  const char* b = R"({"n": "prod-1", "w": {}})";
  std::string first = eval(a);
  EXPECT_EQ(first, R"([{"id":"vpc-mixed"},{"id":"vpc-half"}])");
  EXPECT_EQ(eval(b), R"([{"id":"vpc-active"}])");
  EXPECT_EQ(eval(a), first);
}

TEST_F(CheckerTest, BindingErrorsAreLocated) {
  // A pattern given in a variable is compiled when bound, and refused there.
  std::string err = EvalError("vpcs(where: {name_MATCHES: $p}) { id }",
                              Value::ParseJson(R"({"p": "(ab"})").value());
  EXPECT_THAT(err, HasSubstr("check.graphql:1:28"));
  EXPECT_THAT(err, HasSubstr("check.bad-regex"));
  // A whole input object is checked key by key, with the JSON path.
  err = EvalError("vpcs(where: $w) { id }",
                  Value::ParseJson(R"({"w": {"OR": [{"name": "a"}, {"nmae": "b"}]}})").value());
  EXPECT_THAT(err, HasSubstr("eval.variable"));
  EXPECT_THAT(err, HasSubstr("OR[1]"));
  EXPECT_THAT(err, HasSubstr("Did you mean \"name\""));
  // An aggregate its variables leave without a condition.
  err = EvalError("vpcs(where: {hasFlowLogAggregate: {node: $n}}) { id }",
                  Value::ParseJson(R"({"n": {}})").value());
  EXPECT_THAT(err, HasSubstr("check.empty-aggregate"));
  EXPECT_THAT(err, HasSubstr("check.graphql:1:35"));
}

// GraphQL input coercion of --vars values (the same rules as parameters,
// tests/policy/parameters_test.cc).
TEST_F(CheckerTest, VariableValuesFollowGraphQLInputCoercion) {
  // An Int-valued ID.
  ExpectSame("query($id: ID) { vpcs(where: {id: $id}) { id } }", R"({"id": 7})",
             "query { vpcs(where: {id: \"7\"}) { id } }");
  // 60.0 (and 6e1) for an Int.
  ExpectSame("query($n: Int) { flowLogs(where: {retentionDays_GT: $n}) { id } }", R"({"n": 60.0})",
             "query { flowLogs(where: {retentionDays_GT: 60}) { id } }");
  ExpectSame("query($n: Int) { flowLogs(where: {retentionDays_GT: $n}) { id } }", R"({"n": 6e1})",
             "query { flowLogs(where: {retentionDays_GT: 60}) { id } }");
  EXPECT_THAT(EvalError("query($n: Int) { flowLogs(where: {retentionDays_GT: $n}) { id } }",
                        Value::ParseJson(R"({"n": 60.5})").value()),
              HasSubstr("is not an Int"));
  // A single value for a list type.
  ExpectSame("query($l: [String!]) { vpcs(where: {name_IN: $l}) { id } }", R"({"l": "ab"})",
             "query { vpcs(where: {name_IN: [\"ab\"]}) { id } }");
  // Variable types are input types of the schema.
  ExpectError("query($x: Strng) { vpcs { id } }", "check.unknown-type", 1, 11);
  ExpectError("query($x: Vpc) { vpcs { id } }", "check.unknown-type", 1, 11, "object type");
}

}  // namespace
}  // namespace vigil
