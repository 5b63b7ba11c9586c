// vigil/graph.h — the immutable, columnar, in-memory asset graph.
//
// A Graph is made by a GraphBuilder (vigil/graph_builder.h), which the JSON
// loader (vigil/json_loader.h) and every connector use. Once built it never
// changes and may be read from any number of threads at once.
//
// Layout (docs/graph-layout.md has the details):
//  * every asset has a NodeId: its position in load order across the graph;
//    node_type()/node_row() map it to (concrete type, row in that type's table)
//  * one Table per concrete object type; each property a typed Column with a
//    validity (non-null) bitmap; strings dictionary-encoded per column, so
//    predicates run once per distinct value; lists as offsets + elements
//  * the `id` of every asset is interned once in a graph-wide dictionary;
//    the `id` column of every table uses NodeIds as its codes
//  * every relationship type has an EdgeTable (from/to NodeIds in load
//    order, edge properties as Columns); every relationship field of every
//    concrete type has a CSR Adjacency (per source row, its edges in load
//    order, with the target row and the edge index).
#ifndef VIGIL_GRAPH_H_
#define VIGIL_GRAPH_H_

#include <atomic>
#include <cassert>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "vigil/collection.h"
#include "vigil/datetime.h"
#include "vigil/pod_array.h"
#include "vigil/schema.h"

namespace vigil {

using NodeId = uint32_t;
using RowId = uint32_t;
using EdgeId = uint32_t;

namespace graph_internal {
struct Access;  // the builder's access (src/graph/graph_internal.h)
}  // namespace graph_internal
class MappedFile;  // src/base/mapped_file.h

// A fixed-size bitset over rows. Bits past size() are always clear, so
// words() can be combined word by word.
class Bitmap {
 public:
  Bitmap() = default;
  explicit Bitmap(size_t n, bool value = false) { Resize(n, value); }
  void Resize(size_t n, bool value = false);
  size_t size() const { return size_; }
  bool Get(size_t i) const { return (words_[i >> 6] >> (i & 63)) & 1; }
  void Set(size_t i) { words_.mutable_at(i >> 6) |= uint64_t{1} << (i & 63); }
  void Clear(size_t i) { words_.mutable_at(i >> 6) &= ~(uint64_t{1} << (i & 63)); }
  void Assign(size_t i, bool v) { v ? Set(i) : Clear(i); }
  const PodArray<uint64_t>& words() const { return words_; }
  size_t CountSet() const;
  size_t MemoryBytes() const { return words_.MemoryBytes(); }

 private:
  friend struct graph_internal::Access;
  void PushBack(bool v);

  PodArray<uint64_t> words_;
  size_t size_ = 0;
};

// Distinct strings of one column; code -> text, text -> code. Codes are
// dense: in first-seen order as GraphBuilder makes them, in byte order in a
// graph loaded from a snapshot. Read-only once the graph is built. A copy
// of a snapshot graph's dictionary (or column array) views the same
// storage: keep the graph alive while using it.
class StringDictionary {
 public:
  uint32_t size() const { return static_cast<uint32_t>(offsets_.size()) - 1; }
  std::string_view Get(uint32_t code) const {
    return std::string_view(chars_.data() + offsets_[code],
                            offsets_[code + 1] - offsets_[code]);
  }
  std::optional<uint32_t> Find(std::string_view s) const;
  size_t MemoryBytes() const;
  // Hints that `s` will be looked up soon (prefetches its index slot).
  void Prefetch(std::string_view s) const;

  StringDictionary();
  StringDictionary(const StringDictionary& other);
  StringDictionary(StringDictionary&& other) noexcept;
  StringDictionary& operator=(const StringDictionary& other);
  StringDictionary& operator=(StringDictionary&& other) noexcept;
  ~StringDictionary();

 private:
  // (private members are an implementation detail of src/graph)
  // The index is a hash set of codes; hashing and comparing a code looks at
  // the bytes it refers to, so each distinct string is stored once (in
  // chars_) and the index costs ~5 bytes per slot.
  struct CodeHash {
    using is_transparent = void;
    const StringDictionary* dict;
    size_t operator()(uint32_t code) const;
    size_t operator()(std::string_view s) const;
  };
  struct CodeEq {
    using is_transparent = void;
    const StringDictionary* dict;
    bool operator()(uint32_t a, uint32_t b) const { return a == b; }
    bool operator()(uint32_t a, std::string_view b) const;
    bool operator()(std::string_view a, uint32_t b) const;
  };
  // Large index tables go on transparent huge pages (fewer TLB misses on
  // the random probes of a big id index).
  static void* AllocateIndex(size_t bytes);
  static void FreeIndex(void* p, size_t bytes);
  template <typename T>
  struct IndexAllocator {
    using value_type = T;
    IndexAllocator() = default;
    template <typename U>
    IndexAllocator(const IndexAllocator<U>&) {}  // NOLINT
    T* allocate(size_t n) {
      return static_cast<T*>(AllocateIndex(n * sizeof(T)));
    }
    void deallocate(T* p, size_t n) { FreeIndex(p, n * sizeof(T)); }
    template <typename U>
    bool operator==(const IndexAllocator<U>&) const { return true; }
    template <typename U>
    bool operator!=(const IndexAllocator<U>&) const { return false; }
  };
  using Index = absl::flat_hash_set<uint32_t, CodeHash, CodeEq,
                                    IndexAllocator<uint32_t>>;
  void RebuildIndex();
  // Builds the index on first use when it was left out (a snapshot's id
  // dictionary: millions of strings that most runs never look up).
  void EnsureIndex() const {
    if (!index_ready_.load(std::memory_order_acquire)) BuildIndexOnce();
  }
  void BuildIndexOnce() const;
  void Grow();
  // Interns s; sets *inserted to whether it was new.
  uint32_t Intern(std::string_view s, bool* inserted);
  void Reserve(size_t strings, size_t chars);
  void Freeze();  // drops spare capacity

  PodArray<char> chars_;
  PodArray<uint32_t> offsets_{0};
  mutable Index index_;
  mutable std::atomic<bool> index_ready_{true};
  mutable std::mutex index_mu_;
  friend struct graph_internal::Access;
};

// One property of one table (or of an edge table).
// Scalar columns hold one slot per row; list columns hold per-row ranges
// [list_offsets[r], list_offsets[r+1]) into the element arrays, and
// element_valid marks non-null elements.
struct Column {
  const PropertyDef* def = nullptr;
  ScalarKind kind = ScalarKind::kString;
  bool is_list = false;
  Bitmap valid;  // per row: the property is non-null

  // Values (per row for scalars, per element for lists); exactly one of
  // these is used, by kind:
  PodArray<uint8_t> bools;    // kBoolean
  PodArray<int64_t> ints;     // kInt
  PodArray<double> floats;    // kFloat
  // kDateTime: the instant (years 0001 to 9999, to the nanosecond), for
  // comparison; a DateTime column also holds its text in `codes`, for output.
  PodArray<Instant> instants;
  PodArray<uint32_t> codes;   // kID/kString/kEnum/kCustom/kDateTime text
  // Dictionary for codes. For the `id` column this is null and codes are
  // NodeIds into Graph::ids().
  const StringDictionary* dict = nullptr;
  std::unique_ptr<StringDictionary> owned_dict;
  // For the `id` column only: the graph's id dictionary (Graph::ids()), so
  // that StringAt() works on it too. Null for every other column.
  const StringDictionary* id_dict = nullptr;

  PodArray<uint32_t> list_offsets;  // lists: rows + 1 entries
  Bitmap element_valid;                // lists: per element

  std::string_view StringAt(uint32_t code) const;  // handles the id column
  size_t MemoryBytes() const;
};

// Rows of one concrete type, in load order.
struct Table {
  TypeId type = kNoType;
  PodArray<NodeId> nodes;    // row -> NodeId
  std::vector<Column> columns;  // index = property index in the TypeDef
  size_t num_rows() const { return nodes.size(); }
};

// The edges of one relationship type, in load order.
struct EdgeTable {
  int rel_type = -1;
  PodArray<NodeId> from;
  PodArray<NodeId> to;
  TypeId properties_type = kNoType;
  std::vector<Column> columns;  // edge properties (index = property index)
  size_t num_edges() const { return from.size(); }
};

// CSR adjacency of one relationship field of one concrete type: for source
// row r, entries [offsets[r], offsets[r+1]) list its edges in load order,
// each with the target's row in the table of target_types[i] (or of
// single_target_type when the field's target is an object type) and the
// edge's index in the EdgeTable.
struct Adjacency {
  int rel_type = -1;
  TypeId single_target_type = kNoType;  // set when the target is concrete
  PodArray<uint32_t> offsets;        // rows + 1
  PodArray<RowId> target_rows;
  PodArray<TypeId> target_types;     // empty when single_target_type set
  PodArray<EdgeId> edges;
  TypeId TargetType(size_t i) const {
    return single_target_type != kNoType ? single_target_type
                                         : target_types[i];
  }
};

class Graph {
 public:
  const Schema& schema() const { return *schema_; }
  const std::shared_ptr<const Schema>& schema_ptr() const { return schema_; }

  size_t num_assets() const { return node_type_.size(); }
  size_t num_edges() const;

  // An asset's concrete type, its row in that type's table and its id.
  // Precondition: n < num_assets() (NodeIds come from the graph itself:
  // FindAsset, Table::nodes, EdgeTable::from/to). These are read per row
  // by the evaluator, so they are not checked in release builds (a debug
  // build asserts); check untrusted numbers against num_assets() first,
  // or look assets up by id with FindAsset.
  TypeId node_type(NodeId n) const {
    assert(n < node_type_.size() && "vigil::Graph: NodeId out of range");
    return node_type_[n];
  }
  RowId node_row(NodeId n) const {
    assert(n < node_row_.size() && "vigil::Graph: NodeId out of range");
    return node_row_[n];
  }
  std::string_view asset_id(NodeId n) const {
    assert(n < node_type_.size() && "vigil::Graph: NodeId out of range");
    return ids_.Get(n);
  }
  std::optional<NodeId> FindAsset(std::string_view id) const {
    return ids_.Find(id);
  }
  const StringDictionary& ids() const { return ids_; }

  // Table of a concrete (object) type; an empty table for types with no
  // assets. Interfaces and relationship-properties types have none (an
  // empty table too). Any other TypeId (kNoType, or one not of the
  // schema) gives an empty table whose `type` is kNoType.
  const Table& table(TypeId type) const {
    return static_cast<size_t>(type) < tables_.size() ? tables_[static_cast<size_t>(type)]
                                                      : EmptyTable();
  }
  // The edges of relationship type `rel_type` (an index into
  // Schema::relationship_types()); an empty EdgeTable (rel_type -1) for
  // an index out of range.
  const EdgeTable& edges(int rel_type) const {
    return static_cast<size_t>(rel_type) < edge_tables_.size()
               ? edge_tables_[static_cast<size_t>(rel_type)]
               : EmptyEdgeTable();
  }
  // Adjacency of relationship field `rel_index` of concrete type `type`;
  // an empty Adjacency (rel_type -1, no offsets) when either is out of
  // range.
  const Adjacency& adjacency(TypeId type, int rel_index) const {
    const size_t t = static_cast<size_t>(type), r = static_cast<size_t>(rel_index);
    if (t >= adjacency_.size() || r >= adjacency_[t].size()) return EmptyAdjacency();
    return adjacency_[t][r];
  }

  // Approximate bytes held by the graph's data structures.
  size_t MemoryBytes() const;

  // What the connector that made the graph collected (vigil/collection.h);
  // empty for a graph that says nothing about it.
  const CollectionSet& collections() const { return collections_; }

  // A graph loaded from a snapshot file (vigil/snapshot.h) reads its
  // columns where they lie in the file, which it keeps mapped. The file
  // must not be written in place while the graph is in use (`vigil
  // snapshot` and WriteGraphSnapshotFile replace a file whole, by rename,
  // which is safe). If it is anyway, this returns DataLoss naming the file
  // (it shrank: the pages lost read as zeros; or its size or modification
  // time changed), and so does every evaluation, checked before it reads
  // the graph and after, and the graph writers. A file rewritten in place
  // during an evaluation may also stop the process (as for any database
  // file changed under its reader); it is never judged silently.
  // OK for every other graph.
  absl::Status CheckIntact() const;

 private:
  friend class GraphBuilder;
  friend struct graph_internal::Access;  // the snapshot loader
  static const Table& EmptyTable();
  static const EdgeTable& EmptyEdgeTable();
  static const Adjacency& EmptyAdjacency();
  std::shared_ptr<const Schema> schema_;
  CollectionSet collections_;
  StringDictionary ids_;  // code == NodeId
  PodArray<TypeId> node_type_;
  PodArray<RowId> node_row_;
  std::vector<Table> tables_;           // indexed by TypeId
  std::vector<EdgeTable> edge_tables_;  // indexed by rel type index
  std::vector<std::vector<Adjacency>> adjacency_;  // [TypeId][rel index]
  // What the columns may view (a mapped snapshot file, or a copy of a
  // snapshot's bytes); the mapped file, when it is one.
  std::shared_ptr<const void> storage_;
  const MappedFile* mapped_file_ = nullptr;
};

}  // namespace vigil

#endif  // VIGIL_GRAPH_H_
