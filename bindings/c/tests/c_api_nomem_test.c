/* No C++ exception crosses the C ABI: with an operator new that throws
 * std::bad_alloc on the n-th allocation of at least `min_size` bytes
 * (tests/alloc_hook.cc), every call either succeeds or returns
 * VIGIL_E_NO_MEMORY with the message "out of memory", for every n over a
 * small scenario, over the bundled pack's load, run, rendering and
 * tests, and over the import of the aws-cli demo folder; and the library
 * works normally afterwards.
 *
 * Limits of what this shows: abseil's hash tables are not exception-safe
 * (a rehash that fails to allocate leaves the table inconsistent, and
 * destroying it then frees a bad pointer), so failing *every* allocation
 * would test abseil rather than vigil; nlohmann::json (under
 * vigil::Value::ParseJson) allocates in its noexcept destructor, where a
 * failure terminates. The sweeps fail the allocations of 4 KiB and more,
 * which on these inputs are vigil's own strings and vectors (texts,
 * columns, rows, results, rendered reports). Evaluations use one thread:
 * an exception on a pool thread is outside this test. */
#include <stdio.h>
#include <string.h>

#include "vigil/vigil.h"

void test_fail_nth_allocation(long n);
void test_set_min_allocation_size(size_t n);
int test_allocation_failure_pending(void);
void test_reset_allocation_count(void);
long test_allocation_count(void);

#define S(literal) literal, (sizeof(literal) - 1)

static int g_passed = 0, g_failed = 0;

/* What a scenario must see when it succeeds: an allocation failure that a
 * call absorbs must not change the outcome (0: not known yet). */
static size_t g_small_assets = 0, g_pack_assets = 0;

/* Fails the scenario when a result differs from the first run's. */
#define SAME(actual, expected)                                   \
  do {                                                           \
    if ((expected) == 0) {                                       \
      (expected) = (actual);                                     \
    } else if ((actual) != (expected)) {                         \
      *where = #actual " differs from the run without failures"; \
      result = VIGIL_E_INTERNAL;                                 \
      goto done;                                                 \
    }                                                            \
  } while (0)

/* Runs `call`; returns 1 to go on, 0 to stop the scenario (it failed). */
#define STEP(call)             \
  do {                         \
    vigil_status st_ = (call); \
    if (st_ != VIGIL_OK) {     \
      *where = #call;          \
      result = st_;            \
      goto done;               \
    }                          \
  } while (0)

static const char kSdl[] =
    "interface Asset { id: ID! name: String }\n"
    "type Vpc implements Asset { id: ID! name: String port: Int tags: "
    "[String!]\n"
    "  flowLogs: [FlowLog!]! @relationship(type: \"HAS_FLOW_LOG\", direction: "
    "OUT) }\n"
    "type FlowLog implements Asset { id: ID! name: String status: String }\n";

/* A graph of kVpcs VPCs (every other one with an ACTIVE flow log), and a
 * report with kReportRows offending rows: big enough that vigil's own
 * strings and vectors (texts, columns, rows, results, renderings) pass the
 * 4 KiB mark. Made once, before any failure is injected. (The report has
 * fewer rows: vigil::Value::ParseJson parses with nlohmann::json, whose
 * noexcept destructor allocates a stack of the document's values, so
 * failing that allocation terminates; 20 rows keep it under 4 KiB.) */
enum { kVpcs = 400, kReportRows = 20 };
static char g_graph[kVpcs * 160 + 64];
static size_t g_graph_len;
static char g_report[kReportRows * 80 + 512];
static size_t g_report_len;

static void MakeInputs(void) {
  size_t n = 0;
  int i;
  n += (size_t)sprintf(g_graph + n, "{\"assets\": [");
  for (i = 0; i < kVpcs; ++i) {
    n += (size_t)sprintf(
        g_graph + n,
        "%s{\"id\": \"vpc-%d\", \"type\": \"Vpc\", \"properties\": "
        "{\"port\": %d, \"tags\": [\"t%d\"]}",
        i ? "," : "", i, i, i % 7);
    if (i % 2 == 0) {
      n += (size_t)sprintf(
          g_graph + n,
          ", \"flowLogs\": [{\"id\": \"fl-%d\", \"properties\": "
          "{\"status\": \"ACTIVE\"}}]",
          i);
    }
    n += (size_t)sprintf(g_graph + n, "}");
  }
  n += (size_t)sprintf(g_graph + n, "]}");
  g_graph_len = n;

  n = 0;
  n += (size_t)sprintf(
      g_report + n,
      "{\"pack\": {\"name\": \"p\", \"version\": \"1\"}, \"controls\": "
      "[{\"id\": \"c\", \"status\": \"fail\", \"checks\": [{\"name\": "
      "\"k\", \"expect\": \"eq []\", \"status\": \"fail\", "
      "\"offending\": [");
  for (i = 0; i < kReportRows; ++i) {
    n += (size_t)sprintf(
        g_report + n, "%s{\"id\": \"vpc-%d\", \"row\": {\"id\": \"vpc-%d\"}}",
        i ? "," : "", i, i);
  }
  n += (size_t)sprintf(g_report + n, "]}]}]}");
  g_report_len = n;
}

/* Schemas, graphs (loaded and built), fragments, queries, results, and
 * reports read from JSON, rendered and merged. */
static vigil_status Small(vigil_error* err, const char** where) {
  vigil_status result = VIGIL_OK;
  vigil_schema* schema = NULL;
  vigil_graph *graph = NULL, *built = NULL;
  vigil_graph_builder* b = NULL;
  vigil_fragment_library* frags = NULL;
  vigil_query* query = NULL;
  vigil_result* res = NULL;
  vigil_report *r = NULL, *merged = NULL;
  const vigil_fragment_library* libs[1];
  const vigil_report* both[2];
  const char* text;
  size_t len, n;

  STEP(vigil_schema_parse(S(kSdl), S("s.graphql"), &schema, err));
  STEP(vigil_graph_parse(schema, g_graph, g_graph_len, S("g.json"), 0, &graph,
                         err));
  STEP(vigil_graph_num_assets(graph, &n, err));
  SAME(n, g_small_assets);
  STEP(vigil_fragment_library_parse(S("fragment N on Asset { name }"), NULL, 0,
                                    &frags, err));
  libs[0] = frags;
  STEP(vigil_query_compile(
      schema,
      S("vpcs(where: {flowLogs_NONE: {status: \"ACTIVE\"}}) "
        "{ id ...N }"),
      libs, 1, &query, err));
  STEP(vigil_query_evaluate(query, graph, S("{}"), 1, &res, err));
  STEP(vigil_result_json(res, &text, &len, err));
  STEP(vigil_graph_builder_new(schema, 0, &b, err));
  STEP(vigil_graph_builder_add_asset(b, S("vpc-1"), S("Vpc"), err));
  STEP(vigil_graph_builder_set_json(b, S("vpc-1"), S("tags"),
                                    S("[\"x\", null]"), err) == VIGIL_E_INPUT
           ? VIGIL_OK
       : vigil_error_status(err) == VIGIL_OK ? VIGIL_E_INTERNAL
                                             : vigil_error_status(err));
  STEP(vigil_graph_builder_set_int(b, S("vpc-1"), S("port"), 80, err));
  STEP(vigil_graph_builder_add_edge(b, S("vpc-1"), S("HAS_FLOW_LOG"), S("fl-1"),
                                    NULL, err));
  STEP(vigil_graph_builder_add_asset(b, S("fl-1"), S("FlowLog"), err));
  STEP(vigil_graph_builder_finish(b, &built, err));
  STEP(vigil_report_from_json(g_report, g_report_len, S("r.json"), &r, err));
  both[0] = r;
  both[1] = r;
  STEP(vigil_report_merge(both, 2, &merged, err));
  STEP(vigil_report_render(merged, VIGIL_FORMAT_TEXT, &text, &len, err));
  STEP(vigil_report_render(merged, VIGIL_FORMAT_SARIF, &text, &len, err));
done:
  vigil_report_free(merged);
  vigil_report_free(r);
  vigil_graph_free(built);
  vigil_graph_builder_free(b);
  vigil_result_free(res);
  vigil_query_free(query);
  vigil_fragment_library_free(frags);
  vigil_graph_free(graph);
  vigil_schema_free(schema);
  return result;
}

/* A pack (the seed control alone, with its tests, a 40-VPC graph and an
 * exceptions file): load, run with exceptions, render, its tests. */
static vigil_status Pack(vigil_error* err, const char** where) {
  vigil_status result = VIGIL_OK;
  vigil_pack* pack = NULL;
  vigil_schema* schema = NULL;
  vigil_graph* graph = NULL;
  vigil_run_options* opts = NULL;
  vigil_report* report = NULL;
  vigil_test_run* run = NULL;
  const char* text;
  size_t len, n;
  static const char kPackDir[] = VIGIL_SOURCE_DIR "/bindings/c/tests/data/seed-pack";
  static const char kDemo[] = VIGIL_SOURCE_DIR "/bindings/c/tests/data/seed-pack/graph.json";
  static const char kExceptions[] =
      VIGIL_SOURCE_DIR "/bindings/c/tests/data/seed-pack/exceptions.json";

  STEP(vigil_pack_load(S(kPackDir), NULL, &pack, err));
  STEP(vigil_pack_schema(pack, &schema, err));
  STEP(vigil_graph_load_file(schema, S(kDemo), 0, &graph, err));
  STEP(vigil_graph_num_assets(graph, &n, err));
  SAME(n, g_pack_assets);
  STEP(vigil_run_options_new(&opts, err));
  STEP(vigil_run_options_set_threads(opts, 1, err));
  STEP(vigil_run_options_set_now(opts, S("2026-03-01T00:00:00Z"), err));
  STEP(vigil_run_options_set_exceptions_file(opts, S(kExceptions), err));
  STEP(vigil_pack_run(pack, graph, opts, &report, err));
  STEP(vigil_report_render(report, VIGIL_FORMAT_JSON, &text, &len, err));
  STEP(vigil_report_render(report, VIGIL_FORMAT_HTML, &text, &len, err));
  STEP(vigil_pack_run_tests(pack, NULL, NULL, 0, NULL, 0, 1, &run, err));
  STEP(vigil_test_run_render(run, VIGIL_TEST_FORMAT_TEXT, &text, &len, err));
done:
  vigil_test_run_free(run);
  vigil_report_free(report);
  vigil_run_options_free(opts);
  vigil_graph_free(graph);
  vigil_schema_free(schema);
  vigil_pack_free(pack);
  return result;
}

/* The aws-cli demo folder imported (examples/aws-cli-demo: two accounts,
 * several regions, some calls denied). */
static size_t g_aws_cli_assets = 0;
static vigil_status AwsCli(vigil_error* err, const char** where) {
  vigil_status result = VIGIL_OK;
  vigil_schema* schema = NULL;
  vigil_graph* graph = NULL;
  size_t n;
  static const char kSchema[] = VIGIL_SOURCE_DIR "/schemas/aws.graphql";
  static const char kFolder[] = VIGIL_SOURCE_DIR "/examples/aws-cli-demo";

  STEP(vigil_schema_load_file(S(kSchema), &schema, err));
  STEP(vigil_graph_load_aws_cli(schema, S(kFolder), NULL, NULL, 0, &graph, err));
  STEP(vigil_graph_num_assets(graph, &n, err));
  SAME(n, g_aws_cli_assets);
done:
  vigil_graph_free(graph);
  vigil_schema_free(schema);
  return result;
}

typedef vigil_status (*Scenario)(vigil_error*, const char**);

/* Runs `scenario` once with the n-th allocation failing, for n = first,
 * first + step, ... up to the scenario's allocation count. */
static void Sweep(const char* name, Scenario scenario, long step) {
  vigil_error* err = vigil_error_new();
  const char* where = "";
  long total, n, runs = 0, failures_seen = 0;
  vigil_status s;

  test_reset_allocation_count();
  s = scenario(err, &where);
  total = test_allocation_count();
  if (s != VIGIL_OK) {
    ++g_failed;
    fprintf(stderr, "%s: fails without injected failures at %s: %s\n", name,
            where, vigil_error_message(err));
    vigil_error_free(err);
    return;
  }
  for (n = 1; n <= total; n += step) {
    where = "";
    test_fail_nth_allocation(n);
    s = scenario(err, &where);
    ++runs;
    if (test_allocation_failure_pending()) {
      /* The scenario made fewer allocations this time: nothing failed. */
      test_fail_nth_allocation(0);
      if (s != VIGIL_OK) {
        ++g_failed;
        fprintf(stderr,
                "%s: n=%ld: %s gave %s without an allocation failure: %s\n",
                name, n, where, vigil_status_name(s), vigil_error_message(err));
      }
      continue;
    }
    if (s == VIGIL_OK)
      continue; /* absorbed (a nothrow new with a fallback), same outcome */
    ++failures_seen;
    if (s != VIGIL_E_NO_MEMORY ||
        strcmp(vigil_error_message(err), "out of memory") != 0 ||
        vigil_error_status(err) != VIGIL_E_NO_MEMORY) {
      ++g_failed;
      fprintf(stderr, "%s: n=%ld: %s gave %s (%s), expected no-memory\n", name,
              n, where, vigil_status_name(s), vigil_error_message(err));
    } else {
      ++g_passed;
    }
  }
  test_fail_nth_allocation(0);
  printf("%s: %ld allocations, %ld runs, %ld gave VIGIL_E_NO_MEMORY\n", name,
         total, runs, failures_seen);
  if (failures_seen == 0) {
    ++g_failed;
    fprintf(stderr, "%s: no injected failure reached the library\n", name);
  }
  /* And afterwards everything works again. */
  if (scenario(err, &where) != VIGIL_OK) {
    ++g_failed;
    fprintf(stderr, "%s: fails after the sweep at %s\n", name, where);
  }
  vigil_error_free(err);
}

int main(void) {
  MakeInputs();
  test_set_min_allocation_size(4096);
  Sweep("small", Small, 1);
  Sweep("pack", Pack, 1);
  Sweep("aws-cli", AwsCli, 1);
  printf("%d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
