#include "src/check/planner.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/match.h"
#include "src/base/strings.h"
#include "src/base/datetime.h"
#include "src/syntax/printer.h"

namespace vigil::check {
namespace {

constexpr int kMaxFilterDepth = 64;

std::string TypeName(const Schema& s, TypeId t) { return s.type(t).name; }

// The quantifier of a relationship or connection key with a non-null value.
plan::Quantifier QuantifierFor(const RelationshipDef& rel, std::string_view suffix) {
  using plan::Quantifier;
  if (!rel.is_list)
    return suffix.empty() ? Quantifier::kExactlyOne : Quantifier::kNotExactlyOne;
  if (suffix.empty() || suffix == "_SOME") return Quantifier::kSome;
  if (suffix == "_NOT" || suffix == "_NONE") return Quantifier::kNone;
  if (suffix == "_ALL") return Quantifier::kAll;
  return Quantifier::kSingle;
}

std::string UpperFirst(const std::string& s) {
  std::string r = s;
  if (!r.empty()) r[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(r[0])));
  return r;
}

// Key suffixes, longest first so that `_NOT_IN` is tried before `_IN`.
const char* kStringSuffixes[] = {
    "_NOT_STARTS_WITH", "_NOT_ENDS_WITH", "_NOT_CONTAINS", "_NOT_INCLUDES",
    "_NOT_IN", "_STARTS_WITH", "_ENDS_WITH", "_CONTAINS", "_INCLUDES",
    "_MATCHES", "_NOT", "_IN", "_LTE", "_GTE", "_LT", "_GT",
    "_SOME", "_NONE", "_ALL", "_SINGLE"};

// Scalar suffixes valid for a property (without the bare key).
std::vector<std::string_view> ScalarSuffixes(const PropertyDef& def) {
  if (def.is_list) return {"_NOT", "_INCLUDES", "_NOT_INCLUDES"};
  switch (def.kind) {
    case ScalarKind::kBoolean:
      return {"_NOT"};
    case ScalarKind::kEnum:
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

std::vector<std::string_view> RelSuffixes(const RelationshipDef& rel) {
  if (rel.is_list) return {"_NOT", "_SOME", "_NONE", "_ALL", "_SINGLE"};
  return {"_NOT"};
}


void ValueToAst(const Value& v, const ast::Span& span, ast::Value* out) {
  out->span = span;
  switch (v.kind()) {
    case Value::Kind::kNull: out->kind = ast::ValueKind::kNull; break;
    case Value::Kind::kBool:
      out->kind = ast::ValueKind::kBoolean;
      out->bool_value = v.as_bool();
      break;
    case Value::Kind::kInt:
      out->kind = ast::ValueKind::kInt;
      out->int_value = v.as_int();
      out->text = StrCat(v.as_int());
      break;
    case Value::Kind::kDouble:
      out->kind = ast::ValueKind::kFloat;
      out->float_value = v.as_double();
      if (std::trunc(v.as_double()) == v.as_double() && std::fabs(v.as_double()) < 9e18) {
        // JSON cannot tell 5 from 5.0; GraphQL variable coercion takes both.
        out->int_value = static_cast<int64_t>(v.as_double());
      }
      out->text = v.ToJson();
      break;
    case Value::Kind::kString:
      out->kind = ast::ValueKind::kString;
      out->text = v.as_string();
      break;
    case Value::Kind::kArray:
      out->kind = ast::ValueKind::kList;
      out->list.resize(v.as_array().size());
      for (size_t i = 0; i < v.as_array().size(); ++i)
        ValueToAst(v.as_array()[i], span, &out->list[i]);
      break;
    case Value::Kind::kObject:
      out->kind = ast::ValueKind::kObject;
      for (const auto& [k, e] : v.as_object()) {
        ast::ObjectField f;
        f.name = k;
        f.name_span = span;
        f.name_span.line = 0;  // a key of a variable's value is not a clause
        f.value = std::make_unique<ast::Value>();
        ValueToAst(e, span, f.value.get());
        out->fields.push_back(std::move(f));
      }
      break;
  }
}

}  // namespace

Value AstToValue(const ast::Value& v) {
  switch (v.kind) {
    case ast::ValueKind::kInt: return Value(v.int_value);
    case ast::ValueKind::kFloat: return Value(v.float_value);
    case ast::ValueKind::kString:
    case ast::ValueKind::kEnum: return Value(v.text);
    case ast::ValueKind::kBoolean: return Value(v.bool_value);
    case ast::ValueKind::kList: {
      Value::Array a;
      for (const auto& e : v.list) a.push_back(AstToValue(e));
      return Value(std::move(a));
    }
    case ast::ValueKind::kObject: {
      Value::Object o;
      for (const auto& f : v.fields) o.emplace_back(f.name, AstToValue(*f.value));
      return Value(std::move(o));
    }
    default: return Value();
  }
}

Planner::Planner(const Schema& schema, std::string_view text,
                 std::string_view file, const FragmentMap& fragments,
                 Mode mode, const Value* variables)
    : schema_(schema), text_(text), file_(file), main_text_(text), fragments_(fragments),
      mode_(mode), variables_(variables) {}

void Planner::Error(const ast::Span& span, std::string_view code,
                    std::string message) {
  failed_ = true;
  if (diags_.size() >= 50) return;
  Diagnostic d = MakeDiagnostic(code, std::move(message), file_, text_, span.begin);
  diags_.push_back(std::move(d));
}

void Planner::TagClause(const ast::ObjectField& field, plan::Filter* f) {
  // Only keys written in the query text itself (not in a fragment library,
  // nor in a variable's value) are clauses.
  if (text_.data() != main_text_.data() || field.name_span.line == 0) return;
  if (std::find(f->clauses.begin(), f->clauses.end(), field.name_span.begin) == f->clauses.end())
    f->clauses.push_back(field.name_span.begin);
}

const ast::Value* Planner::ResolveVariable(const ast::Value& v,
                                           const std::string& type) {
  if (mode_ == Mode::kTyping) {
    // Every use is recorded; Query::Compile checks them against the
    // declared type (documents) or against each other (stored form).
    var_uses_[v.text].push_back(VarUse{type, v.span, text_, file_});
    return nullptr;
  }
  const Value* val = variables_ != nullptr ? variables_->Find(v.text) : nullptr;
  owned_values_.emplace_back();
  if (val != nullptr) ValueToAst(*val, v.span, &owned_values_.back());
  return &owned_values_.back();
}

// ---------------------------------------------------------------- where --

std::vector<std::string> Planner::WhereKeys(TypeId type) const {
  const TypeDef& t = schema_.type(type);
  std::vector<std::string> keys = {"AND", "OR", "NOT"};
  for (const auto& p : t.properties) {
    keys.push_back(p.name);
    for (auto s : ScalarSuffixes(p)) keys.push_back(StrCat(p.name, s));
  }
  for (const auto& r : t.relationships) {
    keys.push_back(r.field_name);
    for (auto s : RelSuffixes(r)) keys.push_back(StrCat(r.field_name, s));
    keys.push_back(r.field_name + "Aggregate");
    keys.push_back(r.field_name + "Connection");
    for (auto s : RelSuffixes(r))
      keys.push_back(StrCat(r.field_name, "Connection", s));
  }
  return keys;
}

bool Planner::LowerObject(const ast::Value& v0, bool from_var, int depth,
                          const std::string& type_name, const KeyFn& key_fn,
                          OptFilter* out) {
  out->reset();
  if (depth > kMaxFilterDepth) {
    Error(v0.span, "check.too-deep", "filter nested too deeply");
    return false;
  }
  const ast::Value* v = &v0;
  if (v->kind == ast::ValueKind::kVariable) {
    v = ResolveVariable(*v, type_name);
    if (v == nullptr) {
      *out = plan::Filter{};  // typing mode: stands for an unknown filter
      return true;
    }
    from_var = true;
  }
  if (v->kind == ast::ValueKind::kNull) return true;
  if (v->kind != ast::ValueKind::kObject) {
    Error(v->span, "check.type-mismatch",
          StrCat("expected an object of type ", type_name, ", found ",
                 from_var ? AstToValue(*v).ToJson() : syntax::Print(*v)));
    return false;
  }
  bool ok = true;
  std::vector<plan::Filter> parts;
  std::set<std::string_view> seen;
  for (const auto& fld : v->fields) {
    if (!seen.insert(fld.name).second) {
      Error(fld.name_span, "check.duplicate-key",
            StrCat("there can be only one key named \"", fld.name, "\""));
      ok = false;
      continue;
    }
    OptFilter part;
    bool key_ok = (fld.name == "AND" || fld.name == "OR" || fld.name == "NOT")
                      ? LowerLogical(fld, from_var, depth, type_name, key_fn, &part)
                      : key_fn(fld, from_var, depth, &part);
    if (!key_ok) {
      ok = false;
    } else if (part) {
      TagClause(fld, &*part);
      parts.push_back(std::move(*part));
    }
  }
  if (!ok) return false;
  *out = Combine(plan::Filter::Kind::kAnd, std::move(parts));
  return true;
}

Planner::OptFilter Planner::Combine(plan::Filter::Kind kind,
                                    std::vector<plan::Filter> parts) {
  if (parts.empty()) return std::nullopt;
  if (parts.size() == 1) return std::move(parts[0]);
  plan::Filter f;
  f.kind = kind;
  f.children = std::move(parts);
  return f;
}

bool Planner::LowerLogical(const ast::ObjectField& fld, bool from_var, int depth,
                           const std::string& type_name, const KeyFn& key_fn,
                           OptFilter* out) {
  out->reset();
  const bool is_not = fld.name == "NOT";
  const ast::Value* v = fld.value.get();
  if (v->kind == ast::ValueKind::kVariable) {
    v = ResolveVariable(*v, is_not ? type_name : StrCat("[", type_name, "!]"));
    if (v == nullptr) {
      *out = plan::Filter{};
      return true;
    }
    from_var = true;
  }
  if (v->kind == ast::ValueKind::kNull) return true;  // OR: null, NOT: null
  if (is_not) {
    OptFilter inner;
    if (!LowerObject(*v, from_var, depth + 1, type_name, key_fn, &inner)) return false;
    if (inner) {
      plan::Filter f;
      f.kind = plan::Filter::Kind::kNot;
      f.children.push_back(std::move(*inner));
      *out = std::move(f);
    }
    return true;
  }
  std::vector<const ast::Value*> items;
  if (v->kind == ast::ValueKind::kList) {
    for (const auto& e : v->list) items.push_back(&e);
  } else {
    items.push_back(v);  // list coercion: OR: {..} means OR: [{..}]
  }
  bool ok = true;
  std::vector<plan::Filter> parts;
  for (const ast::Value* e : items) {
    if (e->kind == ast::ValueKind::kNull) {
      Error(e->span, "check.type-mismatch", StrCat("expected ", type_name, "!, found null"));
      ok = false;
      continue;
    }
    OptFilter inner;
    if (!LowerObject(*e, from_var, depth + 1, type_name, key_fn, &inner)) {
      ok = false;
    } else if (inner) {
      parts.push_back(std::move(*inner));
    }
  }
  if (!ok) return false;
  *out = Combine(fld.name == "AND" ? plan::Filter::Kind::kAnd : plan::Filter::Kind::kOr,
                 std::move(parts));
  return true;
}

bool Planner::LowerWhere(TypeId type, const ast::Value& v, bool from_var,
                         int depth, OptFilter* out) {
  return LowerObject(v, from_var, depth, TypeName(schema_, type) + "Where",
                     [&](const ast::ObjectField& f, bool fv, int d, OptFilter* o) {
                       return LowerKey(type, f, fv, d, o);
                     },
                     out);
}


bool Planner::LowerKey(TypeId type, const ast::ObjectField& field, bool from_var,
                       int depth, OptFilter* out) {
  const TypeDef& t = schema_.type(type);
  const std::string& key = field.name;
  // (AND/OR/NOT are handled by LowerObject.) Exact names first.
  if (int p = t.FindProperty(key); p >= 0)
    return LowerScalar(t.properties[p], "", field, from_var, out);
  if (int r = t.FindRelationship(key); r >= 0)
    return LowerRelation(type, t.relationships[r], "", field, from_var, depth, out);
  if (std::string_view(key).ends_with("Aggregate")) {
    std::string_view base(key.data(), key.size() - 9);
    if (int r = t.FindRelationship(base); r >= 0)
      return LowerAggregate(type, t.relationships[r], field, from_var, depth, out);
  }
  if (std::string_view(key).ends_with("Connection")) {
    std::string_view base(key.data(), key.size() - 10);
    if (int r = t.FindRelationship(base); r >= 0)
      return LowerConnection(type, t.relationships[r], "", field, from_var, depth, out);
  }
  for (const char* suffix : kStringSuffixes) {
    if (!std::string_view(key).ends_with(suffix)) continue;
    std::string_view base(key.data(), key.size() - strlen(suffix));
    std::string_view sfx(suffix);
    if (int p = t.FindProperty(base); p >= 0) {
      const PropertyDef& def = t.properties[p];
      auto allowed = ScalarSuffixes(def);
      if (std::find(allowed.begin(), allowed.end(), sfx) != allowed.end())
        return LowerScalar(def, sfx, field, from_var, out);
      Error(field.name_span, "check.unknown-key",
            StrCat("\"", key, "\" is not a valid filter: ", sfx.substr(1),
                         " does not apply to ", def.name, " of type ",
                         def.is_list ? StrCat("[", def.type_name, "]") : def.type_name));
      return false;
    }
    if (int r = t.FindRelationship(base); r >= 0) {
      const RelationshipDef& rel = t.relationships[r];
      auto allowed = RelSuffixes(rel);
      if (std::find(allowed.begin(), allowed.end(), sfx) != allowed.end())
        return LowerRelation(type, rel, sfx, field, from_var, depth, out);
      Error(field.name_span, "check.unknown-key",
            StrCat("\"", key, "\" is not a valid filter: ", sfx.substr(1),
                         " does not apply to the ",
                         rel.is_list ? "list" : "single",
                         " relationship ", rel.field_name));
      return false;
    }
    if (std::string_view(base).ends_with("Connection")) {
      std::string_view rbase = base.substr(0, base.size() - 10);
      if (int r = t.FindRelationship(rbase); r >= 0) {
        const RelationshipDef& rel = t.relationships[r];
        auto allowed = RelSuffixes(rel);
        if (std::find(allowed.begin(), allowed.end(), sfx) != allowed.end())
          return LowerConnection(type, rel, sfx, field, from_var, depth, out);
        Error(field.name_span, "check.unknown-key",
              StrCat("\"", key, "\" is not a valid filter: ", sfx.substr(1),
                           " does not apply to the single relationship ",
                           rel.field_name));
        return false;
      }
    }
  }
  Error(field.name_span, "check.unknown-key",
        StrCat("unknown filter key \"", key, "\" on ", t.name, "Where.",
                     DidYouMean(key, WhereKeys(type))));
  return false;
}

bool Planner::ConvertLiteral(const PropertyDef& def, ScalarKind kind,
                             const ast::Value& v, bool from_var,
                             plan::Literal* out) {
  out->kind = kind;
  auto mismatch = [&](std::string_view expected) {
    Error(v.span, "check.type-mismatch",
          StrCat(def.name, " expects ", expected, ", found ",
                       from_var ? AstToValue(v).ToJson() : syntax::Print(v)));
    return false;
  };
  switch (v.kind) {
    case ast::ValueKind::kNull:
      out->is_null = true;
      return true;
    case ast::ValueKind::kVariable:
      return mismatch("a value");  // nested variables are resolved earlier
    default:
      break;
  }
  switch (kind) {
    case ScalarKind::kID:
      if (v.kind == ast::ValueKind::kString) {
        out->s = v.text;
        return true;
      }
      if (v.kind == ast::ValueKind::kInt) {
        out->s = StrCat(v.int_value);
        return true;
      }
      return mismatch("ID (a string)");
    case ScalarKind::kString:
    case ScalarKind::kCustom:
      if (v.kind == ast::ValueKind::kString) {
        out->s = v.text;
        return true;
      }
      return mismatch(StrCat(kind == ScalarKind::kCustom ? def.type_name : "String", " (a string)"));
    case ScalarKind::kEnum: {
      const EnumDef& e = schema_.enums()[def.enum_index];
      if (v.kind == ast::ValueKind::kEnum ||
          (from_var && v.kind == ast::ValueKind::kString)) {
        if (e.Find(v.text) < 0) {
          Error(v.span, "check.enum-value",
                StrCat("\"", v.text, "\" is not a value of enum ", e.name, ".",
                             DidYouMean(v.text, e.values)));
          return false;
        }
        out->s = v.text;
        return true;
      }
      return mismatch(StrCat("a value of enum ", e.name));
    }
    case ScalarKind::kInt:
      if (v.kind == ast::ValueKind::kInt ||
          (from_var && v.kind == ast::ValueKind::kFloat &&
           static_cast<double>(v.int_value) == v.float_value)) {
        out->i = v.int_value;
        out->is_int = true;
        return true;
      }
      return mismatch("Int");
    case ScalarKind::kFloat:
      if (v.kind == ast::ValueKind::kInt) {
        out->d = static_cast<double>(v.int_value);
        out->i = v.int_value;
        out->is_int = true;
        return true;
      }
      if (v.kind == ast::ValueKind::kFloat) {
        out->d = v.float_value;
        return true;
      }
      return mismatch("Float");
    case ScalarKind::kBoolean:
      if (v.kind == ast::ValueKind::kBoolean) {
        out->b = v.bool_value;
        return true;
      }
      return mismatch("Boolean");
    case ScalarKind::kDateTime: {
      if (v.kind != ast::ValueKind::kString) return mismatch("DateTime (an ISO-8601 string)");
      auto t = ParseDateTime(v.text);
      if (!t) {
        Error(v.span, "check.bad-datetime",
              StrCat("\"", v.text, "\" is not an ISO-8601 date-time"));
        return false;
      }
      out->s = v.text;
      out->i = *t;
      return true;
    }
  }
  return mismatch("a value");
}

bool Planner::LowerScalar(const PropertyDef& def, std::string_view suffix,
                          const ast::ObjectField& field, bool from_var,
                          OptFilter* out) {
  using plan::ScalarOp;
  plan::Filter f;
  f.kind = plan::Filter::Kind::kScalar;
  f.property = def.name;
  f.def = &def;
  bool negate = std::string_view(suffix).starts_with("_NOT");
  std::string_view op = negate ? suffix.substr(4) : suffix;
  if (!op.empty() && op[0] == '_') op.remove_prefix(1);
  f.negate = negate;
  std::string elem = def.type_name;
  std::string expected;
  if (def.is_list) {
    if (op.empty()) {
      f.op = ScalarOp::kListEq;
      expected = StrCat("[", elem, def.element_non_null ? "!" : "", "]");
    } else {
      f.op = ScalarOp::kIncludes;
      expected = elem;
    }
  } else if (op.empty()) {
    f.op = ScalarOp::kEq;
    expected = elem;
  } else if (op == "IN") {
    f.op = ScalarOp::kIn;
    expected = StrCat("[", elem, def.non_null ? "!" : "", "]");
  } else if (op == "CONTAINS" || op == "STARTS_WITH" || op == "ENDS_WITH" || op == "MATCHES") {
    f.op = op == "CONTAINS" ? ScalarOp::kContains
         : op == "STARTS_WITH" ? ScalarOp::kStartsWith
         : op == "ENDS_WITH" ? ScalarOp::kEndsWith : ScalarOp::kMatches;
    expected = op == "MATCHES" ? "String" : elem;
  } else {
    f.op = op == "LT" ? ScalarOp::kLt : op == "LTE" ? ScalarOp::kLte
         : op == "GT" ? ScalarOp::kGt : ScalarOp::kGte;
    expected = elem;
  }
  const ast::Value* v = field.value.get();
  if (v->kind == ast::ValueKind::kVariable) {
    v = ResolveVariable(*v, expected);
    if (v == nullptr) {
      *out = plan::Filter{};
      return true;
    }
    from_var = true;
  }
  if (v->kind == ast::ValueKind::kNull) {
    f.op = ScalarOp::kIsNull;
    *out = std::move(f);
    return true;
  }
  ScalarKind kind = def.kind;
  if (f.op == ScalarOp::kMatches) kind = ScalarKind::kString;
  if (f.op == ScalarOp::kIn || f.op == ScalarOp::kListEq) {
    std::vector<const ast::Value*> items;
    if (v->kind == ast::ValueKind::kList) {
      for (const auto& e : v->list) items.push_back(&e);
    } else {
      items.push_back(v);
    }
    bool ok = true;
    const bool element_non_null =
        f.op == ScalarOp::kIn ? def.non_null : def.element_non_null;
    for (const ast::Value* e : items) {
      bool item_from_var = from_var;
      if (e->kind == ast::ValueKind::kVariable) {  // ["x", $y]
        e = ResolveVariable(*e, element_non_null ? elem + "!" : elem);
        if (e == nullptr) continue;  // typing mode
        item_from_var = true;
      }
      plan::Literal lit;
      if (!ConvertLiteral(def, kind, *e, item_from_var, &lit)) {
        ok = false;
        continue;
      }
      if (lit.is_null && element_non_null) {
        Error(e->span, "check.type-mismatch",
              StrCat(def.name, " expects ", expected, ", found a null element"));
        ok = false;
        continue;
      }
      f.values.push_back(std::move(lit));
    }
    if (!ok) return false;
  } else {
    if (v->kind == ast::ValueKind::kList) {
      Error(v->span, "check.type-mismatch",
            StrCat(field.name, " expects ", expected, ", found a list"));
      return false;
    }
    if (!ConvertLiteral(def, kind, *v, from_var, &f.value)) return false;
    if (f.op == ScalarOp::kMatches) {
      RE2::Options opts;
      opts.set_log_errors(false);
      opts.set_dot_nl(false);
      auto re = std::make_shared<RE2>(f.value.s, opts);
      if (!re->ok()) {
        Error(v->span, "check.bad-regex",
              StrCat("invalid regular expression for ", field.name, ": ",
                           re->error()));
        return false;
      }
      f.regex = std::move(re);
    }
  }
  *out = std::move(f);
  return true;
}

bool Planner::LowerRelation(TypeId source, const RelationshipDef& rel,
                            std::string_view suffix,
                            const ast::ObjectField& field, bool from_var,
                            int depth, OptFilter* out) {
  using plan::Quantifier;
  covered_.insert(rel.target);
  const ast::Value* v = field.value.get();
  if (v->kind == ast::ValueKind::kVariable) {
    v = ResolveVariable(*v, TypeName(schema_, rel.target) + "Where");
    if (v == nullptr) {
      *out = plan::Filter{};
      return true;
    }
    from_var = true;
  }
  plan::Filter f;
  f.kind = plan::Filter::Kind::kRelation;
  f.field = rel.field_name;
  f.rel = &rel;
  if (v->kind == ast::ValueKind::kNull) {
    if (suffix == "_ALL" || suffix == "_SINGLE") return true;  // dropped
    f.quantifier = (suffix.empty() || suffix == "_SOME") ? Quantifier::kNotExists
                                                         : Quantifier::kExists;
    *out = std::move(f);
    return true;
  }
  if (v->kind == ast::ValueKind::kObject && v->fields.empty()) return true;
  f.quantifier = QuantifierFor(rel, suffix);
  OptFilter inner;
  if (!LowerWhere(rel.target, *v, from_var, depth + 1, &inner)) return false;
  if (inner) f.inner.push_back(std::move(*inner));
  *out = std::move(f);
  return true;
}

bool Planner::LowerConnection(TypeId source, const RelationshipDef& rel,
                              std::string_view suffix,
                              const ast::ObjectField& field, bool from_var,
                              int depth, OptFilter* out) {
  using plan::Quantifier;
  covered_.insert(rel.target);
  const ast::Value* v = field.value.get();
  if (v->kind == ast::ValueKind::kVariable) {
    v = ResolveVariable(*v, StrCat(TypeName(schema_, source), UpperFirst(rel.field_name),
                                         "ConnectionWhere"));
    if (v == nullptr) {
      *out = plan::Filter{};
      return true;
    }
    from_var = true;
  }
  if (v->kind == ast::ValueKind::kNull) return true;  // dropped
  if (v->kind == ast::ValueKind::kObject && v->fields.empty()) return true;
  plan::Filter f;
  f.kind = plan::Filter::Kind::kRelation;
  f.connection = true;
  f.field = rel.field_name;
  f.rel = &rel;
  f.quantifier = QuantifierFor(rel, suffix);
  OptFilter inner;
  if (!LowerConnectionWhere(source, rel, *v, from_var, depth + 1, &inner)) return false;
  if (inner) f.inner.push_back(std::move(*inner));
  *out = std::move(f);
  return true;
}

bool Planner::LowerConnectionWhere(TypeId source, const RelationshipDef& rel,
                                   const ast::Value& v, bool from_var,
                                   int depth, OptFilter* out) {
  std::string cw = StrCat(TypeName(schema_, source), UpperFirst(rel.field_name),
                          "ConnectionWhere");
  auto key_fn = [&](const ast::ObjectField& fld, bool fv, int d, OptFilter* o) -> bool {
    o->reset();
    if (fld.name == "node" || fld.name == "edge") {
      bool edge = fld.name == "edge";
      if (edge && rel.properties == kNoType) {
        Error(fld.name_span, "check.unknown-key",
              StrCat("\"edge\" is not valid here: relationship ", rel.field_name,
                     " declares no properties"));
        return false;
      }
      OptFilter inner;
      if (!LowerWhere(edge ? rel.properties : rel.target, *fld.value, fv, d + 1, &inner))
        return false;
      if (inner) {
        plan::Filter f;
        f.kind = edge ? plan::Filter::Kind::kConnEdge : plan::Filter::Kind::kConnNode;
        f.children.push_back(std::move(*inner));
        *o = std::move(f);
      }
      return true;
    }
    if (fld.name == "node_NOT" || fld.name == "edge_NOT") {
      Error(fld.name_span, "check.connection-not",
            StrCat("\"", fld.name, "\" is not supported (Neo4j GraphQL 5.x silently "
                   "ignores its NOT); write NOT: {", fld.name.substr(0, 4), ": ...}"));
      return false;
    }
    std::vector<std::string> keys = {"node", "AND", "OR", "NOT"};
    if (rel.properties != kNoType) keys.push_back("edge");
    Error(fld.name_span, "check.unknown-key",
          StrCat("unknown key \"", fld.name, "\" in ", cw, ".", DidYouMean(fld.name, keys)));
    return false;
  };
  return LowerObject(v, from_var, depth, cw, key_fn, out);
}

bool Planner::LowerAggregate(TypeId source, const RelationshipDef& rel,
                             const ast::ObjectField& field, bool from_var,
                             int depth, OptFilter* out) {
  covered_.insert(rel.target);
  const ast::Value* v = field.value.get();
  std::string ai = StrCat(TypeName(schema_, source), UpperFirst(rel.field_name), "AggregateInput");
  if (v->kind == ast::ValueKind::kVariable) {
    v = ResolveVariable(*v, ai);
    if (v == nullptr) {
      *out = plan::Filter{};
      return true;
    }
    from_var = true;
  }
  if (v->kind == ast::ValueKind::kNull) {
    Error(v->span, "check.empty-aggregate",
          StrCat(field.name, ": null is not allowed (it has no meaning in Neo4j GraphQL)"));
    return false;
  }
  if (v->kind == ast::ValueKind::kObject && v->fields.empty()) {
    Error(v->span, "check.empty-aggregate",
          StrCat(field.name, ": {} is not allowed: give at least one condition"));
    return false;
  }
  OptFilter inner;
  if (!LowerAggregateWhere(source, rel, *v, from_var, depth + 1, &inner)) return false;
  if (!inner) {
    Error(v->span, "check.empty-aggregate",
          StrCat(field.name, " has no condition left once empty parts are dropped"));
    return false;
  }
  plan::Filter f;
  f.kind = plan::Filter::Kind::kAggregate;
  f.field = rel.field_name;
  f.rel = &rel;
  f.children.push_back(std::move(*inner));
  *out = std::move(f);
  return true;
}

bool Planner::LowerAggregateWhere(TypeId source, const RelationshipDef& rel,
                                  const ast::Value& v, bool from_var, int depth,
                                  OptFilter* out) {
  const std::string prefix = StrCat(TypeName(schema_, source), UpperFirst(rel.field_name));
  const std::string ai = prefix + "AggregateInput";
  auto key_fn = [&](const ast::ObjectField& fld, bool fv, int d, OptFilter* o) -> bool {
    o->reset();
    const std::string& k = fld.name;
    if (k == "count" || k == "count_LT" || k == "count_LTE" || k == "count_GT" ||
        k == "count_GTE") {
      const ast::Value* val = fld.value.get();
      if (val->kind == ast::ValueKind::kVariable) {
        val = ResolveVariable(*val, "Int");
        if (val == nullptr) {
          *o = plan::Filter{};
          return true;
        }
        fv = true;
      }
      if (val->kind != ast::ValueKind::kInt &&
          !(fv && val->kind == ast::ValueKind::kFloat &&
            static_cast<double>(val->int_value) == val->float_value)) {
        Error(val->span, "check.type-mismatch",
              StrCat(k, " expects Int, found ",
                     fv ? AstToValue(*val).ToJson() : syntax::Print(*val)));
        return false;
      }
      plan::Filter f;
      f.kind = plan::Filter::Kind::kAggCount;
      f.cmp = k == "count" ? plan::CmpOp::kEq : k == "count_LT" ? plan::CmpOp::kLt
            : k == "count_LTE" ? plan::CmpOp::kLte : k == "count_GT" ? plan::CmpOp::kGt
            : plan::CmpOp::kGte;
      f.value.kind = ScalarKind::kInt;
      f.value.i = val->int_value;
      f.value.is_int = true;
      *o = std::move(f);
      return true;
    }
    if (k == "node" || k == "edge") {
      bool edge = k == "edge";
      if (edge && rel.properties == kNoType) {
        Error(fld.name_span, "check.unknown-key",
              StrCat("\"edge\" is not valid here: relationship ", rel.field_name,
                     " declares no properties"));
        return false;
      }
      return LowerAggregateNode(edge ? rel.properties : rel.target, edge,
                                StrCat(prefix, edge ? "Edge" : "Node", "AggregationWhereInput"),
                                *fld.value, fv, d + 1, o);
    }
    std::vector<std::string> keys = {"count", "count_LT", "count_LTE", "count_GT",
                                     "count_GTE", "node", "AND", "OR", "NOT"};
    if (rel.properties != kNoType) keys.push_back("edge");
    Error(fld.name_span, "check.unknown-key",
          StrCat("unknown key \"", k, "\" in ", ai, ".", DidYouMean(k, keys)));
    return false;
  };
  return LowerObject(v, from_var, depth, ai, key_fn, out);
}

namespace {

std::vector<std::string> AggKeys(const TypeDef& t) {
  std::vector<std::string> keys = {"AND", "OR", "NOT"};
  const char* cmps[] = {"_EQUAL", "_GT", "_GTE", "_LT", "_LTE"};
  for (const auto& p : t.properties) {
    if (p.is_list) continue;
    std::vector<const char*> funcs;
    if (p.kind == ScalarKind::kInt || p.kind == ScalarKind::kFloat)
      funcs = {"_MIN", "_MAX", "_SUM", "_AVERAGE"};
    else if (p.kind == ScalarKind::kDateTime)
      funcs = {"_MIN", "_MAX"};
    else if (p.kind == ScalarKind::kString || p.kind == ScalarKind::kID)
      funcs = {"_SHORTEST_LENGTH", "_LONGEST_LENGTH", "_AVERAGE_LENGTH"};
    for (auto f : funcs)
      for (auto c : cmps) keys.push_back(StrCat(p.name, f, c));
  }
  return keys;
}
}  // namespace

bool Planner::LowerAggregateNode(TypeId owner, bool on_edge,
                                 const std::string& type_name,
                                 const ast::Value& v, bool from_var, int depth,
                                 OptFilter* out) {
  const TypeDef& t = schema_.type(owner);
  auto key_fn = [&](const ast::ObjectField& fld, bool fv, int d, OptFilter* o) -> bool {
    o->reset();
    const std::string& k = fld.name;
    // f_FUNC_CMP
    static const std::pair<const char*, plan::CmpOp> kCmps[] = {
        {"_EQUAL", plan::CmpOp::kEq}, {"_GTE", plan::CmpOp::kGte},
        {"_LTE", plan::CmpOp::kLte}, {"_GT", plan::CmpOp::kGt},
        {"_LT", plan::CmpOp::kLt}};
    static const std::pair<const char*, plan::AggFunc> kFuncs[] = {
        {"_SHORTEST_LENGTH", plan::AggFunc::kShortestLength},
        {"_LONGEST_LENGTH", plan::AggFunc::kLongestLength},
        {"_AVERAGE_LENGTH", plan::AggFunc::kAverageLength},
        {"_AVERAGE", plan::AggFunc::kAverage}, {"_MIN", plan::AggFunc::kMin},
        {"_MAX", plan::AggFunc::kMax}, {"_SUM", plan::AggFunc::kSum}};
    plan::Filter f;
    f.kind = plan::Filter::Kind::kAggProperty;
    f.on_edge = on_edge;
    f.owner = owner;
    bool parsed = false;
    for (const auto& [cs, cmp] : kCmps) {
      if (parsed || !std::string_view(k).ends_with(cs)) continue;
      std::string_view rest(k.data(), k.size() - strlen(cs));
      for (const auto& [fs, func] : kFuncs) {
        if (!rest.ends_with(fs)) continue;
        int p = t.FindProperty(rest.substr(0, rest.size() - strlen(fs)));
        if (p < 0 || t.properties[p].is_list) continue;
        const PropertyDef& def = t.properties[p];
        bool numeric = def.kind == ScalarKind::kInt || def.kind == ScalarKind::kFloat;
        bool text = def.kind == ScalarKind::kString || def.kind == ScalarKind::kID;
        bool date = def.kind == ScalarKind::kDateTime;
        bool fits = func == plan::AggFunc::kMin || func == plan::AggFunc::kMax
                        ? numeric || date
                    : func == plan::AggFunc::kSum || func == plan::AggFunc::kAverage
                        ? numeric
                        : text;
        if (!fits) continue;
        f.property = def.name;
        f.def = &def;
        f.func = func;
        f.cmp = cmp;
        parsed = true;
        break;
      }
    }
    if (!parsed) {
      Error(fld.name_span, "check.unknown-key",
            StrCat("unknown key \"", k, "\" in ", type_name, ".", DidYouMean(k, AggKeys(t))));
      return false;
    }
    // The operand's type: the property's for MIN/MAX/SUM, Int for lengths,
    // Float for averages.
    PropertyDef operand = *f.def;
    operand.name = k;
    switch (f.func) {
      case plan::AggFunc::kMin:
      case plan::AggFunc::kMax:
      case plan::AggFunc::kSum:
        break;
      case plan::AggFunc::kShortestLength:
      case plan::AggFunc::kLongestLength:
        operand.kind = ScalarKind::kInt;
        operand.type_name = "Int";
        break;
      default:
        operand.kind = ScalarKind::kFloat;
        operand.type_name = "Float";
        break;
    }
    const ast::Value* val = fld.value.get();
    if (val->kind == ast::ValueKind::kVariable) {
      val = ResolveVariable(*val, operand.type_name);
      if (val == nullptr) {
        *o = plan::Filter{};
        return true;
      }
      fv = true;
    }
    if (val->kind == ast::ValueKind::kNull) {
      Error(val->span, "check.type-mismatch",
            StrCat(k, " expects ", operand.type_name, ", found null"));
      return false;
    }
    if (!ConvertLiteral(operand, operand.kind, *val, fv, &f.value)) return false;
    *o = std::move(f);
    return true;
  };
  return LowerObject(v, from_var, depth, type_name, key_fn, out);
}

}  // namespace vigil::check
