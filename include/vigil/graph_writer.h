// vigil/graph_writer.h — writes a Graph in its JSON interchange form.
//
//   ```cpp
//   std::string json = vigil::GraphToJson(*graph);
//   absl::Status s = vigil::WriteGraphJsonFile(*graph, "graph.json");
//   ```
//
// The output is the canonical form of docs/graph-format.md: "assets" in load
// order (one per line), "relationships" grouped by relationship type in load
// order (which keeps every adjacency list in its order), and, when the graph
// carries collection facts (vigil/collection.h), "collections". Null
// properties are left out. Loading the output with vigil/json_loader.h gives
// a graph whose every query result is byte-identical to the original's.
#ifndef VIGIL_GRAPH_WRITER_H_
#define VIGIL_GRAPH_WRITER_H_

#include <string>

#include "absl/status/status.h"
#include "vigil/graph.h"

namespace vigil {

std::string GraphToJson(const Graph& graph);
void AppendGraphJson(const Graph& graph, std::string* out);

// Writes GraphToJson(graph) to `path` as report files are written
// (WriteReportFile in vigil/report.h): replaced atomically, a character
// device or FIFO written in place. "-" is refused: the library never writes
// to standard output; write GraphToJson()'s text there yourself.
absl::Status WriteGraphJsonFile(const Graph& graph, const std::string& path);

}  // namespace vigil

#endif  // VIGIL_GRAPH_WRITER_H_
