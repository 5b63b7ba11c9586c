// The located JSON reader: every input file vigil reads as JSON (packs,
// controls, exceptions, unit tests, --params and --vars files, expectation
// values) goes through it. It parses a whole document with simdjson into a
// small tree in which every value and key keeps its byte offset, so that
// any later check can point at the line and column of the fault.
//
//   Diagnostics diags;
//   absl::StatusOr<json::Document> doc =
//       json::Document::Parse(std::move(text), "pack.json", &diags);
//   const json::Node& root = doc->root();
//   doc->At(root.offset, "policy.bad-thing", "...");  // a located diagnostic
//
// What it refuses, each a located diagnostic with a code of the `json.`
// family:
//   json.syntax         not JSON (RFC 8259): a missing comma, an unclosed
//                       string, a bad escape or literal, text after the
//                       value, an empty document...
//   json.utf8           bytes that are not well-formed UTF-8
//   json.duplicate-key  a key a second time in one object (at the second)
//   json.too-deep       arrays and objects nested deeper than max_depth
//   json.number-range   an integer literal outside int64 (unless the caller
//                       takes such integers as doubles), or a number too
//                       large for a double
//   json.too-large      a document of 4 GiB or more
// A UTF-8 byte-order mark opening the text is skipped. Messages never
// print raw bytes: control characters and malformed UTF-8 are escaped.
// Columns count characters (code points), see vigil/diagnostic.h.
//
// The tree is for small documents (policy files, variables): the graph
// loader streams instead. simdjson stays inside json_reader.cc.
#ifndef VIGIL_SRC_BASE_JSON_READER_H_
#define VIGIL_SRC_BASE_JSON_READER_H_

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "vigil/diagnostic.h"
#include "vigil/value.h"

namespace vigil::json {

using Kind = Value::Kind;

struct Node;

struct Member {
  std::string key;
  uint32_t key_offset = 0;  // the key's opening quote
  const Node* value = nullptr;
};

// One value of a document. Integers are exact: an integer literal is kInt
// (int64); a literal with a fraction or an exponent is kDouble.
struct Node {
  Kind kind = Kind::kNull;
  uint32_t offset = 0;  // the value's first byte in the document
  uint32_t end = 0;     // one past its last byte
  bool b = false;       // kBool
  int64_t i = 0;        // kInt
  double d = 0;         // kDouble (as_double() gives any number)
  std::string s;        // kString, decoded
  // kString: true when the text between the quotes has no escape, so that
  // byte k of `s` sits at offset + 1 + k in the document.
  bool verbatim = true;
  std::vector<const Node*> items;   // kArray
  std::vector<Member> members;      // kObject, in document order
  const Node* parent = nullptr;     // null for the root
  uint32_t index = 0;               // place in the parent's items or members

  bool is_null() const { return kind == Kind::kNull; }
  bool is_bool() const { return kind == Kind::kBool; }
  bool is_int() const { return kind == Kind::kInt; }
  bool is_number() const { return kind == Kind::kInt || kind == Kind::kDouble; }
  bool is_string() const { return kind == Kind::kString; }
  bool is_array() const { return kind == Kind::kArray; }
  bool is_object() const { return kind == Kind::kObject; }
  double as_double() const { return kind == Kind::kInt ? static_cast<double>(i) : d; }

  // The member named `key` of an object (null when absent or not an object).
  const Member* Find(std::string_view key) const;
  const Node* Get(std::string_view key) const {
    const Member* m = Find(key);
    return m == nullptr ? nullptr : m->value;
  }
  // The value as a vigil::Value (objects keep their key order).
  Value ToValue() const;
};

// "a string", "an integer", "a number", "an object", ... for messages.
const char* KindName(Kind kind);
const char* KindName(const Node& node);  // tells integers from other numbers

struct ReadOptions {
  // Arrays and objects nested deeper than this are refused (json.too-deep).
  int max_depth = 64;
  // An integer literal outside int64 is an error (json.number-range) unless
  // this is set; then it is read as the nearest double.
  bool big_integers_as_double = false;
};

// A parsed document: its text, its file name and the tree. Immutable once
// parsed; moving it keeps every Node where it is.
class Document {
 public:
  // Parses `text`. On failure the one diagnostic is appended to `diags`
  // (when given) and the status carries it formatted.
  static absl::StatusOr<Document> Parse(std::string text, std::string file_name,
                                        Diagnostics* diags = nullptr,
                                        const ReadOptions& options = {});

  const Node& root() const { return nodes_.front(); }
  const std::string& text() const { return text_; }
  const std::string& file() const { return file_; }

  // Line and column (in code points) of a byte offset.
  // Same answer as LocateOffset(text(), offset), in O(log lines) plus a
  // bounded scan: loaders locate every element of large files (100k
  // exceptions), so this must not rescan the text from the start.
  SourceLocation Locate(uint32_t offset) const;
  // "file:line:col" of a byte offset.
  std::string Where(uint32_t offset) const;
  // A diagnostic located at byte `offset` of this document.
  Diagnostic At(uint32_t offset, std::string_view code, std::string message,
                Severity severity = Severity::kError) const {
    return MakeDiagnostic(code, std::move(message), file_, text_, offset, severity);
  }
  // The offset in the document of byte `k` of a string node's decoded text
  // (escapes are walked over), e.g. to locate an error inside a query held
  // in a JSON string. Past the end of the string: its closing quote.
  uint32_t StringOffset(const Node& string_node, size_t k) const;
  // The JSON text of a node, as written.
  std::string_view Raw(const Node& node) const {
    return std::string_view(text_).substr(node.offset, node.end - node.offset);
  }

  Document(Document&&) = default;
  Document& operator=(Document&&) = default;

 private:
  friend class Reader;
  Document() = default;
  void IndexLines();
  std::string text_;
  std::string file_;
  std::deque<Node> nodes_;
  // Offsets where lines 2, 3, ... start; code points before each block of
  // kBlock bytes (for columns on long lines).
  static constexpr uint32_t kBlock = 4096;
  std::vector<uint32_t> line_starts_;
  std::vector<uint32_t> block_code_points_;
};

// The path of `node` from the root of its document, for messages:
// `checks[0].name`, `parameters["a b"].type`; "" for the root.
std::string PathOf(const Node& node);
// PathOf, or "the top level" for the root.
std::string DescribePath(const Node& node);

}  // namespace vigil::json

#endif  // VIGIL_SRC_BASE_JSON_READER_H_
