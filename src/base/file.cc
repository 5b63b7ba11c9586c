#include "src/base/file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "src/base/mapped_file.h"
#include "src/base/strings.h"

namespace vigil {

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  // Opened without blocking and checked to be a regular file first: a FIFO,
  // a device such as /dev/zero or a socket is refused at once (it could
  // block or be read forever); errors say what is wrong (no such file, a
  // symbolic link loop, permission denied, a directory...).
  absl::StatusOr<int> fd = OpenRegularFile(path);
  if (!fd.ok()) return fd.status();
  std::string text;
  struct stat st {};
  if (::fstat(*fd, &st) == 0 && st.st_size > 0) text.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  while (true) {
    const ssize_t n = ::read(*fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(*fd);
      return absl::DataLossError(StrCat(path, ": read error (", std::strerror(err), ")"));
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));  // std::bad_alloc when it outgrows memory
  }
  ::close(*fd);
  return text;
}

bool PathIsInside(const std::string& path, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target = fs::weakly_canonical(path, ec);
  if (ec) return false;
  const fs::path base = fs::weakly_canonical(dir, ec);
  if (ec) return false;
  const fs::path rel = target.lexically_relative(base);
  return !rel.empty() && rel != "." && *rel.begin() != ".." && !rel.is_absolute();
}

}  // namespace vigil
