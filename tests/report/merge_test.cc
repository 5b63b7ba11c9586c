// ReportFromJson (vigil/report.h) and MergeReports (vigil/report_merge.h).
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/policy/test_util.h"
#include "tests/report/sample_report.h"
#include "vigil/engine.h"
#include "vigil/json_loader.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"
#include "vigil/report.h"
#include "vigil/report_merge.h"
#include "vigil/waivers.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;

std::string Json(const Report& r) {
  return RenderReport(r, ReportFormat::kJson);
}

// ---- ReportFromJson ------------------------------------------------------

TEST(ReportFromJson, RoundTripsEverySampleReport) {
  struct Sample {
    Report report;
    bool valid_utf8;
  } samples[] = {{testing::MixedReport(), false},
                 {testing::HostileReport(), true},
                 {testing::EmptyReport(), true},
                 {testing::LargeReport(300), true}};
  for (const Sample& sample : samples) {
    const Report& r = sample.report;
    std::string json = Json(r);
    absl::StatusOr<Report> back = ReportFromJson(json, "r.json");
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(Json(*back), json);
    // Every other format is rendered from the same data, except that the
    // JSON form cannot carry bytes that are not UTF-8 (MixedReport's kOddId
    // has one; every writer shows U+FFFD for it, but OCSF's finding uid
    // hashes the id as it is).
    for (ReportFormat f :
         {ReportFormat::kText, ReportFormat::kSarif, ReportFormat::kJunit,
          ReportFormat::kOcsf, ReportFormat::kHtml}) {
      if (f == ReportFormat::kOcsf && !sample.valid_utf8) continue;
      EXPECT_EQ(RenderReport(*back, f), RenderReport(r, f))
          << static_cast<int>(f);
    }
  }
}

TEST(ReportFromJson, KeepsStructure) {
  absl::StatusOr<Report> r = ReportFromJson(Json(testing::MixedReport()));
  ASSERT_TRUE(r.ok()) << r.status();
  Report want = testing::MixedReport();
  ASSERT_EQ(r->controls.size(), want.controls.size());
  EXPECT_EQ(r->controls[0].checks[0].offending.size(), 3u);
  EXPECT_EQ(r->controls[0].checks[0].waived[0].exception_index, 0);
  EXPECT_EQ(r->controls[0].checks[0].offending[0].row,
            want.controls[0].checks[0].offending[0].row);
  EXPECT_EQ(r->exceptions.size(), want.exceptions.size());
  EXPECT_EQ(r->summary.offending_assets, want.summary.offending_assets);
  EXPECT_EQ(r->pack_name, want.pack_name);
}

TEST(ReportFromJson, IgnoresUnknownKeysAndDefaultsOptionalOnes) {
  absl::StatusOr<Report> r = ReportFromJson(
      R"({"future": 1, "controls": [{"id": "c", "status": "fail", "later": [],
          "checks": [{"name": "k", "status": "fail", "offending": [{"id": "a"}]}]}]})");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->controls.size(), 1u);
  EXPECT_EQ(r->controls[0].status, Outcome::kFail);
  EXPECT_EQ(r->controls[0].checks[0].offending[0].id, "a");
}

TEST(ReportFromJson, ErrorsNameTheJsonPath) {
  struct Case {
    const char* json;
    const char* want;
  } cases[] = {
      {R"({"pack": {}})", "$: missing key \"controls\""},
      {R"({"controls": {}})", "$.controls: expected an array"},
      {R"({"controls": [{"status": "pass"}]})",
       "$.controls[0]: missing key \"id\""},
      {R"({"controls": [{"id": "c", "status": "great"}]})",
       "$.controls[0].status: \"great\" is not a status"},
      {R"({"controls": [{"id": "c", "status": "pass", "checks": [{"name": 3}]}]})",
       "$.controls[0].checks[0].name: expected a string"},
      {R"({"controls": [{"id": "c", "status": "pass", "checks": [{"name": "k",
          "status": "waived", "waived": [{"id": "a", "exception_index": 2}]}]}]})",
       "$.controls[0].checks[0].waived[0].exception_index: no exception 2"},
      {R"({"controls": [], "summary": {"controls": "many"}})",
       "$.summary.controls: expected an integer"},
      {R"([1, 2])", "$: expected an object"},
      {R"({"product": "vigil", "controls": []})", "$.product: expected an object"},
      {R"({"pack": 1, "controls": []})", "$.pack: expected an object"},
      {R"({"controls": [], "graph": "g.json"})", "$.graph: expected an object"},
      {R"({"controls": [], "summary": []})", "$.summary: expected an object"},
      {R"({"controls": [], "collections": true})", "$.collections: expected an object"},
      {R"({"controls": [], "timing": null})", "$.timing: expected an object"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<Report> r = ReportFromJson(c.json, "r.json");
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.want)) << c.json;
    EXPECT_THAT(std::string(r.status().message()), HasSubstr("r.json: "))
        << c.json;
  }
  absl::StatusOr<Report> bad =
      ReportFromJson("{\"controls\": [\n  1,,\n]}", "r.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr(":2:"));
}

// ---- MergeReports over engine runs ----------------------------------------

// One account's VPCs: `bare` without flow logs, `inactive` with an INACTIVE
// one, `ok` with an ACTIVE one, and `defaults` default VPCs (each with an
// ACTIVE flow log).
std::string AccountAssets(const std::string& acct, int bare, int inactive,
                          int ok, int defaults) {
  std::string s;
  auto vpc = [&](const std::string& id, const std::string& extra,
                 const std::string& flow) {
    if (!s.empty()) s += ",\n";
    s += R"({"id": ")" + id +
         R"(", "type": "Vpc", "properties": {"accountId": ")" + acct +
         R"(", "region": "eu-west-1", "name": ")" + id + "\"" + extra + "}";
    if (!flow.empty()) {
      s += R"(, "hasFlowLog": [{"id": "fl-)" + id +
           R"(", "properties": {"flowLogStatus": ")" + flow + R"("}}])";
    }
    s += "}";
  };
  for (int i = 0; i < bare; ++i)
    vpc("vpc-" + acct + "-bare-" + std::to_string(i), "", "");
  for (int i = 0; i < inactive; ++i) {
    vpc("vpc-" + acct + "-inactive-" + std::to_string(i), "", "INACTIVE");
  }
  for (int i = 0; i < ok; ++i)
    vpc("vpc-" + acct + "-ok-" + std::to_string(i), "", "ACTIVE");
  for (int i = 0; i < defaults; ++i) {
    vpc("vpc-" + acct + "-default-" + std::to_string(i),
        R"(, "isDefault": true)", "ACTIVE");
  }
  return s;
}

std::string GraphOf(const std::vector<std::string>& parts) {
  std::string s = "{\"assets\": [\n";
  bool first = true;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!first) s += ",\n";
    first = false;
    s += p;
  }
  return s + "\n]}\n";
}

// Times differ between runs; everything else must not.
Report WithoutTimes(Report r) {
  r.load_ms = r.compile_ms = r.evaluate_ms = 0;
  r.graph_path.clear();
  for (ControlReport& c : r.controls) {
    c.time_ms = 0;
    for (CheckReport& k : c.checks) k.time_ms = 0;
  }
  return r;
}

class MergeRuns : public ::testing::Test {
 protected:
  void SetUp() override {
    pack_dir_.Control(
        "a-flow.json",
        testing::SimpleControl(
            "flow",
            R"(vpcs(where: {OR: [{hasFlowLog: null}, {hasFlowLog_NONE: {flowLogStatus: "ACTIVE"}}]}){...AssetFragment})"));
    pack_dir_.Control("b-default.json",
                      testing::SimpleControl(
                          "default-vpc",
                          R"(vpcs(where: {isDefault: true}){...AssetFragment})",
                          "count eq 0"));
    pack_dir_.Control(
        "c-tenancy.json",
        testing::SimpleControl(
            "tenancy",
            R"(vpcs(where: {instanceTenancy: "dedicated"}){...AssetFragment})"));
    Diagnostics diags;
    auto pack = LoadPack(pack_dir_.path(), {}, &diags);
    ASSERT_TRUE(pack.ok()) << pack.status();
    pack_ = *pack;
    auto ex = ExceptionSet::Parse(R"({"exceptions": [
      {"control": "default-vpc", "assets": ["vpc-a-default-*"], "owner": "net",
       "reason": "landing zone", "expires": "2030-01-01"},
      {"control": "flow", "assets": ["vpc-nowhere"], "owner": "net", "reason": "gone",
       "expires": "2030-01-01"},
      {"control": "flow", "assets": ["vpc-c-inactive-*"], "owner": "net", "reason": "old",
       "expires": "2020-01-01"},
      {"control": "flow", "assets": ["vpc-b-bare-0", "vpc-c-bare-1"], "owner": "app",
       "reason": "migrating", "expires": "2030-01-01"}]})",
                                  "exceptions.json", pack_.get());
    ASSERT_TRUE(ex.ok()) << ex.status();
    exceptions_ = *ex;
  }

  Report Run(const std::string& graph_json, const std::string& path) {
    LoadOptions lo;
    lo.file_name = path;
    auto g = LoadGraphJson(graph_json, pack_->schema, lo);
    EXPECT_TRUE(g.ok()) << g.status();
    if (!g.ok()) return {};
    RunOptions ro;
    ro.threads = 2;
    ro.now = ParseInstant("2026-03-01T12:00:00Z");
    ro.exceptions = &exceptions_;
    ro.graph_path = path;
    auto r = RunPack(*pack_, **g, ro);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : Report{};
  }

  testing::TempPack pack_dir_;
  std::shared_ptr<const Pack> pack_;
  ExceptionSet exceptions_;
};

TEST_F(MergeRuns, PerAccountRunsMergeToTheRunOverTheUnionGraph) {
  std::vector<std::string> accounts = {
      AccountAssets("a", 2, 1, 3, 2),  // fails flow, default-vpc waived
      AccountAssets("b", 1, 0, 2, 0),  // flow: its one bare VPC is waived
      AccountAssets("c", 2, 2, 0, 1),  // fails both; an expired exception
      AccountAssets("d", 0, 0, 4, 0),  // passes everything
  };
  std::vector<Report> parts;
  for (size_t i = 0; i < accounts.size(); ++i) {
    parts.push_back(
        Run(GraphOf({accounts[i]}), "acct-" + std::to_string(i) + ".json"));
  }
  Report whole = Run(GraphOf(accounts), "org.json");
  absl::StatusOr<Report> merged = MergeReports(parts);
  ASSERT_TRUE(merged.ok()) << merged.status();

  EXPECT_EQ(Json(WithoutTimes(*merged)), Json(WithoutTimes(whole)));
  // The union run is what one would expect.
  EXPECT_EQ(whole.summary.failed, 2);
  EXPECT_EQ(whole.summary.passed, 1);
  EXPECT_EQ(whole.controls[0].checks[0].waived.size(), 2u);
  EXPECT_EQ(whole.exceptions.size(), 4u);
  EXPECT_EQ(whole.exceptions[1].state, "stale");
  EXPECT_EQ(whole.exceptions[2].state, "expired");
  EXPECT_EQ(whole.exceptions[3].state, "active");
  EXPECT_EQ(merged->graph_path,
            "acct-0.json, acct-1.json, acct-2.json, acct-3.json");
  EXPECT_EQ(merged->summary.assets_evaluated, whole.summary.assets_evaluated);

  // The same through JSON, as reports come back from workers.
  std::vector<Report> from_json;
  for (const Report& p : parts) from_json.push_back(*ReportFromJson(Json(p)));
  absl::StatusOr<Report> merged2 = MergeReports(from_json);
  ASSERT_TRUE(merged2.ok()) << merged2.status();
  EXPECT_EQ(Json(WithoutTimes(*merged2)), Json(WithoutTimes(whole)));
}

TEST_F(MergeRuns, WaivedOnlyInOneAccount) {
  // Account a: the default VPCs are waived; b has none. Merged: waived.
  std::vector<std::string> accounts = {AccountAssets("a", 0, 0, 1, 2),
                                       AccountAssets("b", 0, 0, 1, 0)};
  std::vector<Report> parts = {Run(GraphOf({accounts[0]}), "a"),
                               Run(GraphOf({accounts[1]}), "b")};
  Report whole = Run(GraphOf(accounts), "ab");
  absl::StatusOr<Report> merged = MergeReports(parts);
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(Json(WithoutTimes(*merged)), Json(WithoutTimes(whole)));
  EXPECT_EQ(merged->controls[1].status, Outcome::kWaived);
  EXPECT_EQ(merged->summary.waived, 1);
}

TEST_F(MergeRuns, OneReportMergesToItself) {
  Report r = Run(GraphOf({AccountAssets("a", 1, 1, 1, 1)}), "a.json");
  absl::StatusOr<Report> merged = MergeReports(std::vector<Report>{r});
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(Json(*merged), Json(r));
}

// ---- MergeReports on hand-built reports
// --------------------------------------

Report OneCheck(const std::string& pack, Outcome status,
                std::vector<std::string> offending,
                const std::string& expect = "eq []",
                const std::string& message = "") {
  Report r;
  r.pack_name = pack;
  r.pack_version = "1";
  r.generated_at = "2026-01-01T00:00:00Z";
  ControlReport c;
  c.id = "c1";
  c.status = status;
  CheckReport k;
  k.name = "k";
  k.query = "vpcs{id}";
  k.expect = expect;
  k.status = status;
  k.message = message;
  for (const std::string& id : offending) {
    ReportRow row;
    row.id = id;
    k.offending.push_back(row);
  }
  c.checks.push_back(k);
  r.controls.push_back(c);
  r.summary.assets_evaluated = 10;
  return r;
}

TEST(MergeReports, RefusesNothingAndOtherPacks) {
  EXPECT_FALSE(MergeReports({}).ok());
  std::vector<Report> two = {OneCheck("p", Outcome::kPass, {}),
                             OneCheck("q", Outcome::kPass, {})};
  absl::StatusOr<Report> m = MergeReports(two);
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(std::string(m.status().message()), HasSubstr("different packs"));

  std::vector<Report> other = {OneCheck("p", Outcome::kPass, {}),
                               OneCheck("p", Outcome::kPass, {})};
  other[1].controls[0].checks[0].query = "subnets{id}";
  m = MergeReports(other);
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(std::string(m.status().message()), HasSubstr("another query"));
}

TEST(MergeReports, PointersMergeAsCopiesDo) {
  std::vector<Report> parts = {OneCheck("p", Outcome::kFail, {"x"}),
                               OneCheck("p", Outcome::kFail, {"y"})};
  absl::StatusOr<Report> by_value = MergeReports(parts);
  std::vector<const Report*> pointers = {&parts[0], &parts[1]};
  absl::StatusOr<Report> by_pointer = MergeReportPointers(pointers);
  ASSERT_TRUE(by_value.ok() && by_pointer.ok());
  EXPECT_EQ(Json(*by_pointer), Json(*by_value));
  pointers.push_back(nullptr);
  absl::StatusOr<Report> bad = MergeReportPointers(pointers);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("report 2 to merge is null"));
  EXPECT_FALSE(MergeReportPointers({}).ok());
}

TEST(MergeReports, ErrorWinsOverFailWinsOverPass) {
  std::vector<Report> parts = {
      OneCheck("p", Outcome::kFail, {"x"}),
      OneCheck("p", Outcome::kError, {}, "eq []", "evaluation failed: boom"),
      OneCheck("p", Outcome::kPass, {})};
  absl::StatusOr<Report> m = MergeReports(parts);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->controls[0].status, Outcome::kError);
  EXPECT_EQ(m->controls[0].checks[0].message, "evaluation failed: boom");
  EXPECT_EQ(m->summary.errors, 1);
  EXPECT_EQ(m->summary.assets_evaluated, 30);
  EXPECT_EQ(m->summary.offending_assets, 1);

  parts.erase(parts.begin() + 1);
  m = MergeReports(parts);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->controls[0].status, Outcome::kFail);
  EXPECT_EQ(m->controls[0].checks[0].message,
            "1 offending row (expected `eq []`)");
}

// Shards run with other parameter values do not merge (the override would
// be hidden); listed passed assets add up while every shard lists them.
TEST(MergeReports, ParametersMustAgreeAndPassedListsAddUp) {
  auto with_param = [](Outcome o, std::vector<std::string> ids, int64_t days,
                       std::vector<std::string> passed) {
    Report r = OneCheck("p", o, ids);
    ParameterReport pr;
    pr.name = "days";
    pr.type = "Int!";
    pr.value = Value(days);
    pr.source = "default";
    r.controls[0].parameters.push_back(pr);
    r.controls[0].checks[0].passed_listed = true;
    r.controls[0].checks[0].passed = std::move(passed);
    return r;
  };
  std::vector<Report> parts = {with_param(Outcome::kFail, {"x"}, 90, {"a"}),
                               with_param(Outcome::kPass, {}, 90, {"b", "c"})};
  absl::StatusOr<Report> m = MergeReports(parts);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(m->controls[0].checks[0].passed_listed);
  EXPECT_EQ(m->controls[0].checks[0].passed, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(m->controls[0].parameters.size(), 1u);

  parts[1].controls[0].checks[0].passed_listed = false;
  parts[1].controls[0].checks[0].passed.clear();
  m = MergeReports(parts);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_FALSE(m->controls[0].checks[0].passed_listed);
  EXPECT_TRUE(m->controls[0].checks[0].passed.empty());

  parts[1] = with_param(Outcome::kPass, {}, 1, {});
  m = MergeReports(parts);
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(std::string(m.status().message()), HasSubstr("parameter \"days\""));
  EXPECT_THAT(std::string(m.status().message()), HasSubstr("is 1, 90 in the first report"));
}

// A check in error because its data was not collected keeps the rows it
// found as unconfirmed; the graph's collection summary goes with the report.
Report Uncollected(const std::string& acct) {
  Report r = OneCheck("p", Outcome::kError, {}, "eq []", "data not collected");
  ReportRow row;
  row.id = "vpc-" + acct;
  row.account_id = acct;
  r.controls[0].checks[0].unconfirmed.push_back(row);
  r.collections.recorded = true;
  r.collections.collected = 3;
  r.collections.failed = 1;
  r.collections.missing = 2;
  r.collections.excluded = {acct + "/eu-north-1: opted out", "shared/us-east-2: no access"};
  return r;
}

TEST(ReportFromJson, KeepsUnconfirmedRowsAndCollections) {
  const Report r = Uncollected("111");
  const std::string json = Json(r);
  absl::StatusOr<Report> back = ReportFromJson(json, "r.json");
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->controls[0].checks[0].unconfirmed.size(), 1u);
  EXPECT_EQ(back->controls[0].checks[0].unconfirmed[0].id, "vpc-111");
  EXPECT_TRUE(back->collections.recorded);
  EXPECT_EQ(back->collections.missing, 2);
  EXPECT_EQ(back->collections.excluded, r.collections.excluded);
  EXPECT_EQ(Json(*back), json);
  EXPECT_EQ(RenderReport(*back, ReportFormat::kHtml), RenderReport(r, ReportFormat::kHtml));

  absl::StatusOr<Report> bad =
      ReportFromJson(R"({"controls": [], "collections": {"recorded": 1}})", "r.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("$.collections.recorded"));
  bad = ReportFromJson(R"({"controls": [], "summary": {"passed": 4294967296}})", "r.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("$.summary.passed"));
}

TEST(MergeReports, UnconfirmedRowsAndCollectionsAddUp) {
  std::vector<Report> parts = {Uncollected("111"), Uncollected("222")};
  absl::StatusOr<Report> m = MergeReports(parts);
  ASSERT_TRUE(m.ok()) << m.status();
  const CheckReport& k = m->controls[0].checks[0];
  EXPECT_EQ(k.status, Outcome::kError);
  ASSERT_EQ(k.unconfirmed.size(), 2u);
  EXPECT_EQ(k.unconfirmed[0].id, "vpc-111");
  EXPECT_EQ(k.unconfirmed[1].id, "vpc-222");
  EXPECT_TRUE(m->collections.recorded);
  EXPECT_EQ(m->collections.collected, 6);
  EXPECT_EQ(m->collections.failed, 2);
  EXPECT_EQ(m->collections.missing, 4);
  EXPECT_EQ(m->collections.excluded,
            (std::vector<std::string>{"111/eu-north-1: opted out", "shared/us-east-2: no access",
                                      "222/eu-north-1: opted out"}));
}

TEST(MergeReports, CountThresholdsRecombinePerReportVerdicts) {
  // `count lte 1` passed in both accounts (one row each); the union would
  // hold two rows, but the merged report keeps the per-account verdicts.
  std::vector<Report> parts = {
      OneCheck("p", Outcome::kPass, {}, "count lte 1"),
      OneCheck("p", Outcome::kPass, {}, "count lte 1")};
  absl::StatusOr<Report> m = MergeReports(parts);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->controls[0].status, Outcome::kPass);
  // Two accounts failing `count gt 0`: the message says how many.
  parts = {OneCheck("p", Outcome::kFail, {}, "count gt 0",
                    "0 rows came back; expected `count gt 0`"),
           OneCheck("p", Outcome::kFail, {}, "count gt 0",
                    "0 rows came back; expected `count gt 0`")};
  m = MergeReports(parts);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->controls[0].checks[0].message,
            "failed in 2 of 2 reports; the first: 0 rows came back; expected "
            "`count gt 0`");
}

TEST(MergeReports, ControlsAndChecksByFirstAppearance) {
  Report a = OneCheck("p", Outcome::kPass, {});
  Report b = OneCheck("p", Outcome::kFail, {"y"});
  b.controls[0].id = "c2";
  b.generated_at = "2026-01-02T00:00:00Z";
  Report c = OneCheck("p", Outcome::kFail, {"x"});
  c.generated_at = "2026-01-01T12:00:00.5Z";
  absl::StatusOr<Report> m = MergeReports(std::vector<Report>{a, b, c});
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->controls.size(), 2u);
  EXPECT_EQ(m->controls[0].id, "c1");
  EXPECT_EQ(m->controls[0].status, Outcome::kFail);
  EXPECT_EQ(m->controls[1].id, "c2");
  EXPECT_EQ(m->summary.failed, 2);
  EXPECT_EQ(m->summary.checks, 2);
  EXPECT_EQ(m->generated_at, "2026-01-02T00:00:00Z");
}

TEST(MergeReports, LatestGenerationTimeComparesInstantsNotText) {
  Report a = OneCheck("p", Outcome::kPass, {});
  a.generated_at = "2026-01-02T01:00:00+02:00";  // 2026-01-01T23:00:00Z
  Report b = OneCheck("p", Outcome::kPass, {});
  b.generated_at = "2026-01-01T23:30:00Z";
  Report c = OneCheck("p", Outcome::kPass, {});
  c.generated_at = "not a time";
  absl::StatusOr<Report> m = MergeReports(std::vector<Report>{a, b, c});
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->generated_at, "2026-01-01T23:30:00Z");
}

TEST(MergeReports, ExceptionsMergeBySourceAndRowsPointAtTheMergedOnes) {
  auto with_exceptions = [](std::vector<std::pair<std::string, std::string>> ex,
                            int waived_by) {
    Report r = OneCheck("p", Outcome::kWaived, {});
    for (auto& [source, state] : ex) {
      ExceptionReport e;
      e.control = "c1";
      e.source = source;
      e.state = state;
      if (state == "active") e.waived_ids = {"w-" + source};
      r.exceptions.push_back(e);
    }
    ReportRow w;
    w.id = "w-" + r.exceptions[waived_by].source;
    w.exception_index = waived_by;
    r.controls[0].checks[0].waived.push_back(w);
    return r;
  };
  Report a =
      with_exceptions({{"e.json:0", "active"}, {"e.json:1", "stale"}}, 0);
  Report b =
      with_exceptions({{"e.json:1", "active"}, {"e.json:2", "stale"}}, 0);
  absl::StatusOr<Report> m = MergeReports(std::vector<Report>{a, b});
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->exceptions.size(), 3u);
  EXPECT_EQ(m->exceptions[0].state, "active");
  EXPECT_EQ(m->exceptions[1].state, "active");
  EXPECT_EQ(m->exceptions[1].waived_ids,
            std::vector<std::string>{"w-e.json:1"});
  EXPECT_EQ(m->exceptions[2].state, "stale");
  const auto& waived = m->controls[0].checks[0].waived;
  ASSERT_EQ(waived.size(), 2u);
  EXPECT_EQ(waived[0].exception_index, 0);
  EXPECT_EQ(waived[1].exception_index, 1);
  EXPECT_EQ(m->controls[0].checks[0].message, "2 rows waived by exceptions");
}

}  // namespace
}  // namespace vigil
