// `vigil lint`: warnings about checks that compile but probably do not say
// what their author meant (vigil/policy.h, LintPack).
#include <chrono>

#include "src/base/strings.h"
#include "src/check/program.h"
#include "src/query/query_internal.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"

namespace vigil {
namespace {

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
}

}  // namespace vigil
