package cloudformation

import (
	"fmt"

	"github.com/trailint/trailint/graph"
)

// templateHook, when set, is called at the start of every unit of work on a
// template (parsing, planning, exports, resources). Tests set it to make one
// template fail and check that the others still load.
var templateHook func(file string)

// guard runs one unit of work on file and turns a panic into an internal
// error diagnostic at that file, so that a bug met on one template leaves
// the others analysed. The resources the file added before the panic stay.
func (l *loader) guard(file string, work func()) {
	quiet, depth := l.quiet, l.depth
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		l.quiet, l.depth = false, depth
		l.diag(graph.SevError, graph.ClassInternal, fileStart(file), fmt.Sprintf("internal error: %v", r),
			"trailint failed on this file, which is only partly analysed; please report it with the file")
		l.quiet = quiet
	}()
	if templateHook != nil {
		templateHook(file)
	}
	work()
}
