// vigil::Value (JSON in and out), the DateTime parser and the thread pool.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/base/datetime.h"
#include "src/base/file.h"
#include "src/base/strings.h"
#include "src/base/thread_pool.h"
#include "vigil/value.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;

TEST(ValueTest, ParsesAndPrintsCompactJson) {
  auto v = Value::ParseJson(R"( {"a": [1, -2.5, true, null, "x\ny\u0001"], "b": {}} )");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->ToJson(), R"({"a":[1,-2.5,true,null,"x\ny\u0001"],"b":{}})");
  EXPECT_TRUE(v->Find("a")->as_array()[0].is_int());
  EXPECT_TRUE(v->Find("a")->as_array()[1].is_double());
  EXPECT_EQ(v->Find("nope"), nullptr);
}

TEST(ValueTest, KeepsKeyOrderAndEscapes) {
  Value v(Value::Object{{"z", Value(1)}, {"a", Value("q\"\\\t")}});
  EXPECT_EQ(v.ToJson(), R"({"z":1,"a":"q\"\\\t"})");
}

TEST(ValueTest, DoublesPrintShortestAndIntegralWithoutFraction) {
  EXPECT_EQ(Value(2.0).ToJson(), "2");
  EXPECT_EQ(Value(0.1).ToJson(), "0.1");
  EXPECT_EQ(Value(-1.25).ToJson(), "-1.25");
  EXPECT_EQ(Value(1e300).ToJson(), "1e+300");
}

TEST(ValueTest, UnsignedIntegersAreIntsAndOutOfRangeIsRefused) {
  // Narrow unsigned types convert implicitly; 64-bit ones only explicitly.
  static_assert(std::is_convertible_v<uint32_t, Value>);
  static_assert(std::is_convertible_v<uint16_t, Value>);
  static_assert(!std::is_convertible_v<uint64_t, Value>);
  static_assert(!std::is_convertible_v<size_t, Value>);
  static_assert(std::is_constructible_v<Value, size_t>);
  Value a(uint32_t{4000000000u});
  ASSERT_TRUE(a.is_int());
  EXPECT_EQ(a.as_int(), 4000000000);
  std::vector<int> xs(3);
  Value n(xs.size());
  ASSERT_TRUE(n.is_int());
  EXPECT_EQ(n.as_int(), 3);
  auto max = Value::FromUnsigned(uint64_t{9223372036854775807u});
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(max->as_int(), INT64_MAX);
  auto big = Value::FromUnsigned(~uint64_t{0});
  EXPECT_EQ(big.status().code(), absl::StatusCode::kOutOfRange);
}

TEST(ValueTest, NonThrowingAccessorsReturnNullOnAnotherKind) {
  Value v = Value::ParseJson(R"({"n": 3, "d": 1.5, "s": "x", "b": true, "a": [1], "o": {}})")
                .value();
  ASSERT_NE(v.if_object(), nullptr);
  EXPECT_EQ(v.if_array(), nullptr);
  EXPECT_EQ(*v.Find("n")->if_int(), 3);
  EXPECT_EQ(v.Find("n")->if_string(), nullptr);
  EXPECT_EQ(v.Find("n")->if_number(), 3.0);
  EXPECT_EQ(v.Find("d")->if_int(), nullptr);
  EXPECT_EQ(v.Find("d")->if_number(), 1.5);
  EXPECT_EQ(v.Find("s")->if_number(), std::nullopt);
  EXPECT_EQ(*v.Find("s")->if_string(), "x");
  EXPECT_EQ(*v.Find("b")->if_bool(), true);
  ASSERT_NE(v.Find("a")->if_array(), nullptr);
  EXPECT_EQ(v.Find("a")->if_array()->size(), 1u);
  EXPECT_NE(v.Find("o")->if_object(), nullptr);
  EXPECT_EQ(v.Find("o")->if_bool(), nullptr);
}

TEST(ValueTest, LargeWholeDoublesReadBackAsTheSameDouble) {
  // Beyond 1e15 a whole double's shortest text may have no '.' or 'e'
  // ("4444444444444444327936"), which would read back as an integer beyond
  // 64 bits: it is written with an exponent instead.
  for (double d : {4.4444444444444443e21, 1e16, -123456789012345678.0, 9.2233720368547758e18,
                   1.8446744073709552e19}) {
    const std::string text = Value(d).ToJson();
    EXPECT_NE(text.find_first_of(".e"), std::string::npos) << text;
    auto back = Value::ParseJson(text);
    ASSERT_TRUE(back.ok()) << text << ": " << back.status();
    EXPECT_TRUE(back->is_double()) << text;
    EXPECT_EQ(back->as_double(), d) << text;
  }
}

TEST(ValueTest, EqualityIsJsonEquality) {
  EXPECT_EQ(*Value::ParseJson(R"({"a":1,"b":2})"), *Value::ParseJson(R"({"b":2,"a":1.0})"));
  EXPECT_NE(*Value::ParseJson("[1,2]"), *Value::ParseJson("[2,1]"));
  EXPECT_NE(*Value::ParseJson(R"({"a":1})"), *Value::ParseJson(R"({"a":1,"b":null})"));
  EXPECT_NE(Value("1"), Value(1));
}

TEST(ValueTest, ErrorsAreLocated) {
  auto v = Value::ParseJson("{\n  \"a\": [1,]\n}", "vars.json");
  ASSERT_FALSE(v.ok());
  EXPECT_THAT(std::string(v.status().message()), HasSubstr("vars.json:2:"));
}

TEST(ValueTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep(100000, '[');
  auto v = Value::ParseJson(deep);
  ASSERT_FALSE(v.ok());
  EXPECT_THAT(std::string(v.status().message()), HasSubstr("deeper"));
}

TEST(DateTimeTest, ParsesInstants) {
  EXPECT_EQ(ParseInstant("1970-01-01T00:00:00Z"), (Instant{0, 0}));
  EXPECT_EQ(ParseInstant("1970-01-01"), (Instant{0, 0}));
  EXPECT_EQ(ParseInstant("2024-01-01T01:00:00+01:00"), ParseInstant("2024-01-01T00:00:00Z"));
  EXPECT_EQ(ParseInstant("1970-01-01T00:00:00.5Z"), (Instant{0, 500000000}));
  EXPECT_EQ(ParseInstant("1969-12-31T23:59:59Z"), (Instant{-1, 0}));
  EXPECT_FALSE(ParseInstant("2023-02-29"));
  EXPECT_TRUE(ParseInstant("2024-02-29"));
  EXPECT_FALSE(ParseInstant("2024-01-01T25:00"));
  EXPECT_FALSE(ParseInstant("2024-01-01T00:00:00Q"));
  EXPECT_FALSE(ParseInstant("yesterday"));
  EXPECT_TRUE(ParseInstant("9999-01-01"));
}

TEST(FileTest, ReadsRegularFilesOnly) {
  std::string path = ::testing::TempDir() + "/vigil-file-test.txt";
  { std::FILE* f = std::fopen(path.c_str(), "w"); std::fputs("abc", f); std::fclose(f); }
  auto text = ReadTextFile(path);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "abc");
  std::remove(path.c_str());
  EXPECT_THAT(std::string(ReadTextFile(path).status().message()), HasSubstr(path));
  EXPECT_THAT(std::string(ReadTextFile(::testing::TempDir()).status().message()),
              HasSubstr("directory"));
  // A device would be read forever: refused at once.
  EXPECT_THAT(std::string(ReadTextFile("/dev/zero").status().message()),
              HasSubstr("not a regular file"));
}

TEST(StringsTest, ConcatenatesViewsAndNumbers) {
  std::string_view sv = "view";
  EXPECT_EQ(StrCat("a", sv, 1, '-', 2.5, std::string("s")), "aview1-2.5s");
  std::vector<std::string> parts = {"x", "y"};
  EXPECT_EQ(StrJoin(parts, ", "), "x, y");
}

TEST(StringsTest, NaturalLessComparesDigitRunsByValue) {
  EXPECT_TRUE(NaturalLess("cis-aws-1.2.json", "cis-aws-1.10.json"));
  EXPECT_FALSE(NaturalLess("cis-aws-1.10.json", "cis-aws-1.2.json"));
  EXPECT_TRUE(NaturalLess("cis-aws-1.22.json", "cis-aws-2.1.1.json"));
  EXPECT_TRUE(NaturalLess("2.1", "2.1.1"));  // a prefix first
  EXPECT_TRUE(NaturalLess("a9", "a10"));
  EXPECT_TRUE(NaturalLess("a1", "a01"));  // equal value: fewer leading zeros first
  EXPECT_FALSE(NaturalLess("a01", "a1"));
  EXPECT_TRUE(NaturalLess("a", "b"));
  EXPECT_FALSE(NaturalLess("x10", "x10"));  // irreflexive
  EXPECT_TRUE(NaturalLess("99999999999999999999998", "99999999999999999999999"));  // no overflow
  std::vector<std::string> v = {"3.10", "3.9", "1.20", "1.4", "10.1", "1.10"};
  std::sort(v.begin(), v.end(), [](const std::string& a, const std::string& b) { return NaturalLess(a, b); });
  EXPECT_THAT(v, ::testing::ElementsAre("1.4", "1.10", "1.20", "3.9", "3.10", "10.1"));
}

TEST(ThreadPoolTest, CoversEveryIndexOnce) {
  ThreadPool pool(3);
  std::vector<std::atomic<int>> hits(100000);
  pool.ParallelFor(hits.size(), 64, [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) hits[i]++;
  });
  for (auto& h : hits) ASSERT_EQ(h.load(), 1);
}

TEST(ThreadPoolTest, NestedCallsRunInline) {
  ThreadPool pool(2);
  std::atomic<int> total{0};
  pool.ParallelFor(8, 1, [&](size_t, size_t) {
    pool.ParallelFor(10, 1, [&](size_t b, size_t e) { total += static_cast<int>(e - b); });
  });
  EXPECT_EQ(total.load(), 80);
}

}  // namespace
}  // namespace vigil
