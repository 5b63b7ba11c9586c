// vigil lint: checks a pack (flags: LintMain).
#include <iostream>

#include "src/cli/cli.h"
#include "src/cli/flags.h"
#include "src/cli/output.h"
#include "vigil/value.h"
#include "vigil/policy.h"

namespace vigil::cli {
namespace {

constexpr char kDescription[] =
    "Loads and compiles every control of a pack (default: pack.json in the\n"
    "working directory or its nearest parent, else the bundled packs/cis-aws) and\n"
    "reports errors and warnings: filters such as f_NOT or f_NOT_IN that silently\n"
    "leave out assets missing the property, rows that do not select `id`, unused\n"
    "parameters, controls without a test case when the pack has tests/.\n";
constexpr char kExit[] =
    "Exit status: 0 no error (1 with --werror when there are warnings),\n"
    "2 errors in the pack, 3 internal error.\n";

}  // namespace

int LintMain(const std::vector<std::string>& args) {
  std::string pack_dir;
  std::vector<std::string> operands;
  std::string format = "text";
  bool werror = false, no_color = false;
  bool allow_outside_pack = false;
  FlagSet flags("vigil lint", kDescription);
  flags.String("--pack", "DIR", "the pack (also as the operand)", &pack_dir);
  flags.Switch("--werror", "exit 1 when there are warnings", &werror);
  flags.String("--format", "text|json",
               "text: the diagnostics and a summary on standard error (default); json: on "
               "standard output, {\"pack\", \"controls\", \"checks\", \"diagnostics\": "
               "[{\"file\", \"line\", \"column\", \"severity\", \"code\", \"message\"}], "
               "\"errors\", \"warnings\"}",
               &format);
  AddNoColorFlag(&flags, &no_color);
  AddAllowOutsidePackFlag(&flags, &allow_outside_pack);
  flags.Operands("[DIR]", 0, 1, &operands);
  flags.Epilogue(kExit);
  if (std::optional<int> exit = flags.Parse(args)) return *exit;
  if (format != "text" && format != "json") return flags.UsageError("--format is text or json");
  if (!operands.empty()) {
    if (!pack_dir.empty()) return flags.UsageError("give the pack once: --pack DIR or DIR");
    pack_dir = operands[0];
  }
  pack_dir = PackDirOrBundled("vigil lint", pack_dir);
  if (pack_dir.empty()) return kExitBadInput;
  Diagnostics diags;
  auto pack = LoadPack(pack_dir, PackOptions(allow_outside_pack), &diags);
  if (pack.ok()) LintPack(**pack, &diags);
  if (format == "text") PrintDiagnostics(diags);
  int errors = 0, warnings = 0;
  for (const Diagnostic& d : diags) {
    errors += d.severity == Severity::kError;
    warnings += d.severity == Severity::kWarning;
  }
  if (!pack.ok() && errors == 0) {
    std::cerr << "vigil lint: " << pack.status().message() << "\n";
    errors = 1;
  }
  size_t checks = 0;
  if (format == "json") {
    if (pack.ok()) {
      for (const auto& c : (*pack)->controls) checks += c.checks.size();
    }
    Value doc = DiagnosticsJson(diags);
    Value::Object head = {
        {"pack", Value(DisplayPath(pack_dir))},
        {"controls", Value(static_cast<int64_t>(pack.ok() ? (*pack)->controls.size() : 0))},
        {"checks", Value(static_cast<int64_t>(checks))}};
    for (auto& member : doc.as_object()) {
      if (member.first == "errors") member.second = Value(static_cast<int64_t>(errors));
      head.push_back(std::move(member));
    }
    if (absl::Status s = WriteOutput("-", PrettyJson(Value(std::move(head)))); !s.ok()) {
      std::cerr << "vigil lint: " << s.message() << "\n";
      return kExitBadInput;
    }
    if (errors > 0) return kExitBadInput;
    if (werror && warnings > 0) return kExitFailed;
    return kExitOk;
  }
  if (pack.ok()) {
    for (const auto& c : (*pack)->controls) checks += c.checks.size();
    const size_t controls = (*pack)->controls.size();
    std::cerr << DisplayPath(pack_dir) << ": " << controls << " control" << (controls == 1 ? "" : "s") << ", "
              << checks << " check" << (checks == 1 ? "" : "s") << "; ";
  } else {
    std::cerr << DisplayPath(pack_dir) << ": ";
  }
  std::cerr << errors << " error" << (errors == 1 ? "" : "s") << ", " << warnings << " warning"
            << (warnings == 1 ? "" : "s") << "\n";
  if (errors > 0) return kExitBadInput;
  if (werror && warnings > 0) return kExitFailed;
  return kExitOk;
}

}  // namespace vigil::cli
