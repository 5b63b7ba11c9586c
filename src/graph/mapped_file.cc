// A read-only memory mapping of a whole file (see mapped_file.h).
#include "src/graph/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "src/base/strings.h"

namespace vigil::graph_json {

absl::StatusOr<MappedFile> MappedFile::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::NotFoundError(
        StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return absl::InvalidArgumentError(StrCat(path, ": not a regular file"));
  }
  const size_t size = static_cast<size_t>(st.st_size);
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  if (size == 0) {
    ::close(fd);
    return MappedFile(nullptr, 0, page);
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) {
    return absl::InternalError(
        StrCat("cannot map ", path, ": ", std::strerror(errno)));
  }
  ::madvise(map, size, MADV_SEQUENTIAL);
  return MappedFile(static_cast<const char*>(map), size, page);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      page_(other.page_),
      released_(std::exchange(other.released_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (base_ != nullptr) ::munmap(const_cast<char*>(base_), size_);
    base_ = std::exchange(other.base_, nullptr);
    size_ = std::exchange(other.size_, 0);
    page_ = other.page_;
    released_ = std::exchange(other.released_, 0);
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (base_ != nullptr) ::munmap(const_cast<char*>(base_), size_);
}

void MappedFile::ReleaseBefore(size_t offset) {
  if (base_ == nullptr) return;
  const size_t end = std::min(offset, size_) / page_ * page_;
  if (end > released_) {
    ::madvise(const_cast<char*>(base_) + released_, end - released_,
              MADV_DONTNEED);
    released_ = end;
  }
}

}  // namespace vigil::graph_json
