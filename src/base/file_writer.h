// Writing an output file: reports, test results. One writer for every
// output, so that none can leave a half-written or empty file behind.
#ifndef VIGIL_SRC_BASE_FILE_WRITER_H_
#define VIGIL_SRC_BASE_FILE_WRITER_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace vigil {

// Writes `data` to `path` so that `path` ends up either unchanged or
// holding exactly `data`:
//
//  * "-" is refused: the library never writes to the standard streams
//    (the test codebase.hygiene); the vigil command writes there itself
//    (src/cli/output.h).
//  * A regular file, or a path that does not exist yet, is replaced
//    atomically: the data goes to a new temporary file with a unique name
//    in the same directory (".NAME.tmp-XXXXXX", NAME cut so that the name fits
//    in 255 bytes), every write and the close are checked, the file is
//    flushed to disk (fsync), renamed over `path`, and the directory is
//    flushed. A replaced file keeps its permission bits; a new one is
//    0644. The temporary name is created exclusively, so nothing placed at
//    a temporary name (a symbolic link...) is ever written through.
//  * A character device or a FIFO (e.g. /dev/null, a terminal, a pipe from
//    process substitution, also when reached through a symbolic link) is
//    written directly: such a file is a stream, and replacing it would be
//    wrong (as root, /dev/null itself would be replaced).
//  * Anything else is refused with an error naming the path: a symbolic
//    link to a regular file or a directory (replacing the link or writing
//    through it would both surprise), a dangling link, a directory, a block
//    device, a socket.
//
// On any failure the temporary file is removed and the error (an
// absl::Status naming the path and the cause, e.g. "No space left on
// device") is returned. While a write is under way, SIGINT and SIGTERM
// remove the temporary file before the process dies (see below).
absl::Status WriteFileAtomically(const std::string& path, std::string_view data);

namespace file_writer_internal {

// The registry of temporary files being written. A registration installs
// handlers for SIGINT and SIGTERM where their disposition is the default
// one (a program's own handlers, or ignored signals, are left alone): the handler
// removes every registered file, restores the default disposition and
// raises the signal again. Async-signal-safe; up to 64 files at a time
// (beyond that a file is written unregistered). Exposed for tests.
int RegisterTempFile(const char* path);  // a slot, or -1
void UnregisterTempFile(int slot);

}  // namespace file_writer_internal

}  // namespace vigil

#endif  // VIGIL_SRC_BASE_FILE_WRITER_H_
