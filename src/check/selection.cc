// Selection sets: validation against the schema, fragment expansion,
// @skip/@include, field merging, and the per-type field lists of the plan.
#include <algorithm>
#include <set>

#include "absl/strings/escaping.h"
#include "src/base/strings.h"
#include "src/check/checker.h"
#include "src/syntax/printer.h"

namespace vigil::check {
namespace {

std::string ArgsKey(const ast::Selection& sel) {
  std::string key;
  std::vector<const ast::Argument*> args;
  for (const auto& a : sel.arguments) args.push_back(&a);
  std::sort(args.begin(), args.end(),
            [](auto* a, auto* b) { return a->name < b->name; });
  for (auto* a : args) StrAppend(&key, a->name, ":", syntax::Print(a->value), ";");
  return key;
}

}  // namespace

bool Checker::Applies(TypeId concrete, const std::string& type_condition) const {
  if (type_condition.empty()) return true;
  TypeId t = schema_.FindType(type_condition);
  return t != kNoType && schema_.IsSubtype(concrete, t);
}

const FragmentSource* Checker::SpreadFragment(const ast::Selection& sel) {
  auto it = fragments_.find(sel.name);
  if (it == fragments_.end()) {
    std::vector<std::string> names;
    for (const auto& [n, _] : fragments_) names.push_back(n);
    std::sort(names.begin(), names.end());
    Error(sel.name_span, "check.unknown-fragment",
          StrCat("unknown fragment \"", sel.name, "\".", DidYouMean(sel.name, names)));
    return nullptr;
  }
  if (std::find(fragment_stack_.begin(), fragment_stack_.end(), sel.name) !=
      fragment_stack_.end()) {
    Error(sel.name_span, "check.fragment-cycle",
          StrCat("fragment \"", sel.name, "\" spreads itself (",
                 StrJoin(fragment_stack_, " -> "), " -> ", sel.name, ")"));
    return nullptr;
  }
  return &it->second;
}

bool Checker::CountExpanded(const ast::Selection& sel) {
  if (++expanded_selections_ <= kMaxPlanFields) return true;
  if (!plan_too_large_) {
    Error(sel.span, "check.too-large",
          StrCat("the selection holds more than ", kMaxPlanFields,
                 " fields once fragments are expanded"));
  }
  plan_too_large_ = true;
  return false;
}

bool Checker::CheckDirectives(const std::vector<ast::Directive>& dirs, bool* include,
                              std::vector<GuardTest>* tests) {
  *include = true;
  bool ok = true;
  std::set<std::string_view> seen;
  for (const auto& d : dirs) {
    if (!seen.insert(d.name).second) {
      Error(d.span, "check.repeated-directive",
            StrCat("the directive @", d.name, " can only be used once at this location"));
      ok = false;
      continue;
    }
    if (d.name != "skip" && d.name != "include") {
      Error(d.span, "check.unknown-directive",
            StrCat("unknown directive @", d.name,
                         " (only @skip and @include are supported)"));
      ok = false;
      continue;
    }
    const ast::Argument* cond = nullptr;
    for (const auto& a : d.arguments) {
      if (a.name == "if" && cond == nullptr) {
        cond = &a;
      } else {
        Error(a.span, "check.unknown-argument",
              StrCat("unknown or repeated argument \"", a.name, "\" on @", d.name));
        ok = false;
      }
    }
    if (cond == nullptr) {
      Error(d.span, "check.missing-argument",
            StrCat("@", d.name, " needs the argument if: Boolean!"));
      ok = false;
      continue;
    }
    const ast::Value* v = &cond->value;
    if (v->kind == ast::ValueKind::kVariable) {
      v = ResolveVariable(*v, "Boolean!");
      if (v == nullptr) {  // compile mode: decided per evaluation
        if (tests != nullptr) tests->push_back(GuardTest{cond->value.text, d.name == "include", &cond->value});
        continue;
      }
    }
    if (v->kind != ast::ValueKind::kBoolean) {
      Error(cond->value.span, "check.type-mismatch",
            StrCat("@", d.name, "(if:) expects Boolean!, found ",
                         v->kind == ast::ValueKind::kNull ? "null" : syntax::Print(*v)));
      ok = false;
      continue;
    }
    if (d.name == "skip" && v->bool_value) *include = false;
    if (d.name == "include" && !v->bool_value) *include = false;
  }
  return ok;
}

bool Checker::RefuseDirectives(const std::vector<ast::Directive>& dirs,
                               std::string_view location) {
  for (const auto& d : dirs) {
    if (d.name == "skip" || d.name == "include") {
      Error(d.span, "check.directive-location",
            StrCat("the directive @", d.name, " may not be used on ", location,
                   " (only on fields, fragment spreads and inline fragments)"));
    } else {
      Error(d.span, "check.unknown-directive",
            StrCat("unknown directive @", d.name, " (only @skip and @include are supported)"));
    }
  }
  return dirs.empty();
}

bool Checker::LowerInt(const ast::Value& v0, bool from_var, const char* what,
                       int64_t* out) {
  const ast::Value* v = &v0;
  if (v->kind == ast::ValueKind::kVariable) {
    v = ResolveVariable(*v, "Int");
    if (v == nullptr) return true;
    from_var = true;
  }
  if (v->kind == ast::ValueKind::kNull) {
    *out = 0;
    return true;
  }
  if (v->kind != ast::ValueKind::kInt &&
      !(from_var && v->kind == ast::ValueKind::kFloat &&
        static_cast<double>(v->int_value) == v->float_value)) {
    Error(v->span, "check.type-mismatch", StrCat(what, " expects Int"));
    return false;
  }
  if (v->int_value < 0) {
    Error(v->span, "check.negative", StrCat(what, " must not be negative"));
    return false;
  }
  *out = v->int_value;
  return true;
}

bool Checker::LowerSort(TypeId target, const ast::Value& v0, bool from_var,
                        plan::Options* out, bool nullable_elements) {
  std::string sort_type =
      StrCat("[", schema_.type(target).name, nullable_elements ? "Sort]" : "Sort!]");
  const ast::Value* v = &v0;
  if (v->kind == ast::ValueKind::kVariable) {
    v = ResolveVariable(*v, sort_type);
    if (v == nullptr) return true;
    from_var = true;
  }
  if (v->kind == ast::ValueKind::kNull) return true;
  std::vector<const ast::Value*> items;
  if (v->kind == ast::ValueKind::kList) {
    for (const auto& e : v->list) items.push_back(&e);
  } else {
    items.push_back(v);
  }
  const TypeDef& t = schema_.type(target);
  bool ok = true;
  for (const ast::Value* e : items) {
    bool item_from_var = from_var;
    if (e->kind == ast::ValueKind::kVariable) {  // sort: [$s]
      e = ResolveVariable(*e, StrCat(t.name, nullable_elements ? "Sort" : "Sort!"));
      if (e == nullptr) continue;  // compile mode
      item_from_var = true;
    }
    if (e->kind == ast::ValueKind::kNull && nullable_elements) continue;  // no key
    if (e->kind != ast::ValueKind::kObject) {
      Error(e->span, "check.type-mismatch",
            StrCat("sort expects ", sort_type, ", found ", Shown(*e, item_from_var)));
      ok = false;
      continue;
    }
    // Inside one sort object, keys apply in the type's field order (as
    // Neo4j GraphQL does), not in the order written.
    std::vector<std::pair<int, plan::SortKey>> keys;
    std::set<std::string_view> seen;
    for (const auto& f : e->fields) {
      if (!FirstKey(&seen, f.name, f.name_span)) {
        ok = false;
        continue;
      }
      int p = t.FindProperty(f.name);
      if (p < 0 || t.properties[p].is_list) {
        std::vector<std::string> names;
        for (const auto& pd : t.properties)
          if (!pd.is_list) names.push_back(pd.name);
        Error(f.name_span, "check.unknown-key",
              StrCat("cannot sort ", t.name, " by \"", f.name, "\".",
                           DidYouMean(f.name, names)));
        ok = false;
        continue;
      }
      const ast::Value* dv = f.value.get();
      bool fv = item_from_var;
      if (dv->kind == ast::ValueKind::kVariable) {
        dv = ResolveVariable(*dv, "SortDirection");
        if (dv == nullptr) continue;
        fv = true;
      }
      if (dv->kind == ast::ValueKind::kNull) {
        // Neo4j GraphQL sorts a null direction ascending.
        keys.emplace_back(p, plan::SortKey{f.name, false});
        continue;
      }
      bool is_enum = dv->kind == ast::ValueKind::kEnum ||
                     (fv && dv->kind == ast::ValueKind::kString);
      if (!is_enum || (dv->text != "ASC" && dv->text != "DESC")) {
        Error(dv->span, "check.type-mismatch",
              StrCat("sort direction must be ASC or DESC, found ", Shown(*dv, fv)));
        ok = false;
        continue;
      }
      keys.emplace_back(p, plan::SortKey{f.name, dv->text == "DESC"});
    }
    std::stable_sort(keys.begin(), keys.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& k : keys) out->sort.push_back(std::move(k.second));
  }
  return ok;
}

bool Checker::LowerOptions(TypeId target, const ast::Value* options, const ast::Value* limit,
                           const ast::Value* offset, const ast::Value* sort,
                           plan::Options* out) {
  bool with_variables = false;
  for (const ast::Value* v : {options, limit, offset, sort})
    with_variables |= v != nullptr && HasVariable(*v);
  if (!with_variables || !SlotsAllowed()) return LowerOptionsNow(target, options, limit, offset, sort, out);
  // Checked now as far as written; bound per evaluation.
  ++typing_only_;
  plan::Options checked;
  bool ok = LowerOptionsNow(target, options, limit, offset, sort, &checked);
  --typing_only_;
  if (!ok) return false;
  out->slot = static_cast<int32_t>(program_->option_slots.size());
  program_->option_slots.push_back(OptionsSlot{target, options, limit, offset, sort, text_, file_});
  return true;
}

bool Checker::LowerOptionsNow(TypeId target, const ast::Value* options, const ast::Value* limit,
                              const ast::Value* offset, const ast::Value* sort,
                              plan::Options* out) {
  const bool from_var = false;
  bool ok = true;
  if (options != nullptr) {
    const ast::Value* v = options;
    bool fv = from_var;
    if (v->kind == ast::ValueKind::kVariable) {
      v = ResolveVariable(*v, schema_.type(target).name + "Options");
      if (v == nullptr) return true;
      fv = true;
    }
    if (v->kind == ast::ValueKind::kNull) return true;
    if (v->kind != ast::ValueKind::kObject) {
      Error(v->span, "check.type-mismatch",
            StrCat("options expects ", schema_.type(target).name, "Options"));
      return false;
    }
    std::set<std::string_view> seen;
    for (const auto& f : v->fields) {
      if (!FirstKey(&seen, f.name, f.name_span)) {
        ok = false;
      } else if (f.name == "limit") {
        ok &= LowerInt(*f.value, fv, "limit", &out->limit);
      } else if (f.name == "offset") {
        ok &= LowerInt(*f.value, fv, "offset", &out->offset);
      } else if (f.name == "sort") {
        ok &= LowerSort(target, *f.value, fv, out);
      } else {
        Error(f.name_span, "check.unknown-key",
              StrCat("unknown option \"", f.name, "\".",
                           DidYouMean(f.name, {"limit", "offset", "sort"})));
        ok = false;
      }
    }
    return ok;
  }
  if (limit != nullptr) ok &= LowerInt(*limit, from_var, "limit", &out->limit);
  if (offset != nullptr) ok &= LowerInt(*offset, from_var, "offset", &out->offset);
  if (sort != nullptr) ok &= LowerSort(target, *sort, from_var, out);
  return ok;
}

bool Checker::LowerFieldArguments(TypeId target, const ast::Selection& sel,
                                  bool allow_pagination, plan::Options* options,
                                  OptFilter* where, bool* undirected,
                                  int32_t* directed_guard) {
  bool ok = true;
  const ast::Value *w = nullptr, *opt = nullptr, *limit = nullptr,
                   *offset = nullptr, *sort = nullptr;
  std::set<std::string_view> seen;
  for (const auto& a : sel.arguments) {
    if (!FirstArgument(&seen, a)) {
      ok = false;
      continue;
    }
    if (a.name == "where") {
      w = &a.value;
    } else if (undirected != nullptr && a.name == "directed") {
      if (!LowerDirected(a.value, undirected, directed_guard)) ok = false;
    } else if (!allow_pagination &&
               (a.name == "options" || a.name == "limit" || a.name == "offset" ||
                a.name == "sort")) {
      Error(a.name_span, "check.unknown-argument",
            StrCat("\"", a.name, "\" does not apply to the single relationship \"", sel.name,
                   "\" (it takes only where)"));
      ok = false;
    } else if (a.name == "options") {
      opt = &a.value;
    } else if (a.name == "limit") {
      limit = &a.value;
    } else if (a.name == "offset") {
      offset = &a.value;
    } else if (a.name == "sort") {
      sort = &a.value;
    } else {
      Error(a.name_span, "check.unknown-argument",
            StrCat("unknown argument \"", a.name, "\" on field \"", sel.name, "\".",
                         DidYouMean(a.name, {"where", "options", "limit", "offset", "sort"})));
      ok = false;
    }
  }
  if (opt != nullptr && (limit != nullptr || offset != nullptr || sort != nullptr)) {
    Error(sel.name_span, "check.ambiguous-pagination",
          "give either options: {limit, offset, sort} or limit/offset/sort as "
          "arguments, not both");
    ok = false;
  }
  if (w != nullptr && !LowerWhere(target, *w, false, 0, where)) ok = false;
  if (!LowerOptions(target, opt, limit, offset, sort, options)) ok = false;
  return ok;
}

bool Checker::ValidateField(TypeId type, const ast::Selection& sel, int depth) {
  const TypeDef& t = schema_.type(type);
  bool include;
  bool ok = CheckDirectives(sel.directives, &include);
  if (sel.name == "__typename") {
    if (!sel.arguments.empty()) {
      Error(sel.arguments[0].name_span, "check.unknown-argument",
            "__typename takes no arguments");
      ok = false;
    }
    if (sel.has_selection_set) {
      Error(sel.selection_set.span, "check.selection-on-scalar",
            "__typename is a String: it takes no selection set");
      ok = false;
    }
    return ok;
  }
  if (int p = t.FindProperty(sel.name); p >= 0) {
    if (!sel.arguments.empty()) {
      Error(sel.arguments[0].name_span, "check.unknown-argument",
            StrCat("unknown argument \"", sel.arguments[0].name, "\" on field \"",
                         sel.name, "\" (properties take no arguments)"));
      ok = false;
    }
    if (sel.has_selection_set) {
      Error(sel.selection_set.span, "check.selection-on-scalar",
            StrCat("field \"", sel.name, "\" of type ", t.properties[p].type_name,
                         " is a scalar: it takes no selection set"));
      ok = false;
    }
    return ok;
  }
  if (int r = t.FindRelationship(sel.name); r >= 0) {
    const RelationshipDef& rel = t.relationships[r];
    covered_.insert(rel.target);
    FieldArgs args;
    if (!LowerFieldArguments(rel.target, sel, rel.is_list, &args.options, &args.where,
                             &args.undirected, &args.directed_guard)) {
      ok = false;
    }
    field_args_[&sel] = std::move(args);
    if (!sel.has_selection_set) {
      Error(sel.name_span, "check.missing-selection",
            StrCat("field \"", sel.name, "\" of type ", schema_.type(rel.target).name,
                         " must have a selection of subfields, e.g. \"", sel.name,
                         " { id }\""));
      return false;
    }
    return ValidateSelectionSet(rel.target, sel.selection_set, depth + 1) && ok;
  }
  bool connection = false;
  int index = -1;
  if (const RelationshipDef* rel = GeneratedRelationship(type, sel.name, &connection, &index)) {
    // Checked here; planned per concrete type with the field's other
    // occurrences (PlanSelection).
    covered_.insert(rel->target);
    GeneratedPlan checked;
    return PlanGeneratedField(RelationshipSpec(type, *rel, connection), {Occurrence{&sel, -1}},
                              depth + 1, &checked) &&
           ok;
  }
  std::vector<std::string> names = {"__typename"};
  for (const auto& p : t.properties) names.push_back(p.name);
  for (const auto& r2 : t.relationships) {
    names.push_back(r2.field_name);
    names.push_back(r2.field_name + "Aggregate");
    names.push_back(r2.field_name + "Connection");
  }
  Error(sel.name_span, "check.unknown-field",
        StrCat("cannot query field \"", sel.name, "\" on type \"", t.name, "\".",
                     DidYouMean(sel.name, names)));
  return false;
}

bool Checker::ValidateSelectionSet(TypeId type, const ast::SelectionSet& ss,
                                   int depth) {
  if (depth > 64) {
    Error(ss.span, "check.too-deep", "selection nested too deeply");
    return false;
  }
  bool ok = true;
  for (const auto& sel : ss.selections) {
    switch (sel.kind) {
      case ast::Selection::Kind::kField:
        ok &= ValidateField(type, sel, depth);
        break;
      case ast::Selection::Kind::kInlineFragment: {
        bool include;
        ok &= CheckDirectives(sel.directives, &include);
        TypeId cond = type;
        if (!sel.type_condition.empty()) {
          cond = schema_.FindType(sel.type_condition);
          if (cond == kNoType || schema_.type(cond).kind == TypeDef::Kind::kRelationshipProperties) {
            std::vector<std::string> names;
            for (const auto& td : schema_.types())
              if (td.kind != TypeDef::Kind::kRelationshipProperties) names.push_back(td.name);
            Error(sel.type_condition_span, "check.unknown-type",
                  StrCat("unknown type \"", sel.type_condition, "\".",
                               DidYouMean(sel.type_condition, names)));
            ok = false;
            break;
          }
          bool overlap = false;
          for (TypeId c : schema_.type(type).concrete_types)
            overlap |= schema_.IsSubtype(c, cond);
          if (!overlap) {
            Error(sel.type_condition_span, "check.fragment-never-applies",
                  StrCat("fragment on \"", sel.type_condition,
                               "\" can never apply to type \"", schema_.type(type).name, "\""));
            ok = false;
            break;
          }
        }
        ok &= ValidateSelectionSet(cond, sel.selection_set, depth + 1);
        break;
      }
      case ast::Selection::Kind::kFragmentSpread: {
        bool include;
        ok &= CheckDirectives(sel.directives, &include);
        const FragmentSource* spread = SpreadFragment(sel);
        if (spread == nullptr) {
          ok = false;
          break;
        }
        const FragmentSource& fs = *spread;
        TypeId cond = schema_.FindType(fs.def->type_condition);
        bool frag_ok = true;
        {
          InFragmentText in_fragment(this, fs);
          if (cond == kNoType ||
              schema_.type(cond).kind == TypeDef::Kind::kRelationshipProperties) {
            Error(fs.def->type_condition_span, "check.unknown-type",
                  StrCat("fragment \"", sel.name, "\" is on unknown type \"",
                         fs.def->type_condition, "\""));
            frag_ok = false;
          } else {
            if (!RefuseDirectives(fs.def->directives, "FRAGMENT_DEFINITION")) frag_ok = false;
            if (validated_fragments_.insert(sel.name).second) {
              fragment_stack_.push_back(sel.name);
              frag_ok &= ValidateSelectionSet(cond, fs.def->selection_set, depth + 1);
              fragment_stack_.pop_back();
            }
          }
        }
        if (!frag_ok) {
          ok = false;
          break;
        }
        bool overlap = false;
        for (TypeId c : schema_.type(type).concrete_types) overlap |= schema_.IsSubtype(c, cond);
        if (!overlap) {
          Error(sel.name_span, "check.fragment-never-applies",
                StrCat("fragment \"", sel.name, "\" on \"", fs.def->type_condition,
                             "\" can never apply to type \"", schema_.type(type).name, "\""));
          ok = false;
        }
        break;
      }
    }
  }
  return ok;
}

void Checker::CollectFields(TypeId concrete, const std::vector<GuardedSet>& sets,
                            std::vector<Collected>* out,
                            absl::flat_hash_map<std::string, size_t>* index,
                            std::map<std::string, int32_t>* expanded) {
  for (const GuardedSet& gs : sets) {
    for (const auto& sel : gs.set->selections) {
      bool include;
      std::vector<GuardTest> tests;
      // Already validated: this only evaluates the conditions.
      Diagnostics saved = diags_;
      bool saved_failed = failed_;
      CheckDirectives(sel.directives, &include, &tests);
      diags_ = std::move(saved);
      failed_ = saved_failed;
      if (!include) continue;
      const int32_t guard = Guarded(gs.guard, tests);
      switch (sel.kind) {
        case ast::Selection::Kind::kField: {
          auto [it, inserted] = index->emplace(sel.ResponseKey(), out->size());
          if (inserted) out->push_back(Collected{sel.ResponseKey(), {}});
          (*out)[it->second].occurrences.push_back(Occurrence{&sel, guard});
          break;
        }
        case ast::Selection::Kind::kInlineFragment:
          if (Applies(concrete, sel.type_condition))
            CollectFields(concrete, {GuardedSet{&sel.selection_set, guard}}, out, index, expanded);
          break;
        case ast::Selection::Kind::kFragmentSpread: {
          // A fragment is expanded once per concrete type; spread again
          // under another condition, its fields are selected when either
          // holds (its expansion's guard is an OR that grows).
          auto it = fragments_.find(sel.name);
          if (it == fragments_.end() || !Applies(concrete, it->second.def->type_condition)) break;
          auto [done, fresh] = expanded->try_emplace(sel.name, guard);
          if (!fresh) {
            if (done->second >= 0) program_->guards[done->second].operands.push_back(guard);
            break;
          }
          if (guard >= 0) {
            Guard any;
            any.kind = Guard::Kind::kOr;
            any.operands.push_back(guard);
            done->second = AddGuard(std::move(any));
          }
          CollectFields(concrete, {GuardedSet{&it->second.def->selection_set, done->second}}, out,
                        index, expanded);
          break;
        }
      }
    }
  }
}

std::shared_ptr<plan::SelectionPlan> Checker::PlanSelection(TypeId static_type,
                                                            const std::vector<GuardedSet>& sets,
                                                            int depth) {
  auto sp = std::make_shared<plan::SelectionPlan>();
  // Fragments are validated once each, so a selection can nest deeper (or
  // grow larger) once they are expanded than any one text shows: both are
  // bounded here, before the evaluator recurses over the plan.
  if (depth > kMaxSelectionDepth) {
    if (!plan_too_deep_) {
      Error(sets.empty() ? ast::Span{} : sets[0].set->span, "check.too-deep",
            StrCat("the selection nests more than ", kMaxSelectionDepth,
                   " levels once fragments are expanded"));
    }
    plan_too_deep_ = true;
    return sp;
  }
  sp->static_type = static_type;
  sp->by_type.resize(schema_.types().size());
  for (TypeId c : schema_.type(static_type).concrete_types) {
    const TypeDef& ct = schema_.type(c);
    std::vector<Collected> collected;
    absl::flat_hash_map<std::string, size_t> index;
    std::map<std::string, int32_t> expanded;
    CollectFields(c, sets, &collected, &index, &expanded);
    auto ts = std::make_unique<plan::TypeSelection>();
    for (const Collected& col : collected) {
      const ast::Selection* first = col.occurrences[0].selection;
      bool conflict = false;
      for (const Occurrence& occ : col.occurrences) {
        const ast::Selection* o = occ.selection;
        if (o->name != first->name) {
          Error(o->span, "check.field-conflict",
                StrCat("fields \"", col.key, "\" conflict: \"", first->name,
                             "\" and \"", o->name,
                             "\" are different fields; use different aliases"));
          conflict = true;
          break;
        }
        if (ArgsKey(*o) != ArgsKey(*first)) {
          Error(o->span, "check.field-conflict",
                StrCat("fields \"", col.key,
                             "\" conflict: they have different arguments; use "
                             "different aliases"));
          conflict = true;
          break;
        }
      }
      if (conflict) continue;
      plan::FieldPlan fp;
      fp.key = col.key;
      fp.name = first->name;
      std::vector<int32_t> guards;
      for (const Occurrence& occ : col.occurrences) guards.push_back(occ.guard);
      fp.guard = AnyOf(std::move(guards));
      if (first->name == "__typename") {
        fp.kind = plan::FieldPlan::Kind::kTypename;
      } else if (int p = ct.FindProperty(first->name); p >= 0) {
        fp.kind = plan::FieldPlan::Kind::kProperty;
        fp.property = p;
      } else if (int r = ct.FindRelationship(first->name); r >= 0) {
        fp.kind = plan::FieldPlan::Kind::kRelationship;
        fp.rel_index = r;
        fp.rel = &ct.relationships[r];
        auto it = field_args_.find(first);
        if (it != field_args_.end()) {
          if (it->second.where) fp.where = *it->second.where;
          fp.options = it->second.options;
          fp.undirected = it->second.undirected;
          fp.directed_guard = it->second.directed_guard;
        }
        std::vector<GuardedSet> subs;
        for (const Occurrence& occ : col.occurrences) {
          if (occ.selection->has_selection_set)
            subs.push_back(GuardedSet{&occ.selection->selection_set, occ.guard});
        }
        fp.selection = PlanSelection(fp.rel->target, subs, depth + 1);
      } else if (bool connection = false;
                 const RelationshipDef* rel =
                     GeneratedRelationship(c, first->name, &connection, &fp.rel_index)) {
        fp.kind = connection ? plan::FieldPlan::Kind::kRelConnection
                             : plan::FieldPlan::Kind::kRelAggregate;
        fp.rel = rel;
        GeneratedPlan gp;
        if (!PlanGeneratedField(RelationshipSpec(c, *rel, connection), col.occurrences, depth + 1,
                                &gp)) {
          continue;
        }
        if (gp.where) fp.where = std::move(*gp.where);
        fp.options = std::move(gp.options);
        fp.undirected = gp.undirected;
        fp.directed_guard = gp.directed_guard;
        fp.generated = std::move(gp.generated);
        fp.skip = gp.skip;
        fp.connection_sort = std::move(gp.connection_sort);
        fp.selection = std::move(gp.selection);
      } else {
        Error(first->name_span, "check.unknown-field",
              StrCat("cannot query field \"", first->name, "\" on type \"",
                           ct.name, "\""));
        continue;
      }
      if (++plan_fields_ > kMaxPlanFields) {
        if (!plan_too_large_) {
          Error(first->span, "check.too-large",
                StrCat("the selection holds more than ", kMaxPlanFields,
                       " fields once fragments are expanded"));
        }
        plan_too_large_ = true;
        return sp;
      }
      ts->fields.push_back(std::move(fp));
    }
    sp->by_type[c] = std::move(ts);
  }
  return sp;
}

namespace {

// The root field that `name` (xsAggregate, xsConnection) derives from.
const RootField* GeneratedRoot(const Schema& schema, std::string_view name,
                               plan::RootFieldPlan::Shape* shape) {
  for (auto [suffix, s] : {std::pair<std::string_view, plan::RootFieldPlan::Shape>{
                               "Aggregate", plan::RootFieldPlan::Shape::kAggregate},
                           {"Connection", plan::RootFieldPlan::Shape::kConnection}}) {
    if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
      if (const RootField* rf =
              schema.FindRootField(std::string(name.substr(0, name.size() - suffix.size())))) {
        *shape = s;
        return rf;
      }
    }
  }
  return nullptr;
}

// Neo4j GraphQL's cursors: base64 of "arrayconnection:N".
bool DecodeCursor(std::string_view text, int64_t* index) {
  std::string raw;
  if (!absl::Base64Unescape(absl::string_view(text.data(), text.size()), &raw)) return false;
  constexpr std::string_view kPrefix = "arrayconnection:";
  if (raw.size() <= kPrefix.size() || raw.substr(0, kPrefix.size()) != kPrefix) return false;
  std::string_view digits = std::string_view(raw).substr(kPrefix.size());
  if (digits.size() > 12) return false;
  int64_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  *index = n;
  return true;
}

plan::GeneratedField::Kind GeneratedKind(const OutputField& f, bool* ok) {
  using G = plan::GeneratedField::Kind;
  using F = OutputField::Kind;
  *ok = true;
  switch (f.kind) {
    case F::kTypename: return G::kTypename;
    case F::kCount: return G::kCount;
    case F::kAggregateOf: return G::kOf;
    case F::kAggregateValue:
      switch (f.value) {
        case AggValue::kMin: return G::kMin;
        case AggValue::kMax: return G::kMax;
        case AggValue::kAverage: return G::kAverage;
        case AggValue::kSum: return G::kSum;
        case AggValue::kShortest: return G::kShortest;
        case AggValue::kLongest: return G::kLongest;
      }
      break;
    case F::kTotalCount: return G::kTotalCount;
    case F::kEdges: return G::kEdges;
    case F::kPageInfo: return G::kPageInfo;
    case F::kCursor: return G::kCursor;
    case F::kEdgeNode: return G::kNode;
    case F::kHasNextPage: return G::kHasNextPage;
    case F::kHasPreviousPage: return G::kHasPreviousPage;
    case F::kStartCursor: return G::kStartCursor;
    case F::kEndCursor: return G::kEndCursor;
    case F::kAggregateNode: return G::kAggNode;
    case F::kAggregateEdge: return G::kAggEdge;
    case F::kEdgeProperties: return G::kProperties;
    case F::kProperty: return G::kProperty;
    default: break;
  }
  *ok = false;
  return G::kTypename;
}

}  // namespace

const RelationshipDef* Checker::GeneratedRelationship(TypeId type, std::string_view name,
                                                      bool* connection, int* index) const {
  const TypeDef& t = schema_.type(type);
  for (auto [suffix, is_connection] : {std::pair<std::string_view, bool>{"Aggregate", false},
                                       {"Connection", true}}) {
    if (name.size() <= suffix.size() || name.substr(name.size() - suffix.size()) != suffix)
      continue;
    int r = t.FindRelationship(name.substr(0, name.size() - suffix.size()));
    if (r < 0) continue;
    *connection = is_connection;
    *index = r;
    return &t.relationships[r];
  }
  return nullptr;
}

Checker::GeneratedSpec Checker::RelationshipSpec(TypeId source, const RelationshipDef& rel,
                                                 bool connection) const {
  GeneratedSpec spec;
  spec.connection = connection;
  spec.type = connection ? OutputType::RelConnection(schema_, source, rel)
                         : OutputType::RelAggregateSelection(schema_, source, rel);
  spec.nodes = rel.target;
  spec.source = source;
  spec.rel = &rel;
  return spec;
}

bool Checker::PlanGeneratedRoot(const RootField& rf, plan::RootFieldPlan::Shape shape,
                                const std::vector<Occurrence>& occurrences,
                                plan::RootFieldPlan* out) {
  using Shape = plan::RootFieldPlan::Shape;
  out->shape = shape;
  out->type = rf.type;
  for (TypeId c : schema_.type(rf.type).concrete_types) covered_.insert(c);
  GeneratedSpec spec;
  spec.connection = shape == Shape::kConnection;
  spec.type = spec.connection ? OutputType::RootConnection(schema_, rf)
                              : OutputType::AggregateSelection(schema_, rf.type);
  spec.nodes = rf.type;
  GeneratedPlan gp;
  if (!PlanGeneratedField(spec, occurrences, 1, &gp)) return false;
  out->generated = std::move(gp.generated);
  out->where = std::move(gp.where);
  out->options = std::move(gp.options);
  out->skip = gp.skip;
  out->selection = std::move(gp.selection);
  return true;
}

bool Checker::LowerDirected(const ast::Value& v0, bool* undirected, int32_t* guard) {
  const ast::Value* v = &v0;
  if (v->kind == ast::ValueKind::kVariable) {
    v = ResolveVariable(*v, "Boolean");
    if (v == nullptr) {  // compile mode: decided per evaluation
      Guard g;
      g.kind = Guard::Kind::kVariable;
      g.variable = v0.text;
      g.want = true;
      g.value = &v0;
      g.directed = true;
      g.text = text_;
      g.file = file_;
      *guard = AddGuard(std::move(g));
      return true;
    }
  }
  if (v->kind == ast::ValueKind::kNull) return true;  // the default, directed: true
  if (v->kind != ast::ValueKind::kBoolean) {
    Error(v->span, "check.type-mismatch",
          StrCat("directed expects Boolean, found ", syntax::Print(*v)));
    return false;
  }
  *undirected = !v->bool_value;
  return true;
}

bool Checker::LowerConnectionSort(TypeId source, const RelationshipDef& rel,
                                  const ast::Value& v0, std::vector<plan::SortKey>* out) {
  const InputType space = InputType::ConnectionSort(schema_, source, rel);
  const ast::Value* v = &v0;
  if (v->kind == ast::ValueKind::kVariable) {
    v = ResolveVariable(*v, StrCat("[", space.name, "!]"));
    if (v == nullptr) {
      Error(v0.span, "check.unsupported",
            "the sort of a relationship connection is written in the query; a variable is not "
            "supported here");
      return false;
    }
  }
  if (v->kind == ast::ValueKind::kNull) return true;
  const std::vector<const ast::Value*> items = ListItems(*v);
  bool ok = true;
  for (const ast::Value* e : items) {
    if (e->kind == ast::ValueKind::kVariable) {
      e = ResolveVariable(*e, space.name + "!");
      if (e == nullptr) {
        Error(v0.span, "check.unsupported",
              "the sort of a relationship connection is written in the query; a variable is "
              "not supported here");
        ok = false;
        continue;
      }
    }
    if (e->kind != ast::ValueKind::kObject) {
      Error(e->span, "check.type-mismatch",
            StrCat("sort expects [", space.name, "!], found ", syntax::Print(*e)));
      ok = false;
      continue;
    }
    // {node: ..., edge: ...}: the node's keys first, as the input type's
    // fields are ordered.
    const ast::Value* node = nullptr;
    const ast::Value* edge = nullptr;
    std::set<std::string_view> seen;
    for (const auto& f : e->fields) {
      if (!FirstKey(&seen, f.name, f.name_span)) {
        ok = false;
      } else if (f.name == "node") {
        node = f.value.get();
      } else if (f.name == "edge" && rel.properties != kNoType) {
        edge = f.value.get();
      } else {
        std::vector<std::string> names = {"node"};
        if (rel.properties != kNoType) names.push_back("edge");
        Error(f.name_span, "check.unknown-key",
              StrCat("unknown key \"", f.name, "\" in ", space.name, ".",
                     DidYouMean(f.name, names)));
        ok = false;
      }
    }
    for (const ast::Value* part : {node, edge}) {
      if (part == nullptr) continue;
      plan::Options keys;
      const TypeId of = part == node ? rel.target : rel.properties;
      if (part->kind == ast::ValueKind::kList) {
        Error(part->span, "check.type-mismatch",
              StrCat("expects ", schema_.type(of).name, "Sort, found a list"));
        ok = false;
        continue;
      }
      if (!LowerSort(of, *part, false, &keys)) {
        ok = false;
        continue;
      }
      for (plan::SortKey& k : keys.sort) {
        k.on_edge = part == edge;
        out->push_back(std::move(k));
      }
    }
  }
  return ok;
}

bool Checker::PlanGeneratedField(const GeneratedSpec& spec,
                                 const std::vector<Occurrence>& occurrences, int depth,
                                 GeneratedPlan* out) {
  const ast::Selection& sel = *occurrences[0].selection;
  bool ok = true;
  const ast::Value *w = nullptr, *first = nullptr, *after = nullptr, *sort = nullptr,
                   *directed = nullptr;
  std::vector<std::string> allowed = {"where"};
  if (spec.connection) allowed = {"where", "first", "after", "sort"};
  if (spec.rel != nullptr) allowed.push_back("directed");
  std::set<std::string_view> seen;
  for (const auto& a : sel.arguments) {
    if (!FirstArgument(&seen, a)) {
      ok = false;
    } else if (a.name == "where") {
      w = &a.value;
    } else if (spec.connection && a.name == "first") {
      first = &a.value;
    } else if (spec.connection && a.name == "after") {
      after = &a.value;
    } else if (spec.connection && a.name == "sort") {
      sort = &a.value;
    } else if (spec.rel != nullptr && a.name == "directed") {
      directed = &a.value;
    } else {
      Error(a.name_span, "check.unknown-argument",
            StrCat("unknown argument \"", a.name, "\" on field \"", sel.name, "\".",
                   DidYouMean(a.name, allowed)));
      ok = false;
    }
  }
  if (w != nullptr) {
    if (spec.rel != nullptr && spec.connection) {
      if (!LowerObject(InputType::ConnectionWhere(schema_, spec.source, *spec.rel), *w, false, 0,
                       &out->where)) {
        ok = false;
      }
    } else if (!LowerWhere(spec.nodes, *w, false, 0, &out->where)) {
      ok = false;
    }
  }
  if (directed != nullptr && !LowerDirected(*directed, &out->undirected, &out->directed_guard))
    ok = false;
  if (after != nullptr) {
    if (after->kind == ast::ValueKind::kVariable) {
      Error(after->span, "check.unsupported",
            "after: takes a cursor written in the query; a variable is not supported here");
      ok = false;
    } else if (after->kind == ast::ValueKind::kString) {
      int64_t index = 0;
      if (!DecodeCursor(after->text, &index)) {
        Error(after->span, "check.bad-cursor",
              StrCat("\"", after->text, "\" is not a cursor of this connection"));
        ok = false;
      } else {
        out->skip = index + 1;
      }
    } else if (after->kind != ast::ValueKind::kNull) {
      Error(after->span, "check.type-mismatch", "after expects String (a cursor)");
      ok = false;
    }
  }
  if (spec.rel != nullptr) {
    if (first != nullptr &&
        !LowerOptions(spec.nodes, nullptr, first, nullptr, nullptr, &out->options)) {
      ok = false;
    }
    if (sort != nullptr &&
        !LowerConnectionSort(spec.source, *spec.rel, *sort, &out->connection_sort)) {
      ok = false;
    }
  } else if ((first != nullptr || sort != nullptr) &&
             !LowerOptions(spec.nodes, nullptr, first, nullptr, sort, &out->options)) {
    ok = false;
  }
  if (!sel.has_selection_set) {
    Error(sel.name_span, "check.missing-selection",
          StrCat("field \"", sel.name, "\" must have a selection of subfields, e.g. \"", sel.name,
                 spec.connection ? " { totalCount }\"" : " { count }\""));
    return false;
  }
  if (!ok) return false;
  std::vector<GuardedSet> node_sets;
  std::string node_path;
  for (const Occurrence& occ : occurrences) {
    ok &= PlanGenerated(spec.type, occ.selection->selection_set, occ.guard, depth, "",
                        &out->generated, &node_sets, &node_path);
  }
  if (ok && !node_sets.empty()) out->selection = PlanSelection(spec.nodes, node_sets, depth + 1);
  return ok;
}

template <typename Body>
bool Checker::EachSelection(const ast::SelectionSet& ss, int32_t guard, int depth,
                            const char* too_deep, Body body) {
  if (depth > kMaxSelectionDepth) {
    Error(ss.span, "check.too-deep", too_deep);
    return false;
  }
  bool ok = true;
  for (const auto& sel : ss.selections) {
    if (!CountExpanded(sel)) return false;
    bool include;
    std::vector<GuardTest> tests;
    if (!CheckDirectives(sel.directives, &include, &tests)) {
      ok = false;
      continue;
    }
    ok &= body(sel, include, Guarded(guard, tests));
  }
  return ok;
}

bool Checker::InlineFragmentApplies(const ast::Selection& sel, std::string_view type_name,
                                    std::string_view note) {
  if (sel.type_condition.empty() || sel.type_condition == type_name) return true;
  Error(sel.type_condition_span, "check.fragment-never-applies",
        StrCat("fragment on \"", sel.type_condition, "\" can never apply to type \"", type_name,
               "\"", note));
  return false;
}

template <typename ExpandBody>
bool Checker::ExpandSpread(const ast::Selection& sel, std::string_view type_name,
                           std::string_view note, bool expand, ExpandBody expand_body) {
  const FragmentSource* spread = SpreadFragment(sel);
  if (spread == nullptr) return false;
  const FragmentSource& fs = *spread;
  if (fs.def->type_condition != type_name) {
    Error(sel.name_span, "check.fragment-never-applies",
          StrCat("fragment \"", sel.name, "\" on \"", fs.def->type_condition,
                 "\" can never apply to type \"", type_name, "\"", note));
    return false;
  }
  used_fragments_.insert(sel.name);
  InFragmentText in_fragment(this, fs);
  if (!RefuseDirectives(fs.def->directives, "FRAGMENT_DEFINITION")) return false;
  if (!expand) return true;
  fragment_stack_.push_back(sel.name);
  const bool ok = expand_body(fs.def->selection_set);
  fragment_stack_.pop_back();
  return ok;
}

bool Checker::PlanGenerated(const OutputType& type, const ast::SelectionSet& ss, int32_t guard,
                            int depth, const std::string& path,
                            std::vector<plan::GeneratedField>* out,
                            std::vector<GuardedSet>* node_sets, std::string* node_path) {
  return EachSelection(ss, guard, depth, "selection nested too deeply",
                       [&](const ast::Selection& sel, bool include, int32_t g) {
    bool ok = true;
    switch (sel.kind) {
      case ast::Selection::Kind::kInlineFragment:
        if (!InlineFragmentApplies(sel, type.name, "")) {
          ok = false;
          break;
        }
        if (include) {
          ok &= PlanGenerated(type, sel.selection_set, g, depth + 1, path, out, node_sets,
                              node_path);
        }
        break;
      case ast::Selection::Kind::kFragmentSpread:
        ok &= ExpandSpread(sel, type.name, "", include, [&](const ast::SelectionSet& set) {
          return PlanGenerated(type, set, g, depth + 1, path, out, node_sets, node_path);
        });
        break;
      case ast::Selection::Kind::kField: {
        std::optional<OutputField> f = FindOutputField(schema_, type, sel.name);
        bool known = false;
        plan::GeneratedField::Kind kind = plan::GeneratedField::Kind::kTypename;
        if (f) kind = GeneratedKind(*f, &known);
        if (!known) {
          std::vector<std::string> names = {"__typename"};
          for (const OutputField& of : OutputFields(schema_, type)) names.push_back(of.name);
          Error(sel.name_span, "check.unknown-field",
                StrCat("cannot query field \"", sel.name, "\" on type \"", type.name, "\".",
                       DidYouMean(sel.name, names)));
          ok = false;
          break;
        }
        if (!sel.arguments.empty()) {
          Error(sel.arguments[0].name_span, "check.unknown-argument",
                StrCat("unknown argument \"", sel.arguments[0].name, "\" on field \"", sel.name,
                       "\" (it takes no arguments)"));
          ok = false;
          break;
        }
        const bool composite = f->target.has_value();
        if (composite && !sel.has_selection_set) {
          Error(sel.name_span, "check.missing-selection",
                StrCat("field \"", sel.name, "\" of type ", f->type.ToString(),
                       " must have a selection of subfields"));
          ok = false;
          break;
        }
        if (!composite && sel.has_selection_set) {
          Error(sel.selection_set.span, "check.selection-on-scalar",
                StrCat("field \"", sel.name, "\" of type ", f->type.ToString(),
                       " is a scalar: it takes no selection set"));
          ok = false;
          break;
        }
        if (!include) break;
        const std::string key = sel.ResponseKey();
        auto existing = std::find_if(out->begin(), out->end(),
                                     [&](const plan::GeneratedField& x) { return x.key == key; });
        if (existing != out->end() && existing->name != sel.name) {
          Error(sel.span, "check.field-conflict",
                StrCat("fields \"", key, "\" conflict: \"", existing->name, "\" and \"", sel.name,
                       "\" are different fields; use different aliases"));
          ok = false;
          break;
        }
        if (existing == out->end()) {
          plan::GeneratedField gf;
          gf.kind = kind;
          gf.key = key;
          gf.name = sel.name;
          gf.text = kind == plan::GeneratedField::Kind::kTypename ? type.name : sel.name;
          gf.index = f->index;
          gf.guard = g;
          out->push_back(std::move(gf));
          existing = out->end() - 1;
        } else {
          existing->guard = AnyOf({existing->guard, g});
        }
        const std::string here = path.empty() ? key : StrCat(path, ".", key);
        if (kind == plan::GeneratedField::Kind::kNode) {
          if (!node_path->empty() && *node_path != here) {
            Error(sel.span, "check.unsupported",
                  StrCat("the edges' node is selected at \"", *node_path, "\" already; select it "
                         "at one place of a connection"));
            ok = false;
            break;
          }
          *node_path = here;
          if (!ValidateSelectionSet(f->target->type, sel.selection_set, depth + 1)) {
            ok = false;
            break;
          }
          node_sets->push_back(GuardedSet{&sel.selection_set, g});
        } else if (composite) {
          // Appends to the field's own list, which no other iterator holds.
          std::vector<plan::GeneratedField> sub = std::move(existing->fields);
          ok &= PlanGenerated(*f->target, sel.selection_set, -1, depth + 1, here, &sub,
                              node_sets, node_path);
          existing = std::find_if(out->begin(), out->end(),
                                  [&](const plan::GeneratedField& x) { return x.key == key; });
          existing->fields = std::move(sub);
        }
        break;
      }
    }
    return ok;
  });
}

bool Checker::FlattenRoot(const ast::SelectionSet& ss, int32_t guard, bool include, int depth,
                          std::vector<RootOccurrence>* out) {
  return EachSelection(ss, guard, depth, "fragments at the root nest too deeply",
                       [&](const ast::Selection& sel, bool inc, int32_t g) {
    bool ok = true;
    switch (sel.kind) {
      case ast::Selection::Kind::kField:
        out->push_back(RootOccurrence{&sel, g, include && inc, text_, file_});
        break;
      case ast::Selection::Kind::kInlineFragment:
        if (!InlineFragmentApplies(sel, "Query", " (the root)")) {
          ok = false;
          break;
        }
        ok &= FlattenRoot(sel.selection_set, g, include && inc, depth + 1, out);
        break;
      case ast::Selection::Kind::kFragmentSpread:
        ok &= ExpandSpread(sel, "Query", " (the root)", true, [&](const ast::SelectionSet& set) {
          return FlattenRoot(set, g, include && inc, depth + 1, out);
        });
        break;
    }
    return ok;
  });
}

bool Checker::PlanOperation(const ast::OperationDefinition& op,
                            plan::PlanSet* out) {
  if (op.kind != ast::OperationDefinition::Kind::kQuery) {
    Error(op.span, "check.not-a-query",
          StrCat(op.kind == ast::OperationDefinition::Kind::kMutation ? "mutations"
                                                                             : "subscriptions",
                       " are not supported: vigil evaluates queries only"));
    return false;
  }
  if (!RefuseDirectives(op.directives, "QUERY")) return false;
  bool ok = true;
  const std::string_view root_file = file_;
  struct Root {
    std::string key;
    std::vector<Occurrence> occurrences;
  };
  std::vector<Root> roots;
  absl::flat_hash_map<std::string, size_t> index;
  std::vector<RootOccurrence> flat;
  ok &= FlattenRoot(op.selection_set, -1, true, 0, &flat);
  for (const RootOccurrence& ro : flat) {
    const ast::Selection& sel = *ro.selection;
    // Errors of a field written in a fragment are located in its text.
    text_ = ro.text;
    file_ = ro.file;
    if (sel.name == "__typename") {
      if (sel.has_selection_set || !sel.arguments.empty()) {
        Error(sel.span, "check.selection-on-scalar", "__typename takes no arguments or selection");
        ok = false;
        continue;
      }
    } else {
      const RootField* rf = schema_.FindRootField(sel.name);
      plan::RootFieldPlan::Shape shape;
      if (rf == nullptr) {
        if (const RootField* base = GeneratedRoot(schema_, sel.name, &shape)) {
          plan::RootFieldPlan checked;
          if (!PlanGeneratedRoot(*base, shape, {Occurrence{&sel, -1}}, &checked)) {
            ok = false;
            continue;
          }
          generated_roots_[&sel] = std::move(checked);
          if (!ro.include) continue;
          auto [it, inserted] = index.emplace(sel.ResponseKey(), roots.size());
          if (inserted) roots.push_back(Root{sel.ResponseKey(), {}});
          roots[it->second].occurrences.push_back(Occurrence{&sel, ro.guard});
          continue;
        }
        std::vector<std::string> names;
        for (const auto& r : schema_.root_fields()) {
          names.push_back(r.name);
          names.push_back(r.name + "Aggregate");
          names.push_back(r.name + "Connection");
        }
        Error(sel.name_span, "check.unknown-root-field",
              StrCat("unknown root field \"", sel.name, "\".", DidYouMean(sel.name, names)));
        ok = false;
        continue;
      }
      for (TypeId c : schema_.type(rf->type).concrete_types) covered_.insert(c);
      FieldArgs args;
      if (!LowerFieldArguments(rf->type, sel, true, &args.options, &args.where)) ok = false;
      field_args_[&sel] = std::move(args);
      if (!sel.has_selection_set) {
        Error(sel.name_span, "check.missing-selection",
              StrCat("root field \"", sel.name, "\" must have a selection of subfields, "
                           "e.g. \"", sel.name, " { id }\""));
        ok = false;
        continue;
      }
      if (!ValidateSelectionSet(rf->type, sel.selection_set, 1)) {
        ok = false;
        continue;
      }
    }
    if (!ro.include) continue;
    auto [it, inserted] = index.emplace(sel.ResponseKey(), roots.size());
    if (inserted) roots.push_back(Root{sel.ResponseKey(), {}});
    roots[it->second].occurrences.push_back(Occurrence{&sel, ro.guard});
  }
  text_ = main_text_;
  file_ = root_file;
  if (!ok) return false;
  for (const Root& r : roots) {
    const ast::Selection* first = r.occurrences[0].selection;
    bool conflict = false;
    for (const Occurrence& occ : r.occurrences) {
      const ast::Selection* o = occ.selection;
      if (o->name != first->name || ArgsKey(*o) != ArgsKey(*first)) {
        Error(o->span, "check.field-conflict",
              StrCat("root fields \"", r.key,
                           "\" conflict (different fields or arguments); use different aliases"));
        conflict = true;
        break;
      }
    }
    if (conflict) {
      ok = false;
      continue;
    }
    plan::RootFieldPlan rp;
    rp.key = r.key;
    rp.name = first->name;
    std::vector<int32_t> guards;
    for (const Occurrence& occ : r.occurrences) guards.push_back(occ.guard);
    rp.guard = AnyOf(std::move(guards));
    plan::RootFieldPlan::Shape shape;
    if (first->name == "__typename") {
      rp.typename_only = true;
    } else if (const RootField* base = schema_.FindRootField(first->name) == nullptr
                                           ? GeneratedRoot(schema_, first->name, &shape)
                                           : nullptr) {
      // Planned once already; again when it is selected several times.
      plan::RootFieldPlan gp;
      if (r.occurrences.size() == 1) {
        gp = std::move(generated_roots_[first]);
      } else {
        ok &= PlanGeneratedRoot(*base, shape, r.occurrences, &gp);
      }
      gp.key = rp.key;
      gp.name = rp.name;
      gp.guard = rp.guard;
      rp = std::move(gp);
    } else {
      rp.type = schema_.FindRootField(first->name)->type;
      auto& args = field_args_[first];
      rp.where = args.where;
      rp.options = args.options;
      std::vector<GuardedSet> sets;
      for (const Occurrence& occ : r.occurrences)
        sets.push_back(GuardedSet{&occ.selection->selection_set, occ.guard});
      rp.selection = PlanSelection(rp.type, sets, 1);
    }
    out->roots.push_back(std::move(rp));
  }
  std::set<TypeId> concrete;
  for (TypeId t : covered_)
    for (TypeId c : schema_.type(t).concrete_types) concrete.insert(c);
  out->covered.assign(concrete.begin(), concrete.end());
  std::sort(out->covered.begin(), out->covered.end(), [&](TypeId a, TypeId b) {
    return schema_.type(a).name < schema_.type(b).name;
  });
  return ok && !failed_;
}

}  // namespace vigil::check
