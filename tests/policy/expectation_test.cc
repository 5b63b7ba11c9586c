#include "vigil/expectation.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

Value J(const char* text) { return Value::ParseJson(text).value(); }

bool Holds(const char* expect, const char* result) {
  auto e = Expectation::Parse(expect);
  EXPECT_TRUE(e.ok()) << e.status();
  auto h = e->Holds(J(result));
  EXPECT_TRUE(h.ok()) << h.status();
  return h.ok() && *h;
}

TEST(ExpectationTest, EqEmptyList) {
  EXPECT_TRUE(Holds("eq []", "[]"));
  EXPECT_FALSE(Holds("eq []", R"([{"id": "vpc-1"}])"));
  EXPECT_TRUE(Expectation::Parse("eq []")->ExpectsNoRows());
  EXPECT_TRUE(Expectation::Parse("count eq 0")->ExpectsNoRows());
  EXPECT_TRUE(Expectation::Parse("count lt 1")->ExpectsNoRows());
  EXPECT_TRUE(Expectation::Parse("count lte 0")->ExpectsNoRows());
  EXPECT_FALSE(Expectation::Parse("count lte 1")->ExpectsNoRows());
  EXPECT_FALSE(Expectation::Parse("ne []")->ExpectsNoRows());
}

TEST(ExpectationTest, DeepEquality) {
  EXPECT_TRUE(Holds(R"(eq [{"a": 1, "b": [true, null]}])", R"([{"b": [true, null], "a": 1.0}])"));
  EXPECT_FALSE(Holds(R"(eq [{"a": 1}])", R"([{"a": 2}])"));
  EXPECT_TRUE(Holds(R"(ne [{"a": 1}])", R"([{"a": 2}])"));
  EXPECT_FALSE(Holds("ne []", "[]"));
  EXPECT_TRUE(Holds(R"(eq {"vpcs": []})", R"({"vpcs": []})"));
  EXPECT_TRUE(Holds("eq \"x\"", "\"x\""));
  EXPECT_TRUE(Holds("eq null", "null"));
}

TEST(ExpectationTest, NumberComparisons) {
  EXPECT_TRUE(Holds("lt 3", "2"));
  EXPECT_FALSE(Holds("lt 3", "3"));
  EXPECT_TRUE(Holds("lte 3", "3"));
  EXPECT_TRUE(Holds("gt 2.5", "3"));
  EXPECT_FALSE(Holds("gt 3", "3"));
  EXPECT_TRUE(Holds("gte -1", "-1"));
  EXPECT_TRUE(Holds("gte 1e2", "100"));
}

TEST(ExpectationTest, Count) {
  EXPECT_TRUE(Holds("count eq 2", "[1, 2]"));
  EXPECT_TRUE(Holds("count ne 2", "[1]"));
  EXPECT_TRUE(Holds("count lt 2", "[1]"));
  EXPECT_FALSE(Holds("count lt 2", "[1, 2]"));
  EXPECT_TRUE(Holds("count lte 2", "[1, 2]"));
  EXPECT_TRUE(Holds("count gt 0", "[1]"));
  EXPECT_TRUE(Holds("count gte 0", "[]"));
}

TEST(ExpectationTest, WrongResultShapeIsAnError) {
  auto lt = Expectation::Parse("lt 3");
  ASSERT_TRUE(lt.ok());
  EXPECT_FALSE(lt->Holds(J("[1]")).ok());
  EXPECT_FALSE(lt->Holds(J("\"3\"")).ok());
  auto count = Expectation::Parse("count eq 1");
  ASSERT_TRUE(count.ok());
  EXPECT_FALSE(count->Holds(J("{\"a\": 1}")).ok());
  EXPECT_FALSE(count->Holds(J("1")).ok());
}

TEST(ExpectationTest, WhitespaceAndText) {
  auto e = Expectation::Parse("  count   gte   2  ");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_TRUE(e->count);
  EXPECT_EQ(e->op, ExpectOp::kGte);
  EXPECT_EQ(e->text, "count   gte   2");
  EXPECT_EQ(e->ToString(), "count gte 2");
}

// Parse errors carry the column (1-based) of the fault.
struct BadCase {
  const char* text;
  uint32_t column;
  const char* fragment;  // part of the message
};

class ExpectationErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(ExpectationErrorTest, LocatedError) {
  const BadCase& c = GetParam();
  Diagnostics diags;
  auto e = Expectation::Parse(c.text, "ctl.json", &diags);
  ASSERT_FALSE(e.ok()) << c.text;
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].location.line, 1u);
  EXPECT_EQ(diags[0].location.column, c.column) << c.text << ": " << diags[0].ToString();
  EXPECT_NE(diags[0].message.find(c.fragment), std::string::npos) << diags[0].message;
  EXPECT_EQ(diags[0].file, "ctl.json");
}

INSTANTIATE_TEST_SUITE_P(
    All, ExpectationErrorTest,
    ::testing::Values(
        BadCase{"", 1, "expected `count` or an operator"},
        BadCase{"equals []", 1, "\"equals\" is not an operator"},
        BadCase{"EQ []", 1, "expected `count` or an operator"},
        BadCase{"count", 6, "nothing is not an operator"},
        BadCase{"count foo 1", 7, "\"foo\" is not an operator"},
        BadCase{"eq", 3, "expected a JSON value"},
        BadCase{"eq[]", 3, "expected a space"},
        BadCase{"eq [1,]", 7, "not a JSON value"},
        BadCase{"eq [1] x", 8, "not a JSON value"},
        BadCase{"eq {\"a\" 1}", 9, "not a JSON value"},
        BadCase{"lt \"3\"", 4, "compares numbers"},
        BadCase{"gte []", 5, "use `count gte N`"},
        BadCase{"count eq -1", 10, "non-negative integer"},
        BadCase{"count eq 1.5", 10, "non-negative integer"},
        BadCase{"count eq []", 10, "non-negative integer"},
        BadCase{"eq [1,\n2]", 7, "single line"}));

}  // namespace
}  // namespace vigil
