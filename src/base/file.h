// Reading a whole input file (schemas, queries, packs, variables, ...).
#ifndef VIGIL_SRC_BASE_FILE_H_
#define VIGIL_SRC_BASE_FILE_H_

#include <string>

#include "absl/status/statusor.h"

namespace vigil {

// The contents of the regular file at `path`. Errors name the path: missing
// or unreadable file, a directory, or anything that is not a regular file
// (a device such as /dev/zero or a pipe could be read forever).
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

}  // namespace vigil

#endif  // VIGIL_SRC_BASE_FILE_H_
