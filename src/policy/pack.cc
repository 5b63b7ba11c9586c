// Loading and validating packs (vigil/policy.h).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "src/base/file.h"
#include "src/base/strings.h"
#include "src/check/planner.h"
#include "src/policy/located_json.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"

namespace vigil {

const ParameterDef* ControlDef::FindParameter(std::string_view name) const {
  for (const auto& p : parameters) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const ControlDef* Pack::FindControl(std::string_view id) const {
  for (const auto& c : controls) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

namespace {

namespace fs = std::filesystem;
using policy::JsonDocument;
using policy::JsonMember;
using policy::JsonNode;

Diagnostic FileDiag(std::string_view file, std::string message,
                    std::string_view code = "policy.file") {
  Diagnostic d;
  d.code = std::string(code);
  d.message = std::move(message);
  d.file = std::string(file);
  return d;
}

std::string Where(const JsonDocument& doc, uint32_t offset) {
  SourceLocation loc = LocateOffset(doc.text(), offset);
  return StrCat(doc.file(), ":", loc.line, ":", loc.column);
}

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool ValidName(std::string_view n) {
  if (n.empty()) return false;
  auto start = [](char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!start(n[0])) return false;
  for (char c : n) {
    if (!start(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

constexpr std::string_view kSeverities[] = {"critical", "high", "medium", "low",
                                            "informational"};

class Loader {
 public:
  explicit Loader(const PackLoadOptions& options) : options_(options) {}

  absl::StatusOr<std::shared_ptr<const Pack>> Load(const std::string& dir);

 private:
  void Add(Diagnostic d) {
    if (d.severity == Severity::kError) ++errors_;
    all_.push_back(std::move(d));
  }
  void Error(const JsonDocument& doc, uint32_t offset, std::string_view code,
             std::string message) {
    Add(doc.At(offset, code, std::move(message)));
  }
  void Warn(const JsonDocument& doc, uint32_t offset, std::string_view code,
            std::string message) {
    Add(doc.At(offset, code, std::move(message), Severity::kWarning));
  }

  // Reports unknown keys of `obj` and missing required ones; true if fine.
  bool CheckKeys(const JsonDocument& doc, const JsonNode& obj, const std::string& ctx,
                 const std::vector<std::string>& allowed,
                 const std::vector<std::string>& required) {
    bool ok = true;
    for (const JsonMember& m : obj.members) {
      if (std::find(allowed.begin(), allowed.end(), m.key) == allowed.end()) {
        Error(doc, m.key_offset, "policy.unknown-key",
              StrCat(ctx, "unknown key \"", m.key, "\".", check::DidYouMean(m.key, allowed),
                     " Known keys: ", StrJoin(allowed, ", ")));
        ok = false;
      }
    }
    for (const std::string& r : required) {
      if (obj.Find(r) == nullptr) {
        Error(doc, obj.offset, "policy.missing-key",
              StrCat(ctx, "missing required key \"", r, "\""));
        ok = false;
      }
    }
    return ok;
  }

  // Typed getters: false (with an error) when the key is present with the
  // wrong JSON type; `*out` untouched when absent.
  bool GetString(const JsonDocument& doc, const JsonNode& obj, std::string_view key,
                 const std::string& ctx, std::string* out, const JsonNode** node = nullptr) {
    const JsonMember* m = obj.Find(key);
    if (m == nullptr) return true;
    if (!m->value->is_string()) {
      Error(doc, m->value->offset, "policy.wrong-type",
            StrCat(ctx, "\"", key, "\" must be a string, not ",
                   policy::JsonKindName(m->value->kind)));
      return false;
    }
    *out = m->value->s;
    if (node) *node = m->value;
    return true;
  }
  bool GetStringList(const JsonDocument& doc, const JsonNode& obj, std::string_view key,
                     const std::string& ctx, std::vector<std::string>* out) {
    const JsonMember* m = obj.Find(key);
    if (m == nullptr) return true;
    if (!m->value->is_array()) {
      Error(doc, m->value->offset, "policy.wrong-type",
            StrCat(ctx, "\"", key, "\" must be an array of strings, not ",
                   policy::JsonKindName(m->value->kind)));
      return false;
    }
    bool ok = true;
    for (const JsonNode* e : m->value->items) {
      if (!e->is_string()) {
        Error(doc, e->offset, "policy.wrong-type",
              StrCat(ctx, "the elements of \"", key, "\" must be strings, not ",
                     policy::JsonKindName(e->kind)));
        ok = false;
        continue;
      }
      out->push_back(e->s);
    }
    return ok;
  }

  void LoadControl(const fs::path& path, Pack* pack);
  void LoadCheck(const JsonDocument& doc, const JsonNode& node, size_t index,
                 const fs::path& controls_dir, const std::string& ctx,
                 ControlDef* control, const Pack& pack);
  void LoadParameters(const JsonDocument& doc, const JsonNode& node,
                      const std::string& ctx, ControlDef* control, const Pack& pack);
  void CheckVariables(const JsonDocument& doc, const std::string& ctx,
                      ControlDef* control, const std::vector<const JsonNode*>& check_nodes,
                      const std::map<std::string, uint32_t>& param_offsets);

  const PackLoadOptions& options_;
  Diagnostics all_;
  int errors_ = 0;
  std::map<std::string, std::string> control_ids_;  // id -> "file:line:col"
  double compile_ms_ = 0;

 public:
  const Diagnostics& diagnostics() const { return all_; }
  int errors() const { return errors_; }
};

void Loader::LoadParameters(const JsonDocument& doc, const JsonNode& node,
                            const std::string& ctx, ControlDef* control,
                            const Pack& pack) {
  if (!node.is_object()) {
    Error(doc, node.offset, "policy.wrong-type",
          StrCat(ctx, "\"parameters\" must be an object {\"name\": {\"type\": ..., "
                      "\"default\": ...}}, not ",
                 policy::JsonKindName(node.kind)));
    return;
  }
  for (const JsonMember& m : node.members) {
    std::string pctx = StrCat(ctx, "parameter \"", m.key, "\": ");
    if (!ValidName(m.key)) {
      Error(doc, m.key_offset, "policy.bad-parameter",
            StrCat(pctx, "a parameter name must be a GraphQL name ([_A-Za-z][_0-9A-Za-z]*)"));
      continue;
    }
    const JsonNode& p = *m.value;
    if (!p.is_object()) {
      Error(doc, p.offset, "policy.wrong-type",
            StrCat(pctx, "must be an object {\"type\": ..., \"default\": ..., "
                         "\"description\": ...}, not ",
                   policy::JsonKindName(p.kind)));
      continue;
    }
    if (!CheckKeys(doc, p, pctx, {"type", "default", "description"}, {"type"})) continue;
    ParameterDef def;
    def.name = m.key;
    def.source = Where(doc, m.key_offset);
    const JsonNode* type_node = nullptr;
    if (!GetString(doc, p, "type", pctx, &def.type, &type_node)) continue;
    if (!GetString(doc, p, "description", pctx, &def.description)) continue;
    std::string why;
    if (!IsValidParameterType(def.type, *pack.schema, &why)) {
      Error(doc, type_node->offset, "policy.bad-parameter-type", StrCat(pctx, why));
      continue;
    }
    if (const JsonMember* d = p.Find("default")) {
      def.has_default = true;
      def.default_value = d->value->ToValue();
      if (!ValueFitsType(def.default_value, def.type, *pack.schema, &why)) {
        Error(doc, d->value->offset, "policy.bad-parameter-default",
              StrCat(pctx, "the default does not fit type ", def.type, ": ", why));
        continue;
      }
    }
    control->parameters.push_back(std::move(def));
  }
}

// Moves a diagnostic about an inline query (offsets into the query text)
// into the control file, where the query is the JSON string `q`.
Diagnostic Relocate(const Diagnostic& d, const JsonDocument& doc, const JsonNode& q,
                    const std::string& query_label, const std::string& ctx) {
  if (d.file != query_label) {
    Diagnostic c = d;
    c.message = StrCat(ctx, c.message);
    return c;
  }
  return doc.At(q.StringByteOffset(doc.text(), d.location.offset), d.code,
                StrCat(ctx, d.message), d.severity);
}

void Loader::LoadCheck(const JsonDocument& doc, const JsonNode& node, size_t index,
                       const fs::path& controls_dir, const std::string& ctx,
                       ControlDef* control, const Pack& pack) {
  std::string cctx = StrCat(ctx, "checks[", index, "]: ");
  if (!node.is_object()) {
    Error(doc, node.offset, "policy.wrong-type",
          StrCat(cctx, "a check must be an object {\"name\", \"query\" or \"queryFile\", "
                       "\"expect\"}, not ",
                 policy::JsonKindName(node.kind)));
    return;
  }
  bool keys_ok = CheckKeys(doc, node, cctx, {"name", "query", "queryFile", "expect", "description"},
                           {"name", "expect"});
  CheckDef check;
  check.source = Where(doc, node.offset);
  const JsonNode* name_node = nullptr;
  const JsonNode* query_node = nullptr;
  const JsonNode* file_node = nullptr;
  const JsonNode* expect_node = nullptr;
  std::string dummy;
  bool ok = GetString(doc, node, "name", cctx, &check.name, &name_node);
  ok &= GetString(doc, node, "query", cctx, &check.query_text, &query_node);
  ok &= GetString(doc, node, "queryFile", cctx, &check.query_file, &file_node);
  std::string expect_text;
  ok &= GetString(doc, node, "expect", cctx, &expect_text, &expect_node);
  ok &= GetString(doc, node, "description", cctx, &dummy);
  if (!ok || !keys_ok) return;
  if (check.name.empty()) {
    Error(doc, name_node->offset, "policy.bad-check", StrCat(cctx, "the check name is empty"));
    return;
  }
  cctx = StrCat(ctx, "check \"", check.name, "\": ");
  for (const CheckDef& other : control->checks) {
    if (other.name == check.name) {
      Error(doc, name_node->offset, "policy.duplicate-check",
            StrCat(cctx, "another check of this control has the same name (", other.source, ")"));
      return;
    }
  }
  if ((query_node == nullptr) == (file_node == nullptr)) {
    Error(doc, node.offset, "policy.bad-check",
          StrCat(cctx, query_node ? "give either \"query\" or \"queryFile\", not both"
                                  : "missing \"query\" (or \"queryFile\")"));
    return;
  }
  // The expectation.
  Diagnostics ediags;
  auto expect = Expectation::Parse(expect_text, doc.file(), &ediags);
  if (!expect.ok()) {
    for (const Diagnostic& d : ediags) {
      Add(doc.At(expect_node->StringByteOffset(doc.text(), d.location.offset), d.code,
                 StrCat(cctx, "expectation \"", expect_text, "\": ", d.message)));
    }
  } else {
    check.expect = *std::move(expect);
  }
  // The query.
  std::string label;
  if (file_node != nullptr) {
    fs::path qpath = controls_dir / check.query_file;
    auto text = ReadTextFile(qpath.string());
    if (!text.ok()) {
      Error(doc, file_node->offset, "policy.query-file",
            StrCat(cctx, "cannot read queryFile \"", check.query_file, "\" (",
                   qpath.string(), ")"));
      return;
    }
    check.query_text = *std::move(text);
    label = qpath.string();
  } else {
    label = StrCat(doc.file(), "#query");
  }
  CompileOptions copts;
  copts.file_name = label;
  copts.fragments = pack.fragments;
  Diagnostics qdiags;
  auto t0 = std::chrono::steady_clock::now();
  auto query = Query::Compile(pack.schema, check.query_text, copts, &qdiags);
  compile_ms_ += std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - t0).count();
  if (!query.ok()) {
    if (qdiags.empty()) {
      Error(doc, query_node ? query_node->offset : file_node->offset, "policy.bad-query",
            StrCat(cctx, "the query does not compile: ", std::string(query.status().message())));
    }
    for (const Diagnostic& d : qdiags) {
      if (query_node != nullptr) {
        Add(Relocate(d, doc, *query_node, label, cctx));
      } else {
        Diagnostic c = d;
        c.message = StrCat(cctx, c.message);
        Add(std::move(c));
      }
    }
    return;
  }
  check.query = *query;
  if (!expect.ok()) return;
  if (check.query->stored_form() && !check.expect.AppliesToLists()) {
    Error(doc, expect_node->StringByteOffset(doc.text(), 0), "policy.bad-expectation",
          StrCat(cctx, "expectation \"", check.expect.text,
                 "\" compares a number, but a stored check's result is a list of rows; "
                 "write \"count ", ExpectOpName(check.expect.op), " ",
                 check.expect.value.ToJson(), "\" to compare the number of rows"));
    return;
  }
  if (!check.query->stored_form() && check.expect.count) {
    // A document's result is an object keyed by root field: never a list.
    Error(doc, expect_node->StringByteOffset(doc.text(), 0), "policy.bad-expectation",
          StrCat(cctx, "expectation \"", check.expect.text,
                 "\" counts rows, but the query is a document whose result is an object; "
                 "write the check in the stored one-field form"));
    return;
  }
  control->checks.push_back(std::move(check));
}

void Loader::CheckVariables(const JsonDocument& doc, const std::string& ctx,
                            ControlDef* control, const std::vector<const JsonNode*>& check_nodes,
                            const std::map<std::string, uint32_t>& param_offsets) {
  // Where `$name` is first used in check i: a diagnostic there.
  auto at_use = [&](size_t i, const std::string& name, std::string_view code,
                    std::string message) {
    const CheckDef& check = control->checks[i];
    const std::string& q = check.query_text;
    size_t pos = 0, found = std::string::npos;
    std::string needle = StrCat("$", name);
    while ((pos = q.find(needle, pos)) != std::string::npos) {
      size_t end = pos + needle.size();
      bool boundary = end >= q.size() || !(std::isalnum(static_cast<unsigned char>(q[end])) || q[end] == '_');
      if (boundary) {
        found = pos;
        break;
      }
      pos = end;
    }
    const JsonNode* node = check_nodes[i];
    if (!check.query_file.empty()) {
      // The query is in its own file.
      fs::path qpath = fs::path(doc.file()).parent_path() / check.query_file;
      Add(MakeDiagnostic(code, std::move(message), qpath.string(), q,
                         found == std::string::npos ? 0 : static_cast<uint32_t>(found)));
      return;
    }
    Add(doc.At(found == std::string::npos ? node->offset : node->StringByteOffset(doc.text(), found),
               code, std::move(message)));
  };
  std::set<std::string> used;
  for (size_t i = 0; i < control->checks.size(); ++i) {
    const CheckDef& check = control->checks[i];
    std::string cctx = StrCat(ctx, "check \"", check.name, "\": ");
    for (const VariableInfo& v : check.query->variables()) {
      used.insert(v.name);
      const ParameterDef* p = control->FindParameter(v.name);
      if (p == nullptr) {
        if (v.has_default) continue;  // a document's own default
        at_use(i, v.name, "policy.undeclared-variable",
              StrCat(cctx, "the query uses $", v.name, " (of type ", v.type,
                     ") but the control declares no parameter \"", v.name,
                     "\"; add \"parameters\": {\"", v.name, "\": {\"type\": \"", v.type,
                     "\", \"default\": ...}}"));
        continue;
      }
      if (!TypeFits(p->type, v.type)) {
        auto it = param_offsets.find(p->name);
        Error(doc, it != param_offsets.end() ? it->second : check_nodes[i]->offset,
              "policy.parameter-type-mismatch",
              StrCat(cctx, "parameter \"", p->name, "\" is declared ", p->type,
                     " but the query uses $", v.name, " where ", v.type, " is expected"));
      }
    }
  }
  for (const ParameterDef& p : control->parameters) {
    if (!used.count(p.name)) {
      auto it = param_offsets.find(p.name);
      Warn(doc, it != param_offsets.end() ? it->second : 0, "policy.unused-parameter",
           StrCat(ctx, "parameter \"", p.name, "\" is not used by any check"));
    }
  }
}

void Loader::LoadControl(const fs::path& path, Pack* pack) {
  std::string file = path.string();
  auto text = ReadTextFile(path.string());
  if (!text.ok()) {
    Add(FileDiag(file, std::string(text.status().message())));
    return;
  }
  Diagnostics jd;
  auto doc = JsonDocument::Parse(*std::move(text), file, &jd, options_.max_json_depth);
  if (!doc.ok()) {
    for (auto& d : jd) Add(std::move(d));
    return;
  }
  const JsonNode& root = doc->root();
  if (!root.is_object()) {
    Error(*doc, root.offset, "policy.wrong-type",
          StrCat("a control file holds one JSON object, not ", policy::JsonKindName(root.kind)));
    return;
  }
  ControlDef c;
  c.file = file;
  const JsonNode* id_node = nullptr;
  if (!GetString(*doc, root, "id", "", &c.id, &id_node)) return;
  std::string ctx = c.id.empty() ? std::string("control: ") : StrCat("control \"", c.id, "\": ");
  static const std::vector<std::string> kAllowed = {
      "id", "title", "severity", "provider", "frameworks", "references", "overview",
      "rationale", "impact", "remediation", "notes", "serviceWideRemediation",
      "operationalRollout", "connectors", "checks", "parameters", "description"};
  static const std::vector<std::string> kRequired = {"id", "title", "severity", "provider",
                                                     "checks"};
  int errors_before = errors_;
  CheckKeys(*doc, root, ctx, kAllowed, kRequired);
  if (id_node != nullptr) {
    if (!ValidId(c.id)) {
      Error(*doc, id_node->offset, "policy.bad-id",
            StrCat(ctx, "a control id is 1 to 128 characters among A-Z a-z 0-9 - _ ."));
    } else if (auto it = control_ids_.find(c.id); it != control_ids_.end()) {
      Error(*doc, id_node->offset, "policy.duplicate-control",
            StrCat(ctx, "duplicate control id (first defined at ", it->second, ")"));
    } else {
      control_ids_[c.id] = Where(*doc, id_node->offset);
    }
  }
  const JsonNode* sev_node = nullptr;
  GetString(*doc, root, "title", ctx, &c.title);
  if (GetString(*doc, root, "severity", ctx, &c.severity, &sev_node) && sev_node != nullptr &&
      std::find(std::begin(kSeverities), std::end(kSeverities), c.severity) ==
          std::end(kSeverities)) {
    Error(*doc, sev_node->offset, "policy.bad-severity",
          StrCat(ctx, "severity \"", c.severity,
                 "\" is not one of critical, high, medium, low, informational"));
  }
  GetString(*doc, root, "provider", ctx, &c.provider);
  GetString(*doc, root, "overview", ctx, &c.overview);
  GetString(*doc, root, "rationale", ctx, &c.rationale);
  GetString(*doc, root, "impact", ctx, &c.impact);
  GetString(*doc, root, "remediation", ctx, &c.remediation);
  GetString(*doc, root, "notes", ctx, &c.notes);
  GetString(*doc, root, "serviceWideRemediation", ctx, &c.service_wide_remediation);
  GetStringList(*doc, root, "references", ctx, &c.references);
  GetStringList(*doc, root, "connectors", ctx, &c.connectors);
  std::string description;
  GetString(*doc, root, "description", ctx, &description);
  if (const JsonMember* m = root.Find("operationalRollout")) {
    if (m->value->is_string()) {
      c.operational_rollout.push_back(m->value->s);
    } else {
      GetStringList(*doc, root, "operationalRollout", ctx, &c.operational_rollout);
    }
  }
  if (const JsonMember* m = root.Find("frameworks")) {
    if (!m->value->is_array()) {
      Error(*doc, m->value->offset, "policy.wrong-type",
            StrCat(ctx, "\"frameworks\" must be an array of {\"name\", \"version\", \"id\"}"));
    } else {
      for (const JsonNode* f : m->value->items) {
        std::string fctx = StrCat(ctx, "frameworks: ");
        if (!f->is_object()) {
          Error(*doc, f->offset, "policy.wrong-type",
                StrCat(fctx, "each framework is an object {\"name\", \"version\", \"id\"}"));
          continue;
        }
        if (!CheckKeys(*doc, *f, fctx, {"name", "version", "id"}, {"name", "version", "id"}))
          continue;
        FrameworkRef ref;
        if (GetString(*doc, *f, "name", fctx, &ref.name) &&
            GetString(*doc, *f, "version", fctx, &ref.version) &&
            GetString(*doc, *f, "id", fctx, &ref.id)) {
          c.frameworks.push_back(std::move(ref));
        }
      }
    }
  }
  std::map<std::string, uint32_t> param_offsets;
  if (const JsonMember* m = root.Find("parameters")) {
    LoadParameters(*doc, *m->value, ctx, &c, *pack);
    if (m->value->is_object()) {
      for (const JsonMember& pm : m->value->members) param_offsets[pm.key] = pm.key_offset;
    }
  }
  std::vector<const JsonNode*> check_nodes;  // the query (or queryFile) string
  bool checks_ok = true;
  if (const JsonMember* m = root.Find("checks")) {
    if (!m->value->is_array() || m->value->items.empty()) {
      Error(*doc, m->value->offset, "policy.wrong-type",
            StrCat(ctx, "\"checks\" must be a non-empty array of checks"));
      checks_ok = false;
    } else {
      fs::path controls_dir = path.parent_path();
      for (size_t i = 0; i < m->value->items.size(); ++i) {
        const JsonNode& cn = *m->value->items[i];
        size_t before = c.checks.size();
        int e0 = errors_;
        LoadCheck(*doc, cn, i, controls_dir, ctx, &c, *pack);
        if (c.checks.size() > before) {
          const JsonMember* q = cn.Find("query");
          if (q == nullptr) q = cn.Find("queryFile");
          check_nodes.push_back(q->value);
        }
        if (errors_ > e0) checks_ok = false;
      }
    }
  }
  // Variables against parameters, only when everything else was fine (a
  // parameter that failed to load would be reported twice).
  if (errors_ == errors_before && checks_ok) {
    CheckVariables(*doc, ctx, &c, check_nodes, param_offsets);
  }
  if (errors_ != errors_before) return;
  std::set<std::string> covered;
  for (const CheckDef& ch : c.checks) {
    for (auto& t : ch.query->covered_types()) covered.insert(t);
  }
  c.covered_types.assign(covered.begin(), covered.end());
  pack->controls.push_back(std::move(c));
}

absl::StatusOr<std::shared_ptr<const Pack>> Loader::Load(const std::string& dir) {
  auto pack = std::make_shared<Pack>();
  pack->dir = dir;
  fs::path root(dir);
  fs::path manifest = root / "pack.json";
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    Add(FileDiag(dir, "not a pack directory (it does not exist or is not a directory)"));
    return absl::InvalidArgumentError(StrCat(dir, ": not a pack directory"));
  }
  auto text = ReadTextFile(manifest.string());
  if (!text.ok()) {
    Add(FileDiag(manifest.string(), "a pack directory must hold pack.json"));
    return absl::InvalidArgumentError(StrCat(manifest.string(), ": cannot read pack.json"));
  }
  Diagnostics jd;
  auto doc = JsonDocument::Parse(*std::move(text), manifest.string(), &jd,
                                 options_.max_json_depth);
  if (!doc.ok()) {
    for (auto& d : jd) Add(std::move(d));
    return doc.status();
  }
  const JsonNode& m = doc->root();
  if (!m.is_object()) {
    Error(*doc, m.offset, "policy.wrong-type", "pack.json holds one JSON object");
    return DiagnosticsToStatus(all_);
  }
  const std::string ctx = "pack: ";
  CheckKeys(*doc, m, ctx, {"name", "version", "title", "description", "schema", "fragments", "controls"},
            options_.schema ? std::vector<std::string>{"name", "version"}
                            : std::vector<std::string>{"name", "version", "schema"});
  std::string schema_file, controls_dir = "controls";
  const JsonNode* schema_node = nullptr;
  const JsonNode* controls_node = nullptr;
  GetString(*doc, m, "name", ctx, &pack->name);
  GetString(*doc, m, "version", ctx, &pack->version);
  GetString(*doc, m, "title", ctx, &pack->title);
  GetString(*doc, m, "description", ctx, &pack->description);
  GetString(*doc, m, "schema", ctx, &schema_file, &schema_node);
  GetString(*doc, m, "controls", ctx, &controls_dir, &controls_node);
  std::vector<std::string> fragment_files;
  GetStringList(*doc, m, "fragments", ctx, &fragment_files);
  if (errors_ > 0) return DiagnosticsToStatus(all_);

  // Schema.
  if (options_.schema) {
    pack->schema = options_.schema;
  } else {
    fs::path sp = root / schema_file;
    pack->schema_path = sp.lexically_normal().string();
    auto sdl = ReadTextFile(sp.string());
    if (!sdl.ok()) {
      Error(*doc, schema_node->offset, "policy.schema",
            StrCat(ctx, "cannot read the schema file \"", schema_file, "\" (", sp.string(), ")"));
      return DiagnosticsToStatus(all_);
    }
    Diagnostics sd;
    auto schema = Schema::FromSdl(*sdl, pack->schema_path, &sd);
    if (!schema.ok()) {
      if (sd.empty()) Add(FileDiag(pack->schema_path, std::string(schema.status().message())));
      for (auto& d : sd) Add(std::move(d));
      return DiagnosticsToStatus(all_);
    }
    pack->schema = *schema;
  }
  // Fragments.
  for (size_t i = 0; i < fragment_files.size(); ++i) {
    fs::path fp = root / fragment_files[i];
    auto ft = ReadTextFile(fp.string());
    if (!ft.ok()) {
      const JsonNode* fn = m.Find("fragments")->value->items[i];
      Error(*doc, fn->offset, "policy.fragments",
            StrCat(ctx, "cannot read the fragment file \"", fragment_files[i], "\""));
      continue;
    }
    Diagnostics fd;
    auto lib = FragmentLibrary::Parse(*ft, fp.string(), &fd);
    if (!lib.ok()) {
      if (fd.empty()) Add(FileDiag(fp.string(), std::string(lib.status().message())));
      for (auto& d : fd) Add(std::move(d));
      continue;
    }
    pack->fragments.push_back(*lib);
  }
  if (errors_ > 0) return DiagnosticsToStatus(all_);

  // Controls, in file-name order.
  fs::path cdir = root / controls_dir;
  if (!fs::is_directory(cdir, ec)) {
    Error(*doc, controls_node ? controls_node->offset : m.offset, "policy.controls",
          StrCat(ctx, "the controls folder \"", controls_dir, "\" does not exist"));
    return DiagnosticsToStatus(all_);
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(cdir, ec)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    Diagnostic d = FileDiag(cdir.string(), "the controls folder holds no control (*.json)",
                            "policy.no-controls");
    d.severity = Severity::kWarning;
    Add(std::move(d));
  }
  for (const fs::path& f : files) LoadControl(f, pack.get());
  pack->compile_ms = compile_ms_;
  if (errors_ > 0) return DiagnosticsToStatus(all_);
  return std::shared_ptr<const Pack>(std::move(pack));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Pack>> LoadPack(const std::string& dir,
                                                     const PackLoadOptions& options,
                                                     Diagnostics* diags) {
  Loader loader(options);
  auto r = loader.Load(dir);
  if (diags) diags->insert(diags->end(), loader.diagnostics().begin(), loader.diagnostics().end());
  return r;
}

}  // namespace vigil
