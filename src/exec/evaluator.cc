#include "src/exec/evaluator.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "src/base/utf8.h"

namespace vigil::exec {
namespace {

using plan::Filter;

bool CmpHolds(plan::CmpOp op, int c) {
  switch (op) {
    case plan::CmpOp::kLt: return c < 0;
    case plan::CmpOp::kLte: return c <= 0;
    case plan::CmpOp::kGt: return c > 0;
    case plan::CmpOp::kGte: return c >= 0;
    default: return c == 0;
  }
}

}  // namespace

RowSource Evaluator::NodeRows(TypeId concrete) const {
  const Table& t = graph_.table(concrete);
  return RowSource{&graph_.schema().type(concrete), concrete, &t.columns, t.num_rows(), false};
}

RowSource Evaluator::EdgeRows(int rel_type) const {
  const EdgeTable& e = graph_.edges(rel_type);
  TypeId pt = graph_.schema().RelationshipPropertiesType(rel_type);
  return RowSource{pt == kNoType ? nullptr : &graph_.schema().type(pt), pt, &e.columns,
                   e.num_edges(), true};
}

void Evaluator::Record(const Filter& f, const Tri& out) {
  if (coverage_ == nullptr || f.clauses.empty()) return;
  uint64_t t = 0, fl = 0;
  for (uint64_t w : out.t) t += __builtin_popcountll(w);
  for (uint64_t w : out.f) fl += __builtin_popcountll(w);
  for (uint32_t c : f.clauses) coverage_->Add(c, t, fl, out.n - t - fl);
}

template <typename EvalPart>
void Evaluator::Combine(const Filter& f, size_t rows, Tri* out, const EvalPart& eval_part) {
  bool first = true;
  for (const Filter& child : f.children) {
    const Filter* part = Resolve(child);
    if (part == nullptr) continue;  // empty for these values: left out
    if (first) {
      eval_part(*part, out);
      first = false;
      continue;
    }
    Tri other;
    eval_part(*part, &other);
    if (f.kind == Filter::Kind::kAnd) {
      out->AndWith(other);
    } else {
      out->OrWith(other);
    }
  }
  if (first) out->SetAllTrue(rows);
}

void Evaluator::Eval(const Filter& f, const RowSource& src, Tri* out) {
  EvalNode(f, src, out);
  Record(f, *out);
}

void Evaluator::EvalNode(const Filter& f, const RowSource& src, Tri* out) {
  switch (f.kind) {
    case Filter::Kind::kAnd:
    case Filter::Kind::kOr:
      Combine(f, src.rows, out, [&](const Filter& part, Tri* o) { Eval(part, src, o); });
      return;
    case Filter::Kind::kNot:
      if (const Filter* part = Resolve(f.children[0])) {
        Eval(*part, src, out);
        out->Negate();
      } else {
        out->SetAllTrue(src.rows);
      }
      return;
    case Filter::Kind::kScalar:
      EvalScalar(f, (*src.columns)[src.def->FindProperty(f.property)], src.rows, graph_,
                 runner_, out);
      return;
    case Filter::Kind::kRelation:
      EvalRelation(f, src, out);
      return;
    case Filter::Kind::kAggregate:
      EvalAggregate(f, src, out);
      return;
    case Filter::Kind::kTypename:
      if (std::find(f.types.begin(), f.types.end(), src.type) != f.types.end()) {
        out->SetAllTrue(src.rows);
      } else {
        out->SetAllFalse(src.rows);
      }
      return;
    default:
      // Connection and aggregate parts are evaluated by their parents.
      out->SetAllTrue(src.rows);
      return;
  }
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
    case Filter::Kind::kOr:
      Combine(f, n, out,
              [&](const Filter& part, Tri* o) { EvalConnection(part, rel, adj, o); });
      return;
    case Filter::Kind::kNot:
      if (const Filter* part = Resolve(f.children[0])) {
        EvalConnection(*part, rel, adj, out);
        out->Negate();
      } else {
        out->SetAllTrue(n);
      }
      return;
    case Filter::Kind::kConnNode: {
      const Filter* part = Resolve(f.children[0]);
      if (part == nullptr) {
        out->SetAllTrue(n);
        return;
      }
      const std::vector<const Tri*>& by_type = EvalTargets(*part, rel);
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
      const Filter* part = Resolve(f.children[0]);
      if (part == nullptr) {
        out->SetAllTrue(n);
        return;
      }
      Tri edges;
      Eval(*part, EdgeRows(rel.rel_type_index), &edges);
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
  // Every quantifier is two-valued per row: TRUE rows from a byte per row,
  // FALSE the rest. (The hot loops below read locals and parameters, not
  // lambda captures: byte stores may alias any memory, so values read
  // through captures are reloaded per row and the loops do not vectorise.)
  auto emit = [&](auto&& counts) {
    runner_.ForRange(n, [&, T, F, n](size_t b, size_t e) {
      alignas(8) uint8_t buf[64];
      for (size_t w = b / 64; w < Tri::Words(e); ++w) {
        size_t base = w * 64;
        size_t lim = std::min<size_t>(64, n - base);
        for (size_t i = 0; i < lim; ++i) buf[i] = counts(base + i);
        uint64_t tb = PackBytes(buf, lim);
        T[w] = tb;
        F[w] = ~tb & Tri::TailMask(n, w);
      }
    });
  };
  // A decision from the degree alone (no inner filter, or `rel: null`): by
  // degree 0, 1 or more, so the row loop is a subtraction, compares and
  // selects, which vectorise.
  auto emit_by_degree = [&](auto&& decide_deg) {
    const uint8_t d0 = decide_deg(0), d1 = decide_deg(1), d2 = decide_deg(2);
    runner_.ForRange(n, [T, F, n, offs, d0, d1, d2](size_t b, size_t e) {
      const uint8_t z0 = d0, z1 = d1, z2 = d2;
      const uint32_t* const o = offs;
      uint64_t* const tw = T;
      uint64_t* const fw = F;
      const size_t rows = n;
      alignas(8) uint8_t buf[64];
      for (size_t w = b / 64; w < Tri::Words(e); ++w) {
        const size_t base = w * 64;
        const size_t lim = std::min<size_t>(64, rows - base);
        const uint32_t* p = o + base;
        for (size_t i = 0; i < lim; ++i) {
          const uint32_t deg = p[i + 1] - p[i];
          buf[i] = deg == 0 ? z0 : deg == 1 ? z1 : z2;
        }
        const uint64_t tb = PackBytes(buf, lim);
        tw[w] = tb;
        fw[w] = ~tb & Tri::TailMask(rows, w);
      }
    });
  };

  if (q == Quantifier::kExists || q == Quantifier::kNotExists) {
    emit_by_degree([&](uint32_t deg) { return decide(0, 0, deg); });
    return;
  }
  // An inner filter that is empty for these values is no inner filter.
  const Filter* inner = f.inner.empty() ? nullptr : Resolve(f.inner[0]);
  if (f.connection) {
    Tri entries;
    if (inner == nullptr) {
      entries.SetAllTrue(adj.edges.size());
    } else {
      EvalConnection(*inner, *f.rel, adj, &entries);
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
  if (inner == nullptr) {
    emit_by_degree([&](uint32_t deg) { return decide(deg, 0, deg); });
    return;
  }
  const std::vector<const Tri*>& by_type = EvalTargets(*inner, *f.rel);
  const RowId* targets = adj.target_rows.data();
  if (adj.single_target_type != kNoType) {
    // Per block of 64 rows, running counts of TRUE (and FALSE) targets
    // over the block's entries (contiguous in the CSR), in one branch-free
    // pass; a row's counts are then the difference of the running counts
    // at its two offsets. No loop per row: rows have a few entries each, so
    // a per-row loop (with an early exit) costs a mispredicted branch per
    // row and its setup, which is most of the work.
    const uint64_t* tt = by_type[adj.single_target_type]->t.data();
    const uint64_t* tf = by_type[adj.single_target_type]->f.data();
    const bool need_false = q == Quantifier::kAll;
    const auto block = [&decide, q, need_false](const uint32_t* o, const RowId* tg,
                                                const uint64_t* tt, const uint64_t* tf,
                                                size_t lim, std::vector<uint32_t>& cum_t,
                                                std::vector<uint32_t>& cum_f) -> uint64_t {
      alignas(8) uint8_t buf[64];
      {
        const uint32_t e0 = o[0], m = o[lim] - e0;
        tg += e0;
        if (cum_t.size() < m + 1) cum_t.resize(m + 1);
        uint32_t* ct = cum_t.data();
        uint32_t c = 0;
        ct[0] = 0;
        for (uint32_t j = 0; j < m; ++j) {
          const RowId x = tg[j];
          c += (tt[x >> 6] >> (x & 63)) & 1;
          ct[j + 1] = c;
        }
        if (q == Quantifier::kSome || q == Quantifier::kNone) {
          const bool want = q == Quantifier::kSome;
          for (size_t i = 0; i < lim; ++i) buf[i] = (ct[o[i + 1] - e0] != ct[o[i] - e0]) == want;
        } else if (!need_false) {
          for (size_t i = 0; i < lim; ++i) {
            buf[i] = decide(ct[o[i + 1] - e0] - ct[o[i] - e0], 0, o[i + 1] - o[i]);
          }
        } else {
          if (cum_f.size() < m + 1) cum_f.resize(m + 1);
          uint32_t* cf = cum_f.data();
          c = 0;
          cf[0] = 0;
          for (uint32_t j = 0; j < m; ++j) {
            const RowId x = tg[j];
            c += (tf[x >> 6] >> (x & 63)) & 1;
            cf[j + 1] = c;
          }
          for (size_t i = 0; i < lim; ++i) {
            buf[i] = decide(ct[o[i + 1] - e0] - ct[o[i] - e0], cf[o[i + 1] - e0] - cf[o[i] - e0],
                            o[i + 1] - o[i]);
          }
        }
      }
      return PackBytes(buf, lim);
    };
    runner_.ForRange(n, [&block, T, F, n, offs, targets, tt, tf](size_t b, size_t e) {
      std::vector<uint32_t> cum_t, cum_f;
      for (size_t w = b / 64; w < Tri::Words(e); ++w) {
        const size_t base = w * 64;
        const size_t lim = std::min<size_t>(64, n - base);
        const uint64_t tb = block(offs + base, targets, tt, tf, lim, cum_t, cum_f);
        T[w] = tb;
        F[w] = ~tb & Tri::TailMask(n, w);
      }
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
  EvalAggTree(*Resolve(f.children[0]), src.type, adj, src.rows, out);
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
    case Filter::Kind::kOr:
      Combine(f, rows, out,
              [&](const Filter& part, Tri* o) { EvalAggTree(part, source, adj, rows, o); });
      return;
    case Filter::Kind::kNot:
      if (const Filter* part = Resolve(f.children[0])) {
        EvalAggTree(*part, source, adj, rows, out);
        out->Negate();
      } else {
        out->SetAllTrue(rows);
      }
      return;
    case Filter::Kind::kAggCount: {
      // Two-valued: the number of edges compared with a constant (with
      // null: never TRUE nor FALSE).
      out->Init(rows);
      if (f.value.is_null) return;
      const uint32_t* offs = adj.offsets.data();
      const int64_t k = f.value.i;
      const plan::CmpOp cmp = f.cmp;
      uint64_t* T = out->t.data();
      uint64_t* F = out->f.data();
      runner_.ForRange(rows, [&](size_t b, size_t e) {
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
  const ScalarKind kind = f.def->kind;
  const plan::Literal& lit = f.value;
  const plan::CmpOp cmp = f.cmp;
  uint64_t* T = out->t.data();
  uint64_t* F = out->f.data();
  auto set = [&](size_t r, bool holds) {
    // Rows of different chunks never share a word: chunks are 64-aligned.
    (holds ? T : F)[r >> 6] |= uint64_t{1} << (r & 63);
  };
  // Calls fn(column, slot) for each non-null value of row r's entries.
  auto for_values = [&](size_t r, auto&& fn) {
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
      if (!fn(*col, slot)) return;
    }
  };

  if (f.func == AggFunc::kSome || f.func == AggFunc::kSomeLength) {
    // any(v IN collect(n.f) WHERE v OP $c): TRUE when some value compares;
    // FALSE when none does (and when there is none); with a null constant
    // every comparison is null, so UNKNOWN unless there are no values.
    runner_.ForRange(rows, [&](size_t b, size_t e) {
      for (size_t r = b; r < e; ++r) {
        bool any = false, holds = false;
        for_values(r, [&](const Column& col, size_t slot) {
          any = true;
          if (lit.is_null) return false;
          int c;
          if (f.func == AggFunc::kSomeLength) {
            int64_t len = static_cast<int64_t>(CountCodePoints(col.StringAt(col.codes[slot])));
            c = len < lit.i ? -1 : len > lit.i ? 1 : 0;
          } else {
            switch (kind) {
              case ScalarKind::kInt:
                c = CompareNumbers(true, col.ints[slot], 0, lit.is_int, lit.i, lit.d);
                break;
              case ScalarKind::kFloat:
                c = CompareNumbers(false, 0, col.floats[slot], lit.is_int, lit.i, lit.d);
                break;
              case ScalarKind::kDateTime: {
                const Instant& v = col.instants[slot];
                c = v < lit.t ? -1 : v > lit.t ? 1 : 0;
                break;
              }
              default: {
                int k = col.StringAt(col.codes[slot]).compare(lit.s);
                c = k < 0 ? -1 : k > 0 ? 1 : 0;
                break;
              }
            }
          }
          holds = CmpHolds(cmp, c);
          return !holds;
        });
        if (holds) {
          set(r, true);
        } else if (!any || !lit.is_null) {
          set(r, false);
        }
      }
    });
    return;
  }
  if (lit.is_null) return;  // min(...) < NULL: UNKNOWN for every row

  const bool lengths = f.func == AggFunc::kShortestLength ||
                       f.func == AggFunc::kLongestLength ||
                       f.func == AggFunc::kAverageLength;
  if (kind == ScalarKind::kDateTime) {  // MIN / MAX of instants
    const bool want_min = f.func == AggFunc::kMin;
    runner_.ForRange(rows, [&](size_t b, size_t e) {
      for (size_t r = b; r < e; ++r) {
        bool any = false;
        Instant best;
        for_values(r, [&](const Column& col, size_t slot) {
          const Instant& v = col.instants[slot];
          if (!any || (want_min ? v < best : v > best)) best = v;
          any = true;
          return true;
        });
        if (any) set(r, CmpHolds(cmp, best < lit.t ? -1 : best > lit.t ? 1 : 0));
      }
    });
    return;
  }
  const bool int_domain = lengths || kind == ScalarKind::kInt;
  runner_.ForRange(rows, [&](size_t b, size_t e) {
    for (size_t r = b; r < e; ++r) {
      bool any = false, overflow = false;
      int64_t imin = std::numeric_limits<int64_t>::max(), imax = std::numeric_limits<int64_t>::min(), isum = 0;
      double dmin = std::numeric_limits<double>::infinity(), dmax = -dmin, dsum = 0;
      size_t count = 0;
      for_values(r, [&](const Column& col, size_t slot) {
        any = true;
        ++count;
        if (lengths) {
          int64_t len = static_cast<int64_t>(CountCodePoints(col.StringAt(col.codes[slot])));
          imin = std::min(imin, len);
          imax = std::max(imax, len);
          isum += len;
        } else if (kind == ScalarKind::kInt) {
          int64_t v = col.ints[slot];
          imin = std::min(imin, v);
          imax = std::max(imax, v);
          if (__builtin_add_overflow(isum, v, &isum)) overflow = true;
          dsum += static_cast<double>(v);
        } else {
          double v = col.floats[slot];
          dmin = std::min(dmin, v);
          dmax = std::max(dmax, v);
          dsum += v;
        }
        return true;
      });
      // The aggregate as a number (int or double); null when undefined.
      bool is_null = false, res_int = true;
      int64_t ri = 0;
      double rd = 0;
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
        default:  // kAverage, kAverageLength
          if (!any) { is_null = true; break; }
          res_int = false;
          rd = (int_domain ? static_cast<double>(isum) : dsum) / static_cast<double>(count);
          if (int_domain && overflow) rd = dsum / static_cast<double>(count);
          break;
      }
      if (is_null) continue;  // UNKNOWN
      int c = CompareNumbers(res_int, ri, rd, lit.is_int || lit.kind == ScalarKind::kInt, lit.i,
                             lit.d);
      set(r, CmpHolds(cmp, c));
    }
  });
}

}  // namespace vigil::exec
