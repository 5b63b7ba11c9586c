// ISO-8601 date-times as instants, the way vigil compares DateTime values.
#ifndef VIGIL_SRC_BASE_DATETIME_H_
#define VIGIL_SRC_BASE_DATETIME_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace vigil {

// Parses `YYYY-MM-DD`, optionally followed by `THH:MM[:SS[.fraction]]` and a
// zone (`Z`, `±HH:MM`, `±HHMM` or `±HH`; none means UTC). Returns
// nanoseconds since 1970-01-01T00:00:00Z, or nullopt when the text is not
// such a date-time or the instant is outside years 1678..2261.
std::optional<int64_t> ParseDateTime(std::string_view text);

}  // namespace vigil

#endif  // VIGIL_SRC_BASE_DATETIME_H_
