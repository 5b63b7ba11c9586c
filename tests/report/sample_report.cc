#include "tests/report/sample_report.h"

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

namespace vigil::testing {
namespace {

ReportRow Row(std::string id, std::string type, std::string name,
              std::string account, std::string region,
              int exception_index = -1) {
  ReportRow r;
  r.id = id;
  r.type = type;
  r.name = name;
  r.account_id = account;
  r.region = region;
  Value::Object o{{"id", id}, {"__typename", type}};
  o.emplace_back("name", name.empty() ? Value() : Value(name));
  o.emplace_back("accountId", account.empty() ? Value() : Value(account));
  o.emplace_back("region", region.empty() ? Value() : Value(region));
  r.row = Value(std::move(o));
  r.exception_index = exception_index;
  return r;
}

FrameworkRef Cis(std::string id) {
  return FrameworkRef{"CIS Amazon Web Services Foundations Benchmark", "3.0.0",
                      std::move(id), "", ""};
}

Report Base() {
  Report r;
  r.tool_version = "0.1.0";
  r.pack_name = "cis-aws";
  r.pack_version = "1.2.0";
  r.pack_title = "CIS AWS Foundations";
  r.pack_path = "packs/cis-aws";
  r.graph_path = "graphs/prod.json";
  r.generated_at = "2026-03-01T12:00:00Z";
  r.load_ms = 12.5;
  r.compile_ms = 3.25;
  r.evaluate_ms = 40.125;
  return r;
}

}  // namespace

Report MixedReport() {
  Report r = Base();

  // 0: cis-aws-3.7, fail with grouping and a waived row.
  ControlReport flow;
  flow.id = "cis-aws-3.7";
  flow.title = "Ensure VPC flow logging is enabled in all VPCs";
  flow.severity = "medium";
  flow.provider = "aws";
  flow.frameworks = {
      Cis("3.7"),
      {"CIS Amazon Web Services Foundations Benchmark", "5.0.0", "3.7", "", ""}};
  flow.references = {
      "CCE-79202-8",
      "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html"};
  flow.overview = "VPC flow logs record the IP traffic of a VPC.";
  flow.rationale = "Flow logs show anomalous traffic.";
  flow.remediation =
      "Create a flow log for each VPC:\naws ec2 create-flow-logs "
      "--resource-type VPC";
  flow.covered_types = {"Vpc", "FlowLog"};
  flow.status = Outcome::kFail;
  flow.time_ms = 4.5;
  CheckReport c1;
  c1.name = "VPC flow logging is enabled";
  c1.query = "vpcs(where: {hasFlowLog: null}){...AssetFragment}";
  c1.expect = "eq []";
  c1.source = "packs/cis-aws/controls/cis-aws-3.7.json:14:7";
  c1.status = Outcome::kFail;
  c1.message = "expected [] but the query returned 3 rows";
  c1.offending = {Row("vpc-1", "Vpc", "prod-main", "111122223333", "eu-west-1"),
                  Row("vpc-2", "Vpc", "", "444455556666", "us-east-1"),
                  Row("vpc-3", "Vpc", "staging", "111122223333", "eu-west-1")};
  c1.waived = {Row("vpc-lab", "Vpc", "lab", "111122223333", "eu-west-1", 0)};
  c1.time_ms = 2.25;
  // Evidence (issue 17): a description, a reason per row, parameter values.
  c1.description = "Every VPC has a flow log.";
  c1.offending[0].reason = "no flow log on prod-main";
  c1.offending[0].row.as_object().emplace_back("cidrBlock", "10.0.0.0/16");
  c1.offending[0].row.as_object().emplace_back("hasFlowLog", Value(Value::Array{}));
  ParameterReport days;
  days.name = "minDays";
  days.type = "Int!";
  days.value = Value(int64_t{30});
  days.source = "command line";
  days.has_default = true;
  days.default_value = Value(int64_t{365});
  ParameterReport statuses;
  statuses.name = "statuses";
  statuses.type = "[String!]";
  statuses.value = Value(Value::Array{Value("ACTIVE")});
  statuses.source = "file";
  statuses.file = "team-params.json";
  ParameterReport plain;
  plain.name = "plain";
  plain.type = "String";
  plain.value = Value("x");
  plain.source = "default";
  plain.has_default = true;
  plain.default_value = Value("x");
  flow.parameters = {days, statuses, plain};
  CheckReport c2;
  c2.name = "VPC flow logging is enabled";  // duplicate name on purpose
  c2.query = "vpcs(where: {hasFlowLog_NONE: {flowLogStatus: \"ACTIVE\"}}){id}";
  c2.expect = "eq []";
  c2.source = "packs/cis-aws/controls/cis-aws-3.7.json:20:7";
  c2.status = Outcome::kPass;
  c2.time_ms = 1.0;
  flow.checks = {c1, c2};
  r.controls.push_back(flow);

  // 1: cis-aws-1.4, pass.
  ControlReport root;
  root.id = "cis-aws-1.4";
  root.title = "Ensure no root user access key exists";
  root.severity = "critical";
  root.provider = "aws";
  root.frameworks = {Cis("1.4")};
  root.remediation = "Delete the root user's access keys.";
  root.status = Outcome::kPass;
  CheckReport c3;
  c3.name = "no root access key";
  c3.query = "accounts(where: {rootAccessKeyCount_GT: 0}){id}";
  c3.expect = "eq []";
  c3.source = "packs/cis-aws/controls/cis-aws-1.4.json:12:7";
  c3.status = Outcome::kPass;
  root.checks = {c3};
  r.controls.push_back(root);

  // 2: cis-aws-2.1, waived.
  ControlReport s3;
  s3.id = "cis-aws-2.1";
  s3.title = "Ensure S3 buckets deny HTTP requests";
  s3.severity = "high";
  s3.provider = "aws";
  s3.frameworks = {Cis("2.1.1")};
  s3.remediation = "Add a bucket policy that denies aws:SecureTransport false.";
  s3.status = Outcome::kWaived;
  CheckReport c4;
  c4.name = "buckets deny plain HTTP";
  c4.query = "buckets(where: {denyInsecureTransport: false}){id}";
  c4.expect = "eq []";
  c4.source = "packs/cis-aws/controls/cis-aws-2.1.json:12:7";
  c4.status = Outcome::kWaived;
  c4.waived = {Row("arn:aws:s3:::logs-a", "Bucket", "logs-a", "111122223333",
                   "us-east-1", 1),
               Row("arn:aws:s3:::logs-b", "Bucket", "logs-b", "111122223333",
                   "us-east-1", 1)};
  s3.checks = {c4};
  r.controls.push_back(s3);

  // 3: the odd id, error.
  ControlReport odd;
  odd.id = kOddId;
  odd.title = "Title with <xml> & \"quotes\"";
  odd.severity = "low";
  odd.provider = "aws";
  odd.status = Outcome::kError;
  CheckReport c5;
  c5.name = "broken <check> & \"co\"";
  c5.query = "vpcs(where: {nope: 1}){id}";
  c5.expect = "eq []";
  c5.source = "./packs/cis-aws/controls/odd id #1.json:9:7";
  c5.status = Outcome::kError;
  c5.message =
      "1:14: error: unknown field 'nope' on VpcWhere\nsecond line "
      "\x1b]0;title\x07";
  odd.checks = {c5};
  r.controls.push_back(odd);

  // 4: cis-aws-4.1, fail without rows.
  ControlReport trail;
  trail.id = "cis-aws-4.1";
  trail.title = "Ensure a multi-region CloudTrail exists";
  trail.severity = "informational";
  trail.provider = "aws";
  trail.remediation = "Create a multi-region trail.";
  trail.status = Outcome::kFail;
  CheckReport c6;
  c6.name = "a multi-region trail exists";
  c6.query = "trails(where: {isMultiRegion: true}){id}";
  c6.expect = "count gt 0";
  c6.source = "packs/cis-aws/controls/cis-aws-4.1.json:12:7";
  c6.status = Outcome::kFail;
  c6.message = "expected count gt 0, got 0 rows";
  trail.checks = {c6};
  r.controls.push_back(trail);

  ExceptionReport e0{"cis-aws-3.7",         {"vpc-lab"},        "network-team",
                     "lab VPC, no traffic", "2027-03-01",       "active",
                     {"vpc-lab"},           "exceptions.json:0"};
  ExceptionReport e1{"cis-aws-2.1",
                     {"arn:aws:s3:::logs-*"},
                     "storage-team",
                     "log buckets are written by AWS services",
                     "2026-12-31",
                     "active",
                     {"arn:aws:s3:::logs-a", "arn:aws:s3:::logs-b"},
                     "exceptions.json:1"};
  ExceptionReport e2{
      "cis-aws-3.7", {"vpc-old"}, "legacy-team",      "migration", "2025-01-01",
      "expired",     {},          "exceptions.json:2"};
  ExceptionReport e3{
      "cis-aws-1.4", {"acct-*"}, "sec-team", "break-glass",
      "2027-01-01",  "stale",    {},         "exceptions.json:3"};
  r.exceptions = {e0, e1, e2, e3};

  r.summary.controls = 5;
  r.summary.passed = 1;
  r.summary.failed = 2;
  r.summary.waived = 1;
  r.summary.errors = 1;
  r.summary.checks = 6;
  r.summary.assets_evaluated = 120;
  r.summary.offending_assets = 3;
  return r;
}

Report HostileReport() {
  auto h = [](std::string_view field) {
    return kHostile + "[" + std::string(field) + "]";
  };
  Report r;
  r.tool_version = h("tool_version");
  r.pack_name = h("pack_name");
  r.pack_version = h("pack_version");
  r.pack_title = h("pack_title");
  r.pack_path = h("pack_path");
  r.graph_path = h("graph_path");
  r.generated_at = h("generated_at");

  ControlReport c;
  c.id = h("control.id");
  c.title = h("control.title");
  c.severity = h("control.severity");
  c.provider = h("control.provider");
  c.frameworks = {{"CIS " + h("framework.name"), h("framework.version"),
                   h("framework.id"), h("framework.assessment"), h("framework.profile")}};
  c.references = {h("reference"), "javascript:window.__vigil_pwned=5",
                  "https://example.com/\"><script>window.__vigil_pwned=6"
                  "</script>"};
  c.overview = h("control.overview");
  c.rationale = h("control.rationale");
  c.impact = h("control.impact");
  c.remediation = h("control.remediation");
  c.notes = h("control.notes");
  c.service_wide_remediation = h("control.service_wide_remediation");
  c.operational_rollout = {h("control.operational_rollout")};
  c.connectors = {h("control.connectors")};
  c.covered_types = {h("control.covered_types")};
  c.status = Outcome::kFail;
  CheckReport check;
  check.name = h("check.name");
  check.query = h("check.query");
  check.expect = h("check.expect");
  check.source = h("check.source") + ":7:3";
  check.status = Outcome::kFail;
  check.message = h("check.message");
  check.offending = {Row(h("row.id"), h("row.type"), h("row.name"),
                         h("row.account_id"), h("row.region")),
                     Row(h("row2.id"), "Vpc", "", "111122223333", "")};
  check.waived = {Row(h("waived.id"), h("waived.type"), h("waived.name"),
                      h("waived.account_id"), h("waived.region"), 0)};
  c.checks = {check};
  r.controls.push_back(c);

  ControlReport e;
  e.id = h("error_control.id");
  e.title = h("error_control.title");
  e.severity = "high";
  e.status = Outcome::kError;
  CheckReport bad;
  bad.name = h("error_check.name");
  bad.expect = "eq []";
  bad.source = h("error_check.source") + ":9:3";
  bad.status = Outcome::kError;
  bad.message = h("error_check.message");
  e.checks = {bad};
  r.controls.push_back(e);

  r.exceptions = {
      {h("exception.control"), {h("exception.asset")}, h("exception.owner"),
       h("exception.reason"), h("exception.expires"), "active",
       {h("exception.waived_id")}, h("exception.source")},
      {c.id, {"x"}, "o", "r", "2020-01-01", "expired", {}, "f:1"},
      {c.id, {"y"}, "o", "r", "2099-01-01", "stale", {}, "f:2"},
      {c.id, {"z"}, "o", "r", "2099-01-01", h("exception.state"), {}, "f:3"}};
  r.summary.controls = 2;
  r.summary.failed = 1;
  r.summary.errors = 1;
  r.summary.checks = 2;
  r.summary.assets_evaluated = 3;
  r.summary.offending_assets = 2;
  return r;
}

Report LargeReport(int n) {
  Report r = Base();
  const char* accounts[] = {"111122223333", "444455556666", "777788889999"};
  const char* regions[] = {"eu-west-1", "us-east-1", "us-west-2",
                           "ap-southeast-2"};
  ControlReport c;
  c.id = "cis-aws-3.7";
  c.title = "Ensure VPC flow logging is enabled in all VPCs";
  c.severity = "medium";
  c.provider = "aws";
  c.frameworks = {Cis("3.7")};
  c.remediation = "Create a flow log for each VPC.";
  c.status = Outcome::kFail;
  CheckReport check;
  check.name = "VPC flow logging is enabled in all VPCs";
  check.expect = "eq []";
  check.status = Outcome::kFail;
  int waived = 0;
  for (int i = 0; i < n; ++i) {
    const char* account = accounts[i % 3];
    const char* region = regions[(i / 3) % 4];
    char vpc[32];
    std::snprintf(vpc, sizeof vpc, "vpc-%017x", 0x5a5a5a5u * (i + 1));
    std::string id = std::string("arn:aws:ec2:") + region + ":" + account +
                     ":vpc/" + vpc;
    std::string name = "app-" + std::to_string(i % 977) + "-" + region;
    if (i % 10 == 9) {
      check.waived.push_back(Row(id, "Vpc", name, account, region, 0));
      ++waived;
    } else {
      check.offending.push_back(Row(id, "Vpc", name, account, region));
    }
  }
  c.checks = {check};
  r.controls.push_back(c);

  ControlReport pass;
  pass.id = "cis-aws-1.4";
  pass.title = "Ensure no root user access key exists";
  pass.severity = "critical";
  pass.frameworks = {Cis("1.4")};
  pass.status = Outcome::kPass;
  CheckReport ok;
  ok.name = "no root access key";
  ok.expect = "eq []";
  ok.status = Outcome::kPass;
  pass.checks = {ok};
  r.controls.push_back(pass);

  r.exceptions = {{"cis-aws-3.7", {"arn:aws:ec2:*:*:vpc/*"}, "network-team",
                   "sample waiver", "2099-01-01", "active", {}, "e.json:0"}};
  r.summary.controls = 2;
  r.summary.failed = 1;
  r.summary.passed = 1;
  r.summary.checks = 2;
  r.summary.assets_evaluated = n + 3;
  r.summary.offending_assets = n - waived;
  return r;
}

Report EmptyReport() {
  Report r = Base();
  r.pack_name = "empty";
  return r;
}

Report ManyRowsReport(int n) {
  Report r = Base();
  ControlReport c;
  c.id = "many";
  c.title = "Many rows";
  c.severity = "high";
  c.provider = "aws";
  c.remediation = "Fix them in batches.";
  c.status = Outcome::kFail;
  CheckReport check;
  check.name = "rows";
  check.expect = "eq []";
  check.source = "packs/cis-aws/controls/many.json:8:7";
  check.status = Outcome::kFail;
  const char* regions[] = {"eu-west-1", "us-east-1", "ap-south-1"};
  for (int i = 0; i < n; ++i) {
    check.offending.push_back(Row("res-" + std::to_string(i), "Vpc", "",
                                  "111122223333", regions[i % 3]));
  }
  c.checks = {check};
  r.controls = {c};
  r.summary.controls = 1;
  r.summary.failed = 1;
  r.summary.checks = 1;
  r.summary.offending_assets = n;
  return r;
}

namespace {

ClauseCoverage MakeClause(std::string check, size_t index, std::string path, uint32_t line,
                          uint64_t t, uint64_t f, ClauseVerdict verdict) {
  ClauseCoverage c;
  c.check = std::move(check);
  c.check_index = index;
  c.clause.key = path.substr(path.rfind('.') + 1);
  c.clause.path = std::move(path);
  c.clause.line = line;
  c.clause.column = 9;
  c.location = "packs/cis-aws/controls/x.json:" + std::to_string(line) + ":9";
  c.counts.true_rows = t;
  c.counts.false_rows = f;
  c.counts.evaluations = t + f > 0 ? 2 : 0;
  c.verdict = verdict;
  return c;
}

}  // namespace

TestRunResult MixedTestResults() {
  TestRunResult r;
  r.pack_name = "cis-aws";
  r.pack_version = "1.2.0";
  r.controls = {{"cis-aws-3.7", "Ensure VPC flow logging is enabled in all VPCs", "medium"},
                {"cis-aws-1.4", "Ensure no root user access key exists", "critical"},
                {"cis-aws-2.1", "Ensure S3 buckets employ encryption at rest", "high"}};
  CaseResult a;
  a.file = "packs/cis-aws/tests/cis-aws-3.7.json";
  a.control = "cis-aws-3.7";
  a.name = "a VPC without flow logs fails";
  a.location = a.file + ":4:5";
  a.passed = true;
  a.expected_status = a.actual_status = Outcome::kFail;
  a.actual_offending = {"vpc-1"};
  a.time_ms = 0.25;
  CaseResult b = a;
  b.name = "wrong ids";
  b.location = a.file + ":12:5";
  b.passed = false;
  b.actual_offending = {"vpc-a"};
  b.missing_offending = {"vpc-b"};
  b.unexpected_offending = {"vpc-a"};
  b.messages = {"fail in check \"vpcs\": 1 offending row (expected `eq []`)"};
  b.time_ms = 0.5;
  CaseResult c;
  c.file = "packs/cis-aws/tests/cis-aws-1.4.json";
  c.control = "cis-aws-1.4";
  c.name = "no root keys passes";
  c.location = c.file + ":4:5";
  c.passed = true;
  c.time_ms = 0.125;
  CaseResult d;
  d.file = "packs/cis-aws/tests/cis-aws-2.1.json";
  d.control = "cis-aws-2.1";
  d.name = "expired exception";
  d.location = d.file + ":4:5";
  d.passed = false;
  d.expected_status = Outcome::kWaived;
  d.actual_status = Outcome::kFail;
  d.actual_offending = {"logs-a"};
  d.unexpected_offending = {"logs-a"};
  d.messages = {"exception for logs-a (expires 2020-01-01) is expired"};
  d.time_ms = 1.5;
  r.cases = {a, b, c, d};
  r.passed = 2;
  r.failed = 2;
  r.coverage_enabled = true;
  ControlCoverage c37;
  c37.control = "cis-aws-3.7";
  c37.file = "packs/cis-aws/controls/cis-aws-3.7.json";
  c37.cases = 2;
  c37.clauses = {MakeClause("vpcs", 0, "vpcs.where.hasFlowLog_NONE", 2, 2, 1, ClauseVerdict::kBoth),
                 MakeClause("vpcs", 0, "vpcs.where.OR[0].isDefault", 3, 1, 0,
                            ClauseVerdict::kOnlyTrue),
                 MakeClause("vpcs", 0, "vpcs.where.OR[1].state", 4, 0, 0, ClauseVerdict::kNever)};
  c37.covered = 1;
  c37.total = 3;
  ControlCoverage c14;
  c14.control = "cis-aws-1.4";
  c14.file = "packs/cis-aws/controls/cis-aws-1.4.json";
  c14.cases = 1;
  c14.clauses = {MakeClause("root", 0, "users.where.isRoot", 2, 1, 3, ClauseVerdict::kBoth)};
  c14.covered = 1;
  c14.total = 1;
  ControlCoverage c21;
  c21.control = "cis-aws-2.1";
  c21.file = "packs/cis-aws/controls/cis-aws-2.1.json";
  c21.cases = 1;
  r.coverage = {c37, c14, c21};
  r.covered = 2;
  r.total = 4;
  return r;
}

TestRunResult HostileTestResults() {
  auto h = [](const char* field) { return kHostile + "[" + field + "]"; };
  TestRunResult r;
  r.pack_name = h("pack_name");
  r.pack_version = h("pack_version");
  r.controls = {{h("control.id"), h("control.title"), h("control.severity")}};
  CaseResult c;
  c.file = h("case.file");
  c.control = h("control.id");
  c.name = h("case.name");
  c.location = h("case.location");
  c.passed = false;
  c.expected_status = Outcome::kPass;
  c.actual_status = Outcome::kFail;
  c.actual_offending = {h("row.id")};
  c.unexpected_offending = {h("row.id")};
  c.missing_waived = {h("waived.id")};
  c.messages = {h("case.message")};
  c.time_ms = 0.5;
  CaseResult ok = c;
  ok.name = h("passing.name");
  ok.passed = true;
  ok.actual_status = Outcome::kPass;
  ok.actual_offending.clear();
  ok.unexpected_offending.clear();
  ok.missing_waived.clear();
  ok.messages.clear();
  r.cases = {c, ok};
  r.passed = 1;
  r.failed = 1;
  r.coverage_enabled = true;
  ControlCoverage cc;
  cc.control = h("control.id");
  cc.file = h("coverage.file");
  cc.cases = 2;
  ClauseCoverage cl = MakeClause(h("clause.check"), 0, "x", 1, 1, 1, ClauseVerdict::kBoth);
  cl.clause.path = h("clause.path");
  cl.location = h("clause.location");
  cc.clauses = {cl};
  cc.covered = 1;
  cc.total = 1;
  r.coverage = {cc};
  r.covered = 1;
  r.total = 1;
  return r;
}

}  // namespace vigil::testing
