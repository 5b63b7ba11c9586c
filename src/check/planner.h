// The checker: type-checks a parsed query against a schema and lowers it to
// a plan (src/check/plan.h). Used by Query::Compile (with variables typed by
// their uses) and, for queries with variables, once per evaluation (with
// their values bound).
#ifndef VIGIL_SRC_CHECK_PLANNER_H_
#define VIGIL_SRC_CHECK_PLANNER_H_

#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "src/base/did_you_mean.h"  // DidYouMean, used by the checker
#include "src/check/plan.h"
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

class Planner {
 public:
  enum class Mode {
    kTyping,  // variables unknown: record the type each use expects
    kBound,   // variables known (values in `variables`)
  };
  Planner(const Schema& schema, std::string_view text, std::string_view file,
          const FragmentMap& fragments, Mode mode, const Value* variables);

  // Plans the operation's root selection set.
  bool PlanOperation(const ast::OperationDefinition& op, plan::PlanSet* out);

  // Variables met in typing mode: name -> (expected GraphQL type, span).
  struct VarUse {
    std::string type;
    ast::Span span;
    std::string_view text, file;
  };
  const std::map<std::string, std::vector<VarUse>>& variable_uses() const {
    return var_uses_;
  }

  Diagnostics& diagnostics() { return diags_; }
  bool failed() const { return failed_; }

 private:
  using OptFilter = std::optional<plan::Filter>;

  void Error(const ast::Span& span, std::string_view code, std::string message);
  void TagClause(const ast::ObjectField& field, plan::Filter* f);

  // Resolves a variable occurrence at a position expecting `type`. Typing
  // mode: records the use and returns nullptr. Bound mode: returns the value
  // converted to a syntax tree (owned by the planner), with from_variable
  // semantics for enums/IDs.
  const ast::Value* ResolveVariable(const ast::Value& v, const std::string& type);

  // ---- where ----
  bool LowerWhere(TypeId type, const ast::Value& v, bool from_var, int depth,
                  OptFilter* out);
  // Lowers one key of an input object (property, relationship, ...).
  using KeyFn = std::function<bool(const ast::ObjectField& field, bool from_var,
                                   int depth, OptFilter* out)>;
  // The shared shape of every filter input object: a variable standing for
  // it, null (dropped), duplicate keys, AND/OR/NOT with list coercion and
  // dropped empty parts, and the implicit AND of its keys.
  bool LowerObject(const ast::Value& v, bool from_var, int depth,
                   const std::string& type_name, const KeyFn& key_fn,
                   OptFilter* out);
  bool LowerLogical(const ast::ObjectField& field, bool from_var, int depth,
                    const std::string& type_name, const KeyFn& key_fn,
                    OptFilter* out);
  static OptFilter Combine(plan::Filter::Kind kind, std::vector<plan::Filter> parts);
  bool LowerKey(TypeId type, const ast::ObjectField& field, bool from_var,
                int depth, OptFilter* out);
  bool LowerScalar(const PropertyDef& def, std::string_view suffix,
                   const ast::ObjectField& field, bool from_var, OptFilter* out);
  bool LowerRelation(TypeId source, const RelationshipDef& rel,
                     std::string_view suffix, const ast::ObjectField& field,
                     bool from_var, int depth, OptFilter* out);
  bool LowerConnection(TypeId source, const RelationshipDef& rel,
                       std::string_view suffix, const ast::ObjectField& field,
                       bool from_var, int depth, OptFilter* out);
  bool LowerConnectionWhere(TypeId source, const RelationshipDef& rel,
                            const ast::Value& v, bool from_var, int depth,
                            OptFilter* out);
  bool LowerAggregate(TypeId source, const RelationshipDef& rel,
                      const ast::ObjectField& field, bool from_var, int depth,
                      OptFilter* out);
  bool LowerAggregateWhere(TypeId source, const RelationshipDef& rel,
                           const ast::Value& v, bool from_var, int depth,
                           OptFilter* out);
  bool LowerAggregateNode(TypeId owner, bool on_edge, const std::string& type_name,
                          const ast::Value& v, bool from_var, int depth,
                          OptFilter* out);
  bool ConvertLiteral(const PropertyDef& def, ScalarKind kind,
                      const ast::Value& v, bool from_var, plan::Literal* out);
  std::vector<std::string> WhereKeys(TypeId type) const;

  // ---- selections ----
  bool ValidateSelectionSet(TypeId type, const ast::SelectionSet& ss, int depth);
  bool ValidateField(TypeId type, const ast::Selection& sel, int depth);
  bool CheckDirectives(const std::vector<ast::Directive>& dirs, bool* include);
  bool LowerFieldArguments(TypeId target, const ast::Selection& sel,
                           bool allow_pagination, plan::Options* options,
                           OptFilter* where);
  bool LowerOptions(TypeId target, const ast::Value* options,
                    const ast::Value* limit, const ast::Value* offset,
                    const ast::Value* sort, bool from_var, plan::Options* out);
  bool LowerInt(const ast::Value& v, bool from_var, const char* what,
                int64_t* out);
  bool LowerSort(TypeId target, const ast::Value& v, bool from_var,
                 plan::Options* out);

  struct Collected {
    std::string key;
    std::vector<const ast::Selection*> occurrences;
  };
  void CollectFields(TypeId concrete, const std::vector<const ast::SelectionSet*>& sets,
                     std::vector<Collected>* out,
                     absl::flat_hash_map<std::string, size_t>* index,
                     std::set<std::string>* visited);
  std::shared_ptr<plan::SelectionPlan> PlanSelection(
      TypeId static_type, const std::vector<const ast::SelectionSet*>& sets,
      int depth);
  static constexpr int kMaxSelectionDepth = 64;
  static constexpr size_t kMaxPlanFields = 100000;
  size_t plan_fields_ = 0;
  bool plan_too_deep_ = false, plan_too_large_ = false;
  bool Applies(TypeId concrete, const std::string& type_condition) const;

  const Schema& schema_;
  std::string_view text_, file_;
  std::string_view main_text_;
  const FragmentMap& fragments_;
  Mode mode_;
  const Value* variables_;
  Diagnostics diags_;
  bool failed_ = false;
  std::map<std::string, std::vector<VarUse>> var_uses_;
  std::deque<ast::Value> owned_values_;
  // Results of lowering a relationship field's arguments during validation,
  // reused while planning.
  struct FieldArgs {
    OptFilter where;
    plan::Options options;
  };
  absl::flat_hash_map<const ast::Selection*, FieldArgs> field_args_;
  std::set<std::string> validated_fragments_;
  std::vector<std::string> fragment_stack_;
  std::set<TypeId> covered_;
};

}  // namespace vigil::check

#endif  // VIGIL_SRC_CHECK_PLANNER_H_
