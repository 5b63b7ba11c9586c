// Tests of the report writers over hand-built Reports.
#include "vigil/report.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/report/sample_report.h"
#include "vigil/value.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using vigil::testing::kOddId;

// --- helpers ---------------------------------------------------------------

Value ParseOrDie(const std::string& text) {
  absl::StatusOr<Value> v = Value::ParseJson(text);
  EXPECT_TRUE(v.ok()) << v.status() << "\n" << text.substr(0, 2000);
  return v.ok() ? *v : Value();
}

const Value& At(const Value& v, std::string_view key) {
  static const Value kNull;
  const Value* f = v.Find(key);
  EXPECT_NE(f, nullptr) << "missing key '" << key << "' in "
                        << v.ToJson().substr(0, 300);
  return f != nullptr ? *f : kNull;
}

const Value& At(const Value& v, size_t i) {
  static const Value kNull;
  EXPECT_TRUE(v.is_array() && i < v.as_array().size()) << "no element " << i;
  return v.is_array() && i < v.as_array().size() ? v.as_array()[i] : kNull;
}

size_t Size(const Value& v) { return v.is_array() ? v.as_array().size() : 0; }

std::string Str(const Value& v) {
  return v.is_string() ? v.as_string() : "<not a string>";
}

std::vector<std::string> Keys(const Value& v) {
  std::vector<std::string> keys;
  if (v.is_object()) {
    for (const auto& [k, unused] : v.as_object()) keys.push_back(k);
  }
  return keys;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// kOddId as every JSON writer must give it back: the byte that is not UTF-8
// replaced by U+FFFD, everything else exact.
std::string OddIdSanitized() {
  std::string s = kOddId;
  size_t pos = s.find('\xFF');
  s.replace(pos, 1, "\xEF\xBF\xBD");
  return s;
}

const ReportFormat kAllFormats[] = {ReportFormat::kText, ReportFormat::kJson,
                                    ReportFormat::kSarif, ReportFormat::kJunit,
                                    ReportFormat::kOcsf, ReportFormat::kHtml};

// --- names -----------------------------------------------------------------

TEST(ReportNames, OutcomeName) {
  EXPECT_STREQ(OutcomeName(Outcome::kPass), "pass");
  EXPECT_STREQ(OutcomeName(Outcome::kFail), "fail");
  EXPECT_STREQ(OutcomeName(Outcome::kWaived), "waived");
  EXPECT_STREQ(OutcomeName(Outcome::kError), "error");
}

TEST(ReportNames, ParseReportFormat) {
  EXPECT_EQ(*ParseReportFormat("text"), ReportFormat::kText);
  EXPECT_EQ(*ParseReportFormat("json"), ReportFormat::kJson);
  EXPECT_EQ(*ParseReportFormat("SARIF"), ReportFormat::kSarif);
  EXPECT_EQ(*ParseReportFormat("junit"), ReportFormat::kJunit);
  EXPECT_EQ(*ParseReportFormat("ocsf"), ReportFormat::kOcsf);
  EXPECT_EQ(*ParseReportFormat("HTML"), ReportFormat::kHtml);
  absl::StatusOr<ReportFormat> bad = ParseReportFormat("yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("'yaml'"));
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("sarif"));
  EXPECT_FALSE(ParseReportFormat("").ok());
}

// --- determinism -----------------------------------------------------------

TEST(ReportDeterminism, SameReportSameBytes) {
  for (ReportFormat f : kAllFormats) {
    Report a = testing::MixedReport();
    Report b = testing::MixedReport();
    EXPECT_EQ(RenderReport(a, f), RenderReport(b, f)) << static_cast<int>(f);
    EXPECT_EQ(RenderReport(a, f), RenderReport(a, f));
  }
}

TEST(ReportDeterminism, EveryFormatHandlesAnEmptyReport) {
  Report r = testing::EmptyReport();
  for (ReportFormat f : kAllFormats) {
    std::string out = RenderReport(r, f);
    if (f != ReportFormat::kOcsf) {
      EXPECT_FALSE(out.empty());
    }
  }
  EXPECT_EQ(RenderReport(r, ReportFormat::kOcsf), "");
  Value json = ParseOrDie(RenderReport(r, ReportFormat::kJson));
  EXPECT_EQ(Size(At(json, "controls")), 0u);
}

// --- JSON ------------------------------------------------------------------

TEST(JsonReport, TopLevelFieldsInDocumentedOrder) {
  Value doc =
      ParseOrDie(RenderReport(testing::MixedReport(), ReportFormat::kJson));
  EXPECT_THAT(Keys(doc), ::testing::ElementsAre(
                             "vigil_version", "pack", "graph", "generated_at",
                             "summary", "controls", "exceptions", "collections",
                             "timing"));
  EXPECT_EQ(Str(At(doc, "vigil_version")), "0.1.0");
  EXPECT_THAT(Keys(At(doc, "pack")),
              ::testing::ElementsAre("name", "version", "title", "path"));
  EXPECT_EQ(Str(At(At(doc, "pack"), "name")), "cis-aws");
  EXPECT_EQ(Str(At(At(doc, "graph"), "path")), "graphs/prod.json");
  EXPECT_EQ(Str(At(doc, "generated_at")), "2026-03-01T12:00:00Z");
  const Value& s = At(doc, "summary");
  EXPECT_EQ(At(s, "controls").as_int(), 5);
  EXPECT_EQ(At(s, "passed").as_int(), 1);
  EXPECT_EQ(At(s, "failed").as_int(), 2);
  EXPECT_EQ(At(s, "waived").as_int(), 1);
  EXPECT_EQ(At(s, "errors").as_int(), 1);
  EXPECT_EQ(At(s, "checks").as_int(), 6);
  EXPECT_EQ(At(s, "assets_evaluated").as_int(), 120);
  EXPECT_EQ(At(s, "offending_assets").as_int(), 3);
  const Value& t = At(doc, "timing");
  EXPECT_DOUBLE_EQ(At(t, "load_ms").as_double(), 12.5);
  EXPECT_DOUBLE_EQ(At(t, "compile_ms").as_double(), 3.25);
  EXPECT_DOUBLE_EQ(At(t, "evaluate_ms").as_double(), 40.125);
}

TEST(JsonReport, ControlsChecksAndRows) {
  Value doc =
      ParseOrDie(RenderReport(testing::MixedReport(), ReportFormat::kJson));
  const Value& controls = At(doc, "controls");
  ASSERT_EQ(Size(controls), 5u);
  const Value& flow = At(controls, 0);
  for (const char* k :
       {"id", "title", "severity", "provider", "frameworks", "references",
        "status", "covered_types", "time_ms", "checks", "remediation"}) {
    EXPECT_NE(flow.Find(k), nullptr) << k;
  }
  EXPECT_EQ(Str(At(flow, "status")), "fail");
  EXPECT_EQ(Str(At(At(At(flow, "frameworks"), 0), "id")), "3.7");
  EXPECT_EQ(Str(At(At(flow, "covered_types"), 1)), "FlowLog");
  const Value& check = At(At(flow, "checks"), 0);
  EXPECT_THAT(Keys(check), ::testing::ElementsAre(
                               "name", "query", "expect", "source", "description", "status",
                               "message", "offending", "waived", "unconfirmed", "time_ms"));
  EXPECT_EQ(Str(At(check, "description")), "Every VPC has a flow log.");
  EXPECT_EQ(Str(At(check, "expect")), "eq []");
  EXPECT_EQ(Str(At(check, "source")), "packs/cis-aws/controls/cis-aws-3.7.json:14:7");
  ASSERT_EQ(Size(At(check, "offending")), 3u);
  const Value& row = At(At(check, "offending"), 0);
  EXPECT_THAT(Keys(row), ::testing::ElementsAre("id", "type", "name",
                                                "account_id", "region", "row", "reason"));
  EXPECT_EQ(Str(At(row, "reason")), "no flow log on prod-main");
  // A row without a reason has no "reason" key.
  EXPECT_EQ(At(At(check, "offending"), 1).Find("reason"), nullptr);
  // Every declared parameter, with its source.
  const Value& params = At(flow, "parameters");
  ASSERT_EQ(Size(params), 3u);
  EXPECT_THAT(Keys(At(params, 0)),
              ::testing::ElementsAre("name", "type", "value", "source", "default"));
  EXPECT_EQ(Str(At(At(params, 0), "source")), "command line");
  EXPECT_EQ(Str(At(At(params, 1), "file")), "team-params.json");
  EXPECT_EQ(Str(At(At(params, 2), "source")), "default");
  EXPECT_EQ(Size(At(At(controls, 1), "parameters")), 0u);  // always present
  EXPECT_EQ(Str(At(row, "id")), "vpc-1");
  EXPECT_EQ(Str(At(row, "account_id")), "111122223333");
  EXPECT_EQ(Str(At(At(row, "row"), "__typename")), "Vpc");
  const Value& waived = At(At(check, "waived"), 0);
  EXPECT_EQ(Str(At(waived, "id")), "vpc-lab");
  EXPECT_EQ(Str(At(waived, "owner")), "network-team");
  EXPECT_EQ(Str(At(waived, "reason")), "lab VPC, no traffic");
  EXPECT_EQ(Str(At(waived, "expires")), "2027-03-01");
  EXPECT_EQ(At(waived, "exception_index").as_int(), 0);
  EXPECT_EQ(Str(At(At(controls, 3), "status")), "error");
  EXPECT_EQ(Str(At(At(controls, 2), "status")), "waived");
}

TEST(JsonReport, Exceptions) {
  Value doc =
      ParseOrDie(RenderReport(testing::MixedReport(), ReportFormat::kJson));
  const Value& ex = At(doc, "exceptions");
  ASSERT_EQ(Size(ex), 4u);
  EXPECT_THAT(
      Keys(At(ex, 0)),
      ::testing::ElementsAre("index", "control", "assets", "owner", "reason",
                             "expires", "state", "waived_ids", "source"));
  EXPECT_EQ(Str(At(At(ex, 2), "state")), "expired");
  EXPECT_EQ(Str(At(At(ex, 3), "state")), "stale");
  EXPECT_EQ(Str(At(At(At(ex, 1), "waived_ids"), 1)), "arn:aws:s3:::logs-b");
}

TEST(JsonReport, OddCharactersRoundTrip) {
  std::string text = RenderReport(testing::MixedReport(), ReportFormat::kJson);
  Value doc = ParseOrDie(text);
  const Value& odd = At(At(doc, "controls"), 3);
  EXPECT_EQ(Str(At(odd, "id")), OddIdSanitized());
  EXPECT_EQ(Str(At(At(At(odd, "checks"), 0), "message")),
            testing::MixedReport().controls[3].checks[0].message);
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << "raw ESC in JSON";
  EXPECT_EQ(text.find('\xFF'), std::string::npos) << "invalid UTF-8 in JSON";
}

// --- SARIF -----------------------------------------------------------------

// The properties SARIF 2.1.0 requires (§3.13 sarifLog, §3.14 run, §3.18
// tool, §3.19 toolComponent, §3.27 result, §3.11 message, §3.35
// suppression), plus what this writer promises.
void ExpectStructurallyValidSarif(const Value& doc) {
  EXPECT_EQ(Str(At(doc, "version")), "2.1.0");
  ASSERT_EQ(Size(At(doc, "runs")), 1u);
  const Value& run = At(At(doc, "runs"), 0);
  const Value& driver = At(At(run, "tool"), "driver");
  EXPECT_EQ(Str(At(driver, "name")), "vigil");
  const Value& rules = At(driver, "rules");
  std::set<std::string> levels = {"none", "note", "warning", "error"};
  for (const Value& res : At(run, "results").as_array()) {
    const Value& msg = At(res, "message");
    EXPECT_TRUE(msg.Find("text") != nullptr && !Str(At(msg, "text")).empty());
    int64_t idx = At(res, "ruleIndex").as_int();
    ASSERT_TRUE(idx >= 0 && static_cast<size_t>(idx) < Size(rules));
    EXPECT_EQ(Str(At(At(rules, static_cast<size_t>(idx)), "id")),
              Str(At(res, "ruleId")));
    EXPECT_EQ(levels.count(Str(At(res, "level"))), 1u);
    if (const Value* sup = res.Find("suppressions")) {
      for (const Value& s : sup->as_array()) {
        std::string kind = Str(At(s, "kind"));
        EXPECT_TRUE(kind == "external" || kind == "inSource");
      }
    }
  }
}

TEST(SarifReport, RulesOnePerControl) {
  Value doc =
      ParseOrDie(RenderReport(testing::MixedReport(), ReportFormat::kSarif));
  ExpectStructurallyValidSarif(doc);
  const Value& rules =
      At(At(At(At(At(doc, "runs"), 0), "tool"), "driver"), "rules");
  ASSERT_EQ(Size(rules), 5u);
  const Value& r0 = At(rules, 0);
  EXPECT_EQ(Str(At(r0, "id")), "cis-aws-3.7");
  EXPECT_EQ(Str(At(r0, "name")),
            "Ensure VPC flow logging is enabled in all VPCs");
  EXPECT_EQ(Str(At(At(r0, "shortDescription"), "text")),
            "Ensure VPC flow logging is enabled in all VPCs");
  EXPECT_THAT(Str(At(At(r0, "fullDescription"), "text")),
              HasSubstr("VPC flow logs record"));
  EXPECT_THAT(Str(At(At(r0, "help"), "text")),
              HasSubstr("aws ec2 create-flow-logs"));
  EXPECT_EQ(Str(At(At(r0, "properties"), "severity")), "medium");
  EXPECT_EQ(Size(At(At(r0, "properties"), "frameworks")), 2u);
  EXPECT_EQ(Str(At(r0, "helpUri")),
            "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html");
  EXPECT_EQ(Str(At(At(rules, 3), "id")), OddIdSanitized());
}

TEST(SarifReport, ResultsPerAssetWithLevelsAndSuppressions) {
  Value doc =
      ParseOrDie(RenderReport(testing::MixedReport(), ReportFormat::kSarif));
  const Value& run = At(At(doc, "runs"), 0);
  const Value& results = At(run, "results");
  // 3.7: 3 offending + 1 waived; 2.1: 2 waived; 4.1: 1 failed check without
  // rows.
  ASSERT_EQ(Size(results), 7u);
  const Value& first = At(results, 0);
  EXPECT_EQ(Str(At(first, "ruleId")), "cis-aws-3.7");
  EXPECT_EQ(At(first, "ruleIndex").as_int(), 0);
  EXPECT_EQ(Str(At(first, "level")), "warning");  // medium
  EXPECT_THAT(Str(At(At(first, "message"), "text")), HasSubstr("vpc-1"));
  EXPECT_THAT(Str(At(At(first, "message"), "text")), HasSubstr("cis-aws-3.7"));
  const Value& ll =
      At(At(At(At(first, "locations"), 0), "logicalLocations"), 0);
  EXPECT_EQ(Str(At(ll, "fullyQualifiedName")), "vpc-1");
  EXPECT_EQ(Str(At(ll, "kind")), "resource");
  // GitHub code scanning places the result at the check that found it.
  const Value& phys = At(At(At(first, "locations"), 0), "physicalLocation");
  EXPECT_EQ(Str(At(At(phys, "artifactLocation"), "uri")),
            "packs/cis-aws/controls/cis-aws-3.7.json");
  EXPECT_EQ(At(phys, "artifactLocation").Find("uriBaseId"), nullptr);
  EXPECT_EQ(At(At(phys, "region"), "startLine").as_int(), 14);
  EXPECT_EQ(At(At(phys, "region"), "startColumn").as_int(), 7);
  EXPECT_EQ(Str(At(At(first, "properties"), "accountId")), "111122223333");
  EXPECT_EQ(Str(At(At(first, "properties"), "region")), "eu-west-1");
  EXPECT_EQ(first.Find("suppressions"), nullptr);

  const Value& lab = At(results, 3);
  EXPECT_EQ(Str(At(At(At(At(At(lab, "locations"), 0), "logicalLocations"), 0),
                   "fullyQualifiedName")),
            "vpc-lab");
  const Value& sup = At(At(lab, "suppressions"), 0);
  EXPECT_EQ(Str(At(sup, "kind")), "external");
  EXPECT_THAT(Str(At(sup, "justification")), HasSubstr("lab VPC, no traffic"));
  EXPECT_THAT(Str(At(sup, "justification")), HasSubstr("network-team"));

  EXPECT_EQ(Str(At(At(results, 4), "level")), "error");  // high
  EXPECT_NE(At(results, 4).Find("suppressions"), nullptr);
  const Value& norow = At(results, 6);
  EXPECT_EQ(Str(At(norow, "ruleId")), "cis-aws-4.1");
  EXPECT_EQ(Str(At(norow, "level")), "note");  // informational
  // A failed check without rows: located at the check alone.
  const Value& nloc = At(At(norow, "locations"), 0);
  EXPECT_EQ(nloc.Find("logicalLocations"), nullptr);
  EXPECT_EQ(Str(At(At(At(nloc, "physicalLocation"), "artifactLocation"), "uri")),
            "packs/cis-aws/controls/cis-aws-4.1.json");
  EXPECT_EQ(At(At(At(nloc, "physicalLocation"), "region"), "startLine").as_int(), 12);

  // The errored check is a tool execution notification, not a result.
  const Value& inv = At(At(run, "invocations"), 0);
  EXPECT_FALSE(At(inv, "executionSuccessful").as_bool());
  const Value& note = At(At(inv, "toolExecutionNotifications"), 0);
  EXPECT_EQ(Str(At(note, "level")), "error");
  EXPECT_EQ(At(At(note, "associatedRule"), "index").as_int(), 3);
  EXPECT_THAT(Str(At(At(note, "message"), "text")),
              HasSubstr("unknown field 'nope'"));
}

TEST(SarifReport, ControlFileUrisAreRelativeAndEncoded) {
  Report r = testing::MixedReport();
  r.pack_path = "/srv/packs/cis aws/";
  r.controls[0].checks[0].source = "/srv/packs/cis aws/controls/3.7.json:4:2";
  r.controls[4].checks[0].source = "/elsewhere/x.json:3:1";
  Value doc = ParseOrDie(RenderReport(r, ReportFormat::kSarif));
  const Value& run = At(At(doc, "runs"), 0);
  EXPECT_EQ(Str(At(At(At(run, "originalUriBaseIds"), "PACKROOT"), "uri")),
            "file:///srv/packs/cis%20aws/");
  const Value& art =
      At(At(At(At(At(run, "results"), 0), "locations"), 0), "physicalLocation");
  EXPECT_EQ(Str(At(At(art, "artifactLocation"), "uri")), "controls/3.7.json");
  EXPECT_EQ(Str(At(At(art, "artifactLocation"), "uriBaseId")), "PACKROOT");
  const Value& other = At(At(At(At(run, "results"), 6), "locations"), 0);
  EXPECT_EQ(Str(At(At(At(other, "physicalLocation"), "artifactLocation"), "uri")),
            "file:///elsewhere/x.json");

  // The odd control's check lives in "./packs/cis-aws/controls/odd id #1.json".
  Report m = testing::MixedReport();
  m.controls[3].checks[0].status = Outcome::kFail;
  m.controls[3].checks[0].offending = {m.controls[0].checks[0].offending[0]};
  Value md = ParseOrDie(RenderReport(m, ReportFormat::kSarif));
  bool found = false;
  for (const Value& res : At(At(At(md, "runs"), 0), "results").as_array()) {
    if (res.Find("locations") == nullptr) continue;
    const Value* p = At(At(res, "locations"), 0).Find("physicalLocation");
    if (p != nullptr && Str(At(At(*p, "artifactLocation"), "uri")) ==
                            "packs/cis-aws/controls/odd%20id%20%231.json") {
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(SarifReport, AnAssetOffendingInTwoChecksIsOneResult) {
  Report r = testing::MixedReport();
  r.controls[0].checks[1].status = Outcome::kFail;
  r.controls[0].checks[1].offending = {r.controls[0].checks[0].offending[0]};
  Value doc = ParseOrDie(RenderReport(r, ReportFormat::kSarif));
  EXPECT_EQ(Size(At(At(At(doc, "runs"), 0), "results")), 7u);
}

TEST(SarifReport, CriticalAndLowLevels) {
  Report r = testing::ManyRowsReport(1);
  r.controls[0].severity = "critical";
  Value doc = ParseOrDie(RenderReport(r, ReportFormat::kSarif));
  EXPECT_EQ(Str(At(At(At(At(At(doc, "runs"), 0), "results"), 0), "level")),
            "error");
  r.controls[0].severity = "low";
  doc = ParseOrDie(RenderReport(r, ReportFormat::kSarif));
  EXPECT_EQ(Str(At(At(At(At(At(doc, "runs"), 0), "results"), 0), "level")),
            "note");
}

// --- JUnit -----------------------------------------------------------------

TEST(JunitReport, SuitesCasesAndFailures) {
  std::string xml = RenderReport(testing::MixedReport(), ReportFormat::kJunit);
  EXPECT_THAT(xml,
              ::testing::StartsWith(
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
  EXPECT_THAT(
      xml, HasSubstr(
               "<testsuites name=\"vigil: cis-aws\" tests=\"6\" failures=\"2\" "
               "errors=\"1\" skipped=\"0\""));
  EXPECT_THAT(
      xml,
      HasSubstr("<testsuite name=\"cis-aws-3.7\" tests=\"2\" failures=\"1\" "
                "errors=\"0\" skipped=\"0\" time=\"0.005\">"));
  // Duplicate check names are made unique.
  EXPECT_THAT(
      xml, HasSubstr("<testcase classname=\"cis-aws-3.7\" "
                     "name=\"VPC flow logging is enabled\" time=\"0.002\">"));
  EXPECT_THAT(
      xml,
      HasSubstr("<testcase classname=\"cis-aws-3.7\" "
                "name=\"VPC flow logging is enabled (2)\" time=\"0.001\"/>"));
  EXPECT_THAT(
      xml,
      HasSubstr("<failure message=\"3 offending assets: vpc-1, vpc-2, vpc-3\" "
                "type=\"fail\">"));
  EXPECT_THAT(
      xml, HasSubstr("<failure message=\"expected count gt 0, got 0 rows\""));
  EXPECT_THAT(
      xml,
      HasSubstr(
          "vpc-lab type=Vpc name=lab account=111122223333 region=eu-west-1 "
          "owner=network-team"));
  EXPECT_THAT(
      xml,
      HasSubstr(
          "<error message=\"1:14: error: unknown field &apos;nope&apos; on "
          "VpcWhere&#10;second line \\u001b]0;title\\u0007\" type=\"error\">"));
}

TEST(JunitReport, EscapesEverything) {
  std::string xml = RenderReport(testing::MixedReport(), ReportFormat::kJunit);
  EXPECT_THAT(
      xml,
      HasSubstr("<testsuite name=\"odd &quot;&lt;&amp;&gt;&apos;\\ &#9;&#10;"
                "\\u001b[31m\\u0001 \xC2\x85 caf\xC3\xA9 \xEF\xBF\xBD end\""));
  EXPECT_THAT(xml,
              HasSubstr("name=\"broken &lt;check&gt; &amp; &quot;co&quot;\""));
  for (char c : xml) {
    unsigned char u = static_cast<unsigned char>(c);
    EXPECT_FALSE(u < 0x20 && c != '\n' && c != '\t')
        << "raw control character " << int(u);
  }
  EXPECT_EQ(xml.find('\xFF'), std::string::npos);
}

TEST(JunitReport, UniqueNamesEvenWhenASuffixCollides) {
  Report r = testing::ManyRowsReport(0);
  CheckReport a;
  a.name = "x";
  CheckReport b;
  b.name = "x (2)";
  CheckReport unnamed;
  r.controls[0].checks = {a, a, b, unnamed, unnamed};
  std::string xml = RenderReport(r, ReportFormat::kJunit);
  std::set<std::string> names;
  size_t pos = 0;
  int count = 0;
  while ((pos = xml.find("<testcase classname=\"many\" name=\"", pos)) !=
         std::string::npos) {
    pos += 33;
    names.insert(xml.substr(pos, xml.find('"', pos) - pos));
    ++count;
  }
  EXPECT_EQ(count, 5);
  EXPECT_EQ(names.size(), 5u) << xml;
  EXPECT_EQ(names.count("check 4"), 1u);
}

TEST(JunitReport, LongFailureMessagesAreCapped) {
  std::string xml =
      RenderReport(testing::ManyRowsReport(30), ReportFormat::kJunit);
  EXPECT_THAT(xml, HasSubstr("30 offending assets: res-0, res-1,"));
  EXPECT_THAT(xml, HasSubstr("res-19, and 10 more\""));
  EXPECT_THAT(xml, HasSubstr("res-29 type=Vpc"));  // the body lists every row
}

// --- OCSF ------------------------------------------------------------------

TEST(OcsfReport, OneFindingPerControlAndAsset) {
  std::string text = RenderReport(testing::MixedReport(), ReportFormat::kOcsf);
  std::vector<std::string> lines = Lines(text);
  // 3.7: 4 assets; 1.4: 1 pass; 2.1: 2 waived; odd: 1 error; 4.1: 1 fail
  // without rows.
  ASSERT_EQ(lines.size(), 9u);
  std::set<std::string> uids;
  for (const std::string& line : lines) {
    Value f = ParseOrDie(line);
    EXPECT_EQ(At(f, "class_uid").as_int(), 2003);
    EXPECT_EQ(At(f, "category_uid").as_int(), 2);
    EXPECT_EQ(At(f, "activity_id").as_int(), 1);
    EXPECT_EQ(At(f, "type_uid").as_int(), 200301);
    EXPECT_TRUE(At(f, "severity_id").is_int());
    EXPECT_EQ(At(f, "time").as_int(), 1772366400000);  // 2026-03-01T12:00:00Z
    EXPECT_EQ(Str(At(At(At(f, "metadata"), "product"), "name")), "vigil");
    EXPECT_EQ(Str(At(At(At(f, "metadata"), "product"), "version")), "0.1.0");
    EXPECT_EQ(Str(At(At(f, "metadata"), "version")), "1.1.0");
    std::string uid = Str(At(At(f, "finding_info"), "uid"));
    EXPECT_TRUE(uids.insert(uid).second) << "duplicate uid " << uid;
    EXPECT_FALSE(Str(At(At(f, "finding_info"), "title")).empty());
    EXPECT_TRUE(At(At(f, "compliance"), "standards").is_array());
  }
  Value first = ParseOrDie(lines[0]);
  EXPECT_EQ(At(first, "severity_id").as_int(), 3);
  EXPECT_EQ(Str(At(At(first, "compliance"), "control")), "cis-aws-3.7");
  EXPECT_EQ(At(At(first, "compliance"), "status_id").as_int(), 3);
  EXPECT_EQ(Str(At(At(first, "compliance"), "status")), "Fail");
  EXPECT_EQ(Str(At(At(At(first, "compliance"), "standards"), 0)),
            "CIS Amazon Web Services Foundations Benchmark 3.0.0");
  EXPECT_EQ(At(first, "status_id").as_int(), 1);
  EXPECT_EQ(first.Find("resources"), nullptr);  // not an attribute of the class in 1.1.0
  EXPECT_EQ(Str(At(At(At(first, "metadata"), "profiles"), 0)), "cloud");
  const Value& res = At(first, "resource");
  EXPECT_EQ(Str(At(res, "uid")), "vpc-1");
  EXPECT_EQ(Str(At(res, "type")), "Vpc");
  EXPECT_EQ(Str(At(res, "region")), "eu-west-1");
  EXPECT_EQ(Str(At(At(first, "cloud"), "provider")), "aws");
  EXPECT_EQ(Str(At(At(At(first, "cloud"), "account"), "uid")), "111122223333");

  Value waived = ParseOrDie(lines[3]);
  EXPECT_EQ(Str(At(At(waived, "resource"), "uid")), "vpc-lab");
  EXPECT_EQ(At(waived, "status_id").as_int(), 3);
  EXPECT_EQ(Str(At(waived, "status")), "Suppressed");

  Value pass = ParseOrDie(lines[4]);
  EXPECT_EQ(Str(At(At(pass, "compliance"), "control")), "cis-aws-1.4");
  EXPECT_EQ(At(At(pass, "compliance"), "status_id").as_int(), 1);
  EXPECT_EQ(Str(At(At(pass, "compliance"), "status")), "Pass");
  EXPECT_EQ(pass.Find("resource"), nullptr);
  EXPECT_EQ(At(pass, "severity_id").as_int(), 5);

  Value error = ParseOrDie(lines[7]);
  EXPECT_EQ(Str(At(At(error, "compliance"), "control")), OddIdSanitized());
  EXPECT_EQ(At(At(error, "compliance"), "status_id").as_int(), 0);
}

// A scanner that embeds vigil names itself: SARIF's driver and OCSF's
// product are the scanner, vigil an extension (SARIF); the JSON report
// keeps both and reads back.
TEST(EmbeddedReport, ToolNameAndVersion) {
  Report r = testing::MixedReport();
  r.product_name = "acme-scanner";
  r.product_version = "2.4.1";
  Value sarif = ParseOrDie(RenderReport(r, ReportFormat::kSarif));
  const Value& tool = At(At(At(sarif, "runs"), 0), "tool");
  EXPECT_EQ(Str(At(At(tool, "driver"), "name")), "acme-scanner");
  EXPECT_EQ(Str(At(At(tool, "driver"), "version")), "2.4.1");
  EXPECT_EQ(Str(At(At(At(tool, "extensions"), 0), "name")), "vigil");
  EXPECT_EQ(Str(At(At(At(tool, "extensions"), 0), "version")), r.tool_version);
  for (const std::string& line : Lines(RenderReport(r, ReportFormat::kOcsf))) {
    Value f = ParseOrDie(line);
    EXPECT_EQ(Str(At(At(At(f, "metadata"), "product"), "name")), "acme-scanner");
    EXPECT_EQ(Str(At(At(At(f, "metadata"), "product"), "version")), "2.4.1");
  }
  auto back = ReportFromJson(RenderReport(r, ReportFormat::kJson));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->product_name, "acme-scanner");
  EXPECT_EQ(back->product_version, "2.4.1");
  EXPECT_EQ(back->tool_version, r.tool_version);
  // Not named: vigil.
  Value plain = ParseOrDie(RenderReport(testing::MixedReport(), ReportFormat::kSarif));
  EXPECT_EQ(At(At(At(plain, "runs"), 0), "tool").Find("extensions"), nullptr);
}

// SARIF's semanticVersion must be SemVer 2.0: an embedder's version that is
// not one is written as `version` only.
TEST(EmbeddedReport, SemanticVersionOnlyForSemVer) {
  const std::vector<std::string> semver = {
      "2.4.1", "0.0.0", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7",
      "1.0.0-x.7.z.92", "1.0.0-x-y-z.--", "1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85",
      "1.0.0+21AF26D3----117B344092BD", "1.2.3-0A.is.legal", "1.0.0+0.build.1-rc.10000aaa-kk-0.1"};
  const std::vector<std::string> not_semver = {
      "2024.1", "v1.2.3", "1.2", "1", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "1.2.3-",
      "1.2.3+", "1.2.3-01", "1.2.3-alpha..1", "1.2.3+build..1", "1.2.3-alpha_1", "1.2.3 ",
      " 1.2.3", "1.2.-3", "1..3", "a.b.c", "1.2.3-+x", "git-5b6a032", "1.2.3+a+b"};
  auto driver_of = [](const std::string& version) {
    Report r = testing::MixedReport();
    r.product_name = "acme-scanner";
    r.product_version = version;
    Value sarif = ParseOrDie(RenderReport(r, ReportFormat::kSarif));
    return At(At(At(At(sarif, "runs"), 0), "tool"), "driver");
  };
  for (const std::string& v : semver) {
    Value driver = driver_of(v);
    EXPECT_EQ(Str(At(driver, "version")), v);
    ASSERT_NE(driver.Find("semanticVersion"), nullptr) << v;
    EXPECT_EQ(Str(At(driver, "semanticVersion")), v);
  }
  for (const std::string& v : not_semver) {
    Value driver = driver_of(v);
    EXPECT_EQ(Str(At(driver, "version")), v);
    EXPECT_EQ(driver.Find("semanticVersion"), nullptr) << v;
  }
  // vigil's own version is SemVer.
  Value plain = ParseOrDie(RenderReport(testing::MixedReport(), ReportFormat::kSarif));
  const Value& driver = At(At(At(At(plain, "runs"), 0), "tool"), "driver");
  EXPECT_EQ(Str(At(driver, "semanticVersion")), Str(At(driver, "version")));
}

TEST(OcsfReport, FindingUidsAreStable) {
  Report a = testing::MixedReport();
  Report b = testing::MixedReport();
  b.controls[0].checks[0].offending[0].name =
      "renamed";  // same control and asset
  Value fa = ParseOrDie(Lines(RenderReport(a, ReportFormat::kOcsf))[0]);
  Value fb = ParseOrDie(Lines(RenderReport(b, ReportFormat::kOcsf))[0]);
  EXPECT_EQ(Str(At(At(fa, "finding_info"), "uid")),
            Str(At(At(fb, "finding_info"), "uid")));
  b.controls[0].checks[0].offending[0].id = "vpc-other";
  Value fc = ParseOrDie(Lines(RenderReport(b, ReportFormat::kOcsf))[0]);
  EXPECT_NE(Str(At(At(fa, "finding_info"), "uid")),
            Str(At(At(fc, "finding_info"), "uid")));
}

// --- text ------------------------------------------------------------------

TEST(TextReport, HeaderTableGroupsRemediationAndSummary) {
  std::string text = RenderReport(testing::MixedReport(), ReportFormat::kText);
  EXPECT_THAT(text, HasSubstr("vigil 0.1.0 compliance report"));
  EXPECT_THAT(
      text,
      HasSubstr(
          "Pack:      cis-aws 1.2.0 - CIS AWS Foundations (packs/cis-aws)"));
  EXPECT_THAT(text, HasSubstr("Graph:     graphs/prod.json"));
  EXPECT_THAT(text, HasSubstr("Generated: 2026-03-01T12:00:00Z"));
  EXPECT_THAT(text, HasSubstr("CONTROL"));
  EXPECT_THAT(text, HasSubstr("OFFENDING  WAIVED"));
  // Offending assets grouped by account and region, groups sorted.
  size_t g1 = text.find("account 111122223333, region eu-west-1 (2 assets)");
  size_t g2 = text.find("account 444455556666, region us-east-1 (1 asset)");
  ASSERT_NE(g1, std::string::npos) << text;
  ASSERT_NE(g2, std::string::npos);
  EXPECT_LT(g1, g2);
  // Each offending row with the check's reason for it and its selected
  // fields (those the row line shows are left out).
  EXPECT_THAT(text, HasSubstr("        vpc-1  Vpc  \"prod-main\"\n"
                              "          no flow log on prod-main\n"
                              "          cidrBlock: 10.0.0.0/16; hasFlowLog: []\n"
                              "        vpc-3  Vpc  \"staging\"\n"));
  EXPECT_THAT(text, HasSubstr("  Check: VPC flow logging is enabled - fail\n"
                              "    Every VPC has a flow log.\n"));
  // Overridden parameters only (the default one is not listed).
  EXPECT_THAT(text, HasSubstr("\nParameter overrides:\n"
                              "  cis-aws-3.7  minDays = 30 (command line; default 365)\n"
                              "  cis-aws-3.7  statuses = [\"ACTIVE\"] (file team-params.json; "
                              "no default)\n\n"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("plain =")));
  EXPECT_THAT(text,
              HasSubstr("  Remediation:\n    Create a flow log for each VPC:\n"
                        "    aws ec2 create-flow-logs --resource-type VPC\n"));
  EXPECT_THAT(text, HasSubstr("FAIL  cis-aws-4.1  [informational]"));
  EXPECT_THAT(text, HasSubstr("ERROR  odd"));
  EXPECT_THAT(text, HasSubstr("Waived rows (3):"));
  EXPECT_THAT(
      text, HasSubstr("vpc-lab  Vpc  \"lab\"  (111122223333/eu-west-1)  owner "
                      "network-team, expires 2027-03-01: lab VPC, no traffic"));
  EXPECT_THAT(
      text,
      HasSubstr("expired  cis-aws-3.7  [vpc-old]  owner legacy-team, expired "
                "2025-01-01: migration  (exceptions.json:2)"));
  EXPECT_THAT(text, HasSubstr("stale  cis-aws-1.4  [acct-*]"));
  EXPECT_THAT(Lines(text).back(),
              ::testing::StartsWith(
                  "Result: ERROR - 5 controls: 1 passed, 2 failed, 1 waived, "
                  "1 error; 6 checks; 120 assets evaluated, 3 offending"));
  // Passing controls are in the table but get no section.
  EXPECT_THAT(text, Not(HasSubstr("PASS  cis-aws-1.4")));
}

TEST(TextReport, NoRawControlCharactersWithoutColour) {
  std::string text = RenderReport(testing::MixedReport(), ReportFormat::kText);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
  EXPECT_THAT(text, HasSubstr("\\x1b]0;title\\x07"));
  EXPECT_THAT(text, HasSubstr("\\u0085"));
}

// Asset data (a row's fields, the rendered reason) stays on its line: a
// line break in it is shown as \n / \r, never a line that looks like the
// report's own.
TEST(TextReport, LineBreaksInAssetDataAreEscaped) {
  Report r = testing::ManyRowsReport(1);
  ReportRow& row = r.controls[0].checks[0].offending[0];
  const std::string forged = "x\nPASS  cis-aws-1.1  forged\r\ny";
  row.reason = "state is " + forged;
  absl::StatusOr<Value> fields = Value::ParseJson(
      R"({"id": "res-0", "state": "x\nPASS  cis-aws-1.1  forged\r\ny"})");
  ASSERT_TRUE(fields.ok());
  row.row = *fields;
  std::string text = RenderReport(r, ReportFormat::kText);
  EXPECT_THAT(text, HasSubstr("state is x\\nPASS  cis-aws-1.1  forged\\r\\ny\n"));
  EXPECT_THAT(text, HasSubstr("state: x\\nPASS  cis-aws-1.1  forged\\r\\ny"));
  for (const std::string& line : Lines(text)) {
    EXPECT_THAT(line, Not(::testing::StartsWith("PASS  cis-aws-1.1"))) << text;
    EXPECT_EQ(line.find('\r'), std::string::npos);
  }
}

TEST(TextReport, ColourWhenAsked) {
  TextOptions opt;
  opt.color = true;
  std::string text =
      RenderReport(testing::MixedReport(), ReportFormat::kText, opt);
  EXPECT_THAT(text, HasSubstr("\x1b[31mFAIL\x1b[0m"));
  EXPECT_THAT(text, HasSubstr("\x1b[32mPASS\x1b[0m"));
  // The ESC inside the odd id is still escaped.
  EXPECT_THAT(text, HasSubstr("\\x1b[31m"));
}

TEST(TextReport, TableColumnsAlign) {
  std::string text = RenderReport(testing::MixedReport(), ReportFormat::kText);
  std::vector<std::string> lines = Lines(text);
  size_t head = 0;
  while (head < lines.size() && lines[head].find("  CONTROL") != 0) ++head;
  ASSERT_LT(head, lines.size());
  size_t status_col = lines[head].find("STATUS");
  EXPECT_EQ(lines[head + 1].find("FAIL"), status_col);
  EXPECT_EQ(lines[head + 2].find("PASS"), status_col);
  EXPECT_EQ(lines[head + 3].find("WAIVED"), status_col);
}

// The table counts a control's assets merged over its checks by id (rows
// without an id each count): offending in one check wins over waived in
// another; only assets waived everywhere are listed as waived rows.
TEST(TextReport, TableCountsAssetsMergedOverChecks) {
  auto row = [](const std::string& id) {
    ReportRow r;
    r.id = id;
    r.type = "Vpc";
    r.row = Value(Value::Object{{"id", id.empty() ? Value() : Value(id)}});
    return r;
  };
  Report r;
  r.pack_name = "p";
  ControlReport c;
  c.id = "merged";
  c.status = Outcome::kFail;
  CheckReport one;
  one.name = "one";
  one.status = Outcome::kFail;
  one.offending = {row("vpc-a"), row("vpc-b"), row(""), row("vpc-a")};
  CheckReport two;
  two.name = "two";
  two.status = Outcome::kFail;
  two.offending = {row("vpc-a")};
  two.waived = {row("vpc-c"), row("vpc-b"), row(""), row("vpc-c")};
  c.checks = {one, two};
  r.controls.push_back(c);
  ControlReport clean;  // no waived row: nothing listed for it
  clean.id = "clean";
  clean.status = Outcome::kFail;
  clean.checks = {one};
  r.controls.push_back(clean);
  std::string text = RenderReport(r, ReportFormat::kText);
  std::vector<std::string> cells;
  for (const std::string& line : Lines(text)) {
    if (line.rfind("  merged ", 0) != 0) continue;
    std::istringstream in(line);
    for (std::string cell; in >> cell;) cells.push_back(cell);
  }
  ASSERT_GE(cells.size(), 5u) << text;
  EXPECT_EQ(cells[2], "FAIL");
  EXPECT_EQ(cells[3], "3");  // vpc-a, vpc-b, the row without an id
  EXPECT_EQ(cells[4], "2");  // vpc-c, the waived row without an id
  EXPECT_THAT(text, HasSubstr("Waived rows (2):"));
  EXPECT_THAT(text, HasSubstr("  merged  vpc-c  Vpc"));
  EXPECT_THAT(text, Not(HasSubstr("  merged  vpc-b  Vpc")));
  EXPECT_THAT(text, Not(HasSubstr("  clean  vpc-")));
}

TEST(TextReport, MaxRowsPerCheck) {
  Report r = testing::ManyRowsReport(75);
  TextOptions opt;
  opt.max_rows_per_check = 10;
  std::string text = RenderReport(r, ReportFormat::kText, opt);
  EXPECT_THAT(text, HasSubstr("... and 65 more (75 in all"));
  EXPECT_THAT(text, HasSubstr("75 offending assets:"));
  opt.max_rows_per_check = 0;
  text = RenderReport(r, ReportFormat::kText, opt);
  EXPECT_THAT(text, Not(HasSubstr("more (")));
  for (int i = 0; i < 75; ++i) {
    EXPECT_THAT(text, HasSubstr("  res-" + std::to_string(i) + "  Vpc\n"));
  }
  EXPECT_THAT(text,
              HasSubstr("account 111122223333, region ap-south-1 (25 assets)"));
}

// --- WriteReportFile -------------------------------------------------------

class WriteReportFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr ? tmp : "/tmp") + "/vigil-report-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    for (const std::string& f : Files()) ::unlink((dir_ + "/" + f).c_str());
    ::rmdir(dir_.c_str());
  }
  std::vector<std::string> Files() const {
    std::vector<std::string> names;
    if (DIR* d = ::opendir(dir_.c_str())) {
      while (dirent* e = ::readdir(d)) {
        std::string n = e->d_name;
        if (n != "." && n != "..") names.push_back(n);
      }
      ::closedir(d);
    }
    return names;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::string dir_;
};

TEST_F(WriteReportFileTest, WritesAtomicallyAndLeavesNoTemporaryFile) {
  Report r = testing::MixedReport();
  std::string path = dir_ + "/report.sarif";
  ASSERT_TRUE(WriteReportFile(r, ReportFormat::kSarif, path).ok());
  EXPECT_EQ(Read(path), RenderReport(r, ReportFormat::kSarif));
  EXPECT_THAT(Files(), ::testing::ElementsAre("report.sarif"));
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  // Overwrites an existing file.
  ASSERT_TRUE(WriteReportFile(r, ReportFormat::kJson, path).ok());
  EXPECT_EQ(Read(path), RenderReport(r, ReportFormat::kJson));
  EXPECT_THAT(Files(), ::testing::ElementsAre("report.sarif"));
}

TEST_F(WriteReportFileTest, RelativePath) {
  char cwd[4096];
  ASSERT_NE(::getcwd(cwd, sizeof cwd), nullptr);
  ASSERT_EQ(::chdir(dir_.c_str()), 0);
  absl::Status st =
      WriteReportFile(testing::MixedReport(), ReportFormat::kText, "out.txt");
  ASSERT_EQ(::chdir(cwd), 0);
  ASSERT_TRUE(st.ok()) << st;
  EXPECT_THAT(Files(), ::testing::ElementsAre("out.txt"));
}

// The library never writes to standard output (codebase.hygiene): "-" is
// refused rather than taken as a file name; the command line writes
// RenderReport()'s text itself.
TEST_F(WriteReportFileTest, DashIsRefused) {
  char cwd[4096];
  ASSERT_NE(::getcwd(cwd, sizeof cwd), nullptr);
  ASSERT_EQ(::chdir(dir_.c_str()), 0);
  absl::Status st = WriteReportFile(testing::MixedReport(), ReportFormat::kText, "-");
  ASSERT_EQ(::chdir(cwd), 0);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << st;
  EXPECT_THAT(Files(), ::testing::IsEmpty());
}

TEST_F(WriteReportFileTest, MissingDirectoryIsAClearError) {
  std::string path = dir_ + "/no/such/dir/report.json";
  absl::Status st =
      WriteReportFile(testing::MixedReport(), ReportFormat::kJson, path);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(st.message()), HasSubstr(path));
  EXPECT_THAT(std::string(st.message()),
              HasSubstr("No such file or directory"));
  EXPECT_TRUE(Files().empty());
}

TEST_F(WriteReportFileTest, PathThatIsADirectoryIsAnErrorAndCleansUp) {
  std::string sub = dir_ + "/sub";
  ASSERT_EQ(::mkdir(sub.c_str(), 0755), 0);
  absl::Status st =
      WriteReportFile(testing::MixedReport(), ReportFormat::kJson, sub);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(std::string(st.message()), HasSubstr(sub));
  EXPECT_THAT(Files(),
              ::testing::ElementsAre("sub"));  // no temporary file left
  ::rmdir(sub.c_str());
  EXPECT_FALSE(
      WriteReportFile(testing::MixedReport(), ReportFormat::kJson, dir_ + "/")
          .ok());
  EXPECT_FALSE(
      WriteReportFile(testing::MixedReport(), ReportFormat::kJson, "").ok());
}

}  // namespace
}  // namespace vigil
