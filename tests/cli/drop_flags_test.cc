// --drop-unknown-properties and --drop-dangling-edges on vigil run, query
// and snapshot: a partial inventory loads, and what was left out is said on
// standard error; without the flags it is refused with its code.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/command.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

// A VPC of the bundled AWS schema with a property it does not declare, and
// a flow-log edge to an asset the inventory lacks.
constexpr char kGraph[] = R"({"assets": [
  {"id": "vpc-1", "type": "Vpc", "properties": {"region": "eu-west-1", "ipv6Pools": 2}},
  {"id": "vpc-2", "type": "Vpc", "properties": {"region": "eu-west-1", "ipv6Pools": 0}}],
 "relationships": [{"from": "vpc-1", "type": "HAS_FLOW_LOG", "to": "fl-missing"}]})";

class DropFlagsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-drop-flags-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    graph_ = (dir_ / "partial.json").string();
    std::ofstream(graph_) << kGraph;
    schema_ = std::string(VIGIL_SOURCE_DIR) + "/schemas/aws.graphql";
  }
  void TearDown() override { fs::remove_all(dir_); }
  testing::CommandResult Vigil(std::vector<std::string> args) {
    args.insert(args.begin(), VIGIL_CLI_PATH);
    return testing::RunArgv(args);
  }
  fs::path dir_;
  std::string graph_, schema_;
};

constexpr char kDropped[] =
    "dropped 2 undeclared property values (Vpc.ipv6Pools: 2) and 1 dangling edge "
    "(HAS_FLOW_LOG: 1)";

TEST_F(DropFlagsTest, QueryRefusesThenDrops) {
  const std::string q = (dir_ / "q.graphql").string();
  std::ofstream(q) << "vpcs { id }";
  auto strict = Vigil({"query", "--schema", schema_, "--graph", graph_, q});
  EXPECT_EQ(strict.status, 2);
  EXPECT_THAT(strict.err, HasSubstr("ipv6Pools"));
  auto props_only = Vigil({"query", "--schema", schema_, "--graph", graph_,
                           "--drop-unknown-properties", q});
  EXPECT_EQ(props_only.status, 2);
  EXPECT_THAT(props_only.err, HasSubstr("names no asset: \"fl-missing\""));
  auto r = Vigil({"query", "--schema", schema_, "--graph", graph_, "--drop-unknown-properties",
                  "--drop-dangling-edges", q});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "[{\"id\":\"vpc-1\"},{\"id\":\"vpc-2\"}]\n");
  EXPECT_THAT(r.err, HasSubstr(std::string("vigil query: ") + graph_ + ": " + kDropped));
}

TEST_F(DropFlagsTest, QueryControlOfAPackDrops) {
  const std::string pack = std::string(VIGIL_SOURCE_DIR) + "/packs/cis-aws";
  auto strict = Vigil({"query", "--pack", pack, "--control", "cis-aws-3.7", "--graph", graph_});
  EXPECT_EQ(strict.status, 2);
  EXPECT_THAT(strict.err, HasSubstr("ipv6Pools"));
  auto r = Vigil({"query", "--pack", pack, "--control", "cis-aws-3.7", "--graph", graph_,
                  "--drop-unknown-properties", "--drop-dangling-edges"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("vpc-1"));
  EXPECT_THAT(r.err, HasSubstr(std::string("vigil query: ") + graph_ + ": " + kDropped));
}

TEST_F(DropFlagsTest, SnapshotDrops) {
  const std::string out = (dir_ / "g.vgs").string();
  auto strict = Vigil({"snapshot", "--schema", schema_, "-o", out, graph_});
  EXPECT_EQ(strict.status, 2);
  auto r = Vigil({"snapshot", "--schema", schema_, "-o", out, "--drop-unknown-properties",
                  "--drop-dangling-edges", graph_});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr(kDropped));
  EXPECT_TRUE(fs::exists(out));
}

TEST_F(DropFlagsTest, RunDrops) {
  const std::string pack = std::string(VIGIL_SOURCE_DIR) + "/packs/cis-aws";
  auto strict = Vigil({"run", "--pack", pack, "--graph", graph_});
  EXPECT_EQ(strict.status, 2);
  auto r = Vigil({"run", "--pack", pack, "--graph", graph_, "--drop-unknown-properties",
                  "--drop-dangling-edges"});
  EXPECT_NE(r.status, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr(std::string("vigil run: ") + graph_ + ": " + kDropped));
}

}  // namespace
}  // namespace vigil
