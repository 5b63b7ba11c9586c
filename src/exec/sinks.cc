#include "src/exec/sinks.h"

#include <vector>

#include "src/base/strings.h"

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
      const Level& lv = data_.roots[0].level;
      LevelRange(lv, 0, lv.nodes.size(), true);
      return;
    }
    sink_.BeginObject();
    for (const RootResult& r : data_.roots) {
      sink_.Key(r.key);
      if (r.typename_only) {
        sink_.String("Query");
      } else {
        LevelRange(r.level, 0, r.level.nodes.size(), true);
      }
    }
    sink_.EndObject();
  }

 private:
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
    sink_.BeginArray();
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
    sink_.BeginArray();
    for (size_t i = b; i < e; ++i) Node(level, i);
    sink_.EndArray();
  }

  void Node(const Level& level, size_t i) {
    NodeId n = level.nodes[i];
    TypeId t = g_.node_type(n);
    RowId row = g_.node_row(n);
    const plan::TypeSelection& ts = *level.plan->by_type[t];
    const Table& table = g_.table(t);
    sink_.BeginObject();
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
