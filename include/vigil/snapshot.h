// vigil/snapshot.h — binary graph snapshots (.vgs): a graph saved as its
// columns, loaded without parsing.
//
//   ```cpp
//   vigil::WriteGraphSnapshotFile(*graph, "org.vgs");
//   auto g = vigil::LoadGraphSnapshotFile("org.vgs", schema);
//   ```
//
// Every loader of vigil takes a snapshot wherever it takes a graph's JSON:
// LoadGraphJsonFile and LoadGraphJson (vigil/json_loader.h) look at the
// first bytes and read a snapshot when they find its magic, whatever the
// file is called.
//
// Layout (docs/graph-layout.md, "Snapshots"): a 64-byte header (magic
// "\x89VGS\r\n\x1a\n", format version, the schema's fingerprint, the file's
// size, the section directory's place and checksum, the header's own
// checksum), then the sections (each array of the graph: dictionaries,
// columns, validity bitmaps, edge lists, CSR adjacency), 64-byte aligned,
// each with its own 64-bit checksum in the directory. A snapshot is
// refused, with a message that says which, when it is truncated, when a
// checksum does not match, when it was written for another schema, when its
// version is newer than this vigil reads, or when its contents are not a
// consistent graph (a code outside its dictionary, an offset out of range).
//
// Loading does not copy or parse: the graph's columns view the mapped file
// (LoadGraphSnapshotFile, LoadGraphJsonFile) or one copy of the bytes
// given (LoadGraphSnapshot), after every section's checksum and contents
// were checked, on one thread per core. The graph keeps the map; replace a
// snapshot file whole (write and rename, as WriteGraphSnapshotFile does),
// never rewrite it in place under a running scanner. Should it be written in
// place anyway, Graph::CheckIntact() and every evaluation return DataLoss.
// Each graph from a snapshot file holds one of 1,024 slots of protected maps
// (and a file descriptor) while it lives.
#ifndef VIGIL_SNAPSHOT_H_
#define VIGIL_SNAPSHOT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "vigil/graph.h"
#include "vigil/schema.h"

namespace vigil {

// The format version this vigil writes and the newest it reads.
inline constexpr uint32_t kSnapshotVersion = 2;

// True when `prefix` (the first bytes of a file) starts with the magic.
bool IsGraphSnapshot(std::string_view prefix);

// A 64-bit fingerprint of everything in a schema that shapes a graph
// (types, properties and their kinds, relationship fields, enums); equal
// schemas have equal fingerprints whatever their comments or order of
// descriptions.
uint64_t SchemaFingerprint(const Schema& schema);

std::string GraphToSnapshot(const Graph& graph);
absl::Status WriteGraphSnapshotFile(const Graph& graph, const std::string& path);

// `name` is used in messages (the file's path).
absl::StatusOr<std::shared_ptr<const Graph>> LoadGraphSnapshot(
    std::string_view bytes, std::shared_ptr<const Schema> schema,
    std::string_view name = "<snapshot>");
// Maps the file and loads it.
absl::StatusOr<std::shared_ptr<const Graph>> LoadGraphSnapshotFile(
    const std::string& path, std::shared_ptr<const Schema> schema);

}  // namespace vigil

#endif  // VIGIL_SNAPSHOT_H_
