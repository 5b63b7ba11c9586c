// The optional top-level "collections" array of a graph's JSON form
// (docs/graph-format.md, "Collections"): read by the JSON loader, written by
// the graph writer. Internal to the graph layer.
#ifndef VIGIL_SRC_GRAPH_COLLECTIONS_JSON_H_
#define VIGIL_SRC_GRAPH_COLLECTIONS_JSON_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/collection.h"

namespace vigil::collections_json {

struct ParseError {
  std::string message;  // starts with the JSON path, "collections[2].state: ..."
  size_t offset = 0;    // byte offset in `text` it refers to (best effort)
  bool syntax = false;
};

// Parses the value of "collections" (the JSON text of the array). Each
// element is an object with the keys account, region, state (all strings,
// required), service and command (required unless state is "excluded",
// absent then), errorCode and detail (optional strings). Unknown keys are
// errors. Returns false and fills *error on failure.
bool Parse(std::string_view text, std::vector<Collection>* out, ParseError* error);

// Appends the JSON array for `set` (one element per line, indented by
// `indent` spaces).
void Append(const CollectionSet& set, std::string* out, int indent = 2);

}  // namespace vigil::collections_json

#endif  // VIGIL_SRC_GRAPH_COLLECTIONS_JSON_H_
