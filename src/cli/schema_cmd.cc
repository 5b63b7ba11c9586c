// vigil schema print [--augmented] [SCHEMA]
// vigil schema keys [--schema SCHEMA] TYPE
#include <iostream>

#include "src/base/file.h"
#include "src/check/schema_printer.h"
#include "src/cli/cli.h"
#include "vigil/schema.h"

namespace vigil::cli {
namespace {

constexpr char kUsage[] =
    "usage: vigil schema print [--augmented] [SCHEMA]\n"
    "       vigil schema keys [--schema SCHEMA] TYPE\n"
    "`print --augmented` prints the read API that the Neo4j GraphQL Library\n"
    "generates for SCHEMA, as vigil understands it, as GraphQL SDL: root fields,\n"
    "the object types selections reach (with aggregate and connection\n"
    "selections) and every input type with each of its keys and their types\n"
    "(mutations left out). Point a GraphQL editor at it to complete filter keys.\n"
    "`print` without --augmented prints the asset types vigil read from SCHEMA.\n"
    "`keys` lists the filter keys of TYPE (its TWhere), or of any generated input\n"
    "type named TYPE (e.g. VpcHasFlowLogAggregateInput), with their types.\n"
    "SCHEMA defaults to the bundled schemas/aws.graphql.\n";

absl::StatusOr<std::shared_ptr<const Schema>> Load(std::string path) {
  if (path.empty()) path = DefaultDataPath("schemas/aws.graphql");
  auto text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  Diagnostics diags;
  auto schema = Schema::FromSdl(*text, path, &diags);
  if (!schema.ok()) PrintDiagnostics(diags);
  return schema;
}

std::string TypeText(const PropertyDef& p) {
  std::string t = p.is_list ? "[" + p.type_name + (p.element_non_null ? "!]" : "]") : p.type_name;
  return p.non_null ? t + "!" : t;
}

// The asset types as vigil read them: properties, relationships (with their
// type, direction and properties type) and interfaces.
std::string PrintSchema(const Schema& s) {
  std::string out;
  for (const EnumDef& e : s.enums()) {
    out += "enum " + e.name + " {";
    for (const std::string& v : e.values) out += " " + v;
    out += " }\n\n";
  }
  for (const TypeDef& t : s.types()) {
    out += t.is_interface() ? "interface " : "type ";
    out += t.name;
    if (!t.interfaces.empty()) {
      out += " implements ";
      for (size_t i = 0; i < t.interfaces.size(); ++i) {
        if (i > 0) out += " & ";
        out += s.type(t.interfaces[i]).name;
      }
    }
    if (t.kind == TypeDef::Kind::kRelationshipProperties) out += " @relationshipProperties";
    if (!t.plural.empty()) out += "  # root field: " + t.plural;
    out += " {\n";
    for (const PropertyDef& p : t.properties) out += "  " + p.name + ": " + TypeText(p) + "\n";
    for (const RelationshipDef& r : t.relationships) {
      std::string target = s.type(r.target).name;
      out += "  " + r.field_name + ": " +
             (r.is_list ? "[" + target + "!]!" : target + (r.non_null ? "!" : "")) +
             " @relationship(type: \"" + r.rel_type + "\", direction: " +
             (r.direction == Direction::kOut ? "OUT" : "IN");
      if (r.properties != kNoType) out += ", properties: \"" + s.type(r.properties).name + "\"";
      out += ")\n";
    }
    out += "}\n\n";
  }
  if (!out.empty()) out.pop_back();
  return out;
}

}  // namespace

int SchemaMain(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    std::cout << kUsage;
    return args.empty() ? kExitBadInput : kExitOk;
  }
  const std::string& sub = args[0];
  std::string schema_path, type;
  bool augmented = false;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return kExitOk;
    }
    if (sub == "print" && a == "--augmented") {
      augmented = true;
    } else if (a == "--schema" && i + 1 < args.size()) {
      schema_path = args[++i];
    } else if (!a.starts_with("-") && sub == "print" && schema_path.empty()) {
      schema_path = a;
    } else if (!a.starts_with("-") && sub == "keys" && type.empty()) {
      type = a;
    } else {
      std::cerr << "vigil schema: unexpected argument \"" << a << "\"\n" << kUsage;
      return kExitBadInput;
    }
  }
  if (sub != "print" && sub != "keys") {
    std::cerr << "vigil schema: unknown subcommand \"" << sub << "\"\n" << kUsage;
    return kExitBadInput;
  }
  if (sub == "keys" && type.empty()) {
    std::cerr << "vigil schema keys: name a type\n" << kUsage;
    return kExitBadInput;
  }
  auto schema = Load(schema_path);
  if (!schema.ok()) {
    std::cerr << "vigil schema: " << schema.status().message() << "\n";
    return kExitBadInput;
  }
  if (sub == "print") {
    std::cout << (augmented ? check::PrintAugmentedSdl(**schema) : PrintSchema(**schema));
    return kExitOk;
  }
  auto keys = check::PrintInputKeys(**schema, type);
  if (!keys) {
    std::cerr << "vigil schema keys: \"" << type
              << "\" is neither a type of the schema nor one of its generated input types\n";
    return kExitBadInput;
  }
  std::cout << *keys;
  return kExitOk;
}

}  // namespace vigil::cli
