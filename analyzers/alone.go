package analyzers

import (
	"slices"

	"github.com/trailint/trailint/graph"
)

// A key that no trail of the graph uses is checked on its own, for any
// trail that will use it (package orphan). Whether a trail uses a key is
// known only of the trails that are analysed with it: analysing the whole
// tree, every trail; analysing unit by unit, a key of one unit may be used
// by a trail of another (through an alias name, an import). So a Stream
// keeps such findings aside with the key they are about, notes the keys of
// other units that each unit's trails use, and keeps the findings of a key
// only if no unit uses it, which gives what the whole tree gives.

// ReportAlone records a finding about a key that no trail or event data
// store of the pass's graph uses: key is the ID of the key (or of the key
// policy whose key is not in the scan).
func (p *Pass) ReportAlone(d Diagnostic, key string) {
	d.alone = key
	p.Report(d)
}

// usedKeys returns, sorted, the IDs of the keys that the trails and event
// data stores resolved with f use, among those other says are of another
// unit.
func usedKeys(f *Facts, other func(id string) bool) []string {
	var out []string
	for _, u := range f.usage {
		for _, k := range u.Keys {
			if other(k.Key.ID) {
				out = append(out, k.Key.ID)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// partAlone splits findings into those about keys alone and the others.
func partAlone(ds []Diagnostic) (alone, rest []Diagnostic) {
	for _, d := range ds {
		if d.alone != "" {
			alone = append(alone, d)
		} else {
			rest = append(rest, d)
		}
	}
	return alone, rest
}

// dropUsed removes the findings about keys alone whose key used holds.
func dropUsed(ds []Diagnostic, used map[string]bool) []Diagnostic {
	return slices.DeleteFunc(ds, func(d Diagnostic) bool { return d.alone != "" && used[d.alone] })
}

// contextAlone drops the findings about keys alone that are resources of
// other units (ctx, held for lookups), which their own unit checks, and
// returns with the rest the keys of ctx the unit's trails use.
func contextAlone(f *Facts, ds []Diagnostic, ctx []*graph.Resource) ([]Diagnostic, []string) {
	if len(ctx) == 0 {
		return ds, nil
	}
	other := map[string]bool{}
	for _, r := range ctx {
		other[r.ID] = true
	}
	ds = slices.DeleteFunc(ds, func(d Diagnostic) bool { return d.alone != "" && other[d.alone] })
	return ds, usedKeys(f, func(id string) bool { return other[id] })
}
