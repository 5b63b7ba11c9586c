// Schema::FromSdl and the schema accessors (vigil/schema.h).
#include "vigil/schema.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "src/schema/naming.h"
#include "src/syntax/ast.h"
#include "src/syntax/parser.h"

namespace vigil {
namespace {

absl::string_view AV(std::string_view s) { return {s.data(), s.size()}; }

bool BuiltinScalar(std::string_view name, ScalarKind* kind) {
  static constexpr std::pair<std::string_view, ScalarKind> kBuiltins[] = {
      {"ID", ScalarKind::kID},           {"String", ScalarKind::kString},
      {"Int", ScalarKind::kInt},         {"Float", ScalarKind::kFloat},
      {"Boolean", ScalarKind::kBoolean}, {"DateTime", ScalarKind::kDateTime},
  };
  for (const auto& [n, k] : kBuiltins) {
    if (n == name) {
      *kind = k;
      return true;
    }
  }
  return false;
}

}  // namespace

const char* ScalarKindName(ScalarKind kind) {
  switch (kind) {
    case ScalarKind::kID:
      return "ID";
    case ScalarKind::kString:
      return "String";
    case ScalarKind::kInt:
      return "Int";
    case ScalarKind::kFloat:
      return "Float";
    case ScalarKind::kBoolean:
      return "Boolean";
    case ScalarKind::kDateTime:
      return "DateTime";
    case ScalarKind::kEnum:
      return "Enum";
    case ScalarKind::kCustom:
      return "Custom";
  }
  return "?";
}

bool IsStringLike(ScalarKind kind) {
  switch (kind) {
    case ScalarKind::kID:
    case ScalarKind::kString:
    case ScalarKind::kEnum:
    case ScalarKind::kCustom:
    case ScalarKind::kDateTime:
      return true;
    default:
      return false;
  }
}

int EnumDef::Find(std::string_view value) const {
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] == value) return static_cast<int>(i);
  }
  return -1;
}

int TypeDef::FindProperty(std::string_view n) const {
  for (size_t i = 0; i < properties.size(); ++i) {
    if (properties[i].name == n) return static_cast<int>(i);
  }
  return -1;
}

int TypeDef::FindRelationship(std::string_view n) const {
  for (size_t i = 0; i < relationships.size(); ++i) {
    if (relationships[i].field_name == n) return static_cast<int>(i);
  }
  return -1;
}

TypeId Schema::FindType(std::string_view name) const {
  auto it = type_index_.find(AV(name));
  return it == type_index_.end() ? kNoType : it->second;
}

int Schema::FindEnum(std::string_view name) const {
  auto it = enum_index_.find(AV(name));
  return it == enum_index_.end() ? -1 : it->second;
}

const RootField* Schema::FindRootField(std::string_view name) const {
  auto it = root_index_.find(AV(name));
  return it == root_index_.end() ? nullptr : &root_fields_[it->second];
}

int Schema::FindRelationshipType(std::string_view name) const {
  auto it = rel_type_index_.find(AV(name));
  return it == rel_type_index_.end() ? -1 : it->second;
}

bool Schema::IsSubtype(TypeId type, TypeId of) const {
  if (type == of) return true;
  if (type < 0 || of < 0 || static_cast<size_t>(type) >= types_.size() ||
      static_cast<size_t>(of) >= types_.size()) {
    return false;
  }
  // Only an interface has subtypes.
  if (types_[of].kind != TypeDef::Kind::kInterface) return false;
  // Walk the implements graph, each type once. Hierarchies are shallow: the
  // visited list is searched linearly until it grows, then hashed (no table
  // of every type per call: this runs for every pair of types in places).
  absl::InlinedVector<TypeId, 16> stack = {type};
  absl::InlinedVector<TypeId, 16> seen = {type};
  absl::flat_hash_set<TypeId> seen_set;
  auto visit = [&](TypeId i) {
    if (seen_set.empty()) {
      if (std::find(seen.begin(), seen.end(), i) != seen.end()) return false;
      seen.push_back(i);
      if (seen.size() > 32) seen_set.insert(seen.begin(), seen.end());
      return true;
    }
    return seen_set.insert(i).second;
  };
  while (!stack.empty()) {
    TypeId t = stack.back();
    stack.pop_back();
    for (TypeId i : types_[t].interfaces) {
      if (i == of) return true;
      if (visit(i)) stack.push_back(i);
    }
  }
  return false;
}

std::string Schema::PluralName(std::string_view type_name) {
  return schema_internal::LeadingUnderscores(type_name) +
         schema_internal::Pluralize(schema_internal::CamelCase(type_name));
}

// Builds a Schema from a parsed SDL document.
class SchemaBuilder {
 public:
  SchemaBuilder(std::string_view sdl, std::string_view file)
      : sdl_(sdl), file_(file), schema_(std::make_shared<Schema>()) {}

  absl::StatusOr<std::shared_ptr<const Schema>> Build(Diagnostics* diags) {
    syntax::ParseOptions options;
    Diagnostics parse_diags;
    auto doc = syntax::ParseSchema(sdl_, file_, options, &parse_diags);
    if (diags) diags->insert(diags->end(), parse_diags.begin(), parse_diags.end());
    if (!doc.ok()) return doc.status();
    doc_ = std::move(*doc);
    MergeExtensions();
    DeclareTypes();
    BuildFields();
    LinkInterfaces();
    CheckInterfaceFields();
    BuildRootFields();
    if (diags_.empty() && schema_->root_fields_.empty()) {
      // An empty file (or one of comments, enums, scalars only): refused
      // here, rather than every query failing later with "unknown root
      // field" as if the query, or the graph, were at fault.
      Error("schema.empty",
            "the schema declares no asset type (an object type or interface to query); "
            "is this the right file?",
            ast::Span{});
    }
    if (diags) diags->insert(diags->end(), diags_.begin(), diags_.end());
    if (!diags_.empty()) return DiagnosticsToStatus(diags_);
    return std::shared_ptr<const Schema>(std::move(schema_));
  }

 private:
  enum class NameKind { kAsset, kEnum, kScalar, kInput, kUnion, kQuery, kOther };

  void Error(std::string_view code, std::string msg, const ast::Span& at) {
    diags_.push_back(MakeDiagnostic(code, std::move(msg), file_, sdl_, at.begin));
  }

  SourceLocation Loc(const ast::Span& s) const {
    return SourceLocation{s.begin, s.line, s.column};
  }

  // `extend type X { ... }` adds to X's definition.
  void MergeExtensions() {
    absl::flat_hash_map<std::string, size_t> first;
    for (size_t i = 0; i < doc_.types.size(); ++i) {
      const ast::TypeDefinition& t = doc_.types[i];
      if (!t.is_extension) first.emplace(t.name, i);
    }
    std::vector<ast::TypeDefinition> kept;
    for (ast::TypeDefinition& t : doc_.types) {
      if (!t.is_extension) continue;
      auto it = first.find(t.name);
      if (it == first.end()) {
        Error("schema.unknown-type",
              absl::StrCat("cannot extend unknown type \"", t.name, "\""),
              t.name_span);
        continue;
      }
      ast::TypeDefinition& base = doc_.types[it->second];
      if (base.kind != t.kind) {
        Error("schema.bad-extension",
              absl::StrCat("extension of \"", t.name,
                           "\" is not the same kind of definition"),
              t.name_span);
        continue;
      }
      for (auto& x : t.interfaces) base.interfaces.push_back(std::move(x));
      for (auto& x : t.directives) base.directives.push_back(std::move(x));
      for (auto& x : t.fields) base.fields.push_back(std::move(x));
      for (auto& x : t.input_fields) base.input_fields.push_back(std::move(x));
      for (auto& x : t.enum_values) base.enum_values.push_back(std::move(x));
      for (auto& x : t.union_members) base.union_members.push_back(std::move(x));
    }
    for (ast::TypeDefinition& t : doc_.types) {
      if (!t.is_extension) kept.push_back(std::move(t));
    }
    doc_.types = std::move(kept);
  }

  void DeclareTypes() {
    // The query root type: `schema { query: X }` or "Query".
    query_type_name_ = "Query";
    for (const ast::SchemaDefinition& sd : doc_.schema_definitions) {
      for (const auto& [op, ref] : sd.operation_types) {
        if (op == "query") query_type_name_ = ref.name;
      }
    }
    for (size_t i = 0; i < doc_.types.size(); ++i) {
      const ast::TypeDefinition& t = doc_.types[i];
      ScalarKind builtin;
      if (BuiltinScalar(t.name, &builtin)) {
        if (t.kind == ast::TypeDefinition::Kind::kScalar) continue;
        Error("schema.duplicate-type",
              absl::StrCat("type \"", t.name,
                           "\" redefines a built-in scalar"),
              t.name_span);
        continue;
      }
      if (names_.contains(t.name)) {
        Error("schema.duplicate-type",
              absl::StrCat("duplicate type \"", t.name, "\""), t.name_span);
        continue;
      }
      switch (t.kind) {
        case ast::TypeDefinition::Kind::kObject:
        case ast::TypeDefinition::Kind::kInterface: {
          if (t.kind == ast::TypeDefinition::Kind::kObject &&
              t.name == query_type_name_) {
            names_[t.name] = NameKind::kQuery;
            query_def_ = &t;
            break;
          }
          if (t.kind == ast::TypeDefinition::Kind::kObject &&
              (t.name == "Mutation" || t.name == "Subscription")) {
            names_[t.name] = NameKind::kOther;
            break;
          }
          TypeDef def;
          def.name = t.name;
          def.description = t.description;
          def.location = Loc(t.name_span);
          def.collected_by = CollectedBy(t.directives, absl::StrCat("type \"", t.name, "\""));
          if (t.FindDirective("relationshipProperties")) {
            def.kind = TypeDef::Kind::kRelationshipProperties;
          } else if (t.kind == ast::TypeDefinition::Kind::kInterface) {
            def.kind = TypeDef::Kind::kInterface;
          } else {
            def.kind = TypeDef::Kind::kObject;
          }
          TypeId id = static_cast<TypeId>(schema_->types_.size());
          schema_->types_.push_back(std::move(def));
          schema_->type_index_[t.name] = id;
          type_defs_.push_back(&t);
          names_[t.name] = NameKind::kAsset;
          break;
        }
        case ast::TypeDefinition::Kind::kEnum: {
          EnumDef e;
          e.name = t.name;
          e.location = Loc(t.name_span);
          absl::flat_hash_set<std::string> seen;
          for (const ast::EnumValueDefinition& v : t.enum_values) {
            if (!seen.insert(v.name).second) {
              Error("schema.duplicate-enum-value",
                    absl::StrCat("duplicate value \"", v.name, "\" in enum \"",
                                 t.name, "\""),
                    v.span);
              continue;
            }
            e.values.push_back(v.name);
          }
          schema_->enum_index_[t.name] =
              static_cast<int>(schema_->enums_.size());
          schema_->enums_.push_back(std::move(e));
          names_[t.name] = NameKind::kEnum;
          break;
        }
        case ast::TypeDefinition::Kind::kScalar:
          names_[t.name] = NameKind::kScalar;
          break;
        case ast::TypeDefinition::Kind::kInputObject:
          names_[t.name] = NameKind::kInput;
          break;
        case ast::TypeDefinition::Kind::kUnion:
          names_[t.name] = NameKind::kUnion;
          break;
      }
    }
  }

  // Resolves the named type of a field; reports unknown names.
  std::optional<NameKind> Resolve(const std::string& name,
                                  const ast::Span& at) {
    ScalarKind k;
    if (BuiltinScalar(name, &k)) return NameKind::kScalar;
    auto it = names_.find(name);
    if (it == names_.end()) {
      Error("schema.unknown-type",
            absl::StrCat("unknown type \"", name, "\""), at);
      return std::nullopt;
    }
    return it->second;
  }

  static const ast::TypeRef& NamedRef(const ast::TypeRef& t) {
    const ast::TypeRef* r = &t;
    while (r->kind != ast::TypeRef::Kind::kNamed && r->inner) {
      r = r->inner.get();
    }
    return *r;
  }

  // Depth of list nesting in a type reference.
  static int ListDepth(const ast::TypeRef& t) {
    int depth = 0;
    for (const ast::TypeRef* r = &t; r; r = r->inner.get()) {
      if (r->kind == ast::TypeRef::Kind::kList) ++depth;
    }
    return depth;
  }

  // The calls of a @collectedBy(calls: ["service command", ...]) directive
  // among `directives` (none: empty). Each call is two words of lower-case
  // letters, digits and hyphens.
  std::vector<std::string> CollectedBy(const std::vector<ast::Directive>& directives,
                                       const std::string& where) {
    std::vector<std::string> calls;
    for (const ast::Directive& d : directives) {
      if (d.name != "collectedBy") continue;
      const ast::Argument* arg = d.FindArgument("calls");
      if (arg == nullptr || d.arguments.size() != 1) {
        Error("schema.collected-by",
              absl::StrCat("@collectedBy on ", where,
                           " takes one argument, `calls`: a list of \"service command\" strings"),
              d.span);
        continue;
      }
      std::vector<const ast::Value*> items;
      if (arg->value.kind == ast::ValueKind::kList) {
        for (const ast::Value& v : arg->value.list) items.push_back(&v);
      } else {
        items.push_back(&arg->value);
      }
      for (const ast::Value* v : items) {
        bool ok = v->kind == ast::ValueKind::kString;
        size_t words = 0;
        if (ok) {
          bool in_word = false;
          for (char c : v->text) {
            if (c == ' ') {
              if (!in_word) ok = false;
              in_word = false;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
              if (!in_word) ++words;
              in_word = true;
            } else {
              ok = false;
            }
          }
          ok = ok && in_word && words == 2;
        }
        if (!ok) {
          Error("schema.collected-by",
                absl::StrCat("@collectedBy on ", where,
                             ": each call is a string \"<service> <command>\" in the AWS CLI's "
                             "spelling, such as \"ec2 describe-vpcs\""),
                v->span);
          continue;
        }
        if (std::find(calls.begin(), calls.end(), v->text) == calls.end()) {
          calls.push_back(v->text);
        }
      }
    }
    return calls;
  }

  void BuildFields() {
    for (size_t id = 0; id < type_defs_.size(); ++id) {
      const ast::TypeDefinition& t = *type_defs_[id];
      TypeDef& def = schema_->types_[id];
      absl::flat_hash_set<std::string> seen;
      for (const ast::FieldDefinition& f : t.fields) {
        if (!seen.insert(f.name).second) {
          Error("schema.duplicate-field",
                absl::StrCat("duplicate field \"", f.name, "\" in type \"",
                             t.name, "\""),
                f.name_span);
          continue;
        }
        if (const ast::Directive* rel = f.FindDirective("relationship")) {
          BuildRelationship(t, def, f, *rel);
        } else {
          BuildProperty(t, def, f);
        }
      }
    }
  }

  void BuildProperty(const ast::TypeDefinition& t, TypeDef& def,
                     const ast::FieldDefinition& f) {
    const ast::TypeRef& named = NamedRef(f.type);
    std::optional<NameKind> kind = Resolve(named.name, named.span);
    if (!kind) return;
    PropertyDef p;
    p.name = f.name;
    p.type_name = named.name;
    p.location = Loc(f.name_span);
    p.collected_by =
        CollectedBy(f.directives, absl::StrCat("field \"", t.name, ".", f.name, "\""));
    switch (*kind) {
      case NameKind::kScalar:
        if (!BuiltinScalar(named.name, &p.kind)) p.kind = ScalarKind::kCustom;
        break;
      case NameKind::kEnum:
        p.kind = ScalarKind::kEnum;
        p.enum_index = schema_->FindEnum(named.name);
        break;
      case NameKind::kAsset:
      case NameKind::kQuery:
      case NameKind::kOther:
        Error("schema.object-property",
              absl::StrCat("field \"", t.name, ".", f.name,
                           "\" has object type \"", named.name,
                           "\" but no @relationship directive"),
              f.name_span);
        return;
      case NameKind::kInput:
      case NameKind::kUnion:
        Error("schema.bad-property-type",
              absl::StrCat("field \"", t.name, ".", f.name, "\" has type \"",
                           named.name,
                           "\", which is not a scalar, enum or (with "
                           "@relationship) object type"),
              f.name_span);
        return;
    }
    int lists = ListDepth(f.type);
    if (lists > 1) {
      Error("schema.nested-list",
            absl::StrCat("field \"", t.name, ".", f.name,
                         "\": lists of lists are not supported"),
            f.type.span);
      return;
    }
    p.is_list = lists == 1;
    p.non_null = f.type.IsNonNull();
    if (p.is_list) {
      const ast::TypeRef* list =
          f.type.kind == ast::TypeRef::Kind::kNonNull ? f.type.inner.get()
                                                      : &f.type;
      p.element_non_null =
          list->inner && list->inner->kind == ast::TypeRef::Kind::kNonNull;
    }
    def.properties.push_back(std::move(p));
  }

  void BuildRelationship(const ast::TypeDefinition& t, TypeDef& def,
                         const ast::FieldDefinition& f,
                         const ast::Directive& rel) {
    std::string where = absl::StrCat("\"", t.name, ".", f.name, "\"");
    if (def.kind == TypeDef::Kind::kRelationshipProperties) {
      Error("schema.relationship-in-properties",
            absl::StrCat("relationship field ", where,
                         " is not allowed in a @relationshipProperties type"),
            rel.span);
      return;
    }
    RelationshipDef r;
    r.field_name = f.name;
    r.location = Loc(f.name_span);
    r.collected_by =
        CollectedBy(f.directives, absl::StrCat("field \"", t.name, ".", f.name, "\""));
    bool ok = true;
    const ast::Argument* type_arg = rel.FindArgument("type");
    if (!type_arg) {
      Error("schema.relationship-missing-type",
            absl::StrCat("@relationship on ", where,
                         " needs a `type` argument"),
            rel.span);
      ok = false;
    } else if (type_arg->value.kind != ast::ValueKind::kString ||
               type_arg->value.text.empty()) {
      Error("schema.relationship-missing-type",
            absl::StrCat("@relationship `type` on ", where,
                         " must be a non-empty string"),
            type_arg->value.span);
      ok = false;
    } else {
      r.rel_type = type_arg->value.text;
    }
    const ast::Argument* dir_arg = rel.FindArgument("direction");
    if (!dir_arg) {
      Error("schema.relationship-missing-direction",
            absl::StrCat("@relationship on ", where,
                         " needs a `direction` argument (OUT or IN)"),
            rel.span);
      ok = false;
    } else if (dir_arg->value.kind == ast::ValueKind::kEnum &&
               dir_arg->value.text == "OUT") {
      r.direction = Direction::kOut;
    } else if (dir_arg->value.kind == ast::ValueKind::kEnum &&
               dir_arg->value.text == "IN") {
      r.direction = Direction::kIn;
    } else {
      Error("schema.relationship-bad-direction",
            absl::StrCat("@relationship `direction` on ", where,
                         " must be OUT or IN"),
            dir_arg->value.span);
      ok = false;
    }
    if (const ast::Argument* props = rel.FindArgument("properties")) {
      if (props->value.kind != ast::ValueKind::kString) {
        Error("schema.bad-relationship-properties",
              absl::StrCat("@relationship `properties` on ", where,
                           " must be a string naming a "
                           "@relationshipProperties type"),
              props->value.span);
        ok = false;
      } else {
        TypeId pt = schema_->FindType(props->value.text);
        if (pt == kNoType ||
            schema_->types_[pt].kind !=
                TypeDef::Kind::kRelationshipProperties) {
          Error("schema.bad-relationship-properties",
                absl::StrCat("properties type \"", props->value.text,
                             "\" of ", where,
                             pt == kNoType
                                 ? " is not defined"
                                 : " is not a @relationshipProperties type"),
                props->value.span);
          ok = false;
        } else {
          r.properties = pt;
        }
      }
    }
    const ast::TypeRef& named = NamedRef(f.type);
    std::optional<NameKind> kind = Resolve(named.name, named.span);
    if (!kind) return;
    TypeId target = schema_->FindType(named.name);
    if (*kind != NameKind::kAsset || target == kNoType ||
        schema_->types_[target].kind ==
            TypeDef::Kind::kRelationshipProperties) {
      Error("schema.relationship-target",
            absl::StrCat("relationship field ", where, " has type \"",
                         named.name,
                         "\", which is not an object type or interface"),
            named.span);
      return;
    }
    int lists = ListDepth(f.type);
    if (lists > 1) {
      Error("schema.nested-list",
            absl::StrCat("relationship field ", where,
                         ": lists of lists are not supported"),
            f.type.span);
      return;
    }
    if (!ok) return;
    r.target = target;
    r.is_list = lists == 1;
    r.non_null = f.type.IsNonNull();
    auto it = schema_->rel_type_index_.find(r.rel_type);
    if (it == schema_->rel_type_index_.end()) {
      r.rel_type_index = static_cast<int>(schema_->rel_types_.size());
      schema_->rel_type_index_[r.rel_type] = r.rel_type_index;
      schema_->rel_types_.push_back(r.rel_type);
      schema_->rel_props_.push_back(r.properties);
      rel_props_where_.push_back(where);
    } else {
      r.rel_type_index = it->second;
      TypeId& known = schema_->rel_props_[r.rel_type_index];
      if (r.properties != kNoType) {
        if (known == kNoType) {
          known = r.properties;
          rel_props_where_[r.rel_type_index] = where;
        } else if (known != r.properties) {
          Error("schema.relationship-properties-mismatch",
                absl::StrCat("relationship type \"", r.rel_type, "\" has properties \"",
                             schema_->types_[r.properties].name, "\" on ",
                             where, " but \"", schema_->types_[known].name,
                             "\" on ", rel_props_where_[r.rel_type_index]),
                rel.span);
          return;
        }
      }
    }
    def.relationships.push_back(std::move(r));
  }

  void LinkInterfaces() {
    for (size_t id = 0; id < type_defs_.size(); ++id) {
      const ast::TypeDefinition& t = *type_defs_[id];
      TypeDef& def = schema_->types_[id];
      absl::flat_hash_set<std::string> seen;
      for (const ast::NamedRef& ref : t.interfaces) {
        if (!seen.insert(ref.name).second) {
          Error("schema.duplicate-interface",
                absl::StrCat("type \"", t.name, "\" implements \"", ref.name,
                             "\" twice"),
                ref.span);
          continue;
        }
        TypeId iface = schema_->FindType(ref.name);
        if (iface == kNoType) {
          if (Resolve(ref.name, ref.span)) {
            Error("schema.not-an-interface",
                  absl::StrCat("type \"", t.name, "\" implements \"",
                               ref.name, "\", which is not an interface"),
                  ref.span);
          }
          continue;
        }
        if (schema_->types_[iface].kind != TypeDef::Kind::kInterface) {
          Error("schema.not-an-interface",
                absl::StrCat("type \"", t.name, "\" implements \"", ref.name,
                             "\", which is not an interface"),
                ref.span);
          continue;
        }
        if (iface == static_cast<TypeId>(id)) {
          Error("schema.not-an-interface",
                absl::StrCat("interface \"", t.name,
                             "\" cannot implement itself"),
                ref.span);
          continue;
        }
        def.interfaces.push_back(iface);
      }
    }
    // concrete_types: objects list themselves; interfaces list every object
    // type that implements them (directly or through another interface), in
    // declaration order.
    for (size_t id = 0; id < schema_->types_.size(); ++id) {
      TypeDef& def = schema_->types_[id];
      if (def.kind == TypeDef::Kind::kObject) {
        def.concrete_types = {static_cast<TypeId>(id)};
      }
    }
    for (size_t id = 0; id < schema_->types_.size(); ++id) {
      TypeDef& def = schema_->types_[id];
      if (def.kind != TypeDef::Kind::kInterface) continue;
      for (size_t o = 0; o < schema_->types_.size(); ++o) {
        if (schema_->types_[o].kind == TypeDef::Kind::kObject &&
            schema_->IsSubtype(static_cast<TypeId>(o),
                               static_cast<TypeId>(id))) {
          def.concrete_types.push_back(static_cast<TypeId>(o));
        }
      }
    }
  }

  // An implementing type must have every field of its interfaces, with a
  // compatible type.
  void CheckInterfaceFields() {
    for (size_t id = 0; id < type_defs_.size(); ++id) {
      const TypeDef& def = schema_->types_[id];
      for (TypeId iface : def.interfaces) {
        const TypeDef& idef = schema_->types_[iface];
        const ast::TypeDefinition& t = *type_defs_[id];
        for (const PropertyDef& ip : idef.properties) {
          int pi = def.FindProperty(ip.name);
          if (pi < 0) {
            bool is_rel = def.FindRelationship(ip.name) >= 0;
            Error(is_rel ? "schema.interface-field-type"
                         : "schema.interface-field-missing",
                  is_rel ? absl::StrCat("field \"", def.name, ".", ip.name,
                                        "\" is a relationship but interface "
                                        "\"", idef.name,
                                        "\" declares it as a property")
                         : absl::StrCat("type \"", def.name,
                                        "\" lacks field \"", ip.name,
                                        "\" of interface \"", idef.name, "\""),
                  is_rel ? FieldSpan(t, ip.name) : t.name_span);
            continue;
          }
          const PropertyDef& p = def.properties[pi];
          bool compatible = p.type_name == ip.type_name &&
                            p.is_list == ip.is_list &&
                            (p.non_null || !ip.non_null) &&
                            (p.element_non_null || !ip.element_non_null);
          if (!compatible) {
            Error("schema.interface-field-type",
                  absl::StrCat("field \"", def.name, ".", p.name,
                               "\" has a type incompatible with \"",
                               idef.name, ".", ip.name, "\""),
                  FieldSpan(t, p.name));
          }
        }
        for (const RelationshipDef& ir : idef.relationships) {
          int ri = def.FindRelationship(ir.field_name);
          if (ri < 0) {
            bool is_prop = def.FindProperty(ir.field_name) >= 0;
            Error(is_prop ? "schema.interface-field-type"
                          : "schema.interface-field-missing",
                  is_prop ? absl::StrCat("field \"", def.name, ".",
                                         ir.field_name,
                                         "\" is a property but interface \"",
                                         idef.name,
                                         "\" declares it as a relationship")
                          : absl::StrCat("type \"", def.name,
                                         "\" lacks field \"", ir.field_name,
                                         "\" of interface \"", idef.name,
                                         "\""),
                  is_prop ? FieldSpan(t, ir.field_name) : t.name_span);
            continue;
          }
          const RelationshipDef& r = def.relationships[ri];
          bool compatible = r.rel_type == ir.rel_type &&
                            r.direction == ir.direction &&
                            r.is_list == ir.is_list &&
                            (r.non_null || !ir.non_null) &&
                            schema_->IsSubtype(r.target, ir.target);
          if (!compatible) {
            Error("schema.interface-field-type",
                  absl::StrCat("relationship field \"", def.name, ".",
                               r.field_name,
                               "\" does not match \"", idef.name, ".",
                               ir.field_name,
                               "\" (type, direction, target and list-ness "
                               "must agree)"),
                  FieldSpan(t, r.field_name));
          }
        }
      }
    }
  }

  static ast::Span FieldSpan(const ast::TypeDefinition& t,
                             std::string_view name) {
    for (const ast::FieldDefinition& f : t.fields) {
      if (f.name == name) return f.name_span;
    }
    return t.name_span;
  }

  void AddRoot(std::string name, TypeId type, const ast::Span& at) {
    auto [it, inserted] = schema_->root_index_.emplace(
        name, static_cast<int>(schema_->root_fields_.size()));
    if (!inserted) {
      const RootField& other = schema_->root_fields_[it->second];
      Error("schema.duplicate-root-field",
            absl::StrCat("root field \"", name, "\" of type \"",
                         schema_->types_[type].name,
                         "\" clashes with the one of type \"",
                         schema_->types_[other.type].name, "\""),
            at);
      return;
    }
    schema_->root_fields_.push_back(RootField{std::move(name), type});
  }

  void BuildRootFields() {
    if (query_def_ != nullptr) {
      absl::flat_hash_set<std::string> seen;
      for (const ast::FieldDefinition& f : query_def_->fields) {
        if (!seen.insert(f.name).second) {
          Error("schema.duplicate-field",
                absl::StrCat("duplicate field \"", f.name, "\" in type \"",
                             query_def_->name, "\""),
                f.name_span);
          continue;
        }
        const ast::TypeRef& named = NamedRef(f.type);
        std::optional<NameKind> kind = Resolve(named.name, named.span);
        if (!kind) continue;
        TypeId target = schema_->FindType(named.name);
        if (target == kNoType || schema_->types_[target].kind ==
                                     TypeDef::Kind::kRelationshipProperties) {
          Error("schema.bad-root-field",
                absl::StrCat("root field \"", f.name, "\" has type \"",
                             named.name,
                             "\", which is not an object type or interface"),
                named.span);
          continue;
        }
        AddRoot(f.name, target, f.name_span);
        if (schema_->types_[target].plural.empty()) {
          schema_->types_[target].plural = f.name;
        }
      }
      return;
    }
    for (size_t id = 0; id < type_defs_.size(); ++id) {
      TypeDef& def = schema_->types_[id];
      if (def.kind == TypeDef::Kind::kRelationshipProperties) continue;
      const ast::TypeDefinition& t = *type_defs_[id];
      std::string name;
      if (const ast::Directive* plural = t.FindDirective("plural")) {
        const ast::Argument* value = plural->FindArgument("value");
        if (!value || value->value.kind != ast::ValueKind::kString ||
            schema_internal::CamelCase(value->value.text).empty()) {
          Error("schema.bad-plural",
                absl::StrCat("@plural on \"", t.name,
                             "\" needs a non-empty string `value`"),
                plural->span);
          continue;
        }
        name = schema_internal::CamelCase(value->value.text);
      } else {
        name = Schema::PluralName(t.name);
      }
      def.plural = name;
      AddRoot(std::move(name), static_cast<TypeId>(id), t.name_span);
    }
  }

  std::string_view sdl_;
  std::string file_;
  std::shared_ptr<Schema> schema_;
  ast::SchemaDocument doc_;
  Diagnostics diags_;
  absl::flat_hash_map<std::string, NameKind> names_;
  std::vector<const ast::TypeDefinition*> type_defs_;  // by TypeId
  std::vector<std::string> rel_props_where_;           // by rel type index
  std::string query_type_name_;
  const ast::TypeDefinition* query_def_ = nullptr;
};

absl::StatusOr<std::shared_ptr<const Schema>> Schema::FromSdl(
    std::string_view sdl, std::string_view file_name, Diagnostics* diags) {
  SchemaBuilder builder(sdl, file_name);
  return builder.Build(diags);
}

}  // namespace vigil
