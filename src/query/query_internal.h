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

struct FragmentLibrary::Impl {
  std::shared_ptr<const check::FragmentSet> set;
};

struct Query::Impl {
  std::shared_ptr<const check::Program> program;
  std::vector<VariableInfo> variables;
};

struct QueryResult::Impl {
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
  static QueryResult NewResult(std::unique_ptr<exec::ResultData> data) {
    auto impl = std::make_unique<QueryResult::Impl>();
    impl->data = std::move(data);
    return QueryResult(std::move(impl));
  }
  static const exec::ResultData& Data(const QueryResult& r) { return *r.impl_->data; }
};

// The compiled program behind a query.
inline const check::Program& ProgramOf(const Query& q) { return *Access::Program(q); }

}  // namespace query_internal
}  // namespace vigil

#endif  // VIGIL_SRC_QUERY_QUERY_INTERNAL_H_
