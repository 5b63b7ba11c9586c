// Canonical GraphQL printer: parse(Print(x)) gives the same tree as x
// (spans aside), and Print is a fixed point: Print(parse(Print(x))) ==
// Print(x).
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

// Structural equality ignoring spans (used by round-trip tests).
bool Equal(const ast::Value& a, const ast::Value& b);
bool Equal(const ast::ExecutableDocument& a, const ast::ExecutableDocument& b);
bool Equal(const ast::SchemaDocument& a, const ast::SchemaDocument& b);

// Quotes s as a GraphQL string literal (escaping as needed).
std::string QuoteString(std::string_view s);

}  // namespace vigil::syntax

#endif  // VIGIL_SRC_SYNTAX_PRINTER_H_
