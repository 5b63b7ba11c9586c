#!/usr/bin/env bash
# Regenerates tests/data/neo4j-augmented/*.graphql: what @neo4j/graphql 5.12.14 generates for
# the schemas of the key-by-key parity test (tests/check/augmented_parity.py), reduced to what
# a query can reach. Run it after changing one of those schemas.
#
# It needs node and a folder holding an `augment.js` that prints, for the type definitions
# named by its one argument, the schema @neo4j/graphql 5.12.14 generates for them, as SDL
# (`new Neo4jGraphQL({typeDefs, features}).getSchema()` printed with graphql's
# `printSchema`), with the String and ID filters MATCHES, LT, LTE, GT and GTE turned on in
# `features.filters` (vigil always has them). Install @neo4j/graphql 5.12.14 and graphql
# 16 beside it with npm, then:
#
#   NEO4J_AUGMENT=/path/to/that/folder bash scripts/regen-neo4j-augmented.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tool="${NEO4J_AUGMENT:-}"
if [ -z "$tool" ] || [ ! -f "$tool/augment.js" ]; then
  echo "regen-neo4j-augmented.sh: set NEO4J_AUGMENT to a folder holding augment.js (see the" \
       "comment at the top of this script)" >&2
  exit 2
fi
out="$here/tests/data/neo4j-augmented"
mkdir -p "$out"
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
while read -r name schema; do
  node "$tool/augment.js" "$here/$schema" > "$tmp"
  python3 "$here/tests/check/augmented_parity.py" extract "$tmp" > "$out/$name.graphql"
  echo "wrote tests/data/neo4j-augmented/$name.graphql from $schema"
done <<'LIST'
conformance tests/data/conformance/schema.graphql
inventory tests/data/parity/inventory.graphql
aws schemas/aws.graphql
LIST
