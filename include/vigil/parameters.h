// vigil/parameters.h — values of control parameters: checking them against
// their GraphQL types, DateTime offsets, and per-run overrides.
//
// Overrides come from the command line (`--param cis-aws-3.7.days=30`, the
// value JSON or else a bare string) or a file (`--params FILE` holding
// {"control-id": {"name": value}}). They are checked against the pack before
// anything runs.
//
// A DateTime parameter (or an element of a [DateTime] one) may be written as
// an ISO-8601 duration with an optional sign: "-P90D", "PT12H",
// "P1Y2M3DT4H5M6S", "-P2W". It stands for the evaluation time plus that
// duration (vigil::ApplyIsoDuration, vigil/datetime.h), given to the query
// as an RFC 3339 UTC instant.
#ifndef VIGIL_PARAMETERS_H_
#define VIGIL_PARAMETERS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "vigil/datetime.h"
#include "vigil/diagnostic.h"
#include "vigil/policy.h"
#include "vigil/value.h"

namespace vigil {

// Where an override came from, recorded in reports: kind "command line"
// (--param) or "file" (a --params file, `file` its name).
struct OverrideSource {
  std::string kind;
  std::string file;
};

// control id -> parameter name -> value, plus where each value came from
// (`sources`, same keys; an override without an entry there is reported as
// given by the "caller"). ParseParamFlag and ParseParamsFile fill both.
struct ParameterOverrides : std::map<std::string, std::map<std::string, Value>> {
  using map::map;
  using map::operator=;
  ParameterOverrides() = default;
  ParameterOverrides(const map& m) : map(m) {}  // NOLINT: implicit, no sources
  std::map<std::string, std::map<std::string, OverrideSource>> sources;
};

// Parameter types and values follow the same GraphQL input rules as the
// variables of a query (`vigil query --vars`), with one addition: a DateTime
// may also be an ISO-8601 duration.

// True when `type` is a GraphQL input type of `schema` ("[String!]",
// "Severity", "VpcWhere", ...). On false, `*why` says what is wrong.
bool IsValidParameterType(std::string_view type, const Schema& schema,
                          std::string* why);

// Checks `value` against `type` by GraphQL input coercion: an ID may be a
// string or an integral number, an Int any integral number (60, 60.0), a
// single value stands for a one-element list, enum values are strings, and
// an input object's keys are checked against its type. On false, `*why`
// names the fault (with a JSON path).
bool ValueFitsType(const Value& value, std::string_view type,
                   const Schema& schema, std::string* why);

// GraphQL's variable-usage rule: a parameter of type `param_type` may feed
// a variable used where `use_type` is expected.
bool TypeFits(std::string_view param_type, std::string_view use_type);

// Parses one `--param` argument `control.name=value`. The control id may
// contain dots; the name is what follows the last dot before `=`.
absl::Status ParseParamFlag(std::string_view arg, ParameterOverrides* out);

// Parses a `--params` file. Errors are located in `file_name` (line and
// column): JSON errors, a top level or a control's entry that is not an
// object (json.wrong-type) and, with `pack`, a control that is not in it
// (policy.unknown-control), a parameter the control does not declare
// (policy.unknown-parameter) or a value that does not fit the parameter's
// type (policy.bad-parameter-value).
absl::Status ParseParamsFile(std::string_view text, std::string_view file_name,
                             ParameterOverrides* out, Diagnostics* diags = nullptr,
                             const Pack* pack = nullptr);

// Checks overrides against the pack: the control and the parameter must
// exist and the value must fit the parameter's type.
absl::Status ValidateOverrides(const Pack& pack, const ParameterOverrides& overrides);

// The variables of a control's queries: parameter defaults with overrides
// applied and DateTime durations resolved against `now`. An error names a
// parameter with no default and no override.
absl::StatusOr<Value> ResolveParameters(const ControlDef& control,
                                        const ParameterOverrides& overrides,
                                        Instant now);

}  // namespace vigil

#endif  // VIGIL_PARAMETERS_H_
