#include <sys/resource.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "src/base/strings.h"
#include "src/cli/cli.h"

namespace vigil::cli {

double PeakRssMiB() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

double NowMs() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

PackLoadOptions PackOptions(bool allow_outside_pack) {
  PackLoadOptions o;
  o.confine_to_pack = !allow_outside_pack;
  if (std::string schemas = DefaultDataPath("schemas"); !schemas.empty()) {
    o.trusted_dirs.push_back(schemas);
  }
  return o;
}

}  // namespace vigil::cli
