// Sorting and paging of a result level (options: {sort, offset, limit}).
#ifndef VIGIL_SRC_EXEC_SORT_H_
#define VIGIL_SRC_EXEC_SORT_H_

#include <vector>

#include "src/check/plan.h"
#include "vigil/graph.h"

namespace vigil::exec {

// Sorts node lists stably by the options' keys (nulls after every value in
// ASC; DESC reverses the whole order, which puts them first), then drops
// `offset` rows and keeps at most `limit` (0: no limit). The keys' columns
// are resolved once, so one Pager serves every parent row of a nested
// relationship field.
class Pager {
 public:
  Pager(const Graph& g, const plan::Options& options);
  // An rConnection's page: `sort` (node and edge keys; options.sort is not
  // used) over edges of the relationship type `rel_type`.
  Pager(const Graph& g, const plan::Options& options, const std::vector<plan::SortKey>& sort,
        int rel_type);
  void SortAndPage(std::vector<NodeId>* nodes) const;
  // An edge: its far node and its index in the edge table.
  struct Entry {
    NodeId node;
    EdgeId edge;
  };
  void SortAndPage(std::vector<Entry>* entries) const;

 private:
  const Graph& g_;
  const plan::Options& options_;
  const std::vector<plan::SortKey>& sort_;
  // cols_[k][t]: sort key k's column in the table of type t (null: no such
  // property, read as null); of an edge key, cols_[k][0] is the edge
  // table's column.
  std::vector<std::vector<const Column*>> cols_;
};

inline void SortAndPage(const Graph& g, const plan::Options& options,
                        std::vector<NodeId>* nodes) {
  Pager(g, options).SortAndPage(nodes);
}

}  // namespace vigil::exec

#endif  // VIGIL_SRC_EXEC_SORT_H_
