// What an evaluation produced, before serialisation: per root field the
// selected node ids in result order, and per nested relationship field the
// related rows of each parent row (a CSR over the parent level). Selected
// properties are read from the (immutable) graph when the result is
// written (sinks.h).
#ifndef VIGIL_SRC_EXEC_RESULT_DATA_H_
#define VIGIL_SRC_EXEC_RESULT_DATA_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "src/check/bindings.h"
#include "src/check/plan.h"
#include "src/check/program.h"
#include "vigil/graph.h"

namespace vigil::exec {

struct LevelChild;

// Rows at one level of the result and, per (type, field index) relationship
// selection, their children.
struct Level {
  std::vector<NodeId> nodes;
  const plan::SelectionPlan* plan = nullptr;
  std::map<std::pair<TypeId, int>, std::unique_ptr<LevelChild>> children;
};

struct LevelChild {
  std::vector<uint32_t> offsets;  // parent rows + 1
  Level level;
  // rAggregate and rConnection: per related row, its edge (an index in the
  // relationship type's edge table); rConnection: per parent row, the edges
  // kept before paging.
  std::vector<EdgeId> edges;
  std::vector<uint32_t> totals;
};

struct RootResult {
  std::string key;
  bool typename_only = false;
  // `level.nodes`: the assets kept (kList), all of them (kAggregate), the
  // page of edges (kConnection).
  Level level;
  const plan::RootFieldPlan* plan = nullptr;
  size_t total = 0;   // kConnection: the assets kept before paging
  size_t start = 0;   // kConnection: the index of the page's first edge
};

struct ResultData {
  const Graph* graph = nullptr;
  std::shared_ptr<const check::Program> program;    // the plan the levels point into
  std::shared_ptr<const check::Bindings> bindings;  // which fields are selected
  bool stored_form = false;
  std::vector<RootResult> roots;  // the root fields selected, in order
};

}  // namespace vigil::exec

#endif  // VIGIL_SRC_EXEC_RESULT_DATA_H_
