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
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "src/check/checker.h"
#include "src/syntax/parser.h"
#include "src/syntax/printer.h"
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

struct Stats {
  int64_t empty = 0;      // cases whose expected result is []
  int64_t non_empty = 0;  // cases with at least one row
  double reference_s = 0;  // time spent in the reference evaluator
  double engine_s = 0;     // time spent compiling and evaluating
};

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Runs one (graph, query) pair; returns "" when the engine agrees with the
// reference, else a description of the disagreement.
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
  const int64_t max_assets = EnvInt("VIGIL_DIFF_MAX_ASSETS", 14);
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
    gopts.assets = static_cast<int>(rng.Range(0, max_assets));
    gopts.edges = static_cast<int>(rng.Range(0, 2 * gopts.assets + 2));
    Value graph_value = GenerateGraph(rng, *schema, gopts);
    if (rng.Chance(0.3)) graph_value = ToConvenienceForm(rng, *schema, graph_value);
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
  if (gopts.assets >= 100000) {
    // The Vpc table must be larger than the evaluator's split size.
    int vpcs = 0;
    for (const Value& a : graph_value.Find("assets")->as_array()) {
      vpcs += a.Find("type")->as_string() == "Vpc";
    }
    ASSERT_GT(vpcs, 32768);
  }
  std::string graph_json = graph_value.ToJson();
  auto graph = LoadGraphJson(graph_json, schema);
  ASSERT_TRUE(graph.ok()) << graph.status();
  ReferenceEvaluator ref(schema, std::move(graph_value));
  auto loaded = std::chrono::steady_clock::now();
  const int64_t queries = EnvInt("VIGIL_DIFF_LARGE_QUERIES", 15);
  int failures = 0;
  Stats stats;
  for (int64_t i = 0; i < queries && failures < 3; ++i) {
    QueryGenOptions qopts;
    qopts.max_selection_depth = 1;
    qopts.where_chance = 0.95;
    // Most queries select ids of every kept row (the filter over the whole
    // table is what is compared); every third one selects more, limited.
    if (i % 3 == 2) {
      qopts.force_limit = 100;
    } else {
      qopts.id_only = true;
    }
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

// Variables are bound into a plan made once: a query whose literals are
// partly replaced by variables (scalars, list elements, whole lists, whole
// input objects, AND/OR elements, pagination) must give, compiled once and
// evaluated with the literals' values, exactly what the constant query
// gives.
class Parameteriser {
 public:
  Parameteriser(Rng& rng, double chance) : rng_(rng), chance_(chance) {}

  // Replaces some values in the document's argument values by `$vN`.
  void Document(ast::ExecutableDocument* doc) {
    for (auto& op : doc->operations) SelectionSet(&op.selection_set);
    for (auto& f : doc->fragments) SelectionSet(&f.selection_set);
  }
  const Value& values() const { return values_; }
  int count() const { return count_; }

 private:
  void SelectionSet(ast::SelectionSet* ss) {
    for (auto& sel : ss->selections) {
      for (auto& arg : sel.arguments) Visit(&arg.value);
      SelectionSet(&sel.selection_set);
    }
  }
  void Visit(ast::Value* v) {
    if (v->kind == ast::ValueKind::kVariable) return;
    if (rng_.Chance(chance_)) {
      std::string name = "v" + std::to_string(count_++);
      if (values_.is_null()) values_ = Value(Value::Object{});
      values_.as_object().emplace_back(name, check::AstToValue(*v));
      ast::Value var;
      var.kind = ast::ValueKind::kVariable;
      var.text = name;
      *v = std::move(var);
      return;
    }
    for (auto& e : v->list) Visit(&e);
    for (auto& f : v->fields) Visit(f.value.get());
  }
  Rng& rng_;
  double chance_;
  Value values_;
  int count_ = 0;
};

TEST(DifferentialTest, VariablesBindLikeLiterals) {
  auto schema = ConformanceSchema();
  const int64_t cases = EnvInt("VIGIL_DIFF_CASES", 2000) / 2;
  const uint64_t seed = static_cast<uint64_t>(EnvInt("VIGIL_DIFF_SEED", 20240601)) ^ 0xb1d;
  int64_t failures = 0, run = 0, with_variables = 0;
  for (int64_t g = 0; run < cases && failures < 5; ++g) {
    Rng rng(seed * 1000003 + static_cast<uint64_t>(g));
    GraphGenOptions gopts;
    gopts.assets = static_cast<int>(rng.Range(0, 14));
    gopts.edges = static_cast<int>(rng.Range(0, 2 * gopts.assets + 2));
    auto graph = LoadGraphJson(GenerateGraph(rng, *schema, gopts).ToJson(), schema);
    ASSERT_TRUE(graph.ok()) << graph.status();
    for (int i = 0; i < 4 && run < cases; ++i, ++run) {
      std::string text = PrintQuery(*schema, GenerateQuery(rng, *schema, QueryGenOptions{}));
      auto constant = Query::Compile(schema, text);
      ASSERT_TRUE(constant.ok()) << constant.status() << "\n" << text;
      auto expected = (*constant)->Evaluate(**graph);
      ASSERT_TRUE(expected.ok()) << expected.status() << "\n" << text;

      auto doc = syntax::ParseExecutable(text, "q");
      ASSERT_TRUE(doc.ok()) << doc.status();
      Parameteriser p(rng, rng.Pick(std::vector<double>{0.1, 0.3, 0.6}));
      p.Document(&*doc);
      if (p.count() == 0) continue;
      ++with_variables;
      std::string param_text = syntax::Print(*doc);
      auto param = Query::Compile(schema, param_text);
      if (!param.ok()) {
        ++failures;
        ADD_FAILURE() << "does not compile: " << param.status() << "\nconstant: " << text
                      << "\nwith variables: " << param_text;
        continue;
      }
      // Twice over one compiled query (nothing of one binding stays behind),
      // on one thread and on two.
      for (int threads : {1, 2}) {
        EvalOptions eo;
        eo.threads = threads;
        auto actual = (*param)->Evaluate(**graph, p.values(), eo);
        std::string got = actual.ok() ? actual->ToJson() : std::string(actual.status().message());
        if (got != expected->ToJson()) {
          ++failures;
          ADD_FAILURE() << "mismatch (threads=" << threads << ")\nconstant: " << text
                        << "\nwith variables: " << param_text
                        << "\nvalues: " << p.values().ToJson() << "\nexpected: "
                        << expected->ToJson() << "\nactual:   " << got;
          break;
        }
      }
    }
  }
  std::cout << "variables: " << run << " cases, " << with_variables << " with variables, "
            << failures << " failures\n";
  EXPECT_GT(with_variables, run / 2);
}

// The reference itself checked against the spec's curated conformance cases
// (the expected results in curated.jsonl, over curated-graph.json in the
// convenience form): the same query, written as the reference's structure.
TEST(ReferenceEvaluatorTest, MatchesCuratedConformanceCases) {
  auto schema = ConformanceSchema();
  auto read = [](const std::string& name) {
    std::ifstream in(std::string(VIGIL_TEST_DATA_DIR) + "/conformance/" + name);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  auto graph = Value::ParseJson(read("curated-graph.json"));
  ASSERT_TRUE(graph.ok()) << graph.status();
  ReferenceEvaluator ref(schema, *graph);
  auto engine_graph = LoadGraphJson(read("curated-graph.json"), schema);
  ASSERT_TRUE(engine_graph.ok()) << engine_graph.status();
  std::map<std::string, Value> expect;
  std::istringstream lines(read("curated.jsonl"));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    auto c = Value::ParseJson(line);
    ASSERT_TRUE(c.ok()) << c.status();
    expect[c->Find("name")->as_string()] = *c->Find("expect");
  }
  const std::string id = R"([{"kind": "field", "name": "id"}])";
  const std::string asset_fragment =
      R"("fragments": [{"name": "AssetFragment", "on": "Asset", "selection": [
           {"kind": "field", "name": "id"}, {"kind": "field", "name": "name"},
           {"kind": "field", "name": "accountId"}, {"kind": "field", "name": "region"},
           {"kind": "field", "name": "__typename"}]}])";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"the seed check: no flow log, or none ACTIVE",
       R"({"root": "vpcs", "where": {"OR": [{"hasFlowLog": null},
           {"hasFlowLog_NONE": {"flowLogStatus": "ACTIVE"}}]},
           "selection": [{"kind": "spread", "name": "AssetFragment"}], )" +
           asset_fragment + "}"},
      {"rel_NONE: null means at least one related asset",
       R"({"root": "vpcs", "where": {"hasFlowLog_NONE": null}, "selection": )" + id + "}"},
      {"rel_ALL: null is dropped",
       R"({"root": "vpcs", "where": {"hasFlowLog_ALL": null}, "selection": )" + id + "}"},
      {"_ALL is not vacuous and ignores UNKNOWN",
       R"({"root": "vpcs", "where": {"hasFlowLog_ALL": {"flowLogStatus": "FAILED"}},
           "selection": )" + id + "}"},
      {"_SINGLE counts exactly one",
       R"({"root": "vpcs", "where": {"hasFlowLog_SINGLE": {"flowLogStatus": "ACTIVE"}},
           "selection": )" + id + "}"},
      {"_SINGLE counts parallel edges separately",
       R"({"root": "vpcs", "where": {"peers_SINGLE": {"name": "ab"}}, "selection": )" + id + "}"},
      {"rel_SOME: {} is dropped (keeps assets without related ones)",
       R"({"root": "vpcs", "where": {"hasFlowLog_SOME": {}}, "selection": )" + id + "}"},
      {"rel_SOME: {OR: []} means has a related asset",
       R"({"root": "vpcs", "where": {"hasFlowLog_SOME": {"OR": []}}, "selection": )" + id + "}"},
      {"single relationship: exactly one related asset matches",
       R"({"root": "flowLogs", "where": {"vpc": {"isDefault": false}}, "selection": )" + id + "}"},
      {"single relationship _NOT is true without a related asset",
       R"({"root": "flowLogs", "where": {"vpc_NOT": {"isDefault": false}}, "selection": )" + id +
           "}"},
      {"IN direction relationship",
       R"({"root": "vpcs", "where": {"owner": {"tier": 1}}, "selection": [
           {"kind": "field", "name": "id"},
           {"kind": "rel", "name": "owner", "selection": [{"kind": "field", "name": "id"}]}]})"},
      {"_NOT on a missing property is UNKNOWN",
       R"({"root": "vpcs", "where": {"name_NOT": "ab"}, "selection": )" + id + "}"},
      {"_NOT_ forms with null mean IS NOT NULL",
       R"({"root": "vpcs", "where": {"name_NOT_STARTS_WITH": null}, "selection": )" + id + "}"},
      {"_IN with a null element",
       R"({"root": "vpcs", "where": {"name_IN": ["ab", null]}, "selection": )" + id + "}"},
      {"_NOT_IN with a null element is never TRUE",
       R"({"root": "vpcs", "where": {"name_NOT_IN": ["ab", null]}, "selection": )" + id + "}"},
      {"_NOT_IN: [] is TRUE for all, nulls too",
       R"({"root": "vpcs", "where": {"name_NOT_IN": []}, "selection": )" + id + "}"},
      {"AND with FALSE and UNKNOWN is FALSE, NOT of it TRUE",
       R"({"root": "vpcs", "where": {"NOT": {"AND": [{"name": "zzz"}, {"region": "eu-west-1"}]}},
           "selection": )" + id + "}"},
      {"OR: [{}, X] means X",
       R"({"root": "vpcs", "where": {"OR": [{}, {"name": "ab"}]}, "selection": )" + id + "}"},
      {"NOT: {} is dropped",
       R"({"root": "vpcs", "where": {"NOT": {}, "name_STARTS_WITH": "prod"}, "selection": )" + id +
           "}"},
      {"MATCHES with (?i)",
       R"({"root": "vpcs", "where": {"name_MATCHES": "(?i)prod-[0-9]"}, "selection": )" + id + "}"},
      {"String ordering is by bytes",
       R"({"root": "vpcs", "where": {"name_LT": "a"}, "selection": [
           {"kind": "field", "name": "id"}, {"kind": "field", "name": "name"}]})"},
      {"Int and Float comparisons",
       R"({"root": "vpcs", "where": {"score_GTE": 1.5}, "selection": [
           {"kind": "field", "name": "id"}, {"kind": "field", "name": "score"}]})"},
      {"DateTime compares as an instant",
       R"({"root": "vpcs", "where": {"createdAt": "2024-01-01T00:00:00Z"}, "selection": )" + id +
           "}"},
      {"DateTime ordering",
       R"({"root": "flowLogs", "where": {"createdAt_GT": "2024-01-15T00:00:00Z"},
           "selection": )" + id + "}"},
      {"list equality",
       R"({"root": "vpcs", "where": {"tags": ["env:prod", "pci"]}, "selection": )" + id + "}"},
      {"list NOT_INCLUDES is UNKNOWN on a missing list",
       R"({"root": "vpcs", "where": {"tags_NOT_INCLUDES": "pci"}, "selection": )" + id + "}"},
      {"aggregate count counts edges",
       R"({"root": "vpcs", "where": {"peersAggregate": {"count": 2}}, "selection": )" + id + "}"},
      {"aggregate MIN over no values is UNKNOWN",
       R"({"root": "vpcs", "where": {"hasFlowLogAggregate": {"node":
           {"retentionDays_MIN_LT": 100}}}, "selection": )" + id + "}"},
      {"aggregate NOT over UNKNOWN still drops",
       R"({"root": "vpcs", "where": {"hasFlowLogAggregate": {"NOT": {"node":
           {"retentionDays_MIN_LT": 100}}}}, "selection": )" + id + "}"},
      {"aggregate SUM over no values is 0",
       R"({"root": "vpcs", "where": {"hasFlowLogAggregate": {"node":
           {"retentionDays_SUM_EQUAL": 0}}}, "selection": )" + id + "}"},
      {"aggregate AVERAGE",
       R"({"root": "vpcs", "where": {"hasFlowLogAggregate": {"node":
           {"retentionDays_AVERAGE_GTE": 45}}}, "selection": )" + id + "}"},
      {"aggregate string lengths",
       R"({"root": "vpcs", "where": {"hasFlowLogAggregate": {"node":
           {"name_LONGEST_LENGTH_EQUAL": 3}}}, "selection": )" + id + "}"},
      {"connection filter on node and edge",
       R"({"root": "vpcs", "where": {"peersConnection_NONE": {"node": {"name": "ab"},
           "edge": {"since_GT": 2000}}}, "selection": )" + id + "}"},
      {"connection NOT inside",
       R"({"root": "vpcs", "where": {"peersConnection_ALL": {"NOT": {"edge":
           {"status": "pending"}}}}, "selection": )" + id + "}"},
      {"interface root with inline fragment",
       R"({"root": "assets", "where": {"name_STARTS_WITH": "a"}, "selection": [
           {"kind": "field", "name": "__typename"}, {"kind": "field", "name": "id"},
           {"kind": "inline", "on": "Vpc", "selection": [{"kind": "field", "name": "score"}]}]})"},
      {"nested selection with its own where",
       R"({"root": "vpcs", "where": {"hasFlowLog_NOT": null}, "selection": [
           {"kind": "field", "name": "id"},
           {"kind": "rel", "name": "hasFlowLog", "where": {"flowLogStatus": "ACTIVE"},
            "selection": [{"kind": "field", "name": "id"}]}]})"},
      {"nested selection of a single relationship",
       R"({"root": "flowLogs", "selection": [{"kind": "field", "name": "id"},
           {"kind": "rel", "name": "vpc", "selection": [{"kind": "field", "name": "id"},
            {"kind": "field", "name": "name"}]}]})"},
      {"sort ASC puts nulls last, stable",
       R"({"root": "vpcs", "options": {"sort": [{"name": "ASC"}]}, "selection": [
           {"kind": "field", "name": "id"}, {"kind": "field", "name": "name"}]})"},
      {"sort DESC puts nulls first",
       R"({"root": "vpcs", "options": {"sort": [{"region": "DESC"}, {"name": "ASC"}]},
           "selection": [{"kind": "field", "name": "id"}, {"kind": "field", "name": "region"},
           {"kind": "field", "name": "name"}]})"},
      {"limit and offset",
       R"({"root": "vpcs", "options": {"limit": 2, "offset": 1}, "selection": )" + id + "}"},
      {"limit 0 means no limit",
       R"({"root": "vpcs", "options": {"limit": 0}, "selection": )" + id + "}"},
      {"aliases and field merging",
       R"({"root": "vpcs", "where": {"name": "ab"}, "selection": [
           {"kind": "field", "name": "id"}, {"kind": "field", "name": "name", "alias": "label"},
           {"kind": "field", "name": "id"}, {"kind": "field", "name": "name"}]})"},
      {"fragment spread on an interface",
       R"({"root": "flowLogs", "where": {"flowLogStatus": "FAILED"}, "selection": [
           {"kind": "spread", "name": "AssetFragment"},
           {"kind": "field", "name": "flowLogStatus"}], )" +
           asset_fragment + "}"},
  };
  for (const auto& [name, text] : cases) {
    SCOPED_TRACE(name);
    auto query = Value::ParseJson(text);
    ASSERT_TRUE(query.ok()) << query.status();
    ASSERT_TRUE(expect.count(name)) << "no curated case named " << name;
    Value got = ref.Evaluate(*query);
    EXPECT_EQ(got, expect[name]) << "got:    " << got.ToJson()
                                 << "\nexpect: " << expect[name].ToJson();
    // The printed text must compile and give the same on the engine too.
    std::string printed = PrintQuery(*schema, *query);
    auto compiled = Query::Compile(schema, printed);
    ASSERT_TRUE(compiled.ok()) << compiled.status() << "\n" << printed;
    auto result = (*compiled)->Evaluate(**engine_graph);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->ToJson(), got.ToJson()) << printed;
  }
}

}  // namespace
}  // namespace vigil::reftest
