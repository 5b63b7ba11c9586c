// Runs every case of the conformance suite (tests/data/conformance/*.jsonl,
// a copy of the shared suite, and tests/data/conformance-extra/*.jsonl)
// through the library and through the
// `vigil query` command, and checks the exact answers.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "tests/common/command.h"
#include "vigil/json_loader.h"
#include "vigil/query.h"
#include "vigil/schema.h"
#include "vigil/value.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;

std::string Dir() { return std::string(VIGIL_TEST_DATA_DIR) + "/conformance"; }

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Case {
  std::string file;
  int line = 0;
  Value data;
  std::string name() const { return file + ":" + std::to_string(line) + " " + data.Find("name")->as_string(); }
  bool expects_error() const {
    const Value* e = data.Find("expect");
    return e->is_object() && e->Find("error") != nullptr;
  }
};

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  // The project's own cases (tests/data/conformance-extra) use the shared
  // suite's files.
  for (const char* f : {"curated.jsonl", "random.jsonl", "parity.jsonl",
                        "../conformance-extra/parity.jsonl"}) {
    std::ifstream in(Dir() + "/" + f);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (line.empty()) continue;
      auto v = Value::ParseJson(line);
      EXPECT_TRUE(v.ok()) << f << ":" << n << ": " << v.status();
      if (v.ok()) cases.push_back(Case{f, n, *std::move(v)});
    }
  }
  return cases;
}

class Conformance : public ::testing::Test {
 protected:
  std::shared_ptr<const Schema> GetSchema(const std::string& name) {
    auto& s = schemas_[name];
    if (!s) {
      auto r = Schema::FromSdl(ReadAll(Dir() + "/" + name), name);
      EXPECT_TRUE(r.ok()) << r.status();
      if (r.ok()) s = *r;
    }
    return s;
  }
  std::shared_ptr<const FragmentLibrary> GetFragments(const std::string& name) {
    auto& f = fragments_[name];
    if (!f) {
      auto r = FragmentLibrary::Parse(ReadAll(Dir() + "/" + name), name);
      EXPECT_TRUE(r.ok()) << r.status();
      if (r.ok()) f = *r;
    }
    return f;
  }
  std::map<std::string, std::shared_ptr<const Schema>> schemas_;
  std::map<std::string, std::shared_ptr<const FragmentLibrary>> fragments_;
};

// Evaluates one case through the library; returns the result JSON value or
// the error status.
absl::StatusOr<Value> RunLibrary(const Case& c, std::shared_ptr<const Schema> schema,
                                 std::shared_ptr<const FragmentLibrary> frags, int threads) {
  const Value& g = *c.data.Find("graph");
  std::string graph_text = g.is_string() ? ReadAll(Dir() + "/" + g.as_string()) : g.ToJson();
  auto graph = LoadGraphJson(graph_text, schema);
  if (!graph.ok()) return graph.status();
  CompileOptions opts;
  if (frags) opts.fragments.push_back(frags);
  auto q = Query::Compile(schema, c.data.Find("query")->as_string(), opts);
  if (!q.ok()) return q.status();
  const Value* vars = c.data.Find("vars");
  EvalOptions eo;
  eo.threads = threads;
  auto r = (*q)->Evaluate(**graph, vars ? *vars : Value(), eo);
  if (!r.ok()) return r.status();
  // Round-trip through text: the JSON writer is part of what is tested,
  // and the directly built Value must be the same.
  auto parsed = Value::ParseJson(r->ToJson());
  if (parsed.ok() && !(*parsed == r->ToValue()))
    return absl::InternalError("ToValue() differs from ToJson(): " + r->ToValue().ToJson());
  if (parsed.ok() && parsed->ToJson() != r->ToJson())
    return absl::InternalError("ToJson() is not compact canonical JSON: " + r->ToJson());
  return parsed;
}

TEST_F(Conformance, EveryCaseThroughTheLibrary) {
  auto cases = LoadCases();
  ASSERT_GE(cases.size(), 398u);
  int passed = 0;
  for (const Case& c : cases) {
    auto schema = GetSchema(c.data.Find("schema")->as_string());
    ASSERT_TRUE(schema);
    std::shared_ptr<const FragmentLibrary> frags;
    if (const Value* f = c.data.Find("fragments"); f && f->is_string()) frags = GetFragments(f->as_string());
    for (int threads : {1, 2}) {
      auto got = RunLibrary(c, schema, frags, threads);
      if (c.expects_error()) {
        EXPECT_FALSE(got.ok()) << c.name() << " must be refused, got " << got->ToJson();
        if (!got.ok()) {
          // Errors are located: "file:line:col".
          EXPECT_NE(got.status().message().find(':'), std::string::npos) << got.status();
        }
      } else {
        ASSERT_TRUE(got.ok()) << c.name() << ": " << got.status();
        EXPECT_EQ(*got, *c.data.Find("expect"))
            << c.name() << "\n got: " << got->ToJson()
            << "\nwant: " << c.data.Find("expect")->ToJson();
        if (*got == *c.data.Find("expect")) ++passed;
      }
    }
  }
  EXPECT_GT(passed, 0);
}

// The byte-identical promise: the same query on the same graph gives the
// same text, whatever the thread count.
TEST_F(Conformance, ByteIdenticalAcrossRunsAndThreads) {
  auto schema = GetSchema("schema.graphql");
  auto graph = LoadGraphJson(ReadAll(Dir() + "/curated-graph.json"), schema);
  ASSERT_TRUE(graph.ok()) << graph.status();
  CompileOptions opts;
  opts.fragments.push_back(GetFragments("fragments.graphql"));
  auto q = Query::Compile(schema,
                          "vpcs(where: {OR: [{hasFlowLog: null}, {hasFlowLog_NONE: "
                          "{flowLogStatus: \"ACTIVE\"}}]}){...AssetFragment hasFlowLog { id }}",
                          opts);
  ASSERT_TRUE(q.ok()) << q.status();
  std::string first;
  for (int threads : {1, 2, 0, 1}) {
    EvalOptions eo;
    eo.threads = threads;
    auto r = (*q)->Evaluate(**graph, Value(), eo);
    ASSERT_TRUE(r.ok());
    if (first.empty()) first = r->ToJson();
    EXPECT_EQ(r->ToJson(), first);
  }
}

TEST_F(Conformance, EveryCaseThroughTheCommandLine) {
  auto cases = LoadCases();
  fs::path tmp = fs::temp_directory_path() / ("vigil-conf-" + std::to_string(getpid()));
  fs::create_directories(tmp);
  int n = 0;
  for (const Case& c : cases) {
    std::string q = (tmp / "q.graphql").string(), v = (tmp / "v.json").string();
    std::ofstream(q) << c.data.Find("query")->as_string();
    const Value* vars = c.data.Find("vars");
    std::ofstream(v) << (vars ? vars->ToJson() : "{}");
    const Value& g = *c.data.Find("graph");
    std::string graph = Dir() + "/" + (g.is_string() ? g.as_string() : "");
    if (!g.is_string()) {
      graph = (tmp / "g.json").string();
      std::ofstream(graph) << g.ToJson();
    }
    std::vector<std::string> argv = {VIGIL_CLI_PATH, "query", "--schema",
                                     Dir() + "/" + c.data.Find("schema")->as_string(),
                                     "--graph", graph, "--vars", v};
    if (const Value* f = c.data.Find("fragments"); f && f->is_string()) {
      argv.push_back("--fragments");
      argv.push_back(Dir() + "/" + f->as_string());
    }
    argv.push_back(q);
    testing::CommandResult run = testing::RunArgv(argv);
    const int rc = run.status;
    const std::string& out = run.out;
    const std::string& err = run.err;
    if (c.expects_error()) {
      EXPECT_EQ(rc, 2) << c.name() << "\nstdout: " << out;
      EXPECT_FALSE(err.empty()) << c.name();
    } else {
      ASSERT_EQ(rc, 0) << c.name() << "\nstderr: " << err;
      auto got = Value::ParseJson(out);
      ASSERT_TRUE(got.ok()) << c.name() << ": " << got.status();
      EXPECT_EQ(*got, *c.data.Find("expect")) << c.name() << "\n got: " << out;
    }
    ++n;
  }
  fs::remove_all(tmp);
  EXPECT_EQ(n, static_cast<int>(cases.size()));
}

}  // namespace
}  // namespace vigil
