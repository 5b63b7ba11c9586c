// The `vigil` command line.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

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
    "Run `vigil <command> --help` for a command's options;\n"
    "`vigil --version` prints vigil's version.\n";

// A result that did not reach standard output (a full disk, a closed
// pipe...) is not a success: exit 2, as for any output that cannot be
// written. Every command, --help included, ends here.
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
    if (cmd == "query") status = vigil::cli::QueryMain(args);
    if (cmd == "run") status = vigil::cli::RunMain(args);
    if (cmd == "lint") status = vigil::cli::LintMain(args);
    if (cmd == "explain") status = vigil::cli::ExplainMain(args);
    if (cmd == "test") status = vigil::cli::TestMain(args);
    if (cmd == "schema") status = vigil::cli::SchemaMain(args);
    if (cmd == "import") status = vigil::cli::ImportMain(args);
    if (cmd == "gen") status = vigil::cli::GenMain(args);
    if (cmd == "snapshot") status = vigil::cli::SnapshotMain(args);
    if (cmd == "bench") status = vigil::cli::BenchMain(args);
  } catch (const std::exception& e) {
    std::cerr << "vigil: internal error: " << e.what() << "\n";
    return vigil::cli::kExitInternal;
  }
  if (status < 0) {
    std::cerr << "vigil: unknown command \"" << cmd << "\"\n" << kUsage;
    return vigil::cli::kExitBadInput;
  }
  return Finish(cmd, status);
}
