// The vigil command's output (src/cli/output.h): standard output, and
// errors writing it.
#include "src/cli/output.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "gtest/gtest.h"

namespace vigil::cli {
namespace {

TEST(FlushStandardOutputTest, ReportsAFullDevice) {
  // In a child whose standard output is /dev/full.
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (std::freopen("/dev/full", "w", stdout) == nullptr) ::_exit(3);
    std::fputs("result\n", stdout);
    absl::Status s = FlushStandardOutput();
    ::_exit(s.ok() ? 1 : std::string(s.message()).find("No space") != std::string::npos ? 0 : 2);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(WriteOutputTest, DashIsStandardOutput) {
  ::testing::internal::CaptureStdout();
  absl::Status s = WriteOutput("-", "the result\n");
  std::string out = ::testing::internal::GetCapturedStdout();
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(out, "the result\n");
}

TEST(WriteOutputTest, DashOnAFullDeviceIsAnError) {
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (std::freopen("/dev/full", "w", stdout) == nullptr) ::_exit(3);
    absl::Status s = WriteOutput("-", "result\n");
    ::_exit(s.ok() ? 1 : std::string(s.message()).find("No space") != std::string::npos ? 0 : 2);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace vigil::cli
