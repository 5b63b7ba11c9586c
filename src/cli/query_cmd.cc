// vigil query: evaluates a query over a graph (flags: QueryMain).
#include <algorithm>
#include <climits>
#include <cstdio>
#include <iostream>

#include "src/base/strings.h"
#include "absl/strings/str_format.h"
#include "src/base/file.h"
#include "src/cli/cli.h"
#include "src/cli/flags.h"
#include "src/cli/output.h"
#include "vigil/json_loader.h"
#include "vigil/query.h"
#include "vigil/schema.h"
#include "vigil/value.h"

namespace vigil::cli {
namespace {

constexpr char kDescription[] =
    "Evaluates a stored check or GraphQL query over a graph and prints the\n"
    "result as JSON.\n";
constexpr char kExit[] =
    "Exit status: 0 ok, 2 bad input or the result could not be written (e.g. a\n"
    "full disk), 3 internal error.\n";

int Fail(const absl::Status& s) {
  std::cerr << s.message() << "\n";
  return s.code() == absl::StatusCode::kInternal ? kExitInternal : kExitBadInput;
}

}  // namespace

int QueryMain(const std::vector<std::string>& args) {
  std::string schema_path, graph_path, vars_path;
  std::vector<std::string> fragment_paths, operands;
  bool stats = false;
  int repeat = 1, threads = 0;
  size_t max_rows = 0;
  FlagSet flags("vigil query", kDescription);
  flags.String("--schema", "FILE", "the GraphQL SDL schema (required)", &schema_path);
  flags.String("--graph", "FILE", "the graph JSON (required)", &graph_path);
  flags.Strings("--fragments", "FILE", "a fragment library the query may use", &fragment_paths);
  flags.String("--vars", "FILE", "the variables, a JSON object", &vars_path);
  flags.Int("--threads", "N", "threads of the evaluation (0: one per core)", 0, INT_MAX,
            &threads);
  flags.Switch("--stats", "print timings and sizes as JSON on standard error", &stats);
  flags.Int("--repeat", "N", "evaluate N times (timings give the median)", 1, INT_MAX, &repeat);
  AddMaxResultRowsFlag(&flags, &max_rows);
  LoadOptions drop_opts;
  AddDropFlags(&flags, &drop_opts);
  flags.Operands("QUERY_FILE|-", 1, 1, &operands);
  flags.Epilogue(kExit);
  if (std::optional<int> exit = flags.Parse(args)) return *exit;
  if (schema_path.empty() || graph_path.empty()) {
    return flags.UsageError("--schema, --graph and a query file are required");
  }
  const std::string& query_path = operands[0];

  double t0 = NowMs();
  auto sdl = ReadTextFile(schema_path);
  if (!sdl.ok()) return Fail(sdl.status());
  auto schema = Schema::FromSdl(*sdl, schema_path);
  if (!schema.ok()) return Fail(schema.status());

  LoadOptions lopts = drop_opts;
  lopts.file_name = graph_path;
  LoadStats lstats;
  lopts.stats = &lstats;
  auto graph = LoadGraphJsonFile(graph_path, *schema, lopts);
  if (!graph.ok()) return Fail(graph.status());
  PrintDropped("vigil query", graph_path, lstats);
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
