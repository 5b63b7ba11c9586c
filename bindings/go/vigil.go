// Package vigil evaluates compliance checks over cloud asset graphs: Go
// bindings of vigil's C ABI (libvigil.so.0, include/vigil/vigil.h).
//
//	pack, err := vigil.LoadPack("packs/cis-aws")
//	if err != nil { ... }
//	defer pack.Close()
//	graph, err := vigil.LoadGraph("inventory.json", pack.Schema())
//	...
//	report, err := pack.Run(graph, &vigil.RunOptions{Threads: 2})
//	text, _ := report.Render(vigil.FormatText)
//
// A scanner names itself in the reports, lists the assets that passed,
// follows progress, and bounds the run with a context (cancelled, or past
// its deadline: no further check starts, no report, an error wrapping
// ctx.Err()):
//
//	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
//	defer cancel()
//	report, err := pack.RunContext(ctx, graph, &vigil.RunOptions{
//		ToolName: "acme-scanner", ToolVersion: "2.4.1", ListPassed: true,
//		Progress: func(done, total int) { log.Printf("%d/%d checks", done, total) },
//	})
//	if errors.Is(err, context.DeadlineExceeded) { ... }
//
// The package is built with cgo against libvigil found through pkg-config
// (`vigil.pc`: set PKG_CONFIG_PATH to <prefix>/lib/pkgconfig for an
// installed vigil, or to build/bindings/c/pkgconfig for a build tree).
//
// Every object holds a C handle, released by Close or, if Close is never
// called, by a finalizer. Schemas, graphs, packs, queries and reports are
// immutable and safe to use from many goroutines; a GraphBuilder is not.
// Errors are *Error values carrying the location of the problem (file,
// line, column) and a stable diagnostic code.
package vigil

/*
#cgo pkg-config: vigil
#include <stdlib.h>
#include "vigil/vigil.h"
*/
import "C"

import (
	"fmt"
	"runtime"
	"unsafe"
)

// Status is the kind of failure of a call (vigil_status).
type Status int

const (
	StatusOK              Status = C.VIGIL_OK
	StatusInvalidArgument Status = C.VIGIL_E_INVALID_ARGUMENT
	StatusInput           Status = C.VIGIL_E_INPUT
	StatusNotFound        Status = C.VIGIL_E_NOT_FOUND
	StatusIO              Status = C.VIGIL_E_IO
	StatusNoMemory        Status = C.VIGIL_E_NO_MEMORY
	StatusBufferTooSmall  Status = C.VIGIL_E_BUFFER_TOO_SMALL
	StatusInternal        Status = C.VIGIL_E_INTERNAL
	// A run stopped by its context (Pack.RunContext); the *Error wraps
	// context.Canceled or context.DeadlineExceeded.
	StatusCancelled        Status = C.VIGIL_E_CANCELLED
	StatusDeadlineExceeded Status = C.VIGIL_E_DEADLINE_EXCEEDED
)

func (s Status) String() string { return C.GoString(C.vigil_status_name(C.vigil_status(s))) }

// Version is the version of the linked libvigil.
func Version() string { return C.GoString(C.vigil_version()) }

// Diagnostic is one located problem (or warning) of a failed call.
type Diagnostic struct {
	Severity string // "error", "warning" or "note"
	Code     string // stable, e.g. "schema.unknown-type"
	Message  string
	File     string // "" when unknown
	Line     int    // 1-based; 0 when unknown
	Column   int
}

// Error is what every failing call returns.
type Error struct {
	Status      Status
	Message     string // formatted: "file:line:col: error: ... [code]"
	Code        string // the first error's diagnostic code ("" when none)
	File        string
	Line        int
	Column      int
	Diagnostics []Diagnostic
	cause       error // what Unwrap gives (a context's error), or nil
}

func (e *Error) Error() string { return e.Message }

// Unwrap gives the context error of a stopped run (context.Canceled or
// context.DeadlineExceeded), nil otherwise.
func (e *Error) Unwrap() error { return e.cause }

// call runs f with a fresh error object and turns a failure into *Error.
func call(f func(e *C.vigil_error) C.vigil_status) error {
	e := C.vigil_error_new()
	if e == nil {
		return &Error{Status: StatusNoMemory, Message: "out of memory"}
	}
	defer C.vigil_error_free(e)
	if st := f(e); st == C.VIGIL_OK {
		return nil
	}
	err := &Error{
		Status:  Status(C.vigil_error_status(e)),
		Message: C.GoString(C.vigil_error_message(e)),
		Code:    C.GoString(C.vigil_error_code(e)),
		File:    C.GoString(C.vigil_error_file(e)),
		Line:    int(C.vigil_error_line(e)),
		Column:  int(C.vigil_error_column(e)),
	}
	n := C.vigil_error_diagnostic_count(e)
	for i := C.size_t(0); i < n; i++ {
		var d C.vigil_diagnostic
		if C.vigil_error_diagnostic(e, i, &d) != C.VIGIL_OK {
			continue
		}
		sev := "error"
		switch d.severity {
		case C.VIGIL_SEVERITY_WARNING:
			sev = "warning"
		case C.VIGIL_SEVERITY_NOTE:
			sev = "note"
		}
		err.Diagnostics = append(err.Diagnostics, Diagnostic{
			Severity: sev, Code: C.GoString(d.code), Message: C.GoString(d.message),
			File: C.GoString(d.file), Line: int(d.line), Column: int(d.column),
		})
	}
	return err
}

// cstring is a C copy of s (free it with C.free) and its length.
type cstring struct {
	p *C.char
	n C.size_t
}

func newCString(s string) cstring {
	if s == "" {
		return cstring{}
	}
	return cstring{C.CString(s), C.size_t(len(s))}
}

func (c cstring) free() {
	if c.p != nil {
		C.free(unsafe.Pointer(c.p))
	}
}

// withStrings converts ss to C strings for the duration of f.
func withStrings(ss []string, f func(cs []cstring)) {
	cs := make([]cstring, len(ss))
	for i, s := range ss {
		cs[i] = newCString(s)
	}
	defer func() {
		for _, c := range cs {
			c.free()
		}
	}()
	f(cs)
}

// bytesPtr points at data for a call (C copies what it keeps).
func bytesPtr(data []byte) (*C.char, C.size_t) {
	if len(data) == 0 {
		return nil, 0
	}
	return (*C.char)(unsafe.Pointer(&data[0])), C.size_t(len(data))
}

func goBytes(p *C.char, n C.size_t) []byte {
	if n == 0 {
		return []byte{}
	}
	return C.GoBytes(unsafe.Pointer(p), C.int(n))
}

func closedError(what string) error {
	return &Error{Status: StatusInvalidArgument, Message: fmt.Sprintf("the %s is closed", what)}
}

// keep is runtime.KeepAlive under a shorter name: an object must stay
// reachable (its finalizer must not run) while C uses its handle.
func keep(x interface{}) { runtime.KeepAlive(x) }
