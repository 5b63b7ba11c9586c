// Query::Evaluate: root filtering, nested relationship fields, sorting and
// pagination, and the in-memory result with its JSON serialisation.
#include <algorithm>
#include <map>
#include <mutex>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "src/base/strings.h"
#include "src/base/thread_pool.h"
#include "src/check/plan.h"
#include "src/exec/evaluator.h"
#include "vigil/query.h"

namespace vigil {
namespace internal {

// Rows at one level of the result and, per (type, field) relationship
// selection, their children as a CSR over this level's rows.
struct LevelChild;
struct Level {
  std::vector<NodeId> nodes;
  std::shared_ptr<const plan::SelectionPlan> plan;
  std::map<std::pair<TypeId, int>, std::unique_ptr<LevelChild>> children;
};
struct LevelChild {
  std::vector<uint32_t> offsets;  // parent rows + 1
  Level level;
};

struct RootResult {
  std::string key;
  bool typename_only = false;
  Level level;
};

struct ResultData {
  const Graph* graph = nullptr;
  std::shared_ptr<const Schema> schema;  // the plan points into it
  std::shared_ptr<const plan::PlanSet> plan;
  bool stored_form = false;
  std::vector<RootResult> roots;
};

namespace {

ThreadPool* PoolFor(int threads) {
  if (threads == 1) return nullptr;
  if (threads <= 0 || threads >= static_cast<int>(std::thread::hardware_concurrency()))
    return &ThreadPool::Default();  // more threads than cores would not help
  static std::mutex mu;
  static auto* pools = new std::map<int, std::unique_ptr<ThreadPool>>();
  std::lock_guard<std::mutex> l(mu);
  auto& p = (*pools)[threads];
  if (!p) p = std::make_unique<ThreadPool>(threads);
  return p.get();
}

// Compares the values of one sort key of two nodes: nulls sort after every
// value (last in ASC; DESC reverses the whole order, which puts them first).
// cols[t] is the key's column in the table of type t (null: no such
// property, read as null).
int CompareKey(const Graph& g, NodeId a, NodeId b, const std::vector<const Column*>& cols) {
  TypeId ta = g.node_type(a), tb = g.node_type(b);
  RowId ra = g.node_row(a), rb = g.node_row(b);
  const Column* ca = cols[ta];
  const Column* cb = cols[tb];
  bool va = ca != nullptr && ca->valid.Get(ra);
  bool vb = cb != nullptr && cb->valid.Get(rb);
  if (!va || !vb) return va == vb ? 0 : va ? -1 : 1;
  switch (ca->kind) {
    case ScalarKind::kInt:
    case ScalarKind::kDateTime: {
      int64_t x = ca->ints[ra], y = cb->ints[rb];
      return x < y ? -1 : x > y;
    }
    case ScalarKind::kFloat: {
      double x = ca->floats[ra], y = cb->floats[rb];
      return x < y ? -1 : x > y;
    }
    case ScalarKind::kBoolean:
      return static_cast<int>(ca->bools[ra]) - static_cast<int>(cb->bools[rb]);
    default: {
      int c = ca->StringAt(ca->codes[ra]).compare(cb->StringAt(cb->codes[rb]));
      return c < 0 ? -1 : c > 0;
    }
  }
}

void SortAndPage(const Graph& g, const plan::Options& opts, std::vector<NodeId>* nodes) {
  if (!opts.sort.empty()) {
    // Each key's column per concrete type, resolved once per sort.
    const Schema& s = g.schema();
    std::vector<std::vector<const Column*>> cols(opts.sort.size(),
                                                 std::vector<const Column*>(s.types().size()));
    for (size_t k = 0; k < opts.sort.size(); ++k) {
      for (TypeId t = 0; t < static_cast<TypeId>(s.types().size()); ++t) {
        if (!s.type(t).is_object()) continue;
        int p = s.type(t).FindProperty(opts.sort[k].property);
        if (p >= 0) cols[k][t] = &g.table(t).columns[p];
      }
    }
    std::stable_sort(nodes->begin(), nodes->end(), [&](NodeId a, NodeId b) {
      for (size_t k = 0; k < opts.sort.size(); ++k) {
        int c = CompareKey(g, a, b, cols[k]);
        // Nulls (c from validity) are last in ASC; DESC reverses everything,
        // which puts them first.
        if (c != 0) return opts.sort[k].descending ? c > 0 : c < 0;
      }
      return false;
    });
  }
  size_t off = static_cast<size_t>(std::min<int64_t>(opts.offset, nodes->size()));
  if (off > 0) nodes->erase(nodes->begin(), nodes->begin() + off);
  if (opts.limit > 0 && static_cast<size_t>(opts.limit) < nodes->size())
    nodes->resize(opts.limit);
}

}  // namespace

// True when two schemas have the same types, properties, relationships and
// enums at the same indexes (so a plan made with one is valid on the other).
bool SameShape(const Schema& a, const Schema& b) {
  if (a.types().size() != b.types().size() || a.enums().size() != b.enums().size() ||
      a.relationship_types() != b.relationship_types()) {
    return false;
  }
  for (size_t i = 0; i < a.enums().size(); ++i) {
    if (a.enums()[i].name != b.enums()[i].name || a.enums()[i].values != b.enums()[i].values)
      return false;
  }
  for (size_t i = 0; i < a.types().size(); ++i) {
    const TypeDef& x = a.types()[i];
    const TypeDef& y = b.types()[i];
    if (x.name != y.name || x.kind != y.kind || x.concrete_types != y.concrete_types ||
        x.properties.size() != y.properties.size() ||
        x.relationships.size() != y.relationships.size()) {
      return false;
    }
    for (size_t p = 0; p < x.properties.size(); ++p) {
      const PropertyDef& m = x.properties[p];
      const PropertyDef& n = y.properties[p];
      if (m.name != n.name || m.kind != n.kind || m.is_list != n.is_list ||
          m.enum_index != n.enum_index || m.non_null != n.non_null ||
          m.element_non_null != n.element_non_null) {
        return false;
      }
    }
    for (size_t r = 0; r < x.relationships.size(); ++r) {
      const RelationshipDef& m = x.relationships[r];
      const RelationshipDef& n = y.relationships[r];
      if (m.field_name != n.field_name || m.rel_type_index != n.rel_type_index ||
          m.direction != n.direction || m.target != n.target || m.is_list != n.is_list ||
          m.properties != n.properties) {
        return false;
      }
    }
  }
  return true;
}

namespace {

class Projector {
 public:
  Projector(const Graph& g, exec::Evaluator* ev) : g_(g), ev_(ev) {}

  void Fill(Level* level) {
    const plan::SelectionPlan& sp = *level->plan;
    for (TypeId c : g_.schema().type(sp.static_type).concrete_types) {
      const plan::TypeSelection* ts = sp.by_type[c].get();
      if (ts == nullptr) continue;
      for (size_t fi = 0; fi < ts->fields.size(); ++fi) {
        const plan::FieldPlan& fp = ts->fields[fi];
        if (fp.kind != plan::FieldPlan::Kind::kRelationship) continue;
        auto child = std::make_unique<LevelChild>();
        child->level.plan = fp.selection;
        BuildChild(*level, c, fp, child.get());
        Fill(&child->level);
        level->children[{c, static_cast<int>(fi)}] = std::move(child);
      }
    }
  }

 private:
  void BuildChild(const Level& parent, TypeId c, const plan::FieldPlan& fp,
                  LevelChild* child) {
    const Schema& s = g_.schema();
    const Adjacency& adj = g_.adjacency(c, fp.rel_index);
    child->offsets.assign(parent.nodes.size() + 1, 0);
    bool any_parent = false;
    for (NodeId n : parent.nodes) {
      if (g_.node_type(n) == c) {
        any_parent = true;
        break;
      }
    }
    if (!any_parent) return;  // nothing to filter for
    std::vector<exec::Tri> masks(s.types().size());
    if (fp.where) {
      for (TypeId t : s.type(fp.rel->target).concrete_types)
        ev_->Eval(*fp.where, ev_->NodeRows(t), &masks[t]);
    }
    std::vector<NodeId> buf;
    for (size_t i = 0; i < parent.nodes.size(); ++i) {
      NodeId n = parent.nodes[i];
      child->offsets[i] = static_cast<uint32_t>(child->level.nodes.size());
      if (g_.node_type(n) != c) continue;
      RowId r = g_.node_row(n);
      buf.clear();
      for (uint32_t e = adj.offsets[r]; e < adj.offsets[r + 1]; ++e) {
        TypeId tt = adj.TargetType(e);
        RowId tr = adj.target_rows[e];
        if (fp.where && !masks[tt].IsTrue(tr)) continue;
        buf.push_back(g_.table(tt).nodes[tr]);
      }
      SortAndPage(g_, fp.options, &buf);
      if (!fp.rel->is_list && buf.size() > 1) buf.resize(1);
      child->level.nodes.insert(child->level.nodes.end(), buf.begin(), buf.end());
    }
    child->offsets[parent.nodes.size()] = static_cast<uint32_t>(child->level.nodes.size());
  }

  const Graph& g_;
  exec::Evaluator* ev_;
};

// Result writers are templates over a sink, so the JSON text and the
// vigil::Value forms of a result come from one walk over the levels.
class TextSink {
 public:
  explicit TextSink(std::string* out) : out_(out) {}
  void Null() { Sep(); out_->append("null"); }
  void Bool(bool b) { Sep(); out_->append(b ? "true" : "false"); }
  void Int(int64_t v) { Sep(); StrAppend(out_, v); }
  void Double(double d) { Sep(); AppendJsonDouble(out_, d); }
  void String(std::string_view v) { Sep(); AppendJsonString(out_, v); }
  void BeginArray() { Sep(); out_->push_back('['); first_.push_back(true); }
  void EndArray() { out_->push_back(']'); first_.pop_back(); }
  void BeginObject() { Sep(); out_->push_back('{'); first_.push_back(true); }
  void EndObject() { out_->push_back('}'); first_.pop_back(); }
  void Key(std::string_view k) {
    Sep();
    AppendJsonString(out_, k);
    out_->push_back(':');
    after_key_ = true;
  }

 private:
  void Sep() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_->push_back(',');
    first_.back() = false;
  }
  std::string* out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

class ValueSink {
 public:
  void Null() { Put(Value()); }
  void Bool(bool b) { Put(Value(b)); }
  void Int(int64_t v) { Put(Value(v)); }
  void Double(double d) { Put(Value(d)); }
  void String(std::string_view v) { Put(Value(v)); }
  void BeginArray() { Open(Value(Value::Array{})); }
  void EndArray() { Close(); }
  void BeginObject() { Open(Value(Value::Object{})); }
  void EndObject() { Close(); }
  void Key(std::string_view k) { key_ = std::string(k); }
  Value Take() { return std::move(root_); }

 private:
  Value* Put(Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Value& top = *stack_.back();
    if (top.is_array()) {
      top.as_array().push_back(std::move(v));
      return &top.as_array().back();
    }
    top.as_object().emplace_back(std::move(key_), std::move(v));
    return &top.as_object().back().second;
  }
  void Open(Value v) { stack_.push_back(Put(std::move(v))); }
  void Close() { stack_.pop_back(); }
  Value root_;
  std::vector<Value*> stack_;
  std::string key_;
};

template <typename Sink>
void WriteCell(const Column& col, RowId row, Sink& sink) {
  if (!col.valid.Get(row)) {
    sink.Null();
    return;
  }
  auto scalar = [&](size_t slot) {
    switch (col.kind) {
      case ScalarKind::kInt: sink.Int(col.ints[slot]); break;
      case ScalarKind::kFloat: sink.Double(col.floats[slot]); break;
      case ScalarKind::kBoolean: sink.Bool(col.bools[slot] != 0); break;
      default: sink.String(col.StringAt(col.codes[slot])); break;
    }
  };
  if (!col.is_list) {
    scalar(row);
    return;
  }
  sink.BeginArray();
  for (uint32_t e = col.list_offsets[row]; e < col.list_offsets[row + 1]; ++e) {
    if (!col.element_valid.Get(e)) {
      sink.Null();
    } else {
      scalar(e);
    }
  }
  sink.EndArray();
}

template <typename Sink>
void WriteNode(const Graph& g, const Level& level, size_t i, Sink& sink);

template <typename Sink>
void WriteLevelRange(const Graph& g, const Level& level, size_t b, size_t e, bool as_list,
                     Sink& sink) {
  if (!as_list) {
    if (b == e) {
      sink.Null();
    } else {
      WriteNode(g, level, b, sink);
    }
    return;
  }
  sink.BeginArray();
  for (size_t i = b; i < e; ++i) WriteNode(g, level, i, sink);
  sink.EndArray();
}

template <typename Sink>
void WriteNode(const Graph& g, const Level& level, size_t i, Sink& sink) {
  NodeId n = level.nodes[i];
  TypeId t = g.node_type(n);
  RowId row = g.node_row(n);
  const plan::TypeSelection& ts = *level.plan->by_type[t];
  const Table& table = g.table(t);
  sink.BeginObject();
  for (size_t fi = 0; fi < ts.fields.size(); ++fi) {
    const plan::FieldPlan& fp = ts.fields[fi];
    sink.Key(fp.key);
    switch (fp.kind) {
      case plan::FieldPlan::Kind::kProperty:
        WriteCell(table.columns[fp.property], row, sink);
        break;
      case plan::FieldPlan::Kind::kTypename:
        sink.String(g.schema().type(t).name);
        break;
      case plan::FieldPlan::Kind::kRelationship: {
        const LevelChild& ch = *level.children.at({t, static_cast<int>(fi)});
        WriteLevelRange(g, ch.level, ch.offsets[i], ch.offsets[i + 1], fp.rel->is_list, sink);
        break;
      }
    }
  }
  sink.EndObject();
}

template <typename Sink>
void WriteResult(const ResultData& data, Sink& sink) {
  const Graph& g = *data.graph;
  if (data.stored_form) {
    if (data.roots.empty()) {  // the root field was skipped
      sink.BeginArray();
      sink.EndArray();
      return;
    }
    const auto& lv = data.roots[0].level;
    WriteLevelRange(g, lv, 0, lv.nodes.size(), true, sink);
    return;
  }
  sink.BeginObject();
  for (const auto& r : data.roots) {
    sink.Key(r.key);
    if (r.typename_only) {
      sink.String("Query");
    } else {
      WriteLevelRange(g, r.level, 0, r.level.nodes.size(), true, sink);
    }
  }
  sink.EndObject();
}

}  // namespace
}  // namespace internal

QueryResult::QueryResult(std::unique_ptr<internal::ResultData> data)
    : data_(std::move(data)) {}
QueryResult::QueryResult(QueryResult&&) noexcept = default;
QueryResult& QueryResult::operator=(QueryResult&&) noexcept = default;
QueryResult::~QueryResult() = default;

bool QueryResult::stored_form() const { return data_->stored_form; }
size_t QueryResult::size() const {
  return data_->roots.empty() ? 0 : data_->roots[0].level.nodes.size();
}
const std::vector<NodeId>& QueryResult::root_nodes(size_t i) const {
  static const std::vector<NodeId> kNone;
  // A root field skipped by @skip/@include has no rows.
  return i < data_->roots.size() ? data_->roots[i].level.nodes : kNone;
}
std::vector<std::string_view> QueryResult::RootIds(size_t i) const {
  std::vector<std::string_view> ids;
  for (NodeId n : root_nodes(i)) ids.push_back(data_->graph->asset_id(n));
  return ids;
}

void QueryResult::AppendJson(std::string* out) const {
  internal::TextSink sink(out);
  internal::WriteResult(*data_, sink);
}

std::string QueryResult::ToJson() const {
  std::string s;
  AppendJson(&s);
  return s;
}

Value QueryResult::ToValue() const {
  internal::ValueSink sink;
  internal::WriteResult(*data_, sink);
  return sink.Take();
}

absl::StatusOr<QueryResult> Query::Evaluate(const Graph& graph,
                                            const Value& variables,
                                            const EvalOptions& options) const {
  const internal::CompiledQuery& q = *compiled_;
  if (&graph.schema() != q.schema.get() && !internal::SameShape(graph.schema(), *q.schema)) {
    // The plan addresses types, properties and relationships by index.
    return absl::InvalidArgumentError(
        "the graph was built with a different schema than the query was compiled against");
  }
  if (!variables.is_null() && !variables.is_object())
    return absl::InvalidArgumentError("variables must be a JSON object");
  std::shared_ptr<const plan::PlanSet> plan = q.plan;
  if (plan == nullptr) {
    Value::Object vals;
    for (size_t i = 0; i < q.variables.size(); ++i) {
      const VariableInfo& v = q.variables[i];
      const auto& place = q.variable_places[i];
      auto located = [&](std::string msg) {
        return DiagnosticsToStatus(
            {MakeDiagnostic("eval.variable", std::move(msg), place.file, place.text, place.offset)});
      };
      const Value* given = variables.Find(v.name);
      if (given != nullptr) {
        if (absl::Status st = internal::CheckVariableValue(q, i, *given); !st.ok()) return st;
        vals.emplace_back(v.name, *given);
      } else if (v.has_default) {
        vals.emplace_back(v.name, v.default_value);
      } else {
        return located(StrCat("variable $", v.name, " (", v.type, ") has no value and no default"));
      }
    }
    auto built = internal::BuildPlan(q, Value(std::move(vals)));
    if (!built.ok()) return built.status();
    plan = *std::move(built);
  }

  auto data = std::make_unique<internal::ResultData>();
  data->graph = &graph;
  data->schema = q.schema;
  data->plan = plan;
  data->stored_form = q.stored_form;
  exec::Evaluator ev(graph, internal::PoolFor(options.threads), options.coverage);
  internal::Projector proj(graph, &ev);
  const Schema& s = graph.schema();
  for (const plan::RootFieldPlan& rp : plan->roots) {
    internal::RootResult rr;
    rr.key = rp.key;
    rr.typename_only = rp.typename_only;
    if (!rp.typename_only) {
      const auto& concrete = s.type(rp.type).concrete_types;
      for (TypeId c : concrete) {
        const Table& t = graph.table(c);
        if (!rp.where) {
          rr.level.nodes.insert(rr.level.nodes.end(), t.nodes.begin(), t.nodes.end());
          continue;
        }
        exec::Tri tri;
        ev.Eval(*rp.where, ev.NodeRows(c), &tri);
        for (size_t w = 0; w < tri.t.size(); ++w) {
          uint64_t bits = tri.t[w];
          while (bits) {
            size_t r = w * 64 + __builtin_ctzll(bits);
            bits &= bits - 1;
            rr.level.nodes.push_back(t.nodes[r]);
          }
        }
      }
      if (concrete.size() > 1) std::sort(rr.level.nodes.begin(), rr.level.nodes.end());
      internal::SortAndPage(graph, rp.options, &rr.level.nodes);
      rr.level.plan = rp.selection;
      proj.Fill(&rr.level);
    }
    data->roots.push_back(std::move(rr));
  }
  return QueryResult(std::move(data));
}

}  // namespace vigil
