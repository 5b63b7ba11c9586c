// vigil/datetime.h — instants of time: the values of DateTime.
//
//   ```cpp
//   std::optional<vigil::Instant> t = vigil::ParseInstant("2025-07-01T10:00:00+02:00");
//   vigil::FormatInstant(*t);                          // "2025-07-01T08:00:00Z"
//   vigil::FormatInstant(*vigil::ApplyIsoDuration(*t, "-P90D"));
//                                                      // "2025-04-02T08:00:00Z"
//   ```
//
// An Instant is a point on the UTC time line with nanosecond precision.
// vigil reads and writes the instants of the years 0001 to 9999 of the
// proleptic Gregorian calendar (no leap seconds), so a "never" such as
// 9999-12-31T23:59:59Z is an ordinary value.
#ifndef VIGIL_DATETIME_H_
#define VIGIL_DATETIME_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil {

struct Instant {
  int64_t seconds = 0;  // whole seconds since 1970-01-01T00:00:00Z (floor)
  int32_t nanos = 0;    // nanoseconds within that second, 0 to 999,999,999

  friend constexpr auto operator<=>(const Instant&, const Instant&) = default;
  friend constexpr bool operator==(const Instant&, const Instant&) = default;

  // The current time of the system clock.
  static Instant Now();
  // The first and the last instant vigil reads and writes:
  // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z.
  static constexpr Instant Min() { return {-62135596800, 0}; }
  static constexpr Instant Max() { return {253402300799, 999999999}; }
};

// Parses a date-time: `YYYY-MM-DD`, optionally followed by `T` (or `t`, or
// a space) and `hh:mm[:ss[.fraction of 1 to 9 digits]]` and a zone (`Z`,
// `±hh:mm`, `±hhmm` or `±hh`; none means UTC). A date alone is midnight
// UTC. nullopt when the text is not such a date-time (including a day that
// does not exist, such as 2023-02-29) or the instant is outside Min..Max.
std::optional<Instant> ParseInstant(std::string_view text);

// RFC 3339 in UTC: "2025-07-01T08:00:12Z", with a fraction (its trailing
// zeros left out) only when the nanoseconds are not zero.
std::string FormatInstant(Instant t);

// `t` moved by a signed ISO-8601 duration: "-P90D", "PT12H",
// "P1Y2M3DT4H5M6S", "+P2W", "PT0.5S" (a fraction only on seconds). Years
// and months move the calendar date in UTC, the day clamped to the month's
// length (31 March minus one month is 28 February); weeks, days, hours,
// minutes and seconds are fixed lengths. nullopt when `duration` is not
// such a duration, a component is huge (more than 10,000 years, 120,000
// months, 600,000 weeks, 4,000,000 days, 10^8 hours, 6·10^9 minutes or
// 4·10^8 seconds), or the result is outside Min..Max.
std::optional<Instant> ApplyIsoDuration(Instant t, std::string_view duration);

}  // namespace vigil

#endif  // VIGIL_DATETIME_H_
