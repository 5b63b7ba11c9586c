// vigil test [--pack DIR] [PATH...] [--run REGEX] [--format text|json|junit]
//            [--output FILE] [--coverage] [--coverage-min P] [--bench]
//            [--threads N] [--no-color]
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "absl/strings/numbers.h"
#include "src/base/strings.h"
#include "src/cli/cli.h"
#include "src/cli/output.h"
#include "vigil/policy.h"
#include "vigil/policy_test.h"

namespace vigil::cli {
namespace {

constexpr char kUsage[] =
    "usage: vigil test [--pack DIR] [PATH...] [--run REGEX] [--format text|json|junit]\n"
    "                  [--output FILE] [--coverage] [--coverage-min P] [--bench]\n"
    "                  [--threads N] [--no-color]\n"
    "Runs the unit tests of a pack's controls: the test files given (a directory\n"
    "gives its *.json files), or else the pack's tests/*.json. Default pack: the\n"
    "bundled packs/cis-aws.\n"
    "  --run REGEX       only the cases whose \"control/case name\" matches (RE2)\n"
    "  --format F        text (default), json or junit\n"
    "  --output FILE     write the results to FILE instead of standard output\n"
    "                    (replaced atomically; a device such as /dev/null is written\n"
    "                    in place; a symbolic link is refused)\n"
    "  --coverage        report which where-clauses the cases saw TRUE and not TRUE\n"
    "  --coverage-min P  fail (exit 1) when under P percent of the clauses are covered\n"
    "  --bench           time each check of each case (repeated runs)\n"
    "Exit status: 0 every case passed, 1 a case failed (or coverage under\n"
    "--coverage-min), 2 bad input or usage (a bad test file) or the results could\n"
    "not be written, 3 internal error.\n";

int Usage(const std::string& message) {
  std::cerr << "vigil test: " << message << "\n" << kUsage;
  return kExitBadInput;
}

// `p` relative to the working directory when it lies under it (shorter
// names in the output), else as given.
std::string DisplayPath(const std::string& p) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) return p;
  fs::path cwd = fs::current_path(ec);
  if (ec) return p;
  fs::path rel = abs.lexically_normal().lexically_relative(cwd);
  if (rel.empty() || rel.native().starts_with("..")) return p;
  return rel.string();
}

}  // namespace

int TestMain(const std::vector<std::string>& args) {
  std::string pack_dir, format_name = "text", output = "-", run_filter;
  std::vector<std::string> paths;
  bool coverage = false, bench = false, no_color = false;
  double coverage_min = -1;
  int threads = 1;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return true;
    };
    std::string v;
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return kExitOk;
    }
    if (a == "--pack" && value(&pack_dir)) continue;
    if (a == "--format" && value(&format_name)) continue;
    if ((a == "--output" || a == "-o") && value(&output)) continue;
    if (a == "--run" && value(&run_filter)) continue;
    if (a == "--coverage") {
      coverage = true;
      continue;
    }
    if (a == "--coverage-min" && value(&v)) {
      if (!absl::SimpleAtod(v, &coverage_min) || coverage_min < 0 || coverage_min > 100) {
        return Usage("--coverage-min needs a percentage from 0 to 100");
      }
      coverage = true;
      continue;
    }
    if (a == "--bench") {
      bench = true;
      continue;
    }
    if (a == "--no-color") {
      no_color = true;
      continue;
    }
    if (a == "--threads" && value(&v)) {
      if (!absl::SimpleAtoi(v, &threads) || threads < 0 || threads > 1024) {
        return Usage("--threads needs an integer from 0 to 1024");
      }
      continue;
    }
    if (a.starts_with("-") && a != "-") {
      return Usage(StrCat("unexpected argument \"", a, "\"",
                          a.starts_with("--") ? " (or it lacks its value)" : ""));
    }
    paths.push_back(a);
  }
  auto format = ParseTestFormat(format_name);
  if (!format.ok()) return Usage(std::string(format.status().message()));
  if (pack_dir.empty()) {
    pack_dir = DefaultDataPath("packs/cis-aws");
    if (pack_dir.empty()) {
      std::cerr << "vigil test: the bundled pack packs/cis-aws was not found; give --pack DIR\n";
      return kExitBadInput;
    }
  }

  pack_dir = DisplayPath(pack_dir);
  Diagnostics diags;
  auto pack = LoadPack(pack_dir, {}, &diags);
  if (!pack.ok()) {
    PrintDiagnostics(diags);
    std::cerr << "vigil test: the pack " << pack_dir << " has errors\n";
    return kExitBadInput;
  }
  if (paths.empty()) {
    std::string tests = (std::filesystem::path(pack_dir) / "tests").string();
    std::error_code ec;
    if (!std::filesystem::is_directory(tests, ec)) {
      std::cerr << "vigil test: the pack " << pack_dir << " has no tests directory (" << tests
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
    auto file = LoadTestFile(DisplayPath(f), **pack, &test_diags);
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
  bool color = !no_color && output == "-" && *format == TestFormat::kText && isatty(1) != 0;
  std::string text = RenderTestResults(*result, *format, color);
  if (absl::Status s = WriteOutput(output, text); !s.ok()) {
    std::cerr << "vigil test: " << s.message() << "\n";
    return kExitBadInput;
  }
  if (*format != TestFormat::kText || output != "-") {
    std::cerr << result->passed << " passed, " << result->failed << " failed\n";
  }
  if (result->passed + result->failed == 0 && !run_filter.empty()) {
    std::cerr << "vigil test: no case matches --run \"" << run_filter << "\"\n";
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
