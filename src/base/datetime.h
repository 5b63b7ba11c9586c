// Calendar arithmetic behind vigil/datetime.h, and the bridge to the int64
// nanoseconds in which the graph's columns and the evaluator hold DateTime
// values today.
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

// Nanoseconds since the epoch, as the graph stores DateTime values; nullopt
// when `t` does not fit int64 nanoseconds (outside about 1677-09-21 to
// 2262-04-11).
std::optional<int64_t> ToUnixNanos(Instant t);
// The instant of a count of nanoseconds since the epoch (any int64).
Instant FromUnixNanos(int64_t ns);

// ParseInstant as int64 nanoseconds since the epoch (ToUnixNanos): the
// parser of the graph loader and the checker while they store DateTime
// values as nanoseconds. nullopt for a text that is not a date-time and for
// an instant that does not fit.
std::optional<int64_t> ParseDateTime(std::string_view text);

}  // namespace vigil

#endif  // VIGIL_SRC_BASE_DATETIME_H_
