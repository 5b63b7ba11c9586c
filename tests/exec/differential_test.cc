// Randomised differential test of the query engine: random graphs and
// queries over the conformance schema, evaluated by the engine (threads=1
// and threads=2) and by the row-at-a-time reference evaluator, whose
// results must be the same JSON (array order and object key order too).
//
//   VIGIL_DIFF_CASES=100000 VIGIL_DIFF_SEED=7 ./differential_test
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "tests/exec/random_gen.h"
#include "tests/exec/reference_evaluator.h"
#include "vigil/json_loader.h"
#include "vigil/query.h"
#include "vigil/schema.h"

namespace vigil::reftest {
namespace {

std::shared_ptr<const Schema> ConformanceSchema() {
  static std::shared_ptr<const Schema> schema = [] {
    std::ifstream in(std::string(VIGIL_TEST_DATA_DIR) + "/conformance/schema.graphql");
    std::stringstream ss;
    ss << in.rdbuf();
    auto s = Schema::FromSdl(ss.str(), "schema.graphql");
    if (!s.ok()) {
      std::cerr << s.status() << "\n";
      std::abort();
    }
    return *s;
  }();
  return schema;
}

int64_t EnvInt(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::strtoll(v, nullptr, 10);
}

// Runs one (graph, query) pair; returns "" when the engine agrees with the
// reference, else a description of the disagreement.
struct Stats {
  int64_t empty = 0;      // cases whose expected result is []
  int64_t non_empty = 0;  // cases with at least one row
  double reference_s = 0;  // time spent in the reference evaluator
  double engine_s = 0;     // time spent compiling and evaluating
};

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string RunCase(const std::shared_ptr<const Schema>& schema, const Graph& graph,
                    const ReferenceEvaluator& ref, const Value& query, Stats* stats) {
  std::string text = PrintQuery(*schema, query);
  if (std::getenv("VIGIL_DIFF_VERBOSE") != nullptr) std::cout << text << "\n";
  auto t0 = std::chrono::steady_clock::now();
  auto q = Query::Compile(schema, text);
  if (!q.ok()) return "compile error: " + std::string(q.status().message()) + "\nquery: " + text;
  stats->engine_s += Since(t0);
  t0 = std::chrono::steady_clock::now();
  Value expected = ref.Evaluate(query);
  stats->reference_s += Since(t0);
  ++(expected.as_array().empty() ? stats->empty : stats->non_empty);
  std::string expected_json = expected.ToJson();
  for (int threads : {1, 2}) {
    EvalOptions opts;
    opts.threads = threads;
    t0 = std::chrono::steady_clock::now();
    auto r = (*q)->Evaluate(graph, Value(), opts);
    if (!r.ok()) {
      return "evaluation error (threads=" + std::to_string(threads) +
             "): " + std::string(r.status().message()) + "\nquery: " + text;
    }
    Value actual = r->ToValue();
    std::string actual_json = r->ToJson();
    stats->engine_s += Since(t0);
    if (actual != expected || actual_json != expected_json) {
      std::string why = actual != expected ? "values differ" : "JSON text differs (key order?)";
      return why + " (threads=" + std::to_string(threads) + ")\nquery: " + text +
             "\nexpected: " + expected_json + "\nactual:   " + actual_json;
    }
  }
  return "";
}

TEST(DifferentialTest, RandomGraphsAndQueries) {
  auto schema = ConformanceSchema();
  const int64_t cases = EnvInt("VIGIL_DIFF_CASES", 2000);
  const uint64_t seed = static_cast<uint64_t>(EnvInt("VIGIL_DIFF_SEED", 20240601));
  const int64_t max_failures = EnvInt("VIGIL_DIFF_MAX_FAILURES", 5);
  // A graph serves a few queries, so a case is one (graph, query) pair.
  constexpr int kQueriesPerGraph = 4;
  std::cout << "differential: seed " << seed << ", " << cases << " cases\n";
  auto start = std::chrono::steady_clock::now();
  int64_t failures = 0, run = 0;
  Stats stats;
  for (int64_t g = 0; run < cases && failures < max_failures; ++g) {
    const uint64_t graph_seed = seed * 1000003 + static_cast<uint64_t>(g);
    Rng rng(graph_seed);
    GraphGenOptions gopts;
    gopts.assets = static_cast<int>(rng.Range(0, 14));
    gopts.edges = static_cast<int>(rng.Range(0, 2 * gopts.assets + 2));
    Value graph_value = GenerateGraph(rng, *schema, gopts);
    std::string graph_json = graph_value.ToJson();
    auto graph = LoadGraphJson(graph_json, schema);
    ASSERT_TRUE(graph.ok()) << graph.status() << "\ngraph: " << graph_json;
    ReferenceEvaluator ref(schema, graph_value);
    for (int i = 0; i < kQueriesPerGraph && run < cases; ++i, ++run) {
      QueryGenOptions qopts;
      Value query = GenerateQuery(rng, *schema, qopts);
      std::string diff = RunCase(schema, **graph, ref, query, &stats);
      if (!diff.empty()) {
        ++failures;
        ADD_FAILURE() << "mismatch in case " << run << " (VIGIL_DIFF_SEED=" << seed
                      << ", graph #" << g << ", query #" << i << ")\n"
                      << diff << "\ngraph: " << graph_json;
      }
    }
  }
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "differential: " << run << " cases (" << stats.non_empty
            << " with rows, " << stats.empty << " empty), " << failures << " failures, "
            << secs << " s\n";
}

// A graph large enough that the evaluator splits rows across threads (it
// cuts at 32768 rows): threads=1, threads=2 and the reference must agree.
TEST(DifferentialTest, LargeGraphSplitAcrossThreads) {
  auto schema = ConformanceSchema();
  const uint64_t seed = static_cast<uint64_t>(EnvInt("VIGIL_DIFF_SEED", 20240601));
  Rng rng(seed ^ 0x5eed);
  GraphGenOptions gopts;
  gopts.assets = static_cast<int>(EnvInt("VIGIL_DIFF_LARGE_ASSETS", 100000));
  gopts.edges = gopts.assets * 3 / 2;
  gopts.parallel_edge_chance = 0.05;
  auto start = std::chrono::steady_clock::now();
  Value graph_value = GenerateGraph(rng, *schema, gopts);
  std::string graph_json = graph_value.ToJson();
  auto graph = LoadGraphJson(graph_json, schema);
  ASSERT_TRUE(graph.ok()) << graph.status();
  ReferenceEvaluator ref(schema, std::move(graph_value));
  auto loaded = std::chrono::steady_clock::now();
  const int64_t queries = EnvInt("VIGIL_DIFF_LARGE_QUERIES", 24);
  int failures = 0;
  Stats stats;
  for (int64_t i = 0; i < queries && failures < 3; ++i) {
    QueryGenOptions qopts;
    qopts.max_selection_depth = 1;
    qopts.where_chance = 0.95;
    Value query = GenerateQuery(rng, *schema, qopts);
    std::string diff = RunCase(schema, **graph, ref, query, &stats);
    if (!diff.empty()) {
      ++failures;
      if (diff.size() > 4000) diff = diff.substr(0, 4000) + "...";
      ADD_FAILURE() << "large-graph mismatch, query #" << i << " (VIGIL_DIFF_SEED=" << seed
                    << ")\n"
                    << diff;
    }
  }
  auto done = std::chrono::steady_clock::now();
  std::cout << "large graph: " << gopts.assets << " assets, " << gopts.edges << " edges; setup "
            << std::chrono::duration<double>(loaded - start).count() << " s, " << queries
            << " queries (" << stats.non_empty << " with rows) "
            << std::chrono::duration<double>(done - loaded).count() << " s (reference "
            << stats.reference_s << " s, engine " << stats.engine_s << " s)\n";
}

}  // namespace
}  // namespace vigil::reftest
