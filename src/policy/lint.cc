// `vigil lint`: warnings about checks that compile but probably do not say
// what their author meant (vigil/policy.h, LintPack).
#include <chrono>
#include <set>

#include "src/base/strings.h"
#include "src/check/plan.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"

namespace vigil {
namespace {

const char* NegatedSuffix(const plan::Filter& f) {
  switch (f.op) {
    case plan::ScalarOp::kEq: return "_NOT";
    case plan::ScalarOp::kIn: return "_NOT_IN";
    case plan::ScalarOp::kContains: return "_NOT_CONTAINS";
    case plan::ScalarOp::kStartsWith: return "_NOT_STARTS_WITH";
    case plan::ScalarOp::kEndsWith: return "_NOT_ENDS_WITH";
    case plan::ScalarOp::kListEq: return "_NOT";
    case plan::ScalarOp::kIncludes: return "_NOT_INCLUDES";
    default: return nullptr;
  }
}

struct Linter {
  const Schema& schema;
  const ControlDef& control;
  const CheckDef& check;
  Diagnostics* out;
  std::set<std::string> seen;

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

  void Filter(const plan::Filter& f, TypeId owner) {
    if (f.kind == plan::Filter::Kind::kScalar && f.negate) {
      const char* suffix = NegatedSuffix(f);
      if (suffix != nullptr) {
        std::string key = StrCat(f.property, suffix);
        if (seen.insert(key).second) {
          Warn("lint.negated-filter",
               StrCat("`", key, "` never keeps an asset whose \"", f.property,
                      "\" is missing (null compares as unknown), so such assets are silently "
                      "left out; if they should count, add `{", f.property,
                      ": null}` in an OR, or write the positive filter inside `NOT`"),
               key);
        }
      }
    }
    for (const auto& c : f.children) Filter(c, owner);
    for (const auto& c : f.inner) Filter(c, owner);
  }

  void Selection(const plan::SelectionPlan* sel) {
    if (sel == nullptr) return;
    for (const auto& ts : sel->by_type) {
      if (!ts) continue;
      for (const auto& fp : ts->fields) {
        if (fp.where) Filter(*fp.where, kNoType);
        Selection(fp.selection.get());
      }
    }
  }

  void Run(const plan::PlanSet& set) {
    for (const auto& root : set.roots) {
      if (root.where) Filter(*root.where, root.type);
      Selection(root.selection.get());
    }
    // Rows without `id`.
    if (!check.query->stored_form() || set.roots.empty()) return;
    const auto& root = set.roots[0];
    if (root.typename_only || !root.selection) return;
    std::vector<std::string> missing;
    for (size_t t = 0; t < root.selection->by_type.size(); ++t) {
      const auto& ts = root.selection->by_type[t];
      if (!ts) continue;
      bool has_id = false;
      for (const auto& fp : ts->fields) {
        if (fp.kind == plan::FieldPlan::Kind::kProperty && fp.key == "id" && fp.name == "id") {
          has_id = true;
        }
      }
      if (!has_id) missing.push_back(schema.type(static_cast<TypeId>(t)).name);
    }
    if (!missing.empty()) {
      Warn("lint.rows-without-id",
           StrCat("the rows of ", StrJoin(missing, ", "),
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
      const internal::CompiledQuery& q = check.query->compiled();
      std::shared_ptr<const plan::PlanSet> set = q.plan;
      if (!set) {
        if (!vars.ok()) {
          Diagnostic d;
          d.severity = Severity::kNote;
          d.code = "lint.skipped";
          d.file = c.file;
          d.message = StrCat("control \"", c.id, "\": check \"", check.name,
                             "\": not linted: ", std::string(vars.status().message()));
          diags->push_back(std::move(d));
          continue;
        }
        auto p = internal::BuildPlan(q, *vars);
        if (!p.ok()) {
          Diagnostic d;
          d.severity = Severity::kWarning;
          d.code = "lint.defaults";
          d.file = c.file;
          d.message = StrCat("control \"", c.id, "\": check \"", check.name,
                             "\": the parameter defaults do not suit the query: ",
                             std::string(p.status().message()));
          diags->push_back(std::move(d));
          continue;
        }
        set = *p;
      }
      Linter l{*pack.schema, c, check, diags, {}};
      l.Run(*set);
    }
  }
}

}  // namespace vigil
