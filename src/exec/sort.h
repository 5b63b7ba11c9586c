// Sorting and paging of a result level (options: {sort, offset, limit}).
#ifndef VIGIL_SRC_EXEC_SORT_H_
#define VIGIL_SRC_EXEC_SORT_H_

#include <vector>

#include "src/check/plan.h"
#include "vigil/graph.h"

namespace vigil::exec {

// Sorts `nodes` stably by the options' keys (nulls after every value in
// ASC; DESC reverses the whole order, which puts them first), then drops
// `offset` rows and keeps at most `limit` (0: no limit).
void SortAndPage(const Graph& g, const plan::Options& options, std::vector<NodeId>* nodes);

}  // namespace vigil::exec

#endif  // VIGIL_SRC_EXEC_SORT_H_
