// vigil schema print [--augmented] [SCHEMA]
// vigil schema keys [--schema SCHEMA] TYPE
#include <iostream>

#include "src/base/file.h"
#include "src/base/strings.h"
#include "src/check/schema_printer.h"
#include "src/cli/cli.h"
#include "src/cli/flags.h"
#include "src/cli/output.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "vigil/value.h"
#include "vigil/schema.h"

namespace vigil::cli {
namespace {

// A failed write of the result (a full disk): exit 2, never a silent success.
int Fail(const absl::Status& s) {
  std::cerr << "vigil schema: " << s.message() << "\n";
  return kExitBadInput;
}

constexpr char kPrintDescription[] =
    "`print --augmented` prints the read API that the Neo4j GraphQL Library\n"
    "generates for SCHEMA, as vigil understands it, as GraphQL SDL: root fields,\n"
    "the object types selections reach (with aggregate and connection\n"
    "selections) and every input type with each of its keys and their types\n"
    "(mutations left out). Point a GraphQL editor at it to complete filter keys.\n"
    "`print` without --augmented prints the asset types vigil read from SCHEMA.\n"
    "SCHEMA defaults to the bundled schemas/aws.graphql.\n";
constexpr char kKeysDescription[] =
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
  std::string schema_path;
  std::vector<std::string> operands;
  bool augmented = false, no_color = false;
  std::string format = "text";
  // One set of flags per subcommand; the help shows both.
  auto flags_of = [&](const std::string& sub) {
    FlagSet flags("vigil schema " + sub, sub == "print" ? kPrintDescription : kKeysDescription);
    flags.String("--schema", "SCHEMA", "the schema (default: the bundled schemas/aws.graphql)",
                 &schema_path);
    flags.String("--format", "text|json",
                 sub == "print"
                     ? "text: the SDL (default); json: {\"schema\", \"augmented\", \"sdl\"}"
                     : "text: one key a line (default); json: {\"type\", \"keys\": [...]}",
                 &format);
    AddNoColorFlag(&flags, &no_color);
    if (sub == "print") {
      flags.Switch("--augmented", "print the generated read API, not the asset types",
                   &augmented);
      flags.Operands("[SCHEMA]", 0, 1, &operands);
    } else {
      flags.Operands("TYPE", 1, 1, &operands);
    }
    return flags;
  };
  auto usage = [&]() {
    return StrCat(flags_of("print").Synopsis(), flags_of("keys").Synopsis(), kPrintDescription,
                  kKeysDescription, "Run `vigil schema print --help` for the flags.\n");
  };
  std::string sub;
  if (std::optional<int> exit =
          Subcommand(args, "vigil schema", "subcommand", {"print", "keys"}, usage(), &sub)) {
    return *exit;
  }
  FlagSet flags = flags_of(sub);
  if (std::optional<int> exit = flags.Parse(args, 1)) return *exit;
  if (format != "text" && format != "json") return flags.UsageError("--format is text or json");
  std::string type;
  if (sub == "print" && !operands.empty()) {
    if (!schema_path.empty()) {
      return flags.UsageError("give the schema once: --schema SCHEMA or SCHEMA");
    }
    schema_path = operands[0];
  } else if (sub == "keys") {
    type = operands[0];
  }
  auto schema = Load(schema_path);
  if (!schema.ok()) {
    std::cerr << "vigil schema: " << schema.status().message() << "\n";
    return kExitBadInput;
  }
  if (sub == "print") {
    std::string sdl = augmented ? check::PrintAugmentedSdl(**schema) : PrintSchema(**schema);
    if (format == "json") {
      sdl = PrettyJson(Value(Value::Object{
          {"schema", Value(schema_path.empty() ? std::string("aws.graphql (bundled)")
                                               : DisplayPath(schema_path))},
          {"augmented", Value(augmented)},
          {"sdl", Value(std::move(sdl))}}));
    }
    if (absl::Status s = WriteOutput("-", sdl); !s.ok()) return Fail(s);  // checked
    return kExitOk;
  }
  auto keys = check::PrintInputKeys(**schema, type);
  if (!keys) {
    std::cerr << "vigil schema keys: \"" << type
              << "\" is neither a type of the schema nor one of its generated input types\n";
    return kExitBadInput;
  }
  if (format == "json") {
    Value::Array list;
    for (absl::string_view line : absl::StrSplit(*keys, '\n', absl::SkipWhitespace())) {
      absl::string_view key = absl::StripAsciiWhitespace(line);
      if (key.empty() || key[0] == '#') continue;  // a heading
      list.push_back(Value(std::string(key)));
    }
    if (absl::Status s = WriteOutput(
            "-", PrettyJson(Value(Value::Object{{"type", Value(type)},
                                                {"keys", Value(std::move(list))}})));
        !s.ok()) {
      return Fail(s);
    }
    return kExitOk;
  }
  if (absl::Status s = WriteOutput("-", *keys); !s.ok()) return Fail(s);
  return kExitOk;
}

}  // namespace vigil::cli
