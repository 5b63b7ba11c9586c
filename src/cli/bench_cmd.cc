// vigil bench: per-check and whole-pack timings (flags: BenchMain).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "src/cli/cli.h"
#include "src/cli/flags.h"
#include "src/cli/output.h"
#include "vigil/engine.h"
#include "vigil/json_loader.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"
#include "vigil/query.h"
#include "vigil/value.h"

namespace vigil::cli {
namespace {

constexpr char kDescription[] =
    "Times each check of a pack over a graph (JSON or snapshot): the median\n"
    "and the fastest of N evaluations (default 5), the rows of the tables the\n"
    "check reads (rows scanned), the rows it returns; then the whole pack\n"
    "(vigil run's evaluation, without the report) N times; load and compile\n"
    "times, the graph's memory and the process's peak RSS. --format json\n"
    "writes one object whose keys and order are stable (docs/benchmarks.md).\n";
constexpr char kExit[] = "Exit status: 0 ok, 2 bad input.\n";

int Fail(const absl::Status& s) {
  std::cerr << "vigil bench: " << s.message() << "\n";
  return s.code() == absl::StatusCode::kInternal ? kExitInternal : kExitBadInput;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double Round3(double x) { return static_cast<double>(static_cast<int64_t>(x * 1000 + 0.5)) / 1000; }

}  // namespace

int BenchMain(const std::vector<std::string>& args) {
  std::string pack_dir, graph_path, format = "text", now_text;
  std::vector<std::string> only;
  int repeat = 5, threads = 0;
  bool allow_outside_pack = false;
  FlagSet flags("vigil bench", kDescription);
  flags.String("--pack", "DIR", "the pack (required)", &pack_dir);
  flags.String("--graph", "FILE", "the graph, JSON or snapshot (required)", &graph_path);
  flags.Int("--repeat", "N", "evaluations per check (default 5)", 1, 100000, &repeat);
  flags.Int("--threads", "N", "threads (0: one per core)", 0, 1024, &threads);
  flags.String("--now", "RFC3339", "the evaluation time", &now_text);
  flags.Strings("--control", "ID", "only this control", &only);
  flags.String("--format", "text|json", "the format (default: text)", &format);
  bool no_color = false;
  AddNoColorFlag(&flags, &no_color);  // the text has no colours
  AddAllowOutsidePackFlag(&flags, &allow_outside_pack);
  flags.Epilogue(kExit);
  if (std::optional<int> exit = flags.Parse(args)) return *exit;
  if (pack_dir.empty() || graph_path.empty()) {
    return flags.UsageError("--pack and --graph are required");
  }
  if (format != "text" && format != "json") return flags.UsageError("--format is text or json");
  Instant now = Instant::Now();
  if (!now_text.empty()) {
    auto t = ParseInstant(now_text);
    if (!t) {
      std::cerr << "vigil bench: --now \"" << now_text << "\" is not an RFC 3339 date-time\n";
      return kExitBadInput;
    }
    now = *t;
  }

  auto pack = LoadPackOrPrint("vigil bench", pack_dir, allow_outside_pack);
  if (!pack) return kExitBadInput;
  const double t0 = NowMs();
  LoadOptions lo;
  lo.file_name = graph_path;
  auto graph = LoadGraphJsonFile(graph_path, (*pack)->schema, lo);
  if (!graph.ok()) return Fail(graph.status());
  const double load_ms = NowMs() - t0;
  const Graph& g = **graph;
  const Schema& schema = g.schema();

  struct Row {
    std::string control, check;
    size_t index;
    double median_ms, min_ms;
    size_t scanned, result;
  };
  std::vector<Row> rows;
  EvalOptions eo;
  eo.threads = threads;
  for (const ControlDef& c : (*pack)->controls) {
    if (!only.empty() && std::find(only.begin(), only.end(), c.id) == only.end()) continue;
    auto vars = ResolveParameters(c, {}, now);
    if (!vars.ok()) return Fail(vars.status());
    for (size_t k = 0; k < c.checks.size(); ++k) {
      const CheckDef& chk = c.checks[k];
      size_t scanned = 0;
      for (const std::string& tn : chk.query->covered_types()) {
        const TypeId t = schema.FindType(tn);
        if (t != kNoType) scanned += g.table(t).num_rows();
      }
      std::vector<double> times;
      size_t result = 0;
      for (int r = 0; r < repeat; ++r) {
        const double s = NowMs();
        auto res = chk.query->Evaluate(g, *vars, eo);
        times.push_back(NowMs() - s);
        if (!res.ok()) return Fail(res.status());
        result = res->size();
      }
      rows.push_back({c.id, chk.name, k, Median(times),
                      *std::min_element(times.begin(), times.end()), scanned, result});
    }
  }
  RunOptions ro;
  ro.threads = threads;
  ro.now = now;
  ro.only_controls = only;
  std::vector<double> pack_times;
  int failed = 0;
  for (int r = 0; r < repeat; ++r) {
    const double s = NowMs();
    auto report = RunPack(**pack, g, ro);
    pack_times.push_back(NowMs() - s);
    if (!report.ok()) return Fail(report.status());
    failed = report->summary.failed;
  }

  const double graph_mib = static_cast<double>(g.MemoryBytes()) / 1048576.0;
  if (format == "json") {
    Value::Array checks;
    for (const Row& r : rows) {
      checks.push_back(Value(Value::Object{{"control", r.control},
                                           {"check", static_cast<int64_t>(r.index)},
                                           {"name", r.check},
                                           {"median_ms", Round3(r.median_ms)},
                                           {"min_ms", Round3(r.min_ms)},
                                           {"rows_scanned", static_cast<int64_t>(r.scanned)},
                                           {"result_rows", static_cast<int64_t>(r.result)}}));
    }
    Value out(Value::Object{
        {"format", "vigil-bench/1"},
        {"pack", (*pack)->name},
        {"graph", graph_path},
        {"assets", static_cast<int64_t>(g.num_assets())},
        {"relationships", static_cast<int64_t>(g.num_edges())},
        {"threads", threads},
        {"repeat", repeat},
        {"now", FormatInstant(now)},
        {"load_ms", Round3(load_ms)},
        {"compile_ms", Round3((*pack)->compile_ms)},
        {"pack_median_ms", Round3(Median(pack_times))},
        {"pack_min_ms", Round3(*std::min_element(pack_times.begin(), pack_times.end()))},
        {"controls_failed", failed},
        {"graph_mib", Round3(graph_mib)},
        {"peak_rss_mib", Round3(PeakRssMiB())},
        {"checks", Value(std::move(checks))}});
    if (absl::Status s = WriteOutput("-", out.ToJson() + "\n"); !s.ok()) return Fail(s);
    return kExitOk;
  }
  std::string text = absl::StrFormat(
      "%s over %s: %zu assets, %zu relationships, threads %d, %d runs each\n",
      (*pack)->name, graph_path, g.num_assets(), g.num_edges(), threads, repeat);
  absl::StrAppendFormat(&text, "%-16s %-5s %10s %10s %12s %10s\n", "control", "check",
                        "median ms", "min ms", "rows scanned", "result");
  for (const Row& r : rows) {
    absl::StrAppendFormat(&text, "%-16s %-5d %10.3f %10.3f %12d %10d\n", r.control, r.index,
                          r.median_ms, r.min_ms, r.scanned, r.result);
  }
  absl::StrAppendFormat(&text, "whole pack: median %.3f ms, min %.3f ms (%d controls failed)\n",
                        Median(pack_times),
                        *std::min_element(pack_times.begin(), pack_times.end()), failed);
  absl::StrAppendFormat(&text, "load %.1f ms, compile %.1f ms, graph %.1f MiB, peak RSS %.1f MiB\n",
                        load_ms, (*pack)->compile_ms, graph_mib, PeakRssMiB());
  if (absl::Status s = WriteOutput("-", text); !s.ok()) return Fail(s);
  return kExitOk;
}

}  // namespace vigil::cli
