// The graph's JSON interchange form, written (vigil/graph_writer.h).
#include "vigil/graph_writer.h"

#include "src/base/file_writer.h"
#include "src/base/strings.h"
#include "src/graph/collections_json.h"
#include "vigil/value.h"

namespace vigil {
namespace {

void AppendScalar(const Column& c, size_t slot, std::string* out) {
  switch (c.kind) {
    case ScalarKind::kBoolean:
      out->append(c.bools[slot] ? "true" : "false");
      return;
    case ScalarKind::kInt:
      strings_internal::Append(out, c.ints[slot]);
      return;
    case ScalarKind::kFloat:
      AppendJsonDouble(out, c.floats[slot]);
      return;
    default:
      AppendJsonString(out, c.StringAt(c.codes[slot]));
      return;
  }
}

// Appends `"name": value` pairs of the non-null properties in row `row`
// (skipping the id column); returns whether any was written.
bool AppendProperties(const std::vector<Column>& columns, size_t row, std::string* out) {
  bool any = false;
  for (const Column& c : columns) {
    if (c.def == nullptr || c.id_dict != nullptr || c.valid.size() <= row || !c.valid.Get(row)) {
      continue;
    }
    out->append(any ? ", " : "");
    any = true;
    AppendJsonString(out, c.def->name);
    out->append(": ");
    if (!c.is_list) {
      AppendScalar(c, row, out);
      continue;
    }
    out->push_back('[');
    for (uint32_t e = c.list_offsets[row]; e < c.list_offsets[row + 1]; ++e) {
      if (e != c.list_offsets[row]) out->append(", ");
      if (!c.element_valid.Get(e)) {
        out->append("null");
      } else {
        AppendScalar(c, e, out);
      }
    }
    out->push_back(']');
  }
  return any;
}

}  // namespace

void AppendGraphJson(const Graph& graph, std::string* out) {
  const Schema& schema = graph.schema();
  out->append("{\n\"assets\": [");
  for (NodeId n = 0; n < graph.num_assets(); ++n) {
    out->append(n == 0 ? "\n" : ",\n");
    const TypeId t = graph.node_type(n);
    out->append("{\"id\": ");
    AppendJsonString(out, graph.asset_id(n));
    out->append(", \"type\": ");
    AppendJsonString(out, schema.type(t).name);
    std::string props;
    if (AppendProperties(graph.table(t).columns, graph.node_row(n), &props)) {
      out->append(", \"properties\": {");
      out->append(props);
      out->push_back('}');
    }
    out->push_back('}');
  }
  out->append(graph.num_assets() > 0 ? "\n],\n\"relationships\": [" : "],\n\"relationships\": [");
  bool first = true;
  for (size_t r = 0; r < schema.relationship_types().size(); ++r) {
    const EdgeTable& et = graph.edges(static_cast<int>(r));
    for (size_t e = 0; e < et.num_edges(); ++e) {
      out->append(first ? "\n" : ",\n");
      first = false;
      out->append("{\"from\": ");
      AppendJsonString(out, graph.asset_id(et.from[e]));
      out->append(", \"type\": ");
      AppendJsonString(out, schema.relationship_types()[r]);
      out->append(", \"to\": ");
      AppendJsonString(out, graph.asset_id(et.to[e]));
      std::string props;
      if (AppendProperties(et.columns, e, &props)) {
        out->append(", \"properties\": {");
        out->append(props);
        out->push_back('}');
      }
      out->push_back('}');
    }
  }
  out->append(first ? "]" : "\n]");
  if (!graph.collections().empty()) {
    out->append(",\n\"collections\": ");
    collections_json::Append(graph.collections(), out, 0);
  }
  out->append("\n}\n");
}

std::string GraphToJson(const Graph& graph) {
  std::string out;
  AppendGraphJson(graph, &out);
  return out;
}

absl::Status WriteGraphJsonFile(const Graph& graph, const std::string& path) {
  if (path.empty()) return absl::InvalidArgumentError("cannot write the graph: empty output path");
  std::string json = GraphToJson(graph);
  if (absl::Status intact = graph.CheckIntact(); !intact.ok()) return intact;
  return WriteFileAtomically(path, json);
}

}  // namespace vigil
