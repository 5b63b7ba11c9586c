// The `vigil` command: one subcommand's flags, declared once.
//
// Each subcommand declares its flags (name, value type, whether it may be
// repeated, help text) and its operands; Parse reads the arguments by those
// declarations, and Usage writes the help text from them, so that what a
// command accepts and what its help says cannot drift apart.
//
//   std::string pack;
//   int threads = 0;
//   FlagSet flags("vigil lint", "Checks a pack's controls.");
//   flags.String("--pack", "DIR", "the pack (default: the bundled packs/cis-aws)", &pack);
//   flags.Int("--threads", "N", "threads (0: one per core)", 0, 1024, &threads);
//   if (std::optional<int> exit = flags.Parse(args)) return *exit;
//
// Rules:
//  - `--name VALUE` and `--name=VALUE`; a switch takes no value;
//  - a flag that is not repeatable may be given once;
//  - `-h`/`--help` prints the usage on standard output (exit 0);
//  - `--` ends the flags: every later word is an operand;
//  - "-" alone is an operand (standard input or output);
//  - an unknown flag, a missing or bad value, a flag given twice or an
//    operand too many is an error on standard error, with "did you mean"
//    for a misspelt flag and a pointer to --help: exit 2;
//  - an empty value of a String, Strings or List flag (`--graph ""`, or
//    `--graph "$GRAPH"` with the variable unset) is such an error, naming
//    the flag, unless the flag was declared with AllowEmpty; so is an
//    empty operand. A default is never taken for an empty word.
#ifndef VIGIL_SRC_CLI_FLAGS_H_
#define VIGIL_SRC_CLI_FLAGS_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace vigil::cli {

class FlagSet {
 public:
  // `command` prefixes every message ("vigil run"); `description` follows
  // the synopsis in the usage text (lines of at most 78 columns, ending in
  // a newline).
  FlagSet(std::string command, std::string description);

  // Called with a flag's value; a non-OK status is the error shown
  // ("--threads needs an integer from 0 to 1024").
  using Handler = std::function<absl::Status(const std::string& value)>;

  // `names`: the flag and its aliases, "--output|-o". `metavar` names the
  // value in the usage ("FILE"). A flag of a string value may be repeated
  // only when it collects into a vector.
  void String(std::string names, std::string metavar, std::string help, std::string* out);
  void Strings(std::string names, std::string metavar, std::string help,
               std::vector<std::string>* out);  // repeatable
  // An integer (or number) in [min, max].
  void Int(std::string names, std::string metavar, std::string help, int min, int max,
           int* out);
  void Double(std::string names, std::string metavar, std::string help, double min,
              double max, double* out);
  // A count: an integer of at least `min` (up to SIZE_MAX).
  void Size(std::string names, std::string metavar, std::string help, size_t min,
            size_t* out);
  // Sets *out to true.
  void Switch(std::string names, std::string help, bool* out);
  // Any other value type: `handler` checks and stores the value.
  void Custom(std::string names, std::string metavar, std::string help, bool repeatable,
              Handler handler);
  // One or more values: every following word up to the next one that
  // starts with "--" ("--aws-config A.json B.json").
  void List(std::string names, std::string metavar, std::string help,
            std::vector<std::string>* out);

  // Lets the flag `name` (declared before) take an empty value, e.g.
  // --run "" (every case).
  void AllowEmpty(const std::string& name);

  // Words that are not flags. At least `min` and at most `max` of them;
  // `metavar` ("QUERY_FILE|-", "[PATH...]") names them in the synopsis.
  void Operands(std::string metavar, size_t min, size_t max, std::vector<std::string>* out);

  // Extra text after the flags in the usage (e.g. the exit statuses).
  void Epilogue(std::string text) { epilogue_ = std::move(text); }

  // Reads args[start...]. nullopt: go on; otherwise the exit status to
  // return at once (0 after --help, 2 after an error, already printed).
  std::optional<int> Parse(const std::vector<std::string>& args, size_t start = 0);

  // The help text: synopsis, description, one line (or more) per flag,
  // the epilogue.
  std::string Usage() const;
  // The synopsis alone ("usage: vigil lint [--pack DIR] [--werror]").
  std::string Synopsis() const;

  // Prints "<command>: <message>" and a pointer to --help on standard
  // error; returns 2, for errors a command finds after Parse.
  int UsageError(const std::string& message) const;

 private:
  enum class Arity { kNone, kOne, kList };
  struct Flag {
    std::vector<std::string> names;  // the first is the main name
    std::string metavar, help;
    Arity arity = Arity::kOne;
    bool repeatable = false;
    bool reject_empty = false;  // String, Strings, List: "" is an error
    Handler handler;
    int seen = 0;
  };
  void Add(std::string names, std::string metavar, std::string help, Arity arity,
           bool repeatable, Handler handler);
  Flag* Find(const std::string& name);
  std::string Suggest(const std::string& name) const;

  std::string command_, description_, epilogue_;
  std::vector<Flag> flags_;
  std::string operand_metavar_;
  size_t min_operands_ = 0, max_operands_ = 0;
  std::vector<std::string>* operands_ = nullptr;
};

}  // namespace vigil::cli

#endif  // VIGIL_SRC_CLI_FLAGS_H_
