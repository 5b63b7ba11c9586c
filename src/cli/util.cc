#include <sys/resource.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "src/base/strings.h"
#include "src/cli/cli.h"
#include "vigil/policy.h"

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

std::string PackDirOrBundled(std::string_view command, const std::string& dir) {
  if (!dir.empty()) return dir;
  std::string bundled = DefaultDataPath("packs/cis-aws");
  if (bundled.empty()) {
    std::cerr << command << ": the bundled pack packs/cis-aws was not found; give --pack DIR\n";
  }
  return bundled;
}

std::optional<std::shared_ptr<const Pack>> LoadPackOrPrint(std::string_view command,
                                                           const std::string& dir) {
  Diagnostics diags;
  auto pack = LoadPack(dir, {}, &diags);
  if (!pack.ok()) {
    PrintDiagnostics(diags);
    std::cerr << command << ": the pack " << dir << " has errors\n";
    return std::nullopt;
  }
  return *std::move(pack);
}

}  // namespace vigil::cli
