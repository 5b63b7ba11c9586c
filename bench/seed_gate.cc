// The benchmark regression gate (a ctest, `bench.seed_gate`): the seed
// check (cis-aws-3.7) against its hand-written loop over dictionary codes
// and CSR, on a 500,000-asset `vigil gen` organisation (about 14,000 VPCs),
// one thread each, timed in thread CPU time.
// Fails when vigil's time over the loop's is more than 25% above the ratio
// recorded in bench/seed_ratio.txt (updated on purpose, in its own commit).
//
// A shared, noisy machine slows both sides of a ratio alike when they are
// measured close together, so the two are interleaved: R rounds, each timing
// K runs of vigil then K runs of the loop; each side keeps its fastest run
// (noise only ever adds time). A failing verdict is measured again twice
// before it stands. Takes a few seconds.
//
//   seed_gate [--record]   (--record prints the ratio to store)
//
// For instruction counts, which a loaded machine does not distort, one side
// alone, N times, over the generated organisation or a snapshot file:
//
//   seed_gate --count vigil|hand [--runs N] [--graph org.vgs]
//   valgrind --tool=callgrind --collect-atstart=no
//       --toggle-collect='vigil::bench::(anonymous namespace)::CountSide*'
//       build/bench/seed_gate --count vigil --runs 20 --graph org.vgs
//   (or `perf stat -e instructions` with --runs 0 and --runs N, subtracted)
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "bench/peers.h"
#include "src/gen/aws_org.h"
#include "vigil/policy.h"
#include "vigil/query.h"
#include "vigil/snapshot.h"

namespace vigil::bench {
namespace {

// CPU time of the calling thread: both sides run on it alone, and on a
// shared machine wall time would also count the waits for a core.
double Seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double MeasureRatio(const Graph& g, const Query& q, const HandLoops& hand) {
  EvalOptions eo;
  eo.threads = 1;
  double best_vigil = 1e9, best_hand = 1e9;
  size_t vigil_rows = 0, hand_rows = 0;
  for (int round = 0; round < 15; ++round) {
    for (int k = 0; k < 5; ++k) {
      const double t = Seconds();
      auto r = q.Evaluate(g, Value(), eo);
      auto ids = r->RootIds();
      best_vigil = std::min(best_vigil, Seconds() - t);
      vigil_rows = ids.size();
    }
    for (int k = 0; k < 5; ++k) {
      const double t = Seconds();
      auto ids = hand.Seed();
      best_hand = std::min(best_hand, Seconds() - t);
      hand_rows = ids.size();
    }
  }
  if (vigil_rows != hand_rows) Die("the hand-written loop and vigil disagree");
  std::printf("seed_gate: vigil %.3f ms, hand-written loop %.3f ms, %zu rows\n",
              best_vigil * 1e3, best_hand * 1e3, vigil_rows);
  return best_vigil / best_hand;
}

// Runs one side `runs` times; returns the rows of the last run.
__attribute__((noinline)) size_t CountSide(const Graph& g, const Query& q, const HandLoops& hand,
                                           bool vigil, int runs) {
  EvalOptions eo;
  eo.threads = 1;
  size_t rows = 0;
  for (int i = 0; i < runs; ++i) {
    if (vigil) {
      auto r = q.Evaluate(g, Value(), eo);
      rows = r->RootIds().size();
    } else {
      rows = hand.Seed().size();
    }
  }
  return rows;
}

}  // namespace
}  // namespace vigil::bench

int main(int argc, char** argv) {
  using namespace vigil;
  using namespace vigil::bench;
  bool record = false;
  std::string count, graph_file;
  int runs = 10;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--record") {
      record = true;
    } else if (a == "--count" && i + 1 < argc) {
      count = argv[++i];
    } else if (a == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else if (a == "--graph" && i + 1 < argc) {
      graph_file = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: seed_gate [--record] | --count vigil|hand [--runs N] [--graph FILE]\n");
      return 2;
    }
  }
  if (!count.empty() && count != "vigil" && count != "hand") Die("--count: vigil or hand");
  auto pack = LoadPack(VIGIL_BENCH_PACK);
  if (!pack.ok()) Die(std::string(pack.status().message()));
  std::shared_ptr<const Graph> graph;
  if (!graph_file.empty()) {
    auto g = LoadGraphSnapshotFile(graph_file, (*pack)->schema);
    if (!g.ok()) Die(std::string(g.status().message()));
    graph = *std::move(g);
  } else {
    gen::OrgOptions o;
    o.accounts = 50;
    o.assets = 500000;
    o.seed = 1;
    auto org = gen::GenerateAwsOrg((*pack)->schema, o);
    if (!org.ok()) Die(std::string(org.status().message()));
    graph = org->graph;
  }
  const ControlDef* c = (*pack)->FindControl("cis-aws-3.7");
  if (c == nullptr) Die("no cis-aws-3.7");
  HandLoops hand(*graph);
  if (!count.empty()) {
    const size_t rows = CountSide(*graph, *c->checks[0].query, hand, count == "vigil", runs);
    std::printf("seed_gate: %s, %d runs, %zu rows, %zu assets\n", count.c_str(), runs, rows,
                graph->num_assets());
    return 0;
  }
  double ratio = MeasureRatio(*graph, *c->checks[0].query, hand);
  if (record) {
    std::printf("%.3f\n", ratio);
    return 0;
  }
  std::ifstream in(VIGIL_BENCH_RECORDED_RATIO);
  double recorded = 0;
  if (!(in >> recorded) || recorded <= 0) {
    std::fprintf(stderr, "seed_gate: cannot read the recorded ratio from %s\n",
                 VIGIL_BENCH_RECORDED_RATIO);
    return 1;
  }
  const double limit = recorded * 1.25;
  for (int attempt = 1; ratio > limit && attempt < 3; ++attempt) {
    std::printf("seed_gate: ratio %.3f above %.3f; measuring again\n", ratio, limit);
    ratio = std::min(ratio, MeasureRatio(*graph, *c->checks[0].query, hand));
  }
  std::printf("seed_gate: ratio %.3f (recorded %.3f, limit %.3f): %s\n", ratio, recorded, limit,
              ratio <= limit ? "ok" : "REGRESSED");
  return ratio <= limit ? 0 : 1;
}
