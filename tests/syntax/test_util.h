// Helpers shared by the syntax tests.
#ifndef VIGIL_TESTS_SYNTAX_TEST_UTIL_H_
#define VIGIL_TESTS_SYNTAX_TEST_UTIL_H_

#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "src/syntax/parser.h"
#include "vigil/diagnostic.h"

namespace vigil::syntax::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Parses a value, expecting success.
inline ast::Value V(std::string_view text, bool allow_variables = false) {
  Diagnostics d;
  auto v = ParseValue(text, "<value>", allow_variables, {}, &d);
  EXPECT_TRUE(v.ok()) << text << ": " << v.status();
  return v.ok() ? std::move(*v) : ast::Value{};
}

// The first diagnostic of a failing executable parse.
inline Diagnostic QueryError(std::string_view text,
                             const ParseOptions& options = {}) {
  Diagnostics d;
  auto r = ParseExecutable(text, "q", options, &d);
  EXPECT_FALSE(r.ok()) << text;
  EXPECT_FALSE(d.empty()) << text;
  return d.empty() ? Diagnostic{} : d[0];
}

inline Diagnostic ValueError(std::string_view text) {
  Diagnostics d;
  auto r = ParseValue(text, "v", false, {}, &d);
  EXPECT_FALSE(r.ok()) << text;
  EXPECT_FALSE(d.empty()) << text;
  return d.empty() ? Diagnostic{} : d[0];
}

inline Diagnostic SchemaError(std::string_view text) {
  Diagnostics d;
  auto r = ParseSchema(text, "s", {}, &d);
  EXPECT_FALSE(r.ok()) << text;
  EXPECT_FALSE(d.empty()) << text;
  return d.empty() ? Diagnostic{} : d[0];
}

}  // namespace vigil::syntax::testing

#define EXPECT_AT(diag, code_, line_, column_)          \
  do {                                                  \
    const ::vigil::Diagnostic& d_ = (diag);             \
    EXPECT_EQ(d_.code, code_) << d_.ToString();         \
    EXPECT_EQ(d_.location.line, line_) << d_.ToString(); \
    EXPECT_EQ(d_.location.column, column_) << d_.ToString(); \
  } while (0)

#endif  // VIGIL_TESTS_SYNTAX_TEST_UTIL_H_
