// Where a command's result goes. The libraries never write to the standard
// streams (the test codebase.hygiene); the command does, here.
#ifndef VIGIL_SRC_CLI_OUTPUT_H_
#define VIGIL_SRC_CLI_OUTPUT_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace vigil::cli {

// Writes `data` to `path`: "-" (and "/dev/stdout") is standard output,
// "/dev/stderr" standard error, written after whatever is buffered there and
// flushed, every write checked; any other path goes to
// WriteFileAtomically (src/base/file_writer.h: replaced atomically, or
// written in place when it is a character device or a FIFO).
absl::Status WriteOutput(const std::string& path, std::string_view data);

// Flushes standard output (C stdio and std::cout) and reports whether
// everything written to it so far has reached the file, pipe or terminal:
// an error (e.g. "No space left on device" for `> /dev/full`) otherwise.
absl::Status FlushStandardOutput();

}  // namespace vigil::cli

#endif  // VIGIL_SRC_CLI_OUTPUT_H_
