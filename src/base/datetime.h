// ISO-8601 date-times as instants, the way vigil compares DateTime values.
#ifndef VIGIL_SRC_BASE_DATETIME_H_
#define VIGIL_SRC_BASE_DATETIME_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace vigil {

// Parses `YYYY-MM-DD`, optionally followed by `T` (or a space) and
// `hh:mm[:ss[.fraction of up to 9 digits]]` and a zone (`Z`, `±hh:mm`,
// `±hhmm` or `±hh`; none means UTC). A date alone is midnight UTC. Returns
// nanoseconds since 1970-01-01T00:00:00Z, or nullopt when the text is not
// such a date-time or the instant does not fit int64 nanoseconds
// (about years 1678..2262). The loader, the compiler and the policy layer
// all use this one parser, so a literal and a stored value always agree.
std::optional<int64_t> ParseDateTime(std::string_view text);

}  // namespace vigil

#endif  // VIGIL_SRC_BASE_DATETIME_H_
