// vigil query --schema FILE --graph FILE [--fragments FILE]... [--vars FILE]
//             [--threads N] [--stats] [--repeat N] QUERY_FILE|-
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "absl/strings/numbers.h"
#include "src/base/strings.h"
#include "absl/strings/str_format.h"
#include "src/base/file.h"
#include "src/cli/cli.h"
#include "src/cli/output.h"
#include "vigil/json_loader.h"
#include "vigil/query.h"
#include "vigil/schema.h"
#include "vigil/value.h"

namespace vigil::cli {
namespace {

constexpr char kUsage[] =
    "usage: vigil query --schema FILE --graph FILE [--fragments FILE]...\n"
    "                   [--vars FILE] [--threads N] [--stats] [--repeat N]\n"
    "                   [--max-result-rows N] QUERY_FILE|-\n"
    "Evaluates a stored check or GraphQL query over a graph and prints the\n"
    "result as JSON. Exit status: 0 ok, 2 bad input or the result could not be\n"
    "written (e.g. a full disk), 3 internal error.\n"
    "  --max-result-rows N  fail when the result would hold more than N rows,\n"
    "                       nested rows included (default: the larger of\n"
    "                       10,000,000 and the graph's assets plus relationships)\n";

int Fail(const absl::Status& s) {
  std::cerr << s.message() << "\n";
  return s.code() == absl::StatusCode::kInternal ? kExitInternal : kExitBadInput;
}

}  // namespace

int QueryMain(const std::vector<std::string>& args) {
  std::string schema_path, graph_path, vars_path, query_path;
  std::vector<std::string> fragment_paths;
  bool stats = false;
  int repeat = 1, threads = 0;
  size_t max_rows = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return true;
    };
    std::string v;
    if (a == "--schema" && value(&schema_path)) continue;
    if (a == "--graph" && value(&graph_path)) continue;
    if (a == "--vars" && value(&vars_path)) continue;
    if (a == "--fragments" && value(&v)) {
      fragment_paths.push_back(v);
      continue;
    }
    if (a == "--stats") {
      stats = true;
      continue;
    }
    if (a == "--repeat" && value(&v)) {
      if (!absl::SimpleAtoi(v, &repeat) || repeat < 1) {
        std::cerr << "vigil query: --repeat needs a positive integer\n";
        return kExitBadInput;
      }
      continue;
    }
    if (a == "--max-result-rows" && value(&v)) {
      if (!absl::SimpleAtoi(v, &max_rows) || max_rows == 0) {
        std::cerr << "vigil query: --max-result-rows needs a positive integer\n";
        return kExitBadInput;
      }
      continue;
    }
    if (a == "--threads" && value(&v)) {
      if (!absl::SimpleAtoi(v, &threads) || threads < 0) {
        std::cerr << "vigil query: --threads needs a non-negative integer\n";
        return kExitBadInput;
      }
      continue;
    }
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return kExitOk;
    }
    if ((a == "-" || a.empty() || a[0] != '-') && query_path.empty()) {
      query_path = a;
      continue;
    }
    std::cerr << "vigil query: unexpected argument \"" << a << "\"\n" << kUsage;
    return kExitBadInput;
  }
  if (schema_path.empty() || graph_path.empty() || query_path.empty()) {
    std::cerr << "vigil query: --schema, --graph and a query file are required\n"
              << kUsage;
    return kExitBadInput;
  }

  double t0 = NowMs();
  auto sdl = ReadTextFile(schema_path);
  if (!sdl.ok()) return Fail(sdl.status());
  auto schema = Schema::FromSdl(*sdl, schema_path);
  if (!schema.ok()) return Fail(schema.status());

  LoadOptions lopts;
  lopts.file_name = graph_path;
  auto graph = LoadGraphJsonFile(graph_path, *schema, lopts);
  if (!graph.ok()) return Fail(graph.status());
  double t_load = NowMs();

  CompileOptions copts;
  for (const auto& p : fragment_paths) {
    auto text = ReadTextFile(p);
    if (!text.ok()) return Fail(text.status());
    auto lib = FragmentLibrary::Parse(*text, p);
    if (!lib.ok()) return Fail(lib.status());
    copts.fragments.push_back(*lib);
  }
  std::string query_text;
  if (query_path == "-") {
    query_text.assign(std::istreambuf_iterator<char>(std::cin), {});
    copts.file_name = "<stdin>";
  } else {
    auto text = ReadTextFile(query_path);
    if (!text.ok()) return Fail(text.status());
    query_text = *std::move(text);
    copts.file_name = query_path;
  }
  Value vars;
  if (!vars_path.empty()) {
    auto text = ReadTextFile(vars_path);
    if (!text.ok()) return Fail(text.status());
    auto parsed = Value::ParseJson(*text, vars_path);
    if (!parsed.ok()) return Fail(parsed.status());
    if (!parsed->is_object() && !parsed->is_null()) {
      std::cerr << vars_path << ": variables must be a JSON object\n";
      return kExitBadInput;
    }
    vars = *std::move(parsed);
  }
  double t_c0 = NowMs();
  auto query = Query::Compile(*schema, query_text, copts);
  if (!query.ok()) return Fail(query.status());
  double t_compile = NowMs() - t_c0;

  EvalOptions eopts;
  eopts.threads = threads;
  eopts.max_result_rows = max_rows;
  std::vector<double> times;
  absl::StatusOr<QueryResult> result = absl::InternalError("not evaluated");
  for (int i = 0; i < repeat; ++i) {
    double s = NowMs();
    result = (*query)->Evaluate(**graph, vars, eopts);
    times.push_back(NowMs() - s);
    if (!result.ok()) return Fail(result.status());
  }
  std::sort(times.begin(), times.end());
  double t_s0 = NowMs();
  std::string out = result->ToJson();
  double t_ser = NowMs() - t_s0;
  out.push_back('\n');
  if (absl::Status s = WriteOutput("-", out); !s.ok()) {
    std::cerr << "vigil query: " << s.message() << "\n";
    return kExitBadInput;
  }
  if (stats) {
    std::cerr << absl::StrFormat(
        "{\"load_ms\":%.3f,\"compile_ms\":%.3f,\"evaluate_ms\":%.3f,"
        "\"serialize_ms\":%.3f,\"repeat\":%d,\"rows\":%d,\"assets\":%d,"
        "\"peak_rss_mb\":%.1f}\n",
        t_load - t0, t_compile, times[times.size() / 2], t_ser, repeat,
        result->size(), (*graph)->num_assets(), PeakRssMiB());
  }
  return kExitOk;
}

}  // namespace vigil::cli
