// The JSON report: the whole Report with the stable field names documented
// in docs/report-format.md. Pretty-printed, two spaces, trailing newline.
#include <string>
#include <vector>

#include "src/report/report_internal.h"

namespace vigil::report_internal {
namespace {

Value Strings(const std::vector<std::string>& v) {
  Value::Array a;
  a.reserve(v.size());
  for (const auto& s : v) a.emplace_back(s);
  return Value(std::move(a));
}

Value RowJson(const Report& report, const ReportRow& row, bool waived) {
  Value::Object o;
  o.emplace_back("id", row.id);
  o.emplace_back("type", row.type);
  o.emplace_back("name", row.name);
  o.emplace_back("account_id", row.account_id);
  o.emplace_back("region", row.region);
  o.emplace_back("row", row.row);
  if (!waived && !row.reason.empty()) o.emplace_back("reason", row.reason);
  if (waived) {
    const ExceptionReport* e = ExceptionOf(report, row);
    o.emplace_back("exception_index", e != nullptr
                                          ? Value(int64_t{row.exception_index})
                                          : Value());
    o.emplace_back("owner", e != nullptr ? e->owner : std::string());
    o.emplace_back("reason", e != nullptr ? e->reason : std::string());
    o.emplace_back("expires", e != nullptr ? e->expires : std::string());
  }
  return Value(std::move(o));
}

Value CheckJson(const Report& report, const CheckReport& check) {
  Value::Array offending, waived, unconfirmed;
  for (const auto& r : check.offending)
    offending.push_back(RowJson(report, r, false));
  for (const auto& r : check.waived) waived.push_back(RowJson(report, r, true));
  for (const auto& r : check.unconfirmed) unconfirmed.push_back(RowJson(report, r, false));
  Value::Object o{
      {"name", check.name},
      {"query", check.query},
      {"expect", check.expect},
      {"source", check.source},
  };
  if (!check.description.empty()) o.emplace_back("description", check.description);
  o.emplace_back("status", OutcomeName(check.status));
  o.emplace_back("message", check.message);
  o.emplace_back("offending", std::move(offending));
  o.emplace_back("waived", std::move(waived));
  o.emplace_back("unconfirmed", std::move(unconfirmed));
  if (check.passed_listed) o.emplace_back("passed", Strings(check.passed));
  o.emplace_back("time_ms", RoundMs(check.time_ms));
  return Value(std::move(o));
}

Value ParameterJson(const ParameterReport& p) {
  Value::Object o{{"name", p.name}, {"type", p.type}, {"value", p.value}, {"source", p.source}};
  if (!p.file.empty()) o.emplace_back("file", p.file);
  if (p.has_default) o.emplace_back("default", p.default_value);
  return Value(std::move(o));
}

Value ControlJson(const Report& report, const ControlReport& c) {
  Value::Array frameworks;
  for (const auto& f : c.frameworks) {
    Value::Object fo{{"name", f.name}, {"version", f.version}, {"id", f.id}};
    if (!f.assessment.empty()) fo.emplace_back("assessment", f.assessment);
    if (!f.profile.empty()) fo.emplace_back("profile", f.profile);
    frameworks.push_back(Value(std::move(fo)));
  }
  Value::Array checks;
  for (const auto& ch : c.checks) checks.push_back(CheckJson(report, ch));
  Value::Array parameters;
  for (const auto& p : c.parameters) parameters.push_back(ParameterJson(p));
  return Value(Value::Object{
      {"id", c.id},
      {"title", c.title},
      {"severity", c.severity},
      {"provider", c.provider},
      {"frameworks", std::move(frameworks)},
      {"references", Strings(c.references)},
      {"overview", c.overview},
      {"rationale", c.rationale},
      {"impact", c.impact},
      {"remediation", c.remediation},
      {"notes", c.notes},
      {"service_wide_remediation", c.service_wide_remediation},
      {"operational_rollout", Strings(c.operational_rollout)},
      {"connectors", Strings(c.connectors)},
      {"status", OutcomeName(c.status)},
      {"covered_types", Strings(c.covered_types)},
      {"parameters", std::move(parameters)},
      {"time_ms", RoundMs(c.time_ms)},
      {"checks", std::move(checks)},
  });
}

}  // namespace

std::string RenderJson(const Report& report) {
  const ReportSummary& s = report.summary;
  Value::Array controls, exceptions;
  for (const auto& c : report.controls)
    controls.push_back(ControlJson(report, c));
  for (size_t i = 0; i < report.exceptions.size(); ++i) {
    const ExceptionReport& e = report.exceptions[i];
    Value::Object o{
        {"index", static_cast<int64_t>(i)},
        {"control", e.control},
        {"assets", Strings(e.assets)},
        {"owner", e.owner},
        {"reason", e.reason},
        {"expires", e.expires},
        {"state", e.state},
        {"waived_ids", Strings(e.waived_ids)},
        {"source", e.source},
    };
    // Written only when set, so that reports without them keep their form.
    if (!e.ticket.empty()) o.emplace_back("ticket", e.ticket);
    if (e.expiring_soon) o.emplace_back("expiring_soon", true);
    if (!e.extensions.empty()) o.emplace_back("extensions", Value(e.extensions));
    exceptions.push_back(Value(std::move(o)));
  }
  Value::Object product;  // the embedding tool, when the report names one
  if (!report.product_name.empty()) {
    product = {{"name", report.product_name}, {"version", report.product_version}};
  }
  Value doc(Value::Object{
      {"vigil_version", report.tool_version},
      {"pack", Value(Value::Object{{"name", report.pack_name},
                                   {"version", report.pack_version},
                                   {"title", report.pack_title},
                                   {"path", report.pack_path}})},
      {"graph", Value(Value::Object{{"path", report.graph_path}})},
      {"generated_at", report.generated_at},
      {"summary",
       Value(Value::Object{{"controls", s.controls},
                           {"passed", s.passed},
                           {"failed", s.failed},
                           {"waived", s.waived},
                           {"errors", s.errors},
                           {"checks", s.checks},
                           {"assets_evaluated", s.assets_evaluated},
                           {"offending_assets", s.offending_assets}})},
      {"controls", std::move(controls)},
      {"exceptions", std::move(exceptions)},
      {"collections",
       Value(Value::Object{{"recorded", report.collections.recorded},
                           {"collected", report.collections.collected},
                           {"failed", report.collections.failed},
                           {"missing", report.collections.missing},
                           {"excluded", Strings(report.collections.excluded)}})},
      {"timing",
       Value(Value::Object{{"load_ms", RoundMs(report.load_ms)},
                           {"compile_ms", RoundMs(report.compile_ms)},
                           {"evaluate_ms", RoundMs(report.evaluate_ms)}})},
  });
  if (!product.empty()) {
    doc.as_object().insert(doc.as_object().begin() + 1,
                           {"product", Value(std::move(product))});
  }
  std::string out = JsonText(doc, 2);
  out.push_back('\n');
  return out;
}

}  // namespace vigil::report_internal
