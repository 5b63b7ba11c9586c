// Diagnostics as data: every record of tests/data/diagnostics/*.test feeds
// one input to one entry point of vigil and says which diagnostics must come
// out, by code and line:column (after DuckDB's sqllogictest). One test per
// record, named <file>_<line>:
//
//   build/tests/diagnostics/diagnostics_test --gtest_filter='*/schema_12'
//
// ---- the format ------------------------------------------------------------
//
//   # A comment. Comments and blank lines between records are ignored.
//
//   query conformance              <- the header: what the input is
//   vpcs(where: {nme: "a"}) { id }  <- the input: every line up to "----"
//   ----
//   check.unknown-key 1:14         <- the first diagnostic: code line:column
//
// The input is taken as is, blank and '#' lines included, joined with "\n"
// (no newline after its last line: end it with an empty line for one).
// After "----" come one or more expected diagnostics, one a line, up to a
// blank line or the end of the file. The input must be refused, and the
// diagnostics reported must begin with these, in order (more may follow).
// Every expected code must be registered in src/base/diagnostic_codes.inc.
//
// Headers (the named schemas are `conformance`, tests/data/conformance/
// schema.graphql with its fragments.graphql, and `aws`, schemas/aws.graphql
// with packs/cis-aws/fragments.graphql):
//
//   value              a constant GraphQL value       syntax::ParseValue
//   executable         a GraphQL executable document  syntax::ParseExecutable
//   sdl                an SDL document, parsed only   syntax::ParseSchema
//   schema             SDL built into a Schema        Schema::FromSdl
//   query SCHEMA       a query against a schema       Query::Compile
//   graph SCHEMA       a graph JSON document          LoadGraphJson
//   expectation        one expectation                Expectation::Parse
//   exceptions         an exceptions file             ExceptionSet::Parse
//   params             a --params file                ParseParamsFile
//   control SCHEMA     the one control file of a pack LoadPack
//
// Keep in C++ the tests that need more than "input -> code at line:col"
// (messages, suggestions, several calls, bytes that are not text).
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "src/syntax/parser.h"
#include "vigil/diagnostic.h"
#include "vigil/expectation.h"
#include "vigil/json_loader.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"
#include "vigil/query.h"
#include "vigil/schema.h"
#include "vigil/waivers.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;

const std::set<std::string>& RegisteredCodes() {
  static const std::set<std::string> codes = {
#define VIGIL_DIAGNOSTIC_CODE(code, meaning) code,
#include "src/base/diagnostic_codes.inc"
#undef VIGIL_DIAGNOSTIC_CODE
  };
  return codes;
}

std::string DataDir() {
  return std::string(VIGIL_TEST_DATA_DIR) + "/diagnostics";
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Expected {
  std::string code;
  uint32_t line = 0, column = 0;
};

struct Record {
  std::string file;  // e.g. "schema.test"
  int line = 0;      // of the header
  std::string kind, argument;
  std::string input;
  std::vector<Expected> expected;
  std::string problem;  // the record is malformed: why

  std::string where() const {
    return "tests/data/diagnostics/" + file + ":" + std::to_string(line);
  }
  std::string id() const {
    std::string stem = fs::path(file).stem().string();
    for (char& c : stem) {
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return stem + "_" + std::to_string(line);
  }
};

void PrintTo(const Record& r, std::ostream* os) { *os << r.where(); }

bool ParseExpected(std::string_view text, Expected* e) {
  const size_t space = text.find(' ');
  if (space == std::string_view::npos) return false;
  e->code = std::string(text.substr(0, space));
  std::string_view pos = text.substr(space + 1);
  while (!pos.empty() && pos.front() == ' ') pos.remove_prefix(1);
  unsigned line = 0, column = 0;
  char tail = 0;
  const std::string where(pos);
  if (std::sscanf(where.c_str(), "%u:%u%c", &line, &column, &tail) != 2) {
    return false;
  }
  e->line = line;
  e->column = column;
  return !e->code.empty();
}

std::vector<Record> ParseFile(const std::string& name) {
  std::vector<Record> records;
  std::vector<std::string> lines;
  {
    std::istringstream in(ReadAll(DataDir() + "/" + name));
    std::string l;
    while (std::getline(in, l)) {
      if (!l.empty() && l.back() == '\r') l.pop_back();
      lines.push_back(l);
    }
  }
  size_t i = 0;
  while (i < lines.size()) {
    const std::string& header = lines[i];
    if (header.empty() || header[0] == '#') {
      ++i;
      continue;
    }
    Record r;
    r.file = name;
    r.line = static_cast<int>(i + 1);
    const size_t space = header.find(' ');
    r.kind = header.substr(0, space);
    if (space != std::string::npos) r.argument = header.substr(space + 1);
    ++i;
    std::vector<std::string> input;
    while (i < lines.size() && lines[i] != "----") input.push_back(lines[i++]);
    if (i == lines.size()) {
      r.problem = "no \"----\" line after the input";
      records.push_back(std::move(r));
      break;
    }
    ++i;  // ----
    for (size_t k = 0; k < input.size(); ++k) {
      if (k > 0) r.input += '\n';
      r.input += input[k];
    }
    while (i < lines.size() && !lines[i].empty()) {
      Expected e;
      if (!ParseExpected(lines[i], &e)) {
        r.problem = "line " + std::to_string(i + 1) +
                    ": expected \"code line:column\", got \"" + lines[i] + "\"";
      } else {
        r.expected.push_back(e);
      }
      ++i;
    }
    if (r.expected.empty() && r.problem.empty())
      r.problem = "no expected diagnostic after ----";
    records.push_back(std::move(r));
  }
  return records;
}

std::vector<std::string> TestFiles() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(DataDir(), ec)) {
    if (e.path().extension() == ".test")
      names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<Record> AllRecords() {
  std::vector<Record> all;
  for (const std::string& f : TestFiles()) {
    std::vector<Record> rs = ParseFile(f);
    all.insert(all.end(), rs.begin(), rs.end());
  }
  return all;
}

// ---- the named inputs
// --------------------------------------------------------

struct NamedSchema {
  std::string sdl_path, fragments_path;
};

const NamedSchema* FindNamedSchema(const std::string& name) {
  static const std::map<std::string, NamedSchema> schemas = {
      {"conformance",
       {std::string(VIGIL_TEST_DATA_DIR) + "/conformance/schema.graphql",
        std::string(VIGIL_TEST_DATA_DIR) + "/conformance/fragments.graphql"}},
      {"aws",
       {std::string(VIGIL_SOURCE_DIR) + "/schemas/aws.graphql",
        std::string(VIGIL_SOURCE_DIR) + "/packs/cis-aws/fragments.graphql"}},
  };
  auto it = schemas.find(name);
  return it == schemas.end() ? nullptr : &it->second;
}

absl::StatusOr<std::shared_ptr<const Schema>> LoadNamedSchema(
    const std::string& name) {
  const NamedSchema* n = FindNamedSchema(name);
  if (n == nullptr) {
    return absl::InvalidArgumentError("unknown schema \"" + name +
                                      "\" (conformance, aws)");
  }
  return Schema::FromSdl(ReadAll(n->sdl_path), n->sdl_path);
}

// ---- feeding one record
// --------------------------------------------------------

constexpr char kInputName[] = "input";

// Runs the record's input through its entry point; returns the call's
// status and fills *diags.
absl::Status Feed(const Record& r, Diagnostics* diags) {
  const std::string& text = r.input;
  if (r.kind == "value")
    return syntax::ParseValue(text, kInputName, false, {}, diags).status();
  if (r.kind == "executable")
    return syntax::ParseExecutable(text, kInputName, {}, diags).status();
  if (r.kind == "sdl")
    return syntax::ParseSchema(text, kInputName, {}, diags).status();
  if (r.kind == "schema")
    return Schema::FromSdl(text, kInputName, diags).status();
  if (r.kind == "expectation")
    return Expectation::Parse(text, kInputName, diags).status();
  if (r.kind == "exceptions") {
    return ExceptionSet::Parse(text, kInputName, nullptr, diags).status();
  }
  if (r.kind == "params") {
    ParameterOverrides out;
    return ParseParamsFile(text, kInputName, &out, diags);
  }
  if (r.kind == "query" || r.kind == "graph" || r.kind == "control") {
    auto schema = LoadNamedSchema(r.argument);
    if (!schema.ok()) return absl::InternalError(schema.status().message());
    const NamedSchema& named = *FindNamedSchema(r.argument);
    if (r.kind == "query") {
      CompileOptions opts;
      opts.file_name = kInputName;
      auto frags = FragmentLibrary::Parse(ReadAll(named.fragments_path),
                                          named.fragments_path);
      if (!frags.ok()) return absl::InternalError(frags.status().message());
      opts.fragments.push_back(*frags);
      return Query::Compile(*schema, text, opts, diags).status();
    }
    if (r.kind == "graph") {
      LoadOptions opts;
      opts.file_name = kInputName;
      opts.diagnostics = diags;
      return LoadGraphJson(text, *schema, opts).status();
    }
    // control: a pack holding the schema's fragments and this one control.
    fs::path dir = fs::path(::testing::TempDir()) /
                   ("vigil-diag-" + std::to_string(getpid()) + "-" + r.id());
    fs::remove_all(dir);
    fs::create_directories(dir / "controls");
    std::ofstream(dir / "pack.json")
        << R"({"name": "diagnostics", "version": "1.0", "title": "diagnostics test pack",)"
        << R"( "fragments": ["fragments.graphql"], "controls": "controls"})";
    std::ofstream(dir / "fragments.graphql") << ReadAll(named.fragments_path);
    std::ofstream(dir / "controls" / "input.json") << text;
    PackLoadOptions opts;
    opts.schema = *schema;
    absl::Status s = LoadPack(dir.string(), opts, diags).status();
    fs::remove_all(dir);
    return s;
  }
  return absl::InternalError(
      "unknown header \"" + r.kind +
      "\" (value, executable, sdl, schema, query, graph, expectation, "
      "exceptions, params, control)");
}

class DiagnosticsData : public ::testing::TestWithParam<Record> {};

TEST_P(DiagnosticsData, Record) {
  const Record& r = GetParam();
  ASSERT_TRUE(r.problem.empty())
      << r.where() << ": malformed record: " << r.problem;
  for (const Expected& e : r.expected) {
    EXPECT_TRUE(RegisteredCodes().count(e.code))
        << r.where() << ": \"" << e.code
        << "\" is not in src/base/diagnostic_codes.inc";
  }
  Diagnostics diags;
  absl::Status status = Feed(r, &diags);
  ASSERT_NE(status.code(), absl::StatusCode::kInternal)
      << r.where() << ": " << status;
  ASSERT_FALSE(status.ok()) << r.where() << ": the input was accepted\n"
                            << r.input;
  std::string got;
  for (const Diagnostic& d : diags) got += "\n  " + d.ToString();
  ASSERT_GE(diags.size(), r.expected.size())
      << r.where() << ": fewer diagnostics than expected; got:" << got;
  for (size_t i = 0; i < r.expected.size(); ++i) {
    const Expected& e = r.expected[i];
    const Diagnostic& d = diags[i];
    EXPECT_TRUE(d.code == e.code && d.location.line == e.line &&
                d.location.column == e.column)
        << r.where() << ": diagnostic #" << i + 1 << ": want " << e.code << " "
        << e.line << ":" << e.column << ", got " << d.code << " "
        << d.location.line << ":" << d.location.column
        << "\nall diagnostics:" << got;
  }
}

std::string RecordName(const ::testing::TestParamInfo<Record>& info) {
  return info.param.id();
}

INSTANTIATE_TEST_SUITE_P(Data, DiagnosticsData,
                         ::testing::ValuesIn(AllRecords()), RecordName);

// Every file has records (a file whose records all failed to parse, or an
// empty directory, would otherwise just mean fewer tests).
TEST(DiagnosticsFormat, EveryFileHasRecords) {
  std::vector<std::string> files = TestFiles();
  EXPECT_FALSE(files.empty()) << "no *.test in " << DataDir();
  for (const std::string& f : files) EXPECT_FALSE(ParseFile(f).empty()) << f;
}

// The parser of the format itself.
TEST(DiagnosticsFormat, ParsesExpectations) {
  Expected e;
  ASSERT_TRUE(ParseExpected("check.unknown-key 1:14", &e));
  EXPECT_EQ(e.code, "check.unknown-key");
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.column, 14u);
  EXPECT_FALSE(ParseExpected("check.unknown-key", &e));
  EXPECT_FALSE(ParseExpected("check.unknown-key 1", &e));
  EXPECT_FALSE(ParseExpected("check.unknown-key 1:2x", &e));
}

}  // namespace
}  // namespace vigil
