// A JSON reader that keeps the byte offset of every value and key, so that
// errors in control, exception and parameter files can name the line and
// column of the fault. Documents are small; the tree is a plain DOM.
#ifndef VIGIL_SRC_POLICY_LOCATED_JSON_H_
#define VIGIL_SRC_POLICY_LOCATED_JSON_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "vigil/diagnostic.h"
#include "vigil/value.h"

namespace vigil::policy {

struct JsonNode;

struct JsonMember {
  std::string key;
  uint32_t key_offset = 0;  // offset of the key's opening quote
  JsonNode* value = nullptr;
};

struct JsonNode {
  Value::Kind kind = Value::Kind::kNull;
  uint32_t offset = 0;  // first byte of the value
  bool b = false;
  int64_t i = 0;
  double d = 0;
  std::string s;
  // Strings: true when the text between the quotes has no escape, so that
  // byte k of `s` sits at offset + 1 + k in the document.
  bool verbatim = true;
  std::vector<JsonNode*> items;     // arrays
  std::vector<JsonMember> members;  // objects, in document order

  bool is_string() const { return kind == Value::Kind::kString; }
  bool is_object() const { return kind == Value::Kind::kObject; }
  bool is_array() const { return kind == Value::Kind::kArray; }
  const JsonMember* Find(std::string_view key) const;
  Value ToValue() const;
  // Offset in the document of byte `k` of a string's decoded text (`text`
  // is the document's text; escapes are walked over).
  uint32_t StringByteOffset(std::string_view text, size_t k) const;
};

// A parsed document; owns every node.
class JsonDocument {
 public:
  // Parses `text` (kept by the document). Syntax errors, duplicate keys and
  // nesting deeper than `max_depth` are located diagnostics.
  static absl::StatusOr<JsonDocument> Parse(std::string text,
                                            std::string file_name,
                                            Diagnostics* diags,
                                            int max_depth = 64);
  const JsonNode& root() const { return *nodes_.front(); }
  const std::string& text() const { return text_; }
  const std::string& file() const { return file_; }

  // A diagnostic located at `offset` of this document.
  Diagnostic At(uint32_t offset, std::string_view code, std::string message,
                Severity severity = Severity::kError) const {
    return MakeDiagnostic(code, std::move(message), file_, text_, offset,
                          severity);
  }

  JsonDocument(JsonDocument&&) = default;
  JsonDocument& operator=(JsonDocument&&) = default;

 private:
  JsonDocument() = default;
  friend class JsonParser;
  std::string text_;
  std::string file_;
  std::vector<std::unique_ptr<JsonNode>> nodes_;
};

const char* JsonKindName(Value::Kind kind);

}  // namespace vigil::policy

#endif  // VIGIL_SRC_POLICY_LOCATED_JSON_H_
