// Three-valued (Kleene) truth over a range of rows, as two bitmaps: `t` has
// a bit for each TRUE row, `f` for each FALSE row; a row in neither is
// UNKNOWN. Bits past the end are always zero in both.
#ifndef VIGIL_SRC_EXEC_TRI_H_
#define VIGIL_SRC_EXEC_TRI_H_

#include <bit>
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

// The word of bits for up to 64 rows whose truths a kernel wrote as bytes
// (0 or 1) into bytes[0, lim): bit i is bytes[i]. Kernels write bytes in a
// loop the compiler can vectorise (a compare per row, no shift-or chain
// carried from row to row) and pack them here, eight rows per multiply.
// Bytes past `lim` are cleared first (the buffer is the caller's scratch).
inline uint64_t PackBytes(uint8_t (&bytes)[64], size_t lim) {
  for (size_t i = lim; i < 64; ++i) bytes[i] = 0;
  uint64_t word = 0;
  if constexpr (std::endian::native != std::endian::little) {
    for (size_t i = 0; i < 64; ++i) word |= uint64_t{bytes[i]} << i;
    return word;
  }
  for (size_t g = 0; g < 8; ++g) {
    uint64_t eight;
    __builtin_memcpy(&eight, bytes + g * 8, 8);
    // Byte k of `eight` (0 or 1) lands on bit 56 + k of the product: the
    // multiplier's terms 2^(56 - 7k) never collide or carry.
    word |= ((eight * 0x0102040810204080ULL) >> 56) << (g * 8);
  }
  return word;
}

}  // namespace vigil::exec

#endif  // VIGIL_SRC_EXEC_TRI_H_
