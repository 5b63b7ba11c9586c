// The evaluation entry: a compiled program with its bindings over a graph
// gives the result's levels (result_data.h).
#ifndef VIGIL_SRC_EXEC_RUN_H_
#define VIGIL_SRC_EXEC_RUN_H_

#include <memory>

#include "absl/status/statusor.h"
#include "src/check/bindings.h"
#include "src/check/program.h"
#include "src/exec/result_data.h"
#include "vigil/coverage.h"
#include "vigil/graph.h"

namespace vigil {
class ThreadPool;
}  // namespace vigil

namespace vigil::exec {

struct RunOptions {
  int threads = 0;  // 0: one per core; 1: the calling thread only
  // When set (and threads != 1), the evaluation runs on this pool instead
  // of the process-wide ones (vigil::RunPack's per-call pool).
  ThreadPool* pool = nullptr;
  Coverage* coverage = nullptr;
  // The most rows the result may hold, nested rows included (EvalOptions).
  size_t max_rows = SIZE_MAX;
};

// Filters each root field's tables, sorts and pages the rows, and projects
// the nested relationship fields. The graph must use the program's schema
// (or one of the same shape: the plan addresses the schema by index).
absl::StatusOr<std::unique_ptr<ResultData>> Run(std::shared_ptr<const check::Program> program,
                                                std::shared_ptr<const check::Bindings> bindings,
                                                const Graph& graph, const RunOptions& options);

// True when two schemas have the same types, properties, relationships and
// enums at the same indexes (so a plan made with one is valid on the other).
bool SameShape(const Schema& a, const Schema& b);

}  // namespace vigil::exec

#endif  // VIGIL_SRC_EXEC_RUN_H_
