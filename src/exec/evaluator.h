// The vectorised filter evaluator: a plan::Filter over a whole table gives a
// Tri (TRUE/FALSE/UNKNOWN per row). Property predicates are the kernels of
// scalar.h; relationship quantifiers and aggregates are one pass over the
// CSR adjacency; row ranges are split across a thread pool.
//
// Parts of the plan written with variables are looked up in the
// evaluation's Bindings once per node (Resolve), so the kernels only ever
// see plain literals.
#ifndef VIGIL_SRC_EXEC_EVALUATOR_H_
#define VIGIL_SRC_EXEC_EVALUATOR_H_

#include <map>
#include <memory>
#include <vector>

#include "src/base/thread_pool.h"
#include "src/check/bindings.h"
#include "src/check/plan.h"
#include "src/exec/scalar.h"
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
  Evaluator(const Graph& graph, const check::Bindings& bindings, ThreadPool* pool,
            Coverage* coverage = nullptr)
      : graph_(graph), bindings_(bindings), runner_(pool), coverage_(coverage) {}

  RowSource NodeRows(TypeId concrete) const;
  RowSource EdgeRows(int rel_type) const;

  // The filter to evaluate for a plan node (nullptr: the part is empty for
  // this evaluation's values and is left out).
  const plan::Filter* Resolve(const plan::Filter& f) const { return bindings_.Resolve(f); }
  const plan::Filter* Resolve(const std::optional<plan::Filter>& f) const {
    return bindings_.Resolve(f);
  }
  const check::Bindings& bindings() const { return bindings_; }

  // Evaluates `filter` (resolved) over every row of `src`.
  void Eval(const plan::Filter& filter, const RowSource& src, Tri* out);
  // Evaluates a connection filter (resolved: kConnNode / kConnEdge parts)
  // over every entry of `adj`, an adjacency of `rel`.
  void EvalEdges(const plan::Filter& filter, const RelationshipDef& rel, const Adjacency& adj,
                 Tri* out) {
    EvalConnection(filter, rel, adj, out);
  }

 private:
  void EvalNode(const plan::Filter& filter, const RowSource& src, Tri* out);
  void EvalConnectionNode(const plan::Filter& f, const RelationshipDef& rel,
                          const Adjacency& adj, Tri* out);
  void EvalAggNode(const plan::Filter& f, TypeId source, const Adjacency& adj,
                   size_t rows, Tri* out);
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
  // evaluator's lifetime (one evaluation).
  const std::vector<const Tri*>& EvalTargets(const plan::Filter& inner,
                                             const RelationshipDef& rel);
  // AND/OR over the present parts of a filter (at least one is present).
  template <typename EvalPart>
  void Combine(const plan::Filter& f, size_t rows, Tri* out, const EvalPart& eval_part);

  // Counts TRUE/FALSE/UNKNOWN rows of `out` for f's clauses.
  void Record(const plan::Filter& f, const Tri& out);

  const Graph& graph_;
  const check::Bindings& bindings_;
  RowRunner runner_;
  Coverage* coverage_;
  std::map<const plan::Filter*, std::vector<const Tri*>> targets_cache_;
  std::vector<std::unique_ptr<Tri>> owned_tris_;
};

}  // namespace vigil::exec

#endif  // VIGIL_SRC_EXEC_EVALUATOR_H_
