// Evaluation benchmarks: vigil against a hand-written C++ loop over plain
// arrays (the physical reference), in one binary and one run.
//
//   build/bench/eval_bench --benchmark_filter=Seed
//
// The graph is the synthetic VPC/flow-log graph of bench/README.md (about
// 20% of VPCs without a flow log, 10% with only non-ACTIVE ones, 1.05 flow
// logs per VPC), built in memory with GraphBuilder at 1M and 10M VPCs.
// Timed for vigil: Query::Evaluate of a compiled query (threads = cores, and
// 1) plus collecting the selected ids — the result rows with their selected
// fields in memory; serialising to JSON text is excluded. Timed for the
// baseline: the loop that collects the same ids. The *Param benchmarks run
// the same checks with their constants given as variables (bound at each
// evaluation into the plan made once); at a small size (--vigil_sizes=1000)
// they show the fixed cost of an evaluation.
#include <fstream>
#include <map>
#include <sstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "bench/peers.h"
#include "re2/re2.h"
#include "vigil/graph_builder.h"
#include "vigil/query.h"
#include "vigil/schema.h"

namespace vigil {
namespace {

// The schema of the synthetic graph (the same as vigil_gen's).
std::string ReadSchema() {
  std::ifstream in(VIGIL_BENCH_SCHEMA);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const char* kRegions[] = {"us-east-1", "us-east-2", "us-west-1", "us-west-2",
                          "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1",
                          "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2",
                          "ap-southeast-1", "ap-southeast-2", "ca-central-1", "sa-east-1"};
const char* kTraffic[] = {"ALL", "ACCEPT", "REJECT"};

// The same data as plain arrays: what a hand-written loader would keep.
struct Plain {
  std::vector<std::string> vpc_id;
  std::vector<std::string> vpc_region;
  std::vector<std::string> vpc_account;
  std::vector<uint32_t> fl_begin;  // CSR: VPC -> flow logs
  std::vector<uint32_t> fl_target;
  std::vector<std::string> fl_status;
  std::vector<uint8_t> fl_has_status;
};

struct Fixture {
  std::shared_ptr<const Schema> schema;
  std::shared_ptr<const Graph> graph;
  Plain plain;
};

Fixture* Build(size_t n_vpcs) {
  auto* fx = new Fixture();
  auto schema = Schema::FromSdl(ReadSchema(), VIGIL_BENCH_SCHEMA);
  if (!schema.ok()) {
    fprintf(stderr, "%s\n", std::string(schema.status().message()).c_str());
    abort();
  }
  fx->schema = *schema;
  GraphBuilder b(fx->schema);
  TypeId vpc_t = fx->schema->FindType("Vpc"), fl_t = fx->schema->FindType("FlowLog");
  const TypeDef& vt = fx->schema->type(vpc_t);
  const TypeDef& ft = fx->schema->type(fl_t);
  int v_acct = vt.FindProperty("accountId"), v_region = vt.FindProperty("region"),
      v_def = vt.FindProperty("isDefault");
  int f_acct = ft.FindProperty("accountId"), f_region = ft.FindProperty("region"),
      f_status = ft.FindProperty("flowLogStatus"), f_traffic = ft.FindProperty("trafficType");
  std::mt19937_64 rng(42);
  Plain& p = fx->plain;
  p.fl_begin.push_back(0);
  size_t fl_count = 0;
  char buf[64];
  for (size_t v = 0; v < n_vpcs; ++v) {
    snprintf(buf, sizeof buf, "vpc-%010zx", v);
    std::string vid = buf;
    std::string acct = std::to_string(100000000000ull + rng() % 1000);
    const char* region = kRegions[rng() % 16];
    NodeId node = *b.AddAsset(vid, vpc_t);
    (void)node;
    (void)b.SetString(node, v_acct, acct);
    (void)b.SetString(node, v_region, region);
    (void)b.SetBool(node, v_def, rng() % 10 == 0);
    p.vpc_id.push_back(vid);
    p.vpc_region.push_back(region);
    p.vpc_account.push_back(acct);
    int r = static_cast<int>(rng() % 100);
    std::vector<const char*> statuses;
    if (r < 20) {
      // no flow log
    } else if (r < 30) {
      statuses.push_back(rng() % 2 ? "FAILED" : "INACTIVE");
      if (rng() % 2) statuses.push_back("FAILED");
    } else {
      statuses.push_back("ACTIVE");
      if (rng() % 1000 < 286) statuses.push_back(rng() % 2 ? "ACTIVE" : "FAILED");
    }
    for (const char* st : statuses) {
      snprintf(buf, sizeof buf, "fl-%010zx", fl_count);
      std::string fid = buf;
      NodeId fn = *b.AddAsset(fid, fl_t);
      (void)b.SetString(fn, f_acct, acct);
      (void)b.SetString(fn, f_region, region);
      (void)b.SetString(fn, f_status, st);
      (void)b.SetString(fn, f_traffic, kTraffic[rng() % 3]);
      (void)b.AddEdge(vid, "HAS_FLOW_LOG", fid);
      p.fl_target.push_back(static_cast<uint32_t>(fl_count));
      p.fl_status.push_back(st);
      p.fl_has_status.push_back(1);
      ++fl_count;
    }
    p.fl_begin.push_back(static_cast<uint32_t>(p.fl_target.size()));
  }
  auto g = std::move(b).Finish();
  if (!g.ok()) {
    fprintf(stderr, "graph build failed: %s\n", std::string(g.status().message()).c_str());
    abort();
  }
  fx->graph = *g;
  return fx;
}

Fixture& Get(size_t n) {
  static std::map<size_t, std::unique_ptr<Fixture>> cache;
  if (cache.find(n) == cache.end()) {
    cache.clear();  // keep one size in memory at a time
    cache[n].reset(Build(n));
  }
  return *cache[n];
}

std::shared_ptr<const Query> Compile(const Fixture& fx, const char* q) {
  auto c = Query::Compile(fx.schema, q);
  if (!c.ok()) {
    fprintf(stderr, "%s\n", std::string(c.status().message()).c_str());
    abort();
  }
  return *c;
}

// `vars` is the JSON object of the query's variable values ("" for none);
// the query is compiled once, outside the timed loop, as a check is.
void RunVigil(benchmark::State& state, const char* query, int threads,
              const char* vars = "") {
  Fixture& fx = Get(static_cast<size_t>(state.range(0)));
  auto q = Compile(fx, query);
  Value values = *vars != '\0' ? Value::ParseJson(vars).value() : Value();
  EvalOptions eo;
  eo.threads = threads;
  size_t rows = 0;
  for (auto _ : state) {
    auto r = q->Evaluate(*fx.graph, values, eo);
    std::vector<std::string_view> ids = r->RootIds();
    rows = ids.size();
    benchmark::DoNotOptimize(ids.data());
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// ---- the seed check ------------------------------------------------------
constexpr char kSeed[] =
    "vpcs(where: {OR: [{hasFlowLog: null}, {hasFlowLog_NONE: {flowLogStatus: \"ACTIVE\"}}]}) { id }";

// The limit: a loop over the graph's own dictionary codes and CSR adjacency
// (bench/peers.h), the code of "ACTIVE" looked up once, one thread.
void BM_Seed_HandWritten(benchmark::State& state) {
  Fixture& fx = Get(static_cast<size_t>(state.range(0)));
  const vigil::bench::HandLoops loops(*fx.graph);
  size_t rows = 0;
  for (auto _ : state) {
    std::vector<std::string_view> out = loops.Seed();
    rows = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
void BM_Seed_Vigil(benchmark::State& state) { RunVigil(state, kSeed, 0); }
void BM_Seed_Vigil_1Thread(benchmark::State& state) { RunVigil(state, kSeed, 1); }

// The seed check with its status as a parameter: planned once, the value
// bound per evaluation. Costs what the constant check costs.
constexpr char kSeedParam[] =
    "vpcs(where: {OR: [{hasFlowLog: null}, {hasFlowLog_NONE: {flowLogStatus: $status}}]}) { id }";
void BM_SeedParam_Vigil(benchmark::State& state) {
  RunVigil(state, kSeedParam, 0, R"({"status": "ACTIVE"})");
}
void BM_SeedParam_Vigil_1Thread(benchmark::State& state) {
  RunVigil(state, kSeedParam, 1, R"({"status": "ACTIVE"})");
}

// ---- a scalar check, constant and parameterised --------------------------
constexpr char kScalar[] = "vpcs(where: {region: \"eu-west-1\", isDefault: false}) { id }";
constexpr char kScalarParam[] = "vpcs(where: {region: $region, isDefault: $default}) { id }";
void BM_Scalar_Vigil(benchmark::State& state) { RunVigil(state, kScalar, 0); }
void BM_ScalarParam_Vigil(benchmark::State& state) {
  RunVigil(state, kScalarParam, 0, R"({"region": "eu-west-1", "default": false})");
}
void BM_Scalar_Vigil_1Thread(benchmark::State& state) { RunVigil(state, kScalar, 1); }
void BM_ScalarParam_Vigil_1Thread(benchmark::State& state) {
  RunVigil(state, kScalarParam, 1, R"({"region": "eu-west-1", "default": false})");
}

// ---- a regex --------------------------------------------------------------
constexpr char kRegex[] = "vpcs(where: {region_MATCHES: \"(eu|ap)-.*-[12]\"}) { id }";
void BM_Regex_HandWritten(benchmark::State& state) {
  Fixture& fx = Get(static_cast<size_t>(state.range(0)));
  const Plain& p = fx.plain;
  RE2 re("(eu|ap)-.*-[12]");
  for (auto _ : state) {
    std::vector<std::string_view> out;
    for (size_t v = 0; v < p.vpc_id.size(); ++v)
      if (RE2::FullMatch(p.vpc_region[v], re)) out.push_back(p.vpc_id[v]);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
void BM_Regex_Vigil(benchmark::State& state) { RunVigil(state, kRegex, 0); }

// ---- an IN-list -------------------------------------------------------------
constexpr char kIn[] =
    "vpcs(where: {accountId_IN: [\"100000000001\", \"100000000002\", \"100000000003\", "
    "\"100000000500\", \"100000000999\"]}) { id }";
void BM_In_HandWritten(benchmark::State& state) {
  Fixture& fx = Get(static_cast<size_t>(state.range(0)));
  const Plain& p = fx.plain;
  const std::vector<std::string> set = {"100000000001", "100000000002", "100000000003",
                                        "100000000500", "100000000999"};
  for (auto _ : state) {
    std::vector<std::string_view> out;
    for (size_t v = 0; v < p.vpc_id.size(); ++v) {
      for (const auto& s : set) {
        if (p.vpc_account[v] == s) {
          out.push_back(p.vpc_id[v]);
          break;
        }
      }
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
void BM_In_Vigil(benchmark::State& state) { RunVigil(state, kIn, 0); }

// ---- an aggregate -----------------------------------------------------------
constexpr char kAggregate[] = "vpcs(where: {hasFlowLogAggregate: {count_GT: 1}}) { id }";
void BM_Aggregate_HandWritten(benchmark::State& state) {
  Fixture& fx = Get(static_cast<size_t>(state.range(0)));
  const Plain& p = fx.plain;
  for (auto _ : state) {
    std::vector<std::string_view> out;
    for (size_t v = 0; v < p.vpc_id.size(); ++v)
      if (p.fl_begin[v + 1] - p.fl_begin[v] > 1) out.push_back(p.vpc_id[v]);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
void BM_Aggregate_Vigil(benchmark::State& state) { RunVigil(state, kAggregate, 0); }

// ---- an ALL filter ----------------------------------------------------------
constexpr char kAll[] = "vpcs(where: {hasFlowLog_ALL: {flowLogStatus: \"ACTIVE\"}}) { id }";
void BM_All_HandWritten(benchmark::State& state) {
  Fixture& fx = Get(static_cast<size_t>(state.range(0)));
  const Plain& p = fx.plain;
  for (auto _ : state) {
    std::vector<std::string_view> out;
    for (size_t v = 0; v < p.vpc_id.size(); ++v) {
      bool any_true = false, any_false = false;
      for (uint32_t e = p.fl_begin[v]; e < p.fl_begin[v + 1]; ++e) {
        uint32_t t = p.fl_target[e];
        if (!p.fl_has_status[t]) continue;
        if (p.fl_status[t] == "ACTIVE") any_true = true; else any_false = true;
      }
      if (any_true && !any_false) out.push_back(p.vpc_id[v]);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
void BM_All_Vigil(benchmark::State& state) { RunVigil(state, kAll, 0); }

}  // namespace
}  // namespace vigil

// Registered size-major (every benchmark at 1M, then every one at 10M) so
// each graph is built once. --vigil_sizes=N,M overrides the sizes;
// --vigil_iterations=N runs each benchmark exactly N times (for counting
// instructions, e.g. under callgrind, where time-based runs are not
// repeatable).
int main(int argc, char** argv) {
  std::vector<int64_t> sizes = {1000000, 10000000};
  int64_t iterations = 0;
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--vigil_iterations=", 0) == 0) {
      iterations = std::stoll(a.substr(19));
      continue;
    }
    if (a.rfind("--vigil_sizes=", 0) == 0) {
      sizes.clear();
      std::string list = a.substr(14);
      size_t p = 0;
      while (p < list.size()) {
        size_t q = list.find(',', p);
        if (q == std::string::npos) q = list.size();
        sizes.push_back(std::stoll(list.substr(p, q - p)));
        p = q + 1;
      }
      continue;
    }
    rest.push_back(argv[i]);
  }
  const std::pair<const char*, void (*)(benchmark::State&)> benches[] = {
      {"BM_Seed_HandWritten", vigil::BM_Seed_HandWritten},
      {"BM_Seed_Vigil", vigil::BM_Seed_Vigil},
      {"BM_Seed_Vigil_1Thread", vigil::BM_Seed_Vigil_1Thread},
      {"BM_SeedParam_Vigil", vigil::BM_SeedParam_Vigil},
      {"BM_SeedParam_Vigil_1Thread", vigil::BM_SeedParam_Vigil_1Thread},
      {"BM_Scalar_Vigil", vigil::BM_Scalar_Vigil},
      {"BM_ScalarParam_Vigil", vigil::BM_ScalarParam_Vigil},
      {"BM_Scalar_Vigil_1Thread", vigil::BM_Scalar_Vigil_1Thread},
      {"BM_ScalarParam_Vigil_1Thread", vigil::BM_ScalarParam_Vigil_1Thread},
      {"BM_Regex_HandWritten", vigil::BM_Regex_HandWritten},
      {"BM_Regex_Vigil", vigil::BM_Regex_Vigil},
      {"BM_In_HandWritten", vigil::BM_In_HandWritten},
      {"BM_In_Vigil", vigil::BM_In_Vigil},
      {"BM_Aggregate_HandWritten", vigil::BM_Aggregate_HandWritten},
      {"BM_Aggregate_Vigil", vigil::BM_Aggregate_Vigil},
      {"BM_All_HandWritten", vigil::BM_All_HandWritten},
      {"BM_All_Vigil", vigil::BM_All_Vigil},
  };
  for (int64_t n : sizes) {
    for (const auto& [name, fn] : benches) {
      auto* b = benchmark::RegisterBenchmark(name, fn)->Arg(n)->Unit(benchmark::kMillisecond)->UseRealTime();
      if (iterations > 0) b->Iterations(iterations);
    }
  }
  int rc = static_cast<int>(rest.size());
  benchmark::Initialize(&rc, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
