// vigil._vigil: the Python binding's extension module (pybind11) over the C
// ABI of libvigil (include/vigil/vigil.h). The GIL is released while vigil
// loads, compiles, evaluates, runs, renders and merges, so that Python
// threads run evaluations in parallel. Failures raise vigil.Error (defined
// in vigil/_errors.py) with the status, diagnostic code and location.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vigil/vigil.h"

namespace py = pybind11;

namespace {

// An error object for one call.
class Err {
 public:
  Err() : e_(vigil_error_new()) {
    if (e_ == nullptr) throw std::bad_alloc();
  }
  ~Err() { vigil_error_free(e_); }
  Err(const Err&) = delete;
  Err& operator=(const Err&) = delete;
  vigil_error* get() { return e_; }

  // Raises vigil.Error for a failed call (the GIL must be held).
  [[noreturn]] void Raise(vigil_status status) {
    py::list diags;
    size_t n = vigil_error_diagnostic_count(e_);
    for (size_t i = 0; i < n; ++i) {
      vigil_diagnostic d;
      if (vigil_error_diagnostic(e_, i, &d) != VIGIL_OK) continue;
      py::dict item;
      item["severity"] = d.severity == VIGIL_SEVERITY_ERROR     ? "error"
                         : d.severity == VIGIL_SEVERITY_WARNING ? "warning"
                                                                : "note";
      item["code"] = d.code;
      item["message"] = d.message;
      item["file"] = d.file;
      item["line"] = d.line;
      item["column"] = d.column;
      diags.append(item);
    }
    py::object cls = py::module_::import("vigil._errors")
                         .attr(status == VIGIL_E_DEADLINE_EXCEEDED ? "DeadlineExceeded"
                                                                   : "Error");
    py::object exc = cls(py::str(vigil_error_message(e_)),
                         py::arg("status") = vigil_status_name(status),
                         py::arg("code") = vigil_error_code(e_),
                         py::arg("file") = vigil_error_file(e_),
                         py::arg("line") = vigil_error_line(e_),
                         py::arg("column") = vigil_error_column(e_),
                         py::arg("diagnostics") = diags);
    PyErr_SetObject(cls.ptr(), exc.ptr());
    throw py::error_already_set();
  }

 private:
  vigil_error* e_;
};

// Runs `f(err)` without the GIL; raises vigil.Error when it fails.
template <typename F>
void Call(F&& f) {
  Err err;
  vigil_status st;
  {
    py::gil_scoped_release release;
    st = f(err.get());
  }
  if (st != VIGIL_OK) err.Raise(st);
}

// The same, keeping the GIL (cheap calls).
template <typename F>
void CallHeld(F&& f) {
  Err err;
  vigil_status st = f(err.get());
  if (st != VIGIL_OK) err.Raise(st);
}

// A path (str or os.PathLike) as UTF-8 text.
std::string PathText(const py::object& path) {
  return py::str(py::module_::import("os").attr("fspath")(path))
      .cast<std::string>();
}

std::string JsonDumps(const py::object& value) {
  return py::module_::import("json").attr("dumps")(value).cast<std::string>();
}

py::object JsonLoads(std::string_view text) {
  return py::module_::import("json").attr("loads")(
      py::str(text.data(), text.size()));
}

// Owning wrappers of the C handles.
template <typename T, void (*Free)(T*)>
struct Handle {
  struct Deleter {
    void operator()(T* p) const { Free(p); }
  };
  std::shared_ptr<T> h;
  Handle() = default;
  explicit Handle(T* p) : h(p, Deleter()) {}
  T* get() const {
    if (!h) throw std::runtime_error("the object is closed");
    return h.get();
  }
};

// The progress callable of a run and the exception it raised, if any. The
// trampoline runs on the run's threads, without the GIL: it takes it.
struct ProgressState {
  py::object fn;
  std::unique_ptr<py::error_already_set> error;

  static int Trampoline(void* data, size_t done, size_t total) {
    auto* self = static_cast<ProgressState*>(data);
    py::gil_scoped_acquire gil;
    if (self->error) return 1;
    try {
      self->fn(done, total);
      return 0;
    } catch (py::error_already_set& e) {
      self->error = std::make_unique<py::error_already_set>(std::move(e));
    } catch (const std::exception& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
      self->error = std::make_unique<py::error_already_set>();
    }
    return 1;  // stops the run
  }
};

using SchemaH = Handle<vigil_schema, vigil_schema_free>;
using GraphH = Handle<vigil_graph, vigil_graph_free>;
using FragmentsH = Handle<vigil_fragment_library, vigil_fragment_library_free>;
using QueryH = Handle<vigil_query, vigil_query_free>;
using PackH = Handle<vigil_pack, vigil_pack_free>;
using ReportH = Handle<vigil_report, vigil_report_free>;
using TestRunH = Handle<vigil_test_run, vigil_test_run_free>;

struct Schema {
  SchemaH h;

  static Schema Load(const py::object& path) {
    std::string p = PathText(path);
    vigil_schema* out = nullptr;
    Call([&](vigil_error* e) {
      return vigil_schema_load_file(p.data(), p.size(), &out, e);
    });
    return Schema{SchemaH(out)};
  }
  static Schema Parse(const std::string& sdl, const std::string& name) {
    vigil_schema* out = nullptr;
    Call([&](vigil_error* e) {
      return vigil_schema_parse(sdl.data(), sdl.size(), name.data(),
                                name.size(), &out, e);
    });
    return Schema{SchemaH(out)};
  }
};

unsigned GraphFlags(bool drop_unknown) {
  return drop_unknown ? VIGIL_GRAPH_DROP_UNKNOWN_PROPERTIES : 0u;
}

struct Graph {
  GraphH h;

  static Graph Load(const py::object& path, const Schema& schema,
                    bool drop_unknown) {
    std::string p = PathText(path);
    vigil_graph* out = nullptr;
    vigil_schema* s = schema.h.get();
    Call([&](vigil_error* e) {
      return vigil_graph_load_file(s, p.data(), p.size(),
                                   GraphFlags(drop_unknown), &out, e);
    });
    return Graph{GraphH(out)};
  }
  static Graph FromAwsCli(const py::object& path, const Schema& schema,
                          const py::object& regions) {
    std::string p = PathText(path);
    std::vector<std::string> codes;
    if (!regions.is_none()) {
      if (py::isinstance<py::str>(regions)) {
        throw py::type_error("regions: a list of region codes, not a string");
      }
      for (const py::handle& r : regions) codes.push_back(r.cast<std::string>());
    }
    std::vector<const char*> ptrs;
    std::vector<size_t> lens;
    for (const std::string& c : codes) {
      ptrs.push_back(c.data());
      lens.push_back(c.size());
    }
    vigil_graph* out = nullptr;
    vigil_schema* s = schema.h.get();
    Call([&](vigil_error* e) {
      return vigil_graph_load_aws_cli(s, p.data(), p.size(), ptrs.data(),
                                      lens.data(), codes.size(), &out, e);
    });
    return Graph{GraphH(out)};
  }
  static Graph Parse(const py::object& json, const Schema& schema,
                     const std::string& name, bool drop_unknown) {
    std::string text =
        py::isinstance<py::bytes>(json) ? json.cast<std::string>()
        : py::isinstance<py::str>(json) ? json.cast<std::string>()
                                        : JsonDumps(json);
    vigil_graph* out = nullptr;
    vigil_schema* s = schema.h.get();
    Call([&](vigil_error* e) {
      return vigil_graph_parse(s, text.data(), text.size(), name.data(),
                               name.size(), GraphFlags(drop_unknown), &out, e);
    });
    return Graph{GraphH(out)};
  }
  size_t NumAssets() const {
    size_t n = 0;
    CallHeld(
        [&](vigil_error* e) { return vigil_graph_num_assets(h.get(), &n, e); });
    return n;
  }
  size_t NumEdges() const {
    size_t n = 0;
    CallHeld(
        [&](vigil_error* e) { return vigil_graph_num_edges(h.get(), &n, e); });
    return n;
  }
  Schema GetSchema() const {
    vigil_schema* out = nullptr;
    CallHeld(
        [&](vigil_error* e) { return vigil_graph_schema(h.get(), &out, e); });
    return Schema{SchemaH(out)};
  }
};

struct Edge {
  vigil_edge_ref ref;
};

struct GraphBuilder {
  Handle<vigil_graph_builder, vigil_graph_builder_free> h;

  GraphBuilder(const Schema& schema, bool drop_unknown) {
    vigil_graph_builder* out = nullptr;
    CallHeld([&](vigil_error* e) {
      return vigil_graph_builder_new(schema.h.get(), GraphFlags(drop_unknown),
                                     &out, e);
    });
    h = decltype(h)(out);
  }
  void AddAsset(const std::string& id, const std::string& type) {
    CallHeld([&](vigil_error* e) {
      return vigil_graph_builder_add_asset(h.get(), id.data(), id.size(),
                                           type.data(), type.size(), e);
    });
  }
  void Set(const std::string& id, const std::string& name,
           const py::object& value) {
    std::string json = JsonDumps(value);
    CallHeld([&](vigil_error* e) {
      return vigil_graph_builder_set_json(h.get(), id.data(), id.size(),
                                          name.data(), name.size(), json.data(),
                                          json.size(), e);
    });
  }
  Edge AddEdge(const std::string& from, const std::string& rel,
               const std::string& to) {
    Edge edge{};
    CallHeld([&](vigil_error* e) {
      return vigil_graph_builder_add_edge(h.get(), from.data(), from.size(),
                                          rel.data(), rel.size(), to.data(),
                                          to.size(), &edge.ref, e);
    });
    return edge;
  }
  void SetEdge(const Edge& edge, const std::string& name,
               const py::object& value) {
    std::string json = JsonDumps(value);
    CallHeld([&](vigil_error* e) {
      return vigil_graph_builder_set_edge_json(h.get(), edge.ref, name.data(),
                                               name.size(), json.data(),
                                               json.size(), e);
    });
  }
  Graph Finish() {
    vigil_graph* out = nullptr;
    vigil_graph_builder* b = h.get();
    Call(
        [&](vigil_error* e) { return vigil_graph_builder_finish(b, &out, e); });
    return Graph{GraphH(out)};
  }
};

struct Fragments {
  FragmentsH h;
  static Fragments Parse(const std::string& text, const std::string& name) {
    vigil_fragment_library* out = nullptr;
    Call([&](vigil_error* e) {
      return vigil_fragment_library_parse(text.data(), text.size(), name.data(),
                                          name.size(), &out, e);
    });
    return Fragments{FragmentsH(out)};
  }
  static Fragments Load(const py::object& path) {
    std::string p = PathText(path);
    vigil_fragment_library* out = nullptr;
    Call([&](vigil_error* e) {
      return vigil_fragment_library_load_file(p.data(), p.size(), &out, e);
    });
    return Fragments{FragmentsH(out)};
  }
};

struct Query {
  QueryH h;
  static Query Compile(const Schema& schema, const std::string& text,
                       const std::vector<Fragments>& fragments) {
    std::vector<const vigil_fragment_library*> libs;
    for (const Fragments& f : fragments) libs.push_back(f.h.get());
    vigil_query* out = nullptr;
    vigil_schema* s = schema.h.get();
    Call([&](vigil_error* e) {
      return vigil_query_compile(s, text.data(), text.size(), libs.data(),
                                 libs.size(), &out, e);
    });
    return Query{QueryH(out)};
  }
  std::string EvaluateJson(const Graph& graph, const py::object& variables,
                           int threads) const {
    std::string vars =
        variables.is_none() ? std::string() : JsonDumps(variables);
    vigil_result* r = nullptr;
    vigil_query* q = h.get();
    vigil_graph* g = graph.h.get();
    Call([&](vigil_error* e) {
      return vigil_query_evaluate(q, g, vars.data(), vars.size(), threads, &r,
                                  e);
    });
    std::unique_ptr<vigil_result, void (*)(vigil_result*)> owned(
        r, vigil_result_free);
    const char* json = nullptr;
    size_t len = 0;
    CallHeld(
        [&](vigil_error* e) { return vigil_result_json(r, &json, &len, e); });
    return std::string(json, len);
  }
  py::object Evaluate(const Graph& graph, const py::object& variables,
                      int threads) const {
    return JsonLoads(EvaluateJson(graph, variables, threads));
  }
};

vigil_format FormatOf(const std::string& name) {
  vigil_format f = VIGIL_FORMAT_JSON;
  CallHeld([&](vigil_error* e) {
    return vigil_format_parse(name.data(), name.size(), &f, e);
  });
  return f;
}

struct Report {
  ReportH h;

  std::string Render(const std::string& format) const {
    vigil_format f = FormatOf(format);
    const char* text = nullptr;
    size_t len = 0;
    vigil_report* r = h.get();
    Call([&](vigil_error* e) {
      return vigil_report_render(r, f, &text, &len, e);
    });
    return std::string(text, len);
  }
  void Write(const py::object& path, const std::string& format) const {
    vigil_format f = FormatOf(format);
    std::string p = PathText(path);
    vigil_report* r = h.get();
    Call([&](vigil_error* e) {
      return vigil_report_write(r, f, p.data(), p.size(), e);
    });
  }
  bool Passed() const {
    int ok = 0;
    CallHeld(
        [&](vigil_error* e) { return vigil_report_passed(h.get(), &ok, e); });
    return ok != 0;
  }
  py::dict Summary() const {
    vigil_report_summary s;
    CallHeld([&](vigil_error* e) {
      return vigil_report_summary_get(h.get(), &s, e);
    });
    py::dict d;
    d["controls"] = s.controls;
    d["passed"] = s.passed;
    d["failed"] = s.failed;
    d["waived"] = s.waived;
    d["errors"] = s.errors;
    d["checks"] = s.checks;
    d["assets_evaluated"] = s.assets_evaluated;
    d["offending_assets"] = s.offending_assets;
    return d;
  }
  py::object Controls() const { return JsonLoads(Render("json"))["controls"]; }

  static Report FromJson(const py::object& json, const std::string& name) {
    std::string text = json.cast<std::string>();  // str or bytes
    vigil_report* out = nullptr;
    Call([&](vigil_error* e) {
      return vigil_report_from_json(text.data(), text.size(), name.data(),
                                    name.size(), &out, e);
    });
    return Report{ReportH(out)};
  }
};

Report Merge(const std::vector<Report>& reports) {
  std::vector<const vigil_report*> hs;
  for (const Report& r : reports) hs.push_back(r.h.get());
  vigil_report* out = nullptr;
  Call([&](vigil_error* e) {
    return vigil_report_merge(hs.data(), hs.size(), &out, e);
  });
  return Report{ReportH(out)};
}

struct TestRun {
  TestRunH h;
  int passed = 0, failed = 0;
  std::string Render(const std::string& format) const {
    vigil_test_format f = format == "json"    ? VIGIL_TEST_FORMAT_JSON
                          : format == "junit" ? VIGIL_TEST_FORMAT_JUNIT
                          : format == "text"
                              ? VIGIL_TEST_FORMAT_TEXT
                              : VIGIL_TEST_FORMAT_FORCE_INT_;
    const char* text = nullptr;
    size_t len = 0;
    CallHeld([&](vigil_error* e) {
      return vigil_test_run_render(h.get(), f, &text, &len, e);
    });
    return std::string(text, len);
  }
};

struct Pack {
  PackH h;

  static Pack Load(const py::object& dir, const py::object& schema) {
    std::string d = PathText(dir);
    vigil_schema* s =
        schema.is_none() ? nullptr : schema.cast<const Schema&>().h.get();
    vigil_pack* out = nullptr;
    Call([&](vigil_error* e) {
      return vigil_pack_load(d.data(), d.size(), s, &out, e);
    });
    return Pack{PackH(out)};
  }
  std::string Borrowed(vigil_status (*f)(const vigil_pack*, const char**,
                                         size_t*, vigil_error*)) const {
    const char* text = nullptr;
    size_t len = 0;
    CallHeld([&](vigil_error* e) { return f(h.get(), &text, &len, e); });
    return std::string(text, len);
  }
  std::vector<std::string> Controls() const {
    size_t n = 0;
    CallHeld([&](vigil_error* e) {
      return vigil_pack_num_controls(h.get(), &n, e);
    });
    std::vector<std::string> ids;
    for (size_t i = 0; i < n; ++i) {
      const char* id = nullptr;
      size_t len = 0;
      CallHeld([&](vigil_error* e) {
        return vigil_pack_control_id(h.get(), i, &id, &len, e);
      });
      ids.emplace_back(id, len);
    }
    return ids;
  }
  Schema GetSchema() const {
    vigil_schema* out = nullptr;
    CallHeld(
        [&](vigil_error* e) { return vigil_pack_schema(h.get(), &out, e); });
    return Schema{SchemaH(out)};
  }

  // exceptions: None, a path (str / os.PathLike), JSON text as bytes, or
  // the parsed document (a dict, or a list of exception objects).
  Report Run(const Graph& graph, const py::object& exceptions,
             const py::object& params, int threads, const py::object& now,
             const py::object& controls, const py::object& graph_path,
             const py::object& tool_name, const py::object& tool_version,
             bool list_passed, const py::object& timeout,
             const py::object& progress) const {
    std::unique_ptr<vigil_run_options, void (*)(vigil_run_options*)> opts(
        nullptr, vigil_run_options_free);
    {
      vigil_run_options* o = nullptr;
      CallHeld([&](vigil_error* e) { return vigil_run_options_new(&o, e); });
      opts.reset(o);
    }
    vigil_run_options* o = opts.get();
    CallHeld([&](vigil_error* e) {
      return vigil_run_options_set_threads(o, threads, e);
    });
    if (!now.is_none()) {
      std::string t = py::str(now).cast<std::string>();
      if (py::hasattr(now, "isoformat"))
        t = now.attr("isoformat")().cast<std::string>();
      CallHeld([&](vigil_error* e) {
        return vigil_run_options_set_now(o, t.data(), t.size(), e);
      });
    }
    if (!exceptions.is_none()) {
      if (py::isinstance<py::str>(exceptions) ||
          py::hasattr(exceptions, "__fspath__")) {
        std::string p = PathText(exceptions);
        CallHeld([&](vigil_error* e) {
          return vigil_run_options_set_exceptions_file(o, p.data(), p.size(),
                                                       e);
        });
      } else {
        std::string text;
        if (py::isinstance<py::bytes>(exceptions)) {
          text = exceptions.cast<std::string>();
        } else if (py::isinstance<py::list>(exceptions) ||
                   py::isinstance<py::tuple>(exceptions)) {
          py::dict doc;
          doc["exceptions"] = exceptions;
          text = JsonDumps(doc);
        } else {
          text = JsonDumps(exceptions);
        }
        static const char kName[] = "<exceptions>";
        CallHeld([&](vigil_error* e) {
          return vigil_run_options_set_exceptions(o, text.data(), text.size(),
                                                  kName, sizeof kName - 1, e);
        });
      }
    }
    if (!params.is_none()) {
      std::string text = JsonDumps(params);
      static const char kName[] = "<params>";
      CallHeld([&](vigil_error* e) {
        return vigil_run_options_set_params(o, text.data(), text.size(), kName,
                                            sizeof kName - 1, e);
      });
    }
    if (!controls.is_none()) {
      for (const py::handle& c : controls) {
        std::string id = py::str(c).cast<std::string>();
        CallHeld([&](vigil_error* e) {
          return vigil_run_options_add_control(o, id.data(), id.size(), e);
        });
      }
    }
    if (!graph_path.is_none()) {
      std::string p = PathText(graph_path);
      CallHeld([&](vigil_error* e) {
        return vigil_run_options_set_graph_path(o, p.data(), p.size(), e);
      });
    }
    if (!tool_name.is_none() || !tool_version.is_none()) {
      std::string n = tool_name.is_none() ? "" : py::str(tool_name).cast<std::string>();
      std::string v =
          tool_version.is_none() ? "" : py::str(tool_version).cast<std::string>();
      CallHeld([&](vigil_error* e) {
        return vigil_run_options_set_tool(o, n.data(), n.size(), v.data(), v.size(), e);
      });
    }
    if (list_passed) {
      CallHeld([&](vigil_error* e) {
        return vigil_run_options_set_list_passed(o, 1, e);
      });
    }
    if (!timeout.is_none()) {
      double seconds = timeout.cast<double>();
      if (!(seconds > 0) || seconds > 9.2e15)
        throw py::value_error("timeout must be a positive number of seconds");
      // Rounded up to a whole millisecond (at least 1).
      auto ms = static_cast<int64_t>(std::ceil(seconds * 1000.0));
      if (ms < 1) ms = 1;
      CallHeld([&](vigil_error* e) {
        return vigil_run_options_set_deadline_ms(o, ms, e);
      });
    }
    ProgressState state;
    if (!progress.is_none()) {
      if (!PyCallable_Check(progress.ptr()))
        throw py::type_error("progress must be callable, as progress(done, total)");
      state.fn = progress;
      CallHeld([&](vigil_error* e) {
        return vigil_run_options_set_progress(o, &ProgressState::Trampoline, &state, e);
      });
    }
    vigil_report* out = nullptr;
    vigil_pack* pk = h.get();
    vigil_graph* g = graph.h.get();
    Err err;
    vigil_status st;
    {
      py::gil_scoped_release release;
      st = vigil_pack_run(pk, g, o, &out, err.get());
    }
    if (state.error) {
      // The callback raised: that exception, whatever the run gave (it
      // may have finished: the error is still the caller's to see).
      vigil_report_free(out);
      state.error->restore();
      state.error.reset();
      throw py::error_already_set();
    }
    if (st != VIGIL_OK) err.Raise(st);
    return Report{ReportH(out)};
  }

  TestRun RunTests(const py::object& paths, const std::string& filter,
                   int threads) const {
    std::vector<std::string> ps;
    if (!paths.is_none()) {
      if (py::isinstance<py::str>(paths) || py::hasattr(paths, "__fspath__")) {
        ps.push_back(PathText(paths));
      } else {
        for (const py::handle& p : paths)
          ps.push_back(PathText(py::reinterpret_borrow<py::object>(p)));
      }
    }
    std::vector<const char*> ptrs;
    std::vector<size_t> lens;
    for (const std::string& p : ps) {
      ptrs.push_back(p.data());
      lens.push_back(p.size());
    }
    vigil_test_run* out = nullptr;
    vigil_pack* pk = h.get();
    Call([&](vigil_error* e) {
      return vigil_pack_run_tests(pk, ptrs.data(), lens.data(), ps.size(),
                                  filter.data(), filter.size(), threads, &out,
                                  e);
    });
    TestRun run{TestRunH(out)};
    CallHeld([&](vigil_error* e) {
      return vigil_test_run_counts(out, &run.passed, &run.failed, e);
    });
    return run;
  }
};

}  // namespace

PYBIND11_MODULE(_vigil, m) {
  m.doc() =
      "vigil's C ABI (libvigil.so.0) for Python; use the `vigil` package.";
  m.def("version", [] { return std::string(vigil_version()); });

  py::class_<Schema>(m, "Schema",
                     "A GraphQL SDL schema of asset graphs (immutable).")
      .def_static("load", &Schema::Load, py::arg("path"),
                  "Reads a schema from an SDL file.")
      .def_static("parse", &Schema::Parse, py::arg("sdl"), py::arg("name") = "",
                  "Builds a schema from SDL text; `name` is used in errors.");

  py::class_<Graph>(m, "Graph", "An immutable asset graph.")
      .def_static("load", &Graph::Load, py::arg("path"), py::arg("schema"),
                  py::arg("drop_unknown_properties") = false,
                  "Reads a graph in its JSON interchange form from a file.")
      .def_static(
          "parse", &Graph::Parse, py::arg("json"), py::arg("schema"),
          py::arg("name") = "", py::arg("drop_unknown_properties") = false,
          "Reads a graph from JSON (str, bytes, or the parsed document).")
      .def_static(
          "from_aws_cli", &Graph::FromAwsCli, py::arg("path"),
          py::arg("schema"), py::arg("regions") = py::none(),
          "Reads a folder of AWS CLI output (docs/aws-cli-folder.md), as "
          "`vigil import aws-cli` does: the assets of `schema` (the bundled "
          "schemas/aws.graphql, e.g. a pack's schema) and what could not be "
          "collected. `regions` (region codes) narrows the scope like "
          "--regions.")
      .def_property_readonly("num_assets", &Graph::NumAssets)
      .def_property_readonly("num_edges", &Graph::NumEdges)
      .def_property_readonly("schema", &Graph::GetSchema);

  py::class_<Edge>(m, "Edge", "A relationship added to a GraphBuilder.");

  py::class_<GraphBuilder>(
      m, "GraphBuilder", "Builds a graph one asset and relationship at a time.")
      .def(py::init<const Schema&, bool>(), py::arg("schema"),
           py::arg("drop_unknown_properties") = false)
      .def("add_asset", &GraphBuilder::AddAsset, py::arg("id"), py::arg("type"))
      .def("set", &GraphBuilder::Set, py::arg("id"), py::arg("name"),
           py::arg("value"),
           "Sets a property to a JSON-serialisable value, checked against the "
           "schema.")
      .def("add_edge", &GraphBuilder::AddEdge, py::arg("from_id"),
           py::arg("type"), py::arg("to_id"))
      .def("set_edge", &GraphBuilder::SetEdge, py::arg("edge"), py::arg("name"),
           py::arg("value"))
      .def("finish", &GraphBuilder::Finish,
           "Checks and builds the graph (once).");

  py::class_<Fragments>(m, "Fragments",
                        "Fragment definitions that queries may spread.")
      .def_static("parse", &Fragments::Parse, py::arg("text"),
                  py::arg("name") = "")
      .def_static("load", &Fragments::Load, py::arg("path"));

  py::class_<Query>(m, "Query",
                    "A compiled check or GraphQL document (immutable).")
      .def_static("compile", &Query::Compile, py::arg("schema"),
                  py::arg("text"),
                  py::arg("fragments") = std::vector<Fragments>())
      .def("evaluate", &Query::Evaluate, py::arg("graph"),
           py::arg("variables") = py::none(), py::arg("threads") = 0,
           "The result, decoded from JSON.")
      .def("evaluate_json", &Query::EvaluateJson, py::arg("graph"),
           py::arg("variables") = py::none(), py::arg("threads") = 0,
           "The result as JSON text.");

  py::class_<Report>(m, "Report",
                     "The result of running a pack (or of merging runs).")
      .def_property_readonly("passed", &Report::Passed,
                             "True when every control passed or was waived.")
      .def_property_readonly("summary", &Report::Summary)
      .def_property_readonly(
          "controls", &Report::Controls,
          "The controls, as in the JSON report (docs/report-format.md).")
      .def("to_json", [](const Report& r) { return r.Render("json"); })
      .def("render", &Report::Render, py::arg("format") = "text")
      .def("write", &Report::Write, py::arg("path"), py::arg("format") = "json")
      .def_static("from_json", &Report::FromJson, py::arg("json"),
                  py::arg("name") = "")
      .def(py::pickle(
          [](const Report& r) { return py::bytes(r.Render("json")); },
          [](const py::bytes& b) { return Report::FromJson(b, "<pickle>"); }));
  m.def("merge_reports", &Merge, py::arg("reports"));

  py::class_<TestRun>(m, "TestRun", "The results of a pack's control tests.")
      .def_readonly("passed", &TestRun::passed)
      .def_readonly("failed", &TestRun::failed)
      .def("render", &TestRun::Render, py::arg("format") = "text");

  py::class_<Pack>(m, "Pack",
                   "A loaded, validated pack of controls (immutable).")
      .def_static("load", &Pack::Load, py::arg("path"),
                  py::arg("schema") = py::none())
      .def_property_readonly(
          "name", [](const Pack& p) { return p.Borrowed(vigil_pack_name); })
      .def_property_readonly(
          "version",
          [](const Pack& p) { return p.Borrowed(vigil_pack_version); })
      .def_property_readonly("controls", &Pack::Controls)
      .def_property_readonly("schema", &Pack::GetSchema)
      .def("run", &Pack::Run, py::arg("graph"), py::kw_only(),
           py::arg("exceptions") = py::none(), py::arg("params") = py::none(),
           py::arg("threads") = 0, py::arg("now") = py::none(),
           py::arg("controls") = py::none(), py::arg("graph_path") = py::none(),
           py::arg("tool_name") = py::none(), py::arg("tool_version") = py::none(),
           py::arg("list_passed") = false, py::arg("timeout") = py::none(),
           py::arg("progress") = py::none(),
           "Evaluates every check over `graph` and returns the Report.\n\n"
           "tool_name, tool_version: the scanner embedding vigil, named in the\n"
           "report instead of vigil. list_passed: list the assets that passed.\n"
           "timeout: seconds; once passed, no further check starts and\n"
           "vigil.DeadlineExceeded (a vigil.Error with status\n"
           "'deadline-exceeded', and a TimeoutError) is raised. progress: called as progress(done, total) after each check,\n"
           "from the run's threads (with the GIL); an exception it raises stops\n"
           "the run and is raised by run().")
      .def("test", &Pack::RunTests, py::arg("paths") = py::none(),
           py::kw_only(), py::arg("filter") = "", py::arg("threads") = 1);
}
