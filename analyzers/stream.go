package analyzers

import (
	"fmt"
	"sort"
	"sync"

	"github.com/trailint/trailint/graph"
)

// Stream analyses a scan unit by unit, as the loaders hand units over, and
// keeps of each only its findings, its loader diagnostics and the names
// other units could ask for. Memory then holds the units being evaluated,
// not the tree.
//
// A unit is analysed alone. Its results are final unless resolving one of
// its trails asked for something the unit does not hold and another unit
// turns out to provide it: an alias or a bucket named by a literal, a
// resource imported from another template. Those units, and the ones that
// provide what they asked for, are evaluated again once every unit is in
// and analysed together, which gives what analysing the whole tree at once
// gives. Such names across units are rare, so the second look is small.
type Stream struct {
	as       []*Analyzer
	mu       sync.Mutex
	units    map[string]*unitResult
	provided map[Demand][]string // what units provide -> their IDs
	// recheck holds the findings of the second look.
	recheck *unitResult
}

type unitResult struct {
	diags []Diagnostic
	// rest holds the unit's diagnostics (the loader's and those analysis
	// added), ignores and files; no resources.
	rest     *graph.Graph
	demands  []Demand
	provides []Demand
	reload   func() *graph.Graph
	// kept is the unit's graph when it provides names and cannot be
	// reloaded.
	kept *graph.Graph
}

// NewStream returns a Stream that runs the analyzers as.
func NewStream(as []*Analyzer) *Stream {
	return &Stream{as: as, units: map[string]*unitResult{}, provided: map[Demand][]string{}}
}

// Unit analyses u and keeps its results. It is safe to call from several
// goroutines: the analysis runs on the caller's.
func (s *Stream) Unit(u graph.Unit) {
	g := u.Graph
	if g == nil {
		g = &graph.Graph{}
	}
	facts := NewFacts(g)
	facts.demands = map[Demand]bool{}
	res := &unitResult{diags: run(facts, s.as), reload: u.Reload}
	res.rest = &graph.Graph{Diagnostics: g.Diagnostics, Ignores: g.Ignores, Files: g.Files}
	for d := range facts.demands {
		res.demands = append(res.demands, d)
	}
	res.provides = provides(g)
	if len(res.provides) > 0 && u.Reload == nil {
		res.kept = g
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	id := u.ID
	for n := 2; s.units[id] != nil; n++ {
		// Loaders give each unit its own ID; should two meet, both are kept.
		id = fmt.Sprintf("%s\x00%d", u.ID, n)
	}
	s.units[id] = res
	for _, d := range res.provides {
		s.provided[d] = append(s.provided[d], id)
	}
}

// Drop withdraws the unit id and everything it provided.
func (s *Stream) Drop(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	res := s.units[id]
	if res == nil {
		return
	}
	delete(s.units, id)
	for _, d := range res.provides {
		ids := s.provided[d]
		for i, x := range ids {
			if x == id {
				ids = append(ids[:i], ids[i+1:]...)
				break
			}
		}
		if len(ids) == 0 {
			delete(s.provided, d)
		} else {
			s.provided[d] = ids
		}
	}
}

// Done takes the second look: every unit is in, and the tree can still be
// read for reloads.
func (s *Stream) Done() {
	s.mu.Lock()
	defer s.mu.Unlock()
	needing := map[string]bool{}
	involved := map[string]bool{}
	for id, u := range s.units {
		for _, d := range u.demands {
			for _, p := range s.provided[d] {
				if p != id {
					needing[id] = true
					involved[id] = true
					involved[p] = true
				}
			}
		}
	}
	if len(needing) == 0 {
		return
	}
	ids := make([]string, 0, len(involved))
	for id := range involved {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	g := &graph.Graph{}
	var failed []graph.Diagnostic
	for _, id := range ids {
		u := s.units[id]
		ug := u.kept
		if ug == nil && u.reload != nil {
			ug = reload(u.reload)
		}
		if ug == nil {
			if needing[id] {
				// Its first results stand, short of what other units
				// provide.
				delete(needing, id)
			}
			failed = append(failed, graph.Diagnostic{Severity: graph.SevError,
				Summary: fmt.Sprintf("internal error: %s could not be evaluated again to resolve names across files", id)})
			continue
		}
		for _, r := range ug.Resources {
			// A providing unit's own trails have their results already.
			if needing[id] || r.Kind != graph.KindTrail && r.Kind != graph.KindEventDataStore {
				g.Add(r)
			}
		}
	}
	g.Sort()
	for id := range needing {
		s.units[id].diags = nil
	}
	s.recheck = &unitResult{diags: Run(g, s.as), rest: &graph.Graph{Diagnostics: append(g.Diagnostics, failed...)}}
}

// reload evaluates a unit again, turning a panic into nil.
func reload(fn func() *graph.Graph) (g *graph.Graph) {
	defer func() {
		if recover() != nil {
			g = nil
		}
	}()
	return fn()
}

// Result returns what the units gave, merged and sorted: a graph without
// resources holding every unit's diagnostics, ignores and files, and the
// findings.
func (s *Stream) Result() (*graph.Graph, []Diagnostic) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.units))
	for id := range s.units {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	parts := make([]*graph.Graph, 0, len(ids)+1)
	var diags []Diagnostic
	for _, id := range ids {
		u := s.units[id]
		parts = append(parts, u.rest)
		diags = append(diags, u.diags...)
	}
	if s.recheck != nil {
		parts = append(parts, s.recheck.rest)
		diags = append(diags, s.recheck.diags...)
	}
	Sort(diags)
	return graph.MergeAll(parts), diags
}

// provides lists what other units may ask of g: the IDs of the resources
// rules reach by reference, and alias and bucket names.
func provides(g *graph.Graph) []Demand {
	var out []Demand
	for _, r := range g.Resources {
		switch r.Kind {
		case graph.KindKey, graph.KindReplicaKey, graph.KindKeyPolicy, graph.KindPolicyDocument:
			out = append(out, Demand{DemandID, r.ID})
		case graph.KindAlias:
			out = append(out, Demand{DemandID, r.ID})
			if name, ok := r.Prop(graph.PropName).Value.KnownString(); ok {
				out = append(out, Demand{DemandAlias, name})
			}
		case graph.KindBucket:
			out = append(out, Demand{DemandID, r.ID})
			if name, ok := r.Prop(graph.PropName).Value.KnownString(); ok {
				out = append(out, Demand{DemandBucket, name})
			}
		}
	}
	return out
}
