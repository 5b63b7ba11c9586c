// The importers' access to JSON documents: a small interface over simdjson's
// DOM (internal to the connect layer; only json_input.cc includes simdjson),
// so that switching to another reader touches one file.
//
//   connect::JsonFile file("111122223333/eu-west-1/ec2/describe-vpcs.json", text);
//   absl::Status s = file.ForEachMember([&](std::string_view key, int64_t index,
//                                           const connect::JsonNode& node) {
//     if (key == "Vpcs") { ... node.Str("VpcId") ... }
//     return node.ok();
//   });
//
// Every document's top level must be an object (or `null`, or nothing at
// all: the AWS CLI prints nothing for an empty response; both read as {}).
// Top-level arrays are handed over element by element, parsed in batches of
// about one MiB, so a document of any size is read in bounded memory.
//
// Errors are located: the file and the JSON path ("$.Vpcs[3].IsDefault:
// expected a boolean, got a string"); a syntax error also gets the line and
// column. Accessors report a wrong type into the document's error slot (the
// first error wins; later ones are dropped) and return nullopt, so mapping
// code reads fields one after the other and checks ok() once per element.
#ifndef VIGIL_SRC_CONNECT_JSON_INPUT_H_
#define VIGIL_SRC_CONNECT_JSON_INPUT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "src/base/mapped_file.h"

namespace vigil::connect {

class JsonFile;

// One JSON value of a document being read, with the way to it. A node
// refers to its parent (for error paths): use it only while the node it
// came from is alive, as in nested loops.
class JsonNode {
 public:
  enum class Kind : uint8_t { kNull, kBool, kInt, kUint, kDouble, kString, kArray, kObject };

  Kind kind() const;
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_object() const { return kind() == Kind::kObject; }
  bool is_array() const { return kind() == Kind::kArray; }
  bool is_string() const { return kind() == Kind::kString; }
  bool ok() const;  // no error in the document so far

  // Members of an object. Absent or null: nullopt. Present with another
  // type: an error ("expected a string, got a number"), nullopt. On a node
  // that is not an object, every member is absent. Reading members in the
  // order the document holds them is fastest.
  std::optional<std::string_view> Str(std::string_view key) const;
  std::optional<int64_t> Int(std::string_view key) const;
  std::optional<double> Num(std::string_view key) const;
  std::optional<bool> Bool(std::string_view key) const;
  // A timestamp as the AWS CLI prints it (ISO 8601 with or without a
  // fraction and an offset, or epoch seconds as a number), returned as
  // RFC 3339 UTC ("2025-03-04T09:12:44Z", the fraction kept when not zero).
  std::optional<std::string> Time(std::string_view key) const;
  // Milliseconds since the epoch (CloudWatch Logs' creationTime), as RFC 3339.
  std::optional<std::string> EpochMillis(std::string_view key) const;
  std::optional<JsonNode> Obj(std::string_view key) const;
  std::optional<JsonNode> Arr(std::string_view key) const;
  // Any value (null included); nullopt only when absent.
  std::optional<JsonNode> Member(std::string_view key) const;
  bool Has(std::string_view key) const;

  // This node's own value.
  std::optional<std::string_view> AsStr() const;
  std::optional<int64_t> AsInt() const;
  std::optional<bool> AsBool() const;

  // Elements of an array, in order (nothing for another kind).
  void Each(const std::function<void(const JsonNode&)>& fn) const;
  size_t size() const;  // elements of an array, members of an object
  // Members of an object, in order.
  void EachMember(const std::function<void(std::string_view, const JsonNode&)>& fn) const;

  // The value as compact JSON text.
  std::string Json() const;

  // Records an error at this node (or at its member `leaf`).
  void Fail(std::string message, std::string_view leaf = {}) const;
  // "$.Vpcs[3]" (with ".leaf" appended when given).
  std::string Path(std::string_view leaf = {}) const;
  const JsonFile& file() const { return *file_; }

  struct Impl;
  JsonNode(const JsonFile* file, const JsonNode* parent, std::string_view key, int64_t index,
           const void* element);

 private:
  const JsonFile* file_;
  const JsonNode* parent_;
  std::string_view key_;  // member name in the parent ("" for the root / elements)
  int64_t index_;         // element index in the parent (-1 for members)
  alignas(8) unsigned char element_[16];  // a simdjson::dom::element
  // Member lookups start after the member found last (a dom::object
  // iterator), so reading members in document order costs one key
  // comparison each.
  alignas(8) mutable unsigned char cursor_[16];
  mutable bool has_cursor_ = false;
};

// One JSON document (the text must outlive the object).
class JsonFile {
 public:
  JsonFile(std::string name, std::string_view text);
  ~JsonFile();

  const std::string& name() const { return name_; }

  // Walks the top-level object: fn(key, -1, value) for each member that is
  // not an array, fn(key, i, element) for each element of a member that is.
  // fn returns false to stop. Errors: syntax, a top level that is not an
  // object, or an error recorded by fn through a node.
  absl::Status ForEachMember(
      const std::function<bool(std::string_view key, int64_t index, const JsonNode& node)>& fn);

  // Parses the whole document as one value (for small documents) and calls
  // fn on the root.
  absl::Status WithRoot(const std::function<void(const JsonNode& root)>& fn);

  // The top-level member names ForEachMember met, in order.
  const std::vector<std::string>& member_names() const { return member_names_; }

  // The first error recorded, if any.
  bool ok() const { return error_.empty(); }
  void RecordError(std::string message) const;
  absl::Status status() const;

 private:
  struct Parser;
  std::string name_;
  std::string_view text_;
  std::unique_ptr<Parser> parser_;
  std::vector<std::string> member_names_;
  mutable std::string error_;
};

// A regular file's contents, memory-mapped read-only (no copy of large
// outputs). Errors name the path: missing, unreadable, not a regular file.
// Input files are mapped through the base layer's MappedFile (regular files
// only; a file truncated while mapped reads as zeros and is reported by
// CheckIntact(), never as SIGBUS).
using ::vigil::MappedFile;

// Formats nanoseconds since the epoch as RFC 3339 UTC (fraction only when
// not zero, trailing zeros dropped).
std::string FormatRfc3339(int64_t ns);

}  // namespace vigil::connect

#endif  // VIGIL_SRC_CONNECT_JSON_INPUT_H_
