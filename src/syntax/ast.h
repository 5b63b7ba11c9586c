// GraphQL syntax tree shared by executable documents (queries) and SDL.
//
// Every node carries the span of source text it was parsed from, so later
// stages (schema builder, checker) can report located diagnostics.
// The tree is a plain value type: movable, copyable, no parent pointers.
#ifndef VIGIL_SRC_SYNTAX_AST_H_
#define VIGIL_SRC_SYNTAX_AST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vigil/diagnostic.h"

namespace vigil::ast {

// Half-open byte range [begin, end) plus the 1-based line/column of begin.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t line = 0;
  uint32_t column = 0;
  SourceLocation location() const { return {begin, line, column}; }
};

struct Value;

struct ObjectField {
  std::string name;
  Span name_span;
  std::unique_ptr<Value> value;  // never null in a parsed tree

  ObjectField() = default;
  ObjectField(const ObjectField& o);
  ObjectField& operator=(const ObjectField& o);
  ObjectField(ObjectField&&) = default;
  ObjectField& operator=(ObjectField&&) = default;
};

enum class ValueKind : uint8_t {
  kVariable,  // $name        -> text = name (without '$')
  kInt,       // 42           -> int_value, text = literal as written
  kFloat,     // 1.5e3        -> float_value, text = literal as written
  kString,    // "..." / """...""" -> text = decoded value, block flag set
  kBoolean,   // true/false   -> bool_value
  kNull,      // null
  kEnum,      // ACTIVE       -> text = name
  kList,      // [..]         -> list
  kObject,    // {..}         -> fields (in source order, duplicates kept)
};

struct Value {
  ValueKind kind = ValueKind::kNull;
  Span span;
  std::string text;
  int64_t int_value = 0;
  double float_value = 0;
  bool bool_value = false;
  bool block_string = false;
  std::vector<Value> list;
  std::vector<ObjectField> fields;

  // Returns the field named `name` or nullptr (first one if duplicated).
  const ObjectField* FindField(std::string_view name) const;
};

struct Argument {
  std::string name;
  Span span;  // the whole `name: value`
  Span name_span;
  Value value;
};

struct Directive {
  std::string name;  // without '@'
  Span span;
  std::vector<Argument> arguments;
  const Argument* FindArgument(std::string_view name) const;
};

// A type reference: Named, [Inner], or Inner!.
struct TypeRef {
  enum class Kind : uint8_t { kNamed, kList, kNonNull };
  Kind kind = Kind::kNamed;
  std::string name;                // kNamed only
  std::unique_ptr<TypeRef> inner;  // kList / kNonNull
  Span span;

  TypeRef() = default;
  TypeRef(const TypeRef& o);
  TypeRef& operator=(const TypeRef& o);
  TypeRef(TypeRef&&) = default;
  TypeRef& operator=(TypeRef&&) = default;

  // The innermost named type.
  const std::string& NamedType() const;
  bool IsList() const;     // [T] or [T]!
  bool IsNonNull() const;  // T! or [T]!
};

struct Selection;

struct SelectionSet {
  Span span;  // from '{' to '}'
  std::vector<Selection> selections;
};

struct Selection {
  enum class Kind : uint8_t { kField, kFragmentSpread, kInlineFragment };
  Kind kind = Kind::kField;
  Span span;
  // kField:
  std::string alias;  // empty when none
  Span alias_span;
  std::string name;  // field name; for kFragmentSpread the fragment name
  Span name_span;
  std::vector<Argument> arguments;
  // kInlineFragment: type condition (empty when `... { }` without one)
  std::string type_condition;
  Span type_condition_span;
  std::vector<Directive> directives;
  bool has_selection_set = false;
  SelectionSet selection_set;

  const std::string& ResponseKey() const { return alias.empty() ? name : alias; }
  const Argument* FindArgument(std::string_view name) const;
};

struct VariableDefinition {
  std::string name;  // without '$'
  Span span;
  TypeRef type;
  std::optional<Value> default_value;
  std::vector<Directive> directives;
};

struct OperationDefinition {
  enum class Kind : uint8_t { kQuery, kMutation, kSubscription };
  Kind kind = Kind::kQuery;
  std::string name;  // empty for anonymous
  Span span;
  std::vector<VariableDefinition> variables;
  std::vector<Directive> directives;
  SelectionSet selection_set;
};

struct FragmentDefinition {
  std::string name;
  Span span;
  Span name_span;
  std::string type_condition;
  Span type_condition_span;
  std::vector<Directive> directives;
  SelectionSet selection_set;
};

// An executable document. In the stored form (`vpcs(where: ...) { id }`
// with no `query` keyword) `stored_form` is true and `operations` holds one
// anonymous query whose selection set holds that single root field.
struct ExecutableDocument {
  bool stored_form = false;
  std::vector<OperationDefinition> operations;
  std::vector<FragmentDefinition> fragments;
};

// ---- SDL ----

struct InputValueDefinition {
  std::string description;
  std::string name;
  Span span;
  TypeRef type;
  std::optional<Value> default_value;
  std::vector<Directive> directives;
};

struct FieldDefinition {
  std::string description;
  std::string name;
  Span span;
  Span name_span;
  std::vector<InputValueDefinition> arguments;
  TypeRef type;
  std::vector<Directive> directives;
  const Directive* FindDirective(std::string_view name) const;
};

struct EnumValueDefinition {
  std::string description;
  std::string name;
  Span span;
  std::vector<Directive> directives;
};

struct NamedRef {
  std::string name;
  Span span;
};

struct TypeDefinition {
  enum class Kind : uint8_t {
    kObject,       // type X
    kInterface,    // interface X
    kEnum,         // enum X
    kScalar,       // scalar X
    kInputObject,  // input X
    kUnion,        // union X = A | B
  };
  Kind kind = Kind::kObject;
  bool is_extension = false;  // `extend type X ...`
  std::string description;
  std::string name;
  Span span;
  Span name_span;
  std::vector<NamedRef> interfaces;  // implements A & B
  std::vector<Directive> directives;
  std::vector<FieldDefinition> fields;       // object, interface
  std::vector<InputValueDefinition> input_fields;  // input
  std::vector<EnumValueDefinition> enum_values;    // enum
  std::vector<NamedRef> union_members;             // union
  const Directive* FindDirective(std::string_view name) const;
};

// `schema { query: Q }` and `directive @d(...) on ...` are parsed and kept.
struct SchemaDefinition {
  Span span;
  std::vector<Directive> directives;
  std::vector<std::pair<std::string, NamedRef>> operation_types;
};

struct DirectiveDefinition {
  std::string description;
  std::string name;
  Span span;
  std::vector<InputValueDefinition> arguments;
  bool repeatable = false;
  std::vector<NamedRef> locations;
};

struct SchemaDocument {
  std::vector<TypeDefinition> types;
  std::vector<SchemaDefinition> schema_definitions;
  std::vector<DirectiveDefinition> directive_definitions;
};

}  // namespace vigil::ast

#endif  // VIGIL_SRC_SYNTAX_AST_H_
