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
	// A panic of progress, recovered on the run's thread and raised again
	// by RunContext on the calling goroutine (calls are never concurrent).
	panicked bool
	panicVal interface{}
}

// vigilGoProgress is the C callback: it reports to RunOptions.Progress and
// stops the run (non-zero) once the run's context is done.
//
//export vigilGoProgress
func vigilGoProgress(userData unsafe.Pointer, done, total C.size_t) (stop C.int) {
	p := cgo.Handle(uintptr(userData)).Value().(*runProgress)
	if p.panicked {
		return 1
	}
	if p.progress != nil {
		defer func() {
			if v := recover(); v != nil {
				p.panicked, p.panicVal = true, v
				stop = 1
			}
		}()
		p.progress(int(done), int(total))
	}
	if p.ctx != nil && p.ctx.Err() != nil {
		return 1
	}
	return 0
}
