// f / f_NOT / f_IN / f_NOT_IN on scalar columns. A null element in an IN
// list makes every non-member UNKNOWN; an empty IN list is FALSE for every
// row, null or not.
#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "src/exec/scalar.h"

namespace vigil::exec {
namespace {

using plan::Literal;
using plan::ScalarOp;

void StringEquality(const ScalarArgs& a) {
  const plan::Filter& f = a.f;
  const Column& col = a.col;
  const size_t n = a.rows;
  const uint32_t* codes = col.codes.data();
  if (col.dict == nullptr) {
    // The `id` column: codes are NodeIds, resolved through the graph's id
    // index once per literal.
    absl::flat_hash_set<uint32_t> set;
    bool has_null = false;
    if (f.op == ScalarOp::kEq) {
      if (auto id = a.graph.FindAsset(f.value.s)) set.insert(*id);
    } else {
      for (const Literal& l : f.values) {
        if (l.is_null) {
          has_null = true;
        } else if (auto id = a.graph.FindAsset(l.s)) {
          set.insert(*id);
        }
      }
    }
    FillByRow(a, [&](size_t r) -> uint8_t {
      return set.contains(codes[r]) ? kT : has_null ? kU : kF;
    });
    return;
  }
  const StringDictionary& dict = *col.dict;
  const uint64_t* valid = col.valid.words().data();
  uint64_t* T = a.out->t.data();
  uint64_t* F = a.out->f.data();
  if (f.op == ScalarOp::kEq) {
    auto code = dict.Find(f.value.s);
    if (!code) {
      // A constant absent from the dictionary: FALSE without a scan.
      for (size_t w = 0; w < Tri::Words(n); ++w) {
        T[w] = 0;
        F[w] = valid[w] & Tri::TailMask(n, w);
      }
      return;
    }
    const uint32_t c = *code;
    a.runner.ForRange(n, [&](size_t b, size_t e) {
      alignas(8) uint8_t buf[64];
      for (size_t w = b / 64; w < Tri::Words(e); ++w) {
        const size_t base = w * 64;
        const size_t lim = std::min<size_t>(64, n - base);
        const uint32_t* p = codes + base;
        for (size_t i = 0; i < lim; ++i) buf[i] = p[i] == c;
        const uint64_t eq = PackBytes(buf, lim);
        const uint64_t vw = valid[w] & Tri::TailMask(n, w);
        T[w] = eq & vw;
        F[w] = ~eq & vw;
      }
    });
    return;
  }
  // IN: a truth per distinct value, then one lookup per row.
  std::vector<uint8_t> lut(dict.size(), kF);
  bool has_null = false;
  for (const Literal& l : f.values) {
    if (l.is_null) {
      has_null = true;
    } else if (auto code = dict.Find(l.s)) {
      lut[*code] = kT;
    }
  }
  if (has_null) {
    for (auto& x : lut)
      if (x == kF) x = kU;
  }
  FillByCode(a, lut);
}

void IntEquality(const ScalarArgs& a) {
  const int64_t* v = a.col.ints.data();
  if (a.f.op == ScalarOp::kIn) {
    bool has_null = false;
    absl::flat_hash_set<int64_t> set;
    for (const Literal& l : a.f.values) {
      if (l.is_null) {
        has_null = true;
      } else {
        set.insert(l.i);
      }
    }
    FillByRow(a, [&](size_t r) -> uint8_t { return set.contains(v[r]) ? kT : has_null ? kU : kF; });
    return;
  }
  const int64_t x = a.f.value.i;
  FillByRow(a, [&](size_t r) -> uint8_t { return v[r] == x; });
}

// DateTime: instants (an instant written with another offset is the same
// instant).
void InstantEquality(const ScalarArgs& a) {
  const Instant* v = a.col.instants.data();
  if (a.f.op == ScalarOp::kIn) {
    bool has_null = false;
    std::vector<Instant> set;
    for (const Literal& l : a.f.values) {
      if (l.is_null) {
        has_null = true;
      } else {
        set.push_back(l.t);
      }
    }
    std::sort(set.begin(), set.end());
    FillByRow(a, [&](size_t r) -> uint8_t {
      return std::binary_search(set.begin(), set.end(), v[r]) ? kT : has_null ? kU : kF;
    });
    return;
  }
  const Instant x = a.f.value.t;
  FillByRow(a, [&](size_t r) -> uint8_t { return v[r] == x; });
}

void FloatEquality(const ScalarArgs& a) {
  const double* v = a.col.floats.data();
  if (a.f.op == ScalarOp::kIn) {
    bool has_null = false;
    std::vector<double> set;
    for (const Literal& l : a.f.values) {
      if (l.is_null) {
        has_null = true;
      } else {
        set.push_back(l.is_int ? static_cast<double>(l.i) : l.d);
      }
    }
    FillByRow(a, [&](size_t r) -> uint8_t {
      for (double d : set)
        if (v[r] == d) return kT;
      return has_null ? kU : kF;
    });
    return;
  }
  const Literal& l = a.f.value;
  FillByRow(a, [&](size_t r) -> uint8_t {
    return CompareNumbers(false, 0, v[r], l.is_int, l.i, l.d) == 0;
  });
}

void BoolEquality(const ScalarArgs& a) {  // kEq (Boolean takes no IN)
  const uint8_t* v = a.col.bools.data();
  const uint8_t x = a.f.value.b;
  FillByRow(a, [&](size_t r) -> uint8_t { return v[r] == x; });
}

}  // namespace

void EvalEquality(const ScalarArgs& a) {
  if (a.f.op == ScalarOp::kIn && a.f.values.empty()) {
    a.out->SetAllFalse(a.rows);
    return;
  }
  switch (a.col.kind) {
    case ScalarKind::kID:
    case ScalarKind::kString:
    case ScalarKind::kEnum:
    case ScalarKind::kCustom:
      StringEquality(a);
      break;
    case ScalarKind::kDateTime:
      InstantEquality(a);
      break;
    case ScalarKind::kInt:
      IntEquality(a);
      break;
    case ScalarKind::kFloat:
      FloatEquality(a);
      break;
    case ScalarKind::kBoolean:
      BoolEquality(a);
      break;
  }
}

}  // namespace vigil::exec
