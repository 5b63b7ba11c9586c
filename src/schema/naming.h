// Ports of the npm packages Neo4j GraphQL uses to name root fields:
// `camelcase` 6.3.0 (default options) and `pluralize` 8.0.0 (plural only).
// Internal to the schema layer; exposed for tests.
#ifndef VIGIL_SRC_SCHEMA_NAMING_H_
#define VIGIL_SRC_SCHEMA_NAMING_H_

#include <string>
#include <string_view>

namespace vigil::schema_internal {

// camelcase(input) with default options. Handles ASCII letters, digits and
// the separators _ . - and space (other bytes are kept as they are).
std::string CamelCase(std::string_view input);

// pluralize.plural(word): irregulars, uncountables and the rule table.
std::string Pluralize(std::string_view word);

// Neo4j GraphQL's string-manipulation `leadingUnderscores`: the run of
// leading underscores matched by /^(_+).+/.
std::string LeadingUnderscores(std::string_view name);

}  // namespace vigil::schema_internal

#endif  // VIGIL_SRC_SCHEMA_NAMING_H_
