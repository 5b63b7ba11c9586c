// vigil/schema.h — the asset graph's schema, built from GraphQL SDL in the
// conventions of the Neo4j GraphQL Library (see docs/graph-format.md).
//
//   ```cpp
//   absl::StatusOr<std::shared_ptr<const vigil::Schema>> schema =
//       vigil::Schema::FromSdl(sdl_text, "aws.graphql");
//   ```
//
// A Schema is immutable and safe to share between threads. Types are
// addressed by a dense index (TypeId); properties and relationship fields by
// their index inside their TypeDef.
#ifndef VIGIL_SCHEMA_H_
#define VIGIL_SCHEMA_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "vigil/diagnostic.h"

namespace vigil {

using TypeId = int32_t;
inline constexpr TypeId kNoType = -1;

// The value kind of a property (of a list property: of its elements).
enum class ScalarKind : uint8_t {
  kID,
  kString,
  kInt,       // 64-bit signed
  kFloat,     // double
  kBoolean,
  kDateTime,  // ISO-8601 text, compared as an instant
  kEnum,      // restricted String; PropertyDef::enum_index says which enum
  kCustom,    // `scalar X`: behaves as String
};

const char* ScalarKindName(ScalarKind kind);
// String-like kinds: ID, String, Enum, Custom (and DateTime for storage).
bool IsStringLike(ScalarKind kind);

struct EnumDef {
  std::string name;
  std::vector<std::string> values;  // declaration order
  SourceLocation location;
  int Find(std::string_view value) const;  // -1 when absent
};

struct PropertyDef {
  std::string name;
  ScalarKind kind = ScalarKind::kString;
  std::string type_name;  // as written: "String", "Severity", "DateTime"...
  int enum_index = -1;    // into Schema::enums() for kEnum
  bool is_list = false;
  bool non_null = false;          // T! / [T]!
  bool element_non_null = false;  // [T!]
  // @collectedBy(calls: [...]) on the field: the calls that fill it, beyond
  // those of its type (see TypeDef::collected_by).
  std::vector<std::string> collected_by;
  SourceLocation location;
};

enum class Direction : uint8_t { kOut, kIn };

struct RelationshipDef {
  std::string field_name;
  std::string rel_type;  // e.g. "HAS_FLOW_LOG"
  int rel_type_index = -1;  // into Schema::relationship_types()
  Direction direction = Direction::kOut;
  TypeId target = kNoType;  // object type or interface
  bool is_list = false;     // [T!]! vs T
  bool non_null = false;
  TypeId properties = kNoType;  // @relationshipProperties type, or kNoType
  // @collectedBy(calls: [...]) on the field: the calls that make its edges,
  // beyond those of the two types.
  std::vector<std::string> collected_by;
  SourceLocation location;
};

struct TypeDef {
  enum class Kind : uint8_t { kObject, kInterface, kRelationshipProperties };
  Kind kind = Kind::kObject;
  std::string name;
  std::string description;
  std::vector<PropertyDef> properties;        // declaration order
  std::vector<RelationshipDef> relationships;  // declaration order
  std::vector<TypeId> interfaces;  // for objects: what they implement
  // For interfaces: the object types implementing them (declaration order).
  // For objects: just the type itself.
  std::vector<TypeId> concrete_types;
  std::string plural;  // root field name ("vpcs"); empty if none
  // @collectedBy(calls: ["ec2 describe-vpcs", ...]) on the type: the API
  // calls ("<service> <command>", the AWS CLI's names) without which the
  // assets of this type cannot be listed. A query that reaches the type
  // reads them; a field's own @collectedBy adds the calls that fill that
  // field (vigil/collection.h). Empty when the schema does not say.
  std::vector<std::string> collected_by;
  SourceLocation location;

  bool is_object() const { return kind == Kind::kObject; }
  bool is_interface() const { return kind == Kind::kInterface; }
  int FindProperty(std::string_view name) const;      // -1 when absent
  int FindRelationship(std::string_view name) const;  // -1 when absent
};

struct RootField {
  std::string name;
  TypeId type = kNoType;  // object or interface
};

class Schema {
 public:
  // Parses and builds a schema. Errors (unknown type referenced,
  // relationship without type/direction, duplicate field or type, an
  // interface field missing from an implementing type, ...) are located
  // diagnostics; the status message holds them formatted.
  static absl::StatusOr<std::shared_ptr<const Schema>> FromSdl(
      std::string_view sdl, std::string_view file_name = "",
      Diagnostics* diags = nullptr);

  const std::vector<TypeDef>& types() const { return types_; }
  const TypeDef& type(TypeId id) const { return types_[static_cast<size_t>(id)]; }
  TypeId FindType(std::string_view name) const;  // kNoType when absent
  const std::vector<EnumDef>& enums() const { return enums_; }
  int FindEnum(std::string_view name) const;

  const std::vector<RootField>& root_fields() const { return root_fields_; }
  const RootField* FindRootField(std::string_view name) const;

  // Distinct relationship type names used by @relationship fields.
  const std::vector<std::string>& relationship_types() const {
    return rel_types_;
  }
  int FindRelationshipType(std::string_view name) const;  // -1 when absent
  // The @relationshipProperties type of a relationship type, or kNoType.
  // (Every field naming the same rel type must agree.)
  TypeId RelationshipPropertiesType(int rel_type_index) const {
    return rel_props_[static_cast<size_t>(rel_type_index)];
  }

  // True if `type` is `of` or implements interface `of`.
  bool IsSubtype(TypeId type, TypeId of) const;

  // Neo4j GraphQL's root-field name for a type name: lower camel case,
  // pluralised with the rules of the `pluralize` npm package
  // (Vpc -> vpcs, Policy -> policies, Person -> people).
  static std::string PluralName(std::string_view type_name);

 private:
  friend class SchemaBuilder;
  std::vector<TypeDef> types_;
  std::vector<EnumDef> enums_;
  std::vector<RootField> root_fields_;
  std::vector<std::string> rel_types_;
  std::vector<TypeId> rel_props_;
  absl::flat_hash_map<std::string, TypeId> type_index_;
  absl::flat_hash_map<std::string, int> enum_index_;
  absl::flat_hash_map<std::string, int> root_index_;
  absl::flat_hash_map<std::string, int> rel_type_index_;
};

}  // namespace vigil

#endif  // VIGIL_SCHEMA_H_
