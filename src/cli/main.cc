// The `vigil` command line.
#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "src/base/did_you_mean.h"
#include "src/cli/cli.h"
#include "src/cli/output.h"
#include "vigil/version.h"

namespace {
constexpr char kUsage[] =
    "usage: vigil <command> [options]\n"
    "commands:\n"
    "  query    evaluate a query over a graph and print the result JSON\n"
    "  run      evaluate a pack of controls over a graph and write a report\n"
    "  lint     check a pack's controls for errors and likely mistakes\n"
    "  explain  describe one control of a pack\n"
    "  test     run the unit tests of a pack's controls (coverage, timings)\n"
    "  schema   print a schema's generated query API, or a type's filter keys\n"
    "  import   import real AWS data (aws-cli folder, AWS Config) into a graph\n"
    "  gen      write a synthetic AWS organisation (and what the CIS pack finds)\n"
    "  snapshot convert a graph to a binary snapshot (.vgs)\n"
    "  bench    time each check of a pack over a graph\n"
    "  init     create a new pack (pack.json, a control, a test, README.md)\n"
    "  help     print a command's help (as `vigil <command> --help`)\n"
    "Run `vigil help <command>` or `vigil <command> --help` for a command's options;\n"
    "`vigil --version` prints vigil's version.\n";

// A result that did not reach standard output (a full disk, a closed
// pipe...) is not a success: exit 2, as for any output that cannot be
// written. Every command, --help included, ends here.
// Every command, in the order of the usage.
const std::vector<std::string>& Commands() {
  static const std::vector<std::string> kCommands = {
      "query", "run", "lint", "explain", "test", "schema", "import",
      "gen",   "snapshot", "bench", "init", "help"};
  return kCommands;
}

int Dispatch(const std::string& cmd, const std::vector<std::string>& args);

// vigil help [COMMAND]: the usage, or the command's --help text.
int HelpMain(const std::vector<std::string>& args) {
  if (args.empty() || (args.size() == 1 && (args[0] == "-h" || args[0] == "--help"))) {
    std::cout << kUsage;
    return vigil::cli::kExitOk;
  }
  if (args.size() > 1) {
    std::cerr << "vigil help: give one command (vigil help COMMAND)\n";
    return vigil::cli::kExitBadInput;
  }
  const std::string& cmd = args[0];
  const auto& all = Commands();
  if (std::find(all.begin(), all.end(), cmd) == all.end()) {
    std::cerr << "vigil help: unknown command \"" << cmd << "\"."
              << vigil::DidYouMean(cmd, all) << "\n"
              << kUsage;
    return vigil::cli::kExitBadInput;
  }
  return Dispatch(cmd, {"--help"});
}

int Dispatch(const std::string& cmd, const std::vector<std::string>& args) {
  if (cmd == "query") return vigil::cli::QueryMain(args);
  if (cmd == "run") return vigil::cli::RunMain(args);
  if (cmd == "lint") return vigil::cli::LintMain(args);
  if (cmd == "explain") return vigil::cli::ExplainMain(args);
  if (cmd == "test") return vigil::cli::TestMain(args);
  if (cmd == "schema") return vigil::cli::SchemaMain(args);
  if (cmd == "import") return vigil::cli::ImportMain(args);
  if (cmd == "gen") return vigil::cli::GenMain(args);
  if (cmd == "snapshot") return vigil::cli::SnapshotMain(args);
  if (cmd == "bench") return vigil::cli::BenchMain(args);
  if (cmd == "init") return vigil::cli::InitMain(args);
  if (cmd == "help") return HelpMain(args);
  return -1;
}

int Finish(const std::string& cmd, int status) {
  if (absl::Status s = vigil::cli::FlushStandardOutput(); !s.ok()) {
    std::cerr << (cmd.empty() ? std::string("vigil: ") : "vigil " + cmd + ": ") << s.message()
              << "\n";
    if (status == vigil::cli::kExitOk || status == vigil::cli::kExitFailed) {
      status = vigil::cli::kExitBadInput;
    }
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    std::cout << kUsage;
    return Finish("", args.empty() ? vigil::cli::kExitBadInput : vigil::cli::kExitOk);
  }
  if (args[0] == "--version") {
    std::cout << "vigil " << vigil::Version() << "\n";
    return Finish("", vigil::cli::kExitOk);
  }
  std::string cmd = args[0];
  args.erase(args.begin());
  int status = -1;
  try {
    status = Dispatch(cmd, args);
  } catch (const std::exception& e) {
    std::cerr << "vigil: internal error: " << e.what() << "\n";
    return vigil::cli::kExitInternal;
  }
  if (status < 0) {
    std::cerr << "vigil: unknown command \"" << cmd << "\"." << vigil::DidYouMean(cmd, Commands())
              << "\n"
              << kUsage;
    return vigil::cli::kExitBadInput;
  }
  return Finish(cmd, status);
}
