// Property predicates over a whole column (plan::Filter::Kind::kScalar),
// one kernel per kind of expression behind EvalScalar's dispatch:
//
//   scalar_null.cc      f: null, f_NOT: null            validity bitmap only
//   scalar_equality.cc  f, f_NOT, f_IN, f_NOT_IN        dictionary code / id index / hash set
//   scalar_order.cc     f_LT, f_LTE, f_GT, f_GTE        numbers per row, strings per distinct value
//   scalar_string.cc    f_CONTAINS, f_STARTS_WITH, f_ENDS_WITH (and _NOT_)
//   scalar_regex.cc     f_MATCHES                       RE2 once per distinct value
//   scalar_list.cc      list f, f_NOT, f_INCLUDES, f_NOT_INCLUDES
//
// A kernel sees the filter with plain literals (variables were bound
// before evaluation) and fills the TRUE/FALSE bitmaps of a Tri sized to the
// column; rows where the property is null stay UNKNOWN unless the
// expression says otherwise. String predicates run once per distinct value
// of a dictionary column. Row ranges are split in 64-aligned chunks (one
// bitmap word never spans two chunks) across the pool.
#ifndef VIGIL_SRC_EXEC_SCALAR_H_
#define VIGIL_SRC_EXEC_SCALAR_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "src/base/thread_pool.h"
#include "src/check/plan.h"
#include "src/exec/tri.h"
#include "vigil/graph.h"

namespace vigil::exec {

// Truth of one row: FALSE, TRUE or UNKNOWN.
enum : uint8_t { kF = 0, kT = 1, kU = 2 };

// Runs fn(begin, end) over [0, n) in 64-aligned chunks, on a pool when the
// range is large enough to be worth it.
class RowRunner {
 public:
  explicit RowRunner(ThreadPool* pool) : pool_(pool) {}
  void ForRange(size_t n, const std::function<void(size_t, size_t)>& fn) const;

 private:
  ThreadPool* pool_;
};

// What a kernel works on. `out` is initialised to `rows` rows, all UNKNOWN.
struct ScalarArgs {
  const plan::Filter& f;
  const Column& col;
  size_t rows;
  const Graph& graph;
  const RowRunner& runner;
  Tri* out;
};

// Evaluates a kScalar filter over every row of a column (negation included).
void EvalScalar(const plan::Filter& f, const Column& col, size_t rows, const Graph& graph,
                const RowRunner& runner, Tri* out);

// The kernels (negation is applied by EvalScalar, except for kIsNull).
void EvalIsNull(const ScalarArgs& a);
void EvalEquality(const ScalarArgs& a);     // kEq, kIn
void EvalOrder(const ScalarArgs& a);        // kLt, kLte, kGt, kGte
void EvalStringMatch(const ScalarArgs& a);  // kContains, kStartsWith, kEndsWith
void EvalRegex(const ScalarArgs& a);        // kMatches
void EvalList(const ScalarArgs& a);         // kListEq, kIncludes

// ---- helpers shared by the kernels ----------------------------------------

// Three-way comparison of two numbers, each an int or a double.
inline int CompareNumbers(bool a_int, int64_t ai, double ad, bool b_int, int64_t bi,
                          double bd) {
  if (a_int && b_int) return ai < bi ? -1 : ai > bi ? 1 : 0;
  double x = a_int ? static_cast<double>(ai) : ad;
  double y = b_int ? static_cast<double>(bi) : bd;
  return x < y ? -1 : x > y ? 1 : 0;
}

inline bool OrderHolds(plan::ScalarOp op, int c) {
  switch (op) {
    case plan::ScalarOp::kLt: return c < 0;
    case plan::ScalarOp::kLte: return c <= 0;
    case plan::ScalarOp::kGt: return c > 0;
    case plan::ScalarOp::kGte: return c >= 0;
    default: return c == 0;
  }
}

// Fills a.out from pred(row) -> kT/kF/kU, called for non-null rows only
// (null rows are UNKNOWN).
template <typename Pred>
void FillByRow(const ScalarArgs& a, Pred&& pred) {
  const size_t n = a.rows;
  const uint64_t* valid = a.col.valid.words().data();
  uint64_t* T = a.out->t.data();
  uint64_t* F = a.out->f.data();
  a.runner.ForRange(n, [&](size_t b, size_t e) {
    for (size_t w = b / 64; w < Tri::Words(e); ++w) {
      uint64_t tb = 0, fb = 0;  // rows in neither are UNKNOWN
      const size_t base = w * 64;
      const size_t lim = std::min<size_t>(64, n - base);
      const uint64_t vw = valid[w];
      for (size_t i = 0; i < lim; ++i) {
        if (!((vw >> i) & 1)) continue;
        uint8_t r = pred(base + i);
        tb |= uint64_t{r == kT} << i;
        fb |= uint64_t{r == kF} << i;
      }
      T[w] = tb;
      F[w] = fb;
    }
  });
}

// Fills a.out from a truth per distinct value (lut[code]) of a dictionary
// column.
inline void FillByCode(const ScalarArgs& a, const std::vector<uint8_t>& lut) {
  const uint32_t* codes = a.col.codes.data();
  const uint8_t* l = lut.data();
  FillByRow(a, [&](size_t r) -> uint8_t { return l[codes[r]]; });
}

// Fills a.out from pred(text) -> kT/kF/kU over a string column: once per
// distinct value of a dictionary column; per row for the `id` column (its
// values are all distinct).
template <typename Pred>
void FillByString(const ScalarArgs& a, Pred&& pred) {
  const Column& col = a.col;
  if (col.dict == nullptr) {
    const uint32_t* codes = col.codes.data();
    FillByRow(a, [&](size_t r) -> uint8_t { return pred(a.graph.asset_id(codes[r])); });
    return;
  }
  const StringDictionary& dict = *col.dict;
  std::vector<uint8_t> lut(dict.size());
  for (uint32_t c = 0; c < dict.size(); ++c) lut[c] = pred(dict.Get(c));
  FillByCode(a, lut);
}

}  // namespace vigil::exec

#endif  // VIGIL_SRC_EXEC_SCALAR_H_
