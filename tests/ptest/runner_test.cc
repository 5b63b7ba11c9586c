// The test-file parser, the runner, clause coverage and the renderers of
// vigil/test_runner.h.
#include "vigil/test_runner.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/policy/test_util.h"

namespace vigil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::SimpleControl;
using testing::TempPack;

// A pack with hand-made controls whose coverage is known.
class PtestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Two clauses under an implicit AND.
    and_file_ = tmp_.Control(
        "t-and.json",
        SimpleControl("t-and", R"(vpcs(where: {isDefault: true, state: "available"}){id})"));
    // OR of two clauses; `state` is null on one row (UNKNOWN).
    tmp_.Control("t-or.json",
                 SimpleControl("t-or", R"(vpcs(where: {OR: [{isDefault: true}, {state: "pending"}]}){id})"));
    // A quantifier over flow logs that the cases never give.
    tmp_.Control("t-never.json",
                 SimpleControl("t-never", R"(vpcs(where: {hasFlowLog_SOME: {flowLogStatus: "ACTIVE"}}){id})"));
    // A parameter, and one without default (its checks error).
    tmp_.Control("t-param.json",
                 SimpleControl("t-param", R"(vpcs(where: {state_IN: $states}){id})", "eq []",
                               R"("parameters": {"states": {"type": "[String!]", "default": ["pending"]}})"));
    tmp_.Control("t-nodefault.json",
                 SimpleControl("t-nodefault", R"(vpcs(where: {state_IN: $states}){id})", "eq []",
                               R"("parameters": {"states": {"type": "[String!]"}})"));
    // A query kept in its own file.
    tmp_.Write("controls/t-file.graphql", "vpcs(\n  where: {cidrBlock: \"10.0.0.0/16\"}\n) { id }\n");
    tmp_.Control("t-file.json", R"({"id": "t-file", "title": "t", "severity": "low", "provider": "aws",
  "checks": [{"name": "c", "queryFile": "t-file.graphql", "expect": "eq []"}]})");
    Diagnostics diags;
    auto pack = LoadPack(tmp_.path(), {}, &diags);
    ASSERT_TRUE(pack.ok()) << pack.status().message();
    pack_ = *pack;
  }

  absl::StatusOr<TestFile> Parse(const std::string& text, Diagnostics* diags,
                                 const std::string& name = "t.json") {
    std::string path = tmp_.Write("tests/" + name, text);
    return LoadTestFile(path, *pack_, diags);
  }
  TestFile MustParse(const std::string& text, const std::string& name = "t.json") {
    Diagnostics diags;
    auto f = Parse(text, &diags, name);
    EXPECT_TRUE(f.ok()) << f.status().message();
    return f.ok() ? *f : TestFile{};
  }
  // The one error that `text` gives, with its location checked against
  // the place of `needle` in the text.
  Diagnostic OneError(const std::string& text, const std::string& needle) {
    Diagnostics diags;
    auto f = Parse(text, &diags);
    EXPECT_FALSE(f.ok());
    EXPECT_EQ(diags.size(), 1u) << DiagnosticsToStatus(diags).message();
    if (diags.empty()) return {};
    size_t at = text.find(needle);
    EXPECT_NE(at, std::string::npos) << needle;
    SourceLocation want = LocateOffset(text, static_cast<uint32_t>(at));
    EXPECT_EQ(diags[0].file, tmp_.path() + "/tests/t.json");
    EXPECT_EQ(diags[0].location.line, want.line) << diags[0].ToString();
    EXPECT_EQ(diags[0].location.column, want.column) << diags[0].ToString();
    return diags[0];
  }

  TempPack tmp_;
  std::string and_file_;
  std::shared_ptr<const Pack> pack_;
};

constexpr char kVpcA[] =
    R"({"id": "vpc-a", "type": "Vpc", "properties": {"isDefault": true, "state": "available"}})";
constexpr char kVpcB[] =
    R"({"id": "vpc-b", "type": "Vpc", "properties": {"isDefault": false, "state": "available"}})";

std::string Graph(const std::string& assets) { return R"({"assets": [)" + assets + "]}"; }

// ---- test files: every error is located ---------------------------------------

TEST_F(PtestTest, ParsesAValidFile) {
  TestFile f = MustParse(R"({"control": "t-and", "now": "2026-01-15T00:00:00Z", "cases": [
    {"name": "one", "graph": )" + Graph(kVpcA) + R"(, "expect": {"status": "fail", "offending": ["vpc-a"]}},
    {"name": "two", "graph": )" + Graph(kVpcB) + R"(, "expect": {"status": "pass"},
     "now": "2030-01-01T00:00:00Z"}]})");
  ASSERT_EQ(f.cases.size(), 2u);
  EXPECT_EQ(f.control, "t-and");
  EXPECT_EQ(f.cases[0].name, "one");
  EXPECT_EQ(f.cases[0].expect.status, Outcome::kFail);
  EXPECT_THAT(*f.cases[0].expect.offending, ElementsAre("vpc-a"));
  EXPECT_EQ(f.cases[0].now, ParseInstant("2026-01-15T00:00:00Z"));
  EXPECT_EQ(f.cases[1].now, ParseInstant("2030-01-01T00:00:00Z"));
  EXPECT_FALSE(f.cases[1].expect.offending.has_value());
  EXPECT_EQ(f.cases[0].graph->num_assets(), 1u);
  EXPECT_THAT(f.cases[0].location, HasSubstr("t.json:2:5"));
}

TEST_F(PtestTest, UnknownKeysAreLocatedWithSuggestions) {
  Diagnostic d = OneError(R"({"control": "t-and", "contorl": 1, "cases": [
  {"name": "n", "graph": {"assets": []}, "expect": {"status": "pass"}}]})", R"("contorl")");
  EXPECT_EQ(d.code, "json.unknown-key");
  EXPECT_THAT(d.message, HasSubstr("Did you mean \"control\"?"));
  d = OneError(R"({"control": "t-and", "cases": [
  {"name": "n", "graph": {"assets": []}, "expected": {"status": "pass"}, "expect": {"status": "pass"}}]})",
               R"("expected")");
  EXPECT_EQ(d.code, "json.unknown-key");
  EXPECT_THAT(d.message, HasSubstr("case \"n\""));
  d = OneError(R"({"control": "t-and", "cases": [
  {"name": "n", "graph": {"assets": []}, "expect": {"status": "pass", "ofending": []}}]})",
               R"("ofending")");
  EXPECT_THAT(d.message, HasSubstr("Did you mean \"offending\"?"));
}

TEST_F(PtestTest, MissingFields) {
  Diagnostic d = OneError(R"({"control": "t-and"})", "{");
  EXPECT_EQ(d.code, "json.missing-key");
  EXPECT_THAT(d.message, HasSubstr("\"cases\""));
  d = OneError(R"({"cases": [{"name": "n", "graph": {"assets": []}, "expect": {"status": "pass"}}]})", "{");
  EXPECT_THAT(d.message, HasSubstr("\"control\""));
  d = OneError(R"({"control": "t-and", "cases": [
    {"graph": {"assets": []}, "expect": {"status": "pass"}}]})", R"({"graph")");
  EXPECT_THAT(d.message, HasSubstr("missing required key \"name\""));
  d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "expect": {"status": "pass"}}]})", R"({"name")");
  EXPECT_THAT(d.message, HasSubstr("missing required key \"graph\""));
  d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": []}}]})", R"({"name")");
  EXPECT_THAT(d.message, HasSubstr("missing required key \"expect\""));
  d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": []}, "expect": {"offending": []}}]})", R"({"offending")");
  EXPECT_THAT(d.message, HasSubstr("missing required key \"status\""));
  d = OneError(R"({"control": "t-and", "cases": []})", "[]");
  EXPECT_EQ(d.code, "test.no-cases");
}

TEST_F(PtestTest, UnknownControl) {
  Diagnostic d = OneError(R"({"control": "t-ant", "cases": [
    {"name": "n", "graph": {"assets": []}, "expect": {"status": "pass"}}]})", R"("t-ant")");
  EXPECT_EQ(d.code, "policy.unknown-control");
  EXPECT_THAT(d.message, HasSubstr("no control \"t-ant\" in pack \"test\""));
  EXPECT_THAT(d.message, HasSubstr("\"t-and\""));
}

TEST_F(PtestTest, BadStatusAndContradictions) {
  Diagnostic d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": []}, "expect": {"status": "failed"}}]})", R"("failed")");
  EXPECT_EQ(d.code, "test.bad-status");
  EXPECT_THAT(d.message, HasSubstr("Did you mean \"fail\""));
  d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": []}, "expect": {"status": 1}}]})", R"(1})");
  EXPECT_EQ(d.code, "json.wrong-type");
  d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": []}, "expect": {"status": "pass", "offending": ["x"]}}]})",
               R"(["x"])");
  EXPECT_EQ(d.code, "test.contradiction");
  d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": []}, "expect": {"status": "fail", "offending": ["x", 2]}}]})",
               R"(2])");
  EXPECT_EQ(d.code, "json.wrong-type");
  d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": []}, "expect": {"status": "fail", "offending": ["x", "x"]}}]})",
               R"("x"])");
  EXPECT_EQ(d.code, "test.duplicate-id");
}

TEST_F(PtestTest, BadInlineGraphIsLocatedInTheTestFile) {
  // The loader's error points into the test file.
  std::string text = R"({"control": "t-and", "cases": [
    {"name": "n",
     "graph": {"assets": [{"id": "vpc-1", "type": "Vpcc"}]},
     "expect": {"status": "pass"}}]})";
  Diagnostics diags;
  ASSERT_FALSE(Parse(text, &diags).ok());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].file, tmp_.path() + "/tests/t.json");
  EXPECT_EQ(diags[0].location.line, 3u) << diags[0].ToString();
  EXPECT_THAT(diags[0].message, HasSubstr("case \"n\": graph: "));
  EXPECT_THAT(diags[0].message, HasSubstr("Vpcc"));
  // The line shown is the test file's own, not the blanked copy the loader read.
  EXPECT_THAT(diags[0].source_line, HasSubstr(R"("graph": {"assets")"));
  // A JSON syntax error inside the graph is a syntax error of the file.
  text = R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": [{"id": "vpc-1", "type": "Vpc", "properties": {"isDefault": yes}}]},
     "expect": {"status": "pass"}}]})";
  diags.clear();
  ASSERT_FALSE(Parse(text, &diags).ok());
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(diags[0].location.line, 2u) << diags[0].ToString();
  // A property of the wrong type names the asset.
  text = R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": [
      {"id": "vpc-1", "type": "Vpc", "properties": {"isDefault": "yes"}}]},
     "expect": {"status": "pass"}}]})";
  diags.clear();
  ASSERT_FALSE(Parse(text, &diags).ok());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].location.line, 3u) << diags[0].ToString();
  EXPECT_THAT(diags[0].message, HasSubstr("vpc-1"));
  // Not an object nor a path.
  Diagnostic d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": 12, "expect": {"status": "pass"}}]})", "12");
  EXPECT_EQ(d.code, "json.wrong-type");
}

// Unknown names in an inline graph point at the key (or value) that is
// wrong, with "did you mean".
TEST_F(PtestTest, InlineGraphNamesAreLocatedWithSuggestions) {
  auto one = [&](const std::string& graph, const std::string& needle, const std::string& code,
                 const std::string& suggestion) {
    const std::string text = R"({"control": "t-and", "cases": [
    {"name": "n",
     "graph": )" + graph + R"(,
     "expect": {"status": "pass"}}]})";
    Diagnostic d = OneError(text, needle);
    EXPECT_EQ(d.code, code) << d.ToString();
    EXPECT_THAT(d.message, HasSubstr("case \"n\": graph: "));
    EXPECT_THAT(d.message, HasSubstr("Did you mean \"" + suggestion + "\"?")) << d.ToString();
  };
  one(R"({"assets": [{"id": "vpc-1", "type": "Vpcc"}]})", R"("Vpcc")", "test.unknown-type", "Vpc");
  one(R"({"assets": [{"id": "vpc-1", "type": "Vpc", "properties": {"isDefalt": true}}]})",
      R"("isDefalt")", "test.unknown-property", "isDefault");
  one(R"({"assets": [{"id": "vpc-1", "type": "Vpc", "hasFlowLogs": [{"id": "fl-1"}]}]})",
      R"("hasFlowLogs")", "test.unknown-relationship", "hasFlowLog");
  // Nested: a property of an inline flow log.
  one(R"({"assets": [{"id": "vpc-1", "type": "Vpc",
        "hasFlowLog": [{"id": "fl-1", "properties": {"flowLogStatuss": "ACTIVE"}}]}]})",
      R"("flowLogStatuss")", "test.unknown-property", "flowLogStatus");
  one(R"({"assets": [{"id": "vpc-1", "type": "Vpc"}, {"id": "fl-1", "type": "FlowLog"}],
        "relationships": [{"from": "vpc-1", "type": "HAS_FLOW_LOGG", "to": "fl-1"}]})",
      R"("HAS_FLOW_LOGG")", "test.unknown-relationship", "HAS_FLOW_LOG");
}

// An object holding only an id that no asset has makes a new, empty asset:
// usually a typo in a reference; a located warning.
TEST_F(PtestTest, InlineReferenceToNoAssetIsAWarning) {
  const std::string text = R"({"control": "t-never", "cases": [
    {"name": "n",
     "graph": {"assets": [{"id": "vpc-1", "type": "Vpc", "hasFlowLog": [{"id": "fl-l"}]},
                          {"id": "vpc-2", "type": "Vpc", "hasFlowLog": [{"id": "fl-1"}]},
                          {"id": "fl-1", "type": "FlowLog", "properties": {"flowLogStatus": "ACTIVE"}}]},
     "expect": {"status": "fail", "offending": ["vpc-2"]}}]})";
  Diagnostics diags;
  auto f = Parse(text, &diags);
  ASSERT_TRUE(f.ok()) << f.status();
  ASSERT_EQ(diags.size(), 1u) << DiagnosticsToStatus(diags).message();
  const Diagnostic& d = diags[0];
  EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_EQ(d.code, "test.new-asset-from-reference");
  SourceLocation want = LocateOffset(text, static_cast<uint32_t>(text.find(R"("fl-l")")));
  EXPECT_EQ(d.location.line, want.line) << d.ToString();
  EXPECT_EQ(d.location.column, want.column) << d.ToString();
  EXPECT_THAT(d.message, HasSubstr("\"fl-l\""));
  EXPECT_THAT(d.message, HasSubstr("FlowLog"));
  // A reference to an asset defined inline elsewhere is no warning.
  diags.clear();
  ASSERT_TRUE(Parse(R"({"control": "t-never", "cases": [
    {"name": "n",
     "graph": {"assets": [{"id": "vpc-1", "type": "Vpc", "hasFlowLog": [{"id": "fl-1"}]},
                          {"id": "vpc-2", "type": "Vpc",
                           "hasFlowLog": [{"id": "fl-1", "properties": {"flowLogStatus": "ACTIVE"}}]}]},
     "expect": {"status": "fail", "offending": ["vpc-1", "vpc-2"]}}]})", &diags).ok());
  EXPECT_TRUE(diags.empty()) << DiagnosticsToStatus(diags).message();
}

TEST_F(PtestTest, GraphFiles) {
  tmp_.Write("tests/graphs/two.json", Graph(std::string(kVpcA) + ", " + kVpcB));
  TestFile f = MustParse(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": "graphs/two.json", "expect": {"status": "fail", "offending": ["vpc-a"]}}]})");
  ASSERT_EQ(f.cases.size(), 1u);
  EXPECT_EQ(f.cases[0].graph->num_assets(), 2u);
  EXPECT_EQ(f.cases[0].graph_file, tmp_.path() + "/tests/graphs/two.json");

  Diagnostic d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": "graphs/none.json", "expect": {"status": "pass"}}]})", R"("graphs/none.json")");
  EXPECT_EQ(d.code, "test.missing-file");
  EXPECT_THAT(d.message, HasSubstr("does not exist"));
  // A directory (or a device) is there, but is not a graph file.
  d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": "graphs", "expect": {"status": "pass"}}]})", R"("graphs")");
  EXPECT_EQ(d.code, "test.missing-file");
  EXPECT_THAT(d.message, HasSubstr("is not a regular file"));
  // An exceptions file that cannot be read says why.
  d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": "graphs/two.json", "exceptions": "graphs",
     "expect": {"status": "fail", "offending": ["vpc-a"]}}]})", R"("graphs",)");
  EXPECT_EQ(d.code, "test.missing-file");
  EXPECT_THAT(d.message, HasSubstr("is a directory"));

  // An error inside a graph file is located in that file.
  tmp_.Write("tests/graphs/bad.json", "{\"assets\": [\n  {\"id\": \"x\", \"type\": \"Nope\"}\n]}\n");
  Diagnostics diags;
  ASSERT_FALSE(Parse(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": "graphs/bad.json", "expect": {"status": "pass"}}]})", &diags).ok());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].file, tmp_.path() + "/tests/graphs/bad.json");
  EXPECT_EQ(diags[0].location.line, 2u) << diags[0].ToString();
}

TEST_F(PtestTest, ParametersAreChecked) {
  TestFile f = MustParse(R"({"control": "t-param", "cases": [
    {"name": "n", "graph": {"assets": []}, "parameters": {"states": ["available"]},
     "expect": {"status": "pass"}}]})");
  ASSERT_EQ(f.cases.size(), 1u);
  EXPECT_EQ(f.cases[0].parameters.at("t-param").at("states").ToJson(), R"(["available"])");
  Diagnostic d = OneError(R"({"control": "t-param", "cases": [
    {"name": "n", "graph": {"assets": []}, "parameters": {"state": ["x"]}, "expect": {"status": "pass"}}]})",
                          R"("state")");
  EXPECT_EQ(d.code, "policy.unknown-parameter");
  EXPECT_THAT(d.message, HasSubstr("Did you mean \"states\"?"));
  d = OneError(R"({"control": "t-param", "cases": [
    {"name": "n", "graph": {"assets": []}, "parameters": {"states": [1]}, "expect": {"status": "pass"}}]})",
               R"([1])");
  EXPECT_EQ(d.code, "policy.bad-parameter-value");
  EXPECT_THAT(d.message, HasSubstr("[String!]"));
  d = OneError(R"({"control": "t-param", "cases": [
    {"name": "n", "graph": {"assets": []}, "parameters": [], "expect": {"status": "pass"}}]})",
               R"([], "expect")");
  EXPECT_EQ(d.code, "json.wrong-type");
}

TEST_F(PtestTest, ExceptionsAreCheckedWhereTheyAreWritten) {
  TestFile f = MustParse(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": []},
     "exceptions": [{"control": "t-and", "assets": ["vpc-*"], "owner": "o", "reason": "r",
                     "expires": "2030-01-01"}],
     "expect": {"status": "pass"}}]})");
  ASSERT_EQ(f.cases.size(), 1u);
  ASSERT_TRUE(f.cases[0].exceptions.has_value());
  EXPECT_EQ(f.cases[0].exceptions->rules.size(), 1u);
  // The shape of an exceptions file, and a file.
  f = MustParse(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": []},
     "exceptions": {"exceptions": [{"control": "t-and", "assets": ["a"], "owner": "o", "reason": "r",
                     "expires": "2030-01-01"}]},
     "expect": {"status": "pass"}}]})");
  EXPECT_EQ(f.cases[0].exceptions->rules.size(), 1u);
  tmp_.Write("tests/ex.json", R"({"exceptions": [{"control": "t-and", "assets": ["a", "b"],
    "owner": "o", "reason": "r", "expires": "2030-01-01"}]})");
  f = MustParse(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": []}, "exceptions": "ex.json", "expect": {"status": "pass"}}]})");
  EXPECT_EQ(f.cases[0].exceptions->rules[0].assets.size(), 2u);

  Diagnostic d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": []},
     "exceptions": [
       {"control": "t-and", "assets": ["a"], "reason": "r", "expires": "2030-01-01"}],
     "expect": {"status": "pass"}}]})", R"({"control": "t-and", "assets")");
  EXPECT_EQ(d.code, "json.missing-key");
  EXPECT_THAT(d.message, HasSubstr("case \"n\": "));
  EXPECT_THAT(d.message, HasSubstr("\"owner\""));
  d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": []},
     "exceptions": [{"control": "t-and", "assets": ["a"], "owner": "o", "reason": "r",
                     "expires": "2030-13-01"}],
     "expect": {"status": "pass"}}]})", R"("2030-13-01")");
  EXPECT_EQ(d.code, "exceptions.bad-date");
  d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": []},
     "exceptions": [{"control": "t-nope", "assets": ["a"], "owner": "o", "reason": "r",
                     "expires": "2030-01-01"}],
     "expect": {"status": "pass"}}]})", R"("t-nope")");
  EXPECT_EQ(d.code, "policy.unknown-control");
}

TEST_F(PtestTest, NowDuplicatesAndSyntax) {
  Diagnostic d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": []}, "now": "yesterday", "expect": {"status": "pass"}}]})",
                          R"("yesterday")");
  EXPECT_EQ(d.code, "test.bad-now");
  d = OneError(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": []}, "expect": {"status": "pass"}},
    {"name": "n", "graph": {"assets": []}, "expect": {"status": "pass"}}]})",
               R"("n", "graph": {"assets": []}, "expect": {"status": "pass"}}])");
  EXPECT_EQ(d.code, "test.duplicate-case");
  EXPECT_THAT(d.message, HasSubstr("t.json:2:5"));
  Diagnostics diags;
  ASSERT_FALSE(Parse("{\"control\": \"t-and\",\n \"cases\": [}", &diags).ok());
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(diags[0].location.line, 2u);
}

// ---- the runner ------------------------------------------------------------------

TEST_F(PtestTest, RunsPassingAndFailingCasesWithADiff) {
  TestFile f = MustParse(R"({"control": "t-and", "cases": [
    {"name": "fails as expected", "graph": )" + Graph(std::string(kVpcA) + "," + kVpcB) +
                         R"(, "expect": {"status": "fail", "offending": ["vpc-a"]}},
    {"name": "wrong ids", "graph": )" + Graph(kVpcA) +
                         R"(, "expect": {"status": "fail", "offending": ["vpc-b"]}},
    {"name": "wrong status", "graph": )" + Graph(kVpcA) + R"(, "expect": {"status": "pass"}}]})");
  auto r = RunTests(*pack_, {f});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->passed, 1);
  EXPECT_EQ(r->failed, 2);
  ASSERT_EQ(r->cases.size(), 3u);
  EXPECT_TRUE(r->cases[0].passed);
  EXPECT_FALSE(r->cases[1].passed);
  EXPECT_THAT(r->cases[1].missing_offending, ElementsAre("vpc-b"));
  EXPECT_THAT(r->cases[1].unexpected_offending, ElementsAre("vpc-a"));
  EXPECT_EQ(r->cases[2].actual_status, Outcome::kFail);
  EXPECT_THAT(r->cases[2].unexpected_offending, ElementsAre("vpc-a"));

  std::string text = RenderTestResults(*r, TestFormat::kText);
  EXPECT_THAT(text, HasSubstr("PASS  " + f.path + ": fails as expected  ("));
  EXPECT_THAT(text, HasSubstr("FAIL  " + f.path + ": wrong ids  ("));
  EXPECT_THAT(text, HasSubstr("        - vpc-b\n        + vpc-a\n"));
  EXPECT_THAT(text, HasSubstr("status: expected pass, got fail"));
  EXPECT_THAT(text, HasSubstr("1 offending row"));
  // The summary closes the output, alone on its line.
  EXPECT_TRUE(text.ends_with("\n1 passed, 2 failed\n")) << text;
}

TEST_F(PtestTest, ParametersExceptionsNowAndErrors) {
  tmp_.Write("tests/states.json", Graph(R"({"id": "vpc-1", "type": "Vpc", "properties": {"state": "available"}})"));
  TestFile f = MustParse(R"({"control": "t-param", "now": "2026-01-15T00:00:00Z", "cases": [
    {"name": "default passes", "graph": "states.json", "expect": {"status": "pass"}},
    {"name": "override fails", "graph": "states.json", "parameters": {"states": ["available"]},
     "expect": {"status": "fail", "offending": ["vpc-1"]}},
    {"name": "waived", "graph": "states.json", "parameters": {"states": ["available"]},
     "exceptions": [{"control": "t-param", "assets": ["vpc-*"], "owner": "o", "reason": "r",
                     "expires": "2026-01-15"}],
     "expect": {"status": "waived", "waived": ["vpc-1"]}},
    {"name": "expired", "graph": "states.json", "parameters": {"states": ["available"]},
     "exceptions": [{"control": "t-param", "assets": ["vpc-*"], "owner": "o", "reason": "r",
                     "expires": "2026-01-14"}],
     "expect": {"status": "fail", "offending": ["vpc-1"], "waived": []}},
    {"name": "wrong waived", "graph": "states.json", "parameters": {"states": ["available"]},
     "exceptions": [{"control": "t-param", "assets": ["vpc-1"], "owner": "o", "reason": "r",
                     "expires": "2027-01-01"}],
     "expect": {"status": "waived", "waived": ["vpc-2"]}}]})");
  TestFile g = MustParse(R"({"control": "t-nodefault", "cases": [
    {"name": "errors", "graph": "states.json", "expect": {"status": "error"}},
    {"name": "expected to pass", "graph": "states.json", "expect": {"status": "pass"}}]})",
                         "g.json");
  auto r = RunTests(*pack_, {f, g});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->cases.size(), 7u);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(r->cases[i].passed) << r->cases[i].name;
  EXPECT_FALSE(r->cases[4].passed);
  EXPECT_THAT(r->cases[4].missing_waived, ElementsAre("vpc-2"));
  EXPECT_THAT(r->cases[4].unexpected_waived, ElementsAre("vpc-1"));
  EXPECT_TRUE(r->cases[5].passed);
  EXPECT_FALSE(r->cases[6].passed);
  ASSERT_FALSE(r->cases[6].messages.empty());
  EXPECT_THAT(r->cases[6].messages[0], HasSubstr("states"));
  std::string text = RenderTestResults(*r, TestFormat::kText);
  EXPECT_THAT(text, HasSubstr("waived (- missing, + unexpected):\n        - vpc-2\n        + vpc-1\n"));
  EXPECT_THAT(text, HasSubstr("status: expected pass, got error"));
}

TEST_F(PtestTest, RunSelectsCasesByControlSlashName) {
  TestFile f = MustParse(R"({"control": "t-and", "cases": [
    {"name": "alpha one", "graph": {"assets": []}, "expect": {"status": "pass"}},
    {"name": "beta two", "graph": {"assets": []}, "expect": {"status": "pass"}},
    {"name": "alpha three", "graph": {"assets": []}, "expect": {"status": "pass"}}]})");
  TestRunOptions o;
  o.run_filter = "^t-and/alpha";
  auto r = RunTests(*pack_, {f}, o);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->cases.size(), 2u);
  EXPECT_EQ(r->cases[0].name, "alpha one");
  EXPECT_EQ(r->cases[1].name, "alpha three");
  o.run_filter = "two$";
  r = RunTests(*pack_, {f}, o);
  ASSERT_EQ(r->cases.size(), 1u);
  EXPECT_EQ(r->cases[0].name, "beta two");
  o.run_filter = "t-or/";
  r = RunTests(*pack_, {f}, o);
  EXPECT_THAT(r->cases, IsEmpty());
  o.run_filter = "(unclosed";
  r = RunTests(*pack_, {f}, o);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("not a valid RE2 pattern"));
}

TEST_F(PtestTest, JsonAndJunitFormats) {
  TestFile f = MustParse(R"({"control": "t-and", "cases": [
    {"name": "ok", "graph": )" + Graph(kVpcA) + R"(, "expect": {"status": "fail", "offending": ["vpc-a"]}},
    {"name": "bad <one> & \"quoted\"", "graph": )" + Graph(kVpcA) + R"(, "expect": {"status": "pass"}}]})");
  TestRunOptions o;
  o.coverage = true;
  auto r = RunTests(*pack_, {f}, o);
  ASSERT_TRUE(r.ok());
  auto json = Value::ParseJson(RenderTestResults(*r, TestFormat::kJson));
  ASSERT_TRUE(json.ok()) << json.status().message();
  EXPECT_EQ(json->Find("summary")->Find("passed")->as_int(), 1);
  EXPECT_EQ(json->Find("summary")->Find("failed")->as_int(), 1);
  const Value& cases = *json->Find("cases");
  ASSERT_EQ(cases.as_array().size(), 2u);
  const Value& bad = cases.as_array()[1];
  EXPECT_EQ(bad.Find("result")->as_string(), "fail");
  EXPECT_EQ(bad.Find("expected_status")->as_string(), "pass");
  EXPECT_EQ(bad.Find("actual_status")->as_string(), "fail");
  EXPECT_EQ(bad.Find("unexpected_offending")->ToJson(), R"(["vpc-a"])");
  EXPECT_EQ(bad.Find("control")->as_string(), "t-and");
  const Value* cov = json->Find("coverage");
  ASSERT_NE(cov, nullptr);
  // t-and's 2 clauses, and the 8 of the five controls without a case.
  EXPECT_EQ(cov->Find("total")->as_int(), 10);
  EXPECT_EQ(cov->Find("controls")->as_array()[0].Find("control")->as_string(), "t-and");
  EXPECT_EQ(cov->Find("controls")->as_array()[0].Find("clauses")->as_array().size(), 2u);
  EXPECT_EQ(cov->Find("untested_controls")->ToJson(),
            R"(["t-file","t-never","t-nodefault","t-or","t-param"])");
  EXPECT_EQ(cov->Find("controls")->as_array().size(), 6u);
  EXPECT_EQ(cov->Find("controls")->as_array()[1].Find("cases")->as_int(), 0);

  std::string xml = RenderTestResults(*r, TestFormat::kJunit);
  EXPECT_THAT(xml, HasSubstr(R"(<testsuites name="vigil test" tests="2" failures="1")"));
  EXPECT_THAT(xml, HasSubstr(R"(<testcase classname="t-and" name="ok")"));
  EXPECT_THAT(xml, HasSubstr(R"(name="bad &lt;one&gt; &amp; &quot;quoted&quot;")"));
  EXPECT_THAT(xml, HasSubstr(R"(<failure message="expected pass, got fail" type="vigil.test">)"));
  EXPECT_THAT(xml, HasSubstr("+ vpc-a"));
  EXPECT_EQ(ParseTestFormat("xml").status().code(), absl::StatusCode::kInvalidArgument);
}

// ---- coverage --------------------------------------------------------------------

const ClauseCoverage* FindClause(const ControlCoverage& c, const std::string& path) {
  for (const ClauseCoverage& cl : c.clauses) {
    if (cl.clause.path == path) return &cl;
  }
  return nullptr;
}

TEST_F(PtestTest, CoverageVerdictsPerClause) {
  std::string graph = Graph(std::string(kVpcA) + "," + kVpcB +
                            R"(, {"id": "vpc-c", "type": "Vpc", "properties": {"isDefault": false}})");
  TestFile fand = MustParse(R"({"control": "t-and", "cases": [
    {"name": "a", "graph": )" + Graph(kVpcA) + R"(, "expect": {"status": "fail"}},
    {"name": "b", "graph": )" + Graph(kVpcB) + R"(, "expect": {"status": "pass"}}]})", "and.json");
  TestFile f_or = MustParse(R"({"control": "t-or", "cases": [
    {"name": "abc", "graph": )" + graph + R"(, "expect": {"status": "fail", "offending": ["vpc-a"]}}]})",
                          "or.json");
  TestFile fnever = MustParse(R"({"control": "t-never", "cases": [
    {"name": "no flow logs", "graph": )" + Graph(kVpcA) + R"(, "expect": {"status": "pass"}}]})",
                             "never.json");
  TestRunOptions o;
  o.coverage = true;
  auto r = RunTests(*pack_, {fand, fnever, fand, f_or}, o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->failed, 0) << RenderTestResults(*r, TestFormat::kText);
  // One per control with cases, in first-met order, then the untested
  // ones in pack order.
  ASSERT_EQ(r->coverage.size(), 6u);
  EXPECT_EQ(r->untested_controls, (std::vector<std::string>{"t-file", "t-nodefault", "t-param"}));
  EXPECT_EQ(r->coverage[3].control, "t-file");
  EXPECT_EQ(r->coverage[3].cases, 0);
  EXPECT_EQ(r->coverage[3].covered, 0);
  EXPECT_EQ(r->coverage[3].total, 1);
  EXPECT_EQ(r->coverage[3].clauses[0].verdict, ClauseVerdict::kNever);
  EXPECT_DOUBLE_EQ(r->coverage[3].percent(), 0.0);
  const ControlCoverage& cand = r->coverage[0];
  const ControlCoverage& cnever = r->coverage[1];
  const ControlCoverage& cor = r->coverage[2];
  EXPECT_EQ(cand.control, "t-and");
  EXPECT_EQ(cand.cases, 4);  // the file was given twice

  // t-and: isDefault was TRUE (vpc-a) and FALSE (vpc-b); state only TRUE.
  ASSERT_EQ(cand.clauses.size(), 2u);
  const ClauseCoverage* is_default = FindClause(cand, "vpcs.where.isDefault");
  const ClauseCoverage* state = FindClause(cand, "vpcs.where.state");
  ASSERT_TRUE(is_default && state);
  EXPECT_EQ(is_default->verdict, ClauseVerdict::kBoth);
  EXPECT_EQ(state->verdict, ClauseVerdict::kOnlyTrue);
  EXPECT_EQ(is_default->counts.true_rows, 2u);  // vpc-a, in each of the two runs of case a
  EXPECT_EQ(cand.covered, 1);
  EXPECT_EQ(cand.total, 2);
  EXPECT_DOUBLE_EQ(cand.percent(), 50.0);

  // t-or: isDefault both; state FALSE (vpc-a, vpc-b) or UNKNOWN (vpc-c),
  // never TRUE; the OR both.
  ASSERT_EQ(cor.clauses.size(), 3u);
  EXPECT_EQ(FindClause(cor, "vpcs.where.OR")->verdict, ClauseVerdict::kBoth);
  EXPECT_EQ(FindClause(cor, "vpcs.where.OR[0].isDefault")->verdict, ClauseVerdict::kBoth);
  const ClauseCoverage* or_state = FindClause(cor, "vpcs.where.OR[1].state");
  EXPECT_EQ(or_state->verdict, ClauseVerdict::kOnlyFalse);
  EXPECT_EQ(or_state->counts.true_rows, 0u);
  EXPECT_GE(or_state->counts.unknown_rows, 1u);
  EXPECT_EQ(cor.covered, 2);

  // t-never: the quantifier is only FALSE, the status inside never runs.
  ASSERT_EQ(cnever.clauses.size(), 2u);
  EXPECT_EQ(FindClause(cnever, "vpcs.where.hasFlowLog_SOME")->verdict, ClauseVerdict::kOnlyFalse);
  EXPECT_EQ(FindClause(cnever, "vpcs.where.hasFlowLog_SOME.flowLogStatus")->verdict,
            ClauseVerdict::kNever);
  EXPECT_EQ(cnever.covered, 0);

  // The untested controls' 3 clauses count as not covered.
  EXPECT_EQ(r->covered, 3);
  EXPECT_EQ(r->total, 10);
  EXPECT_NEAR(r->coverage_percent(), 30.0, 1e-9);

  // Where the clauses are: line/column in the query, and the place in the
  // control file (inside the JSON string of the inline query).
  EXPECT_EQ(is_default->clause.line, 1u);
  EXPECT_EQ(is_default->clause.column, 14u);
  std::string control_text = SimpleControl("t-and", R"(vpcs(where: {isDefault: true, state: "available"}){id})");
  SourceLocation at = LocateOffset(control_text, static_cast<uint32_t>(control_text.find("isDefault")));
  EXPECT_EQ(is_default->location, and_file_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column));
  // After an escaped quote (\"available\") columns in the file shift.
  at = LocateOffset(control_text, static_cast<uint32_t>(control_text.find("state")));
  EXPECT_EQ(state->location, and_file_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column));

  std::string text = RenderCoverageText(*r);
  EXPECT_THAT(text, HasSubstr("coverage of t-and (" + and_file_ + ", 4 cases): 1/2 clauses"));
  EXPECT_THAT(text, HasSubstr("(50.0%)"));
  // Covered rows are plain, the others are marked with "!".
  EXPECT_THAT(text, HasSubstr("    1:14     2       "));
  EXPECT_THAT(text, HasSubstr("  ! 1:31     "));
  EXPECT_THAT(text, HasSubstr("TRUE only   vpcs.where.state"));
  EXPECT_THAT(text, HasSubstr("FALSE only  vpcs.where.OR[1].state"));
  EXPECT_THAT(text, HasSubstr("never       vpcs.where.hasFlowLog_SOME.flowLogStatus"));
  EXPECT_THAT(text, HasSubstr("coverage: 3/10 clauses covered (30.0%) over 6 controls"));
  EXPECT_THAT(text, HasSubstr("coverage of t-param (" + tmp_.path() +
                              "/controls/t-param.json): untested, no test case: 0/1 clauses (0.0%)\n"));
  EXPECT_THAT(text, HasSubstr("\nuntested controls: t-file, t-nodefault, t-param (no test case"));
}

TEST_F(PtestTest, CoverageOfAQueryFileIsLocatedInIt) {
  TestFile f = MustParse(R"({"control": "t-file", "cases": [
    {"name": "n", "graph": {"assets": [{"id": "v", "type": "Vpc", "properties": {"cidrBlock": "10.0.0.0/16"}}]},
     "expect": {"status": "fail", "offending": ["v"]}}]})");
  TestRunOptions o;
  o.coverage = true;
  auto r = RunTests(*pack_, {f}, o);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->coverage.size(), 6u);  // t-file, then the 5 untested controls
  ASSERT_EQ(r->coverage[0].control, "t-file");
  ASSERT_EQ(r->coverage[0].clauses.size(), 1u);
  const ClauseCoverage& cl = r->coverage[0].clauses[0];
  EXPECT_EQ(cl.clause.line, 2u);
  EXPECT_EQ(cl.clause.column, 11u);
  EXPECT_EQ(cl.location, tmp_.path() + "/controls/t-file.graphql:2:11");
  EXPECT_EQ(cl.verdict, ClauseVerdict::kOnlyTrue);
}

TEST_F(PtestTest, NoCoverageUnlessAsked) {
  TestFile f = MustParse(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": {"assets": []}, "expect": {"status": "pass"}}]})");
  auto r = RunTests(*pack_, {f});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->coverage_enabled);
  EXPECT_THAT(r->coverage, IsEmpty());
  EXPECT_THAT(RenderTestResults(*r, TestFormat::kText), ::testing::Not(HasSubstr("coverage")));
}

TEST_F(PtestTest, BenchTimesEachCheck) {
  TestFile f = MustParse(R"({"control": "t-and", "cases": [
    {"name": "n", "graph": )" + Graph(kVpcA) + R"(, "expect": {"status": "fail"}}]})");
  TestRunOptions o;
  o.bench = true;
  o.bench_min_ms = 1e9;
  o.bench_max_runs = 25;
  auto r = RunTests(*pack_, {f}, o);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->bench.size(), 1u);
  EXPECT_EQ(r->bench[0].runs, 25);
  EXPECT_EQ(r->bench[0].check, "c");
  EXPECT_EQ(r->bench[0].case_name, "n");
  EXPECT_GT(r->bench[0].mean_ms, 0);
  EXPECT_LE(r->bench[0].min_ms, r->bench[0].median_ms);
  std::string text = RenderTestResults(*r, TestFormat::kText);
  EXPECT_THAT(text, HasSubstr("t-and / n / c: "));
  EXPECT_THAT(text, HasSubstr("(25 runs)"));
  EXPECT_TRUE(text.ends_with("\n1 passed, 0 failed\n"));
}

TEST_F(PtestTest, FindTestFiles) {
  tmp_.Write("tests/b.json", "{}");
  tmp_.Write("tests/a.json", "{}");
  tmp_.Write("tests/notes.txt", "");
  tmp_.Write("tests/graphs/g.json", "{}");  // subdirectories hold data, not tests
  auto files = FindTestFiles({tmp_.path() + "/tests"});
  ASSERT_TRUE(files.ok());
  EXPECT_THAT(*files, ElementsAre(tmp_.path() + "/tests/a.json", tmp_.path() + "/tests/b.json"));
  files = FindTestFiles({tmp_.path() + "/tests/b.json", tmp_.path() + "/tests/notes.txt"});
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(files->size(), 2u);
  EXPECT_EQ(FindTestFiles({tmp_.path() + "/nope"}).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace vigil
