// Projection: the nested levels of a result. For every relationship field
// selected at a level, the related rows of each parent row, filtered by the
// field's where (evaluated once per target table), sorted and paged per
// parent.
#ifndef VIGIL_SRC_EXEC_PROJECTION_H_
#define VIGIL_SRC_EXEC_PROJECTION_H_

#include "src/exec/evaluator.h"
#include "src/exec/result_data.h"

namespace vigil::exec {

class Projector {
 public:
  Projector(const Graph& g, Evaluator* ev) : g_(g), ev_(ev) {}

  // Fills level->children (recursively) for level->nodes and level->plan.
  void Fill(Level* level);

 private:
  void BuildChild(const Level& parent, TypeId c, const plan::FieldPlan& fp, LevelChild* child);

  const Graph& g_;
  Evaluator* ev_;
};

}  // namespace vigil::exec

#endif  // VIGIL_SRC_EXEC_PROJECTION_H_
