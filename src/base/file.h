// Reading a whole input file (schemas, queries, packs, variables, ...).
#ifndef VIGIL_SRC_BASE_FILE_H_
#define VIGIL_SRC_BASE_FILE_H_

#include <string>

#include "absl/status/statusor.h"

namespace vigil {

// The contents of the regular file at `path`. Errors name the path: a
// missing file (NotFound), an unreadable one (PermissionDenied), a
// directory, or anything that is not a regular file (InvalidArgument: a
// device such as /dev/zero or a pipe could be read forever). Running out of
// memory throws std::bad_alloc, never a short read.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

// Whether `path` lies inside directory `dir` (at any depth), both taken
// with symbolic links resolved (weakly: the path need not exist yet). An
// absolute path or "../" that leaves `dir` is outside; so is `dir` itself.
bool PathIsInside(const std::string& path, const std::string& dir);

}  // namespace vigil

#endif  // VIGIL_SRC_BASE_FILE_H_
