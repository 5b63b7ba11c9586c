#include "src/base/file.h"

#include <filesystem>
#include <fstream>
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
  if (!in) return absl::NotFoundError(StrCat(path, ": cannot open file"));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return absl::DataLossError(StrCat(path, ": read error"));
  return ss.str();
}

}  // namespace vigil
