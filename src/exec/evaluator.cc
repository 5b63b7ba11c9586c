#include "src/exec/evaluator.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"

namespace vigil::exec {
namespace {

using plan::Filter;
using plan::ScalarOp;

constexpr size_t kGrainRows = 1 << 15;  // multiple of 64

// 0 = FALSE, 1 = TRUE, 2 = UNKNOWN
enum : uint8_t { kF = 0, kT = 1, kU = 2 };

int CompareNumbers(bool a_int, int64_t ai, double ad, bool b_int, int64_t bi,
                   double bd) {
  if (a_int && b_int) return ai < bi ? -1 : ai > bi ? 1 : 0;
  double x = a_int ? static_cast<double>(ai) : ad;
  double y = b_int ? static_cast<double>(bi) : bd;
  return x < y ? -1 : x > y ? 1 : 0;
}

bool OrderHolds(ScalarOp op, int c) {
  switch (op) {
    case ScalarOp::kLt: return c < 0;
    case ScalarOp::kLte: return c <= 0;
    case ScalarOp::kGt: return c > 0;
    case ScalarOp::kGte: return c >= 0;
    default: return c == 0;
  }
}

bool CmpHolds(plan::CmpOp op, int c) {
  switch (op) {
    case plan::CmpOp::kLt: return c < 0;
    case plan::CmpOp::kLte: return c <= 0;
    case plan::CmpOp::kGt: return c > 0;
    case plan::CmpOp::kGte: return c >= 0;
    default: return c == 0;
  }
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Truth of a string predicate on one non-null value.
uint8_t StringPredicate(const Filter& f, std::string_view s) {
  const std::string& v = f.value.s;
  switch (f.op) {
    case ScalarOp::kContains: return (std::string_view(s).find(v) != std::string_view::npos);
    case ScalarOp::kStartsWith: return std::string_view(s).starts_with(v);
    case ScalarOp::kEndsWith: return std::string_view(s).ends_with(v);
    case ScalarOp::kMatches: return RE2::FullMatch(s, *f.regex);
    case ScalarOp::kEq: return s == v;
    default: return OrderHolds(f.op, s.compare(v));
  }
}

}  // namespace

RowSource Evaluator::NodeRows(TypeId concrete) const {
  const Table& t = graph_.table(concrete);
  return RowSource{&graph_.schema().type(concrete), concrete, &t.columns,
                   t.num_rows(), false};
}

RowSource Evaluator::EdgeRows(int rel_type) const {
  const EdgeTable& e = graph_.edges(rel_type);
  TypeId pt = graph_.schema().RelationshipPropertiesType(rel_type);
  return RowSource{pt == kNoType ? nullptr : &graph_.schema().type(pt), pt,
                   &e.columns, e.num_edges(), true};
}

void Evaluator::ForRange(size_t n, const std::function<void(size_t, size_t)>& fn) {
  if (pool_ == nullptr || n <= kGrainRows) {
    if (n > 0) fn(0, n);
    return;
  }
  pool_->ParallelFor(n, kGrainRows, fn);
}

void Evaluator::Record(const Filter& f, const Tri& out) {
  if (coverage_ == nullptr || f.clauses.empty()) return;
  uint64_t t = 0, fl = 0;
  for (uint64_t w : out.t) t += __builtin_popcountll(w);
  for (uint64_t w : out.f) fl += __builtin_popcountll(w);
  for (uint32_t c : f.clauses) coverage_->Add(c, t, fl, out.n - t - fl);
}

void Evaluator::Eval(const Filter& f, const RowSource& src, Tri* out) {
  EvalNode(f, src, out);
  Record(f, *out);
}

void Evaluator::EvalNode(const Filter& f, const RowSource& src, Tri* out) {
  switch (f.kind) {
    case Filter::Kind::kAnd:
    case Filter::Kind::kOr: {
      if (f.children.empty()) {
        out->SetAllTrue(src.rows);
        return;
      }
      Eval(f.children[0], src, out);
      for (size_t i = 1; i < f.children.size(); ++i) {
        Tri other;
        Eval(f.children[i], src, &other);
        if (f.kind == Filter::Kind::kAnd) {
          out->AndWith(other);
        } else {
          out->OrWith(other);
        }
      }
      return;
    }
    case Filter::Kind::kNot:
      Eval(f.children[0], src, out);
      out->Negate();
      return;
    case Filter::Kind::kScalar:
      EvalScalar(f, src, out);
      return;
    case Filter::Kind::kRelation:
      EvalRelation(f, src, out);
      return;
    case Filter::Kind::kAggregate:
      EvalAggregate(f, src, out);
      return;
    default:
      // Connection and aggregate parts are evaluated by their parents.
      out->SetAllTrue(src.rows);
      return;
  }
}

void Evaluator::EvalScalar(const Filter& f, const RowSource& src, Tri* out) {
  const size_t n = src.rows;
  out->Init(n);
  if (n == 0) return;
  int pi = src.def->FindProperty(f.property);
  const Column& col = (*src.columns)[pi];
  const std::vector<uint64_t>& valid = col.valid.words();
  const size_t words = Tri::Words(n);
  uint64_t* T = out->t.data();
  uint64_t* F = out->f.data();

  if (f.op == ScalarOp::kIsNull) {
    for (size_t w = 0; w < words; ++w) {
      uint64_t v = valid[w] & Tri::TailMask(n, w);
      uint64_t isnull = ~valid[w] & Tri::TailMask(n, w);
      T[w] = f.negate ? v : isnull;
      F[w] = f.negate ? isnull : v;
    }
    return;
  }

  // Fills T/F from a per-row predicate returning kT/kF/kU for valid rows.
  auto by_row = [&](auto&& pred) {
    ForRange(n, [&](size_t b, size_t e) {
      for (size_t w = b / 64; w < Tri::Words(e); ++w) {
        uint64_t tb = 0, fb = 0;  // rows in neither are UNKNOWN
        size_t base = w * 64;
        size_t lim = std::min<size_t>(64, n - base);
        uint64_t vw = valid[w];
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
  };

  if (col.is_list) {
    const auto& offs = col.list_offsets;
    const std::vector<uint64_t>& ev = col.element_valid.words();
    auto elem_valid = [&](size_t e) { return (ev[e >> 6] >> (e & 63)) & 1; };
    // Equality of element e with literal l: kT/kF (both non-null).
    auto elem_eq = [&](size_t e, const plan::Literal& l) -> bool {
      switch (col.kind) {
        case ScalarKind::kBoolean: return col.bools[e] == l.b;
        case ScalarKind::kInt: return col.ints[e] == l.i;
        case ScalarKind::kFloat:
          return CompareNumbers(false, 0, col.floats[e], l.is_int, l.i, l.d) == 0;
        case ScalarKind::kDateTime: return col.ints[e] == l.i;
        default: return col.StringAt(col.codes[e]) == l.s;
      }
    };
    if (f.op == ScalarOp::kIncludes) {
      by_row([&](size_t r) -> uint8_t {
        bool saw_null = false;
        for (uint32_t e = offs[r]; e < offs[r + 1]; ++e) {
          if (!elem_valid(e)) {
            saw_null = true;
          } else if (elem_eq(e, f.value)) {
            return kT;
          }
        }
        return saw_null ? kU : kF;
      });
    } else {  // kListEq
      by_row([&](size_t r) -> uint8_t {
        size_t len = offs[r + 1] - offs[r];
        if (len != f.values.size()) return kF;
        bool unknown = false;
        for (size_t k = 0; k < len; ++k) {
          size_t e = offs[r] + k;
          const plan::Literal& l = f.values[k];
          if (!elem_valid(e) || l.is_null) {
            unknown = true;
          } else if (!elem_eq(e, l)) {
            return kF;
          }
        }
        return unknown ? kU : kT;
      });
    }
    if (f.negate) out->Negate();
    return;
  }

  // Empty IN list: FALSE for every row, null or not.
  if (f.op == ScalarOp::kIn && f.values.empty()) {
    out->SetAllFalse(n);
    if (f.negate) out->Negate();
    return;
  }

  switch (col.kind) {
    case ScalarKind::kID:
    case ScalarKind::kString:
    case ScalarKind::kEnum:
    case ScalarKind::kCustom: {
      const uint32_t* codes = col.codes.data();
      if (col.dict == nullptr) {
        // The `id` column: codes are NodeIds, one per row. Equality and IN
        // resolve through the graph's id index; other predicates run per row.
        if (f.op == ScalarOp::kEq || f.op == ScalarOp::kIn) {
          absl::flat_hash_set<uint32_t> set;
          bool has_null = false;
          if (f.op == ScalarOp::kEq) {
            if (auto id = graph_.FindAsset(f.value.s)) set.insert(*id);
          } else {
            for (const auto& l : f.values) {
              if (l.is_null) {
                has_null = true;
              } else if (auto id = graph_.FindAsset(l.s)) {
                set.insert(*id);
              }
            }
          }
          by_row([&](size_t r) -> uint8_t {
            return set.contains(codes[r]) ? kT : has_null ? kU : kF;
          });
        } else {
          by_row([&](size_t r) -> uint8_t {
            return StringPredicate(f, graph_.asset_id(codes[r]));
          });
        }
        break;
      }
      const StringDictionary& dict = *col.dict;
      if (f.op == ScalarOp::kEq) {
        auto code = dict.Find(f.value.s);
        if (!code) {
          // A constant absent from the dictionary: FALSE without a scan.
          for (size_t w = 0; w < words; ++w) {
            T[w] = 0;
            F[w] = valid[w] & Tri::TailMask(n, w);
          }
          break;
        }
        const uint32_t c = *code;
        ForRange(n, [&](size_t b, size_t e) {
          for (size_t w = b / 64; w < Tri::Words(e); ++w) {
            size_t base = w * 64;
            size_t lim = std::min<size_t>(64, n - base);
            uint64_t eq = 0;
            const uint32_t* p = codes + base;
            for (size_t i = 0; i < lim; ++i) eq |= uint64_t{p[i] == c} << i;
            uint64_t vw = valid[w] & Tri::TailMask(n, w);
            T[w] = eq & vw;
            F[w] = ~eq & vw;
          }
        });
        break;
      }
      // Once per distinct value, then map.
      std::vector<uint8_t> lut(dict.size());
      if (f.op == ScalarOp::kIn) {
        bool has_null = false;
        std::fill(lut.begin(), lut.end(), kF);
        for (const auto& l : f.values) {
          if (l.is_null) {
            has_null = true;
          } else if (auto code = dict.Find(l.s)) {
            lut[*code] = kT;
          }
        }
        if (has_null)
          for (auto& x : lut)
            if (x == kF) x = kU;
      } else {
        for (uint32_t c = 0; c < dict.size(); ++c) lut[c] = StringPredicate(f, dict.Get(c));
      }
      by_row([&](size_t r) -> uint8_t { return lut[codes[r]]; });
      break;
    }
    // DateTime columns keep the instant (ns) in `ints`: compared like Int.
    case ScalarKind::kDateTime:
    case ScalarKind::kInt: {
      const int64_t* v = col.ints.data();
      if (f.op == ScalarOp::kIn) {
        bool has_null = false;
        absl::flat_hash_set<int64_t> set;
        for (const auto& l : f.values) {
          if (l.is_null) has_null = true; else set.insert(l.i);
        }
        by_row([&](size_t r) -> uint8_t { return set.contains(v[r]) ? kT : has_null ? kU : kF; });
      } else {
        const int64_t x = f.value.i;
        by_row([&](size_t r) -> uint8_t {
          return OrderHolds(f.op, v[r] < x ? -1 : v[r] > x ? 1 : 0);
        });
      }
      break;
    }
    case ScalarKind::kFloat: {
      const double* v = col.floats.data();
      if (f.op == ScalarOp::kIn) {
        bool has_null = false;
        std::vector<double> set;
        for (const auto& l : f.values) {
          if (l.is_null) has_null = true; else set.push_back(l.is_int ? static_cast<double>(l.i) : l.d);
        }
        by_row([&](size_t r) -> uint8_t {
          for (double d : set)
            if (v[r] == d) return kT;
          return has_null ? kU : kF;
        });
      } else {
        const plan::Literal& l = f.value;
        by_row([&](size_t r) -> uint8_t {
          return OrderHolds(f.op, CompareNumbers(false, 0, v[r], l.is_int, l.i, l.d));
        });
      }
      break;
    }
    case ScalarKind::kBoolean: {
      const uint8_t* v = col.bools.data();
      const uint8_t x = f.value.b;
      by_row([&](size_t r) -> uint8_t { return v[r] == x; });
      break;
    }
  }
  if (f.negate) out->Negate();
}

const std::vector<const Tri*>& Evaluator::EvalTargets(const Filter& inner,
                                                      const RelationshipDef& rel) {
  // The truth of an inner filter over a target table does not depend on the
  // source, so it is computed once per evaluation (an interface root, or the
  // same relationship filter reached from several source types, reuse it).
  auto [it, inserted] = targets_cache_.try_emplace(&inner);
  std::vector<const Tri*>& by_type = it->second;
  if (!inserted) return by_type;
  const Schema& s = graph_.schema();
  by_type.assign(s.types().size(), nullptr);
  for (TypeId c : s.type(rel.target).concrete_types) {
    auto tri = std::make_unique<Tri>();
    Eval(inner, NodeRows(c), tri.get());
    by_type[c] = tri.get();
    owned_tris_.push_back(std::move(tri));
  }
  return by_type;
}

void Evaluator::EvalConnection(const Filter& f, const RelationshipDef& rel,
                               const Adjacency& adj, Tri* out) {
  EvalConnectionNode(f, rel, adj, out);
  Record(f, *out);
}

void Evaluator::EvalConnectionNode(const Filter& f, const RelationshipDef& rel,
                                   const Adjacency& adj, Tri* out) {
  const size_t n = adj.edges.size();
  switch (f.kind) {
    case Filter::Kind::kAnd:
    case Filter::Kind::kOr: {
      if (f.children.empty()) {
        out->SetAllTrue(n);
        return;
      }
      EvalConnection(f.children[0], rel, adj, out);
      for (size_t i = 1; i < f.children.size(); ++i) {
        Tri other;
        EvalConnection(f.children[i], rel, adj, &other);
        if (f.kind == Filter::Kind::kAnd) out->AndWith(other); else out->OrWith(other);
      }
      return;
    }
    case Filter::Kind::kNot:
      EvalConnection(f.children[0], rel, adj, out);
      out->Negate();
      return;
    case Filter::Kind::kConnNode: {
      const std::vector<const Tri*>& by_type = EvalTargets(f.children[0], rel);
      out->Init(n);
      for (size_t i = 0; i < n; ++i) {
        const Tri& tt = *by_type[adj.TargetType(i)];
        RowId r = adj.target_rows[i];
        if (tt.IsTrue(r)) out->t[i >> 6] |= uint64_t{1} << (i & 63);
        else if (tt.IsFalse(r)) out->f[i >> 6] |= uint64_t{1} << (i & 63);
      }
      return;
    }
    case Filter::Kind::kConnEdge: {
      Tri edges;
      Eval(f.children[0], EdgeRows(rel.rel_type_index), &edges);
      out->Init(n);
      for (size_t i = 0; i < n; ++i) {
        EdgeId e = adj.edges[i];
        if (edges.IsTrue(e)) out->t[i >> 6] |= uint64_t{1} << (i & 63);
        else if (edges.IsFalse(e)) out->f[i >> 6] |= uint64_t{1} << (i & 63);
      }
      return;
    }
    default:
      out->SetAllTrue(n);
      return;
  }
}

void Evaluator::EvalRelation(const Filter& f, const RowSource& src, Tri* out) {
  using plan::Quantifier;
  const size_t n = src.rows;
  out->Init(n);
  if (n == 0) return;
  int ri = src.def->FindRelationship(f.field);
  const Adjacency& adj = graph_.adjacency(src.type, ri);
  const uint32_t* offs = adj.offsets.data();
  const Quantifier q = f.quantifier;
  uint64_t* T = out->t.data();
  uint64_t* F = out->f.data();

  // Decides a row from its count of TRUE and FALSE entries and its degree.
  auto decide = [q](uint32_t ct, uint32_t cf, uint32_t deg) -> bool {
    switch (q) {
      case Quantifier::kSome: return ct > 0;
      case Quantifier::kNone: return ct == 0;
      case Quantifier::kAll: return ct > 0 && cf == 0;
      case Quantifier::kSingle:
      case Quantifier::kExactlyOne: return ct == 1;
      case Quantifier::kNotExactlyOne: return ct != 1;
      case Quantifier::kExists: return deg > 0;
      case Quantifier::kNotExists: return deg == 0;
    }
    return false;
  };
  auto emit = [&](auto&& counts) {
    ForRange(n, [&](size_t b, size_t e) {
      for (size_t w = b / 64; w < Tri::Words(e); ++w) {
        size_t base = w * 64;
        size_t lim = std::min<size_t>(64, n - base);
        uint64_t tb = 0;
        for (size_t i = 0; i < lim; ++i) tb |= uint64_t{counts(base + i)} << i;
        T[w] = tb;
        F[w] = ~tb & Tri::TailMask(n, w);
      }
    });
  };

  if (q == Quantifier::kExists || q == Quantifier::kNotExists) {
    emit([&](size_t r) { return decide(0, 0, offs[r + 1] - offs[r]); });
    return;
  }
  if (f.connection) {
    Tri entries;
    if (f.inner.empty()) {
      entries.SetAllTrue(adj.edges.size());
    } else {
      EvalConnection(f.inner[0], *f.rel, adj, &entries);
    }
    emit([&](size_t r) {
      uint32_t ct = 0, cf = 0;
      for (uint32_t i = offs[r]; i < offs[r + 1]; ++i) {
        ct += entries.IsTrue(i);
        cf += entries.IsFalse(i);
      }
      return decide(ct, cf, offs[r + 1] - offs[r]);
    });
    return;
  }
  if (f.inner.empty()) {
    emit([&](size_t r) {
      uint32_t deg = offs[r + 1] - offs[r];
      return decide(deg, 0, deg);
    });
    return;
  }
  const std::vector<const Tri*>& by_type = EvalTargets(f.inner[0], *f.rel);
  const RowId* targets = adj.target_rows.data();
  if (adj.single_target_type != kNoType) {
    const uint64_t* tt = by_type[adj.single_target_type]->t.data();
    const uint64_t* tf = by_type[adj.single_target_type]->f.data();
    if (q == Quantifier::kSome || q == Quantifier::kNone) {
      const bool want = q == Quantifier::kSome;
      emit([&](size_t r) {
        for (uint32_t i = offs[r]; i < offs[r + 1]; ++i) {
          RowId x = targets[i];
          if ((tt[x >> 6] >> (x & 63)) & 1) return want;
        }
        return !want;
      });
      return;
    }
    emit([&](size_t r) {
      uint32_t ct = 0, cf = 0;
      for (uint32_t i = offs[r]; i < offs[r + 1]; ++i) {
        RowId x = targets[i];
        ct += (tt[x >> 6] >> (x & 63)) & 1;
        cf += (tf[x >> 6] >> (x & 63)) & 1;
      }
      return decide(ct, cf, offs[r + 1] - offs[r]);
    });
    return;
  }
  emit([&](size_t r) {
    uint32_t ct = 0, cf = 0;
    for (uint32_t i = offs[r]; i < offs[r + 1]; ++i) {
      const Tri& tt = *by_type[adj.TargetType(i)];
      ct += tt.IsTrue(targets[i]);
      cf += tt.IsFalse(targets[i]);
    }
    return decide(ct, cf, offs[r + 1] - offs[r]);
  });
}

void Evaluator::EvalAggregate(const Filter& f, const RowSource& src, Tri* out) {
  int ri = src.def->FindRelationship(f.field);
  const Adjacency& adj = graph_.adjacency(src.type, ri);
  EvalAggTree(f.children[0], src.type, adj, src.rows, out);
}

void Evaluator::EvalAggTree(const Filter& f, TypeId source, const Adjacency& adj,
                            size_t rows, Tri* out) {
  EvalAggNode(f, source, adj, rows, out);
  Record(f, *out);
}

void Evaluator::EvalAggNode(const Filter& f, TypeId source, const Adjacency& adj,
                            size_t rows, Tri* out) {
  switch (f.kind) {
    case Filter::Kind::kAnd:
    case Filter::Kind::kOr: {
      if (f.children.empty()) {
        out->SetAllTrue(rows);
        return;
      }
      EvalAggTree(f.children[0], source, adj, rows, out);
      for (size_t i = 1; i < f.children.size(); ++i) {
        Tri other;
        EvalAggTree(f.children[i], source, adj, rows, &other);
        if (f.kind == Filter::Kind::kAnd) out->AndWith(other); else out->OrWith(other);
      }
      return;
    }
    case Filter::Kind::kNot:
      EvalAggTree(f.children[0], source, adj, rows, out);
      out->Negate();
      return;
    case Filter::Kind::kAggCount: {
      // Two-valued: the number of edges compared with a constant.
      out->Init(rows);
      const uint32_t* offs = adj.offsets.data();
      const int64_t k = f.value.i;
      const plan::CmpOp cmp = f.cmp;
      uint64_t* T = out->t.data();
      uint64_t* F = out->f.data();
      ForRange(rows, [&](size_t b, size_t e) {
        for (size_t w = b / 64; w < Tri::Words(e); ++w) {
          size_t base = w * 64;
          size_t lim = std::min<size_t>(64, rows - base);
          uint64_t tb = 0;
          for (size_t i = 0; i < lim; ++i) {
            int64_t c = offs[base + i + 1] - offs[base + i];
            tb |= uint64_t{CmpHolds(cmp, c < k ? -1 : c > k ? 1 : 0)} << i;
          }
          T[w] = tb;
          F[w] = ~tb & Tri::TailMask(rows, w);
        }
      });
      return;
    }
    case Filter::Kind::kAggProperty:
      EvalAggProperty(f, adj, rows, out);
      return;
    default:
      out->SetAllTrue(rows);
      return;
  }
}

void Evaluator::EvalAggProperty(const Filter& f, const Adjacency& adj,
                                size_t rows, Tri* out) {
  using plan::AggFunc;
  out->Init(rows);
  const Schema& s = graph_.schema();
  const uint32_t* offs = adj.offsets.data();
  // Column of entry i (node column of the target's type, or edge column).
  const EdgeTable* et = f.on_edge ? &graph_.edges(adj.rel_type) : nullptr;
  std::vector<const Column*> node_cols(s.types().size(), nullptr);
  if (!f.on_edge) {
    for (TypeId c : s.type(f.owner).concrete_types) {
      int p = s.type(c).FindProperty(f.property);
      if (p >= 0) node_cols[c] = &graph_.table(c).columns[p];
    }
  }
  const Column* edge_col = nullptr;
  if (f.on_edge) edge_col = &et->columns[s.type(f.owner).FindProperty(f.property)];
  const bool lengths = f.func == AggFunc::kShortestLength ||
                       f.func == AggFunc::kLongestLength ||
                       f.func == AggFunc::kAverageLength;
  const ScalarKind kind = f.def->kind;
  const plan::Literal& lit = f.value;

  ForRange(rows, [&](size_t b, size_t e) {
    for (size_t r = b; r < e; ++r) {
      bool any = false, overflow = false;
      int64_t imin = std::numeric_limits<int64_t>::max(), imax = std::numeric_limits<int64_t>::min(), isum = 0;
      double dmin = std::numeric_limits<double>::infinity(), dmax = -dmin, dsum = 0;
      size_t count = 0;
      for (uint32_t i = offs[r]; i < offs[r + 1]; ++i) {
        const Column* col;
        size_t slot;
        if (f.on_edge) {
          col = edge_col;
          slot = adj.edges[i];
        } else {
          col = node_cols[adj.TargetType(i)];
          slot = adj.target_rows[i];
        }
        if (col == nullptr || !col->valid.Get(slot)) continue;
        any = true;
        ++count;
        if (lengths) {
          int64_t len = static_cast<int64_t>(Utf8Length(col->StringAt(col->codes[slot])));
          imin = std::min(imin, len);
          imax = std::max(imax, len);
          isum += len;
        } else if (kind == ScalarKind::kInt || kind == ScalarKind::kDateTime) {
          int64_t v = col->ints[slot];
          imin = std::min(imin, v);
          imax = std::max(imax, v);
          if (__builtin_add_overflow(isum, v, &isum)) overflow = true;
          dsum += static_cast<double>(v);
        } else {
          double v = col->floats[slot];
          dmin = std::min(dmin, v);
          dmax = std::max(dmax, v);
          dsum += v;
        }
      }
      // The aggregate as a number (int or double); null when undefined.
      bool is_null = false, res_int = true;
      int64_t ri = 0;
      double rd = 0;
      bool int_domain = lengths || kind == ScalarKind::kInt || kind == ScalarKind::kDateTime;
      switch (f.func) {
        case AggFunc::kMin:
        case AggFunc::kShortestLength:
          if (!any) { is_null = true; break; }
          if (int_domain) ri = imin; else { res_int = false; rd = dmin; }
          break;
        case AggFunc::kMax:
        case AggFunc::kLongestLength:
          if (!any) { is_null = true; break; }
          if (int_domain) ri = imax; else { res_int = false; rd = dmax; }
          break;
        case AggFunc::kSum:
          if (int_domain && !overflow) {
            ri = any ? isum : 0;
          } else {
            res_int = false;
            rd = dsum;
          }
          break;
        case AggFunc::kAverage:
        case AggFunc::kAverageLength:
          if (!any) { is_null = true; break; }
          res_int = false;
          rd = (int_domain ? static_cast<double>(isum) : dsum) / static_cast<double>(count);
          if (int_domain && overflow) rd = dsum / static_cast<double>(count);
          break;
      }
      if (is_null) continue;  // UNKNOWN
      int c = CompareNumbers(res_int, ri, rd, lit.is_int || kind == ScalarKind::kDateTime ||
                                                  (lit.kind == ScalarKind::kInt),
                             lit.i, lit.d);
      bool ok = CmpHolds(f.cmp, c);
      // Rows of different chunks never share a word: chunks are 64-aligned.
      (ok ? out->t : out->f)[r >> 6] |= uint64_t{1} << (r & 63);
    }
  });
}

}  // namespace vigil::exec
