#include "vigil/parameters.h"

#include "src/base/datetime.h"
#include "src/base/did_you_mean.h"
#include "src/base/json_reader.h"
#include "src/base/object_reader.h"
#include "src/base/strings.h"
#include "src/base/utf8.h"
#include "src/check/input_types.h"
#include "src/policy/policy_json.h"

namespace vigil {
namespace {

// ---- GraphQL input types: the check layer's, with durations for DateTime --

bool IsDuration(std::string_view text) { return ApplyIsoDuration(Instant{}, text).has_value(); }

check::FitOptions ParameterFit() {
  check::FitOptions o;
  o.datetime_extension = &IsDuration;
  o.datetime_extension_name = "a duration such as \"-P90D\"";
  return o;
}

std::optional<Value> ResolveDurations(const Value& v, const check::TypeRef& type,
                                      Instant now) {
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
  if (type.name() == "DateTime" && v.is_string() &&
      !check::ParseQueryDateTime(v.as_string(), nullptr)) {
    std::optional<Instant> t = ApplyIsoDuration(now, v.as_string());
    if (!t) return std::nullopt;
    return Value(FormatInstant(*t));
  }
  return v;
}

}  // namespace

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
  out->sources[control][name] = OverrideSource{"command line", ""};
  return absl::OkStatus();
}

namespace policy {

const ControlDef* FindControlOrReport(const Pack& pack, const json::Node& id_node,
                                      json::ObjectReader* reader, bool warning) {
  const ControlDef* c = pack.FindControl(id_node.s);
  if (c != nullptr) return c;
  std::vector<std::string> ids;
  for (const ControlDef& d : pack.controls) ids.push_back(d.id);
  std::string message = StrCat("no control ", Quoted(id_node.s), " in pack ", Quoted(pack.name),
                               ".", DidYouMean(id_node.s, ids));
  if (warning) {
    reader->Warning(id_node.offset, "policy.unknown-control",
                    StrCat(std::move(message), " The exception waives nothing in this pack"));
  } else {
    reader->Error(id_node, "policy.unknown-control", std::move(message));
  }
  return nullptr;
}

bool ReadParameterValues(const json::Document& doc, const json::Node& node,
                         const ControlDef& control, const Schema& schema,
                         const std::string& context, std::map<std::string, Value>* out,
                         Diagnostics* diags) {
  std::vector<json::KeySpec> any;  // names are checked below, against the control
  if (node.is_object()) {
    for (const json::Member& m : node.members) any.push_back({m.key, json::Type::kAny});
  }
  json::ObjectReader r(doc, node, std::move(any), diags, context, {}, " {\"name\": value}");
  if (!r.is_object()) return false;
  std::vector<std::string> names;
  for (const ParameterDef& d : control.parameters) names.push_back(d.name);
  for (const json::Member& m : node.members) {
    const ParameterDef* def = control.FindParameter(m.key);
    if (def == nullptr) {
      r.Error(m.key_offset, "policy.unknown-parameter",
              StrCat("control ", Quoted(control.id), " has no parameter ", Quoted(m.key), ".",
                     names.empty() ? std::string(" It declares none.")
                                   : StrCat(DidYouMean(m.key, names),
                                            " Its parameters: ", StrJoin(names, ", "))));
      continue;
    }
    Value v = m.value->ToValue();
    std::string why;
    if (!ValueFitsType(v, def->type, schema, &why)) {
      r.Error(*m.value, "policy.bad-parameter-value",
              StrCat("parameter ", Quoted(m.key), " of control ", Quoted(control.id), " (",
                     def->type, "): ", why));
      continue;
    }
    (*out)[m.key] = std::move(v);
  }
  return r.ok();
}

}  // namespace policy

absl::Status ParseParamsFile(std::string_view text, std::string_view file_name,
                             ParameterOverrides* out, Diagnostics* diags, const Pack* pack) {
  Diagnostics local;
  auto finish = [&] { return policy::HandOver(local, diags); };
  auto doc = json::Document::Parse(std::string(text), std::string(file_name), &local);
  if (!doc.ok()) return finish();
  const json::Node& root = doc->root();
  // The keys are control ids: data, checked against the pack when given.
  std::vector<json::KeySpec> controls;
  if (root.is_object()) {
    for (const json::Member& m : root.members) {
      controls.push_back({m.key, json::Type::kObject, false, false, "an object {\"name\": value}"});
    }
  }
  json::ObjectReader top(*doc, root, std::move(controls), &local, "", "a parameters file",
                         " {\"control-id\": {\"name\": value}}");
  if (!top.is_object()) return finish();
  for (const json::Member& c : root.members) {
    if (top.Get(c.key) == nullptr) continue;  // not an object: reported
    if (pack == nullptr) {
      for (const json::Member& p : c.value->members) {
        (*out)[c.key][p.key] = p.value->ToValue();
        out->sources[c.key][p.key] = OverrideSource{"file", std::string(file_name)};
      }
      continue;
    }
    const ControlDef* control = pack->FindControl(c.key);
    if (control == nullptr) {
      std::vector<std::string> ids;
      for (const ControlDef& d : pack->controls) ids.push_back(d.id);
      top.Error(c.key_offset, "policy.unknown-control",
                StrCat("no control ", Quoted(c.key), " in pack ", Quoted(pack->name), ".",
                       DidYouMean(c.key, ids)));
      continue;
    }
    std::map<std::string, Value>& values = (*out)[c.key];
    policy::ReadParameterValues(*doc, *c.value, *control, *pack->schema, "", &values, &local);
    for (const auto& [name, value] : values) {
      if (c.value->Get(name) != nullptr) {
        out->sources[c.key][name] = OverrideSource{"file", std::string(file_name)};
      }
    }
  }
  if (!local.empty()) return finish();
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
                                        Instant now) {
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
