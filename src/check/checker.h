// The checker: type-checks a parsed query against a schema and lowers it to
// a plan (src/check/plan.h).
//
// Compile mode (check::Compile) checks the whole query once. Where a
// variable is used it records the type the position expects and leaves a
// slot in the plan (a kSlot filter, an Options::slot, a guard); the parts it
// stands for are still checked as far as they are written. Bound mode
// (check::Bind) lowers one slot at a time with the variable values, by the
// same functions, so a key means the same whether its value is written in
// the query or given in a variable.
#ifndef VIGIL_SRC_CHECK_CHECKER_H_
#define VIGIL_SRC_CHECK_CHECKER_H_

#include <memory>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "src/base/did_you_mean.h"  // DidYouMean, used by the checker
#include "src/check/input_types.h"
#include "src/check/output_types.h"
#include "src/check/plan.h"
#include "src/check/program.h"
#include "src/syntax/ast.h"
#include "vigil/diagnostic.h"
#include "vigil/schema.h"
#include "vigil/value.h"

namespace vigil::check {

// A fragment definition and the text it was parsed from (for locations).
struct FragmentSource {
  const ast::FragmentDefinition* def = nullptr;
  std::string_view text;
  std::string_view file;
};
using FragmentMap = absl::flat_hash_map<std::string, FragmentSource>;

// A GraphQL literal as a JSON value (enum names become strings).
Value AstToValue(const ast::Value& v);

// Whether a variable occurs anywhere in `v`.
bool HasVariable(const ast::Value& v);

class Checker {
 public:
  enum class Mode {
    kCompile,  // variables unknown: record their uses, leave slots
    kBound,    // variables known (values in `variables`): lower slots
  };
  // `main_text` is the query text (keys written elsewhere, in a fragment
  // library or a variable's value, are not clauses); `text`/`file` where
  // the parts lowered first are written. Compile mode adds slots and guards
  // to `program`; bound mode reads `variables`.
  Checker(const Schema& schema, std::string_view main_text, std::string_view text,
          std::string_view file, const FragmentMap& fragments, Mode mode,
          const Value* variables, Program* program);

  // Plans the operation's root selection set (compile mode).
  bool PlanOperation(const ast::OperationDefinition& op, plan::PlanSet* out);

  // Bound mode: lowers a slot for the variable values.
  bool LowerSlot(const FilterSlot& slot, std::optional<plan::Filter>* out);
  bool LowerOptionsSlot(const OptionsSlot& slot, plan::Options* out);

  // Variables met in compile mode: name -> (expected GraphQL type, span).
  struct VarUse {
    std::string type;
    ast::Span span;
    std::string_view text, file;
  };
  const std::map<std::string, std::vector<VarUse>>& variable_uses() const {
    return var_uses_;
  }

  // Whether fragment `name` was spread anywhere (after PlanOperation).
  bool FragmentUsed(const std::string& name) const {
    return validated_fragments_.count(name) > 0 || used_fragments_.count(name) > 0;
  }

  Diagnostics& diagnostics() { return diags_; }
  bool failed() const { return failed_; }

 private:
  using OptFilter = std::optional<plan::Filter>;

  void Error(const ast::Span& span, std::string_view code, std::string message);
  // False (after a check.duplicate-key error) when `name` is already in
  // `seen`, the keys of one input object met so far; else records it.
  bool FirstKey(std::set<std::string_view>* seen, std::string_view name,
                const ast::Span& span);
  // False (after a check.duplicate-argument error) when an argument named
  // like `a` is already in `seen`, the arguments of one field met so far;
  // else records it.
  bool FirstArgument(std::set<std::string_view>* seen, const ast::Argument& a);
  void TagClause(const ast::ObjectField& field, plan::Filter* f);
  // The message text of a value (JSON for a variable's value).
  static std::string Shown(const ast::Value& v, bool from_var);

  // Resolves a variable occurrence at a position expecting `type`. Compile
  // mode: records the use and returns nullptr. Bound mode: returns the value
  // converted to a syntax tree (owned by the checker); its keys are not
  // clauses.
  const ast::Value* ResolveVariable(const ast::Value& v, const std::string& type);
  // A filter key's operand *v that is a variable, at a position expecting
  // `type`: bound mode replaces *v by its value, sets *from_var and returns
  // false; compile mode makes the key a slot (*out an empty filter) and
  // returns true (the caller is done).
  bool SlotForVariable(const ast::Value** v, const std::string& type, bool* from_var,
                       OptFilter* out);
  // A list operand's items; a single value stands for a one-element list
  // (GraphQL list coercion: OR: {..} means OR: [{..}]).
  static std::vector<const ast::Value*> ListItems(const ast::Value& v) {
    std::vector<const ast::Value*> items;
    if (v.kind == ast::ValueKind::kList) {
      for (const auto& e : v.list) items.push_back(&e);
    } else {
      items.push_back(&v);
    }
    return items;
  }

  // ---- slots (compile mode) ----
  bool SlotsAllowed() const { return mode_ == Mode::kCompile && typing_only_ == 0; }
  bool NeedsSlot(const InputType& space, const ast::ObjectField& field) const;
  plan::Filter MakeSlot(FilterSlot::Kind kind, const InputType& space,
                        const ast::ObjectField* field, const ast::Value* value, int depth);
  // @skip/@include conditions over variables.
  struct GuardTest {
    std::string variable;
    bool want = true;
    const ast::Value* value = nullptr;
  };
  int32_t AddGuard(Guard g);
  int32_t Guarded(int32_t parent, const std::vector<GuardTest>& tests);
  int32_t AnyOf(std::vector<int32_t> guards);

  // ---- where ----
  // Every filter input object: a variable standing for it, null (dropped),
  // duplicate keys, AND/OR/NOT with list coercion and dropped empty parts,
  // and the implicit AND of its keys.
  // `null_refused`: the key whose value `v` is, when null is refused there
  // (Neo4j GraphQL fails on it); otherwise null is dropped.
  // `element`: `v` is an element of an AND/OR list ([W!]), so a variable
  // standing for it must be non-null.
  bool LowerObject(const InputType& space, const ast::Value& v, bool from_var, int depth,
                   OptFilter* out, const char* null_refused = nullptr, bool element = false);
  bool LowerWhere(TypeId type, const ast::Value& v, bool from_var, int depth, OptFilter* out);
  // One key of an input object of type `space`.
  bool LowerField(const InputType& space, const ast::ObjectField& field, bool from_var,
                  int depth, OptFilter* out);
  bool LowerLogical(const InputType& space, const ast::ObjectField& field, bool from_var,
                    int depth, OptFilter* out);
  static OptFilter Combine(plan::Filter::Kind kind, std::vector<plan::Filter> parts);
  bool LowerWhereKey(TypeId type, const ast::ObjectField& field, bool from_var, int depth,
                     OptFilter* out);
  bool LowerScalar(const PropertyDef& def, std::string_view suffix,
                   const ast::ObjectField& field, bool from_var, OptFilter* out);
  bool LowerRelation(TypeId source, const RelationshipDef& rel, std::string_view suffix,
                     const ast::ObjectField& field, bool from_var, int depth, OptFilter* out);
  bool LowerConnection(TypeId source, const RelationshipDef& rel, std::string_view suffix,
                       const ast::ObjectField& field, bool from_var, int depth,
                       OptFilter* out);
  bool LowerConnectionKey(const InputType& space, const ast::ObjectField& field,
                          bool from_var, int depth, OptFilter* out);
  bool LowerTypename(TypeId type, const ast::ObjectField& field, bool from_var, OptFilter* out);
  bool LowerAggregate(TypeId source, const RelationshipDef& rel,
                      const ast::ObjectField& field, bool from_var, int depth,
                      OptFilter* out);
  bool LowerAggregateKey(const InputType& space, const ast::ObjectField& field,
                         bool from_var, int depth, OptFilter* out);
  bool LowerAggregationKey(const InputType& space, const ast::ObjectField& field,
                           bool from_var, int depth, OptFilter* out);
  bool ConvertLiteral(const PropertyDef& def, ScalarKind kind, const ast::Value& v,
                      bool from_var, plan::Literal* out);

  // ---- selections ----
  bool ValidateSelectionSet(TypeId type, const ast::SelectionSet& ss, int depth);
  bool ValidateField(TypeId type, const ast::Selection& sel, int depth);
  // Constant conditions set *include; conditions on variables are added to
  // *tests (compile mode).
  bool CheckDirectives(const std::vector<ast::Directive>& dirs, bool* include,
                       std::vector<GuardTest>* tests = nullptr);
  // Directives where none is allowed (`location` as GraphQL names it,
  // e.g. QUERY): each an error; true when there are none.
  bool RefuseDirectives(const std::vector<ast::Directive>& dirs, std::string_view location);
  // `relationship`: a relationship field (it takes `directed` too).
  bool LowerFieldArguments(TypeId target, const ast::Selection& sel,
                           bool allow_pagination, plan::Options* options,
                           OptFilter* where, bool* undirected = nullptr,
                           int32_t* directed_guard = nullptr);
  bool LowerOptions(TypeId target, const ast::Value* options, const ast::Value* limit,
                    const ast::Value* offset, const ast::Value* sort, plan::Options* out);
  bool LowerOptionsNow(TypeId target, const ast::Value* options, const ast::Value* limit,
                       const ast::Value* offset, const ast::Value* sort, plan::Options* out);
  bool LowerInt(const ast::Value& v, bool from_var, const char* what, int64_t* out);
  // `nullable_elements`: the sort list's elements may be null (a root
  // connection's [TSort]); they are skipped.
  bool LowerSort(TypeId target, const ast::Value& v, bool from_var, plan::Options* out,
                 bool nullable_elements = false);

  // A selection set and the guard its fields are selected under.
  struct GuardedSet {
    const ast::SelectionSet* set = nullptr;
    int32_t guard = -1;
  };
  struct Occurrence {
    const ast::Selection* selection = nullptr;
    int32_t guard = -1;
  };
  struct Collected {
    std::string key;
    std::vector<Occurrence> occurrences;
  };
  void CollectFields(TypeId concrete, const std::vector<GuardedSet>& sets,
                     std::vector<Collected>* out,
                     absl::flat_hash_map<std::string, size_t>* index,
                     std::map<std::string, int32_t>* expanded);
  std::shared_ptr<plan::SelectionPlan> PlanSelection(TypeId static_type,
                                                     const std::vector<GuardedSet>& sets,
                                                     int depth);
  // The root fields of an operation with the root's fragments (spreads of
  // fragments on Query, inline fragments without a type condition or on
  // Query) expanded, each with the guard it is selected under, whether
  // constant directives include it, and the text it is written in.
  struct RootOccurrence {
    const ast::Selection* selection = nullptr;
    int32_t guard = -1;
    bool include = true;
    std::string_view text, file;
  };
  bool FlattenRoot(const ast::SelectionSet& ss, int32_t guard, bool include, int depth,
                   std::vector<RootOccurrence>* out);
  // Root `xsAggregate` / `xsConnection`: arguments, then the selection over
  // their generated types, validated and planned at once. The edges' node
  // selection sets are gathered into *node_sets (one response path only,
  // *node_path).
  bool PlanGeneratedRoot(const RootField& rf, plan::RootFieldPlan::Shape shape,
                         const std::vector<Occurrence>& occurrences, plan::RootFieldPlan* out);
  // A generated field: a root `xsAggregate` / `xsConnection` or a
  // relationship's `rAggregate` / `rConnection` (`rel` set), which share
  // their arguments and the planning of their selections.
  struct GeneratedSpec {
    OutputType type;                       // the generated selection type
    TypeId nodes = kNoType;                // the assets aggregated, or the edges' node type
    bool connection = false;
    TypeId source = kNoType;               // relationship fields: the source type
    const RelationshipDef* rel = nullptr;  // null at the root
  };
  struct GeneratedPlan {
    std::vector<plan::GeneratedField> generated;
    OptFilter where;
    plan::Options options;
    std::vector<plan::SortKey> connection_sort;
    int64_t skip = 0;
    bool undirected = false;
    int32_t directed_guard = -1;
    std::shared_ptr<plan::SelectionPlan> selection;
  };
  bool PlanGeneratedField(const GeneratedSpec& spec, const std::vector<Occurrence>& occurrences,
                          int depth, GeneratedPlan* out);
  // `rAggregate` / `rConnection` of type `type` (nullptr when `name` is
  // neither); *connection tells which.
  const RelationshipDef* GeneratedRelationship(TypeId type, std::string_view name,
                                               bool* connection, int* index) const;
  GeneratedSpec RelationshipSpec(TypeId source, const RelationshipDef& rel,
                                 bool connection) const;
  // directed: (true, false, null or a variable in check mode).
  // `directed: $v` in compile mode sets *guard (a guard that holds when
  // the edges are followed in their direction).
  bool LowerDirected(const ast::Value& v, bool* undirected, int32_t* guard);
  // rConnection's sort: [T<R>ConnectionSort!], node and edge keys.
  bool LowerConnectionSort(TypeId source, const RelationshipDef& rel, const ast::Value& v,
                           std::vector<plan::SortKey>* out);
  bool PlanGenerated(const OutputType& type, const ast::SelectionSet& ss, int32_t guard,
                     int depth, const std::string& path, std::vector<plan::GeneratedField>* out,
                     std::vector<GuardedSet>* node_sets, std::string* node_path);
  static constexpr int kMaxSelectionDepth = 64;
  static constexpr size_t kMaxPlanFields = 100000;
  size_t plan_fields_ = 0;
  // Selections walked by FlattenRoot and PlanGenerated, which walk a
  // fragment once per spread (so a few lines of fragments spreading each
  // other twice expand exponentially): bounded by kMaxPlanFields too.
  size_t expanded_selections_ = 0;
  bool CountExpanded(const ast::Selection& sel);
  bool plan_too_deep_ = false, plan_too_large_ = false;
  bool Applies(TypeId concrete, const std::string& type_condition) const;
  // The fragment a spread names, or nullptr after an error (an unknown
  // fragment, or one that spreads itself through fragment_stack_).
  const FragmentSource* SpreadFragment(const ast::Selection& spread);
  // The selections of `ss` (at `depth`; deeper than kMaxSelectionDepth is
  // the error `too_deep`), each counted, its @skip/@include checked, then
  // body(selection, included, guard); false when any of it failed.
  template <typename Body>
  bool EachSelection(const ast::SelectionSet& ss, int32_t guard, int depth, const char* too_deep,
                     Body body);
  // In a selection on type `type_name` (plan time, where fragments match
  // types by name; `note` follows the name in errors, as " (the root)"):
  // whether an inline fragment applies, reporting one that never does.
  bool InlineFragmentApplies(const ast::Selection& sel, std::string_view type_name,
                             std::string_view note);
  // The same for a fragment spread: reports an unknown, cyclic or
  // never-applying fragment and its directives, marks it used, and when
  // `expand` calls expand_body(fragment's selection set) in the fragment's
  // text with the fragment on fragment_stack_. Returns false after an error
  // (or expand_body's result).
  template <typename ExpandBody>
  bool ExpandSpread(const ast::Selection& sel, std::string_view type_name, std::string_view note,
                    bool expand, ExpandBody expand_body);
  // While alive, diagnostics are located in a fragment's own text.
  class InFragmentText {
   public:
    InFragmentText(Checker* c, const FragmentSource& fs)
        : c_(c), text_(c->text_), file_(c->file_) {
      c->text_ = fs.text;
      c->file_ = fs.file;
    }
    ~InFragmentText() {
      c_->text_ = text_;
      c_->file_ = file_;
    }
    InFragmentText(const InFragmentText&) = delete;
    InFragmentText& operator=(const InFragmentText&) = delete;

   private:
    Checker* c_;
    std::string_view text_, file_;
  };

  const Schema& schema_;
  std::string_view main_text_;
  std::string_view text_, file_;
  const FragmentMap& fragments_;
  Mode mode_;
  const Value* variables_;
  Program* program_;
  // > 0 while a part that becomes a slot is checked in compile mode: its
  // variables are recorded, no slots nest in it.
  int typing_only_ = 0;
  Diagnostics diags_;
  bool failed_ = false;
  std::map<std::string, std::vector<VarUse>> var_uses_;
  std::vector<std::unique_ptr<ast::Value>> owned_values_;  // variables' values
  // Results of lowering a relationship field's arguments during validation,
  // reused while planning.
  struct FieldArgs {
    OptFilter where;
    plan::Options options;
    bool undirected = false;
    int32_t directed_guard = -1;
  };
  absl::flat_hash_map<const ast::Selection*, FieldArgs> field_args_;
  absl::flat_hash_map<const ast::Selection*, plan::RootFieldPlan> generated_roots_;
  std::set<std::string> validated_fragments_;
  std::set<std::string> used_fragments_;  // spread at the root
  std::vector<std::string> fragment_stack_;
  std::set<TypeId> covered_;
};

}  // namespace vigil::check

#endif  // VIGIL_SRC_CHECK_CHECKER_H_
