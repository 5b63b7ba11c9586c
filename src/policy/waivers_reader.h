// Reading exception rules out of a JSON document: an exceptions file, or
// the "exceptions" of a unit-test case (vigil/test_runner.h), which may be
// written inline in the test file.
#ifndef VIGIL_SRC_POLICY_WAIVERS_READER_H_
#define VIGIL_SRC_POLICY_WAIVERS_READER_H_

#include <string>

#include "src/base/json_reader.h"
#include "vigil/diagnostic.h"
#include "vigil/policy.h"
#include "vigil/waivers.h"

namespace vigil::policy {

// Appends the rules held by `node` to `set`: `node` is the object of an
// exceptions file ({"exceptions": [...]}) or, when `list_allowed`, possibly
// the list itself (an array).
// With `pack`, a control that is not one of it is a warning, or an error
// with `options.strict_controls`. Problems are located
// diagnostics appended to `diags` (each message starts with `context`); a
// rule with an error is left out. False if there was any error.
bool ReadExceptions(const json::Document& doc, const json::Node& node, bool list_allowed,
                    const Pack* pack, const ExceptionOptions& options,
                    const std::string& context, ExceptionSet* set, Diagnostics* diags);

}  // namespace vigil::policy

#endif  // VIGIL_SRC_POLICY_WAIVERS_READER_H_
