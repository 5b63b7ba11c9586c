// DateTime end to end: the graph keeps instants of the years 0001 to 9999 to
// the nanosecond; a query's DateTime constant (a literal or a variable's
// value) is read in ECMAScript's date-time format and kept to the
// millisecond, as Neo4j GraphQL keeps it.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "vigil/json_loader.h"
#include "vigil/query.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;

constexpr char kSchema[] = R"(
type Cert {
  id: ID!
  expires: DateTime
  renewals: [DateTime!]
  issuer: [Issuer!]! @relationship(type: "ISSUED_BY", direction: OUT)
}
type Issuer {
  id: ID!
  since: DateTime
}
)";

// Certificates at both ends of the range, and one to the nanosecond just
// past the last millisecond of 9999.
constexpr char kGraph[] = R"({"assets": [
  {"id": "first", "type": "Cert", "properties": {"expires": "0001-01-01T00:00:00Z",
                                                  "renewals": ["0001-01-01", "2024-05-01"]}},
  {"id": "never", "type": "Cert", "properties": {"expires": "9999-12-31T23:59:59.999999999Z",
                                                  "renewals": ["9999-12-31T23:59:59Z"]}},
  {"id": "ms", "type": "Cert", "properties": {"expires": "9999-12-31T23:59:59.999Z"}},
  {"id": "today", "type": "Cert", "properties": {"expires": "2024-05-01T12:00:00+02:00"}},
  {"id": "none", "type": "Cert"},
  {"id": "old", "type": "Issuer", "properties": {"since": "0001-01-01T00:00:00.000000001Z"}},
  {"id": "late", "type": "Issuer", "properties": {"since": "9999-01-01"}}
], "relationships": [
  {"from": "first", "type": "ISSUED_BY", "to": "old"},
  {"from": "first", "type": "ISSUED_BY", "to": "late"},
  {"from": "never", "type": "ISSUED_BY", "to": "late"}
]})";

class DateTimeQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Schema::FromSdl(kSchema, "certs.graphql");
    ASSERT_TRUE(s.ok()) << s.status();
    schema_ = *s;
    auto g = LoadGraphJson(kGraph, schema_);
    ASSERT_TRUE(g.ok()) << g.status();
    graph_ = *g;
  }
  std::string Run(const std::string& q, const Value& vars = Value()) {
    auto c = Query::Compile(schema_, q);
    EXPECT_TRUE(c.ok()) << c.status();
    if (!c.ok()) return "";
    auto r = (*c)->Evaluate(*graph_, vars);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->ToJson() : std::string(r.status().message());
  }
  std::string Error(const std::string& q) {
    auto c = Query::Compile(schema_, q);
    EXPECT_FALSE(c.ok()) << q;
    return c.ok() ? "" : std::string(c.status().message());
  }
  std::shared_ptr<const Schema> schema_;
  std::shared_ptr<const Graph> graph_;
};

TEST_F(DateTimeQueryTest, BothEndsOfTheRangeLoadCompareAndSort) {
  EXPECT_EQ(Run(R"(certs(where: {expires_LT: "0001-01-01T00:00:00.001Z"}) { id })"),
            R"([{"id":"first"}])");
  EXPECT_EQ(Run(R"(certs(where: {expires_GTE: "9999-12-31T23:59:59.999Z"}) { id })"),
            R"([{"id":"never"},{"id":"ms"}])");
  // The graph keeps nanoseconds: the last nanosecond is after the constant.
  EXPECT_EQ(Run(R"(certs(where: {expires_GT: "9999-12-31T23:59:59.999Z"}) { id })"),
            R"([{"id":"never"}])");
  EXPECT_EQ(Run(R"(certs(where: {expires: "9999-12-31T23:59:59.999Z"}) { id })"),
            R"([{"id":"ms"}])");
  EXPECT_EQ(Run(R"(certs(where: {expires_IN: ["0001-01-01", "2024-05-01T10:00Z"]}) { id })"),
            R"([{"id":"first"},{"id":"today"}])");
  EXPECT_EQ(Run(R"(certs(options: {sort: [{expires: DESC}]}) { id expires })"),
            R"([{"id":"none","expires":null},)"
            R"({"id":"never","expires":"9999-12-31T23:59:59.999999999Z"},)"
            R"({"id":"ms","expires":"9999-12-31T23:59:59.999Z"},)"
            R"({"id":"today","expires":"2024-05-01T12:00:00+02:00"},)"
            R"({"id":"first","expires":"0001-01-01T00:00:00Z"}])");
  EXPECT_EQ(Run(R"(certs(sort: [{expires: ASC}], limit: 2) { id })"),
            R"([{"id":"first"},{"id":"today"}])");
  EXPECT_EQ(Run(R"(certs(where: {renewals_INCLUDES: "9999-12-31T23:59:59Z"}) { id })"),
            R"([{"id":"never"}])");
  EXPECT_EQ(Run(R"(certs(where: {renewals: ["0001-01-01T00:00Z", "2024-05-01"]}) { id })"),
            R"([{"id":"first"}])");
}

TEST_F(DateTimeQueryTest, AggregatesOverTheWholeRange) {
  EXPECT_EQ(Run(R"(certs(where: {issuerAggregate: {node: {since_MIN_LT: "0001-01-01T00:00:00.001Z"}}}) { id })"),
            R"([{"id":"first"}])");
  EXPECT_EQ(Run(R"(certs(where: {issuerAggregate: {node: {since_MAX_GTE: "9999"}}}) { id })"),
            R"([{"id":"first"},{"id":"never"}])");
  // The deprecated function-less form: some related value compares.
  EXPECT_EQ(Run(R"(certs(where: {issuerAggregate: {node: {since_LT: "0002"}}}) { id })"),
            R"([{"id":"first"}])");
}

TEST_F(DateTimeQueryTest, ConstantsAreEcmaScriptDateTimesToTheMillisecond) {
  // Every form of the format; a date alone is midnight UTC.
  EXPECT_EQ(Run(R"(certs(where: {expires: "2024-05-01T10:00Z"}) { id })"), R"([{"id":"today"}])");
  EXPECT_EQ(Run(R"(certs(where: {expires: "2024-05-01T10:00:00.000+00:00"}) { id })"),
            R"([{"id":"today"}])");
  EXPECT_EQ(Run(R"(certs(where: {expires: "+002024-05-01T12:00+02:00"}) { id })"),
            R"([{"id":"today"}])");
  EXPECT_EQ(Run(R"(certs(where: {expires_LT: "0002"}) { id })"), R"([{"id":"first"}])");
  EXPECT_EQ(Run(R"(certs(where: {expires_LT: "0001-02"}) { id })"), R"([{"id":"first"}])");
  // Digits past the millisecond are dropped: .9999999 is .999.
  EXPECT_EQ(Run(R"(certs(where: {expires: "9999-12-31T23:59:59.9999999Z"}) { id })"),
            R"([{"id":"ms"}])");
  // A variable's value is read the same way.
  EXPECT_EQ(Run(R"(query($t: DateTime) { certs(where: {expires_GT: $t}) { id } })",
                Value::ParseJson(R"({"t": "9999-12-31T23:59:59.999999Z"})").value()),
            R"({"certs":[{"id":"never"}]})");
  EXPECT_EQ(Run(R"(query($t: [DateTime!]) { certs(where: {expires_IN: $t}) { id } })",
                Value::ParseJson(R"({"t": ["0001", "9999-12-31T23:59:59.999Z"]})").value()),
            R"({"certs":[{"id":"first"},{"id":"ms"}]})");
}

TEST_F(DateTimeQueryTest, WhatIsNotADateOrOutsideTheRangeIsRefused) {
  EXPECT_THAT(Error(R"(certs(where: {expires: "2020/01/01"}) { id })"),
              HasSubstr("check.bad-datetime"));
  EXPECT_THAT(Error(R"(certs(where: {expires: "2023-02-29"}) { id })"),
              HasSubstr("out of range"));
  EXPECT_THAT(Error(R"(certs(where: {expires: "10000-01-01"}) { id })"),
              HasSubstr("is not a date-time"));
  EXPECT_THAT(Error(R"(certs(where: {expires: "+010000-01-01"}) { id })"),
              HasSubstr("outside the years 0001 to 9999"));
  EXPECT_THAT(Error(R"(certs(where: {expires: "0000-12-31"}) { id })"),
              HasSubstr("outside the years 0001 to 9999"));
  EXPECT_THAT(Error(R"(certs(where: {expires: "2024-01-01T00:00:00+01"}) { id })"),
              HasSubstr("check.bad-datetime"));
  auto c = Query::Compile(schema_, R"(query($t: DateTime) { certs(where: {expires: $t}) { id } })");
  ASSERT_TRUE(c.ok());
  auto r = (*c)->Evaluate(*graph_, Value::ParseJson(R"({"t": "Jan 1 2020"})").value());
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("eval.variable"));
}

}  // namespace
}  // namespace vigil
