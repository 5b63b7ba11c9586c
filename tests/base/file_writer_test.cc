// The one output writer (src/base/file_writer.h): atomic replacement,
// what it refuses, what it writes in place, and cleanup on failure.
#include "src/base/file_writer.h"

#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vigil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class FileWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/vigil-writer-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    ::chmod(dir_.c_str(), 0755);
    for (const std::string& f : Files()) ::unlink((dir_ + "/" + f).c_str());
    ::rmdir(dir_.c_str());
  }
  std::vector<std::string> Files() const {
    std::vector<std::string> names;
    if (DIR* d = ::opendir(dir_.c_str())) {
      while (dirent* e = ::readdir(d)) {
        std::string n = e->d_name;
        if (n != "." && n != "..") names.push_back(n);
      }
      ::closedir(d);
    }
    std::sort(names.begin(), names.end());
    return names;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  static void Write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }
  std::string dir_;
};

TEST_F(FileWriterTest, ReplacesAtomicallyAndKeepsThePermissions) {
  std::string path = dir_ + "/out.json";
  ASSERT_TRUE(WriteFileAtomically(path, "one").ok());
  EXPECT_EQ(Read(path), "one");
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  ASSERT_TRUE(WriteFileAtomically(path, "two").ok());
  EXPECT_EQ(Read(path), "two");
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_THAT(Files(), ElementsAre("out.json"));
}

TEST_F(FileWriterTest, ALongNameWorks) {
  // 250 bytes: the temporary name (".NAME.tmp-XXXXXX") must still fit in
  // NAME_MAX, so NAME is cut.
  std::string name(246, 'n');
  name += ".txt";
  ASSERT_EQ(name.size(), 250u);
  std::string path = dir_ + "/" + name;
  absl::Status s = WriteFileAtomically(path, "long");
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(Read(path), "long");
  EXPECT_THAT(Files(), ElementsAre(name));
  // The longest name a directory holds.
  std::string longest(255, 'm');
  ASSERT_TRUE(WriteFileAtomically(dir_ + "/" + longest, "max").ok());
  EXPECT_EQ(Read(dir_ + "/" + longest), "max");
  // Cut at a character boundary: a name of two-byte characters.
  std::string wide;
  for (int i = 0; i < 127; ++i) wide += "\xC3\xA9";
  ASSERT_TRUE(WriteFileAtomically(dir_ + "/" + wide, "wide").ok());
  EXPECT_EQ(Read(dir_ + "/" + wide), "wide");
}

TEST_F(FileWriterTest, RefusesASymbolicLinkTarget) {
  std::string real = dir_ + "/real.txt", link = dir_ + "/link.txt";
  Write(real, "keep");
  ASSERT_EQ(::symlink(real.c_str(), link.c_str()), 0);
  absl::Status s = WriteFileAtomically(link, "new");
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("symbolic link"));
  EXPECT_THAT(std::string(s.message()), HasSubstr(link));
  EXPECT_EQ(Read(real), "keep");
  struct stat st;
  ASSERT_EQ(::lstat(link.c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  // A dangling link too: writing through it would create a file elsewhere.
  std::string dangling = dir_ + "/dangling";
  ASSERT_EQ(::symlink((dir_ + "/nowhere").c_str(), dangling.c_str()), 0);
  EXPECT_FALSE(WriteFileAtomically(dangling, "x").ok());
  EXPECT_THAT(Files(), ElementsAre("dangling", "link.txt", "real.txt"));
}

TEST_F(FileWriterTest, ALinkAtTheOldFixedTemporaryNameIsNotWrittenThrough) {
  // `vigil test --output F` used to write F.tmp, following a link there.
  std::string victim = dir_ + "/victim", out = dir_ + "/out.xml";
  Write(victim, "precious");
  for (const std::string& trap : {out + ".tmp", dir_ + "/.out.xml.tmp-XXXXXX"}) {
    ASSERT_EQ(::symlink(victim.c_str(), trap.c_str()), 0);
  }
  ASSERT_TRUE(WriteFileAtomically(out, "result").ok());
  EXPECT_EQ(Read(out), "result");
  EXPECT_EQ(Read(victim), "precious");
  EXPECT_THAT(Files(), ElementsAre(".out.xml.tmp-XXXXXX", "out.xml", "out.xml.tmp", "victim"));
}

TEST_F(FileWriterTest, RefusesDirectoriesAndOtherSpecialFiles) {
  std::string sub = dir_ + "/sub";
  ASSERT_EQ(::mkdir(sub.c_str(), 0755), 0);
  EXPECT_THAT(std::string(WriteFileAtomically(sub, "x").message()), HasSubstr("directory"));
  EXPECT_FALSE(WriteFileAtomically(dir_ + "/", "x").ok());
  EXPECT_FALSE(WriteFileAtomically("", "x").ok());
  EXPECT_THAT(Files(), ElementsAre("sub"));
  ::rmdir(sub.c_str());
}

TEST_F(FileWriterTest, WritesCharacterDevicesInPlace) {
  // /dev/null stays a device (as root it used to be replaced by a file).
  ASSERT_TRUE(WriteFileAtomically("/dev/null", "discarded").ok());
  struct stat st;
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  // Through a link as well.
  std::string link = dir_ + "/null";
  ASSERT_EQ(::symlink("/dev/null", link.c_str()), 0);
  EXPECT_TRUE(WriteFileAtomically(link, "discarded").ok());
  ASSERT_EQ(::lstat(link.c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  // A full device reports the failure.
  absl::Status full = WriteFileAtomically("/dev/full", "x");
  ASSERT_FALSE(full.ok());
  EXPECT_THAT(std::string(full.message()), HasSubstr("No space left on device"));
}

TEST_F(FileWriterTest, WritesAFifoInPlace) {
  std::string fifo = dir_ + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::ifstream in(fifo, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    ::_exit(ss.str() == "through the pipe" ? 0 : 1);
  }
  EXPECT_TRUE(WriteFileAtomically(fifo, "through the pipe").ok());
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST_F(FileWriterTest, AFailedWriteLeavesTheTargetAndNoTemporaryFile) {
  std::string path = dir_ + "/report.json";
  Write(path, "old report");
  // A file size limit makes write() fail (EFBIG) after the temporary file
  // exists: the failure a full disk gives. In a child, so that the limit
  // and the ignored SIGXFSZ do not outlive the test.
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    struct rlimit lim = {4096, 4096};
    if (::setrlimit(RLIMIT_FSIZE, &lim) != 0) ::_exit(3);
    absl::Status s = WriteFileAtomically(path, std::string(1 << 20, 'x'));
    if (s.ok()) ::_exit(1);
    if (std::string(s.message()).find("too large") == std::string::npos) ::_exit(2);
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(Read(path), "old report");
  EXPECT_THAT(Files(), ElementsAre("report.json"));
}

TEST_F(FileWriterTest, AMissingOrReadOnlyDirectoryIsAClearError) {
  std::string path = dir_ + "/no/such/dir/out.json";
  absl::Status s = WriteFileAtomically(path, "x");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(s.message()), HasSubstr(path));
  EXPECT_THAT(std::string(s.message()), HasSubstr("No such file or directory"));
  if (::geteuid() != 0) {  // root writes anywhere
    ASSERT_EQ(::chmod(dir_.c_str(), 0555), 0);
    absl::Status ro = WriteFileAtomically(dir_ + "/out.json", "x");
    ::chmod(dir_.c_str(), 0755);
    ASSERT_FALSE(ro.ok());
    EXPECT_THAT(std::string(ro.message()), HasSubstr("Permission denied"));
  }
  EXPECT_TRUE(Files().empty());
}

TEST_F(FileWriterTest, SignalsRemoveTheRegisteredTemporaryFiles) {
  std::string tmp = dir_ + "/.out.tmp-123456";
  Write(tmp, "partial");
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::signal(SIGTERM, SIG_DFL);
    if (file_writer_internal::RegisterTempFile(tmp.c_str()) < 0) ::_exit(1);
    ::raise(SIGTERM);
    ::_exit(2);  // not reached: the default action ends the process
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_TRUE(Files().empty());
  // A program's own handler is left alone.
  std::string kept = dir_ + "/.kept.tmp-123456";
  Write(kept, "partial");
  pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::signal(SIGINT, [](int) { ::_exit(7); });
    file_writer_internal::RegisterTempFile(kept.c_str());
    ::raise(SIGINT);
    ::_exit(2);
  }
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 7);
  EXPECT_THAT(Files(), ElementsAre(".kept.tmp-123456"));
}

TEST_F(FileWriterTest, DashIsRefused) {
  // The library never writes to standard output (codebase.hygiene); the
  // vigil command does (src/cli/output.h).
  absl::Status s = WriteFileAtomically("-", "x");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("standard output"));
  EXPECT_THAT(Files(), ElementsAre());
}

}  // namespace
}  // namespace vigil
