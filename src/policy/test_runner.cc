// Unit tests of controls: test files and the runner, with clause coverage
// and timings (vigil/test_runner.h). The results are rendered by the report
// layer (vigil/test_report.h).
#include "vigil/test_runner.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>

#include "re2/re2.h"
#include "src/base/did_you_mean.h"
#include "src/base/file.h"
#include "src/base/json_reader.h"
#include "src/base/object_reader.h"
#include "src/base/strings.h"
#include "src/base/utf8.h"
#include "src/policy/policy_json.h"
#include "src/policy/waivers_reader.h"
#include "vigil/engine.h"
#include "vigil/json_loader.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;

double MsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
      .count();
}

using json::KeySpec;
using json::kRequired;
using json::Type;

// ---- inline test graphs ----------------------------------------------------
//
// The graph loader (vigil/json_loader.h) reports a bad inline graph at the
// asset, without suggestions; a test graph is written by hand, so the test
// runner looks again at the JSON of an inline graph: an unknown type,
// property, relationship field or relationship type is reported at the
// offending key or value, with "did you mean". And an object of a
// relationship field that holds only an `id` no asset of the graph has
// creates a new, empty asset: usually a typo in a reference, which makes
// a test pass for the wrong reason; it is a warning.
class TestGraphChecker {
 public:
  TestGraphChecker(const json::Document& doc, const Schema& schema, std::string context,
                   Diagnostics* out)
      : doc_(doc), schema_(schema), context_(std::move(context)), out_(out) {}

  void Check(const json::Node& graph) {
    const json::Node* assets = graph.Get("assets");
    if (assets != nullptr && assets->is_array()) {
      for (const json::Node* a : assets->items) CollectIds(*a, /*top=*/true);
      for (const json::Node* a : assets->items) {
        if (!a->is_object()) continue;
        const json::Node* t = a->Get("type");
        if (t == nullptr || !t->is_string()) continue;
        const TypeId type = schema_.FindType(t->s);
        if (type == kNoType) {
          UnknownType(*t);
          continue;
        }
        Asset(*a, type, 0);
      }
    }
    const json::Node* rels = graph.Get("relationships");
    if (rels != nullptr && rels->is_array()) {
      for (const json::Node* r : rels->items) {
        const json::Node* t = r->is_object() ? r->Get("type") : nullptr;
        if (t == nullptr || !t->is_string() || schema_.FindRelationshipType(t->s) >= 0) continue;
        Error(t->offset, "test.unknown-relationship",
              StrCat("no @relationship of the schema has type ", Quoted(t->s), ".",
                     DidYouMean(t->s, schema_.relationship_types())));
      }
    }
  }

 private:
  static constexpr int kMaxDepth = 64;  // as LoadOptions::max_inline_depth

  void Error(uint32_t offset, std::string_view code, std::string message,
             Severity severity = Severity::kError) {
    out_->push_back(doc_.At(offset, code, StrCat(context_, message), severity));
  }

  // The ids the graph defines: those of top-level assets, and of inline
  // objects that hold more than an id.
  void CollectIds(const json::Node& n, bool top, int depth = 0) {
    if (!n.is_object() || depth > kMaxDepth) return;
    const json::Node* id = n.Get("id");
    if (id != nullptr && id->is_string() && (top || n.members.size() > 1)) defined_.insert(id->s);
    for (const json::Member& m : n.members) {
      if (m.key == "id" || m.key == "type" || m.key == "properties") continue;
      if (m.value->is_object()) CollectIds(*m.value, false, depth + 1);
      if (m.value->is_array()) {
        for (const json::Node* item : m.value->items) CollectIds(*item, false, depth + 1);
      }
    }
  }

  void UnknownType(const json::Node& t) {
    std::vector<std::string> names;
    for (const TypeDef& d : schema_.types()) {
      if (d.is_object()) names.push_back(d.name);
    }
    Error(t.offset, "test.unknown-type",
          StrCat("the schema has no type ", Quoted(t.s), ".", DidYouMean(t.s, names)));
  }

  void Asset(const json::Node& a, TypeId type, int depth) {
    if (depth > kMaxDepth) return;
    const TypeDef& def = schema_.type(type);
    for (const json::Member& m : a.members) {
      if (m.key == "id" || m.key == "type") continue;
      if (m.key == "properties") {
        if (!m.value->is_object()) continue;
        std::vector<std::string> names;
        for (const PropertyDef& p : def.properties) names.push_back(p.name);
        for (const json::Member& p : m.value->members) {
          if (def.FindProperty(p.key) >= 0) continue;
          std::string hint;
          if (def.FindRelationship(p.key) >= 0) {
            hint = " (it is a relationship field: give it beside \"properties\")";
          }
          Error(p.key_offset, "test.unknown-property",
                StrCat("type ", def.name, " declares no property ", Quoted(p.key), hint, ".",
                       DidYouMean(p.key, names)));
        }
        continue;
      }
      const int rel = def.FindRelationship(m.key);
      if (rel < 0) {
        std::vector<std::string> names;
        for (const RelationshipDef& r : def.relationships) names.push_back(r.field_name);
        std::string hint;
        if (def.FindProperty(m.key) >= 0) hint = " (properties go in \"properties\")";
        Error(m.key_offset, "test.unknown-relationship",
              StrCat("type ", def.name, " has no relationship field ", Quoted(m.key), hint, ".",
                     DidYouMean(m.key, names)));
        continue;
      }
      const RelationshipDef& rd = def.relationships[static_cast<size_t>(rel)];
      if (m.value->is_object()) {
        Inline(*m.value, rd, depth + 1);
      } else if (m.value->is_array()) {
        for (const json::Node* item : m.value->items) {
          if (item->is_object()) Inline(*item, rd, depth + 1);
        }
      }
    }
  }

  void Inline(const json::Node& n, const RelationshipDef& rd, int depth) {
    const json::Node* id = n.Get("id");
    if (n.members.size() == 1 && id != nullptr && id->is_string() && !defined_.count(id->s)) {
      Error(id->offset, "test.new-asset-from-reference",
            StrCat("no asset of the graph has id ", Quoted(id->s), ": this object creates a new ",
                   schema_.type(rd.target).name,
                   " with no property (if it refers to an asset, check the id; if it is a new "
                   "asset, give it a property)"),
            Severity::kWarning);
    }
    TypeId type = rd.target;
    if (const json::Node* t = n.Get("type"); t != nullptr && t->is_string()) {
      type = schema_.FindType(t->s);
      if (type == kNoType) {
        UnknownType(*t);
        return;
      }
    }
    if (type != kNoType) Asset(n, type, depth);
  }

  const json::Document& doc_;
  const Schema& schema_;
  std::string context_;
  Diagnostics* out_;
  std::set<std::string> defined_;
};

class TestFileParser {
 public:
  TestFileParser(const json::Document& doc, const Pack& pack, Diagnostics* out)
      : doc_(doc), pack_(pack), out_(out) {}

  bool Parse(TestFile* file);

 private:
  bool ParseCase(const json::Node& node, const ControlDef* control, TestCase* tc);
  bool ParseGraph(json::ObjectReader& r, const json::Node& node, TestCase* tc);
  bool ParseExpect(json::ObjectReader& c, const json::Node& node, TestExpectation* e);
  bool ParseIds(json::ObjectReader& r, const json::Node& node, std::string_view key,
                std::vector<std::string>* ids);
  bool ParseExceptions(json::ObjectReader& r, const json::Node& node, TestCase* tc);
  bool ParseNow(json::ObjectReader& r, const json::Node& node, std::optional<Instant>* now);
  // Whether the file `p` that `node` names may be read: anywhere unless the
  // pack is confined (Pack::confined); then inside the pack or beside the
  // test file. An error on `node` when not.
  bool MayRead(json::ObjectReader& r, const json::Node& node, const fs::path& p,
               std::string_view what);
  size_t ErrorCount() const {
    return static_cast<size_t>(std::count_if(out_->begin(), out_->end(), [](const Diagnostic& d) {
      return d.severity == Severity::kError;
    }));
  }

  const json::Document& doc_;
  const Pack& pack_;
  Diagnostics* out_;
  std::optional<Instant> default_now_;
};

bool TestFileParser::MayRead(json::ObjectReader& r, const json::Node& node, const fs::path& p,
                             std::string_view what) {
  if (!pack_.confined) return true;
  fs::path beside = fs::path(doc_.file()).parent_path();
  if (beside.empty()) beside = ".";
  if (PathIsInside(p.string(), pack_.dir) || PathIsInside(p.string(), beside.string())) {
    return true;
  }
  r.Error(node, "policy.outside-pack",
          StrCat("the ", what, " ", Quoted(node.s),
                 " lies outside the pack and the test file's directory (", p.string(),
                 "); it is not read (--allow-outside-pack lets a trusted pack name it)"));
  return false;
}

bool TestFileParser::ParseNow(json::ObjectReader& r, const json::Node& node,
                              std::optional<Instant>* now) {
  std::optional<Instant> t = ParseInstant(node.s);
  if (!t) {
    r.Error(node, "test.bad-now",
            StrCat(json::PathOf(node), ": ", Quoted(node.s),
                   " is not an RFC 3339 date-time (e.g. 2026-01-15T00:00:00Z)"));
    return false;
  }
  *now = *t;
  return true;
}

bool TestFileParser::Parse(TestFile* file) {
  const json::Node& root = doc_.root();
  json::ObjectReader r(doc_, root,
                       {{"control", Type::kString, kRequired, false, "a control id (a string)"},
                        {"description", Type::kString},
                        {"now", Type::kString, false, false, "an RFC 3339 date-time string"},
                        {"cases", Type::kArray, kRequired, false, "an array of cases"}},
                       out_, "", "a test file", " {\"control\": ID, \"cases\": [...]}");
  if (!r.is_object()) return false;
  const ControlDef* control = nullptr;
  if (const json::Node* c = r.Get("control")) {
    file->control = c->s;
    control = policy::FindControlOrReport(pack_, *c, &r);
  }
  if (const json::Node* n = r.Get("now")) ParseNow(r, *n, &default_now_);
  bool ok = r.ok();
  const json::Node* cases = r.Get("cases");
  if (cases == nullptr) return false;
  if (cases->items.empty()) {
    r.Error(*cases, "test.no-cases", "\"cases\" is empty: give at least one case");
    return false;
  }
  std::map<std::string, uint32_t> names;
  for (const json::Node* node : cases->items) {
    TestCase tc;
    bool case_ok = ParseCase(*node, control, &tc);
    if (case_ok) {
      auto [it, inserted] = names.emplace(tc.name, node->offset);
      if (!inserted) {
        r.Error(*node->Get("name"), "test.duplicate-case",
                StrCat(json::PathOf(*node), ": a case named ", Quoted(tc.name), " is already at ",
                       doc_.Where(it->second)));
        case_ok = false;
      }
    }
    ok &= case_ok;
    if (case_ok) file->cases.push_back(std::move(tc));
  }
  return ok;
}

bool TestFileParser::ParseCase(const json::Node& node, const ControlDef* control,
                               TestCase* tc) {
  const size_t errors_before = ErrorCount();
  // The case's name, when it has a good one, starts its messages.
  const json::Node* name = node.Get("name");
  std::string ctx;
  if (name != nullptr && name->is_string() && !name->s.empty()) {
    ctx = StrCat("case ", Quoted(name->s), ": ");
  }
  json::ObjectReader r(doc_, node,
                       {{"name", Type::kString, kRequired, true},
                        {"description", Type::kString},
                        {"graph", Type::kAny, kRequired},
                        {"expect", Type::kObject, kRequired, false,
                         "an object {\"status\", \"offending\"?, \"waived\"?}"},
                        {"parameters", Type::kObject, false, false, "an object {\"name\": value}"},
                        {"exceptions", Type::kAny},
                        {"now", Type::kString, false, false, "an RFC 3339 date-time string"}},
                       out_, ctx, {}, " {\"name\", \"graph\", \"expect\"}");
  if (!r.is_object()) return false;
  tc->location = doc_.Where(node.offset);
  tc->name = r.String("name");
  tc->now = default_now_;
  if (const json::Node* n = r.Get("now")) ParseNow(r, *n, &tc->now);
  if (const json::Node* e = r.Get("expect")) ParseExpect(r, *e, &tc->expect);
  if (const json::Node* p = r.Get("parameters"); p != nullptr && control != nullptr) {
    std::map<std::string, Value> values;
    policy::ReadParameterValues(doc_, *p, *control, *pack_.schema, ctx, &values, out_);
    for (const auto& [name, value] : values) {
      tc->parameters.sources[control->id][name] = OverrideSource{"file", doc_.file()};
    }
    if (!values.empty()) tc->parameters[control->id] = std::move(values);
  }
  if (const json::Node* ex = r.Get("exceptions")) ParseExceptions(r, *ex, tc);
  if (const json::Node* g = r.Get("graph")) ParseGraph(r, *g, tc);
  return ErrorCount() == errors_before;
}

bool TestFileParser::ParseIds(json::ObjectReader& r, const json::Node& node,
                              std::string_view key, std::vector<std::string>* ids) {
  bool ok = true;
  std::set<std::string> seen;
  for (const json::Node* id : node.items) {
    if (!id->is_string() || id->s.empty()) {
      r.WrongType(*id, "a non-empty string (an asset id)");
      ok = false;
      continue;
    }
    if (!seen.insert(id->s).second) {
      r.Error(*id, "test.duplicate-id",
              StrCat(Quoted(id->s), " is listed twice in \"", key, "\""));
      ok = false;
      continue;
    }
    ids->push_back(id->s);
  }
  std::sort(ids->begin(), ids->end());
  return ok;
}

bool TestFileParser::ParseExpect(json::ObjectReader& c, const json::Node& node,
                                 TestExpectation* e) {
  json::ObjectReader r(doc_, node,
                       {{"status", Type::kString, kRequired, false,
                         "one of \"pass\", \"fail\", \"waived\", \"error\""},
                        {"offending", Type::kArray, false, false, "an array of asset ids"},
                        {"waived", Type::kArray, false, false, "an array of asset ids"}},
                       out_, StrCat(c.context(), "expect: "));
  bool ok = r.ok();
  if (const json::Node* s = r.Get("status")) {
    if (s->s == "pass") {
      e->status = Outcome::kPass;
    } else if (s->s == "fail") {
      e->status = Outcome::kFail;
    } else if (s->s == "waived") {
      e->status = Outcome::kWaived;
    } else if (s->s == "error") {
      e->status = Outcome::kError;
    } else {
      r.Error(*s, "test.bad-status",
              StrCat("unknown status ", Quoted(s->s), ".",
                     DidYouMean(s->s, {"pass", "fail", "waived", "error"}),
                     " A status is pass, fail, waived or error"));
      ok = false;
    }
  }
  if (const json::Node* o = r.Get("offending")) {
    std::vector<std::string> ids;
    if (ParseIds(r, *o, "offending", &ids)) {
      if (ok && (e->status == Outcome::kPass || e->status == Outcome::kWaived) && !ids.empty()) {
        r.Error(*o, "test.contradiction",
                StrCat("a control whose status is ", OutcomeName(e->status),
                       " has no offending assets; remove \"offending\" or expect \"fail\""));
      }
      e->offending = std::move(ids);
    }
  }
  if (const json::Node* w = r.Get("waived")) {
    std::vector<std::string> ids;
    if (ParseIds(r, *w, "waived", &ids)) e->waived = std::move(ids);
  }
  return r.ok();
}

bool TestFileParser::ParseExceptions(json::ObjectReader& r, const json::Node& v,
                                     TestCase* tc) {
  ExceptionSet set;
  if (v.is_string()) {
    fs::path p = fs::path(doc_.file()).parent_path() / v.s;
    if (!MayRead(r, v, p, "exceptions file")) return false;
    auto text = ReadTextFile(p.string());
    if (!text.ok()) {
      r.Error(v, "test.missing-file",
              StrCat("cannot read the exceptions file ", Quoted(v.s), ": ",
                     text.status().message()));
      return false;
    }
    Diagnostics d;
    auto from_file = ExceptionSet::Parse(*text, p.string(), &pack_, &d);
    if (!from_file.ok()) {
      if (d.empty()) {
        r.Error(v, "test.bad-exceptions", StrCat("exceptions: ", from_file.status().message()));
      }
      for (Diagnostic& x : d) {
        x.message = StrCat(r.context(), x.message);
        out_->push_back(std::move(x));
      }
      return false;
    }
    for (Diagnostic& x : d) {  // warnings
      x.message = StrCat(r.context(), x.message);
      out_->push_back(std::move(x));
    }
    set = *std::move(from_file);
  } else if (v.is_object() || v.is_array()) {
    // Written in the test file: {"exceptions": [...]} or the list itself.
    set.file = doc_.file();
    // Inline, the exceptions are the test's own: a control the pack does
    // not have is a mistake (an exceptions file may be shared by packs).
    ExceptionOptions strict;
    strict.strict_controls = true;
    if (!policy::ReadExceptions(doc_, v, true, &pack_, strict, r.context(), &set, out_)) {
      return false;
    }
  } else {
    r.WrongType(v,
                "an array of exceptions, an exceptions file object {\"exceptions\": [...]} or "
                "the path of one");
    return false;
  }
  tc->exceptions = std::move(set);
  return true;
}

bool TestFileParser::ParseGraph(json::ObjectReader& r, const json::Node& node, TestCase* tc) {
  Diagnostics d;
  LoadOptions lo;
  lo.diagnostics = &d;
  absl::StatusOr<std::shared_ptr<const Graph>> g;
  if (node.is_string()) {
    fs::path p = fs::path(doc_.file()).parent_path() / node.s;
    if (!node.s.empty() && !MayRead(r, node, p, "graph file")) return false;
    std::error_code ec;
    if (node.s.empty() || !fs::is_regular_file(p, ec)) {
      const bool exists = !node.s.empty() && fs::exists(p, ec);
      r.Error(node, "test.missing-file",
              StrCat("the graph file ", Quoted(node.s),
                     exists ? " is not a regular file (" : " does not exist (looked for ",
                     p.string(), ")"));
      return false;
    }
    tc->graph_file = p.string();
    lo.file_name = p.string();
    g = LoadGraphJsonFile(p.string(), pack_.schema, lo);
  } else if (node.is_object()) {
    lo.file_name = doc_.file();
    // The loader reads the graph's own bytes (already checked as JSON, with
    // no duplicate key, by the reader); the places of its errors are moved
    // into the test file below.
    g = LoadGraphJson(doc_.Raw(node), pack_.schema, lo);
  } else {
    r.WrongType(node,
                "a graph object {\"assets\": [...]} or the path of a graph file (relative to "
                "the test file)");
    return false;
  }
  if (node.is_object()) {
    // Precise, located problems (and warnings) of a hand-written graph.
    Diagnostics mine;
    TestGraphChecker(doc_, *pack_.schema, StrCat(r.context(), "graph: "), &mine).Check(node);
    const bool any_error = std::any_of(mine.begin(), mine.end(), [](const Diagnostic& x) {
      return x.severity == Severity::kError;
    });
    if (g.ok() || any_error) {
      for (Diagnostic& x : mine) {
        if (g.ok() && x.severity == Severity::kError) continue;
        out_->push_back(std::move(x));
      }
      if (!g.ok()) return false;
    }
  }
  if (g.ok()) {
    tc->graph = *std::move(g);
    return true;
  }
  // The loader's errors, located in the test file (inline graph) or the
  // graph file; one it could not locate is put at the "graph" value.
  std::string unlocated;
  const size_t before = out_->size();
  for (Diagnostic& x : d) {
    if (x.severity != Severity::kError) continue;
    if (!x.location.known()) {
      if (unlocated.empty()) unlocated = x.message;
      continue;
    }
    x.message = StrCat(r.context(), "graph: ", x.message);
    if (x.file.empty()) x.file = lo.file_name;
    if (tc->graph_file.empty()) {
      // Inline: the offset is within the graph's text; locate it in the file.
      uint32_t off = std::min<uint32_t>(node.offset + x.location.offset,
                                        static_cast<uint32_t>(doc_.text().size()));
      x.location = doc_.Locate(off);
      x.source_line = std::string(LineAt(doc_.text(), off));
    }
    out_->push_back(std::move(x));
  }
  if (out_->size() == before || !unlocated.empty()) {
    std::string why = unlocated.empty() ? std::string(g.status().message()) : unlocated;
    r.Error(node, "test.bad-graph",
            StrCat("graph", tc->graph_file.empty() ? "" : StrCat(" ", tc->graph_file), ": ", why));
  }
  return false;
}

std::vector<std::string> Difference(const std::vector<std::string>& a,
                                    const std::vector<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}




struct ControlCoverageState {
  const ControlDef* control = nullptr;
  std::vector<std::unique_ptr<Coverage>> checks;
  int cases = 0;
};

// Where each clause of `control`'s check `k` sits in the files: the control
// file for an inline query, the query file otherwise.
std::vector<std::string> ClauseLocations(const ControlDef& control, size_t k,
                                         const std::vector<Clause>& clauses,
                                         const std::optional<json::Document>& control_doc) {
  std::vector<std::string> out(clauses.size());
  const CheckDef& check = control.checks[k];
  const std::string& qtext = check.query->text();
  if (!check.query_file.empty()) {
    std::string qpath = (fs::path(control.file).parent_path() / check.query_file).string();
    for (size_t i = 0; i < clauses.size(); ++i) {
      out[i] = StrCat(qpath, ":", clauses[i].line, ":", clauses[i].column);
    }
    return out;
  }
  const json::Node* qnode = nullptr;
  if (control_doc.has_value()) {
    const json::Node* checks = control_doc->root().Get("checks");
    if (checks != nullptr && checks->is_array() && k < checks->items.size()) {
      const json::Node* q = checks->items[k]->Get("query");
      if (q != nullptr && q->is_string() && q->s == qtext) qnode = q;
    }
  }
  for (size_t i = 0; i < clauses.size(); ++i) {
    if (qnode == nullptr) {
      out[i] = control.file;
      continue;
    }
    out[i] = control_doc->Where(control_doc->StringOffset(*qnode, clauses[i].offset));
  }
  return out;
}

ControlCoverage BuildCoverage(const ControlCoverageState& st) {
  const ControlDef& c = *st.control;
  ControlCoverage cc;
  cc.control = c.id;
  cc.file = c.file;
  cc.cases = st.cases;
  std::optional<json::Document> doc;
  if (auto text = ReadTextFile(c.file); text.ok()) {
    auto d = json::Document::Parse(*std::move(text), c.file);
    if (d.ok()) doc.emplace(*std::move(d));
  }
  for (size_t k = 0; k < c.checks.size(); ++k) {
    std::vector<Clause> clauses = c.checks[k].query->clauses();
    std::vector<std::string> locs = ClauseLocations(c, k, clauses, doc);
    auto counts = st.checks[k]->Snapshot();
    for (size_t i = 0; i < clauses.size(); ++i) {
      ClauseCoverage cl;
      cl.check = c.checks[k].name;
      cl.check_index = k;
      cl.clause = clauses[i];
      cl.location = locs[i];
      auto it = counts.find(clauses[i].offset);
      if (it != counts.end()) cl.counts = it->second;
      bool t = cl.counts.true_rows > 0;
      bool nt = cl.counts.false_rows + cl.counts.unknown_rows > 0;
      cl.verdict = t && nt ? ClauseVerdict::kBoth
                   : t     ? ClauseVerdict::kOnlyTrue
                   : nt    ? ClauseVerdict::kOnlyFalse
                           : ClauseVerdict::kNever;
      ++cc.total;
      if (cl.verdict == ClauseVerdict::kBoth) ++cc.covered;
      cc.clauses.push_back(std::move(cl));
    }
  }
  return cc;
}

std::vector<std::string> SortedIds(const std::vector<ReportRow>& rows) {
  std::set<std::string> ids;
  for (const ReportRow& r : rows) ids.insert(r.id.empty() ? std::string("(row without id)") : r.id);
  return {ids.begin(), ids.end()};
}

void Bench(const ControlDef& control, const TestFile& file, const TestCase& tc,
           const TestRunOptions& options, std::vector<BenchResult>* out) {
  const Instant now = tc.now.value_or(Instant::Now());
  auto vars = ResolveParameters(control, tc.parameters, now);
  if (!vars.ok()) return;
  EvalOptions eo;
  eo.threads = options.threads;
  for (const CheckDef& check : control.checks) {
    BenchResult b;
    b.file = file.path;
    b.control = control.id;
    b.case_name = tc.name;
    b.check = check.name;
    std::vector<double> times;
    double total = 0;
    int max_runs = std::max(1, options.bench_max_runs);
    while (static_cast<int>(times.size()) < max_runs && total < options.bench_min_ms) {
      auto t0 = std::chrono::steady_clock::now();
      auto r = check.query->Evaluate(*tc.graph, *vars, eo);
      std::string json = r.ok() ? r->ToJson() : std::string();  // as the engine would
      double ms = MsSince(t0);
      if (!r.ok()) break;
      times.push_back(ms);
      total += ms;
    }
    if (times.empty()) continue;
    b.runs = static_cast<int>(times.size());
    b.mean_ms = total / b.runs;
    std::sort(times.begin(), times.end());
    b.min_ms = times.front();
    b.median_ms = times[times.size() / 2];
    out->push_back(std::move(b));
  }
}

}  // namespace


absl::StatusOr<TestFile> ParseTestFile(std::string_view text, const std::string& path,
                                       const Pack& pack, Diagnostics* diags) {
  Diagnostics local;
  auto finish = [&] { return policy::HandOver(local, diags); };
  auto doc = json::Document::Parse(std::string(text), path, &local);
  if (!doc.ok()) {
    if (local.empty()) return doc.status();
    return finish();
  }
  TestFile file;
  file.path = path;
  TestFileParser parser(*doc, pack, &local);
  const bool parsed = parser.Parse(&file);
  const bool any_error = std::any_of(local.begin(), local.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError;
  });
  if (!parsed || any_error) {
    if (!any_error) local.push_back(doc->At(0, "test.invalid", "invalid test file"));
    return finish();
  }
  if (diags != nullptr) diags->insert(diags->end(), local.begin(), local.end());  // warnings
  return file;
}

absl::StatusOr<TestFile> LoadTestFile(const std::string& path, const Pack& pack,
                                      Diagnostics* diags) {
  auto text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return ParseTestFile(*text, path, pack, diags);
}

absl::StatusOr<std::vector<std::string>> FindTestFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (const auto& e : fs::directory_iterator(p, ec)) {
        if (e.is_regular_file(ec) && e.path().extension() == ".json") {
          found.push_back(e.path().string());
        }
      }
      if (ec) return absl::NotFoundError(StrCat(p, ": cannot list directory: ", ec.message()));
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(p, ec)) {
      out.push_back(p);
    } else if (!fs::exists(fs::symlink_status(p, ec))) {
      return absl::NotFoundError(StrCat(p, ": no such file or directory"));
    } else {
      // A FIFO, a device, a symbolic link loop...: reading it says what is
      // wrong (at once: inputs are opened without blocking).
      out.push_back(p);
    }
  }
  return out;
}

absl::StatusOr<TestRunResult> RunTests(const Pack& pack, const std::vector<TestFile>& files,
                                       const TestRunOptions& options) {
  std::unique_ptr<RE2> filter;
  if (!options.run_filter.empty()) {
    filter = std::make_unique<RE2>(options.run_filter, RE2::Quiet);
    if (!filter->ok()) {
      return absl::InvalidArgumentError(
          StrCat("--run \"", options.run_filter, "\" is not a valid RE2 pattern: ", filter->error()));
    }
  }
  TestRunResult result;
  result.coverage_enabled = options.coverage;
  result.pack_name = pack.name;
  result.pack_version = pack.version;
  std::vector<std::unique_ptr<ControlCoverageState>> coverage;  // first-met order
  auto coverage_of = [&](const ControlDef* c) -> ControlCoverageState* {
    for (auto& s : coverage) {
      if (s->control == c) return s.get();
    }
    auto s = std::make_unique<ControlCoverageState>();
    s->control = c;
    for (size_t k = 0; k < c->checks.size(); ++k) s->checks.push_back(std::make_unique<Coverage>());
    coverage.push_back(std::move(s));
    return coverage.back().get();
  };

  for (const TestFile& file : files) {
    const ControlDef* control = pack.FindControl(file.control);
    if (control == nullptr) {
      return absl::InvalidArgumentError(
          StrCat(file.path, ": no control \"", file.control, "\" in pack \"", pack.name, "\""));
    }
    for (const TestCase& tc : file.cases) {
      std::string key = StrCat(control->id, "/", tc.name);
      if (filter != nullptr && !RE2::PartialMatch(key, *filter)) continue;
      if (std::none_of(result.controls.begin(), result.controls.end(),
                       [&](const TestedControl& t) { return t.id == control->id; })) {
        result.controls.push_back({control->id, control->title, control->severity});
      }
      RunOptions ro;
      ro.threads = options.threads;
      ro.now = tc.now;
      ro.exceptions = tc.exceptions.has_value() ? &*tc.exceptions : nullptr;
      ro.overrides = tc.parameters;
      ro.graph_path = tc.graph_file;
      ro.only_controls = {control->id};
      ControlCoverageState* cov = nullptr;
      if (options.coverage) {
        cov = coverage_of(control);
        ++cov->cases;
        ro.coverage = [cov](const ControlDef&, size_t k) -> Coverage* {
          return k < cov->checks.size() ? cov->checks[k].get() : nullptr;
        };
      }
      auto t0 = std::chrono::steady_clock::now();
      auto report = RunPack(pack, *tc.graph, ro);
      double ms = MsSince(t0);
      if (!report.ok()) {
        return absl::InvalidArgumentError(StrCat(tc.location, ": case \"", tc.name, "\": ",
                                                 report.status().message()));
      }
      CaseResult cr;
      cr.file = file.path;
      cr.control = control->id;
      cr.name = tc.name;
      cr.location = tc.location;
      cr.time_ms = ms;
      cr.expected_status = tc.expect.status;
      std::vector<ReportRow> offending, waived;
      if (!report->controls.empty()) {
        const ControlReport& c = report->controls.front();
        cr.actual_status = c.status;
        for (const CheckReport& k : c.checks) {
          offending.insert(offending.end(), k.offending.begin(), k.offending.end());
          waived.insert(waived.end(), k.waived.begin(), k.waived.end());
          if (k.status == Outcome::kFail || k.status == Outcome::kError) {
            cr.messages.push_back(StrCat(OutcomeName(k.status), " in check \"", k.name, "\": ",
                                         k.message));
          }
        }
      }
      for (const ExceptionReport& e : report->exceptions) {
        if (e.state == "active") continue;
        cr.messages.push_back(StrCat("exception for ", StrJoin(e.assets, ", "), " (expires ",
                                     e.expires, ") is ", e.state));
      }
      cr.actual_offending = SortedIds(offending);
      cr.actual_waived = SortedIds(waived);
      // Passing and waived controls imply that no offending asset is left.
      std::optional<std::vector<std::string>> want_offending = tc.expect.offending;
      if (!want_offending && (tc.expect.status == Outcome::kPass ||
                              tc.expect.status == Outcome::kWaived)) {
        want_offending.emplace();
      }
      if (want_offending) {
        cr.missing_offending = Difference(*want_offending, cr.actual_offending);
        cr.unexpected_offending = Difference(cr.actual_offending, *want_offending);
      }
      if (tc.expect.waived) {
        cr.missing_waived = Difference(*tc.expect.waived, cr.actual_waived);
        cr.unexpected_waived = Difference(cr.actual_waived, *tc.expect.waived);
      }
      cr.passed = cr.expected_status == cr.actual_status && cr.missing_offending.empty() &&
                  cr.unexpected_offending.empty() && cr.missing_waived.empty() &&
                  cr.unexpected_waived.empty();
      (cr.passed ? result.passed : result.failed) += 1;
      result.cases.push_back(std::move(cr));
      if (options.bench) Bench(*control, file, tc, options, &result.bench);
    }
  }
  // Controls of the pack that no test file has a case for: untested, and
  // with coverage, 0% covered (their clauses count as not covered), so that
  // a pack cannot reach --coverage-min by leaving controls untested.
  std::set<std::string> with_cases;
  for (const TestFile& file : files) {
    if (!file.cases.empty()) with_cases.insert(file.control);
  }
  for (const ControlDef& c : pack.controls) {
    if (with_cases.contains(c.id)) continue;
    result.untested_controls.push_back(c.id);
    if (options.coverage) {
      auto s = std::make_unique<ControlCoverageState>();
      s->control = &c;
      for (size_t k = 0; k < c.checks.size(); ++k) s->checks.push_back(std::make_unique<Coverage>());
      coverage.push_back(std::move(s));
    }
  }
  for (const auto& s : coverage) {
    result.coverage.push_back(BuildCoverage(*s));
    result.covered += result.coverage.back().covered;
    result.total += result.coverage.back().total;
  }
  return result;
}

}  // namespace vigil
