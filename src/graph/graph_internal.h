// What the graph layer's own builder (and its tests) may do to the parts of
// a graph that are read-only to everyone else: intern strings into a
// dictionary, append to a bitmap, drop spare capacity. Not installed.
#ifndef VIGIL_SRC_GRAPH_GRAPH_INTERNAL_H_
#define VIGIL_SRC_GRAPH_GRAPH_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vigil/graph.h"

namespace vigil::graph_internal {

struct Access {
  // Bitmap
  static void PushBack(Bitmap& b, bool v) { b.PushBack(v); }
  static PodArray<uint64_t>& Words(Bitmap& b) { return b.words_; }

  // StringDictionary
  static uint32_t Intern(StringDictionary& d, std::string_view s) {
    bool inserted;
    return d.Intern(s, &inserted);
  }
  static uint32_t Intern(StringDictionary& d, std::string_view s, bool* inserted) {
    return d.Intern(s, inserted);
  }
  // Bytes of text held (codes address it with 32-bit offsets).
  static size_t TextBytes(const StringDictionary& d) { return d.chars_.size(); }
  static void ReserveIndex(StringDictionary& d, size_t n) { d.index_.reserve(n); }
  static void Freeze(StringDictionary& d) { d.Freeze(); }
  // The snapshot's: text and offsets of a dictionary, taken whole, and its
  // index rebuilt.
  static const PodArray<char>& Chars(const StringDictionary& d) { return d.chars_; }
  static const PodArray<uint32_t>& Offsets(const StringDictionary& d) {
    return d.offsets_;
  }
  static void Assign(StringDictionary& d, PodArray<char> chars,
                     PodArray<uint32_t> offsets) {
    d.chars_ = std::move(chars);
    d.offsets_ = std::move(offsets);
    d.RebuildIndex();
  }
  // The same, the index built on first use (StringDictionary::EnsureIndex).
  static void AssignLazily(StringDictionary& d, PodArray<char> chars,
                           PodArray<uint32_t> offsets) {
    d.chars_ = std::move(chars);
    d.offsets_ = std::move(offsets);
    d.index_.clear();
    d.index_ready_.store(false, std::memory_order_release);
  }
  static void SetSize(Bitmap& b, size_t n) { b.size_ = n; }
  static size_t IndexSize(const StringDictionary& d) {
    d.EnsureIndex();
    return d.index_.size();
  }

  // Graph (the snapshot loader fills one directly).
  struct GraphParts {
    std::shared_ptr<const Schema>* schema;
    CollectionSet* collections;
    StringDictionary* ids;
    PodArray<TypeId>* node_type;
    PodArray<RowId>* node_row;
    std::vector<Table>* tables;
    std::vector<EdgeTable>* edge_tables;
    std::vector<std::vector<Adjacency>>* adjacency;
    std::shared_ptr<const void>* storage;
    const MappedFile** mapped_file;
  };
  static GraphParts Parts(Graph& g) {
    return {&g.schema_,     &g.collections_, &g.ids_,       &g.node_type_,
            &g.node_row_,   &g.tables_,      &g.edge_tables_, &g.adjacency_,
            &g.storage_,    &g.mapped_file_};
  }
};

}  // namespace vigil::graph_internal

#endif  // VIGIL_SRC_GRAPH_GRAPH_INTERNAL_H_
