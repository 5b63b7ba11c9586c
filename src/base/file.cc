#include "src/base/file.h"

#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>

#include "src/base/strings.h"

namespace vigil {

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    return absl::NotFoundError(StrCat(path, ": cannot open file (no such file)"));
  }
  if (fs::is_directory(st)) {
    return absl::InvalidArgumentError(StrCat(path, ": is a directory, not a file"));
  }
  if (!fs::is_regular_file(st)) {
    return absl::InvalidArgumentError(StrCat(path, ": not a regular file"));
  }
  std::ifstream in(path, std::ios::binary);
  // It exists (see above): it is the permissions, or another I/O failure.
  if (!in) return absl::PermissionDeniedError(StrCat(path, ": cannot open file"));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return absl::DataLossError(StrCat(path, ": read error"));
  // operator<< swallows an exception thrown while copying (std::bad_alloc
  // when the text outgrows memory) and only sets failbit, which an empty
  // file sets too: a short copy must not pass for the whole file.
  if (ss.fail() && in.peek() != std::char_traits<char>::eof()) throw std::bad_alloc();
  return ss.str();
}

}  // namespace vigil
