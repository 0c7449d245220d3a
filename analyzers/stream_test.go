package analyzers

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
)

// usage reports, for every trail, the keys and bucket it resolves to: what
// a unit alone cannot always tell.
var usage = &Analyzer{Name: "TL900", Run: func(p *Pass) {
	for _, r := range p.Graph.OfKind(graph.KindTrail) {
		u := p.Facts.Usage(r)
		var keys []string
		for _, k := range u.Keys {
			keys = append(keys, k.Key.ID)
		}
		bucket := "-"
		if u.Bucket != nil {
			bucket = u.Bucket.ID
		}
		p.Report(Diagnostic{Range: r.Header, Message: fmt.Sprintf("%s keys %v bucket %s", r.ID, keys, bucket)})
	}
}}

func str(s string) *graph.Value { return graph.Str(s, graph.Range{}) }

func ref(id string) *graph.Value {
	v := str("")
	v.Type = graph.Unknown
	v.Refs = []graph.Ref{{ID: id}}
	return v
}

func resource(id string, kind graph.Kind, line int, props map[graph.Prop]*graph.Value) *graph.Resource {
	r := &graph.Resource{ID: id, Address: id, Kind: kind, Header: rng(strings.Split(id, "#")[0], line, 1, line, 2), Props: map[graph.Prop]*graph.Attr{}}
	for p, v := range props {
		r.Props[p] = &graph.Attr{Value: v}
	}
	return r
}

func unitOf(rs ...*graph.Resource) *graph.Graph {
	g := &graph.Graph{}
	g.Add(rs...)
	return g
}

// TestStreamGivesWhatTheWholeTreeGives hands units over one by one, some
// naming what others declare, and checks the findings against analysing
// all of them at once.
func TestStreamGivesWhatTheWholeTreeGives(t *testing.T) {
	shared := map[string][]string{"security": {"security#key"}}
	units := map[string]func() *graph.Graph{
		// Declares an alias, a key and a bucket, and a trail of its own.
		"security": func() *graph.Graph {
			return unitOf(
				resource("security#key", graph.KindKey, 1, nil),
				resource("security#alias", graph.KindAlias, 2, map[graph.Prop]*graph.Value{graph.PropName: str("alias/audit"), graph.PropTargetKey: ref("security#key")}),
				resource("security#bucket", graph.KindBucket, 3, map[graph.Prop]*graph.Value{graph.PropName: str("audit-logs")}),
				resource("security#trail", graph.KindTrail, 4, map[graph.Prop]*graph.Value{graph.PropKMSKey: ref("security#key"), graph.PropBucket: ref("security#bucket")}),
			)
		},
		// Names the alias and the bucket of "security".
		"audit": func() *graph.Graph {
			return unitOf(resource("audit#trail", graph.KindTrail, 1, map[graph.Prop]*graph.Value{
				graph.PropKMSKey: str("alias/audit"), graph.PropBucket: str("audit-logs")}))
		},
		// Imports the key of "security" by reference, as a template imports
		// an export of another.
		"import": func() *graph.Graph {
			return unitOf(resource("import#trail", graph.KindTrail, 1, map[graph.Prop]*graph.Value{graph.PropKMSKey: ref("security#key")}))
		},
		// Names a bucket of its own that nobody else declares: final alone.
		"alone": func() *graph.Graph {
			return unitOf(
				resource("alone#bucket", graph.KindBucket, 1, map[graph.Prop]*graph.Value{graph.PropName: str("alone-logs")}),
				resource("alone#trail", graph.KindTrail, 2, map[graph.Prop]*graph.Value{graph.PropKMSKey: str("alias/nobody"), graph.PropBucket: str("alone-logs")}))
		},
		// Names the alias too, and cannot be evaluated again (as templates
		// evaluated together): its graph is kept for the second look.
		"kept": func() *graph.Graph {
			return unitOf(resource("kept#trail", graph.KindTrail, 1, map[graph.Prop]*graph.Value{graph.PropKMSKey: str("alias/audit")}))
		},
		// Handed over, then withdrawn: its bucket must not make
		// "audit-logs" ambiguous.
		"dropped": func() *graph.Graph {
			return unitOf(resource("dropped#bucket", graph.KindBucket, 1, map[graph.Prop]*graph.Value{graph.PropName: str("audit-logs")}))
		},
	}
	var parts []*graph.Graph
	for _, id := range []string{"alone", "audit", "import", "kept", "security"} {
		parts = append(parts, units[id]())
	}
	want := render(Run(graph.MergeAll(parts), []*Analyzer{usage}))

	s := NewStream([]*Analyzer{usage})
	reloads := map[string]int{}
	for _, id := range []string{"import", "dropped", "audit", "kept", "alone", "security"} {
		u := graph.Unit{ID: id, Graph: units[id](), Shared: shared[id], Reload: func() *graph.Graph { reloads[id]++; return units[id]() }}
		if id == "kept" {
			u.Reload = nil
		}
		s.Unit(u)
	}
	s.Drop("dropped")
	s.Done()
	_, diags := s.Result()
	if got := render(diags); got != want {
		t.Errorf("unit by unit:\n%s\nwhole tree:\n%s", got, want)
	}
	for _, w := range []string{"audit#trail keys [security#key] bucket security#bucket", "import#trail keys [security#key] bucket -", "kept#trail keys [security#key]"} {
		if !strings.Contains(want, w) {
			t.Errorf("the whole tree does not give %q:\n%s", w, want)
		}
	}
	var again []string
	for id := range reloads {
		again = append(again, id)
	}
	sort.Strings(again)
	if fmt.Sprint(again) != "[audit import security]" {
		t.Errorf("evaluated again: %v, want the units that name others and those they name", again)
	}
}

func render(ds []Diagnostic) string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Range.String()+" "+d.Message)
	}
	return strings.Join(out, "\n")
}
