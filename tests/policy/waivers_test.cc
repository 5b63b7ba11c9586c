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
        BadFile{"unknown control",
                ROW("\"control\": \"c2\", \"assets\": [\"a\"], \"owner\": \"o\", \"reason\": \"r\", "
                    "\"expires\": \"2027-01-01\""),
                2, 13, "no control \"c2\""},
        BadFile{"empty assets",
                ROW("\"control\": \"c1\", \"assets\": [], \"owner\": \"o\", \"reason\": \"r\", "
                    "\"expires\": \"2027-01-01\""),
                2, 29, "non-empty array"},
        BadFile{"asset not a string",
                ROW("\"control\": \"c1\", \"assets\": [1], \"owner\": \"o\", \"reason\": \"r\", "
                    "\"expires\": \"2027-01-01\""),
                2, 30, "non-empty string"}));

}  // namespace
}  // namespace vigil
