#include "src/exec/sort.h"

#include <algorithm>

namespace vigil::exec {
namespace {

// Compares the values of one sort key of two nodes; a null compares after
// every value. cols[t] is the key's column in the table of type t (null: no
// such property, read as null).
int CompareCells(const Column* ca, RowId ra, const Column* cb, RowId rb) {
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

int CompareKey(const Graph& g, NodeId a, NodeId b, const std::vector<const Column*>& cols) {
  return CompareCells(cols[g.node_type(a)], g.node_row(a), cols[g.node_type(b)], g.node_row(b));
}

template <typename T>
void Page(const plan::Options& opts, std::vector<T>* rows) {
  size_t off = static_cast<size_t>(std::min<int64_t>(opts.offset, rows->size()));
  if (off > 0) rows->erase(rows->begin(), rows->begin() + off);
  if (opts.limit > 0 && static_cast<size_t>(opts.limit) < rows->size()) rows->resize(opts.limit);
}

}  // namespace

Pager::Pager(const Graph& g, const plan::Options& options)
    : Pager(g, options, options.sort, -1) {}

Pager::Pager(const Graph& g, const plan::Options& options,
             const std::vector<plan::SortKey>& sort, int rel_type)
    : g_(g), options_(options), sort_(sort) {
  const Schema& s = g.schema();
  cols_.assign(sort.size(), std::vector<const Column*>(s.types().size()));
  for (size_t k = 0; k < sort.size(); ++k) {
    if (sort[k].on_edge) {
      const EdgeTable& et = g.edges(rel_type);
      if (et.properties_type == kNoType) continue;
      int p = s.type(et.properties_type).FindProperty(sort[k].property);
      if (p >= 0 && static_cast<size_t>(p) < et.columns.size()) cols_[k][0] = &et.columns[p];
      continue;
    }
    for (TypeId t = 0; t < static_cast<TypeId>(s.types().size()); ++t) {
      if (!s.type(t).is_object()) continue;
      int p = s.type(t).FindProperty(sort[k].property);
      if (p >= 0) cols_[k][t] = &g.table(t).columns[p];
    }
  }
}

void Pager::SortAndPage(std::vector<NodeId>* nodes) const {
  if (!sort_.empty() && nodes->size() > 1) {
    std::stable_sort(nodes->begin(), nodes->end(), [&](NodeId a, NodeId b) {
      for (size_t k = 0; k < sort_.size(); ++k) {
        int c = CompareKey(g_, a, b, cols_[k]);
        if (c != 0) return sort_[k].descending ? c > 0 : c < 0;
      }
      return false;
    });
  }
  Page(options_, nodes);
}

void Pager::SortAndPage(std::vector<Entry>* entries) const {
  if (!sort_.empty() && entries->size() > 1) {
    std::stable_sort(entries->begin(), entries->end(), [&](const Entry& a, const Entry& b) {
      for (size_t k = 0; k < sort_.size(); ++k) {
        int c = sort_[k].on_edge ? CompareCells(cols_[k][0], a.edge, cols_[k][0], b.edge)
                                 : CompareKey(g_, a.node, b.node, cols_[k]);
        if (c != 0) return sort_[k].descending ? c > 0 : c < 0;
      }
      return false;
    });
  }
  Page(options_, entries);
}

}  // namespace vigil::exec
