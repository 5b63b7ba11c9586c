// Checks shared by the policy layer's JSON readers (exceptions files, unit
// tests, --params files), so that one rule has one diagnostic code:
//
//   policy.unknown-control      a control id that is not in the pack
//   policy.unknown-parameter    a parameter the control does not declare
//   policy.bad-parameter-value  a value that does not fit its parameter's type
#ifndef VIGIL_SRC_POLICY_POLICY_JSON_H_
#define VIGIL_SRC_POLICY_POLICY_JSON_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "src/base/json_reader.h"
#include "src/base/object_reader.h"
#include "vigil/diagnostic.h"
#include "vigil/policy.h"
#include "vigil/value.h"

namespace vigil::policy {

// The control of `pack` whose id is the string `id_node` (of the reader's
// document); null, with policy.unknown-control reported (with "did you
// mean") through `reader`, when there is none (as a warning with
// `warning`).
const ControlDef* FindControlOrReport(const Pack& pack, const json::Node& id_node,
                                      json::ObjectReader* reader, bool warning = false);

// Reads `node`, an object {"name": value} of parameter values for
// `control`: each name must be a parameter of the control and each value
// must fit its type. Good values go to `*out`; false if anything was
// reported (diagnostics go to `diags`, messages start with `context`).
bool ReadParameterValues(const json::Document& doc, const json::Node& node,
                         const ControlDef& control, const Schema& schema,
                         const std::string& context, std::map<std::string, Value>* out,
                         Diagnostics* diags);

// How each reader of a policy file hands back what it found: appends
// `local` to `*out` (when not null) and returns DiagnosticsToStatus(local).
inline absl::Status HandOver(const Diagnostics& local, Diagnostics* out) {
  if (out != nullptr) out->insert(out->end(), local.begin(), local.end());
  return DiagnosticsToStatus(local);
}

}  // namespace vigil::policy

#endif  // VIGIL_SRC_POLICY_POLICY_JSON_H_
