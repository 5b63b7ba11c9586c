// A command's output (output.h).
#include "src/cli/output.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "src/base/file_writer.h"
#include "src/base/strings.h"

namespace vigil::cli {
namespace {

absl::Status StreamError(int err, std::string_view stream) {
  return absl::Status(absl::ErrnoToStatusCode(err),
                      StrCat("cannot write to ", stream, ": ", std::strerror(err)));
}

// Writes all of `data` to `fd`, retrying on EINTR and short writes.
// Returns 0 or an errno value.
int WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

// Standard output or error: whatever was buffered first, then the data.
absl::Status WriteStream(int fd, std::string_view name, std::string_view data) {
  if (absl::Status s = FlushStandardOutput(); !s.ok()) return s;
  if (fd == STDERR_FILENO) std::fflush(stderr);
  if (int err = WriteAll(fd, data); err != 0) return StreamError(err, name);
  return absl::OkStatus();
}

}  // namespace

absl::Status FlushStandardOutput() {
  errno = 0;
  const int flushed = std::fflush(stdout);
  const int err = errno;
  std::cout.flush();  // with stdio in sync, nothing is left in it
  if (flushed != 0 || std::ferror(stdout) || std::cout.fail()) {
    // An error met by an earlier write (the stream only remembers that
    // there was one) has no errno any more.
    if (err == 0) {
      return absl::DataLossError("cannot write to standard output: a write to it failed");
    }
    return StreamError(err, "standard output");
  }
  return absl::OkStatus();
}

absl::Status WriteOutput(const std::string& path, std::string_view data) {
  if (path == "-" || path == "/dev/stdout") {
    if (absl::Status s = WriteStream(STDOUT_FILENO, "standard output", data); !s.ok()) return s;
    // A later flush finds nothing buffered, but a pipe or file error shows.
    return FlushStandardOutput();
  }
  if (path == "/dev/stderr") return WriteStream(STDERR_FILENO, "standard error", data);
  return WriteFileAtomically(path, data);
}

}  // namespace vigil::cli
