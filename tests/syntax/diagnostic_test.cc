#include "vigil/diagnostic.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace vigil {
namespace {

TEST(LocateOffset, LinesAndColumns) {
  std::string_view text = "ab\ncd\r\nef\rgh";
  EXPECT_EQ(LocateOffset(text, 0).line, 1u);
  EXPECT_EQ(LocateOffset(text, 0).column, 1u);
  EXPECT_EQ(LocateOffset(text, 1).column, 2u);
  EXPECT_EQ(LocateOffset(text, 3).line, 2u);
  EXPECT_EQ(LocateOffset(text, 3).column, 1u);
  EXPECT_EQ(LocateOffset(text, 7).line, 3u);  // after \r\n
  EXPECT_EQ(LocateOffset(text, 7).column, 1u);
  EXPECT_EQ(LocateOffset(text, 10).line, 4u);  // after lone \r
  EXPECT_EQ(LocateOffset(text, 11).column, 2u);
  // Past the end is clamped.
  EXPECT_EQ(LocateOffset(text, 100).offset, text.size());
}

TEST(LocateOffset, ColumnsCountCharactersNotBytes) {
  // "é" is two bytes, "😀" four: each is one column.
  std::string_view text = "x = \"\xC3\xA9\xF0\x9F\x98\x80\" !";
  EXPECT_EQ(LocateOffset(text, 11).column, 8u);  // the '"' after them
  EXPECT_EQ(LocateOffset(text, 13).column, 10u);
  // A byte-order mark opening the text takes no column.
  EXPECT_EQ(LocateOffset("\xEF\xBB\xBF" "ab", 4).column, 2u);
  // The caret lands under the character, and raw control bytes are not
  // printed.
  Diagnostic d = MakeDiagnostic("x.y", "m", "f", "\xC3\xA9t\xC3\xA9\x01 !", 7);
  EXPECT_EQ(d.location.column, 6u);
  EXPECT_EQ(d.ToString(), "f:1:6: error: m [x.y]\n  \xC3\xA9t\xC3\xA9  !\n       ^");
}

TEST(LineAt, ReturnsTheLine) {
  std::string_view text = "first\nsecond line\r\nthird";
  EXPECT_EQ(LineAt(text, 0), "first");
  EXPECT_EQ(LineAt(text, 8), "second line");
  EXPECT_EQ(LineAt(text, text.size()), "third");
}

TEST(Diagnostic, ToStringWithCaret) {
  Diagnostic d = MakeDiagnostic("syntax.x", "bad thing", "f.graphql",
                                "abc\n  de(f", 8);
  EXPECT_EQ(d.location.line, 2u);
  EXPECT_EQ(d.location.column, 5u);
  EXPECT_EQ(d.source_line, "  de(f");
  EXPECT_EQ(d.ToString(),
            "f.graphql:2:5: error: bad thing [syntax.x]\n  "
            "  de(f\n      ^");
}

TEST(Diagnostic, UnknownPartsLeftOut) {
  Diagnostic d;
  d.message = std::string("no place");
  EXPECT_EQ(d.ToString(), "error: no place");
  d.severity = Severity::kWarning;
  d.file = std::string("x");
  EXPECT_EQ(d.ToString(), "x: warning: no place");
}

TEST(DiagnosticsToStatus, JoinsAndLimits) {
  Diagnostics diags;
  EXPECT_TRUE(DiagnosticsToStatus(diags).ok());
  for (int i = 0; i < 5; ++i) {
    Diagnostic d;
    d.message = absl::StrCat("e", i);
    diags.push_back(d);
  }
  absl::Status s = DiagnosticsToStatus(diags, 2);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "error: e0\nerror: e1\nand 3 more");
  Diagnostics warnings(1);
  warnings[0].severity = Severity::kWarning;
  EXPECT_TRUE(DiagnosticsToStatus(warnings).ok());
}

}  // namespace
}  // namespace vigil
