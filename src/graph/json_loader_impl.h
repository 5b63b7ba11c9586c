// The graph JSON loader's state (internal to src/graph). One Loader reads
// one document into a GraphBuilder. Its parts:
//
//   json_scan.{h,cc}      the byte scanner: top-level keys, batches of whole
//                         array elements
//   json_prefetch.{h,cc}  the thread that scans batches ahead of the loader
//   json_loader.cc        the top level: batches handed to simdjson
//                         On-Demand, error positions, LoadGraphJson(File)
//   json_decode.cc        decoding of one element: assets (with inline
//                         relationship fields), properties, relationships
//   src/base/mapped_file  the memory-mapped input file (safe against
//                         truncation while mapped)
#ifndef VIGIL_SRC_GRAPH_JSON_LOADER_IMPL_H_
#define VIGIL_SRC_GRAPH_JSON_LOADER_IMPL_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "simdjson.h"
#include "src/base/strings.h"
#include "src/graph/json_scan.h"
#include "vigil/graph_builder.h"
#include "vigil/json_loader.h"

namespace vigil::graph_json {

namespace od = simdjson::ondemand;

// Equality with a string literal; the constant-length memcmp is inlined.
template <size_t N>
inline bool Is(std::string_view s, const char (&lit)[N]) {
  return s.size() == N - 1 && std::memcmp(s.data(), lit, N - 1) == 0;
}

// s in double quotes, for messages (control characters shown as '?').
std::string Quote(std::string_view s);

// Where the properties of the value being read go.
struct Sink {
  bool is_edge = false;
  NodeId node = 0;
  EdgeRef edge;
};

// A padded buffer holding one batch and the parser for it.
struct BatchParser {
  od::parser parser;
  std::unique_ptr<char[]> buf;
  size_t cap = 0;
  size_t begin = 0;  // doc offset of buf[1]
  od::document doc;
};

// The loader. Its top level, batching and error positions are in
// json_loader.cc; the decoding of elements is in json_decode.cc, whose
// functions (class Decoder there) have internal linkage so that the
// compiler inlines them into one another as it did when the loader was one
// file. The decoder reads and updates the state below, so it is public; the
// class is internal to src/graph.
class Loader {
 public:
  // `release(offset)` (optional) is told that the document before `offset`
  // will not be read again, except for error messages.
  Loader(std::string_view doc, std::shared_ptr<const Schema> schema,
         const LoadOptions& options, std::function<void(size_t)> release)
      : schema_(schema),
        options_(options),
        builder_(std::move(schema),
                 GraphBuilderOptions{options.drop_unknown_properties,
                                     options.drop_dangling_edges}),
        doc_(doc),
        scanner_(doc, options.batch_bytes),
        release_(std::move(release)) {}

  absl::StatusOr<std::shared_ptr<const Graph>> Run();

  // ---- elements (json_decode.cc) ----
  // One element of "assets" / "relationships"; the walk that finds the ids
  // defined in the document (for id-only inline objects).
  Status Asset(od::value v, size_t index, size_t offset);
  Status Relationship(od::value v, size_t index, size_t offset);
  Status CollectDefinitions(od::value v, bool top, int depth, size_t offset);
  // Whether `id` is defined anywhere in the document (json_loader.cc; the
  // first call reads the "assets" array again).
  absl::StatusOr<bool> DefinedElsewhere(std::string_view id);

  // ---- errors (json_loader.cc) ----
  // A simdjson error, at the parser's position in the current batch.
  Failure Json(simdjson::error_code e, size_t fallback_offset);
  // A rule broken by the element being read (its path is prepended).
  Failure Error(std::string message, size_t offset) const {
    return Failure{StrCat(Path(), ": ", message), offset, false, ""};
  }
  Failure FromStatus(const absl::Status& s, size_t offset) const {
    Failure f = Error(std::string(s.message()), offset);
    f.code = DiagnosticCodeOf(s);
    return f;
  }

  // ---- state read and updated by the decoder ----
  std::shared_ptr<const Schema> schema_;
  const LoadOptions& options_;
  GraphBuilder builder_;
  // Path of the element being read: inline field names and indexes.
  std::vector<std::pair<std::string, size_t>> inline_path_;
  // Ids of assets defined in the document (computed when first needed).
  std::optional<absl::flat_hash_set<std::string>> defined_;
  // Per type: property name -> index.
  std::vector<absl::flat_hash_map<std::string, int>> prop_index_;
  std::vector<std::vector<int>> prop_seq_;  // per type: index by position
  std::string last_type_name_;
  TypeId last_type_ = kNoType;
  // Per property index: the stamp of the last "properties" object that set
  // it (a property given twice in one object is an error).
  std::vector<uint32_t> prop_seen_;
  uint32_t prop_stamp_ = 0;

 private:
  // ---- batches (json_loader.cc) ----
  // pos at '['; on return after ']'. Calls handler(value, index, offset)
  // for each element, in document order.
  template <typename Handler>
  Status ForEachElement(BatchParser& bp, size_t& pos, Handler&& handler);
  template <typename Handler>
  Status ParseBatch(BatchParser& bp, size_t begin, size_t end,
                    const std::vector<size_t>& starts,
                    const std::vector<size_t>& ends, size_t first_index,
                    Handler& handler);
  void PrefetchIds(size_t begin, size_t end) const;
  // The optional top-level "collections" array (collections_json.h); key_pos
  // at its key, pos at its value, on return after it.
  Status ReadCollections(size_t key_pos, size_t& pos);
  // The offset of the first string literal `literal` (quotes included) that
  // is the value of an "id" key, or npos.
  size_t FindIdValue(std::string_view literal) const;

  std::string Path() const;
  absl::Status ToStatus(const Failure& f) const;

  std::string_view doc_;
  Scanner scanner_;
  std::function<void(size_t)> release_;

  BatchParser main_;
  BatchParser* current_ = nullptr;  // whose document errors refer to
  size_t assets_pos_ = std::string_view::npos;  // '[' of "assets"
  // Path of the element being read: "assets"/"relationships", index (then
  // inline_path_).
  const char* array_name_ = "assets";
  size_t element_index_ = 0;
  size_t rel_base_ = 0;
  bool in_relationships_ = false;
  bool collecting_ = false;      // reading definitions ahead
  bool scanning_ahead_ = false;  // a top-level array is being pipelined
  bool seen_collections_ = false;
};

}  // namespace vigil::graph_json

#endif  // VIGIL_SRC_GRAPH_JSON_LOADER_IMPL_H_
