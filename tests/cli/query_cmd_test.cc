// `vigil query`: exit statuses and located messages on bad input, --stats.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
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

std::string ReadAll(const std::string& p) {
  std::ifstream in(p);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

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

TEST_F(QueryCmdTest, AFullStandardOutputIsAnErrorNotASuccess) {
  const std::string q = Write("q.graphql", "vpcs { id }");
  const std::string err = (dir_ / "err.txt").string();
  const std::string cmd = testing::ShellQuote(VIGIL_CLI_PATH) + " query --schema " +
                          testing::ShellQuote(conf_ + "schema.graphql") + " --graph " +
                          testing::ShellQuote(conf_ + "curated-graph.json") + " " +
                          testing::ShellQuote(q) + " >/dev/full 2>" + testing::ShellQuote(err);
  int raw = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(raw));
  EXPECT_EQ(WEXITSTATUS(raw), 2);
  EXPECT_THAT(ReadAll(err), HasSubstr("cannot write to standard output"));
}

TEST_F(QueryCmdTest, VariablesFilesAreReadStrictly) {
  const std::string query = "query($n: String!) { vpcs(where: {name: $n}) { id } }";
  // A duplicate key is an error at the second one.
  CmdResult r = Query(query, {"--vars", Write("dup.json", "{\"n\": \"half\", \"n\": \"x\"}")});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("dup.json:1:15: error: duplicate key \"n\""));
  // Errors print text, not raw bytes.
  r = Query(query, {"--vars", Write("raw.json", "{\"n\": N\x01}")});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("raw.json:1:7"));
  EXPECT_EQ(r.err.find('\x01'), std::string::npos) << r.err;
  // An integer below -2^63 is out of range, said so.
  r = Query("query($n: Int) { vpcs { id } }",
            {"--vars", Write("big.json", "{\"n\": -9223372036854775809}")});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("big.json:1:7"));
  EXPECT_THAT(r.err, HasSubstr("integer out of range"));
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
