// Instants (vigil/datetime.h): parsing, formatting, durations and the
// calendar arithmetic, over the years 0001 to 9999.
#include "vigil/datetime.h"

#include <string>

#include "gtest/gtest.h"
#include "src/base/datetime.h"

namespace vigil {
namespace {

Instant T(const char* s) {
  std::optional<Instant> t = ParseInstant(s);
  EXPECT_TRUE(t.has_value()) << s;
  return t.value_or(Instant{});
}

TEST(InstantTest, ParsesTodaysForms) {
  EXPECT_EQ(T("1970-01-01T00:00:00Z"), (Instant{0, 0}));
  EXPECT_EQ(T("1970-01-01"), (Instant{0, 0}));
  EXPECT_EQ(T("1970-01-02"), (Instant{86400, 0}));
  EXPECT_EQ(T("2024-01-01T01:00:00+01:00"), T("2024-01-01T00:00:00Z"));
  EXPECT_EQ(T("2024-01-01T01:00:00+0100"), T("2024-01-01T00:00:00Z"));
  EXPECT_EQ(T("2024-01-01T01:00:00+01"), T("2024-01-01T00:00:00Z"));
  EXPECT_EQ(T("2023-12-31T23:30:00-00:30"), T("2024-01-01"));
  EXPECT_EQ(T("2024-01-01 00:00"), T("2024-01-01"));
  EXPECT_EQ(T("2024-01-01t00:00:00z"), T("2024-01-01"));
  EXPECT_EQ(T("1970-01-01T00:00:00.5Z"), (Instant{0, 500000000}));
  EXPECT_EQ(T("1970-01-01T00:00:00,123456789Z"), (Instant{0, 123456789}));
  EXPECT_EQ(T("1969-12-31T23:59:59.25Z"), (Instant{-1, 250000000}));
  EXPECT_EQ(T("2000-02-29T12:00:00Z").seconds, 951825600);
}

TEST(InstantTest, CoversYears1To9999) {
  EXPECT_EQ(T("0001-01-01T00:00:00Z"), Instant::Min());
  EXPECT_EQ(T("9999-12-31T23:59:59.999999999Z"), Instant::Max());
  // The usual "never" of inventories.
  Instant never = T("9999-12-31T23:59:59Z");
  EXPECT_EQ(FormatInstant(never), "9999-12-31T23:59:59Z");
  EXPECT_LT(T("2262-04-12"), never);  // beyond int64 nanoseconds, still ordered
  EXPECT_EQ(FormatInstant(T("1600-02-29T00:00:00Z")), "1600-02-29T00:00:00Z");
  EXPECT_EQ(FormatInstant(Instant::Min()), "0001-01-01T00:00:00Z");
  // Outside the range, after the zone offset is applied.
  for (const char* s : {"0000-12-31T23:59:59Z", "0001-01-01T00:00:00+00:01",
                        "9999-12-31T23:59:59-00:01"}) {
    EXPECT_FALSE(ParseInstant(s).has_value()) << s;
  }
}

TEST(InstantTest, RefusesWhatIsNotADateTime) {
  for (const char* s :
       {"", "2024", "2024-13-01", "2024-00-10", "2023-02-29", "2024-04-31", "1900-02-29",
        "2024-01-01T24:00:00Z", "2024-01-01T10:60:00Z", "2024-01-01T10:00:61Z",
        "2024-01-01T10:00:00.Z", "2024-01-01T10:00:00.1234567890Z", "2024-01-01T10:00:00+25:00",
        "2024-01-01T10:00:00Q", "2024-01-01x", "not a date", "2024-1-01", "2024-01-01T1:00",
        "2024-01-01T10:00:00Z junk", "yesterday", "+2024-01-01"}) {
    EXPECT_FALSE(ParseInstant(s).has_value()) << s;
  }
}

TEST(InstantTest, FormatsUtcWithAFractionOnlyWhenThereIsOne) {
  EXPECT_EQ(FormatInstant(Instant{}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatInstant(T("2025-07-01T10:00:00+02:00")), "2025-07-01T08:00:00Z");
  EXPECT_EQ(FormatInstant(T("1969-12-31T23:59:59Z")), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatInstant(Instant{0, 120000000}), "1970-01-01T00:00:00.12Z");
  EXPECT_EQ(FormatInstant(Instant{-1, 1}), "1969-12-31T23:59:59.000000001Z");
}

TEST(InstantTest, Durations) {
  Instant now = T("2025-03-31T12:00:00Z");
  auto after = [&](Instant t, const char* d) {
    std::optional<Instant> r = ApplyIsoDuration(t, d);
    return r ? FormatInstant(*r) : std::string("none");
  };
  EXPECT_EQ(after(now, "-P90D"), "2024-12-31T12:00:00Z");
  EXPECT_EQ(after(now, "-PT12H"), "2025-03-31T00:00:00Z");
  EXPECT_EQ(after(now, "P1Y2M3DT4H5M6S"), "2026-06-03T16:05:06Z");
  EXPECT_EQ(after(now, "+P2W"), "2025-04-14T12:00:00Z");
  EXPECT_EQ(after(now, "PT0.5S"), "2025-03-31T12:00:00.5Z");
  EXPECT_EQ(after(now, "-PT0.5S"), "2025-03-31T11:59:59.5Z");
  EXPECT_EQ(after(now, "-P1M"), "2025-02-28T12:00:00Z");
  EXPECT_EQ(after(T("2024-02-29"), "P1Y"), "2025-02-28T00:00:00Z");
  EXPECT_EQ(after(T("2024-01-31"), "P1M"), "2024-02-29T00:00:00Z");
  EXPECT_EQ(after(now, "PT400000000S"), "2037-12-03T03:06:40Z");
  // Far dates are in range now.
  EXPECT_EQ(after(now, "-P1000Y"), "1025-03-31T12:00:00Z");
  EXPECT_EQ(after(T("9999-12-31T23:59:59Z"), "-P1D"), "9999-12-30T23:59:59Z");
  for (const char* bad : {"", "P", "PT", "90D", "-90D", "P1H", "PT1D", "P1D2Y", "P1.5D", "P-1D",
                          "PxD", "P1DT", "P1D ", "P99999999999D", "-P3000Y", "PT10000000009S",
                          "-PT9999999999.5S", "PT400000001S", "PT400000000.5S"}) {
    EXPECT_EQ(after(now, bad), "none") << bad;
  }
  // A result outside 0001..9999 is refused.
  EXPECT_EQ(after(T("9999-12-31T23:59:59Z"), "PT1S"), "none");
  EXPECT_EQ(after(Instant::Min(), "-PT0.000000001S"), "none");
}

TEST(InstantTest, Order) {
  EXPECT_LT((Instant{-1, 999999999}), (Instant{0, 0}));
  EXPECT_LT((Instant{5, 1}), (Instant{5, 2}));
  EXPECT_LT(Instant::Min(), T("1677-09-21"));  // before int64 nanoseconds
  EXPECT_GT(Instant::Max(), T("2262-04-12"));  // after them
  const Instant now = Instant::Now();
  EXPECT_GT(now, T("2020-01-01"));
  EXPECT_GE(now.nanos, 0);
  EXPECT_LT(now.nanos, 1000000000);
}

// ECMAScript's date-time string format, as Neo4j GraphQL reads DateTime
// values in queries (with V8's extensions of it).
TEST(EcmaScriptDateTimeTest, EveryFormOfTheFormat) {
  auto E = [](const char* s) { return ParseEcmaScriptDateTime(s); };
  EXPECT_EQ(E("2024"), T("2024-01-01T00:00:00Z"));
  EXPECT_EQ(E("2024-03"), T("2024-03-01T00:00:00Z"));
  EXPECT_EQ(E("2024-03-05"), T("2024-03-05T00:00:00Z"));
  EXPECT_EQ(E("2024-03-05T10:20"), T("2024-03-05T10:20:00Z"));
  EXPECT_EQ(E("2024-03-05T10:20Z"), T("2024-03-05T10:20:00Z"));
  EXPECT_EQ(E("2024-03-05T10:20:30"), T("2024-03-05T10:20:30Z"));
  EXPECT_EQ(E("2024-03-05T10:20:30.123Z"), T("2024-03-05T10:20:30.123Z"));
  EXPECT_EQ(E("2024-03-05T10:20:30.1Z"), T("2024-03-05T10:20:30.1Z"));
  EXPECT_EQ(E("2024-03-05T10:20:30.123456789123Z"), T("2024-03-05T10:20:30.123456789Z"));
  EXPECT_EQ(E("2024-03-05T10:20:30+01:00"), T("2024-03-05T09:20:30Z"));
  EXPECT_EQ(E("2024-03-05T10:20:30-00:30"), T("2024-03-05T10:50:30Z"));
  EXPECT_EQ(E("2024-03-05T10:20+05:30"), T("2024-03-05T04:50:00Z"));
  EXPECT_EQ(E("+002024-03-05T10:20:30Z"), T("2024-03-05T10:20:30Z"));
  EXPECT_EQ(E("+002024"), T("2024-01-01"));
  EXPECT_EQ(E("2024T10:00Z"), T("2024-01-01T10:00:00Z"));
  EXPECT_EQ(E("2024-03T10:00Z"), T("2024-03-01T10:00:00Z"));
  // V8's extensions within the format.
  EXPECT_EQ(E("2024-03-05t10:20:30z"), T("2024-03-05T10:20:30Z"));
  EXPECT_EQ(E("2024-03-05 10:20:30Z"), T("2024-03-05T10:20:30Z"));
  EXPECT_EQ(E("2024-03-05T10:20:30+0100"), T("2024-03-05T09:20:30Z"));
  // The end of a day.
  EXPECT_EQ(E("2024-12-31T24:00Z"), T("2025-01-01T00:00:00Z"));
  EXPECT_EQ(E("2024-03-05T24:00:00.000Z"), T("2024-03-06T00:00:00Z"));
  // The range vigil reads.
  EXPECT_EQ(E("0001-01-01T00:00:00Z"), Instant::Min());
  EXPECT_EQ(E("9999-12-31T23:59:59.999999999Z"), Instant::Max());
  EXPECT_EQ(E("+009999-12-31T23:59:59Z"), T("9999-12-31T23:59:59Z"));
}

TEST(EcmaScriptDateTimeTest, RefusesWhatIsNotADateOrOutOfRange) {
  for (const char* s : {"", "yesterday", "2020/01/01", "Jan 1 2020", "2024-3-5", "99-01-01",
                        "024-01-01", "+2024-03-05", "-000000-01-01T00:00:00Z",
                        "2024-03-05T10Z", "2024-03-05T1:20Z", "2024-03-05T10:20:30.Z",
                        "2024-03-05T", "2024-03-05TZ", "2024-03-05T10:20:30,5Z",
                        "2024-03-05T10:20:30+01", "2024-03-05T10:20:30+01:00:00",
                        "2024-03-05T10:20:30Z ", " 2024-03-05", "2024Z", "2024-03-05Z",
                        "10000-01-01"}) {
    DateTimeTextError e;
    EXPECT_FALSE(ParseEcmaScriptDateTime(s, &e).has_value()) << s;
    EXPECT_EQ(e, DateTimeTextError::kSyntax) << s;
  }
  for (const char* s : {"2024-13-01", "2024-00-01", "2024-01-00", "2023-02-29", "2024-02-30",
                        "2024-04-31T00:00Z", "2024-03-05T24:00:01Z", "2024-03-05T10:60Z",
                        "2024-03-05T10:20:60Z", "2024-03-05T10:20:30+24:00"}) {
    DateTimeTextError e;
    EXPECT_FALSE(ParseEcmaScriptDateTime(s, &e).has_value()) << s;
    EXPECT_EQ(e, DateTimeTextError::kBadDate) << s;
  }
  for (const char* s : {"0000", "0000-12-31T23:59:59Z", "+010000-01-01",
                        "-000001-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00",
                        "9999-12-31T23:59:59.999-01:00", "+275760-09-13T00:00:00Z"}) {
    DateTimeTextError e;
    EXPECT_FALSE(ParseEcmaScriptDateTime(s, &e).has_value()) << s;
    EXPECT_EQ(e, DateTimeTextError::kOutOfRange) << s;
  }
}

TEST(CalendarTest, DaysRoundTripOverTheWholeRange) {
  for (int64_t days = DaysFromCivil(1, 1, 1); days <= DaysFromCivil(9999, 12, 31); days += 997) {
    int64_t y;
    int m, d;
    CivilFromDays(days, &y, &m, &d);
    ASSERT_EQ(DaysFromCivil(y, m, d), days);
    ASSERT_GE(d, 1);
    ASSERT_LE(d, DaysInMonth(y, m));
  }
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_EQ(FloorDiv(-1, 86400), -1);
  EXPECT_EQ(FloorDiv(86400, 86400), 1);
}

}  // namespace
}  // namespace vigil
