// Reading a JSON object against its schema: the keys it may hold, which of
// them are required, and the JSON type of each. Every policy file reader
// (pack.json, controls, exceptions, unit tests, --params files) checks its
// objects with it, so one rule gives one diagnostic code everywhere:
//
//   json.unknown-key  a key that is not declared (with "did you mean" and
//                     the list of known keys), at the key
//   json.missing-key  a required key that is absent, at the object
//   json.wrong-type   a value of the wrong JSON type (or an empty string or
//                     array where one is refused), at the value; the
//                     message names the JSON path and the expected type
//
//   json::ObjectReader r(doc, node, {{"id", json::Type::kString, json::kRequired},
//                                    {"tags", json::Type::kStringArray}},
//                        &diags, "control \"x\": ");
//   std::string id = r.String("id");         // "" when absent or wrong
//   if (!r.ok()) ...                         // every problem is in diags
#ifndef VIGIL_SRC_BASE_OBJECT_READER_H_
#define VIGIL_SRC_BASE_OBJECT_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/json_reader.h"
#include "vigil/diagnostic.h"

namespace vigil::json {

enum class Type : uint8_t {
  kAny,
  kString,
  kInteger,  // an integer literal (int64)
  kNumber,
  kBool,
  kObject,
  kArray,
  kStringArray,          // an array of strings
  kStringOrStringArray,  // one string or an array of strings
};

inline constexpr bool kRequired = true;

struct KeySpec {
  std::string_view name;
  Type type = Type::kAny;
  bool required = false;
  // Strings (and the strings of a string array) and arrays must not be
  // empty.
  bool non_empty = false;
  // What the value should be, for messages, when more telling than the
  // type's name: "an array of {\"name\", \"version\", \"id\"}".
  std::string_view expected = {};
};

// The name of a type for messages: "a string", "an array of strings"...
std::string TypeName(Type type, bool non_empty = false);

class ObjectReader {
 public:
  // Checks `node` against `keys`, appending a diagnostic to `out` for each
  // problem: `node` not an object, an unknown key, a missing required key,
  // a value of the wrong type. `context` starts every message (e.g.
  // `control "cis-aws-3.7": `); `what` names the object when it is not one
  // ("a control file"; by default its JSON path), `shape` shows what it
  // should look like (" {\"exceptions\": [...]}").
  ObjectReader(const Document& doc, const Node& node, std::vector<KeySpec> keys,
               Diagnostics* out, std::string context = "", std::string_view what = {},
               std::string_view shape = {});

  // False once this reader has reported an error (its own checks, Error()
  // or WrongType()).
  bool ok() const { return ok_; }
  bool is_object() const { return node_.is_object(); }
  const Node& node() const { return node_; }
  const Document& doc() const { return doc_; }
  const std::string& context() const { return context_; }

  // The value of a declared key when present and of its declared type;
  // null otherwise (absent, or already reported as wrong).
  const Node* Get(std::string_view key) const;
  // Present at all (even with the wrong type).
  bool Has(std::string_view key) const { return node_.is_object() && node_.Find(key) != nullptr; }
  // The member of a key (for its key's offset), or null.
  const Member* FindMember(std::string_view key) const {
    return node_.is_object() ? node_.Find(key) : nullptr;
  }

  // Typed values; `fallback` when the key is absent or of the wrong type.
  std::string String(std::string_view key, std::string fallback = {}) const;
  std::vector<std::string> Strings(std::string_view key) const;  // string arrays
  int64_t Integer(std::string_view key, int64_t fallback = 0) const;
  double Number(std::string_view key, double fallback = 0) const;
  bool Bool(std::string_view key, bool fallback = false) const;

  // Reports a problem in this object (the context is prepended).
  void Error(uint32_t offset, std::string_view code, std::string message);
  void Error(const Node& at, std::string_view code, std::string message) {
    Error(at.offset, code, std::move(message));
  }
  void Warning(uint32_t offset, std::string_view code, std::string message);
  // Reports `value` (anywhere under this object) as not being `expected`:
  // json.wrong-type naming its path and what it is.
  void WrongType(const Node& value, std::string_view expected);

 private:
  const KeySpec* Spec(std::string_view key) const;
  bool Fits(const Node& value, const KeySpec& spec) const;

  const Document& doc_;
  const Node& node_;
  std::vector<KeySpec> keys_;
  Diagnostics* out_;
  std::string context_;
  bool ok_ = true;
};

}  // namespace vigil::json

#endif  // VIGIL_SRC_BASE_OBJECT_READER_H_
