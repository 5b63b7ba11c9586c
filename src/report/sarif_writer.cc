// SARIF 2.1.0: one run; one rule per control; one result per offending
// (or waived, then suppressed) asset of a control. A result's location is
// the check that found it: a physicalLocation in the control file (its path
// as the pack was named, relative as GitHub code scanning wants it, or under
// the uriBaseId PACKROOT when the pack was named by an absolute path) at the
// check's line; the asset itself, which has no source file, is a
// logicalLocation (kind "resource") whose fullyQualifiedName is its id.
// Errored checks become tool execution notifications of the run's
// invocation.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/strings.h"
#include "src/report/report_internal.h"

namespace vigil::report_internal {
namespace {

// True for an absolute http or https URI in the syntax of RFC 3986: a
// scheme, "//", a non-empty host, and only URI characters after it (percent
// escapes well-formed; no space, quote, control character, '<', '>', '\\',
// '^', '`', '{', '|', '}').
bool IsAbsoluteHttpUri(std::string_view u) {
  size_t rest;
  if (u.rfind("https://", 0) == 0) {
    rest = 8;
  } else if (u.rfind("http://", 0) == 0) {
    rest = 7;
  } else {
    return false;
  }
  const size_t host_end = u.find_first_of("/?#", rest);
  const std::string_view authority =
      u.substr(rest, host_end == std::string_view::npos ? std::string_view::npos : host_end - rest);
  const size_t at = authority.rfind('@');
  const std::string_view host = at == std::string_view::npos ? authority : authority.substr(at + 1);
  if (host.empty() || host[0] == ':') return false;
  auto hex = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  };
  for (size_t i = rest; i < u.size(); ++i) {
    const char c = u[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) continue;
    if (c == '%') {
      if (i + 2 >= u.size() || !hex(u[i + 1]) || !hex(u[i + 2])) return false;
      i += 2;
      continue;
    }
    if (std::string_view("-._~:/?#[]@!$&'()*+,;=").find(c) == std::string_view::npos) return false;
  }
  return true;
}

// True when `v` is a version in the syntax of Semantic Versioning 2.0.0
// (semver.org): MAJOR.MINOR.PATCH, numbers without leading zeros, then an
// optional "-" pre-release and "+" build metadata, each a dot-separated list
// of non-empty [0-9A-Za-z-] identifiers (numeric pre-release identifiers
// without leading zeros). SARIF's semanticVersion must be one; "2024.1",
// "v1.2.3" or "1.2.3.4" are not.
bool IsSemVer(std::string_view v) {
  auto ident_char = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c == '-';
  };
  auto all_digits = [](std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  // A dot-separated list of identifiers; `numeric_no_zero`: numeric ones
  // may not have leading zeros.
  auto identifiers = [&](std::string_view s, bool numeric_no_zero) {
    if (s.empty()) return false;
    size_t start = 0;
    while (true) {
      const size_t dot = s.find('.', start);
      const std::string_view id =
          s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
      if (id.empty()) return false;
      for (char c : id) {
        if (!ident_char(c)) return false;
      }
      if (numeric_no_zero && all_digits(id) && id.size() > 1 && id[0] == '0') return false;
      if (dot == std::string_view::npos) return true;
      start = dot + 1;
    }
  };
  if (const size_t plus = v.find('+'); plus != std::string_view::npos) {
    if (!identifiers(v.substr(plus + 1), false)) return false;
    v = v.substr(0, plus);
  }
  if (const size_t dash = v.find('-'); dash != std::string_view::npos) {
    if (!identifiers(v.substr(dash + 1), true)) return false;
    v = v.substr(0, dash);
  }
  for (int part = 0; part < 3; ++part) {
    const size_t dot = v.find('.');
    if ((part < 2) != (dot != std::string_view::npos)) return false;
    const std::string_view n = v.substr(0, dot);
    if (!all_digits(n) || (n.size() > 1 && n[0] == '0')) return false;
    v = dot == std::string_view::npos ? std::string_view() : v.substr(dot + 1);
  }
  return true;
}

// `s` as the path part of a URI: every byte outside RFC 3986's unreserved
// characters and '/' percent-encoded.
std::string UriPath(std::string_view s) { return PercentEncode(s, "/"); }

constexpr char kPackRoot[] = "PACKROOT";

// A check's declaration ("file:line:col", CheckReport::source) as a SARIF
// physicalLocation; nullopt when it does not have that form. A relative file
// stays relative (to the directory vigil ran in, normally the repository
// root); an absolute one under the pack directory becomes relative to
// PACKROOT, any other absolute one a file: URI.
std::optional<Value> PhysicalLocation(const Report& report, std::string_view source) {
  const size_t c2 = source.rfind(':');
  if (c2 == std::string_view::npos || c2 == 0) return std::nullopt;
  const size_t c1 = source.rfind(':', c2 - 1);
  if (c1 == std::string_view::npos || c1 == 0) return std::nullopt;
  auto number = [](std::string_view d) -> int64_t {
    if (d.empty() || d.size() > 9) return 0;
    int64_t n = 0;
    for (char c : d) {
      if (c < '0' || c > '9') return 0;
      n = n * 10 + (c - '0');
    }
    return n;
  };
  const int64_t line = number(source.substr(c1 + 1, c2 - c1 - 1));
  const int64_t column = number(source.substr(c2 + 1));
  if (line < 1) return std::nullopt;
  std::string_view file = source.substr(0, c1);
  Value::Object artifact;
  if (file[0] != '/') {
    while (file.size() > 2 && file.substr(0, 2) == "./") file.remove_prefix(2);
    artifact.emplace_back("uri", UriPath(file));
  } else {
    std::string_view pack = report.pack_path;
    while (pack.size() > 1 && pack.back() == '/') pack.remove_suffix(1);
    if (!pack.empty() && pack[0] == '/' && file.size() > pack.size() + 1 &&
        file.substr(0, pack.size()) == pack && file[pack.size()] == '/') {
      artifact.emplace_back("uri", UriPath(file.substr(pack.size() + 1)));
      artifact.emplace_back("uriBaseId", kPackRoot);
    } else {
      artifact.emplace_back("uri", StrCat("file://", UriPath(file)));
    }
  }
  Value::Object region{{"startLine", line}};
  if (column >= 1) region.emplace_back("startColumn", column);
  return Value(Value::Object{{"artifactLocation", Value(std::move(artifact))},
                             {"region", Value(std::move(region))}});
}

// The location of a result: where `check` is declared, and the asset.
Value::Array Locations(const Report& report, const CheckReport* check, const ReportRow* row) {
  Value::Object loc;
  if (check != nullptr) {
    if (std::optional<Value> p = PhysicalLocation(report, check->source))
      loc.emplace_back("physicalLocation", std::move(*p));
  }
  if (row != nullptr && !row->id.empty()) {
    Value::Object logical{{"fullyQualifiedName", row->id}, {"kind", "resource"}};
    if (!row->name.empty()) logical.insert(logical.begin(), {"name", row->name});
    loc.emplace_back("logicalLocations", Value(Value::Array{Value(std::move(logical))}));
  }
  if (loc.empty()) return {};
  return Value::Array{Value(std::move(loc))};
}

// The first check of `c` named `name` that knows where it is declared.
const CheckReport* DeclaredCheck(const ControlReport& c, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    for (const CheckReport& k : c.checks) {
      if (k.name == name && !k.source.empty()) return &k;
    }
  }
  return nullptr;
}

constexpr char kSarifSchema[] = "https://json.schemastore.org/sarif-2.1.0.json";

const char* Level(const std::string& severity) {
  std::string s = AsciiLower(severity);
  if (s == "critical" || s == "high") return "error";
  if (s == "medium") return "warning";
  return "note";  // low, informational, unknown
}

// GitHub code scanning's numeric severity (as Prowler maps it).
const char* SecuritySeverity(const std::string& severity) {
  switch (SeverityId(severity)) {
    case 5:
      return "9.0";
    case 4:
      return "7.0";
    case 3:
      return "4.0";
    case 2:
      return "2.0";
    default:
      return "0.0";
  }
}

// A message string must not be empty.
Value Message(const std::string& text, const std::string& fallback) {
  return Value(Value::Object{{"text", text.empty() ? fallback : text}});
}

// The parameter values the control ran with and their sources.
Value ParametersValue(const ControlReport& c) {
  Value::Array out;
  for (const ParameterReport& p : c.parameters) {
    Value::Object o{{"name", p.name}, {"value", p.value}, {"source", p.source}};
    if (!p.file.empty()) o.emplace_back("file", p.file);
    out.push_back(Value(std::move(o)));
  }
  return Value(std::move(out));
}

Value Rule(const ControlReport& c) {
  Value::Array frameworks, tags;
  // SARIF requires the tags of a property bag to be unique.
  auto add_tag = [&tags](const std::string& tag) {
    for (const auto& t : tags) {
      if (t.as_string() == tag) return;
    }
    tags.emplace_back(tag);
  };
  for (const auto& f : c.frameworks) {
    frameworks.push_back(Value(
        Value::Object{{"name", f.name}, {"version", f.version}, {"id", f.id}}));
    std::string tag = f.name;
    if (!f.version.empty()) StrAppend(&tag, " ", f.version);
    if (!f.id.empty()) StrAppend(&tag, " ", f.id);
    add_tag(tag);
  }
  add_tag("security");
  add_tag("compliance");
  std::string title = c.title.empty() ? c.id : c.title;
  std::string full = c.overview.empty() ? title : c.overview;
  if (!c.rationale.empty()) StrAppend(&full, "\n\n", c.rationale);
  Value::Object rule{
      {"id", c.id},
      {"name", title},
      {"shortDescription", Message(title, c.id)},
      {"fullDescription", Message(full, c.id)},
  };
  // help: the remediation, then what each check looks for (its
  // description).
  std::string help = c.remediation;
  for (const CheckReport& k : c.checks) {
    if (k.description.empty()) continue;
    StrAppend(&help, help.empty() ? "" : "\n\n", "Check '", k.name, "': ", k.description);
  }
  if (!help.empty()) rule.emplace_back("help", Message(help, c.id));
  // helpUri must be an absolute URI (SARIF 3.49.12): the first reference
  // that is a well-formed http(s) URI, never a reference taken verbatim.
  for (const auto& ref : c.references) {
    if (IsAbsoluteHttpUri(ref)) {
      rule.emplace_back("helpUri", ref);
      break;
    }
  }
  Value::Array references;
  for (const auto& r : c.references) references.emplace_back(r);
  rule.emplace_back("defaultConfiguration",
                    Value(Value::Object{{"level", Level(c.severity)}}));
  Value::Object props{{"severity", c.severity},
                      {"security-severity", SecuritySeverity(c.severity)},
                      {"provider", c.provider},
                      {"frameworks", std::move(frameworks)},
                      {"references", std::move(references)},
                      {"tags", std::move(tags)}};
  if (!c.parameters.empty()) props.emplace_back("parameters", ParametersValue(c));
  rule.emplace_back("properties", Value(std::move(props)));
  return Value(std::move(rule));
}

std::string AssetLabel(const ReportRow& row) {
  std::string label =
      row.id.empty() ? std::string("(asset without id)") : row.id;
  if (!row.type.empty()) StrAppend(&label, " (", row.type, ")");
  if (!row.name.empty() && row.name != row.id)
    StrAppend(&label, " \"", row.name, "\"");
  return label;
}

// The members every result starts with: the rule, the kind, the level and
// the message.
Value::Object ResultHead(const ControlReport& c, size_t rule_index, std::string_view kind,
                         std::string_view level, const std::string& text) {
  return Value::Object{
      {"ruleId", c.id},
      {"ruleIndex", static_cast<int64_t>(rule_index)},
      {"kind", std::string(kind)},
      {"level", std::string(level)},
      {"message", Value(Value::Object{{"text", text}})},
  };
}

Value Result(const Report& report, const ControlReport& c, size_t rule_index,
             const ControlAsset& asset) {
  const ReportRow& row = *asset.row;
  std::string text = StrCat(AssetLabel(row));
  if (!row.account_id.empty()) StrAppend(&text, " in account ", row.account_id);
  if (!row.region.empty()) StrAppend(&text, ", region ", row.region);
  StrAppend(&text, asset.waived ? " is waived for control " : " fails control ",
            c.id);
  if (!c.title.empty()) StrAppend(&text, ": ", c.title);
  StrAppend(&text, " (check: ", StrJoin(asset.checks, "; "), ")");
  if (!row.reason.empty()) StrAppend(&text, ": ", row.reason);

  Value::Array checks;
  for (const auto& name : asset.checks) checks.emplace_back(name);
  Value::Object result = ResultHead(c, rule_index, "fail", Level(c.severity), text);
  Value::Array locations = Locations(report, DeclaredCheck(c, asset.checks), &row);
  if (!locations.empty()) result.emplace_back("locations", std::move(locations));
  result.emplace_back(
      "partialFingerprints",
      Value(Value::Object{{"vigilFinding/v1",
                           row.id.empty() ? StableHash({c.id, row.row.ToJson()})
                                          : StableHash({c.id, row.id})}}));
  if (asset.waived) {
    const ExceptionReport* e = ExceptionOf(report, row);
    std::string justification = "waived by an exception";
    if (e != nullptr) {
      justification = e->reason.empty() ? std::string("waived") : e->reason;
      if (!e->owner.empty())
        StrAppend(&justification, " (owner: ", e->owner);
      else
        StrAppend(&justification, " (owner: unknown");
      if (!e->expires.empty())
        StrAppend(&justification, ", expires ", e->expires);
      justification.push_back(')');
    }
    Value::Object suppression{{"kind", "external"},
                              {"status", "accepted"},
                              {"justification", justification}};
    if (e != nullptr && !e->source.empty()) {
      suppression.emplace_back("properties",
                               Value(Value::Object{{"owner", e->owner},
                                                   {"expires", e->expires},
                                                   {"source", e->source}}));
    }
    result.emplace_back("suppressions",
                        Value(Value::Array{Value(std::move(suppression))}));
  }
  Value::Object props{{"assetType", row.type},
                      {"accountId", row.account_id},
                      {"region", row.region},
                      {"checks", std::move(checks)}};
  // Overridden parameters: an override can decide the verdict.
  Value::Array overridden;
  for (const ParameterReport& p : c.parameters) {
    if (!p.overridden()) continue;
    Value::Object o{{"name", p.name}, {"value", p.value}, {"source", p.source}};
    if (!p.file.empty()) o.emplace_back("file", p.file);
    overridden.push_back(Value(std::move(o)));
  }
  if (!overridden.empty()) props.emplace_back("overriddenParameters", std::move(overridden));
  result.emplace_back("properties", Value(std::move(props)));
  return Value(std::move(result));
}

// A failed check without rows (e.g. `count gt 0` on an empty result) still
// fails its control: one result located at the check alone.
Value CheckResult(const Report& report, const ControlReport& c, size_t rule_index,
                  const CheckReport& check) {
  std::string text =
      StrCat("control ", c.id, " fails: check '", check.name, "'");
  if (!check.message.empty()) StrAppend(&text, ": ", check.message);
  Value::Object result = ResultHead(c, rule_index, "fail", Level(c.severity), text);
  Value::Array locations = Locations(report, &check, nullptr);
  if (!locations.empty()) result.emplace_back("locations", std::move(locations));
  result.emplace_back("partialFingerprints",
                      Value(Value::Object{
                          {"vigilFinding/v1", StableHash({c.id, "check", check.name})}}));
  result.emplace_back("properties", Value(Value::Object{{"check", check.name}}));
  return Value(std::move(result));
}

// A row of a check that errored because its data was not all collected:
// kind "review" (a person must look), no verdict.
Value UnconfirmedResult(const Report& report, const ControlReport& c, size_t rule_index,
                        const CheckReport& check, const ReportRow& row) {
  std::string text = StrCat(AssetLabel(row));
  if (!row.account_id.empty()) StrAppend(&text, " in account ", row.account_id);
  if (!row.region.empty()) StrAppend(&text, ", region ", row.region);
  StrAppend(&text, " is unconfirmed for control ", c.id, " (check: ", check.name, "): ",
            check.message);
  Value::Object result = ResultHead(c, rule_index, "review", "none", text);
  Value::Array locations = Locations(report, check.source.empty() ? nullptr : &check, &row);
  if (!locations.empty()) result.emplace_back("locations", std::move(locations));
  result.emplace_back(
      "partialFingerprints",
      Value(Value::Object{{"vigilFinding/v1",
                           row.id.empty() ? StableHash({c.id, "unconfirmed", row.row.ToJson()})
                                          : StableHash({c.id, "unconfirmed", row.id})}}));
  result.emplace_back("properties", Value(Value::Object{{"assetType", row.type},
                                                        {"accountId", row.account_id},
                                                        {"region", row.region},
                                                        {"unconfirmed", true},
                                                        {"checks", Value(Value::Array{
                                                                       Value(check.name)})}}));
  return Value(std::move(result));
}

}  // namespace

std::string RenderSarif(const Report& report) {
  Value::Array rules, results, notifications;
  for (size_t i = 0; i < report.controls.size(); ++i) {
    const ControlReport& c = report.controls[i];
    rules.push_back(Rule(c));
    for (const ControlAsset& asset : CollectControlAssets(c)) {
      results.push_back(Result(report, c, i, asset));
    }
    for (const CheckReport& check : c.checks) {
      if (check.status == Outcome::kFail && check.offending.empty()) {
        results.push_back(CheckResult(report, c, i, check));
      }
      for (const ReportRow& row : check.unconfirmed) {
        results.push_back(UnconfirmedResult(report, c, i, check, row));
      }
      if (check.status == Outcome::kError) {
        std::string text = StrCat("control ", c.id, ", check '", check.name,
                                  "' could not be evaluated");
        if (!check.message.empty()) StrAppend(&text, ": ", check.message);
        notifications.push_back(Value(Value::Object{
            {"level", "error"},
            {"message", Value(Value::Object{{"text", text}})},
            {"associatedRule",
             Value(Value::Object{{"id", c.id},
                                 {"index", static_cast<int64_t>(i)}})},
        }));
      }
    }
  }
  // The driver is the embedding tool when the report names one
  // (Report::product_name), vigil then being an extension of it.
  const bool embedded = !report.product_name.empty();
  const std::string& driver_version = embedded ? report.product_version : report.tool_version;
  Value::Object driver{{"name", embedded ? report.product_name : std::string("vigil")}};
  if (!driver_version.empty()) {
    driver.emplace_back("version", driver_version);
    // semanticVersion only for a SemVer 2.0 version (an embedder's may be
    // "2024.1" or a commit): SARIF requires the syntax there.
    if (IsSemVer(driver_version)) driver.emplace_back("semanticVersion", driver_version);
  }
  driver.emplace_back("rules", std::move(rules));
  Value::Object tool{{"driver", Value(std::move(driver))}};
  if (embedded) {
    Value::Object vigil{{"name", "vigil"}};
    if (!report.tool_version.empty()) vigil.emplace_back("version", report.tool_version);
    tool.emplace_back("extensions", Value(Value::Array{Value(std::move(vigil))}));
  }

  Value::Object invocation{{"executionSuccessful", notifications.empty()}};
  if (!notifications.empty()) {
    invocation.emplace_back("toolExecutionNotifications",
                            std::move(notifications));
  }
  Value::Object run_props{
      {"pack", Value(Value::Object{{"name", report.pack_name},
                                   {"version", report.pack_version},
                                   {"title", report.pack_title},
                                   {"path", report.pack_path}})},
      {"graph", report.graph_path},
      {"assetsEvaluated", report.summary.assets_evaluated},
      {"generatedAt", report.generated_at}};
  Value::Object run{
      {"tool", Value(std::move(tool))},
      {"invocations", Value(Value::Array{Value(std::move(invocation))})},
      {"results", std::move(results)},
      {"columnKind", "unicodeCodePoints"},
      {"properties", Value(std::move(run_props))},
  };
  std::string_view pack = report.pack_path;
  while (pack.size() > 1 && pack.back() == '/') pack.remove_suffix(1);
  if (!pack.empty() && pack[0] == '/') {
    run.insert(run.begin() + 2,
               {"originalUriBaseIds",
                Value(Value::Object{
                    {kPackRoot,
                     Value(Value::Object{
                         {"uri", StrCat("file://", UriPath(pack), pack == "/" ? "" : "/")}})}})});
  }
  Value doc(Value::Object{
      {"$schema", kSarifSchema},
      {"version", "2.1.0"},
      {"runs", Value(Value::Array{Value(std::move(run))})},
  });
  std::string out = JsonText(doc, 2);
  out.push_back('\n');
  return out;
}

}  // namespace vigil::report_internal
