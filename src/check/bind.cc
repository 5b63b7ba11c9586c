// check::Bind: variable values into a compiled program, once per evaluation.
#include <algorithm>
#include <set>

#include "src/base/strings.h"
#include "src/check/checker.h"
#include "src/check/program.h"

namespace vigil::check {

// Lowers a program's slots for one set of values (complete: every variable
// has a checked value) into Bindings.
class Binder {
 public:
  Binder(const Program& program, const Value& values) : p_(program), values_(values) {}

  absl::StatusOr<std::shared_ptr<const Bindings>> Run() {
    auto b = std::make_shared<Bindings>();
    static const FragmentMap kNoFragments;
    Checker checker(*p_.schema, p_.text, p_.text, p_.file, kNoFragments,
                    Checker::Mode::kBound, &values_, nullptr);
    std::vector<plan::Filter*> lowered(p_.slots.size(), nullptr);
    b->lowered_.reserve(p_.slots.size());
    for (size_t i = 0; i < p_.slots.size(); ++i) {
      std::optional<plan::Filter> out;
      if (checker.LowerSlot(p_.slots[i], &out) && out) {
        b->lowered_.push_back(*std::move(out));
        lowered[i] = &b->lowered_.back();
      }
    }
    b->options_.resize(p_.option_slots.size());
    for (size_t i = 0; i < p_.option_slots.size(); ++i)
      checker.LowerOptionsSlot(p_.option_slots[i], &b->options_[i]);
    if (checker.failed()) return DiagnosticsToStatus(checker.diagnostics());

    Diagnostics errs;
    b->guards_.assign(p_.guards.size(), kUnknown);
    for (size_t g = 0; g < p_.guards.size(); ++g) Decide(static_cast<int32_t>(g), b.get(), &errs);
    if (!errs.empty()) return DiagnosticsToStatus(errs);

    // Every node after its parts: a slot takes its lowered filter (with the
    // clauses of the keys that stood for it); AND/OR keep their present
    // parts and NOT / connection node and edge filters their one part, and
    // are dropped without; a relationship filter without its inner filter
    // keeps only its quantifier.
    b->resolved_.resize(p_.bound_nodes.size());
    auto present = [&](const plan::Filter& f) {
      return f.bound < 0 || b->resolved_[f.bound] != nullptr;
    };
    for (const plan::Filter* node : p_.bound_nodes) {
      const plan::Filter* r = node;
      switch (node->kind) {
        case plan::Filter::Kind::kSlot: {
          plan::Filter* l = lowered[node->slot];
          if (l != nullptr) {
            for (uint32_t c : node->clauses) {
              if (std::find(l->clauses.begin(), l->clauses.end(), c) == l->clauses.end())
                l->clauses.push_back(c);
            }
          }
          r = l;
          break;
        }
        case plan::Filter::Kind::kAnd:
        case plan::Filter::Kind::kOr:
          r = std::any_of(node->children.begin(), node->children.end(), present) ? node : nullptr;
          break;
        case plan::Filter::Kind::kNot:
        case plan::Filter::Kind::kConnNode:
        case plan::Filter::Kind::kConnEdge:
          r = present(node->children[0]) ? node : nullptr;
          break;
        default:
          break;
      }
      b->resolved_[node->bound] = r;
    }
    return std::shared_ptr<const Bindings>(std::move(b));
  }

 private:
  static constexpr uint8_t kFalse = 0, kTrue = 1, kUnknown = 2, kDeciding = 3;

  bool Decide(int32_t g, Bindings* b, Diagnostics* errs) {
    if (g < 0) return true;
    uint8_t& state = b->guards_[g];
    if (state == kTrue || state == kFalse) return state == kTrue;
    if (state == kDeciding) return false;  // no cycles are built; never loop
    state = kDeciding;
    const Guard& guard = p_.guards[g];
    bool holds = false;
    switch (guard.kind) {
      case Guard::Kind::kVariable: {
        const Value* v = values_.Find(guard.variable);
        if (v != nullptr && v->is_bool()) {
          holds = v->as_bool() == guard.want;
        } else if (guard.directed && (v == nullptr || v->is_null())) {
          holds = true;
        } else if (guard.directed) {
          errs->push_back(MakeDiagnostic("check.type-mismatch",
                                         StrCat("directed expects Boolean, found ", v->ToJson()),
                                         guard.file, guard.text, guard.value->span.begin));
        } else {
          errs->push_back(MakeDiagnostic(
              "check.type-mismatch",
              StrCat("@", guard.want ? "include" : "skip", "(if:) expects Boolean!, found ",
                     v == nullptr ? std::string("null") : v->ToJson()),
              guard.file, guard.text, guard.value->span.begin));
        }
        break;
      }
      case Guard::Kind::kAnd:
        holds = true;
        for (int32_t op : guard.operands) holds &= Decide(op, b, errs);
        break;
      case Guard::Kind::kOr:
        for (int32_t op : guard.operands) holds |= Decide(op, b, errs);
        break;
    }
    b->guards_[g] = holds ? kTrue : kFalse;
    return holds;
  }

  const Program& p_;
  const Value& values_;
};

absl::StatusOr<std::shared_ptr<const Bindings>> Bind(const Program& program,
                                                     const Value& values) {
  if (!values.is_null() && !values.is_object())
    return absl::InvalidArgumentError("variables must be a JSON object");
  if (!program.has_variables() && program.constant != nullptr) return program.constant;
  Value::Object all;
  for (const Variable& var : program.variables) {
    auto located = [&](std::string msg) {
      return DiagnosticsToStatus({MakeDiagnostic("eval.variable", std::move(msg), var.place.file,
                                                 var.place.text, var.place.offset)});
    };
    const Value* given = values.Find(var.name);
    if (given != nullptr) {
      std::string why;
      if (!ValueFits(*given, var.type, var.named, *program.schema, &why))
        return located(StrCat("variable $", var.name, " of type ", var.type.ToString(), ": ", why));
      all.emplace_back(var.name, *given);
    } else if (var.has_default) {
      all.emplace_back(var.name, var.default_value);
    } else {
      return located(StrCat("variable $", var.name, " (", var.type.ToString(),
                            ") has no value and no default"));
    }
  }
  Value complete(std::move(all));
  return Binder(program, complete).Run();
}

namespace {

const char* NegatedSuffix(plan::ScalarOp op) {
  switch (op) {
    case plan::ScalarOp::kEq: return "_NOT";
    case plan::ScalarOp::kIn: return "_NOT_IN";
    case plan::ScalarOp::kContains: return "_NOT_CONTAINS";
    case plan::ScalarOp::kStartsWith: return "_NOT_STARTS_WITH";
    case plan::ScalarOp::kEndsWith: return "_NOT_ENDS_WITH";
    case plan::ScalarOp::kListEq: return "_NOT";
    case plan::ScalarOp::kIncludes: return "_NOT_INCLUDES";
    default: return nullptr;
  }
}

class LintWalker {
 public:
  LintWalker(const Bindings& b, LintFacts* out) : b_(b), out_(out) {}

  void Filter(const plan::Filter& node) {
    const plan::Filter* f = b_.Resolve(node);
    if (f == nullptr) return;
    if (f->kind == plan::Filter::Kind::kScalar && f->negate) {
      if (const char* suffix = NegatedSuffix(f->op)) {
        std::string key = StrCat(f->property, suffix);
        if (seen_.insert(key).second) out_->negated_keys.push_back({f->property, key});
      }
    }
    if (f->kind == plan::Filter::Kind::kAggProperty && !f->deprecated_key.empty() &&
        seen_.insert(f->deprecated_key).second) {
      LintFacts::DeprecatedKey d{f->deprecated_key, f->replacement_key, ""};
      if (d.replacement.empty() && f->func == plan::AggFunc::kSome && rel_ != nullptr) {
        static const char* const kOps[] = {"", "_LT", "_LTE", "_GT", "_GTE"};
        std::string key = StrCat(f->property, kOps[static_cast<int>(f->cmp)], ": ...");
        const std::string& r = rel_->field_name;
        if (f->on_edge) {
          d.instead = StrCat(r, rel_->is_list ? "Connection_SOME" : "Connection",
                             ": {edge: {", key, "}}");
        } else {
          d.instead = StrCat(r, rel_->is_list ? "_SOME" : "", ": {", key, "}");
        }
      }
      out_->deprecated_keys.push_back(std::move(d));
    }
    const RelationshipDef* saved = rel_;
    if (f->kind == plan::Filter::Kind::kAggregate) rel_ = f->rel;
    for (const auto& c : f->children) Filter(c);
    for (const auto& c : f->inner) Filter(c);
    rel_ = saved;
  }

  void Selection(const plan::SelectionPlan* sel) {
    if (sel == nullptr) return;
    for (const auto& ts : sel->by_type) {
      if (!ts) continue;
      for (const auto& fp : ts->fields) {
        if (!b_.Includes(fp.guard)) continue;
        if (fp.where) Filter(*fp.where);
        Selection(fp.selection.get());
      }
    }
  }

 private:
  const Bindings& b_;
  LintFacts* out_;
  std::set<std::string> seen_;
  const RelationshipDef* rel_ = nullptr;  // of the aggregate being walked
};

}  // namespace

absl::StatusOr<LintFacts> Lint(const Program& program, const Value& values) {
  auto bound = Bind(program, values);
  if (!bound.ok()) return bound.status();
  const Bindings& b = **bound;
  LintFacts facts;
  LintWalker walker(b, &facts);
  std::vector<const plan::RootFieldPlan*> roots;
  for (const auto& root : program.plan.roots) {
    if (!b.Includes(root.guard)) continue;
    roots.push_back(&root);
    if (root.where) walker.Filter(*root.where);
    walker.Selection(root.selection.get());
  }
  if (!program.stored_form || roots.empty()) return facts;
  const plan::RootFieldPlan& root = *roots[0];
  if (root.typename_only || !root.selection) return facts;
  const auto& by_type = root.selection->by_type;
  for (size_t t = 0; t < by_type.size(); ++t) {
    if (!by_type[t]) continue;
    bool has_id = false;
    for (const auto& fp : by_type[t]->fields) {
      has_id |= fp.kind == plan::FieldPlan::Kind::kProperty && fp.key == "id" &&
                fp.name == "id" && b.Includes(fp.guard);
    }
    if (!has_id) facts.rows_without_id.push_back(program.schema->type(static_cast<TypeId>(t)).name);
  }
  return facts;
}

}  // namespace vigil::check
