// Three-valued (Kleene) truth over a range of rows, as two bitmaps: `t` has
// a bit for each TRUE row, `f` for each FALSE row; a row in neither is
// UNKNOWN. Bits past the end are always zero in both.
#ifndef VIGIL_SRC_EXEC_TRI_H_
#define VIGIL_SRC_EXEC_TRI_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vigil::exec {

struct Tri {
  size_t n = 0;
  std::vector<uint64_t> t, f;

  static size_t Words(size_t n) { return (n + 63) / 64; }
  static uint64_t TailMask(size_t n, size_t w) {
    size_t rem = n - w * 64;
    return rem >= 64 ? ~uint64_t{0} : ((uint64_t{1} << rem) - 1);
  }
  void Init(size_t rows) {
    n = rows;
    t.assign(Words(rows), 0);
    f.assign(Words(rows), 0);
  }
  void SetAllTrue(size_t rows) {
    Init(rows);
    for (size_t w = 0; w < t.size(); ++w) t[w] = TailMask(rows, w);
  }
  void SetAllFalse(size_t rows) {
    Init(rows);
    for (size_t w = 0; w < f.size(); ++w) f[w] = TailMask(rows, w);
  }
  bool IsTrue(size_t i) const { return (t[i >> 6] >> (i & 63)) & 1; }
  bool IsFalse(size_t i) const { return (f[i >> 6] >> (i & 63)) & 1; }
  void AndWith(const Tri& o) {
    for (size_t w = 0; w < t.size(); ++w) {
      t[w] &= o.t[w];
      f[w] |= o.f[w];
    }
  }
  void OrWith(const Tri& o) {
    for (size_t w = 0; w < t.size(); ++w) {
      t[w] |= o.t[w];
      f[w] &= o.f[w];
    }
  }
  void Negate() { t.swap(f); }
};

}  // namespace vigil::exec

#endif  // VIGIL_SRC_EXEC_TRI_H_
