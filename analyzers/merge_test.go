package analyzers

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
)

func reach(addr, root string, line int) Reach {
	return Reach{Kind: graph.KindTrail, Address: addr, Root: root, Range: rng(root+"/main.tf", line, 3, line, 20)}
}

// moduleReach is a trail of a module that root calls.
func moduleReach(root string) Reach {
	return Reach{Kind: graph.KindTrail, Address: "module.trail.aws_cloudtrail.t", Root: root, Range: rng("modules/trail/main.tf", 40, 3, 40, 20)}
}

// TestMergeOneFindingPerDefect merges findings of one rule at one place,
// reached from several roots and trails, and checks that the result names
// them all and does not depend on the order the findings came in.
func TestMergeOneFindingPerDefect(t *testing.T) {
	policyAt := rng("modules/trail/main.tf", 20, 3, 30, 4)
	member := func(root string, fixText string) Diagnostic {
		return Diagnostic{
			Rule: "TL010", Range: policyAt, Key: "TL010:modules/trail/main.tf:aws_kms_key.k:policy",
			Message: Trails + " cannot use key module.trail.aws_kms_key.k: the key policy does not let CloudTrail call kms:DescribeKey for " + Verb("it", "them") + ".",
			Related: []Related{{Range: rng("modules/trail/main.tf", 10, 1, 10, 30), Message: "the key module.trail.aws_kms_key.k"}},
			Reach:   []Reach{moduleReach(root)},
			Fix:     fixText,
		}
	}
	other := Diagnostic{Rule: "TL012", Range: policyAt, Key: "TL012:modules/trail/main.tf:aws_kms_key.k:readers", Message: "nobody can read the logs of " + Trails + ".",
		Reach: []Reach{moduleReach("b")}}
	elsewhere := Diagnostic{Rule: "TL010", Range: rng("x.tf", 1, 1, 1, 2), Key: "TL010:x.tf:aws_kms_key.x:policy", Message: Trails + " cannot.",
		Reach: []Reach{{Kind: graph.KindEventDataStore, Address: "aws_cloudtrail_event_data_store.s", Root: ".", Range: rng("x.tf", 9, 3, 9, 20)}}}
	// The key of another root's instance of the module, whose trail uses
	// it through a variable: another trail, at another place.
	root := member("d", "fix d")
	root.Reach = []Reach{reach("aws_cloudtrail.main", "d", 7)}
	ds := []Diagnostic{member("c", "fix c"), member("a", "fix a"), other, root, member("b", "fix b"), elsewhere}

	var first []Diagnostic
	for _, order := range [][]int{{0, 1, 2, 3, 4, 5}, {5, 4, 3, 2, 1, 0}, {2, 0, 5, 4, 1, 3}} {
		in := make([]Diagnostic, len(ds))
		for i, j := range order {
			in[i] = ds[j]
		}
		got := Merge(in, nil)
		if first == nil {
			first = got
			continue
		}
		if !reflect.DeepEqual(got, first) {
			t.Errorf("order %v gives\n%v\nwant\n%v", order, got, first)
		}
	}
	var lines []string
	for _, d := range first {
		lines = append(lines, fmt.Sprintf("%s %s %s | fix %q | related %v", d.Range, d.Rule, d.Message, d.Fix, d.Related))
	}
	want := []string{
		`modules/trail/main.tf:20:3 TL010 trails aws_cloudtrail.main (in root d) and module.trail.aws_cloudtrail.t (in roots a, b and c) cannot use key module.trail.aws_kms_key.k: the key policy does not let CloudTrail call kms:DescribeKey for them. | fix "fix d" | related [{modules/trail/main.tf:10:1 the key module.trail.aws_kms_key.k} {d/main.tf:7:3 the trail aws_cloudtrail.main} {modules/trail/main.tf:40:3 the trail module.trail.aws_cloudtrail.t (in roots a, b and c)}]`,
		`modules/trail/main.tf:20:3 TL012 nobody can read the logs of trail module.trail.aws_cloudtrail.t. | fix "" | related [{modules/trail/main.tf:40:3 the trail module.trail.aws_cloudtrail.t}]`,
		`x.tf:1:1 TL010 event data store aws_cloudtrail_event_data_store.s cannot. | fix "" | related [{x.tf:9:3 the event data store aws_cloudtrail_event_data_store.s}]`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if first[0].Key != ds[0].Key || len(first[0].Reach) != 4 {
		t.Errorf("key %q, reach %v", first[0].Key, first[0].Reach)
	}
}

// TestMergeCallsTheRule checks that a rule's Merge completes a merged
// finding, and that findings without a key merge only when they say the
// same.
func TestMergeCallsTheRule(t *testing.T) {
	at := rng("main.tf", 5, 3, 5, 9)
	var sizes []int
	a := &Analyzer{Name: "TL900", Merge: func(into *Diagnostic, group []Diagnostic) {
		sizes = append(sizes, len(group))
		var fixes []string
		for _, d := range group {
			fixes = append(fixes, d.Fix)
		}
		into.Fix = strings.Join(fixes, "+")
	}}
	ds := []Diagnostic{
		{Rule: "TL900", Range: at, Key: "k", Message: Trails + " " + Verb("is", "are") + " wrong", Fix: "b", Reach: []Reach{reach("aws_cloudtrail.b", ".", 2)}},
		{Rule: "TL900", Range: at, Key: "k", Message: Trails + " " + Verb("is", "are") + " wrong", Fix: "a", Reach: []Reach{reach("aws_cloudtrail.a", ".", 1)}},
		{Rule: "TL900", Range: at, Message: "same words"},
		{Rule: "TL900", Range: at, Message: "same words"},
		{Rule: "TL900", Range: at, Message: "other words"},
	}
	got := Merge(ds, []*Analyzer{a})
	var lines []string
	for _, d := range got {
		lines = append(lines, d.Message+" | "+d.Fix)
	}
	want := "other words | \nsame words | +\ntrails aws_cloudtrail.a and aws_cloudtrail.b are wrong | a+b"
	if strings.Join(lines, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), want)
	}
	if fmt.Sprint(sizes) != "[2 2]" {
		t.Errorf("Merge called with groups %v, want two of 2", sizes)
	}
}

func TestLocal(t *testing.T) {
	for in, want := range map[string]string{
		"aws_kms_key.k":    "aws_kms_key.k",
		"aws_kms_key.k[0]": "aws_kms_key.k",
		`module.a["x.y]"].module.b[0].aws_kms_key.this["k"]`:                    "aws_kms_key.this",
		"module.baseline.module.cloudtrail[0].data.aws_iam_policy_document.key": "data.aws_iam_policy_document.key",
		"TrailKey": "TrailKey",
	} {
		if got := Local(in); got != want {
			t.Errorf("Local(%q) = %q, want %q", in, got, want)
		}
	}
	if got := InModule(`module.a["x"].aws_kms_key.k[1]`); got != "aws_kms_key.k[1]" {
		t.Errorf("InModule: %q", got)
	}
}

// TestMergeUnifiesAddresses checks that a resource named by different
// addresses in the roots that reach one finding is named by its address
// within its module, in the message and the related locations, and that
// addresses all members agree on are kept.
func TestMergeUnifiesAddresses(t *testing.T) {
	keyAt := rng("modules/trail/main.tf", 50, 3, 50, 30)
	member := func(call, root string) Diagnostic {
		key := "module." + call + ".aws_kms_key.k[0]"
		return Diagnostic{Rule: "TL023", Range: keyAt, Key: "TL023:modules/trail/main.tf:aws_kms_key.k:rotation",
			Message: Trails + " " + Verb("uses", "use") + " key " + key + ", which does not rotate (module.shared.aws_kms_key.s stays).",
			Related: []Related{{Range: rng("modules/trail/main.tf", 45, 1, 45, 30), Message: "the key " + key}},
			Reach:   []Reach{{Kind: graph.KindTrail, Address: "module." + call + ".aws_cloudtrail.t[0]", Root: root, Range: rng("modules/trail/main.tf", 40, 3, 40, 20)}}}
	}
	got := Merge([]Diagnostic{member("a", "r1"), member("b", "r2")}, nil)
	if len(got) != 1 {
		t.Fatalf("%d findings, want 1", len(got))
	}
	want := "trails module.a.aws_cloudtrail.t[0] (in root r1) and module.b.aws_cloudtrail.t[0] (in root r2) use key aws_kms_key.k, which does not rotate (module.shared.aws_kms_key.s stays)."
	if got[0].Message != want {
		t.Errorf("message %q\nwant %q", got[0].Message, want)
	}
	if r := got[0].Related[0]; r.Message != "the key aws_kms_key.k" {
		t.Errorf("related %q", r.Message)
	}
	one := Merge([]Diagnostic{member("a", "r1")}, nil)
	if want := "trail module.a.aws_cloudtrail.t[0] uses key module.a.aws_kms_key.k[0], which does not rotate (module.shared.aws_kms_key.s stays)."; one[0].Message != want {
		t.Errorf("one root: %q\nwant %q", one[0].Message, want)
	}
}
