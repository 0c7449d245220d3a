package policy

import "sync"

// scratch holds the buffers of one match: token lists, the rows of the
// structural matcher, two automata and the product search. Evaluating a
// document runs thousands of matches; reusing these buffers keeps each one
// from allocating.
type scratch struct {
	pt, vt    []tok
	cur, next []bool
	a, b      nfa
	seen      []uint64
	stack     []int32
}

// scratchKeep bounds the buffers a pooled scratch keeps: one grown by an
// unusually long text is dropped rather than held.
const scratchKeep = 1 << 14

var scratches = sync.Pool{New: func() any { return new(scratch) }}

func getScratch() *scratch { return scratches.Get().(*scratch) }

func putScratch(sc *scratch) {
	if cap(sc.seen) > scratchKeep || cap(sc.pt)+cap(sc.vt) > scratchKeep || len(sc.a.edges)+len(sc.b.edges) > scratchKeep {
		return
	}
	scratches.Put(sc)
}

// bools returns b resized to n, all false.
func bools(b []bool, n int) []bool {
	if cap(b) < n {
		return make([]bool, n)
	}
	b = b[:n]
	clear(b)
	return b
}
