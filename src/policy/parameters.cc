#include "vigil/parameters.h"

#include "src/base/datetime.h"
#include "src/base/strings.h"
#include "src/check/input_types.h"
#include "src/policy/located_json.h"

namespace vigil {
namespace {

constexpr int64_t kNsPerSec = 1000000000;
constexpr int64_t kNsPerDay = 86400 * kNsPerSec;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int64_t* m, int64_t* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

int64_t DaysInMonth(int64_t y, int64_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Bounds of the instants vigil handles (years 1678..2261, as ParseDateTime).
constexpr int64_t kMinYear = 1678, kMaxYear = 2261;

// ---- GraphQL input types: the check layer's, with durations for DateTime --

bool IsDuration(std::string_view text) { return ApplyIsoDuration(0, text).has_value(); }

check::FitOptions ParameterFit() {
  check::FitOptions o;
  o.datetime_extension = &IsDuration;
  o.datetime_extension_name = "a duration such as \"-P90D\"";
  return o;
}

std::optional<Value> ResolveDurations(const Value& v, const check::TypeRef& type,
                                      InstantNs now) {
  if (v.is_null()) return v;
  if (type.is_list()) {
    if (!v.is_array()) return ResolveDurations(v, type.element(), now);  // one-element list
    Value::Array out;
    for (const Value& e : v.as_array()) {
      auto r = ResolveDurations(e, type.element(), now);
      if (!r) return std::nullopt;
      out.push_back(*std::move(r));
    }
    return Value(std::move(out));
  }
  if (type.name() == "DateTime" && v.is_string() && !ParseDateTime(v.as_string())) {
    auto t = ApplyIsoDuration(now, v.as_string());
    if (!t) return std::nullopt;
    return Value(FormatInstant(*t));
  }
  return v;
}

}  // namespace

std::string FormatInstant(InstantNs t) {
  int64_t days = FloorDiv(t, kNsPerDay);
  int64_t rem = t - days * kNsPerDay;
  int64_t y, m, d;
  CivilFromDays(days, &y, &m, &d);
  int64_t secs = rem / kNsPerSec, ns = rem % kNsPerSec;
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld",
                        static_cast<long long>(y), static_cast<long long>(m),
                        static_cast<long long>(d), static_cast<long long>(secs / 3600),
                        static_cast<long long>(secs / 60 % 60),
                        static_cast<long long>(secs % 60));
  std::string out(buf, n);
  if (ns != 0) {
    std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(ns));
    std::string frac(buf);
    while (frac.back() == '0') frac.pop_back();
    out += frac;
  }
  out += "Z";
  return out;
}

std::optional<InstantNs> ParseInstant(std::string_view text) {
  return ParseDateTime(text);
}

std::optional<InstantNs> ApplyIsoDuration(InstantNs t, std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s[0] != 'P') return std::nullopt;
  s.remove_prefix(1);
  int64_t years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0;
  int64_t sec_ns = 0;
  bool in_time = false, any = false, any_time = false;
  const std::string_view date_units = "YMWD", time_units = "HMS";
  size_t last_unit = 0;  // units must come in order
  while (!s.empty()) {
    if (s[0] == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      last_unit = 0;
      s.remove_prefix(1);
      continue;
    }
    size_t i = 0;
    int64_t v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (v > 1000000000) return std::nullopt;
      v = v * 10 + (s[i] - '0');
      ++i;
    }
    if (i == 0) return std::nullopt;
    int64_t frac_ns = 0;
    bool has_frac = false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      has_frac = true;
      size_t j = i + 1;
      int64_t scale = 100000000;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') {
        frac_ns += (s[j] - '0') * scale;
        scale /= 10;
        ++j;
      }
      if (j == i + 1) return std::nullopt;
      i = j;
    }
    if (i >= s.size()) return std::nullopt;
    char unit = s[i];
    std::string_view units = in_time ? time_units : date_units;
    size_t k = units.find(unit);
    if (k == std::string_view::npos || k + 1 <= last_unit) return std::nullopt;
    last_unit = k + 1;
    if (has_frac && !(in_time && unit == 'S')) return std::nullopt;
    if (in_time) {
      any_time = true;
      if (unit == 'H') hours = v;
      else if (unit == 'M') minutes = v;
      else if (v > 400000000) return std::nullopt;  // the bound below; v * 1e9 could overflow
      else sec_ns = v * kNsPerSec + frac_ns;
    } else {
      if (unit == 'Y') years = v;
      else if (unit == 'M') months = v;
      else if (unit == 'W') weeks = v;
      else days = v;
    }
    any = true;
    s.remove_prefix(i + 1);
  }
  if (!any || (in_time && !any_time)) return std::nullopt;
  int64_t sign = negative ? -1 : 1;
  if (years > 10000 || months > 120000 || weeks > 600000 || days > 4000000 ||
      hours > 100000000 || minutes > 6000000000 || sec_ns > 400000000 * kNsPerSec) {
    return std::nullopt;
  }
  // Calendar part.
  int64_t day_index = FloorDiv(t, kNsPerDay);
  int64_t in_day = t - day_index * kNsPerDay;
  int64_t y, m, d;
  CivilFromDays(day_index, &y, &m, &d);
  int64_t total_months = y * 12 + (m - 1) + sign * (years * 12 + months);
  y = FloorDiv(total_months, 12);
  m = total_months - y * 12 + 1;
  if (y < kMinYear - 1 || y > kMaxYear + 1) return std::nullopt;
  d = std::min(d, DaysInMonth(y, m));
  int64_t new_days = DaysFromCivil(y, m, d) + sign * (weeks * 7 + days);
  // Fixed part, in ns (bounded above so no overflow).
  __int128 ns = static_cast<__int128>(new_days) * kNsPerDay + in_day +
                sign * (static_cast<__int128>(hours) * 3600 * kNsPerSec +
                        static_cast<__int128>(minutes) * 60 * kNsPerSec + sec_ns);
  const __int128 lo = static_cast<__int128>(DaysFromCivil(kMinYear, 1, 1)) * kNsPerDay;
  const __int128 hi = static_cast<__int128>(DaysFromCivil(kMaxYear + 1, 1, 1)) * kNsPerDay;
  if (ns < lo || ns >= hi) return std::nullopt;
  return static_cast<InstantNs>(ns);
}

bool IsValidParameterType(std::string_view type, const Schema& schema, std::string* why) {
  auto ref = check::TypeRef::Parse(type);
  if (!ref) {
    *why = StrCat("\"", type, "\" is not a GraphQL input type (e.g. \"String\", \"[String!]\", \"Int!\")");
    return false;
  }
  return check::IsInputType(schema, *ref, why);
}

bool ValueFitsType(const Value& value, std::string_view type, const Schema& schema,
                   std::string* why) {
  auto ref = check::TypeRef::Parse(type);
  if (!ref) {
    *why = StrCat("\"", type, "\" is not a GraphQL input type");
    return false;
  }
  return check::ValueFits(value, *ref, schema, why, ParameterFit());
}

bool TypeFits(std::string_view param_type, std::string_view use_type) {
  auto a = check::TypeRef::Parse(param_type);
  auto b = check::TypeRef::Parse(use_type);
  return a && b && check::VariableUsageAllowed(*a, *b, /*has_non_null_default=*/false);
}

absl::Status ParseParamFlag(std::string_view arg, ParameterOverrides* out) {
  size_t eq = arg.find('=');
  if (eq == std::string_view::npos) {
    return absl::InvalidArgumentError(StrCat(
        "--param ", arg, ": expected CONTROL.NAME=VALUE (e.g. cis-aws-3.7.days=30)"));
  }
  std::string_view key = arg.substr(0, eq);
  std::string_view text = arg.substr(eq + 1);
  size_t dot = key.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == key.size()) {
    return absl::InvalidArgumentError(StrCat(
        "--param ", arg, ": expected CONTROL.NAME=VALUE (e.g. cis-aws-3.7.days=30)"));
  }
  std::string control(key.substr(0, dot));
  std::string name(key.substr(dot + 1));
  // JSON when it parses as JSON, else the text as a string.
  auto v = Value::ParseJson(text);
  (*out)[control][name] = v.ok() ? *std::move(v) : Value(text);
  return absl::OkStatus();
}

absl::Status ParseParamsFile(std::string_view text, std::string_view file_name,
                             ParameterOverrides* out, Diagnostics* diags) {
  Diagnostics local;
  auto doc = policy::JsonDocument::Parse(std::string(text), std::string(file_name), &local);
  if (!doc.ok()) {
    if (diags) diags->insert(diags->end(), local.begin(), local.end());
    return doc.status();
  }
  const policy::JsonNode& root = doc->root();
  if (!root.is_object()) {
    local.push_back(doc->At(root.offset, "policy.params-file",
                            "a parameters file is an object {\"control-id\": {\"name\": value}}"));
  } else {
    for (const auto& c : root.members) {
      if (!c.value->is_object()) {
        local.push_back(doc->At(c.value->offset, "policy.params-file",
                                StrCat("the parameters of control \"", c.key,
                                       "\" must be an object {\"name\": value}")));
        continue;
      }
      for (const auto& p : c.value->members) (*out)[c.key][p.key] = p.value->ToValue();
    }
  }
  if (!local.empty()) {
    if (diags) diags->insert(diags->end(), local.begin(), local.end());
    return DiagnosticsToStatus(local);
  }
  return absl::OkStatus();
}

absl::Status ValidateOverrides(const Pack& pack, const ParameterOverrides& overrides) {
  std::vector<std::string> errors;
  for (const auto& [cid, params] : overrides) {
    const ControlDef* c = pack.FindControl(cid);
    if (c == nullptr) {
      errors.push_back(StrCat("parameter override for unknown control \"", cid, "\""));
      continue;
    }
    for (const auto& [name, value] : params) {
      const ParameterDef* p = c->FindParameter(name);
      if (p == nullptr) {
        std::vector<std::string> names;
        for (const auto& q : c->parameters) names.push_back(q.name);
        errors.push_back(StrCat("control \"", cid, "\" has no parameter \"", name, "\"",
                                names.empty() ? std::string(" (it has none)")
                                              : StrCat(" (it has: ", StrJoin(names, ", "), ")")));
        continue;
      }
      std::string why;
      if (!ValueFitsType(value, p->type, *pack.schema, &why)) {
        errors.push_back(StrCat("parameter ", cid, ".", name, " of type ", p->type, ": ", why));
      }
    }
  }
  if (errors.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(StrJoin(errors, "\n"));
}

absl::StatusOr<Value> ResolveParameters(const ControlDef& control,
                                        const ParameterOverrides& overrides,
                                        InstantNs now) {
  const std::map<std::string, Value>* mine = nullptr;
  if (auto it = overrides.find(control.id); it != overrides.end()) mine = &it->second;
  Value::Object vars;
  for (const ParameterDef& p : control.parameters) {
    const Value* v = nullptr;
    if (mine != nullptr) {
      if (auto it = mine->find(p.name); it != mine->end()) v = &it->second;
    }
    if (v == nullptr && p.has_default) v = &p.default_value;
    if (v == nullptr) {
      return absl::InvalidArgumentError(StrCat(
          "control \"", control.id, "\": parameter \"", p.name,
          "\" has no default; give it with --param ", control.id, ".", p.name, "=VALUE"));
    }
    auto type = check::TypeRef::Parse(p.type);
    if (!type) return absl::InternalError(StrCat("bad parameter type ", p.type));
    auto r = ResolveDurations(*v, *type, now);
    if (!r) {
      return absl::InvalidArgumentError(StrCat("control \"", control.id, "\": parameter \"",
                                               p.name, "\": a DateTime offset is out of range"));
    }
    vars.emplace_back(p.name, *std::move(r));
  }
  return Value(std::move(vars));
}

}  // namespace vigil
