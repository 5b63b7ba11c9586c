// The `vigil` command line.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "src/cli/cli.h"

namespace {
constexpr char kUsage[] =
    "usage: vigil <command> [options]\n"
    "commands:\n"
    "  query    evaluate a query over a graph and print the result JSON\n"
    "  run      evaluate a pack of controls over a graph and write a report\n"
    "  lint     check a pack's controls for errors and likely mistakes\n"
    "  explain  describe one control of a pack\n"
    "  test     run the unit tests of a pack's controls (coverage, timings)\n"
    "  import   import real AWS data (aws-cli folder, AWS Config) into a graph\n"
    "Run `vigil <command> --help` for a command's options.\n";
}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    std::cout << kUsage;
    return args.empty() ? vigil::cli::kExitBadInput : vigil::cli::kExitOk;
  }
  std::string cmd = args[0];
  args.erase(args.begin());
  try {
    if (cmd == "query") return vigil::cli::QueryMain(args);
    if (cmd == "run") return vigil::cli::RunMain(args);
    if (cmd == "lint") return vigil::cli::LintMain(args);
    if (cmd == "explain") return vigil::cli::ExplainMain(args);
    if (cmd == "test") return vigil::cli::TestMain(args);
    if (cmd == "import") return vigil::cli::ImportMain(args);
  } catch (const std::exception& e) {
    std::cerr << "vigil: internal error: " << e.what() << "\n";
    return vigil::cli::kExitInternal;
  }
  std::cerr << "vigil: unknown command \"" << cmd << "\"\n" << kUsage;
  return vigil::cli::kExitBadInput;
}
