// What the layers above the query API (policy's lint, tests) may reach
// behind vigil::Query: the compiled program of the check layer. Not
// installed; not part of the public API.
#ifndef VIGIL_SRC_QUERY_QUERY_INTERNAL_H_
#define VIGIL_SRC_QUERY_QUERY_INTERNAL_H_

#include <memory>

#include "src/check/program.h"
#include "src/exec/result_data.h"
#include "vigil/query.h"

namespace vigil {

class ThreadPool;

struct FragmentLibrary::Impl {
  std::shared_ptr<const check::FragmentSet> set;
};

struct Query::Impl {
  std::shared_ptr<const check::Program> program;
  std::vector<VariableInfo> variables;
};

struct QueryResult::Impl {
  // Set by Query::Evaluate(shared_ptr): keeps data->graph alive. Declared
  // first so that it is destroyed last.
  std::shared_ptr<const Graph> graph_owner;
  std::unique_ptr<exec::ResultData> data;
};

namespace query_internal {

struct Access {
  static const std::shared_ptr<const check::Program>& Program(const Query& q) {
    return q.impl_->program;
  }
  static const std::shared_ptr<const check::FragmentSet>& Fragments(const FragmentLibrary& f) {
    return f.impl_->set;
  }
  static std::shared_ptr<FragmentLibrary> NewFragmentLibrary() {
    return std::shared_ptr<FragmentLibrary>(new FragmentLibrary());
  }
  static std::shared_ptr<Query> NewQuery() { return std::shared_ptr<Query>(new Query()); }
  static Query::Impl& Impl(Query& q) { return *q.impl_; }
  static QueryResult NewResult(std::unique_ptr<exec::ResultData> data,
                               std::shared_ptr<const Graph> graph_owner = nullptr) {
    auto impl = std::make_unique<QueryResult::Impl>();
    impl->graph_owner = std::move(graph_owner);
    impl->data = std::move(data);
    return QueryResult(std::move(impl));
  }
  static const exec::ResultData& Data(const QueryResult& r) { return *r.impl_->data; }
  static void KeepGraph(QueryResult& r, std::shared_ptr<const Graph> graph) {
    r.impl_->graph_owner = std::move(graph);
  }
};

// Query::Evaluate on `pool` instead of the process-wide pools (null: the
// calling thread): vigil::RunPack's per-call pool.
absl::StatusOr<QueryResult> EvaluateOnPool(const Query& query, const Graph& graph,
                                           const Value& variables, const EvalOptions& options,
                                           ThreadPool* pool);

// The compiled program behind a query.
inline const check::Program& ProgramOf(const Query& q) { return *Access::Program(q); }

}  // namespace query_internal
}  // namespace vigil

#endif  // VIGIL_SRC_QUERY_QUERY_INTERNAL_H_
