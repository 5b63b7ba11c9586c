// The graph JSON loader's decoding of one array element (see
// json_loader_impl.h): an asset with its properties and inline relationship
// fields (the convenience form), or a relationship with its properties.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "simdjson.h"
#include "src/base/strings.h"
#include "src/graph/json_loader_impl.h"
#include "vigil/graph_builder.h"
#include "vigil/schema.h"

namespace vigil::graph_json {

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  }
  out += '"';
  return out;
}

namespace {

const char* JsonTypeName(od::json_type t) {
  switch (t) {
    case od::json_type::array:
      return "array";
    case od::json_type::object:
      return "object";
    case od::json_type::number:
      return "number";
    case od::json_type::string:
      return "String";
    case od::json_type::boolean:
      return "Boolean";
    case od::json_type::null:
      return "null";
  }
  return "?";
}

std::string DeclaredType(const PropertyDef& d) {
  std::string base = d.type_name.empty() ? ScalarKindName(d.kind) : d.type_name;
  if (d.is_list) {
    base = StrCat("[", base, d.element_non_null ? "!" : "", "]");
  }
  if (d.non_null) base += "!";
  return base;
}

// The decoding functions, with internal linkage so that the compiler can
// inline them into one another and pass simdjson's values in registers (as
// it did when the loader was one file); the Loader's entry points below
// forward to them. They read and update the Loader's state.
class Decoder {
 public:
  explicit Decoder(Loader& l) : l_(l) {}

  Status Asset(od::value v, size_t index, size_t offset);
  Status Relationship(od::value v, size_t index, size_t offset);
  Status CollectDefinitions(od::value v, bool top, int depth, size_t offset);

 private:
  Status InlineField(NodeId holder, std::string_view holder_id, int rel_index,
                     std::string_view field, od::value v, int depth,
                     size_t offset);
  Status InlineAsset(NodeId holder, std::string_view holder_id,
                     const RelationshipDef& rd, od::value v, int depth,
                     size_t offset);
  Status AssetBody(NodeId node, std::string_view id, od::object obj, int depth,
                   size_t offset);
  Status AssetField(NodeId node, std::string_view id, std::string_view key,
                    od::value v, int depth, size_t offset);
  Status Properties(const Sink& sink, od::value v, size_t offset);
  Status Property(const Sink& sink, int prop, const PropertyDef& def,
                  od::value v, size_t offset);
  Status PropertyList(const Sink& sink, int prop, const PropertyDef& def,
                      od::value v, size_t offset);
  // A number for an Int property: an integer within int64, or an integral
  // number written with a fraction or an exponent (60.0, 6e1). `where`
  // ends the messages (" at index 3"). A number with a fraction sets
  // *fraction instead (a type mismatch the caller reports).
  Status ReadInt(od::value& v, const PropertyDef& def, const std::string& where,
                 size_t offset, int64_t* out, std::optional<double>* fraction);
  // Any number as a double (integers beyond 64 bits included).
  Status ReadDouble(od::value& v, size_t offset, double* out);

  Loader& l_;
};

// ---- assets ----------------------------------------------------------------

// Reads a string value for a reserved key ("id", "type", "from", ...).
#define VIGIL_READ_STRING(value, out, what)                                   \
  do {                                                                        \
    od::json_type jt_;                                                        \
    if (auto e_ = (value).type().get(jt_)) return l_.Json(e_, offset);        \
    if (jt_ != od::json_type::string) {                                       \
      return l_.Error(                                                        \
          StrCat("\"", what, "\" must be a string, got ", JsonTypeName(jt_)), \
          offset);                                                            \
    }                                                                         \
    if (auto e_ = (value).get_string().get(out)) return l_.Json(e_, offset);  \
  } while (0)

Status Decoder::Asset(od::value v, size_t index, size_t offset) {
  od::json_type jt;
  if (auto e = v.type().get(jt)) return l_.Json(e, offset);
  if (jt != od::json_type::object) {
    return l_.Error(
        StrCat("an asset must be an object, got ", JsonTypeName(jt)), offset);
  }
  od::object obj;
  if (auto e = v.get_object().get(obj)) return l_.Json(e, offset);
  std::string_view id, type_name;
  bool have_id = false, have_type = false, created = false, deferred = false;
  NodeId node = 0;
  absl::InlinedVector<std::string, 4> seen;
  for (auto fr : obj) {
    od::field field;
    if (auto e = std::move(fr).get(field)) return l_.Json(e, offset);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return l_.Json(e, offset);
    if (Is(key, "id") || Is(key, "type")) {
      bool& have = Is(key, "id") ? have_id : have_type;
      if (have) return l_.Error(StrCat("duplicate key \"", key, "\""), offset);
      have = true;
      std::string_view& out = Is(key, "id") ? id : type_name;
      VIGIL_READ_STRING(field.value(), out, key);
      if (have_id && have_type) {
        TypeId t;
        if (type_name == l_.last_type_name_ && l_.last_type_ != kNoType) {
          t = l_.last_type_;
        } else {
          t = l_.schema_->FindType(type_name);
          if (t == kNoType) {
            // (The builder's error: graph.unknown-type, "Did you mean".)
            return l_.FromStatus(l_.builder_.AddAsset(id, type_name).status(), offset);
          }
          l_.last_type_name_.assign(type_name);
          l_.last_type_ = t;
        }
        absl::StatusOr<NodeId> n = l_.builder_.AddAsset(id, t);
        if (!n.ok()) return l_.FromStatus(n.status(), offset);
        node = *n;
        created = true;
      }
      continue;
    }
    if (!created || deferred) {
      deferred = true;  // read again once the asset exists
      continue;
    }
    // A repeated key is an error, never "the last wins" (as in AssetBody).
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      return l_.Error(StrCat("asset ", Quote(id), ": duplicate key ", Quote(key)), offset);
    }
    seen.emplace_back(key);
    if (Status s = AssetField(node, id, key, field.value(), 0, offset)) {
      return s;
    }
  }
  if (!have_id) return l_.Error("an asset needs an \"id\"", offset);
  if (!have_type) {
    return l_.Error(StrCat("asset ", Quote(id), " needs a \"type\""), offset);
  }
  if (deferred) {
    if (auto e = obj.reset().error()) return l_.Json(e, offset);
    return AssetBody(node, id, obj, 0, offset);
  }
  return std::nullopt;
}

Status Decoder::AssetBody(NodeId node, std::string_view id, od::object obj,
                          int depth, size_t offset) {
  // Keys met so far ("properties" and relationship fields: a bounded
  // number, since any other key is an error): a repeated one is an error,
  // never "the last wins".
  absl::InlinedVector<std::string, 4> seen;
  for (auto fr : obj) {
    od::field field;
    if (auto e = std::move(fr).get(field)) return l_.Json(e, offset);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return l_.Json(e, offset);
    if (Is(key, "id") || Is(key, "type")) continue;
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      return l_.Error(StrCat("asset ", Quote(id), ": duplicate key ", Quote(key)), offset);
    }
    seen.emplace_back(key);
    if (Status s = AssetField(node, id, key, field.value(), depth, offset)) {
      return s;
    }
  }
  return std::nullopt;
}

Status Decoder::AssetField(NodeId node, std::string_view id,
                           std::string_view key, od::value v, int depth,
                           size_t offset) {
  if (Is(key, "properties")) {
    Sink sink;
    sink.node = node;
    return Properties(sink, v, offset);
  }
  const TypeDef& def = l_.schema_->type(l_.builder_.asset_type(node));
  const int rel = def.FindRelationship(key);
  if (rel < 0) {
    std::string hint;
    if (def.FindProperty(key) >= 0) hint = " (properties go in \"properties\")";
    return l_.Error(StrCat("asset ", Quote(id), ": ", def.name,
                           " has no relationship field ", Quote(key), hint),
                    offset);
  }
  return InlineField(node, id, rel, key, v, depth, offset);
}

Status Decoder::InlineField(NodeId holder, std::string_view holder_id,
                            int rel_index, std::string_view field, od::value v,
                            int depth, size_t offset) {
  const RelationshipDef& rd =
      l_.schema_->type(l_.builder_.asset_type(holder)).relationships[rel_index];
  od::json_type jt;
  if (auto e = v.type().get(jt)) return l_.Json(e, offset);
  if (jt == od::json_type::null) {
    if (auto e = v.is_null().error()) return l_.Json(e, offset);
    return std::nullopt;
  }
  if (depth + 1 > l_.options_.max_inline_depth) {
    return l_.Error(StrCat("inline assets nested deeper than ",
                           l_.options_.max_inline_depth, " levels"),
                    offset);
  }
  if (jt == od::json_type::object) {
    l_.inline_path_.emplace_back(std::string(field), static_cast<size_t>(-1));
    Status s = InlineAsset(holder, holder_id, rd, v, depth + 1, offset);
    if (s) return s;
    l_.inline_path_.pop_back();
    return std::nullopt;
  }
  if (jt != od::json_type::array) {
    return l_.Error(StrCat("asset ", Quote(holder_id),
                           ": relationship "
                           "field ",
                           Quote(field),
                           " must be an object or "
                           "an array of objects, got ",
                           JsonTypeName(jt)),
                    offset);
  }
  od::array arr;
  if (auto e = v.get_array().get(arr)) return l_.Json(e, offset);
  l_.inline_path_.emplace_back(std::string(field), 0);
  for (auto r : arr) {
    od::value ev;
    if (auto e = r.get(ev)) return l_.Json(e, offset);
    od::json_type et;
    if (auto e = ev.type().get(et)) return l_.Json(e, offset);
    if (et != od::json_type::object) {
      return l_.Error(
          StrCat("an inline asset must be an object, got ", JsonTypeName(et)),
          offset);
    }
    if (Status s = InlineAsset(holder, holder_id, rd, ev, depth + 1, offset)) {
      return s;
    }
    ++l_.inline_path_.back().second;
  }
  l_.inline_path_.pop_back();
  return std::nullopt;
}

Status Decoder::InlineAsset(NodeId holder, std::string_view holder_id,
                            const RelationshipDef& rd, od::value v, int depth,
                            size_t offset) {
  od::object obj;
  if (auto e = v.get_object().get(obj)) return l_.Json(e, offset);
  // Pass 1: id, type and how many fields.
  std::string_view id, type_name;
  bool have_id = false, have_type = false;
  size_t fields = 0;
  for (auto fr : obj) {
    od::field field;
    if (auto e = std::move(fr).get(field)) return l_.Json(e, offset);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return l_.Json(e, offset);
    ++fields;
    if (Is(key, "id") || Is(key, "type")) {
      bool& have = Is(key, "id") ? have_id : have_type;
      if (have) return l_.Error(StrCat("duplicate key \"", key, "\""), offset);
      have = true;
      std::string_view& out = Is(key, "id") ? id : type_name;
      VIGIL_READ_STRING(field.value(), out, key);
    }
  }
  if (!have_id) return l_.Error("an inline asset needs an \"id\"", offset);
  const std::string& rel_type =
      l_.schema_->relationship_types()[rd.rel_type_index];
  auto add_edge = [&]() -> Status {
    absl::StatusOr<EdgeRef> e =
        rd.direction == Direction::kOut
            ? l_.builder_.AddEdge(holder_id, rel_type, id)
            : l_.builder_.AddEdge(id, rel_type, holder_id);
    if (!e.ok()) return l_.FromStatus(e.status(), offset);
    return std::nullopt;
  };
  if (fields == 1) {
    // Only an id: a reference when the asset is defined anywhere else.
    bool reference = l_.builder_.FindAsset(id).has_value();
    if (!reference) {
      absl::StatusOr<bool> d = l_.DefinedElsewhere(id);
      if (!d.ok()) return l_.Error(std::string(d.status().message()), offset);
      reference = *d;
    }
    if (reference) return add_edge();
  }
  // A new asset of the field's type (or of the type it names).
  TypeId t = rd.target;
  if (have_type) {
    t = l_.schema_->FindType(type_name);
    if (t == kNoType) {
      return l_.FromStatus(l_.builder_.AddAsset(id, type_name).status(), offset);
    }
    if (!l_.schema_->IsSubtype(t, rd.target)) {
      return l_.Error(StrCat("asset ", Quote(id), " of type ", type_name,
                             " cannot be in field ", rd.field_name, " of type ",
                             l_.schema_->type(rd.target).name),
                      offset);
    }
  } else if (!l_.schema_->type(rd.target).is_object()) {
    return l_.Error(
        StrCat("asset ", Quote(id), " needs a \"type\": field ", rd.field_name,
               " holds interface ", l_.schema_->type(rd.target).name),
        offset);
  }
  absl::StatusOr<NodeId> n = l_.builder_.AddAsset(id, t);
  if (!n.ok()) return l_.FromStatus(n.status(), offset);
  if (Status s = add_edge()) return s;
  if (fields > (have_type ? 2u : 1u)) {
    if (auto e = obj.reset().error()) return l_.Json(e, offset);
    return AssetBody(*n, id, obj, depth, offset);
  }
  return std::nullopt;
}

// ---- properties ------------------------------------------------------------

Status Decoder::Properties(const Sink& sink, od::value v, size_t offset) {
  od::json_type jt;
  if (auto e = v.type().get(jt)) return l_.Json(e, offset);
  if (jt == od::json_type::null) {
    if (auto e = v.is_null().error()) return l_.Json(e, offset);
    return std::nullopt;
  }
  if (jt != od::json_type::object) {
    return l_.Error(
        StrCat("\"properties\" must be an object, got ", JsonTypeName(jt)),
        offset);
  }
  od::object obj;
  if (auto e = v.get_object().get(obj)) return l_.Json(e, offset);
  TypeId t;
  if (sink.is_edge) {
    t = l_.schema_->RelationshipPropertiesType(sink.edge.rel_type);
  } else {
    t = l_.builder_.asset_type(sink.node);
  }
  size_t position = 0;
  // Properties set by this object: a key given twice is an error (the last
  // one winning could flip a verdict). Stamps avoid clearing per object.
  if (++l_.prop_stamp_ == 0) {
    std::fill(l_.prop_seen_.begin(), l_.prop_seen_.end(), 0);
    l_.prop_stamp_ = 1;
  }
  for (auto fr : obj) {
    od::field field;
    if (auto e = std::move(fr).get(field)) return l_.Json(e, offset);
    std::string_view name;
    if (auto e = field.unescaped_key().get(name)) return l_.Json(e, offset);
    int prop = -1;
    // Objects of one type usually list their properties in the same order:
    // try the property seen at this position last time first.
    std::vector<int>* seq = t != kNoType ? &l_.prop_seq_[t] : nullptr;
    if (seq != nullptr && position < seq->size()) {
      const int guess = (*seq)[position];
      if (guess >= 0 && l_.schema_->type(t).properties[guess].name == name) {
        prop = guess;
      }
    }
    if (prop < 0 && t != kNoType) {
      auto& idx = l_.prop_index_[t];
      if (idx.empty()) {
        const auto& props = l_.schema_->type(t).properties;
        for (size_t i = 0; i < props.size(); ++i) {
          idx.emplace(props[i].name, static_cast<int>(i));
        }
      }
      auto it = idx.find(ToAbsl(name));
      if (it != idx.end() && name != "id") {
        prop = it->second;
        if (seq->size() <= position) seq->resize(position + 1, -1);
        (*seq)[position] = prop;
      }
    }
    ++position;
    if (prop < 0) {
      absl::StatusOr<int> p =
          sink.is_edge ? l_.builder_.ResolveEdgeProperty(sink.edge, name)
                       : l_.builder_.ResolveProperty(sink.node, name);
      if (!p.ok()) return l_.FromStatus(p.status(), offset);
      if (*p < 0) continue;  // dropped
      prop = *p;
    }
    if (l_.prop_seen_.size() <= static_cast<size_t>(prop)) {
      l_.prop_seen_.resize(prop + 1, 0);
    }
    if (l_.prop_seen_[prop] == l_.prop_stamp_) {
      return l_.Error(StrCat("duplicate property ", Quote(name), " in \"properties\""), offset);
    }
    l_.prop_seen_[prop] = l_.prop_stamp_;
    const PropertyDef& def = l_.schema_->type(t).properties[prop];
    Status s = def.is_list
                   ? PropertyList(sink, prop, def, field.value(), offset)
                   : Property(sink, prop, def, field.value(), offset);
    if (s) return s;
  }
  return std::nullopt;
}

// The text of a number token (simdjson's raw token may carry what follows).
std::string NumberText(od::value& v) {
  std::string_view raw = v.raw_json_token();
  return std::string(raw.substr(0, raw.find_first_of(" \t\r\n,]}")));
}

Status Decoder::ReadDouble(od::value& v, size_t offset, double* out) {
  if (!v.get_double().get(*out)) return std::nullopt;
  // An integer beyond 64 bits is no number type to this simdjson: read
  // the text.
  const std::string text = NumberText(v);
  char* end = nullptr;
  *out = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return l_.Error(StrCat("not a number: ", text), offset);
  return std::nullopt;
}

Status Decoder::ReadInt(od::value& v, const PropertyDef& def, const std::string& where,
                        size_t offset, int64_t* out, std::optional<double>* fraction) {
  // From the text, so that every form is judged alike: an integer literal
  // must fit int64; one with a fraction or an exponent must be integral
  // (60.0, 6e1) and fit too.
  const std::string text = NumberText(v);
  auto out_of_range = [&] {
    return l_.Error(StrCat("property ", Quote(def.name), ": ", text,
                           " is out of the range of Int (-2^63 to 2^63-1)", where),
                    offset);
  };
  if (text.find_first_of(".eE") == std::string::npos) {
    const char* b = text.data();
    const char* e = b + text.size();
    auto [p, ec] = std::from_chars(b, e, *out);
    if (ec == std::errc::result_out_of_range) return out_of_range();
    if (ec != std::errc() || p != e) return l_.Error(StrCat("not a number: ", text), offset);
    return std::nullopt;
  }
  char* end = nullptr;
  const double d = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return l_.Error(StrCat("not a number: ", text), offset);
  if (std::isfinite(d) && d != std::trunc(d)) {
    *fraction = d;  // not an Int: the caller reports the type mismatch
    return std::nullopt;
  }
  if (!std::isfinite(d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0) {
    return out_of_range();
  }
  *out = static_cast<int64_t>(d);
  return std::nullopt;
}

Status Decoder::Property(const Sink& sink, int prop, const PropertyDef& def,
                         od::value v, size_t offset) {
  od::json_type jt;
  if (auto e = v.type().get(jt)) return l_.Json(e, offset);
  absl::Status st;
  switch (jt) {
    case od::json_type::null:
      if (auto e = v.is_null().error()) return l_.Json(e, offset);
      st = sink.is_edge ? l_.builder_.SetEdgeNull(sink.edge, prop)
                        : l_.builder_.SetNull(sink.node, prop);
      break;
    case od::json_type::boolean: {
      bool b;
      if (auto e = v.get_bool().get(b)) return l_.Json(e, offset);
      st = sink.is_edge ? l_.builder_.SetEdgeBool(sink.edge, prop, b)
                        : l_.builder_.SetBool(sink.node, prop, b);
      break;
    }
    case od::json_type::number: {
      od::number_type nt{};
      const bool typed = !v.get_number_type().get(nt);
      if (def.kind == ScalarKind::kFloat) {
        double d;
        if (Status s = ReadDouble(v, offset, &d)) return s;
        st = sink.is_edge ? l_.builder_.SetEdgeFloat(sink.edge, prop, d)
                          : l_.builder_.SetFloat(sink.node, prop, d);
      } else if (def.kind == ScalarKind::kInt) {
        // Int: an integral number (spec), 60 as well as 60.0 or 6e1.
        int64_t i = 0;
        std::optional<double> fraction;
        if (Status s = ReadInt(v, def, "", offset, &i, &fraction)) return s;
        if (fraction) {  // the builder names the asset and both types
          st = sink.is_edge ? l_.builder_.SetEdgeFloat(sink.edge, prop, *fraction)
                            : l_.builder_.SetFloat(sink.node, prop, *fraction);
        } else {
          st = sink.is_edge ? l_.builder_.SetEdgeInt(sink.edge, prop, i)
                            : l_.builder_.SetInt(sink.node, prop, i);
        }
      } else if (!typed) {
        return l_.Error(StrCat("property ", Quote(def.name), " is ", DeclaredType(def),
                               ", got a number"),
                        offset);
      } else if (nt == od::number_type::signed_integer) {
        int64_t i;
        if (auto e = v.get_int64().get(i)) return l_.Json(e, offset);
        st = sink.is_edge ? l_.builder_.SetEdgeInt(sink.edge, prop, i)
                          : l_.builder_.SetInt(sink.node, prop, i);
      } else if (nt == od::number_type::unsigned_integer &&
                 def.kind == ScalarKind::kInt) {
        return l_.Error(StrCat("property ", Quote(def.name),
                               ": integer out of the range of Int"),
                        offset);
      } else {
        double d;
        if (auto e = v.get_double().get(d)) return l_.Json(e, offset);
        st = sink.is_edge ? l_.builder_.SetEdgeFloat(sink.edge, prop, d)
                          : l_.builder_.SetFloat(sink.node, prop, d);
      }
      break;
    }
    case od::json_type::string: {
      std::string_view s;
      if (auto e = v.get_string().get(s)) return l_.Json(e, offset);
      st = sink.is_edge ? l_.builder_.SetEdgeString(sink.edge, prop, s)
                        : l_.builder_.SetString(sink.node, prop, s);
      break;
    }
    default:
      return l_.Error(StrCat("property ", Quote(def.name), " is ",
                             DeclaredType(def), ", got ", JsonTypeName(jt)),
                      offset);
  }
  if (!st.ok()) return l_.FromStatus(st, offset);
  return std::nullopt;
}

Status Decoder::PropertyList(const Sink& sink, int prop, const PropertyDef& def,
                             od::value v, size_t offset) {
  od::json_type jt;
  if (auto e = v.type().get(jt)) return l_.Json(e, offset);
  if (jt == od::json_type::null) {
    if (auto e = v.is_null().error()) return l_.Json(e, offset);
    absl::Status st = sink.is_edge ? l_.builder_.SetEdgeNull(sink.edge, prop)
                                   : l_.builder_.SetNull(sink.node, prop);
    if (!st.ok()) return l_.FromStatus(st, offset);
    return std::nullopt;
  }
  if (jt != od::json_type::array) {
    return l_.Error(StrCat("property ", Quote(def.name), " is ",
                           DeclaredType(def), ", got ", JsonTypeName(jt)),
                    offset);
  }
  od::array arr;
  if (auto e = v.get_array().get(arr)) return l_.Json(e, offset);
  std::vector<std::optional<bool>> bools;
  std::vector<std::optional<int64_t>> ints;
  std::vector<std::optional<double>> floats;
  std::vector<std::optional<std::string_view>> strings;
  // The JSON type each element of the declared list must have.
  const od::json_type want = def.kind == ScalarKind::kBoolean ? od::json_type::boolean
                             : def.kind == ScalarKind::kInt || def.kind == ScalarKind::kFloat
                                 ? od::json_type::number
                                 : od::json_type::string;
  size_t i = 0;
  for (auto r : arr) {
    od::value ev;
    if (auto e = r.get(ev)) return l_.Json(e, offset);
    od::json_type et;
    if (auto e = ev.type().get(et)) return l_.Json(e, offset);
    bool null = et == od::json_type::null;
    if (null) {
      if (auto e = ev.is_null().error()) return l_.Json(e, offset);
    }
    auto mismatch = [&]() {
      return l_.Error(
          StrCat("property ", Quote(def.name), " is ", DeclaredType(def),
                 ", got ", JsonTypeName(et), " at index ", i),
          offset);
    };
    if (!null && et != want) return mismatch();
    switch (def.kind) {
      case ScalarKind::kBoolean: {
        std::optional<bool> x;
        if (!null) {
          bool b;
          if (auto e = ev.get_bool().get(b)) return l_.Json(e, offset);
          x = b;
        }
        bools.push_back(x);
        break;
      }
      case ScalarKind::kInt: {
        std::optional<int64_t> x;
        if (!null) {
          int64_t n = 0;
          std::optional<double> fraction;
          if (Status s = ReadInt(ev, def, StrCat(" at index ", i), offset, &n, &fraction)) {
            return s;
          }
          if (fraction) {
            return l_.Error(StrCat("property ", Quote(def.name), " is ", DeclaredType(def),
                                   ", got Float at index ", i),
                            offset);
          }
          x = n;
        }
        ints.push_back(x);
        break;
      }
      case ScalarKind::kFloat: {
        std::optional<double> x;
        if (!null) {
          double d;
          if (Status s = ReadDouble(ev, offset, &d)) return s;
          x = d;
        }
        floats.push_back(x);
        break;
      }
      default: {
        std::optional<std::string_view> x;
        if (!null) {
          std::string_view s;
          if (auto e = ev.get_string().get(s)) return l_.Json(e, offset);
          x = s;
        }
        strings.push_back(x);
        break;
      }
    }
    ++i;
  }
  absl::Status st;
  switch (def.kind) {
    case ScalarKind::kBoolean:
      st = sink.is_edge ? l_.builder_.SetEdgeBoolList(sink.edge, prop, bools)
                        : l_.builder_.SetBoolList(sink.node, prop, bools);
      break;
    case ScalarKind::kInt:
      st = sink.is_edge ? l_.builder_.SetEdgeIntList(sink.edge, prop, ints)
                        : l_.builder_.SetIntList(sink.node, prop, ints);
      break;
    case ScalarKind::kFloat:
      st = sink.is_edge ? l_.builder_.SetEdgeFloatList(sink.edge, prop, floats)
                        : l_.builder_.SetFloatList(sink.node, prop, floats);
      break;
    default:
      st = sink.is_edge
               ? l_.builder_.SetEdgeStringList(sink.edge, prop, strings)
               : l_.builder_.SetStringList(sink.node, prop, strings);
      break;
  }
  if (!st.ok()) return l_.FromStatus(st, offset);
  return std::nullopt;
}

// ---- relationships ---------------------------------------------------------

Status Decoder::Relationship(od::value v, size_t index, size_t offset) {
  od::json_type jt;
  if (auto e = v.type().get(jt)) return l_.Json(e, offset);
  if (jt != od::json_type::object) {
    return l_.Error(
        StrCat("a relationship must be an object, got ", JsonTypeName(jt)),
        offset);
  }
  od::object obj;
  if (auto e = v.get_object().get(obj)) return l_.Json(e, offset);
  std::string_view from, type, to;
  bool have_from = false, have_type = false, have_to = false;
  bool added = false, deferred = false;
  EdgeRef edge;
  auto add = [&]() -> Status {
    absl::StatusOr<EdgeRef> e = l_.builder_.AddEdge(from, type, to);
    if (!e.ok()) return l_.FromStatus(e.status(), offset);
    edge = *e;
    added = true;
    return std::nullopt;
  };
  for (auto fr : obj) {
    od::field field;
    if (auto e = std::move(fr).get(field)) return l_.Json(e, offset);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return l_.Json(e, offset);
    if (Is(key, "from") || Is(key, "type") || Is(key, "to")) {
      bool& have = Is(key, "from") ? have_from
                   : Is(key, "to") ? have_to
                                   : have_type;
      if (have) return l_.Error(StrCat("duplicate key \"", key, "\""), offset);
      have = true;
      std::string_view& out = Is(key, "from") ? from
                              : Is(key, "to") ? to
                                              : type;
      VIGIL_READ_STRING(field.value(), out, key);
    } else if (Is(key, "properties")) {
      if (have_from && have_type && have_to && !added) {
        if (Status s = add()) return s;
      }
      if (!added) {
        deferred = true;
        continue;
      }
      Sink sink;
      sink.is_edge = true;
      sink.edge = edge;
      if (Status s = Properties(sink, field.value(), offset)) return s;
    } else {
      return l_.Error(StrCat("unknown key ", Quote(key),
                             " (a relationship has \"from\", \"type\", "
                             "\"to\" and \"properties\")"),
                      offset);
    }
  }
  if (!have_from || !have_type || !have_to) {
    return l_.Error(StrCat("a relationship needs \"",
                           !have_from   ? "from"
                           : !have_type ? "type"
                                        : "to",
                           "\""),
                    offset);
  }
  if (!added) {
    if (Status s = add()) return s;
  }
  if (deferred) {
    if (auto e = obj.reset().error()) return l_.Json(e, offset);
    for (auto fr : obj) {
      od::field field;
      if (auto e = std::move(fr).get(field)) return l_.Json(e, offset);
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return l_.Json(e, offset);
      if (key != "properties") continue;
      Sink sink;
      sink.is_edge = true;
      sink.edge = edge;
      if (Status s = Properties(sink, field.value(), offset)) return s;
    }
  }
  return std::nullopt;
}

Status Decoder::CollectDefinitions(od::value v, bool top, int depth,
                                   size_t offset) {
  od::json_type jt;
  if (auto e = v.type().get(jt)) return l_.Json(e, offset);
  if (jt != od::json_type::object) return std::nullopt;
  if (depth > l_.options_.max_inline_depth) return std::nullopt;
  od::object obj;
  if (auto e = v.get_object().get(obj)) return l_.Json(e, offset);
  size_t fields = 0;
  std::optional<std::string_view> id;
  for (auto fr : obj) {
    od::field field;
    if (auto e = std::move(fr).get(field)) return l_.Json(e, offset);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return l_.Json(e, offset);
    ++fields;
    if (Is(key, "id")) {
      std::string_view s;
      if (!field.value().get_string().get(s)) id = s;
      continue;
    }
    if (Is(key, "type") || Is(key, "properties")) continue;
    od::json_type ft;
    if (auto e = field.value().type().get(ft)) return l_.Json(e, offset);
    if (ft == od::json_type::object) {
      if (Status s =
              CollectDefinitions(field.value(), false, depth + 1, offset)) {
        return s;
      }
    } else if (ft == od::json_type::array) {
      od::array arr;
      if (auto e = field.value().get_array().get(arr))
        return l_.Json(e, offset);
      for (auto r : arr) {
        od::value ev;
        if (auto e = r.get(ev)) return l_.Json(e, offset);
        if (Status s = CollectDefinitions(ev, false, depth + 1, offset)) {
          return s;
        }
      }
    }
  }
  if (id && (top || fields > 1)) l_.defined_->emplace(std::string(*id));
  return std::nullopt;
}

}  // namespace

Status Loader::Asset(od::value v, size_t index, size_t offset) {
  return Decoder(*this).Asset(v, index, offset);
}

Status Loader::Relationship(od::value v, size_t index, size_t offset) {
  return Decoder(*this).Relationship(v, index, offset);
}

Status Loader::CollectDefinitions(od::value v, bool top, int depth,
                                  size_t offset) {
  return Decoder(*this).CollectDefinitions(v, top, depth, offset);
}

}  // namespace vigil::graph_json
