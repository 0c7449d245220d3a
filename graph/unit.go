package graph

import (
	"sort"
	"sync"
)

// Unit is what a loader hands over as soon as it has evaluated a part of the
// scan that stands alone: a Terraform root module with the modules it calls,
// a CloudFormation template, or the templates that nest or import from one
// another. Handing units over one at a time lets them be analysed and
// released while the loaders go on, so that memory does not grow with the
// tree.
type Unit struct {
	// ID names the unit among those of one scan.
	ID    string
	Graph *Graph
	// Shared lists the IDs of the resources other units may refer to: those
	// a CloudFormation template's exports name. References never cross
	// units otherwise.
	Shared []string
	// Context holds resources of other units that this unit's values refer
	// to (the keys a template imports, with what they refer to in turn):
	// there for lookups only, and analysed with their own unit.
	Context []*Resource
	// Reload evaluates the unit again, for when a resource of another unit
	// turns out to name one of this unit's (an alias or bucket by its name,
	// an import). Nil when the loader cannot: the graph is then kept.
	Reload func() *Graph
}

// Sink receives the units of a scan. Unit may be called from several
// goroutines at once.
type Sink interface {
	Unit(Unit)
	// Drop withdraws a unit handed over before: a directory evaluated as a
	// root module that another directory turned out to call, a template
	// evaluated alone that another turned out to nest.
	Drop(id string)
}

// Closure returns the resources of g with the given IDs and those they
// refer to, in turn, through their properties: what another unit needs to
// resolve a reference to them. Trails and event data stores are left out:
// nothing refers to them to learn about a key.
func Closure(g *Graph, ids []string) []*Resource {
	var out []*Resource
	seen := map[string]bool{}
	for len(ids) > 0 {
		id := ids[len(ids)-1]
		ids = ids[:len(ids)-1]
		r := g.Lookup(id)
		if seen[id] || r == nil || r.Kind == KindTrail || r.Kind == KindEventDataStore {
			continue
		}
		seen[id] = true
		out = append(out, r)
		for _, a := range r.Props {
			for _, ref := range a.Value.AllRefs() {
				ids = append(ids, ref.ID)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Collector is a Sink that keeps every unit and merges them into one graph:
// the whole tree at once, for tests and tools that want it.
type Collector struct {
	mu    sync.Mutex
	units map[string]*Graph
}

// Unit keeps u's graph; its context resources are kept with their own
// unit.
func (c *Collector) Unit(u Unit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.units == nil {
		c.units = map[string]*Graph{}
	}
	if old := c.units[u.ID]; old != nil {
		old.Merge(u.Graph)
		return
	}
	c.units[u.ID] = u.Graph
}

// Drop forgets the unit id.
func (c *Collector) Drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.units, id)
}

// Graph merges the units kept, in the order of their IDs, and sorts the
// result: it does not depend on the order units came in.
func (c *Collector) Graph() *Graph {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := make([]string, 0, len(c.units))
	for id := range c.units {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	parts := make([]*Graph, len(ids))
	for i, id := range ids {
		parts[i] = c.units[id]
	}
	return MergeAll(parts)
}

// MergeAll joins graphs in order. A file that several units read (a module
// two roots call) gives the same diagnostics, ignores and file entry in
// each: they are kept once.
func MergeAll(parts []*Graph) *Graph {
	g := &Graph{}
	diags := map[Diagnostic]bool{}
	ignores := map[Ignore]bool{}
	files := map[string]bool{}
	for _, p := range parts {
		g.Add(p.Resources...)
		for _, d := range p.Diagnostics {
			if !diags[d] {
				diags[d] = true
				g.Diagnostics = append(g.Diagnostics, d)
			}
		}
		for _, ig := range p.Ignores {
			if !ignores[ig] {
				ignores[ig] = true
				g.Ignores = append(g.Ignores, ig)
			}
		}
		for _, f := range p.Files {
			if !files[f] {
				files[f] = true
				g.Files = append(g.Files, f)
			}
		}
	}
	g.Sort()
	return g
}
