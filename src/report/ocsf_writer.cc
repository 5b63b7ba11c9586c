// OCSF 1.1.0 Compliance Finding (class_uid 2003) as JSON lines: one
// finding per control x asset (offending: compliance Fail, status New;
// waived: compliance Fail, status Suppressed). A control that passes with
// no rows gives one Pass finding without a resource; a failed check without
// rows one Fail finding without a resource; an errored check one finding
// with compliance status Unknown, and one more (Unknown, with the resource)
// per unconfirmed row when its data was not all collected.
//
// Every attribute is one the Compliance Finding class of OCSF 1.1.0 defines
// (the class, the Finding and Base Event classes it extends, their profiles,
// and the objects they name), with the dictionary's type and enum values:
// tests/report/validate_reports.py --check ocsf-schema resolves the class
// from the schema's own files (tests/data/ocsf-schema-1.1.0) and checks
// every line. The asset is the class's `resource` (one Resource Details
// object: 1.1.0 has no `resources` array in this class); `cloud` comes from
// the cloud profile, so a finding that has it lists "cloud" in
// metadata.profiles.
#include <optional>
#include <string>
#include <vector>

#include "src/base/datetime.h"
#include "src/base/strings.h"
#include "src/report/report_internal.h"

namespace vigil::report_internal {
namespace {

constexpr int kClassUid = 2003;
constexpr int kCategoryUid = 2;
constexpr int kActivityCreate = 1;

const char* SeverityName(int id) {
  switch (id) {
    case 1:
      return "Informational";
    case 2:
      return "Low";
    case 3:
      return "Medium";
    case 4:
      return "High";
    case 5:
      return "Critical";
    default:
      return "Unknown";
  }
}

struct Common {
  int64_t time_ms = 0;
  Value::Object product;
};

constexpr char kOcsfVersion[] = "1.1.0";

Value Standards(const ControlReport& c) {
  Value::Array standards;
  for (const auto& f : c.frameworks) {
    std::string s = f.name;
    if (!f.version.empty()) StrAppend(&s, " ", f.version);
    bool seen = false;
    for (const auto& t : standards) seen = seen || t.as_string() == s;
    if (!seen) standards.emplace_back(s);
  }
  return Value(std::move(standards));
}

Value Requirements(const ControlReport& c) {
  Value::Array reqs;
  for (const auto& f : c.frameworks) {
    if (!f.id.empty())
      reqs.emplace_back(StrCat(f.name, " ", f.version, " ", f.id));
  }
  return Value(std::move(reqs));
}

enum class Kind { kOffending, kWaived, kPass, kFailNoRow, kError, kUnconfirmed };

// One finding. `row` is null for findings about the control as a whole.
Value Finding(const Report& report, const Common& common,
              const ControlReport& c, const ReportRow* row, Kind kind,
              const std::string& detail, const std::vector<std::string>& checks,
              const std::string& uid) {
  int severity_id = SeverityId(c.severity);
  int compliance_status_id;
  const char* compliance_status;
  switch (kind) {
    case Kind::kPass:
      compliance_status_id = 1;
      compliance_status = "Pass";
      break;
    case Kind::kError:
    case Kind::kUnconfirmed:
      compliance_status_id = 0;
      compliance_status = "Unknown";
      break;
    default:
      compliance_status_id = 3;
      compliance_status = "Fail";
      break;
  }
  bool suppressed = kind == Kind::kWaived;
  std::string title = c.title.empty() ? c.id : c.title;

  std::string message;
  if (row != nullptr) {
    message =
        StrCat(row->id.empty() ? std::string("(asset without id)") : row->id,
               kind == Kind::kUnconfirmed ? " is unconfirmed for "
               : suppressed               ? " is waived for "
                                          : " fails ",
               c.id);
  } else if (kind == Kind::kPass) {
    message = StrCat(c.id, " passes");
    if (report.summary.assets_evaluated == 0) StrAppend(&message, " (0 assets evaluated)");
  } else if (kind == Kind::kError) {
    message = StrCat(c.id, " could not be evaluated");
  } else {
    message = StrCat(c.id, " fails");
  }
  if (!detail.empty()) StrAppend(&message, ": ", detail);
  if (row != nullptr && !row->reason.empty()) {
    StrAppend(&message, detail.empty() ? ": " : "; ", row->reason);
  }

  Value::Object compliance{{"control", c.id},
                           {"standards", Standards(c)},
                           {"requirements", Requirements(c)},
                           {"status_id", compliance_status_id},
                           {"status", compliance_status}};
  if (!checks.empty())
    compliance.emplace_back("status_detail", StrJoin(checks, "; "));

  Value::Array types;
  types.emplace_back("Compliance");
  Value::Object finding_info{{"uid", uid},
                             {"title", title},
                             {"desc", c.overview.empty() ? title : c.overview},
                             {"types", std::move(types)}};

  Value::Object metadata{{"product", Value(common.product)}};
  if (!c.provider.empty()) metadata.emplace_back("profiles", Value(Value::Array{Value("cloud")}));
  metadata.emplace_back("version", kOcsfVersion);

  Value::Object f{
      {"class_uid", kClassUid},
      {"class_name", "Compliance Finding"},
      {"category_uid", kCategoryUid},
      {"category_name", "Findings"},
      {"activity_id", kActivityCreate},
      {"activity_name", "Create"},
      {"type_uid", kClassUid * 100 + kActivityCreate},
      {"type_name", "Compliance Finding: Create"},
      {"severity_id", severity_id},
      {"severity", SeverityName(severity_id)},
      {"time", common.time_ms},
      {"status_id", suppressed ? 3 : 1},
      {"status", suppressed ? "Suppressed" : "New"},
      {"message", message},
      {"metadata", Value(std::move(metadata))},
      {"finding_info", Value(std::move(finding_info))},
      {"compliance", Value(std::move(compliance))},
  };
  if (!c.remediation.empty()) {
    Value::Array refs;
    for (const auto& r : c.references) refs.emplace_back(r);
    f.emplace_back("remediation",
                   Value(Value::Object{{"desc", c.remediation},
                                       {"references", std::move(refs)}}));
  }
  if (row != nullptr) {
    Value::Object resource{{"uid", row->id}};
    if (!row->name.empty()) resource.emplace_back("name", row->name);
    if (!row->type.empty()) resource.emplace_back("type", row->type);
    if (!row->region.empty()) resource.emplace_back("region", row->region);
    if (!row->account_id.empty()) {
      resource.emplace_back(
          "owner",
          Value(Value::Object{
              {"account", Value(Value::Object{{"uid", row->account_id}})}}));
    }
    resource.emplace_back("data", row->row);
    f.emplace_back("resource", Value(std::move(resource)));
  }
  if (!c.provider.empty()) {
    Value::Object cloud{{"provider", c.provider}};
    if (row != nullptr && !row->region.empty())
      cloud.emplace_back("region", row->region);
    if (row != nullptr && !row->account_id.empty()) {
      cloud.emplace_back("account",
                         Value(Value::Object{{"uid", row->account_id}}));
    }
    f.emplace_back("cloud", Value(std::move(cloud)));
  }
  Value::Object unmapped{{"control_status", OutcomeName(c.status)},
                         {"pack", report.pack_name},
                         {"assets_evaluated", report.summary.assets_evaluated}};
  if (suppressed && row != nullptr) {
    if (const ExceptionReport* e = ExceptionOf(report, *row)) {
      unmapped.emplace_back("exception",
                            Value(Value::Object{{"owner", e->owner},
                                                {"reason", e->reason},
                                                {"expires", e->expires},
                                                {"source", e->source}}));
    }
  }
  if (row != nullptr && !row->reason.empty()) unmapped.emplace_back("reason", row->reason);
  if (!c.parameters.empty()) {
    // The parameter values the control ran with and their sources (an
    // override can decide the verdict).
    Value::Array params;
    for (const ParameterReport& p : c.parameters) {
      Value::Object o{{"name", p.name}, {"value", p.value}, {"source", p.source}};
      if (!p.file.empty()) o.emplace_back("file", p.file);
      params.push_back(Value(std::move(o)));
    }
    unmapped.emplace_back("parameters", Value(std::move(params)));
  }
  f.emplace_back("unmapped", Value(std::move(unmapped)));
  return Value(std::move(f));
}

}  // namespace

std::string RenderOcsf(const Report& report) {
  Common common;
  if (std::optional<Instant> t = ParseInstant(report.generated_at)) {
    common.time_ms = t->seconds * 1000 + t->nanos / 1000000;
  }
  // The embedding tool when the report names one (Report::product_name).
  const bool embedded = !report.product_name.empty();
  const std::string product = embedded ? report.product_name : std::string("vigil");
  const std::string& version = embedded ? report.product_version : report.tool_version;
  common.product = {{"name", product}, {"vendor_name", product}};
  if (!version.empty()) common.product.emplace_back("version", version);

  std::string out;
  auto emit = [&](const Value& v) {
    AppendJsonValue(v, -1, &out);
    out.push_back('\n');
  };
  for (const ControlReport& c : report.controls) {
    std::vector<ControlAsset> assets = CollectControlAssets(c);
    for (const ControlAsset& a : assets) {
      const ReportRow& row = *a.row;
      std::string uid = row.id.empty() ? StableHash({c.id, row.row.ToJson()})
                                       : StableHash({c.id, row.id});
      std::string detail;
      if (a.waived) {
        if (const ExceptionReport* e = ExceptionOf(report, row)) {
          detail = StrCat(
              "waived by ",
              e->owner.empty() ? std::string("unknown owner") : e->owner,
              e->expires.empty() ? std::string()
                                 : StrCat(" until ", e->expires),
              e->reason.empty() ? std::string() : StrCat(" (", e->reason, ")"));
        }
      }
      emit(Finding(report, common, c, &row,
                   a.waived ? Kind::kWaived : Kind::kOffending, detail,
                   a.checks, uid));
    }
    bool any_problem = !assets.empty();
    for (const CheckReport& check : c.checks) {
      if (check.status == Outcome::kError) {
        any_problem = true;
        emit(Finding(report, common, c, nullptr, Kind::kError, check.message,
                     {check.name}, StableHash({c.id, "error", check.name})));
        for (const ReportRow& row : check.unconfirmed) {
          emit(Finding(report, common, c, &row, Kind::kUnconfirmed, check.message, {check.name},
                       row.id.empty() ? StableHash({c.id, "unconfirmed", row.row.ToJson()})
                                      : StableHash({c.id, "unconfirmed", row.id})));
        }
      } else if (check.status == Outcome::kFail && check.offending.empty()) {
        any_problem = true;
        emit(Finding(report, common, c, nullptr, Kind::kFailNoRow,
                     check.message, {check.name},
                     StableHash({c.id, "fail", check.name})));
      }
    }
    if (!any_problem) {
      emit(Finding(report, common, c, nullptr, Kind::kPass, "", {},
                   StableHash({c.id})));
    }
  }
  return out;
}

}  // namespace vigil::report_internal
