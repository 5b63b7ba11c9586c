// The byte scanner of the graph JSON loader (internal to src/graph; the
// importers of src/connect read their documents' top level with it too).
//
// The loader never builds a DOM of the whole document. The top level
// ({"assets": [...], "relationships": [...]}) is read by this scanner,
// which tracks only strings and bracket depth: it finds keys, skips values
// and gathers the [start, end) offsets of whole array elements in batches of
// about `batch_bytes`, which the decoder (json_loader.cc, json_decode.cc)
// then hands to simdjson On-Demand. A Scanner only reads the document, so
// one may run on another thread (json_prefetch.h).
#ifndef VIGIL_SRC_GRAPH_JSON_SCAN_H_
#define VIGIL_SRC_GRAPH_JSON_SCAN_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vigil::graph_json {

// A failure inside the loader: a message plus the byte offset it refers to.
// `syntax` marks JSON syntax errors (reported with their byte offset).
struct Failure {
  std::string message;
  size_t offset = 0;
  bool syntax = false;
  std::string code;  // diagnostic code; "" for graph.syntax / graph.invalid
};

// The loader's internal result: nullopt when all is well.
using Status = std::optional<Failure>;

inline Failure SyntaxError(size_t offset, std::string what) {
  return Failure{std::move(what), offset, true, ""};
}

// Deepest bracket nesting the scanner follows inside one value.
inline constexpr size_t kMaxScanDepth = 512;

// The element boundaries of one batch of an array (Scanner::ScanBatch).
struct ScannedBatch {
  size_t begin = 0;   // offset of the first element
  size_t after = 0;   // offset after the ',' or ']' following the last one
  bool last = false;  // the array ends after this batch
  std::vector<size_t> starts, ends;
};

class Scanner {
 public:
  Scanner(std::string_view doc, size_t batch_bytes)
      : doc_(doc), batch_bytes_(batch_bytes) {}

  std::string_view doc() const { return doc_; }

  // Advances pos over JSON whitespace.
  void SkipWs(size_t& pos) const {
    while (pos < doc_.size()) {
      const char c = doc_[pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
      ++pos;
    }
  }
  // pos at '"'; on success pos is just after the closing quote.
  Status SkipString(size_t& pos) const;
  // Skips whitespace and one value (string, object, array or scalar); the
  // value's inside is checked only as far as strings and brackets go.
  Status SkipValue(size_t& pos) const;
  // Reads `"key" :` (unescaping the key when needed); pos ends at the value.
  Status ReadKey(size_t& pos, std::string* key) const;
  // Scans whole elements of an array from pos (just after '[' or ',') until
  // about batch_bytes are gathered or the array ends; their offsets go to *b
  // and pos ends after the ',' or ']' following the last one.
  Status ScanBatch(size_t& pos, ScannedBatch* b) const;

 private:
  std::string_view doc_;
  size_t batch_bytes_;
};

}  // namespace vigil::graph_json

#endif  // VIGIL_SRC_GRAPH_JSON_SCAN_H_
