#include "src/exec/projection.h"

#include "src/exec/sort.h"

namespace vigil::exec {

void Projector::Fill(Level* level) {
  if (level->plan == nullptr) return;  // an rConnection whose node is not selected
  const plan::SelectionPlan& sp = *level->plan;
  for (TypeId c : g_.schema().type(sp.static_type).concrete_types) {
    const plan::TypeSelection* ts = sp.by_type[c].get();
    if (ts == nullptr) continue;
    for (size_t fi = 0; fi < ts->fields.size(); ++fi) {
      const plan::FieldPlan& fp = ts->fields[fi];
      if (fp.kind == plan::FieldPlan::Kind::kProperty ||
          fp.kind == plan::FieldPlan::Kind::kTypename) {
        continue;
      }
      if (!ev_->bindings().Includes(fp.guard)) continue;
      auto child = std::make_unique<LevelChild>();
      child->level.plan = fp.kind == plan::FieldPlan::Kind::kRelAggregate ? nullptr
                                                                          : fp.selection.get();
      if (exceeded_) return;
      BuildChild(*level, c, fp, child.get());
      if (exceeded_) return;
      Fill(&child->level);
      level->children[{c, static_cast<int>(fi)}] = std::move(child);
    }
  }
}

const Adjacency& Projector::EdgesOf(TypeId c, const plan::FieldPlan& fp) {
  const Adjacency& own = g_.adjacency(c, fp.rel_index);
  const bool undirected =
      fp.undirected || (fp.directed_guard >= 0 && !ev_->bindings().Includes(fp.directed_guard));
  if (!undirected) return own;
  auto& slot = undirected_[{c, fp.rel_index}];
  if (slot) return *slot;
  // The edges of the other direction: an edge whose far end (for this
  // field) is an asset of type c, and whose near end is of the field's
  // target type. A loop is one edge, followed once.
  const Schema& s = g_.schema();
  const RelationshipDef& rel = *fp.rel;
  const EdgeTable& et = g_.edges(rel.rel_type_index);
  const bool out = rel.direction == Direction::kOut;
  std::vector<bool> is_target(s.types().size(), false);
  for (TypeId t : s.type(rel.target).concrete_types) is_target[t] = true;
  const size_t rows = g_.table(c).num_rows();
  std::vector<uint32_t> extra(rows + 1, 0);
  auto reversed = [&](EdgeId e, NodeId* self, NodeId* other) {
    *self = out ? et.to[e] : et.from[e];
    *other = out ? et.from[e] : et.to[e];
    return *self != *other && g_.node_type(*self) == c && is_target[g_.node_type(*other)];
  };
  NodeId self, other;
  for (EdgeId e = 0; e < et.num_edges(); ++e) {
    if (reversed(e, &self, &other)) ++extra[g_.node_row(self)];
  }
  auto adj = std::make_unique<Adjacency>();
  adj->rel_type = own.rel_type;
  adj->single_target_type = own.single_target_type;
  std::vector<uint32_t> offsets(rows + 1, 0);
  for (size_t r = 0; r < rows; ++r) {
    offsets[r + 1] = offsets[r] + (own.offsets[r + 1] - own.offsets[r]) + extra[r];
  }
  const size_t n = offsets[rows];
  const bool typed = adj->single_target_type == kNoType;
  std::vector<RowId> target_rows(n);
  std::vector<EdgeId> edges(n);
  std::vector<TypeId> target_types(typed ? n : 0);
  // Per row: its own edges first (load order), then the reversed ones.
  std::vector<uint32_t> next(rows);
  // The bounds below hold in every graph the loaders accept; they are
  // checked anyway so that a snapshot file changed under its graph (whose
  // evaluation then fails: Graph::CheckIntact) cannot make this write out
  // of bounds.
  const size_t own_entries = own.target_rows.size();
  for (size_t r = 0; r < rows; ++r) {
    uint32_t at = offsets[r];
    const uint32_t end = std::min<uint32_t>(own.offsets[r + 1], static_cast<uint32_t>(own_entries));
    for (uint32_t i = own.offsets[r]; i < end && at < n; ++i, ++at) {
      target_rows[at] = own.target_rows[i];
      edges[at] = own.edges[i];
      if (typed) target_types[at] = own.TargetType(i);
    }
    next[r] = at;
  }
  for (EdgeId e = 0; e < et.num_edges(); ++e) {
    if (!reversed(e, &self, &other)) continue;
    uint32_t at = next[g_.node_row(self)]++;
    if (at >= n) continue;
    target_rows[at] = g_.node_row(other);
    edges[at] = e;
    if (typed) target_types[at] = g_.node_type(other);
  }
  adj->offsets = std::move(offsets);
  adj->target_rows = std::move(target_rows);
  adj->edges = std::move(edges);
  adj->target_types = std::move(target_types);
  slot = std::move(adj);
  return *slot;
}

void Projector::BuildChild(const Level& parent, TypeId c, const plan::FieldPlan& fp,
                           LevelChild* child) {
  using Kind = plan::FieldPlan::Kind;
  const Schema& s = g_.schema();
  child->offsets.assign(parent.nodes.size() + 1, 0);
  const bool generated = fp.kind != Kind::kRelationship;
  if (fp.kind == Kind::kRelConnection) child->totals.assign(parent.nodes.size(), 0);
  bool any_parent = false;
  for (NodeId n : parent.nodes) {
    if (g_.node_type(n) == c) {
      any_parent = true;
      break;
    }
  }
  if (!any_parent) return;  // nothing to filter for
  const Adjacency& adj = EdgesOf(c, fp);
  const plan::Filter* where = ev_->Resolve(fp.where);
  plan::Options options = ev_->bindings().Resolve(fp.options);
  options.offset += fp.skip;
  // rConnection's where is decided per edge; the others' per target row.
  Tri entry_mask;
  std::vector<Tri> masks(s.types().size());
  if (where != nullptr) {
    if (fp.kind == Kind::kRelConnection) {
      ev_->EvalEdges(*where, *fp.rel, adj, &entry_mask);
    } else {
      for (TypeId t : s.type(fp.rel->target).concrete_types)
        ev_->Eval(*where, ev_->NodeRows(t), &masks[t]);
    }
  }
  const Pager pager(g_, options, fp.kind == Kind::kRelConnection ? fp.connection_sort : options.sort,
                    fp.rel->rel_type_index);
  std::vector<NodeId> buf;
  std::vector<Pager::Entry> entries;
  for (size_t i = 0; i < parent.nodes.size(); ++i) {
    NodeId n = parent.nodes[i];
    child->offsets[i] = static_cast<uint32_t>(child->level.nodes.size());
    if (g_.node_type(n) != c) continue;
    RowId r = g_.node_row(n);
    buf.clear();
    entries.clear();
    for (uint32_t e = adj.offsets[r]; e < adj.offsets[r + 1]; ++e) {
      TypeId tt = adj.TargetType(e);
      RowId tr = adj.target_rows[e];
      if (where != nullptr &&
          !(fp.kind == Kind::kRelConnection ? entry_mask.IsTrue(e) : masks[tt].IsTrue(tr))) {
        continue;
      }
      if (generated) {
        entries.push_back(Pager::Entry{g_.table(tt).nodes[tr], adj.edges[e]});
      } else {
        buf.push_back(g_.table(tt).nodes[tr]);
      }
    }
    if (generated) {
      if (fp.kind == Kind::kRelConnection) {
        child->totals[i] = static_cast<uint32_t>(entries.size());
        pager.SortAndPage(&entries);
      }
      if (!AddRows(entries.size())) return;
      for (const Pager::Entry& en : entries) {
        child->level.nodes.push_back(en.node);
        child->edges.push_back(en.edge);
      }
      continue;
    }
    pager.SortAndPage(&buf);
    if (!fp.rel->is_list && buf.size() > 1) buf.erase(buf.begin() + 1, buf.end());
    // Aliases at every level multiply the rows: bounded, so that a small
    // hostile query cannot take the machine's memory.
    if (!AddRows(buf.size())) return;
    child->level.nodes.insert(child->level.nodes.end(), buf.begin(), buf.end());
  }
  child->offsets[parent.nodes.size()] = static_cast<uint32_t>(child->level.nodes.size());
}

}  // namespace vigil::exec
