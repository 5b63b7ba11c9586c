#include "src/check/input_types.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "src/base/datetime.h"
#include "src/base/strings.h"
#include "src/check/checker.h"

namespace vigil::check {
namespace {

constexpr int kMaxListNesting = 8;

bool IsNameStart(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

std::optional<TypeRef> ParseRef(std::string_view s, int depth) {
  if (s.empty() || depth > kMaxListNesting) return std::nullopt;
  bool non_null = false;
  if (s.back() == '!') {
    non_null = true;
    s.remove_suffix(1);
    if (s.empty() || s.back() == '!') return std::nullopt;
  }
  if (s.front() == '[') {
    if (s.size() < 3 || s.back() != ']') return std::nullopt;
    auto element = ParseRef(s.substr(1, s.size() - 2), depth + 1);
    if (!element) return std::nullopt;
    return TypeRef::ListOf(*std::move(element), non_null);
  }
  if (!IsNameStart(s.front())) return std::nullopt;
  for (char c : s) {
    if (!IsNameChar(c)) return std::nullopt;
  }
  return TypeRef::Named(std::string(s), non_null);
}

// Key suffixes, longest first so that `_NOT_IN` is tried before `_IN`.
constexpr const char* kSuffixes[] = {
    "_NOT_STARTS_WITH", "_NOT_ENDS_WITH", "_NOT_CONTAINS", "_NOT_INCLUDES",
    "_NOT_IN", "_STARTS_WITH", "_ENDS_WITH", "_CONTAINS", "_INCLUDES",
    "_MATCHES", "_NOT", "_IN", "_LTE", "_GTE", "_LT", "_GT",
    "_SOME", "_NONE", "_ALL", "_SINGLE"};

// Suffixes a property takes (besides the bare key).
std::vector<std::string_view> PropertySuffixes(const PropertyDef& def) {
  if (def.is_list) {
    if (def.kind == ScalarKind::kBoolean) return {"_NOT"};  // [Boolean]: equality only
    return {"_NOT", "_INCLUDES", "_NOT_INCLUDES"};
  }
  switch (def.kind) {
    case ScalarKind::kBoolean:
      return {"_NOT"};
    case ScalarKind::kEnum:
    case ScalarKind::kCustom:  // user-defined scalars: equality and IN only
      return {"_NOT", "_IN", "_NOT_IN"};
    case ScalarKind::kInt:
    case ScalarKind::kFloat:
    case ScalarKind::kDateTime:
      return {"_NOT", "_IN", "_NOT_IN", "_LT", "_LTE", "_GT", "_GTE"};
    default:
      return {"_NOT", "_IN", "_NOT_IN", "_CONTAINS", "_NOT_CONTAINS",
              "_STARTS_WITH", "_NOT_STARTS_WITH", "_ENDS_WITH",
              "_NOT_ENDS_WITH", "_MATCHES", "_LT", "_LTE", "_GT", "_GTE"};
  }
}

// Suffixes a relationship (or its connection) takes besides the bare key.
std::vector<std::string_view> RelationshipSuffixes(const RelationshipDef& rel) {
  if (rel.is_list) return {"_NOT", "_SOME", "_NONE", "_ALL", "_SINGLE"};
  return {"_NOT"};
}

bool Takes(const std::vector<std::string_view>& allowed, std::string_view suffix) {
  return std::find(allowed.begin(), allowed.end(), suffix) != allowed.end();
}

// The relationship field whose generated prefix (<Type><R>) is `prefix`.
bool FindRelationshipPrefix(const Schema& schema, std::string_view prefix, TypeId* source,
                            const RelationshipDef** rel) {
  for (TypeId t = 0; t < static_cast<TypeId>(schema.types().size()); ++t) {
    const TypeDef& td = schema.type(t);
    if (!prefix.starts_with(td.name)) continue;
    std::string_view rest = prefix.substr(td.name.size());
    for (const RelationshipDef& r : td.relationships) {
      if (UpperFirst(r.field_name) == rest) {
        *source = t;
        *rel = &r;
        return true;
      }
    }
  }
  return false;
}

bool IsCustomScalar(const Schema& schema, std::string_view name) {
  for (const TypeDef& t : schema.types()) {
    for (const PropertyDef& p : t.properties) {
      if (p.kind == ScalarKind::kCustom && p.type_name == name) return true;
    }
  }
  return false;
}

std::optional<ScalarKind> BuiltinScalar(std::string_view n) {
  if (n == "ID") return ScalarKind::kID;
  if (n == "String") return ScalarKind::kString;
  if (n == "Int") return ScalarKind::kInt;
  if (n == "Float") return ScalarKind::kFloat;
  if (n == "Boolean") return ScalarKind::kBoolean;
  if (n == "DateTime") return ScalarKind::kDateTime;
  return std::nullopt;
}

InputField Field(TypeRef type, InputType named, bool null_ok = true) {
  return InputField{std::move(type), std::move(named), null_ok};
}

// AND, OR and NOT of an input object type.
std::optional<InputField> LogicalField(const InputType& self, std::string_view key) {
  if (key == "AND" || key == "OR")
    return Field(TypeRef::ListOf(TypeRef::Named(self.name, true)), self);
  if (key == "NOT") return Field(TypeRef::Named(self.name), self);
  return std::nullopt;
}

std::optional<InputField> WhereField(const Schema& schema, const InputType& object,
                                     std::string_view key, std::string* why) {
  const TypeDef& t = schema.type(object.type);
  WhereKey k = ParseWhereKey(t, key);
  switch (k.kind) {
    case WhereKey::Kind::kLogical:
      return LogicalField(object, key);
    case WhereKey::Kind::kProperty: {
      const PropertyDef& def = t.properties[k.index];
      PropertyKey pk = PropertyKeyOf(def, k.suffix);
      InputType named = pk.op == plan::ScalarOp::kMatches
                            ? InputType::Scalar("String", ScalarKind::kString)
                            : InputType::OfProperty(schema, def);
      return Field(std::move(pk.operand), std::move(named));
    }
    case WhereKey::Kind::kRelationship: {
      const RelationshipDef& rel = t.relationships[k.index];
      InputType named = InputType::Where(schema, rel.target);
      TypeRef type = TypeRef::Named(named.name);
      return Field(std::move(type), std::move(named));
    }
    case WhereKey::Kind::kConnection: {
      InputType named = InputType::ConnectionWhere(schema, object.type, t.relationships[k.index]);
      TypeRef type = TypeRef::Named(named.name);
      return Field(std::move(type), std::move(named));
    }
    case WhereKey::Kind::kTypename: {
      InputType named = InputType::Implementation(schema, object.type);
      TypeRef type = TypeRef::ListOf(TypeRef::Named(named.name, true));
      return Field(std::move(type), std::move(named));
    }
    case WhereKey::Kind::kAggregate: {
      InputType named = InputType::AggregateInput(schema, object.type, t.relationships[k.index]);
      TypeRef type = TypeRef::Named(named.name);
      return Field(std::move(type), std::move(named), /*null_ok=*/false);
    }
    default:
      *why = BadWhereKeyMessage(schema, object.type, key, k);
      return std::nullopt;
  }
}

std::optional<InputField> ConnectionField(const Schema& schema, const InputType& object,
                                          std::string_view key, std::string* why) {
  if (auto f = LogicalField(object, key)) return f;
  const RelationshipDef& rel = *object.rel;
  if (key == "node" || (key == "edge" && rel.properties != kNoType)) {
    InputType named = InputType::Where(schema, key == "node" ? rel.target : rel.properties);
    TypeRef type = TypeRef::Named(named.name);
    // Neo4j GraphQL fails on node: null and edge: null.
    return Field(std::move(type), std::move(named), /*null_ok=*/false);
  }
  if (key == "edge") {
    *why = StrCat("\"edge\" is not valid here: relationship ", rel.field_name,
                  " declares no properties");
  } else if (key == "node_NOT" || key == "edge_NOT") {
    *why = StrCat("\"", key, "\" is not supported (Neo4j GraphQL 5.x silently ignores its NOT); "
                  "write NOT: {", key.substr(0, 4), ": ...}");
  } else {
    std::vector<std::string> keys = {"node", "AND", "OR", "NOT"};
    if (rel.properties != kNoType) keys.push_back("edge");
    *why = StrCat("unknown key \"", key, "\" in ", object.name, ".", DidYouMean(key, keys));
  }
  return std::nullopt;
}

std::optional<InputField> AggregateField(const Schema& schema, const InputType& object,
                                         std::string_view key, std::string* why) {
  if (auto f = LogicalField(object, key)) return f;
  const RelationshipDef& rel = *object.rel;
  if (ParseCountKey(key)) return Field(TypeRef::Named("Int"), InputType::Scalar("Int", ScalarKind::kInt));
  const bool node_ok = HasAggregatableProperties(schema.type(rel.target));
  const bool edge_ok =
      rel.properties != kNoType && HasAggregatableProperties(schema.type(rel.properties));
  if ((key == "node" && node_ok) || (key == "edge" && edge_ok)) {
    InputType named = InputType::AggregationWhere(schema, object.type, rel, key == "edge");
    TypeRef type = TypeRef::Named(named.name);
    return Field(std::move(type), std::move(named), /*null_ok=*/false);
  }
  if (key == "edge" && rel.properties == kNoType) {
    *why = StrCat("\"edge\" is not valid here: relationship ", rel.field_name,
                  " declares no properties");
    return std::nullopt;
  }
  if (key == "node" || key == "edge") {
    *why = StrCat("\"", key, "\" is not valid here: ",
                  schema.type(key == "node" ? rel.target : rel.properties).name,
                  " has no property to aggregate (ID, String, Int, Float or DateTime)");
    return std::nullopt;
  }
  std::vector<std::string> keys = {"count", "count_LT", "count_LTE", "count_GT",
                                   "count_GTE", "AND", "OR", "NOT"};
  if (node_ok) keys.push_back("node");
  if (edge_ok) keys.push_back("edge");
  *why = StrCat("unknown key \"", key, "\" in ", object.name, ".", DidYouMean(key, keys));
  return std::nullopt;
}

std::optional<InputField> AggregationField(const Schema& schema, const InputType& object,
                                           std::string_view key, std::string* why) {
  if (auto f = LogicalField(object, key)) return f;
  const TypeDef& owner = schema.type(object.aggregated_type());
  if (auto a = ParseAggregationKey(owner, key)) {
    return Field(TypeRef::Named(a->operand_type),
                 InputType::Scalar(a->operand_type, a->operand_kind));
  }
  *why = StrCat("unknown key \"", key, "\" in ", object.name, ".",
                DidYouMean(key, AggregationKeys(owner)));
  return std::nullopt;
}

std::optional<InputField> OptionsField(const Schema& schema, const InputType& object,
                                       std::string_view key, std::string* why) {
  if (key == "limit" || key == "offset")
    return Field(TypeRef::Named("Int"), InputType::Scalar("Int", ScalarKind::kInt));
  if (key == "sort") {
    InputType named = InputType::Sort(schema, object.type);
    // An interface's sort list takes null elements (as Neo4j generates it).
    TypeRef type =
        TypeRef::ListOf(TypeRef::Named(named.name, !schema.type(object.type).is_interface()));
    return Field(std::move(type), std::move(named));
  }
  *why = StrCat("unknown option \"", key, "\".", DidYouMean(key, {"limit", "offset", "sort"}));
  return std::nullopt;
}

std::optional<InputField> SortField(const Schema& schema, const InputType& object,
                                    std::string_view key, std::string* why) {
  const TypeDef& t = schema.type(object.type);
  int p = t.FindProperty(key);
  if (p >= 0 && (!t.properties[p].is_list || t.kind == TypeDef::Kind::kRelationshipProperties))
    return Field(TypeRef::Named("SortDirection"), InputType::SortDirection());
  std::vector<std::string> names;
  for (const auto& pd : t.properties)
    if (!pd.is_list) names.push_back(pd.name);
  *why = StrCat("cannot sort ", t.name, " by \"", key, "\".", DidYouMean(key, names));
  return std::nullopt;
}

std::optional<InputField> ConnectionSortField(const Schema& schema, const InputType& object,
                                              std::string_view key, std::string* why) {
  const RelationshipDef& rel = *object.rel;
  if (key == "node" || (key == "edge" && rel.properties != kNoType)) {
    InputType named = InputType::Sort(schema, key == "node" ? rel.target : rel.properties);
    TypeRef type = TypeRef::Named(named.name);
    return Field(std::move(type), std::move(named));
  }
  std::vector<std::string> keys = {"node"};
  if (rel.properties != kNoType) keys.push_back("edge");
  *why = StrCat("unknown key \"", key, "\" in ", object.name, ".", DidYouMean(key, keys));
  return std::nullopt;
}

std::string Describe(const InputType& named, const Schema& schema, const FitOptions& options) {
  switch (named.kind) {
    case InputType::Kind::kScalar:
      switch (named.scalar) {
        case ScalarKind::kID: return "an ID (a string or an integral number)";
        case ScalarKind::kInt: return "an Int (an integral number)";
        case ScalarKind::kFloat: return "a Float (a number)";
        case ScalarKind::kBoolean: return "a Boolean (true or false)";
        case ScalarKind::kDateTime:
          return options.datetime_extension_name != nullptr
                     ? StrCat("a DateTime (an ISO-8601 date-time or ",
                              options.datetime_extension_name, ")")
                     : std::string("a DateTime (an ISO-8601 date-time)");
        case ScalarKind::kString: return "a String";
        default: return StrCat("a ", named.name, " (a string)");
      }
    case InputType::Kind::kEnum:
      return StrCat("a value of enum ", named.name, " (",
                    StrJoin(schema.enums()[named.enum_index].values, ", "), ")");
    case InputType::Kind::kSortDirection:
      return "a SortDirection (ASC or DESC)";
    case InputType::Kind::kImplementation: {
      std::vector<std::string> names;
      for (TypeId c : schema.type(named.type).concrete_types) names.push_back(schema.type(c).name);
      return StrCat("a value of enum ", named.name, " (", StrJoin(names, ", "), ")");
    }
    default:
      return StrCat("an object (", named.name, ")");
  }
}

bool ScalarFits(const Value& v, const InputType& named, const Schema& schema,
                const FitOptions& options) {
  switch (named.kind) {
    case InputType::Kind::kEnum:
      return v.is_string() && schema.enums()[named.enum_index].Find(v.as_string()) >= 0;
    case InputType::Kind::kSortDirection:
      return v.is_string() && (v.as_string() == "ASC" || v.as_string() == "DESC");
    case InputType::Kind::kImplementation:
      return v.is_string() && ImplementationOf(schema, named.type, v.as_string()) != kNoType;
    default:
      break;
  }
  switch (named.scalar) {
    case ScalarKind::kID: return v.is_string() || IntegralValue(v).has_value();
    case ScalarKind::kInt: return IntegralValue(v).has_value();
    case ScalarKind::kFloat: return v.is_number();
    case ScalarKind::kBoolean: return v.is_bool();
    case ScalarKind::kDateTime:
      return v.is_string() &&
             (ParseQueryDateTime(v.as_string(), nullptr).has_value() ||
              (options.datetime_extension != nullptr &&
               options.datetime_extension(v.as_string())));
    default: return v.is_string();  // String, custom scalars
  }
}

class Fitter {
 public:
  Fitter(const Schema& schema, const FitOptions& options, std::string* why)
      : schema_(schema), options_(options), why_(why) {}

  bool Fits(const Value& v, const TypeRef& type, const InputType& named,
            const std::string& path, int depth) {
    if (depth > 64) return Fail(path, "nests too deeply");
    if (v.is_null()) {
      if (!type.non_null()) return true;
      return Fail(path, StrCat("is null but ", type.ToString(), " is non-null"));
    }
    if (type.is_list()) {
      if (!v.is_array()) return Fits(v, type.element(), named, path, depth + 1);  // coercion
      const Value::Array& a = v.as_array();
      for (size_t i = 0; i < a.size(); ++i) {
        if (!Fits(a[i], type.element(), named, StrCat(path, "[", i, "]"), depth + 1))
          return false;
      }
      return true;
    }
    if (!named.is_object()) {
      if (ScalarFits(v, named, schema_, options_)) return true;
      return Fail(path, StrCat(v.ToJson(), " is not ", Describe(named, schema_, options_)));
    }
    if (!v.is_object()) {
      return Fail(path, StrCat(v.ToJson(), " is not ", Describe(named, schema_, options_)));
    }
    const Value::Object& o = v.as_object();
    for (size_t i = 0; i < o.size(); ++i) {
      const auto& [key, member] = o[i];
      std::string at = path.empty() ? key : StrCat(path, ".", key);
      for (size_t j = 0; j < i; ++j) {
        if (o[j].first == key)
          return Fail(path, StrCat("has the key \"", key, "\" more than once"));
      }
      std::string why;
      auto field = FindInputField(schema_, named, key, &why);
      if (!field) return Fail(path, why);
      if (member.is_null() && !field->null_ok)
        return Fail(at, StrCat("is null, which ", key, " does not accept"));
      if (!Fits(member, field->type, field->named, at, depth + 1)) return false;
    }
    return true;
  }

 private:
  bool Fail(const std::string& path, std::string what) {
    *why_ = path.empty() ? StrCat("the value ", what) : StrCat("the value at ", path, " ", what);
    return false;
  }
  const Schema& schema_;
  const FitOptions& options_;
  std::string* why_;
};

}  // namespace

// ---- TypeRef ----------------------------------------------------------------

TypeRef::TypeRef(const TypeRef& o)
    : non_null_(o.non_null_),
      name_(o.name_),
      element_(o.element_ ? std::make_unique<TypeRef>(*o.element_) : nullptr) {}

TypeRef& TypeRef::operator=(const TypeRef& o) {
  if (this != &o) *this = TypeRef(o);
  return *this;
}

TypeRef TypeRef::Named(std::string name, bool non_null) {
  TypeRef t;
  t.name_ = std::move(name);
  t.non_null_ = non_null;
  return t;
}

TypeRef TypeRef::ListOf(TypeRef element, bool non_null) {
  TypeRef t;
  t.element_ = std::make_unique<TypeRef>(std::move(element));
  t.non_null_ = non_null;
  return t;
}

std::optional<TypeRef> TypeRef::Parse(std::string_view text) { return ParseRef(text, 0); }

TypeRef TypeRef::FromAst(const ast::TypeRef& type) {
  switch (type.kind) {
    case ast::TypeRef::Kind::kNonNull: {
      TypeRef t = FromAst(*type.inner);
      t.non_null_ = true;
      return t;
    }
    case ast::TypeRef::Kind::kList:
      return ListOf(FromAst(*type.inner));
    default:
      return Named(type.name);
  }
}

TypeRef TypeRef::Nullable() const {
  TypeRef t = *this;
  t.non_null_ = false;
  return t;
}

std::string TypeRef::ToString() const {
  std::string s = is_list() ? StrCat("[", element_->ToString(), "]") : name_;
  if (non_null_) s.push_back('!');
  return s;
}

// ---- InputType --------------------------------------------------------------

std::string UpperFirst(std::string_view s) {
  std::string r(s);
  if (!r.empty()) r[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(r[0])));
  return r;
}

InputType InputType::Scalar(std::string name, ScalarKind kind) {
  InputType t;
  t.kind = Kind::kScalar;
  t.name = std::move(name);
  t.scalar = kind;
  return t;
}

InputType InputType::Enum(const Schema& schema, int enum_index) {
  InputType t;
  t.kind = Kind::kEnum;
  t.name = schema.enums()[enum_index].name;
  t.scalar = ScalarKind::kEnum;
  t.enum_index = enum_index;
  return t;
}

InputType InputType::SortDirection() {
  InputType t;
  t.kind = Kind::kSortDirection;
  t.name = "SortDirection";
  return t;
}

InputType InputType::Where(const Schema& schema, TypeId type) {
  InputType t;
  t.kind = Kind::kWhere;
  t.name = schema.type(type).name + "Where";
  t.type = type;
  return t;
}

InputType InputType::ConnectionWhere(const Schema& schema, TypeId source,
                                     const RelationshipDef& rel) {
  InputType t;
  t.kind = Kind::kConnectionWhere;
  t.name = StrCat(schema.type(source).name, UpperFirst(rel.field_name), "ConnectionWhere");
  t.type = source;
  t.rel = &rel;
  return t;
}

InputType InputType::AggregateInput(const Schema& schema, TypeId source,
                                    const RelationshipDef& rel) {
  InputType t;
  t.kind = Kind::kAggregateInput;
  t.name = StrCat(schema.type(source).name, UpperFirst(rel.field_name), "AggregateInput");
  t.type = source;
  t.rel = &rel;
  return t;
}

InputType InputType::AggregationWhere(const Schema& schema, TypeId source,
                                      const RelationshipDef& rel, bool on_edge) {
  InputType t;
  t.kind = Kind::kAggregationWhere;
  // The edge form is named after the properties type alone (as in 5.x).
  t.name = on_edge ? StrCat(schema.type(rel.properties).name, "AggregationWhereInput")
                   : StrCat(schema.type(source).name, UpperFirst(rel.field_name),
                            "NodeAggregationWhereInput");
  t.type = source;
  t.rel = &rel;
  t.on_edge = on_edge;
  return t;
}

InputType InputType::Implementation(const Schema& schema, TypeId interface_type) {
  InputType t;
  t.kind = Kind::kImplementation;
  t.name = schema.type(interface_type).name + "Implementation";
  t.type = interface_type;
  return t;
}

InputType InputType::Options(const Schema& schema, TypeId type) {
  InputType t;
  t.kind = Kind::kOptions;
  t.name = schema.type(type).name + "Options";
  t.type = type;
  return t;
}

InputType InputType::Sort(const Schema& schema, TypeId type) {
  InputType t;
  t.kind = Kind::kSort;
  t.name = schema.type(type).name + "Sort";
  t.type = type;
  return t;
}

InputType InputType::ConnectionSort(const Schema& schema, TypeId source,
                                    const RelationshipDef& rel) {
  InputType t;
  t.kind = Kind::kConnectionSort;
  t.name = StrCat(schema.type(source).name, UpperFirst(rel.field_name), "ConnectionSort");
  t.type = source;
  t.rel = &rel;
  return t;
}

InputType InputType::OfProperty(const Schema& schema, const PropertyDef& def) {
  if (def.kind == ScalarKind::kEnum) return Enum(schema, def.enum_index);
  return Scalar(def.type_name, def.kind);
}

std::optional<InputType> FindInputType(const Schema& schema, std::string_view name) {
  if (auto k = BuiltinScalar(name)) return InputType::Scalar(std::string(name), *k);
  if (name == "SortDirection") return InputType::SortDirection();
  if (int e = schema.FindEnum(name); e >= 0) return InputType::Enum(schema, e);
  TypeId source = kNoType;
  const RelationshipDef* rel = nullptr;
  auto strip = [&](std::string_view suffix, std::string_view* base) {
    if (name.size() <= suffix.size() || !name.ends_with(suffix)) return false;
    *base = name.substr(0, name.size() - suffix.size());
    return true;
  };
  std::string_view base;
  if (strip("ConnectionWhere", &base) && FindRelationshipPrefix(schema, base, &source, &rel))
    return InputType::ConnectionWhere(schema, source, *rel);
  if (strip("Where", &base)) {
    if (TypeId t = schema.FindType(base); t != kNoType) return InputType::Where(schema, t);
  }
  if (strip("AggregateInput", &base) && FindRelationshipPrefix(schema, base, &source, &rel))
    return InputType::AggregateInput(schema, source, *rel);
  if (strip("NodeAggregationWhereInput", &base) &&
      FindRelationshipPrefix(schema, base, &source, &rel)) {
    return InputType::AggregationWhere(schema, source, *rel, false);
  }
  if (strip("ConnectionSort", &base) && FindRelationshipPrefix(schema, base, &source, &rel))
    return InputType::ConnectionSort(schema, source, *rel);
  if (strip("AggregationWhereInput", &base)) {
    // PAggregationWhereInput: over properties type P, whichever relationship
    // declares it.
    TypeId p = schema.FindType(base);
    if (p != kNoType && schema.type(p).kind == TypeDef::Kind::kRelationshipProperties) {
      for (TypeId t = 0; t < static_cast<TypeId>(schema.types().size()); ++t) {
        for (const RelationshipDef& r : schema.type(t).relationships) {
          if (r.properties == p) return InputType::AggregationWhere(schema, t, r, true);
        }
      }
    }
  }
  if (strip("Implementation", &base)) {
    TypeId t = schema.FindType(base);
    if (t != kNoType && schema.type(t).is_interface()) return InputType::Implementation(schema, t);
  }
  for (std::string_view suffix : {"Options", "Sort"}) {
    if (!strip(suffix, &base)) continue;
    TypeId t = schema.FindType(base);
    if (t == kNoType) continue;
    if (suffix == "Sort") return InputType::Sort(schema, t);
    if (schema.type(t).kind == TypeDef::Kind::kRelationshipProperties) continue;
    return InputType::Options(schema, t);
  }
  if (IsCustomScalar(schema, name)) return InputType::Scalar(std::string(name), ScalarKind::kCustom);
  return std::nullopt;
}

std::optional<Instant> ParseQueryDateTime(std::string_view text, std::string* why) {
  DateTimeTextError error;
  std::optional<Instant> t = ParseEcmaScriptDateTime(text, &error);
  if (!t) {
    if (why != nullptr) {
      switch (error) {
        case DateTimeTextError::kBadDate:
          *why = StrCat("\"", text, "\" is not a date-time: a month, day, hour, minute, "
                        "second or offset is out of range");
          break;
        case DateTimeTextError::kOutOfRange:
          *why = StrCat("\"", text, "\" is outside the years 0001 to 9999 that vigil reads");
          break;
        default:
          *why = StrCat("\"", text, "\" is not a date-time (YYYY[-MM[-DD]], optionally "
                        "followed by THH:mm[:ss[.sss]] and Z or \u00b1HH:mm)");
          break;
      }
    }
    return std::nullopt;
  }
  // Neo4j GraphQL reads a DateTime through a JavaScript Date: milliseconds.
  t->nanos -= t->nanos % 1000000;
  return t;
}

bool IsInputType(const Schema& schema, const TypeRef& type, std::string* why) {
  const std::string& n = type.name();
  if (FindInputType(schema, n)) return true;
  if (schema.FindType(n) != kNoType) {
    *why = StrCat("\"", n, "\" is an object type, not an input type (a filter of it is ", n,
                  "Where)");
  } else {
    *why = StrCat("unknown type \"", n,
                  "\" (expected ID, String, Int, Float, Boolean, DateTime, a custom scalar or "
                  "an enum of the schema, or a generated input type such as <Type>Where, "
                  "possibly in a list)");
  }
  return false;
}

// ---- keys --------------------------------------------------------------------

WhereKey ParseWhereKey(const TypeDef& t, std::string_view key) {
  using Kind = WhereKey::Kind;
  WhereKey k;
  if (key == "AND" || key == "OR" || key == "NOT") {
    k.kind = Kind::kLogical;
    return k;
  }
  if (int p = t.FindProperty(key); p >= 0) return WhereKey{Kind::kProperty, p, ""};
  if (int r = t.FindRelationship(key); r >= 0) return WhereKey{Kind::kRelationship, r, ""};
  if (key.ends_with("Aggregate")) {
    if (int r = t.FindRelationship(key.substr(0, key.size() - 9)); r >= 0)
      return WhereKey{Kind::kAggregate, r, ""};
  }
  if (key.ends_with("Connection")) {
    if (int r = t.FindRelationship(key.substr(0, key.size() - 10)); r >= 0)
      return WhereKey{Kind::kConnection, r, ""};
  }
  if (key == "typename_IN" && t.is_interface() && t.FindProperty("typename") < 0) {
    k.kind = Kind::kTypename;
    return k;
  }
  for (const char* suffix : kSuffixes) {
    std::string_view sfx(suffix);
    if (!key.ends_with(sfx)) continue;
    std::string_view base = key.substr(0, key.size() - sfx.size());
    if (int p = t.FindProperty(base); p >= 0) {
      Kind kind = Takes(PropertySuffixes(t.properties[p]), sfx) ? Kind::kProperty : Kind::kBadSuffix;
      return WhereKey{kind, p, sfx, Kind::kProperty};
    }
    if (int r = t.FindRelationship(base); r >= 0) {
      Kind kind =
          Takes(RelationshipSuffixes(t.relationships[r]), sfx) ? Kind::kRelationship : Kind::kBadSuffix;
      return WhereKey{kind, r, sfx, Kind::kRelationship};
    }
    if (base.ends_with("Connection")) {
      if (int r = t.FindRelationship(base.substr(0, base.size() - 10)); r >= 0) {
        Kind kind = Takes(RelationshipSuffixes(t.relationships[r]), sfx) ? Kind::kConnection
                                                                         : Kind::kBadSuffix;
        return WhereKey{kind, r, sfx, Kind::kConnection};
      }
    }
  }
  return k;
}

std::string BadWhereKeyMessage(const Schema& schema, TypeId type, std::string_view key,
                               const WhereKey& k) {
  const TypeDef& t = schema.type(type);
  if (k.kind == WhereKey::Kind::kBadSuffix) {
    std::string_view what = k.suffix.substr(1);
    if (k.base == WhereKey::Kind::kProperty) {
      const PropertyDef& def = t.properties[k.index];
      return StrCat("\"", key, "\" is not a valid filter: ", what, " does not apply to ",
                    def.name, " of type ",
                    def.is_list ? StrCat("[", def.type_name, "]") : def.type_name);
    }
    const RelationshipDef& rel = t.relationships[k.index];
    return StrCat("\"", key, "\" is not a valid filter: ", what, " does not apply to the ",
                  rel.is_list ? "list" : "single", " relationship ", rel.field_name);
  }
  return StrCat("unknown filter key \"", key, "\" on ", t.name, "Where.",
                DidYouMean(key, WhereKeys(t)));
}

TypeId ImplementationOf(const Schema& schema, TypeId interface_type, std::string_view name) {
  for (TypeId c : schema.type(interface_type).concrete_types) {
    if (schema.type(c).name == name) return c;
  }
  return kNoType;
}

std::vector<std::string> WhereKeys(const TypeDef& t) {
  std::vector<std::string> keys = {"AND", "OR", "NOT"};
  if (t.is_interface()) keys.push_back("typename_IN");
  for (const auto& p : t.properties) {
    keys.push_back(p.name);
    for (auto s : PropertySuffixes(p)) keys.push_back(StrCat(p.name, s));
  }
  for (const auto& r : t.relationships) {
    keys.push_back(r.field_name);
    for (auto s : RelationshipSuffixes(r)) keys.push_back(StrCat(r.field_name, s));
    keys.push_back(r.field_name + "Aggregate");
    keys.push_back(r.field_name + "Connection");
    for (auto s : RelationshipSuffixes(r)) keys.push_back(StrCat(r.field_name, "Connection", s));
  }
  return keys;
}

PropertyKey PropertyKeyOf(const PropertyDef& def, std::string_view suffix) {
  using plan::ScalarOp;
  PropertyKey k;
  k.negate = suffix.starts_with("_NOT");
  std::string_view op = k.negate ? suffix.substr(4) : suffix;
  if (!op.empty() && op[0] == '_') op.remove_prefix(1);
  k.operand_kind = def.kind;
  const std::string& elem = def.type_name;
  if (def.is_list) {
    if (op.empty()) {
      k.op = ScalarOp::kListEq;
      k.operand = TypeRef::ListOf(TypeRef::Named(elem, def.element_non_null));
    } else {
      k.op = ScalarOp::kIncludes;
      k.operand = TypeRef::Named(elem);
    }
  } else if (op.empty()) {
    k.op = ScalarOp::kEq;
    k.operand = TypeRef::Named(elem);
  } else if (op == "IN") {
    k.op = ScalarOp::kIn;
    k.operand = TypeRef::ListOf(TypeRef::Named(elem, def.non_null));
  } else if (op == "CONTAINS" || op == "STARTS_WITH" || op == "ENDS_WITH") {
    k.op = op == "CONTAINS" ? ScalarOp::kContains
           : op == "STARTS_WITH" ? ScalarOp::kStartsWith
                                 : ScalarOp::kEndsWith;
    k.operand = TypeRef::Named(elem);
  } else if (op == "MATCHES") {
    k.op = ScalarOp::kMatches;
    k.operand = TypeRef::Named("String");
    k.operand_kind = ScalarKind::kString;
  } else {
    k.op = op == "LT" ? ScalarOp::kLt : op == "LTE" ? ScalarOp::kLte
         : op == "GT" ? ScalarOp::kGt : ScalarOp::kGte;
    k.operand = TypeRef::Named(elem);
  }
  return k;
}

plan::Quantifier QuantifierOf(const RelationshipDef& rel, std::string_view suffix) {
  using plan::Quantifier;
  if (!rel.is_list)
    return suffix.empty() ? Quantifier::kExactlyOne : Quantifier::kNotExactlyOne;
  if (suffix.empty() || suffix == "_SOME") return Quantifier::kSome;
  if (suffix == "_NOT" || suffix == "_NONE") return Quantifier::kNone;
  if (suffix == "_ALL") return Quantifier::kAll;
  return Quantifier::kSingle;
}

std::optional<plan::CmpOp> ParseCountKey(std::string_view k) {
  if (k == "count") return plan::CmpOp::kEq;
  if (k == "count_LT") return plan::CmpOp::kLt;
  if (k == "count_LTE") return plan::CmpOp::kLte;
  if (k == "count_GT") return plan::CmpOp::kGt;
  if (k == "count_GTE") return plan::CmpOp::kGte;
  return std::nullopt;
}

std::vector<AggregationKey> AggregationKeysOf(const PropertyDef& def) {
  using plan::AggFunc;
  using plan::CmpOp;
  std::vector<AggregationKey> keys;
  if (def.is_list) return keys;
  static const std::pair<const char*, CmpOp> kCmps[] = {{"_EQUAL", CmpOp::kEq},
                                                        {"_GT", CmpOp::kGt},
                                                        {"_GTE", CmpOp::kGte},
                                                        {"_LT", CmpOp::kLt},
                                                        {"_LTE", CmpOp::kLte}};
  auto add = [&](std::string func_suffix, const char* cmp_suffix, CmpOp cmp, AggFunc func,
                 ScalarKind operand_kind, std::string operand_type, bool deprecated,
                 std::string replacement) {
    AggregationKey k;
    k.suffix = StrCat(func_suffix, cmp_suffix);
    k.func = func;
    k.cmp = cmp;
    k.operand_kind = operand_kind;
    k.operand_type = std::move(operand_type);
    k.deprecated = deprecated;
    k.replacement = replacement.empty() ? std::string() : StrCat(replacement, cmp_suffix);
    keys.push_back(std::move(k));
  };
  // In the order @neo4j/graphql 5.12 generates them.
  for (const auto& [cs, cmp] : kCmps) {
    switch (def.kind) {
      case ScalarKind::kInt:
      case ScalarKind::kFloat:
        add("", cs, cmp, AggFunc::kSome, def.kind, def.type_name, true, "");
        add("_MIN", cs, cmp, AggFunc::kMin, def.kind, def.type_name, false, "");
        add("_MAX", cs, cmp, AggFunc::kMax, def.kind, def.type_name, false, "");
        add("_SUM", cs, cmp, AggFunc::kSum, def.kind, def.type_name, false, "");
        add("_AVERAGE", cs, cmp, AggFunc::kAverage, ScalarKind::kFloat, "Float", false, "");
        break;
      case ScalarKind::kString:
        if (cmp == CmpOp::kEq) {
          add("", cs, cmp, AggFunc::kSome, ScalarKind::kString, "String", true, "");
        } else {
          add("", cs, cmp, AggFunc::kSomeLength, ScalarKind::kInt, "Int", true, "");
        }
        add("_AVERAGE", cs, cmp, AggFunc::kAverageLength, ScalarKind::kFloat, "Float", true,
            "_AVERAGE_LENGTH");
        add("_LONGEST", cs, cmp, AggFunc::kLongestLength, ScalarKind::kInt, "Int", true,
            "_LONGEST_LENGTH");
        add("_SHORTEST", cs, cmp, AggFunc::kShortestLength, ScalarKind::kInt, "Int", true,
            "_SHORTEST_LENGTH");
        add("_AVERAGE_LENGTH", cs, cmp, AggFunc::kAverageLength, ScalarKind::kFloat, "Float",
            false, "");
        add("_LONGEST_LENGTH", cs, cmp, AggFunc::kLongestLength, ScalarKind::kInt, "Int", false,
            "");
        add("_SHORTEST_LENGTH", cs, cmp, AggFunc::kShortestLength, ScalarKind::kInt, "Int",
            false, "");
        break;
      case ScalarKind::kID:
        if (cmp == CmpOp::kEq) add("", cs, cmp, AggFunc::kSome, ScalarKind::kID, "ID", true, "");
        break;
      case ScalarKind::kDateTime:
        add("", cs, cmp, AggFunc::kSome, ScalarKind::kDateTime, "DateTime", true, "");
        add("_MIN", cs, cmp, AggFunc::kMin, ScalarKind::kDateTime, "DateTime", false, "");
        add("_MAX", cs, cmp, AggFunc::kMax, ScalarKind::kDateTime, "DateTime", false, "");
        break;
      default:  // Boolean, enums and custom scalars are not aggregated
        break;
    }
  }
  return keys;
}

std::optional<AggregationKey> ParseAggregationKey(const TypeDef& t, std::string_view k) {
  // A property whose name ends like a suffix (a property "a_MIN" next to
  // "a"): the longest suffix wins, as for where keys.
  std::optional<AggregationKey> best;
  size_t best_len = 0;
  for (size_t p = 0; p < t.properties.size(); ++p) {
    const PropertyDef& def = t.properties[p];
    if (!k.starts_with(def.name) || k.size() == def.name.size()) continue;
    if (best && def.name.size() >= best_len) continue;
    std::string_view rest = k.substr(def.name.size());
    for (AggregationKey& a : AggregationKeysOf(def)) {
      if (a.suffix != rest) continue;
      a.property = static_cast<int>(p);
      if (!a.replacement.empty()) a.replacement = StrCat(def.name, a.replacement);
      best = std::move(a);
      best_len = def.name.size();
      break;
    }
  }
  return best;
}

std::vector<std::string> AggregationKeys(const TypeDef& t) {
  std::vector<std::string> keys = {"AND", "OR", "NOT"};
  for (const auto& p : t.properties) {
    for (const AggregationKey& a : AggregationKeysOf(p)) keys.push_back(StrCat(p.name, a.suffix));
  }
  return keys;
}

bool HasAggregatableProperties(const TypeDef& t) {
  for (const PropertyDef& p : t.properties) {
    if (!AggregationKeysOf(p).empty()) return true;
  }
  return false;
}

namespace {

constexpr char kNegationDeprecated[] =
    "Negation filters will be deprecated, use the NOT operator to achieve the same behavior";

void AddLogical(const InputType& self, std::vector<InputFieldDef>* out, bool or_first) {
  TypeRef list = TypeRef::ListOf(TypeRef::Named(self.name, true));
  if (or_first) {
    out->push_back({"OR", list, ""});
    out->push_back({"AND", list, ""});
  } else {
    out->push_back({"AND", list, ""});
    out->push_back({"OR", list, ""});
  }
  out->push_back({"NOT", TypeRef::Named(self.name), ""});
}

std::vector<InputFieldDef> WhereFields(const Schema& schema, const InputType& object) {
  std::vector<InputFieldDef> out;
  const TypeDef& t = schema.type(object.type);
  static const char* const kOrder[] = {"_NOT",          "_IN",          "_NOT_IN",
                                       "_CONTAINS",     "_STARTS_WITH", "_ENDS_WITH",
                                       "_MATCHES",      "_LT",          "_LTE",
                                       "_GT",           "_GTE",         "_NOT_CONTAINS",
                                       "_NOT_STARTS_WITH", "_NOT_ENDS_WITH", "_INCLUDES",
                                       "_NOT_INCLUDES"};
  for (const PropertyDef& p : t.properties) {
    out.push_back({p.name, PropertyKeyOf(p, "").operand, ""});
    std::vector<std::string_view> takes = PropertySuffixes(p);
    for (const char* sfx : kOrder) {
      if (!Takes(takes, sfx)) continue;
      std::string_view suffix(sfx);
      out.push_back({StrCat(p.name, suffix), PropertyKeyOf(p, suffix).operand,
                     suffix.starts_with("_NOT") ? kNegationDeprecated : ""});
    }
  }
  AddLogical(object, &out, /*or_first=*/true);
  if (t.is_interface() && t.FindProperty("typename") < 0) {
    InputType impl = InputType::Implementation(schema, object.type);
    out.push_back({"typename_IN", TypeRef::ListOf(TypeRef::Named(impl.name, true)), ""});
  }
  for (const RelationshipDef& r : t.relationships) {
    const std::string where = schema.type(r.target).name + "Where";
    const std::string conn = InputType::ConnectionWhere(schema, object.type, r).name;
    const std::string& f = r.field_name;
    if (r.is_list) {
      out.push_back({f, TypeRef::Named(where), StrCat("Use `", f, "_SOME` instead.")});
      out.push_back({f + "_NOT", TypeRef::Named(where), StrCat("Use `", f, "_NONE` instead.")});
      for (const char* q : {"_ALL", "_NONE", "_SINGLE", "_SOME"})
        out.push_back({StrCat(f, q), TypeRef::Named(where), ""});
      out.push_back({f + "Connection", TypeRef::Named(conn),
                     StrCat("Use `", f, "Connection_SOME` instead.")});
      out.push_back({f + "Connection_NOT", TypeRef::Named(conn),
                     StrCat("Use `", f, "Connection_NONE` instead.")});
      for (const char* q : {"_ALL", "_NONE", "_SINGLE", "_SOME"})
        out.push_back({StrCat(f, "Connection", q), TypeRef::Named(conn), ""});
    } else {
      out.push_back({f, TypeRef::Named(where), ""});
      out.push_back({f + "_NOT", TypeRef::Named(where), ""});
      out.push_back({f + "Connection", TypeRef::Named(conn), ""});
      out.push_back({f + "Connection_NOT", TypeRef::Named(conn), ""});
    }
    out.push_back({f + "Aggregate",
                   TypeRef::Named(InputType::AggregateInput(schema, object.type, r).name), ""});
  }
  return out;
}

}  // namespace

std::vector<InputFieldDef> InputFields(const Schema& schema, const InputType& object) {
  std::vector<InputFieldDef> out;
  switch (object.kind) {
    case InputType::Kind::kWhere:
      return WhereFields(schema, object);
    case InputType::Kind::kConnectionWhere: {
      const RelationshipDef& rel = *object.rel;
      AddLogical(object, &out, false);
      out.push_back({"node", TypeRef::Named(schema.type(rel.target).name + "Where"), ""});
      if (rel.properties != kNoType)
        out.push_back({"edge", TypeRef::Named(schema.type(rel.properties).name + "Where"), ""});
      return out;
    }
    case InputType::Kind::kAggregateInput: {
      const RelationshipDef& rel = *object.rel;
      for (const char* k : {"count", "count_LT", "count_LTE", "count_GT", "count_GTE"})
        out.push_back({k, TypeRef::Named("Int"), ""});
      AddLogical(object, &out, false);
      if (HasAggregatableProperties(schema.type(rel.target))) {
        out.push_back(
            {"node",
             TypeRef::Named(InputType::AggregationWhere(schema, object.type, rel, false).name),
             ""});
      }
      if (rel.properties != kNoType && HasAggregatableProperties(schema.type(rel.properties))) {
        out.push_back(
            {"edge",
             TypeRef::Named(InputType::AggregationWhere(schema, object.type, rel, true).name),
             ""});
      }
      return out;
    }
    case InputType::Kind::kAggregationWhere: {
      AddLogical(object, &out, false);
      for (const PropertyDef& p : schema.type(object.aggregated_type()).properties) {
        for (const AggregationKey& a : AggregationKeysOf(p)) {
          std::string reason;
          if (a.deprecated) {
            reason = a.replacement.empty()
                         ? "Aggregation filters that are not relying on an aggregating function "
                           "will be deprecated."
                         : "Please use the explicit _LENGTH version for string aggregation.";
          }
          out.push_back({StrCat(p.name, a.suffix), TypeRef::Named(a.operand_type), reason});
        }
      }
      return out;
    }
    case InputType::Kind::kOptions: {
      std::string why;
      out.push_back({"limit", TypeRef::Named("Int"), ""});
      out.push_back({"offset", TypeRef::Named("Int"), ""});
      out.push_back({"sort", FindInputField(schema, object, "sort", &why)->type, ""});
      return out;
    }
    case InputType::Kind::kSort: {
      // Edges (relationship properties) sort by list properties too, as
      // Neo4j GraphQL generates it; assets do not.
      const TypeDef& t = schema.type(object.type);
      const bool lists = t.kind == TypeDef::Kind::kRelationshipProperties;
      for (const PropertyDef& p : t.properties) {
        if (lists || !p.is_list) out.push_back({p.name, TypeRef::Named("SortDirection"), ""});
      }
      return out;
    }
    case InputType::Kind::kConnectionSort: {
      const RelationshipDef& rel = *object.rel;
      out.push_back({"node", TypeRef::Named(schema.type(rel.target).name + "Sort"), ""});
      if (rel.properties != kNoType)
        out.push_back({"edge", TypeRef::Named(schema.type(rel.properties).name + "Sort"), ""});
      return out;
    }
    default:
      return out;
  }
}

std::optional<InputField> FindInputField(const Schema& schema, const InputType& object,
                                         std::string_view key, std::string* why) {
  switch (object.kind) {
    case InputType::Kind::kWhere: return WhereField(schema, object, key, why);
    case InputType::Kind::kConnectionWhere: return ConnectionField(schema, object, key, why);
    case InputType::Kind::kAggregateInput: return AggregateField(schema, object, key, why);
    case InputType::Kind::kAggregationWhere: return AggregationField(schema, object, key, why);
    case InputType::Kind::kOptions: return OptionsField(schema, object, key, why);
    case InputType::Kind::kSort: return SortField(schema, object, key, why);
    case InputType::Kind::kConnectionSort: return ConnectionSortField(schema, object, key, why);
    default:
      *why = StrCat(object.name, " has no fields");
      return std::nullopt;
  }
}

// ---- usage and values ---------------------------------------------------------

namespace {

// GraphQL's AreTypesCompatible.
bool Compatible(const TypeRef& var, const TypeRef& loc) {
  if (loc.non_null()) {
    if (!var.non_null()) return false;
    return Compatible(var.Nullable(), loc.Nullable());
  }
  if (var.non_null()) return Compatible(var.Nullable(), loc);
  if (loc.is_list()) return var.is_list() && Compatible(var.element(), loc.element());
  if (var.is_list()) return false;
  return var.name() == loc.name();
}

}  // namespace

bool VariableUsageAllowed(const TypeRef& variable, const TypeRef& location,
                          bool has_non_null_default) {
  if (location.non_null() && !variable.non_null()) {
    if (!has_non_null_default) return false;
    return Compatible(variable, location.Nullable());
  }
  return Compatible(variable, location);
}

std::optional<int64_t> IntegralValue(const Value& v) {
  if (v.is_int()) return v.as_int();
  if (!v.is_double()) return std::nullopt;
  double d = v.as_double();
  if (std::trunc(d) != d || !(std::fabs(d) < 9e18)) return std::nullopt;
  return static_cast<int64_t>(d);
}

bool ValueFits(const Value& value, const TypeRef& type, const Schema& schema,
               std::string* why, const FitOptions& options) {
  auto named = FindInputType(schema, type.name());
  if (!named) return IsInputType(schema, type, why);
  return ValueFits(value, type, *named, schema, why, options);
}

bool ValueFits(const Value& value, const TypeRef& type, const InputType& named,
               const Schema& schema, std::string* why, const FitOptions& options) {
  return Fitter(schema, options, why).Fits(value, type, named, "", 0);
}

}  // namespace vigil::check
