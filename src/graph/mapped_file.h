// A read-only memory mapping of a whole file (internal to src/graph), for
// streaming a large graph document: pages already read can be dropped from
// memory as the load goes on.
#ifndef VIGIL_SRC_GRAPH_MAPPED_FILE_H_
#define VIGIL_SRC_GRAPH_MAPPED_FILE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace vigil::graph_json {

class MappedFile {
 public:
  // Maps `path` (a regular file) for sequential reading. NotFound when it
  // cannot be opened, InvalidArgument when it is not a regular file. An
  // empty file gives an empty mapping.
  static absl::StatusOr<MappedFile> Open(const std::string& path);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view data() const { return {base_, size_}; }

  // Drops the whole pages before byte `offset` from memory; they are read
  // from the file again if touched (e.g. by an error message).
  void ReleaseBefore(size_t offset);

 private:
  MappedFile(const char* base, size_t size, size_t page)
      : base_(base), size_(size), page_(page) {}

  const char* base_ = nullptr;
  size_t size_ = 0;
  size_t page_ = 1;
  size_t released_ = 0;  // bytes from the start already released
};

}  // namespace vigil::graph_json

#endif  // VIGIL_SRC_GRAPH_MAPPED_FILE_H_
