// Structural equality of syntax trees, ignoring spans: the round-trip
// property of the printer (src/syntax/printer.h) is parse(Print(x)) Equal x.
// Used by the printer tests and the parser fuzzers; not part of the library.
#ifndef VIGIL_TESTS_COMMON_AST_EQUAL_H_
#define VIGIL_TESTS_COMMON_AST_EQUAL_H_

#include "src/syntax/ast.h"

namespace vigil::syntax::testing {

bool Equal(const ast::Value& a, const ast::Value& b);
bool Equal(const ast::ExecutableDocument& a, const ast::ExecutableDocument& b);
bool Equal(const ast::SchemaDocument& a, const ast::SchemaDocument& b);

}  // namespace vigil::syntax::testing

#endif  // VIGIL_TESTS_COMMON_AST_EQUAL_H_
