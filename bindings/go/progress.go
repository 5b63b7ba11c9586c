package vigil

// The progress callback of a run (vigil_run_options_set_progress), called
// from C on the run's threads. This file only exports it: a cgo file with
// //export may declare but not define C functions in its preamble.

/*
#include <stddef.h>
*/
import "C"

import (
	"context"
	"runtime/cgo"
	"unsafe"
)

// runProgress is what a run's callback reaches through its cgo.Handle.
type runProgress struct {
	ctx      context.Context
	progress func(done, total int)
}

// vigilGoProgress is the C callback: it reports to RunOptions.Progress and
// stops the run (non-zero) once the run's context is done.
//
//export vigilGoProgress
func vigilGoProgress(userData unsafe.Pointer, done, total C.size_t) C.int {
	p := cgo.Handle(uintptr(userData)).Value().(*runProgress)
	if p.progress != nil {
		p.progress(int(done), int(total))
	}
	if p.ctx != nil && p.ctx.Err() != nil {
		return 1
	}
	return 0
}
