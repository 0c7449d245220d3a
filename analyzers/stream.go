package analyzers

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// Stream analyses a scan unit by unit, as the loaders hand units over, and
// keeps of each only its findings, its loader diagnostics and the names
// other units could ask for. Memory then holds the units being evaluated,
// not the tree.
//
// A unit is analysed alone, with the resources of other units it imports
// (Unit.Context). Its results are final unless resolving one of its trails
// looked up a name that another unit turns out to provide: an alias or a
// bucket named by a literal, a bucket's encryption settings declared in
// another root, a resource imported from another template. Every such
// lookup is one of the indexes of Facts, and what a unit provides is read
// from the same table, so none is missed. Once every unit is in, each unit
// that asked is evaluated again and analysed with the units that provide
// what it asked for, and with those that provide what that analysis asks
// in turn, which gives what analysing the whole tree at once gives. Such
// names across units are rare, so the second look is small.
type Stream struct {
	as    []*Analyzer
	mu    sync.Mutex
	units map[string]*unitResult
	// provided maps what units provide to the first unit that provides it;
	// more holds the others, which are rare: the index stays small.
	provided map[Demand]string
	more     map[Demand][]string
	// recheck holds the findings of the second look.
	recheck *unitResult
	// Budget bounds the policy matching of the run; nil means a budget of
	// the stream's own, with the default limits.
	Budget *budget.Run
	own    sync.Once
}

type unitResult struct {
	diags []Diagnostic
	// problems, ignores and files are the unit's, as the loader gave them;
	// found are the problems analysis met (in policy documents), which a
	// second look finds anew.
	problems []graph.Diagnostic
	found    []graph.Diagnostic
	ignores  []graph.Ignore
	files    []string
	demands  []Demand
	reload   func() *graph.Graph
	// kept is the unit's graph when it provides or asks for names and
	// cannot be reloaded.
	kept *graph.Graph
	// uses are the keys of other units its trails use (see alone.go).
	uses []string
}

// NewStream returns a Stream that runs the analyzers as.
func NewStream(as []*Analyzer) *Stream {
	return &Stream{as: as, units: map[string]*unitResult{}, provided: map[Demand]string{}, more: map[Demand][]string{}}
}

// Unit analyses u and keeps its results. It is safe to call from several
// goroutines: the analysis runs on the caller's.
func (s *Stream) Unit(u graph.Unit) {
	g := u.Graph
	if g == nil {
		g = &graph.Graph{}
	}
	provides := provides(g, u.Shared)
	for _, r := range u.Context {
		// Resources of other units, for lookups: the keys a template
		// imports. Their own unit analyses and provides them.
		if r.Kind != graph.KindTrail && r.Kind != graph.KindEventDataStore && g.Lookup(r.ID) == nil {
			g.Add(r)
		}
	}
	// In the order of the whole tree's graph: where two resources compete
	// (two policies for one key), the same one wins.
	g.Sort()
	facts := newFacts(g, s.budget())
	facts.demands = map[Demand]bool{}
	loaded := len(g.Diagnostics)
	diags := run(facts, s.as) // adds the problems it meets to g.Diagnostics
	res := &unitResult{diags: diags, reload: u.Reload, problems: g.Diagnostics[:loaded:loaded], found: g.Diagnostics[loaded:],
		ignores: g.Ignores, files: g.Files}
	res.diags, res.uses = contextAlone(facts, res.diags, u.Context)
	for d := range facts.demands {
		res.demands = append(res.demands, d)
	}
	if u.Reload == nil && len(provides)+len(res.demands) > 0 {
		// Another look may need it, and it cannot be evaluated again.
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
	for _, d := range provides {
		if _, ok := s.provided[d]; ok {
			s.more[d] = append(s.more[d], id)
		} else {
			s.provided[d] = id
		}
	}
}

// budget is the run's budget: Budget, or one of the stream's own.
func (s *Stream) budget() *budget.Run {
	s.own.Do(func() {
		if s.Budget == nil {
			s.Budget = budget.New(budget.Limits{})
		}
	})
	return s.Budget
}

// providers returns the units that provide d.
func (s *Stream) providers(d Demand) []string {
	first, ok := s.provided[d]
	if !ok {
		return nil
	}
	return append([]string{first}, s.more[d]...)
}

// Drop withdraws the unit id (every part of it, if it came more than once)
// and everything it provided. Units are withdrawn rarely, so the index is
// searched rather than kept by unit.
func (s *Stream) Drop(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for n := 1; ; n++ {
		key := id
		if n > 1 {
			key = fmt.Sprintf("%s\x00%d", id, n)
		}
		if s.units[key] == nil {
			return
		}
		s.drop(key)
	}
}

// drop removes one unit and what it provided.
func (s *Stream) drop(id string) {
	delete(s.units, id)
	for d, first := range s.provided {
		more := slices.DeleteFunc(s.more[d], func(x string) bool { return x == id })
		switch {
		case first != id:
			s.more[d] = more
		case len(more) == 0:
			delete(s.provided, d)
		default:
			s.provided[d], s.more[d] = more[0], more[1:]
		}
		if len(s.more[d]) == 0 {
			delete(s.more, d)
		}
	}
}

// Done takes the second look: every unit is in, and the tree can still be
// read for reloads. Each unit whose results another unit could change is
// analysed again with the units that provide what it asked for, one at a
// time, so that memory holds one such group, not all of them.
func (s *Stream) Done() {
	s.mu.Lock()
	defer s.mu.Unlock()
	type group struct {
		id        string
		providers []string
		key       string
	}
	var groups []group
	for id, u := range s.units {
		gr := group{id: id, providers: s.answering(id, u.demands, nil)}
		if len(gr.providers) == 0 {
			continue
		}
		gr.key = strings.Join(gr.providers, "\x00")
		groups = append(groups, gr)
	}
	if len(groups) == 0 {
		return
	}
	// Units that ask the same units come one after the other, so that
	// those are evaluated again once for all of them.
	sort.Slice(groups, func(i, j int) bool {
		if groups[i].key != groups[j].key {
			return groups[i].key < groups[j].key
		}
		return groups[i].id < groups[j].id
	})
	s.recheck = &unitResult{}
	cache := map[string]*graph.Graph{}
	var cached []string
	load := func(id string) *graph.Graph {
		if g, ok := cache[id]; ok {
			return g
		}
		u := s.units[id]
		g := u.kept
		if g == nil && u.reload != nil {
			g = reload(u.reload)
		}
		if g == nil {
			s.recheck.problems = append(s.recheck.problems, graph.Diagnostic{Severity: graph.SevError, Class: graph.ClassInternal,
				Summary: fmt.Sprintf("internal error: %s could not be evaluated again to resolve names across files", id)})
		}
		if len(cached) == maxReloaded {
			delete(cache, cached[0])
			cached = cached[1:]
		}
		cache[id] = g
		cached = append(cached, id)
		return g
	}
	for _, gr := range groups {
		own := load(gr.id)
		if own == nil {
			continue // its first results stand
		}
		providers := gr.providers
		for {
			g := &graph.Graph{}
			g.Add(own.Resources...)
			for _, p := range providers {
				pg := load(p)
				if pg == nil {
					continue
				}
				for _, r := range pg.Resources {
					// A provider's own trails have their results already; a
					// resource may come as the context of several units.
					if r.Kind != graph.KindTrail && r.Kind != graph.KindEventDataStore && g.Lookup(r.ID) == nil {
						g.Add(r)
					}
				}
			}
			g.Sort()
			facts := newFacts(g, s.budget())
			facts.demands = map[Demand]bool{}
			diags := run(facts, s.as)
			// What a provider holds can lead to lookups the unit alone
			// could not make (the encryption settings of a bucket found
			// by name): when other units answer them, once more with
			// those too, until nothing new is asked.
			more := s.answering(gr.id, slices.Collect(maps.Keys(facts.demands)), providers)
			if len(more) > 0 {
				// Said once in the run: a second try would not say it.
				s.recheck.problems = append(s.recheck.problems, slices.DeleteFunc(g.Diagnostics, func(d graph.Diagnostic) bool { return d.Class != graph.ClassBudget })...)
				providers = append(slices.Clone(providers), more...)
				sort.Strings(providers)
				continue
			}
			// Keys alone keep their first look (see alone.go).
			first, _ := partAlone(s.units[gr.id].diags)
			_, diags = partAlone(diags)
			s.recheck.uses = append(s.recheck.uses, usedKeys(facts, func(string) bool { return true })...)
			s.units[gr.id].diags, s.units[gr.id].found = first, nil
			s.recheck.diags = append(s.recheck.diags, diags...)
			s.recheck.problems = append(s.recheck.problems, g.Diagnostics...)
			break
		}
	}
}

// answering returns, sorted, the units other than id and those of have
// that provide what demands ask.
func (s *Stream) answering(id string, demands []Demand, have []string) []string {
	set := map[string]bool{}
	for _, d := range demands {
		for _, p := range s.providers(d) {
			if p != id && !slices.Contains(have, p) {
				set[p] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// maxReloaded is how many units evaluated again are kept for the units
// that ask them next.
const maxReloaded = 8

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
// findings, one per defect however many units reach it.
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
	used := map[string]bool{}
	for _, id := range ids {
		u := s.units[id]
		parts = append(parts, &graph.Graph{Diagnostics: append(slices.Clip(u.problems), u.found...), Ignores: u.ignores, Files: u.files})
		diags = append(diags, u.diags...)
		for _, k := range u.uses {
			used[k] = true
		}
	}
	if s.recheck != nil {
		parts = append(parts, &graph.Graph{Diagnostics: s.recheck.problems})
		diags = append(diags, s.recheck.diags...)
		for _, k := range s.recheck.uses {
			used[k] = true
		}
	}
	return graph.MergeAll(parts), Merge(dropUsed(diags, used), s.as)
}

// provides lists what other units may look up in g: every name the
// indexes of Facts find a resource of g under, those of an exported index
// only for the resources the unit shares.
func provides(g *graph.Graph, shared []string) []Demand {
	share := map[string]bool{}
	for _, id := range shared {
		share[id] = true
	}
	var out []Demand
	for _, r := range g.Resources {
		for k, ix := range indexes {
			if ix.names == nil || ix.exported && !share[r.ID] {
				continue
			}
			for _, name := range ix.names(g, r) {
				out = append(out, Demand{DemandKind(k), name})
			}
		}
	}
	return out
}
