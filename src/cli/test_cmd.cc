// vigil test: runs the unit tests of a pack's controls (flags: TestMain).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "src/base/strings.h"
#include "src/base/terminal.h"
#include "src/cli/cli.h"
#include "src/cli/flags.h"
#include "src/cli/output.h"
#include "vigil/policy.h"
#include "vigil/test_report.h"
#include "vigil/test_runner.h"

namespace vigil::cli {
namespace {

constexpr char kDescription[] =
    "Runs the unit tests of a pack's controls: the test files given (a directory\n"
    "gives its *.json files), or else the pack's tests/*.json. Default pack:\n"
    "pack.json in the working directory or its nearest parent, else the bundled\n"
    "packs/cis-aws (said on standard error).\n";
constexpr char kExit[] =
    "Exit status: 0 every case passed, 1 a case failed (or coverage under\n"
    "--coverage-min), 2 bad input or usage (a bad test file) or the results could\n"
    "not be written, 3 internal error.\n";

}  // namespace

int TestMain(const std::vector<std::string>& args) {
  std::string pack_dir, run_filter;
  std::vector<std::string> paths, format_names, output_paths;
  bool coverage = false, bench = false, no_color = false;
  double coverage_min = -1;
  int threads = 1;
  bool allow_outside_pack = false;
  FlagSet flags("vigil test", kDescription);
  flags.String("--pack", "DIR", "the pack whose controls are tested", &pack_dir);
  flags.String("--run", "REGEX", "only the cases whose \"control/case name\" matches (RE2)",
               &run_filter);
  flags.AllowEmpty("--run");  // "": every case
  flags.Strings("--format", "text|json|junit|html",
                "the format (default: text); repeated, each with its --output, for several "
                "outputs of one run",
                &format_names);
  flags.Strings("--output|-o", "FILE",
                "write the results of the --format before it to FILE instead of standard "
                "output (replaced atomically; a device such as /dev/null is written in "
                "place; a symbolic link is refused); at most one format goes to standard "
                "output",
                &output_paths);
  flags.Switch("--coverage", "report which where-clauses the cases saw TRUE and not TRUE",
               &coverage);
  flags.Double("--coverage-min", "P",
               "fail (exit 1) when under P percent of the clauses are covered (implies "
               "--coverage)",
               0, 100, &coverage_min);
  flags.Switch("--bench", "time each check of each case (repeated runs)", &bench);
  flags.Int("--threads", "N", "threads of each evaluation (0: one per core)", 0, 1024, &threads);
  AddNoColorFlag(&flags, &no_color);
  AddAllowOutsidePackFlag(&flags, &allow_outside_pack);
  flags.Operands("[PATH...]", 0, SIZE_MAX, &paths);
  flags.Epilogue(kExit);
  if (std::optional<int> exit = flags.Parse(args)) return *exit;
  if (coverage_min >= 0) coverage = true;
  std::string pair_error;
  std::optional<std::vector<OutputSpec>> outputs =
      PairOutputs(format_names, output_paths, "text", &pair_error);
  if (!outputs) return flags.UsageError(pair_error);
  std::vector<TestFormat> formats;
  for (const OutputSpec& o : *outputs) {
    auto format = ParseTestFormat(o.format);
    if (!format.ok()) return flags.UsageError(std::string(format.status().message()));
    formats.push_back(*format);
  }
  // `vigil test PACKDIR` (as `opa test DIR`): a directory holding pack.json
  // is a pack, whose tests/ are run; never its pack.json as a test file.
  for (std::string& p : paths) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(p, ec) || !fs::exists(fs::path(p) / "pack.json", ec)) continue;
    if (pack_dir.empty()) {
      pack_dir = p;
    } else if (fs::weakly_canonical(pack_dir, ec) != fs::weakly_canonical(p, ec)) {
      return flags.UsageError(StrCat(p, " is a pack (it holds pack.json), but --pack names ", pack_dir,
                          ": give the pack once, with its test files or directories"));
    }
    p = (fs::path(p) / "tests").string();
    if (!fs::is_directory(p, ec)) {
      std::cerr << "vigil test: the pack " << DisplayPath(pack_dir) << " has no tests directory (" << p
                << ")\n";
      return kExitBadInput;
    }
  }
  pack_dir = PackDirOrBundled("vigil test", pack_dir);
  if (pack_dir.empty()) return kExitBadInput;
  auto pack = LoadPackOrPrint("vigil test", pack_dir, allow_outside_pack);
  if (!pack) return kExitBadInput;
  if (paths.empty()) {
    std::string tests = (std::filesystem::path(pack_dir) / "tests").string();
    std::error_code ec;
    if (!std::filesystem::is_directory(tests, ec)) {
      std::cerr << "vigil test: the pack " << DisplayPath(pack_dir) << " has no tests directory (" << tests
                << "); give test files or directories\n";
      return kExitBadInput;
    }
    paths.push_back(tests);
  }
  auto found = FindTestFiles(paths);
  if (!found.ok()) {
    std::cerr << "vigil test: " << found.status().message() << "\n";
    return kExitBadInput;
  }
  if (found->empty()) {
    std::cerr << "vigil test: no test files (*.json) in " << StrJoin(paths, ", ") << "\n";
    return kExitBadInput;
  }
  std::vector<TestFile> files;
  Diagnostics test_diags;
  for (const std::string& f : *found) {
    auto file = LoadTestFile(f, **pack, &test_diags);
    if (!file.ok()) {
      if (test_diags.empty()) std::cerr << "vigil test: " << file.status().message() << "\n";
      continue;
    }
    files.push_back(*std::move(file));
  }
  if (files.size() != found->size()) {
    PrintDiagnostics(test_diags);
    std::cerr << "vigil test: " << (found->size() - files.size()) << " of " << found->size()
              << " test file" << (found->size() == 1 ? "" : "s") << " could not be read; "
              << "nothing was run\n";
    return kExitBadInput;
  }
  PrintDiagnostics(test_diags);  // warnings

  TestRunOptions opts;
  opts.run_filter = run_filter;
  opts.coverage = coverage;
  opts.bench = bench;
  opts.threads = threads;
  auto result = RunTests(**pack, files, opts);
  if (!result.ok()) {
    std::cerr << "vigil test: " << result.status().message() << "\n";
    return kExitBadInput;
  }
  // The files were read as given; the results show them as every command
  // shows paths (DisplayPath).
  auto shown_location = [](const std::string& loc) {
    size_t col = loc.rfind(':');
    size_t line = col == std::string::npos || col == 0 ? std::string::npos : loc.rfind(':', col - 1);
    if (line == std::string::npos) return DisplayPath(loc);
    return StrCat(DisplayPath(loc.substr(0, line)), loc.substr(line));
  };
  for (CaseResult& c : result->cases) {
    c.file = DisplayPath(c.file);
    c.location = shown_location(c.location);
  }
  for (ControlCoverage& cc : result->coverage) {
    cc.file = DisplayPath(cc.file);
    for (ClauseCoverage& cl : cc.clauses) cl.location = shown_location(cl.location);
  }
  for (BenchResult& b : result->bench) b.file = DisplayPath(b.file);
  if (result->passed + result->failed == 0 && !run_filter.empty()) {
    // Nothing ran: a typo in the filter must not look like a green run.
    return flags.UsageError(StrCat("no case matches --run \"", run_filter, "\""));
  }
  bool text_on_stdout = false;
  for (size_t i = 0; i < outputs->size(); ++i) {
    const std::string& output = (*outputs)[i].path;
    const TestFormat format = formats[i];
    const bool to_stdout = output == "-" || output == "/dev/stdout";
    text_on_stdout |= to_stdout && format == TestFormat::kText;
    bool color = !no_color && std::getenv("NO_COLOR") == nullptr && to_stdout &&
                 format == TestFormat::kText && isatty(1) != 0;
    std::string text = RenderTestResults(*result, format, color);
    // Case names and messages come from test files: escaped in text output
    // (vigil's own colours kept), as the text report does.
    if (format == TestFormat::kText) text = TerminalSafe(text, /*keep_sgr=*/color);
    if (absl::Status s = WriteOutput(output, text); !s.ok()) {
      std::cerr << "vigil test: " << s.message() << "\n";
      return kExitBadInput;
    }
  }
  if (!text_on_stdout) {
    std::cerr << result->passed << " passed, " << result->failed << " failed\n";
  }
  if (coverage_min >= 0 && result->coverage_percent() < coverage_min) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%.1f%% of the clauses are covered, under --coverage-min %g%%",
                  result->coverage_percent(), coverage_min);
    std::cerr << "vigil test: " << buf << "\n";
    return kExitFailed;
  }
  return result->failed > 0 ? kExitFailed : kExitOk;
}

}  // namespace vigil::cli
