// vigil::QueryResult: the rows of an evaluation (exec::ResultData) and their
// serialisation.
#include "src/exec/sinks.h"
#include "src/query/query_internal.h"
#include "vigil/query.h"

namespace vigil {

QueryResult::QueryResult(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
QueryResult::QueryResult(QueryResult&&) noexcept = default;
QueryResult& QueryResult::operator=(QueryResult&&) noexcept = default;
QueryResult::~QueryResult() = default;

bool QueryResult::stored_form() const { return impl_->data->stored_form; }

size_t QueryResult::size() const {
  const auto& roots = impl_->data->roots;
  return roots.empty() ? 0 : roots[0].level.nodes.size();
}

const std::vector<NodeId>& QueryResult::root_nodes(size_t i) const {
  static const std::vector<NodeId> kNone;
  // A root field skipped by @skip/@include has no rows.
  const auto& roots = impl_->data->roots;
  return i < roots.size() ? roots[i].level.nodes : kNone;
}

std::vector<std::string_view> QueryResult::RootIds(size_t i) const {
  const std::vector<NodeId>& nodes = root_nodes(i);
  std::vector<std::string_view> ids;
  ids.reserve(nodes.size());
  for (NodeId n : nodes) ids.push_back(impl_->data->graph->asset_id(n));
  return ids;
}

void QueryResult::AppendJson(std::string* out) const { exec::AppendJson(*impl_->data, out); }

std::string QueryResult::ToJson() const {
  std::string s;
  AppendJson(&s);
  return s;
}

Value QueryResult::ToValue() const { return exec::ToValue(*impl_->data); }

}  // namespace vigil
