// The one output writer (file_writer.h).
#include "src/base/file_writer.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "src/base/strings.h"
#include "src/base/utf8.h"

namespace vigil {

// ---- the registry of temporary files, for SIGINT and SIGTERM -------------

namespace file_writer_internal {
namespace {

constexpr int kSlots = 64;

struct Slot {
  // 0: free; 1: being filled or emptied; 2: holds a path to remove.
  std::atomic<int> state{0};
  char path[PATH_MAX];
};
Slot g_slots[kSlots];
static_assert(std::atomic<int>::is_always_lock_free, "the handler reads the state");

extern "C" void RemoveTempFilesAndReraise(int sig) {
  const int saved = errno;
  for (Slot& s : g_slots) {
    if (s.state.load(std::memory_order_acquire) == 2) ::unlink(s.path);
  }
  ::signal(sig, SIG_DFL);
  errno = saved;
  ::raise(sig);  // delivered once the handler returns: the default action
}

void InstallHandlers() {
  for (int sig : {SIGINT, SIGTERM}) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) != 0) continue;
    // Only where nobody has chosen a disposition: a program's own handler,
    // or an ignored signal, is left as it is.
    if ((old.sa_flags & SA_SIGINFO) != 0 || old.sa_handler != SIG_DFL) continue;
    struct sigaction sa {};
    sa.sa_handler = RemoveTempFilesAndReraise;
    ::sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(sig, &sa, nullptr);
  }
}

}  // namespace

int RegisterTempFile(const char* path) {
  // Checked at each registration (writes are rare): a program may set or
  // reset its handlers at any time.
  InstallHandlers();
  const size_t n = std::strlen(path);
  if (n >= PATH_MAX) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (!g_slots[i].state.compare_exchange_strong(expected, 1, std::memory_order_acq_rel)) {
      continue;
    }
    std::memcpy(g_slots[i].path, path, n + 1);
    g_slots[i].state.store(2, std::memory_order_release);
    return i;
  }
  return -1;
}

void UnregisterTempFile(int slot) {
  if (slot < 0 || slot >= kSlots) return;
  g_slots[slot].state.store(0, std::memory_order_release);
}

}  // namespace file_writer_internal

// ---- writing ----------------------------------------------------------------

namespace {

using file_writer_internal::RegisterTempFile;
using file_writer_internal::UnregisterTempFile;

absl::Status ErrnoError(int err, std::string_view path, std::string_view what) {
  return absl::Status(absl::ErrnoToStatusCode(err),
                      StrCat("cannot write ", Quoted(path), ": ", what, ": ", std::strerror(err)));
}

absl::Status Refuse(std::string_view path, std::string_view why) {
  return absl::InvalidArgumentError(StrCat("cannot write ", Quoted(path), ": ", why));
}

// Writes all of `data` to `fd`, retrying on EINTR and short writes.
// Returns 0 or an errno value.
int WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

// A character device or a FIFO: opened and written in place.
absl::Status WriteDirect(const std::string& path, std::string_view data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(errno, path, "opening");
  int err = WriteAll(fd, data);
  // (On Linux a close interrupted by a signal has closed the file.)
  if (::close(fd) != 0 && err == 0 && errno != EINTR) err = errno;
  if (err != 0) return ErrnoError(err, path, "writing");
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& path, std::string_view data) {
  if (path.empty()) return absl::InvalidArgumentError("cannot write: empty output path");
  if (path == "-") {
    // The library never writes to the standard streams (codebase.hygiene).
    return Refuse(path, "standard output is the caller's: write the data there yourself");
  }

  // What is there now.
  mode_t mode = 0644;
  struct stat lst {};
  if (::lstat(path.c_str(), &lst) == 0) {
    if (S_ISLNK(lst.st_mode)) {
      struct stat st {};
      if (::stat(path.c_str(), &st) != 0) {
        return Refuse(path, "it is a symbolic link to nothing; refusing to write through it");
      }
      if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) return WriteDirect(path, data);
      return Refuse(path,
                    "it is a symbolic link; refusing to replace it or to write through it "
                    "(give the path of the file it points to)");
    }
    if (S_ISCHR(lst.st_mode) || S_ISFIFO(lst.st_mode)) return WriteDirect(path, data);
    if (S_ISDIR(lst.st_mode)) return Refuse(path, "it is a directory");
    if (!S_ISREG(lst.st_mode)) {
      return Refuse(path, "it is not a regular file (a block device or a socket); refusing to "
                          "replace it");
    }
    mode = lst.st_mode & 07777;
  } else if (errno != ENOENT) {
    return ErrnoError(errno, path, "examining it");
  }

  // The temporary file lives in the destination's directory, so that the
  // rename is atomic (same file system).
  std::string dir, base;
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) {
    dir = ".";
    base = path;
  } else {
    dir = slash == 0 ? "/" : path.substr(0, slash);
    base = path.substr(slash + 1);
  }
  if (base.empty() || base == "." || base == "..") {
    return Refuse(path, "the path names a directory, not a file");
  }
  // ".NAME.tmp-XXXXXX" within NAME_MAX (255) bytes: NAME cut to 243.
  constexpr size_t kNameMax = 255;
  constexpr std::string_view kSuffix = ".tmp-XXXXXX";
  std::string tmp = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
  StrAppend(&tmp, ".", Utf8Prefix(base, kNameMax - 1 - kSuffix.size()), kSuffix);
  const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) {
    return ErrnoError(errno, path, StrCat("creating a temporary file in ", Quoted(dir)));
  }
  const int slot = RegisterTempFile(tmp.c_str());
  bool open = true;
  auto fail = [&](int err, std::string_view what) {
    if (open) ::close(fd);
    ::unlink(tmp.c_str());
    UnregisterTempFile(slot);
    return ErrnoError(err, path, what);
  };
  if (::fchmod(fd, mode) != 0) return fail(errno, "setting the permissions");
  if (int err = WriteAll(fd, data); err != 0) return fail(err, "writing");
  if (::fsync(fd) != 0) return fail(errno, "flushing to disk");
  open = false;
  if (::close(fd) != 0 && errno != EINTR) return fail(errno, "closing");
  if (::rename(tmp.c_str(), path.c_str()) != 0) return fail(errno, "renaming the temporary file");
  UnregisterTempFile(slot);
  // Make the rename durable. The file is in place whatever happens here, so
  // a failure (some file systems cannot sync a directory) is not reported.
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return absl::OkStatus();
}

}  // namespace vigil
