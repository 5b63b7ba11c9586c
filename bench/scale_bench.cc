// Scaling benchmarks for inputs a hostile or careless author can make large
// (issue 10): each must grow linearly (or n log n), never quadratically.
//
//   build/bench/scale_bench                       # every size
//   build/bench/scale_bench --benchmark_filter=Exceptions
//
// Sizes go up to 100k (4,000 types for the schema); compare the time per
// item (items_per_second) across sizes: it must stay about constant.
//   * FragmentLibrary: a fragment file of N definitions (duplicate names
//     were found by comparing every pair).
//   * Exceptions: an exceptions file of N rules, each located in the file
//     (the location was found by rescanning the text from its start).
//   * TestFile: a test file of N cases for one control of a tiny pack.
//   * SchemaTypes: a schema of N object types each with its own relationship
//     type, and a GraphBuilder over it (memory was rel types x types^2 bits,
//     time types^3 through IsSubtype).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "benchmark/benchmark.h"
#include "vigil/waivers.h"
#include "vigil/graph_builder.h"
#include "vigil/policy.h"
#include "vigil/test_runner.h"
#include "vigil/query.h"
#include "vigil/schema.h"

namespace vigil {
namespace {

std::string Fragments(int64_t n) {
  std::string text;
  for (int64_t i = 0; i < n; ++i) {
    text += "fragment F" + std::to_string(i) + " on Vpc { id name region }\n";
  }
  return text;
}

void BM_FragmentLibrary(benchmark::State& state) {
  const std::string text = Fragments(state.range(0));
  for (auto _ : state) {
    auto lib = FragmentLibrary::Parse(text, "fragments.graphql");
    if (!lib.ok()) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(lib);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FragmentLibrary)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

std::string Exceptions(int64_t n) {
  std::string text = "{\"exceptions\": [\n";
  for (int64_t i = 0; i < n; ++i) {
    text += std::string(i ? ",\n" : "") + " {\"control\": \"cis-aws-3.7\", \"assets\": [\"vpc-" +
            std::to_string(i) +
            "\"], \"owner\": \"o\", \"reason\": \"r\", \"expires\": \"2030-01-01\"}";
  }
  return text + "\n]}\n";
}

void BM_Exceptions(benchmark::State& state) {
  const std::string text = Exceptions(state.range(0));
  for (auto _ : state) {
    auto set = ExceptionSet::Parse(text, "exceptions.json");
    if (!set.ok()) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(set);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Exceptions)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

// A pack of one control in a temporary directory.
std::shared_ptr<const Pack> TinyPack() {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("vigil-scale-bench-" + std::to_string(getpid()));
  fs::create_directories(dir / "controls");
  std::ofstream(dir / "pack.json") << "{\"name\": \"b\", \"version\": \"1\", \"schema\": \""
                                   << VIGIL_BENCH_AWS_SCHEMA << "\"}";
  std::ofstream(dir / "controls" / "a.json")
      << "{\"id\": \"a\", \"title\": \"t\", \"severity\": \"low\", \"provider\": \"aws\", "
         "\"checks\": [{\"name\": \"c\", \"query\": \"vpcs { id }\", \"expect\": \"eq []\"}]}";
  auto pack = LoadPack(dir.string());
  fs::remove_all(dir);
  return pack.ok() ? *pack : nullptr;
}

void BM_TestFile(benchmark::State& state) {
  std::shared_ptr<const Pack> pack = TinyPack();
  if (pack == nullptr) {
    state.SkipWithError("pack failed");
    return;
  }
  std::string text = "{\"control\": \"a\", \"cases\": [\n";
  for (int64_t i = 0; i < state.range(0); ++i) {
    const std::string n = std::to_string(i);
    text += std::string(i ? ",\n" : "") + " {\"name\": \"case " + n +
            "\", \"graph\": {\"assets\": [{\"id\": \"v" + n +
            "\", \"type\": \"Vpc\"}]}, \"expect\": {\"status\": \"fail\", \"offending\": [\"v" + n +
            "\"]}}";
  }
  text += "\n]}\n";
  for (auto _ : state) {
    auto file = ParseTestFile(text, "t.json", *pack);
    if (!file.ok()) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(file);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_TestFile)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_SchemaTypes(benchmark::State& state) {
  const int64_t n = state.range(0);
  std::string sdl;
  for (int64_t i = 0; i < n; ++i) {
    sdl += "type T" + std::to_string(i) + " { id: ID!\n name: String\n next: [T" +
           std::to_string((i + 1) % n) + "!]! @relationship(type: \"R" + std::to_string(i) +
           "\", direction: OUT)\n}\n";
  }
  for (auto _ : state) {
    auto schema = Schema::FromSdl(sdl, "types.graphql");
    if (!schema.ok()) {
      state.SkipWithError("schema failed");
      break;
    }
    GraphBuilder builder(*schema);
    benchmark::DoNotOptimize(builder);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_SchemaTypes)->Arg(1000)->Arg(4000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace vigil

BENCHMARK_MAIN();
