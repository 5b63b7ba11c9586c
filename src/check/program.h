// The check layer's entry points: a query text compiled once into a Program
// (parse, type-check, plan), and per evaluation the variable values bound
// into it (Bind). vigil::Query (src/query) is a thin public face over these.
//
//   Compile:  text --parser--> AST --checker--> Program
//             (every key, literal, fragment and variable use checked; the
//             plan holds slots where variables are used)
//   Bind:     Program + {"x": ...} --> Bindings
//             (each value checked against its variable's type once; each
//             slot lowered for the values; @skip/@include guards decided)
//   Evaluate: Program + Bindings + Graph --> rows   (src/exec)
#ifndef VIGIL_SRC_CHECK_PROGRAM_H_
#define VIGIL_SRC_CHECK_PROGRAM_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "src/check/bindings.h"
#include "src/check/input_types.h"
#include "src/check/plan.h"
#include "src/syntax/ast.h"
#include "vigil/coverage.h"
#include "vigil/diagnostic.h"
#include "vigil/schema.h"
#include "vigil/value.h"

namespace vigil::check {

// A parsed fragment library (a pack's fragments.graphql).
struct FragmentSet {
  std::string file;
  std::string text;  // the fragments' spans refer to it
  std::vector<ast::FragmentDefinition> fragments;
};

// Parses a fragment library; duplicate names are an error.
absl::StatusOr<std::shared_ptr<const FragmentSet>> ParseFragmentSet(
    std::string_view text, std::string_view file, Diagnostics* diags);

// Where a piece of query text is written (the query or a fragment library).
struct Place {
  std::string_view text, file;
  uint32_t offset = 0;
};

// A variable of a compiled query: declared (documents) or typed by its uses
// (stored form).
struct Variable {
  std::string name;
  TypeRef type;
  InputType named;  // the input type of type.name()
  bool has_default = false;
  Value default_value;
  Place place;  // its declaration, or its first use
};

// A filter part written with variables, lowered per evaluation: a key of an
// input object (`name_IN: ["a", $b]`, `hasFlowLog_SOME: $w`, `OR: $list`) or
// a whole input object (`where: $w`, an element of an AND/OR list).
struct FilterSlot {
  enum class Kind : uint8_t { kKey, kObject };
  Kind kind = Kind::kKey;
  InputType space;  // the input object type the key or object belongs to
  const ast::ObjectField* field = nullptr;  // kKey
  const ast::Value* value = nullptr;        // kObject
  int depth = 0;                            // filter nesting at the part
  std::string_view text, file;              // where it is written
};

// Pagination arguments written with variables.
struct OptionsSlot {
  TypeId target = kNoType;
  const ast::Value* options = nullptr;
  const ast::Value* limit = nullptr;
  const ast::Value* offset = nullptr;
  const ast::Value* sort = nullptr;
  std::string_view text, file;
};

// A node of the @skip/@include conditions over variables: a variable test,
// or an AND / OR of other guards (an operand -1 is "always").
struct Guard {
  enum class Kind : uint8_t { kVariable, kAnd, kOr };
  Kind kind = Kind::kVariable;
  std::string variable;  // kVariable: holds when $variable == want
  bool want = true;
  const ast::Value* value = nullptr;  // kVariable: the `if:` argument
  // kVariable of a `directed: $v` argument: null (or no value) holds, as
  // directed's default is true.
  bool directed = false;
  std::string_view text, file;
  std::vector<int32_t> operands;
};

// A compiled query: immutable, independent of any graph, shared by all its
// evaluations.
struct Program {
  std::shared_ptr<const Schema> schema;
  std::string file;  // for diagnostics
  std::string text;  // the query text (the document's spans refer to it)
  ast::ExecutableDocument document;  // kept: the plan's slots point into it
  std::vector<std::shared_ptr<const FragmentSet>> libraries;  // ditto
  bool stored_form = false;
  std::vector<Variable> variables;

  plan::PlanSet plan;
  std::vector<FilterSlot> slots;         // by Filter::slot
  std::vector<OptionsSlot> option_slots;  // by Options::slot
  std::vector<Guard> guards;             // by FieldPlan::guard
  // The filter nodes with Filter::bound >= 0, every node after its parts.
  std::vector<const plan::Filter*> bound_nodes;
  // The bindings of a query without variables (nothing to bind).
  std::shared_ptr<const Bindings> constant;

  bool has_variables() const { return !variables.empty(); }
};

struct CompileInput {
  std::string_view text;
  std::string file;  // "<query>" when empty
  std::vector<std::shared_ptr<const FragmentSet>> fragments;
  int max_depth = 64;  // nesting limit for the parser
};

// Parses, type-checks and plans a query. Errors are located diagnostics.
absl::StatusOr<std::shared_ptr<const Program>> Compile(std::shared_ptr<const Schema> schema,
                                                       const CompileInput& input,
                                                       Diagnostics* diags = nullptr);

// Binds variable values (a JSON object, or null for none) into a program:
// a missing value takes the variable's default; each value is checked
// against its variable's type (code eval.variable, located at the
// declaration); each slot is lowered for the values (errors located at the
// use, as a compile error would be). Cheap for a program without variables.
absl::StatusOr<std::shared_ptr<const Bindings>> Bind(const Program& program,
                                                     const Value& values);

// Every key written in the query's where arguments, in text order
// (vigil/coverage.h).
std::vector<Clause> Clauses(const Program& program);

// What `vigil lint` looks at in a compiled check, with `values` bound.
struct LintFacts {
  // Negated property keys in the filters ("name_NOT_IN" of "name"), once
  // each, in plan order.
  struct NegatedKey {
    std::string property, key;
  };
  std::vector<NegatedKey> negated_keys;
  // Aggregation keys Neo4j GraphQL deprecates, once each, in plan order:
  // `replacement` is the current key that means the same inside the
  // aggregate ("name_SHORTEST_LENGTH_LT" for "name_SHORTEST_LT"); for the
  // function-less keys (f_EQUAL, f_GT, ...: some related value compares),
  // `instead` is the relationship filter that says it with current keys
  // ("hasFlowLog_SOME: {name: ...}"), empty when none does (a String length).
  struct DeprecatedKey {
    std::string key, replacement, instead;
  };
  std::vector<DeprecatedKey> deprecated_keys;
  // Stored form: the concrete root types whose rows do not select `id`.
  std::vector<std::string> rows_without_id;
};
absl::StatusOr<LintFacts> Lint(const Program& program, const Value& values);

}  // namespace vigil::check

#endif  // VIGIL_SRC_CHECK_PROGRAM_H_
