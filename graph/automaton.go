package graph

import "sync"

// Character classes label automaton edges.
type classKind uint8

const (
	cExact     classKind = iota
	cAny                 // any character
	cNotColon            // a wildcard inside an ARN field
	cDigit               // 0-9
	cLower               // a-z
	cName                // anything but '/' and ':'
	cTrailName           // ASCII letters, digits, '.', '_', '-'
)

type class struct {
	kind classKind
	r    rune
}

func (c class) has(r rune) bool {
	switch c.kind {
	case cExact:
		return c.r == r
	case cAny:
		return true
	case cNotColon:
		return r != ':'
	case cDigit:
		return r >= '0' && r <= '9'
	case cLower:
		return r >= 'a' && r <= 'z'
	case cName:
		return r != '/' && r != ':'
	case cTrailName:
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'
	}
	return false
}

// overlap reports whether some character is in both classes. Every
// non-exact class holds '0' or 'a', and those that hold one but not the
// other (digits, lower-case letters) hold nothing in common; so two
// non-exact classes overlap exactly when they share one of the two.
func overlap(a, b class) bool {
	if a.kind == cExact {
		return b.has(a.r)
	}
	if b.kind == cExact {
		return a.has(b.r)
	}
	return a.has('0') && b.has('0') || a.has('a') && b.has('a')
}

type edge struct {
	c  class
	to int32
}

// nfa is a nondeterministic automaton whose start state is 0.
type nfa struct {
	edges [][]edge
	eps   [][]int32
	end   int32
}

func (n *nfa) reset() { n.edges, n.eps = n.edges[:0], n.eps[:0] }

// add appends a state, reusing the edge lists of an earlier automaton
// built in the same buffers.
func (n *nfa) add() int32 {
	i := len(n.edges)
	if i < cap(n.edges) {
		n.edges = n.edges[:i+1]
		n.edges[i] = n.edges[i][:0]
	} else {
		n.edges = append(n.edges, nil)
	}
	if i < cap(n.eps) {
		n.eps = n.eps[:i+1]
		n.eps[i] = n.eps[i][:0]
	} else {
		n.eps = append(n.eps, nil)
	}
	return int32(i)
}

func (n *nfa) edge(from int32, c class, to int32) {
	n.edges[from] = append(n.edges[from], edge{c, to})
}

// loop appends "c*" after cur on a fresh state, so that loops of
// consecutive pieces never share a state (which would widen the language).
func (n *nfa) loop(cur int32, c class) int32 {
	s := n.add()
	n.eps[cur] = append(n.eps[cur], s)
	n.edge(s, c, s)
	return s
}

// chain appends one c then c*: a non-empty run.
func (n *nfa) chain(cur int32, c class) int32 {
	s := n.add()
	n.edge(cur, c, s)
	return n.loop(s, c)
}

// run appends exactly k characters of c.
func (n *nfa) run(cur int32, c class, k int) int32 {
	for range k {
		s := n.add()
		n.edge(cur, c, s)
		cur = s
	}
	return cur
}

// accepts reports whether the automaton accepts s, by the subset
// construction on the fly.
func (n *nfa) accepts(s string) bool {
	cur := n.closure([]int32{0})
	for _, r := range s {
		var next []int32
		for _, i := range cur {
			for _, e := range n.edges[i] {
				if e.c.has(r) {
					next = append(next, e.to)
				}
			}
		}
		if len(next) == 0 {
			return false
		}
		cur = n.closure(next)
	}
	for _, i := range cur {
		if i == n.end {
			return true
		}
	}
	return false
}

// closure adds to states those their empty edges reach, each once.
func (n *nfa) closure(states []int32) []int32 {
	seen := make(map[int32]bool, len(states))
	var out []int32
	for len(states) > 0 {
		i := states[len(states)-1]
		states = states[:len(states)-1]
		if seen[i] {
			continue
		}
		seen[i] = true
		out = append(out, i)
		states = append(states, n.eps[i]...)
	}
	return out
}

// shortest is the fewest characters on a path from the start to the end,
// found by relaxing every edge until nothing shortens (empty edges cost
// nothing); it is asked only of the small automata of domains.
func (n *nfa) shortest() int {
	dist := make([]int, len(n.edges))
	for i := range dist {
		dist[i] = -1
	}
	dist[0] = 0
	relax := func(to int32, d int) bool {
		if dist[to] >= 0 && dist[to] <= d {
			return false
		}
		dist[to] = d
		return true
	}
	for changed := true; changed; {
		changed = false
		for i := range n.edges {
			if dist[i] < 0 {
				continue
			}
			for _, j := range n.eps[i] {
				changed = relax(j, dist[i]) || changed
			}
			for _, e := range n.edges[i] {
				changed = relax(e.to, dist[i]+1) || changed
			}
		}
	}
	return dist[n.end]
}

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
