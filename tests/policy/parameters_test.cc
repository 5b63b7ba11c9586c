#include "vigil/parameters.h"

#include <gtest/gtest.h>

#include "tests/policy/test_util.h"

namespace vigil {
namespace {

std::shared_ptr<const Schema> TestSchema() {
  static auto s = Schema::FromSdl(R"(
    enum Status { ACTIVE INACTIVE }
    interface Asset { id: ID! name: String accountId: String region: String }
    type Vpc implements Asset { id: ID! name: String accountId: String region: String
      status: Status createdAt: DateTime size: Int score: Float ok: Boolean tags: [String!] }
  )").value();
  return s;
}

Instant T(const char* s) { return ParseInstant(s).value(); }

TEST(ParametersTest, Durations) {
  Instant now = T("2025-03-31T12:00:00Z");
  EXPECT_EQ(FormatInstant(*ApplyIsoDuration(now, "-P90D")), "2024-12-31T12:00:00Z");
  EXPECT_EQ(FormatInstant(*ApplyIsoDuration(now, "-PT12H")), "2025-03-31T00:00:00Z");
  EXPECT_EQ(FormatInstant(*ApplyIsoDuration(now, "P1Y2M3DT4H5M6S")), "2026-06-03T16:05:06Z");
  EXPECT_EQ(FormatInstant(*ApplyIsoDuration(now, "+P2W")), "2025-04-14T12:00:00Z");
  EXPECT_EQ(FormatInstant(*ApplyIsoDuration(now, "PT0.5S")), "2025-03-31T12:00:00.5Z");
  // The day is clamped to the month's length.
  EXPECT_EQ(FormatInstant(*ApplyIsoDuration(now, "-P1M")), "2025-02-28T12:00:00Z");
  EXPECT_EQ(FormatInstant(*ApplyIsoDuration(T("2024-02-29"), "P1Y")), "2025-02-28T00:00:00Z");
  EXPECT_EQ(FormatInstant(*ApplyIsoDuration(T("2024-01-31"), "P1M")), "2024-02-29T00:00:00Z");
  for (const char* bad : {"", "P", "PT", "90D", "-90D", "P1H", "PT1D", "P1D2Y", "P1.5D", "P-1D",
                          "PxD", "P1DT", "P1D ", "P99999999999D", "-P3000Y"}) {
    EXPECT_FALSE(ApplyIsoDuration(now, bad).has_value()) << bad;
  }
}

// Found by fuzz/parameters_fuzzer: a seconds count of 10 or more digits
// overflowed int64 when scaled to nanoseconds (undefined behaviour) before
// the range check. It is out of range, like every other huge component.
TEST(ParametersTest, HugeSecondsAreOutOfRangeNotOverflow) {
  Instant now = T("2025-03-31T12:00:00Z");
  for (const char* bad : {"PT10000000009S", "-PT9999999999.5S", "PT400000001S"}) {
    EXPECT_FALSE(ApplyIsoDuration(now, bad).has_value()) << bad;
  }
  // The largest seconds count accepted still works (about 12.7 years).
  EXPECT_EQ(FormatInstant(*ApplyIsoDuration(now, "PT400000000S")), "2037-12-03T03:06:40Z");
}

TEST(ParametersTest, FormatAndParseInstant) {
  EXPECT_EQ(FormatInstant(Instant{}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatInstant(T("2025-07-01T10:00:00+02:00")), "2025-07-01T08:00:00Z");
  EXPECT_EQ(FormatInstant(T("1969-12-31T23:59:59Z")), "1969-12-31T23:59:59Z");
  EXPECT_FALSE(ParseInstant("yesterday").has_value());
}

TEST(ParametersTest, TypesAndValues) {
  auto s = TestSchema();
  std::string why;
  for (const char* ok : {"String", "[String!]", "[String!]!", "Int!", "DateTime", "[[Int]]",
                         "Status", "[Status!]", "VpcWhere", "ID", "Float", "Boolean"}) {
    EXPECT_TRUE(IsValidParameterType(ok, *s, &why)) << ok << ": " << why;
  }
  for (const char* bad : {"", "Strin", "[String", "String!!", "[]", "[String!] ", "Foo", "!"}) {
    EXPECT_FALSE(IsValidParameterType(bad, *s, &why)) << bad;
  }
  auto fits = [&](const char* json, const char* type) {
    return ValueFitsType(Value::ParseJson(json).value(), type, *s, &why);
  };
  EXPECT_TRUE(fits(R"(["REJECT", "ALL"])", "[String!]"));
  EXPECT_FALSE(fits(R"(["REJECT", null])", "[String!]"));
  EXPECT_TRUE(fits(R"(["REJECT", null])", "[String]"));
  EXPECT_TRUE(fits(R"("REJECT")", "[String!]"));  // a one-element list
  EXPECT_FALSE(fits(R"([["REJECT"]])", "[String!]"));
  EXPECT_TRUE(fits("null", "[String!]"));
  EXPECT_FALSE(fits("null", "[String!]!"));
  EXPECT_TRUE(fits("3", "Int"));
  EXPECT_FALSE(fits("3.5", "Int"));
  EXPECT_TRUE(fits("3.5", "Float"));
  EXPECT_FALSE(fits("\"3\"", "Int"));
  EXPECT_TRUE(fits("true", "Boolean"));
  EXPECT_TRUE(fits("\"ACTIVE\"", "Status"));
  EXPECT_FALSE(fits("\"DELETED\"", "Status"));
  EXPECT_TRUE(fits("\"2025-01-01T00:00:00Z\"", "DateTime"));
  EXPECT_TRUE(fits("\"-P90D\"", "DateTime"));
  EXPECT_FALSE(fits("\"90 days ago\"", "DateTime"));
  EXPECT_TRUE(fits(R"({"name": "x"})", "VpcWhere"));
  EXPECT_FALSE(fits("[1, \"a\"]", "[Int]"));
  EXPECT_NE(why.find("[1]"), std::string::npos) << why;
}

// The rules are the check layer's GraphQL input coercion, the same as for a
// query's --vars values (tests/check/checker_test.cc has those).
TEST(ParametersTest, GraphQLInputCoercion) {
  auto s = TestSchema();
  std::string why;
  auto fits = [&](const char* json, const char* type) {
    why.clear();
    return ValueFitsType(Value::ParseJson(json).value(), type, *s, &why);
  };
  // ID takes a string or an integral number.
  EXPECT_TRUE(fits("\"vpc-1\"", "ID"));
  EXPECT_TRUE(fits("42", "ID"));
  EXPECT_FALSE(fits("4.5", "ID"));
  EXPECT_FALSE(fits("true", "ID"));
  // Int takes every integral number, however written.
  EXPECT_TRUE(fits("60", "Int"));
  EXPECT_TRUE(fits("60.0", "Int"));
  EXPECT_TRUE(fits("6e1", "Int"));
  EXPECT_FALSE(fits("60.5", "Int"));
  EXPECT_FALSE(fits("1e300", "Int"));
  // A single value for a list type is a one-element list, at any depth.
  EXPECT_TRUE(fits("\"ACTIVE\"", "[Status!]!"));
  EXPECT_TRUE(fits("3", "[[Int]]"));
  EXPECT_FALSE(fits("\"DELETED\"", "[Status]"));
  // Input objects are checked key by key, with the path of the fault.
  EXPECT_TRUE(fits(R"({"OR": [{"status": "ACTIVE"}, {"size_GT": 3.0}], "NOT": {"tags_INCLUDES": "x"}})",
                   "VpcWhere"));
  EXPECT_FALSE(fits(R"({"OR": [{"status": "ACTIVE"}, {"sise_GT": 3}]})", "VpcWhere"));
  EXPECT_NE(why.find("OR[1]"), std::string::npos) << why;
  EXPECT_NE(why.find("Did you mean \"size_GT\""), std::string::npos) << why;
  EXPECT_FALSE(fits(R"({"status": "DELETED"})", "VpcWhere"));
  EXPECT_NE(why.find("status"), std::string::npos) << why;
  EXPECT_FALSE(fits(R"({"OR": [null]})", "VpcWhere"));
  EXPECT_FALSE(fits(R"({"ok_GT": true})", "VpcWhere"));  // Boolean takes no ordering
  EXPECT_FALSE(fits(R"("x")", "VpcWhere"));
  // Types: generated input types are types; object types are not input types.
  EXPECT_TRUE(IsValidParameterType("VpcOptions", *s, &why)) << why;
  EXPECT_TRUE(IsValidParameterType("[VpcSort!]", *s, &why)) << why;
  EXPECT_TRUE(IsValidParameterType("SortDirection", *s, &why)) << why;
  EXPECT_TRUE(IsValidParameterType("AssetWhere", *s, &why)) << why;
  EXPECT_FALSE(IsValidParameterType("Vpc", *s, &why));
  EXPECT_NE(why.find("object type"), std::string::npos) << why;
  EXPECT_FALSE(IsValidParameterType("FooConnectionWhere", *s, &why));
  EXPECT_TRUE(fits(R"({"limit": 5.0, "sort": {"size": "DESC"}})", "VpcOptions")) << why;
  EXPECT_FALSE(fits(R"({"sort": [{"tags": "ASC"}]})", "VpcOptions"));
}

// A parameter and a --vars value of the same query take the same values:
// an Int-valued ID, 60.0 for an Int, a scalar for a list.
TEST(ParametersTest, ParameterValuesReachTheQueryAsVariables) {
  auto s = TestSchema();
  std::string why;
  for (auto [type, json] : std::vector<std::pair<const char*, const char*>>{
           {"ID", "7"}, {"Int", "60.0"}, {"[String!]", "\"a\""}, {"[Int!]", "6e1"}}) {
    EXPECT_TRUE(ValueFitsType(Value::ParseJson(json).value(), type, *s, &why))
        << type << " " << json << ": " << why;
  }
  // As defaults and overrides they resolve unchanged (a one-element list
  // stays a scalar for the query, which coerces it the same way).
  ControlDef c;
  c.id = "c";
  ParameterDef days;
  days.name = "days";
  days.type = "Int";
  days.has_default = true;
  days.default_value = Value(60.0);
  c.parameters.push_back(days);
  ParameterDef since;
  since.name = "since";
  since.type = "[DateTime!]";
  since.has_default = true;
  since.default_value = Value("-P1D");
  c.parameters.push_back(since);
  auto vars = ResolveParameters(c, {}, T("2025-03-31T12:00:00Z"));
  ASSERT_TRUE(vars.ok()) << vars.status();
  EXPECT_EQ(vars->Find("days")->ToJson(), "60");
  EXPECT_EQ(vars->Find("since")->ToJson(), "\"2025-03-30T12:00:00Z\"");
}

TEST(ParametersTest, TypeFitsFollowsGraphQLVariableRules) {
  EXPECT_TRUE(TypeFits("[String!]", "[String]"));
  EXPECT_TRUE(TypeFits("[String!]!", "[String]"));
  EXPECT_TRUE(TypeFits("String!", "String"));
  EXPECT_FALSE(TypeFits("String", "String!"));
  EXPECT_FALSE(TypeFits("[String]", "[String!]"));
  EXPECT_FALSE(TypeFits("String", "[String]"));
  EXPECT_FALSE(TypeFits("Int", "String"));
  EXPECT_FALSE(TypeFits("ID", "String"));
}

TEST(ParametersTest, ParamFlags) {
  ParameterOverrides o;
  ASSERT_TRUE(ParseParamFlag("cis-aws-3.7.trafficTypes=[\"ALL\"]", &o).ok());
  ASSERT_TRUE(ParseParamFlag("cis-aws-3.7.name=plain text", &o).ok());
  ASSERT_TRUE(ParseParamFlag("c.days=30", &o).ok());
  ASSERT_TRUE(ParseParamFlag("c.since=-P90D", &o).ok());
  EXPECT_EQ(o["cis-aws-3.7"]["trafficTypes"], Value::ParseJson("[\"ALL\"]").value());
  EXPECT_EQ(o["cis-aws-3.7"]["name"], Value("plain text"));
  EXPECT_EQ(o["c"]["days"], Value(30));
  EXPECT_EQ(o["c"]["since"], Value("-P90D"));
  EXPECT_FALSE(ParseParamFlag("nodot=1", &o).ok());
  EXPECT_FALSE(ParseParamFlag("c.x", &o).ok());
  EXPECT_FALSE(ParseParamFlag(".x=1", &o).ok());
  EXPECT_FALSE(ParseParamFlag("c.=1", &o).ok());
}

TEST(ParametersTest, ParamsFile) {
  ParameterOverrides o;
  EXPECT_TRUE(ParseParamsFile(R"({"a": {"x": 1, "y": ["s"]}, "b.c": {}})", "p.json", &o).ok());
  EXPECT_EQ(o["a"]["x"], Value(1));
  Diagnostics d;
  EXPECT_FALSE(ParseParamsFile("{\"a\": 1}", "p.json", &o, &d).ok());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].location.column, 7u);
  d.clear();
  EXPECT_FALSE(ParseParamsFile("{\"a\": {\"x\": 1,}}", "p.json", &o, &d).ok());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].file, "p.json");
  EXPECT_EQ(d[0].location.column, 15u);
}

TEST(ParametersTest, ResolveDefaultsOverridesAndOffsets) {
  ControlDef c;
  c.id = "ctl";
  c.parameters.push_back({"since", "DateTime", "", true, Value("-P90D"), ""});
  c.parameters.push_back({"stamps", "[DateTime!]", "", true,
                          Value::ParseJson(R"(["-PT1H", "2020-01-01T00:00:00Z"])").value(), ""});
  c.parameters.push_back({"days", "Int", "", true, Value(7), ""});
  Instant now = T("2025-04-01T00:00:00Z");
  auto v = ResolveParameters(c, {}, now);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->ToJson(),
            R"({"since":"2025-01-01T00:00:00Z","stamps":["2025-03-31T23:00:00Z","2020-01-01T00:00:00Z"],"days":7})");
  ParameterOverrides o;
  o["ctl"]["days"] = Value(30);
  o["ctl"]["since"] = Value("P1D");
  v = ResolveParameters(c, o, now);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->Find("days")->as_int(), 30);
  EXPECT_EQ(v->Find("since")->as_string(), "2025-04-02T00:00:00Z");
  // No default and no override: an error naming the parameter.
  c.parameters.push_back({"needed", "String", "", false, Value(), ""});
  v = ResolveParameters(c, {}, now);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("needed"), std::string::npos);
}

}  // namespace
}  // namespace vigil
