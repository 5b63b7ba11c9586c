// vigil/coverage.h — which filter clauses of a query were exercised.
//
// Every key of every `where` object written in a query (at any depth:
// property keys, AND/OR/NOT, relationship quantifiers, connection `node` /
// `edge`, aggregate keys) is a clause, identified by its byte offset in the
// query text. Pass a Coverage to EvalOptions::coverage and the evaluator
// counts, for each clause, the rows on which it was TRUE, FALSE and UNKNOWN.
// Merge the counts of many evaluations (e.g. all cases of a control's unit
// tests) to find clauses never seen TRUE, never seen FALSE, or never
// evaluated at all (dropped as empty, or under a part that never ran).
#ifndef VIGIL_COVERAGE_H_
#define VIGIL_COVERAGE_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace vigil {

// One clause of a query, as written.
struct Clause {
  uint32_t offset = 0;  // byte offset of the key in the query text
  uint32_t line = 0, column = 0;
  std::string key;   // "hasFlowLog_NONE"
  std::string path;  // "vpcs.where.OR[1].hasFlowLog_NONE"
};

class Coverage {
 public:
  struct Counts {
    uint64_t true_rows = 0, false_rows = 0, unknown_rows = 0;
    uint64_t evaluations = 0;
    bool evaluated() const { return evaluations > 0; }
  };
  Coverage() = default;
  Coverage(const Coverage& o) : counts_(o.Snapshot()) {}

  // Thread-safe.
  void Add(uint32_t clause_offset, uint64_t t, uint64_t f, uint64_t u);
  void Merge(const Coverage& other);
  std::map<uint32_t, Counts> Snapshot() const;
  Counts Get(uint32_t clause_offset) const;

 private:
  mutable std::mutex mu_;
  std::map<uint32_t, Counts> counts_;
};

}  // namespace vigil

#endif  // VIGIL_COVERAGE_H_
