// `vigil lint`: warnings about checks that compile but probably do not say
// what their author meant (vigil/policy.h, LintPack).
#include <chrono>
#include <filesystem>
#include <set>

#include "src/base/file.h"
#include "src/base/json_reader.h"
#include "src/base/strings.h"
#include "src/check/program.h"
#include "src/query/query_internal.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"
#include "vigil/test_runner.h"

namespace vigil {
namespace {

// When the pack has a tests/ directory: a warning for each control that no
// test file there has a case for (`vigil test --coverage-min` counts such a
// control as 0% covered). Test files are only skimmed here (their "control"
// and "cases"); `vigil test` reports what is wrong in them.
void LintUntestedControls(const Pack& pack, Diagnostics* diags) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path tests = fs::path(pack.dir) / "tests";
  if (pack.dir.empty() || pack.in_memory || !fs::is_directory(tests, ec)) return;
  auto files = FindTestFiles({tests.string()});
  if (!files.ok()) return;
  std::set<std::string> tested;
  for (const std::string& f : *files) {
    auto text = ReadTextFile(f);
    if (!text.ok()) continue;
    auto doc = json::Document::Parse(*std::move(text), f);
    if (!doc.ok()) continue;
    const json::Node* control = doc->root().Get("control");
    const json::Node* cases = doc->root().Get("cases");
    if (control != nullptr && control->is_string() && cases != nullptr && cases->is_array() &&
        !cases->items.empty()) {
      tested.insert(control->s);
    }
  }
  for (const ControlDef& c : pack.controls) {
    if (tested.contains(c.id)) continue;
    std::string message = StrCat("control \"", c.id, "\" has no test case in ",
                                 tests.string(), " (vigil test --coverage counts it as 0% covered)");
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.code = "lint.untested-control";
    d.file = c.file;
    d.message = message;
    // Located at the control's "id" when its file reads back.
    if (auto text = ReadTextFile(c.file); text.ok()) {
      if (auto doc = json::Document::Parse(*std::move(text), c.file); doc.ok()) {
        if (const json::Node* id = doc->root().Get("id"); id != nullptr) {
          d = doc->At(id->offset, "lint.untested-control", message, Severity::kWarning);
        }
      }
    }
    diags->push_back(std::move(d));
  }
}

struct Linter {
  const ControlDef& control;
  const CheckDef& check;
  Diagnostics* out;

  void Warn(std::string_view code, std::string message, std::string_view needle) {
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.code = std::string(code);
    d.message = StrCat("control \"", control.id, "\": check \"", check.name, "\": ", message);
    // Located in the query text when the needle is found there.
    size_t at = needle.empty() ? std::string::npos : check.query_text.find(needle);
    std::string file = check.query_file.empty() ? StrCat(control.file, " (query)")
                                                : check.query_file;
    if (at != std::string::npos) {
      Diagnostic located = MakeDiagnostic(code, d.message, file, check.query_text,
                                          static_cast<uint32_t>(at), Severity::kWarning);
      out->push_back(std::move(located));
    } else {
      d.file = control.file;
      out->push_back(std::move(d));
    }
  }

  void Run(const check::LintFacts& facts) {
    for (const auto& [property, key] : facts.negated_keys) {
      Warn("lint.negated-filter",
           StrCat("`", key, "` never keeps an asset whose \"", property,
                  "\" is missing (null compares as unknown), so such assets are silently "
                  "left out; if they should count, add `{", property,
                  ": null}` in an OR, or write the positive filter inside `NOT`"),
           key);
    }
    for (const auto& d : facts.deprecated_keys) {
      std::string what;
      if (!d.replacement.empty()) {
        what = StrCat("write `", d.replacement, "`, which means the same");
      } else if (!d.instead.empty()) {
        what = StrCat("it holds when some related value compares, which `", d.instead,
                      "` says with current keys (outside the aggregate)");
      } else {
        what = "it holds when some related value's length compares; no current key says that";
      }
      Warn("lint.deprecated-key",
           StrCat("`", d.key, "` is an aggregation filter that Neo4j GraphQL deprecates; ", what),
           d.key);
    }
    if (!facts.rows_without_id.empty()) {
      Warn("lint.rows-without-id",
           StrCat("the rows of ", StrJoin(facts.rows_without_id, ", "),
                  " do not select `id`, so a failing row cannot name its asset: reports cannot "
                  "identify it and exceptions cannot waive it",
                  check.expect.ExpectsNoRows() ? "" : " (with an expectation other than `eq []`, "
                  "the rows are still listed as offending when it fails)",
                  "; select `id` (e.g. with ...AssetFragment)"),
           "");
    }
  }
};

}  // namespace

void LintPack(const Pack& pack, Diagnostics* diags) {
  const Instant now = Instant::Now();
  for (const ControlDef& c : pack.controls) {
    auto vars = ResolveParameters(c, {}, now);
    for (const CheckDef& check : c.checks) {
      if (!check.query->variables().empty() && !vars.ok()) {
        Diagnostic d;
        d.severity = Severity::kNote;
        d.code = "lint.skipped";
        d.file = c.file;
        d.message = StrCat("control \"", c.id, "\": check \"", check.name,
                           "\": not linted: ", std::string(vars.status().message()));
        diags->push_back(std::move(d));
        continue;
      }
      // The plan with the parameter defaults bound.
      auto facts = check::Lint(query_internal::ProgramOf(*check.query),
                               vars.ok() ? *vars : Value());
      if (!facts.ok()) {
        Diagnostic d;
        d.severity = Severity::kWarning;
        d.code = "lint.defaults";
        d.file = c.file;
        d.message = StrCat("control \"", c.id, "\": check \"", check.name,
                           "\": the parameter defaults do not suit the query: ",
                           std::string(facts.status().message()));
        diags->push_back(std::move(d));
        continue;
      }
      Linter{c, check, diags}.Run(*facts);
    }
  }
  LintUntestedControls(pack, diags);
}

}  // namespace vigil
