// ReportFromJson: the JSON report (json_writer.cc, docs/report-format.md)
// read back into a vigil::Report.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "src/base/json_reader.h"
#include "src/base/strings.h"
#include "vigil/report.h"
#include "vigil/value.h"

namespace vigil {
namespace {

// Walks the parsed document (the located reader's tree, read once: only
// each row's "row" becomes a Value); the first problem is kept with its
// JSON path.
class Reader {
 public:
  using Items = std::vector<const json::Node*>;

  explicit Reader(std::string_view file)
      : file_(file.empty() ? "<report>" : file) {}

  const absl::Status& status() const { return status_; }
  bool ok() const { return status_.ok(); }

  void Fail(const std::string& path, std::string_view problem) {
    if (!status_.ok()) return;
    status_ = absl::InvalidArgumentError(
        StrCat(file_, ": ", path, ": ", problem, " [report.bad-json]"));
  }

  // Member `key` of object `o` (at `path`); nullptr when absent (an error
  // when `required`).
  const json::Node* Member(const json::Node& o, std::string_view key,
                      const std::string& path, bool required) {
    const json::Node* v = o.Get(key);
    if (v == nullptr && required)
      Fail(path, StrCat("missing key \"", key, "\""));
    return v;
  }

  void String(const json::Node& o, std::string_view key, const std::string& path,
              std::string* out, bool required = false) {
    const json::Node* v = Member(o, key, path, required);
    if (v == nullptr) return;
    if (!v->is_string()) {
      Fail(StrCat(path, ".", key), "expected a string");
      return;
    }
    *out = v->s;
  }

  void Number(const json::Node& o, std::string_view key, const std::string& path,
              double* out) {
    const json::Node* v = Member(o, key, path, false);
    if (v == nullptr || v->is_null()) return;
    if (!v->is_number()) {
      Fail(StrCat(path, ".", key), "expected a number");
      return;
    }
    *out = v->as_double();
  }

  void Bool(const json::Node& o, std::string_view key, const std::string& path, bool* out) {
    const json::Node* v = Member(o, key, path, false);
    if (v == nullptr) return;
    if (!v->is_bool()) {
      Fail(StrCat(path, ".", key), "expected true or false");
      return;
    }
    *out = v->b;
  }

  template <typename Int>
  void Integer(const json::Node& o, std::string_view key, const std::string& path,
               Int* out) {
    const json::Node* v = Member(o, key, path, false);
    if (v == nullptr) return;
    if (!v->is_int()) {
      Fail(StrCat(path, ".", key), "expected an integer");
      return;
    }
    if (v->i < std::numeric_limits<Int>::min() ||
        v->i > std::numeric_limits<Int>::max()) {
      Fail(StrCat(path, ".", key), StrCat(v->i, " is out of range"));
      return;
    }
    *out = static_cast<Int>(v->i);
  }

  void Strings(const json::Node& o, std::string_view key, const std::string& path,
               std::vector<std::string>* out) {
    const json::Node* v = Member(o, key, path, false);
    if (v == nullptr) return;
    std::string p = StrCat(path, ".", key);
    if (!v->is_array()) {
      Fail(p, "expected an array of strings");
      return;
    }
    for (size_t i = 0; i < v->items.size(); ++i) {
      const json::Node& e = *v->items[i];
      if (!e.is_string()) {
        Fail(StrCat(p, "[", i, "]"), "expected a string");
        return;
      }
      out->push_back(e.s);
    }
  }

  // The array `key` of `o`, or nullptr (absent and not required, or not an
  // array: then an error).
  const Items* Array(const json::Node& o, std::string_view key,
                            const std::string& path, bool required) {
    const json::Node* v = Member(o, key, path, required);
    if (v == nullptr) return nullptr;
    if (!v->is_array()) {
      Fail(StrCat(path, ".", key), "expected an array");
      return nullptr;
    }
    return &v->items;
  }

  bool Object(const json::Node& v, const std::string& path) {
    if (v.is_object()) return true;
    Fail(path, "expected an object");
    return false;
  }

  // The object `key` of `o` (at `path`), or nullptr (absent, or not an
  // object: then an error).
  const json::Node* OptionalObject(const json::Node& o, std::string_view key,
                                   const std::string& path) {
    const json::Node* v = Member(o, key, path, false);
    if (v == nullptr || !Object(*v, StrCat(path, ".", key))) return nullptr;
    return v;
  }

  void Status(const json::Node& o, const std::string& path, Outcome* out) {
    std::string s;
    String(o, "status", path, &s, /*required=*/true);
    if (!ok()) return;
    for (Outcome c :
         {Outcome::kPass, Outcome::kFail, Outcome::kWaived, Outcome::kError}) {
      if (s == OutcomeName(c)) {
        *out = c;
        return;
      }
    }
    Fail(StrCat(path, ".status"),
         StrCat("\"", s, "\" is not a status (pass, fail, waived, error)"));
  }

  void Row(const json::Node& v, const std::string& path, bool waived, ReportRow* r) {
    if (!Object(v, path)) return;
    String(v, "id", path, &r->id);
    String(v, "type", path, &r->type);
    String(v, "name", path, &r->name);
    String(v, "account_id", path, &r->account_id);
    String(v, "region", path, &r->region);
    if (const json::Node* row = v.Get("row")) r->row = row->ToValue();
    if (!waived) String(v, "reason", path, &r->reason);
    if (waived) {
      const json::Node* e = v.Get("exception_index");
      if (e != nullptr && !e->is_null()) {
        if (!e->is_int() || e->i < 0) {
          Fail(StrCat(path, ".exception_index"),
               "expected a non-negative integer or null");
          return;
        }
        r->exception_index = static_cast<int>(e->i);
      }
    }
  }

  void Check(const json::Node& v, const std::string& path, CheckReport* c) {
    if (!Object(v, path)) return;
    String(v, "name", path, &c->name, /*required=*/true);
    String(v, "query", path, &c->query);
    String(v, "expect", path, &c->expect);
    String(v, "source", path, &c->source);
    String(v, "description", path, &c->description);
    Status(v, path, &c->status);
    String(v, "message", path, &c->message);
    const struct {
      const char* key;
      std::vector<ReportRow>* rows;
    } lists[] = {{"offending", &c->offending},
                 {"waived", &c->waived},
                 {"unconfirmed", &c->unconfirmed}};
    for (const auto& [key, out] : lists) {
      const Items* rows = Array(v, key, path, false);
      if (rows == nullptr) continue;
      const bool waived = out == &c->waived;
      out->resize(rows->size());
      for (size_t i = 0; i < rows->size() && ok(); ++i) {
        Row(*(*rows)[i], StrCat(path, ".", key, "[", i, "]"), waived, &(*out)[i]);
      }
    }
    if (Member(v, "passed", path, false) != nullptr) {
      c->passed_listed = true;
      Strings(v, "passed", path, &c->passed);
    }
    Number(v, "time_ms", path, &c->time_ms);
  }

  void Control(const json::Node& v, const std::string& path, ControlReport* c) {
    if (!Object(v, path)) return;
    String(v, "id", path, &c->id, /*required=*/true);
    String(v, "title", path, &c->title);
    String(v, "severity", path, &c->severity);
    String(v, "provider", path, &c->provider);
    if (const Items* fw = Array(v, "frameworks", path, false)) {
      for (size_t i = 0; i < fw->size() && ok(); ++i) {
        std::string p = StrCat(path, ".frameworks[", i, "]");
        if (!Object(*(*fw)[i], p)) break;
        FrameworkRef f;
        String(*(*fw)[i], "name", p, &f.name);
        String(*(*fw)[i], "version", p, &f.version);
        String(*(*fw)[i], "id", p, &f.id);
        String(*(*fw)[i], "assessment", p, &f.assessment);
        String(*(*fw)[i], "profile", p, &f.profile);
        c->frameworks.push_back(std::move(f));
      }
    }
    Strings(v, "references", path, &c->references);
    String(v, "overview", path, &c->overview);
    String(v, "rationale", path, &c->rationale);
    String(v, "impact", path, &c->impact);
    String(v, "remediation", path, &c->remediation);
    String(v, "notes", path, &c->notes);
    String(v, "service_wide_remediation", path, &c->service_wide_remediation);
    Strings(v, "operational_rollout", path, &c->operational_rollout);
    Strings(v, "connectors", path, &c->connectors);
    Status(v, path, &c->status);
    Strings(v, "covered_types", path, &c->covered_types);
    if (const Items* params = Array(v, "parameters", path, false)) {
      for (size_t i = 0; i < params->size() && ok(); ++i) {
        std::string p = StrCat(path, ".parameters[", i, "]");
        const json::Node& n = *(*params)[i];
        if (!Object(n, p)) break;
        ParameterReport pr;
        String(n, "name", p, &pr.name, /*required=*/true);
        String(n, "type", p, &pr.type);
        if (const json::Node* val = n.Get("value")) pr.value = val->ToValue();
        String(n, "source", p, &pr.source);
        String(n, "file", p, &pr.file);
        if (const json::Node* d = n.Get("default")) {
          pr.has_default = true;
          pr.default_value = d->ToValue();
        }
        c->parameters.push_back(std::move(pr));
      }
    }
    Number(v, "time_ms", path, &c->time_ms);
    if (const Items* checks = Array(v, "checks", path, false)) {
      c->checks.resize(checks->size());
      for (size_t i = 0; i < checks->size() && ok(); ++i) {
        Check(*(*checks)[i], StrCat(path, ".checks[", i, "]"), &c->checks[i]);
      }
    }
  }

  void Exception(const json::Node& v, const std::string& path, ExceptionReport* e) {
    if (!Object(v, path)) return;
    String(v, "control", path, &e->control);
    Strings(v, "assets", path, &e->assets);
    String(v, "owner", path, &e->owner);
    String(v, "reason", path, &e->reason);
    String(v, "expires", path, &e->expires);
    String(v, "state", path, &e->state);
    Strings(v, "waived_ids", path, &e->waived_ids);
    String(v, "source", path, &e->source);
    String(v, "ticket", path, &e->ticket);
    if (const json::Node* soon = v.Get("expiring_soon")) {
      if (!soon->is_bool()) {
        Fail(StrCat(path, ".expiring_soon"), "expected true or false");
        return;
      }
      e->expiring_soon = soon->b;
    }
    if (const json::Node* x = v.Get("extensions")) {
      if (!Object(*x, StrCat(path, ".extensions"))) return;
      for (const json::Member& m : x->members) e->extensions.emplace_back(m.key, m.value->ToValue());
    }
  }

  void Document(const json::Node& doc, Report* r) {
    const std::string root = "$";
    if (!Object(doc, root)) return;
    String(doc, "vigil_version", root, &r->tool_version);
    if (const json::Node* product = OptionalObject(doc, "product", root)) {
      String(*product, "name", "$.product", &r->product_name);
      String(*product, "version", "$.product", &r->product_version);
    }
    if (const json::Node* pack = OptionalObject(doc, "pack", root)) {
      String(*pack, "name", "$.pack", &r->pack_name);
      String(*pack, "version", "$.pack", &r->pack_version);
      String(*pack, "title", "$.pack", &r->pack_title);
      String(*pack, "path", "$.pack", &r->pack_path);
    }
    if (const json::Node* graph = OptionalObject(doc, "graph", root)) {
      String(*graph, "path", "$.graph", &r->graph_path);
    }
    String(doc, "generated_at", root, &r->generated_at);
    if (const json::Node* s = OptionalObject(doc, "summary", root)) {
      ReportSummary& m = r->summary;
      Integer(*s, "controls", "$.summary", &m.controls);
      Integer(*s, "passed", "$.summary", &m.passed);
      Integer(*s, "failed", "$.summary", &m.failed);
      Integer(*s, "waived", "$.summary", &m.waived);
      Integer(*s, "errors", "$.summary", &m.errors);
      Integer(*s, "checks", "$.summary", &m.checks);
      Integer(*s, "assets_evaluated", "$.summary", &m.assets_evaluated);
      Integer(*s, "offending_assets", "$.summary", &m.offending_assets);
    }
    if (const Items* controls =
            Array(doc, "controls", root, /*required=*/true)) {
      r->controls.resize(controls->size());
      for (size_t i = 0; i < controls->size() && ok(); ++i) {
        Control(*(*controls)[i], StrCat("$.controls[", i, "]"), &r->controls[i]);
      }
    }
    if (const Items* ex = Array(doc, "exceptions", root, false)) {
      r->exceptions.resize(ex->size());
      for (size_t i = 0; i < ex->size() && ok(); ++i) {
        Exception(*(*ex)[i], StrCat("$.exceptions[", i, "]"), &r->exceptions[i]);
      }
    }
    if (const json::Node* col = OptionalObject(doc, "collections", root)) {
      CollectionSummary& m = r->collections;
      Bool(*col, "recorded", "$.collections", &m.recorded);
      Integer(*col, "collected", "$.collections", &m.collected);
      Integer(*col, "failed", "$.collections", &m.failed);
      Integer(*col, "missing", "$.collections", &m.missing);
      Strings(*col, "excluded", "$.collections", &m.excluded);
    }
    if (const json::Node* t = OptionalObject(doc, "timing", root)) {
      Number(*t, "load_ms", "$.timing", &r->load_ms);
      Number(*t, "compile_ms", "$.timing", &r->compile_ms);
      Number(*t, "evaluate_ms", "$.timing", &r->evaluate_ms);
    }
    if (!ok()) return;
    // Waived rows must point at an exception of the report.
    for (size_t ci = 0; ci < r->controls.size(); ++ci) {
      const ControlReport& c = r->controls[ci];
      for (size_t k = 0; k < c.checks.size(); ++k) {
        const auto& waived = c.checks[k].waived;
        for (size_t i = 0; i < waived.size(); ++i) {
          if (waived[i].exception_index >=
              static_cast<int>(r->exceptions.size())) {
            Fail(StrCat("$.controls[", ci, "].checks[", k, "].waived[", i,
                        "].exception_index"),
                 StrCat("no exception ", waived[i].exception_index,
                        " in \"exceptions\" (", r->exceptions.size(),
                        " entries)"));
            return;
          }
        }
      }
    }
  }

 private:
  std::string file_;
  absl::Status status_;
};

}  // namespace

absl::StatusOr<Report> ReportFromJson(std::string_view json,
                                      std::string_view file_name) {
  json::ReadOptions options;
  options.max_depth = 512;  // as Value::ParseJson
  absl::StatusOr<json::Document> doc =
      json::Document::Parse(std::string(json), std::string(file_name), nullptr, options);
  if (!doc.ok()) return doc.status();
  Reader reader(file_name);
  Report report;
  reader.Document(doc->root(), &report);
  if (!reader.ok()) return reader.status();
  return report;
}

}  // namespace vigil
