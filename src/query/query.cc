// vigil::Query and vigil::FragmentLibrary: the public face of check::Compile
// and check::Bind + exec::Run.
#include "vigil/query.h"

#include <algorithm>
#include <cstdint>

#include "src/check/program.h"
#include "src/exec/run.h"
#include "src/query/query_internal.h"

namespace vigil {

using query_internal::Access;

FragmentLibrary::FragmentLibrary() : impl_(std::make_unique<Impl>()) {}
FragmentLibrary::~FragmentLibrary() = default;

absl::StatusOr<std::shared_ptr<const FragmentLibrary>> FragmentLibrary::Parse(
    std::string_view text, std::string_view file_name, Diagnostics* diags) {
  auto set = check::ParseFragmentSet(text, file_name, diags);
  if (!set.ok()) return set.status();
  std::shared_ptr<FragmentLibrary> lib = Access::NewFragmentLibrary();
  lib->impl_->set = *std::move(set);
  return std::shared_ptr<const FragmentLibrary>(std::move(lib));
}

Query::Query() : impl_(std::make_unique<Impl>()) {}
Query::~Query() = default;

absl::StatusOr<std::shared_ptr<const Query>> Query::Compile(std::shared_ptr<const Schema> schema,
                                                            std::string_view text,
                                                            const CompileOptions& options,
                                                            Diagnostics* diags) {
  check::CompileInput input;
  input.text = text;
  input.file = options.file_name;
  input.max_depth = options.max_depth;
  for (const auto& lib : options.fragments) {
    if (lib != nullptr) input.fragments.push_back(Access::Fragments(*lib));
  }
  auto program = check::Compile(std::move(schema), input, diags);
  if (!program.ok()) return program.status();
  std::shared_ptr<Query> query = Access::NewQuery();
  query->impl_->program = *std::move(program);
  for (const check::Variable& v : query->impl_->program->variables) {
    query->impl_->variables.push_back(
        VariableInfo{v.name, v.type.ToString(), v.has_default, v.default_value});
  }
  return std::shared_ptr<const Query>(std::move(query));
}

bool Query::stored_form() const { return impl_->program->stored_form; }
const std::vector<VariableInfo>& Query::variables() const { return impl_->variables; }
const Schema& Query::schema() const { return *impl_->program->schema; }
const std::string& Query::text() const { return impl_->program->text; }

std::vector<std::string> Query::covered_types() const {
  const check::Program& p = *impl_->program;
  std::vector<std::string> names;
  for (TypeId t : p.plan.covered) names.push_back(p.schema->type(t).name);
  return names;
}

std::vector<Clause> Query::clauses() const { return check::Clauses(*impl_->program); }

namespace {

// Binds the variables and runs the plan (on `pool` when set, else on the
// pools exec::Run picks for `options.threads`).
absl::StatusOr<QueryResult> Run(const std::shared_ptr<const check::Program>& program,
                                const Graph& graph, const Value& variables,
                                const EvalOptions& options, ThreadPool* pool) {
  auto bindings = check::Bind(*program, variables);
  if (!bindings.ok()) return bindings.status();
  // A graph viewing a snapshot file written since it was loaded is not read.
  if (absl::Status intact = graph.CheckIntact(); !intact.ok()) return intact;
  exec::RunOptions run;
  run.threads = options.threads;
  run.pool = pool;
  run.coverage = options.coverage;
  run.max_rows = options.max_result_rows != 0
                     ? options.max_result_rows
                     : std::max<size_t>(10'000'000, graph.num_assets() + graph.num_edges());
  // Child levels address their rows with 32-bit offsets.
  run.max_rows = std::min<size_t>(run.max_rows, UINT32_MAX - 1);
  auto data = exec::Run(program, *std::move(bindings), graph, run);
  if (!data.ok()) return data.status();
  // A snapshot file that shrank under the graph read as zeros: no result.
  if (absl::Status intact = graph.CheckIntact(); !intact.ok()) return intact;
  return Access::NewResult(*std::move(data));
}

}  // namespace

namespace query_internal {

absl::StatusOr<QueryResult> EvaluateOnPool(const Query& query, const Graph& graph,
                                           const Value& variables, const EvalOptions& options,
                                           ThreadPool* pool) {
  EvalOptions o = options;
  if (pool == nullptr) o.threads = 1;
  return Run(Access::Program(query), graph, variables, o, pool);
}

}  // namespace query_internal

absl::StatusOr<QueryResult> Query::Evaluate(const Graph& graph, const Value& variables,
                                            const EvalOptions& options) const {
  return Run(impl_->program, graph, variables, options, nullptr);
}

absl::StatusOr<QueryResult> Query::Evaluate(std::shared_ptr<const Graph> graph,
                                            const Value& variables,
                                            const EvalOptions& options) const {
  if (graph == nullptr) return absl::InvalidArgumentError("Query::Evaluate: the graph is null");
  absl::StatusOr<QueryResult> result = Evaluate(*graph, variables, options);
  if (result.ok()) Access::KeepGraph(*result, std::move(graph));
  return result;
}

}  // namespace vigil
