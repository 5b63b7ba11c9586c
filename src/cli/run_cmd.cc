// vigil run: evaluates a pack over a graph (flags: RunMain); and the helpers
// the subcommands share (DefaultDataPath, PrintDiagnostics).
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "absl/strings/str_format.h"
#include "src/base/file.h"
#include "src/base/strings.h"
#include "src/cli/cli.h"
#include "src/cli/flags.h"
#include "src/cli/inventory.h"
#include "src/cli/output.h"
#include "vigil/engine.h"
#include "vigil/json_loader.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"
#include "vigil/report.h"
#include "vigil/waivers.h"

#ifndef VIGIL_SOURCE_DIR
#define VIGIL_SOURCE_DIR ""
#endif

namespace vigil::cli {

std::string DefaultDataPath(const std::string& relative) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // Installed: <prefix>/bin/vigil and <prefix>/share/vigil/<relative>.
    fs::path installed = exe.parent_path().parent_path() / "share" / "vigil" / relative;
    if (fs::exists(installed, ec)) return installed.string();
  }
  std::string src = VIGIL_SOURCE_DIR;
  if (!src.empty()) {
    fs::path p = fs::path(src) / relative;
    if (fs::exists(p, ec)) return p.string();
  }
  return "";
}

void PrintDiagnostics(const Diagnostics& diags) {
  // Paths as every command shows them (DisplayPath): relative to the
  // working directory below it, else absolute.
  for (const Diagnostic& d : diags) {
    if (d.file.empty()) {
      std::cerr << d.ToString() << "\n";
      continue;
    }
    Diagnostic shown = d;
    shown.file = DisplayPath(d.file);
    std::cerr << shown.ToString() << "\n";
  }
}

namespace {

constexpr char kDescription[] =
    "Evaluates every check of a pack over an asset graph and writes a report.\n"
    "The inventory: --graph FILE, or real AWS data imported by --aws-cli DIR or\n"
    "--aws-config FILE (docs/aws-cli-folder.md, docs/connectors.md); a check whose\n"
    "data was not collected ends in error. The pack: --pack DIR, else pack.json in\n"
    "the working directory or its nearest parent, else the bundled packs/cis-aws.\n"
    "A bare `vigil run` (no --pack, no inventory, no pack.json found) is the demo:\n"
    "the bundled pack over examples/demo-aws.json. Defaults taken are said on\n"
    "standard error.\n";
constexpr char kExit[] =
    "Exit status: 0 every control passed or was waived, 1 a control failed,\n"
    "2 bad input or usage (or a check could not be evaluated, or the report could\n"
    "not be written), 3 internal error.\n";

int Fail(const absl::Status& s) {
  std::cerr << "vigil run: " << s.message() << "\n";
  return s.code() == absl::StatusCode::kInternal ? kExitInternal : kExitBadInput;
}

}  // namespace

int RunMain(const std::vector<std::string>& args) {
  std::string pack_dir, graph_path, exceptions_path;
  std::vector<std::string> format_names, output_paths;
  std::string now_text;
  std::vector<std::string> params_files, only;
  ParameterOverrides overrides;
  bool stats = false, no_color = false, verbose = false, list_passed = false;
  int threads = 0;
  size_t max_rows = 0;
  bool allow_outside_pack = false;
  bool strict_exceptions = false;
  int expiry_warning_days = 14;
  InventorySource inventory;
  FlagSet flags("vigil run", kDescription);
  flags.String("--pack", "DIR",
               "the pack (default: ./pack.json or a parent's, else the bundled packs/cis-aws)",
               &pack_dir);
  flags.String("--graph", "FILE",
               "the graph JSON or snapshot (default, bare `vigil run` only: the demo "
               "examples/demo-aws.json)",
               &graph_path);
  AddInventoryFlags(&flags, &inventory);
  flags.String("--exceptions", "FILE", "an exceptions file: the waivers", &exceptions_path);
  flags.Switch("--strict-exceptions",
               "an exception for a control the pack does not have is an error (default: a "
               "warning)",
               &strict_exceptions);
  flags.Int("--expiry-warning-days", "N",
            "warn of exceptions expiring within N days (default 14; 0: never)", 0, 36500,
            &expiry_warning_days);
  flags.Strings("--format", "text|json|sarif|junit|ocsf|html",
                "the format (default: text); repeated, each with its --output, for several "
                "reports of one run (--format sarif --output a.sarif --format json --output "
                "r.json)",
                &format_names);
  flags.Strings("--output|-o", "FILE",
                "write the report of the --format before it to FILE instead of standard "
                "output (replaced atomically); at most one format goes to standard output",
                &output_paths);
  flags.Int("--threads", "N", "threads (0: one per core)", 0, 1024, &threads);
  flags.Custom("--param", "CONTROL.NAME=VALUE",
               "a parameter of a control; the value is JSON, or else a string", true,
               [&](const std::string& v) { return ParseParamFlag(v, &overrides); });
  flags.Strings("--params", "FILE", "a parameters file", &params_files);
  flags.Strings("--control", "ID", "only this control", &only);
  flags.Switch("--stats", "print timings per check on standard error", &stats);
  flags.String("--now", "RFC3339", "the evaluation time (exception expiry, parameters)",
               &now_text);
  AddNoColorFlag(&flags, &no_color);
  flags.Switch("--verbose|-v",
               "the text report also lists parameter values that were not overridden",
               &verbose);
  AddMaxResultRowsFlag(&flags, &max_rows);
  flags.Switch("--list-passed",
               "list, per check that looks for offending assets, the assets of its type that "
               "passed (JSON `passed`; a count in text)",
               &list_passed);
  AddAllowOutsidePackFlag(&flags, &allow_outside_pack);
  LoadOptions drop_opts;
  AddDropFlags(&flags, &drop_opts);
  flags.Epilogue(kExit);
  if (std::optional<int> exit = flags.Parse(args)) return *exit;
  std::string pair_error;
  std::optional<std::vector<OutputSpec>> outputs =
      PairOutputs(format_names, output_paths, "text", &pair_error);
  if (!outputs) return flags.UsageError(pair_error);
  std::vector<ReportFormat> formats;
  for (const OutputSpec& o : *outputs) {
    auto format = ParseReportFormat(o.format);
    if (!format.ok()) return Fail(format.status());
    formats.push_back(*format);
  }
  // Paths are opened as given (the kernel resolves `link/..` through the
  // link); DisplayPath is for messages and report fields only.
  std::optional<Instant> now;
  if (!now_text.empty()) {
    now = ParseInstant(now_text);
    if (!now) {
      std::cerr << "vigil run: --now \"" << now_text << "\" is not an RFC 3339 date-time\n";
      return kExitBadInput;
    }
  }
  if (!inventory.empty() && !graph_path.empty()) {
    std::cerr << "vigil run: give --graph or --aws-cli/--aws-config, not both\n";
    return kExitBadInput;
  }
  if (!inventory.regions.empty() && inventory.aws_cli_dir.empty()) {
    std::cerr << "vigil run: --regions goes with --aws-cli\n";
    return kExitBadInput;
  }
  // No inventory: the demo, for a bare `vigil run` only. With a pack of
  // one's own (--pack, or pack.json found) a missing --graph is a mistake
  // (an unset CI variable), never a silent run over the demo's assets.
  const bool no_inventory = graph_path.empty() && inventory.empty();
  if (no_inventory && !pack_dir.empty()) {
    return flags.UsageError(
        "no inventory: give --graph FILE or --aws-cli DIR or --aws-config FILE (the demo "
        "graph is used only by a bare `vigil run`, without --pack)");
  }
  PackOrigin origin = PackOrigin::kGiven;
  pack_dir = PackDirOrBundled("vigil run", pack_dir, &origin);
  if (pack_dir.empty()) return kExitBadInput;
  if (no_inventory) {
    if (origin != PackOrigin::kBundled) {
      return flags.UsageError(
          "no inventory: give --graph FILE or --aws-cli DIR or --aws-config FILE (the demo "
          "graph goes with the bundled pack only, not with the pack found here)");
    }
    graph_path = DefaultDataPath("examples/demo-aws.json");
    if (graph_path.empty()) {
      std::cerr << "vigil run: the demo graph examples/demo-aws.json was not found; give "
                   "--graph FILE or --aws-cli DIR or --aws-config FILE\n";
      return kExitBadInput;
    }
    std::cerr << "vigil run: using the demo graph " << DisplayPath(graph_path)
              << " (no --graph, --aws-cli or --aws-config given)\n";
  }

  // The pack: everything validated before anything runs.
  double t0 = NowMs();
  auto pack = LoadPackOrPrint("vigil run", pack_dir, allow_outside_pack);
  if (!pack) return kExitBadInput;
  double t_pack = NowMs() - t0;
  for (const std::string& f : params_files) {
    auto text = ReadTextFile(f);
    if (!text.ok()) return Fail(text.status());
    Diagnostics pd;
    if (absl::Status s = ParseParamsFile(*text, f, &overrides, &pd, pack->get()); !s.ok()) {
      PrintDiagnostics(pd);
      return kExitBadInput;
    }
  }
  if (absl::Status s = ValidateOverrides(**pack, overrides); !s.ok()) return Fail(s);
  std::optional<ExceptionSet> exceptions;
  if (!exceptions_path.empty()) {
    Diagnostics ed;
    ExceptionOptions eopts;
    eopts.strict_controls = strict_exceptions;
    auto ex = ExceptionSet::LoadFile(exceptions_path, pack->get(), &ed, eopts);
    if (!ex.ok()) {
      if (ed.empty()) return Fail(ex.status());
      PrintDiagnostics(ed);
      return kExitBadInput;
    }
    PrintDiagnostics(ed);  // warnings
    exceptions = *std::move(ex);
  }

  // The graph, with progress on a terminal for large files.
  double t1 = NowMs();
  LoadOptions lopts = drop_opts;
  lopts.file_name = graph_path;
  // A progress bar on a terminal, once a load has taken a second (quiet
  // when standard error is not a terminal, and for quick loads).
  bool show_progress = isatty(2) != 0;
  double last_shown = 0;
  bool shown_any = false;
  if (show_progress) {
    lopts.progress = [&, start = NowMs()](size_t done, size_t total) {
      double now_ms = NowMs();
      if (total == 0 || now_ms - start < 1000 || now_ms - last_shown < 100) return;
      last_shown = now_ms;
      shown_any = true;
      const double f = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
      constexpr int kWidth = 30;
      const int filled = static_cast<int>(f * kWidth);
      std::string bar(static_cast<size_t>(filled), '#');
      bar.append(static_cast<size_t>(kWidth - filled), '-');
      std::fprintf(stderr, "\rloading %s [%s] %3.0f%% %.1f / %.1f MiB, %.1f s",
                   DisplayPath(graph_path).c_str(), bar.c_str(), 100.0 * f,
                   static_cast<double>(done) / 1048576.0, static_cast<double>(total) / 1048576.0,
                   (now_ms - start) / 1000.0);
    };
  }
  LoadStats lstats;
  lopts.stats = &lstats;
  absl::StatusOr<std::shared_ptr<const Graph>> graph;
  if (inventory.empty()) {
    graph = LoadGraphJsonFile(graph_path, (*pack)->schema, lopts);
  } else {
    graph = ImportInventory(inventory, (*pack)->schema, "vigil run");
    if (!inventory.aws_cli_dir.empty()) {
      graph_path = inventory.aws_cli_dir;
    } else {
      std::vector<std::string> shown;
      for (const std::string& f : inventory.aws_config_files) shown.push_back(DisplayPath(f));
      graph_path = StrJoin(shown, " ");
    }
    if (graph.ok()) {
      lstats.assets = (*graph)->num_assets();
      lstats.relationships = (*graph)->num_edges();
    }
  }
  // Read: from here on the path is only shown (messages, the report).
  if (inventory.empty() || !inventory.aws_cli_dir.empty()) graph_path = DisplayPath(graph_path);
  if (shown_any) std::fprintf(stderr, "\r\033[K");
  if (!graph.ok()) return Fail(graph.status());
  PrintDropped("vigil run", graph_path, lstats);
  double t_load = NowMs() - t1;
  if ((*graph)->num_assets() == 0) {
    // Allowed (an account with nothing in it), but every "no offending
    // asset" check passes on it: say so (the reports say "0 assets").
    std::cerr << "vigil run: warning: the graph " << graph_path
              << " holds no asset (0 assets evaluated): every check that looks for "
                 "offending assets passes\n";
  }

  RunOptions ropts;
  ropts.threads = threads;
  ropts.now = now;
  ropts.exceptions = exceptions ? &*exceptions : nullptr;
  ropts.overrides = overrides;
  ropts.graph_path = graph_path;
  ropts.only_controls = only;
  ropts.max_result_rows = max_rows;
  ropts.strict_exceptions = strict_exceptions;
  ropts.expiry_warning_days = expiry_warning_days;
  Diagnostics run_diags;
  ropts.diagnostics = &run_diags;
  ropts.list_passed = list_passed;
  // On a terminal, a progress line once the checks have taken a second.
  bool shown_checks = false;
  if (show_progress) {
    ropts.progress = [&, start = NowMs(), last = 0.0](size_t done, size_t total) mutable {
      double now_ms = NowMs();
      if (now_ms - start < 1000 || (now_ms - last < 100 && done < total)) return;
      last = now_ms;
      shown_checks = true;
      std::fprintf(stderr, "\rchecks %zu / %zu, %.1f s", done, total, (now_ms - start) / 1000.0);
    };
  }
  auto report = RunPack(**pack, **graph, ropts);
  if (shown_checks) std::fprintf(stderr, "\r\033[K");
  PrintDiagnostics(run_diags);
  if (!report.ok()) return Fail(report.status());
  report->pack_path = DisplayPath(report->pack_path);  // the pack was read as given
  report->load_ms = t_load;

  // Every output of the one evaluation; "-" included: every write checked,
  // the error (e.g. "No space left on device") reported.
  for (size_t i = 0; i < outputs->size(); ++i) {
    const std::string& output = (*outputs)[i].path;
    TextOptions topts;
    topts.verbose = verbose;
    topts.color = !no_color && std::getenv("NO_COLOR") == nullptr &&
                  (output == "-" || output == "/dev/stdout") && isatty(1) != 0 &&
                  formats[i] == ReportFormat::kText;
    if (absl::Status s = WriteOutput(output, RenderReport(*report, formats[i], topts));
        !s.ok()) {
      std::cerr << "vigil run: " << s.message() << "\n";
      return kExitBadInput;
    }
  }
  if (stats) {
    std::cerr << absl::StrFormat(
        "load: pack %.3f ms (compile %.3f ms), graph %.3f ms (%d assets, %d relationships, "
        "%.1f MiB)\n",
        t_pack, report->compile_ms, t_load, static_cast<int>(lstats.assets),
        static_cast<int>(lstats.relationships), static_cast<double>(lstats.bytes) / 1048576.0);
    for (const ControlReport& c : report->controls) {
      for (const CheckReport& k : c.checks) {
        std::cerr << absl::StrFormat("check %s / %s: %.3f ms, %s, %d offending, %d waived\n",
                                     c.id, k.name, k.time_ms, OutcomeName(k.status),
                                     static_cast<int>(k.offending.size()),
                                     static_cast<int>(k.waived.size()));
      }
    }
    std::cerr << absl::StrFormat("evaluate: %.3f ms; peak RSS %.1f MiB\n", report->evaluate_ms,
                                 PeakRssMiB());
  }
  if (report->summary.errors > 0) return kExitBadInput;
  if (report->summary.failed > 0) return kExitFailed;
  return kExitOk;
}

}  // namespace vigil::cli
