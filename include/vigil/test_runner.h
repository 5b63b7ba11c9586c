// vigil/test_runner.h — unit tests of controls (`vigil test`): test files,
// the runner, clause coverage and timings.
//
// A test file names one control of a pack and its cases; each case holds a
// small graph and what the control must give over it (docs/testing-policies.md):
//
//   ```json
//   {"control": "cis-aws-3.7",
//    "cases": [
//      {"name": "a VPC without any flow log fails",
//       "graph": {"assets": [{"id": "vpc-1", "type": "Vpc"}]},
//       "expect": {"status": "fail", "offending": ["vpc-1"]}},
//      {"name": "waived by an exception",
//       "graph": "graphs/one-vpc.json",
//       "parameters": {"days": 30},
//       "exceptions": [{"control": "cis-aws-3.7", "assets": ["vpc-1"],
//                       "owner": "o", "reason": "r", "expires": "2030-01-01"}],
//       "now": "2026-01-15T00:00:00Z",
//       "expect": {"status": "waived", "offending": [], "waived": ["vpc-1"]}}]}
//   ```
//
//   ```cpp
//   vigil::Diagnostics diags;
//   auto file = vigil::LoadTestFile("packs/cis-aws/tests/cis-aws-3.7.json",
//                                   *pack, &diags);
//   vigil::TestRunOptions opts;
//   opts.coverage = true;
//   auto result = vigil::RunTests(*pack, {*file}, opts);
//   std::cout << vigil::RenderTestResults(*result, vigil::TestFormat::kText);
//   // (the results and their writers: vigil/test_report.h)
//   ```
//
// Everything in a test file is checked before anything runs, with located
// diagnostics (file:line:column): unknown or missing keys, wrong JSON types,
// a control that is not in the pack, a bad status, a graph that does not
// load (the loader's error located in the test file for an inline graph, in
// the graph file otherwise), parameters that are not the control's or do
// not fit their type, bad exceptions, a bad "now".
#ifndef VIGIL_TEST_RUNNER_H_
#define VIGIL_TEST_RUNNER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "vigil/coverage.h"
#include "vigil/diagnostic.h"
#include "vigil/graph.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"
#include "vigil/report.h"
#include "vigil/test_report.h"
#include "vigil/waivers.h"

namespace vigil {

// What a case expects of its control.
struct TestExpectation {
  Outcome status = Outcome::kPass;
  // The exact set of offending asset ids (order-insensitive), if given.
  std::optional<std::vector<std::string>> offending;
  // The exact set of waived asset ids, if given.
  std::optional<std::vector<std::string>> waived;
};

struct TestCase {
  std::string name;
  std::string location;    // "file:line:col" of the case
  std::string graph_file;  // "" for an inline graph
  std::shared_ptr<const Graph> graph;
  ParameterOverrides parameters;  // for the test's control only
  std::optional<ExceptionSet> exceptions;
  std::optional<Instant> now;  // unset: the current time
  TestExpectation expect;
};

struct TestFile {
  std::string path;
  std::string control;
  std::vector<TestCase> cases;
};

// Parses and validates a test file for `pack`. All problems go to `diags`
// (located); the status holds the first errors. Warnings (an inline graph
// object that names an id no asset has, an exceptions file's control that
// is not in the pack) go to `diags` too and do not fail the parse.
absl::StatusOr<TestFile> ParseTestFile(std::string_view text, const std::string& path,
                                       const Pack& pack, Diagnostics* diags = nullptr);
absl::StatusOr<TestFile> LoadTestFile(const std::string& path, const Pack& pack,
                                      Diagnostics* diags = nullptr);

// The test files named by `paths`: a file is taken as it is, a directory
// gives its *.json files (recursively, sorted). NotFound for a missing path;
// anything else (a FIFO...) is taken as a file, whose reading says what is wrong.
absl::StatusOr<std::vector<std::string>> FindTestFiles(const std::vector<std::string>& paths);

// ---- running ---------------------------------------------------------------
// The results (TestRunResult and its parts) and their writers are in
// vigil/test_report.h, in the report layer.

struct TestRunOptions {
  // RE2 pattern searched in "control/case name"; empty: every case.
  std::string run_filter;
  bool coverage = false;
  // Time each check of each case: repeat until bench_min_ms or bench_max_runs.
  bool bench = false;
  double bench_min_ms = 200;
  int bench_max_runs = 1000;
  int threads = 1;  // threads of each evaluation
};

// Runs the cases of `files` (each against `pack`, only its control, with
// the case's parameters, exceptions and time). InvalidArgument for a bad
// --run pattern or input the engine refuses.
absl::StatusOr<TestRunResult> RunTests(const Pack& pack, const std::vector<TestFile>& files,
                                       const TestRunOptions& options = {});

}  // namespace vigil

#endif  // VIGIL_TEST_RUNNER_H_
