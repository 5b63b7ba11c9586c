// vigil/expectation.h — what a check's result must be for the check to pass.
//
// An expectation is one line (docs/policy.md):
//
//   [count] OP VALUE      OP := eq | ne | lt | lte | gt | gte
//                         VALUE := a JSON value
//
//   eq V / ne V     deep JSON equality of the result with V ("eq []" holds
//                   when no row came back); object key order does not matter
//                   and 1 equals 1.0
//   lt/lte/gt/gte N the result must be a number, compared with the number N
//   count OP N      OP applied to the number of rows of a list result
//                   (N a non-negative integer)
//
//   ```cpp
//   auto e = vigil::Expectation::Parse("count lte 2");
//   absl::StatusOr<bool> ok = e->Holds(result_value);
//   ```
//
// Anything else is a parse error whose diagnostic points at the column of
// the fault (offsets are relative to the expectation text).
#ifndef VIGIL_EXPECTATION_H_
#define VIGIL_EXPECTATION_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "vigil/diagnostic.h"
#include "vigil/value.h"

namespace vigil {

enum class ExpectOp : uint8_t { kEq, kNe, kLt, kLte, kGt, kGte };
const char* ExpectOpName(ExpectOp op);  // "eq", "ne", ...

struct Expectation {
  bool count = false;  // `count OP N`: applies to the length of a list
  ExpectOp op = ExpectOp::kEq;
  Value value;         // the operand
  std::string text;    // as written (trimmed)

  // Parses one expectation. On error, `diags` (if given) receives one
  // diagnostic located in `text` under `file_name`.
  static absl::StatusOr<Expectation> Parse(std::string_view text,
                                           std::string_view file_name = "",
                                           Diagnostics* diags = nullptr);

  // Whether the expectation holds for `result`. An error when the result
  // does not have the shape the expectation needs (`count` on a non-list,
  // `lt` on a non-number).
  absl::StatusOr<bool> Holds(const Value& result) const;

  // True when the expectation says "no row may come back": `eq []`,
  // `count eq 0`, `count lte 0`, `count lt 1`. The rows of a failing
  // result are then offending assets one by one.
  bool ExpectsNoRows() const;
  // True when the expectation can hold for a list result at all (`count`
  // forms and eq/ne; lt..gte without count need a number).
  bool AppliesToLists() const { return count || op == ExpectOp::kEq || op == ExpectOp::kNe; }

  std::string ToString() const;  // normalised: "count lte 2", "eq []"
};

}  // namespace vigil

#endif  // VIGIL_EXPECTATION_H_
