// The GraphQL input types of a vigil schema, in one place: what a variable
// or a control parameter may be declared as, which keys each generated
// filter input object takes, GraphQL's variable-usage rule, and input
// coercion of JSON values (`--vars` values, parameter values and defaults).
//
// The input types are the ones the Neo4j GraphQL Library generates for the
// schema (docs/query-language.md): the built-in scalars ID, String, Int,
// Float, Boolean and DateTime, the schema's custom scalars and enums,
// SortDirection, and per type T (object, interface or relationship
// properties) and relationship field r of T:
//
//   TWhere                          filter of T (the keys of ParseWhereKey)
//   T<R>ConnectionWhere             node / edge filter of r's connection
//   T<R>AggregateInput              count_* / node / edge of rAggregate
//   T<R>NodeAggregationWhereInput   f_MIN_GT, f_AVERAGE_LENGTH_LT, ... (node)
//   PAggregationWhereInput          the same over edge properties P
//   TOptions, TSort                 limit / offset / sort
//   T<R>ConnectionSort              node / edge sort of rConnection
//   <I>Implementation               the object types of interface I
//
// (<R> is r with its first letter upper-cased.) The checker resolves the
// keys of where literals with the same functions, so a key means the same in
// a query text and in a variable's value.
#ifndef VIGIL_SRC_CHECK_INPUT_TYPES_H_
#define VIGIL_SRC_CHECK_INPUT_TYPES_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/check/plan.h"
#include "src/syntax/ast.h"
#include "vigil/schema.h"
#include "vigil/value.h"

namespace vigil::check {

// ---- type references ---------------------------------------------------

// A type as written in a variable definition or a parameter declaration:
// a named type, a list of a type, either possibly non-null ("[String!]!").
class TypeRef {
 public:
  TypeRef() = default;
  TypeRef(const TypeRef& other);
  TypeRef& operator=(const TypeRef& other);
  TypeRef(TypeRef&&) noexcept = default;
  TypeRef& operator=(TypeRef&&) noexcept = default;

  static TypeRef Named(std::string name, bool non_null = false);
  static TypeRef ListOf(TypeRef element, bool non_null = false);
  // GraphQL type syntax without white space; nullopt when malformed. Lists
  // nest at most 8 deep.
  static std::optional<TypeRef> Parse(std::string_view text);
  static TypeRef FromAst(const ast::TypeRef& type);

  bool non_null() const { return non_null_; }
  bool is_list() const { return element_ != nullptr; }
  const TypeRef& element() const { return *element_; }  // lists only
  // The named type (of the innermost element for lists).
  const std::string& name() const { return is_list() ? element_->name() : name_; }
  TypeRef Nullable() const;
  std::string ToString() const;

 private:
  bool non_null_ = false;
  std::string name_;                 // named types
  std::unique_ptr<TypeRef> element_;  // lists
};

// ---- named input types --------------------------------------------------

// What a named input type is, resolved against a schema.
struct InputType {
  enum class Kind : uint8_t {
    kScalar,            // ID, String, Int, Float, Boolean, DateTime, custom
    kEnum,              // an enum of the schema
    kSortDirection,     // ASC | DESC
    kImplementation,    // <Interface>Implementation: the interface's object types
    kWhere,             // TWhere
    kConnectionWhere,   // T<R>ConnectionWhere
    kAggregateInput,    // T<R>AggregateInput
    kAggregationWhere,  // T<R>{Node,Edge}AggregationWhereInput
    kOptions,           // TOptions
    kSort,              // TSort (T also a relationship properties type)
    kConnectionSort,    // T<R>ConnectionSort: node / edge
  };
  Kind kind = Kind::kScalar;
  std::string name;  // the GraphQL name
  ScalarKind scalar = ScalarKind::kString;  // kScalar (kCustom for custom)
  int enum_index = -1;                      // kEnum
  // kWhere, kOptions, kSort: the type; the other object kinds: the source
  // type of `rel`.
  // kImplementation: the interface.
  TypeId type = kNoType;
  const RelationshipDef* rel = nullptr;
  bool on_edge = false;  // kAggregationWhere over the edge properties

  bool is_object() const { return kind >= Kind::kWhere; }
  // kAggregationWhere: the type whose properties are aggregated.
  TypeId aggregated_type() const { return on_edge ? rel->properties : rel->target; }

  static InputType Scalar(std::string name, ScalarKind kind);
  static InputType Enum(const Schema& schema, int enum_index);
  static InputType SortDirection();
  // The enum of typename_IN on an interface's where type.
  static InputType Implementation(const Schema& schema, TypeId interface_type);
  static InputType Where(const Schema& schema, TypeId type);
  static InputType ConnectionWhere(const Schema& schema, TypeId source,
                                   const RelationshipDef& rel);
  static InputType AggregateInput(const Schema& schema, TypeId source,
                                  const RelationshipDef& rel);
  static InputType AggregationWhere(const Schema& schema, TypeId source,
                                    const RelationshipDef& rel, bool on_edge);
  static InputType Options(const Schema& schema, TypeId type);
  static InputType Sort(const Schema& schema, TypeId type);
  static InputType ConnectionSort(const Schema& schema, TypeId source,
                                  const RelationshipDef& rel);
  // The input type of a property's values (its element type for lists).
  static InputType OfProperty(const Schema& schema, const PropertyDef& def);
};

// The input type named `name`; nullopt when the schema has none.
std::optional<InputType> FindInputType(const Schema& schema, std::string_view name);

// Checks that `type` names an input type of `schema`; otherwise `*why` says
// what is wrong.
bool IsInputType(const Schema& schema, const TypeRef& type, std::string* why);

// `s` with its first letter upper-cased (the <R> of generated names).
std::string UpperFirst(std::string_view s);

// ---- the keys of filter input objects -----------------------------------

// What a key of TWhere stands for.
struct WhereKey {
  enum class Kind : uint8_t {
    kUnknown,       // no such key
    kLogical,       // AND, OR, NOT
    kProperty,      // f, f_NOT, f_IN, ... (index: the property)
    kRelationship,  // r, r_NOT, r_SOME, ... (index: the relationship)
    kConnection,    // rConnection, rConnection_NOT, ...
    kAggregate,     // rAggregate
    kTypename,      // typename_IN (interfaces only)
    kBadSuffix,     // a property or relationship with a suffix it does not take
  };
  Kind kind = Kind::kUnknown;
  int index = -1;
  std::string_view suffix;  // "" or "_NOT", "_IN", "_SOME", ... (a static string)
  // kBadSuffix: what the suffix was put on.
  Kind base = Kind::kUnknown;
};
WhereKey ParseWhereKey(const TypeDef& type, std::string_view key);

// The message for a key ParseWhereKey refused (kUnknown or kBadSuffix) in a
// filter of `type`, with suggestions.
std::string BadWhereKeyMessage(const Schema& schema, TypeId type, std::string_view key,
                               const WhereKey& parsed);

// The object type named `name` among an interface's implementations (a
// value of <Interface>Implementation); kNoType when there is none.
TypeId ImplementationOf(const Schema& schema, TypeId interface_type, std::string_view name);

// Every key of TWhere (for suggestions).
std::vector<std::string> WhereKeys(const TypeDef& type);

// A property key's operator, negation and operand type ("f_IN" on a
// non-null String: kIn, not negated, [String!]). `suffix` must be one the
// property takes.
struct PropertyKey {
  plan::ScalarOp op = plan::ScalarOp::kEq;
  bool negate = false;
  TypeRef operand;
  ScalarKind operand_kind = ScalarKind::kString;  // String for _MATCHES
};
PropertyKey PropertyKeyOf(const PropertyDef& def, std::string_view suffix);

// The quantifier of a relationship or connection key with a non-null value.
plan::Quantifier QuantifierOf(const RelationshipDef& rel, std::string_view suffix);

// count, count_LT, ... of an aggregate input.
std::optional<plan::CmpOp> ParseCountKey(std::string_view key);

// A key of an aggregation where input (T<R>NodeAggregationWhereInput) over
// one property: f_FUNC_CMP, and the deprecated forms Neo4j GraphQL 5.12
// still generates (f_CMP without a function; String f_SHORTEST_CMP, ...).
struct AggregationKey {
  int property = -1;
  std::string suffix;  // "_MIN_LT", "_EQUAL", ...
  plan::AggFunc func = plan::AggFunc::kMin;
  plan::CmpOp cmp = plan::CmpOp::kEq;
  // The operand: the property's type for MIN/MAX/SUM and the function-less
  // forms (Int for String ordering: a length), Int for lengths, Float for
  // averages.
  ScalarKind operand_kind = ScalarKind::kInt;
  std::string operand_type;
  // Deprecated in Neo4j GraphQL 5.x; `replacement` is the current key that
  // means the same ("" when there is none).
  bool deprecated = false;
  std::string replacement;
};
// Every aggregation key of one property (suffixes only; property and
// replacement hold the suffix part), in the order Neo4j generates them.
std::vector<AggregationKey> AggregationKeysOf(const PropertyDef& def);
std::optional<AggregationKey> ParseAggregationKey(const TypeDef& owner, std::string_view key);
std::vector<std::string> AggregationKeys(const TypeDef& owner);

// A key of an input object: its type, and whether null is accepted (an
// rAggregate key refuses it although GraphQL types it nullable: Neo4j
// GraphQL fails on it).
struct InputField {
  TypeRef type;
  InputType named;  // of type.name()
  bool null_ok = true;
};
// Whether a type has properties that aggregation keys and aggregate
// selections read (non-list ID, String, Int, Float, DateTime).
bool HasAggregatableProperties(const TypeDef& type);

// Every field of an input object type, as @neo4j/graphql 5.12 generates it
// (in its order), with its type and, when Neo4j GraphQL deprecates it, the
// reason. Fields vigil refuses although Neo4j has them (connection
// node_NOT / edge_NOT) are left out; those vigil adds (none today) would be
// marked. The schema printer (`vigil schema print --augmented`) lists these.
struct InputFieldDef {
  std::string name;
  TypeRef type;
  std::string deprecation;
};
std::vector<InputFieldDef> InputFields(const Schema& schema, const InputType& object);

// The field `key` of input object `object`; nullopt with `*why` set when
// there is none.
std::optional<InputField> FindInputField(const Schema& schema, const InputType& object,
                                         std::string_view key, std::string* why);

// ---- usage and values -----------------------------------------------------

// GraphQL's "is variable usage allowed": a variable of type `variable` may
// be used where `location` is expected. A non-null default lets a nullable
// variable stand where a non-null value is expected.
bool VariableUsageAllowed(const TypeRef& variable, const TypeRef& location,
                          bool has_non_null_default);

struct FitOptions {
  // Strings accepted as DateTime values besides ISO-8601 date-times, and how
  // to name them in messages (control parameters also take durations, which
  // are resolved to instants before evaluation).
  bool (*datetime_extension)(std::string_view text) = nullptr;
  const char* datetime_extension_name = nullptr;
};

// The integral value of a JSON number (60, 60.0 and 6e1 are the Int 60);
// nullopt for fractions, non-numbers and magnitudes of 9e18 or more.
std::optional<int64_t> IntegralValue(const Value& v);

// A DateTime value of a query (a literal or a variable's value): the
// instant of ECMAScript's date-time string format (ParseEcmaScriptDateTime
// in src/base/datetime.h), truncated to the millisecond as Neo4j GraphQL
// keeps it. nullopt with `*why` (may be null) saying what is wrong.
std::optional<Instant> ParseQueryDateTime(std::string_view text, std::string* why);

// Whether `value` coerces to `type` by GraphQL's input coercion of JSON:
//   ID        a string or an integral number (the ID "60")
//   Int       an integral number (60, 60.0, 6e1)
//   Float     any number
//   String, custom scalars: a string; Boolean: true or false
//   DateTime  a date-time of ParseQueryDateTime (or what `options` adds)
//   enums, SortDirection: the value's name as a string
//   [T]       a list of T, or a single T (a one-element list)
//   input objects: an object whose keys are fields of the type (each at
//             most once) with values of their types
//   null      wherever the type is nullable
// On false, `*why` says why, naming the part by its JSON path ("[1]",
// "OR[0].name").
bool ValueFits(const Value& value, const TypeRef& type, const Schema& schema,
               std::string* why, const FitOptions& options = {});
// The same with the named type already resolved (the input type of
// type.name()).
bool ValueFits(const Value& value, const TypeRef& type, const InputType& named,
               const Schema& schema, std::string* why, const FitOptions& options = {});

}  // namespace vigil::check

#endif  // VIGIL_SRC_CHECK_INPUT_TYPES_H_
