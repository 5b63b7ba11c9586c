#include "vigil/engine.h"

#include <gtest/gtest.h>

#include "src/base/strings.h"
#include "tests/policy/test_util.h"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stop_token>
#include <thread>

#include "src/base/thread_pool.h"
#include "vigil/json_loader.h"
#include "vigil/snapshot.h"
#include "vigil/version.h"

namespace vigil {
namespace {

using testing::SimpleControl;
using testing::SourcePath;
using testing::TempPack;

Instant T(const char* s) { return ParseInstant(s).value(); }

std::shared_ptr<const Pack> Bundled() {
  static auto pack = LoadPack(SourcePath("packs/cis-aws")).value();
  return pack;
}

std::shared_ptr<const Graph> Demo() {
  static auto g = LoadGraphJsonFile(SourcePath("examples/demo-aws.json"), Bundled()->schema).value();
  return g;
}

std::vector<std::string> Ids(const std::vector<ReportRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.id);
  return out;
}

// Everything of a report except times, as text.
std::string Fingerprint(const Report& r) {
  std::string s = StrCat(r.pack_name, "|", r.generated_at, "|", r.summary.controls, r.summary.passed,
                         r.summary.failed, r.summary.waived, r.summary.errors, r.summary.checks,
                         "|", r.summary.assets_evaluated, "|", r.summary.offending_assets, "\n");
  for (const auto& c : r.controls) {
    s += StrCat(c.id, " ", static_cast<int>(c.status), "\n");
    for (const auto& k : c.checks) {
      s += StrCat("  ", k.name, " ", static_cast<int>(k.status), " ", k.message, "\n");
      for (const auto& o : k.offending) s += StrCat("   o ", o.id, " ", o.type, " ", o.row.ToJson(), "\n");
      for (const auto& w : k.waived) s += StrCat("   w ", w.id, " ", w.exception_index, "\n");
    }
  }
  for (const auto& e : r.exceptions) s += StrCat("e ", e.state, " ", StrJoin(e.waived_ids, ","), "\n");
  return s;
}

// The seed control's offending VPCs in the demo organisation (its full
// expected findings are pinned by tests/packs/cis_aws_demo_test.cc).
const std::vector<std::string> kDemoOffending = {
    "arn:aws:ec2:eu-west-1:444455556666:vpc/vpc-0a3c5e7f9b1d2e4f6",
    "arn:aws:ec2:us-east-1:444455556666:vpc/vpc-0e7a9c1d3f5b7d9fb",
    "arn:aws:ec2:us-east-1:444455556666:vpc/vpc-0f8b0d2e4a6c8eaf0",
    "arn:aws:ec2:eu-west-1:777788889999:vpc/vpc-01a2b3c4d5e6f7a8b",
    "arn:aws:ec2:eu-central-1:777788889999:vpc/vpc-02b3c4d5e6f7a8b9c"};

const ControlReport* FindControl(const Report& r, const std::string& id) {
  for (const auto& c : r.controls) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

TEST(EngineTest, BundledPackOnDemoGraphFails) {
  RunOptions o;
  o.now = T("2026-01-15T00:00:00Z");
  o.graph_path = "demo";
  auto r = RunPack(*Bundled(), *Demo(), o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->generated_at, "2026-01-15T00:00:00Z");
  EXPECT_EQ(r->pack_name, "cis-aws");
  EXPECT_EQ(r->graph_path, "demo");
  EXPECT_EQ(r->summary.controls, 57);
  EXPECT_EQ(r->summary.failed, 57);
  EXPECT_EQ(r->summary.errors, 0);
  EXPECT_EQ(r->summary.checks, 62);
  EXPECT_EQ(r->summary.assets_evaluated, static_cast<int64_t>(Demo()->num_assets()));
  const ControlReport* c = FindControl(*r, "cis-aws-3.7");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->status, Outcome::kFail);
  EXPECT_EQ(c->covered_types, (std::vector<std::string>{"FlowLog", "Vpc"}));
  ASSERT_EQ(c->checks.size(), 1u);
  EXPECT_EQ(Ids(c->checks[0].offending), kDemoOffending);
  const ReportRow& row = c->checks[0].offending[1];
  EXPECT_EQ(row.type, "Vpc");
  EXPECT_EQ(row.name, "payments-edge");
  EXPECT_EQ(row.account_id, "444455556666");
  EXPECT_EQ(row.region, "us-east-1");
  EXPECT_EQ(c->checks[0].expect, "eq []");
  EXPECT_NE(c->checks[0].message.find("5 offending rows"), std::string::npos);
  // Where the check is declared (SARIF's physicalLocation): its control file
  // and line.
  const ControlDef* def = Bundled()->FindControl("cis-aws-3.7");
  ASSERT_NE(def, nullptr);
  EXPECT_EQ(c->checks[0].source, def->checks[0].source);
  EXPECT_EQ(c->checks[0].source.rfind(def->file + ":", 0), 0u) << c->checks[0].source;
}

TEST(EngineTest, ExceptionsWaiveExpireAndGoStale) {
  auto ex = ExceptionSet::LoadFile(SourcePath("examples/exceptions.json"), Bundled().get());
  ASSERT_TRUE(ex.ok()) << ex.status();
  RunOptions o;
  o.now = T("2026-01-15T00:00:00Z");
  o.exceptions = &*ex;
  auto r = RunPack(*Bundled(), *Demo(), o);
  ASSERT_TRUE(r.ok());
  const ControlReport* c = FindControl(*r, "cis-aws-3.7");
  ASSERT_NE(c, nullptr);
  const CheckReport& k = c->checks[0];
  EXPECT_EQ(k.status, Outcome::kFail);
  // The shared VPC is waived (glob); the lab VPC's exception has expired.
  EXPECT_EQ(Ids(k.waived), std::vector<std::string>{kDemoOffending[0]});
  EXPECT_EQ(k.waived[0].exception_index, 0);
  EXPECT_EQ(Ids(k.offending), std::vector<std::string>(kDemoOffending.begin() + 1, kDemoOffending.end()));
  ASSERT_EQ(r->exceptions.size(), 4u);
  EXPECT_EQ(r->exceptions[0].state, "active");
  EXPECT_EQ(r->exceptions[0].waived_ids, std::vector<std::string>{kDemoOffending[0]});
  EXPECT_EQ(r->exceptions[1].state, "expired");
  EXPECT_TRUE(r->exceptions[1].waived_ids.empty());
  EXPECT_EQ(r->exceptions[2].state, "stale");
  EXPECT_EQ(r->exceptions[0].owner, "network-team");
  EXPECT_EQ(r->exceptions[0].source, SourcePath("examples/exceptions.json") + ":0");
  // The break-glass administrator policy is waived for cis-aws-1.16; the
  // analytics account's inline admin policy still fails it.
  EXPECT_EQ(r->exceptions[3].state, "active");
  EXPECT_EQ(r->exceptions[3].waived_ids,
            std::vector<std::string>{"111122223333/arn:aws:iam::aws:policy/AdministratorAccess"});
  const ControlReport* admin = FindControl(*r, "cis-aws-1.16");
  ASSERT_NE(admin, nullptr);
  EXPECT_EQ(admin->status, Outcome::kFail);
  // Before the lab exception expired it waived its VPC too.
  o.now = T("2025-01-31T23:00:00Z");
  o.only_controls = {"cis-aws-3.7"};
  r = RunPack(*Bundled(), *Demo(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exceptions[1].state, "active");
  EXPECT_EQ(r->controls[0].checks[0].waived.size(), 2u);
  EXPECT_EQ(r->summary.offending_assets, 3);
}

TEST(EngineTest, AllRowsWaivedMakesTheControlWaived) {
  auto ex = ExceptionSet::Parse(R"({"exceptions": [
    {"control": "cis-aws-3.7", "assets": ["*"], "owner": "o", "reason": "r", "expires": "2030-01-01"},
    {"control": "cis-aws-3.7", "assets": ["arn:aws:ec2:*:*:vpc/vpc-0e*"], "owner": "o2", "reason": "r2", "expires": "2030-01-01"}]})",
                                "ex.json", Bundled().get());
  ASSERT_TRUE(ex.ok()) << ex.status();
  RunOptions o;
  o.now = T("2026-01-15T00:00:00Z");
  o.exceptions = &*ex;
  o.only_controls = {"cis-aws-3.7"};
  auto r = RunPack(*Bundled(), *Demo(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->controls[0].status, Outcome::kWaived);
  EXPECT_EQ(r->summary.waived, 1);
  EXPECT_EQ(r->summary.failed, 0);
  EXPECT_TRUE(r->controls[0].checks[0].offending.empty());
  EXPECT_EQ(r->controls[0].checks[0].waived.size(), 5u);
  // Both exceptions matched rows: neither is stale; the first one wins.
  EXPECT_EQ(r->exceptions[0].state, "active");
  EXPECT_EQ(r->exceptions[1].state, "active");
  EXPECT_EQ(r->exceptions[1].waived_ids,
            std::vector<std::string>{"arn:aws:ec2:us-east-1:444455556666:vpc/vpc-0e7a9c1d3f5b7d9fb"});
  for (const auto& w : r->controls[0].checks[0].waived) EXPECT_EQ(w.exception_index, 0);
}

// An exceptions file shared by packs: a rule for another pack's control
// waives nothing here (an error only with strict_exceptions); ticket and
// x-* keys reach the report; expiring ones are flagged and warned of.
TEST(EngineTest, SharedExceptionsTicketsAndExpiryWarnings) {
  Diagnostics parse_diags;
  auto ex = ExceptionSet::Parse(R"({"exceptions": [
{"control": "other-pack-7", "assets": ["*"], "owner": "o", "reason": "r", "expires": "2030-01-01"},
{"control": "cis-aws-3.7", "assets": ["arn:aws:ec2:*:*:vpc/vpc-0e*"], "owner": "net", "reason": "lab",
 "expires": "2026-01-20", "ticket": "NET-42", "x-approved-by": "ciso"},
{"control": "cis-aws-3.7", "assets": ["nothing"], "owner": "o", "reason": "r", "expires": "2026-03-01"}]})",
                                "shared.json", Bundled().get(), &parse_diags);
  ASSERT_TRUE(ex.ok()) << ex.status();
  ASSERT_EQ(parse_diags.size(), 1u);
  EXPECT_EQ(parse_diags[0].severity, Severity::kWarning);
  RunOptions o;
  o.now = T("2026-01-15T00:00:00Z");
  o.exceptions = &*ex;
  o.only_controls = {"cis-aws-3.7"};
  Diagnostics run_diags;
  o.diagnostics = &run_diags;
  auto r = RunPack(*Bundled(), *Demo(), o);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->exceptions.size(), 2u);
  const ExceptionReport& e = r->exceptions[0];
  EXPECT_EQ(e.state, "active");
  EXPECT_EQ(e.ticket, "NET-42");
  ASSERT_EQ(e.extensions.size(), 1u);
  EXPECT_EQ(e.extensions[0].first, "x-approved-by");
  EXPECT_TRUE(e.expiring_soon);  // 2026-01-20 is within 14 days
  EXPECT_FALSE(r->exceptions[1].expiring_soon);
  ASSERT_EQ(run_diags.size(), 1u);
  EXPECT_EQ(run_diags[0].code, "exceptions.expiring-soon");
  EXPECT_EQ(run_diags[0].severity, Severity::kWarning);
  EXPECT_EQ(run_diags[0].file, "shared.json");
  EXPECT_EQ(run_diags[0].location.line, 3u);
  EXPECT_NE(run_diags[0].message.find("in 6 days"), std::string::npos) << run_diags[0].message;

  // The JSON report carries them, and reads back.
  const std::string json = RenderReport(*r, ReportFormat::kJson);
  auto back = ReportFromJson(json, "r.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->exceptions[0].ticket, "NET-42");
  EXPECT_TRUE(back->exceptions[0].expiring_soon);
  ASSERT_EQ(back->exceptions[0].extensions.size(), 1u);
  EXPECT_EQ(back->exceptions[0].extensions[0].second.ToJson(), "\"ciso\"");
  EXPECT_FALSE(back->exceptions[1].expiring_soon);
  // The text report names the ticket and the coming expiry.
  const std::string text = RenderReport(*r, ReportFormat::kText);
  EXPECT_NE(text.find("active, expiring soon"), std::string::npos) << text;
  EXPECT_NE(text.find("ticket NET-42"), std::string::npos) << text;

  // A wider window flags the other one too; 0 flags none.
  o.expiry_warning_days = 60;
  run_diags.clear();
  r = RunPack(*Bundled(), *Demo(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->exceptions[1].expiring_soon);
  EXPECT_EQ(run_diags.size(), 2u);
  o.expiry_warning_days = 0;
  run_diags.clear();
  r = RunPack(*Bundled(), *Demo(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->exceptions[0].expiring_soon);
  EXPECT_TRUE(run_diags.empty());

  // Strict: the other pack's rule is refused.
  o.strict_exceptions = true;
  r = RunPack(*Bundled(), *Demo(), o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("other-pack-7"), std::string::npos);
}

// A pack with several controls exercising every outcome.
class MultiControlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pack_dir_.Control("a-pass.json", SimpleControl("a-pass", "vpcs(where: {name: \"nothing\"}) { id }"));
    pack_dir_.Control("b-fail.json",
                      SimpleControl("b-fail", "vpcs(where: {isDefault: true}) { ...AssetFragment }"));
    pack_dir_.Control("c-count.json",
                      SimpleControl("c-count", "flowLogs(where: {flowLogStatus_IN: $statuses}) { id }",
                                    "count lte 1",
                                    R"("parameters": {"statuses": {"type": "[String!]", "default": ["INACTIVE"]}})"));
    pack_dir_.Control("d-required.json",
                      SimpleControl("d-required", "vpcs(where: {name: $n}) { id }", "eq []",
                                    R"("parameters": {"n": {"type": "String"}})"));
    pack_dir_.Control("e-date.json",
                      SimpleControl("e-date", "flowLogs(where: {creationTime_GT: $since}) { id }",
                                    "count eq 0",
                                    R"("parameters": {"since": {"type": "DateTime", "default": "-P365D"}})"));
    pack_dir_.Control("f-doc.json",
                      SimpleControl("f-doc", "query { accounts(where: {name: \"network-hub\"}) { id } }",
                                    "eq {\\\"accounts\\\": [{\\\"id\\\": \\\"111122223333\\\"}]}"));
    Diagnostics d;
    auto p = LoadPack(pack_dir_.path(), {}, &d);
    ASSERT_TRUE(p.ok()) << p.status();
    pack_ = *p;
    auto g = LoadGraphJsonFile(SourcePath("examples/demo-aws.json"), pack_->schema);
    ASSERT_TRUE(g.ok()) << g.status();
    graph_ = *g;
  }
  const ControlReport& Control(const Report& r, const std::string& id) {
    for (const auto& c : r.controls) {
      if (c.id == id) return c;
    }
    static ControlReport none;
    ADD_FAILURE() << "no control " << id;
    return none;
  }
  TempPack pack_dir_;
  std::shared_ptr<const Pack> pack_;
  std::shared_ptr<const Graph> graph_;
};

TEST_F(MultiControlTest, OutcomesParametersAndDeterminism) {
  RunOptions o;
  o.now = T("2026-01-15T00:00:00Z");
  o.threads = 1;
  auto r = RunPack(*pack_, *graph_, o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Control(*r, "a-pass").status, Outcome::kPass);
  EXPECT_EQ(Control(*r, "b-fail").status, Outcome::kFail);
  EXPECT_EQ(Ids(Control(*r, "b-fail").checks[0].offending),
            std::vector<std::string>{"arn:aws:ec2:us-east-1:444455556666:vpc/vpc-0f8b0d2e4a6c8eaf0"});
  // Two INACTIVE flow logs: count lte 1 fails; rows listed as offending.
  EXPECT_EQ(Control(*r, "c-count").status, Outcome::kFail);
  EXPECT_EQ(Control(*r, "c-count").checks[0].offending.size(), 2u);
  // A parameter with no default and no override: the control errors.
  EXPECT_EQ(Control(*r, "d-required").status, Outcome::kError);
  EXPECT_NE(Control(*r, "d-required").checks[0].message.find("\"n\" has no default"),
            std::string::npos);
  // Flow logs were created 2025-03-04: within a year of 2026-01-15.
  EXPECT_EQ(Control(*r, "e-date").status, Outcome::kFail);
  EXPECT_EQ(Control(*r, "f-doc").status, Outcome::kPass);
  EXPECT_EQ(r->summary.passed, 2);
  EXPECT_EQ(r->summary.failed, 3);
  EXPECT_EQ(r->summary.errors, 1);
  EXPECT_EQ(r->summary.checks, 6);

  std::string base = Fingerprint(*r);
  for (int threads : {0, 2, 3, 8}) {
    o.threads = threads;
    for (int rep = 0; rep < 3; ++rep) {
      auto again = RunPack(*pack_, *graph_, o);
      ASSERT_TRUE(again.ok());
      EXPECT_EQ(Fingerprint(*again), base) << "threads " << threads;
    }
  }
}

// Waivers under an expectation that is not `eq []`: the expectation is
// judged again over the rows left, which keep their values whether the
// check ends waived or failed.
TEST_F(MultiControlTest, WaiversJudgeTheRowsLeftAndKeepTheirValues) {
  RunOptions o;
  o.now = T("2026-01-15T00:00:00Z");
  o.threads = 1;
  o.only_controls = {"c-count", "e-date"};
  auto plain = RunPack(*pack_, *graph_, o);
  ASSERT_TRUE(plain.ok()) << plain.status();
  const std::vector<ReportRow> counted = Control(*plain, "c-count").checks[0].offending;
  const std::vector<ReportRow> dated = Control(*plain, "e-date").checks[0].offending;
  ASSERT_EQ(counted.size(), 2u);
  ASSERT_GE(dated.size(), 2u);
  auto ex = ExceptionSet::Parse(
      StrCat(R"({"exceptions": [{"control": "c-count", "assets": [")", counted[0].id,
             R"("], "owner": "o", "reason": "r", "expires": "2030-01-01"},)",
             R"({"control": "e-date", "assets": [")", dated[0].id,
             R"("], "owner": "o", "reason": "r", "expires": "2030-01-01"}]})"),
      "ex.json", pack_.get());
  ASSERT_TRUE(ex.ok()) << ex.status();
  o.exceptions = &*ex;
  for (int threads : {1, 2}) {
    o.threads = threads;
    auto r = RunPack(*pack_, *graph_, o);
    ASSERT_TRUE(r.ok()) << r.status();
    // One of two rows waived: the one left satisfies `count lte 1`.
    const CheckReport& c = Control(*r, "c-count").checks[0];
    EXPECT_EQ(c.status, Outcome::kWaived);
    EXPECT_TRUE(c.offending.empty());
    ASSERT_EQ(c.waived.size(), 1u);
    EXPECT_EQ(c.waived[0].id, counted[0].id);
    EXPECT_EQ(c.waived[0].row, counted[0].row);
    EXPECT_EQ(c.message, "1 row waived by exceptions");
    // `count eq 0` still fails on the rows left, listed with their values.
    const CheckReport& d = Control(*r, "e-date").checks[0];
    EXPECT_EQ(d.status, Outcome::kFail);
    ASSERT_EQ(d.waived.size(), 1u);
    EXPECT_EQ(d.waived[0].row, dated[0].row);
    ASSERT_EQ(d.offending.size(), dated.size() - 1);
    for (size_t i = 0; i < d.offending.size(); ++i) {
      EXPECT_EQ(d.offending[i].id, dated[i + 1].id);
      EXPECT_EQ(d.offending[i].row, dated[i + 1].row);
      ASSERT_NE(d.offending[i].row.Find("id"), nullptr);
      EXPECT_EQ(d.offending[i].row.Find("id")->as_string(), d.offending[i].id);
    }
    EXPECT_EQ(d.message, StrCat(dated.size() - 1, " offending row",
                                dated.size() == 2 ? "" : "s", " (expected `count eq 0`)"));
    EXPECT_EQ(r->summary.offending_assets, static_cast<int64_t>(dated.size() - 1));
  }
}

// Parameter values follow GraphQL input coercion, as --vars values do: an
// Int-valued ID, 60.0 for an Int and a single value for a list are accepted
// as defaults and overrides and mean what their canonical forms mean.
TEST(EngineTest, ParameterValuesAreCoercedLikeVariables) {
  auto run = [](const std::string& type, const std::string& value, const std::string& query) {
    TempPack dir;
    dir.Control("p.json", SimpleControl("p", query, "eq []",
                                        StrCat(R"("parameters": {"x": {"type": ")", type,
                                               R"(", "default": )", value, "}}")));
    Diagnostics d;
    auto pack = LoadPack(dir.path(), {}, &d);
    EXPECT_TRUE(pack.ok()) << type << " " << value << ": " << pack.status();
    if (!pack.ok()) return std::vector<std::string>{"<no pack>"};
    auto graph = LoadGraphJsonFile(SourcePath("examples/demo-aws.json"), (*pack)->schema).value();
    RunOptions o;
    o.now = T("2026-01-15T00:00:00Z");
    auto r = RunPack(**pack, *graph, o);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return std::vector<std::string>{"<no report>"};
    EXPECT_NE(r->controls[0].status, Outcome::kError) << r->controls[0].checks[0].message;
    return Ids(r->controls[0].checks[0].offending);
  };
  const std::string logs = "logGroups(where: {retentionInDays_LT: $x}) { id }";
  EXPECT_EQ(run("Int", "400.0", logs), run("Int", "400", logs));
  EXPECT_FALSE(run("Int", "400", logs).empty());
  const std::string statuses = "flowLogs(where: {flowLogStatus_IN: $x}) { id }";
  EXPECT_EQ(run("[String!]", R"("INACTIVE")", statuses), run("[String!]", R"(["INACTIVE"])", statuses));
  EXPECT_EQ(run("[String!]", R"("INACTIVE")", statuses).size(), 2u);
  const std::string ids = "accounts(where: {id: $x}) { id }";
  EXPECT_EQ(run("ID", "111122223333", ids), run("ID", R"("111122223333")", ids));
  EXPECT_EQ(run("ID", "111122223333", ids), std::vector<std::string>{"111122223333"});
}

TEST_F(MultiControlTest, OverridesAndDateTimeOffsets) {
  RunOptions o;
  o.now = T("2026-01-15T00:00:00Z");
  o.overrides["d-required"]["n"] = Value("default");
  o.overrides["c-count"]["statuses"] = Value(Value::Array{Value("ACTIVE")});
  o.overrides["e-date"]["since"] = Value("-P30D");
  auto r = RunPack(*pack_, *graph_, o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Control(*r, "d-required").status, Outcome::kFail);
  EXPECT_EQ(Ids(Control(*r, "d-required").checks[0].offending),
            std::vector<std::string>{"arn:aws:ec2:us-east-1:444455556666:vpc/vpc-0f8b0d2e4a6c8eaf0"});
  EXPECT_EQ(Control(*r, "c-count").checks[0].offending.size(), 5u);
  EXPECT_EQ(Control(*r, "e-date").status, Outcome::kPass);
  // An absolute date works too.
  o.overrides["e-date"]["since"] = Value("2025-01-01T00:00:00Z");
  r = RunPack(*pack_, *graph_, o);
  EXPECT_EQ(Control(*r, "e-date").status, Outcome::kFail);
  // Bad overrides are refused before anything runs.
  RunOptions bad = o;
  bad.overrides["c-count"]["statuses"] = Value(Value::Array{Value("ACTIVE"), Value(1)});
  EXPECT_FALSE(RunPack(*pack_, *graph_, bad).ok());
  bad = o;
  bad.overrides["nope"]["x"] = Value(1);
  EXPECT_FALSE(RunPack(*pack_, *graph_, bad).ok());
  bad = o;
  bad.overrides["c-count"]["nope"] = Value(1);
  auto s = RunPack(*pack_, *graph_, bad);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(std::string(s.status().message()).find("has no parameter \"nope\""), std::string::npos);
  // Only some controls.
  o.only_controls = {"a-pass"};
  r = RunPack(*pack_, *graph_, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->controls.size(), 1u);
  o.only_controls = {"zzz"};
  EXPECT_FALSE(RunPack(*pack_, *graph_, o).ok());
}

// "Never" (9999-12-31T23:59:59Z) is an ordinary DateTime parameter value:
// nothing is created after it, everything before it.
TEST_F(MultiControlTest, DateTimeParameterFarInTheFuture) {
  RunOptions o;
  o.now = T("2026-01-15T00:00:00Z");
  o.only_controls = {"e-date"};
  o.overrides["e-date"]["since"] = Value("9999-12-31T23:59:59Z");
  auto r = RunPack(*pack_, *graph_, o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Control(*r, "e-date").status, Outcome::kPass) << Control(*r, "e-date").checks[0].message;
  o.overrides["e-date"]["since"] = Value("0001-01-01");
  r = RunPack(*pack_, *graph_, o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Control(*r, "e-date").status, Outcome::kFail);
}

// ---- embedding (vigil/engine.h: schema, threads, progress, cancellation,
// tool name, passed assets) --------------------------------------------------

// A graph built with another schema is refused before anything runs, the
// message naming both schemas.
TEST_F(MultiControlTest, GraphOfAnotherSchemaIsInvalidArgument) {
  auto other = Schema::FromSdl("type Vpc { id: ID! name: String }", "other.graphql").value();
  auto g = LoadGraphJson(R"({"assets": [{"id": "v", "type": "Vpc"}]})", other).value();
  auto r = RunPack(*pack_, *g, RunOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << r.status();
  std::string msg(r.status().message());
  char fp[32];
  std::snprintf(fp, sizeof fp, "%016llx",
                static_cast<unsigned long long>(SchemaFingerprint(*other)));
  EXPECT_NE(msg.find(fp), std::string::npos) << msg;
  std::snprintf(fp, sizeof fp, "%016llx",
                static_cast<unsigned long long>(SchemaFingerprint(*pack_->schema)));
  EXPECT_NE(msg.find(fp), std::string::npos) << msg;
  EXPECT_NE(msg.find("aws.graphql"), std::string::npos) << msg;
}

// The same schema text parsed twice is the same schema.
TEST_F(MultiControlTest, GraphOfAnEqualSchemaRuns) {
  auto again = LoadPack(pack_dir_.path()).value();  // its own Schema object
  ASSERT_NE(again->schema.get(), pack_->schema.get());
  auto r = RunPack(*again, *graph_, RunOptions{});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->summary.errors, 1);  // d-required only
}

TEST_F(MultiControlTest, ProgressCountsEveryCheck) {
  for (int threads : {1, 3}) {
    RunOptions o;
    o.threads = threads;
    std::vector<size_t> seen;
    size_t totals = 0;
    o.progress = [&](size_t done, size_t total) {
      seen.push_back(done);
      totals = total;
    };
    auto r = RunPack(*pack_, *graph_, o);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(seen, (std::vector<size_t>{1, 2, 3, 4, 5, 6})) << "threads " << threads;
    EXPECT_EQ(totals, 6u);
  }
}

TEST_F(MultiControlTest, StopRequestedBeforeTheRunIsCancelled) {
  std::stop_source stop;
  stop.request_stop();
  RunOptions o;
  o.stop = stop.get_token();
  size_t calls = 0;
  o.progress = [&](size_t, size_t) { ++calls; };
  auto r = RunPack(*pack_, *graph_, o);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kCancelled) << r.status();
  EXPECT_EQ(calls, 0u);
}

TEST_F(MultiControlTest, StopDuringTheRunIsCancelledWithoutAReport) {
  std::stop_source stop;
  RunOptions o;
  o.threads = 1;
  o.stop = stop.get_token();
  size_t calls = 0;
  o.progress = [&](size_t done, size_t) {
    ++calls;
    if (done == 2) stop.request_stop();
  };
  auto r = RunPack(*pack_, *graph_, o);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kCancelled) << r.status();
  EXPECT_EQ(calls, 2u);  // no check started after the stop
}

TEST_F(MultiControlTest, PastDeadlineIsDeadlineExceeded) {
  RunOptions o;
  o.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  auto r = RunPack(*pack_, *graph_, o);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded) << r.status();
}

// RunOptions::diagnostics is one vector per call: a second call given the
// vector of a call under way fails (FailedPrecondition) instead of racing on
// it; once the first call has returned, the vector may be used again.
TEST_F(MultiControlTest, DiagnosticsVectorSharedByConcurrentCallsIsRefused) {
  Diagnostics shared;
  RunOptions o;
  o.threads = 1;
  o.diagnostics = &shared;
  absl::Status second = absl::OkStatus();
  bool ran_second = false;
  o.progress = [&](size_t done, size_t) {
    if (done != 1) return;
    // The first call is under way (it is calling back): run a second one
    // with the same vector on another thread, and wait for it.
    std::thread t([&] {
      RunOptions p;
      p.threads = 1;
      p.diagnostics = &shared;
      second = RunPack(*pack_, *graph_, p).status();
      ran_second = true;
    });
    t.join();
  };
  auto first = RunPack(*pack_, *graph_, o);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(ran_second);
  EXPECT_EQ(second.code(), absl::StatusCode::kFailedPrecondition) << second;
  EXPECT_NE(std::string(second.message()).find("RunOptions::diagnostics"), std::string::npos);
  // Sequential reuse is fine, and another vector at the same time too.
  RunOptions again;
  again.diagnostics = &shared;
  EXPECT_TRUE(RunPack(*pack_, *graph_, again).ok());
  Diagnostics own;
  o.progress = [&](size_t done, size_t) {
    if (done != 1) return;
    std::thread t([&] {
      RunOptions p;
      p.diagnostics = &own;
      second = RunPack(*pack_, *graph_, p).status();
    });
    t.join();
  };
  ASSERT_TRUE(RunPack(*pack_, *graph_, o).ok());
  EXPECT_TRUE(second.ok()) << second;
}

// `threads` is this call's: a pool started and joined by RunPack, never the
// process-wide one (each TEST runs in its own process).
TEST(EngineThreadsTest, RunUsesItsOwnPoolAndLeavesNoThreadBehind) {
  TempPack dir;
  dir.Control("one.json", SimpleControl("one", "vpcs(where: {name: \"x\"}) { id }"));
  auto pack = LoadPack(dir.path()).value();
  auto graph = LoadGraphJsonFile(SourcePath("examples/demo-aws.json"), pack->schema).value();
  ASSERT_EQ(ThreadPool::LiveWorkers(), 0);
  for (int threads : {0, 2, 3}) {
    RunOptions o;
    o.threads = threads;
    auto r = RunPack(*pack, *graph, o);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(ThreadPool::LiveWorkers(), 0) << "threads " << threads;
  }
  EXPECT_FALSE(ThreadPool::DefaultStarted());
}

TEST_F(MultiControlTest, ToolNameAndVersionAreRecorded) {
  RunOptions o;
  auto plain = RunPack(*pack_, *graph_, o);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->product_name, "");
  EXPECT_EQ(plain->tool_version, std::string(Version()));
  o.tool_name = "acme-scanner";
  o.tool_version = "2.4.1";
  auto r = RunPack(*pack_, *graph_, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->product_name, "acme-scanner");
  EXPECT_EQ(r->product_version, "2.4.1");
  EXPECT_EQ(r->tool_version, std::string(Version()));
}

// Passed assets: the root type's assets that are not rows of the result.
TEST_F(MultiControlTest, ListPassedGivesTheRootTypesOtherAssets) {
  RunOptions o;
  o.now = T("2026-01-15T00:00:00Z");
  auto off = RunPack(*pack_, *graph_, o);
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(Control(*off, "b-fail").checks[0].passed_listed);
  o.list_passed = true;
  auto r = RunPack(*pack_, *graph_, o);
  ASSERT_TRUE(r.ok()) << r.status();
  std::vector<std::string> vpcs;
  const Schema& s = *pack_->schema;
  const PodArray<NodeId>& vpc_rows = graph_->table(s.FindType("Vpc")).nodes;
  std::vector<NodeId> nodes(vpc_rows.begin(), vpc_rows.end());
  std::sort(nodes.begin(), nodes.end());
  for (NodeId n : nodes) vpcs.emplace_back(graph_->asset_id(n));
  ASSERT_GT(vpcs.size(), 2u);
  const CheckReport& fail = Control(*r, "b-fail").checks[0];
  ASSERT_TRUE(fail.passed_listed);
  std::vector<std::string> want;
  for (const auto& id : vpcs) {
    if (id != "arn:aws:ec2:us-east-1:444455556666:vpc/vpc-0f8b0d2e4a6c8eaf0") want.push_back(id);
  }
  EXPECT_EQ(fail.passed, want);
  // `count lte 1` is not about offending assets; a document neither;
  // an error has no verdict.
  EXPECT_FALSE(Control(*r, "c-count").checks[0].passed_listed);
  EXPECT_FALSE(Control(*r, "f-doc").checks[0].passed_listed);
  EXPECT_FALSE(Control(*r, "d-required").checks[0].passed_listed);
  // The JSON report carries them and reads back; the text gives a count.
  auto back = ReportFromJson(RenderReport(*r, ReportFormat::kJson));
  ASSERT_TRUE(back.ok()) << back.status();
  const CheckReport* read = nullptr;
  for (const auto& c : back->controls) {
    if (c.id == "b-fail") read = &c.checks[0];
  }
  ASSERT_NE(read, nullptr);
  EXPECT_TRUE(read->passed_listed);
  EXPECT_EQ(read->passed, want);
  std::string text = RenderReport(*r, ReportFormat::kText);
  EXPECT_NE(text.find(StrCat(want.size(), " assets passed")), std::string::npos) << text;
}

}  // namespace
}  // namespace vigil
