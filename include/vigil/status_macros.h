// vigil/status_macros.h — early returns for absl::Status and absl::StatusOr.
//
// Every fallible vigil call returns an absl::Status or an absl::StatusOr<T>.
// These two macros pass a failure up to the caller and keep the success
// path straight; the examples in vigil's headers use them:
//
//   ```cpp
//   auto build = [&]() -> absl::StatusOr<std::shared_ptr<const vigil::Graph>> {
//     vigil::GraphBuilder b(schema);
//     VIGIL_ASSIGN_OR_RETURN(vigil::NodeId vpc, b.AddAsset("vpc-1", "Vpc"));
//     VIGIL_ASSIGN_OR_RETURN(int region, b.ResolveProperty(vpc, "region"));
//     VIGIL_RETURN_IF_ERROR(b.SetString(vpc, region, "eu-west-1"));
//     return std::move(b).Finish();
//   };
//   ```
//
// VIGIL_RETURN_IF_ERROR(expr)
//   Evaluates `expr` (an absl::Status or an absl::StatusOr<T>) once; when
//   it is not OK, returns its status from the enclosing function, which
//   must return absl::Status or some absl::StatusOr<U>.
//
// VIGIL_ASSIGN_OR_RETURN(lhs, rexpr)
//   Evaluates `rexpr` (an absl::StatusOr<T>) once; when it is not OK,
//   returns its status as above; otherwise moves its value into `lhs`,
//   which is either a new variable (`int n`, `auto g`, `const auto& t`)
//   or an existing one (`n`, `*ptr`, `s.field`). The declaration is made in
//   the enclosing scope, so the variable is usable after the macro. `lhs`
//   must not contain a comma outside parentheses (use an alias or `auto`
//   for `std::pair<A, B>`). The StatusOr is kept in a hidden variable
//   named after the line, so at most one VIGIL_ASSIGN_OR_RETURN fits on a
//   line.
//
// Both are statements (end them with `;`) and may be used in lambdas that
// return absl::Status or absl::StatusOr. Nothing else is defined here but
// the vigil::status_macros_internal helpers the macros call.
#ifndef VIGIL_STATUS_MACROS_H_
#define VIGIL_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace vigil::status_macros_internal {

// The status of an absl::Status or an absl::StatusOr<T>.
inline const absl::Status& AsStatus(const absl::Status& s) { return s; }
inline absl::Status AsStatus(absl::Status&& s) { return std::move(s); }
template <typename T>
const absl::Status& AsStatus(const absl::StatusOr<T>& s) {
  return s.status();
}
template <typename T>
absl::Status AsStatus(absl::StatusOr<T>&& s) {
  return std::move(s).status();
}

}  // namespace vigil::status_macros_internal

#define VIGIL_STATUS_MACROS_CONCAT_INNER_(a, b) a##b
#define VIGIL_STATUS_MACROS_CONCAT_(a, b) VIGIL_STATUS_MACROS_CONCAT_INNER_(a, b)

#define VIGIL_RETURN_IF_ERROR(expr)                                          \
  do {                                                                       \
    if (::absl::Status VIGIL_STATUS_MACROS_CONCAT_(vigil_status_, __LINE__) = \
            ::vigil::status_macros_internal::AsStatus(expr);                 \
        !VIGIL_STATUS_MACROS_CONCAT_(vigil_status_, __LINE__).ok()) {        \
      return VIGIL_STATUS_MACROS_CONCAT_(vigil_status_, __LINE__);           \
    }                                                                        \
  } while (false)

#define VIGIL_ASSIGN_OR_RETURN(lhs, rexpr)                                  \
  VIGIL_ASSIGN_OR_RETURN_IMPL_(                                              \
      VIGIL_STATUS_MACROS_CONCAT_(vigil_statusor_, __LINE__), lhs, rexpr)

#define VIGIL_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                 \
  if (!statusor.ok()) {                                    \
    return std::move(statusor).status();                   \
  }                                                        \
  lhs = std::move(statusor).value()

#endif  // VIGIL_STATUS_MACROS_H_
