package analyzers

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
)

// usage reports, for every trail, the keys and bucket it resolves to, where
// the keys' policies are written and whether the bucket uses an S3 Bucket
// Key: what a unit alone cannot always tell.
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
		var policies []string
		for _, k := range u.Keys {
			_, holder := p.Facts.PolicyOf(k.Key)
			policies = append(policies, holder.ID)
		}
		on, known := p.Facts.BucketKey(u)
		p.Report(Diagnostic{Range: r.Header, Message: fmt.Sprintf("%s keys %v policies %v bucket %s bucket key %t known %t", r.ID, keys, policies, bucket, on, known)})
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

func boolean(b bool) *graph.Value { return &graph.Value{Type: graph.Bool, Bool: b} }

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
		// Declares an alias, a key, its policy apart from it and a bucket,
		// and a trail of its own.
		"security": func() *graph.Graph {
			return unitOf(
				resource("security#key", graph.KindKey, 1, nil),
				resource("security#alias", graph.KindAlias, 2, map[graph.Prop]*graph.Value{graph.PropName: str("alias/audit"), graph.PropTargetKey: ref("security#key")}),
				resource("security#bucket", graph.KindBucket, 3, map[graph.Prop]*graph.Value{graph.PropName: str("audit-logs")}),
				resource("security#trail", graph.KindTrail, 4, map[graph.Prop]*graph.Value{graph.PropKMSKey: ref("security#key"), graph.PropBucket: ref("security#bucket")}),
				resource("security#policy", graph.KindKeyPolicy, 5, map[graph.Prop]*graph.Value{graph.PropTargetKey: ref("security#key")}),
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
		// Sets the encryption of the bucket "audit-logs" of "security" by
		// its name, with an S3 Bucket Key, and the policy of the key of
		// "chained" by its ID.
		"storage": func() *graph.Graph {
			return unitOf(
				resource("storage#sse", graph.KindBucketEncryption, 1, map[graph.Prop]*graph.Value{graph.PropBucket: str("audit-logs"),
					graph.PropBucketKey: boolean(true), graph.PropSSE: str("aws:kms")}),
				resource("storage#sse-chain", graph.KindBucketEncryption, 2, map[graph.Prop]*graph.Value{graph.PropBucket: str("chain-logs"),
					graph.PropBucketKey: boolean(true), graph.PropSSE: str("aws:kms")}))
		},
		// Declares the bucket "chain-logs", whose encryption "storage"
		// sets: only once "chained" is looked at with "bucket" does it ask
		// for it.
		"bucket": func() *graph.Graph {
			return unitOf(resource("bucket#bucket", graph.KindBucket, 1, map[graph.Prop]*graph.Value{graph.PropName: str("chain-logs")}))
		},
		"chained": func() *graph.Graph {
			return unitOf(
				resource("chained#key", graph.KindKey, 1, nil),
				resource("chained#trail", graph.KindTrail, 2, map[graph.Prop]*graph.Value{graph.PropKMSKey: ref("chained#key"), graph.PropBucket: str("chain-logs")}))
		},
		// Sets the encryption of a bucket it names by a variable: any
		// bucket without settings of its own may be that one.
		"untied": func() *graph.Graph {
			return unitOf(resource("untied#sse", graph.KindBucketEncryption, 1, map[graph.Prop]*graph.Value{graph.PropBucket: graph.UnknownValue("var.bucket", graph.Range{}),
				graph.PropBucketKey: boolean(true), graph.PropSSE: str("aws:kms")}))
		},
		// Handed over, then withdrawn: its bucket must not make
		// "audit-logs" ambiguous.
		"dropped": func() *graph.Graph {
			return unitOf(resource("dropped#bucket", graph.KindBucket, 1, map[graph.Prop]*graph.Value{graph.PropName: str("audit-logs")}))
		},
	}
	var parts []*graph.Graph
	for _, id := range []string{"alone", "audit", "bucket", "chained", "import", "kept", "security", "storage", "untied"} {
		parts = append(parts, units[id]())
	}
	want := render(Run(graph.MergeAll(parts), []*Analyzer{usage}))

	s := NewStream([]*Analyzer{usage})
	reloads := map[string]int{}
	for _, id := range []string{"import", "dropped", "audit", "chained", "kept", "alone", "storage", "security", "bucket", "untied"} {
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
	for _, w := range []string{
		// An alias, a key policy, a bucket and its encryption settings,
		// each from another unit.
		"audit#trail keys [security#key] policies [security#policy] bucket security#bucket bucket key true known true",
		"import#trail keys [security#key] policies [security#policy] bucket -",
		"kept#trail keys [security#key] policies [security#policy] bucket -",
		// Encryption settings that only the bucket found in another unit
		// leads to.
		"chained#trail keys [chained#key] policies [chained#key] bucket bucket#bucket bucket key true known true",
		// Settings of some bucket, maybe this one.
		"alone#trail keys [] policies [] bucket alone#bucket bucket key false known false",
	} {
		if !strings.Contains(want, w) {
			t.Errorf("the whole tree does not give %q:\n%s", w, want)
		}
	}
	var again []string
	for id := range reloads {
		again = append(again, id)
	}
	sort.Strings(again)
	if fmt.Sprint(again) != "[alone audit bucket chained import security storage untied]" {
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

// TestEveryLookupIsIndexed checks that every kind of lookup has its index,
// so that what a unit provides is known for each, and that a unit provides
// every name its own facts find a resource under.
func TestEveryLookupIsIndexed(t *testing.T) {
	for k := DemandKind(1); k < demandKinds; k++ {
		if indexes[k].names == nil {
			t.Errorf("lookup kind %d has no index", k)
		}
	}
	g := unitOf(
		resource("u#key", graph.KindKey, 1, nil),
		resource("u#alias", graph.KindAlias, 2, map[graph.Prop]*graph.Value{graph.PropName: str("alias/a"), graph.PropTargetKey: ref("u#key")}),
		resource("u#policy", graph.KindKeyPolicy, 3, map[graph.Prop]*graph.Value{graph.PropTargetKey: ref("u#key")}),
		resource("u#bucket", graph.KindBucket, 4, map[graph.Prop]*graph.Value{graph.PropName: str("b")}),
		resource("u#sse", graph.KindBucketEncryption, 5, map[graph.Prop]*graph.Value{graph.PropBucket: ref("u#bucket")}),
		resource("u#sse-name", graph.KindBucketEncryption, 6, map[graph.Prop]*graph.Value{graph.PropBucket: str("c")}),
		resource("u#sse-untied", graph.KindBucketEncryption, 7, map[graph.Prop]*graph.Value{graph.PropBucket: graph.UnknownValue("var.b", graph.Range{})}),
	)
	got := map[Demand]bool{}
	for _, d := range provides(g, []string{"u#key"}) {
		got[d] = true
	}
	f := NewFacts(g)
	for k, names := range f.index {
		for name := range names {
			if d := (Demand{DemandKind(k), name}); !got[d] && !(k == int(DemandID) && name != "u#key") {
				t.Errorf("the facts find %v, which the unit does not provide", d)
			}
		}
	}
	for _, want := range []Demand{{DemandID, "u#key"}, {DemandAlias, "alias/a"}, {DemandBucket, "b"}, {DemandEncryption, "u#bucket"},
		{DemandEncryptionName, "c"}, {DemandUntiedEncryption, ""}, {DemandKeyPolicy, "u#key"}} {
		if !got[want] {
			t.Errorf("%v not provided; provided: %v", want, got)
		}
	}
	if got[Demand{DemandID, "u#bucket"}] {
		t.Error("a resource the unit does not share is provided by ID")
	}
}
