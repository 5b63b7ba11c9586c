#!/usr/bin/env bash
# Regenerates tests/data/neo4j-augmented/*.graphql: what @neo4j/graphql 5.12.14 generates for
# the schemas of the key-by-key parity test (tests/check/augmented_parity.py), reduced to what
# a query can reach. Run it after changing one of those schemas; it needs node and the
# neo4j-augment tool (npm ci done in its folder):
#
#   NEO4J_AUGMENT=../shared/tools/neo4j-augment bash scripts/regen-neo4j-augmented.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tool="${NEO4J_AUGMENT:-$here/../../shared/tools/neo4j-augment}"
[ -f "$tool/augment.js" ] || tool=/work/shared/tools/neo4j-augment
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
