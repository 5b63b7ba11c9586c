#include "vigil/waivers.h"

#include <gtest/gtest.h>

#include "vigil/parameters.h"

namespace vigil {
namespace {

TEST(GlobTest, Patterns) {
  EXPECT_TRUE(GlobMatch("vpc-*", "vpc-0a1b"));
  EXPECT_TRUE(GlobMatch("vpc-*", "vpc-"));
  EXPECT_FALSE(GlobMatch("vpc-*", "subnet-1"));
  EXPECT_TRUE(GlobMatch("*-lab-?", "vpc-lab-1"));
  EXPECT_FALSE(GlobMatch("*-lab-?", "vpc-lab-12"));
  EXPECT_TRUE(GlobMatch("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(GlobMatch("a*b*c", "aXXbYY"));
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("exact", "exact"));
  EXPECT_FALSE(GlobMatch("exact", "exactly"));
  EXPECT_TRUE(GlobMatch("a\\*", "a*"));
  EXPECT_FALSE(GlobMatch("a\\*", "ab"));
  // Pathological pattern stays fast.
  std::string text(5000, 'a');
  EXPECT_FALSE(GlobMatch("*a*a*a*a*a*a*a*a*b", text));
}

TEST(ExceptionsTest, ParsesValidFile) {
  auto set = ExceptionSet::Parse(R"({"exceptions": [
    {"control": "c1", "assets": ["vpc-1", "vpc-lab-*"], "owner": "net", "reason": "lab",
     "expires": "2027-03-01"},
    {"control": "c1", "assets": ["x"], "owner": "o", "reason": "r",
     "expires": "2027-03-01T12:00:00Z"}]})",
                                 "ex.json");
  ASSERT_TRUE(set.ok()) << set.status();
  ASSERT_EQ(set->rules.size(), 2u);
  const ExceptionRule& r = set->rules[0];
  EXPECT_TRUE(r.Covers("vpc-1"));
  EXPECT_TRUE(r.Covers("vpc-lab-7"));
  EXPECT_FALSE(r.Covers("vpc-2"));
  EXPECT_FALSE(r.Covers(""));
  EXPECT_EQ(r.source, "ex.json:0");
  // A date holds through that day (UTC); a date-time until that instant.
  EXPECT_FALSE(r.ExpiredAt(*ParseInstant("2027-03-01T23:59:59Z")));
  EXPECT_TRUE(r.ExpiredAt(*ParseInstant("2027-03-02T00:00:00Z")));
  EXPECT_FALSE(set->rules[1].ExpiredAt(*ParseInstant("2027-03-01T11:59:59Z")));
  EXPECT_TRUE(set->rules[1].ExpiredAt(*ParseInstant("2027-03-01T12:00:00Z")));
}

// "9999-12-31T23:59:59Z" is the usual "never" of inventories.
TEST(ExceptionsTest, MayNeverExpire) {
  auto set = ExceptionSet::Parse(R"({"exceptions": [
    {"control": "c1", "assets": ["a"], "owner": "o", "reason": "r", "expires": "9999-12-31T23:59:59Z"},
    {"control": "c1", "assets": ["a"], "owner": "o", "reason": "r", "expires": "9999-12-31"}]})",
                                 "ex.json");
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_FALSE(set->rules[0].ExpiredAt(*ParseInstant("9999-12-31T23:59:58Z")));
  EXPECT_TRUE(set->rules[0].ExpiredAt(*ParseInstant("9999-12-31T23:59:59Z")));
  EXPECT_FALSE(set->rules[1].ExpiredAt(Instant::Max()));  // holds through that day
  EXPECT_FALSE(set->rules[0].ExpiredAt(Instant::Now()));
}

struct BadFile {
  const char* name;
  const char* text;
  uint32_t line, column;
  const char* fragment;
};

class ExceptionsErrorTest : public ::testing::TestWithParam<BadFile> {};

TEST_P(ExceptionsErrorTest, LocatedError) {
  const BadFile& c = GetParam();
  Pack pack;
  pack.name = "p";
  pack.controls.emplace_back();
  pack.controls.back().id = "c1";
  Diagnostics d;
  auto set = ExceptionSet::Parse(c.text, "ex.json", &pack, &d);
  ASSERT_FALSE(set.ok()) << c.name;
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].file, "ex.json");
  EXPECT_EQ(d[0].location.line, c.line) << c.name << ": " << d[0].ToString();
  EXPECT_EQ(d[0].location.column, c.column) << c.name << ": " << d[0].ToString();
  EXPECT_NE(d[0].message.find(c.fragment), std::string::npos) << d[0].message;
}

#define ROW(extra) "{\"exceptions\": [\n{" extra "}]}"
#define GOOD "\"control\": \"c1\", \"assets\": [\"a\"], \"owner\": \"o\", \"reason\": \"r\""

INSTANTIATE_TEST_SUITE_P(
    All, ExceptionsErrorTest,
    ::testing::Values(
        BadFile{"syntax", "{\"exceptions\": [", 1, 17, "expected a value"},
        BadFile{"not an object", "[]", 1, 1, "an exceptions file must be an object"},
        BadFile{"top-level key", "{\"exceptions\": [], \"x\": 1}", 1, 20, "unknown key \"x\""},
        BadFile{"no list", "{}", 1, 1, "missing required key \"exceptions\""},
        BadFile{"unknown key", ROW(GOOD ", \"expires\": \"2027-01-01\", \"ownr\": \"x\""), 2, 90,
                "unknown key \"ownr\""},
        BadFile{"missing owner",
                ROW("\"control\": \"c1\", \"assets\": [\"a\"], \"reason\": \"r\", \"expires\": \"2027-01-01\""),
                2, 1, "missing required key \"owner\""},
        BadFile{"missing reason",
                ROW("\"control\": \"c1\", \"assets\": [\"a\"], \"owner\": \"o\", \"expires\": \"2027-01-01\""),
                2, 1, "missing required key \"reason\""},
        BadFile{"missing expires", ROW(GOOD), 2, 1, "missing required key \"expires\""},
        BadFile{"bad date", ROW(GOOD ", \"expires\": \"2027-02-30\""), 2, 76, "is not a date"},
        BadFile{"not a date", ROW(GOOD ", \"expires\": \"next year\""), 2, 76, "is not a date"},
        BadFile{"unknown governance key",
                ROW(GOOD ", \"expires\": \"2027-01-01\", \"tickt\": \"SEC-1\""), 2, 90,
                "Did you mean \"ticket\"?"},
        BadFile{"ticket not a string", ROW(GOOD ", \"expires\": \"2027-01-01\", \"ticket\": 7"), 2,
                100, "must be a non-empty string"},
        BadFile{"empty assets",
                ROW("\"control\": \"c1\", \"assets\": [], \"owner\": \"o\", \"reason\": \"r\", "
                    "\"expires\": \"2027-01-01\""),
                2, 29, "non-empty array"},
        BadFile{"asset not a string",
                ROW("\"control\": \"c1\", \"assets\": [1], \"owner\": \"o\", \"reason\": \"r\", "
                    "\"expires\": \"2027-01-01\""),
                2, 30, "non-empty string"}));

Pack OneControlPack() {
  Pack pack;
  pack.name = "p";
  pack.controls.emplace_back();
  pack.controls.back().id = "cis-aws-1.1";
  return pack;
}

// One exceptions file may serve several packs: a control this pack does
// not have is a located warning (with "did you mean"), an error when strict.
TEST(ExceptionsTest, UnknownControlWarnsUnlessStrict) {
  const Pack pack = OneControlPack();
  const char* text = R"({"exceptions": [
{"control": "cis-aws-1.l", "assets": ["a"], "owner": "o", "reason": "r", "expires": "2027-01-01"},
{"control": "cis-aws-1.1", "assets": ["b"], "owner": "o", "reason": "r", "expires": "2027-01-01"}]})";
  Diagnostics d;
  auto set = ExceptionSet::Parse(text, "shared.json", &pack, &d);
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->rules.size(), 2u);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].severity, Severity::kWarning);
  EXPECT_EQ(d[0].code, "policy.unknown-control");
  EXPECT_EQ(d[0].file, "shared.json");
  EXPECT_EQ(d[0].location.line, 2u);
  EXPECT_EQ(d[0].location.column, 13u);
  EXPECT_NE(d[0].message.find("Did you mean \"cis-aws-1.1\"?"), std::string::npos) << d[0].message;

  Diagnostics strict_d;
  ExceptionOptions strict;
  strict.strict_controls = true;
  auto refused = ExceptionSet::Parse(text, "shared.json", &pack, &strict_d, strict);
  ASSERT_FALSE(refused.ok());
  ASSERT_EQ(strict_d.size(), 1u);
  EXPECT_EQ(strict_d[0].severity, Severity::kError);
  EXPECT_EQ(strict_d[0].code, "policy.unknown-control");
}

TEST(ExceptionsTest, KeepsTicketAndExtensionKeys) {
  auto set = ExceptionSet::Parse(R"({"exceptions": [
    {"control": "c1", "assets": ["a"], "owner": "o", "reason": "r", "expires": "2027-01-01",
     "ticket": "SEC-1234", "x-approved-by": "ciso", "x-review": {"every": 90}}]})",
                                 "ex.json");
  ASSERT_TRUE(set.ok()) << set.status();
  const ExceptionRule& r = set->rules[0];
  EXPECT_EQ(r.ticket, "SEC-1234");
  ASSERT_EQ(r.extensions.size(), 2u);
  EXPECT_EQ(r.extensions[0].first, "x-approved-by");
  EXPECT_EQ(r.extensions[0].second.ToJson(), "\"ciso\"");
  EXPECT_EQ(r.extensions[1].first, "x-review");
  EXPECT_EQ(r.extensions[1].second.ToJson(), "{\"every\":90}");
  // At most 64 x-* keys per exception: a limit, located at the 65th.
  std::string many = R"({"exceptions": [{"control": "c1", "assets": ["a"], "owner": "o",
    "reason": "r", "expires": "2027-01-01")";
  for (int k = 0; k < 65; ++k) many += ", \"x-" + std::to_string(k) + "\": 1";
  many += "}]}";
  Diagnostics d;
  EXPECT_FALSE(ExceptionSet::Parse(many, "ex.json", nullptr, &d).ok());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "exceptions.too-many-keys");
  EXPECT_EQ(d[0].location.offset, many.find("\"x-64\""));
}

TEST(ExceptionsTest, RuleBuiltInCodeIsValidated) {
  auto rule = ExceptionRule::Create("c1", {"vpc-*"}, "net", "lab", "2027-03-01", "config");
  ASSERT_TRUE(rule.ok()) << rule.status();
  EXPECT_TRUE(rule->Covers("vpc-9"));
  EXPECT_FALSE(rule->ExpiredAt(*ParseInstant("2027-03-01T23:59:59Z")));
  EXPECT_TRUE(rule->ExpiredAt(*ParseInstant("2027-03-02T00:00:00Z")));
  EXPECT_EQ(rule->source, "config");

  auto bad_date = ExceptionRule::Create("c1", {"a"}, "o", "r", "2027-02-30", "config");
  ASSERT_FALSE(bad_date.ok());
  EXPECT_EQ(bad_date.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad_date.status().message().find("is not a date"), std::string::npos);
  EXPECT_FALSE(ExceptionRule::Create("", {"a"}, "o", "r", "2027-01-01").ok());
  EXPECT_FALSE(ExceptionRule::Create("c1", {}, "o", "r", "2027-01-01").ok());
  EXPECT_FALSE(ExceptionRule::Create("c1", {""}, "o", "r", "2027-01-01").ok());
  EXPECT_FALSE(ExceptionRule::Create("c1", {"a"}, "", "r", "2027-01-01").ok());
  EXPECT_FALSE(ExceptionRule::Create("c1", {"a"}, "o", "", "2027-01-01").ok());
}

}  // namespace
}  // namespace vigil
