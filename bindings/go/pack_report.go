package vigil

/*
#include <stdint.h>
#include <stdlib.h>
#include "vigil/vigil.h"

extern int vigilGoProgress(void*, size_t, size_t);

// Installs the Go progress callback with a cgo.Handle as its user data.
static vigil_status vigil_go_set_progress(vigil_run_options* o, uintptr_t handle,
                                          vigil_error* e) {
  return vigil_run_options_set_progress(o, vigilGoProgress, (void*)handle, e);
}
*/
import "C"

import (
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"runtime/cgo"
	"strings"
	"time"
	"unsafe"
)

// Fragments is a library of GraphQL fragment definitions that queries may
// spread.
type Fragments struct{ h *C.vigil_fragment_library }

func newFragments(h *C.vigil_fragment_library) *Fragments {
	f := &Fragments{h}
	runtime.SetFinalizer(f, (*Fragments).Close)
	return f
}

// ParseFragments reads fragment definitions; name is used in errors.
func ParseFragments(text, name string) (*Fragments, error) {
	var h *C.vigil_fragment_library
	t, n := newCString(text), newCString(name)
	defer t.free()
	defer n.free()
	if err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_fragment_library_parse(t.p, t.n, n.p, n.n, &h, e)
	}); err != nil {
		return nil, err
	}
	return newFragments(h), nil
}

// LoadFragments reads fragment definitions from a file.
func LoadFragments(path string) (*Fragments, error) {
	var h *C.vigil_fragment_library
	p := newCString(path)
	defer p.free()
	if err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_fragment_library_load_file(p.p, p.n, &h, e)
	}); err != nil {
		return nil, err
	}
	return newFragments(h), nil
}

// Close releases the library (compiled queries keep what they need).
func (f *Fragments) Close() {
	if f != nil && f.h != nil {
		C.vigil_fragment_library_free(f.h)
		f.h = nil
	}
}

// Query is a compiled check or GraphQL document.
type Query struct{ h *C.vigil_query }

// CompileQuery compiles text against schema, with fragment libraries.
func CompileQuery(schema *Schema, text string, fragments ...*Fragments) (*Query, error) {
	if schema == nil || schema.h == nil {
		return nil, closedError("schema")
	}
	libs := C.malloc(C.size_t(len(fragments)+1) * C.size_t(unsafe.Sizeof(uintptr(0))))
	defer C.free(libs)
	arr := (*[1 << 20]*C.vigil_fragment_library)(libs)[: len(fragments)+1 : len(fragments)+1]
	for i, f := range fragments {
		if f == nil || f.h == nil {
			return nil, closedError("fragment library")
		}
		arr[i] = f.h
	}
	var h *C.vigil_query
	t := newCString(text)
	defer t.free()
	err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_query_compile(schema.h, t.p, t.n,
			(**C.vigil_fragment_library)(libs), C.size_t(len(fragments)), &h, e)
	})
	keep(schema)
	keep(fragments)
	if err != nil {
		return nil, err
	}
	q := &Query{h}
	runtime.SetFinalizer(q, (*Query).Close)
	return q, nil
}

// Evaluate runs the query over graph with variables (nil for none) and
// returns the result as JSON (an array for the stored form, an object for
// documents). threads: 0 one per core, 1 the calling thread only.
func (q *Query) Evaluate(graph *Graph, variables map[string]interface{}, threads int) (json.RawMessage, error) {
	if q == nil || q.h == nil {
		return nil, closedError("query")
	}
	if graph == nil || graph.h == nil {
		return nil, closedError("graph")
	}
	var vars []byte
	if variables != nil {
		var err error
		if vars, err = json.Marshal(variables); err != nil {
			return nil, &Error{Status: StatusInput, Message: "variables: " + err.Error()}
		}
	}
	v, vn := bytesPtr(vars)
	var r *C.vigil_result
	err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_query_evaluate(q.h, graph.h, v, vn, C.int(threads), &r, e)
	})
	keep(q)
	keep(graph)
	keep(vars)
	if err != nil {
		return nil, err
	}
	defer C.vigil_result_free(r)
	var p *C.char
	var n C.size_t
	if err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_result_json(r, &p, &n, e)
	}); err != nil {
		return nil, err
	}
	return json.RawMessage(goBytes(p, n)), nil
}

// Close releases the query.
func (q *Query) Close() {
	if q != nil && q.h != nil {
		C.vigil_query_free(q.h)
		q.h = nil
	}
}

// Pack is a loaded, validated pack of controls.
type Pack struct {
	h      *C.vigil_pack
	schema *Schema
}

// LoadPack loads and validates the pack in directory dir (with the schema
// its pack.json names).
func LoadPack(dir string) (*Pack, error) { return LoadPackWithSchema(dir, nil) }

// LoadPackWithSchema loads a pack with schema instead of the one pack.json
// names (nil: that one).
func LoadPackWithSchema(dir string, schema *Schema) (*Pack, error) {
	var sh *C.vigil_schema
	if schema != nil {
		if schema.h == nil {
			return nil, closedError("schema")
		}
		sh = schema.h
	}
	var h *C.vigil_pack
	d := newCString(dir)
	defer d.free()
	err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_pack_load(d.p, d.n, sh, &h, e)
	})
	keep(schema)
	if err != nil {
		return nil, err
	}
	var s *C.vigil_schema
	if err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_pack_schema(h, &s, e)
	}); err != nil {
		C.vigil_pack_free(h)
		return nil, err
	}
	p := &Pack{h: h, schema: newSchema(s)}
	runtime.SetFinalizer(p, (*Pack).Close)
	return p, nil
}

// Schema is the pack's schema (owned by the pack: do not Close it).
func (p *Pack) Schema() *Schema { return p.schema }

func (p *Pack) borrowed(f func(e *C.vigil_error, s **C.char, n *C.size_t) C.vigil_status) string {
	if p == nil || p.h == nil {
		return ""
	}
	var s *C.char
	var n C.size_t
	if call(func(e *C.vigil_error) C.vigil_status { return f(e, &s, &n) }) != nil {
		return ""
	}
	out := string(goBytes(s, n))
	keep(p)
	return out
}

// Name is the pack's name.
func (p *Pack) Name() string {
	return p.borrowed(func(e *C.vigil_error, s **C.char, n *C.size_t) C.vigil_status {
		return C.vigil_pack_name(p.h, s, n, e)
	})
}

// Version is the pack's version.
func (p *Pack) Version() string {
	return p.borrowed(func(e *C.vigil_error, s **C.char, n *C.size_t) C.vigil_status {
		return C.vigil_pack_version(p.h, s, n, e)
	})
}

// Controls are the ids of the pack's controls, in pack order.
func (p *Pack) Controls() []string {
	if p == nil || p.h == nil {
		return nil
	}
	var n C.size_t
	if call(func(e *C.vigil_error) C.vigil_status { return C.vigil_pack_num_controls(p.h, &n, e) }) != nil {
		return nil
	}
	ids := make([]string, 0, int(n))
	for i := C.size_t(0); i < n; i++ {
		ids = append(ids, p.borrowed(func(e *C.vigil_error, s **C.char, l *C.size_t) C.vigil_status {
			return C.vigil_pack_control_id(p.h, i, s, l, e)
		}))
	}
	return ids
}

// Close releases the pack (and its schema handle).
func (p *Pack) Close() {
	if p != nil && p.h != nil {
		C.vigil_pack_free(p.h)
		p.h = nil
		p.schema.Close()
	}
}

// RunOptions are the options of Pack.Run; the zero value runs every
// control at the current time on one thread per core.
type RunOptions struct {
	Threads int // 0: one per core
	// The evaluation time, RFC 3339 ("2026-03-01T12:00:00Z"); "" now.
	Now string
	// Exceptions: a file, or the text of one (ExceptionsName names it in
	// errors). At most one of the two.
	ExceptionsFile string
	Exceptions     []byte
	ExceptionsName string
	// Parameter overrides: control id -> parameter -> value.
	Params map[string]map[string]interface{}
	// Only these controls (all when empty).
	Controls []string
	// The graph path recorded in the report.
	GraphPath string
	// The scanner embedding vigil, named in the report instead of vigil
	// (SARIF tool.driver, OCSF metadata.product, the JSON report's
	// "product"); "": vigil and its version.
	ToolName    string
	ToolVersion string
	// List, per check that looks for offending assets, the assets of its
	// type that passed (the JSON report's "passed").
	ListPassed bool
	// Called once per check evaluated, after it, with the checks done so
	// far (1, 2, ... total) and the number to evaluate; from the run's
	// threads (not the calling goroutine), never two calls at once, done
	// always increasing. Keep it short; it must not run a pack. A panic in
	// it stops the run and is raised again by Run on the calling
	// goroutine. Optional.
	Progress func(done, total int)
}

func (o *RunOptions) apply(h *C.vigil_run_options) error {
	var err error
	set := func(f func(e *C.vigil_error) C.vigil_status) {
		if err == nil {
			err = call(f)
		}
	}
	set(func(e *C.vigil_error) C.vigil_status { return C.vigil_run_options_set_threads(h, C.int(o.Threads), e) })
	if o.Now != "" {
		s := newCString(o.Now)
		defer s.free()
		set(func(e *C.vigil_error) C.vigil_status { return C.vigil_run_options_set_now(h, s.p, s.n, e) })
	}
	if o.ExceptionsFile != "" {
		s := newCString(o.ExceptionsFile)
		defer s.free()
		set(func(e *C.vigil_error) C.vigil_status {
			return C.vigil_run_options_set_exceptions_file(h, s.p, s.n, e)
		})
	} else if o.Exceptions != nil {
		d, dn := bytesPtr(o.Exceptions)
		n := newCString(o.ExceptionsName)
		defer n.free()
		set(func(e *C.vigil_error) C.vigil_status {
			return C.vigil_run_options_set_exceptions(h, d, dn, n.p, n.n, e)
		})
	}
	if len(o.Params) > 0 {
		data, jerr := json.Marshal(o.Params)
		if jerr != nil {
			return &Error{Status: StatusInput, Message: "params: " + jerr.Error()}
		}
		d, dn := bytesPtr(data)
		n := newCString("<params>")
		defer n.free()
		set(func(e *C.vigil_error) C.vigil_status {
			return C.vigil_run_options_set_params(h, d, dn, n.p, n.n, e)
		})
	}
	for _, id := range o.Controls {
		s := newCString(id)
		set(func(e *C.vigil_error) C.vigil_status { return C.vigil_run_options_add_control(h, s.p, s.n, e) })
		s.free()
	}
	if o.GraphPath != "" {
		s := newCString(o.GraphPath)
		defer s.free()
		set(func(e *C.vigil_error) C.vigil_status {
			return C.vigil_run_options_set_graph_path(h, s.p, s.n, e)
		})
	}
	if o.ToolName != "" || o.ToolVersion != "" {
		n, v := newCString(o.ToolName), newCString(o.ToolVersion)
		defer n.free()
		defer v.free()
		set(func(e *C.vigil_error) C.vigil_status {
			return C.vigil_run_options_set_tool(h, n.p, n.n, v.p, v.n, e)
		})
	}
	if o.ListPassed {
		set(func(e *C.vigil_error) C.vigil_status { return C.vigil_run_options_set_list_passed(h, 1, e) })
	}
	return err
}

// Run evaluates every check of the pack over graph (opts may be nil):
// RunContext with context.Background().
func (p *Pack) Run(graph *Graph, opts *RunOptions) (*Report, error) {
	return p.RunContext(context.Background(), graph, opts)
}

// RunContext is Run stopped by ctx: once ctx is cancelled or its deadline
// passes, no further check starts (a check being evaluated finishes
// first) and RunContext returns an *Error (StatusCancelled or
// StatusDeadlineExceeded) that wraps ctx.Err(), so errors.Is(err,
// context.Canceled) and errors.Is(err, context.DeadlineExceeded) hold; it
// never returns a partial report. A run whose checks all finished returns
// its report. The deadline is passed to libvigil (checked before each
// check); cancellation is seen after each check.
func (p *Pack) RunContext(ctx context.Context, graph *Graph, opts *RunOptions) (*Report, error) {
	if p == nil || p.h == nil {
		return nil, closedError("pack")
	}
	if graph == nil || graph.h == nil {
		return nil, closedError("graph")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, stoppedError(ctx, err)
	}
	var oh *C.vigil_run_options
	if err := call(func(e *C.vigil_error) C.vigil_status { return C.vigil_run_options_new(&oh, e) }); err != nil {
		return nil, err
	}
	defer C.vigil_run_options_free(oh)
	if opts == nil {
		opts = &RunOptions{}
	}
	if err := opts.apply(oh); err != nil {
		return nil, err
	}
	if d, ok := ctx.Deadline(); ok {
		left := time.Until(d)
		if left <= 0 {
			return nil, stoppedError(ctx, context.DeadlineExceeded)
		}
		ms := int64((left + time.Millisecond - 1) / time.Millisecond) // rounded up
		if err := call(func(e *C.vigil_error) C.vigil_status {
			return C.vigil_run_options_set_deadline_ms(oh, C.int64_t(ms), e)
		}); err != nil {
			return nil, err
		}
	}
	var prog *runProgress
	if opts.Progress != nil || ctx.Done() != nil {
		prog = &runProgress{ctx: ctx, progress: opts.Progress}
		h := cgo.NewHandle(prog)
		defer h.Delete()
		if err := call(func(e *C.vigil_error) C.vigil_status {
			return C.vigil_go_set_progress(oh, C.uintptr_t(h), e)
		}); err != nil {
			return nil, err
		}
	}
	var r *C.vigil_report
	err := call(func(e *C.vigil_error) C.vigil_status { return C.vigil_pack_run(p.h, graph.h, oh, &r, e) })
	keep(p)
	keep(graph)
	if prog != nil && prog.panicked {
		if r != nil {
			C.vigil_report_free(r)
		}
		panic(prog.panicVal)
	}
	if err != nil {
		var ve *Error
		if errors.As(err, &ve) && (ve.Status == StatusCancelled || ve.Status == StatusDeadlineExceeded) {
			// Stopped by the context: by libvigil's deadline (the context's)
			// or by the progress callback, which sees the context done
			// (cancelled, or its deadline seen by Go first).
			cause := ctx.Err()
			if ve.Status == StatusDeadlineExceeded {
				cause = context.DeadlineExceeded
			} else if cause == nil {
				cause = context.Canceled
			}
			if errors.Is(cause, context.DeadlineExceeded) {
				ve.Status = StatusDeadlineExceeded
			}
			counts := ""
			if i := strings.LastIndex(ve.Message, " after "); i >= 0 {
				counts = ve.Message[i:] // " after N of M checks"
			}
			ve.Message = "the run was stopped by its context (" + cause.Error() + ")" + counts
			ve.cause = cause
		}
		return nil, err
	}
	return newReport(r), nil
}

// stoppedError is the error of a run whose context was done before it
// started.
func stoppedError(ctx context.Context, cause error) error {
	st := StatusCancelled
	if errors.Is(cause, context.DeadlineExceeded) {
		st = StatusDeadlineExceeded
	}
	return &Error{Status: st, Message: "the run was not started: " + cause.Error(), cause: cause}
}

// Format is a report format.
type Format int

const (
	FormatText  Format = C.VIGIL_FORMAT_TEXT
	FormatJSON  Format = C.VIGIL_FORMAT_JSON
	FormatSARIF Format = C.VIGIL_FORMAT_SARIF
	FormatJUnit Format = C.VIGIL_FORMAT_JUNIT
	FormatOCSF  Format = C.VIGIL_FORMAT_OCSF
	FormatHTML  Format = C.VIGIL_FORMAT_HTML
)

// ParseFormat maps "text", "json", "sarif", "junit", "ocsf", "html" to a
// Format.
func ParseFormat(name string) (Format, error) {
	var f C.vigil_format
	s := newCString(name)
	defer s.free()
	err := call(func(e *C.vigil_error) C.vigil_status { return C.vigil_format_parse(s.p, s.n, &f, e) })
	return Format(f), err
}

// Summary counts a report's outcomes.
type Summary struct {
	Controls, Passed, Failed, Waived, Errors, Checks int
	AssetsEvaluated, OffendingAssets                 int64
}

// Report is the result of a pack run (or of merging runs).
type Report struct{ h *C.vigil_report }

func newReport(h *C.vigil_report) *Report {
	r := &Report{h}
	runtime.SetFinalizer(r, (*Report).Close)
	return r
}

// Summary is the report's summary.
func (r *Report) Summary() Summary {
	var s C.vigil_report_summary
	if r == nil || r.h == nil || call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_report_summary_get(r.h, &s, e)
	}) != nil {
		return Summary{}
	}
	keep(r)
	return Summary{int(s.controls), int(s.passed), int(s.failed), int(s.waived), int(s.errors),
		int(s.checks), int64(s.assets_evaluated), int64(s.offending_assets)}
}

// Passed is true when every control passed or was waived.
func (r *Report) Passed() bool {
	var ok C.int
	if r == nil || r.h == nil || call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_report_passed(r.h, &ok, e)
	}) != nil {
		return false
	}
	keep(r)
	return ok != 0
}

// Render is the report in format f.
func (r *Report) Render(f Format) (string, error) {
	b, err := r.RenderBytes(f)
	return string(b), err
}

// RenderBytes is the report in format f, as bytes.
func (r *Report) RenderBytes(f Format) ([]byte, error) {
	if r == nil || r.h == nil {
		return nil, closedError("report")
	}
	var p *C.char
	var n C.size_t
	if err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_report_render(r.h, C.vigil_format(f), &p, &n, e)
	}); err != nil {
		return nil, err
	}
	out := goBytes(p, n)
	keep(r)
	return out, nil
}

// Write writes the report to path atomically (a device or FIFO is written
// in place). "-" is refused: the library never writes to standard output;
// write the result of Render there instead.
func (r *Report) Write(path string, f Format) error {
	if r == nil || r.h == nil {
		return closedError("report")
	}
	s := newCString(path)
	defer s.free()
	err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_report_write(r.h, C.vigil_format(f), s.p, s.n, e)
	})
	keep(r)
	return err
}

// Close releases the report.
func (r *Report) Close() {
	if r != nil && r.h != nil {
		C.vigil_report_free(r.h)
		r.h = nil
	}
}

// ReportFromJSON reads a report back from its JSON form (FormatJSON), e.g.
// one made by another process; name is used in errors.
func ReportFromJSON(data []byte, name string) (*Report, error) {
	d, dn := bytesPtr(data)
	n := newCString(name)
	defer n.free()
	var h *C.vigil_report
	err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_report_from_json(d, dn, n.p, n.n, &h, e)
	})
	keep(data)
	if err != nil {
		return nil, err
	}
	return newReport(h), nil
}

// MergeReports merges the reports of one pack over several graphs (one per
// account) into one, in the order given (docs/bindings.md).
func MergeReports(reports ...*Report) (*Report, error) {
	arr := C.malloc(C.size_t(len(reports)+1) * C.size_t(unsafe.Sizeof(uintptr(0))))
	defer C.free(arr)
	hs := (*[1 << 28]*C.vigil_report)(arr)[: len(reports)+1 : len(reports)+1]
	for i, r := range reports {
		if r == nil || r.h == nil {
			return nil, closedError("report")
		}
		hs[i] = r.h
	}
	var h *C.vigil_report
	err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_report_merge((**C.vigil_report)(arr), C.size_t(len(reports)), &h, e)
	})
	keep(reports)
	if err != nil {
		return nil, err
	}
	return newReport(h), nil
}

// TestFormat is a format of control test results.
type TestFormat int

const (
	TestFormatText  TestFormat = C.VIGIL_TEST_FORMAT_TEXT
	TestFormatJSON  TestFormat = C.VIGIL_TEST_FORMAT_JSON
	TestFormatJUnit TestFormat = C.VIGIL_TEST_FORMAT_JUNIT
)

// TestRun is the outcome of a pack's control tests.
type TestRun struct {
	Passed, Failed int
	h              *C.vigil_test_run
}

// RunTests runs the control tests under paths (files or directories; none:
// the pack's tests/ directory), the cases whose "control/name" matches
// filter (an RE2 pattern; "" all).
func (p *Pack) RunTests(paths []string, filter string, threads int) (*TestRun, error) {
	if p == nil || p.h == nil {
		return nil, closedError("pack")
	}
	n := len(paths)
	ptrs := C.malloc(C.size_t(n+1) * C.size_t(unsafe.Sizeof(uintptr(0))))
	defer C.free(ptrs)
	lens := C.malloc(C.size_t(n+1) * C.size_t(unsafe.Sizeof(C.size_t(0))))
	defer C.free(lens)
	pa := (*[1 << 28]*C.char)(ptrs)[: n+1 : n+1]
	la := (*[1 << 28]C.size_t)(lens)[: n+1 : n+1]
	var h *C.vigil_test_run
	var err error
	withStrings(paths, func(cs []cstring) {
		for i, c := range cs {
			pa[i], la[i] = c.p, c.n
		}
		f := newCString(filter)
		defer f.free()
		err = call(func(e *C.vigil_error) C.vigil_status {
			return C.vigil_pack_run_tests(p.h, (**C.char)(ptrs), (*C.size_t)(lens), C.size_t(n),
				f.p, f.n, C.int(threads), &h, e)
		})
	})
	keep(p)
	if err != nil {
		return nil, err
	}
	t := &TestRun{h: h}
	runtime.SetFinalizer(t, (*TestRun).Close)
	var passed, failed C.int
	if err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_test_run_counts(h, &passed, &failed, e)
	}); err != nil {
		return nil, err
	}
	t.Passed, t.Failed = int(passed), int(failed)
	return t, nil
}

// Render is the results in format f (the text form ends with "N passed, M
// failed").
func (t *TestRun) Render(f TestFormat) (string, error) {
	if t == nil || t.h == nil {
		return "", closedError("test run")
	}
	var p *C.char
	var n C.size_t
	if err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_test_run_render(t.h, C.vigil_test_format(f), &p, &n, e)
	}); err != nil {
		return "", err
	}
	out := string(goBytes(p, n))
	keep(t)
	return out, nil
}

// Close releases the results.
func (t *TestRun) Close() {
	if t != nil && t.h != nil {
		C.vigil_test_run_free(t.h)
		t.h = nil
	}
}
