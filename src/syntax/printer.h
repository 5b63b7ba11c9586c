// Canonical GraphQL printer: parse(Print(x)) gives the same tree as x
// (spans aside; tests/common/ast_equal.h compares trees), and Print is a
// fixed point: Print(parse(Print(x))) == Print(x).
#ifndef VIGIL_SRC_SYNTAX_PRINTER_H_
#define VIGIL_SRC_SYNTAX_PRINTER_H_

#include <string>

#include "src/syntax/ast.h"

namespace vigil::syntax {

std::string Print(const ast::Value& value);
std::string Print(const ast::TypeRef& type);
std::string Print(const ast::SelectionSet& selection_set);
std::string Print(const ast::FragmentDefinition& fragment);
// Stored form prints as `root(...) { ... }` + fragments; documents print
// their operations and fragments.
std::string Print(const ast::ExecutableDocument& document);
std::string Print(const ast::SchemaDocument& document);

// Quotes s as a GraphQL string literal (escaping as needed).
std::string QuoteString(std::string_view s);

}  // namespace vigil::syntax

#endif  // VIGIL_SRC_SYNTAX_PRINTER_H_
