// `vigil gen`, `vigil snapshot` and `vigil bench` from the command line.
#include <filesystem>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/command.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

class GenCmdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-gen-cmd-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  testing::CommandResult Vigil(std::vector<std::string> args) {
    args.insert(args.begin(), VIGIL_CLI_PATH);
    return testing::RunArgv(args);
  }
  std::string P(const std::string& name) { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(GenCmdTest, GenSnapshotRunAndBench) {
  auto g = Vigil({"gen", "--accounts", "2", "--assets", "1500", "--seed", "9", "-o", P("o.json")});
  ASSERT_EQ(g.status, 0) << g.err;
  const std::string expected = testing::ReadFileOrEmpty(P("expected.json"));
  EXPECT_THAT(expected, HasSubstr("\"cis-aws-3.7\": {\"status\": "));
  // The same organisation as a snapshot, written directly or converted.
  ASSERT_EQ(Vigil({"gen", "--accounts", "2", "--assets", "1500", "--seed", "9", "-o", P("a.vgs"),
                   "--expected", P("e2.json")})
                .status,
            0);
  EXPECT_EQ(testing::ReadFileOrEmpty(P("e2.json")), expected);
  auto s = Vigil({"snapshot", P("o.json"), "-o", P("b.vgs")});
  ASSERT_EQ(s.status, 0) << s.err;
  EXPECT_EQ(testing::ReadFileOrEmpty(P("a.vgs")), testing::ReadFileOrEmpty(P("b.vgs")));
  // vigil run takes the snapshot (by content) and fails controls (exit 1).
  auto r = Vigil({"run", "--graph", P("a.vgs"), "--now", "2026-01-01T00:00:00Z"});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("57 controls"));
  EXPECT_THAT(r.err, ::testing::Not(HasSubstr("loading")));  // no progress bar off a terminal
  auto b = Vigil({"bench", "--pack", std::string(VIGIL_SOURCE_DIR) + "/packs/cis-aws", "--graph",
                  P("a.vgs"), "--repeat", "2", "--format", "json", "--control", "cis-aws-3.7"});
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_THAT(b.out, HasSubstr("{\"format\":\"vigil-bench/1\""));
  EXPECT_THAT(b.out, HasSubstr("\"control\":\"cis-aws-3.7\""));
}

TEST_F(GenCmdTest, BadInputExitsTwo) {
  auto a = Vigil({"gen", "--accounts", "0", "-o", P("x.json")});
  EXPECT_EQ(a.status, 2);
  EXPECT_THAT(a.err, HasSubstr("--accounts"));
  EXPECT_EQ(Vigil({"gen", "--violations", "2", "-o", P("x.json")}).status, 2);
  EXPECT_EQ(Vigil({"gen"}).status, 2);
  // A truncated snapshot is refused by every command that loads graphs.
  ASSERT_EQ(Vigil({"gen", "--accounts", "1", "--assets", "200", "-o", P("t.vgs")}).status, 0);
  std::string bytes = testing::ReadFileOrEmpty(P("t.vgs"));
  fs::resize_file(P("t.vgs"), bytes.size() / 2);
  auto r = Vigil({"run", "--graph", P("t.vgs")});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("graph.snapshot-truncated"));
  auto s = Vigil({"snapshot", P("t.vgs"), "-o", P("u.vgs")});
  EXPECT_EQ(s.status, 2);
}

}  // namespace
}  // namespace vigil
