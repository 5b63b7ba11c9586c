// The evidence reports carry (issue 17): parameter values with their
// source, each offending row's selected fields and the check's `reason`
// for it, and check descriptions, in every report format.
#include <gtest/gtest.h>

#include "src/policy/reason.h"
#include "tests/policy/test_util.h"
#include "vigil/engine.h"
#include "vigil/json_loader.h"
#include "vigil/parameters.h"
#include "vigil/report.h"
#include "vigil/report_merge.h"

namespace vigil {
namespace {

using testing::SourcePath;
using testing::TempPack;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A control over the demo graph: flow logs whose log group keeps logs for
// fewer than $minRetentionDays days (the demo's groups keep them 365).
std::string RetentionControl(const std::string& reason, const std::string& query_fields =
                                                            "id name deliversTo { id retentionInDays }") {
  return R"({"id": "ret", "title": "Log retention", "severity": "low", "provider": "aws",
  "parameters": {"minRetentionDays": {"type": "Int!", "default": 365},
                 "other": {"type": "String", "default": "x"}},
  "checks": [{"name": "keeps logs", "description": "Flow logs go to a group that keeps them.",)" +
         (reason.empty() ? std::string() : "\n    \"reason\": \"" + reason + "\",") +
         R"(
    "query": "flowLogs(where: {deliversTo: {retentionInDays_LT: $minRetentionDays}, name_NOT: $other}) { )" +
         query_fields + R"( }",
    "expect": "eq []"}]})";
}

class EvidenceTest : public ::testing::Test {
 protected:
  void Load(const std::string& control) {
    pack_dir_.Control("ret.json", control);
    Diagnostics diags;
    auto pack = LoadPack(pack_dir_.path(), {}, &diags);
    ASSERT_TRUE(pack.ok()) << pack.status();
    pack_ = *pack;
    auto g = LoadGraphJsonFile(SourcePath("examples/demo-aws.json"), pack_->schema);
    ASSERT_TRUE(g.ok()) << g.status();
    graph_ = *g;
  }
  Report Run(const ParameterOverrides& overrides) {
    RunOptions o;
    o.now = ParseInstant("2026-01-15T00:00:00Z").value();
    o.threads = 1;
    o.overrides = overrides;
    auto r = RunPack(*pack_, *graph_, o);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : Report{};
  }
  // Loads a control expected to be refused; returns the diagnostics.
  Diagnostics Refused(const std::string& control) {
    pack_dir_.Control("ret.json", control);
    Diagnostics diags;
    EXPECT_FALSE(LoadPack(pack_dir_.path(), {}, &diags).ok());
    return diags;
  }

  TempPack pack_dir_;
  std::shared_ptr<const Pack> pack_;
  std::shared_ptr<const Graph> graph_;
};

// ---- 1. parameter values and their sources --------------------------------

TEST(ParameterSourcesTest, FlagAndFileRecordWhereAValueCameFrom) {
  ParameterOverrides o;
  ASSERT_TRUE(ParseParamFlag("c.days=30", &o).ok());
  ASSERT_TRUE(ParseParamsFile(R"({"d": {"x": 1}})", "team.json", &o).ok());
  EXPECT_EQ(o.sources["c"]["days"].kind, "command line");
  EXPECT_EQ(o.sources["d"]["x"].kind, "file");
  EXPECT_EQ(o.sources["d"]["x"].file, "team.json");
  // A file read later replaces the value and its source.
  ASSERT_TRUE(ParseParamsFile(R"({"c": {"days": 40}})", "later.json", &o).ok());
  EXPECT_EQ(o["c"]["days"].ToJson(), "40");
  EXPECT_EQ(o.sources["c"]["days"].file, "later.json");
}

TEST_F(EvidenceTest, ReportRecordsEachParameterWithItsSource) {
  Load(RetentionControl(""));
  Report by_default = Run({});
  ASSERT_EQ(by_default.controls.size(), 1u);
  EXPECT_EQ(by_default.controls[0].status, Outcome::kPass);
  const auto& params = by_default.controls[0].parameters;
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].name, "minRetentionDays");
  EXPECT_EQ(params[0].type, "Int!");
  EXPECT_EQ(params[0].value.ToJson(), "365");
  EXPECT_EQ(params[0].source, "default");
  EXPECT_FALSE(params[0].overridden());

  ParameterOverrides o;
  ASSERT_TRUE(ParseParamFlag("ret.minRetentionDays=400", &o).ok());
  ASSERT_TRUE(ParseParamsFile(R"({"ret": {"other": "y"}})", "p.json", &o, nullptr, pack_.get())
                  .ok());
  Report r = Run(o);
  EXPECT_EQ(r.controls[0].status, Outcome::kFail);
  const auto& p = r.controls[0].parameters;
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].value.ToJson(), "400");
  EXPECT_EQ(p[0].source, "command line");
  EXPECT_EQ(p[0].default_value.ToJson(), "365");
  EXPECT_EQ(p[1].source, "file");
  EXPECT_EQ(p[1].file, "p.json");

  // An override a program gives without a source.
  ParameterOverrides bare;
  bare["ret"]["minRetentionDays"] = Value(int64_t{400});
  EXPECT_EQ(Run(bare).controls[0].parameters[0].source, "caller");
}

TEST_F(EvidenceTest, EveryFormatSaysWhichValuesWereOverridden) {
  Load(RetentionControl(""));
  Report by_default = Run({});
  // Text: nothing about parameters unless one was overridden or verbose.
  EXPECT_FALSE(Has(RenderReport(by_default, ReportFormat::kText), "minRetentionDays"));
  TextOptions verbose;
  verbose.verbose = true;
  EXPECT_TRUE(Has(RenderReport(by_default, ReportFormat::kText, verbose),
                  "ret  minRetentionDays = 365 (default)"));

  ParameterOverrides o;
  ASSERT_TRUE(ParseParamFlag("ret.minRetentionDays=30", &o).ok());
  ASSERT_TRUE(ParseParamsFile(R"({"ret": {"other": "y"}})", "p.json", &o).ok());
  Report r = Run(o);
  const std::string text = RenderReport(r, ReportFormat::kText);
  EXPECT_TRUE(Has(text, "Parameter overrides:")) << text;
  EXPECT_TRUE(Has(text, "ret  minRetentionDays = 30 (command line; default 365)")) << text;
  EXPECT_TRUE(Has(text, "ret  other = \"y\" (file p.json; default \"x\")")) << text;

  const std::string json = RenderReport(r, ReportFormat::kJson);
  EXPECT_TRUE(Has(json, "\"source\": \"command line\"")) << json;
  EXPECT_TRUE(Has(json, "\"file\": \"p.json\"")) << json;
  // The JSON always lists them, overridden or not.
  EXPECT_TRUE(Has(RenderReport(by_default, ReportFormat::kJson), "\"source\": \"default\""));

  const std::string html = RenderReport(r, ReportFormat::kHtml);
  EXPECT_TRUE(Has(html, "<h4>Parameters</h4>")) << html;
  EXPECT_TRUE(Has(html, "class=\"overridden\"><code>minRetentionDays</code>")) << html;
  EXPECT_TRUE(Has(html, "(command line; default <code>365</code>)")) << html;

  const std::string sarif = RenderReport(r, ReportFormat::kSarif);
  EXPECT_TRUE(Has(sarif, "\"parameters\":")) << sarif;
  EXPECT_TRUE(Has(sarif, "\"source\":\"command line\"") ||
              Has(sarif, "\"source\": \"command line\""))
      << sarif;

  const std::string ocsf = RenderReport(r, ReportFormat::kOcsf);
  EXPECT_TRUE(Has(ocsf, "\"parameters\"")) << ocsf;
  EXPECT_TRUE(Has(ocsf, "command line")) << ocsf;

  const std::string junit = RenderReport(r, ReportFormat::kJunit);
  EXPECT_TRUE(Has(junit, "<property name=\"parameter.minRetentionDays\" value=\"30 (command "
                         "line)\"/>"))
      << junit;
  EXPECT_TRUE(Has(junit, "<property name=\"parameter.other\" value=\"&quot;y&quot; (file "
                         "p.json)\"/>"))
      << junit;
}

TEST_F(EvidenceTest, JsonReaderAndMergeKeepParametersDescriptionsAndReasons) {
  Load(RetentionControl("retention {deliversTo.retentionInDays} < {$minRetentionDays}"));
  ParameterOverrides o;
  ASSERT_TRUE(ParseParamsFile(R"({"ret": {"minRetentionDays": 400}})", "p.json", &o).ok());
  Report r = Run(o);
  auto back = ReportFromJson(RenderReport(r, ReportFormat::kJson), "r.json");
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->controls.size(), 1u);
  const ControlReport& c = back->controls[0];
  ASSERT_EQ(c.parameters.size(), 2u);
  EXPECT_EQ(c.parameters[0].value.ToJson(), "400");
  EXPECT_EQ(c.parameters[0].source, "file");
  EXPECT_EQ(c.parameters[0].file, "p.json");
  EXPECT_TRUE(c.parameters[0].has_default);
  EXPECT_EQ(c.parameters[0].default_value.ToJson(), "365");
  EXPECT_EQ(c.checks[0].description, "Flow logs go to a group that keeps them.");
  ASSERT_FALSE(c.checks[0].offending.empty());
  EXPECT_EQ(c.checks[0].offending[0].reason, "retention 365 < 400");
  // The JSON of the read report is the same.
  EXPECT_EQ(RenderReport(*back, ReportFormat::kJson), RenderReport(r, ReportFormat::kJson));

  std::vector<Report> parts = {r, *back};
  auto merged = MergeReports(parts);
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(merged->controls[0].parameters.size(), 2u);
  EXPECT_EQ(merged->controls[0].parameters[0].source, "file");
  EXPECT_EQ(merged->controls[0].checks[0].description, "Flow logs go to a group that keeps them.");
  EXPECT_EQ(merged->controls[0].checks[0].offending[0].reason, "retention 365 < 400");
}

// ---- 2. evidence: selected fields and the reason --------------------------

TEST_F(EvidenceTest, TextAndHtmlShowTheSelectedFieldsOfEachOffendingRow) {
  Load(RetentionControl(""));
  ParameterOverrides o;
  o["ret"]["minRetentionDays"] = Value(int64_t{400});
  Report r = Run(o);
  const std::string text = RenderReport(r, ReportFormat::kText);
  EXPECT_TRUE(Has(text, "deliversTo.id: arn:aws:logs:eu-west-1:111122223333:log-group:/vpc/"
                        "shared-services; deliversTo.retentionInDays: 365\n"))
      << text;
  const std::string html = RenderReport(r, ReportFormat::kHtml);
  EXPECT_TRUE(Has(html, "<th>Why</th>")) << html;
  EXPECT_TRUE(Has(html, "deliversTo.retentionInDays: 365")) << html;
}

TEST(RowFieldsTest, LongValuesAndManyFieldsAreCutAndEscapesShownSafely) {
  Report r;
  ControlReport c;
  c.id = "c";
  c.status = Outcome::kFail;
  CheckReport k;
  k.name = "k";
  k.status = Outcome::kFail;
  ReportRow row;
  row.id = "a1";
  Value::Object fields{{"id", "a1"}, {"note", std::string(200, 'x')}, {"esc", "\x1b[31mred"}};
  for (int i = 0; i < 20; ++i) fields.emplace_back("f" + std::to_string(i), int64_t{i});
  fields.emplace_back("nested", Value(Value::Object{{"deep", Value(Value::Object{{"v", true}})}}));
  fields.emplace_back("list", Value(Value::Array{Value(Value::Object{{"k", "a"}}),
                                                 Value(Value::Object{{"k", "b"}})}));
  row.row = Value(std::move(fields));
  row.reason = "because \x1b]0;title\x07";
  k.offending.push_back(row);
  c.checks.push_back(k);
  r.controls.push_back(c);
  const std::string text = RenderReport(r, ReportFormat::kText);
  EXPECT_TRUE(Has(text, std::string(80, 'x') + "\xE2\x80\xA6 120 more characters")) << text;
  EXPECT_TRUE(Has(text, "\xE2\x80\xA6 13 more fields")) << text;  // 25 fields, 12 shown
  EXPECT_FALSE(Has(text, "\x1b")) << text;  // escapes are shown, never sent
  EXPECT_TRUE(Has(text, "esc: \\x1b[31mred") || Has(text, "esc: \\e[31mred")) << text;
  EXPECT_TRUE(Has(text, "because ")) << text;
  // Nested objects as dotted paths, elements of a list of objects indexed.
  c.checks[0].offending[0].row =
      Value(Value::Object{{"nested", Value(Value::Object{{"deep", Value(Value::Object{{"v", true}})}})},
                          {"list", Value(Value::Array{Value(Value::Object{{"k", "a"}}),
                                                      Value(Value::Object{{"k", "b"}})})},
                          {"tags", Value(Value::Array{Value("a"), Value("b")})}});
  r.controls[0] = c;
  const std::string t2 = RenderReport(r, ReportFormat::kText);
  EXPECT_TRUE(Has(t2, "nested.deep.v: true; list[0].k: a; list[1].k: b; tags: [\"a\",\"b\"]"))
      << t2;
}

TEST_F(EvidenceTest, ReasonIsRenderedPerRowInEveryFormat) {
  Load(RetentionControl("retention {deliversTo.retentionInDays} < {$minRetentionDays} days"));
  ParameterOverrides o;
  o["ret"]["minRetentionDays"] = Value(int64_t{400});
  Report r = Run(o);
  ASSERT_EQ(r.controls[0].status, Outcome::kFail);
  ASSERT_EQ(r.controls[0].checks[0].offending.size(), 5u);
  for (const ReportRow& row : r.controls[0].checks[0].offending) {
    EXPECT_EQ(row.reason, "retention 365 < 400 days") << row.id;
  }
  const std::string why = "retention 365 &lt; 400 days";
  EXPECT_TRUE(Has(RenderReport(r, ReportFormat::kText), "\n          retention 365 < 400 days\n"));
  EXPECT_TRUE(Has(RenderReport(r, ReportFormat::kJson), "\"reason\": \"retention 365 < 400 days\""));
  EXPECT_TRUE(Has(RenderReport(r, ReportFormat::kHtml), why));
  EXPECT_TRUE(Has(RenderReport(r, ReportFormat::kSarif), "(check: keeps logs): retention 365 < 400 days"));
  EXPECT_TRUE(Has(RenderReport(r, ReportFormat::kOcsf), "retention 365 < 400 days"));
  EXPECT_TRUE(Has(RenderReport(r, ReportFormat::kJunit), ": retention 365 &lt; 400 days"));
}

TEST(ReasonTest, ListsJoinAndMissingValuesAreNull) {
  std::vector<policy::ReasonPart> parts;
  std::string why;
  uint32_t at = 0;
  ASSERT_TRUE(policy::ParseReason("{{x}} {logs.days} / {name} / {$p} / {gone}", &parts, &why, &at))
      << why;
  Value row(Value::Object{
      {"name", Value()},
      {"logs", Value(Value::Array{Value(Value::Object{{"days", int64_t{30}}}),
                                  Value(Value::Object{{"days", int64_t{90}}})})}});
  Value vars(Value::Object{{"p", Value(Value::Array{Value("a"), Value("b")})}});
  EXPECT_EQ(policy::RenderReason(parts, row, vars), "{x} 30, 90 / null / [\"a\",\"b\"] / null");
}

TEST_F(EvidenceTest, ReasonOverAListOfRelatedAssets) {
  Load(R"({"id": "ret", "title": "t", "severity": "low", "provider": "aws",
  "checks": [{"name": "k", "reason": "flow logs: {hasFlowLog.flowLogStatus}",
    "query": "vpcs { id hasFlowLog { flowLogStatus } }", "expect": "eq []"}]})");
  Report r = Run({});
  int none = 0, some = 0;
  for (const ReportRow& row : r.controls[0].checks[0].offending) {
    if (row.reason == "flow logs: null") ++none;
    if (row.reason.find("ACTIVE") != std::string::npos) ++some;
  }
  EXPECT_GT(none, 0);
  EXPECT_GT(some, 0);
}

TEST_F(EvidenceTest, BadReasonsAreLocatedErrorsWithSuggestions) {
  auto one = [&](const std::string& reason) {
    Diagnostics d = Refused(RetentionControl(reason));
    EXPECT_EQ(d.size(), 1u) << reason;
    return d.empty() ? Diagnostic{} : d[0];
  };
  Diagnostic d = one("retention {deliversTo.retentionInDay}");
  EXPECT_EQ(d.code, "policy.bad-reason");
  EXPECT_TRUE(Has(d.message, "Did you mean \\\"deliversTo.retentionInDays\\\"") ||
              Has(d.message, "Did you mean \"deliversTo.retentionInDays\""))
      << d.message;
  EXPECT_GT(d.location.line, 0u);
  d = one("x {$minRetention}");
  EXPECT_EQ(d.code, "policy.bad-reason");
  EXPECT_TRUE(Has(d.message, "minRetentionDays")) << d.message;
  EXPECT_EQ(one("a {b").code, "policy.bad-reason");
  EXPECT_EQ(one("a } b").code, "policy.bad-reason");
  EXPECT_EQ(one("{}").code, "policy.bad-reason");
  // A field the query does not select (region is not selected here).
  EXPECT_EQ(one("{region}").code, "policy.bad-reason");
  // Literal braces are fine.
  Load(RetentionControl("{{literal}} {id}"));
}

// ---- 3. check descriptions ------------------------------------------------

TEST_F(EvidenceTest, CheckDescriptionIsKeptAndShown) {
  Load(RetentionControl(""));
  ASSERT_EQ(pack_->controls[0].checks[0].description, "Flow logs go to a group that keeps them.");
  ParameterOverrides o;
  o["ret"]["minRetentionDays"] = Value(int64_t{400});
  Report r = Run(o);
  EXPECT_EQ(r.controls[0].checks[0].description, "Flow logs go to a group that keeps them.");
  const std::string d = "Flow logs go to a group that keeps them.";
  EXPECT_TRUE(Has(RenderReport(r, ReportFormat::kText), "    " + d + "\n"));
  EXPECT_TRUE(Has(RenderReport(r, ReportFormat::kJson), "\"description\": \"" + d + "\""));
  EXPECT_TRUE(Has(RenderReport(r, ReportFormat::kHtml), "<div class=\"check-desc\">" + d));
  EXPECT_TRUE(Has(RenderReport(r, ReportFormat::kSarif), "Check 'keeps logs': " + d));
}

}  // namespace
}  // namespace vigil
