#include "src/check/schema_printer.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "src/base/strings.h"
#include "src/check/input_types.h"
#include "src/check/output_types.h"

namespace vigil::check {
namespace {

void Quoted(std::string* out, std::string_view s) { AppendJsonString(out, s); }

void Deprecated(std::string* out, const std::string& reason) {
  if (reason.empty()) return;
  out->append(" @deprecated(reason: ");
  Quoted(out, reason);
  out->push_back(')');
}

// Named input types met in argument and field types, to print.
class InputCollector {
 public:
  explicit InputCollector(const Schema& schema) : schema_(schema) {}

  void Add(const TypeRef& type) {
    const std::string& name = type.name();
    if (seen_.count(name)) return;
    auto t = FindInputType(schema_, name);
    if (!t) return;
    seen_.insert(name);
    switch (t->kind) {
      case InputType::Kind::kScalar:
        if (t->scalar == ScalarKind::kDateTime || t->scalar == ScalarKind::kCustom)
          scalars_.insert(name);
        return;
      case InputType::Kind::kEnum:
      case InputType::Kind::kSortDirection:
      case InputType::Kind::kImplementation:
        enums_[name] = *t;
        return;
      default:
        break;
    }
    inputs_[name] = *t;
    for (const InputFieldDef& f : InputFields(schema_, *t)) Add(f.type);
  }

  std::set<std::string> scalars_;
  std::map<std::string, InputType> enums_;
  std::map<std::string, InputType> inputs_;

 private:
  const Schema& schema_;
  std::set<std::string> seen_;
};

std::vector<std::string> EnumValues(const Schema& schema, const InputType& t) {
  switch (t.kind) {
    case InputType::Kind::kEnum: return schema.enums()[t.enum_index].values;
    case InputType::Kind::kSortDirection: return {"ASC", "DESC"};
    default: {
      std::vector<std::string> names;
      for (TypeId c : schema.type(t.type).concrete_types) names.push_back(schema.type(c).name);
      return names;
    }
  }
}

}  // namespace

std::string PrintAugmentedSdl(const Schema& schema) {
  std::string out;
  InputCollector inputs(schema);
  std::vector<OutputType> types = AllOutputTypes(schema);
  // Query first, as graphql-js prints it.
  std::stable_partition(types.begin(), types.end(),
                        [](const OutputType& t) { return t.kind == OutputType::Kind::kQuery; });
  std::string objects;
  for (const OutputType& t : types) {
    std::vector<OutputField> fields = OutputFields(schema, t);
    if (fields.empty()) continue;  // GraphQL has no empty object types
    std::string& o = objects;
    if (t.kind == OutputType::Kind::kNode && schema.type(t.type).is_interface()) {
      StrAppend(&o, "interface ", t.name);
    } else {
      StrAppend(&o, "type ", t.name);
      if (t.kind == OutputType::Kind::kNode && !schema.type(t.type).interfaces.empty()) {
        std::vector<std::string> names;
        for (TypeId i : schema.type(t.type).interfaces) names.push_back(schema.type(i).name);
        StrAppend(&o, " implements ", StrJoin(names, " & "));
      }
    }
    o.append(" {\n");
    for (const OutputField& f : fields) {
      inputs.Add(f.type);
      o.append("  ");
      o.append(f.name);
      bool extension = false;
      if (!f.args.empty()) {
        o.push_back('(');
        for (size_t i = 0; i < f.args.size(); ++i) {
          const OutputArgument& a = f.args[i];
          if (i > 0) o.append(", ");
          StrAppend(&o, a.name, ": ", a.type.ToString());
          if (!a.default_value.empty()) StrAppend(&o, " = ", a.default_value);
          extension |= a.extension;
          inputs.Add(a.type);
        }
        o.push_back(')');
      }
      StrAppend(&o, ": ", f.type.ToString());
      if (extension) o.append("  # vigil extension: limit, offset and sort as arguments");
      o.push_back('\n');
    }
    o.append("}\n\n");
  }
  std::string head = objects.substr(0, objects.find("}\n\n") + 3);  // type Query
  out.append(head);
  for (const std::string& s : inputs.scalars_) StrAppend(&out, "scalar ", s, "\n\n");
  for (const auto& [name, t] : inputs.enums_) {
    StrAppend(&out, "enum ", name, " {\n");
    for (const std::string& v : EnumValues(schema, t)) StrAppend(&out, "  ", v, "\n");
    out.append("}\n\n");
  }
  out.append(objects.substr(head.size()));
  for (const auto& [name, t] : inputs.inputs_) {
    StrAppend(&out, "input ", name, " {\n");
    for (const InputFieldDef& f : InputFields(schema, t)) {
      StrAppend(&out, "  ", f.name, ": ", f.type.ToString());
      Deprecated(&out, f.deprecation);
      out.push_back('\n');
    }
    out.append("}\n\n");
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  out.push_back('\n');
  return out;
}

std::optional<std::string> PrintInputKeys(const Schema& schema, std::string_view type_name) {
  std::optional<InputType> t;
  if (TypeId id = schema.FindType(type_name); id != kNoType) {
    t = InputType::Where(schema, id);
  } else {
    t = FindInputType(schema, type_name);
  }
  if (!t || !t->is_object()) return std::nullopt;
  std::string out = StrCat("# ", t->name, "\n");
  for (const InputFieldDef& f : InputFields(schema, *t)) {
    StrAppend(&out, f.name, ": ", f.type.ToString());
    if (!f.deprecation.empty()) StrAppend(&out, "  (deprecated: ", f.deprecation, ")");
    out.push_back('\n');
  }
  return out;
}

}  // namespace vigil::check
