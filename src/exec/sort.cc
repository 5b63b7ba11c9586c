#include "src/exec/sort.h"

#include <algorithm>

namespace vigil::exec {
namespace {

// Compares the values of one sort key of two nodes; a null compares after
// every value. cols[t] is the key's column in the table of type t (null: no
// such property, read as null).
int CompareKey(const Graph& g, NodeId a, NodeId b, const std::vector<const Column*>& cols) {
  TypeId ta = g.node_type(a), tb = g.node_type(b);
  RowId ra = g.node_row(a), rb = g.node_row(b);
  const Column* ca = cols[ta];
  const Column* cb = cols[tb];
  bool va = ca != nullptr && ca->valid.Get(ra);
  bool vb = cb != nullptr && cb->valid.Get(rb);
  if (!va || !vb) return va == vb ? 0 : va ? -1 : 1;
  switch (ca->kind) {
    case ScalarKind::kInt: {
      int64_t x = ca->ints[ra], y = cb->ints[rb];
      return x < y ? -1 : x > y;
    }
    case ScalarKind::kDateTime: {
      const Instant& x = ca->instants[ra];
      const Instant& y = cb->instants[rb];
      return x < y ? -1 : x > y;
    }
    case ScalarKind::kFloat: {
      double x = ca->floats[ra], y = cb->floats[rb];
      return x < y ? -1 : x > y;
    }
    case ScalarKind::kBoolean:
      return static_cast<int>(ca->bools[ra]) - static_cast<int>(cb->bools[rb]);
    default: {
      int c = ca->StringAt(ca->codes[ra]).compare(cb->StringAt(cb->codes[rb]));
      return c < 0 ? -1 : c > 0;
    }
  }
}

}  // namespace

void SortAndPage(const Graph& g, const plan::Options& opts, std::vector<NodeId>* nodes) {
  if (!opts.sort.empty()) {
    // Each key's column per concrete type, resolved once per sort.
    const Schema& s = g.schema();
    std::vector<std::vector<const Column*>> cols(opts.sort.size(),
                                                 std::vector<const Column*>(s.types().size()));
    for (size_t k = 0; k < opts.sort.size(); ++k) {
      for (TypeId t = 0; t < static_cast<TypeId>(s.types().size()); ++t) {
        if (!s.type(t).is_object()) continue;
        int p = s.type(t).FindProperty(opts.sort[k].property);
        if (p >= 0) cols[k][t] = &g.table(t).columns[p];
      }
    }
    std::stable_sort(nodes->begin(), nodes->end(), [&](NodeId a, NodeId b) {
      for (size_t k = 0; k < opts.sort.size(); ++k) {
        int c = CompareKey(g, a, b, cols[k]);
        if (c != 0) return opts.sort[k].descending ? c > 0 : c < 0;
      }
      return false;
    });
  }
  size_t off = static_cast<size_t>(std::min<int64_t>(opts.offset, nodes->size()));
  if (off > 0) nodes->erase(nodes->begin(), nodes->begin() + off);
  if (opts.limit > 0 && static_cast<size_t>(opts.limit) < nodes->size())
    nodes->resize(opts.limit);
}

}  // namespace vigil::exec
