// Loading and validating packs (vigil/policy.h).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "src/base/did_you_mean.h"
#include "src/base/file.h"
#include "src/base/json_reader.h"
#include "src/base/object_reader.h"
#include "src/base/strings.h"
#include "src/base/utf8.h"
#include "src/policy/reason.h"
#include "src/query/query_internal.h"
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
using json::Kind;
using json::KeySpec;
using json::kRequired;
using json::Type;

Diagnostic FileDiag(std::string_view file, std::string message,
                    std::string_view code = "policy.file") {
  Diagnostic d;
  d.code = std::string(code);
  d.message = std::move(message);
  d.file = std::string(file);
  return d;
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

// Where the loader reads a pack's files: the disk, or a map of file name
// -> text held in memory (LoadPackFromFiles). Everything else, validation
// and diagnostics, is the same code.
class PackSource {
 public:
  struct Entry {
    fs::path path;
    bool is_directory = false;
  };
  virtual ~PackSource() = default;
  virtual bool IsDirectory(const fs::path& p) const = 0;
  // Whether `p` names something (a file or a directory).
  virtual bool Exists(const fs::path& p) const = 0;
  virtual absl::StatusOr<std::string> Read(const fs::path& p) const = 0;
  // The entries directly in directory `dir` (in any order).
  virtual std::vector<Entry> List(const fs::path& dir) const = 0;
  // Whether `p` lies inside `root` (PackLoadOptions::confine_to_pack).
  virtual bool IsInside(const fs::path& p, const fs::path& root) const = 0;
  virtual bool in_memory() const { return false; }
};

class DiskSource : public PackSource {
 public:
  bool IsDirectory(const fs::path& p) const override {
    std::error_code ec;
    return fs::is_directory(p, ec);
  }
  bool Exists(const fs::path& p) const override {
    std::error_code ec;
    return fs::exists(p, ec);
  }
  absl::StatusOr<std::string> Read(const fs::path& p) const override {
    return ReadTextFile(p.string());
  }
  std::vector<Entry> List(const fs::path& dir) const override {
    std::vector<Entry> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      out.push_back({e.path(), e.is_directory(ec)});
    }
    return out;
  }
  bool IsInside(const fs::path& p, const fs::path& root) const override {
    return PathIsInside(p.string(), root.string());
  }
};

// Files named relative to the pack root; the paths the loader builds are
// `root / name`, so a name is found back by taking the root off.
class MemorySource : public PackSource {
 public:
  MemorySource(const std::map<std::string, std::string>& files, fs::path root)
      : files_(files), root_(std::move(root)) {}

  bool IsDirectory(const fs::path& p) const override {
    std::optional<std::string> rel = Relative(p);
    if (!rel) return false;
    if (rel->empty()) return true;
    const std::string prefix = *rel + "/";
    auto it = files_.lower_bound(prefix);
    return it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
  }
  bool Exists(const fs::path& p) const override {
    if (IsDirectory(p)) return true;
    std::optional<std::string> rel = Relative(p);
    return rel.has_value() && files_.count(*rel) > 0;
  }
  absl::StatusOr<std::string> Read(const fs::path& p) const override {
    std::optional<std::string> rel = Relative(p);
    if (rel) {
      if (auto it = files_.find(*rel); it != files_.end()) return it->second;
    }
    return absl::NotFoundError(StrCat(p.string(), ": no such file among the pack's files"));
  }
  std::vector<Entry> List(const fs::path& dir) const override {
    std::vector<Entry> out;
    std::optional<std::string> rel = Relative(dir);
    if (!rel) return out;
    const std::string prefix = rel->empty() ? "" : *rel + "/";
    std::set<std::string> subdirs;
    for (auto it = files_.lower_bound(prefix);
         it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
      const std::string rest = it->first.substr(prefix.size());
      const size_t slash = rest.find('/');
      if (slash == std::string::npos) {
        out.push_back({dir / rest, false});
      } else if (subdirs.insert(rest.substr(0, slash)).second) {
        out.push_back({dir / rest.substr(0, slash), true});
      }
    }
    return out;
  }
  bool IsInside(const fs::path& p, const fs::path& root) const override {
    (void)root;  // the only root is the pack's
    return Relative(p).has_value();
  }
  bool in_memory() const override { return true; }

 private:
  // `p` relative to the root, normalized ("" for the root itself); none
  // when it is outside.
  std::optional<std::string> Relative(const fs::path& p) const {
    const fs::path rel = p.lexically_normal().lexically_relative(root_.lexically_normal());
    if (rel.empty()) return std::nullopt;
    std::string r = rel.generic_string();
    if (r == ".") return std::string();
    if (r == ".." || r.compare(0, 3, "../") == 0) return std::nullopt;
    return r;
  }

  const std::map<std::string, std::string>& files_;
  fs::path root_;
};

class Loader {
 public:
  Loader(const PackLoadOptions& options, const PackSource& source)
      : options_(options), source_(source) {}

  absl::StatusOr<std::shared_ptr<const Pack>> Load(const std::string& dir);

 private:
  void Add(Diagnostic d) { all_.push_back(std::move(d)); }
  void Error(const json::Document& doc, uint32_t offset, std::string_view code,
             std::string message) {
    Add(doc.At(offset, code, std::move(message)));
  }
  void Warn(const json::Document& doc, uint32_t offset, std::string_view code,
            std::string message) {
    Add(doc.At(offset, code, std::move(message), Severity::kWarning));
  }
  int ErrorCount() const {
    int n = 0;
    for (const Diagnostic& d : all_) n += d.severity == Severity::kError;
    return n;
  }
  absl::StatusOr<json::Document> ReadJson(const std::string& path, std::string text) {
    json::ReadOptions ro;
    ro.max_depth = options_.max_json_depth;
    return json::Document::Parse(std::move(text), path, &all_, ro);
  }

  void LoadControl(const fs::path& path, Pack* pack);
  bool CheckReason(const json::Document& doc, const json::Node& node, const std::string& cctx,
                   const CheckDef& check, const ControlDef& control);
  void LoadCheck(const json::Document& doc, const json::Node& node, size_t index,
                 const fs::path& controls_dir, const std::string& ctx,
                 ControlDef* control, const Pack& pack);
  void LoadParameters(const json::Document& doc, const json::Node& node,
                      const std::string& ctx, ControlDef* control, const Pack& pack);
  void CheckVariables(const json::Document& doc, const std::string& ctx,
                      ControlDef* control, const std::vector<const json::Node*>& check_nodes,
                      const std::map<std::string, uint32_t>& param_offsets);

  bool MayRead(const fs::path& root, const fs::path& p) const;
  fs::path pack_root_;
  const PackLoadOptions& options_;
  const PackSource& source_;
  Diagnostics all_;
  std::map<std::string, std::string> control_ids_;  // id -> "file:line:col"
  double compile_ms_ = 0;

 public:
  const Diagnostics& diagnostics() const { return all_; }
};

void Loader::LoadParameters(const json::Document& doc, const json::Node& node,
                            const std::string& ctx, ControlDef* control,
                            const Pack& pack) {
  for (const json::Member& m : node.members) {
    std::string pctx = StrCat(ctx, "parameter ", Quoted(m.key), ": ");
    if (!ValidName(m.key)) {
      Error(doc, m.key_offset, "policy.bad-parameter",
            StrCat(pctx, "a parameter name must be a GraphQL name ([_A-Za-z][_0-9A-Za-z]*)"));
      continue;
    }
    json::ObjectReader p(doc, *m.value,
                         {{"type", Type::kString, kRequired},
                          {"default", Type::kAny},
                          {"description", Type::kString}},
                         &all_, pctx, {},
                         " {\"type\": ..., \"default\": ..., \"description\": ...}");
    if (!p.ok()) continue;
    ParameterDef def;
    def.name = m.key;
    def.source = doc.Where(m.key_offset);
    def.type = p.String("type");
    def.description = p.String("description");
    std::string why;
    if (!IsValidParameterType(def.type, *pack.schema, &why)) {
      p.Error(*p.Get("type"), "policy.bad-parameter-type", why);
      continue;
    }
    if (const json::Node* d = p.Get("default")) {
      def.has_default = true;
      def.default_value = d->ToValue();
      if (!ValueFitsType(def.default_value, def.type, *pack.schema, &why)) {
        p.Error(*d, "policy.bad-parameter-default",
                StrCat("the default does not fit type ", def.type, ": ", why));
        continue;
      }
    }
    control->parameters.push_back(std::move(def));
  }
}

// Moves a diagnostic about an inline query (offsets into the query text)
// into the control file, where the query is the JSON string `q`.
Diagnostic Relocate(const Diagnostic& d, const json::Document& doc, const json::Node& q,
                    const std::string& query_label, const std::string& ctx) {
  if (d.file != query_label) {
    Diagnostic c = d;
    c.message = StrCat(ctx, c.message);
    return c;
  }
  return doc.At(doc.StringOffset(q, d.location.offset), d.code, StrCat(ctx, d.message),
                d.severity);
}

void Loader::LoadCheck(const json::Document& doc, const json::Node& node, size_t index,
                       const fs::path& controls_dir, const std::string& ctx,
                       ControlDef* control, const Pack& pack) {
  json::ObjectReader r(doc, node,
                       {{"name", Type::kString, kRequired},
                        {"query", Type::kString},
                        {"queryFile", Type::kString},
                        {"expect", Type::kString, kRequired},
                        {"description", Type::kString},
                        {"reason", Type::kString}},
                       &all_, ctx, {},
                       " {\"name\", \"query\" or \"queryFile\", \"expect\"}");
  if (!r.ok()) return;
  CheckDef check;
  check.source = doc.Where(node.offset);
  const json::Node* name_node = r.Get("name");
  const json::Node* query_node = r.Get("query");
  const json::Node* file_node = r.Get("queryFile");
  const json::Node* expect_node = r.Get("expect");
  check.name = name_node->s;
  if (query_node != nullptr) check.query_text = query_node->s;
  if (file_node != nullptr) check.query_file = file_node->s;
  const std::string expect_text = expect_node->s;
  check.description = r.String("description");
  const json::Node* reason_node = r.Get("reason");
  if (reason_node != nullptr) check.reason = reason_node->s;
  if (check.name.empty()) {
    Error(doc, name_node->offset, "policy.bad-check",
          StrCat(ctx, "checks[", index, "]: the check name is empty"));
    return;
  }
  std::string cctx = StrCat(ctx, "check ", Quoted(check.name), ": ");
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
      Add(doc.At(doc.StringOffset(*expect_node, d.location.offset), d.code,
                 StrCat(cctx, "expectation ", Quoted(expect_text), ": ", d.message)));
    }
  } else {
    check.expect = *std::move(expect);
  }
  // The query.
  std::string label;
  if (file_node != nullptr) {
    fs::path qpath = controls_dir / check.query_file;
    if (!MayRead(pack_root_, qpath)) {
      Error(doc, file_node->offset, "policy.outside-pack",
            StrCat(cctx, "queryFile ", Quoted(check.query_file),
                   " lies outside the pack; a pack may only name its own files (vigil: "
                   "--allow-outside-pack for a pack you trust)"));
      return;
    }
    auto text = source_.Read(qpath);
    if (!text.ok()) {
      Error(doc, file_node->offset, "policy.query-file",
            StrCat(cctx, "cannot read queryFile ", Quoted(check.query_file), " (",
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
  if (query_internal::ProgramOf(*check.query).plan.roots.empty()) {
    // Every root field is left out by a constant @skip/@include: the check
    // can never select a row, so any "no row" expectation would pass.
    size_t at = std::min(check.query_text.find("@skip"), check.query_text.find("@include"));
    uint32_t offset = query_node != nullptr
                          ? doc.StringOffset(*query_node, at == std::string::npos ? 0 : at)
                          : file_node->offset;
    Error(doc, offset, "policy.never-selects",
          StrCat(cctx, "the query selects nothing: a constant @skip(if: true) or "
                       "@include(if: false) leaves out every root field, so the check could "
                       "never find an asset; remove the directive (or use a variable)"));
    return;
  }
  if (!expect.ok()) return;
  if (check.query->stored_form() && !check.expect.AppliesToLists()) {
    Error(doc, doc.StringOffset(*expect_node, 0), "policy.bad-expectation",
          StrCat(cctx, "expectation \"", check.expect.text,
                 "\" compares a number, but a stored check's result is a list of rows; "
                 "write \"count ", ExpectOpName(check.expect.op), " ",
                 check.expect.value.ToJson(), "\" to compare the number of rows"));
    return;
  }
  if (!check.query->stored_form() && check.expect.count) {
    // A document's result is an object keyed by root field: never a list.
    Error(doc, doc.StringOffset(*expect_node, 0), "policy.bad-expectation",
          StrCat(cctx, "expectation \"", check.expect.text,
                 "\" counts rows, but the query is a document whose result is an object; "
                 "write the check in the stored one-field form"));
    return;
  }
  if (reason_node != nullptr && !CheckReason(doc, *reason_node, cctx, check, *control)) return;
  control->checks.push_back(std::move(check));
}

// A check's `reason` template: balanced braces, every {path} a field the
// query selects for each row, every {$name} a parameter of the control.
bool Loader::CheckReason(const json::Document& doc, const json::Node& node,
                         const std::string& cctx, const CheckDef& check,
                         const ControlDef& control) {
  std::vector<policy::ReasonPart> parts;
  std::string why;
  uint32_t at = 0;
  auto fail = [&](uint32_t offset, std::string message) {
    Error(doc, doc.StringOffset(node, offset), "policy.bad-reason",
          StrCat(cctx, "reason: ", std::move(message)));
    return false;
  };
  if (!policy::ParseReason(node.s, &parts, &why, &at)) return fail(at, why);
  const bool has_fields = std::any_of(parts.begin(), parts.end(), [](const auto& p) {
    return p.kind == policy::ReasonPart::Kind::kField;
  });
  if (has_fields && !check.query->stored_form()) {
    return fail(0, "a {field} in the reason needs a check in the stored one-field form (its "
                   "result is a list of rows)");
  }
  const std::set<std::string> paths = policy::SelectedPaths(*check.query);
  for (const policy::ReasonPart& p : parts) {
    if (p.kind == policy::ReasonPart::Kind::kParameter &&
        control.FindParameter(p.text) == nullptr) {
      std::vector<std::string> names;
      for (const ParameterDef& d : control.parameters) names.push_back(d.name);
      return fail(p.offset,
                  StrCat("{$", p.text, "}: the control declares no parameter ", Quoted(p.text),
                         ".",
                         names.empty() ? std::string(" It declares none.")
                                       : StrCat(DidYouMean(p.text, names), " Its parameters: ",
                                                StrJoin(names, ", "))));
    }
    if (p.kind == policy::ReasonPart::Kind::kField && !paths.count(p.text)) {
      std::vector<std::string> options(paths.begin(), paths.end());
      return fail(p.offset, StrCat("{", p.text, "}: the query selects no field ", Quoted(p.text),
                                   " for its rows.", DidYouMean(p.text, options),
                                   " Add it to the selection, or name a selected field."));
    }
  }
  return true;
}

void Loader::CheckVariables(const json::Document& doc, const std::string& ctx,
                            ControlDef* control,
                            const std::vector<const json::Node*>& check_nodes,
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
    const json::Node* node = check_nodes[i];
    if (!check.query_file.empty()) {
      // The query is in its own file.
      fs::path qpath = fs::path(doc.file()).parent_path() / check.query_file;
      Add(MakeDiagnostic(code, std::move(message), qpath.string(), q,
                         found == std::string::npos ? 0 : static_cast<uint32_t>(found)));
      return;
    }
    Add(doc.At(found == std::string::npos ? node->offset : doc.StringOffset(*node, found),
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
  auto text = source_.Read(path);
  if (!text.ok()) {
    Add(FileDiag(file, std::string(text.status().message())));
    return;
  }
  auto doc = ReadJson(file, *std::move(text));
  if (!doc.ok()) return;
  const json::Node& root = doc->root();
  ControlDef c;
  c.file = file;
  const json::Node* id_node = root.Get("id");
  if (id_node != nullptr && id_node->is_string()) c.id = id_node->s;
  std::string ctx = c.id.empty() ? std::string("control: ") : StrCat("control ", Quoted(c.id), ": ");
  const int errors_before = ErrorCount();
  json::ObjectReader r(
      *doc, root,
      {{"id", Type::kString, kRequired},
       {"title", Type::kString, kRequired},
       {"severity", Type::kString, kRequired},
       {"provider", Type::kString, kRequired},
       {"frameworks", Type::kArray, false, false,
        "an array of {\"name\", \"version\", \"id\"[, \"assessment\", \"profile\"]}"},
       {"references", Type::kStringArray},
       {"overview", Type::kString},
       {"rationale", Type::kString},
       {"impact", Type::kString},
       {"remediation", Type::kString},
       {"notes", Type::kString},
       {"serviceWideRemediation", Type::kString},
       {"operationalRollout", Type::kStringOrStringArray},
       {"connectors", Type::kStringArray},
       {"checks", Type::kArray, kRequired, true, "a non-empty array of checks"},
       {"parameters", Type::kObject, false, false,
        "an object {\"name\": {\"type\": ..., \"default\": ...}}"},
       {"description", Type::kString}},
      &all_, ctx, "a control file", " {\"id\", \"title\", \"severity\", \"checks\", ...}");
  if (!r.is_object()) return;
  if (r.Get("id") != nullptr) {
    if (!ValidId(c.id)) {
      r.Error(*id_node, "policy.bad-id", "a control id is 1 to 128 characters among A-Z a-z 0-9 - _ .");
    } else if (auto it = control_ids_.find(c.id); it != control_ids_.end()) {
      r.Error(*id_node, "policy.duplicate-control",
              StrCat("duplicate control id (first defined at ", it->second, ")"));
    } else {
      control_ids_[c.id] = doc->Where(id_node->offset);
    }
  }
  c.title = r.String("title");
  c.severity = r.String("severity");
  if (const json::Node* sev = r.Get("severity");
      sev != nullptr &&
      std::find(std::begin(kSeverities), std::end(kSeverities), c.severity) ==
          std::end(kSeverities)) {
    r.Error(*sev, "policy.bad-severity",
            StrCat("severity ", Quoted(c.severity),
                   " is not one of critical, high, medium, low, informational"));
  }
  c.provider = r.String("provider");
  c.overview = r.String("overview");
  c.rationale = r.String("rationale");
  c.impact = r.String("impact");
  c.remediation = r.String("remediation");
  c.notes = r.String("notes");
  c.service_wide_remediation = r.String("serviceWideRemediation");
  c.references = r.Strings("references");
  c.connectors = r.Strings("connectors");
  c.operational_rollout = r.Strings("operationalRollout");
  if (const json::Node* fw = r.Get("frameworks")) {
    for (const json::Node* f : fw->items) {
      json::ObjectReader fr(*doc, *f,
                            {{"name", Type::kString, kRequired},
                             {"version", Type::kString, kRequired},
                             {"id", Type::kString, kRequired},
                             {"assessment", Type::kString, false, true},
                             {"profile", Type::kString, false, true}},
                            &all_, ctx, {},
                            " {\"name\", \"version\", \"id\"[, \"assessment\", \"profile\"]}");
      if (!fr.ok()) continue;
      c.frameworks.push_back(FrameworkRef{fr.String("name"), fr.String("version"), fr.String("id"),
                                          fr.String("assessment"), fr.String("profile")});
    }
  }
  std::map<std::string, uint32_t> param_offsets;
  if (const json::Node* params = r.Get("parameters")) {
    LoadParameters(*doc, *params, ctx, &c, *pack);
    for (const json::Member& pm : params->members) param_offsets[pm.key] = pm.key_offset;
  }
  std::vector<const json::Node*> check_nodes;  // the query (or queryFile) string
  bool checks_ok = r.Get("checks") != nullptr;
  if (const json::Node* checks = r.Get("checks")) {
    fs::path controls_dir = path.parent_path();
    for (size_t i = 0; i < checks->items.size(); ++i) {
      const json::Node& cn = *checks->items[i];
      size_t before = c.checks.size();
      int e0 = ErrorCount();
      LoadCheck(*doc, cn, i, controls_dir, ctx, &c, *pack);
      if (c.checks.size() > before) {
        const json::Node* q = cn.Get("query");
        check_nodes.push_back(q != nullptr ? q : cn.Get("queryFile"));
      }
      if (ErrorCount() > e0) checks_ok = false;
    }
  }
  // Variables against parameters, only when everything else was fine (a
  // parameter that failed to load would be reported twice).
  if (ErrorCount() == errors_before && checks_ok) {
    CheckVariables(*doc, ctx, &c, check_nodes, param_offsets);
  }
  if (ErrorCount() != errors_before) return;
  std::set<std::string> covered;
  for (const CheckDef& ch : c.checks) {
    for (auto& t : ch.query->covered_types()) covered.insert(t);
  }
  c.covered_types.assign(covered.begin(), covered.end());
  pack->controls.push_back(std::move(c));
}

// Whether `p` may be read for the pack at `root` (PackLoadOptions::
// confine_to_pack): inside the pack or a trusted directory once symbolic
// links are resolved.
bool Loader::MayRead(const fs::path& root, const fs::path& p) const {
  if (!options_.confine_to_pack) return true;
  if (source_.IsInside(p, root)) return true;
  for (const std::string& d : options_.trusted_dirs) {
    if (!d.empty() && source_.IsInside(p, d)) return true;
  }
  return false;
}

absl::StatusOr<std::shared_ptr<const Pack>> Loader::Load(const std::string& dir) {
  auto pack = std::make_shared<Pack>();
  pack->dir = dir;
  pack->confined = options_.confine_to_pack;
  pack->in_memory = source_.in_memory();
  fs::path root(dir);
  pack_root_ = root;
  fs::path manifest = root / "pack.json";
  if (!source_.IsDirectory(root)) {
    Add(FileDiag(dir, "not a pack directory (it does not exist or is not a directory)"));
    return absl::InvalidArgumentError(StrCat(dir, ": not a pack directory"));
  }
  auto text = source_.Read(manifest);
  if (!text.ok()) {
    Add(FileDiag(manifest.string(), "a pack directory must hold pack.json"));
    return absl::InvalidArgumentError(StrCat(manifest.string(), ": cannot read pack.json"));
  }
  auto doc = ReadJson(manifest.string(), *std::move(text));
  if (!doc.ok()) return doc.status();
  const json::Node& m = doc->root();
  json::ObjectReader r(*doc, m,
                       {{"name", Type::kString, kRequired},
                        {"version", Type::kString, kRequired},
                        {"title", Type::kString},
                        {"description", Type::kString},
                        {"schema", Type::kString, options_.schema == nullptr},
                        {"fragments", Type::kStringArray},
                        {"controls", Type::kString}},
                       &all_, "pack: ", "pack.json");
  pack->name = r.String("name");
  pack->version = r.String("version");
  pack->title = r.String("title");
  pack->description = r.String("description");
  const std::string schema_file = r.String("schema");
  const std::string controls_dir = r.String("controls", "controls");
  const json::Node* schema_node = r.Get("schema");
  const json::Node* controls_node = r.Get("controls");
  const std::vector<std::string> fragment_files = r.Strings("fragments");
  if (ErrorCount() > 0) return DiagnosticsToStatus(all_);
  const std::string ctx = "pack: ";

  // Schema.
  if (options_.schema) {
    pack->schema = options_.schema;
  } else {
    fs::path sp = root / schema_file;
    // A bare name not among the pack's files: a bundled schema
    // ("aws.graphql"), read from the bundled directory on disk (also for a
    // pack loaded from memory).
    bool bundled = false;
    if (std::error_code ec; !options_.bundled_schemas_dir.empty() &&
                            schema_file.find('/') == std::string::npos &&
                            !source_.Exists(sp) &&
                            fs::is_regular_file(
                                fs::path(options_.bundled_schemas_dir) / schema_file, ec)) {
      sp = fs::path(options_.bundled_schemas_dir) / schema_file;
      bundled = true;
    }
    pack->schema_path = sp.lexically_normal().string();
    if (!bundled && !MayRead(root, sp)) {
      Error(*doc, schema_node->offset, "policy.outside-pack",
            StrCat(ctx, "the schema file \"", schema_file,
                   "\" lies outside the pack (and the bundled schemas); a pack may only name "
                   "its own files (vigil: --allow-outside-pack for a pack you trust)"));
      return DiagnosticsToStatus(all_);
    }
    auto sdl = bundled ? ReadTextFile(sp.string()) : source_.Read(sp);
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
    if (!MayRead(root, fp)) {
      Error(*doc, r.Get("fragments")->items[i]->offset, "policy.outside-pack",
            StrCat(ctx, "the fragment file \"", fragment_files[i],
                   "\" lies outside the pack; a pack may only name its own files (vigil: "
                   "--allow-outside-pack for a pack you trust)"));
      continue;
    }
    auto ft = source_.Read(fp);
    if (!ft.ok()) {
      const json::Node* fn = r.Get("fragments")->items[i];
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
  if (ErrorCount() > 0) return DiagnosticsToStatus(all_);

  // Controls, in natural file-name order (cis-aws-1.2 before cis-aws-1.10).
  fs::path cdir = root / controls_dir;
  if (!MayRead(root, cdir)) {
    Error(*doc, controls_node ? controls_node->offset : m.offset, "policy.outside-pack",
          StrCat(ctx, "the controls folder \"", controls_dir,
                 "\" lies outside the pack (vigil: --allow-outside-pack for a pack you trust)"));
    return DiagnosticsToStatus(all_);
  }
  if (!source_.IsDirectory(cdir)) {
    Error(*doc, controls_node ? controls_node->offset : m.offset, "policy.controls",
          StrCat(ctx, "the controls folder \"", controls_dir, "\" does not exist"));
    return DiagnosticsToStatus(all_);
  }
  std::vector<fs::path> files;
  // What else the folder holds, to say why nothing was taken: a file named
  // *.JSON, controls in a subfolder (only the folder itself is read).
  std::vector<std::string> others;
  for (const PackSource::Entry& e : source_.List(cdir)) {
    if (!e.is_directory && e.path.extension() == ".json") {
      files.push_back(e.path);
    } else if (others.size() < 5) {
      others.push_back(e.path.filename().string() + (e.is_directory ? "/" : ""));
    }
  }
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    const std::string fa = a.filename().string(), fb = b.filename().string();
    return NaturalLess(fa, fb) || (!NaturalLess(fb, fa) && fa < fb);
  });
  std::sort(others.begin(), others.end());
  if (files.empty()) {
    // A pack without a control would pass every run: that is an error, and
    // the message says where the controls were looked for.
    std::string msg = StrCat("the pack defines no control: no control file (*.json, lower-case) in ",
                             cdir.lexically_normal().string(), " (subfolders are not read)");
    if (!others.empty()) StrAppend(&msg, "; the folder holds ", StrJoin(others, ", "));
    if (controls_node != nullptr) {
      Error(*doc, controls_node->offset, "policy.no-controls", StrCat(ctx, msg));
    } else {
      Add(FileDiag(cdir.string(), msg, "policy.no-controls"));
    }
    return DiagnosticsToStatus(all_);
  }
  for (const fs::path& f : files) LoadControl(f, pack.get());
  pack->compile_ms = compile_ms_;
  if (ErrorCount() > 0) return DiagnosticsToStatus(all_);
  return std::shared_ptr<const Pack>(std::move(pack));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Pack>> LoadPack(const std::string& dir,
                                                     const PackLoadOptions& options,
                                                     Diagnostics* diags) {
  DiskSource disk;
  Loader loader(options, disk);
  auto r = loader.Load(dir);
  if (diags) diags->insert(diags->end(), loader.diagnostics().begin(), loader.diagnostics().end());
  return r;
}

absl::StatusOr<std::shared_ptr<const Pack>> LoadPackFromFiles(
    const std::map<std::string, std::string>& files, const std::string& label,
    const PackLoadOptions& options, Diagnostics* diags) {
  const std::string root = label.empty() ? std::string("embedded") : label;
  MemorySource memory(files, fs::path(root));
  Loader loader(options, memory);
  auto r = loader.Load(root);
  if (diags) diags->insert(diags->end(), loader.diagnostics().begin(), loader.diagnostics().end());
  return r;
}

}  // namespace vigil
