// vigil query: evaluates a query over a graph (flags: QueryMain).
#include <algorithm>
#include <climits>
#include <cstdio>
#include <iostream>

#include "src/base/strings.h"
#include "absl/strings/str_format.h"
#include "absl/strings/numbers.h"
#include "src/base/did_you_mean.h"
#include "src/base/file.h"
#include "src/cli/cli.h"
#include "src/cli/flags.h"
#include "src/cli/output.h"
#include "vigil/datetime.h"
#include "vigil/json_loader.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"
#include "vigil/query.h"
#include "vigil/schema.h"
#include "vigil/value.h"

namespace vigil::cli {
namespace {

constexpr char kDescription[] =
    "Evaluates a GraphQL query over a graph and prints the result as JSON.\n"
    "The query: QUERY_FILE (or - for standard input) over --schema, with\n"
    "--fragments and --vars; or one check of a pack: --control ID (and --check\n"
    "when the control has several) of --pack DIR (default: pack.json in the\n"
    "working directory or its nearest parent, else the bundled packs/cis-aws),\n"
    "compiled with the pack's schema and fragments, its variables the control's\n"
    "parameter defaults. --var NAME=VALUE sets a variable (a parameter of the\n"
    "control); the value is JSON, or else a string.\n";
constexpr char kExit[] =
    "Exit status: 0 ok, 2 bad input or the result could not be written (e.g. a\n"
    "full disk), 3 internal error.\n";

int Fail(const absl::Status& s) {
  std::cerr << s.message() << "\n";
  return s.code() == absl::StatusCode::kInternal ? kExitInternal : kExitBadInput;
}

// `--var NAME=VALUE` into *out (an object): the value is JSON, else a string.
// The result as printed: compact JSON on one line, or indented (--pretty).
absl::StatusOr<std::string> ResultText(const QueryResult& result, bool pretty) {
  std::string out = result.ToJson();
  if (!pretty) {
    out.push_back('\n');
    return out;
  }
  absl::StatusOr<Value> parsed = Value::ParseJson(out, "result");
  if (!parsed.ok()) return parsed.status();
  return PrettyJson(*parsed);
}

absl::Status ParseVar(const std::string& arg, Value::Object* out) {
  size_t eq = arg.find('=');
  if (eq == std::string::npos || eq == 0) {
    return absl::InvalidArgumentError(
        StrCat("--var \"", arg, "\" is not NAME=VALUE"));
  }
  std::string name = arg.substr(0, eq), text = arg.substr(eq + 1);
  absl::StatusOr<Value> v = Value::ParseJson(text, "--var");
  Value value = v.ok() ? *std::move(v) : Value(text);
  for (auto& [k, old] : *out) {
    if (k == name) {
      old = std::move(value);
      return absl::OkStatus();
    }
  }
  out->emplace_back(std::move(name), std::move(value));
  return absl::OkStatus();
}

// vigil query --control ID: one check of a pack, with the control's
// parameters (defaults, then --var) as its variables.
int QueryPackCheck(std::string pack_dir, const std::string& control_id,
                   const std::string& check_sel, const Value::Object& var_flags,
                   const std::string& now_text, const std::string& graph_path,
                   const LoadOptions& drop_opts, bool allow_outside_pack, int threads,
                   size_t max_rows, bool pretty) {
  constexpr std::string_view kCmd = "vigil query";
  Instant now = Instant::Now();
  if (!now_text.empty()) {
    std::optional<Instant> t = ParseInstant(now_text);
    if (!t) {
      std::cerr << kCmd << ": --now \"" << now_text << "\" is not an RFC 3339 date-time\n";
      return kExitBadInput;
    }
    now = *t;
  }
  pack_dir = PackDirOrBundled(kCmd, pack_dir);
  if (pack_dir.empty()) return kExitBadInput;
  auto pack = LoadPackOrPrint(kCmd, pack_dir, allow_outside_pack);
  if (!pack) return kExitBadInput;
  const ControlDef* control = (*pack)->FindControl(control_id);
  if (control == nullptr) {
    std::vector<std::string> ids;
    for (const ControlDef& c : (*pack)->controls) ids.push_back(c.id);
    std::cerr << kCmd << ": no control \"" << control_id << "\" in the pack " << DisplayPath(pack_dir) << "."
              << DidYouMean(control_id, ids) << "\n";
    return kExitBadInput;
  }
  const CheckDef* check = nullptr;
  if (check_sel.empty()) {
    if (control->checks.size() != 1) {
      std::cerr << kCmd << ": the control " << control->id << " has " << control->checks.size()
                << " checks; give --check N (1 to " << control->checks.size()
                << ") or --check NAME:";
      for (const CheckDef& k : control->checks) std::cerr << " \"" << k.name << "\"";
      std::cerr << "\n";
      return kExitBadInput;
    }
    check = &control->checks[0];
  } else {
    size_t n = 0;
    if (absl::SimpleAtoi(check_sel, &n) && n >= 1 && n <= control->checks.size()) {
      check = &control->checks[n - 1];
    }
    for (const CheckDef& k : control->checks) {
      if (check == nullptr && k.name == check_sel) check = &k;
    }
    if (check == nullptr) {
      std::vector<std::string> names;
      for (const CheckDef& k : control->checks) names.push_back(k.name);
      std::cerr << kCmd << ": the control " << control->id << " has no check \"" << check_sel
                << "\" (give 1 to " << control->checks.size() << " or a name)."
                << DidYouMean(check_sel, names) << "\n";
      return kExitBadInput;
    }
  }
  ParameterOverrides overrides;
  for (const auto& [name, value] : var_flags) {
    if (control->FindParameter(name) == nullptr) {
      std::vector<std::string> names;
      for (const ParameterDef& p : control->parameters) names.push_back(p.name);
      std::cerr << kCmd << ": --var " << name << ": the control " << control->id
                << " has no parameter \"" << name << "\""
                << (names.empty() ? std::string(" (it has none)")
                                  : StrCat(" (", StrJoin(names, ", "), ")."))
                << DidYouMean(name, names) << "\n";
      return kExitBadInput;
    }
    overrides[control->id][name] = value;
  }
  if (absl::Status s = ValidateOverrides(**pack, overrides); !s.ok()) {
    std::cerr << kCmd << ": " << s.message() << "\n";
    return kExitBadInput;
  }
  absl::StatusOr<Value> vars = ResolveParameters(*control, overrides, now);
  if (!vars.ok()) {
    std::cerr << kCmd << ": " << vars.status().message() << "\n";
    return kExitBadInput;
  }
  LoadOptions lopts = drop_opts;
  lopts.file_name = graph_path;
  LoadStats lstats;
  lopts.stats = &lstats;
  auto graph = LoadGraphJsonFile(graph_path, (*pack)->schema, lopts);
  if (!graph.ok()) {
    std::cerr << kCmd << ": " << graph.status().message() << "\n";
    return kExitBadInput;
  }
  PrintDropped(kCmd, graph_path, lstats);
  EvalOptions eopts;
  eopts.threads = threads;
  eopts.max_result_rows = max_rows;
  absl::StatusOr<QueryResult> result = check->query->Evaluate(**graph, *vars, eopts);
  if (!result.ok()) return Fail(result.status());
  absl::StatusOr<std::string> out = ResultText(*result, pretty);
  if (!out.ok()) return Fail(out.status());
  if (absl::Status s = WriteOutput("-", *out); !s.ok()) {
    std::cerr << kCmd << ": " << s.message() << "\n";
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace

int QueryMain(const std::vector<std::string>& args) {
  std::string schema_path, graph_path, vars_path, pack_dir, control_id, check_sel, now_text;
  std::vector<std::string> fragment_paths, operands;
  Value::Object var_flags;
  bool stats = false, pretty = false, allow_outside_pack = false;
  int repeat = 1, threads = 0;
  size_t max_rows = 0;
  FlagSet flags("vigil query", kDescription);
  flags.String("--schema", "FILE", "the GraphQL SDL schema (required with QUERY_FILE)",
               &schema_path);
  flags.String("--graph", "FILE", "the graph JSON (required)", &graph_path);
  flags.Strings("--fragments", "FILE", "a fragment library the query may use", &fragment_paths);
  flags.String("--vars", "FILE", "the variables, a JSON object (with QUERY_FILE)", &vars_path);
  flags.String("--pack", "DIR", "the pack of --control", &pack_dir);
  flags.String("--control", "ID", "run a check of this control of the pack", &control_id);
  flags.String("--check", "N|NAME",
               "which check of the control (1 for the first; required when it has several)",
               &check_sel);
  flags.Custom("--var", "NAME=VALUE",
               "a variable (with --control: a parameter of the control), over --vars and the "
               "parameter defaults; the value is JSON, or else a string",
               true, [&](const std::string& v) { return ParseVar(v, &var_flags); });
  flags.String("--now", "RFC3339",
               "with --control: the time DateTime parameters (\"-P90D\") are taken from "
               "(default: now)",
               &now_text);
  flags.Switch("--pretty", "indent the result JSON", &pretty);
  std::string format = "json";
  bool no_color = false;
  flags.String("--format", "json", "the format of the result: JSON (the only one)", &format);
  AddNoColorFlag(&flags, &no_color);
  AddAllowOutsidePackFlag(&flags, &allow_outside_pack);
  flags.Int("--threads", "N", "threads of the evaluation (0: one per core)", 0, INT_MAX,
            &threads);
  flags.Switch("--stats", "print timings and sizes as JSON on standard error", &stats);
  flags.Int("--repeat", "N", "evaluate N times (timings give the median)", 1, INT_MAX, &repeat);
  AddMaxResultRowsFlag(&flags, &max_rows);
  LoadOptions drop_opts;
  AddDropFlags(&flags, &drop_opts);
  flags.Operands("[QUERY_FILE|-]", 0, 1, &operands);
  flags.Epilogue(kExit);
  if (std::optional<int> exit = flags.Parse(args)) return *exit;
  if (format != "json") return flags.UsageError("--format is json (a query's result is JSON)");
  if (!control_id.empty()) {
    if (!operands.empty() || !schema_path.empty() || !fragment_paths.empty() ||
        !vars_path.empty()) {
      return flags.UsageError(
          "--control runs a check of the pack: give no QUERY_FILE, --schema, --fragments or "
          "--vars with it (the pack's schema and fragments are used)");
    }
    if (graph_path.empty()) return flags.UsageError("--graph FILE is required");
    return QueryPackCheck(pack_dir, control_id, check_sel, var_flags, now_text, graph_path,
                          drop_opts, allow_outside_pack, threads, max_rows, pretty);
  }
  if (!pack_dir.empty() || !check_sel.empty() || !now_text.empty()) {
    return flags.UsageError("--pack, --check and --now go with --control ID");
  }
  if (schema_path.empty() || graph_path.empty() || operands.empty()) {
    return flags.UsageError("--schema, --graph and a query file are required (or --control ID)");
  }
  // Paths are opened as given; DisplayPath is for messages only.
  const std::string query_path = operands[0];

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
  if (!var_flags.empty()) {
    if (!vars.is_object()) vars = Value(Value::Object{});
    for (auto& [name, value] : var_flags) {
      bool set = false;
      for (auto& [k, old] : vars.as_object()) {
        if (k == name) {
          old = value;
          set = true;
        }
      }
      if (!set) vars.as_object().emplace_back(name, value);
    }
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
  absl::StatusOr<std::string> out = ResultText(*result, pretty);
  if (!out.ok()) return Fail(out.status());
  double t_ser = NowMs() - t_s0;
  if (absl::Status s = WriteOutput("-", *out); !s.ok()) {
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
