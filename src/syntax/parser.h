// Hand-written recursive-descent parser for GraphQL executable documents
// (queries, including vigil's stored one-field form) and SDL.
//
// Lexical rules follow graphql-js 16 exactly (see docs/query-language.md).
// Errors are diagnostics located by line/column with the source line; the
// parser recovers where sensible and reports several errors per parse.
// Nesting deeper than ParseOptions::max_depth (braces/brackets/parens) is a
// diagnostic, never a stack overflow. Any input bytes are safe.
#ifndef VIGIL_SRC_SYNTAX_PARSER_H_
#define VIGIL_SRC_SYNTAX_PARSER_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "src/syntax/ast.h"
#include "vigil/diagnostic.h"

namespace vigil::syntax {

struct ParseOptions {
  int max_depth = 64;          // levels of { [ ( nesting
  size_t max_errors = 20;      // stop after this many diagnostics
};

// Parses a stored-form query (`root(args) { ... }` followed by optional
// fragment definitions) or a full executable document. Mutations and
// subscriptions parse (the checker refuses them).
// On failure returns InvalidArgument with the formatted diagnostics; all
// diagnostics are appended to *diags when it is non-null.
absl::StatusOr<ast::ExecutableDocument> ParseExecutable(
    std::string_view text, std::string_view file_name,
    const ParseOptions& options = {}, Diagnostics* diags = nullptr);

// Parses a fragment library: a text holding only fragment definitions.
absl::StatusOr<std::vector<ast::FragmentDefinition>> ParseFragments(
    std::string_view text, std::string_view file_name,
    const ParseOptions& options = {}, Diagnostics* diags = nullptr);

// Parses SDL type-system definitions.
absl::StatusOr<ast::SchemaDocument> ParseSchema(
    std::string_view text, std::string_view file_name,
    const ParseOptions& options = {}, Diagnostics* diags = nullptr);

// Parses a single GraphQL value (used for variables written as GraphQL and
// for tests). Variables are allowed only when allow_variables is true.
absl::StatusOr<ast::Value> ParseValue(std::string_view text,
                                      std::string_view file_name,
                                      bool allow_variables = false,
                                      const ParseOptions& options = {},
                                      Diagnostics* diags = nullptr);

}  // namespace vigil::syntax

#endif  // VIGIL_SRC_SYNTAX_PARSER_H_
