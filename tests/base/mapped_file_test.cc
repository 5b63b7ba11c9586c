// MappedFile and OpenRegularFile: non-regular inputs refused at once, a file
// truncated under its map read as zeros and reported, never SIGBUS.
#include "src/base/mapped_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/base/file.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

class MappedFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-mapped-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(MappedFileTest, TruncatedWhileMappedIsAnErrorNotASignal) {
  const std::string p = Path("big.json");
  const size_t size = size_t{1} << 20;
  std::ofstream(p) << std::string(size, 'x');
  auto f = MappedFile::Open(p);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_TRUE((*f)->CheckIntact().ok());
  ASSERT_EQ(::truncate(p.c_str(), 100), 0);
  std::string_view t = (*f)->text();
  size_t zeros = 0, xs = 0;
  for (size_t i = 0; i < t.size(); i += 97) (t[i] == 0 ? zeros : xs) += 1;  // would be SIGBUS
  EXPECT_GT(zeros, 0u);
  EXPECT_TRUE((*f)->truncated());
  absl::Status s = (*f)->CheckIntact();
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(s.message(), HasSubstr("big.json"));
  EXPECT_THAT(s.message(), HasSubstr("truncated"));
  // A second map of the (now short) file is intact.
  auto g = MappedFile::Open(p);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ((*g)->text().size(), 100u);
  EXPECT_FALSE((*g)->truncated());
}

TEST_F(MappedFileTest, NonRegularInputsAreRefusedAtOnce) {
  const std::string fifo = Path("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // No writer: opening it for reading must not block.
  for (const std::string& p : {fifo, std::string("/dev/null"), std::string("/dev/zero")}) {
    auto f = MappedFile::Open(p);
    ASSERT_FALSE(f.ok()) << p;
    EXPECT_THAT(f.status().message(), HasSubstr("not a regular file")) << p;
    auto t = ReadTextFile(p);
    ASSERT_FALSE(t.ok()) << p;
    EXPECT_THAT(t.status().message(), HasSubstr("not a regular file")) << p;
    EXPECT_THAT(t.status().message(), ::testing::Not(HasSubstr("no such file"))) << p;
  }
  auto f = ReadTextFile(fifo);
  EXPECT_THAT(f.status().message(), HasSubstr("FIFO"));
  // A symbolic link loop is not "no such file".
  const std::string loop = Path("loop");
  ASSERT_EQ(::symlink(loop.c_str(), loop.c_str()), 0);
  auto l = ReadTextFile(loop);
  ASSERT_FALSE(l.ok());
  EXPECT_THAT(l.status().message(), HasSubstr("loop of symbolic links"));
  auto m = ReadTextFile(Path("missing"));
  EXPECT_THAT(m.status().message(), HasSubstr("no such file"));
  auto d = ReadTextFile(dir_.string());
  EXPECT_THAT(d.status().message(), HasSubstr("directory"));
}

TEST_F(MappedFileTest, EmptyAndSmallFiles) {
  std::ofstream(Path("e")) << "";
  auto e = MappedFile::Open(Path("e"));
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE((*e)->text().empty());
  EXPECT_TRUE((*e)->CheckIntact().ok());
  std::ofstream(Path("s")) << "{}";
  auto s = MappedFile::Open(Path("s"));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->text(), "{}");
}

}  // namespace
}  // namespace vigil
