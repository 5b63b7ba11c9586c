// The read API that the Neo4j GraphQL Library generates for a schema, as
// vigil understands it, printed as GraphQL SDL in graphql-js's printSchema
// style (what `vigil schema print --augmented` writes): the Query type with
// every root field, the object types a selection can reach (nodes,
// aggregate and connection selections), and every input type their
// arguments take (where, aggregation, connection, options and sort inputs,
// with each key, its type and Neo4j GraphQL's deprecations). Mutations and
// their input types are left out: vigil evaluates queries only.
#ifndef VIGIL_SRC_CHECK_SCHEMA_PRINTER_H_
#define VIGIL_SRC_CHECK_SCHEMA_PRINTER_H_

#include <optional>
#include <string>
#include <string_view>

#include "vigil/schema.h"

namespace vigil::check {

// The augmented schema as SDL. Arguments and fields vigil accepts beyond
// what Neo4j GraphQL 5.x generates are marked with a `# vigil extension`
// comment.
std::string PrintAugmentedSdl(const Schema& schema);

// The keys of one input type (`TWhere` when `type_name` names an object
// type, interface or relationship properties type; any generated input
// type by its name, such as VpcHasFlowLogAggregateInput): one line per key,
// "name: Type", with "(deprecated: reason)" after deprecated ones. nullopt
// when there is no such type.
std::optional<std::string> PrintInputKeys(const Schema& schema, std::string_view type_name);

}  // namespace vigil::check

#endif  // VIGIL_SRC_CHECK_SCHEMA_PRINTER_H_
