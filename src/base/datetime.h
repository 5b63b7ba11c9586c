// Calendar arithmetic behind vigil/datetime.h, and the date-time text
// format of GraphQL DateTime values in queries (ECMAScript's).
#ifndef VIGIL_SRC_BASE_DATETIME_H_
#define VIGIL_SRC_BASE_DATETIME_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "vigil/datetime.h"

namespace vigil {

inline constexpr int64_t kSecondsPerDay = 86400;
inline constexpr int64_t kNanosPerSecond = 1000000000;

bool IsLeapYear(int64_t year);
// 28 to 31; `month` is 1 to 12.
int DaysInMonth(int64_t year, int month);
// Days since 1970-01-01 of a date of the proleptic Gregorian calendar
// (month 1 to 12, day 1 to 31; any year).
int64_t DaysFromCivil(int64_t year, int month, int day);
// The date of a day number (the inverse of DaysFromCivil).
void CivilFromDays(int64_t days, int64_t* year, int* month, int* day);

// `a` divided by `b` > 0, rounded towards negative infinity.
constexpr int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Nanoseconds since the epoch (as the importers of src/connect handle
// timestamps); nullopt when `t` does not fit int64 nanoseconds (outside
// about 1677-09-21 to 2262-04-11).
std::optional<int64_t> ToUnixNanos(Instant t);
// The instant of a count of nanoseconds since the epoch (any int64).
Instant FromUnixNanos(int64_t ns);
// ParseInstant as int64 nanoseconds since the epoch (ToUnixNanos); nullopt
// for a text that is not a date-time and for an instant that does not fit.
std::optional<int64_t> ParseDateTime(std::string_view text);

// What ParseEcmaScriptDateTime found wrong.
enum class DateTimeTextError : uint8_t {
  kNone,
  kSyntax,      // not a date-time of the format
  kBadDate,     // a month, day, hour, minute, second or offset out of its range
  kOutOfRange,  // a date-time, but outside 0001-01-01 to 9999-12-31 (UTC)
};

// Parses ECMAScript's date-time string format (ECMA-262, "Date Time String
// Format"), as JavaScript's `new Date(text)` reads it and so as Neo4j GraphQL
// reads a DateTime literal or variable value:
//   date       YYYY | YYYY-MM | YYYY-MM-DD, with YYYY also +YYYYYY / -YYYYYY
//   date-time  date, then T and HH:mm[:ss[.s...]], then Z | ±HH:mm | nothing
// plus what V8 also takes in that format: a lowercase t or z, a space for T,
// an offset without its colon (±HHmm), and a fraction of any number of
// digits (only the first nine count). A date alone is midnight UTC; a
// date-time without an offset is read as UTC (JavaScript reads it in the
// local zone of the server). T24:00 (with zero seconds and fraction) is the
// next day's midnight. Everything else is refused, including what V8's
// legacy parser would guess at ("2020/01/01", "Jan 1 2020", "2024-3-5") and
// days that do not exist (V8 turns 2023-02-29 into March 1st). The result
// keeps the fraction's nanoseconds; nullopt with `*error` set otherwise.
std::optional<Instant> ParseEcmaScriptDateTime(std::string_view text,
                                               DateTimeTextError* error = nullptr);

}  // namespace vigil

#endif  // VIGIL_SRC_BASE_DATETIME_H_
