// The located JSON reader (src/base/json_reader.h) and the helpers around
// it: UTF-8 text in messages, columns in code points, "did you mean".
#include "src/base/json_reader.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/base/did_you_mean.h"
#include "src/base/utf8.h"
#include "vigil/value.h"

namespace vigil::json {
namespace {

using ::testing::HasSubstr;

// The one diagnostic of a failed parse.
Diagnostic ErrorOf(std::string text, const ReadOptions& options = {}) {
  Diagnostics diags;
  auto doc = Document::Parse(std::move(text), "f.json", &diags, options);
  EXPECT_FALSE(doc.ok());
  EXPECT_EQ(diags.size(), 1u);
  if (diags.empty()) return {};
  EXPECT_THAT(std::string(doc.status().message()), HasSubstr(diags[0].code));
  return diags[0];
}

TEST(JsonReaderTest, LocatesEveryValueAndKey) {
  auto doc = Document::Parse("{\n  \"a\": [1, -2.5, true, null],\n  \"b\\u0041\": \"x\"\n}", "f.json");
  ASSERT_TRUE(doc.ok()) << doc.status();
  const Node& root = doc->root();
  ASSERT_TRUE(root.is_object());
  EXPECT_EQ(root.offset, 0u);
  EXPECT_EQ(root.end, doc->text().size());
  ASSERT_EQ(root.members.size(), 2u);
  const Member& a = root.members[0];
  EXPECT_EQ(a.key, "a");
  EXPECT_EQ(doc->Locate(a.key_offset).line, 2u);
  EXPECT_EQ(doc->Locate(a.key_offset).column, 3u);
  const Node& arr = *a.value;
  ASSERT_EQ(arr.items.size(), 4u);
  EXPECT_EQ(doc->Raw(arr), "[1, -2.5, true, null]");
  EXPECT_TRUE(arr.items[0]->is_int());
  EXPECT_EQ(arr.items[0]->i, 1);
  EXPECT_EQ(arr.items[1]->kind, Kind::kDouble);
  EXPECT_EQ(arr.items[1]->d, -2.5);
  EXPECT_EQ(doc->Raw(*arr.items[1]), "-2.5");
  EXPECT_TRUE(arr.items[2]->b);
  EXPECT_EQ(doc->Raw(*arr.items[3]), "null");
  EXPECT_EQ(root.members[1].key, "bA");
  EXPECT_EQ(doc->Raw(*root.members[1].value), "\"x\"");
  EXPECT_EQ(PathOf(*arr.items[2]), "a[2]");
  EXPECT_EQ(PathOf(*root.members[1].value), "bA");
  EXPECT_EQ(DescribePath(root), "the top level");
  EXPECT_EQ(root.ToValue().ToJson(), R"({"a":[1,-2.5,true,null],"bA":"x"})");
}

TEST(JsonReaderTest, PathsQuoteKeysThatAreNotNames) {
  auto doc = Document::Parse(R"({"a b": {"c": [{"d-e": 1}]}})", "f.json");
  ASSERT_TRUE(doc.ok());
  const Node* n = doc->root().Get("a b")->Get("c")->items[0]->Get("d-e");
  EXPECT_EQ(PathOf(*n), "[\"a b\"].c[0].d-e");
}

TEST(JsonReaderTest, ScalarDocuments) {
  // ("null " with one space: simdjson 3.0 alone would refuse it.)
  for (const char* text : {"1", " \"s\" ", "true", "null", "null ", " null  ", "-0.5e1"}) {
    auto doc = Document::Parse(text, "f.json");
    ASSERT_TRUE(doc.ok()) << text << ": " << doc.status();
  }
  auto doc = Document::Parse("  \"abc\"  ", "f.json");
  EXPECT_EQ(doc->root().offset, 2u);
  EXPECT_EQ(doc->root().s, "abc");
}

TEST(JsonReaderTest, DuplicateKeysAreErrorsAtTheSecond) {
  Diagnostic d = ErrorOf("{\"a\": 1,\n \"b\": {\"x\": 1, \"x\": 2}}");
  EXPECT_EQ(d.code, "json.duplicate-key");
  EXPECT_EQ(d.location.line, 2u);
  EXPECT_EQ(d.location.column, 16u);
  EXPECT_THAT(d.message, HasSubstr("\"x\" (first at line 2, column 8)"));
  // Escapes do not hide a duplicate, nor does a large object.
  EXPECT_EQ(ErrorOf(R"({"ab": 1, "a\u0062": 2})").code, "json.duplicate-key");
  std::string big = "{";
  for (int i = 0; i < 100; ++i) big += "\"k" + std::to_string(i) + "\": 1, ";
  big += "\"k57\": 2}";
  EXPECT_EQ(ErrorOf(big).code, "json.duplicate-key");
}

TEST(JsonReaderTest, IntegersAreExact) {
  auto doc = Document::Parse("[9223372036854775807, -9223372036854775808, 1.0, 1e2, -0]", "f");
  ASSERT_TRUE(doc.ok()) << doc.status();
  const auto& items = doc->root().items;
  EXPECT_EQ(items[0]->i, INT64_MAX);
  EXPECT_EQ(items[1]->i, INT64_MIN);
  EXPECT_EQ(items[2]->kind, Kind::kDouble);
  EXPECT_EQ(items[3]->kind, Kind::kDouble);
  EXPECT_TRUE(items[4]->is_int());
  for (const char* big : {"9223372036854775808", "-9223372036854775809",
                          "123456789012345678901234567890"}) {
    Diagnostic d = ErrorOf(std::string("{\"n\": ") + big + "}");
    EXPECT_EQ(d.code, "json.number-range") << big;
    EXPECT_EQ(d.location.column, 7u);
    EXPECT_THAT(d.message, HasSubstr("integer out of range"));
  }
  ReadOptions as_double;
  as_double.big_integers_as_double = true;
  auto lenient = Document::Parse("18446744073709551616", "f", nullptr, as_double);
  ASSERT_TRUE(lenient.ok());
  EXPECT_EQ(lenient->root().d, 18446744073709551616.0);
  EXPECT_EQ(ErrorOf("[1e400]").code, "json.number-range");
}

TEST(JsonReaderTest, SyntaxErrorsAreLocated) {
  struct Case {
    const char* text;
    uint32_t line, column;
    const char* message;
  };
  const Case cases[] = {
      {"{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}', found '\"'"},
      {"{\"a\": 1,}", 1, 9, "expected a key in quotes, found '}'"},
      {"[1, 2,]", 1, 7, "expected a value, found ']'"},
      {"[1 2]", 1, 4, "expected ',' or ']', found '2'"},
      {"{\"a\" 1}", 1, 6, "expected ':' after the key, found '1'"},
      {"{\n  \"a\": tru\n}", 2, 8, "expected a JSON value, found \"tru\""},
      {"{\"a\": nul}", 1, 7, "found \"nul\""},
      {"{\"a\": 01}", 1, 7, "invalid number \"01\""},
      {"{\"a\": -}", 1, 7, "invalid number \"-\""},
      {"{\"a\": 1.}", 1, 7, "invalid number \"1.\""},
      {"{\"a\": \"x\\q\"}", 1, 9, "invalid escape \"\\\\q\""},
      {"{\"a\": \"\\ud800\"}", 1, 8, "unpaired surrogate"},
      {"{\"a\": \"\\u12\"}", 1, 8, "four hexadecimal digits"},
      {"{\"a\": \"x\ny\"}", 1, 9, "control character (\\n) inside a string"},
      {"{\"a\": \"abc", 1, 7, "unterminated string"},
      {"{\"a\": 1}}", 1, 9, "unexpected text after the JSON value: '}'"},
      {"{\"a\": 1} x", 1, 10, "unexpected text after the JSON value"},
      {"  ", 1, 3, "found the end of the text"},
      {"[N]", 1, 2, "expected a value, found 'N'"},
      {"1 2", 1, 3, "unexpected text after the JSON value: '2'"},
      {"true false", 1, 6, "unexpected text after the JSON value: 'f'"},
      {"\"a\" \"b\"", 1, 5, "unexpected text after the JSON value: '\"'"},
      {"[12\"a\"]", 1, 4, "expected ',' or ']', found '\"'"},
      {"[1, 2", 1, 6, "found the end of the text"},
      {"truex", 1, 1, "found \"truex\""},
  };
  for (const Case& c : cases) {
    Diagnostic d = ErrorOf(c.text);
    EXPECT_EQ(d.code, "json.syntax") << c.text;
    EXPECT_EQ(d.location.line, c.line) << c.text;
    EXPECT_EQ(d.location.column, c.column) << c.text << ": " << d.message;
    EXPECT_THAT(d.message, HasSubstr(c.message)) << c.text;
  }
  // An object or array left open: an error at the end (simdjson may name
  // either the missing value or the missing bracket).
  for (const char* open : {"{\"a\":", "[1, 2", "{\"a\": [1, {\"b\": 2}"}) {
    Diagnostic d = ErrorOf(open);
    EXPECT_EQ(d.code, "json.syntax") << open;
  }
}

TEST(JsonReaderTest, MessagesNeverPrintRawBytes) {
  Diagnostic d = ErrorOf("{\"a\": \x01}");
  EXPECT_EQ(d.code, "json.syntax");
  EXPECT_EQ(d.message.find('\x01'), std::string::npos) << d.message;
  EXPECT_EQ(d.ToString().find('\x01'), std::string::npos);
  Diagnostic k = ErrorOf("{\"k\\u0007\": 1, \"k\\u0007\": 2}");
  EXPECT_THAT(k.message, HasSubstr("\"k\\u0007\""));
}

TEST(JsonReaderTest, Utf8) {
  // A byte-order mark is skipped; columns stay those of the text.
  auto bom = Document::Parse("\xEF\xBB\xBF{\"a\": 1}", "f.json");
  ASSERT_TRUE(bom.ok()) << bom.status();
  EXPECT_EQ(bom->root().offset, 3u);
  EXPECT_EQ(bom->Locate(bom->root().offset).column, 1u);
  Diagnostic after_bom = ErrorOf("\xEF\xBB\xBF{\"a\" 1}");
  EXPECT_EQ(after_bom.location.column, 6u);
  // Malformed UTF-8 is located and printed escaped.
  Diagnostic d = ErrorOf("{\"a\": \"ok\",\n \"b\": \"x\xFFy\"}");
  EXPECT_EQ(d.code, "json.utf8");
  EXPECT_EQ(d.location.line, 2u);
  EXPECT_EQ(d.location.column, 9u);
  EXPECT_THAT(d.message, HasSubstr("\\xFF"));
  EXPECT_EQ(d.ToString().find('\xFF'), std::string::npos);
  // Columns count characters: the caret lands under the fault after
  // non-ASCII text.
  Diagnostic c = ErrorOf("{\"\xC3\xA9t\xC3\xA9\": 1 \"b\": 2}");
  EXPECT_EQ(c.location.column, 11u);
  EXPECT_THAT(c.ToString(), HasSubstr("\n  {\"\xC3\xA9t\xC3\xA9\": 1 \"b\": 2}\n"
                                      "            ^"));
}

TEST(JsonReaderTest, DepthIsLimited) {
  ReadOptions o;
  o.max_depth = 3;
  EXPECT_TRUE(Document::Parse("[[[1]]]", "f", nullptr, o).ok());
  Diagnostic d = ErrorOf("[[[[1]]]]", o);
  EXPECT_EQ(d.code, "json.too-deep");
  EXPECT_EQ(d.location.column, 4u);
  // Far deeper than any limit: an error, not a stack overflow.
  Diagnostic deep = ErrorOf(std::string(1000000, '['));
  EXPECT_EQ(deep.code, "json.too-deep");
  EXPECT_EQ(deep.location.column, 65u);
}

TEST(JsonReaderTest, StringOffsetsWalkEscapes) {
  std::string text = R"({"q": "a\"b\u00e9c\ud83d\ude00d", "v": "plain"})";
  auto doc = Document::Parse(text, "f.json");
  ASSERT_TRUE(doc.ok());
  const Node& q = *doc->root().Get("q");
  EXPECT_FALSE(q.verbatim);
  EXPECT_EQ(q.s, "a\"b\xC3\xA9" "c\xF0\x9F\x98\x80" "d");
  auto at = [&](size_t k) { return text[doc->StringOffset(q, k)]; };
  EXPECT_EQ(at(0), 'a');
  EXPECT_EQ(at(1), '\\');  // the escape of '"'
  EXPECT_EQ(at(2), 'b');
  EXPECT_EQ(at(5), 'c');   // after the two bytes of \u00e9
  EXPECT_EQ(at(10), 'd');  // after the four bytes of the surrogate pair
  const Node& v = *doc->root().Get("v");
  EXPECT_TRUE(v.verbatim);
  EXPECT_EQ(text[doc->StringOffset(v, 2)], 'a');
  EXPECT_EQ(text[doc->StringOffset(v, 99)], '"');  // clamped to the closing quote
}

TEST(ValueParseJsonTest, UsesTheLocatedReader) {
  auto dup = Value::ParseJson("{\"a\": 1, \"a\": 2}", "vars.json");
  ASSERT_FALSE(dup.ok());
  EXPECT_THAT(std::string(dup.status().message()), HasSubstr("vars.json:1:10"));
  EXPECT_THAT(std::string(dup.status().message()), HasSubstr("json.duplicate-key"));
  auto big = Value::ParseJson("{\"n\": -9223372036854775809}", "vars.json");
  ASSERT_FALSE(big.ok());
  EXPECT_THAT(std::string(big.status().message()), HasSubstr("integer out of range"));
  auto raw = Value::ParseJson("{\"a\": N}", "vars.json");
  ASSERT_FALSE(raw.ok());
  EXPECT_THAT(std::string(raw.status().message()), HasSubstr("vars.json:1:7"));
  EXPECT_THAT(std::string(raw.status().message()), HasSubstr("found 'N'"));
}

TEST(Utf8Test, PrintableEscapesControlAndInvalidBytes) {
  EXPECT_EQ(Printable("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(Printable("a\nb\t\x01\x7F"), "a\\nb\\t\\u0001\\u007F");
  EXPECT_EQ(Printable("x\xFF\xC3"), "x\\xFF\\xC3");
  EXPECT_EQ(Printable("\xED\xA0\x80"), "\\xED\\xA0\\x80");  // a surrogate
  EXPECT_EQ(Quoted("a\"b\\"), "\"a\\\"b\\\\\"");
  EXPECT_EQ(FindInvalidUtf8("ok \xE2\x82\xAC"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("ok \xE2\x82"), 3u);
  EXPECT_EQ(CountCodePoints("\xC3\xA9t\xF0\x9F\x98\x80"), 3u);
  EXPECT_EQ(Utf8Prefix("a\xC3\xA9", 2), "a");
  EXPECT_EQ(Utf8Prefix("a\xC3\xA9", 3), "a\xC3\xA9");
}

TEST(DidYouMeanTest, SuggestsCloseNames) {
  std::vector<std::string> keys = {"title", "severity", "checks", "provider"};
  EXPECT_EQ(DidYouMean("titel", keys), " Did you mean \"title\"?");
  EXPECT_EQ(DidYouMean("Checks", keys), " Did you mean \"checks\"?");
  EXPECT_EQ(DidYouMean("zzzzzz", keys), "");
  EXPECT_EQ(DidYouMean("ab", {"aa", "ac", "xb"}), " Did you mean \"aa\", \"ac\" or \"xb\"?");
}


// Document::Locate uses a line index (O(log n) per call, so that locating
// every element of a 100k-element file is not quadratic); it must give
// exactly what LocateOffset gives, at every offset.
TEST(DocumentTest, LocateAgreesWithLocateOffsetEverywhere) {
  std::string text = "\xEF\xBB\xBF{\"a\": \"\xC3\xA9\xE2\x82\xAC\",\r\n \"b\": [1,\r 2,\n3], \"c\": \"";
  text += std::string(9000, 'x') + "\xF0\x9F\x98\x80" + std::string(5000, 'y') + "\"\n}\n";
  auto doc = Document::Parse(text, "t.json");
  ASSERT_TRUE(doc.ok()) << doc.status();
  for (uint32_t off = 0; off <= text.size() + 2; ++off) {
    SourceLocation a = doc->Locate(off), b = LocateOffset(text, off);
    ASSERT_EQ(a.line, b.line) << off;
    ASSERT_EQ(a.column, b.column) << off;
    ASSERT_EQ(a.offset, b.offset) << off;
  }
}

}  // namespace
}  // namespace vigil::json
