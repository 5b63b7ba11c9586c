// The values of one evaluation bound into a compiled query (cel-cpp's
// Activation to the Program): every part of the plan written with variables,
// lowered for these values. Made by check::Bind (src/check/program.h) before
// an evaluation; immutable afterwards, so one Bindings may serve several
// threads. The evaluator asks it once per plan node, never per row.
#ifndef VIGIL_SRC_CHECK_BINDINGS_H_
#define VIGIL_SRC_CHECK_BINDINGS_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "src/check/plan.h"

namespace vigil::check {

class Bindings {
 public:
  Bindings() = default;
  Bindings(const Bindings&) = delete;
  Bindings& operator=(const Bindings&) = delete;

  // The filter to evaluate for `f`: `f` itself, or for a part written with
  // variables its lowered form; nullptr when the part is empty for these
  // values (a filter such as `where: {}` or `OR: null`, which is dropped as
  // if it had not been written).
  const plan::Filter* Resolve(const plan::Filter& f) const {
    return f.bound < 0 ? &f : resolved_[f.bound];
  }
  const plan::Filter* Resolve(const std::optional<plan::Filter>& f) const {
    return f ? Resolve(*f) : nullptr;
  }
  const plan::Options& Resolve(const plan::Options& o) const {
    return o.slot < 0 ? o : options_[o.slot];
  }
  // Whether a field or root field with this guard is selected.
  bool Includes(int32_t guard) const { return guard < 0 || guards_[guard] != 0; }

 private:
  friend class Binder;
  std::vector<const plan::Filter*> resolved_;  // by Filter::bound
  // The slots' lowered filters (reserved for one per slot, so never moved).
  std::vector<plan::Filter> lowered_;
  std::vector<plan::Options> options_;         // by Options::slot
  std::vector<uint8_t> guards_;                // by guard index
};

}  // namespace vigil::check

#endif  // VIGIL_SRC_CHECK_BINDINGS_H_
