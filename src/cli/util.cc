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
#include "vigil/value.h"

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
    o.bundled_schemas_dir = schemas;
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

std::string DisplayPath(const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty() || path == "-") return path;
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  if (ec) return path;
  abs = abs.lexically_normal();
  fs::path cwd = fs::current_path(ec);
  if (ec) return abs.string();
  fs::path rel = abs.lexically_relative(cwd.lexically_normal());
  if (rel.empty() || *rel.begin() == "..") {
    std::string s = abs.string();
    if (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
  }
  std::string s = rel.string();
  if (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

std::optional<std::vector<OutputSpec>> PairOutputs(const std::vector<std::string>& formats,
                                                   const std::vector<std::string>& outputs,
                                                   const std::string& default_format,
                                                   std::string* error) {
  std::vector<OutputSpec> specs;
  if (formats.empty()) {
    if (outputs.size() > 1) {
      *error = "--output is given more than once: give a --format before each --output";
      return std::nullopt;
    }
    specs.push_back({default_format, outputs.empty() ? "-" : outputs[0]});
    return specs;
  }
  if (outputs.size() > formats.size()) {
    *error = StrCat("--output is given ", outputs.size(), " times for ", formats.size(),
                    " --format: give a --format before each --output");
    return std::nullopt;
  }
  int to_stdout = 0;
  for (size_t i = 0; i < formats.size(); ++i) {
    OutputSpec o{formats[i], i < outputs.size() ? outputs[i] : "-"};
    if (o.path == "-" || o.path == "/dev/stdout") ++to_stdout;
    specs.push_back(std::move(o));
  }
  if (formats.size() > 1 && outputs.size() + 1 < formats.size()) {
    *error =
        "--format is given twice without an --output for each: pair them in order "
        "(--format F --output FILE ...); at most one format may go to standard output";
    return std::nullopt;
  }
  if (to_stdout > 1) {
    *error = "at most one format may go to standard output (--output - or no --output)";
    return std::nullopt;
  }
  // Two outputs naming one file (r.json and ./r.json, or through a symlink)
  // would lose a report: compared as the kernel resolves them.
  auto same_file = [](const std::string& a, const std::string& b) {
    if (a == b) return true;
    namespace fs = std::filesystem;
    std::error_code ea, eb;
    // Absolute first: weakly_canonical leaves a relative path whose first
    // part does not exist relative (r.json vs ./r.json).
    fs::path ca = fs::weakly_canonical(fs::absolute(a, ea), ea);
    fs::path cb = fs::weakly_canonical(fs::absolute(b, eb), eb);
    return !ea && !eb && ca == cb;
  };
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].path == "-" || specs[i].path == "/dev/stdout") continue;
    for (size_t j = 0; j < i; ++j) {
      if (specs[j].path == "-" || specs[j].path == "/dev/stdout") continue;
      if (same_file(specs[i].path, specs[j].path)) {
        *error = specs[i].path == specs[j].path
                     ? StrCat("--output ", specs[i].path, " is given twice")
                     : StrCat("--output ", specs[j].path, " and --output ", specs[i].path,
                              " name the same file");
        return std::nullopt;
      }
    }
  }
  return specs;
}

void AddNoColorFlag(FlagSet* flags, bool* out) {
  flags->Switch("--no-color", "no ANSI colours in the text (also when NO_COLOR is set)", out);
}

Value DiagnosticsJson(const Diagnostics& diags) {
  Value::Array items;
  int64_t errors = 0, warnings = 0;
  for (const Diagnostic& d : diags) {
    const char* severity = d.severity == Severity::kError     ? "error"
                           : d.severity == Severity::kWarning ? "warning"
                                                              : "note";
    errors += d.severity == Severity::kError;
    warnings += d.severity == Severity::kWarning;
    items.push_back(Value(Value::Object{
        {"file", Value(DisplayPath(d.file))},
        {"line", Value(static_cast<int64_t>(d.location.line))},
        {"column", Value(static_cast<int64_t>(d.location.column))},
        {"severity", Value(severity)},
        {"code", Value(d.code)},
        {"message", Value(d.message)},
    }));
  }
  return Value(Value::Object{{"diagnostics", Value(std::move(items))},
                             {"errors", Value(errors)},
                             {"warnings", Value(warnings)}});
}

namespace {

void AppendPretty(const Value& v, int depth, std::string* out) {
  const std::string pad(static_cast<size_t>(depth + 1) * 2, ' ');
  const std::string close(static_cast<size_t>(depth) * 2, ' ');
  if (v.is_array() && !v.as_array().empty()) {
    out->append("[\n");
    const auto& a = v.as_array();
    for (size_t i = 0; i < a.size(); ++i) {
      out->append(pad);
      AppendPretty(a[i], depth + 1, out);
      out->append(i + 1 < a.size() ? ",\n" : "\n");
    }
    out->append(close + "]");
  } else if (v.is_object() && !v.as_object().empty()) {
    out->append("{\n");
    const auto& o = v.as_object();
    for (size_t i = 0; i < o.size(); ++i) {
      out->append(pad);
      AppendJsonString(out, o[i].first);
      out->append(": ");
      AppendPretty(o[i].second, depth + 1, out);
      out->append(i + 1 < o.size() ? ",\n" : "\n");
    }
    out->append(close + "}");
  } else {
    v.AppendJson(out);
  }
}

}  // namespace

std::string PrettyJson(const Value& v) {
  std::string out;
  AppendPretty(v, 0, &out);
  out.push_back('\n');
  return out;
}

std::string PackDirOrBundled(std::string_view command, const std::string& dir,
                             PackOrigin* origin) {
  namespace fs = std::filesystem;
  if (origin != nullptr) *origin = PackOrigin::kGiven;
  if (!dir.empty()) return dir;  // opened as given (DisplayPath is for messages)
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
  std::cerr << command << ": using the bundled pack " << DisplayPath(bundled)
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
    std::cerr << command << ": the pack " << DisplayPath(dir) << " has errors\n";
    return std::nullopt;
  }
  return *std::move(pack);
}

}  // namespace vigil::cli
