// f: null / f_NOT: null — two-valued, straight from the validity bitmap.
#include "src/exec/scalar.h"

namespace vigil::exec {

void EvalIsNull(const ScalarArgs& a) {
  const size_t n = a.rows;
  const uint64_t* valid = a.col.valid.words().data();
  uint64_t* T = a.out->t.data();
  uint64_t* F = a.out->f.data();
  const bool negate = a.f.negate;
  for (size_t w = 0; w < Tri::Words(n); ++w) {
    const uint64_t mask = Tri::TailMask(n, w);
    const uint64_t present = valid[w] & mask;
    const uint64_t absent = ~valid[w] & mask;
    T[w] = negate ? present : absent;
    F[w] = negate ? absent : present;
  }
}

}  // namespace vigil::exec
