// Printer: canonical text, round trips and fixed points over the
// conformance suite and the SDL fixtures.
#include "src/syntax/printer.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "src/syntax/parser.h"
#include "tests/common/ast_equal.h"
#include "tests/syntax/test_util.h"

namespace vigil::syntax {
namespace {

using testing::Equal;
using testing::ReadFile;
using testing::V;

const std::string kData = VIGIL_TEST_DATA_DIR;

// print(parse(x)) Equal parse(x), and print is a fixed point.
void ExpectQueryRoundTrip(const std::string& text, const std::string& label) {
  auto doc = ParseExecutable(text, label);
  ASSERT_TRUE(doc.ok()) << label << ": " << doc.status();
  std::string printed = Print(*doc);
  auto again = ParseExecutable(printed, label + " (printed)");
  ASSERT_TRUE(again.ok()) << label << ": " << again.status() << "\n" << printed;
  EXPECT_TRUE(Equal(*doc, *again)) << label << "\n" << text << "\n" << printed;
  EXPECT_EQ(Print(*again), printed) << label;
}

void ExpectSchemaRoundTrip(const std::string& text, const std::string& label) {
  auto doc = ParseSchema(text, label);
  ASSERT_TRUE(doc.ok()) << label << ": " << doc.status();
  std::string printed = Print(*doc);
  auto again = ParseSchema(printed, label + " (printed)");
  ASSERT_TRUE(again.ok()) << label << ": " << again.status() << "\n" << printed;
  EXPECT_TRUE(Equal(*doc, *again)) << label << "\n" << printed;
  EXPECT_EQ(Print(*again), printed) << label;
}

TEST(Printer, Values) {
  EXPECT_EQ(Print(V("{a: [1, -2.50e3, \"x\\n\", null, true, E], b: {}}")),
            "{a: [1, -2.50e3, \"x\\n\", null, true, E], b: {}}");
  EXPECT_EQ(Print(V("$v", true)), "$v");
  EXPECT_EQ(Print(V("\"\"\"\n  two\n  lines\n\"\"\"")),
            "\"\"\"\ntwo\nlines\n\"\"\"");
  // A block string that cannot be printed as one falls back to quotes.
  EXPECT_EQ(Print(V("\"\"\"a\"\"\"")), "\"\"\"a\"\"\"");
  ast::Value v;
  v.kind = ast::ValueKind::kString;
  v.block_string = true;
  v.text = "  indented\n  lines";
  EXPECT_EQ(Print(v), "\"  indented\\n  lines\"");
}

TEST(Printer, QuoteString) {
  EXPECT_EQ(QuoteString("a\"b\\c\b\f\n\r\t\x01\x7f\xC3\xA9"),
            "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001\\u007F\xC3\xA9\"");
  for (std::string s : {"", "plain", "\"\\/\b\f\n\r\t", "\x01\x1f",
                        "\xF0\x9F\x98\x80 emoji"}) {
    ast::Value v = V(QuoteString(s));
    EXPECT_EQ(v.text, s);
  }
}

TEST(Printer, StoredForm) {
  auto doc = ParseExecutable(
      "vpcs(where: {OR: [{hasFlowLog: null}, {hasFlowLog_NONE: "
      "{flowLogStatus: \"ACTIVE\"}}]}){...AssetFragment}",
      "q");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(Print(*doc),
            "vpcs(where: {OR: [{hasFlowLog: null}, {hasFlowLog_NONE: "
            "{flowLogStatus: \"ACTIVE\"}}]}) {\n  ...AssetFragment\n}\n");
}

TEST(Printer, Document) {
  auto doc = ParseExecutable(
      "query Q($x: [String!]! = [\"a\"] @d) @o { a: vpcs(where: {name_IN: $x}) "
      "@include(if: true) { id ... on Vpc { c } ... @skip(if: false) { d } } }"
      " fragment F on Vpc { id }",
      "q");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(Print(*doc),
            "query Q($x: [String!]! = [\"a\"] @d) @o {\n"
            "  a: vpcs(where: {name_IN: $x}) @include(if: true) {\n"
            "    id\n"
            "    ... on Vpc {\n"
            "      c\n"
            "    }\n"
            "    ... @skip(if: false) {\n"
            "      d\n"
            "    }\n"
            "  }\n"
            "}\n"
            "\n"
            "fragment F on Vpc {\n"
            "  id\n"
            "}\n");
  ExpectQueryRoundTrip(Print(*doc), "document");
}

TEST(Printer, EqualIgnoresSpansButNotContent) {
  auto a = ParseExecutable("vpcs { id }", "a");
  auto b = ParseExecutable("\n\n   vpcs   {\n id\n}", "b");
  auto c = ParseExecutable("vpcs { name }", "c");
  auto d = ParseExecutable("{ vpcs { id } }", "d");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok() && d.ok());
  EXPECT_TRUE(Equal(*a, *b));
  EXPECT_FALSE(Equal(*a, *c));
  EXPECT_FALSE(Equal(*a, *d));  // stored form vs document
  EXPECT_FALSE(Equal(V("1"), V("1.0")));
  EXPECT_FALSE(Equal(V("[1]"), V("[1, 2]")));
  EXPECT_FALSE(Equal(V("{a: 1}"), V("{b: 1}")));
  EXPECT_TRUE(Equal(V("{a: [x]}"), V("{a: [x,]}")));
}

std::vector<nlohmann::json> ReadJsonl(const std::string& path) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

// Conformance queries that must be refused by the parser itself, with the
// place of the error (the other error cases are semantic: the compiler
// refuses them).
struct SyntaxErrorCase {
  std::string query;
  std::string code;
  uint32_t line, column;
};
const std::vector<SyntaxErrorCase>& SyntaxErrorCases() {
  static const auto* cases = new std::vector<SyntaxErrorCase>{
      {"vpcs(where: {name: \"ab}) { id }", "syntax.unterminated-string", 1,
       32},
      {"vpcs(where: {score: 007}) { id }", "syntax.invalid-number", 1, 22},
      {"vpcs(where: {name: \"\\x41\"}) { id }", "syntax.invalid-escape", 1,
       21},
      {"vpcs(where: {name: \"ab\") { id }", "syntax.unexpected-token", 1, 24},
  };
  return *cases;
}

TEST(Conformance, EveryQueryRoundTripsOrIsASyntaxError) {
  int parsed = 0;
  int syntax_errors = 0;
  for (const char* file : {"curated.jsonl", "random.jsonl"}) {
    auto cases = ReadJsonl(kData + "/conformance/" + file);
    ASSERT_FALSE(cases.empty()) << file;
    for (const auto& c : cases) {
      std::string query = c.at("query").get<std::string>();
      std::string label = std::string(file) + ": " + c.value("name", "");
      const SyntaxErrorCase* expected = nullptr;
      for (const auto& e : SyntaxErrorCases()) {
        if (e.query == query) expected = &e;
      }
      if (expected) {
        EXPECT_TRUE(c.at("expect").contains("error")) << label;
        Diagnostics d;
        auto r = ParseExecutable(query, "query", {}, &d);
        ASSERT_FALSE(r.ok()) << label;
        ASSERT_FALSE(d.empty());
        EXPECT_AT(d[0], expected->code, expected->line, expected->column);
        ++syntax_errors;
        continue;
      }
      ExpectQueryRoundTrip(query, label);
      ++parsed;
    }
  }
  EXPECT_EQ(syntax_errors, 4);
  EXPECT_GT(parsed, 300);
}

TEST(Conformance, FragmentsFileRoundTrips) {
  std::string text = ReadFile(kData + "/conformance/fragments.graphql");
  auto frags = ParseFragments(text, "fragments.graphql");
  ASSERT_TRUE(frags.ok()) << frags.status();
  for (const auto& f : *frags) {
    std::string printed = Print(f);
    auto again = ParseFragments(printed, "printed");
    ASSERT_TRUE(again.ok()) << printed;
    ASSERT_EQ(again->size(), 1u);
    EXPECT_EQ(Print((*again)[0]), printed);
  }
}

TEST(Conformance, SchemaFilesRoundTrip) {
  ExpectSchemaRoundTrip(ReadFile(kData + "/conformance/schema.graphql"),
                        "schema.graphql");
  int n = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(kData + "/sdl")) {
    if (entry.path().extension() != ".graphql") continue;
    ExpectSchemaRoundTrip(ReadFile(entry.path().string()),
                          entry.path().filename().string());
    ++n;
  }
  EXPECT_GT(n, 0);
}

}  // namespace
}  // namespace vigil::syntax
