// vigil/query.h — compile a stored check or GraphQL document against a
// schema, then evaluate it over a graph.
//
//   ```cpp
//   auto schema = vigil::Schema::FromSdl(sdl).value();
//   vigil::CompileOptions opts;
//   opts.fragments.push_back(vigil::FragmentLibrary::Parse(frag_text).value());
//   absl::StatusOr<std::shared_ptr<const vigil::Query>> q = vigil::Query::Compile(
//       schema, R"(vpcs(where: {hasFlowLog: null}) { id })", opts);
//   absl::StatusOr<vigil::QueryResult> r = (*q)->Evaluate(*graph);
//   std::cout << r->ToJson();
//   ```
//
// Compilation type-checks everything the query says against the schema (see
// docs/query-language.md): a query that compiles never fails during
// evaluation for a reason the checker could see. Only variable values,
// which arrive with each evaluation, are checked at the start of Evaluate.
//
// Query objects are immutable and may be evaluated concurrently from many
// threads, over many graphs of the same schema.
#ifndef VIGIL_QUERY_H_
#define VIGIL_QUERY_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "vigil/coverage.h"
#include "vigil/diagnostic.h"
#include "vigil/graph.h"
#include "vigil/schema.h"
#include "vigil/value.h"

namespace vigil {

namespace query_internal {
struct Access;
}  // namespace query_internal

// Fragment definitions kept apart from queries (a pack's fragments.graphql).
// Immutable; may be shared by many queries.
class FragmentLibrary {
 public:
  // Errors (syntax, two fragments of one name) are located diagnostics.
  static absl::StatusOr<std::shared_ptr<const FragmentLibrary>> Parse(
      std::string_view text, std::string_view file_name = "",
      Diagnostics* diags = nullptr);
  ~FragmentLibrary();

 private:
  friend struct query_internal::Access;
  struct Impl;
  FragmentLibrary();
  std::unique_ptr<Impl> impl_;
};

struct CompileOptions {
  std::string file_name;  // used in diagnostics ("<query>" when empty)
  std::vector<std::shared_ptr<const FragmentLibrary>> fragments;
  int max_depth = 64;  // nesting limit for the parser
};

// One variable of a query: declared (documents) or inferred from its uses
// (stored form), with its GraphQL type, e.g. "[String!]" or "VpcWhere".
struct VariableInfo {
  std::string name;
  std::string type;
  bool has_default = false;
  Value default_value;
};

struct EvalOptions {
  int threads = 0;  // 0: one per core; 1: the calling thread only
  // When set, receives per-clause TRUE/FALSE/UNKNOWN row counts
  // (vigil/coverage.h). Costs a popcount per clause per evaluation.
  Coverage* coverage = nullptr;
  // The most rows the result may hold, nested rows included (aliases and
  // relationship fields at every level multiply them). Beyond it the
  // evaluation fails (ResourceExhausted) instead of exhausting memory.
  // 0: the larger of 10,000,000 and the graph's assets plus relationships.
  size_t max_result_rows = 0;
};

class QueryResult;

class Query {
 public:
  static absl::StatusOr<std::shared_ptr<const Query>> Compile(
      std::shared_ptr<const Schema> schema, std::string_view text,
      const CompileOptions& options = {}, Diagnostics* diags = nullptr);
  ~Query();

  // True for the stored one-field form (the result is a JSON array).
  bool stored_form() const;
  const std::vector<VariableInfo>& variables() const;
  // Asset types the query reads: its root types and every type its filters
  // and selections reach (concrete types, sorted by name).
  std::vector<std::string> covered_types() const;
  const Schema& schema() const;
  // Every key written in the query's where arguments (vigil/coverage.h),
  // in text order.
  std::vector<Clause> clauses() const;
  // The query text as compiled (clause offsets refer to it).
  const std::string& text() const;

  // Evaluates over `graph` (which must use this query's schema, or one equal
  // to it). `variables` is a JSON object (or null for none); a variable not
  // given takes its default. The query is planned once, at Compile: an
  // evaluation checks each value against its variable's type, binds the
  // values into the plan's variable slots, and runs the plan; it never
  // checks the query again.
  //
  // The result BORROWS `graph`: it reads the graph's asset ids and
  // properties whenever it is read or serialised (root_nodes, RootIds,
  // ToJson, ToValue), so the graph must outlive the QueryResult. Destroying
  // the graph first and then reading the result is a use-after-free. Use the
  // shared_ptr overload below when that is not obvious at the call site.
  absl::StatusOr<QueryResult> Evaluate(const Graph& graph,
                                       const Value& variables = Value(),
                                       const EvalOptions& options = {}) const;
  // The same, but the result SHARES ownership of the graph: it keeps the
  // graph alive until the result (and every result moved from it) is
  // destroyed, so the caller may drop its own pointer first:
  //
  //   ```cpp
  //   std::shared_ptr<const vigil::Query> q =
  //       vigil::Query::Compile(schema, "vpcs { id }").value();
  //   std::shared_ptr<const vigil::Graph> g = graph;
  //   absl::StatusOr<vigil::QueryResult> r = q->Evaluate(std::move(g));
  //   // `g` is gone; the result still holds the graph.
  //   if (r.ok()) std::cout << r->ToJson();
  //   ```
  //
  // A null `graph` is InvalidArgument.
  absl::StatusOr<QueryResult> Evaluate(std::shared_ptr<const Graph> graph,
                                       const Value& variables = Value(),
                                       const EvalOptions& options = {}) const;

 private:
  friend struct query_internal::Access;
  struct Impl;
  Query();
  std::unique_ptr<Impl> impl_;
};

// The rows a query selected, held in memory as node ids with their selected
// fields resolved against the (immutable) graph. Serialising is separate.
// Every accessor reads the graph the query was evaluated over: that graph
// must be alive (Query::Evaluate(const Graph&) borrows it; the shared_ptr
// overload keeps it alive). A moved-from QueryResult may only be destroyed
// or assigned to.
class QueryResult {
 public:
  QueryResult(QueryResult&&) noexcept;
  QueryResult& operator=(QueryResult&&) noexcept;
  ~QueryResult();

  bool stored_form() const;
  // Number of root rows (of the first root field for documents).
  size_t size() const;
  // NodeIds of the root rows of root field `i` (in result order).
  const std::vector<NodeId>& root_nodes(size_t i = 0) const;
  // The asset ids of root field `i`'s rows. The views point into the graph:
  // they are valid while this result (or another owner of the graph) lives,
  // so keep the result, not only the ids, when it holds the graph's last
  // reference (Evaluate(std::shared_ptr<const Graph>)).
  std::vector<std::string_view> RootIds(size_t i = 0) const;

  // The result as JSON text: an array for the stored form, an object keyed
  // by response key for documents. Byte-identical for the same inputs.
  std::string ToJson() const;
  void AppendJson(std::string* out) const;
  Value ToValue() const;

 private:
  friend struct query_internal::Access;
  struct Impl;
  explicit QueryResult(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil

#endif  // VIGIL_QUERY_H_
