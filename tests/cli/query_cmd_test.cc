// `vigil query`: exit statuses and located messages on bad input, --stats.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/command.h"
#include "vigil/value.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

using CmdResult = testing::CommandResult;

class QueryCmdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-query-cmd-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    conf_ = std::string(VIGIL_TEST_DATA_DIR) + "/conformance/";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string p = (dir_ / name).string();
    std::ofstream(p) << text;
    return p;
  }

  CmdResult Vigil(std::vector<std::string> args) {
    args.insert(args.begin(), VIGIL_CLI_PATH);
    return testing::RunArgv(args);
  }

  CmdResult Query(const std::string& query_text, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"query", "--schema", conf_ + "schema.graphql", "--graph",
                                     conf_ + "curated-graph.json", "--fragments",
                                     conf_ + "fragments.graphql"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(Write("q.graphql", query_text));
    return Vigil(args);
  }

  fs::path dir_;
  std::string conf_;
};

TEST_F(QueryCmdTest, PrintsTheResult) {
  CmdResult r = Query("vpcs(where: {hasFlowLog: null}) { id }");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "[{\"id\":\"vpc-none\"},{\"id\":\"vpc-bare\"}]\n");
}

TEST_F(QueryCmdTest, StatsAreOneJsonLineOnStderr) {
  CmdResult r = Query("vpcs { id }", {"--stats", "--repeat", "5", "--threads", "1"});
  ASSERT_EQ(r.status, 0) << r.err;
  auto v = Value::ParseJson(r.err);
  ASSERT_TRUE(v.ok()) << r.err;
  for (const char* k : {"load_ms", "compile_ms", "evaluate_ms", "serialize_ms", "peak_rss_mb"})
    EXPECT_NE(v->Find(k), nullptr) << k;
  EXPECT_EQ(v->Find("repeat")->as_int(), 5);
  EXPECT_EQ(v->Find("rows")->as_int(), 6);
}

TEST_F(QueryCmdTest, QueryErrorIsLocatedExit2) {
  CmdResult r = Query("vpcs(where: {\n  nme: \"ab\"\n}) { id }");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("q.graphql:2:3"));
  EXPECT_THAT(r.err, HasSubstr("Did you mean \"name\""));
  EXPECT_TRUE(r.out.empty());
}

TEST_F(QueryCmdTest, BadSchemaGraphVarsAndFilesExit2) {
  std::string q = Write("ok.graphql", "vpcs { id }");
  CmdResult r = Vigil({"query", "--schema", Write("bad.graphql", "type Vpc {\n  id: ID!\n  x: Nope\n}"),
                 "--graph", conf_ + "curated-graph.json", q});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("bad.graphql:3:"));

  r = Vigil({"query", "--schema", conf_ + "schema.graphql", "--graph",
             Write("g.json", "{\"assets\": [{\"id\": \"a\", \"type\": \"Nope\"}]}"), q});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("Nope"));

  r = Vigil({"query", "--schema", conf_ + "schema.graphql", "--graph",
             Write("g2.json", "{\"assets\": [\n  {\"id\": \"a\", \"type\": \"Vpc\",}\n]}"), q});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr(":2:"));

  r = Query("vpcs { id }", {"--vars", Write("v.json", "{\"a\": [1,}")});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("v.json:1:"));

  r = Query("vpcs { id }", {"--vars", Write("v2.json", "[1]")});
  EXPECT_EQ(r.status, 2);

  r = Vigil({"query", "--schema", (dir_ / "missing.graphql").string(), "--graph",
             conf_ + "curated-graph.json", q});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("missing.graphql"));

  r = Vigil({"query", "--schema", conf_ + "schema.graphql", q});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("usage"));

  // Devices are not read forever.
  r = Query("vpcs { id }", {"--vars", "/dev/zero"});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("not a regular file"));
  r = Vigil({"run", "--exceptions", "/dev/zero"});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("not a regular file"));

  r = Vigil({"nosuchcommand"});
  EXPECT_EQ(r.status, 2);
}

TEST_F(QueryCmdTest, VariablesFromFile) {
  CmdResult r = Query("query($n: String!) { vpcs(where: {name: $n}) { id } }",
                {"--vars", Write("v.json", "{\"n\": \"half\"}")});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "{\"vpcs\":[{\"id\":\"vpc-half\"}]}\n");
  r = Query("query($n: String!) { vpcs(where: {name: $n}) { id } }");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("$n"));
}

}  // namespace
}  // namespace vigil
