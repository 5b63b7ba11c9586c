// vigil/policy.h — packs of controls: loading and validating them.
//
// A pack is a directory (docs/policy.md has the full format):
//
//   ```text
//   packs/cis-aws/
//     pack.json          {"name", "version", "title", "description",
//                         "schema", "fragments": [...], "controls"}
//     fragments.graphql  fragments the checks may spread
//     controls/*.json    one control per file
//     controls/*.graphql queries kept in their own files ("queryFile")
//   ```
//
//   ```cpp
//   vigil::Diagnostics diags;
//   absl::StatusOr<std::shared_ptr<const vigil::Pack>> pack =
//       vigil::LoadPack("packs/cis-aws", {}, &diags);
//   ```
//
// Everything is validated before anything runs: unknown or missing keys,
// wrong JSON types, duplicate control ids or check names, a query that does
// not compile, an expectation that does not parse or cannot apply to the
// query's result, a parameter whose type or default is wrong, a query
// variable with no parameter (or of another type). Each problem is a
// Diagnostic naming the file, the line and column, and the control id.
// The pack is refused if there is any error; warnings (an unused parameter)
// do not stop it.
#ifndef VIGIL_POLICY_H_
#define VIGIL_POLICY_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "vigil/diagnostic.h"
#include "vigil/expectation.h"
#include "vigil/query.h"
#include "vigil/report.h"
#include "vigil/schema.h"
#include "vigil/value.h"

namespace vigil {

// A typed input of a control's queries (`"parameters": {"name": {...}}`).
// `type` is a GraphQL input type: a built-in scalar (ID, String, Int, Float,
// Boolean, DateTime), an enum of the schema, a `<Type>Where` filter type, or
// a list of those ("[String!]"), with `!` for non-null. A DateTime value
// may be written as an ISO-8601 duration ("-P90D", "PT12H") meaning the
// evaluation time plus that duration (see vigil/parameters.h).
struct ParameterDef {
  std::string name;
  std::string type;
  std::string description;
  bool has_default = false;
  Value default_value;
  std::string source;  // "file:line:col" of its declaration
};

struct CheckDef {
  std::string name;
  std::string query_text;  // the query, read from queryFile if given
  std::string query_file;  // "" for an inline query
  Expectation expect;
  std::shared_ptr<const Query> query;
  std::string source;  // "file:line:col" of the check
  std::string description;  // "" if none
  // The `reason` template shown for each offending row ("" if none):
  // `{field.path}` a field the query selects, `{$name}` a parameter of the
  // control (docs/policy.md). Validated when the pack loads.
  std::string reason;
};

struct ControlDef {
  std::string id;
  std::string title;
  std::string severity;  // critical | high | medium | low | informational
  std::string provider;
  std::vector<FrameworkRef> frameworks;
  std::vector<std::string> references;
  std::string overview, rationale, impact, remediation, notes;
  std::string service_wide_remediation;
  std::vector<std::string> operational_rollout;
  std::vector<std::string> connectors;
  std::vector<CheckDef> checks;
  std::vector<ParameterDef> parameters;  // declaration order
  std::vector<std::string> covered_types;  // from the compiled queries
  std::string file;  // the control file

  const ParameterDef* FindParameter(std::string_view name) const;
};

struct Pack {
  std::string name, version, title, description;
  std::string dir;          // the pack directory as given
  // Loaded with PackLoadOptions::confine_to_pack: the graph and exceptions
  // files its test files name must lie inside the pack or beside the test
  // file (in its directory or below).
  bool confined = false;
  // Loaded by LoadPackFromFiles: `dir` is only a label, nothing is on disk.
  bool in_memory = false;
  std::string schema_path;  // resolved path of the schema file
  std::shared_ptr<const Schema> schema;
  std::vector<std::shared_ptr<const FragmentLibrary>> fragments;
  std::vector<ControlDef> controls;  // ordered by control file name
  double compile_ms = 0;  // time spent compiling the queries

  const ControlDef* FindControl(std::string_view id) const;
};

struct PackLoadOptions {
  // Deepest JSON nesting accepted in pack and control files.
  int max_json_depth = 64;
  // Use this schema instead of the one pack.json names (tests, embedding).
  std::shared_ptr<const Schema> schema;
  // An untrusted pack: every file it names (schema, fragments, queryFile)
  // must lie inside the pack directory or one of `trusted_dirs` (e.g. the
  // bundled schemas), after symbolic links are resolved; an absolute path
  // or a "../" that leaves them is an error (policy.outside-pack), and the
  // file is not read. `vigil` sets this unless --allow-outside-pack.
  bool confine_to_pack = false;
  std::vector<std::string> trusted_dirs;
  // Where a schema named by its bare file name ("schema": "aws.graphql") is
  // looked for when the pack has no such file: the bundled schemas (vigil
  // sets this). "" looks only in the pack.
  std::string bundled_schemas_dir;
};

// Loads and validates the pack in directory `dir`. Errors and warnings go
// to `diags` (if given); the status message holds the first errors.
absl::StatusOr<std::shared_ptr<const Pack>> LoadPack(
    const std::string& dir, const PackLoadOptions& options = {},
    Diagnostics* diags = nullptr);

// Loads a pack held in memory, e.g. compiled into a scanner shipped as one
// binary: `files` maps each file name, relative to the pack root and
// '/'-separated ("pack.json", "controls/cis-aws-1.1.json",
// "fragments.graphql", the schema unless PackLoadOptions::schema), to its
// text. The loader is the one of LoadPack, reading from the map instead of
// the disk: the same validation and the same diagnostics, whose file names
// start with `label` ("embedded/controls/cis-aws-1.1.json:3:5"). A file the
// map lacks is reported as a missing file would be; a name that leaves the
// root ("../x") is never found. An exceptions file kept with the pack is
// parsed from its text with ExceptionSet::Parse (vigil/waivers.h).
//
//   ```cpp
//   std::map<std::string, std::string> files = {
//       {"pack.json", R"({"name": "mini", "version": "1", "schema": "schema.graphql"})"},
//       {"schema.graphql", "type Bucket { id: ID! public: Boolean }"},
//       {"controls/public.json", R"({"id": "public", "title": "No public bucket",
//          "severity": "high", "provider": "aws", "checks": [{"name": "public",
//          "query": "{ buckets(where: {public: true}) { id } }", "expect": "eq []"}]})"}};
//   vigil::Diagnostics diags;
//   absl::StatusOr<std::shared_ptr<const vigil::Pack>> pack =
//       vigil::LoadPackFromFiles(files, "embedded", {}, &diags);
//   ```
absl::StatusOr<std::shared_ptr<const Pack>> LoadPackFromFiles(
    const std::map<std::string, std::string>& files, const std::string& label = "embedded",
    const PackLoadOptions& options = {}, Diagnostics* diags = nullptr);

// Lints a loaded pack (`vigil lint`): warnings for filters that silently
// drop assets whose property is missing (`f_NOT`, `f_NOT_IN`,
// `f_NOT_CONTAINS`, ... on a scalar: a null never matches, so an asset
// without the property is neither kept nor reported), and for checks whose
// rows carry no `id` (an offending row must name its asset, or reports and
// exceptions cannot identify it); and, when the pack has a tests/
// directory, for controls no test file there has a case for
// (lint.untested-control).
void LintPack(const Pack& pack, Diagnostics* diags);

}  // namespace vigil

#endif  // VIGIL_POLICY_H_
