// check::Compile: parse, type-check and plan a query once.
#include <algorithm>
#include <set>

#include "src/base/strings.h"
#include "src/check/checker.h"
#include "src/check/program.h"
#include "src/syntax/parser.h"

namespace vigil::check {
namespace {

// In a GraphQL literal, enum values are bare names and strings are quoted:
// "LOW" is not a Severity, and LOW is not a String.
bool LiteralKindsFit(const ast::Value& v, const std::string& named, const Schema& schema,
                     std::string* why) {
  if (v.kind == ast::ValueKind::kList) {
    for (const auto& e : v.list)
      if (!LiteralKindsFit(e, named, schema, why)) return false;
    return true;
  }
  auto type = FindInputType(schema, named);
  bool is_enum = type && (type->kind == InputType::Kind::kEnum ||
                          type->kind == InputType::Kind::kSortDirection ||
                          type->kind == InputType::Kind::kImplementation);
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

FragmentMap BuildFragmentMap(const Program& p) {
  FragmentMap map;
  for (const auto& lib : p.libraries) {
    for (const auto& f : lib->fragments)
      map[f.name] = FragmentSource{&f, lib->text, lib->file};
  }
  // Fragments written with the query override library ones of the same name.
  for (const auto& f : p.document.fragments)
    map[f.name] = FragmentSource{&f, p.text, p.file};
  return map;
}

// Numbers the filter nodes that hold a slot (Filter::bound), every node
// after its parts, so that Bind can decide them in one pass.
class BoundIndexer {
 public:
  explicit BoundIndexer(std::vector<const plan::Filter*>* out) : out_(out) {}

  void Plan(plan::PlanSet* set) {
    for (auto& root : set->roots) {
      if (root.where) Filter(&*root.where);
      Selection(root.selection.get());
    }
  }

 private:
  bool Filter(plan::Filter* f) {
    bool bound = f->kind == plan::Filter::Kind::kSlot;
    for (auto& c : f->children) bound |= Filter(&c);
    for (auto& c : f->inner) bound |= Filter(&c);
    if (bound) {
      f->bound = static_cast<int32_t>(out_->size());
      out_->push_back(f);
    }
    return bound;
  }
  void Selection(plan::SelectionPlan* sel) {
    if (sel == nullptr) return;
    for (auto& ts : sel->by_type) {
      if (!ts) continue;
      for (auto& fp : ts->fields) {
        if (fp.where) Filter(&*fp.where);
        Selection(fp.selection.get());
      }
    }
  }
  std::vector<const plan::Filter*>* out_;
};

void CollectClauses(const ast::Value& v, const std::string& path, std::vector<Clause>* out) {
  if (v.kind == ast::ValueKind::kObject) {
    for (const auto& f : v.fields) {
      std::string p = path.empty() ? f.name : StrCat(path, ".", f.name);
      out->push_back(Clause{f.name_span.begin, f.name_span.line, f.name_span.column, f.name, p});
      CollectClauses(*f.value, p, out);
    }
  } else if (v.kind == ast::ValueKind::kList) {
    for (size_t i = 0; i < v.list.size(); ++i)
      if (v.list[i].kind == ast::ValueKind::kObject)
        CollectClauses(v.list[i], StrCat(path, "[", i, "]"), out);
  }
}

void CollectSelectionClauses(const ast::SelectionSet& ss, const std::string& path,
                             std::vector<Clause>* out) {
  for (const auto& sel : ss.selections) {
    if (sel.kind == ast::Selection::Kind::kField) {
      std::string p = path.empty() ? sel.ResponseKey() : StrCat(path, ".", sel.ResponseKey());
      if (const ast::Argument* w = sel.FindArgument("where"))
        CollectClauses(w->value, p + ".where", out);
      if (sel.has_selection_set) CollectSelectionClauses(sel.selection_set, p, out);
    } else if (sel.kind == ast::Selection::Kind::kInlineFragment) {
      CollectSelectionClauses(sel.selection_set, path, out);
    }
  }
}

}  // namespace

absl::StatusOr<std::shared_ptr<const FragmentSet>> ParseFragmentSet(std::string_view text,
                                                                    std::string_view file,
                                                                    Diagnostics* diags) {
  auto frags = syntax::ParseFragments(text, file, {}, diags);
  if (!frags.ok()) return frags.status();
  auto set = std::make_shared<FragmentSet>();
  set->file = std::string(file);
  set->text = std::string(text);
  set->fragments = std::move(*frags);
  // Duplicate names inside one library are an error.
  Diagnostics local;
  for (size_t i = 0; i < set->fragments.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (set->fragments[i].name == set->fragments[j].name) {
        local.push_back(MakeDiagnostic(
            "check.duplicate-fragment",
            StrCat("there can be only one fragment named \"", set->fragments[i].name, "\""),
            file, text, set->fragments[i].span.begin));
      }
    }
  }
  if (!local.empty()) {
    if (diags) diags->insert(diags->end(), local.begin(), local.end());
    return DiagnosticsToStatus(local);
  }
  return std::shared_ptr<const FragmentSet>(std::move(set));
}

absl::StatusOr<std::shared_ptr<const Program>> Compile(std::shared_ptr<const Schema> schema,
                                                       const CompileInput& input,
                                                       Diagnostics* diags) {
  if (schema == nullptr) return absl::InvalidArgumentError("Query::Compile: no schema");
  auto program = std::make_shared<Program>();
  Program& q = *program;
  q.schema = schema;
  q.file = input.file.empty() ? "<query>" : input.file;
  q.text = std::string(input.text);
  q.libraries = input.fragments;
  syntax::ParseOptions popts;
  popts.max_depth = input.max_depth;
  auto doc = syntax::ParseExecutable(q.text, q.file, popts, diags);
  if (!doc.ok()) return doc.status();
  q.document = std::move(*doc);
  q.stored_form = q.document.stored_form;

  Diagnostics errs;
  auto error = [&](const ast::Span& span, std::string_view code, std::string msg) {
    errs.push_back(MakeDiagnostic(code, std::move(msg), q.file, q.text, span.begin));
  };
  auto fail = [&]() -> absl::Status {
    if (diags) diags->insert(diags->end(), errs.begin(), errs.end());
    return DiagnosticsToStatus(errs);
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
              StrCat("there can be only one fragment named \"", q.document.fragments[i].name,
                     "\""));
      }
    }
  }
  if (!errs.empty()) return fail();

  FragmentMap frags = BuildFragmentMap(q);
  Checker checker(*schema, q.text, q.text, q.file, frags, Checker::Mode::kCompile, nullptr, &q);
  const ast::OperationDefinition& op = q.document.operations[0];
  bool ok = checker.PlanOperation(op, &q.plan);
  errs = checker.diagnostics();
  if (!ok || !errs.empty()) {
    if (errs.empty()) error(op.span, "check.failed", "the query does not compile");
    return fail();
  }

  // Fragments of the query text must be used (GraphQL's "Fragments Must Be
  // Used"; a fragment library's need not be).
  for (const auto& f : q.document.fragments) {
    if (!checker.FragmentUsed(f.name)) {
      error(f.name_span, "check.unused-fragment",
            StrCat("fragment \"", f.name, "\" is never used"));
    }
  }

  // Variables: declared (documents) or typed by their uses (stored form).
  std::set<std::string> declared_names;
  for (const auto& vd : op.variables) {
    if (!declared_names.insert(vd.name).second) {
      error(vd.span, "check.duplicate-variable",
            StrCat("there can be only one variable named $", vd.name));
      continue;
    }
    for (const auto& d : vd.directives) {
      if (d.name == "skip" || d.name == "include") {
        error(d.span, "check.directive-location",
              StrCat("the directive @", d.name,
                     " may not be used on VARIABLE_DEFINITION (only on fields, fragment spreads "
                     "and inline fragments)"));
      } else {
        error(d.span, "check.unknown-directive",
              StrCat("unknown directive @", d.name, " (only @skip and @include are supported)"));
      }
    }
    if (!vd.directives.empty()) continue;
    Variable var;
    var.name = vd.name;
    var.type = TypeRef::FromAst(vd.type);
    var.place = Place{q.text, q.file, vd.span.begin};
    std::string why;
    if (auto named = FindInputType(*schema, var.type.name())) {
      var.named = *std::move(named);
    } else {
      IsInputType(*schema, var.type, &why);
      error(vd.type.span, "check.unknown-type", StrCat("variable $", vd.name, ": ", why));
      continue;
    }
    if (vd.default_value) {
      if (vd.default_value->kind == ast::ValueKind::kVariable) {
        error(vd.default_value->span, "check.bad-default",
              "a default value cannot use a variable");
      }
      var.has_default = true;
      var.default_value = AstToValue(*vd.default_value);
      if (!ValueFits(var.default_value, var.type, var.named, *schema, &why) ||
          !LiteralKindsFit(*vd.default_value, var.type.name(), *schema, &why)) {
        error(vd.default_value->span, "check.bad-default",
              StrCat("default value of $", vd.name, ": ", why));
      }
    }
    if (checker.variable_uses().count(vd.name) == 0) {
      error(vd.span, "check.unused-variable",
            StrCat("variable $", vd.name, " is never used in the operation"));
    }
    q.variables.push_back(std::move(var));
  }
  for (const auto& [name, uses] : checker.variable_uses()) {
    const auto& first = uses.front();
    if (q.stored_form) {
      // No declaration: the type comes from the uses, which must agree (up
      // to non-null; a non-null use makes the variable non-null).
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
              StrCat("variable $", name, " is used as ", use.type, " here but as ", first.type,
                     " elsewhere"),
              use.file, use.text, use.span.begin));
        }
      }
      Variable var;
      var.name = name;
      auto type = TypeRef::Parse(non_null ? base + "!" : base);
      auto named = type ? FindInputType(*schema, type->name()) : std::nullopt;
      if (!named) {  // the checker names only input types of the schema
        errs.push_back(MakeDiagnostic("check.variable-type",
                                      StrCat("variable $", name, " has no input type"),
                                      first.file, first.text, first.span.begin));
        continue;
      }
      var.type = *std::move(type);
      var.named = *std::move(named);
      var.place = Place{first.text, first.file, first.span.begin};
      q.variables.push_back(std::move(var));
      continue;
    }
    auto decl = std::find_if(q.variables.begin(), q.variables.end(),
                             [&name = name](const Variable& v) { return v.name == name; });
    if (decl == q.variables.end()) {
      if (declared_names.count(name)) continue;  // declared with an unknown type
      errs.push_back(MakeDiagnostic(
          "check.undefined-variable",
          StrCat("variable $", name, " is not defined by the operation"), first.file,
          first.text, first.span.begin));
      continue;
    }
    const bool non_null_default = decl->has_default && !decl->default_value.is_null();
    for (const auto& use : uses) {
      auto location = TypeRef::Parse(use.type);
      if (!location || !VariableUsageAllowed(decl->type, *location, non_null_default)) {
        errs.push_back(MakeDiagnostic(
            "check.variable-type",
            StrCat("variable $", name, " of type ", decl->type.ToString(),
                   " cannot be used where ", use.type, " is expected"),
            use.file, use.text, use.span.begin));
      }
    }
  }
  if (!errs.empty()) return fail();

  BoundIndexer(&q.bound_nodes).Plan(&q.plan);
  if (!q.has_variables()) {
    auto bound = Bind(q, Value());
    if (!bound.ok()) return bound.status();
    q.constant = *std::move(bound);
  } else if (std::all_of(q.variables.begin(), q.variables.end(),
                         [](const Variable& v) { return v.has_default; })) {
    // With a default for every variable, the defaults are checked against
    // their uses now (a default that lowers to nothing valid is an error of
    // the query, not of an evaluation).
    auto bound = Bind(q, Value());
    if (!bound.ok()) return bound.status();
  }
  return std::shared_ptr<const Program>(std::move(program));
}

std::vector<Clause> Clauses(const Program& program) {
  std::vector<Clause> out;
  const auto& doc = program.document;
  for (const auto& op : doc.operations) CollectSelectionClauses(op.selection_set, "", &out);
  for (const auto& f : doc.fragments)
    CollectSelectionClauses(f.selection_set, StrCat("fragment ", f.name), &out);
  std::sort(out.begin(), out.end(),
            [](const Clause& a, const Clause& b) { return a.offset < b.offset; });
  return out;
}

}  // namespace vigil::check
