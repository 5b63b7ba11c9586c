#include "src/exec/projection.h"

#include "src/exec/sort.h"

namespace vigil::exec {

void Projector::Fill(Level* level) {
  const plan::SelectionPlan& sp = *level->plan;
  for (TypeId c : g_.schema().type(sp.static_type).concrete_types) {
    const plan::TypeSelection* ts = sp.by_type[c].get();
    if (ts == nullptr) continue;
    for (size_t fi = 0; fi < ts->fields.size(); ++fi) {
      const plan::FieldPlan& fp = ts->fields[fi];
      if (fp.kind != plan::FieldPlan::Kind::kRelationship) continue;
      if (!ev_->bindings().Includes(fp.guard)) continue;
      auto child = std::make_unique<LevelChild>();
      child->level.plan = fp.selection.get();
      if (exceeded_) return;
      BuildChild(*level, c, fp, child.get());
      if (exceeded_) return;
      Fill(&child->level);
      level->children[{c, static_cast<int>(fi)}] = std::move(child);
    }
  }
}

void Projector::BuildChild(const Level& parent, TypeId c, const plan::FieldPlan& fp,
                           LevelChild* child) {
  const Schema& s = g_.schema();
  const Adjacency& adj = g_.adjacency(c, fp.rel_index);
  child->offsets.assign(parent.nodes.size() + 1, 0);
  bool any_parent = false;
  for (NodeId n : parent.nodes) {
    if (g_.node_type(n) == c) {
      any_parent = true;
      break;
    }
  }
  if (!any_parent) return;  // nothing to filter for
  const plan::Filter* where = ev_->Resolve(fp.where);
  const plan::Options& options = ev_->bindings().Resolve(fp.options);
  std::vector<Tri> masks(s.types().size());
  if (where != nullptr) {
    for (TypeId t : s.type(fp.rel->target).concrete_types)
      ev_->Eval(*where, ev_->NodeRows(t), &masks[t]);
  }
  const Pager pager(g_, options);
  std::vector<NodeId> buf;
  for (size_t i = 0; i < parent.nodes.size(); ++i) {
    NodeId n = parent.nodes[i];
    child->offsets[i] = static_cast<uint32_t>(child->level.nodes.size());
    if (g_.node_type(n) != c) continue;
    RowId r = g_.node_row(n);
    buf.clear();
    for (uint32_t e = adj.offsets[r]; e < adj.offsets[r + 1]; ++e) {
      TypeId tt = adj.TargetType(e);
      RowId tr = adj.target_rows[e];
      if (where != nullptr && !masks[tt].IsTrue(tr)) continue;
      buf.push_back(g_.table(tt).nodes[tr]);
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
