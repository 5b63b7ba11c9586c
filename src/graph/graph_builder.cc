// GraphBuilder: typed, validated construction of a columnar Graph.
#include "vigil/graph_builder.h"

#include "src/base/datetime.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/base/did_you_mean.h"
#include "src/base/strings.h"
#include "vigil/status_macros.h"
#include "vigil/diagnostic.h"
#include "src/graph/graph_internal.h"

namespace vigil {

using graph_internal::Access;

namespace {

// (vigil::StrCat / StrAppend from src/base/strings.h)


constexpr uint32_t kPendingBit = 0x80000000u;
constexpr size_t kMaxAssets = kPendingBit - 1;
constexpr size_t kMaxErrors = 20;              // in Finish()'s message
constexpr size_t kMaxFinishDiagnostics = 10000;  // in Finish()'s Diagnostics

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += '?';
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

bool IsStringKind(ScalarKind k) {
  return k == ScalarKind::kID || k == ScalarKind::kString ||
         k == ScalarKind::kEnum || k == ScalarKind::kCustom ||
         k == ScalarKind::kDateTime;
}

const char* KindName(ScalarKind k) {
  switch (k) {
    case ScalarKind::kID: return "ID";
    case ScalarKind::kString: return "String";
    case ScalarKind::kInt: return "Int";
    case ScalarKind::kFloat: return "Float";
    case ScalarKind::kBoolean: return "Boolean";
    case ScalarKind::kDateTime: return "DateTime";
    case ScalarKind::kEnum: return "enum";
    case ScalarKind::kCustom: return "custom scalar";
  }
  return "?";
}

// The declared type as written in SDL, e.g. "[String!]", "Int!".
std::string DeclaredType(const PropertyDef& d) {
  std::string base = d.type_name.empty() ? KindName(d.kind) : d.type_name;
  if (d.is_list) {
    base = StrCat("[", base, d.element_non_null ? "!" : "", "]");
  }
  if (d.non_null) base += "!";
  return base;
}

// Can a value given as `given` (Boolean/Int/Float/String) fill `declared`?
bool Fits(ScalarKind declared, ScalarKind given) {
  switch (declared) {
    case ScalarKind::kBoolean: return given == ScalarKind::kBoolean;
    case ScalarKind::kInt: return given == ScalarKind::kInt;
    case ScalarKind::kFloat:
      return given == ScalarKind::kFloat || given == ScalarKind::kInt;
    default: return given == ScalarKind::kString;
  }
}

// An InvalidArgument error carrying diagnostic code `code`.
absl::Status Err(std::string_view code, std::string message) {
  return WithDiagnosticCode(absl::InvalidArgumentError(std::move(message)), code);
}

// ". Did you mean \"x\"?" when a name in `options` is close, else "".
std::string Suggest(std::string_view input, const std::vector<std::string>& options) {
  std::string hint = DidYouMean(input, options);
  return hint.empty() ? hint : StrCat(".", hint);
}

std::vector<std::string> PropertyNames(const TypeDef& def) {
  std::vector<std::string> names;
  for (const PropertyDef& p : def.properties) {
    if (p.name != "id") names.push_back(p.name);
  }
  return names;
}

template <typename T>
std::vector<std::optional<T>> Optionals(std::span<const T> values) {
  return std::vector<std::optional<T>>(values.begin(), values.end());
}

template <typename T>
void ShrinkVec(PodArray<T>& v) {
  if (v.MemoryBytes() != v.size() * sizeof(T)) v.shrink_to_fit();
}

}  // namespace

// Build state of a list column: per row, the range of its elements in the
// column's element arrays (lists may be set in any row order; Finish()
// compacts them into list_offsets).
struct GraphBuilder::ColumnState {
  std::vector<uint32_t> list_start;
  std::vector<uint32_t> list_len;
  int64_t last_list_row = -1;
  bool in_order = true;  // lists appended in increasing row order, once each
};

// What a setter writes to: a column of a node's table or an edge table.
struct GraphBuilder::PropertyTarget {
  Column* col = nullptr;
  ColumnState* state = nullptr;
  const PropertyDef* def = nullptr;
  size_t row = 0;
  std::string (*describe)(const GraphBuilder*, uint64_t) = nullptr;
  uint64_t who = 0;
  std::string Who(const GraphBuilder* b) const { return describe(b, who); }
};

struct GraphBuilder::PendingEdge {
  int rel_type;
  EdgeId index;
  size_t seq;
};

GraphBuilder::GraphBuilder(std::shared_ptr<const Schema> schema,
                           GraphBuilderOptions options)
    : schema_(std::move(schema)),
      options_(options),
      graph_(std::make_shared<Graph>()) {
  if (schema_ == nullptr) {
    schema_ = std::make_shared<const Schema>();  // no types: nothing to add
    no_schema_ = true;
    spent_ = true;
  }
  const Schema& s = *schema_;
  const size_t num_types = s.types().size();
  graph_->schema_ = schema_;
  graph_->tables_.resize(num_types);
  graph_->adjacency_.resize(num_types);
  table_state_.resize(num_types);
  auto make_columns = [](const TypeDef& t, std::vector<Column>& cols,
                         std::vector<ColumnState>& states) {
    cols.resize(t.properties.size());
    states.resize(t.properties.size());
    for (size_t i = 0; i < t.properties.size(); ++i) {
      const PropertyDef& d = t.properties[i];
      Column& c = cols[i];
      c.def = &d;
      c.kind = d.kind;
      c.is_list = d.is_list;
      if (IsStringKind(d.kind)) {
        c.owned_dict = std::make_unique<StringDictionary>();
        c.dict = c.owned_dict.get();
      }
      if (c.is_list) c.list_offsets.push_back(0);
    }
  };
  for (TypeId t = 0; t < static_cast<TypeId>(num_types); ++t) {
    const TypeDef& def = s.type(t);
    graph_->tables_[t].type = t;
    if (!def.is_object()) continue;
    make_columns(def, graph_->tables_[t].columns, table_state_[t]);
    const int id_prop = def.FindProperty("id");
    if (id_prop >= 0) {
      Column& c = graph_->tables_[t].columns[id_prop];
      c.owned_dict.reset();
      c.dict = nullptr;
      c.id_dict = &graph_->ids_;
    }
  }
  const size_t num_rels = s.relationship_types().size();
  graph_->edge_tables_.resize(num_rels);
  edge_state_.resize(num_rels);
  for (size_t r = 0; r < num_rels; ++r) {
    EdgeTable& et = graph_->edge_tables_[r];
    et.rel_type = static_cast<int>(r);
    et.properties_type = s.RelationshipPropertiesType(static_cast<int>(r));
    if (et.properties_type != kNoType) {
      make_columns(s.type(et.properties_type), et.columns, edge_state_[r]);
    }
  }
  // Which (from type, to type) pairs each relationship type may join.
  allowed_.assign(num_rels, {});
  auto pair_key = [](TypeId a, TypeId b) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
  };
  for (TypeId t = 0; t < static_cast<TypeId>(num_types); ++t) {
    const TypeDef& def = s.type(t);
    if (def.kind == TypeDef::Kind::kRelationshipProperties) continue;
    for (const RelationshipDef& f : def.relationships) {
      if (f.rel_type_index < 0 || f.target == kNoType) continue;
      std::vector<uint64_t>& ok = allowed_[f.rel_type_index];
      for (TypeId a : def.concrete_types) {
        for (TypeId b : s.type(f.target).concrete_types) {
          ok.push_back(f.direction == Direction::kOut ? pair_key(a, b) : pair_key(b, a));
        }
      }
    }
  }
  for (std::vector<uint64_t>& ok : allowed_) {
    std::sort(ok.begin(), ok.end());
    ok.erase(std::unique(ok.begin(), ok.end()), ok.end());
  }
}

bool GraphBuilder::Allowed(int rel, TypeId from, TypeId to) const {
  const std::vector<uint64_t>& ok = allowed_[rel];
  const uint64_t key =
      (static_cast<uint64_t>(static_cast<uint32_t>(from)) << 32) | static_cast<uint32_t>(to);
  return std::binary_search(ok.begin(), ok.end(), key);
}

GraphBuilder::~GraphBuilder() = default;

// ---- assets ----------------------------------------------------------------

absl::Status GraphBuilder::SpentError() const {
  if (no_schema_) {
    return absl::InvalidArgumentError("GraphBuilder has no schema (it was made with a null one)");
  }
  return absl::FailedPreconditionError("GraphBuilder is spent");
}

absl::StatusOr<NodeId> GraphBuilder::AddAsset(std::string_view id,
                                              std::string_view type_name) {
  if (spent_) return SpentError();
  const TypeId t = schema_->FindType(type_name);
  if (t == kNoType) {
    std::vector<std::string> names;
    for (const TypeDef& d : schema_->types()) {
      if (d.is_object()) names.push_back(d.name);
    }
    return Err("graph.unknown-type",
               StrCat("asset ", Quote(id), ": unknown type ", Quote(type_name), Suggest(type_name, names)));
  }
  return AddAsset(id, t);
}

absl::StatusOr<NodeId> GraphBuilder::AddAsset(std::string_view id,
                                              TypeId type) {
  if (spent_) return SpentError();
  if (type < 0 || static_cast<size_t>(type) >= schema_->types().size()) {
    return absl::InvalidArgumentError(
        StrCat("asset ", Quote(id), ": invalid type index ", type));
  }
  const TypeDef& def = schema_->type(type);
  if (!def.is_object()) {
    return absl::InvalidArgumentError(StrCat(
        "asset ", Quote(id), ": type ", def.name, " is ",
        def.is_interface() ? "an interface" : "a relationship-properties type",
        ", not a concrete asset type"));
  }
  if (id.empty()) {
    return absl::InvalidArgumentError(
        StrCat("an asset of type ", def.name, " has an empty id"));
  }
  Graph& g = *graph_;
  if (g.node_type_.size() >= kMaxAssets ||
      Access::TextBytes(g.ids_) + id.size() > UINT32_MAX) {
    return absl::ResourceExhaustedError("too many assets for one graph");
  }
  bool inserted;
  const uint32_t code = Access::Intern(g.ids_, id, &inserted);
  if (!inserted) {
    return Err("graph.duplicate-id", StrCat(
        "duplicate asset id ", Quote(id), " (first defined as ",
        schema_->type(g.node_type_[code]).name, ")"));
  }
  Table& table = g.tables_[type];
  g.node_type_.push_back(type);
  g.node_row_.push_back(static_cast<RowId>(table.nodes.size()));
  table.nodes.push_back(code);
  return code;
}

void GraphBuilder::ReserveAssets(size_t n) {
  if (spent_ || n <= graph_->node_type_.size()) return;
  Access::ReserveIndex(graph_->ids_, n);
  graph_->node_type_.reserve(n);
  graph_->node_row_.reserve(n);
}

void GraphBuilder::PrefetchId(std::string_view id) const {
  graph_->ids_.Prefetch(id);
}

std::optional<NodeId> GraphBuilder::FindAsset(std::string_view id) const {
  return graph_->ids_.Find(id);
}
size_t GraphBuilder::num_assets() const { return graph_->node_type_.size(); }
TypeId GraphBuilder::asset_type(NodeId node) const {
  return node < graph_->node_type_.size() ? graph_->node_type_[node] : kNoType;
}
std::string_view GraphBuilder::asset_id(NodeId node) const {
  return node < graph_->node_type_.size() ? graph_->ids_.Get(node) : std::string_view();
}

absl::StatusOr<int> GraphBuilder::ResolveProperty(NodeId node,
                                                  std::string_view name) {
  if (no_schema_) return SpentError();
  if (node >= graph_->node_type_.size()) {
    return absl::InvalidArgumentError(StrCat("no asset #", node));
  }
  const TypeDef& def = schema_->type(graph_->node_type_[node]);
  const int p = def.FindProperty(name);
  if (p >= 0) {
    if (name == "id") {
      return Err("graph.invalid", StrCat(
          "asset ", Quote(asset_id(node)),
          ": property \"id\" is the asset's id and cannot be set"));
    }
    return p;
  }
  if (options_.drop_unknown_properties) {
    ++dropped_properties_;
    ++dropped_.properties[StrCat(def.name, ".", name)];
    return -1;
  }
  std::string hint;
  if (def.FindRelationship(name) >= 0) {
    hint = " (it is a relationship field; give it as an edge)";
  }
  return Err("graph.unknown-property",
             StrCat("asset ", Quote(asset_id(node)), ": type ", def.name,
                    " declares no property ", Quote(name), hint, Suggest(name, PropertyNames(def))));
}

absl::StatusOr<int> GraphBuilder::ResolveTypeProperty(TypeId type,
                                                  std::string_view name) {
  if (no_schema_) return SpentError();
  if (type < 0 || static_cast<size_t>(type) >= schema_->types().size() ||
      !schema_->type(type).is_object()) {
    return Err("graph.unknown-type", StrCat("invalid asset type index ", type));
  }
  const TypeDef& def = schema_->type(type);
  const int p = def.FindProperty(name);
  if (p >= 0 && name != "id") return p;
  if (p >= 0) {
    return Err("graph.invalid", StrCat("type ", def.name,
                                       ": property \"id\" is the asset's id and cannot be set"));
  }
  if (options_.drop_unknown_properties) {
    ++dropped_properties_;
    ++dropped_.properties[StrCat(def.name, ".", name)];
    return -1;
  }
  return Err("graph.unknown-property",
             StrCat("type ", def.name, " declares no property ", Quote(name), Suggest(name, PropertyNames(def))));
}

// ---- setters ---------------------------------------------------------------

absl::StatusOr<GraphBuilder::PropertyTarget> GraphBuilder::NodeTarget(
    NodeId node, int prop) {
  if (spent_) return SpentError();
  Graph& g = *graph_;
  if (node >= g.node_type_.size()) {
    return absl::InvalidArgumentError(StrCat("no asset #", node));
  }
  const TypeId t = g.node_type_[node];
  Table& table = g.tables_[t];
  if (prop < 0 || static_cast<size_t>(prop) >= table.columns.size()) {
    return absl::InvalidArgumentError(
        StrCat("asset ", Quote(g.ids_.Get(node)),
                     ": invalid property index ", prop));
  }
  if (table.columns[prop].id_dict != nullptr) {
    return absl::InvalidArgumentError(StrCat(
        "asset ", Quote(g.ids_.Get(node)),
        ": property \"id\" is the asset's id and cannot be set"));
  }
  PropertyTarget pt;
  pt.col = &table.columns[prop];
  pt.state = &table_state_[t][prop];
  pt.def = pt.col->def;
  pt.row = g.node_row_[node];
  pt.who = node;
  pt.describe = [](const GraphBuilder* b, uint64_t n) {
    return StrCat("asset ",
                        Quote(b->graph_->ids_.Get(static_cast<NodeId>(n))));
  };
  return pt;
}

absl::StatusOr<GraphBuilder::PropertyTarget> GraphBuilder::EdgeTarget(
    EdgeRef edge, int prop) {
  if (spent_) return SpentError();
  Graph& g = *graph_;
  if (edge.rel_type < 0 ||
      static_cast<size_t>(edge.rel_type) >= g.edge_tables_.size() ||
      edge.index >= g.edge_tables_[edge.rel_type].num_edges()) {
    return absl::InvalidArgumentError("invalid edge reference");
  }
  EdgeTable& et = g.edge_tables_[edge.rel_type];
  PropertyTarget pt;
  pt.who = (static_cast<uint64_t>(edge.rel_type) << 32) | edge.index;
  pt.describe = [](const GraphBuilder* b, uint64_t w) {
    const int rel = static_cast<int>(w >> 32);
    const EdgeTable& t = b->graph_->edge_tables_[rel];
    const uint32_t i = static_cast<uint32_t>(w);
    auto end = [&](uint32_t ref) {
      return Quote((ref & kPendingBit)
                       ? b->pending_ids_.Get(ref & ~kPendingBit)
                       : b->graph_->ids_.Get(ref));
    };
    return StrCat("relationship ", end(t.from[i]), " -[",
                        b->schema_->relationship_types()[rel], "]-> ",
                        end(t.to[i]));
  };
  if (prop < 0 || static_cast<size_t>(prop) >= et.columns.size()) {
    return absl::InvalidArgumentError(StrCat(
        pt.Who(this), ": invalid edge property index ", prop));
  }
  pt.col = &et.columns[prop];
  pt.state = &edge_state_[edge.rel_type][prop];
  pt.def = pt.col->def;
  pt.row = edge.index;
  return pt;
}

namespace {

// Makes room for row `row` in a scalar column (new slots null).
void EnsureScalarRow(Column& c, size_t row) {
  if (row < c.valid.size()) return;
  const size_t n = row + 1;
  c.valid.Resize(n);
  switch (c.kind) {
    case ScalarKind::kBoolean: c.bools.resize(n); break;
    case ScalarKind::kInt: c.ints.resize(n); break;
    case ScalarKind::kFloat: c.floats.resize(n); break;
    case ScalarKind::kDateTime:
      c.instants.resize(n);
      c.codes.resize(n);
      break;
    default: c.codes.resize(n); break;
  }
}

}  // namespace

// `value` points at a bool, int64_t, double or string_view by `given`.
absl::Status GraphBuilder::SetValue(const PropertyTarget& t, int prop,
                                    const void* value, ScalarKind given,
                                    bool is_null) {
  const PropertyDef& d = *t.def;
  Column& c = *t.col;
  if (is_null) {
    if (c.is_list) {
      ColumnState& st = *t.state;
      if (t.row < st.list_len.size()) {
        if (st.list_len[t.row] != 0) st.in_order = false;  // garbage left
        st.list_len[t.row] = 0;
      }
      if (t.row < c.valid.size()) c.valid.Clear(t.row);
    } else if (t.row < c.valid.size()) {
      c.valid.Clear(t.row);
    }
    return absl::OkStatus();
  }
  if (d.is_list || !Fits(d.kind, given)) {
    return Err("graph.type-mismatch",
        StrCat(t.Who(this), ": property ", Quote(d.name), " is ",
                     DeclaredType(d), ", got ", KindName(given)));
  }
  // Convert and check before touching the column.
  uint32_t code = 0;
  Instant instant;
  if (given == ScalarKind::kString) {
    const std::string_view s = *static_cast<const std::string_view*>(value);
    if (d.kind == ScalarKind::kEnum) {
      if (d.enum_index < 0 ||
          schema_->enums()[d.enum_index].Find(s) < 0) {
        return Err("graph.invalid-value", StrCat(
            t.Who(this), ": property ", Quote(d.name), ": ", Quote(s),
            " is not a value of enum ", d.type_name));
      }
    } else if (d.kind == ScalarKind::kDateTime) {
      std::optional<Instant> parsed = ParseInstant(s);
      if (!parsed) {
        return Err("graph.invalid-value",
            StrCat(t.Who(this), ": property ", Quote(d.name), ": ",
                         Quote(s), " is not a valid ISO-8601 DateTime"));
      }
      instant = *parsed;
    }
    if (Access::TextBytes(*c.owned_dict) + s.size() > UINT32_MAX) {
      return absl::ResourceExhaustedError(
          StrCat("property ", Quote(d.name), ": too much text"));
    }
    code = Access::Intern(*c.owned_dict, s);
  }
  EnsureScalarRow(c, t.row);
  c.valid.Set(t.row);
  switch (d.kind) {
    case ScalarKind::kBoolean:
      c.bools.mutable_at(t.row) = *static_cast<const bool*>(value) ? 1 : 0;
      break;
    case ScalarKind::kInt:
      c.ints.mutable_at(t.row) = *static_cast<const int64_t*>(value);
      break;
    case ScalarKind::kFloat:
      c.floats.mutable_at(t.row) = given == ScalarKind::kInt
                            ? static_cast<double>(
                                  *static_cast<const int64_t*>(value))
                            : *static_cast<const double*>(value);
      break;
    case ScalarKind::kDateTime:
      c.instants.mutable_at(t.row) = instant;
      c.codes.mutable_at(t.row) = code;
      break;
    default: c.codes.mutable_at(t.row) = code; break;
  }
  return absl::OkStatus();
}

// `values` points at n std::optional<bool|int64_t|double|string_view>.
absl::Status GraphBuilder::SetList(const PropertyTarget& t, int prop,
                                   const void* values, size_t n,
                                   ScalarKind given) {
  const PropertyDef& d = *t.def;
  Column& c = *t.col;
  if (!d.is_list || !Fits(d.kind, given)) {
    return Err("graph.type-mismatch", StrCat(
        t.Who(this), ": property ", Quote(d.name), " is ", DeclaredType(d),
        ", got [", KindName(given), "]"));
  }
  // Validate every element first (nulls, enum values, DateTime text).
  std::vector<Instant> instants;
  for (size_t i = 0; i < n; ++i) {
    bool has;
    std::string_view s;
    switch (given) {
      case ScalarKind::kBoolean:
        has = static_cast<const std::optional<bool>*>(values)[i].has_value();
        break;
      case ScalarKind::kInt:
        has =
            static_cast<const std::optional<int64_t>*>(values)[i].has_value();
        break;
      case ScalarKind::kFloat:
        has = static_cast<const std::optional<double>*>(values)[i].has_value();
        break;
      default: {
        const auto& o =
            static_cast<const std::optional<std::string_view>*>(values)[i];
        has = o.has_value();
        if (has) s = *o;
        break;
      }
    }
    if (!has) {
      if (d.element_non_null) {
        return Err("graph.type-mismatch", StrCat(
            t.Who(this), ": property ", Quote(d.name), " is ",
            DeclaredType(d), ", got a null element at index ", i));
      }
      continue;
    }
    if (given == ScalarKind::kString) {
      if (d.kind == ScalarKind::kEnum &&
          (d.enum_index < 0 || schema_->enums()[d.enum_index].Find(s) < 0)) {
        return Err("graph.invalid-value", StrCat(
            t.Who(this), ": property ", Quote(d.name), "[", i, "]: ",
            Quote(s), " is not a value of enum ", d.type_name));
      }
      if (d.kind == ScalarKind::kDateTime) {
        std::optional<Instant> parsed = ParseInstant(s);
        if (!parsed) {
          return Err("graph.invalid-value", StrCat(
              t.Who(this), ": property ", Quote(d.name), "[", i, "]: ",
              Quote(s), " is not a valid ISO-8601 DateTime"));
        }
        instants.push_back(*parsed);
      }
    }
  }
  size_t current = c.element_valid.size();
  if (current + n > UINT32_MAX) {
    return absl::ResourceExhaustedError(
        StrCat("property ", Quote(d.name), ": too many list elements"));
  }
  // Append the elements.
  size_t inst = 0;
  for (size_t i = 0; i < n; ++i) {
    switch (given) {
      case ScalarKind::kBoolean: {
        const auto& o = static_cast<const std::optional<bool>*>(values)[i];
        Access::PushBack(c.element_valid, o.has_value());
        c.bools.push_back(o.value_or(false) ? 1 : 0);
        break;
      }
      case ScalarKind::kInt: {
        const auto& o = static_cast<const std::optional<int64_t>*>(values)[i];
        Access::PushBack(c.element_valid, o.has_value());
        if (d.kind == ScalarKind::kFloat) {
          c.floats.push_back(static_cast<double>(o.value_or(0)));
        } else {
          c.ints.push_back(o.value_or(0));
        }
        break;
      }
      case ScalarKind::kFloat: {
        const auto& o = static_cast<const std::optional<double>*>(values)[i];
        Access::PushBack(c.element_valid, o.has_value());
        c.floats.push_back(o.value_or(0.0));
        break;
      }
      default: {
        const auto& o =
            static_cast<const std::optional<std::string_view>*>(values)[i];
        Access::PushBack(c.element_valid, o.has_value());
        c.codes.push_back(o.has_value() ? Access::Intern(*c.owned_dict, *o) : 0);
        if (d.kind == ScalarKind::kDateTime) {
          c.instants.push_back(o.has_value() ? instants[inst++] : Instant{});
        }
        break;
      }
    }
  }
  ColumnState& st = *t.state;
  if (t.row >= st.list_len.size()) {
    st.list_start.resize(t.row + 1, 0);
    st.list_len.resize(t.row + 1, 0);
    c.valid.Resize(t.row + 1);
  }
  if (static_cast<int64_t>(t.row) <= st.last_list_row) st.in_order = false;
  st.last_list_row = std::max<int64_t>(st.last_list_row, t.row);
  st.list_start[t.row] = static_cast<uint32_t>(current);
  st.list_len[t.row] = static_cast<uint32_t>(n);
  c.valid.Set(t.row);
  return absl::OkStatus();
}

absl::Status GraphBuilder::SetNull(NodeId node, int prop) {
  if (prop == -1 && options_.drop_unknown_properties) return absl::OkStatus();  // dropped
  absl::StatusOr<PropertyTarget> t = NodeTarget(node, prop);
  if (!t.ok()) return t.status();
  return SetValue(*t, prop, nullptr, ScalarKind::kString, true);
}
absl::Status GraphBuilder::SetBool(NodeId node, int prop, bool value) {
  if (prop == -1 && options_.drop_unknown_properties) return absl::OkStatus();  // dropped
  absl::StatusOr<PropertyTarget> t = NodeTarget(node, prop);
  if (!t.ok()) return t.status();
  return SetValue(*t, prop, &value, ScalarKind::kBoolean, false);
}
absl::Status GraphBuilder::SetInt(NodeId node, int prop, int64_t value) {
  if (prop == -1 && options_.drop_unknown_properties) return absl::OkStatus();  // dropped
  absl::StatusOr<PropertyTarget> t = NodeTarget(node, prop);
  if (!t.ok()) return t.status();
  return SetValue(*t, prop, &value, ScalarKind::kInt, false);
}
absl::Status GraphBuilder::SetFloat(NodeId node, int prop, double value) {
  if (prop == -1 && options_.drop_unknown_properties) return absl::OkStatus();  // dropped
  absl::StatusOr<PropertyTarget> t = NodeTarget(node, prop);
  if (!t.ok()) return t.status();
  return SetValue(*t, prop, &value, ScalarKind::kFloat, false);
}
absl::Status GraphBuilder::SetString(NodeId node, int prop,
                                     std::string_view value) {
  if (prop == -1 && options_.drop_unknown_properties) return absl::OkStatus();  // dropped
  absl::StatusOr<PropertyTarget> t = NodeTarget(node, prop);
  if (!t.ok()) return t.status();
  return SetValue(*t, prop, &value, ScalarKind::kString, false);
}
absl::Status GraphBuilder::SetBoolList(
    NodeId node, int prop, std::span<const std::optional<bool>> values) {
  if (prop == -1 && options_.drop_unknown_properties) return absl::OkStatus();  // dropped
  absl::StatusOr<PropertyTarget> t = NodeTarget(node, prop);
  if (!t.ok()) return t.status();
  return SetList(*t, prop, values.data(), values.size(),
                 ScalarKind::kBoolean);
}
absl::Status GraphBuilder::SetIntList(
    NodeId node, int prop, std::span<const std::optional<int64_t>> values) {
  if (prop == -1 && options_.drop_unknown_properties) return absl::OkStatus();  // dropped
  absl::StatusOr<PropertyTarget> t = NodeTarget(node, prop);
  if (!t.ok()) return t.status();
  return SetList(*t, prop, values.data(), values.size(), ScalarKind::kInt);
}
absl::Status GraphBuilder::SetFloatList(
    NodeId node, int prop, std::span<const std::optional<double>> values) {
  if (prop == -1 && options_.drop_unknown_properties) return absl::OkStatus();  // dropped
  absl::StatusOr<PropertyTarget> t = NodeTarget(node, prop);
  if (!t.ok()) return t.status();
  return SetList(*t, prop, values.data(), values.size(), ScalarKind::kFloat);
}
absl::Status GraphBuilder::SetStringList(
    NodeId node, int prop,
    std::span<const std::optional<std::string_view>> values) {
  if (prop == -1 && options_.drop_unknown_properties) return absl::OkStatus();  // dropped
  absl::StatusOr<PropertyTarget> t = NodeTarget(node, prop);
  if (!t.ok()) return t.status();
  return SetList(*t, prop, values.data(), values.size(), ScalarKind::kString);
}

absl::Status GraphBuilder::SetBoolList(NodeId node, int prop,
                                       std::span<const bool> values) {
  std::vector<std::optional<bool>> v = Optionals(values);
  return SetBoolList(node, prop, std::span<const std::optional<bool>>(v));
}
absl::Status GraphBuilder::SetIntList(NodeId node, int prop,
                                      std::span<const int64_t> values) {
  std::vector<std::optional<int64_t>> v = Optionals(values);
  return SetIntList(node, prop, std::span<const std::optional<int64_t>>(v));
}
absl::Status GraphBuilder::SetFloatList(NodeId node, int prop,
                                        std::span<const double> values) {
  std::vector<std::optional<double>> v = Optionals(values);
  return SetFloatList(node, prop, std::span<const std::optional<double>>(v));
}
absl::Status GraphBuilder::SetStringList(NodeId node, int prop,
                                         std::span<const std::string_view> values) {
  std::vector<std::optional<std::string_view>> v = Optionals(values);
  return SetStringList(node, prop, std::span<const std::optional<std::string_view>>(v));
}
absl::Status GraphBuilder::SetStringList(NodeId node, int prop,
                                         std::span<const std::string> values) {
  std::vector<std::optional<std::string_view>> v(values.begin(), values.end());
  return SetStringList(node, prop, std::span<const std::optional<std::string_view>>(v));
}

// Setters by name: resolve, then set by index (nothing for a dropped name).
#define VIGIL_SET_BY_NAME(Setter, ...)                            \
  absl::StatusOr<int> p = ResolveProperty(node, name);            \
  if (!p.ok()) return p.status();                                 \
  if (*p < 0) return absl::OkStatus();                            \
  return Setter(node, *p __VA_OPT__(,) __VA_ARGS__)

absl::Status GraphBuilder::SetNull(NodeId node, std::string_view name) {
  VIGIL_SET_BY_NAME(SetNull);
}
absl::Status GraphBuilder::SetBool(NodeId node, std::string_view name, bool value) {
  VIGIL_SET_BY_NAME(SetBool, value);
}
absl::Status GraphBuilder::SetInt(NodeId node, std::string_view name, int64_t value) {
  VIGIL_SET_BY_NAME(SetInt, value);
}
absl::Status GraphBuilder::SetFloat(NodeId node, std::string_view name, double value) {
  VIGIL_SET_BY_NAME(SetFloat, value);
}
absl::Status GraphBuilder::SetString(NodeId node, std::string_view name,
                                     std::string_view value) {
  VIGIL_SET_BY_NAME(SetString, value);
}
absl::Status GraphBuilder::SetBoolList(NodeId node, std::string_view name,
                                       std::span<const std::optional<bool>> values) {
  VIGIL_SET_BY_NAME(SetBoolList, values);
}
absl::Status GraphBuilder::SetIntList(NodeId node, std::string_view name,
                                      std::span<const std::optional<int64_t>> values) {
  VIGIL_SET_BY_NAME(SetIntList, values);
}
absl::Status GraphBuilder::SetFloatList(NodeId node, std::string_view name,
                                        std::span<const std::optional<double>> values) {
  VIGIL_SET_BY_NAME(SetFloatList, values);
}
absl::Status GraphBuilder::SetStringList(
    NodeId node, std::string_view name,
    std::span<const std::optional<std::string_view>> values) {
  VIGIL_SET_BY_NAME(SetStringList, values);
}
absl::Status GraphBuilder::SetBoolList(NodeId node, std::string_view name,
                                       std::span<const bool> values) {
  VIGIL_SET_BY_NAME(SetBoolList, values);
}
absl::Status GraphBuilder::SetIntList(NodeId node, std::string_view name,
                                      std::span<const int64_t> values) {
  VIGIL_SET_BY_NAME(SetIntList, values);
}
absl::Status GraphBuilder::SetFloatList(NodeId node, std::string_view name,
                                        std::span<const double> values) {
  VIGIL_SET_BY_NAME(SetFloatList, values);
}
absl::Status GraphBuilder::SetStringList(NodeId node, std::string_view name,
                                         std::span<const std::string> values) {
  VIGIL_SET_BY_NAME(SetStringList, values);
}
absl::Status GraphBuilder::SetStringList(NodeId node, std::string_view name,
                                         std::span<const std::string_view> values) {
  VIGIL_SET_BY_NAME(SetStringList, values);
}
#undef VIGIL_SET_BY_NAME

// ---- edges -----------------------------------------------------------------

std::string GraphBuilder::EdgeName(size_t seq) const {
  if (edge_namer_) return edge_namer_(seq);
  return StrCat("relationship #", seq);
}

absl::Status GraphBuilder::CheckEdgeTypes(NodeId from, int rel, NodeId to,
                                          const std::string& name) const {
  const Graph& g = *graph_;
  const TypeId a = g.node_type_[from], b = g.node_type_[to];
  if (Allowed(rel, a, b)) return absl::OkStatus();
  return Err("graph.edge-type", StrCat(
      name, " (", Quote(g.ids_.Get(from)), " -[",
      schema_->relationship_types()[rel], "]-> ", Quote(g.ids_.Get(to)),
      "): no @relationship of type ", schema_->relationship_types()[rel],
      " joins ", schema_->type(a).name, " to ", schema_->type(b).name));
}

absl::StatusOr<EdgeRef> GraphBuilder::AddEdge(std::string_view from_id,
                                              std::string_view rel_type,
                                              std::string_view to_id) {
  if (spent_) return SpentError();
  const int rel = schema_->FindRelationshipType(rel_type);
  if (rel < 0) {
    return Err("graph.unknown-relationship",
               StrCat("relationship ", Quote(from_id), " -[", rel_type, "]-> ",
                      Quote(to_id), ": no @relationship declares type ",
                      Quote(rel_type), Suggest(rel_type, schema_->relationship_types())));
  }
  Graph& g = *graph_;
  EdgeTable& et = g.edge_tables_[rel];
  if (et.num_edges() >= UINT32_MAX - 1) {
    return absl::ResourceExhaustedError("too many edges for one graph");
  }
  std::optional<NodeId> from = g.ids_.Find(from_id);
  std::optional<NodeId> to = g.ids_.Find(to_id);
  if (from && to) {
    absl::Status s = CheckEdgeTypes(*from, rel, *to,
                                    std::string("relationship"));
    if (!s.ok()) return s;
  }
  auto ref = [&](std::optional<NodeId> n, std::string_view id) -> uint32_t {
    if (n) return *n;
    return Access::Intern(pending_ids_, id) | kPendingBit;
  };
  if ((!from || !to) && Access::TextBytes(pending_ids_) + from_id.size() +
                                to_id.size() > UINT32_MAX) {
    return absl::ResourceExhaustedError("too many unresolved edge ends");
  }
  EdgeRef e{rel, static_cast<EdgeId>(et.num_edges())};
  et.from.push_back(ref(from, from_id));
  et.to.push_back(ref(to, to_id));
  if (!from || !to) pending_edges_.push_back({rel, e.index, num_edges_added_});
  ++num_edges_added_;
  return e;
}

absl::StatusOr<EdgeRef> GraphBuilder::AddEdge(NodeId from, int rel, NodeId to) {
  if (spent_) return SpentError();
  Graph& g = *graph_;
  if (rel < 0 || static_cast<size_t>(rel) >= g.edge_tables_.size()) {
    return absl::InvalidArgumentError(StrCat("invalid relationship type index ", rel));
  }
  if (from >= g.node_type_.size() || to >= g.node_type_.size()) {
    return absl::InvalidArgumentError("relationship between assets not added yet");
  }
  EdgeTable& et = g.edge_tables_[rel];
  if (et.num_edges() >= UINT32_MAX - 1) {
    return absl::ResourceExhaustedError("too many edges for one graph");
  }
  absl::Status s = CheckEdgeTypes(from, rel, to, std::string("relationship"));
  if (!s.ok()) return s;
  EdgeRef e{rel, static_cast<EdgeId>(et.num_edges())};
  et.from.push_back(from);
  et.to.push_back(to);
  ++num_edges_added_;
  return e;
}

absl::StatusOr<int> GraphBuilder::ResolveEdgeProperty(EdgeRef edge,
                                                      std::string_view name) {
  if (no_schema_) return SpentError();
  if (edge.rel_type < 0 ||
      static_cast<size_t>(edge.rel_type) >= graph_->edge_tables_.size() ||
      edge.index >= graph_->edge_tables_[edge.rel_type].num_edges()) {
    return absl::InvalidArgumentError("invalid edge reference");
  }
  const EdgeTable& et = graph_->edge_tables_[edge.rel_type];
  int p = -1;
  if (et.properties_type != kNoType) {
    p = schema_->type(et.properties_type).FindProperty(name);
  }
  if (p >= 0) return p;
  if (options_.drop_unknown_properties) {
    ++dropped_properties_;
    ++dropped_.properties[StrCat(schema_->relationship_types()[edge.rel_type], ".", name)];
    return -1;
  }
  std::string what =
      et.properties_type == kNoType
          ? StrCat("relationship type ",
                         schema_->relationship_types()[edge.rel_type],
                         " declares no properties, got ", Quote(name))
          : StrCat(schema_->type(et.properties_type).name,
                         " declares no property ", Quote(name));
  // Describe the edge by its ends.
  auto end = [&](uint32_t r) {
    return Quote((r & kPendingBit) ? pending_ids_.Get(r & ~kPendingBit)
                                   : graph_->ids_.Get(r));
  };
  return Err("graph.unknown-property", StrCat(
      "relationship ", end(et.from[edge.index]), " -[",
      schema_->relationship_types()[edge.rel_type], "]-> ",
      end(et.to[edge.index]), ": ", what));
}

absl::Status GraphBuilder::SetEdgeNull(EdgeRef edge, int prop) {
  absl::StatusOr<PropertyTarget> t = EdgeTarget(edge, prop);
  if (!t.ok()) return t.status();
  return SetValue(*t, prop, nullptr, ScalarKind::kString, true);
}
absl::Status GraphBuilder::SetEdgeBool(EdgeRef edge, int prop, bool value) {
  absl::StatusOr<PropertyTarget> t = EdgeTarget(edge, prop);
  if (!t.ok()) return t.status();
  return SetValue(*t, prop, &value, ScalarKind::kBoolean, false);
}
absl::Status GraphBuilder::SetEdgeInt(EdgeRef edge, int prop, int64_t value) {
  absl::StatusOr<PropertyTarget> t = EdgeTarget(edge, prop);
  if (!t.ok()) return t.status();
  return SetValue(*t, prop, &value, ScalarKind::kInt, false);
}
absl::Status GraphBuilder::SetEdgeFloat(EdgeRef edge, int prop, double value) {
  absl::StatusOr<PropertyTarget> t = EdgeTarget(edge, prop);
  if (!t.ok()) return t.status();
  return SetValue(*t, prop, &value, ScalarKind::kFloat, false);
}
absl::Status GraphBuilder::SetEdgeString(EdgeRef edge, int prop,
                                         std::string_view value) {
  absl::StatusOr<PropertyTarget> t = EdgeTarget(edge, prop);
  if (!t.ok()) return t.status();
  return SetValue(*t, prop, &value, ScalarKind::kString, false);
}
absl::Status GraphBuilder::SetEdgeBoolList(
    EdgeRef edge, int prop, std::span<const std::optional<bool>> values) {
  absl::StatusOr<PropertyTarget> t = EdgeTarget(edge, prop);
  if (!t.ok()) return t.status();
  return SetList(*t, prop, values.data(), values.size(),
                 ScalarKind::kBoolean);
}
absl::Status GraphBuilder::SetEdgeIntList(
    EdgeRef edge, int prop, std::span<const std::optional<int64_t>> values) {
  absl::StatusOr<PropertyTarget> t = EdgeTarget(edge, prop);
  if (!t.ok()) return t.status();
  return SetList(*t, prop, values.data(), values.size(), ScalarKind::kInt);
}
absl::Status GraphBuilder::SetEdgeFloatList(
    EdgeRef edge, int prop, std::span<const std::optional<double>> values) {
  absl::StatusOr<PropertyTarget> t = EdgeTarget(edge, prop);
  if (!t.ok()) return t.status();
  return SetList(*t, prop, values.data(), values.size(), ScalarKind::kFloat);
}
absl::Status GraphBuilder::SetEdgeStringList(
    EdgeRef edge, int prop,
    std::span<const std::optional<std::string_view>> values) {
  absl::StatusOr<PropertyTarget> t = EdgeTarget(edge, prop);
  if (!t.ok()) return t.status();
  return SetList(*t, prop, values.data(), values.size(), ScalarKind::kString);
}

// ---- Finish ----------------------------------------------------------------

namespace {

// Pads a column to `rows` rows, builds list offsets, drops spare capacity.
void FinishColumn(Column& c, size_t rows, std::vector<uint32_t>* list_start,
                  std::vector<uint32_t>* list_len, bool in_order) {
  c.valid.Resize(rows);
  if (!c.is_list) {
    switch (c.kind) {
      case ScalarKind::kBoolean: c.bools.resize(rows); break;
      case ScalarKind::kInt: c.ints.resize(rows); break;
      case ScalarKind::kFloat: c.floats.resize(rows); break;
      case ScalarKind::kDateTime:
        c.instants.resize(rows);
        c.codes.resize(rows);
        break;
      default: c.codes.resize(rows); break;
    }
  } else {
    list_start->resize(rows, 0);
    list_len->resize(rows, 0);
    c.list_offsets.assign(rows + 1, 0);
    for (size_t r = 0; r < rows; ++r) {
      const uint32_t len = c.valid.Get(r) ? (*list_len)[r] : 0;
      c.list_offsets.mutable_at(r + 1) = c.list_offsets[r] + len;
    }
    if (!in_order) {
      // Gather the live ranges in row order.
      const size_t total = c.list_offsets[rows];
      Bitmap ev(total);
      std::vector<uint8_t> bools;
      std::vector<int64_t> ints;
      std::vector<Instant> instants;
      std::vector<double> floats;
      std::vector<uint32_t> codes;
      for (size_t r = 0; r < rows; ++r) {
        const uint32_t len = c.list_offsets[r + 1] - c.list_offsets[r];
        const uint32_t s = (*list_start)[r];
        for (uint32_t i = 0; i < len; ++i) {
          ev.Assign(c.list_offsets[r] + i, c.element_valid.Get(s + i));
          if (!c.bools.empty()) bools.push_back(c.bools[s + i]);
          if (!c.ints.empty()) ints.push_back(c.ints[s + i]);
          if (!c.instants.empty()) instants.push_back(c.instants[s + i]);
          if (!c.floats.empty()) floats.push_back(c.floats[s + i]);
          if (!c.codes.empty()) codes.push_back(c.codes[s + i]);
        }
      }
      c.element_valid = std::move(ev);
      c.bools = std::move(bools);
      c.ints = std::move(ints);
      c.instants = std::move(instants);
      c.floats = std::move(floats);
      c.codes = std::move(codes);
    }
    std::vector<uint32_t>().swap(*list_start);
    std::vector<uint32_t>().swap(*list_len);
  }
  ShrinkVec(c.bools);
  ShrinkVec(c.ints);
  ShrinkVec(c.instants);
  ShrinkVec(c.floats);
  ShrinkVec(c.codes);
  ShrinkVec(c.list_offsets);
  ShrinkVec(Access::Words(c.valid));
  ShrinkVec(Access::Words(c.element_valid));
  if (c.owned_dict) Access::Freeze(*c.owned_dict);
}

// Removes the edges marked in `drop` from an edge table being built, with
// their property values (the rows after them move up; list columns are
// gathered by Finish, so only their ranges move).
}  // namespace

void GraphBuilder::DropEdges(EdgeTable& et, std::vector<ColumnState>& states,
                             const std::vector<bool>& drop) {
  const size_t n = et.num_edges();
  for (size_t p = 0; p < et.columns.size(); ++p) {
    Column& c = et.columns[p];
    ColumnState& st = states[p];
    if (n == 0) break;
    if (c.is_list) {
      st.list_start.resize(n, 0);
      st.list_len.resize(n, 0);
      c.valid.Resize(n);
      st.in_order = false;
    } else {
      EnsureScalarRow(c, n - 1);
    }
  }
  size_t w = 0;
  for (size_t r = 0; r < n; ++r) {
    if (r < drop.size() && drop[r]) continue;
    if (w != r) {
      et.from.mutable_at(w) = et.from[r];
      et.to.mutable_at(w) = et.to[r];
      for (size_t p = 0; p < et.columns.size(); ++p) {
        Column& c = et.columns[p];
        c.valid.Assign(w, c.valid.Get(r));
        if (c.is_list) {
          states[p].list_start[w] = states[p].list_start[r];
          states[p].list_len[w] = states[p].list_len[r];
          continue;
        }
        if (!c.bools.empty()) c.bools.mutable_at(w) = c.bools[r];
        if (!c.ints.empty()) c.ints.mutable_at(w) = c.ints[r];
        if (!c.floats.empty()) c.floats.mutable_at(w) = c.floats[r];
        if (!c.instants.empty()) c.instants.mutable_at(w) = c.instants[r];
        if (!c.codes.empty()) c.codes.mutable_at(w) = c.codes[r];
      }
    }
    ++w;
  }
  et.from.resize(w);
  et.to.resize(w);
  for (size_t p = 0; p < et.columns.size(); ++p) {
    Column& c = et.columns[p];
    c.valid.Resize(w);
    if (c.is_list) {
      states[p].list_start.resize(w);
      states[p].list_len.resize(w);
      continue;
    }
    if (!c.bools.empty()) c.bools.resize(w);
    if (!c.ints.empty()) c.ints.resize(w);
    if (!c.floats.empty()) c.floats.resize(w);
    if (!c.instants.empty()) c.instants.resize(w);
    if (!c.codes.empty()) c.codes.resize(w);
  }
}

absl::StatusOr<std::shared_ptr<const Graph>> GraphBuilder::Finish(
    Diagnostics* diagnostics) && {
  if (spent_) return SpentError();
  spent_ = true;
  std::shared_ptr<Graph> g = std::move(graph_);
  graph_ = std::make_shared<Graph>();  // keeps accessors safe afterwards
  graph_->schema_ = schema_;
  const Schema& s = *schema_;
  // The message shows the first kMaxErrors errors; `diagnostics` receives
  // the first kMaxFinishDiagnostics; `total` counts them all.
  std::vector<std::string> errors;
  std::string first_code;
  size_t total = 0;
  auto error = [&](std::string msg, std::string_view code = "graph.invalid") {
    ++total;
    if (first_code.empty()) first_code = std::string(code);
    if (diagnostics != nullptr && total <= kMaxFinishDiagnostics) {
      Diagnostic d;
      d.severity = Severity::kError;
      d.code = std::string(code);
      d.message = msg;
      diagnostics->push_back(std::move(d));
    }
    if (errors.size() < kMaxErrors) errors.push_back(std::move(msg));
  };
  // Whether another error's text is still wanted (else only counted).
  auto wanted = [&] {
    return errors.size() < kMaxErrors ||
           (diagnostics != nullptr && total < kMaxFinishDiagnostics);
  };

  // 1. Edges whose ends were not known when added. Dangling ones are
  // errors, or with drop_dangling_edges left out (dropped[rel][index]).
  std::vector<std::vector<bool>> drop;
  for (const PendingEdge& pe : pending_edges_) {
    EdgeTable& et = g->edge_tables_[pe.rel_type];
    bool ok = true;
    for (uint32_t* end : {&et.from.mutable_at(pe.index), &et.to.mutable_at(pe.index)}) {
      if (!(*end & kPendingBit)) continue;
      const std::string_view id = pending_ids_.Get(*end & ~kPendingBit);
      std::optional<NodeId> n = g->ids_.Find(id);
      if (n) {
        *end = *n;
      } else if (options_.drop_dangling_edges) {
        ok = false;
      } else {
        ok = false;
        error(StrCat(EdgeName(pe.seq), ": ",
                           end == &et.from[pe.index] ? "from" : "to",
                           " names no asset: ", Quote(id)),
              "graph.dangling-edge");
      }
    }
    if (!ok && options_.drop_dangling_edges) {
      if (drop.empty()) drop.resize(g->edge_tables_.size());
      std::vector<bool>& d = drop[pe.rel_type];
      if (d.empty()) d.resize(et.num_edges());
      d[pe.index] = true;
      ++dropped_.edges[s.relationship_types()[pe.rel_type]];
      continue;
    }
    if (!ok) continue;
    const NodeId a = et.from[pe.index], b = et.to[pe.index];
    if (!Allowed(pe.rel_type, g->node_type_[a], g->node_type_[b])) {
      error(StrCat(
          EdgeName(pe.seq), " (", Quote(g->ids_.Get(a)), " -[",
          s.relationship_types()[pe.rel_type], "]-> ", Quote(g->ids_.Get(b)),
          "): no @relationship of type ", s.relationship_types()[pe.rel_type],
          " joins ", s.type(g->node_type_[a]).name, " to ",
          s.type(g->node_type_[b]).name), "graph.edge-type");
    }
  }
  std::vector<PendingEdge>().swap(pending_edges_);
  pending_ids_ = StringDictionary();
  for (size_t r = 0; r < drop.size(); ++r) {
    if (!drop[r].empty()) DropEdges(g->edge_tables_[r], edge_state_[r], drop[r]);
  }

  // 2. Non-null properties.
  auto check_non_null = [&](const std::vector<Column>& cols, size_t rows,
                            auto&& who) {
    for (const Column& c : cols) {
      if (!c.def->non_null || c.id_dict != nullptr) continue;
      size_t set = 0;
      const auto& w = c.valid.words();
      for (uint64_t x : w) set += static_cast<size_t>(std::popcount(x));
      if (set >= rows) continue;
      // Every missing value is counted; those past what is wanted
      // without naming them.
      size_t missing = rows - set;
      for (size_t r = 0; r < rows && missing > 0 && wanted(); ++r) {
        if (r >= c.valid.size() || !c.valid.Get(r)) {
          error(StrCat(who(r), ": non-null property ",
                             Quote(c.def->name), " (", DeclaredType(*c.def),
                             ") is missing"), "graph.missing-property");
          --missing;
        }
      }
      if (missing > 0) {
        if (first_code.empty()) first_code = "graph.missing-property";
        total += missing;
      }
    }
  };
  for (const Table& t : g->tables_) {
    check_non_null(t.columns, t.num_rows(), [&](size_t r) {
      return StrCat("asset ", Quote(g->ids_.Get(t.nodes[r])));
    });
  }
  for (const EdgeTable& et : g->edge_tables_) {
    check_non_null(et.columns, et.num_edges(), [&](size_t r) {
      return StrCat("relationship ", Quote(g->ids_.Get(et.from[r])),
                          " -[", s.relationship_types()[et.rel_type], "]-> ",
                          Quote(g->ids_.Get(et.to[r])));
    });
  }
  // 2b. Collection facts: one per (account, region, service, command).
  g->collections_ = CollectionSet(std::move(collections_));
  {
    const auto& facts = g->collections_.facts();
    for (size_t i = 1; i < facts.size(); ++i) {
      const Collection& a = facts[i - 1];
      const Collection& b = facts[i];
      if (a.account == b.account && a.region == b.region && a.service == b.service &&
          a.command == b.command) {
        error(StrCat("collection ", Quote(b.scope()),
                     b.service.empty() ? std::string() : StrCat(" ", Quote(b.call())),
                     " is recorded more than once"));
      }
    }
  }
  if (!errors.empty()) {
    table_state_.clear();
    edge_state_.clear();
    g.reset();
    std::string msg = absl::StrJoin(errors, "\n");
    if (total > errors.size()) {
      StrAppend(&msg, "\n... and ", total - errors.size(), " more (", total, " errors)");
    } else if (total > 1) {
      StrAppend(&msg, "\n(", total, " errors)");
    }
    if (diagnostics != nullptr && total > kMaxFinishDiagnostics) {
      Diagnostic d;
      d.severity = Severity::kNote;
      d.code = first_code;
      d.message = StrCat("... and ", total - kMaxFinishDiagnostics, " more errors (", total,
                         " in all)");
      diagnostics->push_back(std::move(d));
    }
    return Err(first_code, std::move(msg));
  }

  // 3. Columns.
  for (size_t t = 0; t < g->tables_.size(); ++t) {
    Table& table = g->tables_[t];
    ShrinkVec(table.nodes);
    for (size_t p = 0; p < table.columns.size(); ++p) {
      Column& c = table.columns[p];
      if (c.id_dict != nullptr) {
        c.valid = Bitmap(table.num_rows(), true);
        c.codes = table.nodes;
        continue;
      }
      ColumnState& st = table_state_[t][p];
      FinishColumn(c, table.num_rows(), &st.list_start, &st.list_len,
                   st.in_order);
    }
  }
  for (size_t r = 0; r < g->edge_tables_.size(); ++r) {
    EdgeTable& et = g->edge_tables_[r];
    ShrinkVec(et.from);
    ShrinkVec(et.to);
    for (size_t p = 0; p < et.columns.size(); ++p) {
      ColumnState& st = edge_state_[r][p];
      FinishColumn(et.columns[p], et.num_edges(), &st.list_start,
                   &st.list_len, st.in_order);
    }
  }
  table_state_.clear();
  edge_state_.clear();
  ShrinkVec(g->node_type_);
  ShrinkVec(g->node_row_);
  Access::Freeze(g->ids_);

  // 4. CSR adjacency of every relationship field of every concrete type.
  for (TypeId t = 0; t < static_cast<TypeId>(s.types().size()); ++t) {
    const TypeDef& def = s.type(t);
    if (!def.is_object()) continue;
    const size_t rows = g->tables_[t].num_rows();
    std::vector<Adjacency>& adjs = g->adjacency_[t];
    adjs.resize(def.relationships.size());
    for (size_t f = 0; f < def.relationships.size(); ++f) {
      const RelationshipDef& rd = def.relationships[f];
      Adjacency& adj = adjs[f];
      adj.rel_type = rd.rel_type_index;
      adj.offsets.assign(rows + 1, 0);
      if (rd.rel_type_index < 0 || rd.target == kNoType) continue;
      const bool concrete_target = s.type(rd.target).is_object();
      if (concrete_target) adj.single_target_type = rd.target;
      std::vector<bool> fits(s.types().size());
      for (TypeId o : s.type(rd.target).concrete_types) fits[o] = true;
      const EdgeTable& et = g->edge_tables_[rd.rel_type_index];
      const bool out = rd.direction == Direction::kOut;
      const NodeId* src = out ? et.from.data() : et.to.data();
      const NodeId* dst = out ? et.to.data() : et.from.data();
      const size_t ne = et.num_edges();
      uint32_t* offsets = adj.offsets.mutable_data();
      for (size_t e = 0; e < ne; ++e) {
        if (g->node_type_[src[e]] == t && fits[g->node_type_[dst[e]]]) {
          ++offsets[g->node_row_[src[e]] + 1];
        }
      }
      for (size_t r = 0; r < rows; ++r) offsets[r + 1] += offsets[r];
      const size_t total = adj.offsets[rows];
      adj.target_rows.resize(total);
      adj.edges.resize(total);
      if (!concrete_target) adj.target_types.resize(total);
      std::vector<uint32_t> cursor(adj.offsets.begin(), adj.offsets.end() - 1);
      RowId* target_rows = adj.target_rows.mutable_data();
      EdgeId* edges = adj.edges.mutable_data();
      TypeId* target_types = concrete_target ? nullptr : adj.target_types.mutable_data();
      for (size_t e = 0; e < ne; ++e) {
        const NodeId a = src[e], b = dst[e];
        if (g->node_type_[a] != t || !fits[g->node_type_[b]]) continue;
        const uint32_t pos = cursor[g->node_row_[a]]++;
        target_rows[pos] = g->node_row_[b];
        edges[pos] = static_cast<EdgeId>(e);
        if (target_types != nullptr) target_types[pos] = g->node_type_[b];
      }
    }
  }
  return std::shared_ptr<const Graph>(std::move(g));
}

// ---- Merge ------------------------------------------------------------------

absl::Status GraphBuilder::Merge(GraphBuilder&& other) {
  if (spent_) return SpentError();
  if (other.spent_) return other.SpentError();
  if (&other == this) return absl::InvalidArgumentError("a GraphBuilder cannot merge itself");
  if (other.schema_ != schema_) {
    return absl::InvalidArgumentError("GraphBuilder::Merge: the builders have different schemas");
  }
  other.spent_ = true;
  const Graph& og = *other.graph_;
  // Assets, in other's order.
  std::vector<NodeId> node_of(og.node_type_.size());
  ReserveAssets(num_assets() + og.node_type_.size());
  for (NodeId n = 0; n < og.node_type_.size(); ++n) {
    absl::StatusOr<NodeId> added = AddAsset(og.ids_.Get(n), og.node_type_[n]);
    if (!added.ok()) return added.status();
    node_of[n] = *added;
  }
  // Copies the value of row `r` of other's column `oc` to `target`.
  auto copy_value = [&](const Column& oc, const ColumnState& ost, size_t r,
                        const PropertyTarget& target) -> absl::Status {
    if (r >= oc.valid.size() || !oc.valid.Get(r)) return absl::OkStatus();
    auto text = [&](uint32_t code) { return oc.owned_dict->Get(code); };
    if (!oc.is_list) {
      switch (oc.kind) {
        case ScalarKind::kBoolean: {
          const bool v = oc.bools[r] != 0;
          return SetValue(target, 0, &v, ScalarKind::kBoolean, false);
        }
        case ScalarKind::kInt:
          return SetValue(target, 0, &oc.ints[r], ScalarKind::kInt, false);
        case ScalarKind::kFloat:
          return SetValue(target, 0, &oc.floats[r], ScalarKind::kFloat, false);
        default: {
          const std::string_view v = text(oc.codes[r]);
          return SetValue(target, 0, &v, ScalarKind::kString, false);
        }
      }
    }
    if (r >= ost.list_len.size()) return absl::OkStatus();
    const size_t start = ost.list_start[r], len = ost.list_len[r];
    switch (oc.kind) {
      case ScalarKind::kBoolean: {
        std::vector<std::optional<bool>> v;
        for (size_t i = start; i < start + len; ++i) {
          v.push_back(oc.element_valid.Get(i) ? std::optional<bool>(oc.bools[i] != 0)
                                              : std::nullopt);
        }
        return SetList(target, 0, v.data(), v.size(), ScalarKind::kBoolean);
      }
      case ScalarKind::kInt: {
        std::vector<std::optional<int64_t>> v;
        for (size_t i = start; i < start + len; ++i) {
          v.push_back(oc.element_valid.Get(i) ? std::optional<int64_t>(oc.ints[i])
                                              : std::nullopt);
        }
        return SetList(target, 0, v.data(), v.size(), ScalarKind::kInt);
      }
      case ScalarKind::kFloat: {
        std::vector<std::optional<double>> v;
        for (size_t i = start; i < start + len; ++i) {
          v.push_back(oc.element_valid.Get(i) ? std::optional<double>(oc.floats[i])
                                              : std::nullopt);
        }
        return SetList(target, 0, v.data(), v.size(), ScalarKind::kFloat);
      }
      default: {
        std::vector<std::optional<std::string_view>> v;
        for (size_t i = start; i < start + len; ++i) {
          v.push_back(oc.element_valid.Get(i)
                          ? std::optional<std::string_view>(text(oc.codes[i]))
                          : std::nullopt);
        }
        return SetList(target, 0, v.data(), v.size(), ScalarKind::kString);
      }
    }
  };
  // Asset property values.
  for (size_t t = 0; t < og.tables_.size(); ++t) {
    const Table& ot = og.tables_[t];
    for (size_t p = 0; p < ot.columns.size(); ++p) {
      const Column& oc = ot.columns[p];
      if (oc.id_dict != nullptr) continue;
      for (size_t r = 0; r < ot.num_rows() && r < oc.valid.size(); ++r) {
        if (!oc.valid.Get(r)) continue;
        absl::StatusOr<PropertyTarget> target = NodeTarget(node_of[ot.nodes[r]], static_cast<int>(p));
        if (!target.ok()) return target.status();
        VIGIL_RETURN_IF_ERROR(copy_value(oc, other.table_state_[t][p], r, *target));
      }
    }
  }
  // Edges (by ids: ends other had not resolved may be assets of this one),
  // and their property values.
  auto end_id = [&](uint32_t ref) {
    return (ref & kPendingBit) ? other.pending_ids_.Get(ref & ~kPendingBit) : og.ids_.Get(ref);
  };
  for (size_t rel = 0; rel < og.edge_tables_.size(); ++rel) {
    const EdgeTable& oe = og.edge_tables_[rel];
    const std::string& rel_name = schema_->relationship_types()[rel];
    for (size_t i = 0; i < oe.num_edges(); ++i) {
      absl::StatusOr<EdgeRef> e = AddEdge(end_id(oe.from[i]), rel_name, end_id(oe.to[i]));
      if (!e.ok()) return e.status();
      for (size_t p = 0; p < oe.columns.size(); ++p) {
        const Column& oc = oe.columns[p];
        if (i >= oc.valid.size() || !oc.valid.Get(i)) continue;
        absl::StatusOr<PropertyTarget> target = EdgeTarget(*e, static_cast<int>(p));
        if (!target.ok()) return target.status();
        VIGIL_RETURN_IF_ERROR(copy_value(oc, other.edge_state_[rel][p], i, *target));
      }
    }
  }
  for (Collection& c : other.collections_) collections_.push_back(std::move(c));
  dropped_properties_ += other.dropped_properties_;
  for (const auto& [k, n] : other.dropped_.properties) dropped_.properties[k] += n;
  for (const auto& [k, n] : other.dropped_.edges) dropped_.edges[k] += n;
  return absl::OkStatus();
}

// ---- DroppedItems ------------------------------------------------------------

size_t DroppedItems::num_properties() const {
  size_t n = 0;
  for (const auto& [k, c] : properties) n += c;
  return n;
}

size_t DroppedItems::num_edges() const {
  size_t n = 0;
  for (const auto& [k, c] : edges) n += c;
  return n;
}

std::string DroppedItems::ToString() const {
  if (empty()) return "";
  auto list = [](const std::map<std::string, size_t, std::less<>>& m) {
    std::string out;
    for (const auto& [k, c] : m) StrAppend(&out, out.empty() ? "" : ", ", k, ": ", c);
    return out;
  };
  std::string out = "dropped ";
  if (!properties.empty()) {
    const size_t n = num_properties();
    StrAppend(&out, n, " undeclared property value", n == 1 ? "" : "s", " (", list(properties),
              ")");
  }
  if (!edges.empty()) {
    const size_t n = num_edges();
    StrAppend(&out, properties.empty() ? "" : " and ", n, " dangling edge", n == 1 ? "" : "s",
              " (", list(edges), ")");
  }
  return out;
}

size_t GraphBuilder::MemoryBytes() const {
  size_t n = graph_ ? graph_->MemoryBytes() : 0;
  n += pending_ids_.MemoryBytes() + pending_edges_.capacity() *
                                        sizeof(PendingEdge);
  for (const auto& v : table_state_) {
    for (const ColumnState& c : v) {
      n += (c.list_start.capacity() + c.list_len.capacity()) * 4;
    }
  }
  return n;
}

}  // namespace vigil
