// Graph load benchmark: LoadGraphJsonFile on the synthetic 1M-VPC graph
// (tools/gen_graph.cc), against a hand-written struct-of-arrays loader of
// the same file (simdjson On-Demand over the whole document), the baseline,
// and a single-threaded On-Demand walk that reads every value and builds
// nothing (the floor).
//
//   graph_load_bench [--benchmark_filter=...]
//   VIGIL_BENCH_GRAPH=/path/graph.json  use that file (default: generated
//                                       into the build dir when absent)
//   VIGIL_BENCH_VPCS=N                  size of the generated graph (1M)
//
// Counters: MB/s (bytes of JSON per second), graph_MB (the loaded
// structure's own accounting), peak_MB (the process's peak RSS during the
// load above its RSS before it; /proc/self/clear_refs resets the peak).
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "benchmark/benchmark.h"
#include "simdjson.h"
#include "vigil/graph.h"
#include "vigil/json_loader.h"
#include "vigil/schema.h"

namespace {

namespace od = simdjson::ondemand;

std::string DataPath() {
  if (const char* p = std::getenv("VIGIL_BENCH_GRAPH")) return p;
  const char* n = std::getenv("VIGIL_BENCH_VPCS");
  const std::string vpcs = n ? n : "1000000";
  const std::string path =
      std::string(VIGIL_BENCH_DATA_DIR) + "/vpc-" + vpcs + ".json";
  if (access(path.c_str(), R_OK) != 0) {
    const std::string cmd = std::string(VIGIL_GEN_PATH) + " --vpcs " + vpcs +
                            " --out " + path + ".tmp && mv " + path + ".tmp " +
                            path;
    std::fprintf(stderr, "generating %s\n", path.c_str());
    if (std::system(cmd.c_str()) != 0) {
      std::fprintf(stderr, "generator failed: %s\n", cmd.c_str());
      std::exit(1);
    }
  }
  return path;
}

size_t FileSize(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  return static_cast<size_t>(in.tellg());
}

std::shared_ptr<const vigil::Schema> LoadSchema() {
  std::ifstream in(VIGIL_BENCH_SCHEMA);
  std::stringstream ss;
  ss << in.rdbuf();
  auto s = vigil::Schema::FromSdl(ss.str(), "vpc.graphql");
  if (!s.ok()) {
    std::fprintf(stderr, "schema: %s\n", std::string(s.status().message()).c_str());
    std::exit(1);
  }
  return *s;
}

// VmRSS / VmHWM of this process, in bytes.
size_t ProcStatus(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const size_t n = std::strlen(key);
  while (std::getline(in, line)) {
    if (line.compare(0, n, key) == 0 && line.size() > n && line[n] == ':') {
      return std::strtoull(line.c_str() + n + 1, nullptr, 10) * 1024;
    }
  }
  return 0;
}
void ResetPeak() {
  const int fd = open("/proc/self/clear_refs", O_WRONLY);
  if (fd >= 0) {
    (void)!write(fd, "5", 1);
    close(fd);
  }
}

constexpr double kMB = 1024.0 * 1024.0;

void BM_LoadGraph(benchmark::State& state) {
  const std::string path = DataPath();
  const size_t bytes = FileSize(path);
  auto schema = LoadSchema();
  size_t graph_bytes = 0, peak = 0, assets = 0, edges = 0;
  for (auto _ : state) {
    ResetPeak();
    const size_t before = ProcStatus("VmRSS");
    auto g = vigil::LoadGraphJsonFile(path, schema, {});
    if (!g.ok()) {
      state.SkipWithError(std::string(g.status().message()).c_str());
      return;
    }
    peak = std::max(peak, ProcStatus("VmHWM") - before);
    graph_bytes = (*g)->MemoryBytes();
    assets = (*g)->num_assets();
    edges = (*g)->num_edges();
    state.PauseTiming();
    g->reset();  // free outside the timing
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes * state.iterations()));
  state.counters["file_MB"] = bytes / kMB;
  state.counters["graph_MB"] = graph_bytes / kMB;
  state.counters["peak_MB"] = peak / kMB;
  state.counters["assets"] = static_cast<double>(assets);
  state.counters["edges"] = static_cast<double>(edges);
}
BENCHMARK(BM_LoadGraph)->Unit(benchmark::kMillisecond)->Iterations(3);

// ---- baseline: a hand-written struct-of-arrays loader -------------------

struct SoAGraph {
  std::vector<std::string> vpc_id, vpc_account, vpc_region;
  std::vector<uint8_t> vpc_default;  // 0 false, 1 true, 2 null
  std::vector<std::string> fl_id, fl_account, fl_region, fl_status,
      fl_traffic;
  // id -> row, with the high bit set for flow logs.
  absl::flat_hash_map<std::string_view, uint32_t> index;
  std::vector<uint32_t> edge_vpc, edge_fl;
  std::vector<uint32_t> vpc_off, vpc_logs, fl_off, fl_vpcs;  // CSR both ways

  static size_t Strings(const std::vector<std::string>& v) {
    size_t n = v.capacity() * sizeof(std::string);
    for (const std::string& s : v) {
      if (s.capacity() > 15) n += s.capacity() + 1;
    }
    return n;
  }
  size_t MemoryBytes() const {
    return Strings(vpc_id) + Strings(vpc_account) + Strings(vpc_region) +
           vpc_default.capacity() + Strings(fl_id) + Strings(fl_account) +
           Strings(fl_region) + Strings(fl_status) + Strings(fl_traffic) +
           index.capacity() * (sizeof(std::pair<std::string_view, uint32_t>) + 1) +
           (edge_vpc.capacity() + edge_fl.capacity() + vpc_off.capacity() +
            vpc_logs.capacity() + fl_off.capacity() + fl_vpcs.capacity()) *
               sizeof(uint32_t);
  }
};

bool LoadSoA(const std::string& path, SoAGraph* g) {
  simdjson::padded_string json;
  if (simdjson::padded_string::load(path).get(json)) return false;
  od::parser parser;
  od::document doc;
  if (parser.iterate(json).get(doc)) return false;
  od::object top;
  if (doc.get_object().get(top)) return false;
  for (auto f : top) {
    od::field field;
    if (std::move(f).get(field)) return false;
    std::string_view key;
    if (field.unescaped_key().get(key)) return false;
    od::array arr;
    if (field.value().get_array().get(arr)) return false;
    if (key == "assets") {
      for (auto e : arr) {
        od::object o;
        if (e.get_object().get(o)) return false;
        std::string_view id, type;
        if (o["id"].get_string().get(id) || o["type"].get_string().get(type)) {
          return false;
        }
        const bool vpc = type == "Vpc";
        if (vpc) {
          g->vpc_id.emplace_back(id);
          g->vpc_account.emplace_back();
          g->vpc_region.emplace_back();
          g->vpc_default.push_back(2);
        } else {
          g->fl_id.emplace_back(id);
          g->fl_account.emplace_back();
          g->fl_region.emplace_back();
          g->fl_status.emplace_back();
          g->fl_traffic.emplace_back();
        }
        od::object props;
        if (o["properties"].get_object().get(props)) return false;
        for (auto pf : props) {
          od::field p;
          if (std::move(pf).get(p)) return false;
          std::string_view name;
          if (p.unescaped_key().get(name)) return false;
          if (vpc && name == "isDefault") {
            bool b;
            if (p.value().get_bool().get(b)) return false;
            g->vpc_default.back() = b;
            continue;
          }
          std::string_view s;
          if (p.value().get_string().get(s)) return false;
          if (name == "accountId") {
            (vpc ? g->vpc_account : g->fl_account).back() = s;
          } else if (name == "region") {
            (vpc ? g->vpc_region : g->fl_region).back() = s;
          } else if (name == "flowLogStatus") {
            g->fl_status.back() = s;
          } else if (name == "trafficType") {
            g->fl_traffic.back() = s;
          }
        }
      }
      // Index after the vectors stopped moving.
      g->index.reserve(g->vpc_id.size() + g->fl_id.size());
      for (uint32_t i = 0; i < g->vpc_id.size(); ++i) {
        g->index.emplace(g->vpc_id[i], i);
      }
      for (uint32_t i = 0; i < g->fl_id.size(); ++i) {
        g->index.emplace(g->fl_id[i], i | 0x80000000u);
      }
    } else if (key == "relationships") {
      for (auto e : arr) {
        od::object o;
        if (e.get_object().get(o)) return false;
        std::string_view from, to;
        if (o["from"].get_string().get(from)) return false;
        // The type is known to be HAS_FLOW_LOG in this file.
        if (o["to"].get_string().get(to)) return false;
        auto a = g->index.find(from), b = g->index.find(to);
        if (a == g->index.end() || b == g->index.end()) return false;
        g->edge_vpc.push_back(a->second);
        g->edge_fl.push_back(b->second & 0x7fffffffu);
      }
    }
  }
  auto csr = [](size_t rows, const std::vector<uint32_t>& src,
                const std::vector<uint32_t>& dst, std::vector<uint32_t>* off,
                std::vector<uint32_t>* tgt) {
    off->assign(rows + 1, 0);
    for (uint32_t s : src) ++(*off)[s + 1];
    for (size_t r = 0; r < rows; ++r) (*off)[r + 1] += (*off)[r];
    tgt->resize(src.size());
    std::vector<uint32_t> cur(off->begin(), off->end() - 1);
    for (size_t e = 0; e < src.size(); ++e) (*tgt)[cur[src[e]]++] = dst[e];
  };
  csr(g->vpc_id.size(), g->edge_vpc, g->edge_fl, &g->vpc_off, &g->vpc_logs);
  csr(g->fl_id.size(), g->edge_fl, g->edge_vpc, &g->fl_off, &g->fl_vpcs);
  return true;
}

void BM_LoadSoABaseline(benchmark::State& state) {
  const std::string path = DataPath();
  const size_t bytes = FileSize(path);
  size_t graph_bytes = 0, peak = 0, assets = 0;
  for (auto _ : state) {
    ResetPeak();
    const size_t before = ProcStatus("VmRSS");
    auto g = std::make_unique<SoAGraph>();
    if (!LoadSoA(path, g.get())) {
      state.SkipWithError("baseline load failed");
      return;
    }
    peak = std::max(peak, ProcStatus("VmHWM") - before);
    graph_bytes = g->MemoryBytes();
    assets = g->vpc_id.size() + g->fl_id.size();
    state.PauseTiming();
    g.reset();
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes * state.iterations()));
  state.counters["file_MB"] = bytes / kMB;
  state.counters["graph_MB"] = graph_bytes / kMB;
  state.counters["peak_MB"] = peak / kMB;
  state.counters["assets"] = static_cast<double>(assets);
}
BENCHMARK(BM_LoadSoABaseline)->Unit(benchmark::kMillisecond)->Iterations(3);

// ---- the floor: a simdjson On-Demand walk that builds nothing ----------
//
// One thread reads the file into a padded buffer and visits every value of
// the document (every key unescaped, every string, number and boolean read
// as its type), keeping nothing. No loader can do less; issue 14 asks the
// graph loader to stay within 1.5x of it.

simdjson::error_code Walk(od::value v, size_t* values) {
  od::json_type type;
  if (auto e = v.type().get(type)) return e;
  ++*values;
  switch (type) {
    case od::json_type::object: {
      od::object o;
      if (auto e = v.get_object().get(o)) return e;
      for (auto field : o) {
        std::string_view key;
        if (auto e = field.unescaped_key().get(key)) return e;
        benchmark::DoNotOptimize(key.data());
        if (auto e = Walk(field.value(), values)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::array: {
      od::array a;
      if (auto e = v.get_array().get(a)) return e;
      for (auto element : a) {
        od::value x;
        if (auto e = element.get(x)) return e;
        if (auto e = Walk(x, values)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      if (auto e = v.get_string().get(s)) return e;
      benchmark::DoNotOptimize(s.data());
      return simdjson::SUCCESS;
    }
    case od::json_type::number: {
      od::number n;
      if (auto e = v.get_number().get(n)) return e;
      benchmark::DoNotOptimize(n);
      return simdjson::SUCCESS;
    }
    case od::json_type::boolean: {
      bool b;
      if (auto e = v.get_bool().get(b)) return e;
      benchmark::DoNotOptimize(b);
      return simdjson::SUCCESS;
    }
    case od::json_type::null: {
      bool null;
      if (auto e = v.is_null().get(null)) return e;
      return simdjson::SUCCESS;
    }
  }
  return simdjson::SUCCESS;
}

void BM_OnDemandWalk(benchmark::State& state) {
  const std::string path = DataPath();
  const size_t bytes = FileSize(path);
  size_t values = 0;
  for (auto _ : state) {
    simdjson::padded_string json;
    if (simdjson::padded_string::load(path).get(json)) {
      state.SkipWithError("cannot read the file");
      return;
    }
    od::parser parser;
    od::document doc;
    if (parser.iterate(json).get(doc)) {
      state.SkipWithError("not JSON");
      return;
    }
    od::value root;
    values = 0;
    if (doc.get_value().get(root) || Walk(root, &values)) {
      state.SkipWithError("walk failed");
      return;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes * state.iterations()));
  state.counters["file_MB"] = bytes / kMB;
  state.counters["values"] = static_cast<double>(values);
}
BENCHMARK(BM_OnDemandWalk)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
