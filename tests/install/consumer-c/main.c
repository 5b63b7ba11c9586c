/* vigil_c_consumer SCHEMA.graphql — a C99 program built against an
 * installed libvigil with pkg-config (the install test):
 *
 *   cc -std=c99 main.c $(pkg-config --cflags --libs vigil)
 *
 * Builds a two-VPC graph of the schema with the graph builder, evaluates a
 * query and prints its JSON result. A refused schema prints the located
 * error (file:line:column) and exits 1; a usage error exits 2. */
#include <stdio.h>
#include <string.h>

#include "vigil/vigil.h"

#define S(literal) literal, (sizeof(literal) - 1)

static int Fail(vigil_error* err) {
  fprintf(stderr, "%s:%u:%u: %s\n", vigil_error_file(err), vigil_error_line(err),
          vigil_error_column(err), vigil_error_message(err));
  return 1;
}

int main(int argc, char** argv) {
  vigil_error* err;
  vigil_schema* schema = NULL;
  vigil_graph_builder* b = NULL;
  vigil_graph* graph = NULL;
  vigil_query* query = NULL;
  vigil_result* result = NULL;
  const char* json;
  size_t len;
  int rc = 0;
  if (argc != 2) {
    fprintf(stderr, "usage: vigil_c_consumer SCHEMA.graphql\n");
    return 2;
  }
  err = vigil_error_new();
  if (vigil_schema_load_file(argv[1], strlen(argv[1]), &schema, err) != VIGIL_OK ||
      vigil_graph_builder_new(schema, 0, &b, err) != VIGIL_OK ||
      vigil_graph_builder_add_asset(b, S("vpc-1"), S("Vpc"), err) != VIGIL_OK ||
      vigil_graph_builder_set_string(b, S("vpc-1"), S("name"), S("prod"), err) != VIGIL_OK ||
      vigil_graph_builder_add_asset(b, S("vpc-2"), S("Vpc"), err) != VIGIL_OK ||
      vigil_graph_builder_add_asset(b, S("subnet-1"), S("Subnet"), err) != VIGIL_OK ||
      vigil_graph_builder_add_edge(b, S("vpc-1"), S("HAS_SUBNET"), S("subnet-1"), NULL, err) !=
          VIGIL_OK ||
      vigil_graph_builder_finish(b, &graph, err) != VIGIL_OK ||
      vigil_query_compile(schema, S("vpcs(where: {subnets_SOME: {id: \"subnet-1\"}}) { id name }"),
                          NULL, 0, &query, err) != VIGIL_OK ||
      vigil_query_evaluate(query, graph, NULL, 0, 1, &result, err) != VIGIL_OK ||
      vigil_result_json(result, &json, &len, err) != VIGIL_OK) {
    rc = Fail(err);
  } else {
    printf("libvigil %s: %.*s\n", vigil_version(), (int)len, json);
  }
  vigil_result_free(result);
  vigil_query_free(query);
  vigil_graph_free(graph);
  vigil_graph_builder_free(b);
  vigil_schema_free(schema);
  vigil_error_free(err);
  return rc;
}
