// vigil/graph_builder.h — the one way to make a vigil::Graph.
//
// The JSON loader (vigil/json_loader.h) and every connector build graphs
// through a GraphBuilder:
//
//   ```cpp
//   vigil::GraphBuilder b(schema);
//   VIGIL_ASSIGN_OR_RETURN(vigil::NodeId vpc, b.AddAsset("vpc-1", "Vpc"));
//   VIGIL_ASSIGN_OR_RETURN(int region, b.ResolveProperty(vpc, "region"));
//   VIGIL_RETURN_IF_ERROR(b.SetString(vpc, region, "eu-west-1"));
//   VIGIL_ASSIGN_OR_RETURN(vigil::EdgeRef e,  // fl-1 may be added later
//                          b.AddEdge("vpc-1", "HAS_FLOW_LOG", "fl-1"));
//   // ... more assets, properties and edges ...
//   VIGIL_ASSIGN_OR_RETURN(std::shared_ptr<const vigil::Graph> g,
//                          std::move(b).Finish());
//   ```
//
// Every setter checks the declared type of the property and fails with a
// message naming the asset id, the property and both types; a failed call
// changes nothing. Every error carries a diagnostic code (read it with
// vigil::DiagnosticCodeOf, vigil/diagnostic.h): graph.unknown-type,
// graph.unknown-property, graph.unknown-relationship (these three with a
// "Did you mean" when a declared name is close), graph.duplicate-id,
// graph.type-mismatch, graph.invalid-value, graph.dangling-edge,
// graph.edge-type, graph.missing-property, graph.invalid (the rest). Properties never set are null. Finish() checks what can
// only be checked at the end (non-null properties present, edges whose ends
// were not yet defined when added: dangling or ill-typed), then builds the
// tables, edge tables and the CSR adjacency of every relationship field.
// A failed Finish() returns no graph and leaves nothing behind.
//
// NodeIds are handed out in AddAsset order, which is the load order.
// A GraphBuilder is not thread-safe; it is used by one thread at a time.
//
// Batches: a builder has no phases. Assets, properties and edges may be
// added in any order and in as many batches as a collector likes (one per
// region, per service, per page of an API), until Finish(); an edge may name
// an asset a later batch adds. Collectors that run in parallel build one
// GraphBuilder each and combine them with Merge() (in a fixed order, so
// that NodeIds do not depend on thread timing), then Finish() once.
//
// A collector that knows property names rather than indexes (the common
// case) uses the by-name setters; resolving once per type with
// ResolveTypeProperty(TypeId, name) and the setters by index is faster in bulk:
//
//   ```cpp
//   vigil::GraphBuilder b(schema);
//   VIGIL_ASSIGN_OR_RETURN(vigil::NodeId vpc, b.AddAsset("vpc-1", "Vpc"));
//   VIGIL_RETURN_IF_ERROR(b.SetString(vpc, "region", "eu-west-1"));
//   std::vector<std::string> cidrs = {"10.0.0.0/16"};
//   VIGIL_RETURN_IF_ERROR(b.SetStringList(vpc, "cidrBlocks", cidrs));
//   ```
#ifndef VIGIL_GRAPH_BUILDER_H_
#define VIGIL_GRAPH_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "vigil/collection.h"
#include "vigil/diagnostic.h"
#include "vigil/graph.h"
#include "vigil/schema.h"

namespace vigil {

// Real inventories are partial and evolve ahead of the schema: these let a
// collector keep going, and say what was left out (GraphBuilder::dropped()).
struct GraphBuilderOptions {
  // When true, ResolveProperty()/ResolveEdgeProperty() return -1 for a
  // property that the schema does not declare (and count it) instead of
  // failing; the by-name setters then do nothing.
  bool drop_unknown_properties = false;
  // When true, Finish() leaves out (and counts) an edge an end of which
  // names no asset, instead of failing with graph.dangling-edge. Edges
  // joining two assets of types no @relationship joins are still errors.
  bool drop_dangling_edges = false;
};

// What a builder left out under GraphBuilderOptions, for reports.
struct DroppedItems {
  // Undeclared properties, per "Type.property" (edge properties: per
  // "REL_TYPE.property"): how many values were dropped.
  std::map<std::string, size_t, std::less<>> properties;
  // Dangling edges, per relationship type.
  std::map<std::string, size_t, std::less<>> edges;

  size_t num_properties() const;
  size_t num_edges() const;
  bool empty() const { return properties.empty() && edges.empty(); }
  // One line, e.g. "dropped 3 undeclared property values (Vpc.tier: 2,
  // Subnet.zone: 1) and 1 dangling edge (HAS_FLOW_LOG: 1)"; "" when empty.
  std::string ToString() const;
};

// An edge added to the builder: its relationship type (index into
// Schema::relationship_types()) and its index in that type's EdgeTable
// (== its final EdgeId).
struct EdgeRef {
  int rel_type = -1;
  EdgeId index = 0;
};

class GraphBuilder {
 public:
  // `schema` must not be null. A builder made with a null schema builds
  // nothing: every call that returns a status fails with InvalidArgument
  // ("GraphBuilder has no schema"), Finish() included, and schema() is an
  // empty schema.
  explicit GraphBuilder(std::shared_ptr<const Schema> schema,
                        GraphBuilderOptions options = {});
  ~GraphBuilder();
  GraphBuilder(const GraphBuilder&) = delete;
  GraphBuilder& operator=(const GraphBuilder&) = delete;

  const Schema& schema() const { return *schema_; }

  // ---- assets ---------------------------------------------------------
  // Adds an asset of a concrete (object) type. Errors: empty or duplicate
  // id, unknown type, interface or @relationshipProperties type.
  absl::StatusOr<NodeId> AddAsset(std::string_view id,
                                  std::string_view type_name);
  absl::StatusOr<NodeId> AddAsset(std::string_view id, TypeId type);

  // Performance hints for bulk loaders: room for about `n` assets in all,
  // and "this id will be added or looked up soon".
  void ReserveAssets(size_t n);
  void PrefetchId(std::string_view id) const;

  // The asset already added under `id`, if any.
  std::optional<NodeId> FindAsset(std::string_view id) const;
  size_t num_assets() const;
  // The type and id of an asset added; kNoType and "" when `node` is not
  // below num_assets().
  TypeId asset_type(NodeId node) const;
  std::string_view asset_id(NodeId node) const;

  // Index of property `name` in the asset's type. Errors for `id` (it is
  // implied by AddAsset) and for an undeclared property
  // (graph.unknown-property, with "Did you mean"), unless
  // drop_unknown_properties is set: then -1 (and dropped() counts it).
  absl::StatusOr<int> ResolveProperty(NodeId node, std::string_view name);
  // The same for a type (an object type), to resolve a column once and set
  // it on many assets. With drop_unknown_properties an undeclared name gives
  // -1, which the setters by index take as "dropped" (they set nothing and
  // succeed); dropped() counts it once per resolve, not once per value (the
  // setters by name count per value).
  // (A name of its own: an int argument must not pick it by accident.)
  absl::StatusOr<int> ResolveTypeProperty(TypeId type, std::string_view name);

  // Typed setters by property index. SetInt also fills a Float property;
  // SetString fills ID/String/enum/custom-scalar properties (enum values
  // are checked) and DateTime properties (the text is parsed; invalid text
  // is an error). Setting a property again replaces the value.
  absl::Status SetNull(NodeId node, int prop);
  absl::Status SetBool(NodeId node, int prop, bool value);
  absl::Status SetInt(NodeId node, int prop, int64_t value);
  absl::Status SetFloat(NodeId node, int prop, double value);
  absl::Status SetString(NodeId node, int prop, std::string_view value);
  // List setters; nullopt elements are null (an error for [T!]).
  absl::Status SetBoolList(NodeId node, int prop,
                           std::span<const std::optional<bool>> values);
  absl::Status SetIntList(NodeId node, int prop,
                          std::span<const std::optional<int64_t>> values);
  absl::Status SetFloatList(NodeId node, int prop,
                            std::span<const std::optional<double>> values);
  absl::Status SetStringList(
      NodeId node, int prop,
      std::span<const std::optional<std::string_view>> values);
  // List setters without null elements, for what collectors hold. (Since
  // these overloads exist, an empty list is passed as an empty container,
  // not as `{}`.)
  absl::Status SetBoolList(NodeId node, int prop, std::span<const bool> values);
  absl::Status SetIntList(NodeId node, int prop, std::span<const int64_t> values);
  absl::Status SetFloatList(NodeId node, int prop, std::span<const double> values);
  absl::Status SetStringList(NodeId node, int prop,
                             std::span<const std::string> values);
  absl::Status SetStringList(NodeId node, int prop,
                             std::span<const std::string_view> values);

  // Setters by property name: ResolveProperty(node, name), then the setter
  // by index; with drop_unknown_properties an undeclared name is counted
  // and the call does nothing.
  absl::Status SetNull(NodeId node, std::string_view name);
  absl::Status SetBool(NodeId node, std::string_view name, bool value);
  absl::Status SetInt(NodeId node, std::string_view name, int64_t value);
  absl::Status SetFloat(NodeId node, std::string_view name, double value);
  absl::Status SetString(NodeId node, std::string_view name,
                         std::string_view value);
  absl::Status SetBoolList(NodeId node, std::string_view name,
                           std::span<const std::optional<bool>> values);
  absl::Status SetIntList(NodeId node, std::string_view name,
                          std::span<const std::optional<int64_t>> values);
  absl::Status SetFloatList(NodeId node, std::string_view name,
                            std::span<const std::optional<double>> values);
  absl::Status SetStringList(
      NodeId node, std::string_view name,
      std::span<const std::optional<std::string_view>> values);
  absl::Status SetBoolList(NodeId node, std::string_view name,
                           std::span<const bool> values);
  absl::Status SetIntList(NodeId node, std::string_view name,
                          std::span<const int64_t> values);
  absl::Status SetFloatList(NodeId node, std::string_view name,
                            std::span<const double> values);
  absl::Status SetStringList(NodeId node, std::string_view name,
                             std::span<const std::string> values);
  absl::Status SetStringList(NodeId node, std::string_view name,
                             std::span<const std::string_view> values);

  // ---- relationships --------------------------------------------------
  // Adds an edge `from -[rel_type]-> to`. The ends may be assets added
  // later; when both are known now the edge is checked now (dangling and
  // ill-typed edges are errors), otherwise at Finish(). Unknown rel_type is
  // an error.
  absl::StatusOr<EdgeRef> AddEdge(std::string_view from_id,
                                  std::string_view rel_type,
                                  std::string_view to_id);
  // The same between two assets already added, by NodeId, with the
  // relationship type by index (Schema::FindRelationshipType): no id or
  // name lookups, for bulk connectors.
  absl::StatusOr<EdgeRef> AddEdge(NodeId from, int rel_type, NodeId to);
  size_t num_edges() const { return num_edges_added_; }

  // Edge properties (declared by the relationship's properties type), the
  // same rules as asset properties.
  absl::StatusOr<int> ResolveEdgeProperty(EdgeRef edge, std::string_view name);
  absl::Status SetEdgeNull(EdgeRef edge, int prop);
  absl::Status SetEdgeBool(EdgeRef edge, int prop, bool value);
  absl::Status SetEdgeInt(EdgeRef edge, int prop, int64_t value);
  absl::Status SetEdgeFloat(EdgeRef edge, int prop, double value);
  absl::Status SetEdgeString(EdgeRef edge, int prop, std::string_view value);
  absl::Status SetEdgeBoolList(EdgeRef edge, int prop,
                               std::span<const std::optional<bool>> values);
  absl::Status SetEdgeIntList(EdgeRef edge, int prop,
                              std::span<const std::optional<int64_t>> values);
  absl::Status SetEdgeFloatList(EdgeRef edge, int prop,
                                std::span<const std::optional<double>> values);
  absl::Status SetEdgeStringList(
      EdgeRef edge, int prop,
      std::span<const std::optional<std::string_view>> values);

  // How errors about an edge checked in Finish() name it, given the edge's
  // position among all AddEdge calls (0-based). Default: "relationship #N".
  // (The JSON loader maps it back to "relationships[i]".)
  void set_edge_namer(std::function<std::string(size_t)> namer) {
    edge_namer_ = std::move(namer);
  }

  // Collection facts (vigil/collection.h) the graph will carry; Finish()
  // puts them in canonical order. Duplicates of (account, region, service,
  // command) are an error at Finish().
  void AddCollection(Collection fact) { collections_.push_back(std::move(fact)); }

  // Undeclared property values dropped so far (drop_unknown_properties).
  size_t dropped_properties() const { return dropped_properties_; }
  // What was dropped, by type/property and by relationship type (dangling
  // edges are counted by Finish(); the builder keeps this afterwards).
  const DroppedItems& dropped() const { return dropped_; }

  // Moves everything `other` holds (assets, property values, edges, even
  // those naming assets not yet added, collection facts, drop counts) into
  // this builder, after what it holds: other's assets get the next NodeIds,
  // in other's order. Both builders must have the same schema. Errors as
  // if other's calls were made again here (a duplicate id is
  // graph.duplicate-id); on error this builder may hold part of other.
  // `other` is spent afterwards.
  absl::Status Merge(GraphBuilder&& other);

  // Validates and builds the graph. The builder is spent afterwards
  // (whatever the outcome).
  //
  // Finish() checks everything before it fails, so a broken builder may
  // have many errors (every dangling edge, every missing non-null value).
  // The status (InvalidArgument) then carries the first error's code
  // (DiagnosticCodeOf) and a message of one line per error, the first 20
  // of them, ending with how many there were: "... and 5 more (25
  // errors)", or "(3 errors)" when all are shown; a single error is its
  // line alone. `diagnostics` (optional) receives each error as data, in
  // the order found, with its own code (graph.dangling-edge,
  // graph.edge-type, graph.missing-property, graph.invalid) and message
  // (the line of the status message; no file or position: the builder
  // has no source text): the first 10,000 errors, then one note giving
  // how many more there were. It is appended to, and only on failure.
  absl::StatusOr<std::shared_ptr<const Graph>> Finish(
      Diagnostics* diagnostics = nullptr) &&;

  // Approximate bytes held by the builder (for progress/memory reports).
  size_t MemoryBytes() const;

 private:
  struct ListState;
  struct ColumnState;
  struct PropertyTarget;
  struct PendingEdge;

  absl::Status SetValue(const PropertyTarget& t, int prop, const void* value,
                        ScalarKind given, bool is_null);
  absl::Status SetList(const PropertyTarget& t, int prop, const void* values,
                       size_t n, ScalarKind given);
  absl::StatusOr<PropertyTarget> NodeTarget(NodeId node, int prop);
  // Why a spent builder refuses a call (spent, or made without a schema).
  absl::Status SpentError() const;
  absl::StatusOr<PropertyTarget> EdgeTarget(EdgeRef edge, int prop);
  std::string EdgeName(size_t seq) const;
  // Removes the edges marked in `drop` (dangling, dropped) from a table.
  static void DropEdges(EdgeTable& et, std::vector<ColumnState>& states,
                        const std::vector<bool>& drop);
  absl::Status CheckEdgeTypes(NodeId from, int rel, NodeId to,
                              const std::string& name) const;

  std::shared_ptr<const Schema> schema_;
  GraphBuilderOptions options_;
  std::shared_ptr<Graph> graph_;  // built in place
  // Per type (TypeId) / per rel type: per-column build state (list ranges).
  std::vector<std::vector<ColumnState>> table_state_;
  std::vector<std::vector<ColumnState>> edge_state_;
  // allowed_[rel]: the (from_type << 32 | to_type) pairs a relationship
  // type may join, sorted (linear in the schema's declared fields, not
  // rel types x types^2).
  std::vector<std::vector<uint64_t>> allowed_;
  bool Allowed(int rel, TypeId from, TypeId to) const;
  // Ends named before their asset was added: codes in pending_ids_ with the
  // high bit set in EdgeTable::from/to.
  StringDictionary pending_ids_;
  std::vector<PendingEdge> pending_edges_;
  size_t num_edges_added_ = 0;
  size_t dropped_properties_ = 0;
  DroppedItems dropped_;
  bool spent_ = false;
  bool no_schema_ = false;  // made with a null schema: spent from the start
  std::function<std::string(size_t)> edge_namer_;
  std::vector<Collection> collections_;
};

}  // namespace vigil

#endif  // VIGIL_GRAPH_BUILDER_H_
