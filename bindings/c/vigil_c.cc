// The C ABI of include/vigil/vigil.h over the public C++ API
// (include/vigil/*.h). Every entry point runs inside Guard(), which turns
// any C++ exception into a status: nothing is thrown across the boundary.
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "src/base/file.h"
#include "vigil/connector.h"
#include "vigil/diagnostic.h"
#include "vigil/engine.h"
#include "vigil/graph.h"
#include "vigil/graph_builder.h"
#include "vigil/json_loader.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"
#include "vigil/query.h"
#include "vigil/report.h"
#include "vigil/report_merge.h"
#include "vigil/schema.h"
#include "vigil/test_runner.h"
#include "vigil/value.h"
#include "vigil/version.h"
#include "vigil/vigil.h"
#include "vigil/waivers.h"

// ---- the handles -----------------------------------------------------------

struct vigil_error {
  vigil_status status = VIGIL_OK;
  // When set (an allocation failed while recording the error), the message
  // to show instead of `message`.
  const char* fallback = nullptr;
  std::string message, code, file;
  uint32_t line = 0, column = 0;
  vigil::Diagnostics diagnostics;
};

struct vigil_schema {
  std::shared_ptr<const vigil::Schema> schema;
};

struct vigil_graph {
  std::shared_ptr<const vigil::Graph> graph;
};

struct vigil_graph_builder {
  std::shared_ptr<const vigil::Schema> schema;
  std::unique_ptr<vigil::GraphBuilder> builder;  // null once finished
};

struct vigil_fragment_library {
  std::shared_ptr<const vigil::FragmentLibrary> fragments;
};

struct vigil_query {
  std::shared_ptr<const vigil::Query> query;
};

struct vigil_result {
  std::string json;
  size_t size = 0;
};

struct vigil_pack {
  std::shared_ptr<const vigil::Pack> pack;
};

struct vigil_run_options {
  int threads = 0;
  std::optional<vigil::Instant> now;
  // Exceptions are checked against the pack when it runs.
  bool has_exceptions = false;
  bool exceptions_from_file = false;
  std::string exceptions_text;  // or the path
  std::string exceptions_name;
  vigil::ParameterOverrides overrides;
  std::vector<std::string> only_controls;
  std::string graph_path;
  std::string tool_name, tool_version;
  bool list_passed = false;
  int64_t timeout_ms = 0;  // 0: none
  vigil_progress_fn progress = nullptr;
  void* progress_data = nullptr;
};

struct vigil_report {
  vigil::Report report;
  // Renderings, made once per format and kept until the report is freed.
  mutable std::mutex mu;
  mutable std::unique_ptr<std::string> rendered[6];
};

struct vigil_test_run {
  vigil::TestRunResult result;
  mutable std::mutex mu;
  mutable std::unique_ptr<std::string> rendered[3];
};

namespace {

constexpr char kNoMemory[] = "out of memory";

// Thrown by View for a NULL pointer with a non-zero length; Guard turns it
// into VIGIL_E_INVALID_ARGUMENT.
struct NullString {};

// A string argument: (NULL, 0) is the empty string; (NULL, n > 0) is a
// mistake, not an empty path or text to go on with.
std::string_view View(const char* p, size_t n) {
  if (p == nullptr) {
    if (n != 0) throw NullString{};
    return std::string_view();
  }
  return std::string_view(p, n);
}

vigil_status StatusOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return VIGIL_OK;
    case absl::StatusCode::kNotFound:
      return VIGIL_E_NOT_FOUND;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kResourceExhausted:
      return VIGIL_E_INPUT;
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kAborted:
      return VIGIL_E_IO;
    case absl::StatusCode::kCancelled:
      return VIGIL_E_CANCELLED;
    case absl::StatusCode::kDeadlineExceeded:
      return VIGIL_E_DEADLINE_EXCEEDED;
    default:
      return VIGIL_E_INTERNAL;
  }
}

// Records a failure. Never throws: if recording allocates and fails, the
// error keeps its status with the message "out of memory".
vigil_status Fail(vigil_error* err, vigil_status status,
                  std::string_view message,
                  const vigil::Diagnostics* diags = nullptr) noexcept {
  if (err == nullptr) return status;
  err->status = status;
  try {
    err->message.assign(message.data(), message.size());
    if (diags != nullptr) {
      err->diagnostics = *diags;
      for (const vigil::Diagnostic& d : *diags) {
        if (d.severity != vigil::Severity::kError) continue;
        err->code = d.code;
        err->file = d.file;
        err->line = d.location.line;
        err->column = d.location.column;
        break;
      }
    }
  } catch (...) {
    err->fallback = kNoMemory;
  }
  return status;
}

// absl::Status::message() is an absl::string_view (Debian's abseil does not
// alias it to std::string_view).
std::string_view Msg(const absl::Status& s) {
  return std::string_view(s.message().data(), s.message().size());
}

vigil_status FailStatus(vigil_error* err, const absl::Status& s,
                        const vigil::Diagnostics* diags = nullptr) noexcept {
  return Fail(err, StatusOf(s.code()), Msg(s), diags);
}

vigil_status Misuse(vigil_error* err, const char* what) noexcept {
  return Fail(err, VIGIL_E_INVALID_ARGUMENT, what);
}

void Clear(vigil_error* err) noexcept {
  if (err == nullptr) return;
  err->status = VIGIL_OK;
  err->fallback = nullptr;
  err->message.clear();
  err->code.clear();
  err->file.clear();
  err->line = err->column = 0;
  err->diagnostics.clear();
}

// Runs `f` (which returns a vigil_status) with the error cleared first and
// every exception turned into a status.
template <typename F>
vigil_status Guard(vigil_error* err, F&& f) noexcept {
  Clear(err);
  try {
    return f();
  } catch (const NullString&) {
    return Misuse(err, "a string argument is NULL with a non-zero length");
  } catch (const std::bad_alloc&) {
    if (err != nullptr) {
      err->status = VIGIL_E_NO_MEMORY;
      err->fallback = kNoMemory;
    }
    return VIGIL_E_NO_MEMORY;
  } catch (const std::exception& e) {
    return Fail(err, VIGIL_E_INTERNAL, e.what());
  } catch (...) {
    return Fail(err, VIGIL_E_INTERNAL, "unknown C++ exception");
  }
}

// Allocates a handle; the caller's pointer is set only on success.
template <typename T, typename... Args>
T* NewHandle(Args&&... args) {
  T* h = new T{std::forward<Args>(args)...};
  return h;
}

// Sets *out to NULL, checking it is there.
template <typename T>
bool ResetOut(T** out) {
  if (out == nullptr) return false;
  *out = nullptr;
  return true;
}

vigil_status Borrow(const std::string& s, const char** text, size_t* len,
                    vigil_error* err) {
  if (text == nullptr) return Misuse(err, "the output string pointer is NULL");
  *text = s.c_str();
  if (len != nullptr) *len = s.size();
  return VIGIL_OK;
}

// ---- graph builder values
// ----------------------------------------------------

vigil_status NodeOf(vigil_graph_builder* b, std::string_view id,
                    vigil::NodeId* node, vigil_error* err) {
  std::optional<vigil::NodeId> n = b->builder->FindAsset(id);
  if (!n.has_value()) {
    return Fail(
        err, VIGIL_E_INPUT,
        "no asset \"" + std::string(id) + "\" in the builder (add it first)");
  }
  *node = *n;
  return VIGIL_OK;
}

// Describes the target of a setter in messages: asset "x" property "p".
std::string Target(std::string_view id, std::string_view name) {
  return "asset \"" + std::string(id) + "\", property \"" + std::string(name) +
         "\"";
}

// Sets a list property from a JSON array, by the declared element kind.
template <typename Setter>
absl::Status SetList(vigil::ScalarKind kind, const vigil::Value::Array& a,
                     const std::string& where, Setter&& set) {
  auto bad = [&](size_t i, const char* want) {
    return absl::InvalidArgumentError(where + ": element " + std::to_string(i) +
                                      " is not " + want);
  };
  switch (kind) {
    case vigil::ScalarKind::kBoolean: {
      std::vector<std::optional<bool>> v;
      for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].is_null())
          v.emplace_back();
        else if (a[i].is_bool())
          v.emplace_back(a[i].as_bool());
        else
          return bad(i, "a Boolean");
      }
      return set(v);
    }
    case vigil::ScalarKind::kInt: {
      std::vector<std::optional<int64_t>> v;
      for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].is_null())
          v.emplace_back();
        else if (a[i].is_int())
          v.emplace_back(a[i].as_int());
        else
          return bad(i, "an Int");
      }
      return set(v);
    }
    case vigil::ScalarKind::kFloat: {
      std::vector<std::optional<double>> v;
      for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].is_null())
          v.emplace_back();
        else if (a[i].is_number())
          v.emplace_back(a[i].as_double());
        else
          return bad(i, "a Float");
      }
      return set(v);
    }
    default: {
      std::vector<std::optional<std::string_view>> v;
      for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].is_null())
          v.emplace_back();
        else if (a[i].is_string())
          v.emplace_back(a[i].as_string());
        else
          return bad(i, "a string");
      }
      return set(v);
    }
  }
}

// What a property setter needs to know, for assets and edges alike.
struct PropertySetter {
  std::function<absl::Status()> null;
  std::function<absl::Status(bool)> boolean;
  std::function<absl::Status(int64_t)> integer;
  std::function<absl::Status(double)> floating;
  std::function<absl::Status(std::string_view)> string;
  std::function<absl::Status(std::span<const std::optional<bool>>)> bools;
  std::function<absl::Status(std::span<const std::optional<int64_t>>)> ints;
  std::function<absl::Status(std::span<const std::optional<double>>)> floats;
  std::function<absl::Status(std::span<const std::optional<std::string_view>>)>
      strings;
};

absl::Status SetValue(const vigil::PropertyDef& def, const vigil::Value& v,
                      const std::string& where, const PropertySetter& s) {
  switch (v.kind()) {
    case vigil::Value::Kind::kNull:
      return s.null();
    case vigil::Value::Kind::kBool:
      return s.boolean(v.as_bool());
    case vigil::Value::Kind::kInt:
      return s.integer(v.as_int());
    case vigil::Value::Kind::kDouble:
      return s.floating(v.as_double());
    case vigil::Value::Kind::kString:
      return s.string(v.as_string());
    case vigil::Value::Kind::kArray:
      if (!def.is_list) {
        return absl::InvalidArgumentError(where + ": a list given for " +
                                          def.type_name +
                                          ", which is not a list type");
      }
      return SetList(
          def.kind, v.as_array(), where, [&](const auto& list) -> absl::Status {
            using E = typename std::decay_t<decltype(list)>::value_type;
            if constexpr (std::is_same_v<E, std::optional<bool>>)
              return s.bools(list);
            else if constexpr (std::is_same_v<E, std::optional<int64_t>>)
              return s.ints(list);
            else if constexpr (std::is_same_v<E, std::optional<double>>)
              return s.floats(list);
            else
              return s.strings(list);
          });
    case vigil::Value::Kind::kObject:
      break;
  }
  return absl::InvalidArgumentError(where +
                                    ": an object is not a property value");
}

vigil_status SetAssetValue(vigil_graph_builder* b, std::string_view id,
                           std::string_view name, const vigil::Value& value,
                           vigil_error* err) {
  if (b == nullptr) return Misuse(err, "the graph builder is NULL");
  if (b->builder == nullptr)
    return Misuse(err, "the graph builder is already finished");
  vigil::NodeId node;
  if (vigil_status s = NodeOf(b, id, &node, err); s != VIGIL_OK) return s;
  vigil::GraphBuilder& gb = *b->builder;
  absl::StatusOr<int> prop = gb.ResolveProperty(node, name);
  if (!prop.ok()) return FailStatus(err, prop.status());
  if (*prop < 0)
    return VIGIL_OK;  // dropped (VIGIL_GRAPH_DROP_UNKNOWN_PROPERTIES)
  const vigil::PropertyDef& def =
      b->schema->type(gb.asset_type(node)).properties[*prop];
  int p = *prop;
  PropertySetter s{
      [&] { return gb.SetNull(node, p); },
      [&](bool x) { return gb.SetBool(node, p, x); },
      [&](int64_t x) { return gb.SetInt(node, p, x); },
      [&](double x) { return gb.SetFloat(node, p, x); },
      [&](std::string_view x) { return gb.SetString(node, p, x); },
      [&](std::span<const std::optional<bool>> x) {
        return gb.SetBoolList(node, p, x);
      },
      [&](std::span<const std::optional<int64_t>> x) {
        return gb.SetIntList(node, p, x);
      },
      [&](std::span<const std::optional<double>> x) {
        return gb.SetFloatList(node, p, x);
      },
      [&](std::span<const std::optional<std::string_view>> x) {
        return gb.SetStringList(node, p, x);
      },
  };
  absl::Status st = SetValue(def, value, Target(id, name), s);
  return st.ok() ? VIGIL_OK : FailStatus(err, st);
}

absl::StatusOr<vigil::Value> ParseJsonValue(std::string_view json,
                                            std::string_view what) {
  absl::StatusOr<vigil::Value> v = vigil::Value::ParseJson(json, what);
  if (!v.ok()) return v.status();
  return v;
}

vigil_status RenderCached(const vigil_report* r, vigil_format format,
                          const std::string** out, vigil_error* err) {
  if (r == nullptr) return Misuse(err, "the report is NULL");
  if (static_cast<unsigned>(format) > VIGIL_FORMAT_HTML) {
    return Misuse(err, "unknown report format");
  }
  std::lock_guard<std::mutex> lock(r->mu);
  std::unique_ptr<std::string>& slot = r->rendered[format];
  if (slot == nullptr) {
    slot = std::make_unique<std::string>(vigil::RenderReport(
        r->report, static_cast<vigil::ReportFormat>(format)));
  }
  *out = slot.get();
  return VIGIL_OK;
}

static_assert(static_cast<int>(vigil::ReportFormat::kText) ==
              VIGIL_FORMAT_TEXT);
static_assert(static_cast<int>(vigil::ReportFormat::kJson) ==
              VIGIL_FORMAT_JSON);
static_assert(static_cast<int>(vigil::ReportFormat::kSarif) ==
              VIGIL_FORMAT_SARIF);
static_assert(static_cast<int>(vigil::ReportFormat::kJunit) ==
              VIGIL_FORMAT_JUNIT);
static_assert(static_cast<int>(vigil::ReportFormat::kOcsf) ==
              VIGIL_FORMAT_OCSF);
static_assert(static_cast<int>(vigil::ReportFormat::kHtml) ==
              VIGIL_FORMAT_HTML);
static_assert(static_cast<int>(vigil::TestFormat::kText) ==
              VIGIL_TEST_FORMAT_TEXT);
static_assert(static_cast<int>(vigil::TestFormat::kJson) ==
              VIGIL_TEST_FORMAT_JSON);
static_assert(static_cast<int>(vigil::TestFormat::kJunit) ==
              VIGIL_TEST_FORMAT_JUNIT);

}  // namespace

// ---- status, version, errors
// ---------------------------------------------------

extern "C" {

const char* vigil_status_name(vigil_status status) {
  switch (status) {
    case VIGIL_OK:
      return "ok";
    case VIGIL_E_INVALID_ARGUMENT:
      return "invalid-argument";
    case VIGIL_E_INPUT:
      return "input";
    case VIGIL_E_NOT_FOUND:
      return "not-found";
    case VIGIL_E_IO:
      return "io";
    case VIGIL_E_NO_MEMORY:
      return "no-memory";
    case VIGIL_E_BUFFER_TOO_SMALL:
      return "buffer-too-small";
    case VIGIL_E_INTERNAL:
      return "internal";
    case VIGIL_E_CANCELLED:
      return "cancelled";
    case VIGIL_E_DEADLINE_EXCEEDED:
      return "deadline-exceeded";
    default:
      break;
  }
  return "unknown";
}

const char* vigil_version(void) { return VIGIL_VERSION; }

vigil_error* vigil_error_new(void) {
  try {
    return new (std::nothrow) vigil_error();
  } catch (...) {
    return nullptr;
  }
}

void vigil_error_free(vigil_error* err) { delete err; }

void vigil_error_clear(vigil_error* err) { Clear(err); }

vigil_status vigil_error_status(const vigil_error* err) {
  return err == nullptr ? VIGIL_OK : err->status;
}

const char* vigil_error_message(const vigil_error* err) {
  if (err == nullptr) return "";
  return err->fallback != nullptr ? err->fallback : err->message.c_str();
}

const char* vigil_error_code(const vigil_error* err) {
  return err == nullptr || err->fallback != nullptr ? "" : err->code.c_str();
}

const char* vigil_error_file(const vigil_error* err) {
  return err == nullptr || err->fallback != nullptr ? "" : err->file.c_str();
}

uint32_t vigil_error_line(const vigil_error* err) {
  return err == nullptr || err->fallback != nullptr ? 0 : err->line;
}

uint32_t vigil_error_column(const vigil_error* err) {
  return err == nullptr || err->fallback != nullptr ? 0 : err->column;
}

size_t vigil_error_diagnostic_count(const vigil_error* err) {
  return err == nullptr || err->fallback != nullptr ? 0
                                                    : err->diagnostics.size();
}

vigil_status vigil_error_diagnostic(const vigil_error* err, size_t index,
                                    vigil_diagnostic* out) {
  if (out == nullptr || index >= vigil_error_diagnostic_count(err)) {
    return VIGIL_E_INVALID_ARGUMENT;
  }
  const vigil::Diagnostic& d = err->diagnostics[index];
  out->severity = d.severity == vigil::Severity::kError ? VIGIL_SEVERITY_ERROR
                  : d.severity == vigil::Severity::kWarning
                      ? VIGIL_SEVERITY_WARNING
                      : VIGIL_SEVERITY_NOTE;
  out->code = d.code.c_str();
  out->message = d.message.c_str();
  out->file = d.file.c_str();
  out->line = d.location.line;
  out->column = d.location.column;
  return VIGIL_OK;
}

// ---- schemas
// -----------------------------------------------------------------------

vigil_status vigil_schema_parse(const char* sdl, size_t sdl_len,
                                const char* name, size_t name_len,
                                vigil_schema** out, vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out)) return Misuse(err, "the output schema pointer is NULL");
    vigil::Diagnostics diags;
    auto s = vigil::Schema::FromSdl(View(sdl, sdl_len), View(name, name_len),
                                    &diags);
    if (!s.ok()) return FailStatus(err, s.status(), &diags);
    *out = NewHandle<vigil_schema>(*std::move(s));
    return VIGIL_OK;
  });
}

vigil_status vigil_schema_load_file(const char* path, size_t path_len,
                                    vigil_schema** out, vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out)) return Misuse(err, "the output schema pointer is NULL");
    std::string p(View(path, path_len));
    absl::StatusOr<std::string> text = vigil::ReadTextFile(p);
    if (!text.ok()) return FailStatus(err, text.status());
    vigil::Diagnostics diags;
    auto s = vigil::Schema::FromSdl(*text, p, &diags);
    if (!s.ok()) return FailStatus(err, s.status(), &diags);
    *out = NewHandle<vigil_schema>(*std::move(s));
    return VIGIL_OK;
  });
}

void vigil_schema_free(vigil_schema* schema) { delete schema; }

// ---- graphs
// ------------------------------------------------------------------------

namespace {

vigil_status LoadGraph(const vigil_schema* schema, std::string_view text,
                       std::string_view name, bool is_file, unsigned flags,
                       vigil_graph** out, vigil_error* err) {
  if (!ResetOut(out)) return Misuse(err, "the output graph pointer is NULL");
  if (schema == nullptr) return Misuse(err, "the schema is NULL");
  vigil::Diagnostics diags;
  vigil::LoadOptions lo;
  lo.drop_unknown_properties =
      (flags & VIGIL_GRAPH_DROP_UNKNOWN_PROPERTIES) != 0;
  lo.file_name = std::string(name);
  lo.diagnostics = &diags;
  auto g = is_file
               ? vigil::LoadGraphJsonFile(std::string(text), schema->schema, lo)
               : vigil::LoadGraphJson(text, schema->schema, lo);
  if (!g.ok()) return FailStatus(err, g.status(), &diags);
  *out = NewHandle<vigil_graph>(*std::move(g));
  return VIGIL_OK;
}

}  // namespace

vigil_status vigil_graph_parse(const vigil_schema* schema, const char* json,
                               size_t json_len, const char* name,
                               size_t name_len, unsigned flags,
                               vigil_graph** out, vigil_error* err) {
  return Guard(err, [&] {
    return LoadGraph(schema, View(json, json_len), View(name, name_len), false,
                     flags, out, err);
  });
}

vigil_status vigil_graph_load_file(const vigil_schema* schema, const char* path,
                                   size_t path_len, unsigned flags,
                                   vigil_graph** out, vigil_error* err) {
  return Guard(err, [&] {
    std::string_view p = View(path, path_len);
    return LoadGraph(schema, p, p, true, flags, out, err);
  });
}

vigil_status vigil_graph_load_aws_cli(const vigil_schema* schema,
                                      const char* dir, size_t dir_len,
                                      const char* const* regions,
                                      const size_t* region_lens,
                                      size_t num_regions, vigil_graph** out,
                                      vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out)) return Misuse(err, "the output graph pointer is NULL");
    if (schema == nullptr) return Misuse(err, "the schema is NULL");
    if (num_regions > 0 && (regions == nullptr || region_lens == nullptr)) {
      return Misuse(err,
                    "num_regions > 0 with a NULL regions or region_lens array");
    }
    std::string path(View(dir, dir_len));
    // A folder that is not there is "not found", as for the other loaders
    // (the importer itself calls every unusable path bad input).
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      const int e = errno;
      if (e == ENOENT || e == ENOTDIR) {
        return Fail(err, VIGIL_E_NOT_FOUND,
                    path + ": cannot open folder (no such file or directory)");
      }
      return Fail(err, VIGIL_E_IO,
                  path + ": cannot open folder (" + std::strerror(e) + ")");
    }
    vigil::AwsCliOptions options;
    for (size_t i = 0; i < num_regions; ++i) {
      std::string_view r = View(regions[i], region_lens[i]);
      if (r.empty()) return Misuse(err, "an empty region code");
      options.regions.emplace_back(r);
    }
    std::unique_ptr<vigil::Connector> connector =
        vigil::NewAwsCliConnector(path, std::move(options));
    vigil::Diagnostics diags;
    vigil::ImportOptions io;
    io.diagnostics = &diags;
    auto g = vigil::Import(schema->schema, {connector.get()}, io);
    if (!g.ok()) return FailStatus(err, g.status(), &diags);
    *out = NewHandle<vigil_graph>(*std::move(g));
    return VIGIL_OK;
  });
}

vigil_status vigil_graph_num_assets(const vigil_graph* graph, size_t* out,
                                    vigil_error* err) {
  return Guard(err, [&] {
    if (graph == nullptr || out == nullptr)
      return Misuse(err, "NULL graph or output pointer");
    *out = graph->graph->num_assets();
    return VIGIL_OK;
  });
}

vigil_status vigil_graph_num_edges(const vigil_graph* graph, size_t* out,
                                   vigil_error* err) {
  return Guard(err, [&] {
    if (graph == nullptr || out == nullptr)
      return Misuse(err, "NULL graph or output pointer");
    *out = graph->graph->num_edges();
    return VIGIL_OK;
  });
}

vigil_status vigil_graph_schema(const vigil_graph* graph, vigil_schema** out,
                                vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out)) return Misuse(err, "the output schema pointer is NULL");
    if (graph == nullptr) return Misuse(err, "the graph is NULL");
    *out = NewHandle<vigil_schema>(graph->graph->schema_ptr());
    return VIGIL_OK;
  });
}

void vigil_graph_free(vigil_graph* graph) { delete graph; }

// ---- graph builder
// -------------------------------------------------------------------

vigil_status vigil_graph_builder_new(const vigil_schema* schema, unsigned flags,
                                     vigil_graph_builder** out,
                                     vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out))
      return Misuse(err, "the output builder pointer is NULL");
    if (schema == nullptr) return Misuse(err, "the schema is NULL");
    vigil::GraphBuilderOptions o;
    o.drop_unknown_properties =
        (flags & VIGIL_GRAPH_DROP_UNKNOWN_PROPERTIES) != 0;
    auto b = std::make_unique<vigil_graph_builder>();
    b->schema = schema->schema;
    b->builder = std::make_unique<vigil::GraphBuilder>(schema->schema, o);
    *out = b.release();
    return VIGIL_OK;
  });
}

vigil_status vigil_graph_builder_add_asset(vigil_graph_builder* builder,
                                           const char* id, size_t id_len,
                                           const char* type, size_t type_len,
                                           vigil_error* err) {
  return Guard(err, [&] {
    if (builder == nullptr) return Misuse(err, "the graph builder is NULL");
    if (builder->builder == nullptr)
      return Misuse(err, "the graph builder is already finished");
    auto n = builder->builder->AddAsset(View(id, id_len), View(type, type_len));
    return n.ok() ? VIGIL_OK : FailStatus(err, n.status());
  });
}

vigil_status vigil_graph_builder_set_json(vigil_graph_builder* builder,
                                          const char* id, size_t id_len,
                                          const char* name, size_t name_len,
                                          const char* json, size_t json_len,
                                          vigil_error* err) {
  return Guard(err, [&] {
    std::string_view i = View(id, id_len), n = View(name, name_len);
    auto v = ParseJsonValue(View(json, json_len), Target(i, n));
    if (!v.ok()) return Fail(err, VIGIL_E_INPUT, Msg(v.status()));
    return SetAssetValue(builder, i, n, *v, err);
  });
}

vigil_status vigil_graph_builder_set_string(vigil_graph_builder* builder,
                                            const char* id, size_t id_len,
                                            const char* name, size_t name_len,
                                            const char* value, size_t value_len,
                                            vigil_error* err) {
  return Guard(err, [&] {
    return SetAssetValue(builder, View(id, id_len), View(name, name_len),
                         vigil::Value(View(value, value_len)), err);
  });
}

vigil_status vigil_graph_builder_set_int(vigil_graph_builder* builder,
                                         const char* id, size_t id_len,
                                         const char* name, size_t name_len,
                                         int64_t value, vigil_error* err) {
  return Guard(err, [&] {
    return SetAssetValue(builder, View(id, id_len), View(name, name_len),
                         vigil::Value(value), err);
  });
}

vigil_status vigil_graph_builder_set_float(vigil_graph_builder* builder,
                                           const char* id, size_t id_len,
                                           const char* name, size_t name_len,
                                           double value, vigil_error* err) {
  return Guard(err, [&] {
    return SetAssetValue(builder, View(id, id_len), View(name, name_len),
                         vigil::Value(value), err);
  });
}

vigil_status vigil_graph_builder_set_bool(vigil_graph_builder* builder,
                                          const char* id, size_t id_len,
                                          const char* name, size_t name_len,
                                          int value, vigil_error* err) {
  return Guard(err, [&] {
    return SetAssetValue(builder, View(id, id_len), View(name, name_len),
                         vigil::Value(value != 0), err);
  });
}

vigil_status vigil_graph_builder_add_edge(vigil_graph_builder* builder,
                                          const char* from, size_t from_len,
                                          const char* rel_type,
                                          size_t rel_type_len, const char* to,
                                          size_t to_len, vigil_edge_ref* edge,
                                          vigil_error* err) {
  return Guard(err, [&] {
    if (builder == nullptr) return Misuse(err, "the graph builder is NULL");
    if (builder->builder == nullptr)
      return Misuse(err, "the graph builder is already finished");
    auto e = builder->builder->AddEdge(
        View(from, from_len), View(rel_type, rel_type_len), View(to, to_len));
    if (!e.ok()) return FailStatus(err, e.status());
    if (edge != nullptr) {
      edge->rel_type = e->rel_type;
      edge->index = e->index;
    }
    return VIGIL_OK;
  });
}

vigil_status vigil_graph_builder_set_edge_json(
    vigil_graph_builder* builder, vigil_edge_ref edge, const char* name,
    size_t name_len, const char* json, size_t json_len, vigil_error* err) {
  return Guard(err, [&] {
    if (builder == nullptr) return Misuse(err, "the graph builder is NULL");
    if (builder->builder == nullptr)
      return Misuse(err, "the graph builder is already finished");
    const vigil::Schema& schema = *builder->schema;
    if (edge.rel_type < 0 || static_cast<size_t>(edge.rel_type) >=
                                 schema.relationship_types().size()) {
      return Misuse(err, "the edge reference is not one of this builder");
    }
    std::string_view n = View(name, name_len);
    std::string where =
        "relationship " + schema.relationship_types()[edge.rel_type] + " #" +
        std::to_string(edge.index) + ", property \"" + std::string(n) + "\"";
    auto v = ParseJsonValue(View(json, json_len), where);
    if (!v.ok()) return Fail(err, VIGIL_E_INPUT, Msg(v.status()));
    vigil::GraphBuilder& gb = *builder->builder;
    vigil::EdgeRef ref{edge.rel_type, edge.index};
    absl::StatusOr<int> prop = gb.ResolveEdgeProperty(ref, n);
    if (!prop.ok()) return FailStatus(err, prop.status());
    if (*prop < 0) return VIGIL_OK;
    vigil::TypeId props = schema.RelationshipPropertiesType(edge.rel_type);
    const vigil::PropertyDef& def = schema.type(props).properties[*prop];
    int p = *prop;
    PropertySetter s{
        [&] { return gb.SetEdgeNull(ref, p); },
        [&](bool x) { return gb.SetEdgeBool(ref, p, x); },
        [&](int64_t x) { return gb.SetEdgeInt(ref, p, x); },
        [&](double x) { return gb.SetEdgeFloat(ref, p, x); },
        [&](std::string_view x) { return gb.SetEdgeString(ref, p, x); },
        [&](std::span<const std::optional<bool>> x) {
          return gb.SetEdgeBoolList(ref, p, x);
        },
        [&](std::span<const std::optional<int64_t>> x) {
          return gb.SetEdgeIntList(ref, p, x);
        },
        [&](std::span<const std::optional<double>> x) {
          return gb.SetEdgeFloatList(ref, p, x);
        },
        [&](std::span<const std::optional<std::string_view>> x) {
          return gb.SetEdgeStringList(ref, p, x);
        },
    };
    absl::Status st = SetValue(def, *v, where, s);
    return st.ok() ? VIGIL_OK : FailStatus(err, st);
  });
}

vigil_status vigil_graph_builder_finish(vigil_graph_builder* builder,
                                        vigil_graph** out, vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out)) return Misuse(err, "the output graph pointer is NULL");
    if (builder == nullptr) return Misuse(err, "the graph builder is NULL");
    if (builder->builder == nullptr)
      return Misuse(err, "the graph builder is already finished");
    std::unique_ptr<vigil::GraphBuilder> b = std::move(builder->builder);
    vigil::Diagnostics diags;
    auto g = std::move(*b).Finish(&diags);
    if (!g.ok()) return FailStatus(err, g.status(), &diags);
    *out = NewHandle<vigil_graph>(*std::move(g));
    return VIGIL_OK;
  });
}

void vigil_graph_builder_free(vigil_graph_builder* builder) { delete builder; }

// ---- fragments and queries
// ------------------------------------------------------------

vigil_status vigil_fragment_library_parse(const char* text, size_t text_len,
                                          const char* name, size_t name_len,
                                          vigil_fragment_library** out,
                                          vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out))
      return Misuse(err, "the output fragment library pointer is NULL");
    vigil::Diagnostics diags;
    auto f = vigil::FragmentLibrary::Parse(View(text, text_len),
                                           View(name, name_len), &diags);
    if (!f.ok()) return FailStatus(err, f.status(), &diags);
    *out = NewHandle<vigil_fragment_library>(*std::move(f));
    return VIGIL_OK;
  });
}

vigil_status vigil_fragment_library_load_file(const char* path, size_t path_len,
                                              vigil_fragment_library** out,
                                              vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out))
      return Misuse(err, "the output fragment library pointer is NULL");
    std::string p(View(path, path_len));
    absl::StatusOr<std::string> text = vigil::ReadTextFile(p);
    if (!text.ok()) return FailStatus(err, text.status());
    vigil::Diagnostics diags;
    auto f = vigil::FragmentLibrary::Parse(*text, p, &diags);
    if (!f.ok()) return FailStatus(err, f.status(), &diags);
    *out = NewHandle<vigil_fragment_library>(*std::move(f));
    return VIGIL_OK;
  });
}

void vigil_fragment_library_free(vigil_fragment_library* fragments) {
  delete fragments;
}

vigil_status vigil_query_compile(const vigil_schema* schema, const char* text,
                                 size_t text_len,
                                 const vigil_fragment_library* const* fragments,
                                 size_t num_fragments, vigil_query** out,
                                 vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out)) return Misuse(err, "the output query pointer is NULL");
    if (schema == nullptr) return Misuse(err, "the schema is NULL");
    if (num_fragments > 0 && fragments == nullptr) {
      return Misuse(err, "num_fragments > 0 with a NULL fragments array");
    }
    vigil::CompileOptions o;
    for (size_t i = 0; i < num_fragments; ++i) {
      if (fragments[i] == nullptr)
        return Misuse(err, "a fragment library is NULL");
      o.fragments.push_back(fragments[i]->fragments);
    }
    vigil::Diagnostics diags;
    auto q =
        vigil::Query::Compile(schema->schema, View(text, text_len), o, &diags);
    if (!q.ok()) return FailStatus(err, q.status(), &diags);
    *out = NewHandle<vigil_query>(*std::move(q));
    return VIGIL_OK;
  });
}

vigil_status vigil_query_evaluate(const vigil_query* query,
                                  const vigil_graph* graph,
                                  const char* variables_json,
                                  size_t variables_len, int threads,
                                  vigil_result** out, vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out)) return Misuse(err, "the output result pointer is NULL");
    if (query == nullptr || graph == nullptr)
      return Misuse(err, "NULL query or graph");
    vigil::Value vars;
    std::string_view vj = View(variables_json, variables_len);
    if (!vj.empty()) {
      auto v = vigil::Value::ParseJson(vj, "<variables>");
      if (!v.ok()) return Fail(err, VIGIL_E_INPUT, Msg(v.status()));
      vars = *std::move(v);
    }
    vigil::EvalOptions eo;
    eo.threads = threads;
    auto r = query->query->Evaluate(*graph->graph, vars, eo);
    if (!r.ok()) return FailStatus(err, r.status());
    auto res = std::make_unique<vigil_result>();
    res->json = r->ToJson();
    res->size = r->size();
    *out = res.release();
    return VIGIL_OK;
  });
}

void vigil_query_free(vigil_query* query) { delete query; }

vigil_status vigil_result_json(const vigil_result* result, const char** json,
                               size_t* len, vigil_error* err) {
  return Guard(err, [&] {
    if (result == nullptr) return Misuse(err, "the result is NULL");
    return Borrow(result->json, json, len, err);
  });
}

vigil_status vigil_result_size(const vigil_result* result, size_t* out,
                               vigil_error* err) {
  return Guard(err, [&] {
    if (result == nullptr || out == nullptr)
      return Misuse(err, "NULL result or output pointer");
    *out = result->size;
    return VIGIL_OK;
  });
}

void vigil_result_free(vigil_result* result) { delete result; }

// ---- packs
// --------------------------------------------------------------------------------

vigil_status vigil_pack_load(const char* dir, size_t dir_len,
                             const vigil_schema* schema, vigil_pack** out,
                             vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out)) return Misuse(err, "the output pack pointer is NULL");
    vigil::PackLoadOptions o;
    if (schema != nullptr) o.schema = schema->schema;
    vigil::Diagnostics diags;
    auto p = vigil::LoadPack(std::string(View(dir, dir_len)), o, &diags);
    if (!p.ok()) return FailStatus(err, p.status(), &diags);
    *out = NewHandle<vigil_pack>(*std::move(p));
    return VIGIL_OK;
  });
}

vigil_status vigil_pack_schema(const vigil_pack* pack, vigil_schema** out,
                               vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out)) return Misuse(err, "the output schema pointer is NULL");
    if (pack == nullptr) return Misuse(err, "the pack is NULL");
    *out = NewHandle<vigil_schema>(pack->pack->schema);
    return VIGIL_OK;
  });
}

vigil_status vigil_pack_name(const vigil_pack* pack, const char** name,
                             size_t* len, vigil_error* err) {
  return Guard(err, [&] {
    if (pack == nullptr) return Misuse(err, "the pack is NULL");
    return Borrow(pack->pack->name, name, len, err);
  });
}

vigil_status vigil_pack_version(const vigil_pack* pack, const char** version,
                                size_t* len, vigil_error* err) {
  return Guard(err, [&] {
    if (pack == nullptr) return Misuse(err, "the pack is NULL");
    return Borrow(pack->pack->version, version, len, err);
  });
}

vigil_status vigil_pack_num_controls(const vigil_pack* pack, size_t* out,
                                     vigil_error* err) {
  return Guard(err, [&] {
    if (pack == nullptr || out == nullptr)
      return Misuse(err, "NULL pack or output pointer");
    *out = pack->pack->controls.size();
    return VIGIL_OK;
  });
}

vigil_status vigil_pack_control_id(const vigil_pack* pack, size_t index,
                                   const char** id, size_t* len,
                                   vigil_error* err) {
  return Guard(err, [&] {
    if (pack == nullptr) return Misuse(err, "the pack is NULL");
    if (index >= pack->pack->controls.size())
      return Misuse(err, "control index out of range");
    return Borrow(pack->pack->controls[index].id, id, len, err);
  });
}

void vigil_pack_free(vigil_pack* pack) { delete pack; }

// ---- run options and runs
// ----------------------------------------------------------------------

vigil_status vigil_run_options_new(vigil_run_options** out, vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out))
      return Misuse(err, "the output options pointer is NULL");
    *out = new vigil_run_options();
    return VIGIL_OK;
  });
}

void vigil_run_options_free(vigil_run_options* options) { delete options; }

vigil_status vigil_run_options_set_threads(vigil_run_options* options,
                                           int threads, vigil_error* err) {
  return Guard(err, [&] {
    if (options == nullptr) return Misuse(err, "the run options are NULL");
    if (threads < 0)
      return Misuse(err, "threads must be 0 (one per core) or more");
    options->threads = threads;
    return VIGIL_OK;
  });
}

vigil_status vigil_run_options_set_tool(vigil_run_options* options, const char* name,
                                        size_t name_len, const char* version,
                                        size_t version_len, vigil_error* err) {
  return Guard(err, [&] {
    if (options == nullptr) return Misuse(err, "the run options are NULL");
    options->tool_name = std::string(View(name, name_len));
    options->tool_version = std::string(View(version, version_len));
    return VIGIL_OK;
  });
}

vigil_status vigil_run_options_set_list_passed(vigil_run_options* options, int list_passed,
                                               vigil_error* err) {
  return Guard(err, [&] {
    if (options == nullptr) return Misuse(err, "the run options are NULL");
    options->list_passed = list_passed != 0;
    return VIGIL_OK;
  });
}

vigil_status vigil_run_options_set_deadline_ms(vigil_run_options* options, int64_t timeout_ms,
                                               vigil_error* err) {
  return Guard(err, [&] {
    if (options == nullptr) return Misuse(err, "the run options are NULL");
    if (timeout_ms < 0)
      return Misuse(err, "timeout_ms must be 0 (no deadline) or more");
    options->timeout_ms = timeout_ms;
    return VIGIL_OK;
  });
}

vigil_status vigil_run_options_set_progress(vigil_run_options* options, vigil_progress_fn fn,
                                            void* user_data, vigil_error* err) {
  return Guard(err, [&] {
    if (options == nullptr) return Misuse(err, "the run options are NULL");
    options->progress = fn;
    options->progress_data = fn != nullptr ? user_data : nullptr;
    return VIGIL_OK;
  });
}

vigil_status vigil_run_options_set_now(vigil_run_options* options,
                                       const char* rfc3339, size_t len,
                                       vigil_error* err) {
  return Guard(err, [&] {
    if (options == nullptr) return Misuse(err, "the run options are NULL");
    std::string_view t = View(rfc3339, len);
    if (t.empty()) {
      options->now.reset();
      return VIGIL_OK;
    }
    std::optional<vigil::Instant> now = vigil::ParseInstant(t);
    if (!now.has_value()) {
      return Fail(
          err, VIGIL_E_INPUT,
          "\"" + std::string(t) + "\" is not an RFC 3339 date-time or a date");
    }
    options->now = now;
    return VIGIL_OK;
  });
}

vigil_status vigil_run_options_set_exceptions(vigil_run_options* options,
                                              const char* json, size_t json_len,
                                              const char* name, size_t name_len,
                                              vigil_error* err) {
  return Guard(err, [&] {
    if (options == nullptr) return Misuse(err, "the run options are NULL");
    options->exceptions_text.assign(View(json, json_len));
    options->exceptions_name.assign(View(name, name_len));
    if (options->exceptions_name.empty())
      options->exceptions_name = "<exceptions>";
    options->exceptions_from_file = false;
    options->has_exceptions = true;
    return VIGIL_OK;
  });
}

vigil_status vigil_run_options_set_exceptions_file(vigil_run_options* options,
                                                   const char* path,
                                                   size_t path_len,
                                                   vigil_error* err) {
  return Guard(err, [&] {
    if (options == nullptr) return Misuse(err, "the run options are NULL");
    options->exceptions_text.assign(View(path, path_len));
    options->exceptions_name = options->exceptions_text;
    options->exceptions_from_file = true;
    options->has_exceptions = true;
    return VIGIL_OK;
  });
}

vigil_status vigil_run_options_set_params(vigil_run_options* options,
                                          const char* json, size_t json_len,
                                          const char* name, size_t name_len,
                                          vigil_error* err) {
  return Guard(err, [&] {
    if (options == nullptr) return Misuse(err, "the run options are NULL");
    std::string_view n = View(name, name_len);
    vigil::ParameterOverrides parsed;
    vigil::Diagnostics diags;
    absl::Status s = vigil::ParseParamsFile(
        View(json, json_len), n.empty() ? "<params>" : n, &parsed, &diags);
    if (!s.ok()) return FailStatus(err, s, &diags);
    for (auto& [control, values] : parsed) {
      for (auto& [param, value] : values)
        options->overrides[control][param] = std::move(value);
    }
    return VIGIL_OK;
  });
}

vigil_status vigil_run_options_set_param(vigil_run_options* options,
                                         const char* control,
                                         size_t control_len, const char* name,
                                         size_t name_len, const char* value,
                                         size_t value_len, vigil_error* err) {
  return Guard(err, [&] {
    if (options == nullptr) return Misuse(err, "the run options are NULL");
    std::string c(View(control, control_len)), n(View(name, name_len));
    auto v = vigil::Value::ParseJson(View(value, value_len), c + "." + n);
    if (!v.ok()) return Fail(err, VIGIL_E_INPUT, Msg(v.status()));
    options->overrides[c][n] = *std::move(v);
    return VIGIL_OK;
  });
}

vigil_status vigil_run_options_add_control(vigil_run_options* options,
                                           const char* id, size_t id_len,
                                           vigil_error* err) {
  return Guard(err, [&] {
    if (options == nullptr) return Misuse(err, "the run options are NULL");
    options->only_controls.emplace_back(View(id, id_len));
    return VIGIL_OK;
  });
}

vigil_status vigil_run_options_set_graph_path(vigil_run_options* options,
                                              const char* path, size_t path_len,
                                              vigil_error* err) {
  return Guard(err, [&] {
    if (options == nullptr) return Misuse(err, "the run options are NULL");
    options->graph_path.assign(View(path, path_len));
    return VIGIL_OK;
  });
}

vigil_status vigil_pack_run(const vigil_pack* pack, const vigil_graph* graph,
                            const vigil_run_options* options,
                            vigil_report** out, vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out)) return Misuse(err, "the output report pointer is NULL");
    if (pack == nullptr || graph == nullptr)
      return Misuse(err, "NULL pack or graph");
    static const vigil_run_options kDefaults;
    const vigil_run_options& o = options != nullptr ? *options : kDefaults;
    vigil::RunOptions ro;
    if (o.timeout_ms > 0) {
      // Saturates: a limit past what steady_clock holds is no limit.
      const auto start = std::chrono::steady_clock::now();
      const auto room = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::time_point::max() - start);
      if (std::chrono::milliseconds(o.timeout_ms) < room)
        ro.deadline = start + std::chrono::milliseconds(o.timeout_ms);
    }
    // The callback's non-zero return stops the run through a stop source
    // of this call. RunPack calls it under its own lock, so `stopped_at`
    // is written by one thread at a time and read after the pool joined.
    std::stop_source stop;
    size_t stopped_at = 0, stopped_total = 0;
    if (o.progress != nullptr) {
      ro.stop = stop.get_token();
      ro.progress = [&o, &stop, &stopped_at, &stopped_total](size_t done, size_t total) {
        if (o.progress(o.progress_data, done, total) != 0 && stopped_at == 0) {
          stopped_at = done;
          stopped_total = total;
          stop.request_stop();
        }
      };
    }
    ro.threads = o.threads;
    ro.tool_name = o.tool_name;
    ro.tool_version = o.tool_version;
    ro.list_passed = o.list_passed;
    ro.now = o.now;
    ro.overrides = o.overrides;
    ro.only_controls = o.only_controls;
    ro.graph_path = o.graph_path;
    std::optional<vigil::ExceptionSet> exceptions;
    if (o.has_exceptions) {
      vigil::Diagnostics diags;
      auto set =
          o.exceptions_from_file
              ? vigil::ExceptionSet::LoadFile(o.exceptions_text,
                                              pack->pack.get(), &diags)
              : vigil::ExceptionSet::Parse(o.exceptions_text, o.exceptions_name,
                                           pack->pack.get(), &diags);
      if (!set.ok()) return FailStatus(err, set.status(), &diags);
      exceptions = *std::move(set);
      ro.exceptions = &*exceptions;
    }
    auto r = vigil::RunPack(*pack->pack, *graph->graph, ro);
    if (absl::IsCancelled(r.status()) && stopped_at != 0) {
      return Fail(err, VIGIL_E_CANCELLED,
                  "the run was cancelled: the progress callback returned non-zero after " +
                      std::to_string(stopped_at) + " of " + std::to_string(stopped_total) +
                      " checks");
    }
    if (!r.ok()) return FailStatus(err, r.status());
    auto rep = std::make_unique<vigil_report>();
    rep->report = *std::move(r);
    *out = rep.release();
    return VIGIL_OK;
  });
}

// ---- reports
// ----------------------------------------------------------------------------------------

vigil_status vigil_format_parse(const char* name, size_t name_len,
                                vigil_format* out, vigil_error* err) {
  return Guard(err, [&] {
    if (out == nullptr) return Misuse(err, "the output format pointer is NULL");
    auto f = vigil::ParseReportFormat(View(name, name_len));
    if (!f.ok()) return FailStatus(err, f.status());
    *out = static_cast<vigil_format>(*f);
    return VIGIL_OK;
  });
}

vigil_status vigil_report_summary_get(const vigil_report* report,
                                      vigil_report_summary* out,
                                      vigil_error* err) {
  return Guard(err, [&] {
    if (report == nullptr || out == nullptr)
      return Misuse(err, "NULL report or output pointer");
    const vigil::ReportSummary& s = report->report.summary;
    out->controls = s.controls;
    out->passed = s.passed;
    out->failed = s.failed;
    out->waived = s.waived;
    out->errors = s.errors;
    out->checks = s.checks;
    out->assets_evaluated = s.assets_evaluated;
    out->offending_assets = s.offending_assets;
    return VIGIL_OK;
  });
}

vigil_status vigil_report_passed(const vigil_report* report, int* out,
                                 vigil_error* err) {
  return Guard(err, [&] {
    if (report == nullptr || out == nullptr)
      return Misuse(err, "NULL report or output pointer");
    bool passed = true;
    for (const vigil::ControlReport& c : report->report.controls) {
      passed &= c.status == vigil::Outcome::kPass ||
                c.status == vigil::Outcome::kWaived;
    }
    *out = passed ? 1 : 0;
    return VIGIL_OK;
  });
}

vigil_status vigil_report_render(const vigil_report* report,
                                 vigil_format format, const char** text,
                                 size_t* len, vigil_error* err) {
  return Guard(err, [&] {
    if (text == nullptr)
      return Misuse(err, "the output string pointer is NULL");
    const std::string* s = nullptr;
    if (vigil_status st = RenderCached(report, format, &s, err); st != VIGIL_OK)
      return st;
    return Borrow(*s, text, len, err);
  });
}

vigil_status vigil_report_render_into(const vigil_report* report,
                                      vigil_format format, char* buffer,
                                      size_t capacity, size_t* needed,
                                      vigil_error* err) {
  return Guard(err, [&] {
    const std::string* s = nullptr;
    if (vigil_status st = RenderCached(report, format, &s, err); st != VIGIL_OK)
      return st;
    if (needed != nullptr) *needed = s->size() + 1;
    if (buffer == nullptr || capacity < s->size() + 1) {
      return Fail(err, VIGIL_E_BUFFER_TOO_SMALL,
                  "the buffer holds " + std::to_string(capacity) +
                      " bytes; the report needs " +
                      std::to_string(s->size() + 1));
    }
    std::memcpy(buffer, s->data(), s->size());
    buffer[s->size()] = '\0';
    return VIGIL_OK;
  });
}

vigil_status vigil_report_write(const vigil_report* report, vigil_format format,
                                const char* path, size_t path_len,
                                vigil_error* err) {
  return Guard(err, [&] {
    if (report == nullptr) return Misuse(err, "the report is NULL");
    if (static_cast<unsigned>(format) > VIGIL_FORMAT_HTML) {
      return Misuse(err, "unknown report format");
    }
    absl::Status s = vigil::WriteReportFile(
        report->report, static_cast<vigil::ReportFormat>(format),
        std::string(View(path, path_len)));
    return s.ok() ? VIGIL_OK : FailStatus(err, s);
  });
}

vigil_status vigil_report_from_json(const char* json, size_t json_len,
                                    const char* name, size_t name_len,
                                    vigil_report** out, vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out)) return Misuse(err, "the output report pointer is NULL");
    auto r = vigil::ReportFromJson(View(json, json_len), View(name, name_len));
    if (!r.ok()) return FailStatus(err, r.status());
    auto rep = std::make_unique<vigil_report>();
    rep->report = *std::move(r);
    *out = rep.release();
    return VIGIL_OK;
  });
}

vigil_status vigil_report_merge(const vigil_report* const* reports,
                                size_t num_reports, vigil_report** out,
                                vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out)) return Misuse(err, "the output report pointer is NULL");
    if (num_reports > 0 && reports == nullptr) {
      return Misuse(err, "num_reports > 0 with a NULL reports array");
    }
    std::vector<const vigil::Report*> parts;
    parts.reserve(num_reports);
    for (size_t i = 0; i < num_reports; ++i) {
      if (reports[i] == nullptr)
        return Misuse(err, "a report to merge is NULL");
      parts.push_back(&reports[i]->report);
    }
    auto r = vigil::MergeReportPointers(parts);
    if (!r.ok()) return FailStatus(err, r.status());
    auto rep = std::make_unique<vigil_report>();
    rep->report = *std::move(r);
    *out = rep.release();
    return VIGIL_OK;
  });
}

void vigil_report_free(vigil_report* report) { delete report; }

// ---- unit tests of controls
// ------------------------------------------------------------------------------

vigil_status vigil_pack_run_tests(const vigil_pack* pack,
                                  const char* const* paths,
                                  const size_t* path_lens, size_t num_paths,
                                  const char* filter, size_t filter_len,
                                  int threads, vigil_test_run** out,
                                  vigil_error* err) {
  return Guard(err, [&] {
    if (!ResetOut(out))
      return Misuse(err, "the output test run pointer is NULL");
    if (pack == nullptr) return Misuse(err, "the pack is NULL");
    if (num_paths > 0 && (paths == nullptr || path_lens == nullptr)) {
      return Misuse(err, "num_paths > 0 with a NULL paths or path_lens array");
    }
    std::vector<std::string> roots;
    for (size_t i = 0; i < num_paths; ++i)
      roots.emplace_back(View(paths[i], path_lens[i]));
    if (roots.empty()) {
      std::string dir = pack->pack->dir;
      while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
      roots.push_back(dir + "/tests");
    }
    auto found = vigil::FindTestFiles(roots);
    if (!found.ok()) return FailStatus(err, found.status());
    std::vector<vigil::TestFile> files;
    for (const std::string& path : *found) {
      vigil::Diagnostics diags;
      auto f = vigil::LoadTestFile(path, *pack->pack, &diags);
      if (!f.ok()) return FailStatus(err, f.status(), &diags);
      files.push_back(*std::move(f));
    }
    vigil::TestRunOptions o;
    o.run_filter.assign(View(filter, filter_len));
    o.threads = threads <= 0 ? 1 : threads;
    auto r = vigil::RunTests(*pack->pack, files, o);
    if (!r.ok()) return FailStatus(err, r.status());
    auto run = std::make_unique<vigil_test_run>();
    run->result = *std::move(r);
    *out = run.release();
    return VIGIL_OK;
  });
}

vigil_status vigil_test_run_counts(const vigil_test_run* run, int* passed,
                                   int* failed, vigil_error* err) {
  return Guard(err, [&] {
    if (run == nullptr) return Misuse(err, "the test run is NULL");
    if (passed != nullptr) *passed = run->result.passed;
    if (failed != nullptr) *failed = run->result.failed;
    return VIGIL_OK;
  });
}

vigil_status vigil_test_run_render(const vigil_test_run* run,
                                   vigil_test_format format, const char** text,
                                   size_t* len, vigil_error* err) {
  return Guard(err, [&] {
    if (run == nullptr) return Misuse(err, "the test run is NULL");
    if (static_cast<unsigned>(format) > VIGIL_TEST_FORMAT_JUNIT) {
      return Misuse(err, "unknown test result format");
    }
    std::lock_guard<std::mutex> lock(run->mu);
    std::unique_ptr<std::string>& slot = run->rendered[format];
    if (slot == nullptr) {
      slot = std::make_unique<std::string>(vigil::RenderTestResults(
          run->result, static_cast<vigil::TestFormat>(format)));
    }
    return Borrow(*slot, text, len, err);
  });
}

void vigil_test_run_free(vigil_test_run* run) { delete run; }

}  // extern "C"
