#include "vigil/version.h"

#include <string_view>

namespace vigil {

std::string_view Version() { return VIGIL_VERSION; }

}  // namespace vigil
