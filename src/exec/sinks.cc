#include "src/exec/sinks.h"

#include <algorithm>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "src/base/strings.h"
#include "src/base/utf8.h"

namespace vigil::exec {
namespace {

class TextSink {
 public:
  explicit TextSink(std::string* out) : out_(out) {}
  void Null() { Sep(); out_->append("null"); }
  void Bool(bool b) { Sep(); out_->append(b ? "true" : "false"); }
  void Int(int64_t v) { Sep(); StrAppend(out_, v); }
  void Double(double d) { Sep(); AppendJsonDouble(out_, d); }
  void String(std::string_view v) { Sep(); AppendJsonString(out_, v); }
  // `hint`: how many elements or keys will follow (a capacity hint, 0 when
  // not known).
  void BeginArray(size_t /*hint*/ = 0) { Sep(); out_->push_back('['); first_.push_back(true); }
  void EndArray() { out_->push_back(']'); first_.pop_back(); }
  void BeginObject(size_t /*hint*/ = 0) {
    Sep();
    out_->push_back('{');
    first_.push_back(true);
  }
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
  void Null() { Put(nullptr); }
  void Bool(bool b) { Put(b); }
  void Int(int64_t v) { Put(v); }
  void Double(double d) { Put(d); }
  void String(std::string_view v) { Put(v); }
  void BeginArray(size_t hint = 0) {
    Value::Array a;
    a.reserve(hint);
    Open(std::move(a));
  }
  void EndArray() { Close(); }
  void BeginObject(size_t hint = 0) {
    Value::Object o;
    o.reserve(hint);
    Open(std::move(o));
  }
  void EndObject() { Close(); }
  // The key lives in the plan (or the graph), which outlive the walk.
  void Key(std::string_view k) { key_ = k; }
  Value Take() { return std::move(root_); }

 private:
  // Constructs the value in place (a row's cells are most of a result).
  template <typename T>
  Value* Put(T&& v) {
    if (stack_.empty()) {
      root_ = Value(std::forward<T>(v));
      return &root_;
    }
    Value& top = *stack_.back();
    if (Value::Array* a = top.if_array()) return &a->emplace_back(std::forward<T>(v));
    return &top.as_object()
                .emplace_back(std::piecewise_construct, std::forward_as_tuple(key_),
                              std::forward_as_tuple(std::forward<T>(v)))
                .second;
  }
  template <typename T>
  void Open(T&& v) {
    stack_.push_back(Put(std::forward<T>(v)));
  }
  void Close() { stack_.pop_back(); }
  Value root_;
  std::vector<Value*> stack_;
  std::string_view key_;
};

template <typename Sink>
class Writer {
 public:
  Writer(const ResultData& data, Sink& sink)
      : g_(*data.graph), bindings_(*data.bindings), data_(data), sink_(sink) {}

  void Result() {
    if (data_.stored_form) {
      if (data_.roots.empty()) {  // the root field was skipped
        sink_.BeginArray();
        sink_.EndArray();
        return;
      }
      const RootResult& r = data_.roots[0];
      if (Generated(r)) return;
      LevelRange(r.level, 0, r.level.nodes.size(), true);
      return;
    }
    sink_.BeginObject();
    for (const RootResult& r : data_.roots) {
      sink_.Key(r.key);
      if (r.typename_only) {
        sink_.String("Query");
      } else if (Generated(r)) {
      } else {
        LevelRange(r.level, 0, r.level.nodes.size(), true);
      }
    }
    sink_.EndObject();
  }

 private:
  using GF = plan::GeneratedField;

  // The rows an aggregate or a connection is over: level.nodes[b, e), with
  // their edges when a relationship field's (edges[b, e) of the edge
  // table of `rel_type`).
  struct Range {
    const Level* level = nullptr;
    size_t b = 0, e = 0;
    const EdgeId* edges = nullptr;  // indexed like level->nodes
    int rel_type = -1;
    size_t total = 0;  // connections: the edges kept before paging
    size_t start = 0;  // connections: the index of the page's first edge
  };

  // xsAggregate and xsConnection (docs/query-language.md, "Aggregate and
  // connection selections"); false for lists.
  bool Generated(const RootResult& r) {
    if (r.plan == nullptr || r.plan->shape == plan::RootFieldPlan::Shape::kList) return false;
    Range range{&r.level, 0, r.level.nodes.size(), nullptr, -1, r.total, r.start};
    if (r.plan->shape == plan::RootFieldPlan::Shape::kAggregate) {
      Aggregate(range, r.plan->generated);
    } else {
      Connection(range, r.plan->generated);
    }
    return true;
  }

  // rAggregate and rConnection of row i of `level`.
  void GeneratedChild(const plan::FieldPlan& fp, const LevelChild& ch, size_t i) {
    Range range{&ch.level, ch.offsets[i], ch.offsets[i + 1], ch.edges.data(),
                fp.rel->rel_type_index, 0, 0};
    if (fp.kind == plan::FieldPlan::Kind::kRelAggregate) {
      Aggregate(range, fp.generated);
      return;
    }
    range.total = ch.totals.empty() ? 0 : ch.totals[i];
    range.start = std::min<size_t>(range.total, static_cast<size_t>(fp.skip));
    Connection(range, fp.generated);
  }

  // An object of the generated fields whose guard holds: each one's key,
  // then __typename's text or what value(field) writes.
  template <typename Value>
  void GeneratedObject(const std::vector<GF>& fields, Value&& value) {
    sink_.BeginObject(fields.size());
    for (const GF& f : fields) {
      if (!bindings_.Includes(f.guard)) continue;
      sink_.Key(f.key);
      if (f.kind == GF::Kind::kTypename) {
        sink_.String(f.text);
      } else {
        value(f);
      }
    }
    sink_.EndObject();
  }

  void Aggregate(const Range& r, const std::vector<GF>& fields) {
    GeneratedObject(fields, [&](const GF& f) {
      switch (f.kind) {
        case GF::Kind::kCount: sink_.Int(static_cast<int64_t>(r.e - r.b)); break;
        case GF::Kind::kOf: AggregateOf(r, f, false); break;
        case GF::Kind::kAggNode:
        case GF::Kind::kAggEdge:
          GeneratedObject(f.fields, [&](const GF& of) {
            AggregateOf(r, of, f.kind == GF::Kind::kAggEdge);
          });
          break;
        default: sink_.Null(); break;
      }
    });
  }

  // f { min max ... } of the property `f.text` of the range's nodes, or of
  // its edges (`on_edge`).
  void AggregateOf(const Range& r, const GF& f, bool on_edge) {
    GeneratedObject(f.fields, [&](const GF& v) {
      if (on_edge) {
        const EdgeTable& et = g_.edges(r.rel_type);
        const int p = et.properties_type == kNoType
                          ? -1
                          : g_.schema().type(et.properties_type).FindProperty(f.text);
        AggregateValue(v.kind, [&](auto&& visit) {
          if (p < 0) return;
          for (size_t i = r.b; i < r.e; ++i) visit(et.columns[p], r.edges[i]);
        });
      } else {
        // The property's index by type, looked up once per type met.
        std::vector<int> index_of(g_.schema().types().size(), kUnresolved);
        AggregateValue(v.kind, [&](auto&& visit) {
          for (size_t i = r.b; i < r.e; ++i) {
            NodeId node = r.level->nodes[i];
            TypeId t = g_.node_type(node);
            int& p = index_of[t];
            if (p == kUnresolved) p = g_.schema().type(t).FindProperty(f.text);
            if (p < 0) continue;
            visit(g_.table(t).columns[p], g_.node_row(node));
          }
        });
      }
    });
  }

  // One value of a property over the cells `for_each` visits, as Neo4j
  // GraphQL's Cypher gives it: min(), max(), avg(), sum() skip nulls (sum()
  // of nothing is 0, the others null); shortest and longest are the values
  // of fewest and most characters (collected in size order, longest first:
  // ties give the first cell for longest, the last for shortest).
  template <typename ForEach>
  void AggregateValue(GF::Kind kind, const ForEach& for_each) {
    const Column* best_col = nullptr;
    RowId best_row = 0;
    size_t best_len = 0;
    __int128 isum = 0;
    double fsum = 0;
    size_t n = 0;
    ScalarKind sk = ScalarKind::kString;
    bool have = false;
    for_each([&](const Column& col, RowId row) {
      sk = col.kind;
      have = true;
      if (col.is_list || !col.valid.Get(row)) return;
      ++n;
      bool better = best_col == nullptr;
      size_t len = 0;
      switch (col.kind) {
        case ScalarKind::kInt:
          isum += col.ints[row];
          better = better || Better(kind, col.ints[row], best_col->ints[best_row]);
          break;
        case ScalarKind::kFloat:
          fsum += col.floats[row];
          better = better || Better(kind, col.floats[row], best_col->floats[best_row]);
          break;
        case ScalarKind::kDateTime:
          better = better || Better(kind, col.instants[row], best_col->instants[best_row]);
          break;
        default:
          len = CountCodePoints(col.StringAt(col.codes[row]));
          better = better || (kind == GF::Kind::kLongest ? len > best_len : len <= best_len);
          break;
      }
      if (better) best_col = &col, best_row = row, best_len = len;
    });
    if (kind == GF::Kind::kSum) {
      if (have && sk == ScalarKind::kFloat) {
        sink_.Double(fsum);
      } else if (isum >= INT64_MIN && isum <= INT64_MAX) {
        sink_.Int(static_cast<int64_t>(isum));
      } else {
        sink_.Double(static_cast<double>(isum));
      }
      return;
    }
    if (n == 0) {
      sink_.Null();
      return;
    }
    if (kind == GF::Kind::kAverage) {
      sink_.Double(sk == ScalarKind::kFloat ? fsum / static_cast<double>(n)
                                            : static_cast<double>(isum) / static_cast<double>(n));
      return;
    }
    Cell(*best_col, best_row);
  }

  static constexpr int kUnresolved = -2;

  // Whether v beats best for a min or max aggregate.
  template <typename T>
  static bool Better(GF::Kind kind, const T& v, const T& best) {
    return kind == GF::Kind::kMin ? v < best : v > best;
  }

  static std::string Cursor(size_t index) {
    return absl::Base64Escape(StrCat("arrayconnection:", index));
  }

  void Connection(const Range& r, const std::vector<GF>& fields) {
    const size_t n = r.e - r.b;
    GeneratedObject(fields, [&](const GF& f) {
      switch (f.kind) {
        case GF::Kind::kTotalCount: sink_.Int(static_cast<int64_t>(r.total)); break;
        case GF::Kind::kEdges:
          sink_.BeginArray(n);
          for (size_t i = 0; i < n; ++i) {
            GeneratedObject(f.fields, [&](const GF& e) {
              if (e.kind == GF::Kind::kCursor) {
                sink_.String(Cursor(r.start + i));
              } else if (e.kind == GF::Kind::kNode) {
                Node(*r.level, r.b + i);
              } else if (e.kind == GF::Kind::kProperties && r.edges != nullptr) {
                EdgeProperties(g_.edges(r.rel_type), r.edges[r.b + i], e.fields);
              } else {
                sink_.Null();
              }
            });
          }
          sink_.EndArray();
          break;
        case GF::Kind::kPageInfo:
          GeneratedObject(f.fields, [&](const GF& p) {
            switch (p.kind) {
              case GF::Kind::kHasNextPage: sink_.Bool(r.start + n < r.total); break;
              case GF::Kind::kHasPreviousPage: sink_.Bool(r.start > 0); break;
              case GF::Kind::kStartCursor:
                if (n == 0) sink_.Null(); else sink_.String(Cursor(r.start));
                break;
              case GF::Kind::kEndCursor:
                if (n == 0) sink_.Null(); else sink_.String(Cursor(r.start + n - 1));
                break;
              default: sink_.Null(); break;
            }
          });
          break;
        default: sink_.Null(); break;
      }
    });
  }

  // An rConnection edge's properties { ... }.
  void EdgeProperties(const EdgeTable& et, EdgeId edge, const std::vector<GF>& fields) {
    GeneratedObject(fields, [&](const GF& p) {
      if (p.kind == GF::Kind::kProperty && p.index >= 0 &&
          static_cast<size_t>(p.index) < et.columns.size()) {
        Cell(et.columns[p.index], edge);
      } else {
        sink_.Null();
      }
    });
  }

  void Cell(const Column& col, RowId row) {
    if (!col.valid.Get(row)) {
      sink_.Null();
      return;
    }
    auto scalar = [&](size_t slot) {
      switch (col.kind) {
        case ScalarKind::kInt: sink_.Int(col.ints[slot]); break;
        case ScalarKind::kFloat: sink_.Double(col.floats[slot]); break;
        case ScalarKind::kBoolean: sink_.Bool(col.bools[slot] != 0); break;
        default: sink_.String(col.StringAt(col.codes[slot])); break;
      }
    };
    if (!col.is_list) {
      scalar(row);
      return;
    }
    sink_.BeginArray(col.list_offsets[row + 1] - col.list_offsets[row]);
    for (uint32_t e = col.list_offsets[row]; e < col.list_offsets[row + 1]; ++e) {
      if (!col.element_valid.Get(e)) {
        sink_.Null();
      } else {
        scalar(e);
      }
    }
    sink_.EndArray();
  }

  void LevelRange(const Level& level, size_t b, size_t e, bool as_list) {
    if (!as_list) {
      if (b == e) {
        sink_.Null();
      } else {
        Node(level, b);
      }
      return;
    }
    sink_.BeginArray(e - b);
    for (size_t i = b; i < e; i += kWarmBlock) {
      const size_t j = std::min(e, i + kWarmBlock);
      if (j - i >= kWarmMin) Warm(level, i, j);
      for (size_t k = i; k < j; ++k) Node(level, k);
    }
    sink_.EndArray();
  }

  // The rows of a result are scattered over a large graph: each of its
  // cells is a cache miss (the node's type and row, the cell, then the
  // string in its dictionary), and writing the rows one by one waits for
  // each miss in turn. Warm() reads the cells of rows [b, e) in tight loops
  // first, one step of the chain per loop, so that the misses of many rows
  // overlap; it only reads (what is written does not depend on it).
  static constexpr size_t kWarmBlock = 64;
  static constexpr size_t kWarmMin = 8;

  void Warm(const Level& level, size_t b, size_t e) {
    struct At {
      const Table* table = nullptr;
      const plan::TypeSelection* ts = nullptr;
      RowId row = 0;
    };
    At at[kWarmBlock];
    const size_t n = e - b;
    for (size_t k = 0; k < n; ++k) {
      const NodeId node = level.nodes[b + k];
      const TypeId t = g_.node_type(node);
      at[k].row = g_.node_row(node);
      at[k].table = &g_.table(t);
      at[k].ts = t >= 0 && static_cast<size_t>(t) < level.plan->by_type.size()
                     ? level.plan->by_type[t].get()
                     : nullptr;
    }
    // Each scalar property cell.
    auto for_each_cell = [&](auto&& fn) {
      for (size_t k = 0; k < n; ++k) {
        if (at[k].ts == nullptr) continue;
        for (const plan::FieldPlan& fp : at[k].ts->fields) {
          if (fp.kind != plan::FieldPlan::Kind::kProperty) continue;
          if (fp.property < 0 || static_cast<size_t>(fp.property) >= at[k].table->columns.size()) {
            continue;
          }
          const Column& col = at[k].table->columns[fp.property];
          if (!col.is_list) fn(col, at[k].row);
        }
      }
    };
    for_each_cell([](const Column& col, RowId row) {
      switch (col.kind) {
        case ScalarKind::kInt:
          if (row < col.ints.size()) __builtin_prefetch(&col.ints[row]);
          break;
        case ScalarKind::kFloat:
          if (row < col.floats.size()) __builtin_prefetch(&col.floats[row]);
          break;
        case ScalarKind::kBoolean:
          if (row < col.bools.size()) __builtin_prefetch(&col.bools[row]);
          break;
        default:
          if (row < col.codes.size()) __builtin_prefetch(&col.codes[row]);
          break;
      }
    });
    // The strings the cells name (this reads each dictionary's offsets).
    for_each_cell([](const Column& col, RowId row) {
      switch (col.kind) {
        case ScalarKind::kInt:
        case ScalarKind::kFloat:
        case ScalarKind::kBoolean:
          return;
        default:
          if (row < col.codes.size() && row < col.valid.size() && col.valid.Get(row)) {
            const std::string_view v = col.StringAt(col.codes[row]);
            __builtin_prefetch(v.data());
            if (v.size() > 64) __builtin_prefetch(v.data() + v.size() - 1);
          }
          return;
      }
    });
  }

  void Node(const Level& level, size_t i) {
    NodeId n = level.nodes[i];
    TypeId t = g_.node_type(n);
    RowId row = g_.node_row(n);
    const plan::TypeSelection& ts = *level.plan->by_type[t];
    const Table& table = g_.table(t);
    sink_.BeginObject(ts.fields.size());
    for (size_t fi = 0; fi < ts.fields.size(); ++fi) {
      const plan::FieldPlan& fp = ts.fields[fi];
      if (!bindings_.Includes(fp.guard)) continue;
      sink_.Key(fp.key);
      switch (fp.kind) {
        case plan::FieldPlan::Kind::kProperty:
          Cell(table.columns[fp.property], row);
          break;
        case plan::FieldPlan::Kind::kTypename:
          sink_.String(g_.schema().type(t).name);
          break;
        case plan::FieldPlan::Kind::kRelationship: {
          const LevelChild& ch = *level.children.at({t, static_cast<int>(fi)});
          LevelRange(ch.level, ch.offsets[i], ch.offsets[i + 1], fp.rel->is_list);
          break;
        }
        case plan::FieldPlan::Kind::kRelAggregate:
        case plan::FieldPlan::Kind::kRelConnection:
          GeneratedChild(fp, *level.children.at({t, static_cast<int>(fi)}), i);
          break;
      }
    }
    sink_.EndObject();
  }

  const Graph& g_;
  const check::Bindings& bindings_;
  const ResultData& data_;
  Sink& sink_;
};

}  // namespace

void AppendJson(const ResultData& data, std::string* out) {
  TextSink sink(out);
  Writer<TextSink>(data, sink).Result();
}

Value ToValue(const ResultData& data) {
  ValueSink sink;
  Writer<ValueSink>(data, sink).Result();
  return sink.Take();
}

}  // namespace vigil::exec
