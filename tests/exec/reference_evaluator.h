// A deliberately simple, row-at-a-time reference implementation of the query
// semantics of the spec (query-language.md §3–§5), used by the differential
// test to check the vectorised engine. It shares nothing with the engine's
// parser, checker or evaluator: it reads the graph as the JSON interchange
// value that was generated (canonical form) and a query given as a
// structured vigil::Value (see RefQuery below), and evaluates every filter
// per asset with recursive Kleene logic over std::optional<bool>.
//
// Query structure (all vigil::Value):
//   {"root": "vpcs",                         root field name
//    "where": W,                             optional: the GraphQL input value
//    "options": {"limit": n, "offset": n, "sort": [{"field": "ASC"}]},
//    "direct": true,                         print sort/limit/offset as args
//    "selection": [S...],
//    "fragments": [{"name": "F0", "on": "Asset", "selection": [S...]}]}
// W is exactly the GraphQL `where` value: an object of where keys (strings
// stand for String/ID/DateTime/enum literals alike). A selection item S is
//   {"kind": "field", "name": "f", "alias": "a"}         property, __typename
//   {"kind": "rel", "name": "r", "alias": "a", "where": W, "options": {...},
//    "direct": bool, "directed": bool, "selection": [S...]}
//   {"kind": "inline", "on": "T", "selection": [S...]}
//   {"kind": "spread", "name": "F0"}
#ifndef VIGIL_TESTS_EXEC_REFERENCE_EVALUATOR_H_
#define VIGIL_TESTS_EXEC_REFERENCE_EVALUATOR_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/schema.h"
#include "vigil/value.h"

namespace vigil::reftest {

// What a key of a where object means, resolved against a type.
struct WhereKey {
  enum class Kind {
    kAnd, kOr, kNot, kProperty, kRelation, kAggregate, kConnection, kTypename, kUnknown
  };
  Kind kind = Kind::kUnknown;
  const PropertyDef* prop = nullptr;
  // Property operator: "" (equality), NOT, IN, NOT_IN, LT, LTE, GT, GTE,
  // CONTAINS, NOT_CONTAINS, STARTS_WITH, NOT_STARTS_WITH, ENDS_WITH,
  // NOT_ENDS_WITH, MATCHES, INCLUDES, NOT_INCLUDES.
  std::string op;
  const RelationshipDef* rel = nullptr;
  // Relationship/connection quantifier: "", NOT, SOME, NONE, ALL, SINGLE.
  std::string quant;
};
WhereKey ResolveWhereKey(const TypeDef& type, std::string_view key);

// An aggregate `node`/`edge` key: f_FUNC_CMP.
struct AggKey {
  const PropertyDef* prop = nullptr;
  // MIN MAX SUM AVERAGE SHORTEST_LENGTH LONGEST_LENGTH AVERAGE_LENGTH, or
  // "" for the deprecated function-less keys (f_EQUAL, f_GT, ...); String
  // SHORTEST, LONGEST and AVERAGE are read as their _LENGTH forms.
  std::string func;
  std::string cmp;   // EQUAL GT GTE LT LTE
};
std::optional<AggKey> ResolveAggKey(const TypeDef& type, std::string_view key);

// A DateTime as an instant (seconds since the epoch, nanoseconds).
struct Instant {
  int64_t seconds = 0;
  int64_t nanos = 0;
  friend bool operator==(const Instant& a, const Instant& b) {
    return a.seconds == b.seconds && a.nanos == b.nanos;
  }
  friend bool operator<(const Instant& a, const Instant& b) {
    return a.seconds != b.seconds ? a.seconds < b.seconds : a.nanos < b.nanos;
  }
};
// Parses YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM).
std::optional<Instant> ParseInstant(std::string_view text);

// The canonical form ({"assets": [...], "relationships": [...]}) of a graph
// document in canonical or convenience form (graph-format.md).
Value CanonicalGraph(const Schema& schema, const Value& graph);

class ReferenceEvaluator {
 public:
  // `graph` is the interchange document (canonical or convenience form).
  ReferenceEvaluator(std::shared_ptr<const Schema> schema, Value graph);
  ~ReferenceEvaluator();

  // The expected result of the stored-form query `query` (a JSON array).
  Value Evaluate(const Value& query) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil::reftest

#endif  // VIGIL_TESTS_EXEC_REFERENCE_EVALUATOR_H_
