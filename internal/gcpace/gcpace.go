// Package gcpace sets how often the garbage collector runs.
//
// A scan allocates about a hundred times the size of the files it reads,
// but keeps little: the units being evaluated and the findings. Go's
// default pacing collects whenever the heap has doubled since the last
// collection, which on a live heap of a few megabytes means hundreds of
// collections per run and a third of the CPU. Start lets the heap grow to
// the live heap plus a fixed floor before collecting, or to twice the live
// heap when that is more, as the default would: scans collect rarely, as
// often per byte allocated whatever the size of the tree, and a scan whose
// live heap is large is paced as Go paces it.
package gcpace

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Floor is the memory the process may take above its live heap before it
// collects.
const Floor = 48 << 20

// Start paces collections with Floor, unless GOGC or GOMEMLIMIT is set:
// the user's own settings win. Calls after the first do nothing.
func Start() {
	once.Do(func() {
		if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
			return
		}
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(Floor)
		arm()
	})
}

var once sync.Once

// Limit returns the memory limit for a live heap of live bytes: the live
// heap and the floor, or twice the live heap when that is more, as GOGC=100
// would give. Room above the live heap never shrinks as the findings of a
// large tree pile up: collections stay as far apart, and time linear.
func Limit(live uint64) int64 {
	return max(int64(live)+Floor, int64(2*live)+Floor/4)
}

// sentinel is an object whose finalizer runs after each collection; it
// holds a pointer so that it is never batched with other tiny objects,
// whose finalizers may not run.
type sentinel struct{ _ *int }

func arm() {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		adjust()
		arm()
	})
}

var sample = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}

// adjust raises or lowers the limit to follow the live heap. It runs on the
// finalizer goroutine, one collection at a time.
func adjust() {
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	debug.SetMemoryLimit(Limit(sample[0].Value.Uint64()))
}
