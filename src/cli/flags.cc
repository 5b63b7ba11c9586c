#include "src/cli/flags.h"

#include <climits>
#include <iostream>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "src/base/did_you_mean.h"
#include "src/base/strings.h"
#include "src/cli/cli.h"

namespace vigil::cli {
namespace {

std::vector<std::string> SplitNames(const std::string& names) {
  return absl::StrSplit(names, '|', absl::SkipEmpty());
}

bool IsFlagWord(const std::string& a) { return a.size() > 1 && a[0] == '-'; }

std::string IntRange(int min, int max) {
  if (max == INT_MAX) {
    return min == 1 ? std::string("a positive integer")
                    : min == 0 ? std::string("a non-negative integer")
                               : StrCat("an integer of at least ", min);
  }
  return StrCat("an integer from ", min, " to ", max);
}

}  // namespace

FlagSet::FlagSet(std::string command, std::string description)
    : command_(std::move(command)), description_(std::move(description)) {}

void FlagSet::Add(std::string names, std::string metavar, std::string help, Arity arity,
                  bool repeatable, Handler handler) {
  Flag f;
  f.names = SplitNames(names);
  f.metavar = std::move(metavar);
  f.help = std::move(help);
  f.arity = arity;
  f.repeatable = repeatable;
  f.handler = std::move(handler);
  flags_.push_back(std::move(f));
}

void FlagSet::String(std::string names, std::string metavar, std::string help,
                     std::string* out) {
  Add(std::move(names), std::move(metavar), std::move(help), Arity::kOne, false,
      [out](const std::string& v) {
        *out = v;
        return absl::OkStatus();
      });
  flags_.back().reject_empty = true;
}

void FlagSet::Strings(std::string names, std::string metavar, std::string help,
                      std::vector<std::string>* out) {
  Add(std::move(names), std::move(metavar), std::move(help), Arity::kOne, true,
      [out](const std::string& v) {
        out->push_back(v);
        return absl::OkStatus();
      });
  flags_.back().reject_empty = true;
}

void FlagSet::Int(std::string names, std::string metavar, std::string help, int min, int max,
                  int* out) {
  std::string name = SplitNames(names).front();
  Add(std::move(names), std::move(metavar), std::move(help), Arity::kOne, false,
      [=](const std::string& v) {
        int n = 0;
        if (!absl::SimpleAtoi(v, &n) || n < min || n > max) {
          return absl::InvalidArgumentError(StrCat(name, " needs ", IntRange(min, max)));
        }
        *out = n;
        return absl::OkStatus();
      });
}

void FlagSet::Size(std::string names, std::string metavar, std::string help, size_t min,
                   size_t* out) {
  std::string name = SplitNames(names).front();
  Add(std::move(names), std::move(metavar), std::move(help), Arity::kOne, false,
      [=](const std::string& v) {
        size_t n = 0;
        if (!absl::SimpleAtoi(v, &n) || n < min) {
          return absl::InvalidArgumentError(
              StrCat(name, " needs ",
                     min == 1 ? std::string("a positive integer")
                              : StrCat("an integer of at least ", min)));
        }
        *out = n;
        return absl::OkStatus();
      });
}

void FlagSet::Double(std::string names, std::string metavar, std::string help, double min,
                     double max, double* out) {
  std::string name = SplitNames(names).front();
  Add(std::move(names), std::move(metavar), std::move(help), Arity::kOne, false,
      [=](const std::string& v) {
        double d = 0;
        if (!absl::SimpleAtod(v, &d) || !(d >= min && d <= max)) {
          return absl::InvalidArgumentError(
              StrCat(name, " needs a number from ", min, " to ", max));
        }
        *out = d;
        return absl::OkStatus();
      });
}

void FlagSet::Switch(std::string names, std::string help, bool* out) {
  Add(std::move(names), "", std::move(help), Arity::kNone, false, [out](const std::string&) {
    *out = true;
    return absl::OkStatus();
  });
}

void FlagSet::Custom(std::string names, std::string metavar, std::string help, bool repeatable,
                     Handler handler) {
  Add(std::move(names), std::move(metavar), std::move(help), Arity::kOne, repeatable,
      std::move(handler));
}

void FlagSet::List(std::string names, std::string metavar, std::string help,
                   std::vector<std::string>* out) {
  Add(std::move(names), std::move(metavar), std::move(help), Arity::kList, false,
      [out](const std::string& v) {
        out->push_back(v);
        return absl::OkStatus();
      });
  flags_.back().reject_empty = true;
}

void FlagSet::AllowEmpty(const std::string& name) {
  if (Flag* f = Find(name)) f->reject_empty = false;
}

void FlagSet::Operands(std::string metavar, size_t min, size_t max,
                       std::vector<std::string>* out) {
  operand_metavar_ = std::move(metavar);
  min_operands_ = min;
  max_operands_ = max;
  operands_ = out;
}

FlagSet::Flag* FlagSet::Find(const std::string& name) {
  for (Flag& f : flags_) {
    for (const std::string& n : f.names) {
      if (n == name) return &f;
    }
  }
  return nullptr;
}

std::string FlagSet::Suggest(const std::string& name) const {
  std::vector<std::string> all = {"--help"};
  for (const Flag& f : flags_) all.insert(all.end(), f.names.begin(), f.names.end());
  return DidYouMean(name, all);
}

int FlagSet::UsageError(const std::string& message) const {
  std::cerr << command_ << ": " << message << "\n"
            << Synopsis() << "Run `" << command_ << " --help` for more.\n";
  return kExitBadInput;
}

std::optional<int> FlagSet::Parse(const std::vector<std::string>& args, size_t start) {
  bool flags_ended = false;
  std::vector<std::string> operands;
  for (size_t i = start; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (flags_ended || !IsFlagWord(a)) {
      operands.push_back(a);
      continue;
    }
    if (a == "--") {
      flags_ended = true;
      continue;
    }
    if (a == "-h" || a == "--help") {
      std::cout << Usage();
      return kExitOk;
    }
    std::string name = a;
    std::optional<std::string> inline_value;
    if (size_t eq = a.find('='); a.starts_with("--") && eq != std::string::npos) {
      name = a.substr(0, eq);
      inline_value = a.substr(eq + 1);
    }
    Flag* f = Find(name);
    if (f == nullptr) {
      return UsageError(StrCat("unknown flag \"", name, "\".", Suggest(name)));
    }
    if (f->seen > 0 && !f->repeatable) {
      return UsageError(StrCat(f->names.front(), " is given twice (it may be given once)"));
    }
    ++f->seen;
    std::vector<std::string> values;
    switch (f->arity) {
      case Arity::kNone:
        if (inline_value) return UsageError(StrCat(name, " takes no value"));
        values.emplace_back();
        break;
      case Arity::kOne:
        if (inline_value) {
          values.push_back(*inline_value);
        } else if (i + 1 < args.size()) {
          values.push_back(args[++i]);
        } else {
          return UsageError(StrCat(name, " needs a value (", name, " ", f->metavar, ")"));
        }
        break;
      case Arity::kList:
        if (inline_value) values.push_back(*inline_value);
        while (i + 1 < args.size() && !args[i + 1].starts_with("--")) values.push_back(args[++i]);
        if (values.empty()) {
          return UsageError(
              StrCat(name, " needs at least one value (", name, " ", f->metavar, "...)"));
        }
        break;
    }
    for (const std::string& v : values) {
      if (v.empty() && f->reject_empty) {
        const std::string& main = f->names.front();
        return UsageError(StrCat(main, " is empty: give ", main, " ", f->metavar,
                                 " (an unset variable?)"));
      }
      if (absl::Status s = f->handler(v); !s.ok()) return UsageError(std::string(s.message()));
    }
  }
  for (const std::string& o : operands) {
    if (o.empty()) {
      return UsageError(StrCat("an argument is empty",
                               operand_metavar_.empty() ? std::string()
                                                        : StrCat(" (", operand_metavar_, ")"),
                               " (an unset variable?)"));
    }
  }
  if (operands_ == nullptr && !operands.empty()) {
    return UsageError(StrCat("unexpected argument \"", operands.front(), "\" (", command_,
                             " takes no operands)"));
  }
  if (operands.size() > max_operands_) {
    return UsageError(StrCat("unexpected argument \"", operands[max_operands_], "\""));
  }
  if (operands.size() < min_operands_) {
    return UsageError(StrCat("missing ", operand_metavar_));
  }
  if (operands_ != nullptr) operands_->insert(operands_->end(), operands.begin(), operands.end());
  return std::nullopt;
}

std::string FlagSet::Synopsis() const {
  std::string line = StrCat("usage: ", command_);
  const std::string indent(line.size() + 1, ' ');
  std::string out;
  auto add = [&](const std::string& word) {
    if (line.size() + 1 + word.size() > 78 && line.size() > indent.size()) {
      out += line + "\n";
      line = indent.substr(0, indent.size() - 1);
    }
    line += " " + word;
  };
  for (const Flag& f : flags_) {
    std::string word = f.names.front();
    if (f.arity == Arity::kOne) word += " " + f.metavar;
    if (f.arity == Arity::kList) word += " " + f.metavar + "...";
    word = "[" + word + "]";
    if (f.repeatable) word += "...";
    add(word);
  }
  if (!operand_metavar_.empty()) add(operand_metavar_);
  out += line + "\n";
  return out;
}

std::string FlagSet::Usage() const {
  std::string out = Synopsis() + description_;
  if (!flags_.empty()) out += "Flags:\n";
  for (const Flag& f : flags_) {
    std::string head = "  " + StrJoin(f.names, ", ");
    if (f.arity == Arity::kOne) head += " " + f.metavar;
    if (f.arity == Arity::kList) head += " " + f.metavar + "...";
    std::string help = f.help;
    if (f.repeatable) help += help.empty() ? "(repeatable)" : " (repeatable)";
    constexpr size_t kColumn = 24;
    if (head.size() + 2 > kColumn) {
      out += head + "\n" + std::string(kColumn, ' ');
    } else {
      out += head + std::string(kColumn - head.size(), ' ');
    }
    // The help, wrapped at 78 columns under its column.
    size_t col = kColumn;
    size_t i = 0;
    bool first = true;
    while (i < help.size()) {
      size_t j = help.find(' ', i);
      if (j == std::string::npos) j = help.size();
      std::string word = help.substr(i, j - i);
      if (!first && col + 1 + word.size() > 78) {
        out += "\n" + std::string(kColumn, ' ');
        col = kColumn;
        first = true;
      }
      if (!first) {
        out += ' ';
        ++col;
      }
      out += word;
      col += word.size();
      first = false;
      i = j + 1;
    }
    out += "\n";
  }
  out += epilogue_;
  return out;
}

}  // namespace vigil::cli
