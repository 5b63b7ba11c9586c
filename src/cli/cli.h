// The `vigil` command: shared helpers of its subcommands.
#ifndef VIGIL_SRC_CLI_CLI_H_
#define VIGIL_SRC_CLI_CLI_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "vigil/diagnostic.h"
#include "vigil/json_loader.h"
#include "vigil/policy.h"

namespace vigil {
struct Pack;
class Value;
}  // namespace vigil

namespace vigil::cli {

class FlagSet;

// Exit statuses of every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;    // a control or test failed
inline constexpr int kExitBadInput = 2;  // bad input or usage
inline constexpr int kExitInternal = 3;  // a bug in vigil

// Peak resident set size of this process, in MiB.
double PeakRssMiB();
double NowMs();

int QueryMain(const std::vector<std::string>& args);
int RunMain(const std::vector<std::string>& args);      // run_cmd.cc
int LintMain(const std::vector<std::string>& args);     // lint_cmd.cc
int ExplainMain(const std::vector<std::string>& args);  // explain_cmd.cc
int TestMain(const std::vector<std::string>& args);     // test_cmd.cc
int SchemaMain(const std::vector<std::string>& args);   // schema_cmd.cc
int ImportMain(const std::vector<std::string>& args);   // import_cmd.cc
int GenMain(const std::vector<std::string>& args);      // gen_cmd.cc
int SnapshotMain(const std::vector<std::string>& args); // snapshot_cmd.cc
int BenchMain(const std::vector<std::string>& args);    // bench_cmd.cc
int InitMain(const std::vector<std::string>& args);     // init_cmd.cc

// Path of bundled content (e.g. "packs/cis-aws"): under <prefix>/share/vigil
// beside the installed command, else in the source tree; "" if neither.
std::string DefaultDataPath(const std::string& relative);
// How the commands load a pack: confined to its own files (and the bundled
// schemas) unless `allow_outside_pack` (--allow-outside-pack).
PackLoadOptions PackOptions(bool allow_outside_pack);
// Prints diagnostics on standard error, one formatted block each.
void PrintDiagnostics(const Diagnostics& diags);

// --allow-outside-pack, as every command that loads a pack declares it.
void AddAllowOutsidePackFlag(FlagSet* flags, bool* out);
// --max-result-rows N, as vigil query and vigil run declare it.
void AddMaxResultRowsFlag(FlagSet* flags, size_t* out);
// --drop-unknown-properties and --drop-dangling-edges (partial inventories:
// docs/graph-format.md), as every command that loads a graph JSON declares
// them, into `options`.
void AddDropFlags(FlagSet* flags, LoadOptions* options);
// "<command>: FILE: dropped ..." on standard error when the load left
// anything out (LoadStats::dropped); nothing otherwise.
void PrintDropped(std::string_view command, std::string_view file, const LoadStats& stats);

// The first word of a command that has subcommands ("vigil schema print
// ..."): nullopt with *sub set when it is one of `names`; otherwise the
// exit status, after printing `usage` (on standard output for -h/--help,
// exit 0; else on standard error, exit 2, with "<command>: unknown <what>
// \"X\" (a or b)" when a word was given).
std::optional<int> Subcommand(const std::vector<std::string>& args, std::string_view command,
                              std::string_view what, const std::vector<std::string>& names,
                              const std::string& usage, std::string* sub);

// Where a subcommand's pack came from.
enum class PackOrigin {
  kGiven,       // --pack DIR (or the command's pack operand)
  kDiscovered,  // pack.json in the working directory or its nearest parent
  kBundled,     // the bundled packs/cis-aws
};
// The pack directory of a subcommand: `dir` when given; else, as git finds
// its repository, the nearest directory holding pack.json from the working
// directory up (not crossing into another file system); else the bundled
// packs/cis-aws. A default taken is said on standard error ("<command>:
// using the pack ./pack.json (found in the working directory)", "...: using
// the bundled pack DIR (...)"); standard output stays the report's. "" when
// there is no pack at all, after printing "<command>: the bundled pack
// packs/cis-aws was not found; give --pack DIR". `origin`, when not null,
// says which one was taken.
std::string PackDirOrBundled(std::string_view command, const std::string& dir,
                             PackOrigin* origin = nullptr);
// The pack in `dir`, loaded and validated; nullopt when it has errors, after
// printing its diagnostics and "<command>: the pack DIR has errors".
// Loaded with PackOptions(allow_outside_pack).
std::optional<std::shared_ptr<const Pack>> LoadPackOrPrint(std::string_view command,
                                                           const std::string& dir,
                                                           bool allow_outside_pack);

// How every command shows a path in its messages: relative to the working
// directory when it lies below it ("packs/a/pack.json" for
// /cwd/packs/a/pack.json or ../cwd/packs/a/pack.json), else absolute. ""
// stays "", "-" stays "-".
std::string DisplayPath(const std::string& path);

// One output of a command that writes several (--format F --output P,
// repeated and paired in order).
struct OutputSpec {
  std::string format;
  std::string path;  // "-": standard output
};
// Pairs the --format and --output values in order: the i-th --output
// takes the i-th --format; a last --format without an --output goes to
// standard output; no --format: `default_format` (to the one --output, or
// to standard output). At most one output may be standard output, and an
// --output needs a --format when more than one is given. On error, the
// message (for FlagSet::UsageError) in *error.
std::optional<std::vector<OutputSpec>> PairOutputs(const std::vector<std::string>& formats,
                                                   const std::vector<std::string>& outputs,
                                                   const std::string& default_format,
                                                   std::string* error);

// --no-color, as every command that prints results declares it.
void AddNoColorFlag(FlagSet* flags, bool* out);

// Diagnostics as data: {"diagnostics": [{"file", "line", "column",
// "severity", "code", "message"}...], "errors": N, "warnings": N}, the
// file shown by DisplayPath, line and column 0 when unknown.
Value DiagnosticsJson(const Diagnostics& diags);
// `v` as JSON, indented by two spaces per level, ending in a newline.
std::string PrettyJson(const Value& v);

}  // namespace vigil::cli

#endif  // VIGIL_SRC_CLI_CLI_H_
