// Reading a large input file through a memory map, safely: a file that is
// truncated while mapped must give an error, never kill the process with
// SIGBUS.
#ifndef VIGIL_SRC_BASE_MAPPED_FILE_H_
#define VIGIL_SRC_BASE_MAPPED_FILE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace vigil {

// Opens `path` for reading without blocking: a FIFO with no writer, a
// device or a socket is refused at once ("not a regular file"), as is a
// directory. Errors name the path and the cause (no such file, permission
// denied, a symbolic link loop...). Returns an open descriptor of a
// regular file (blocking mode, close-on-exec); the caller closes it.
absl::StatusOr<int> OpenRegularFile(const std::string& path);

// A read-only private map of a whole regular file.
//
// Pages the file no longer backs (it was truncated, by another process,
// after it was mapped) read as zeros instead of raising SIGBUS: a SIGBUS
// handler, installed on first use, maps a zero page over the faulting page
// of any live MappedFile and marks it truncated(). Callers check
// truncated() after reading and report CheckIntact() rather than whatever
// the zeros made of the text. Faults outside every live map go to the
// previous handler (by default the process dies, as before).
class MappedFile {
 public:
  static absl::StatusOr<std::unique_ptr<MappedFile>> Open(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view text() const { return {data_, size_}; }
  const std::string& path() const { return path_; }
  // Drops the pages before `upto` from memory (they are re-read from the
  // file if touched again).
  void Release(size_t upto);
  // Tells the kernel the map is now read in no particular order (it was
  // opened for one sequential pass), and unmaps the pages read so far from
  // this process (they stay in the page cache and come back on first
  // touch): for a map kept and used in place after a first full pass.
  void AdviseRandomAccess() const;
  // True when the file shrank under the map while it was read.
  bool truncated() const;
  // True when the file's size or modification time differ from when it
  // was mapped (written in place since; a file renamed over the path is
  // another file, and leaves this one alone).
  bool changed() const;
  // OK, or a DataLoss error naming the file when truncated() or changed().
  absl::Status CheckIntact() const;

 private:
  MappedFile() = default;
  std::string path_;
  const char* data_ = nullptr;
  size_t size_ = 0;
  size_t released_ = 0;
  int slot_ = -1;  // in the SIGBUS registry, or -1
  int fd_ = -1;    // the mapped file, open while mapped
  int64_t mtime_ns_ = 0;
};

}  // namespace vigil

#endif  // VIGIL_SRC_BASE_MAPPED_FILE_H_
