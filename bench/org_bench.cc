// Benchmarks over `vigil gen` organisations (docs/benchmarks.md): snapshot
// load, JSON ingest, compiling the pack, each check of packs/cis-aws, the
// whole pack (1 and 2 threads), and four checks against their peers (the
// hand-written loop over dictionary codes and CSR, and SQLite) in the same
// run on the same data.
//
//   org_bench --benchmark_format=json > results.json
//   VIGIL_BENCH_SIZES=10000,100000,1000000,10000000 org_bench ...
//
// Organisations are generated in-process (src/gen), seed 1, 5% violations,
// one account per 10,000 assets (at least 2); the JSON and snapshot files
// the load benchmarks read are written to VIGIL_BENCH_DATA_DIR once.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/peers.h"
#include "src/base/file.h"
#include "src/gen/aws_org.h"
#include "vigil/engine.h"
#include "vigil/graph_writer.h"
#include "vigil/json_loader.h"
#include "vigil/policy.h"
#include "vigil/query.h"
#include "vigil/snapshot.h"

namespace vigil::bench {
namespace {

const std::shared_ptr<const Pack>& GetPack() {
  static const auto* pack = [] {
    auto p = LoadPack(VIGIL_BENCH_PACK);
    if (!p.ok()) Die(std::string(p.status().message()));
    return new std::shared_ptr<const Pack>(*p);
  }();
  return *pack;
}

struct Org {
  size_t size = 0;
  gen::OrgOptions options;
  std::shared_ptr<const Graph> graph;
  std::unique_ptr<HandLoops> hand;
  std::unique_ptr<SqlitePeer> sqlite;
};

gen::OrgOptions OptionsFor(size_t n) {
  gen::OrgOptions o;
  o.assets = n;
  o.accounts = static_cast<int>(std::clamp<size_t>(n / 10000, 2, 1000));
  o.seed = 1;
  o.violations = 0.05;
  return o;
}

// One organisation in memory at a time (10M assets take gigabytes).
Org& GetOrg(size_t n) {
  static std::unique_ptr<Org> org;
  if (org && org->size == n) return *org;
  org.reset();
  auto o = std::make_unique<Org>();
  o->size = n;
  o->options = OptionsFor(n);
  auto g = gen::GenerateAwsOrg(GetPack()->schema, o->options);
  if (!g.ok()) Die(std::string(g.status().message()));
  o->graph = g->graph;
  o->hand = std::make_unique<HandLoops>(*o->graph);
  org = std::move(o);
  return *org;
}

SqlitePeer& GetSqlite(size_t n) {
  Org& o = GetOrg(n);
  if (!o.sqlite) o.sqlite = std::make_unique<SqlitePeer>(*o.graph);
  return *o.sqlite;
}

std::string DataFile(size_t n, const char* ext) {
  return std::string(VIGIL_BENCH_DATA_DIR) + "/org-" + std::to_string(n) + ext;
}

// The org's JSON and snapshot files, written when absent.
std::string EnsureFile(size_t n, const char* ext) {
  const std::string path = DataFile(n, ext);
  if (!std::filesystem::exists(path)) {
    Org& o = GetOrg(n);
    absl::Status s = std::string(ext) == ".vgs" ? WriteGraphSnapshotFile(*o.graph, path)
                                                : WriteGraphJsonFile(*o.graph, path);
    if (!s.ok()) Die(std::string(s.message()));
  }
  return path;
}

Value Vars(const ControlDef& c) {
  // The generator's evaluation time, so that relative DateTime parameters
  // select what expected.json says.
  auto v = ResolveParameters(c, {}, OptionsFor(1).now);
  if (!v.ok()) Die(std::string(v.status().message()));
  return *v;
}

void SnapshotLoad(benchmark::State& state, size_t n) {
  const std::string path = EnsureFile(n, ".vgs");
  const size_t bytes = std::filesystem::file_size(path);
  for (auto _ : state) {
    auto g = LoadGraphSnapshotFile(path, GetPack()->schema);
    if (!g.ok()) Die(std::string(g.status().message()));
    benchmark::DoNotOptimize(g->get());
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
  state.counters["assets"] = static_cast<double>(GetOrg(n).graph->num_assets());
}

void JsonIngest(benchmark::State& state, size_t n) {
  const std::string path = EnsureFile(n, ".json");
  const size_t bytes = std::filesystem::file_size(path);
  for (auto _ : state) {
    auto g = LoadGraphJsonFile(path, GetPack()->schema);
    if (!g.ok()) Die(std::string(g.status().message()));
    benchmark::DoNotOptimize(g->get());
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
}

void CompileChecks(benchmark::State& state) {
  const Pack& p = *GetPack();
  CompileOptions co;
  co.fragments = p.fragments;
  size_t checks = 0;
  for (auto _ : state) {
    checks = 0;
    for (const ControlDef& c : p.controls) {
      for (const CheckDef& k : c.checks) {
        auto q = Query::Compile(p.schema, k.query_text, co);
        if (!q.ok()) Die(std::string(q.status().message()));
        ++checks;
      }
    }
  }
  state.counters["checks"] = static_cast<double>(checks);
}

void LoadPackBench(benchmark::State& state) {
  for (auto _ : state) {
    auto p = LoadPack(VIGIL_BENCH_PACK);
    if (!p.ok()) Die(std::string(p.status().message()));
  }
}

void Check(benchmark::State& state, size_t n, const ControlDef* c, size_t k, int threads) {
  Org& o = GetOrg(n);
  const Value vars = Vars(*c);
  EvalOptions eo;
  eo.threads = threads;
  size_t rows = 0;
  for (auto _ : state) {
    auto r = c->checks[k].query->Evaluate(*o.graph, vars, eo);
    if (!r.ok()) Die(std::string(r.status().message()));
    std::vector<std::string_view> ids = r->RootIds();
    rows = ids.size();
    benchmark::DoNotOptimize(ids.data());
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["assets"] = static_cast<double>(o.graph->num_assets());
}

// Every check of the pack, evaluated one after the other, each with
// `threads` threads: evaluation only (no report).
void PackEval(benchmark::State& state, size_t n, int threads) {
  Org& o = GetOrg(n);
  std::vector<std::pair<const CheckDef*, Value>> checks;
  for (const ControlDef& c : GetPack()->controls) {
    const Value v = Vars(c);
    for (const CheckDef& k : c.checks) checks.emplace_back(&k, v);
  }
  EvalOptions eo;
  eo.threads = threads;
  for (auto _ : state) {
    for (const auto& [k, v] : checks) {
      auto r = k->query->Evaluate(*o.graph, v, eo);
      if (!r.ok()) Die(std::string(r.status().message()));
      benchmark::DoNotOptimize(r->size());
    }
  }
  state.counters["assets"] = static_cast<double>(o.graph->num_assets());
  state.counters["graph_mib"] = static_cast<double>(o.graph->MemoryBytes()) / 1048576.0;
}

// RunPack: evaluation, expectations and the report's rows.
void PackRun(benchmark::State& state, size_t n, int threads) {
  Org& o = GetOrg(n);
  RunOptions ro;
  ro.threads = threads;
  ro.now = o.options.now;
  for (auto _ : state) {
    auto r = RunPack(*GetPack(), *o.graph, ro);
    if (!r.ok()) Die(std::string(r.status().message()));
    benchmark::DoNotOptimize(r->summary.failed);
  }
  state.counters["assets"] = static_cast<double>(o.graph->num_assets());
}

void PeerVigil(benchmark::State& state, size_t n, PeerCheck pc) {
  const ControlDef* c = GetPack()->FindControl(PeerControl(pc));
  if (c == nullptr) Die("no control");
  Check(state, n, c, 0, 1);
}

// The rows vigil's check returns: every peer must return as many.
size_t VigilRows(size_t n, PeerCheck pc) {
  const ControlDef* c = GetPack()->FindControl(PeerControl(pc));
  auto r = c->checks[0].query->Evaluate(*GetOrg(n).graph, Vars(*c));
  if (!r.ok()) Die(std::string(r.status().message()));
  return r->size();
}
void SameRows(size_t n, PeerCheck pc, size_t rows, const char* peer) {
  const size_t want = VigilRows(n, pc);
  if (rows != want) {
    Die(std::string(peer) + " " + PeerName(pc) + ": " + std::to_string(rows) +
        " rows where vigil finds " + std::to_string(want));
  }
}

void PeerHand(benchmark::State& state, size_t n, PeerCheck pc) {
  Org& o = GetOrg(n);
  size_t rows = 0;
  for (auto _ : state) {
    std::vector<std::string_view> ids = o.hand->Run(pc);
    rows = ids.size();
    benchmark::DoNotOptimize(ids.data());
  }
  SameRows(n, pc, rows, "hand");
  state.counters["rows"] = static_cast<double>(rows);
}

void PeerSqlite(benchmark::State& state, size_t n, PeerCheck pc) {
  SqlitePeer& db = GetSqlite(n);
  size_t rows = 0, bytes = 0;
  for (auto _ : state) {
    rows = db.Run(pc, &bytes);
    benchmark::DoNotOptimize(bytes);
  }
  SameRows(n, pc, rows, "sqlite");
  state.counters["rows"] = static_cast<double>(rows);
}

std::vector<size_t> Sizes() {
  std::vector<size_t> out;
  const char* env = std::getenv("VIGIL_BENCH_SIZES");
  std::string s = env ? env : "10000,100000,1000000";
  size_t at = 0;
  while (at < s.size()) {
    size_t comma = s.find(',', at);
    if (comma == std::string::npos) comma = s.size();
    out.push_back(std::stoull(s.substr(at, comma - at)));
    at = comma + 1;
  }
  return out;
}

void Register() {
  using benchmark::RegisterBenchmark;
  RegisterBenchmark("Compile/pack_load", LoadPackBench)->Unit(benchmark::kMillisecond);
  RegisterBenchmark("Compile/checks", CompileChecks)->Unit(benchmark::kMillisecond);
  // Grouped by size so that each organisation is generated once.
  for (size_t n : Sizes()) {
    const std::string sz = std::to_string(n);
    const int iters = n >= 1000000 ? 3 : 0;
    auto fixed = [&](benchmark::internal::Benchmark* b) {
      b->Unit(benchmark::kMillisecond)->UseRealTime();
      if (iters > 0) b->Iterations(iters);
      return b;
    };
    fixed(RegisterBenchmark(("Load/snapshot/" + sz).c_str(), SnapshotLoad, n));
    if (n <= 1000000) {  // (10M assets are ~6 GB of JSON)
      fixed(RegisterBenchmark(("Load/json/" + sz).c_str(), JsonIngest, n))
          ->Iterations(n >= 1000000 ? 1 : 3);
    }
    for (int t : {1, 2}) {
      fixed(RegisterBenchmark(("Pack/eval/" + sz + "/threads:" + std::to_string(t)).c_str(),
                              PackEval, n, t))->Iterations(n >= 1000000 ? 5 : 20);
      fixed(RegisterBenchmark(("Pack/run/" + sz + "/threads:" + std::to_string(t)).c_str(),
                              PackRun, n, t))->Iterations(n >= 1000000 ? 3 : 10);
    }
    for (PeerCheck pc : kPeerChecks) {
      const std::string base = std::string("Peer/") + PeerName(pc) + "/";
      RegisterBenchmark((base + "vigil/" + sz).c_str(), PeerVigil, n, pc)
          ->Unit(benchmark::kMicrosecond)->UseRealTime();
      RegisterBenchmark((base + "hand/" + sz).c_str(), PeerHand, n, pc)
          ->Unit(benchmark::kMicrosecond)->UseRealTime();
      RegisterBenchmark((base + "sqlite/" + sz).c_str(), PeerSqlite, n, pc)
          ->Unit(benchmark::kMicrosecond)->UseRealTime();
    }
    for (const ControlDef& c : GetPack()->controls) {
      for (size_t k = 0; k < c.checks.size(); ++k) {
        RegisterBenchmark(("Check/" + c.id + "#" + std::to_string(k) + "/" + sz).c_str(),
                          Check, n, &c, k, 1)
            ->Unit(benchmark::kMicrosecond)->UseRealTime()->MinTime(0.05);
      }
    }
  }
}

}  // namespace
}  // namespace vigil::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  vigil::bench::Register();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
