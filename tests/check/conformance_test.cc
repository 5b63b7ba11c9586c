// The conformance suite (tests/data/conformance/*.jsonl, a copy of the
// shared suite, and tests/data/conformance-extra/*.jsonl, the project's own) as one parameterised test per case: each case runs through
// the library with 1 and 2 threads (Conformance.Library/<case>) and through
// `vigil query` (Conformance.Command/<case>). The test name is the case's
// name made into an identifier, so a failure names the case and the others
// still run; one case alone:
//
//   build/tests/check/conformance_test
//   --gtest_filter='*/rel_null_means_no_related_asset'
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

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

// A case as registered: its file, line and test name. The line is parsed
// when the test runs (registration reads only the names, which keeps the
// startup of every test process short, as ctest runs one test a process).
struct Case {
  std::string file;  // curated.jsonl, random.jsonl
  int line = 0;      // 1-based line in it
  std::string name;  // the case's "name"
  std::string id;    // the test name: the case's name as an identifier
  std::string text;  // the line

  std::string where() const {
    return file + ":" + std::to_string(line) + " (" + name + ")";
  }
};

// A case's data, parsed.
struct CaseData {
  Value data;
  bool expects_error() const {
    const Value* e = data.Find("expect");
    return e->is_object() && e->Find("error") != nullptr;
  }
};

absl::StatusOr<CaseData> Parse(const Case& c) {
  auto v = Value::ParseJson(c.text);
  if (!v.ok()) return v.status();
  if (!v->is_object() || !v->Find("schema") ||
      !v->Find("schema")->is_string() || !v->Find("graph") ||
      !v->Find("query") || !v->Find("query")->is_string() ||
      !v->Find("expect")) {
    return absl::InvalidArgumentError(
        "a case is an object with name, schema, graph, query and expect");
  }
  return CaseData{*std::move(v)};
}

// The string value of the top-level key "name" of a case line, found
// without parsing the rest of the line.
std::string NameOf(std::string_view line) {
  int depth = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == '"') {
      size_t end = i + 1;
      while (end < line.size() && line[end] != '"')
        end += line[end] == '\\' ? 2 : 1;
      const bool is_name_key =
          depth == 1 && line.substr(i, end + 1 - i) == "\"name\"";
      i = end;
      if (!is_name_key) continue;
      size_t v = line.find_first_not_of(": \t", end + 1);
      if (v == std::string_view::npos || line[v] != '"') return "";
      size_t v_end = v + 1;
      while (v_end < line.size() && line[v_end] != '"')
        v_end += line[v_end] == '\\' ? 2 : 1;
      auto s = Value::ParseJson(line.substr(v, v_end + 1 - v));
      return s.ok() && s->is_string() ? s->as_string() : "";
    }
  }
  return "";
}

// GoogleTest names are [A-Za-z0-9_]: other characters become '_', runs of
// them one '_'.
std::string Identifier(std::string_view name) {
  std::string id;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id.push_back(c);
    } else if (!id.empty() && id.back() != '_') {
      id.push_back('_');
    }
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  return id.empty() ? "case" : id;
}

std::vector<Case> LoadCases(const std::string& file) {
  std::vector<Case> cases;
  std::set<std::string> ids;
  std::ifstream in(Dir() + "/" + file);
  std::string text;
  int n = 0;
  while (std::getline(in, text)) {
    ++n;
    if (text.empty()) continue;
    Case c{file, n, NameOf(text), "", text};
    c.id = c.name.empty() ? "line_" + std::to_string(n) : Identifier(c.name);
    if (!ids.insert(c.id).second) c.id += "_line_" + std::to_string(n);
    ids.insert(c.id);
    cases.push_back(std::move(c));
  }
  return cases;
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  return info.param.id;
}

// How GoogleTest shows a case in messages.
void PrintTo(const Case& c, std::ostream* os) { *os << c.where(); }

// Schemas and fragment libraries, parsed once per process.
class Inputs {
 public:
  static Inputs& Get() {
    static Inputs* inputs = new Inputs;
    return *inputs;
  }
  absl::StatusOr<std::shared_ptr<const Schema>> GetSchema(
      const std::string& name) {
    std::lock_guard<std::mutex> l(mu_);
    auto it = schemas_.find(name);
    if (it == schemas_.end()) {
      it =
          schemas_
              .emplace(name, Schema::FromSdl(ReadAll(Dir() + "/" + name), name))
              .first;
    }
    return it->second;
  }
  absl::StatusOr<std::shared_ptr<const FragmentLibrary>> GetFragments(
      const std::string& name) {
    std::lock_guard<std::mutex> l(mu_);
    auto it = fragments_.find(name);
    if (it == fragments_.end()) {
      it = fragments_
               .emplace(name, FragmentLibrary::Parse(
                                  ReadAll(Dir() + "/" + name), name))
               .first;
    }
    return it->second;
  }

 private:
  std::mutex mu_;
  std::map<std::string, absl::StatusOr<std::shared_ptr<const Schema>>> schemas_;
  std::map<std::string, absl::StatusOr<std::shared_ptr<const FragmentLibrary>>>
      fragments_;
};

// Evaluates one case through the library; returns the result JSON value or
// the error status.
absl::StatusOr<Value> RunLibrary(const CaseData& c, int threads) {
  auto schema = Inputs::Get().GetSchema(c.data.Find("schema")->as_string());
  if (!schema.ok())
    return absl::InternalError("schema: " +
                               std::string(schema.status().message()));
  CompileOptions opts;
  if (const Value* f = c.data.Find("fragments"); f && f->is_string()) {
    auto frags = Inputs::Get().GetFragments(f->as_string());
    if (!frags.ok()) {
      return absl::InternalError("fragments: " +
                                 std::string(frags.status().message()));
    }
    opts.fragments.push_back(*frags);
  }
  const Value& g = *c.data.Find("graph");
  std::string graph_text =
      g.is_string() ? ReadAll(Dir() + "/" + g.as_string()) : g.ToJson();
  auto graph = LoadGraphJson(graph_text, *schema);
  if (!graph.ok()) return graph.status();
  auto q = Query::Compile(*schema, c.data.Find("query")->as_string(), opts);
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
    return absl::InternalError("ToValue() differs from ToJson(): " +
                               r->ToValue().ToJson());
  if (parsed.ok() && parsed->ToJson() != r->ToJson())
    return absl::InternalError("ToJson() is not compact canonical JSON: " +
                               r->ToJson());
  return parsed;
}

class Conformance : public ::testing::TestWithParam<Case> {};

TEST_P(Conformance, Library) {
  const Case& c = GetParam();
  absl::StatusOr<CaseData> parsed = Parse(c);
  ASSERT_TRUE(parsed.ok()) << c.where() << ": " << parsed.status();
  const CaseData& d = *parsed;
  for (int threads : {1, 2}) {
    SCOPED_TRACE("threads=" + std::to_string(threads));
    auto got = RunLibrary(d, threads);
    if (d.expects_error()) {
      ASSERT_FALSE(got.ok())
          << c.where() << " must be refused, got " << got->ToJson();
      // Errors are located: "file:line:col".
      EXPECT_NE(got.status().message().find(':'), std::string::npos)
          << got.status();
      EXPECT_NE(got.status().code(), absl::StatusCode::kInternal)
          << got.status();
    } else {
      ASSERT_TRUE(got.ok()) << c.where() << ": " << got.status();
      EXPECT_EQ(*got, *d.data.Find("expect"))
          << c.where() << "\n got: " << got->ToJson()
          << "\nwant: " << d.data.Find("expect")->ToJson();
    }
  }
}

TEST_P(Conformance, Command) {
  const Case& c = GetParam();
  absl::StatusOr<CaseData> parsed = Parse(c);
  ASSERT_TRUE(parsed.ok()) << c.where() << ": " << parsed.status();
  const CaseData& d = *parsed;
  fs::path tmp = fs::path(::testing::TempDir()) /
                 ("vigil-conf-" + std::to_string(getpid()) + "-" + c.id);
  fs::create_directories(tmp);
  std::string q = (tmp / "q.graphql").string(), v = (tmp / "v.json").string();
  std::ofstream(q) << d.data.Find("query")->as_string();
  const Value* vars = d.data.Find("vars");
  std::ofstream(v) << (vars ? vars->ToJson() : "{}");
  const Value& g = *d.data.Find("graph");
  std::string graph = Dir() + "/" + (g.is_string() ? g.as_string() : "");
  if (!g.is_string()) {
    graph = (tmp / "g.json").string();
    std::ofstream(graph) << g.ToJson();
  }
  std::vector<std::string> argv = {
      VIGIL_CLI_PATH, "query",
      "--schema",     Dir() + "/" + d.data.Find("schema")->as_string(),
      "--graph",      graph,
      "--vars",       v};
  if (const Value* f = d.data.Find("fragments"); f && f->is_string()) {
    argv.push_back("--fragments");
    argv.push_back(Dir() + "/" + f->as_string());
  }
  argv.push_back(q);
  testing::CommandResult run = testing::RunArgv(argv);
  fs::remove_all(tmp);
  if (d.expects_error()) {
    EXPECT_EQ(run.status, 2) << c.where() << "\nstdout: " << run.out;
    EXPECT_FALSE(run.err.empty()) << c.where();
  } else {
    ASSERT_EQ(run.status, 0) << c.where() << "\nstderr: " << run.err;
    auto got = Value::ParseJson(run.out);
    ASSERT_TRUE(got.ok()) << c.where() << ": " << got.status();
    EXPECT_EQ(*got, *d.data.Find("expect"))
        << c.where() << "\n got: " << run.out;
  }
}

INSTANTIATE_TEST_SUITE_P(Curated, Conformance,
                         ::testing::ValuesIn(LoadCases("curated.jsonl")),
                         CaseName);
INSTANTIATE_TEST_SUITE_P(Random, Conformance,
                         ::testing::ValuesIn(LoadCases("random.jsonl")),
                         CaseName);
// The Neo4j GraphQL 5.12 parity cases: tests/data/conformance/parity.jsonl
// and the project's own in tests/data/conformance-extra (over the shared
// suite's schema, fragments and graph).
INSTANTIATE_TEST_SUITE_P(Parity, Conformance,
                         ::testing::ValuesIn(LoadCases("parity.jsonl")),
                         CaseName);
INSTANTIATE_TEST_SUITE_P(
    Extra, Conformance,
    ::testing::ValuesIn(LoadCases("../conformance-extra/parity.jsonl")),
    CaseName);

// The suite is all there (a missing or truncated file would otherwise just
// mean fewer tests).
TEST(ConformanceSuite, HasEveryCase) {
  EXPECT_EQ(
      LoadCases("curated.jsonl").size() + LoadCases("random.jsonl").size(),
      398u);
}

// The byte-identical promise: the same query on the same graph gives the
// same text, whatever the thread count.
TEST(ConformanceSuite, ByteIdenticalAcrossRunsAndThreads) {
  auto schema = Inputs::Get().GetSchema("schema.graphql");
  ASSERT_TRUE(schema.ok()) << schema.status();
  auto frags = Inputs::Get().GetFragments("fragments.graphql");
  ASSERT_TRUE(frags.ok()) << frags.status();
  auto graph = LoadGraphJson(ReadAll(Dir() + "/curated-graph.json"), *schema);
  ASSERT_TRUE(graph.ok()) << graph.status();
  CompileOptions opts;
  opts.fragments.push_back(*frags);
  auto q = Query::Compile(
      *schema,
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

}  // namespace
}  // namespace vigil
