// Random graphs and queries over a schema (made for the conformance schema:
// Account, Vpc, FlowLog, Peering), and a printer from the structured query
// (see reference_evaluator.h) to GraphQL text. Everything is driven by a
// seeded, platform-independent generator, so a seed names a case exactly.
#ifndef VIGIL_TESTS_EXEC_RANDOM_GEN_H_
#define VIGIL_TESTS_EXEC_RANDOM_GEN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "vigil/schema.h"
#include "vigil/value.h"

namespace vigil::reftest {

// SplitMix64: small, fast, identical on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) (n > 0).
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  // Uniform in [lo, hi].
  int64_t Range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<size_t>(hi - lo + 1)));
  }
  // True with probability p.
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  uint64_t state_;
};

struct GraphGenOptions {
  int assets = 10;
  int edges = 15;
  double parallel_edge_chance = 0.15;
};

// A random graph in canonical interchange form. Every edge's ends exist and
// fit the schema; properties are absent, null or drawn from small pools.
Value GenerateGraph(Rng& rng, const Schema& schema, const GraphGenOptions& options);

// The same graph in the convenience form: some edges without properties
// become inline {"id": ...} references on the asset holding the field (OUT
// or IN), and some assets referenced once move inline into that reference
// (sometimes without their `type`). Load order changes accordingly; the
// reference evaluator canonicalises the document by the format's rules.
Value ToConvenienceForm(Rng& rng, const Schema& schema, const Value& canonical);

struct QueryGenOptions {
  int max_where_depth = 3;      // nesting of AND/OR/NOT and relationship filters
  int max_selection_depth = 2;  // nested relationship fields in the selection
  double where_chance = 0.85;
  double options_chance = 0.3;
  // Select only `id` at the root (keeps results of huge graphs cheap).
  bool id_only = false;
  // When > 0, the root gets options with this limit (sort and offset random).
  int force_limit = 0;
};

// A random stored-form query (the structure of reference_evaluator.h).
Value GenerateQuery(Rng& rng, const Schema& schema, const QueryGenOptions& options);

// The GraphQL text of a structured query (stored form, fragment definitions
// after the root field).
std::string PrintQuery(const Schema& schema, const Value& query);

}  // namespace vigil::reftest

#endif  // VIGIL_TESTS_EXEC_RANDOM_GEN_H_
