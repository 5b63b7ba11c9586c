// Projection: the nested levels of a result. For every relationship field
// selected at a level, the related rows of each parent row, filtered by the
// field's where (evaluated once per target table), sorted and paged per
// parent.
#ifndef VIGIL_SRC_EXEC_PROJECTION_H_
#define VIGIL_SRC_EXEC_PROJECTION_H_

#include <cstdint>
#include <map>
#include <memory>
#include <utility>

#include "src/exec/evaluator.h"
#include "src/exec/result_data.h"

namespace vigil::exec {

class Projector {
 public:
  // `max_rows`: the most rows (all levels, the roots counted by the caller
  // through AddRows) the result may hold.
  Projector(const Graph& g, Evaluator* ev, size_t max_rows = SIZE_MAX)
      : g_(g), ev_(ev), rows_left_(max_rows) {}

  // Fills level->children (recursively) for level->nodes and level->plan.
  // Stops early once the result holds more than max_rows rows.
  void Fill(Level* level);
  // Counts `n` rows against the limit; false once it is exceeded.
  bool AddRows(size_t n) {
    if (exceeded_ || n > rows_left_) {
      exceeded_ = true;
      return false;
    }
    rows_left_ -= n;
    return true;
  }
  bool exceeded() const { return exceeded_; }

 private:
  void BuildChild(const Level& parent, TypeId c, const plan::FieldPlan& fp, LevelChild* child);
  // The edges relationship field `fp` of type `c` follows: the graph's
  // adjacency, or with directed: false one holding the edges of the
  // opposite direction too (built once per evaluation).
  const Adjacency& EdgesOf(TypeId c, const plan::FieldPlan& fp);

  const Graph& g_;
  std::map<std::pair<TypeId, int>, std::unique_ptr<Adjacency>> undirected_;
  Evaluator* ev_;
  size_t rows_left_;
  bool exceeded_ = false;
};

}  // namespace vigil::exec

#endif  // VIGIL_SRC_EXEC_PROJECTION_H_
