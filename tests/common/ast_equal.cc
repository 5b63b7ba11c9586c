// Structural equality of syntax trees (see ast_equal.h).
#include "tests/common/ast_equal.h"

#include <optional>
#include <vector>

namespace vigil::syntax::testing {
namespace {

bool EqualType(const ast::TypeRef& a, const ast::TypeRef& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == ast::TypeRef::Kind::kNamed) return a.name == b.name;
  if (!a.inner || !b.inner) return !a.inner && !b.inner;
  return EqualType(*a.inner, *b.inner);
}

bool EqualArgs(const std::vector<ast::Argument>& a,
               const std::vector<ast::Argument>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || !Equal(a[i].value, b[i].value)) return false;
  }
  return true;
}

bool EqualDirectives(const std::vector<ast::Directive>& a,
                     const std::vector<ast::Directive>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || !EqualArgs(a[i].arguments, b[i].arguments)) {
      return false;
    }
  }
  return true;
}

bool EqualSelectionSet(const ast::SelectionSet& a, const ast::SelectionSet& b);

bool EqualSelection(const ast::Selection& a, const ast::Selection& b) {
  return a.kind == b.kind && a.alias == b.alias && a.name == b.name &&
         EqualArgs(a.arguments, b.arguments) &&
         a.type_condition == b.type_condition &&
         EqualDirectives(a.directives, b.directives) &&
         a.has_selection_set == b.has_selection_set &&
         EqualSelectionSet(a.selection_set, b.selection_set);
}

bool EqualSelectionSet(const ast::SelectionSet& a, const ast::SelectionSet& b) {
  if (a.selections.size() != b.selections.size()) return false;
  for (size_t i = 0; i < a.selections.size(); ++i) {
    if (!EqualSelection(a.selections[i], b.selections[i])) return false;
  }
  return true;
}

bool EqualOptValue(const std::optional<ast::Value>& a,
                   const std::optional<ast::Value>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || Equal(*a, *b);
}

bool EqualInputValues(const std::vector<ast::InputValueDefinition>& a,
                      const std::vector<ast::InputValueDefinition>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].description != b[i].description || a[i].name != b[i].name ||
        !EqualType(a[i].type, b[i].type) ||
        !EqualOptValue(a[i].default_value, b[i].default_value) ||
        !EqualDirectives(a[i].directives, b[i].directives)) {
      return false;
    }
  }
  return true;
}

bool EqualRefs(const std::vector<ast::NamedRef>& a,
               const std::vector<ast::NamedRef>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name) return false;
  }
  return true;
}

bool EqualFragment(const ast::FragmentDefinition& a,
                   const ast::FragmentDefinition& b) {
  return a.name == b.name && a.type_condition == b.type_condition &&
         EqualDirectives(a.directives, b.directives) &&
         EqualSelectionSet(a.selection_set, b.selection_set);
}

bool EqualTypeDef(const ast::TypeDefinition& a, const ast::TypeDefinition& b) {
  if (a.kind != b.kind || a.is_extension != b.is_extension ||
      a.description != b.description || a.name != b.name ||
      !EqualRefs(a.interfaces, b.interfaces) ||
      !EqualDirectives(a.directives, b.directives) ||
      !EqualInputValues(a.input_fields, b.input_fields) ||
      !EqualRefs(a.union_members, b.union_members) ||
      a.fields.size() != b.fields.size() ||
      a.enum_values.size() != b.enum_values.size()) {
    return false;
  }
  for (size_t i = 0; i < a.fields.size(); ++i) {
    const auto& x = a.fields[i];
    const auto& y = b.fields[i];
    if (x.description != y.description || x.name != y.name ||
        !EqualInputValues(x.arguments, y.arguments) ||
        !EqualType(x.type, y.type) ||
        !EqualDirectives(x.directives, y.directives)) {
      return false;
    }
  }
  for (size_t i = 0; i < a.enum_values.size(); ++i) {
    const auto& x = a.enum_values[i];
    const auto& y = b.enum_values[i];
    if (x.description != y.description || x.name != y.name ||
        !EqualDirectives(x.directives, y.directives)) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool Equal(const ast::Value& a, const ast::Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ast::ValueKind::kVariable:
    case ast::ValueKind::kEnum:
    case ast::ValueKind::kString:  // the block-string flag is presentation
      return a.text == b.text;
    case ast::ValueKind::kInt:
      return a.int_value == b.int_value && a.text == b.text;
    case ast::ValueKind::kFloat:
      return a.text == b.text && (a.float_value == b.float_value ||
                                  (a.float_value != a.float_value &&
                                   b.float_value != b.float_value));
    case ast::ValueKind::kBoolean:
      return a.bool_value == b.bool_value;
    case ast::ValueKind::kNull:
      return true;
    case ast::ValueKind::kList:
      if (a.list.size() != b.list.size()) return false;
      for (size_t i = 0; i < a.list.size(); ++i) {
        if (!Equal(a.list[i], b.list[i])) return false;
      }
      return true;
    case ast::ValueKind::kObject:
      if (a.fields.size() != b.fields.size()) return false;
      for (size_t i = 0; i < a.fields.size(); ++i) {
        const auto& x = a.fields[i];
        const auto& y = b.fields[i];
        if (x.name != y.name) return false;
        if (!x.value || !y.value) {
          if (x.value || y.value) return false;
          continue;
        }
        if (!Equal(*x.value, *y.value)) return false;
      }
      return true;
  }
  return false;
}

bool Equal(const ast::ExecutableDocument& a, const ast::ExecutableDocument& b) {
  if (a.stored_form != b.stored_form ||
      a.operations.size() != b.operations.size() ||
      a.fragments.size() != b.fragments.size()) {
    return false;
  }
  for (size_t i = 0; i < a.operations.size(); ++i) {
    const auto& x = a.operations[i];
    const auto& y = b.operations[i];
    if (x.kind != y.kind || x.name != y.name ||
        x.variables.size() != y.variables.size() ||
        !EqualDirectives(x.directives, y.directives) ||
        !EqualSelectionSet(x.selection_set, y.selection_set)) {
      return false;
    }
    for (size_t j = 0; j < x.variables.size(); ++j) {
      const auto& v = x.variables[j];
      const auto& w = y.variables[j];
      if (v.name != w.name || !EqualType(v.type, w.type) ||
          !EqualOptValue(v.default_value, w.default_value) ||
          !EqualDirectives(v.directives, w.directives)) {
        return false;
      }
    }
  }
  for (size_t i = 0; i < a.fragments.size(); ++i) {
    if (!EqualFragment(a.fragments[i], b.fragments[i])) return false;
  }
  return true;
}

bool Equal(const ast::SchemaDocument& a, const ast::SchemaDocument& b) {
  if (a.types.size() != b.types.size() ||
      a.schema_definitions.size() != b.schema_definitions.size() ||
      a.directive_definitions.size() != b.directive_definitions.size()) {
    return false;
  }
  for (size_t i = 0; i < a.types.size(); ++i) {
    if (!EqualTypeDef(a.types[i], b.types[i])) return false;
  }
  for (size_t i = 0; i < a.schema_definitions.size(); ++i) {
    const auto& x = a.schema_definitions[i];
    const auto& y = b.schema_definitions[i];
    if (!EqualDirectives(x.directives, y.directives) ||
        x.operation_types.size() != y.operation_types.size()) {
      return false;
    }
    for (size_t j = 0; j < x.operation_types.size(); ++j) {
      if (x.operation_types[j].first != y.operation_types[j].first ||
          x.operation_types[j].second.name !=
              y.operation_types[j].second.name) {
        return false;
      }
    }
  }
  for (size_t i = 0; i < a.directive_definitions.size(); ++i) {
    const auto& x = a.directive_definitions[i];
    const auto& y = b.directive_definitions[i];
    if (x.description != y.description || x.name != y.name ||
        x.repeatable != y.repeatable ||
        !EqualInputValues(x.arguments, y.arguments) ||
        !EqualRefs(x.locations, y.locations)) {
      return false;
    }
  }
  return true;
}

}  // namespace vigil::syntax::testing
