/* vigil/vigil.h — vigil's stable C ABI (libvigil.so.0), for scanners written
 * in C, Go, Python or anything else that can call C.
 *
 *   ```c
 *   vigil_error* err = vigil_error_new();
 *   vigil_pack* pack = NULL;
 *   vigil_schema* schema = NULL;
 *   vigil_graph* graph = NULL;
 *   vigil_report* report = NULL;
 *   const char* text;
 *   size_t len;
 *   if (vigil_pack_load("packs/cis-aws", 13, NULL, &pack, err) != VIGIL_OK ||
 *       vigil_pack_schema(pack, &schema, err) != VIGIL_OK ||
 *       vigil_graph_load_file(schema, "demo.json", 9, 0, &graph, err) != VIGIL_OK ||
 *       vigil_pack_run(pack, graph, NULL, &report, err) != VIGIL_OK ||
 *       vigil_report_render(report, VIGIL_FORMAT_TEXT, &text, &len, err) != VIGIL_OK) {
 *     fprintf(stderr, "%s:%u:%u: %s\n", vigil_error_file(err),
 *             vigil_error_line(err), vigil_error_column(err), vigil_error_message(err));
 *   } else {
 *     fwrite(text, 1, len, stdout);
 *   }
 *   vigil_report_free(report);  // every free function accepts NULL
 *   vigil_graph_free(graph);
 *   vigil_schema_free(schema);
 *   vigil_pack_free(pack);
 *   vigil_error_free(err);
 *   ```
 *
 * The rules, for every function of this header:
 *  - It returns a vigil_status (VIGIL_OK on success). The only exceptions
 *    are the free functions (void), the accessors of the error object, and
 *    vigil_version() / vigil_status_name(), which cannot fail.
 *  - Its last parameter is an optional (NULL allowed) error object that the
 *    caller made with vigil_error_new(). On failure it receives the status,
 *    a message and, when the problem is in a file or text, where (file, line,
 *    column) with a stable diagnostic code such as "schema.unknown-type".
 *    On success it is cleared. There is no global or thread-local "last
 *    error".
 *  - Strings going in are a pointer and a length in bytes (UTF-8; need not
 *    be NUL-terminated; a NULL pointer with length 0 is the empty string,
 *    with a length above 0 VIGIL_E_INVALID_ARGUMENT).
 *  - Strings coming out are either borrowed from a handle (the function says
 *    how long they stay valid; they are NUL-terminated and the length is
 *    given too) or written into a caller's buffer.
 *  - Output handles are set only on success (they are set to NULL first).
 *  - Every *_free function accepts NULL.
 *  - No C++ exception ever leaves the library: running out of memory gives
 *    VIGIL_E_NO_MEMORY, anything unexpected VIGIL_E_INTERNAL.
 *
 * Handles are independent: freeing one never invalidates another (a graph
 * keeps its schema alive, a report does not point into its pack or graph).
 * Schemas, graphs, fragment libraries, packs, queries, results, reports and
 * test runs are immutable and may be used from many threads at once. A graph
 * builder, a run-options object and an error object are used by one thread
 * at a time.
 *
 * This header compiles as C99 and as C++. */
#ifndef VIGIL_VIGIL_H_
#define VIGIL_VIGIL_H_

#include <stddef.h>
#include <stdint.h>

/* Marks the functions libvigil exports (it is built with hidden
 * visibility). */
#if defined(__GNUC__) || defined(__clang__)
#define VIGIL_API __attribute__((visibility("default")))
#else
#define VIGIL_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status and errors ------------------------------------------------- */

typedef enum vigil_status {
  VIGIL_OK = 0,
  /* The call itself is wrong: a NULL handle or output pointer, an unknown
   * enum value, a builder already finished. */
  VIGIL_E_INVALID_ARGUMENT = 1,
  /* The input is wrong: a schema, graph, pack, query, JSON text, exceptions
   * or parameters file that is refused. The error is located when it can
   * be (file, line, column, diagnostic code). */
  VIGIL_E_INPUT = 2,
  /* A file or directory that does not exist. */
  VIGIL_E_NOT_FOUND = 3,
  /* Any other file-system failure (permissions, a read or write error). */
  VIGIL_E_IO = 4,
  /* An allocation failed. */
  VIGIL_E_NO_MEMORY = 5,
  /* vigil_*_into: the caller's buffer is too small (the size needed is
   * returned). */
  VIGIL_E_BUFFER_TOO_SMALL = 6,
  /* A bug in vigil. */
  VIGIL_E_INTERNAL = 7,
  /* vigil_pack_run was stopped by its progress callback
   * (vigil_run_options_set_progress); no report. */
  VIGIL_E_CANCELLED = 8,
  /* vigil_pack_run passed its deadline (vigil_run_options_set_deadline_ms);
   * no report. */
  VIGIL_E_DEADLINE_EXCEEDED = 9,
  /* Not a status: makes every int value a valid vigil_status in C++ too. */
  VIGIL_STATUS_FORCE_INT_ = 0x7fffffff
} vigil_status;

/* "ok", "invalid-argument", "input", "not-found", "io", "no-memory",
 * "buffer-too-small", "internal", "cancelled", "deadline-exceeded" (static
 * strings; "unknown" otherwise). */
VIGIL_API const char* vigil_status_name(vigil_status status);

/* vigil's version, e.g. "0.1.0" (a static string). */
VIGIL_API const char* vigil_version(void);

/* The caller-owned error object. */
typedef struct vigil_error vigil_error;

/* A new, empty error object; NULL only when out of memory. */
VIGIL_API vigil_error* vigil_error_new(void);
VIGIL_API void vigil_error_free(vigil_error* err);
/* Empties it (status VIGIL_OK). */
VIGIL_API void vigil_error_clear(vigil_error* err);

/* The accessors accept NULL (then VIGIL_OK, "" or 0). Strings are borrowed
 * until the error object is passed to another call, cleared or freed, and
 * are never NULL. */
VIGIL_API vigil_status vigil_error_status(const vigil_error* err);
/* The formatted message, e.g. "aws.graphql:3:11: error: unknown type
 * \"Nope\" [schema.unknown-type]" (with the offending source line). */
VIGIL_API const char* vigil_error_message(const vigil_error* err);
/* The first error diagnostic's code ("" when the failure has none). */
VIGIL_API const char* vigil_error_code(const vigil_error* err);
/* Where the first error is: file ("" when unknown), 1-based line and
 * column (0 when unknown; columns count bytes). */
VIGIL_API const char* vigil_error_file(const vigil_error* err);
VIGIL_API uint32_t vigil_error_line(const vigil_error* err);
VIGIL_API uint32_t vigil_error_column(const vigil_error* err);

/* Every diagnostic of the failed call (errors, and warnings a loader gave
 * with them), in the order they were found. */
typedef enum vigil_severity {
  VIGIL_SEVERITY_ERROR = 0,
  VIGIL_SEVERITY_WARNING = 1,
  VIGIL_SEVERITY_NOTE = 2,
  VIGIL_SEVERITY_FORCE_INT_ = 0x7fffffff /* not a severity */
} vigil_severity;

typedef struct vigil_diagnostic {
  vigil_severity severity;
  const char* code;     /* "schema.unknown-type" */
  const char* message;  /* one sentence, unformatted */
  const char* file;     /* "" when unknown */
  uint32_t line;        /* 0 when unknown */
  uint32_t column;      /* 0 when unknown */
} vigil_diagnostic;

VIGIL_API size_t vigil_error_diagnostic_count(const vigil_error* err);
/* Fills *out with diagnostic `index` (strings borrowed like the others).
 * VIGIL_E_INVALID_ARGUMENT when `index` is out of range. */
VIGIL_API vigil_status vigil_error_diagnostic(const vigil_error* err, size_t index,
                                    vigil_diagnostic* out);

/* ---- schemas ------------------------------------------------------------ */

typedef struct vigil_schema vigil_schema;

/* A schema from GraphQL SDL text; `name` (may be empty) is used in
 * diagnostics. */
VIGIL_API vigil_status vigil_schema_parse(const char* sdl, size_t sdl_len,
                                const char* name, size_t name_len,
                                vigil_schema** out, vigil_error* err);
VIGIL_API vigil_status vigil_schema_load_file(const char* path, size_t path_len,
                                    vigil_schema** out, vigil_error* err);
VIGIL_API void vigil_schema_free(vigil_schema* schema);

/* ---- graphs --------------------------------------------------------------- */

typedef struct vigil_graph vigil_graph;

/* Flags of graph loaders and builders. */
enum {
  /* Keep properties the schema does not declare out of the graph instead
   * of refusing it. */
  VIGIL_GRAPH_DROP_UNKNOWN_PROPERTIES = 1u
};

/* A graph from its JSON interchange form (canonical or convenience form). */
VIGIL_API vigil_status vigil_graph_parse(const vigil_schema* schema, const char* json,
                               size_t json_len, const char* name,
                               size_t name_len, unsigned flags,
                               vigil_graph** out, vigil_error* err);
VIGIL_API vigil_status vigil_graph_load_file(const vigil_schema* schema,
                                   const char* path, size_t path_len,
                                   unsigned flags, vigil_graph** out,
                                   vigil_error* err);
/* A graph from a folder of AWS CLI output (docs/aws-cli-folder.md:
 * DIR/<account>/<region>/<service>/<command>[/<parameter>].{json,error}),
 * read as `vigil import aws-cli DIR` reads it: the assets of `schema` (the
 * bundled schemas/aws.graphql, e.g. a pack's schema) and one collection
 * fact per account, region and call, so that checks reading data that was
 * not collected end in `error`. `regions` (`num_regions` region codes, with
 * their lengths in `region_lens`; both may be NULL when 0) narrows the
 * scope as `--regions` does: other region folders are ignored and enabled
 * regions left out are out of scope. A folder that does not exist is
 * VIGIL_E_NOT_FOUND; a folder that breaks the layout or a file that does
 * not fit its command's output is VIGIL_E_INPUT, located (file, and line
 * and column or the JSON path in the message; codes import.layout,
 * import.shape, import.credential-report, ...). Files the importer does not
 * know are ignored (`vigil import` prints them as warnings). */
VIGIL_API vigil_status vigil_graph_load_aws_cli(const vigil_schema* schema,
                                                const char* dir, size_t dir_len,
                                                const char* const* regions,
                                                const size_t* region_lens,
                                                size_t num_regions,
                                                vigil_graph** out,
                                                vigil_error* err);
VIGIL_API vigil_status vigil_graph_num_assets(const vigil_graph* graph, size_t* out,
                                    vigil_error* err);
VIGIL_API vigil_status vigil_graph_num_edges(const vigil_graph* graph, size_t* out,
                                   vigil_error* err);
/* A new handle on the graph's schema (free it). */
VIGIL_API vigil_status vigil_graph_schema(const vigil_graph* graph, vigil_schema** out,
                                vigil_error* err);
VIGIL_API void vigil_graph_free(vigil_graph* graph);

/* ---- building a graph one asset and edge at a time --------------------------
 * For collectors that produce assets themselves. Assets and properties are
 * named by their ids and names; property values are JSON (null, true, 42,
 * 1.5, "text", or a list of those) and are checked against the type the
 * schema declares (a wrong type is VIGIL_E_INPUT naming the asset and the
 * property; the failed call changes nothing). An edge's ends may be added
 * later; dangling or ill-typed edges are refused by finish(). */

typedef struct vigil_graph_builder vigil_graph_builder;

/* An edge added to a builder (to set its properties). */
typedef struct vigil_edge_ref {
  int32_t rel_type;
  uint32_t index;
} vigil_edge_ref;

VIGIL_API vigil_status vigil_graph_builder_new(const vigil_schema* schema,
                                     unsigned flags,
                                     vigil_graph_builder** out,
                                     vigil_error* err);
VIGIL_API vigil_status vigil_graph_builder_add_asset(vigil_graph_builder* builder,
                                           const char* id, size_t id_len,
                                           const char* type, size_t type_len,
                                           vigil_error* err);
/* Sets property `name` of asset `id` to the JSON value `json`. */
VIGIL_API vigil_status vigil_graph_builder_set_json(vigil_graph_builder* builder,
                                          const char* id, size_t id_len,
                                          const char* name, size_t name_len,
                                          const char* json, size_t json_len,
                                          vigil_error* err);
/* Typed shortcuts of set_json for scalars. */
VIGIL_API vigil_status vigil_graph_builder_set_string(vigil_graph_builder* builder,
                                            const char* id, size_t id_len,
                                            const char* name, size_t name_len,
                                            const char* value,
                                            size_t value_len,
                                            vigil_error* err);
VIGIL_API vigil_status vigil_graph_builder_set_int(vigil_graph_builder* builder,
                                         const char* id, size_t id_len,
                                         const char* name, size_t name_len,
                                         int64_t value, vigil_error* err);
VIGIL_API vigil_status vigil_graph_builder_set_float(vigil_graph_builder* builder,
                                           const char* id, size_t id_len,
                                           const char* name, size_t name_len,
                                           double value, vigil_error* err);
VIGIL_API vigil_status vigil_graph_builder_set_bool(vigil_graph_builder* builder,
                                          const char* id, size_t id_len,
                                          const char* name, size_t name_len,
                                          int value, vigil_error* err);
/* Adds `from -[rel_type]-> to`; `edge` (may be NULL) receives a reference
 * for set_edge_json. */
VIGIL_API vigil_status vigil_graph_builder_add_edge(vigil_graph_builder* builder,
                                          const char* from, size_t from_len,
                                          const char* rel_type,
                                          size_t rel_type_len, const char* to,
                                          size_t to_len, vigil_edge_ref* edge,
                                          vigil_error* err);
/* Sets a property of an edge (declared by its @relationshipProperties
 * type) to a JSON value. */
VIGIL_API vigil_status vigil_graph_builder_set_edge_json(vigil_graph_builder* builder,
                                               vigil_edge_ref edge,
                                               const char* name,
                                               size_t name_len,
                                               const char* json,
                                               size_t json_len,
                                               vigil_error* err);
/* Checks and builds the graph. The builder is spent afterwards, whatever
 * the outcome (further calls give VIGIL_E_INVALID_ARGUMENT); it must still
 * be freed. */
VIGIL_API vigil_status vigil_graph_builder_finish(vigil_graph_builder* builder,
                                        vigil_graph** out, vigil_error* err);
VIGIL_API void vigil_graph_builder_free(vigil_graph_builder* builder);

/* ---- fragment libraries and queries ---------------------------------------- */

typedef struct vigil_fragment_library vigil_fragment_library;
typedef struct vigil_query vigil_query;
typedef struct vigil_result vigil_result;

VIGIL_API vigil_status vigil_fragment_library_parse(const char* text, size_t text_len,
                                          const char* name, size_t name_len,
                                          vigil_fragment_library** out,
                                          vigil_error* err);
VIGIL_API vigil_status vigil_fragment_library_load_file(const char* path,
                                              size_t path_len,
                                              vigil_fragment_library** out,
                                              vigil_error* err);
VIGIL_API void vigil_fragment_library_free(vigil_fragment_library* fragments);

/* Compiles a stored check (`vpcs(where: ...) { id }`) or a GraphQL
 * document against `schema`, with `num_fragments` fragment libraries (the
 * array may be NULL when 0). */
VIGIL_API vigil_status vigil_query_compile(const vigil_schema* schema, const char* text,
                                 size_t text_len,
                                 const vigil_fragment_library* const* fragments,
                                 size_t num_fragments, vigil_query** out,
                                 vigil_error* err);
/* Evaluates over `graph` (of the query's schema). `variables_json` is a
 * JSON object, or empty for none. threads: 0 one per core, 1 the calling
 * thread only. */
VIGIL_API vigil_status vigil_query_evaluate(const vigil_query* query,
                                  const vigil_graph* graph,
                                  const char* variables_json,
                                  size_t variables_len, int threads,
                                  vigil_result** out, vigil_error* err);
VIGIL_API void vigil_query_free(vigil_query* query);

/* The result as JSON (an array for the stored form, an object for
 * documents); borrowed until the result is freed. */
VIGIL_API vigil_status vigil_result_json(const vigil_result* result, const char** json,
                               size_t* len, vigil_error* err);
/* Number of root rows (of the first root field for documents). */
VIGIL_API vigil_status vigil_result_size(const vigil_result* result, size_t* out,
                               vigil_error* err);
VIGIL_API void vigil_result_free(vigil_result* result);

/* ---- packs ------------------------------------------------------------------ */

typedef struct vigil_pack vigil_pack;

/* Loads and validates the pack in directory `dir`. `schema` may be NULL
 * (the schema pack.json names is loaded) or replace it. */
VIGIL_API vigil_status vigil_pack_load(const char* dir, size_t dir_len,
                             const vigil_schema* schema, vigil_pack** out,
                             vigil_error* err);
/* A new handle on the pack's schema (free it), e.g. to load graphs. */
VIGIL_API vigil_status vigil_pack_schema(const vigil_pack* pack, vigil_schema** out,
                               vigil_error* err);
/* The pack's name and version, borrowed until the pack is freed. */
VIGIL_API vigil_status vigil_pack_name(const vigil_pack* pack, const char** name,
                             size_t* len, vigil_error* err);
VIGIL_API vigil_status vigil_pack_version(const vigil_pack* pack, const char** version,
                                size_t* len, vigil_error* err);
VIGIL_API vigil_status vigil_pack_num_controls(const vigil_pack* pack, size_t* out,
                                     vigil_error* err);
/* The id of control `index` (pack order), borrowed until the pack is
 * freed. */
VIGIL_API vigil_status vigil_pack_control_id(const vigil_pack* pack, size_t index,
                                   const char** id, size_t* len,
                                   vigil_error* err);
VIGIL_API void vigil_pack_free(vigil_pack* pack);

/* ---- running a pack ------------------------------------------------------------ */

typedef struct vigil_run_options vigil_run_options;

VIGIL_API vigil_status vigil_run_options_new(vigil_run_options** out, vigil_error* err);
VIGIL_API void vigil_run_options_free(vigil_run_options* options);
/* Threads for the checks and each evaluation; 0 (the default): one per
 * core. */
VIGIL_API vigil_status vigil_run_options_set_threads(vigil_run_options* options,
                                           int threads, vigil_error* err);
/* The scanner embedding vigil, named in the report (SARIF tool.driver,
 * OCSF metadata.product, the JSON report's "product"); an empty name (the
 * default): vigil and its version. */
VIGIL_API vigil_status vigil_run_options_set_tool(vigil_run_options* options,
                                                  const char* name, size_t name_len,
                                                  const char* version, size_t version_len,
                                                  vigil_error* err);
/* Non-zero: list per check that looks for offending assets the assets of
 * its type that passed (the JSON report's "passed"; docs/report-format.md). */
VIGIL_API vigil_status vigil_run_options_set_list_passed(vigil_run_options* options,
                                                         int list_passed, vigil_error* err);
/* A time limit for each run made with these options: once `timeout_ms`
 * milliseconds have passed since vigil_pack_run started, no further check
 * starts (a check being evaluated finishes first) and the call fails with
 * VIGIL_E_DEADLINE_EXCEEDED, giving no report (never a partial one); a run
 * whose checks all finished in time gives its report. 0 (the default): no
 * limit. A negative value is VIGIL_E_INVALID_ARGUMENT. */
VIGIL_API vigil_status vigil_run_options_set_deadline_ms(vigil_run_options* options,
                                                         int64_t timeout_ms, vigil_error* err);
/* Progress and cancellation: `fn` is called once per check evaluated, after
 * it, with `user_data`, the number of checks done so far (1, 2, ... total)
 * and the number to evaluate. It is called from the thread that evaluated
 * the check (the thread that called vigil_pack_run or one of the run's own
 * threads, see set_threads), never two calls at once, `done` always
 * increasing. Keep it short; it must not call vigil_pack_run. It returns 0
 * to go on; any other value stops the run: no further check starts and
 * vigil_pack_run fails with VIGIL_E_CANCELLED, giving no report (unless
 * every check had already finished: a non-zero return for the last check
 * still gives the report). A cancel button or a context of the embedding
 * language is checked there. `fn` NULL (the default): no callback.
 * `user_data` is the caller's; vigil never reads or frees it. */
typedef int (*vigil_progress_fn)(void* user_data, size_t done, size_t total);
VIGIL_API vigil_status vigil_run_options_set_progress(vigil_run_options* options,
                                                      vigil_progress_fn fn, void* user_data,
                                                      vigil_error* err);
/* The evaluation time (exception expiry, DateTime parameters), RFC 3339;
 * empty: the current time (the default). */
VIGIL_API vigil_status vigil_run_options_set_now(vigil_run_options* options,
                                       const char* rfc3339, size_t len,
                                       vigil_error* err);
/* Exceptions (waivers), as the text of an exceptions file
 * ({"exceptions": [...]}) named `name` in diagnostics, or as a file to
 * read. Checked against the pack when it runs. Replaces earlier ones. */
VIGIL_API vigil_status vigil_run_options_set_exceptions(vigil_run_options* options,
                                              const char* json,
                                              size_t json_len,
                                              const char* name,
                                              size_t name_len,
                                              vigil_error* err);
VIGIL_API vigil_status vigil_run_options_set_exceptions_file(vigil_run_options* options,
                                                   const char* path,
                                                   size_t path_len,
                                                   vigil_error* err);
/* Parameter overrides as the text of a parameters file
 * ({"control-id": {"name": value}}); adds to earlier ones. */
VIGIL_API vigil_status vigil_run_options_set_params(vigil_run_options* options,
                                          const char* json, size_t json_len,
                                          const char* name, size_t name_len,
                                          vigil_error* err);
/* One override: parameter `name` of control `control` = JSON `value`. */
VIGIL_API vigil_status vigil_run_options_set_param(vigil_run_options* options,
                                         const char* control,
                                         size_t control_len, const char* name,
                                         size_t name_len, const char* value,
                                         size_t value_len, vigil_error* err);
/* Runs only the controls added here (all when none). */
VIGIL_API vigil_status vigil_run_options_add_control(vigil_run_options* options,
                                           const char* id, size_t id_len,
                                           vigil_error* err);
/* The graph path recorded in the report. */
VIGIL_API vigil_status vigil_run_options_set_graph_path(vigil_run_options* options,
                                              const char* path,
                                              size_t path_len,
                                              vigil_error* err);

typedef struct vigil_report vigil_report;

/* Evaluates every check of `pack` over `graph` (options may be NULL).
 * Fails for input refused before anything runs (bad exceptions or
 * parameters, a graph of another schema, an unknown control), and when the
 * run is stopped (VIGIL_E_CANCELLED, VIGIL_E_DEADLINE_EXCEEDED: see
 * vigil_run_options_set_progress and _set_deadline_ms); problems of single
 * checks are `error` outcomes in the report. */
VIGIL_API vigil_status vigil_pack_run(const vigil_pack* pack, const vigil_graph* graph,
                            const vigil_run_options* options,
                            vigil_report** out, vigil_error* err);

/* ---- reports ---------------------------------------------------------------------- */

typedef enum vigil_format {
  VIGIL_FORMAT_TEXT = 0,
  VIGIL_FORMAT_JSON = 1,   /* docs/report-format.md */
  VIGIL_FORMAT_SARIF = 2,  /* SARIF 2.1.0 */
  VIGIL_FORMAT_JUNIT = 3,
  VIGIL_FORMAT_OCSF = 4,   /* OCSF Compliance Finding JSON lines */
  VIGIL_FORMAT_HTML = 5,   /* one self-contained page */
  VIGIL_FORMAT_FORCE_INT_ = 0x7fffffff /* not a format */
} vigil_format;

/* "text", "json", "sarif", "junit", "ocsf", "html" (case-insensitive). */
VIGIL_API vigil_status vigil_format_parse(const char* name, size_t name_len,
                                vigil_format* out, vigil_error* err);

typedef struct vigil_report_summary {
  int32_t controls, passed, failed, waived, errors;
  int32_t checks;
  int64_t assets_evaluated;  /* assets of the graph(s) */
  int64_t offending_assets;  /* distinct offending ids over all checks */
} vigil_report_summary;

VIGIL_API vigil_status vigil_report_summary_get(const vigil_report* report,
                                      vigil_report_summary* out,
                                      vigil_error* err);
/* *out = 1 when no control failed or errored (every control passed or was
 * waived: `vigil run` exits 0), else 0. */
VIGIL_API vigil_status vigil_report_passed(const vigil_report* report, int* out,
                                 vigil_error* err);
/* The report rendered in `format`; borrowed until the report is freed
 * (each format is rendered once and kept). The text format has no colours
 * and lists at most 50 rows per check. */
VIGIL_API vigil_status vigil_report_render(const vigil_report* report,
                                 vigil_format format, const char** text,
                                 size_t* len, vigil_error* err);
/* The same into the caller's buffer: writes the text and a NUL when
 * `capacity` is at least the length + 1; *needed (may be NULL) receives
 * the length + 1 either way; VIGIL_E_BUFFER_TOO_SMALL otherwise. */
VIGIL_API vigil_status vigil_report_render_into(const vigil_report* report,
                                      vigil_format format, char* buffer,
                                      size_t capacity, size_t* needed,
                                      vigil_error* err);
/* Writes the rendered report to `path` atomically (a device or FIFO is
 * written in place). The library never writes to standard output: "-" is
 * refused (an error); render the report and write it there
 * yourself (see the example at the top). */
VIGIL_API vigil_status vigil_report_write(const vigil_report* report,
                                vigil_format format, const char* path,
                                size_t path_len, vigil_error* err);
/* A report read back from its JSON form (VIGIL_FORMAT_JSON), e.g. one that
 * came back from another process or machine. */
VIGIL_API vigil_status vigil_report_from_json(const char* json, size_t json_len,
                                    const char* name, size_t name_len,
                                    vigil_report** out, vigil_error* err);
/* One report from the reports of the same pack over several graphs (one
 * per account): rows concatenated in the order of `reports`, statuses
 * recombined, summary recomputed, exceptions merged by source
 * (docs/bindings.md). VIGIL_E_INPUT for reports of different packs. */
VIGIL_API vigil_status vigil_report_merge(const vigil_report* const* reports,
                                size_t num_reports, vigil_report** out,
                                vigil_error* err);
VIGIL_API void vigil_report_free(vigil_report* report);

/* ---- unit tests of controls (`vigil test`) ------------------------------------------ */

typedef struct vigil_test_run vigil_test_run;

typedef enum vigil_test_format {
  VIGIL_TEST_FORMAT_TEXT = 0,
  VIGIL_TEST_FORMAT_JSON = 1,
  VIGIL_TEST_FORMAT_JUNIT = 2,
  VIGIL_TEST_FORMAT_FORCE_INT_ = 0x7fffffff /* not a format */
} vigil_test_format;

/* Runs the test files found under `paths` (files, or directories searched
 * for *.json; `path_lens` gives each length). With no path, the pack's
 * tests/ directory. `filter` (may be empty) is an RE2 pattern searched in
 * "control/case name". Bad test files are VIGIL_E_INPUT (located); failing
 * cases are not an error: see vigil_test_run_counts. */
VIGIL_API vigil_status vigil_pack_run_tests(const vigil_pack* pack,
                                  const char* const* paths,
                                  const size_t* path_lens, size_t num_paths,
                                  const char* filter, size_t filter_len,
                                  int threads, vigil_test_run** out,
                                  vigil_error* err);
VIGIL_API vigil_status vigil_test_run_counts(const vigil_test_run* run, int* passed,
                                   int* failed, vigil_error* err);
/* Rendered results (the text form ends with "N passed, M failed");
 * borrowed until the run is freed. */
VIGIL_API vigil_status vigil_test_run_render(const vigil_test_run* run,
                                   vigil_test_format format,
                                   const char** text, size_t* len,
                                   vigil_error* err);
VIGIL_API void vigil_test_run_free(vigil_test_run* run);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif  /* VIGIL_VIGIL_H_ */
