// The flags module of the `vigil` command (src/cli/flags.h): parsing by the
// declarations, the errors (exit 2, "did you mean"), the generated usage;
// and, through the command itself, that every subcommand uses it.
#include "src/cli/flags.h"

#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/command.h"
#include "vigil/version.h"

namespace vigil::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

struct Parsed {
  std::string pack, format = "text";
  std::vector<std::string> controls, files, operands;
  int threads = 0;
  double min = -1;
  size_t max_rows = 0;
  bool stats = false;
  std::optional<int> exit;
  std::string out, err;
};

Parsed Parse(const std::vector<std::string>& args) {
  Parsed p;
  FlagSet flags("vigil demo", "Does a demo.\n");
  flags.String("--pack", "DIR", "the pack", &p.pack);
  flags.String("--format|-f", "F", "text or json", &p.format);
  flags.Strings("--control", "ID", "only this control", &p.controls);
  flags.Int("--threads", "N", "threads", 0, 1024, &p.threads);
  flags.Double("--coverage-min", "P", "a percentage", 0, 100, &p.min);
  flags.Size("--max-rows", "N", "most rows", 1, &p.max_rows);
  flags.Switch("--stats", "timings", &p.stats);
  flags.List("--files", "FILE", "one or more files", &p.files);
  flags.Operands("[PATH...]", 0, 2, &p.operands);
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  p.exit = flags.Parse(args);
  p.out = ::testing::internal::GetCapturedStdout();
  p.err = ::testing::internal::GetCapturedStderr();
  return p;
}

TEST(Flags, ValuesByDeclaration) {
  Parsed p = Parse({"a", "--pack", "packs/x", "-f", "json", "--control", "c1", "--control=c2",
                    "--threads=4", "--coverage-min", "87.5", "--stats", "--files", "x.json",
                    "y.json", "--", "--not-a-flag"});
  EXPECT_FALSE(p.exit.has_value()) << p.err;
  EXPECT_EQ(p.pack, "packs/x");
  EXPECT_EQ(p.format, "json");
  EXPECT_THAT(p.controls, ElementsAre("c1", "c2"));
  EXPECT_EQ(p.threads, 4);
  EXPECT_EQ(p.min, 87.5);
  EXPECT_TRUE(p.stats);
  EXPECT_THAT(p.files, ElementsAre("x.json", "y.json"));
  EXPECT_THAT(p.operands, ElementsAre("a", "--not-a-flag"));
}

TEST(Flags, SizeTakesCountsBeyondInt) {
  Parsed p = Parse({"--max-rows", "10000000000"});
  EXPECT_FALSE(p.exit.has_value()) << p.err;
  EXPECT_EQ(p.max_rows, size_t{10000000000});
  for (const char* bad : {"0", "-1", "1.5", "x", "99999999999999999999999"}) {
    Parsed q = Parse({"--max-rows", bad});
    EXPECT_EQ(q.exit, 2) << bad;
    EXPECT_THAT(q.err, HasSubstr("--max-rows needs a positive integer")) << bad;
  }
}

TEST(Flags, DashAloneIsAnOperand) {
  Parsed p = Parse({"-", "--stats"});
  EXPECT_FALSE(p.exit.has_value()) << p.err;
  EXPECT_THAT(p.operands, ElementsAre("-"));
}

TEST(Flags, UnknownFlagSuggestsTheClosest) {
  Parsed p = Parse({"--formt", "json"});
  EXPECT_EQ(p.exit, 2);
  EXPECT_THAT(p.err, HasSubstr("vigil demo: unknown flag \"--formt\". Did you mean \"--format\"?"));
  EXPECT_THAT(p.err, HasSubstr("usage: vigil demo"));
  EXPECT_THAT(p.err, HasSubstr("Run `vigil demo --help`"));
  EXPECT_EQ(p.out, "");
}

TEST(Flags, Errors) {
  auto err = [](std::vector<std::string> args) {
    Parsed p = Parse(args);
    EXPECT_EQ(p.exit, 2) << args[0];
    return p.err;
  };
  EXPECT_THAT(err({"--pack"}), HasSubstr("--pack needs a value (--pack DIR)"));
  EXPECT_THAT(err({"--pack", "a", "--pack", "b"}),
              HasSubstr("--pack is given twice (it may be given once)"));
  EXPECT_THAT(err({"--threads", "many"}), HasSubstr("--threads needs an integer from 0 to 1024"));
  EXPECT_THAT(err({"--threads", "2000"}), HasSubstr("--threads needs an integer from 0 to 1024"));
  EXPECT_THAT(err({"--coverage-min", "101"}),
              HasSubstr("--coverage-min needs a number from 0 to 100"));
  EXPECT_THAT(err({"--stats=yes"}), HasSubstr("--stats takes no value"));
  EXPECT_THAT(err({"--files"}), HasSubstr("--files needs at least one value"));
  EXPECT_THAT(err({"a", "b", "c"}), HasSubstr("unexpected argument \"c\""));
}

TEST(Flags, HelpIsMadeFromTheDeclarations) {
  Parsed p = Parse({"--stats", "--help", "--bogus"});
  EXPECT_EQ(p.exit, 0);
  EXPECT_EQ(p.err, "");
  EXPECT_THAT(p.out, HasSubstr("usage: vigil demo [--pack DIR] [--format F] [--control ID]..."));
  EXPECT_THAT(p.out, HasSubstr("[PATH...]"));
  EXPECT_THAT(p.out, HasSubstr("Does a demo.\n"));
  EXPECT_THAT(p.out, HasSubstr("  --format, -f F"));
  EXPECT_THAT(p.out, HasSubstr("only this control (repeatable)"));
  EXPECT_THAT(p.out, HasSubstr("  --files FILE..."));
}

TEST(Flags, MissingOperand) {
  std::vector<std::string> ops;
  FlagSet flags("vigil one", "");
  flags.Operands("CONTROL_ID", 1, 1, &ops);
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(flags.Parse({}), 2);
  EXPECT_THAT(::testing::internal::GetCapturedStderr(), HasSubstr("missing CONTROL_ID"));
}

// Every subcommand parses its flags with the module: the same errors, the
// same generated help.
TEST(Flags, EverySubcommand) {
  for (const char* cmd : {"query", "run", "lint", "explain", "test", "gen", "snapshot", "bench"}) {
    testing::CommandResult bad = testing::RunArgv({VIGIL_CLI_PATH, cmd, "--bogus-flag"});
    EXPECT_EQ(bad.status, 2) << cmd;
    EXPECT_THAT(bad.err, HasSubstr(std::string("vigil ") + cmd + ": unknown flag \"--bogus-flag\""))
        << cmd;
    testing::CommandResult help = testing::RunArgv({VIGIL_CLI_PATH, cmd, "--help"});
    EXPECT_EQ(help.status, 0) << cmd;
    EXPECT_THAT(help.out, HasSubstr(std::string("usage: vigil ") + cmd)) << cmd;
    EXPECT_THAT(help.out, HasSubstr("Flags:\n")) << cmd;
  }
  testing::CommandResult typo = testing::RunArgv({VIGIL_CLI_PATH, "run", "--formt", "json"});
  EXPECT_EQ(typo.status, 2);
  EXPECT_THAT(typo.err, HasSubstr("Did you mean \"--format\"?"));
  testing::CommandResult twice =
      testing::RunArgv({VIGIL_CLI_PATH, "test", "--format", "json", "--format", "text"});
  EXPECT_EQ(twice.status, 2);
  EXPECT_THAT(twice.err, HasSubstr("--format is given twice"));
  for (const char* sub : {"print", "keys"}) {
    testing::CommandResult bad = testing::RunArgv({VIGIL_CLI_PATH, "schema", sub, "--bogus"});
    EXPECT_EQ(bad.status, 2) << sub;
    EXPECT_THAT(bad.err, HasSubstr(std::string("vigil schema ") + sub + ": unknown flag"));
    testing::CommandResult help = testing::RunArgv({VIGIL_CLI_PATH, "schema", sub, "--help"});
    EXPECT_EQ(help.status, 0) << sub;
    EXPECT_THAT(help.out, HasSubstr(std::string("usage: vigil schema ") + sub)) << sub;
  }
  testing::CommandResult no_type = testing::RunArgv({VIGIL_CLI_PATH, "schema", "keys"});
  EXPECT_EQ(no_type.status, 2);
  EXPECT_THAT(no_type.err, HasSubstr("missing TYPE"));
  testing::CommandResult two_schemas =
      testing::RunArgv({VIGIL_CLI_PATH, "schema", "print", "a.graphql", "b.graphql"});
  EXPECT_EQ(two_schemas.status, 2);
  testing::CommandResult keys_twice = testing::RunArgv(
      {VIGIL_CLI_PATH, "schema", "keys", "--schema", "a.graphql", "--schema", "b.graphql", "T"});
  EXPECT_EQ(keys_twice.status, 2);
  EXPECT_THAT(keys_twice.err, HasSubstr("--schema is given twice"));
  testing::CommandResult imp = testing::RunArgv({VIGIL_CLI_PATH, "import", "aws-cli", "--bogus"});
  EXPECT_EQ(imp.status, 2);
  EXPECT_THAT(imp.err, HasSubstr("vigil import aws-cli: unknown flag \"--bogus\""));
  testing::CommandResult regions =
      testing::RunArgv({VIGIL_CLI_PATH, "import", "aws-config", "--regions", "eu-west-1"});
  EXPECT_EQ(regions.status, 2);  // --regions goes with aws-cli only
  testing::CommandResult help = testing::RunArgv({VIGIL_CLI_PATH, "run", "--help"});
  for (const char* flag : {"--pack", "--graph", "--aws-cli", "--aws-config", "--regions",
                           "--exceptions", "--format", "--output, -o", "--threads", "--param",
                           "--params", "--control", "--stats", "--now", "--no-color"}) {
    EXPECT_THAT(help.out, HasSubstr(flag)) << flag;
  }
}

// `vigil --version` prints the library's version (vigil/version.h), exit 0.
TEST(Flags, Version) {
  testing::CommandResult v = testing::RunArgv({VIGIL_CLI_PATH, "--version"});
  EXPECT_EQ(v.status, 0) << v.err;
  EXPECT_EQ(v.out, std::string("vigil ") + VIGIL_VERSION + "\n");
  EXPECT_EQ(v.err, "");
  testing::CommandResult usage = testing::RunArgv({VIGIL_CLI_PATH, "--help"});
  EXPECT_THAT(usage.out, HasSubstr("--version"));
}

}  // namespace
}  // namespace vigil::cli
