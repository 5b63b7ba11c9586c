#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "tests/policy/test_util.h"
#include "vigil/policy.h"
#include "vigil/test_runner.h"

namespace vigil {
namespace {

using testing::SimpleControl;
using testing::SourcePath;
using testing::TempPack;

constexpr char kSeedQuery[] =
    R"(vpcs(where: {OR: [{hasFlowLog: null}, {hasFlowLog_NONE: {flowLogStatus: "ACTIVE"}}]}){...AssetFragment})";

TEST(PackTest, LoadsBundledPack) {
  Diagnostics diags;
  auto pack = LoadPack(SourcePath("packs/cis-aws"), {}, &diags);
  ASSERT_TRUE(pack.ok()) << pack.status();
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ((*pack)->name, "cis-aws");
  const ControlDef* c = (*pack)->FindControl("cis-aws-3.7");
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->checks.size(), 1u);
  // The seed check, exactly.
  EXPECT_EQ(c->checks[0].query_text, kSeedQuery);
  EXPECT_EQ(c->checks[0].expect.text, "eq []");
  EXPECT_EQ(c->covered_types, (std::vector<std::string>{"FlowLog", "Vpc"}));
  EXPECT_EQ(c->severity, "medium");
  // Framework ids across versions.
  std::map<std::string, std::string> ids;
  for (const auto& f : c->frameworks) ids[f.version] = f.id;
  EXPECT_EQ(ids["1.2.0"], "2.9");
  EXPECT_EQ(ids["1.4.0"], "3.9");
  EXPECT_EQ(ids["2.0.0"], "3.9");
  EXPECT_EQ(ids["3.0.0"], "3.7");
  EXPECT_EQ(ids["5.0.0"], "3.7");
  EXPECT_EQ(ids["6.0.0"], "4.7");
  for (const auto& f : c->frameworks) {
    // CIS's assessment status and profile are given for v3.0.0 only.
    EXPECT_EQ(f.assessment, f.version == "3.0.0" ? "Automated" : "") << f.version;
    EXPECT_EQ(f.profile, f.version == "3.0.0" ? "Level 2" : "") << f.version;
  }
  EXPECT_NE(std::find(c->references.begin(), c->references.end(), "CCE-79202-8"),
            c->references.end());
  EXPECT_FALSE(c->operational_rollout.empty());
  Diagnostics lint;
  LintPack(**pack, &lint);
  EXPECT_TRUE(lint.empty()) << lint[0].ToString();
}

TEST(PackTest, ParametersQueryFileAndCoveredTypes) {
  TempPack p;
  p.Write("controls/q.graphql",
          "vpcs(where: {hasFlowLog_SOME: {trafficType_IN: $types, creationTime_LT: $before}}) "
          "{ ...AssetFragment hasFlowLog { id } }\n");
  p.Control("a.json", R"({"id": "p-1", "title": "t", "severity": "high", "provider": "aws",
    "checks": [{"name": "c", "queryFile": "q.graphql", "expect": "count lte 1"}],
    "parameters": {"types": {"type": "[String!]", "default": ["REJECT"], "description": "d"},
                   "before": {"type": "DateTime", "default": "-P30D"}}})");
  Diagnostics d;
  auto pack = LoadPack(p.path(), {}, &d);
  ASSERT_TRUE(pack.ok()) << pack.status();
  const ControlDef& c = (*pack)->controls[0];
  ASSERT_EQ(c.parameters.size(), 2u);
  EXPECT_EQ(c.parameters[0].name, "types");
  EXPECT_EQ(c.parameters[1].default_value, Value("-P30D"));
  EXPECT_EQ(c.checks[0].query_file, "q.graphql");
  EXPECT_EQ(c.covered_types, (std::vector<std::string>{"FlowLog", "Vpc"}));
}

// One bad control file: the first error's place and message.
struct BadPack {
  const char* name;
  std::string control;  // controls/x.json
  uint32_t line, column;
  const char* fragment;
};

class PackErrorTest : public ::testing::TestWithParam<BadPack> {};

TEST_P(PackErrorTest, LocatedError) {
  const BadPack& c = GetParam();
  TempPack p;
  std::string file = p.Control("x.json", c.control);
  Diagnostics d;
  auto pack = LoadPack(p.path(), {}, &d);
  ASSERT_FALSE(pack.ok()) << c.name;
  const Diagnostic* first = nullptr;
  for (const auto& x : d) {
    if (x.severity == Severity::kError) {
      first = &x;
      break;
    }
  }
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->file, file) << c.name;
  EXPECT_EQ(first->location.line, c.line) << c.name << ": " << first->ToString();
  EXPECT_EQ(first->location.column, c.column) << c.name << ": " << first->ToString();
  EXPECT_NE(first->message.find(c.fragment), std::string::npos)
      << c.name << ": " << first->message;
  // The status message repeats the located error.
  EXPECT_NE(std::string(pack.status().message()).find(file), std::string::npos);
}

const char kQ[] = "vpcs { ...AssetFragment }";

INSTANTIATE_TEST_SUITE_P(
    All, PackErrorTest,
    ::testing::Values(
        BadPack{"json syntax", "{\"id\": \"x\",\n  \"title\" \"t\"}", 2, 11, "expected ':'"},
        BadPack{"not an object", "[1]", 1, 1, "a control file must be an object"},
        BadPack{"unknown key", SimpleControl("x-1", kQ, "eq []", "\"chekcs\": []"), 7, 3,
                "control \"x-1\": unknown key \"chekcs\". Did you mean \"checks\"?"},
        BadPack{"missing title",
                "{\"id\": \"x-1\", \"severity\": \"low\", \"provider\": \"aws\",\n \"checks\": "
                "[{\"name\": \"c\", \"query\": \"vpcs { id }\", \"expect\": \"eq []\"}]}",
                1, 1, "control \"x-1\": missing required key \"title\""},
        BadPack{"wrong type", SimpleControl("x-1", kQ, "eq []", "\"references\": \"CCE-1\""), 7,
                17, "references must be an array of strings, not a string"},
        BadPack{"bad severity",
                "{\"id\": \"x-1\", \"title\": \"t\", \"severity\": \"urgent\", \"provider\": "
                "\"aws\", \"checks\": [{\"name\": \"c\", \"query\": \"vpcs { id }\", \"expect\": "
                "\"eq []\"}]}",
                1, 41, "severity \"urgent\""},
        BadPack{"bad id", SimpleControl("x 1", kQ), 2, 9, "a control id is"},
        BadPack{"query does not compile", SimpleControl("x-1", "vpcs(where: {nam: \"a\"}) { id }"),
                6, 51, "control \"x-1\": check \"c\": "},
        BadPack{"unknown fragment", SimpleControl("x-1", "vpcs { ...Nope }"), 6, 48,
                "Nope"},
        BadPack{"bad expectation", SimpleControl("x-1", kQ, "equals []"), 6, 77,
                "expectation \"equals []\""},
        BadPack{"expectation column", SimpleControl("x-1", kQ, "eq [1,]"), 6, 83,
                "not a JSON value"},
        BadPack{"number expectation on rows", SimpleControl("x-1", kQ, "lt 3"), 6, 77,
                "write \"count lt 3\""},
        BadPack{"both query and queryFile",
                "{\"id\": \"x-1\", \"title\": \"t\", \"severity\": \"low\", \"provider\": \"aws\",\n"
                "\"checks\": [{\"name\": \"c\", \"query\": \"vpcs { id }\", \"queryFile\": \"q\", "
                "\"expect\": \"eq []\"}]}",
                2, 12, "not both"},
        BadPack{"missing queryFile",
                "{\"id\": \"x-1\", \"title\": \"t\", \"severity\": \"low\", \"provider\": \"aws\",\n"
                "\"checks\": [{\"name\": \"c\", \"queryFile\": \"missing.graphql\", \"expect\": "
                "\"eq []\"}]}",
                2, 39, "cannot read queryFile"},
        BadPack{"empty checks",
                "{\"id\": \"x-1\", \"title\": \"t\", \"severity\": \"low\", \"provider\": \"aws\",\n"
                "\"checks\": []}",
                2, 11, "non-empty array"},
        BadPack{"duplicate check name",
                "{\"id\": \"x-1\", \"title\": \"t\", \"severity\": \"low\", \"provider\": \"aws\",\n"
                "\"checks\": [{\"name\": \"c\", \"query\": \"vpcs { id }\", \"expect\": \"eq []\"},\n"
                "{\"name\": \"c\", \"query\": \"vpcs { id }\", \"expect\": \"eq []\"}]}",
                3, 10, "same name"},
        BadPack{"undeclared variable",
                SimpleControl("x-1", "vpcs(where: {name_IN: $names}) { id }"), 6, 60,
                "uses $names (of type [String])"},
        BadPack{"parameter type mismatch",
                SimpleControl("x-1", "vpcs(where: {name_IN: $names}) { id }", "eq []",
                              "\"parameters\": {\"names\": {\"type\": \"[Int!]\", \"default\": [1]}}"),
                7, 18, "declared [Int!] but the query uses $names where [String] is expected"},
        BadPack{"bad parameter type",
                SimpleControl("x-1", kQ, "eq []",
                              "\"parameters\": {\"n\": {\"type\": \"Strng\"}}"),
                7, 32, "unknown type \"Strng\""},
        BadPack{"bad parameter default",
                SimpleControl("x-1", "vpcs(where: {name_IN: $n}) { id }", "eq []",
                              "\"parameters\": {\"n\": {\"type\": \"[String!]\", \"default\": [null]}}"),
                7, 56, "the default does not fit type [String!]"},
        BadPack{"bad DateTime default",
                SimpleControl("x-1", kQ, "eq []",
                              "\"parameters\": {\"t\": {\"type\": \"DateTime\", \"default\": \"90 days\"}}"),
                7, 55, "duration"},
        BadPack{"parameter unknown key",
                SimpleControl("x-1", kQ, "eq []",
                              "\"parameters\": {\"t\": {\"type\": \"Int\", \"dflt\": 1}}"),
                7, 39, "unknown key \"dflt\""},
        BadPack{"duplicate key", "{\"id\": \"x-1\", \"id\": \"x-2\"}", 1, 15, "duplicate key"},
        BadPack{"too deep", std::string(200, '[') + std::string(200, ']'), 1, 65, "nested deeper than 64"}));

// Key validation has one code family in every policy file (json.*); the
// wrong-type message names the JSON path and the type expected.
TEST(PackTest, KeyValidationCodes) {
  struct Case {
    std::string control;
    const char* code;
    const char* fragment;
  };
  const Case cases[] = {
      {SimpleControl("x-1", kQ, "eq []", "\"chekcs\": []"), "json.unknown-key",
       "unknown key \"chekcs\". Did you mean \"checks\"?"},
      {"{\"id\": \"x-1\", \"title\": \"t\", \"severity\": \"low\", \"checks\": [{\"name\": \"c\", "
       "\"query\": \"vpcs { id }\", \"expect\": \"eq []\"}]}",
       "json.missing-key", "missing required key \"provider\""},
      {"{\"id\": \"x-1\", \"title\": \"t\", \"severity\": \"low\", \"provider\": \"aws\", "
       "\"checks\": [{\"name\": 7, \"query\": \"vpcs { id }\", \"expect\": \"eq []\"}]}",
       "json.wrong-type", "checks[0].name must be a string, not an integer"},
      {"{\"id\": \"x-1\", \"title\": \"t\", \"severity\": \"low\", \"provider\": \"aws\", "
       "\"checks\": [{\"name\": \"c\", \"query\": \"vpcs { id }\", \"expect\": \"eq []\", "
       "\"expekt\": 1}]}",
       "json.unknown-key", "unknown key \"expekt\" in checks[0]. Did you mean \"expect\"?"},
      {SimpleControl("x-1", kQ, "eq []", "\"frameworks\": [{\"name\": \"CIS\", \"id\": \"1\"}]"),
       "json.missing-key", "missing required key \"version\" in frameworks[0]"},
      {SimpleControl("x-1", kQ, "eq []",
                     "\"frameworks\": [{\"name\": \"CIS\", \"version\": \"3.0.0\", \"id\": \"1\", "
                     "\"assessment\": \"\"}]"),
       "json.wrong-type", "frameworks[0].assessment must be a non-empty string"},
      {SimpleControl("x-1", kQ, "eq []",
                     "\"frameworks\": [{\"name\": \"CIS\", \"version\": \"3.0.0\", \"id\": \"1\", "
                     "\"level\": \"Level 1\"}]"),
       "json.unknown-key", "unknown key \"level\" in frameworks[0]"},
  };
  for (const Case& c : cases) {
    TempPack p;
    p.Control("x.json", c.control);
    Diagnostics d;
    ASSERT_FALSE(LoadPack(p.path(), {}, &d).ok());
    ASSERT_FALSE(d.empty());
    EXPECT_EQ(d[0].code, c.code) << d[0].ToString();
    EXPECT_NE(d[0].message.find(c.fragment), std::string::npos) << d[0].message;
  }
  // pack.json too.
  TempPack p;
  p.Write("pack.json", "{\"name\": \"p\", \"version\": 1, \"schema\": \"s.graphql\"}");
  Diagnostics d;
  ASSERT_FALSE(LoadPack(p.path(), {}, &d).ok());
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].code, "json.wrong-type");
  EXPECT_NE(d[0].message.find("pack: version must be a string, not an integer"), std::string::npos)
      << d[0].message;
}

TEST(PackTest, DuplicateControlIdsNameBothFiles) {
  TempPack p;
  p.Control("a.json", SimpleControl("dup", kQ));
  std::string second = p.Control("b.json", SimpleControl("dup", kQ));
  Diagnostics d;
  auto pack = LoadPack(p.path(), {}, &d);
  ASSERT_FALSE(pack.ok());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].file, second);
  EXPECT_EQ(d[0].location.line, 2u);
  EXPECT_EQ(d[0].location.column, 9u);
  EXPECT_NE(d[0].message.find("duplicate control id (first defined at "), std::string::npos);
  EXPECT_NE(d[0].message.find("a.json:2:9"), std::string::npos) << d[0].message;
}

TEST(PackTest, ErrorsInEveryFileAreReported) {
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs { nope }"));
  p.Control("b.json", SimpleControl("b", kQ, "nonsense"));
  p.Control("c.json", SimpleControl("c", kQ));
  Diagnostics d;
  ASSERT_FALSE(LoadPack(p.path(), {}, &d).ok());
  ASSERT_EQ(d.size(), 2u);
  EXPECT_NE(d[0].file.find("a.json"), std::string::npos);
  EXPECT_NE(d[1].file.find("b.json"), std::string::npos);
}

TEST(PackTest, UnusedParameterIsAWarning) {
  TempPack p;
  p.Control("a.json", SimpleControl("a", kQ, "eq []",
                                    "\"parameters\": {\"n\": {\"type\": \"Int\", \"default\": 1}}"));
  Diagnostics d;
  auto pack = LoadPack(p.path(), {}, &d);
  ASSERT_TRUE(pack.ok()) << pack.status();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].severity, Severity::kWarning);
  EXPECT_EQ(d[0].code, "policy.unused-parameter");
}

// Found while writing fuzz/control_fuzzer: a queryFile naming a device
// (/dev/zero) was read until memory ran out. Only regular files are read.
TEST(PackTest, QueryFileThatIsNotARegularFileIsAnError) {
  TempPack p;
  p.Control("x.json",
            "{\"id\": \"x-1\", \"title\": \"t\", \"severity\": \"low\", \"provider\": \"aws\",\n"
            "\"checks\": [{\"name\": \"c\", \"queryFile\": \"/dev/zero\", \"expect\": \"eq []\"}]}");
  Diagnostics d;
  auto pack = LoadPack(p.path(), {}, &d);
  ASSERT_FALSE(pack.ok());
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].code, "policy.query-file");
  EXPECT_EQ(d[0].location.line, 2u);
  EXPECT_EQ(d[0].location.column, 39u);
}

// Likewise for an exceptions file named by a unit-test case
// (vigil/test_runner.h): "/dev/zero" is refused, not read forever.
TEST(PackTest, TestFileExceptionsThatAreNotARegularFileAreAnError) {
  TempPack p;
  p.Control("a.json", SimpleControl("a", kQ));
  Diagnostics d;
  auto pack = LoadPack(p.path(), {}, &d);
  ASSERT_TRUE(pack.ok()) << pack.status();
  const std::string text =
      R"({"control": "a", "cases": [{"name": "n", "graph": {"assets": []},)"
      "\n"
      R"( "exceptions": "/dev/zero", "expect": {"status": "pass"}}]})";
  Diagnostics td;
  auto file = ParseTestFile(text, p.path() + "/t.json", **pack, &td);
  ASSERT_FALSE(file.ok());
  ASSERT_EQ(td.size(), 1u);
  EXPECT_EQ(td[0].code, "test.missing-file");
  EXPECT_EQ(td[0].location.line, 2u);
  EXPECT_EQ(td[0].location.column, 16u);
}

// A pack that defines no control would pass every run: a pack error that
// says where the controls were looked for (and what was found instead).
TEST(PackTest, PackWithoutControlsIsAnError) {
  TempPack p;
  {
    Diagnostics d;
    auto pack = LoadPack(p.path(), {}, &d);
    ASSERT_FALSE(pack.ok());
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].severity, Severity::kError);
    EXPECT_EQ(d[0].code, "policy.no-controls");
    EXPECT_NE(d[0].message.find("/controls"), std::string::npos) << d[0].message;
  }
  p.Write("controls/A.JSON", "{}");
  p.Write("controls/sub/a.json", "{}");
  Diagnostics d;
  ASSERT_FALSE(LoadPack(p.path(), {}, &d).ok());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "policy.no-controls");
  EXPECT_NE(d[0].message.find("A.JSON"), std::string::npos) << d[0].message;
  EXPECT_NE(d[0].message.find("sub/"), std::string::npos) << d[0].message;
}

TEST(PackTest, BadManifests) {
  {
    Diagnostics d;
    EXPECT_FALSE(LoadPack("/nonexistent/pack", {}, &d).ok());
    ASSERT_FALSE(d.empty());
  }
  {
    TempPack p;
    p.Write("pack.json", "{\"name\": \"x\", \"version\": \"1\", \"schema\": \"none.graphql\", \"colour\": 1}");
    Diagnostics d;
    EXPECT_FALSE(LoadPack(p.path(), {}, &d).ok());
    ASSERT_FALSE(d.empty());
    EXPECT_EQ(d[0].location.column, 57u) << d[0].ToString();
    EXPECT_NE(d[0].message.find("unknown key \"colour\""), std::string::npos);
  }
  {
    TempPack p;
    p.Write("pack.json", "{\"name\": \"x\", \"version\": \"1\", \"schema\": \"none.graphql\"}");
    Diagnostics d;
    EXPECT_FALSE(LoadPack(p.path(), {}, &d).ok());
    ASSERT_FALSE(d.empty());
    EXPECT_NE(d[0].message.find("cannot read the schema file"), std::string::npos);
    EXPECT_EQ(d[0].location.column, 41u);
  }
  {
    TempPack p;
    p.Write("fragments.graphql", "fragment X on Nope { id }");
    p.Control("a.json", SimpleControl("a", kQ));
    Diagnostics d;
    EXPECT_FALSE(LoadPack(p.path(), {}, &d).ok());
  }
}

TEST(LintTest, NegatedScalarFiltersAndRowsWithoutId) {
  TempPack p;
  p.Control("a.json", SimpleControl("a", "vpcs(where: {state_NOT: \"available\", "
                                         "hasFlowLog_SOME: {trafficType_NOT_IN: [\"ALL\"]}}) { name }",
                                    "count eq 0"));
  p.Control("b.json", SimpleControl("b", "vpcs(where: {NOT: {state: \"available\"}, "
                                         "hasFlowLog_NOT: null}) { id }"));
  Diagnostics d;
  auto pack = LoadPack(p.path(), {}, &d);
  ASSERT_TRUE(pack.ok()) << pack.status();
  LintPack(**pack, &d);
  std::vector<std::string> codes;
  for (const auto& x : d) codes.push_back(x.code + " " + x.message);
  ASSERT_EQ(d.size(), 3u) << ::testing::PrintToString(codes);
  EXPECT_EQ(d[0].code, "lint.negated-filter");
  EXPECT_NE(d[0].message.find("`state_NOT`"), std::string::npos);
  EXPECT_EQ(d[0].location.column, 14u);  // in the query text
  EXPECT_EQ(d[1].code, "lint.negated-filter");
  EXPECT_NE(d[1].message.find("`trafficType_NOT_IN`"), std::string::npos);
  EXPECT_EQ(d[2].code, "lint.rows-without-id");
  for (const auto& x : d) EXPECT_EQ(x.severity, Severity::kWarning);
}

// The aggregation keys Neo4j GraphQL deprecates are accepted, and lint names
// what to write instead.
TEST(LintTest, DeprecatedAggregationKeys) {
  TempPack p;
  p.Control("a.json",
            SimpleControl("a", "vpcs(where: {hasFlowLogAggregate: {node: {flowLogStatus_SHORTEST_LT: 3, "
                               "flowLogStatus_EQUAL: \"ACTIVE\", flowLogStatus_GT: 6}}}) { id }"));
  p.Control("b.json", SimpleControl("b", "flowLogs(where: {vpcAggregate: {node: {id_EQUAL: \"x\"}}}) { id }"));
  Diagnostics d;
  auto pack = LoadPack(p.path(), {}, &d);
  ASSERT_TRUE(pack.ok()) << pack.status();
  LintPack(**pack, &d);
  std::vector<std::string> codes;
  for (const auto& x : d) codes.push_back(x.code + " " + x.message);
  ASSERT_EQ(d.size(), 4u) << ::testing::PrintToString(codes);
  for (const auto& x : d) EXPECT_EQ(x.code, "lint.deprecated-key");
  EXPECT_NE(d[0].message.find("write `flowLogStatus_SHORTEST_LENGTH_LT`"), std::string::npos)
      << d[0].message;
  EXPECT_EQ(d[0].location.column, 43u);  // in the query text
  EXPECT_NE(d[1].message.find("`hasFlowLog_SOME: {flowLogStatus: ...}`"), std::string::npos)
      << d[1].message;
  EXPECT_NE(d[2].message.find("length"), std::string::npos) << d[2].message;
  EXPECT_NE(d[3].message.find("`vpc: {id: ...}`"), std::string::npos) << d[3].message;
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

// Every regular file under `dir`, by '/'-separated name relative to it.
std::map<std::string, std::string> ReadTree(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    files[std::filesystem::relative(e.path(), dir).generic_string()] = text.str();
  }
  return files;
}

// The bundled pack from memory: the same controls and checks as from disk.
TEST(PackFromFilesTest, SamePackAsFromDisk) {
  auto disk = LoadPack(SourcePath("packs/cis-aws"));
  ASSERT_TRUE(disk.ok()) << disk.status();
  PackLoadOptions o;
  o.schema = (*disk)->schema;  // pack.json names a schema outside the pack
  std::map<std::string, std::string> files = ReadTree(SourcePath("packs/cis-aws"));
  Diagnostics d;
  auto mem = LoadPackFromFiles(files, "embedded", o, &d);
  ASSERT_TRUE(mem.ok()) << mem.status();
  EXPECT_TRUE((*mem)->in_memory);
  EXPECT_EQ((*mem)->name, (*disk)->name);
  ASSERT_EQ((*mem)->controls.size(), (*disk)->controls.size());
  for (size_t i = 0; i < (*mem)->controls.size(); ++i) {
    EXPECT_EQ((*mem)->controls[i].id, (*disk)->controls[i].id);
    EXPECT_EQ((*mem)->controls[i].checks.size(), (*disk)->controls[i].checks.size());
  }
  EXPECT_EQ((*mem)->controls[0].file.rfind("embedded/controls/", 0), 0u)
      << (*mem)->controls[0].file;
  // Without the schema option, the schema outside the root is not found.
  Diagnostics d2;
  EXPECT_FALSE(LoadPackFromFiles(files, "embedded", {}, &d2).ok());
  ASSERT_FALSE(d2.empty());
  EXPECT_EQ(d2[0].code, "policy.schema");
}

// A broken pack gives the same diagnostics from memory as from disk (file
// names apart): the loader is the same.
TEST(PackFromFilesTest, SameDiagnosticsAsFromDisk) {
  testing::TempPack dir;
  dir.Control("a.json", SimpleControl("a", "vpcs(where: {isDefalt: true}) { id }"));
  dir.Control("b.json", "{\"id\": \"b\", \"title\": \"t\", \"severity\": \"hihg\", "
                        "\"provider\": \"aws\", \"checks\": []}");
  dir.Write("controls/c.json",
            "{\"id\": \"c\", \"title\": \"t\", \"severity\": \"low\", \"provider\": \"aws\", "
            "\"checks\": [{\"name\": \"q\", \"queryFile\": \"c.graphql\", \"expect\": \"eq []\"}]}");
  dir.Write("controls/c.graphql", "{ vpcs { id nme } }");
  // pack.json names the schema by an absolute path, outside the files.
  PackLoadOptions o;
  o.schema = LoadPack(SourcePath("packs/cis-aws")).value()->schema;
  Diagnostics from_disk, from_memory;
  EXPECT_FALSE(LoadPack(dir.path(), o, &from_disk).ok());
  std::map<std::string, std::string> files = ReadTree(dir.path());
  EXPECT_FALSE(LoadPackFromFiles(files, dir.path(), o, &from_memory).ok());
  ASSERT_EQ(from_disk.size(), 4u);
  ASSERT_EQ(from_memory.size(), from_disk.size());
  for (size_t i = 0; i < from_disk.size(); ++i) {
    EXPECT_EQ(from_memory[i].ToString(), from_disk[i].ToString());
  }
  // Under another label, only the file names change.
  Diagnostics labelled;
  EXPECT_FALSE(LoadPackFromFiles(files, "scanner", o, &labelled).ok());
  ASSERT_EQ(labelled.size(), 4u);
  EXPECT_EQ(labelled[3].file, "scanner/controls/c.graphql");
  EXPECT_EQ(labelled[3].location.column, 13u);
  EXPECT_EQ(labelled[3].message, from_disk[3].message);
}

// A pack from memory may name a bundled schema by its file name; a file of
// that name among the pack's own files wins, whatever is on disk.
TEST(PackFromFilesTest, BundledSchemaByNameAndOwnSchemaFirst) {
  std::map<std::string, std::string> files = {
      {"pack.json", R"({"name": "m", "version": "1.0.0", "schema": "aws.graphql", "controls": "controls"})"},
      {"controls/a.json", SimpleControl("a", "vpcs(where: {isDefault: true}) { id }")},
  };
  PackLoadOptions o;
  o.bundled_schemas_dir = SourcePath("schemas");
  Diagnostics d;
  auto bundled = LoadPackFromFiles(files, "embedded", o, &d);
  ASSERT_TRUE(bundled.ok()) << bundled.status();
  EXPECT_NE((*bundled)->schema->FindType("Vpc"), kNoType);
  EXPECT_NE((*bundled)->schema->FindType("S3Bucket"), kNoType);

  // The pack's own aws.graphql (with only a Vpc type) is used instead.
  files["aws.graphql"] =
      "type Vpc { id: ID! isDefault: Boolean }\n";
  Diagnostics d2;
  auto own = LoadPackFromFiles(files, "embedded", o, &d2);
  ASSERT_TRUE(own.ok()) << own.status() << (d2.empty() ? "" : d2[0].ToString());
  EXPECT_NE((*own)->schema->FindType("Vpc"), kNoType);
  EXPECT_EQ((*own)->schema->FindType("S3Bucket"), kNoType);
}

TEST(PackFromFilesTest, MissingFilesAndEscapes) {
  Diagnostics d;
  EXPECT_FALSE(LoadPackFromFiles({}, "embedded", {}, &d).ok());
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].file, "embedded/pack.json");
  std::map<std::string, std::string> files = {
      {"pack.json", R"({"name": "p", "version": "1", "schema": "../schema.graphql"})"},
      {"schema.graphql", "type Bucket { id: ID! }"}};
  PackLoadOptions confined;
  confined.confine_to_pack = true;
  Diagnostics d2;
  EXPECT_FALSE(LoadPackFromFiles(files, "embedded", confined, &d2).ok());
  ASSERT_FALSE(d2.empty());
  EXPECT_EQ(d2[0].code, "policy.outside-pack");
  // The header's example loads.
  files = {{"pack.json", R"({"name": "mini", "version": "1", "schema": "schema.graphql"})"},
           {"schema.graphql", "type Bucket { id: ID! public: Boolean }"},
           {"controls/public.json",
            R"({"id": "public", "title": "No public bucket", "severity": "high",
                "provider": "aws", "checks": [{"name": "public",
                "query": "{ buckets(where: {public: true}) { id } }", "expect": "eq []"}]})"}};
  Diagnostics d3;
  auto pack = LoadPackFromFiles(files, "embedded", {}, &d3);
  ASSERT_TRUE(pack.ok()) << pack.status();
  EXPECT_EQ((*pack)->controls.size(), 1u);
}

}  // namespace
}  // namespace vigil
