// Package pool runs independent pieces of work on every core: the loaders
// evaluate Terraform roots and CloudFormation templates with it.
package pool

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Each calls fn(0) .. fn(n-1) on as many goroutines as there are cores, each
// taking the next index when it is done, and returns when all are done.
// Callers write results into slots of their own, indexed by i, so the
// outcome does not depend on scheduling.
func Each(n int, fn func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}
