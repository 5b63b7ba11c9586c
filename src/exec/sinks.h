// Writing a result: JSON text, or a vigil::Value, from one walk over the
// levels (a template over a sink), so both forms always agree.
#ifndef VIGIL_SRC_EXEC_SINKS_H_
#define VIGIL_SRC_EXEC_SINKS_H_

#include <string>

#include "src/exec/result_data.h"
#include "vigil/value.h"

namespace vigil::exec {

// An array for the stored form, an object keyed by response key for
// documents; byte-identical for the same inputs.
void AppendJson(const ResultData& data, std::string* out);
Value ToValue(const ResultData& data);

}  // namespace vigil::exec

#endif  // VIGIL_SRC_EXEC_SINKS_H_
