// The plan of a compiled query: filters as a tree of typed predicates and
// selections as per-type field lists. Made once per query by the checker
// (checker.cc, selection.cc), read by the evaluator (src/exec) for every
// evaluation. Immutable after compilation; refers to the schema by index
// and to definitions in it.
//
// Parts written with variables are not lowered at compile time: a filter
// part becomes a kSlot node, options with variables an Options::slot, and
// @skip/@include with a variable a guard. Each evaluation binds the values
// (check::Bind, src/check/program.h) into a check::Bindings that the
// evaluator consults per node, never per row: the kernels see plain
// literals.
#ifndef VIGIL_SRC_CHECK_PLAN_H_
#define VIGIL_SRC_CHECK_PLAN_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vigil/datetime.h"
#include "vigil/schema.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace vigil::plan {

// A constant operand converted to the property's kind.
struct Literal {
  bool is_null = false;
  ScalarKind kind = ScalarKind::kString;
  bool b = false;
  int64_t i = 0;      // kInt
  double d = 0;       // kFloat
  bool is_int = false;  // numeric literal written as an Int
  Instant t;          // kDateTime (to the millisecond, as Neo4j keeps it)
  std::string s;      // string-like kinds (and DateTime text)
};

enum class ScalarOp : uint8_t {
  kEq,          // f, f_NOT (negate)
  kIn,          // f_IN, f_NOT_IN
  kLt, kLte, kGt, kGte,
  kContains, kStartsWith, kEndsWith,
  kMatches,
  kListEq,      // list f, f_NOT
  kIncludes,    // list f_INCLUDES, f_NOT_INCLUDES
  kIsNull,      // any key with literal null (negate: IS NOT NULL)
};

enum class Quantifier : uint8_t {
  kSome, kNone, kAll, kSingle,
  kExactlyOne,     // single relationship `r: P`
  kNotExactlyOne,  // single relationship `r_NOT: P`
  kExists,         // `r_NOT: null`, `r_NONE: null`
  kNotExists,      // `r: null`, `r_SOME: null`
};

enum class AggFunc : uint8_t {
  kMin, kMax, kSum, kAverage, kShortestLength, kLongestLength, kAverageLength,
  // The deprecated function-less keys (f_EQUAL, f_GT, ...): some related
  // value compares (any(v IN collect(n.f) WHERE v OP $c)); for a String
  // ordering, some value's length.
  kSome, kSomeLength,
};
enum class CmpOp : uint8_t { kEq, kLt, kLte, kGt, kGte };

struct Filter {
  enum class Kind : uint8_t {
    kAnd, kOr, kNot,
    kScalar,       // a property predicate on the current type
    kRelation,     // quantifier over a relationship field
    kAggregate,    // rAggregate: children are kAgg* nodes (AND-ed)
    // Inside connection filters (evaluated per edge):
    kConnNode,     // children[0] filters the related asset
    kConnEdge,     // children[0] filters the edge (properties type)
    // Inside aggregate filters (evaluated per source asset):
    kAggCount,     // count_OP: cmp, value.i
    kAggProperty,  // node/edge f_FUNC_OP
    // A part written with variables (a key such as `name_IN: $names`, or a
    // whole input object such as `where: $w`): lowered per evaluation.
    kSlot,
    // typename_IN on an interface: the asset's concrete type is one of
    // `types` (TRUE or FALSE, never UNKNOWN).
    kTypename,
  };
  Kind kind = Kind::kAnd;
  std::vector<Filter> children;
  // The where keys this node stands for (byte offsets of the keys in the
  // query text), for clause coverage. Empty for nodes with no key of their
  // own (or keys written in a fragment library).
  std::vector<uint32_t> clauses;

  // kScalar / kAggProperty: the property (by name; resolved per concrete
  // table at evaluation) and its definition in the filtered type.
  std::string property;
  const PropertyDef* def = nullptr;
  ScalarOp op = ScalarOp::kEq;
  bool negate = false;
  Literal value;                  // single operand
  std::vector<Literal> values;    // kIn, kListEq
  std::shared_ptr<const re2::RE2> regex;  // kMatches

  // kRelation / kAggregate: the relationship field (by name; resolved per
  // concrete source table), its definition, the quantifier, and whether
  // the inner filter is a connection filter (per edge) or a node filter.
  std::string field;
  const RelationshipDef* rel = nullptr;
  Quantifier quantifier = Quantifier::kSome;
  bool connection = false;
  // Inner filter of kRelation; empty = always TRUE.
  std::vector<Filter> inner;

  // kAggCount / kAggProperty
  CmpOp cmp = CmpOp::kEq;
  AggFunc func = AggFunc::kMin;
  bool on_edge = false;  // kAggProperty over edge properties
  TypeId owner = kNoType;  // type whose property kAggProperty reads
  // kAggProperty written with a key Neo4j GraphQL deprecates: the key, and
  // the current key that means the same ("" when none does). For lint.
  std::string deprecated_key, replacement_key;

  std::vector<TypeId> types;  // kTypename

  // kSlot: which part (an index into the program's slots).
  int32_t slot = -1;
  // For a kSlot node and every node holding one: its index in the
  // evaluation's bindings (check::Bindings::Resolve). -1 for constant parts.
  int32_t bound = -1;
};

struct SortKey {
  std::string property;
  bool descending = false;
  bool on_edge = false;  // rConnection's sort: a property of the edge
};

struct Options {
  int64_t limit = 0;   // 0 = none
  int64_t offset = 0;
  std::vector<SortKey> sort;
  // >= 0 when written with variables: the options are bound per evaluation
  // (check::Bindings::Resolve).
  int32_t slot = -1;
};

struct SelectionPlan;

// A field of a generated object type (docs/query-language.md, "Aggregate and
// connection selections"): of the aggregate selection of a root
// `xsAggregate`, of its per-property selections, or of a root
// `xsConnection`'s connection, edges and page info. Fields selected twice under one response key are merged.
struct GeneratedField {
  enum class Kind : uint8_t {
    kTypename,     // `text` is the generated type's name
    kCount,        // assets kept
    kOf,           // per-property selection: `text` is the property
    kMin, kMax, kAverage, kSum, kShortest, kLongest,  // values of kOf
    kTotalCount, kEdges, kPageInfo,                   // a connection
    kCursor, kNode,                                   // an edge
    kHasNextPage, kHasPreviousPage, kStartCursor, kEndCursor,  // page info
    kAggNode, kAggEdge,    // rAggregate's node { ... } and edge { ... }: kOf fields
    kProperties,           // an rConnection edge's properties: kProperty fields
    kProperty,             // `index`: the property's index in the edge properties type
  };
  Kind kind = Kind::kTypename;
  std::string key;
  std::string name;  // the field's name
  std::string text;
  int32_t index = -1;  // kProperty
  std::vector<GeneratedField> fields;  // kOf, kEdges, kPageInfo, kAggNode, kAggEdge, kProperties
  int32_t guard = -1;                  // as FieldPlan::guard
};

// One selected field after fragments are expanded, constant @skip/@include
// applied and fields merged.
struct FieldPlan {
  // kRelAggregate: `rAggregate`; kRelConnection: `rConnection`
  // (docs/query-language.md, "Aggregate and connection selections").
  enum class Kind : uint8_t { kProperty, kTypename, kRelationship, kRelAggregate, kRelConnection };
  Kind kind = Kind::kProperty;
  std::string key;   // response key (alias or name)
  std::string name;  // field name
  int property = -1;  // kProperty: index in the concrete type
  // kRelationship
  int rel_index = -1;  // index in the concrete type's relationships
  const RelationshipDef* rel = nullptr;
  // Nested where (nullopt: none); of kRelConnection a connection filter
  // (kConnNode/kConnEdge parts), decided per edge.
  std::optional<Filter> where;
  Options options;  // kRelConnection: first as the limit
  // The related rows' selection (kRelConnection: the edges' node; null when
  // the node is not selected).
  std::shared_ptr<SelectionPlan> selection;
  // directed: false: the relationship's edges are followed both ways;
  // `directed: $v`: when the guard does not hold (check::Bindings::Includes).
  bool undirected = false;
  int32_t directed_guard = -1;
  // kRelAggregate, kRelConnection: the fields of the generated selection.
  std::vector<GeneratedField> generated;
  int64_t skip = 0;                 // kRelConnection: the edges before `after`'s cursor
  std::vector<SortKey> connection_sort;  // kRelConnection: sort (node and edge keys)
  // @skip/@include with variables: the field is selected when the guard
  // holds (check::Bindings::Includes); -1 = always.
  int32_t guard = -1;
};

// The fields selected on assets of one concrete type.
struct TypeSelection {
  std::vector<FieldPlan> fields;
};

struct SelectionPlan {
  TypeId static_type = kNoType;  // object or interface
  // Indexed by concrete TypeId; null for types that cannot occur here.
  std::vector<std::unique_ptr<TypeSelection>> by_type;
};

struct RootFieldPlan {
  // kList: `xs` (a list of assets); kAggregate: `xsAggregate`;
  // kConnection: `xsConnection` (options hold first as the limit, after as
  // the offset, and sort; `selection` is the edges' node selection).
  enum class Shape : uint8_t { kList, kAggregate, kConnection };
  Shape shape = Shape::kList;
  std::vector<GeneratedField> generated;  // kAggregate, kConnection
  int64_t skip = 0;  // kConnection: the edges before `after`'s cursor
  std::string key;
  std::string name;
  bool typename_only = false;  // `__typename` at the root: "Query"
  TypeId type = kNoType;       // object or interface
  std::optional<Filter> where;
  Options options;
  std::shared_ptr<SelectionPlan> selection;
  int32_t guard = -1;  // as FieldPlan::guard
};

struct PlanSet {
  std::vector<RootFieldPlan> roots;
  std::vector<TypeId> covered;  // concrete types, sorted by name
};

}  // namespace vigil::plan

#endif  // VIGIL_SRC_CHECK_PLAN_H_
