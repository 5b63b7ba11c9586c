/* Tests of the C ABI (include/vigil/vigil.h), written in C99: every story
 * (schemas, graphs loaded and built, queries, packs, runs, reports, report
 * merging, control tests) and the error rules (status codes, located
 * errors, NULL handling). Prints "N passed, M failed"; exits 1 on failure. */
#define _POSIX_C_SOURCE 200809L /* mkstemp */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vigil/vigil.h"

static int g_passed = 0, g_failed = 0;

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (cond) {                                                            \
      ++g_passed;                                                          \
    } else {                                                               \
      ++g_failed;                                                          \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                      \
  } while (0)

/* A call that must succeed; on failure prints the error. */
#define OK(call)                                                              \
  do {                                                                        \
    vigil_status ok_status_ = (call);                                         \
    if (ok_status_ == VIGIL_OK) {                                             \
      ++g_passed;                                                             \
    } else {                                                                  \
      ++g_failed;                                                             \
      fprintf(stderr, "%s:%d: %s gave %s: %s\n", __FILE__, __LINE__, #call,   \
              vigil_status_name(ok_status_), vigil_error_message(err));       \
    }                                                                         \
  } while (0)

#define S(literal) literal, (sizeof(literal) - 1)

static char* Path(const char* rel, size_t* len) {
  static char buf[4][4096];
  static int next = 0;
  char* p = buf[next++ % 4];
  snprintf(p, sizeof buf[0], "%s/%s", VIGIL_SOURCE_DIR, rel);
  *len = strlen(p);
  return p;
}

static int Contains(const char* text, size_t len, const char* part) {
  size_t n = strlen(part), i;
  if (n > len) return 0;
  for (i = 0; i + n <= len; ++i) {
    if (memcmp(text + i, part, n) == 0) return 1;
  }
  return 0;
}

static const char kSdl[] =
    "interface Asset { id: ID! name: String }\n"
    "type Vpc implements Asset {\n"
    "  id: ID!\n  name: String\n  cidrs: [String!]\n  port: Int\n  isDefault: Boolean\n"
    "  flowLogs: [FlowLog!]! @relationship(type: \"HAS_FLOW_LOG\", direction: OUT, "
    "properties: \"Since\")\n"
    "}\n"
    "type FlowLog implements Asset {\n  id: ID!\n  name: String\n  status: String\n}\n"
    "type Since @relationshipProperties { days: Int }\n";

static vigil_schema* MakeSchema(vigil_error* err) {
  vigil_schema* schema = NULL;
  OK(vigil_schema_parse(S(kSdl), S("test.graphql"), &schema, err));
  return schema;
}

static void TestErrorsAndNames(void) {
  vigil_error* err = vigil_error_new();
  vigil_diagnostic d;
  CHECK(err != NULL);
  CHECK(vigil_error_status(err) == VIGIL_OK);
  CHECK(strcmp(vigil_error_message(err), "") == 0);
  CHECK(vigil_error_status(NULL) == VIGIL_OK);
  CHECK(strcmp(vigil_error_message(NULL), "") == 0);
  CHECK(vigil_error_line(NULL) == 0);
  CHECK(vigil_error_diagnostic_count(NULL) == 0);
  CHECK(vigil_error_diagnostic(err, 0, &d) == VIGIL_E_INVALID_ARGUMENT);
  CHECK(strcmp(vigil_status_name(VIGIL_OK), "ok") == 0);
  CHECK(strcmp(vigil_status_name(VIGIL_E_NO_MEMORY), "no-memory") == 0);
  CHECK(strcmp(vigil_status_name((vigil_status)99), "unknown") == 0);
  CHECK(strlen(vigil_version()) >= 5);
  /* Every free function accepts NULL. */
  vigil_error_free(NULL);
  vigil_schema_free(NULL);
  vigil_graph_free(NULL);
  vigil_graph_builder_free(NULL);
  vigil_fragment_library_free(NULL);
  vigil_query_free(NULL);
  vigil_result_free(NULL);
  vigil_pack_free(NULL);
  vigil_run_options_free(NULL);
  vigil_report_free(NULL);
  vigil_test_run_free(NULL);
  vigil_error_clear(NULL);
  /* NULL handles and outputs are misuse, not crashes. */
  CHECK(vigil_schema_parse(S(kSdl), NULL, 0, NULL, err) == VIGIL_E_INVALID_ARGUMENT);
  CHECK(vigil_error_status(err) == VIGIL_E_INVALID_ARGUMENT);
  CHECK(strlen(vigil_error_message(err)) > 0);
  {
    vigil_graph* g = (vigil_graph*)1;
    CHECK(vigil_graph_parse(NULL, S("{}"), NULL, 0, 0, &g, err) == VIGIL_E_INVALID_ARGUMENT);
    CHECK(g == NULL); /* outputs are reset first */
  }
  CHECK(vigil_pack_run(NULL, NULL, NULL, NULL, NULL) == VIGIL_E_INVALID_ARGUMENT);
  /* A NULL string with a length is misuse, not an empty path or text. */
  {
    vigil_pack* p = (vigil_pack*)1;
    vigil_report* r = (vigil_report*)1;
    CHECK(vigil_pack_load(NULL, 13, NULL, &p, err) == VIGIL_E_INVALID_ARGUMENT);
    CHECK(p == NULL);
    CHECK(strstr(vigil_error_message(err), "NULL with a non-zero length") != NULL);
    CHECK(vigil_report_from_json(NULL, 2, NULL, 0, &r, err) == VIGIL_E_INVALID_ARGUMENT);
    CHECK(r == NULL);
    /* (NULL, 0) is the empty string: here an empty JSON text, bad input. */
    CHECK(vigil_report_from_json(NULL, 0, NULL, 0, &r, err) == VIGIL_E_INPUT);
  }
  /* Success clears the error object. */
  {
    vigil_schema* schema = MakeSchema(err);
    CHECK(vigil_error_status(err) == VIGIL_OK);
    CHECK(strcmp(vigil_error_message(err), "") == 0);
    vigil_schema_free(schema);
  }
  vigil_error_free(err);
}

static void TestSchemaErrorsAreLocated(void) {
  vigil_error* err = vigil_error_new();
  vigil_schema* schema = NULL;
  vigil_diagnostic d;
  size_t n;
  const char* path;
  vigil_status s = vigil_schema_parse(S("type Vpc {\n  id: ID!\n  subnet: Nope\n}\n"),
                                      S("bad.graphql"), &schema, err);
  CHECK(s == VIGIL_E_INPUT);
  CHECK(schema == NULL);
  CHECK(vigil_error_status(err) == VIGIL_E_INPUT);
  CHECK(strcmp(vigil_error_file(err), "bad.graphql") == 0);
  CHECK(vigil_error_line(err) == 3);
  CHECK(vigil_error_column(err) == 11);
  CHECK(strncmp(vigil_error_code(err), "schema.", 7) == 0);
  CHECK(strstr(vigil_error_message(err), "bad.graphql:3:11") != NULL);
  CHECK(vigil_error_diagnostic_count(err) >= 1);
  CHECK(vigil_error_diagnostic(err, 0, &d) == VIGIL_OK);
  CHECK(d.severity == VIGIL_SEVERITY_ERROR);
  CHECK(d.line == 3);
  CHECK(strstr(d.message, "Nope") != NULL);

  path = Path("no/such/schema.graphql", &n);
  CHECK(vigil_schema_load_file(path, n, &schema, err) == VIGIL_E_NOT_FOUND);
  path = Path("schemas", &n);
  CHECK(vigil_schema_load_file(path, n, &schema, err) == VIGIL_E_INPUT);
  path = Path("schemas/aws.graphql", &n);
  OK(vigil_schema_load_file(path, n, &schema, err));
  vigil_schema_free(schema);
  /* Strings go in as pointer + length: no NUL needed. */
  {
    char sdl[64];
    memcpy(sdl, "type A { id: ID! }XXXX", 22);
    OK(vigil_schema_parse(sdl, 18, NULL, 0, &schema, err));
    vigil_schema_free(schema);
  }
  vigil_error_free(err);
}

static const char kGraph[] =
    "{\"assets\": [\n"
    "  {\"id\": \"vpc-1\", \"type\": \"Vpc\", \"properties\": {\"name\": \"prod\", \"port\": 22,"
    " \"cidrs\": [\"10.0.0.0/16\"]}},\n"
    "  {\"id\": \"vpc-2\", \"type\": \"Vpc\", \"properties\": {\"isDefault\": true}},\n"
    "  {\"id\": \"fl-1\", \"type\": \"FlowLog\", \"properties\": {\"status\": \"ACTIVE\"}}\n"
    "], \"relationships\": [\n"
    "  {\"from\": \"vpc-1\", \"type\": \"HAS_FLOW_LOG\", \"to\": \"fl-1\","
    " \"properties\": {\"days\": 3}}\n"
    "]}\n";

static const char kQuery[] =
    "vpcs(where: {flowLogs_NONE: {status: \"ACTIVE\"}}) { id ...Named }";
static const char kFragments[] = "fragment Named on Asset { name }\n";

static void TestGraphAndQuery(void) {
  vigil_error* err = vigil_error_new();
  vigil_schema* schema = MakeSchema(err);
  vigil_graph* graph = NULL;
  vigil_fragment_library* frags = NULL;
  vigil_query* query = NULL;
  vigil_result* result = NULL;
  const char* json;
  size_t len, n;

  OK(vigil_graph_parse(schema, S(kGraph), S("g.json"), 0, &graph, err));
  OK(vigil_graph_num_assets(graph, &n, err));
  CHECK(n == 3);
  OK(vigil_graph_num_edges(graph, &n, err));
  CHECK(n == 1);

  OK(vigil_fragment_library_parse(S(kFragments), S("f.graphql"), &frags, err));
  {
    const vigil_fragment_library* libs[1];
    libs[0] = frags;
    OK(vigil_query_compile(schema, S(kQuery), libs, 1, &query, err));
  }
  OK(vigil_query_evaluate(query, graph, NULL, 0, 1, &result, err));
  OK(vigil_result_json(result, &json, &len, err));
  CHECK(len == strlen(json));
  CHECK(strcmp(json, "[{\"id\":\"vpc-2\",\"name\":null}]") == 0);
  OK(vigil_result_size(result, &n, err));
  CHECK(n == 1);
  vigil_result_free(result);
  vigil_query_free(query);

  /* Variables. */
  OK(vigil_query_compile(schema, S("vpcs(where: {port_GT: $p}) { id }"), NULL, 0, &query, err));
  OK(vigil_query_evaluate(query, graph, S("{\"p\": 21}"), 0, &result, err));
  OK(vigil_result_json(result, &json, &len, err));
  CHECK(strcmp(json, "[{\"id\":\"vpc-1\"}]") == 0);
  vigil_result_free(result);
  CHECK(vigil_query_evaluate(query, graph, S("{\"p\": \"x\"}"), 0, &result, err) ==
        VIGIL_E_INPUT);
  CHECK(vigil_query_evaluate(query, graph, S("{\"p\": "), 0, &result, err) == VIGIL_E_INPUT);
  vigil_query_free(query);

  /* A query error is located in the query text. */
  CHECK(vigil_query_compile(schema, S("vpcs(where: {\n  nope: 1}) { id }"), NULL, 0, &query,
                            err) == VIGIL_E_INPUT);
  CHECK(query == NULL);
  CHECK(vigil_error_line(err) == 2);
  CHECK(vigil_error_column(err) == 3);
  CHECK(strlen(vigil_error_code(err)) > 0);
  /* An unknown fragment without its library. */
  CHECK(vigil_query_compile(schema, S(kQuery), NULL, 0, &query, err) == VIGIL_E_INPUT);

  /* A graph error names the line and column. */
  {
    vigil_graph* bad = NULL;
    CHECK(vigil_graph_parse(schema, S("{\"assets\": [\n  {\"id\": \"a\", \"type\": \"Nope\"}]}"),
                            S("bad.json"), 0, &bad, err) == VIGIL_E_INPUT);
    CHECK(bad == NULL);
    CHECK(strstr(vigil_error_message(err), "Nope") != NULL);
    CHECK(vigil_graph_parse(schema, S("{\"assets\": [\n  {\"id\": \"a\",, }]}"), S("bad.json"),
                            0, &bad, err) == VIGIL_E_INPUT);
    CHECK(vigil_error_line(err) == 2);
    CHECK(strcmp(vigil_error_file(err), "bad.json") == 0);
    /* Unknown properties: refused, or dropped on request. */
    CHECK(vigil_graph_parse(schema,
                            S("{\"assets\": [{\"id\": \"a\", \"type\": \"Vpc\", "
                              "\"properties\": {\"zzz\": 1}}]}"),
                            NULL, 0, 0, &bad, err) == VIGIL_E_INPUT);
    OK(vigil_graph_parse(schema,
                         S("{\"assets\": [{\"id\": \"a\", \"type\": \"Vpc\", "
                           "\"properties\": {\"zzz\": 1}}]}"),
                         NULL, 0, VIGIL_GRAPH_DROP_UNKNOWN_PROPERTIES, &bad, err));
    vigil_graph_free(bad);
  }

  vigil_fragment_library_free(frags);
  vigil_schema_free(schema); /* the graph keeps its schema alive */
  OK(vigil_graph_num_assets(graph, &n, err));
  vigil_graph_free(graph);
  vigil_error_free(err);
}

/* The builder makes the same graph as kGraph: the same query gives the same
 * result. */
static void TestBuilder(void) {
  vigil_error* err = vigil_error_new();
  vigil_schema* schema = MakeSchema(err);
  vigil_graph_builder* b = NULL;
  vigil_graph *built = NULL, *loaded = NULL;
  vigil_query* query = NULL;
  vigil_result *r1 = NULL, *r2 = NULL;
  vigil_edge_ref edge;
  const char *j1, *j2;
  size_t l1, l2;
  const char* all = "query { vpcs { id name cidrs port isDefault flowLogs { id status } } "
                    "days: vpcs(where: {flowLogsConnection_SOME: {edge: {days: 3}}}) { id } }";

  OK(vigil_graph_builder_new(schema, 0, &b, err));
  OK(vigil_graph_builder_add_asset(b, S("vpc-1"), S("Vpc"), err));
  OK(vigil_graph_builder_set_string(b, S("vpc-1"), S("name"), S("prod"), err));
  OK(vigil_graph_builder_set_int(b, S("vpc-1"), S("port"), 22, err));
  OK(vigil_graph_builder_set_json(b, S("vpc-1"), S("cidrs"), S("[\"10.0.0.0/16\"]"), err));
  /* An edge to an asset added later. */
  OK(vigil_graph_builder_add_edge(b, S("vpc-1"), S("HAS_FLOW_LOG"), S("fl-1"), &edge, err));
  OK(vigil_graph_builder_set_edge_json(b, edge, S("days"), S("3"), err));
  OK(vigil_graph_builder_add_asset(b, S("vpc-2"), S("Vpc"), err));
  OK(vigil_graph_builder_set_bool(b, S("vpc-2"), S("isDefault"), 1, err));
  OK(vigil_graph_builder_add_asset(b, S("fl-1"), S("FlowLog"), err));
  OK(vigil_graph_builder_set_json(b, S("fl-1"), S("status"), S("\"ACTIVE\""), err));

  /* Refusals change nothing and name the asset and the property. */
  CHECK(vigil_graph_builder_set_int(b, S("vpc-1"), S("name"), 3, err) == VIGIL_E_INPUT);
  CHECK(strstr(vigil_error_message(err), "vpc-1") != NULL);
  CHECK(strstr(vigil_error_message(err), "name") != NULL);
  CHECK(vigil_graph_builder_set_json(b, S("vpc-1"), S("cidrs"), S("[1]"), err) ==
        VIGIL_E_INPUT);
  CHECK(strstr(vigil_error_message(err), "cidrs") != NULL);
  CHECK(vigil_graph_builder_set_json(b, S("vpc-1"), S("port"), S("[1]"), err) == VIGIL_E_INPUT);
  CHECK(vigil_graph_builder_set_json(b, S("vpc-1"), S("port"), S("{\"a\": 1}"), err) ==
        VIGIL_E_INPUT);
  CHECK(vigil_graph_builder_set_json(b, S("vpc-1"), S("port"), S("nope"), err) == VIGIL_E_INPUT);
  CHECK(vigil_graph_builder_set_float(b, S("vpc-1"), S("nope"), 1.5, err) == VIGIL_E_INPUT);
  CHECK(vigil_graph_builder_set_int(b, S("vpc-9"), S("port"), 1, err) == VIGIL_E_INPUT);
  CHECK(strstr(vigil_error_message(err), "vpc-9") != NULL);
  CHECK(vigil_graph_builder_add_asset(b, S("vpc-1"), S("Vpc"), err) == VIGIL_E_INPUT);
  CHECK(vigil_graph_builder_add_asset(b, S("x"), S("Asset"), err) == VIGIL_E_INPUT);
  CHECK(vigil_graph_builder_add_edge(b, S("vpc-1"), S("NOPE"), S("fl-1"), NULL, err) ==
        VIGIL_E_INPUT);

  OK(vigil_graph_builder_finish(b, &built, err));
  {
    vigil_graph* again = (vigil_graph*)1;
    CHECK(vigil_graph_builder_finish(b, &again, err) == VIGIL_E_INVALID_ARGUMENT);
    CHECK(again == NULL);
  }
  vigil_graph_free(built);
  built = NULL;
  CHECK(vigil_graph_builder_add_asset(b, S("z"), S("Vpc"), err) == VIGIL_E_INVALID_ARGUMENT);
  vigil_graph_builder_free(b);

  /* The same graph again, to compare with the JSON loader's. */
  OK(vigil_graph_builder_new(schema, 0, &b, err));
  OK(vigil_graph_builder_add_asset(b, S("vpc-1"), S("Vpc"), err));
  OK(vigil_graph_builder_set_string(b, S("vpc-1"), S("name"), S("prod"), err));
  OK(vigil_graph_builder_set_int(b, S("vpc-1"), S("port"), 22, err));
  OK(vigil_graph_builder_set_json(b, S("vpc-1"), S("cidrs"), S("[\"10.0.0.0/16\"]"), err));
  OK(vigil_graph_builder_add_edge(b, S("vpc-1"), S("HAS_FLOW_LOG"), S("fl-1"), &edge, err));
  OK(vigil_graph_builder_set_edge_json(b, edge, S("days"), S("3"), err));
  OK(vigil_graph_builder_add_asset(b, S("vpc-2"), S("Vpc"), err));
  OK(vigil_graph_builder_set_json(b, S("vpc-2"), S("isDefault"), S("true"), err));
  OK(vigil_graph_builder_add_asset(b, S("fl-1"), S("FlowLog"), err));
  OK(vigil_graph_builder_set_string(b, S("fl-1"), S("status"), S("ACTIVE"), err));
  OK(vigil_graph_builder_finish(b, &built, err));
  vigil_graph_builder_free(b);

  OK(vigil_graph_parse(schema, S(kGraph), NULL, 0, 0, &loaded, err));
  OK(vigil_query_compile(schema, all, strlen(all), NULL, 0, &query, err));
  OK(vigil_query_evaluate(query, built, NULL, 0, 1, &r1, err));
  OK(vigil_query_evaluate(query, loaded, NULL, 0, 1, &r2, err));
  OK(vigil_result_json(r1, &j1, &l1, err));
  OK(vigil_result_json(r2, &j2, &l2, err));
  CHECK(l1 == l2 && memcmp(j1, j2, l1) == 0);
  CHECK(Contains(j1, l1, "\"days\":[{\"id\":\"vpc-1\"}]"));

  /* A dangling edge is refused by finish(). */
  OK(vigil_graph_builder_new(schema, 0, &b, err));
  OK(vigil_graph_builder_add_asset(b, S("vpc-1"), S("Vpc"), err));
  OK(vigil_graph_builder_add_edge(b, S("vpc-1"), S("HAS_FLOW_LOG"), S("fl-404"), NULL, err));
  OK(vigil_graph_builder_add_edge(b, S("vpc-1"), S("HAS_FLOW_LOG"), S("fl-405"), NULL, err));
  {
    vigil_graph* g = NULL;
    vigil_diagnostic d;
    CHECK(vigil_graph_builder_finish(b, &g, err) == VIGIL_E_INPUT);
    CHECK(g == NULL);
    CHECK(strstr(vigil_error_message(err), "fl-404") != NULL);
    /* Both errors: counted in the message, each one a diagnostic. */
    CHECK(strstr(vigil_error_message(err), "(2 errors)") != NULL);
    CHECK(strcmp(vigil_error_code(err), "graph.dangling-edge") == 0);
    CHECK(vigil_error_diagnostic_count(err) == 2);
    OK(vigil_error_diagnostic(err, 1, &d));
    CHECK(strcmp(d.code, "graph.dangling-edge") == 0);
    CHECK(strstr(d.message, "fl-405") != NULL);
  }
  vigil_graph_builder_free(b);

  /* Dropping unknown properties. */
  OK(vigil_graph_builder_new(schema, VIGIL_GRAPH_DROP_UNKNOWN_PROPERTIES, &b, err));
  OK(vigil_graph_builder_add_asset(b, S("vpc-1"), S("Vpc"), err));
  OK(vigil_graph_builder_set_int(b, S("vpc-1"), S("nope"), 1, err));
  vigil_graph_builder_free(b); /* freed unfinished */

  vigil_result_free(r1);
  vigil_result_free(r2);
  vigil_query_free(query);
  vigil_graph_free(built);
  vigil_graph_free(loaded);
  vigil_schema_free(schema);
  vigil_error_free(err);
}

/* The bundled pack over the demo organisation. */
/* The state of a progress callback: what it saw; it returns non-zero once
 * `stop_at` checks are done (0: never) and sleeps `sleep_ms` per call. */
typedef struct Progress {
  size_t calls, last_done, last_total, stop_at;
  long sleep_ms;
} Progress;

static int OnProgress(void* data, size_t done, size_t total) {
  Progress* p = (Progress*)data;
  ++p->calls;
  p->last_done = done;
  p->last_total = total;
  if (p->sleep_ms > 0) {
    struct timespec ts;
    ts.tv_sec = p->sleep_ms / 1000;
    ts.tv_nsec = (p->sleep_ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
  }
  return p->stop_at != 0 && done >= p->stop_at;
}

/* Progress, cancellation from the callback, and the deadline. */
static void TestRunProgressAndStop(vigil_pack* pack, vigil_graph* graph) {
  vigil_error* err = vigil_error_new();
  vigil_run_options* o = NULL;
  vigil_report* r = NULL;
  Progress p;
  size_t checks;

  OK(vigil_run_options_new(&o, err));
  CHECK(vigil_run_options_set_deadline_ms(o, -1, err) == VIGIL_E_INVALID_ARGUMENT);
  CHECK(vigil_run_options_set_deadline_ms(NULL, 1, err) == VIGIL_E_INVALID_ARGUMENT);
  CHECK(vigil_run_options_set_progress(NULL, OnProgress, NULL, err) == VIGIL_E_INVALID_ARGUMENT);
  CHECK(strcmp(vigil_status_name(VIGIL_E_CANCELLED), "cancelled") == 0);
  CHECK(strcmp(vigil_status_name(VIGIL_E_DEADLINE_EXCEEDED), "deadline-exceeded") == 0);

  /* Every check reported, on several threads, in order. */
  memset(&p, 0, sizeof p);
  OK(vigil_run_options_set_threads(o, 2, err));
  OK(vigil_run_options_set_progress(o, OnProgress, &p, err));
  OK(vigil_run_options_set_deadline_ms(o, 3600000, err)); /* an hour: not reached */
  OK(vigil_pack_run(pack, graph, o, &r, err));
  CHECK(r != NULL);
  CHECK(p.calls > 1 && p.calls == p.last_done && p.last_done == p.last_total);
  checks = p.last_total;
  vigil_report_free(r);
  r = NULL;

  /* A non-zero return stops the run: no report, no check started after. */
  memset(&p, 0, sizeof p);
  p.stop_at = 2;
  OK(vigil_run_options_set_threads(o, 1, err));
  CHECK(vigil_pack_run(pack, graph, o, &r, err) == VIGIL_E_CANCELLED);
  CHECK(r == NULL);
  CHECK(p.calls == 2);
  CHECK(vigil_error_status(err) == VIGIL_E_CANCELLED);
  CHECK(strstr(vigil_error_message(err), "after 2 of") != NULL);

  /* A non-zero return for the last check: the run had finished. */
  memset(&p, 0, sizeof p);
  p.stop_at = checks;
  OK(vigil_pack_run(pack, graph, o, &r, err));
  CHECK(r != NULL && p.calls == checks);
  vigil_report_free(r);
  r = NULL;

  /* The deadline passes while the callback sleeps after the first check
   * (or, on a slow machine, before it starts): no further check starts. */
  memset(&p, 0, sizeof p);
  p.sleep_ms = 20;
  OK(vigil_run_options_set_deadline_ms(o, 1, err));
  CHECK(vigil_pack_run(pack, graph, o, &r, err) == VIGIL_E_DEADLINE_EXCEEDED);
  CHECK(r == NULL);
  CHECK(p.calls <= 1);

  /* A limit past what the clock holds is no limit. */
  memset(&p, 0, sizeof p);
  OK(vigil_run_options_set_deadline_ms(o, INT64_MAX, err));
  OK(vigil_pack_run(pack, graph, o, &r, err));
  CHECK(r != NULL && p.calls == checks);
  vigil_report_free(r);
  r = NULL;

  /* Both unset: a plain run. */
  memset(&p, 0, sizeof p);
  OK(vigil_run_options_set_deadline_ms(o, 0, err));
  OK(vigil_run_options_set_progress(o, NULL, &p, err));
  OK(vigil_pack_run(pack, graph, o, &r, err));
  CHECK(p.calls == 0);
  vigil_report_free(r);

  vigil_run_options_free(o);
  vigil_error_free(err);
}

static void TestPackRunAndReports(void) {
  vigil_error* err = vigil_error_new();
  vigil_pack* pack = NULL;
  vigil_schema* schema = NULL;
  vigil_graph* graph = NULL;
  vigil_run_options* opts = NULL;
  vigil_report *report = NULL, *back = NULL, *merged = NULL;
  vigil_report_summary sum;
  const char *text, *name, *json, *json2;
  size_t len, len2, n;
  int passed, f;
  char small[16];
  size_t needed = 0;
  const char* p;

  p = Path("packs/cis-aws", &n);
  OK(vigil_pack_load(p, n, NULL, &pack, err));
  OK(vigil_pack_name(pack, &name, &len, err));
  CHECK(strcmp(name, "cis-aws") == 0 && len == 7);
  OK(vigil_pack_version(pack, &name, &len, err));
  OK(vigil_pack_num_controls(pack, &n, err));
  CHECK(n >= 1);
  OK(vigil_pack_control_id(pack, 0, &name, &len, err));
  CHECK(strncmp(name, "cis-aws-", 8) == 0);
  CHECK(vigil_pack_control_id(pack, n, &name, &len, err) == VIGIL_E_INVALID_ARGUMENT);
  OK(vigil_pack_schema(pack, &schema, err));
  p = Path("examples/demo-aws.json", &n);
  OK(vigil_graph_load_file(schema, p, n, 0, &graph, err));

  OK(vigil_run_options_new(&opts, err));
  OK(vigil_run_options_set_threads(opts, 2, err));
  CHECK(vigil_run_options_set_threads(opts, -1, err) == VIGIL_E_INVALID_ARGUMENT);
  OK(vigil_run_options_set_now(opts, S("2026-03-01T12:00:00Z"), err));
  CHECK(vigil_run_options_set_now(opts, S("yesterday"), err) == VIGIL_E_INPUT);
  p = Path("examples/exceptions.json", &n);
  OK(vigil_run_options_set_exceptions_file(opts, p, n, err));
  OK(vigil_run_options_set_graph_path(opts, S("demo-aws.json"), err));
  OK(vigil_run_options_set_tool(opts, S("acme-scanner"), S("2.4.1"), err));
  OK(vigil_run_options_set_list_passed(opts, 1, err));
  CHECK(vigil_run_options_set_list_passed(NULL, 1, err) == VIGIL_E_INVALID_ARGUMENT);
  OK(vigil_pack_run(pack, graph, opts, &report, err));

  OK(vigil_report_summary_get(report, &sum, err));
  CHECK(sum.controls == (int32_t)sum.passed + sum.failed + sum.waived + sum.errors);
  CHECK(sum.failed >= 1);
  CHECK(sum.offending_assets >= 1);
  CHECK(sum.assets_evaluated > 10);
  OK(vigil_report_passed(report, &passed, err));
  CHECK(passed == 0);

  for (f = VIGIL_FORMAT_TEXT; f <= VIGIL_FORMAT_HTML; ++f) {
    const char* again;
    OK(vigil_report_render(report, (vigil_format)f, &text, &len, err));
    CHECK(len > 100 && strlen(text) == len);
    OK(vigil_report_render(report, (vigil_format)f, &again, &len2, err));
    CHECK(again == text); /* rendered once, kept */
  }
  CHECK(vigil_report_render(report, (vigil_format)42, &text, &len, err) ==
        VIGIL_E_INVALID_ARGUMENT);
  OK(vigil_report_render(report, VIGIL_FORMAT_JSON, &json, &len, err));
  CHECK(json[0] == '{');
  CHECK(Contains(json, len, "\"graph\": {\"path\": \"demo-aws.json\"}") ||
        Contains(json, len, "demo-aws.json"));
  CHECK(Contains(json, len, "\"acme-scanner\""));  /* vigil_run_options_set_tool */
  CHECK(Contains(json, len, "\"passed\": ["));     /* vigil_run_options_set_list_passed */
  OK(vigil_report_render(report, VIGIL_FORMAT_TEXT, &text, &len, err));
  CHECK(Contains(text, len, "Result: FAIL"));

  /* Into a caller's buffer. */
  CHECK(vigil_report_render_into(report, VIGIL_FORMAT_JSON, small, sizeof small, &needed, err) ==
        VIGIL_E_BUFFER_TOO_SMALL);
  OK(vigil_report_render(report, VIGIL_FORMAT_JSON, &json, &len, err));
  CHECK(needed == len + 1);
  {
    char* buf = (char*)malloc(needed);
    OK(vigil_report_render_into(report, VIGIL_FORMAT_JSON, buf, needed, NULL, err));
    CHECK(strcmp(buf, json) == 0);
    free(buf);
  }

  /* Formats by name. */
  {
    vigil_format fmt;
    OK(vigil_format_parse(S("SARIF"), &fmt, err));
    CHECK(fmt == VIGIL_FORMAT_SARIF);
    CHECK(vigil_format_parse(S("pdf"), &fmt, err) == VIGIL_E_INPUT);
  }

  /* To a file. */
  {
    char tmpl[] = "/tmp/vigil-c-test-XXXXXX";
    FILE* fp;
    long size;
    int fd = mkstemp(tmpl);
    CHECK(fd >= 0);
    OK(vigil_report_write(report, VIGIL_FORMAT_SARIF, tmpl, strlen(tmpl), err));
    fp = fopen(tmpl, "rb");
    CHECK(fp != NULL);
    if (fp != NULL) {
      fseek(fp, 0, SEEK_END);
      size = ftell(fp);
      fclose(fp);
      OK(vigil_report_render(report, VIGIL_FORMAT_SARIF, &text, &len, err));
      CHECK(size == (long)len);
    }
    remove(tmpl);
    CHECK(vigil_report_write(report, VIGIL_FORMAT_JSON, S("/no/such/dir/r.json"), err) != VIGIL_OK);
    /* The library never writes to standard output. */
    CHECK(vigil_report_write(report, VIGIL_FORMAT_JSON, S("-"), err) != VIGIL_OK);
  }

  /* Back from JSON, and merged. */
  OK(vigil_report_render(report, VIGIL_FORMAT_JSON, &json, &len, err));
  OK(vigil_report_from_json(json, len, S("r.json"), &back, err));
  OK(vigil_report_render(back, VIGIL_FORMAT_JSON, &json2, &len2, err));
  CHECK(len == len2 && memcmp(json, json2, len) == 0);
  {
    const vigil_report* both[2];
    vigil_report_summary m;
    both[0] = report;
    both[1] = back;
    OK(vigil_report_merge(both, 2, &merged, err));
    OK(vigil_report_summary_get(merged, &m, err));
    CHECK(m.assets_evaluated == 2 * sum.assets_evaluated);
    CHECK(m.controls == sum.controls);
    CHECK(m.failed == sum.failed);
    {
      vigil_report* none = (vigil_report*)1;
      CHECK(vigil_report_merge(both, 0, &none, err) == VIGIL_E_INPUT);
      CHECK(none == NULL);
    }
  }
  {
    vigil_report* bad = NULL;
    CHECK(vigil_report_from_json(S("{\"controls\": [{\"id\": 1}]}"), S("w.json"), &bad, err) ==
          VIGIL_E_INPUT);
    CHECK(strstr(vigil_error_message(err), "$.controls[0].id") != NULL);
    CHECK(vigil_report_from_json(S("{"), NULL, 0, &bad, err) == VIGIL_E_INPUT);
  }

  /* Bad options are refused before anything runs, with locations. */
  {
    vigil_run_options* o2 = NULL;
    vigil_report* r2 = NULL;
    OK(vigil_run_options_new(&o2, err));
    OK(vigil_run_options_set_exceptions(o2, S("{\"exceptions\": [\n {\"control\": \"nope\"}]}"),
                                        S("ex.json"), err));
    CHECK(vigil_pack_run(pack, graph, o2, &r2, err) == VIGIL_E_INPUT);
    CHECK(strcmp(vigil_error_file(err), "ex.json") == 0);
    CHECK(vigil_error_line(err) == 2);
    vigil_run_options_free(o2);

    OK(vigil_run_options_new(&o2, err));
    OK(vigil_run_options_add_control(o2, S("no-such-control"), err));
    CHECK(vigil_pack_run(pack, graph, o2, &r2, err) == VIGIL_E_INPUT);
    CHECK(strstr(vigil_error_message(err), "no-such-control") != NULL);
    vigil_run_options_free(o2);

    OK(vigil_run_options_new(&o2, err));
    OK(vigil_run_options_set_param(o2, S("cis-aws-3.7"), S("nope"), S("1"), err));
    CHECK(vigil_pack_run(pack, graph, o2, &r2, err) == VIGIL_E_INPUT);
    CHECK(vigil_run_options_set_params(o2, S("{\"c\": 1}"), S("p.json"), err) == VIGIL_E_INPUT);
    CHECK(strcmp(vigil_error_file(err), "p.json") == 0);
    CHECK(vigil_run_options_set_param(o2, S("c"), S("n"), S("{"), err) == VIGIL_E_INPUT);
    vigil_run_options_free(o2);

    OK(vigil_run_options_new(&o2, err));
    OK(vigil_run_options_set_exceptions_file(o2, S("/no/such/exceptions.json"), err));
    CHECK(vigil_pack_run(pack, graph, o2, &r2, err) == VIGIL_E_NOT_FOUND);
    vigil_run_options_free(o2);
    CHECK(r2 == NULL);
  }

  /* Default options: every control, the current time. */
  {
    vigil_report* r3 = NULL;
    OK(vigil_pack_run(pack, graph, NULL, &r3, err));
    vigil_report_free(r3);
  }

  TestRunProgressAndStop(pack, graph);

  /* Reports outlive their pack and graph. */
  vigil_pack_free(pack);
  vigil_graph_free(graph);
  OK(vigil_report_render(report, VIGIL_FORMAT_OCSF, &text, &len, err));

  /* A pack that does not load: located. */
  {
    vigil_pack* bad = NULL;
    p = Path("no/such/pack", &n);
    CHECK(vigil_pack_load(p, n, NULL, &bad, err) != VIGIL_OK);
    CHECK(bad == NULL);
  }

  vigil_report_free(report);
  vigil_report_free(back);
  vigil_report_free(merged);
  vigil_run_options_free(opts);
  vigil_schema_free(schema);
  vigil_error_free(err);
}

static void TestControlTests(void) {
  vigil_error* err = vigil_error_new();
  vigil_pack* pack = NULL;
  vigil_test_run* run = NULL;
  const char *text, *p;
  size_t len, n;
  int passed = -1, failed = -1;
  char expect[64];

  p = Path("packs/cis-aws", &n);
  OK(vigil_pack_load(p, n, NULL, &pack, err));
  OK(vigil_pack_run_tests(pack, NULL, NULL, 0, NULL, 0, 1, &run, err));
  OK(vigil_test_run_counts(run, &passed, &failed, err));
  CHECK(passed > 0);
  CHECK(failed == 0);
  OK(vigil_test_run_render(run, VIGIL_TEST_FORMAT_TEXT, &text, &len, err));
  snprintf(expect, sizeof expect, "%d passed, 0 failed", passed);
  CHECK(Contains(text, len, expect));
  OK(vigil_test_run_render(run, VIGIL_TEST_FORMAT_JUNIT, &text, &len, err));
  CHECK(Contains(text, len, "<testsuite"));
  OK(vigil_test_run_render(run, VIGIL_TEST_FORMAT_JSON, &text, &len, err));
  CHECK(text[0] == '{');
  vigil_test_run_free(run);

  /* A filter that matches nothing; an explicit file; a missing one. */
  OK(vigil_pack_run_tests(pack, NULL, NULL, 0, S("^no such case$"), 1, &run, err));
  OK(vigil_test_run_counts(run, &passed, &failed, err));
  CHECK(passed == 0 && failed == 0);
  vigil_test_run_free(run);
  {
    const char* paths[1];
    size_t lens[1];
    paths[0] = Path("packs/cis-aws/tests/cis-aws-3.7.json", &lens[0]);
    OK(vigil_pack_run_tests(pack, paths, lens, 1, NULL, 0, 1, &run, err));
    vigil_test_run_free(run);
    paths[0] = Path("packs/cis-aws/tests/none.json", &lens[0]);
    CHECK(vigil_pack_run_tests(pack, paths, lens, 1, NULL, 0, 1, &run, err) ==
          VIGIL_E_NOT_FOUND);
    CHECK(run == NULL);
  }
  vigil_pack_free(pack);
  vigil_error_free(err);
}

/* Writes `text` to `path`; 1 on success. */
static int WriteText(const char* path, const char* text) {
  FILE* fp = fopen(path, "wb");
  if (fp == NULL) return 0;
  fputs(text, fp);
  return fclose(fp) == 0;
}

/* A folder of AWS CLI output (examples/aws-cli-demo) imported as `vigil
 * import aws-cli` does: the assets, and the calls that were denied end the
 * checks that read them in `error`. */
static void TestAwsCliFolder(void) {
  vigil_error* err = vigil_error_new();
  vigil_pack* pack = NULL;
  vigil_schema* schema = NULL;
  vigil_graph *graph = NULL, *narrow = NULL, *bad = NULL;
  vigil_run_options* opts = NULL;
  vigil_report* report = NULL;
  vigil_report_summary sum;
  vigil_query* query = NULL;
  vigil_result* result = NULL;
  const char* p;
  const char* json;
  size_t n, assets = 0, narrow_assets = 0, rows = 0;
  const char* regions[1] = {"eu-central-1"};
  size_t region_lens[1] = {12};

  p = Path("packs/cis-aws", &n);
  OK(vigil_pack_load(p, n, NULL, &pack, err));
  OK(vigil_pack_schema(pack, &schema, err));
  p = Path("examples/aws-cli-demo", &n);
  OK(vigil_graph_load_aws_cli(schema, p, n, NULL, NULL, 0, &graph, err));
  OK(vigil_graph_num_assets(graph, &assets, err));
  CHECK(assets > 100);

  /* Both accounts' users. */
  OK(vigil_query_compile(schema, S("iamUsers(where: {}) { id name }"), NULL, 0, &query, err));
  OK(vigil_query_evaluate(query, graph, NULL, 0, 1, &result, err));
  OK(vigil_result_size(result, &rows, err));
  CHECK(rows >= 2);
  OK(vigil_result_json(result, &json, &n, err));
  CHECK(Contains(json, n, "arn:aws:iam::111122223333:user/alice"));
  CHECK(Contains(json, n, "777788889999"));

  /* The seven checks reading denied calls end in error
   * (tests/connect/aws_cli_demo_test.cc); the rest fail or pass. */
  OK(vigil_run_options_new(&opts, err));
  OK(vigil_run_options_set_now(opts, S("2026-01-15T00:00:00Z"), err));
  OK(vigil_run_options_set_threads(opts, 1, err));
  OK(vigil_pack_run(pack, graph, opts, &report, err));
  OK(vigil_report_summary_get(report, &sum, err));
  CHECK(sum.errors == 7);
  CHECK(sum.failed >= 1);

  /* --regions: a narrower scope has fewer assets. */
  p = Path("examples/aws-cli-demo", &n);
  OK(vigil_graph_load_aws_cli(schema, p, n, regions, region_lens, 1, &narrow, err));
  OK(vigil_graph_num_assets(narrow, &narrow_assets, err));
  CHECK(narrow_assets > 0 && narrow_assets < assets);

  /* Misuse and missing folders. */
  CHECK(vigil_graph_load_aws_cli(NULL, p, n, NULL, NULL, 0, &bad, err) ==
        VIGIL_E_INVALID_ARGUMENT);
  CHECK(vigil_graph_load_aws_cli(schema, p, n, NULL, NULL, 1, &bad, err) ==
        VIGIL_E_INVALID_ARGUMENT);
  CHECK(vigil_graph_load_aws_cli(schema, p, n, NULL, NULL, 0, NULL, err) ==
        VIGIL_E_INVALID_ARGUMENT);
  CHECK(vigil_graph_load_aws_cli(schema, S("/no/such/aws-cli-folder"), NULL, NULL, 0, &bad,
                                 err) == VIGIL_E_NOT_FOUND);
  CHECK(bad == NULL);

  /* A file that does not fit its command's output: located, nothing
   * imported. */
  {
    char root[] = "/tmp/vigil-c-aws-cli-XXXXXX";
    char path[4096];
    CHECK(mkdtemp(root) != NULL);
    snprintf(path, sizeof path, "%s/111122223333", root);
    CHECK(mkdir(path, 0700) == 0);
    snprintf(path, sizeof path, "%s/111122223333/eu-west-1", root);
    CHECK(mkdir(path, 0700) == 0);
    snprintf(path, sizeof path, "%s/111122223333/eu-west-1/ec2", root);
    CHECK(mkdir(path, 0700) == 0);
    snprintf(path, sizeof path, "%s/111122223333/eu-west-1/ec2/describe-vpcs.json", root);
    CHECK(WriteText(path, "{\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"IsDefault\": \"yes\"}]}\n"));
    CHECK(vigil_graph_load_aws_cli(schema, root, strlen(root), NULL, NULL, 0, &bad, err) ==
          VIGIL_E_INPUT);
    CHECK(bad == NULL);
    CHECK(strncmp(vigil_error_code(err), "import.", 7) == 0);
    CHECK(strstr(vigil_error_message(err), "describe-vpcs.json") != NULL);
    CHECK(strstr(vigil_error_message(err), "IsDefault") != NULL);
    remove(path);
    snprintf(path, sizeof path, "%s/111122223333/eu-west-1/ec2", root);
    rmdir(path);
    snprintf(path, sizeof path, "%s/111122223333/eu-west-1", root);
    rmdir(path);
    snprintf(path, sizeof path, "%s/111122223333", root);
    rmdir(path);
    rmdir(root);
  }

  vigil_result_free(result);
  vigil_query_free(query);
  vigil_report_free(report);
  vigil_run_options_free(opts);
  vigil_graph_free(narrow);
  vigil_graph_free(graph);
  vigil_schema_free(schema);
  vigil_pack_free(pack);
  vigil_error_free(err);
}

int main(void) {
  TestErrorsAndNames();
  TestSchemaErrorsAreLocated();
  TestGraphAndQuery();
  TestBuilder();
  TestPackRunAndReports();
  TestControlTests();
  TestAwsCliFolder();
  printf("%d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
