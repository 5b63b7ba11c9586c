// The vectorised filter evaluator: a plan::Filter over a whole table gives a
// Tri (TRUE/FALSE/UNKNOWN per row). String predicates run once per distinct
// dictionary value; relationship quantifiers and aggregates are one pass over
// the CSR adjacency; row ranges are split across a thread pool.
#ifndef VIGIL_SRC_EXEC_EVALUATOR_H_
#define VIGIL_SRC_EXEC_EVALUATOR_H_

#include <map>
#include <memory>
#include <vector>

#include "src/base/thread_pool.h"
#include "src/check/plan.h"
#include "src/exec/tri.h"
#include "vigil/coverage.h"
#include "vigil/graph.h"

namespace vigil::exec {

// The rows a filter runs over: a node table or an edge table.
struct RowSource {
  const TypeDef* def = nullptr;
  TypeId type = kNoType;  // the concrete type (node tables) or props type
  const std::vector<Column>* columns = nullptr;
  size_t rows = 0;
  bool is_edges = false;
};

class Evaluator {
 public:
  // pool may be null (run on the calling thread).
  Evaluator(const Graph& graph, ThreadPool* pool, Coverage* coverage = nullptr)
      : graph_(graph), pool_(pool), coverage_(coverage) {}

  RowSource NodeRows(TypeId concrete) const;
  RowSource EdgeRows(int rel_type) const;

  // Evaluates `filter` over every row of `src`.
  void Eval(const plan::Filter& filter, const RowSource& src, Tri* out);

  // Runs fn(begin, end) over [0, n) in 64-aligned chunks on the pool.
  void ForRange(size_t n, const std::function<void(size_t, size_t)>& fn);

 private:
  void EvalNode(const plan::Filter& filter, const RowSource& src, Tri* out);
  void EvalConnectionNode(const plan::Filter& f, const RelationshipDef& rel,
                          const Adjacency& adj, Tri* out);
  void EvalAggNode(const plan::Filter& f, TypeId source, const Adjacency& adj,
                   size_t rows, Tri* out);
  void EvalScalar(const plan::Filter& f, const RowSource& src, Tri* out);
  void EvalRelation(const plan::Filter& f, const RowSource& src, Tri* out);
  void EvalAggregate(const plan::Filter& f, const RowSource& src, Tri* out);
  void EvalAggTree(const plan::Filter& f, TypeId source, const Adjacency& adj,
                   size_t rows, Tri* out);
  void EvalAggProperty(const plan::Filter& f, const Adjacency& adj,
                       size_t rows, Tri* out);
  // Per-entry truth of a connection filter over an adjacency's entries.
  void EvalConnection(const plan::Filter& f, const RelationshipDef& rel,
                      const Adjacency& adj, Tri* out);
  // Truth of `inner` for every possible target of `rel`, indexed by
  // concrete TypeId (null for types that are not targets). Cached for the
  // evaluator's lifetime (one Query::Evaluate).
  const std::vector<const Tri*>& EvalTargets(const plan::Filter& inner,
                                             const RelationshipDef& rel);

  // Counts TRUE/FALSE/UNKNOWN rows of `out` for f's clauses.
  void Record(const plan::Filter& f, const Tri& out);

  const Graph& graph_;
  ThreadPool* pool_;
  Coverage* coverage_;
  std::map<const plan::Filter*, std::vector<const Tri*>> targets_cache_;
  std::vector<std::unique_ptr<Tri>> owned_tris_;
};

}  // namespace vigil::exec

#endif  // VIGIL_SRC_EXEC_EVALUATOR_H_
