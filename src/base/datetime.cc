// Instants of time (vigil/datetime.h): parsing, formatting, ISO-8601
// durations and the calendar arithmetic they share.
#include "src/base/datetime.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace vigil {

bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// H. Hinnant's days_from_civil and civil_from_days (public domain
// algorithms), on the 400-year cycle of 146097 days.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;                                     // [0, 399]
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

namespace {

bool InRange(Instant t) { return t >= Instant::Min() && t <= Instant::Max(); }

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

Instant Instant::Now() {
  const int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  Instant t;
  t.seconds = FloorDiv(ns, kNanosPerSecond);
  t.nanos = static_cast<int32_t>(ns - t.seconds * kNanosPerSecond);
  return t;
}

std::optional<Instant> ParseInstant(std::string_view s) {
  int year, month, day;
  if (s.size() < 10 || !Digits(s, 0, 4, &year) || s[4] != '-' || !Digits(s, 5, 2, &month) ||
      s[7] != '-' || !Digits(s, 8, 2, &day)) {
    return std::nullopt;
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  int hour = 0, minute = 0, second = 0;
  int32_t nanos = 0;
  int64_t offset_seconds = 0;
  size_t pos = 10;
  if (pos < s.size()) {
    const char sep = s[pos];
    if (sep != 'T' && sep != 't' && sep != ' ') return std::nullopt;
    ++pos;
    if (!Digits(s, pos, 2, &hour) || pos + 2 >= s.size() || s[pos + 2] != ':' ||
        !Digits(s, pos + 3, 2, &minute)) {
      return std::nullopt;
    }
    pos += 5;
    if (pos < s.size() && s[pos] == ':') {
      if (!Digits(s, pos + 1, 2, &second)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        int digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (++digits > 9) return std::nullopt;
          nanos = nanos * 10 + (s[pos] - '0');
          ++pos;
        }
        if (digits == 0) return std::nullopt;
        for (int i = digits; i < 9; ++i) nanos *= 10;
      }
    }
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
    if (pos < s.size()) {
      const char z = s[pos];
      if (z == 'Z' || z == 'z') {
        ++pos;
      } else if (z == '+' || z == '-') {
        int oh, om = 0;
        if (!Digits(s, pos + 1, 2, &oh)) return std::nullopt;
        pos += 3;
        if (pos < s.size() && s[pos] == ':') {
          if (!Digits(s, pos + 1, 2, &om)) return std::nullopt;
          pos += 3;
        } else if (pos < s.size()) {
          if (!Digits(s, pos, 2, &om)) return std::nullopt;
          pos += 2;
        }
        if (oh > 23 || om > 59) return std::nullopt;
        offset_seconds = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
      } else {
        return std::nullopt;
      }
    }
    if (pos != s.size()) return std::nullopt;
  }
  Instant t;
  t.seconds = DaysFromCivil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 +
              second - offset_seconds;
  t.nanos = nanos;
  if (!InRange(t)) return std::nullopt;
  return t;
}

std::string FormatInstant(Instant t) {
  const int64_t days = FloorDiv(t.seconds, kSecondsPerDay);
  const int64_t secs = t.seconds - days * kSecondsPerDay;
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[80];
  int n = std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d",
                        static_cast<long long>(y), m, d, static_cast<int>(secs / 3600),
                        static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  std::string out(buf, static_cast<size_t>(n));
  if (t.nanos != 0) {
    std::snprintf(buf, sizeof buf, ".%09d", static_cast<int>(t.nanos));
    std::string frac(buf);
    while (frac.back() == '0') frac.pop_back();
    out += frac;
  }
  out += 'Z';
  return out;
}

std::optional<Instant> ApplyIsoDuration(Instant t, std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s[0] != 'P') return std::nullopt;
  s.remove_prefix(1);
  int64_t years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, secs = 0;
  int64_t frac_ns = 0;
  bool in_time = false, any = false, any_time = false;
  const std::string_view date_units = "YMWD", time_units = "HMS";
  size_t last_unit = 0;  // units must come in order
  while (!s.empty()) {
    if (s[0] == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      last_unit = 0;
      s.remove_prefix(1);
      continue;
    }
    size_t i = 0;
    int64_t v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (v > int64_t{10000000000}) return std::nullopt;  // far beyond every bound below
      v = v * 10 + (s[i] - '0');
      ++i;
    }
    if (i == 0) return std::nullopt;
    int64_t frac = 0;
    bool has_frac = false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      has_frac = true;
      size_t j = i + 1;
      int64_t scale = 100000000;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') {
        frac += (s[j] - '0') * scale;
        scale /= 10;
        ++j;
      }
      if (j == i + 1) return std::nullopt;
      i = j;
    }
    if (i >= s.size()) return std::nullopt;
    const char unit = s[i];
    const std::string_view units = in_time ? time_units : date_units;
    const size_t k = units.find(unit);
    if (k == std::string_view::npos || k + 1 <= last_unit) return std::nullopt;
    last_unit = k + 1;
    if (has_frac && !(in_time && unit == 'S')) return std::nullopt;
    if (in_time) {
      any_time = true;
      if (unit == 'H') {
        hours = v;
      } else if (unit == 'M') {
        minutes = v;
      } else {
        secs = v;
        frac_ns = frac;
      }
    } else {
      if (unit == 'Y') years = v;
      else if (unit == 'M') months = v;
      else if (unit == 'W') weeks = v;
      else days = v;
    }
    any = true;
    s.remove_prefix(i + 1);
  }
  if (!any || (in_time && !any_time)) return std::nullopt;
  if (years > 10000 || months > 120000 || weeks > 600000 || days > 4000000 ||
      hours > 100000000 || minutes > 6000000000 || secs > 400000000 ||
      (secs == 400000000 && frac_ns > 0)) {
    return std::nullopt;
  }
  const int64_t sign = negative ? -1 : 1;
  // The calendar part: years and months move the date, the day clamped.
  const int64_t day_index = FloorDiv(t.seconds, kSecondsPerDay);
  const int64_t in_day = t.seconds - day_index * kSecondsPerDay;
  int64_t y;
  int m, d;
  CivilFromDays(day_index, &y, &m, &d);
  const int64_t total_months = y * 12 + (m - 1) + sign * (years * 12 + months);
  y = FloorDiv(total_months, 12);
  m = static_cast<int>(total_months - y * 12 + 1);
  if (y < 0 || y > 10000) return std::nullopt;  // out of range whatever follows
  d = std::min(d, DaysInMonth(y, m));
  const int64_t new_days = DaysFromCivil(y, m, d) + sign * (weeks * 7 + days);
  // The fixed part. Every term is bounded above, so nothing overflows.
  Instant r;
  r.seconds = new_days * kSecondsPerDay + in_day + sign * (hours * 3600 + minutes * 60 + secs);
  int64_t nanos = t.nanos + sign * frac_ns;
  r.seconds += FloorDiv(nanos, kNanosPerSecond);
  r.nanos = static_cast<int32_t>(nanos - FloorDiv(nanos, kNanosPerSecond) * kNanosPerSecond);
  if (!InRange(r)) return std::nullopt;
  return r;
}

std::optional<Instant> ParseEcmaScriptDateTime(std::string_view s, DateTimeTextError* error) {
  DateTimeTextError scratch;
  DateTimeTextError& err = error != nullptr ? *error : scratch;
  err = DateTimeTextError::kSyntax;
  size_t pos = 0;
  int64_t year = 0;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    int y;
    if (!Digits(s, 1, 6, &y)) return std::nullopt;
    if (s[0] == '-' && y == 0) return std::nullopt;  // -000000 is not a year
    year = s[0] == '-' ? -y : y;
    pos = 7;
  } else {
    int y;
    if (!Digits(s, 0, 4, &y)) return std::nullopt;
    year = y;
    pos = 4;
  }
  int month = 1, day = 1;
  if (pos < s.size() && s[pos] == '-') {
    if (!Digits(s, pos + 1, 2, &month)) return std::nullopt;
    pos += 3;
    if (pos < s.size() && s[pos] == '-') {
      if (!Digits(s, pos + 1, 2, &day)) return std::nullopt;
      pos += 3;
    }
  }
  int hour = 0, minute = 0, second = 0;
  int32_t nanos = 0;
  int64_t offset_seconds = 0;
  bool bad = false;
  if (pos < s.size()) {
    const char sep = s[pos];
    if (sep != 'T' && sep != 't' && sep != ' ') return std::nullopt;
    if (!Digits(s, pos + 1, 2, &hour) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, &minute)) {
      return std::nullopt;
    }
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!Digits(s, pos + 1, 2, &second)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (digits < 9) nanos = nanos * 10 + (s[pos] - '0');
          ++digits;
          ++pos;
        }
        if (digits == 0) return std::nullopt;
        for (int i = digits; i < 9; ++i) nanos *= 10;
      }
    }
    if (pos < s.size()) {
      const char z = s[pos];
      if (z == 'Z' || z == 'z') {
        ++pos;
      } else if (z == '+' || z == '-') {
        int oh, om;
        if (!Digits(s, pos + 1, 2, &oh)) return std::nullopt;
        pos += 3;
        if (pos < s.size() && s[pos] == ':') ++pos;
        if (!Digits(s, pos, 2, &om)) return std::nullopt;
        pos += 2;
        bad |= oh > 23 || om > 59;
        offset_seconds = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
      } else {
        return std::nullopt;
      }
    }
    if (pos != s.size()) return std::nullopt;
    // 24:00 is the end of the day; no later time of hour 24 exists.
    bad |= hour > 24 || minute > 59 || second > 59 ||
           (hour == 24 && (minute != 0 || second != 0 || nanos != 0));
  }
  bad |= month < 1 || month > 12;
  if (!bad) bad |= day < 1 || day > DaysInMonth(year, month);
  if (bad) {
    err = DateTimeTextError::kBadDate;
    return std::nullopt;
  }
  Instant t;
  t.seconds = DaysFromCivil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 +
              second - offset_seconds;
  t.nanos = nanos;
  if (!InRange(t)) {
    err = DateTimeTextError::kOutOfRange;
    return std::nullopt;
  }
  err = DateTimeTextError::kNone;
  return t;
}

std::optional<int64_t> ToUnixNanos(Instant t) {
  // Before the epoch, borrow a second so that the product cannot overflow
  // when the sum still fits (the earliest representable instant).
  int64_t secs = t.seconds, nanos = t.nanos;
  if (secs < 0 && nanos > 0) {
    ++secs;
    nanos -= kNanosPerSecond;
  }
  int64_t ns;
  if (__builtin_mul_overflow(secs, kNanosPerSecond, &ns) ||
      __builtin_add_overflow(ns, nanos, &ns)) {
    return std::nullopt;
  }
  return ns;
}

Instant FromUnixNanos(int64_t ns) {
  int64_t s = ns / kNanosPerSecond;
  int64_t r = ns % kNanosPerSecond;
  if (r < 0) {
    r += kNanosPerSecond;
    --s;
  }
  return Instant{s, static_cast<int32_t>(r)};
}

std::optional<int64_t> ParseDateTime(std::string_view text) {
  std::optional<Instant> t = ParseInstant(text);
  if (!t) return std::nullopt;
  return ToUnixNanos(*t);
}

}  // namespace vigil
