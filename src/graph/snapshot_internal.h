// The snapshot loader as the JSON loader calls it when it finds a
// snapshot's magic (vigil/json_loader.h takes snapshots too). Internal to
// the graph layer.
#ifndef VIGIL_SRC_GRAPH_SNAPSHOT_INTERNAL_H_
#define VIGIL_SRC_GRAPH_SNAPSHOT_INTERNAL_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "src/base/mapped_file.h"
#include "vigil/diagnostic.h"
#include "vigil/graph.h"
#include "vigil/schema.h"

namespace vigil::snapshot_internal {

// As LoadGraphSnapshot (the graph views a copy of `bytes`; `threads` check
// it, 0 meaning one per core); a failure is
// also appended to *diagnostics (when not null) with its code:
// graph.snapshot-truncated, -checksum, -schema, -version or -invalid.
absl::StatusOr<std::shared_ptr<const Graph>> Load(std::string_view bytes,
                                                  std::shared_ptr<const Schema> schema,
                                                  std::string_view name,
                                                  Diagnostics* diagnostics, int threads = 0);
// The same over a mapped file, which the graph keeps and views in place
// (Graph::CheckIntact reports it shrinking later); DataLoss when it shrank
// while it was read.
absl::StatusOr<std::shared_ptr<const Graph>> LoadMapped(std::shared_ptr<const MappedFile> file,
                                                        std::shared_ptr<const Schema> schema,
                                                        std::string_view name,
                                                        Diagnostics* diagnostics,
                                                        int threads = 0);

// Recomputes the header's checksum after the header was changed (tests).
void ResealHeader(std::string* bytes);
// Recomputes every checksum the file's directory makes reachable (sections
// inside the file, the directory, the header): the fuzzer's way past them.
void ResealAll(std::string* bytes);

}  // namespace vigil::snapshot_internal

#endif  // VIGIL_SRC_GRAPH_SNAPSHOT_INTERNAL_H_
