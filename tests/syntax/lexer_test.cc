// Lexical rules (graphql-js 16), mostly through ParseValue.
#include "src/syntax/lexer.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/syntax/test_util.h"

namespace vigil::syntax {
namespace {

using testing::V;
using testing::ValueError;

std::vector<Token> Lex(std::string_view text, int* errors = nullptr) {
  int n = 0;
  Lexer lexer(text, [&](std::string_view, std::string, uint32_t) { ++n; });
  std::vector<Token> out;
  for (;;) {
    Token t = lexer.Next();
    if (t.kind == TokenKind::kEof) break;
    out.push_back(std::move(t));
  }
  if (errors) *errors = n;
  return out;
}

TEST(Lexer, ColumnsCountCharacters) {
  int errors = 0;
  auto toks = Lex("\"\xC3\xA9\xC3\xA9\" x\n\"\xF0\x9F\x98\x80\" y", &errors);
  EXPECT_EQ(errors, 0);
  ASSERT_EQ(toks.size(), 4u);
  EXPECT_EQ(toks[1].column, 6u);  // two two-byte characters in quotes, a space
  EXPECT_EQ(toks[3].line, 2u);
  EXPECT_EQ(toks[3].column, 5u);
}

TEST(Lexer, IgnoredTokens) {
  int errors = 0;
  auto toks = Lex("\xEF\xBB\xBF  a,,\tb # comment ]]]\r\n c\r d,", &errors);
  EXPECT_EQ(errors, 0);
  ASSERT_EQ(toks.size(), 4u);
  EXPECT_EQ(toks[0].value, "a");
  EXPECT_EQ(toks[0].line, 1u);
  EXPECT_EQ(toks[0].column, 3u);  // after 2 spaces (the BOM takes no column)
  EXPECT_EQ(toks[2].value, "c");
  EXPECT_EQ(toks[2].line, 2u);
  EXPECT_EQ(toks[2].column, 2u);
  EXPECT_EQ(toks[3].line, 3u);  // a lone \r ends a line too
  EXPECT_EQ(toks[3].column, 2u);
}

TEST(Lexer, Punctuators) {
  auto toks = Lex("! $ & ( ) ... : = @ [ ] { | }");
  std::vector<TokenKind> kinds;
  for (const auto& t : toks) kinds.push_back(t.kind);
  EXPECT_EQ(kinds,
            (std::vector<TokenKind>{
                TokenKind::kBang, TokenKind::kDollar, TokenKind::kAmp,
                TokenKind::kParenL, TokenKind::kParenR, TokenKind::kSpread,
                TokenKind::kColon, TokenKind::kEquals, TokenKind::kAt,
                TokenKind::kBracketL, TokenKind::kBracketR,
                TokenKind::kBraceL, TokenKind::kPipe, TokenKind::kBraceR}));
}

TEST(Lexer, Names) {
  auto toks = Lex("_a9 B_c __typename");
  ASSERT_EQ(toks.size(), 3u);
  EXPECT_EQ(toks[0].value, "_a9");
  EXPECT_EQ(toks[1].value, "B_c");
  EXPECT_EQ(toks[2].value, "__typename");
}

TEST(Lexer, CommasAreIgnoredInLists) {
  ast::Value v = V("[1,,2,]");
  ASSERT_EQ(v.kind, ast::ValueKind::kList);
  ASSERT_EQ(v.list.size(), 2u);
  EXPECT_EQ(v.list[1].int_value, 2);
}

TEST(Lexer, Ints) {
  EXPECT_EQ(V("0").int_value, 0);
  EXPECT_EQ(V("-0").kind, ast::ValueKind::kInt);
  EXPECT_EQ(V("-0").text, "-0");
  EXPECT_EQ(V("42").int_value, 42);
  EXPECT_EQ(V("-17").int_value, -17);
  EXPECT_EQ(V("9223372036854775807").int_value, INT64_MAX);
  EXPECT_EQ(V("-9223372036854775808").int_value, INT64_MIN);
}

TEST(Lexer, Floats) {
  EXPECT_EQ(V("1.5").kind, ast::ValueKind::kFloat);
  EXPECT_DOUBLE_EQ(V("1.5").float_value, 1.5);
  EXPECT_DOUBLE_EQ(V("-1.5e3").float_value, -1500);
  EXPECT_DOUBLE_EQ(V("1e3").float_value, 1000);
  EXPECT_DOUBLE_EQ(V("1E+3").float_value, 1000);
  EXPECT_DOUBLE_EQ(V("0.25e-2").float_value, 0.0025);
  EXPECT_EQ(V("1.50").text, "1.50");
}

TEST(Lexer, Strings) {
  EXPECT_EQ(V(R"("")").text, "");
  EXPECT_EQ(V(R"("abc")").text, "abc");
  EXPECT_EQ(V(R"("q\" s\\ sl\/ b\b f\f n\n r\r t\t")").text,
            "q\" s\\ sl/ b\b f\f n\n r\r t\t");
  EXPECT_EQ(V(R"("\u0041\u00e9")").text, "A\xC3\xA9");
  EXPECT_EQ(V(R"("\u{1F600}")").text, "\xF0\x9F\x98\x80");
  EXPECT_EQ(V(R"("\u{41}")").text, "A");
  EXPECT_EQ(V(R"("\uD83D\uDE00")").text, "\xF0\x9F\x98\x80");  // pair
  EXPECT_EQ(V("\"h\xC3\xA9llo \xF0\x9F\x98\x80\"").text,
            "h\xC3\xA9llo \xF0\x9F\x98\x80");
  EXPECT_FALSE(V(R"("x")").block_string);
}

// The other located lexer errors are records of
// tests/data/diagnostics/syntax.test; these need bytes that are not text.
TEST(Lexer, BadStrings) {
  EXPECT_AT(ValueError("\"a\xFF\""), "syntax.invalid-character", 1u, 3u);
}

TEST(Lexer, BlockStrings) {
  ast::Value v = V("\"\"\"\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n  \"\"\"");
  EXPECT_TRUE(v.block_string);
  EXPECT_EQ(v.text, "Hello,\n  World!\n\nYours,\n  GraphQL.");
  EXPECT_EQ(V(R"("""a \""" b""")").text, "a \"\"\" b");
  EXPECT_EQ(V(R"("""no \n escapes""")").text, "no \\n escapes");
  EXPECT_EQ(V("\"\"\"  first\n   second\n  third\"\"\"").text,
            "  first\n second\nthird");
  EXPECT_EQ(V("\"\"\"\r\n\t x\r\n\t y\r\n\"\"\"").text, "x\ny");
  EXPECT_EQ(V("\"\"\"   \n  \n\"\"\"").text, "");
  EXPECT_EQ(V("\"\"\"\"\"\"").text, "");
  EXPECT_EQ(V("\"\"\"a\"b\"\"c\"\"\"").text, "a\"b\"\"c");
}

TEST(Lexer, DedentMatchesGraphqlJs) {
  EXPECT_EQ(DedentBlockString({"", "  a", "    b", ""}), "a\n  b");
  EXPECT_EQ(DedentBlockString({"x", "  a", "  b"}), "x\na\nb");
  EXPECT_EQ(DedentBlockString({"  ", " "}), "");
  EXPECT_EQ(DedentBlockString({" x", "", "\t\ty"}), " x\n\ny");
}

TEST(Lexer, UnexpectedCharacters) {
  EXPECT_AT(ValueError("\xFF"), "syntax.invalid-character", 1u, 1u);
}

}  // namespace
}  // namespace vigil::syntax
