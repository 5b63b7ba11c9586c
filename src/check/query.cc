// Query::Compile and the plan builder used per evaluation for queries with
// variables.
#include <algorithm>

#include "src/base/strings.h"
#include "src/base/datetime.h"
#include "src/check/plan.h"
#include "src/check/planner.h"
#include "src/syntax/parser.h"
#include "src/syntax/printer.h"
#include "vigil/query.h"

namespace vigil {

struct FragmentLibrary::Impl {
  std::string file;
  std::string text;
  std::vector<ast::FragmentDefinition> fragments;
};

FragmentLibrary::FragmentLibrary() : impl_(std::make_unique<Impl>()) {}
FragmentLibrary::~FragmentLibrary() = default;

absl::StatusOr<std::shared_ptr<const FragmentLibrary>> FragmentLibrary::Parse(
    std::string_view text, std::string_view file_name, Diagnostics* diags) {
  auto frags = syntax::ParseFragments(text, file_name, {}, diags);
  if (!frags.ok()) return frags.status();
  std::shared_ptr<FragmentLibrary> lib(new FragmentLibrary());
  lib->impl_->file = std::string(file_name);
  lib->impl_->text = std::string(text);
  lib->impl_->fragments = std::move(*frags);
  // Duplicate names inside one library are an error.
  Diagnostics local;
  for (size_t i = 0; i < lib->impl_->fragments.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (lib->impl_->fragments[i].name == lib->impl_->fragments[j].name) {
        local.push_back(MakeDiagnostic(
            "check.duplicate-fragment",
            StrCat("there can be only one fragment named \"",
                         lib->impl_->fragments[i].name, "\""),
            file_name, text, lib->impl_->fragments[i].span.begin));
      }
    }
  }
  if (!local.empty()) {
    if (diags) diags->insert(diags->end(), local.begin(), local.end());
    return DiagnosticsToStatus(local);
  }
  return std::shared_ptr<const FragmentLibrary>(std::move(lib));
}

namespace internal {
namespace {

// A GraphQL type written as text ("[String!]"), for variable checks.
struct TypeShape {
  bool non_null = false;
  bool list = false;
  std::string name;
  std::unique_ptr<TypeShape> inner;
};

std::unique_ptr<TypeShape> ParseShape(std::string_view s) {
  auto t = std::make_unique<TypeShape>();
  if (!s.empty() && s.back() == '!') {
    t->non_null = true;
    s.remove_suffix(1);
  }
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') {
    t->list = true;
    t->inner = ParseShape(s.substr(1, s.size() - 2));
  } else {
    t->name = std::string(s);
  }
  return t;
}

std::unique_ptr<TypeShape> ShapeOf(const ast::TypeRef& ref) {
  return ParseShape(syntax::Print(ref));
}

// GraphQL's "is variable usage allowed": var type fits the location type.
bool Fits(const TypeShape& var, const TypeShape& loc, bool has_default) {
  if (loc.non_null && !var.non_null && !has_default) return false;
  if (loc.list != var.list) return false;
  if (loc.list) {
    return Fits(*var.inner, *loc.inner, false);
  }
  return var.name == loc.name;
}

// Whether a JSON value fits a variable's GraphQL type (the input coercion
// rules of GraphQL for scalars, enums, lists and non-null; input objects are
// checked key by key when the plan is built). On failure sets *why.
bool ValueFits(const Value& v, const TypeShape& t, const Schema& schema, std::string* why) {
  if (v.is_null()) {
    if (t.non_null) *why = "null is not allowed";
    return !t.non_null;
  }
  if (t.list) {
    if (!v.is_array()) return ValueFits(v, *t.inner, schema, why);  // list coercion
    for (const Value& e : v.as_array())
      if (!ValueFits(e, *t.inner, schema, why)) return false;
    return true;
  }
  const std::string& n = t.name;
  bool ok;
  if (n == "String") {
    ok = v.is_string();
  } else if (n == "ID") {
    ok = v.is_string() || v.is_int();
  } else if (n == "Int") {
    ok = v.is_int() || (v.is_double() && v.as_double() == static_cast<double>(
                                             static_cast<int64_t>(v.as_double())));
  } else if (n == "Float") {
    ok = v.is_number();
  } else if (n == "Boolean") {
    ok = v.is_bool();
  } else if (n == "DateTime") {
    ok = v.is_string() && ParseDateTime(v.as_string()).has_value();
  } else if (n == "SortDirection") {
    ok = v.is_string() && (v.as_string() == "ASC" || v.as_string() == "DESC");
  } else if (int e = schema.FindEnum(n); e >= 0) {
    ok = v.is_string() && schema.enums()[e].Find(v.as_string()) >= 0;
  } else if (TypeId ct = schema.FindType(n); ct != kNoType && schema.type(ct).kind == TypeDef::Kind::kObject) {
    ok = false;  // an object type is not an input type
  } else {
    ok = v.is_object() || schema.FindType(n) != kNoType;  // input objects: checked on use
  }
  if (!ok) *why = StrCat(v.ToJson(), " is not a valid ", n);
  return ok;
}

// In a GraphQL literal, enum values are bare names and strings are quoted:
// "LOW" is not a Severity, and LOW is not a String.
bool LiteralKindsFit(const ast::Value& v, const std::string& named, const Schema& schema,
                     std::string* why) {
  if (v.kind == ast::ValueKind::kList) {
    for (const auto& e : v.list)
      if (!LiteralKindsFit(e, named, schema, why)) return false;
    return true;
  }
  bool is_enum = schema.FindEnum(named) >= 0 || named == "SortDirection";
  if (is_enum && v.kind == ast::ValueKind::kString) {
    *why = StrCat("\"", v.text, "\" is a string, not a value of enum ", named,
                  " (write it without quotes)");
    return false;
  }
  if (!is_enum && v.kind == ast::ValueKind::kEnum) {
    *why = StrCat(v.text, " is an enum value, not a ", named);
    return false;
  }
  return true;
}

check::FragmentMap BuildFragmentMap(const CompiledQuery& q) {
  check::FragmentMap map;
  for (const auto& lib : q.libraries) {
    for (const auto& f : lib->impl().fragments)
      map[f.name] = check::FragmentSource{&f, lib->impl().text, lib->impl().file};
  }
  // Fragments written with the query override library ones of the same name.
  for (const auto& f : q.document.fragments)
    map[f.name] = check::FragmentSource{&f, q.text, q.file};
  return map;
}

}  // namespace

absl::Status CheckVariableValue(const CompiledQuery& q, size_t i, const Value& value) {
  const VariableInfo& v = q.variables[i];
  std::string why;
  if (ValueFits(value, *ParseShape(v.type), *q.schema, &why)) return absl::OkStatus();
  const auto& place = q.variable_places[i];
  return DiagnosticsToStatus({MakeDiagnostic(
      "eval.variable", StrCat("variable $", v.name, " of type ", v.type, ": ", why),
      place.file, place.text, place.offset)});
}

absl::StatusOr<std::shared_ptr<const plan::PlanSet>> BuildPlan(
    const CompiledQuery& q, const Value& variables) {
  check::FragmentMap frags = BuildFragmentMap(q);
  check::Planner planner(*q.schema, q.text, q.file, frags,
                         check::Planner::Mode::kBound, &variables);
  auto set = std::make_shared<plan::PlanSet>();
  if (!planner.PlanOperation(q.document.operations[0], set.get()) ||
      planner.failed()) {
    return DiagnosticsToStatus(planner.diagnostics());
  }
  return std::shared_ptr<const plan::PlanSet>(std::move(set));
}

}  // namespace internal

Query::Query() : compiled_(std::make_unique<internal::CompiledQuery>()) {}
Query::~Query() = default;

bool Query::stored_form() const { return compiled_->stored_form; }
const std::vector<VariableInfo>& Query::variables() const {
  return compiled_->variables;
}
const Schema& Query::schema() const { return *compiled_->schema; }
std::vector<std::string> Query::covered_types() const {
  std::vector<std::string> names;
  for (TypeId t : compiled_->covered) names.push_back(compiled_->schema->type(t).name);
  return names;
}

const std::string& Query::text() const { return compiled_->text; }

namespace {

void CollectClauses(const ast::Value& v, const std::string& path,
                    std::string_view text, std::vector<Clause>* out) {
  if (v.kind == ast::ValueKind::kObject) {
    for (const auto& f : v.fields) {
      std::string p = path.empty() ? f.name : StrCat(path, ".", f.name);
      out->push_back(Clause{f.name_span.begin, f.name_span.line, f.name_span.column, f.name, p});
      CollectClauses(*f.value, p, text, out);
    }
  } else if (v.kind == ast::ValueKind::kList) {
    for (size_t i = 0; i < v.list.size(); ++i)
      if (v.list[i].kind == ast::ValueKind::kObject)
        CollectClauses(v.list[i], StrCat(path, "[", i, "]"), text, out);
  }
}

void CollectSelectionClauses(const ast::SelectionSet& ss, const std::string& path,
                             std::string_view text, std::vector<Clause>* out) {
  for (const auto& sel : ss.selections) {
    if (sel.kind == ast::Selection::Kind::kField) {
      std::string p = path.empty() ? sel.ResponseKey() : StrCat(path, ".", sel.ResponseKey());
      if (const ast::Argument* w = sel.FindArgument("where"))
        CollectClauses(w->value, p + ".where", text, out);
      if (sel.has_selection_set) CollectSelectionClauses(sel.selection_set, p, text, out);
    } else if (sel.kind == ast::Selection::Kind::kInlineFragment) {
      CollectSelectionClauses(sel.selection_set, path, text, out);
    }
  }
}

}  // namespace

std::vector<Clause> Query::clauses() const {
  std::vector<Clause> out;
  const auto& doc = compiled_->document;
  for (const auto& op : doc.operations) CollectSelectionClauses(op.selection_set, "", compiled_->text, &out);
  for (const auto& f : doc.fragments)
    CollectSelectionClauses(f.selection_set, StrCat("fragment ", f.name), compiled_->text, &out);
  std::sort(out.begin(), out.end(), [](const Clause& a, const Clause& b) { return a.offset < b.offset; });
  return out;
}

absl::StatusOr<std::shared_ptr<const Query>> Query::Compile(
    std::shared_ptr<const Schema> schema, std::string_view text,
    const CompileOptions& options, Diagnostics* diags) {
  if (schema == nullptr) return absl::InvalidArgumentError("Query::Compile: no schema");
  std::shared_ptr<Query> query(new Query());
  internal::CompiledQuery& q = *query->compiled_;
  q.schema = schema;
  q.file = options.file_name.empty() ? "<query>" : options.file_name;
  q.text = std::string(text);
  q.libraries = options.fragments;
  syntax::ParseOptions popts;
  popts.max_depth = options.max_depth;
  auto doc = syntax::ParseExecutable(q.text, q.file, popts, diags);
  if (!doc.ok()) return doc.status();
  q.document = std::move(*doc);
  q.stored_form = q.document.stored_form;

  Diagnostics errs;
  auto error = [&](const ast::Span& span, std::string_view code, std::string msg) {
    errs.push_back(MakeDiagnostic(code, std::move(msg), q.file, q.text, span.begin));
  };
  if (q.document.operations.empty()) {
    error(ast::Span{}, "check.no-operation", "the text holds no query");
  } else if (q.document.operations.size() > 1) {
    error(q.document.operations[1].span, "check.several-operations",
          "the text holds several operations; a check holds exactly one query");
  }
  for (size_t i = 0; i < q.document.fragments.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (q.document.fragments[i].name == q.document.fragments[j].name) {
        error(q.document.fragments[i].name_span, "check.duplicate-fragment",
              StrCat("there can be only one fragment named \"",
                           q.document.fragments[i].name, "\""));
      }
    }
  }
  if (errs.empty()) {
    check::FragmentMap frags = internal::BuildFragmentMap(q);
    check::Planner planner(*schema, q.text, q.file, frags,
                           check::Planner::Mode::kTyping, nullptr);
    auto set = std::make_shared<plan::PlanSet>();
    const ast::OperationDefinition& op = q.document.operations[0];
    bool ok = planner.PlanOperation(op, set.get());
    errs = planner.diagnostics();
    if (ok && errs.empty()) {
      q.covered = set->covered;
      // Variables: declared (documents) or inferred (stored form).
      std::set<std::string> declared_names;
      for (const auto& vd : op.variables) {
        if (!declared_names.insert(vd.name).second) {
          error(vd.span, "check.duplicate-variable",
                StrCat("there can be only one variable named $", vd.name));
          continue;
        }
        VariableInfo info;
        info.name = vd.name;
        info.type = syntax::Print(vd.type);
        if (vd.default_value) {
          if (vd.default_value->kind == ast::ValueKind::kVariable) {
            error(vd.default_value->span, "check.bad-default",
                  "a default value cannot use a variable");
          }
          info.has_default = true;
          std::string why;
          if (!internal::ValueFits(check::AstToValue(*vd.default_value),
                                   *internal::ShapeOf(vd.type), *schema, &why) ||
              !internal::LiteralKindsFit(*vd.default_value, vd.type.NamedType(), *schema,
                                         &why)) {
            error(vd.default_value->span, "check.bad-default",
                  StrCat("default value of $", vd.name, ": ", why));
          }
          info.default_value = check::AstToValue(*vd.default_value);
        }
        q.variables.push_back(std::move(info));
        q.declared.push_back(&vd);
        q.variable_places.push_back({q.text, q.file, vd.span.begin});
      }
      for (const auto& [name, uses] : planner.variable_uses()) {
        auto decl = std::find_if(op.variables.begin(), op.variables.end(),
                                 [&name = name](const auto& vd) { return vd.name == name; });
        const auto& first = uses.front();
        if (q.stored_form) {
          // No declaration: the type comes from the uses, which must agree
          // (up to non-null; a non-null use makes the variable non-null).
          std::string base = first.type;
          if (!base.empty() && base.back() == '!') base.pop_back();
          bool non_null = false;
          for (const auto& use : uses) {
            std::string t = use.type;
            if (!t.empty() && t.back() == '!') {
              t.pop_back();
              non_null = true;
            }
            if (t != base) {
              errs.push_back(MakeDiagnostic(
                  "check.variable-type",
                  StrCat("variable $", name, " is used as ", use.type, " here but as ",
                         first.type, " elsewhere"),
                  use.file, use.text, use.span.begin));
            }
          }
          VariableInfo info;
          info.name = name;
          info.type = non_null ? base + "!" : base;
          q.variables.push_back(std::move(info));
          q.variable_places.push_back({first.text, first.file, first.span.begin});
          continue;
        }
        if (decl == op.variables.end()) {
          errs.push_back(MakeDiagnostic(
              "check.undefined-variable",
              StrCat("variable $", name, " is not defined by the operation"),
              first.file, first.text, first.span.begin));
          continue;
        }
        auto vshape = internal::ShapeOf(decl->type);
        for (const auto& use : uses) {
          auto lshape = internal::ParseShape(use.type);
          if (!internal::Fits(*vshape, *lshape, decl->default_value.has_value())) {
            errs.push_back(MakeDiagnostic(
                "check.variable-type",
                StrCat("variable $", name, " of type ", syntax::Print(decl->type),
                       " cannot be used where ", use.type, " is expected"),
                use.file, use.text, use.span.begin));
          }
        }
      }
      // With no variables, the plan is final; otherwise defaults are checked
      // by planning once with them when every variable has one.
      if (errs.empty() && q.variables.empty()) {
        q.plan = std::move(set);
      } else if (errs.empty()) {
        bool all_defaults = std::all_of(q.variables.begin(), q.variables.end(),
                                         [](const VariableInfo& v) { return v.has_default; });
        if (all_defaults) {
          Value::Object o;
          for (const auto& v : q.variables) o.emplace_back(v.name, v.default_value);
          auto p = internal::BuildPlan(q, Value(std::move(o)));
          if (!p.ok()) return p.status();
        }
      }
    }
  }
  if (!errs.empty()) {
    if (diags) diags->insert(diags->end(), errs.begin(), errs.end());
    return DiagnosticsToStatus(errs);
  }
  return std::shared_ptr<const Query>(std::move(query));
}

}  // namespace vigil
