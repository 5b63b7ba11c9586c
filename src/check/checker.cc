#include "src/check/checker.h"

#include <algorithm>
#include <cmath>

#include "re2/re2.h"
#include "src/base/datetime.h"
#include "src/base/strings.h"
#include "src/syntax/printer.h"

namespace vigil::check {
namespace {

constexpr int kMaxFilterDepth = 64;

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
      if (auto i = IntegralValue(v)) {
        // JSON cannot tell 5 from 5.0; GraphQL variable coercion takes both.
        out->int_value = *i;
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

// A variable's integral Float counts as an Int (JSON cannot tell 5 from 5.0).
bool IsIntLiteral(const ast::Value& v, bool from_var) {
  return v.kind == ast::ValueKind::kInt ||
         (from_var && v.kind == ast::ValueKind::kFloat &&
          static_cast<double>(v.int_value) == v.float_value);
}

// A variable as the value, or as an element of a list value.
bool HasDirectVariable(const ast::Value& v) {
  if (v.kind == ast::ValueKind::kVariable) return true;
  if (v.kind == ast::ValueKind::kList) {
    for (const auto& e : v.list)
      if (e.kind == ast::ValueKind::kVariable) return true;
  }
  return false;
}

bool IsLogical(std::string_view key) { return key == "AND" || key == "OR" || key == "NOT"; }

}  // namespace

bool HasVariable(const ast::Value& v) {
  switch (v.kind) {
    case ast::ValueKind::kVariable: return true;
    case ast::ValueKind::kList:
      return std::any_of(v.list.begin(), v.list.end(),
                         [](const ast::Value& e) { return HasVariable(e); });
    case ast::ValueKind::kObject:
      return std::any_of(v.fields.begin(), v.fields.end(),
                         [](const ast::ObjectField& f) { return HasVariable(*f.value); });
    default: return false;
  }
}

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

Checker::Checker(const Schema& schema, std::string_view main_text, std::string_view text,
                 std::string_view file, const FragmentMap& fragments, Mode mode,
                 const Value* variables, Program* program)
    : schema_(schema),
      main_text_(main_text),
      text_(text),
      file_(file),
      fragments_(fragments),
      mode_(mode),
      variables_(variables),
      program_(program) {}

void Checker::Error(const ast::Span& span, std::string_view code, std::string message) {
  failed_ = true;
  if (diags_.size() >= 50) return;
  diags_.push_back(MakeDiagnostic(code, std::move(message), file_, text_, span.begin));
}

bool Checker::FirstKey(std::set<std::string_view>* seen, std::string_view name,
                       const ast::Span& span) {
  if (seen->insert(name).second) return true;
  Error(span, "check.duplicate-key", StrCat("there can be only one key named \"", name, "\""));
  return false;
}

bool Checker::FirstArgument(std::set<std::string_view>* seen, const ast::Argument& a) {
  if (seen->insert(a.name).second) return true;
  Error(a.name_span, "check.duplicate-argument",
        StrCat("there can be only one argument named \"", a.name, "\""));
  return false;
}

void Checker::TagClause(const ast::ObjectField& field, plan::Filter* f) {
  // Only keys written in the query text itself (not in a fragment library,
  // nor in a variable's value) are clauses.
  if (text_.data() != main_text_.data() || field.name_span.line == 0) return;
  if (std::find(f->clauses.begin(), f->clauses.end(), field.name_span.begin) == f->clauses.end())
    f->clauses.push_back(field.name_span.begin);
}

std::string Checker::Shown(const ast::Value& v, bool from_var) {
  return from_var ? AstToValue(v).ToJson() : syntax::Print(v);
}

const ast::Value* Checker::ResolveVariable(const ast::Value& v, const std::string& type) {
  if (mode_ == Mode::kCompile) {
    // Every use is recorded; Compile checks them against the declared type
    // (documents) or against each other (stored form).
    var_uses_[v.text].push_back(VarUse{type, v.span, text_, file_});
    return nullptr;
  }
  const Value* val = variables_ != nullptr ? variables_->Find(v.text) : nullptr;
  auto& owned = owned_values_.emplace_back(std::make_unique<ast::Value>());
  if (val != nullptr) ValueToAst(*val, v.span, owned.get());
  return owned.get();
}

// ---------------------------------------------------------------- slots --

bool Checker::NeedsSlot(const InputType& space, const ast::ObjectField& field) const {
  const ast::Value& v = *field.value;
  // AND/OR lists hold input objects: a variable element becomes a slot of
  // its own (LowerObject), the constant elements stay lowered.
  if (IsLogical(field.name)) return v.kind == ast::ValueKind::kVariable;
  if (HasDirectVariable(v)) return true;
  // An aggregate is lowered as a whole: whether it keeps a condition once
  // empty parts are dropped depends on every part.
  return space.kind == InputType::Kind::kWhere && HasVariable(v) &&
         ParseWhereKey(schema_.type(space.type), field.name).kind == WhereKey::Kind::kAggregate;
}

plan::Filter Checker::MakeSlot(FilterSlot::Kind kind, const InputType& space,
                               const ast::ObjectField* field, const ast::Value* value,
                               int depth) {
  FilterSlot s;
  s.kind = kind;
  s.space = space;
  s.field = field;
  s.value = value;
  s.depth = depth;
  s.text = text_;
  s.file = file_;
  plan::Filter f;
  f.kind = plan::Filter::Kind::kSlot;
  f.slot = static_cast<int32_t>(program_->slots.size());
  program_->slots.push_back(std::move(s));
  return f;
}

bool Checker::LowerSlot(const FilterSlot& slot, OptFilter* out) {
  text_ = slot.text;
  file_ = slot.file;
  if (slot.kind == FilterSlot::Kind::kObject)
    return LowerObject(slot.space, *slot.value, false, slot.depth, out);
  return LowerField(slot.space, *slot.field, false, slot.depth, out);
}

bool Checker::LowerOptionsSlot(const OptionsSlot& slot, plan::Options* out) {
  text_ = slot.text;
  file_ = slot.file;
  return LowerOptionsNow(slot.target, slot.options, slot.limit, slot.offset, slot.sort, out);
}

int32_t Checker::AddGuard(Guard g) {
  program_->guards.push_back(std::move(g));
  return static_cast<int32_t>(program_->guards.size() - 1);
}

int32_t Checker::Guarded(int32_t parent, const std::vector<GuardTest>& tests) {
  if (tests.empty()) return parent;
  Guard all;
  all.kind = Guard::Kind::kAnd;
  if (parent >= 0) all.operands.push_back(parent);
  for (const GuardTest& t : tests) {
    Guard g;
    g.kind = Guard::Kind::kVariable;
    g.variable = t.variable;
    g.want = t.want;
    g.value = t.value;
    g.text = text_;
    g.file = file_;
    all.operands.push_back(AddGuard(std::move(g)));
  }
  if (all.operands.size() == 1) return all.operands[0];
  return AddGuard(std::move(all));
}

int32_t Checker::AnyOf(std::vector<int32_t> guards) {
  if (guards.empty() || std::find(guards.begin(), guards.end(), -1) != guards.end()) return -1;
  std::sort(guards.begin(), guards.end());
  guards.erase(std::unique(guards.begin(), guards.end()), guards.end());
  if (guards.size() == 1) return guards[0];
  Guard any;
  any.kind = Guard::Kind::kOr;
  any.operands = std::move(guards);
  return AddGuard(std::move(any));
}

// ---------------------------------------------------------------- where --

bool Checker::LowerObject(const InputType& space, const ast::Value& v0, bool from_var,
                          int depth, OptFilter* out, const char* null_refused, bool element) {
  out->reset();
  if (depth > kMaxFilterDepth) {
    Error(v0.span, "check.too-deep", "filter nested too deeply");
    return false;
  }
  const ast::Value* v = &v0;
  if (v->kind == ast::ValueKind::kVariable) {
    v = ResolveVariable(*v, element ? StrCat(space.name, "!") : space.name);
    if (v == nullptr) {  // compile mode
      *out = SlotsAllowed() ? MakeSlot(FilterSlot::Kind::kObject, space, nullptr, &v0, depth)
                            : plan::Filter{};
      return true;
    }
    from_var = true;
  }
  if (v->kind == ast::ValueKind::kNull) {
    if (null_refused == nullptr) return true;
    Error(v->span, "check.null-value",
          StrCat(null_refused, ": null is not accepted here (Neo4j GraphQL fails on it); leave ",
                 null_refused, " out instead"));
    return false;
  }
  if (v->kind != ast::ValueKind::kObject) {
    Error(v->span, "check.type-mismatch",
          StrCat("expected an object of type ", space.name, ", found ", Shown(*v, from_var)));
    return false;
  }
  bool ok = true;
  std::vector<plan::Filter> parts;
  std::set<std::string_view> seen;
  for (const auto& fld : v->fields) {
    if (!FirstKey(&seen, fld.name, fld.name_span)) {
      ok = false;
      continue;
    }
    OptFilter part;
    bool key_ok;
    if (SlotsAllowed() && NeedsSlot(space, fld)) {
      // Checked now as far as it is written; lowered per evaluation.
      ++typing_only_;
      key_ok = LowerField(space, fld, from_var, depth, &part);
      --typing_only_;
      if (key_ok) part = MakeSlot(FilterSlot::Kind::kKey, space, &fld, nullptr, depth);
    } else {
      key_ok = LowerField(space, fld, from_var, depth, &part);
    }
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

Checker::OptFilter Checker::Combine(plan::Filter::Kind kind, std::vector<plan::Filter> parts) {
  if (parts.empty()) return std::nullopt;
  if (parts.size() == 1) return std::move(parts[0]);
  plan::Filter f;
  f.kind = kind;
  f.children = std::move(parts);
  return f;
}

bool Checker::LowerField(const InputType& space, const ast::ObjectField& field, bool from_var,
                         int depth, OptFilter* out) {
  out->reset();
  if (IsLogical(field.name)) return LowerLogical(space, field, from_var, depth, out);
  switch (space.kind) {
    case InputType::Kind::kWhere:
      return LowerWhereKey(space.type, field, from_var, depth, out);
    case InputType::Kind::kConnectionWhere:
      return LowerConnectionKey(space, field, from_var, depth, out);
    case InputType::Kind::kAggregateInput:
      return LowerAggregateKey(space, field, from_var, depth, out);
    case InputType::Kind::kAggregationWhere:
      return LowerAggregationKey(space, field, from_var, depth, out);
    default:
      Error(field.name_span, "check.unknown-key",
            StrCat("unknown key \"", field.name, "\" in ", space.name));
      return false;
  }
}

bool Checker::SlotForVariable(const ast::Value** v, const std::string& type, bool* from_var,
                              OptFilter* out) {
  *v = ResolveVariable(**v, type);
  if (*v == nullptr) {
    *out = plan::Filter{};
    return true;
  }
  *from_var = true;
  return false;
}

bool Checker::LowerLogical(const InputType& space, const ast::ObjectField& fld, bool from_var,
                           int depth, OptFilter* out) {
  out->reset();
  const bool is_not = fld.name == "NOT";
  const ast::Value* v = fld.value.get();
  if (v->kind == ast::ValueKind::kVariable &&
      SlotForVariable(&v, is_not ? space.name : StrCat("[", space.name, "!]"), &from_var, out)) {
    return true;  // compile mode: the key is a slot
  }
  if (v->kind == ast::ValueKind::kNull) return true;  // OR: null, NOT: null
  if (is_not) {
    OptFilter inner;
    if (!LowerObject(space, *v, from_var, depth + 1, &inner)) return false;
    if (inner) {
      plan::Filter f;
      f.kind = plan::Filter::Kind::kNot;
      f.children.push_back(std::move(*inner));
      *out = std::move(f);
    }
    return true;
  }
  const std::vector<const ast::Value*> items = ListItems(*v);
  bool ok = true;
  std::vector<plan::Filter> parts;
  for (const ast::Value* e : items) {
    if (e->kind == ast::ValueKind::kNull) {
      Error(e->span, "check.type-mismatch", StrCat("expected ", space.name, "!, found null"));
      ok = false;
      continue;
    }
    OptFilter inner;
    if (!LowerObject(space, *e, from_var, depth + 1, &inner, nullptr, /*element=*/true)) {
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

bool Checker::LowerWhere(TypeId type, const ast::Value& v, bool from_var, int depth,
                         OptFilter* out) {
  return LowerObject(InputType::Where(schema_, type), v, from_var, depth, out);
}

bool Checker::LowerWhereKey(TypeId type, const ast::ObjectField& field, bool from_var,
                            int depth, OptFilter* out) {
  const TypeDef& t = schema_.type(type);
  WhereKey k = ParseWhereKey(t, field.name);
  switch (k.kind) {
    case WhereKey::Kind::kProperty:
      return LowerScalar(t.properties[k.index], k.suffix, field, from_var, out);
    case WhereKey::Kind::kRelationship:
      return LowerRelation(type, t.relationships[k.index], k.suffix, field, from_var, depth, out);
    case WhereKey::Kind::kConnection:
      return LowerConnection(type, t.relationships[k.index], k.suffix, field, from_var, depth,
                             out);
    case WhereKey::Kind::kAggregate:
      return LowerAggregate(type, t.relationships[k.index], field, from_var, depth, out);
    case WhereKey::Kind::kTypename:
      return LowerTypename(type, field, from_var, out);
    default:
      Error(field.name_span, "check.unknown-key", BadWhereKeyMessage(schema_, type, field.name, k));
      return false;
  }
}

bool Checker::ConvertLiteral(const PropertyDef& def, ScalarKind kind, const ast::Value& v,
                             bool from_var, plan::Literal* out) {
  out->kind = kind;
  auto mismatch = [&](std::string_view expected) {
    Error(v.span, "check.type-mismatch",
          StrCat(def.name, " expects ", expected, ", found ", Shown(v, from_var)));
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
      if (IsIntLiteral(v, from_var)) {
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
      if (v.kind == ast::ValueKind::kEnum || (from_var && v.kind == ast::ValueKind::kString)) {
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
      if (IsIntLiteral(v, from_var)) {
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
      std::string why;
      auto t = ParseQueryDateTime(v.text, &why);
      if (!t) {
        Error(v.span, "check.bad-datetime", std::move(why));
        return false;
      }
      out->s = v.text;
      out->t = *t;
      return true;
    }
  }
  return mismatch("a value");
}

bool Checker::LowerScalar(const PropertyDef& def, std::string_view suffix,
                          const ast::ObjectField& field, bool from_var, OptFilter* out) {
  using plan::ScalarOp;
  PropertyKey key = PropertyKeyOf(def, suffix);
  plan::Filter f;
  f.kind = plan::Filter::Kind::kScalar;
  f.property = def.name;
  f.def = &def;
  f.op = key.op;
  f.negate = key.negate;
  auto expected = [&] { return key.operand.ToString(); };  // for uses and messages
  const ast::Value* v = field.value.get();
  if (v->kind == ast::ValueKind::kVariable &&
      SlotForVariable(&v, mode_ == Mode::kCompile ? expected() : std::string(), &from_var, out)) {
    return true;  // compile mode: the key is a slot
  }
  if (v->kind == ast::ValueKind::kNull) {
    f.op = ScalarOp::kIsNull;
    *out = std::move(f);
    return true;
  }
  const ScalarKind kind = key.operand_kind;
  if (key.operand.is_list()) {  // kIn, kListEq
    const std::vector<const ast::Value*> items = ListItems(*v);
    bool ok = true;
    const bool element_non_null = key.operand.element().non_null();
    for (const ast::Value* e : items) {
      bool item_from_var = from_var;
      if (e->kind == ast::ValueKind::kVariable) {  // ["x", $y]
        e = ResolveVariable(*e, mode_ == Mode::kCompile ? key.operand.element().ToString()
                                                        : std::string());
        if (e == nullptr) continue;  // compile mode
        item_from_var = true;
      }
      plan::Literal lit;
      if (!ConvertLiteral(def, kind, *e, item_from_var, &lit)) {
        ok = false;
        continue;
      }
      if (lit.is_null && element_non_null) {
        Error(e->span, "check.type-mismatch",
              StrCat(def.name, " expects ", expected(), ", found a null element"));
        ok = false;
        continue;
      }
      f.values.push_back(std::move(lit));
    }
    if (!ok) return false;
  } else {
    if (v->kind == ast::ValueKind::kList) {
      Error(v->span, "check.type-mismatch",
            StrCat(field.name, " expects ", expected(), ", found a list"));
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
              StrCat("invalid regular expression for ", field.name, ": ", re->error()));
        return false;
      }
      f.regex = std::move(re);
    }
  }
  *out = std::move(f);
  return true;
}

bool Checker::LowerRelation(TypeId source, const RelationshipDef& rel, std::string_view suffix,
                            const ast::ObjectField& field, bool from_var, int depth,
                            OptFilter* out) {
  using plan::Quantifier;
  covered_.insert(rel.target);
  const ast::Value* v = field.value.get();
  if (v->kind == ast::ValueKind::kVariable &&
      SlotForVariable(&v, schema_.type(rel.target).name + "Where", &from_var, out)) {
    return true;  // compile mode: the key is a slot
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
  f.quantifier = QuantifierOf(rel, suffix);
  OptFilter inner;
  if (!LowerWhere(rel.target, *v, from_var, depth + 1, &inner)) return false;
  if (inner) f.inner.push_back(std::move(*inner));
  *out = std::move(f);
  return true;
}

bool Checker::LowerConnection(TypeId source, const RelationshipDef& rel,
                              std::string_view suffix, const ast::ObjectField& field,
                              bool from_var, int depth, OptFilter* out) {
  covered_.insert(rel.target);
  InputType space = InputType::ConnectionWhere(schema_, source, rel);
  const ast::Value* v = field.value.get();
  if (v->kind == ast::ValueKind::kVariable &&
      SlotForVariable(&v, space.name, &from_var, out)) {
    return true;  // compile mode: the key is a slot
  }
  if (v->kind == ast::ValueKind::kNull) return true;  // dropped
  if (v->kind == ast::ValueKind::kObject && v->fields.empty()) return true;
  plan::Filter f;
  f.kind = plan::Filter::Kind::kRelation;
  f.connection = true;
  f.field = rel.field_name;
  f.rel = &rel;
  f.quantifier = QuantifierOf(rel, suffix);
  OptFilter inner;
  if (!LowerObject(space, *v, from_var, depth + 1, &inner)) return false;
  if (inner) f.inner.push_back(std::move(*inner));
  *out = std::move(f);
  return true;
}

bool Checker::LowerConnectionKey(const InputType& space, const ast::ObjectField& fld,
                                 bool from_var, int depth, OptFilter* out) {
  const RelationshipDef& rel = *space.rel;
  if (fld.name == "node" || (fld.name == "edge" && rel.properties != kNoType)) {
    bool edge = fld.name == "edge";
    OptFilter inner;
    if (!LowerObject(InputType::Where(schema_, edge ? rel.properties : rel.target), *fld.value,
                     from_var, depth + 1, &inner, edge ? "edge" : "node")) {
      return false;
    }
    if (inner) {
      plan::Filter f;
      f.kind = edge ? plan::Filter::Kind::kConnEdge : plan::Filter::Kind::kConnNode;
      f.children.push_back(std::move(*inner));
      *out = std::move(f);
    }
    return true;
  }
  std::string why;
  FindInputField(schema_, space, fld.name, &why);
  Error(fld.name_span,
        fld.name == "node_NOT" || fld.name == "edge_NOT" ? "check.connection-not"
                                                         : "check.unknown-key",
        std::move(why));
  return false;
}

bool Checker::LowerTypename(TypeId type, const ast::ObjectField& field, bool from_var,
                            OptFilter* out) {
  const InputType named = InputType::Implementation(schema_, type);
  const ast::Value* v = field.value.get();
  if (v->kind == ast::ValueKind::kVariable &&
      SlotForVariable(&v, StrCat("[", named.name, "!]"), &from_var, out)) {
    return true;  // compile mode: the key is a slot
  }
  if (v->kind == ast::ValueKind::kNull) return true;  // no predicate, as in Neo4j GraphQL
  const std::vector<const ast::Value*> items = ListItems(*v);
  plan::Filter f;
  f.kind = plan::Filter::Kind::kTypename;
  bool ok = true;
  for (const ast::Value* e : items) {
    bool item_from_var = from_var;
    if (e->kind == ast::ValueKind::kVariable) {
      e = ResolveVariable(*e, StrCat(named.name, "!"));
      if (e == nullptr) continue;  // compile mode
      item_from_var = true;
    }
    const bool is_enum =
        e->kind == ast::ValueKind::kEnum || (item_from_var && e->kind == ast::ValueKind::kString);
    TypeId c = is_enum ? ImplementationOf(schema_, type, e->text) : kNoType;
    if (c == kNoType) {
      std::vector<std::string> names;
      for (TypeId t : schema_.type(type).concrete_types) names.push_back(schema_.type(t).name);
      Error(e->span, is_enum ? "check.enum-value" : "check.type-mismatch",
            is_enum ? StrCat("\"", e->text, "\" is not a value of enum ", named.name, " (",
                             StrJoin(names, ", "), ").", DidYouMean(e->text, names))
                    : StrCat("typename_IN expects [", named.name, "!], found ",
                             Shown(*e, item_from_var)));
      ok = false;
      continue;
    }
    if (std::find(f.types.begin(), f.types.end(), c) == f.types.end()) f.types.push_back(c);
  }
  if (!ok) return false;
  // An empty list is no predicate either.
  if (!f.types.empty()) *out = std::move(f);
  return true;
}

bool Checker::LowerAggregate(TypeId source, const RelationshipDef& rel,
                             const ast::ObjectField& field, bool from_var, int depth,
                             OptFilter* out) {
  covered_.insert(rel.target);
  InputType space = InputType::AggregateInput(schema_, source, rel);
  const ast::Value* v = field.value.get();
  if (v->kind == ast::ValueKind::kVariable &&
      SlotForVariable(&v, space.name, &from_var, out)) {
    return true;  // compile mode: the key is a slot
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
  if (!LowerObject(space, *v, from_var, depth + 1, &inner)) return false;
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

bool Checker::LowerAggregateKey(const InputType& space, const ast::ObjectField& fld,
                                bool from_var, int depth, OptFilter* out) {
  const RelationshipDef& rel = *space.rel;
  const std::string& k = fld.name;
  if (auto cmp = ParseCountKey(k)) {
    const ast::Value* val = fld.value.get();
    if (val->kind == ast::ValueKind::kVariable &&
        SlotForVariable(&val, "Int", &from_var, out)) {
      return true;  // compile mode: the key is a slot
    }
    plan::Filter f;
    f.kind = plan::Filter::Kind::kAggCount;
    f.cmp = *cmp;
    f.value.kind = ScalarKind::kInt;
    if (val->kind == ast::ValueKind::kNull) {
      // count(r) = NULL: never TRUE, and its NOT neither.
      f.value.is_null = true;
    } else if (!IsIntLiteral(*val, from_var)) {
      Error(val->span, "check.type-mismatch",
            StrCat(k, " expects Int, found ", Shown(*val, from_var)));
      return false;
    } else {
      f.value.i = val->int_value;
      f.value.is_int = true;
    }
    *out = std::move(f);
    return true;
  }
  if (k == "node" || (k == "edge" && rel.properties != kNoType)) {
    return LowerObject(InputType::AggregationWhere(schema_, space.type, rel, k == "edge"),
                       *fld.value, from_var, depth + 1, out, k == "edge" ? "edge" : "node");
  }
  std::string why;
  FindInputField(schema_, space, k, &why);
  Error(fld.name_span, "check.unknown-key", std::move(why));
  return false;
}

bool Checker::LowerAggregationKey(const InputType& space, const ast::ObjectField& fld,
                                  bool from_var, int depth, OptFilter* out) {
  const TypeId owner = space.aggregated_type();
  const TypeDef& t = schema_.type(owner);
  const std::string& k = fld.name;
  auto key = ParseAggregationKey(t, k);
  if (!key) {
    std::string why;
    FindInputField(schema_, space, k, &why);
    Error(fld.name_span, "check.unknown-key", std::move(why));
    return false;
  }
  const PropertyDef& def = t.properties[key->property];
  plan::Filter f;
  f.kind = plan::Filter::Kind::kAggProperty;
  f.on_edge = space.on_edge;
  f.owner = owner;
  f.property = def.name;
  f.def = &def;
  f.func = key->func;
  f.cmp = key->cmp;
  if (key->deprecated) {
    f.deprecated_key = k;
    f.replacement_key = key->replacement;
  }
  // The operand is checked as a property of its own type, named after the key.
  PropertyDef operand = def;
  operand.name = k;
  operand.kind = key->operand_kind;
  operand.type_name = key->operand_type;
  const ast::Value* val = fld.value.get();
  if (val->kind == ast::ValueKind::kVariable &&
      SlotForVariable(&val, operand.type_name, &from_var, out)) {
    return true;  // compile mode: the key is a slot
  }
  // A null operand compares as null: never TRUE (ConvertLiteral marks it).
  if (!ConvertLiteral(operand, operand.kind, *val, from_var, &f.value)) return false;
  *out = std::move(f);
  return true;
}

}  // namespace vigil::check
