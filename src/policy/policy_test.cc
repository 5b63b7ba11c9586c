// Unit tests of controls: test files, the runner, clause coverage, timings
// (vigil/policy_test.h).
#include "vigil/policy_test.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "re2/re2.h"
#include "src/base/file.h"
#include "src/base/strings.h"
#include "src/base/did_you_mean.h"
#include "src/base/json_reader.h"
#include "src/base/object_reader.h"
#include "src/base/utf8.h"
#include "src/policy/exceptions_reader.h"
#include "src/policy/policy_json.h"
#include "vigil/engine.h"
#include "vigil/json_loader.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;

// The name of an outcome (as OutcomeName, which lives in the report layer
// above this one).
const char* StatusName(Outcome o) {
  switch (o) {
    case Outcome::kPass: return "pass";
    case Outcome::kFail: return "fail";
    case Outcome::kWaived: return "waived";
    case Outcome::kError: return "error";
  }
  return "error";
}

double MsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
      .count();
}

using json::KeySpec;
using json::kRequired;
using json::Type;

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
                StrCat("a control whose status is ", StatusName(e->status),
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
    auto text = ReadTextFile(p.string());
    if (!text.ok()) {
      r.Error(v, "test.missing-file",
              StrCat("cannot read the exceptions file ", Quoted(v.s), " (", p.string(), ")"));
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
    set = *std::move(from_file);
  } else if (v.is_object() || v.is_array()) {
    // Written in the test file: {"exceptions": [...]} or the list itself.
    set.file = doc_.file();
    if (!policy::ReadExceptions(doc_, v, true, &pack_, r.context(), &set, out_)) return false;
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
    std::error_code ec;
    if (node.s.empty() || !fs::is_regular_file(p, ec)) {
      r.Error(node, "test.missing-file",
              StrCat("the graph file ", Quoted(node.s), " does not exist (looked for ", p.string(),
                     ")"));
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

std::string FormatMs(double ms) {
  char buf[64];
  std::snprintf(buf, sizeof buf, ms < 10 ? "%.3f" : "%.1f", ms);
  return buf;
}

std::string FormatPercent(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", p);
  return buf;
}

double Round3(double v) { return static_cast<double>(static_cast<int64_t>(v * 1000 + 0.5)) / 1000; }

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

// ---- rendering ---------------------------------------------------------------

const char* kRed = "\033[31m";
const char* kGreen = "\033[32m";
const char* kYellow = "\033[33m";
const char* kBold = "\033[1m";
const char* kReset = "\033[0m";

std::string Paint(bool color, const char* code, std::string_view text) {
  return color ? StrCat(code, text, kReset) : std::string(text);
}

std::string Pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

void RenderCaseText(const CaseResult& c, bool color, std::string* out) {
  StrAppend(out, c.passed ? Paint(color, kGreen, "PASS") : Paint(color, kRed, "FAIL"), "  ",
            c.file, ": ", c.name, "  (", FormatMs(c.time_ms), " ms)\n");
  if (c.passed) return;
  if (c.expected_status != c.actual_status) {
    StrAppend(out, "      status: expected ", StatusName(c.expected_status), ", got ",
              StatusName(c.actual_status), "\n");
  }
  auto diff = [&](std::string_view what, const std::vector<std::string>& missing,
                  const std::vector<std::string>& unexpected) {
    if (missing.empty() && unexpected.empty()) return;
    StrAppend(out, "      ", what, " (- missing, + unexpected):\n");
    for (const auto& id : missing) StrAppend(out, "        ", Paint(color, kRed, StrCat("- ", id)), "\n");
    for (const auto& id : unexpected) {
      StrAppend(out, "        ", Paint(color, kGreen, StrCat("+ ", id)), "\n");
    }
  };
  diff("offending", c.missing_offending, c.unexpected_offending);
  diff("waived", c.missing_waived, c.unexpected_waived);
  for (const auto& m : c.messages) StrAppend(out, "      ", m, "\n");
  StrAppend(out, "      at ", c.location, "\n");
}

std::string VerdictText(ClauseVerdict v) {
  switch (v) {
    case ClauseVerdict::kBoth: return "both";
    case ClauseVerdict::kOnlyTrue: return "TRUE only";
    case ClauseVerdict::kOnlyFalse: return "FALSE only";
    case ClauseVerdict::kNever: return "never";
  }
  return "?";
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          out += ' ';
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

Value IdsValue(const std::vector<std::string>& ids) {
  Value::Array a;
  for (const auto& id : ids) a.emplace_back(id);
  return Value(std::move(a));
}

std::string RenderJson(const TestRunResult& r) {
  Value::Object root;
  root.emplace_back("summary", Value(Value::Object{{"passed", Value(r.passed)},
                                                   {"failed", Value(r.failed)},
                                                   {"total", Value(r.passed + r.failed)}}));
  Value::Array cases;
  for (const CaseResult& c : r.cases) {
    Value::Object o;
    o.emplace_back("file", Value(c.file));
    o.emplace_back("control", Value(c.control));
    o.emplace_back("name", Value(c.name));
    o.emplace_back("location", Value(c.location));
    o.emplace_back("result", Value(c.passed ? "pass" : "fail"));
    o.emplace_back("expected_status", Value(StatusName(c.expected_status)));
    o.emplace_back("actual_status", Value(StatusName(c.actual_status)));
    o.emplace_back("offending", IdsValue(c.actual_offending));
    o.emplace_back("waived", IdsValue(c.actual_waived));
    o.emplace_back("missing_offending", IdsValue(c.missing_offending));
    o.emplace_back("unexpected_offending", IdsValue(c.unexpected_offending));
    o.emplace_back("missing_waived", IdsValue(c.missing_waived));
    o.emplace_back("unexpected_waived", IdsValue(c.unexpected_waived));
    o.emplace_back("messages", IdsValue(c.messages));
    o.emplace_back("time_ms", Value(Round3(c.time_ms)));
    cases.emplace_back(std::move(o));
  }
  root.emplace_back("cases", Value(std::move(cases)));
  if (r.coverage_enabled) {
    Value::Array controls;
    for (const ControlCoverage& cc : r.coverage) {
      Value::Array clauses;
      for (const ClauseCoverage& cl : cc.clauses) {
        clauses.emplace_back(Value::Object{
            {"check", Value(cl.check)},
            {"key", Value(cl.clause.key)},
            {"path", Value(cl.clause.path)},
            {"line", Value(static_cast<int64_t>(cl.clause.line))},
            {"column", Value(static_cast<int64_t>(cl.clause.column))},
            {"location", Value(cl.location)},
            {"true_rows", Value(static_cast<int64_t>(cl.counts.true_rows))},
            {"false_rows", Value(static_cast<int64_t>(cl.counts.false_rows))},
            {"unknown_rows", Value(static_cast<int64_t>(cl.counts.unknown_rows))},
            {"evaluations", Value(static_cast<int64_t>(cl.counts.evaluations))},
            {"verdict", Value(ClauseVerdictName(cl.verdict))},
            {"covered", Value(cl.verdict == ClauseVerdict::kBoth)}});
      }
      controls.emplace_back(Value::Object{{"control", Value(cc.control)},
                                          {"file", Value(cc.file)},
                                          {"cases", Value(cc.cases)},
                                          {"covered", Value(cc.covered)},
                                          {"total", Value(cc.total)},
                                          {"percent", Value(Round3(cc.percent()))},
                                          {"clauses", Value(std::move(clauses))}});
    }
    root.emplace_back("coverage",
                      Value(Value::Object{{"covered", Value(r.covered)},
                                          {"total", Value(r.total)},
                                          {"percent", Value(Round3(r.coverage_percent()))},
                                          {"controls", Value(std::move(controls))}}));
  }
  if (!r.bench.empty()) {
    Value::Array bench;
    for (const BenchResult& b : r.bench) {
      bench.emplace_back(Value::Object{{"file", Value(b.file)},
                                       {"control", Value(b.control)},
                                       {"case", Value(b.case_name)},
                                       {"check", Value(b.check)},
                                       {"runs", Value(b.runs)},
                                       {"mean_ms", Value(b.mean_ms)},
                                       {"min_ms", Value(b.min_ms)},
                                       {"median_ms", Value(b.median_ms)}});
    }
    root.emplace_back("bench", Value(std::move(bench)));
  }
  return Value(std::move(root)).ToJson() + "\n";
}

std::string RenderJunit(const TestRunResult& r) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  double total_ms = 0;
  for (const CaseResult& c : r.cases) total_ms += c.time_ms;
  StrAppend(&out, "<testsuites name=\"vigil test\" tests=\"", r.passed + r.failed,
            "\" failures=\"", r.failed, "\" time=\"", FormatMs(total_ms / 1000), "\">\n");
  // One suite per file, in the order first met.
  std::vector<std::string> files;
  for (const CaseResult& c : r.cases) {
    if (std::find(files.begin(), files.end(), c.file) == files.end()) files.push_back(c.file);
  }
  for (const std::string& f : files) {
    int tests = 0, failures = 0;
    double ms = 0;
    for (const CaseResult& c : r.cases) {
      if (c.file != f) continue;
      ++tests;
      failures += c.passed ? 0 : 1;
      ms += c.time_ms;
    }
    StrAppend(&out, "  <testsuite name=\"", XmlEscape(f), "\" tests=\"", tests, "\" failures=\"",
              failures, "\" errors=\"0\" time=\"", FormatMs(ms / 1000), "\">\n");
    for (const CaseResult& c : r.cases) {
      if (c.file != f) continue;
      StrAppend(&out, "    <testcase classname=\"", XmlEscape(c.control), "\" name=\"",
                XmlEscape(c.name), "\" file=\"", XmlEscape(c.file), "\" time=\"",
                FormatMs(c.time_ms / 1000), "\"");
      if (c.passed) {
        out += "/>\n";
        continue;
      }
      std::string detail;
      RenderCaseText(c, false, &detail);
      std::string message = c.expected_status != c.actual_status
                                ? StrCat("expected ", StatusName(c.expected_status), ", got ",
                                         StatusName(c.actual_status))
                                : std::string("offending or waived assets differ");
      StrAppend(&out, ">\n      <failure message=\"", XmlEscape(message),
                "\" type=\"vigil.test\">", XmlEscape(detail), "</failure>\n    </testcase>\n");
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace

const char* ClauseVerdictName(ClauseVerdict v) {
  switch (v) {
    case ClauseVerdict::kBoth: return "both";
    case ClauseVerdict::kOnlyTrue: return "true-only";
    case ClauseVerdict::kOnlyFalse: return "false-only";
    case ClauseVerdict::kNever: return "never";
  }
  return "never";
}

absl::StatusOr<TestFile> ParseTestFile(std::string_view text, const std::string& path,
                                       const Pack& pack, Diagnostics* diags) {
  Diagnostics local;
  auto finish = [&]() -> absl::Status {
    if (diags != nullptr) diags->insert(diags->end(), local.begin(), local.end());
    return DiagnosticsToStatus(local);
  };
  auto doc = json::Document::Parse(std::string(text), path, &local);
  if (!doc.ok()) {
    if (local.empty()) return doc.status();
    return finish();
  }
  TestFile file;
  file.path = path;
  TestFileParser parser(*doc, pack, &local);
  if (!parser.Parse(&file) || !local.empty()) {
    if (local.empty()) local.push_back(doc->At(0, "test.invalid", "invalid test file"));
    return finish();
  }
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
            cr.messages.push_back(StrCat(StatusName(k.status), " in check \"", k.name, "\": ",
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
  for (const auto& s : coverage) {
    result.coverage.push_back(BuildCoverage(*s));
    result.covered += result.coverage.back().covered;
    result.total += result.coverage.back().total;
  }
  return result;
}

absl::StatusOr<TestFormat> ParseTestFormat(std::string_view name) {
  if (name == "text") return TestFormat::kText;
  if (name == "json") return TestFormat::kJson;
  if (name == "junit") return TestFormat::kJunit;
  return absl::InvalidArgumentError(
      StrCat("unknown format \"", name, "\" (text, json or junit)"));
}

std::string RenderCoverageText(const TestRunResult& r, bool color) {
  std::string out;
  if (!r.coverage_enabled) return out;
  for (const ControlCoverage& cc : r.coverage) {
    StrAppend(&out, "\n", Paint(color, kBold, StrCat("coverage of ", cc.control)), " (", cc.file,
              ", ", cc.cases, cc.cases == 1 ? " case" : " cases", "): ", cc.covered, "/",
              cc.total, " clauses seen both TRUE and not TRUE (", FormatPercent(cc.percent()),
              ")\n");
    size_t last_check = static_cast<size_t>(-1);
    for (const ClauseCoverage& cl : cc.clauses) {
      if (cl.check_index != last_check) {
        last_check = cl.check_index;
        StrAppend(&out, "  check \"", cl.check, "\"\n");
        StrAppend(&out, "    ", Pad("line:col", 9), Pad("TRUE", 8), Pad("FALSE", 8),
                  Pad("UNKNOWN", 9), Pad("verdict", 12), "clause (file:line:col)\n");
      }
      bool covered = cl.verdict == ClauseVerdict::kBoth;
      std::string verdict = Pad(VerdictText(cl.verdict), 12);
      if (color) {
        verdict = Paint(color, covered ? kGreen : cl.verdict == ClauseVerdict::kNever ? kRed : kYellow,
                        verdict);
      }
      StrAppend(&out, covered ? "    " : "  ! ",
                Pad(StrCat(cl.clause.line, ":", cl.clause.column), 9),
                Pad(StrCat(cl.counts.true_rows), 8), Pad(StrCat(cl.counts.false_rows), 8),
                Pad(StrCat(cl.counts.unknown_rows), 9), verdict, cl.clause.path, "  (",
                cl.location, ")\n");
    }
    if (cc.total == 0) out += "  (no where-clauses)\n";
  }
  if (r.coverage.empty()) {
    out += "\ncoverage: no case ran\n";
  } else {
    StrAppend(&out, "\ncoverage: ", r.covered, "/", r.total, " clauses covered (",
              FormatPercent(r.coverage_percent()), ") over ", r.coverage.size(),
              r.coverage.size() == 1 ? " control" : " controls",
              r.covered < r.total ? "; lines marked ! were not seen both TRUE and not TRUE" : "",
              "\n");
  }
  return out;
}

std::string RenderTestResults(const TestRunResult& r, TestFormat format, bool color) {
  if (format == TestFormat::kJson) return RenderJson(r);
  if (format == TestFormat::kJunit) return RenderJunit(r);
  std::string out;
  for (const CaseResult& c : r.cases) RenderCaseText(c, color, &out);
  out += RenderCoverageText(r, color);
  if (!r.bench.empty()) {
    out += "\ntime per check (evaluation and serialisation of the result):\n";
    for (const BenchResult& b : r.bench) {
      StrAppend(&out, "  ", b.control, " / ", b.case_name, " / ", b.check, ": ",
                FormatMs(b.mean_ms), " ms mean, ", FormatMs(b.median_ms), " median, ",
                FormatMs(b.min_ms), " min (", b.runs, b.runs == 1 ? " run" : " runs", ")\n");
    }
  }
  StrAppend(&out, r.passed, " passed, ", r.failed, " failed\n");
  return out;
}

}  // namespace vigil
