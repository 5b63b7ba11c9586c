#include "src/base/mapped_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <mutex>

#include "src/base/strings.h"

namespace vigil {

absl::StatusOr<int> OpenRegularFile(const std::string& path) {
  // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int err = errno;
    switch (err) {
      case ENOENT:
        return absl::NotFoundError(StrCat(path, ": cannot open file (no such file)"));
      case ELOOP:
        return absl::InvalidArgumentError(
            StrCat(path, ": cannot open file (a loop of symbolic links)"));
      case EACCES:
      case EPERM:
        return absl::PermissionDeniedError(
            StrCat(path, ": cannot open file (permission denied)"));
      case ENXIO:  // e.g. a socket
        return absl::InvalidArgumentError(StrCat(path, ": not a regular file"));
      default:
        return absl::InvalidArgumentError(
            StrCat(path, ": cannot open file (", std::strerror(err), ")"));
    }
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return absl::InvalidArgumentError(StrCat(path, ": cannot read (", std::strerror(err), ")"));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    if (S_ISDIR(st.st_mode)) {
      return absl::InvalidArgumentError(StrCat(path, ": is a directory, not a file"));
    }
    const char* what = S_ISFIFO(st.st_mode)   ? "a FIFO (named pipe)"
                       : S_ISCHR(st.st_mode)  ? "a character device"
                       : S_ISBLK(st.st_mode)  ? "a block device"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                                              : "not a regular file";
    return absl::InvalidArgumentError(
        StrCat(path, ": not a regular file (", what, "); inputs must be regular files"));
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

namespace {

// The live maps, for the SIGBUS handler. Lock-free: a slot is claimed by a
// compare-exchange on `begin`, published with `len`, and cleared before
// the map goes away.
constexpr int kSlots = 1024;  // graphs from snapshots keep theirs
struct Slot {
  std::atomic<uintptr_t> begin{0};
  std::atomic<size_t> len{0};
  std::atomic<bool> truncated{false};
};
Slot g_slots[kSlots];
struct sigaction g_previous;
uintptr_t g_page = 4096;

void OnSigbus(int sig, siginfo_t* info, void* context) {
  const uintptr_t addr = reinterpret_cast<uintptr_t>(info->si_addr);
  for (Slot& s : g_slots) {
    const uintptr_t b = s.begin.load(std::memory_order_acquire);
    const size_t n = s.len.load(std::memory_order_acquire);
    if (b == 0 || addr < b || addr - b >= n) continue;
    // Past the end of the (shrunk) file: give the page zeros and go on;
    // the reader reports the truncation afterwards.
    void* page = reinterpret_cast<void*>(addr & ~(g_page - 1));
    void* p = ::mmap(page, g_page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (p != MAP_FAILED) {
      s.truncated.store(true, std::memory_order_release);
      return;
    }
    break;
  }
  // Not ours: what would have happened without this handler.
  if ((g_previous.sa_flags & SA_SIGINFO) != 0 && g_previous.sa_sigaction != nullptr) {
    g_previous.sa_sigaction(sig, info, context);
    return;
  }
  if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN &&
      g_previous.sa_handler != nullptr) {
    g_previous.sa_handler(sig);
    return;
  }
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  ::sigemptyset(&dfl.sa_mask);
  ::sigaction(SIGBUS, &dfl, nullptr);  // the fault repeats and ends the process
}

void InstallHandler() {
  static std::once_flag once;
  std::call_once(once, [] {
    const long page = ::sysconf(_SC_PAGESIZE);
    if (page > 0) g_page = static_cast<uintptr_t>(page);
    struct sigaction sa {};
    sa.sa_sigaction = OnSigbus;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    ::sigemptyset(&sa.sa_mask);
    ::sigaction(SIGBUS, &sa, &g_previous);
  });
}

int Register(const char* data, size_t len) {
  InstallHandler();
  const uintptr_t b = reinterpret_cast<uintptr_t>(data);
  for (int i = 0; i < kSlots; ++i) {
    uintptr_t expected = 0;
    if (g_slots[i].begin.compare_exchange_strong(expected, b, std::memory_order_acq_rel)) {
      g_slots[i].truncated.store(false, std::memory_order_relaxed);
      g_slots[i].len.store(len, std::memory_order_release);
      return i;
    }
  }
  return -1;
}

}  // namespace

absl::StatusOr<std::unique_ptr<MappedFile>> MappedFile::Open(const std::string& path) {
  absl::StatusOr<int> fd = OpenRegularFile(path);
  if (!fd.ok()) return fd.status();
  struct stat st {};
  if (::fstat(*fd, &st) != 0) {
    const int err = errno;
    ::close(*fd);
    return absl::InvalidArgumentError(StrCat(path, ": cannot read (", std::strerror(err), ")"));
  }
  std::unique_ptr<MappedFile> f(new MappedFile());
  f->path_ = path;
  f->size_ = static_cast<size_t>(st.st_size);
  if (f->size_ == 0) {
    ::close(*fd);
    return f;
  }
  void* p = ::mmap(nullptr, f->size_, PROT_READ, MAP_PRIVATE, *fd, 0);
  const int err = errno;
  if (p == MAP_FAILED) {
    ::close(*fd);
    return absl::InvalidArgumentError(StrCat(path, ": cannot read (", std::strerror(err), ")"));
  }
  f->data_ = static_cast<const char*>(p);
  // The descriptor stays open: CheckIntact asks it whether the file was
  // written since (a rename over the path leaves this file alone).
  f->fd_ = *fd;
  f->mtime_ns_ = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  f->slot_ = Register(f->data_, f->size_);
  if (f->slot_ < 0) {
    // More than kSlots files mapped at once: this one is unprotected.
    // Refuse rather than risk a signal.
    ::munmap(p, f->size_);
    f->data_ = nullptr;  // the destructor must not unmap it again
    return absl::ResourceExhaustedError(
        StrCat(path, ": too many files mapped at once (", kSlots, ")"));
  }
  ::madvise(p, f->size_, MADV_SEQUENTIAL);
  return f;
}

MappedFile::~MappedFile() {
  if (fd_ >= 0) ::close(fd_);
  if (data_ == nullptr) return;
  if (slot_ >= 0) {
    g_slots[slot_].len.store(0, std::memory_order_release);
    g_slots[slot_].begin.store(0, std::memory_order_release);
  }
  ::munmap(const_cast<char*>(data_), size_);
}

void MappedFile::Release(size_t upto) {
  const size_t end = std::min(upto, size_) / g_page * g_page;
  if (data_ != nullptr && end > released_) {
    ::madvise(const_cast<char*>(data_) + released_, end - released_, MADV_DONTNEED);
    released_ = end;
  }
}

void MappedFile::AdviseRandomAccess() const {
  if (data_ == nullptr) return;
  ::madvise(const_cast<char*>(data_), size_, MADV_NORMAL);
  // The pages read so far (all of them, by the loader's checks) stay in the
  // page cache; dropping them from this map lets the process hold only
  // those it reads again (a page is mapped back, from the cache, on first
  // touch). Nothing was written to the private map, so nothing is lost.
  ::madvise(const_cast<char*>(data_), size_, MADV_DONTNEED);
}

bool MappedFile::truncated() const {
  return slot_ >= 0 && g_slots[slot_].truncated.load(std::memory_order_acquire);
}

bool MappedFile::changed() const {
  if (fd_ < 0) return false;
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return false;
  const int64_t mtime = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return static_cast<size_t>(st.st_size) != size_ || mtime != mtime_ns_;
}

absl::Status MappedFile::CheckIntact() const {
  if (!truncated() && changed()) {
    return absl::DataLossError(StrCat(path_,
                                      ": the file was written while in use (rewritten in place "
                                      "by another program?); load it again"));
  }
  if (!truncated()) return absl::OkStatus();
  return absl::DataLossError(StrCat(path_,
                                    ": the file was truncated while it was read (another "
                                    "program is writing it?); read it again once it is complete"));
}

}  // namespace vigil
