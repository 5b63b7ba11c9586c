// vigil/json_loader.h — loads an asset graph from its JSON interchange form
// (the format: docs/graph-format.md; the layout in memory: docs/graph-layout.md).
//
//   ```cpp
//   absl::StatusOr<std::shared_ptr<const vigil::Graph>> g =
//       vigil::LoadGraphJsonFile("graph.json", schema, {});
//   ```
//
// Both the canonical form ({"assets": [...], "relationships": [...]}) and
// the convenience form (relationship fields given inline on assets) are
// read. The document is streamed: its top level is scanned and the elements
// of the two arrays are parsed in batches with simdjson On-Demand, so no DOM
// (nor a second copy) of the document is ever held; a file is memory-mapped
// and the pages already read are released as the load goes on.
//
// Every rule of the format is checked. Errors name the asset (id and
// position, e.g. "assets[12] (\"vpc-1\")"), the relationship (its index in
// "relationships" and its ids), and for JSON syntax errors the byte offset,
// line and column. A failed load returns no graph.
#ifndef VIGIL_JSON_LOADER_H_
#define VIGIL_JSON_LOADER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "vigil/diagnostic.h"
#include "vigil/graph.h"
#include "vigil/graph_builder.h"
#include "vigil/schema.h"

namespace vigil {

struct LoadOptions {
  // Keep properties that the schema does not declare out of the graph
  // silently (counted in LoadStats::dropped_properties) instead of failing.
  bool drop_unknown_properties = false;
  // Leave out relationships an end of which names no asset (counted in
  // LoadStats::dropped) instead of failing with graph.dangling-edge.
  bool drop_dangling_edges = false;
  // Called now and then with the bytes processed so far and the total.
  std::function<void(size_t done, size_t total)> progress;
  // Name used in messages and diagnostics (LoadGraphJsonFile: the path).
  std::string file_name;
  // Deepest nesting of inline assets (convenience form) accepted.
  int max_inline_depth = 64;
  // Bytes of the document parsed by one simdjson call (a batch of whole
  // array elements; an element larger than this is parsed alone).
  size_t batch_bytes = size_t{1} << 20;
  // Optional: receives the error as a located Diagnostic.
  Diagnostics* diagnostics = nullptr;
  // Optional: receives figures about the load.
  struct LoadStats* stats = nullptr;
};

struct LoadStats {
  size_t bytes = 0;
  size_t assets = 0;
  size_t relationships = 0;  // edges, inline ones included
  size_t dropped_properties = 0;
  // What drop_unknown_properties / drop_dangling_edges left out, per
  // "Type.property" and per relationship type.
  DroppedItems dropped;
};

// Loads a graph from a JSON document held in memory.
absl::StatusOr<std::shared_ptr<const Graph>> LoadGraphJson(
    std::string_view json, std::shared_ptr<const Schema> schema,
    const LoadOptions& options = {});

// Loads a graph from a JSON file (memory-mapped, streamed).
absl::StatusOr<std::shared_ptr<const Graph>> LoadGraphJsonFile(
    const std::string& path, std::shared_ptr<const Schema> schema,
    const LoadOptions& options = {});

}  // namespace vigil

#endif  // VIGIL_JSON_LOADER_H_
