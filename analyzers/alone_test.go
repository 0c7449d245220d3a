package analyzers

import (
	"testing"

	"github.com/trailint/trailint/graph"
)

// lone reports every key that no trail of the pass's graph uses, as the
// rules report a key checked on its own.
var lone = &Analyzer{Name: "TL901", Run: func(p *Pass) {
	used := map[*graph.Resource]bool{}
	for _, r := range p.Graph.OfKind(graph.KindTrail) {
		for _, k := range p.Facts.Usage(r).Keys {
			used[k.Key] = true
		}
	}
	for _, r := range p.Graph.OfKind(graph.KindKey) {
		if !used[r] {
			p.ReportAlone(Diagnostic{Range: r.Header, Message: r.ID + " is used by no trail", Key: r.ID}, r.ID)
		}
	}
}}

// TestKeysAloneUnitByUnit checks that a key no trail of its own unit uses
// is reported alone only when no trail of another unit uses it either
// (through an alias name, an import), as analysing the whole tree gives.
func TestKeysAloneUnitByUnit(t *testing.T) {
	exported := resource("keys#exported", graph.KindKey, 2, nil)
	units := map[string]func() *graph.Graph{
		// Keys of no trail of their own unit.
		"keys": func() *graph.Graph {
			return unitOf(
				resource("keys#aliased", graph.KindKey, 1, nil),
				exported,
				resource("keys#lone", graph.KindKey, 3, nil),
				resource("keys#alias", graph.KindAlias, 4, map[graph.Prop]*graph.Value{graph.PropName: str("alias/shared"), graph.PropTargetKey: ref("keys#aliased")}),
			)
		},
		// A trail naming the alias of "keys", and a key of its own no
		// trail uses: the unit is looked at again, and its key's finding
		// stays.
		"named": func() *graph.Graph {
			return unitOf(
				resource("named#trail", graph.KindTrail, 1, map[graph.Prop]*graph.Value{graph.PropKMSKey: str("alias/shared")}),
				resource("named#lone", graph.KindKey, 2, nil),
			)
		},
		// A trail using the key "keys" exports.
		"imports": func() *graph.Graph {
			return unitOf(resource("imports#trail", graph.KindTrail, 1, map[graph.Prop]*graph.Value{graph.PropKMSKey: ref("keys#exported")}))
		},
		// A key held for lookups only, as a template's import, that no
		// trail of the unit uses: its own unit says what there is to say.
		"holds": func() *graph.Graph {
			return unitOf(resource("holds#trail", graph.KindTrail, 1, map[graph.Prop]*graph.Value{graph.PropKMSKey: str("alias/none")}))
		},
	}
	context := map[string][]*graph.Resource{"imports": {exported}, "holds": {exported}}
	for _, tc := range []struct {
		name  string
		units []string
		want  string
	}{
		{"used from other units", []string{"holds", "imports", "keys", "named"},
			"keys:3:1 keys#lone is used by no trail\nnamed:2:1 named#lone is used by no trail"},
		{"used from none", []string{"holds", "keys"},
			"keys:1:1 keys#aliased is used by no trail\nkeys:2:1 keys#exported is used by no trail\nkeys:3:1 keys#lone is used by no trail"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var parts []*graph.Graph
			for _, id := range tc.units {
				parts = append(parts, units[id]())
			}
			whole := render(Run(graph.MergeAll(parts), []*Analyzer{lone}))
			if whole != tc.want {
				t.Errorf("whole tree:\n%s\nwant:\n%s", whole, tc.want)
			}
			s := NewStream([]*Analyzer{lone})
			for _, id := range tc.units {
				u := graph.Unit{ID: id, Graph: units[id](), Context: context[id], Reload: units[id]}
				if id == "keys" {
					u.Shared = []string{"keys#exported"}
				}
				s.Unit(u)
			}
			s.Done()
			_, diags := s.Result()
			if got := render(diags); got != whole {
				t.Errorf("unit by unit:\n%s\nwhole tree:\n%s", got, whole)
			}
		})
	}
}
