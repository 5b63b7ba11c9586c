// Running the `vigil` command from tests: exit status, stdout and stderr.
#ifndef VIGIL_TESTS_COMMON_COMMAND_H_
#define VIGIL_TESTS_COMMON_COMMAND_H_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace vigil::testing {

struct CommandResult {
  int status = -1;  // exit status; 128 if it did not exit normally
  std::string out, err;
};

inline std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q.push_back(c);
    }
  }
  return q + "'";
}

namespace command_internal {
inline std::string TempPath(const char* what) {
  static int n = 0;
  return (std::string(::testing::TempDir()) + "/vigil-cmd-" + std::to_string(getpid()) + "-" +
          std::to_string(n++) + "." + what);
}
inline CommandResult Collect(int raw, const std::string& out, const std::string& err) {
  CommandResult r{WIFEXITED(raw) ? WEXITSTATUS(raw) : 128, ReadFileOrEmpty(out),
                  ReadFileOrEmpty(err)};
  std::remove(out.c_str());
  std::remove(err.c_str());
  return r;
}
}  // namespace command_internal

// Runs argv[0] with argv (no shell), stdin from /dev/null.
inline CommandResult RunArgv(const std::vector<std::string>& argv) {
  std::string out = command_internal::TempPath("out"), err = command_internal::TempPath("err");
  pid_t pid = fork();
  if (pid == 0) {
    if (!freopen("/dev/null", "r", stdin) || !freopen(out.c_str(), "w", stdout) ||
        !freopen(err.c_str(), "w", stderr)) {
      _exit(127);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int raw = 0;
  waitpid(pid, &raw, 0);
  return command_internal::Collect(raw, out, err);
}

// Runs `binary ARGS` through the shell (ARGS are shell words), in `cwd`
// when given, stdin from /dev/null.
inline CommandResult RunShell(const std::string& binary, const std::string& args,
                              const std::string& cwd = "") {
  std::string out = command_internal::TempPath("out"), err = command_internal::TempPath("err");
  std::string cmd = (cwd.empty() ? "" : "cd " + ShellQuote(cwd) + " && ") + ShellQuote(binary) +
                    " " + args + " >" + ShellQuote(out) + " 2>" + ShellQuote(err) + " </dev/null";
  return command_internal::Collect(std::system(cmd.c_str()), out, err);
}

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_COMMON_COMMAND_H_
