#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "src/base/strings.h"
#include "src/cli/cli.h"
#include "src/cli/flags.h"
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

PackLoadOptions PackOptions(bool allow_outside_pack) {
  PackLoadOptions o;
  o.confine_to_pack = !allow_outside_pack;
  if (std::string schemas = DefaultDataPath("schemas"); !schemas.empty()) {
    o.trusted_dirs.push_back(schemas);
  }
  return o;
}

void AddAllowOutsidePackFlag(FlagSet* flags, bool* out) {
  flags->Switch("--allow-outside-pack",
                "let the pack read schemas, fragments and queries outside its directory", out);
}

void AddDropFlags(FlagSet* flags, LoadOptions* options) {
  flags->Switch("--drop-unknown-properties",
                "leave out properties the schema does not declare (counted on stderr) "
                "instead of refusing the graph",
                &options->drop_unknown_properties);
  flags->Switch("--drop-dangling-edges",
                "leave out relationships that name an asset the graph lacks (counted on "
                "stderr) instead of refusing the graph",
                &options->drop_dangling_edges);
}

void PrintDropped(std::string_view command, std::string_view file, const LoadStats& stats) {
  if (stats.dropped.empty()) return;
  std::cerr << command << ": " << file << ": " << stats.dropped.ToString() << "\n";
}

void AddMaxResultRowsFlag(FlagSet* flags, size_t* out) {
  flags->Size("--max-result-rows", "N",
              "fail when a result would hold more than N rows, nested rows included "
              "(default: the larger of 10,000,000 and the graph's assets plus relationships)",
              1, out);
}

std::optional<int> Subcommand(const std::vector<std::string>& args, std::string_view command,
                              std::string_view what, const std::vector<std::string>& names,
                              const std::string& usage, std::string* sub) {
  if (args.empty()) {
    std::cerr << usage;
    return kExitBadInput;
  }
  if (args[0] == "-h" || args[0] == "--help") {
    std::cout << usage;
    return kExitOk;
  }
  if (std::find(names.begin(), names.end(), args[0]) == names.end()) {
    std::cerr << command << ": unknown " << what << " \"" << args[0] << "\" ("
              << StrJoin(names, " or ") << ")\n"
              << usage;
    return kExitBadInput;
  }
  *sub = args[0];
  return std::nullopt;
}

namespace {

// The nearest directory from the working directory up that holds pack.json,
// not crossing into another file system (as git looks for .git); "" if none.
std::filesystem::path DiscoverPackDir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::current_path(ec);
  if (ec) return {};
  struct stat st {};
  if (stat(dir.c_str(), &st) != 0) return {};
  const dev_t device = st.st_dev;
  while (true) {
    if (fs::is_regular_file(dir / "pack.json", ec)) return dir;
    fs::path parent = dir.parent_path();
    if (parent.empty() || parent == dir) return {};
    if (stat(parent.c_str(), &st) != 0 || st.st_dev != device) return {};
    dir = std::move(parent);
  }
}

}  // namespace

std::string PackDirOrBundled(std::string_view command, const std::string& dir,
                             PackOrigin* origin) {
  namespace fs = std::filesystem;
  if (origin != nullptr) *origin = PackOrigin::kGiven;
  if (!dir.empty()) return dir;
  if (fs::path found = DiscoverPackDir(); !found.empty()) {
    if (origin != nullptr) *origin = PackOrigin::kDiscovered;
    std::error_code ec;
    fs::path cwd = fs::current_path(ec);
    if (!ec && found == cwd) {
      std::cerr << command << ": using the pack ./pack.json (found in the working directory)\n";
      return ".";
    }
    fs::path rel = ec ? fs::path() : found.lexically_relative(cwd);
    std::string shown = rel.empty() ? found.string() : rel.string();
    std::cerr << command << ": using the pack " << (fs::path(shown) / "pack.json").string()
              << " (found in " << found.string() << ", a parent of the working directory)\n";
    return shown;
  }
  std::string bundled = DefaultDataPath("packs/cis-aws");
  if (bundled.empty()) {
    std::cerr << command << ": the bundled pack packs/cis-aws was not found; give --pack DIR\n";
    return bundled;
  }
  if (origin != nullptr) *origin = PackOrigin::kBundled;
  std::cerr << command << ": using the bundled pack " << bundled
            << " (no --pack given, no pack.json in the working directory or its parents)\n";
  return bundled;
}

std::optional<std::shared_ptr<const Pack>> LoadPackOrPrint(std::string_view command,
                                                           const std::string& dir,
                                                           bool allow_outside_pack) {
  Diagnostics diags;
  auto pack = LoadPack(dir, PackOptions(allow_outside_pack), &diags);
  if (!pack.ok()) {
    PrintDiagnostics(diags);
    std::cerr << command << ": the pack " << dir << " has errors\n";
    return std::nullopt;
  }
  return *std::move(pack);
}

}  // namespace vigil::cli
