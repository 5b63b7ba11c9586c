#include "src/exec/run.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>

#include "src/base/strings.h"
#include "src/base/thread_pool.h"
#include "src/exec/evaluator.h"
#include "src/exec/projection.h"
#include "src/exec/sort.h"

namespace vigil::exec {
namespace {

ThreadPool* PoolFor(int threads) {
  if (threads == 1) return nullptr;
  if (threads <= 0 || threads >= static_cast<int>(std::thread::hardware_concurrency()))
    return &ThreadPool::Default();  // more threads than cores would not help
  static std::mutex mu;
  static auto* pools = new std::map<int, std::unique_ptr<ThreadPool>>();
  std::lock_guard<std::mutex> l(mu);
  auto& p = (*pools)[threads];
  if (!p) p = std::make_unique<ThreadPool>(threads);
  return p.get();
}

}  // namespace

bool SameShape(const Schema& a, const Schema& b) {
  if (a.types().size() != b.types().size() || a.enums().size() != b.enums().size() ||
      a.relationship_types() != b.relationship_types()) {
    return false;
  }
  for (size_t i = 0; i < a.enums().size(); ++i) {
    if (a.enums()[i].name != b.enums()[i].name || a.enums()[i].values != b.enums()[i].values)
      return false;
  }
  for (size_t i = 0; i < a.types().size(); ++i) {
    const TypeDef& x = a.types()[i];
    const TypeDef& y = b.types()[i];
    if (x.name != y.name || x.kind != y.kind || x.concrete_types != y.concrete_types ||
        x.properties.size() != y.properties.size() ||
        x.relationships.size() != y.relationships.size()) {
      return false;
    }
    for (size_t p = 0; p < x.properties.size(); ++p) {
      const PropertyDef& m = x.properties[p];
      const PropertyDef& n = y.properties[p];
      if (m.name != n.name || m.kind != n.kind || m.is_list != n.is_list ||
          m.enum_index != n.enum_index || m.non_null != n.non_null ||
          m.element_non_null != n.element_non_null) {
        return false;
      }
    }
    for (size_t r = 0; r < x.relationships.size(); ++r) {
      const RelationshipDef& m = x.relationships[r];
      const RelationshipDef& n = y.relationships[r];
      if (m.field_name != n.field_name || m.rel_type_index != n.rel_type_index ||
          m.direction != n.direction || m.target != n.target || m.is_list != n.is_list ||
          m.properties != n.properties) {
        return false;
      }
    }
  }
  return true;
}

absl::StatusOr<std::unique_ptr<ResultData>> Run(std::shared_ptr<const check::Program> program,
                                                std::shared_ptr<const check::Bindings> bindings,
                                                const Graph& graph, const RunOptions& options) {
  const check::Program& p = *program;
  if (&graph.schema() != p.schema.get() && !SameShape(graph.schema(), *p.schema)) {
    // The plan addresses types, properties and relationships by index.
    return absl::InvalidArgumentError(
        "the graph was built with a different schema than the query was compiled against");
  }
  auto data = std::make_unique<ResultData>();
  data->graph = &graph;
  data->program = program;
  data->bindings = bindings;
  data->stored_form = p.stored_form;
  ThreadPool* pool = options.threads == 1     ? nullptr
                     : options.pool != nullptr ? options.pool
                                               : PoolFor(options.threads);
  Evaluator ev(graph, *bindings, pool, options.coverage);
  Projector proj(graph, &ev, options.max_rows);
  auto too_many = [&] {
    return absl::ResourceExhaustedError(StrCat(
        "the result would hold more than ", options.max_rows,
        " rows (nested rows included: aliases and relationship fields at every level multiply "
        "them); narrow the query, or raise the limit (vigil: --max-result-rows N)"));
  };
  const Schema& s = graph.schema();
  for (const plan::RootFieldPlan& rp : p.plan.roots) {
    if (!bindings->Includes(rp.guard)) continue;  // @skip / @include
    RootResult rr;
    rr.key = rp.key;
    rr.typename_only = rp.typename_only;
    if (!rp.typename_only) {
      const plan::Filter* where = ev.Resolve(rp.where);
      const auto& concrete = s.type(rp.type).concrete_types;
      for (TypeId c : concrete) {
        const Table& t = graph.table(c);
        if (where == nullptr) {
          rr.level.nodes.insert(rr.level.nodes.end(), t.nodes.begin(), t.nodes.end());
          continue;
        }
        Tri tri;
        ev.Eval(*where, ev.NodeRows(c), &tri);
        for (size_t w = 0; w < tri.t.size(); ++w) {
          uint64_t bits = tri.t[w];
          while (bits) {
            size_t r = w * 64 + __builtin_ctzll(bits);
            bits &= bits - 1;
            rr.level.nodes.push_back(t.nodes[r]);
          }
        }
      }
      if (concrete.size() > 1) std::sort(rr.level.nodes.begin(), rr.level.nodes.end());
      rr.plan = &rp;
      using Shape = plan::RootFieldPlan::Shape;
      if (rp.shape == Shape::kConnection) {
        rr.total = rr.level.nodes.size();
        plan::Options page = bindings->Resolve(rp.options);
        page.offset += rp.skip;
        rr.start = std::min<size_t>(rr.total, static_cast<size_t>(page.offset));
        SortAndPage(graph, page, &rr.level.nodes);
      } else if (rp.shape == Shape::kList) {
        SortAndPage(graph, bindings->Resolve(rp.options), &rr.level.nodes);
      }
      rr.level.plan = rp.selection.get();
      if (rr.level.plan != nullptr) {  // rows of a list or connection (not an aggregate)
        if (!proj.AddRows(rr.level.nodes.size())) return too_many();
        proj.Fill(&rr.level);
        if (proj.exceeded()) return too_many();
      }
    }
    data->roots.push_back(std::move(rr));
  }
  return data;
}

}  // namespace vigil::exec
