package gen_test

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/analysistest"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/internal/gen"
	"github.com/trailint/trailint/scan"
)

// TestPipeline runs the whole pipeline on a generated tree: exactly the
// trails the generator left without a key are reported, and the findings
// of its groups of units that name each other (two of every kind of link),
// and nothing else, not even a loader diagnostic; unit by unit gives the
// same.
func TestPipeline(t *testing.T) {
	tree := gen.Generate(gen.Config{Roots: 40, Templates: 40, Seed: 7, Links: 2 * len(gen.Links())})
	dir := t.TempDir()
	if err := tree.Write(dir); err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(dir, []string{dir}, scan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Graph.Diagnostics {
		t.Errorf("loader diagnostic: %s: %s: %s", d.Range, d.Summary, d.Detail)
	}
	if got := len(res.Graph.Files); got != len(tree.Files) {
		t.Errorf("read %d files, want %d", got, len(tree.Files))
	}
	var got []string
	diags := analyzers.Run(res.Graph, rules.All())
	analysistest.SameAsStream(t, dir, rules.All(), scan.Options{}, res.Graph, diags)
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%s:%d:%d: %s", d.Range.File, d.Range.Start.Line, d.Range.Start.Column, d.Rule))
	}
	var want []string
	for _, w := range tree.Want {
		want = append(want, w.String())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	noKey := 0
	for _, w := range tree.Want {
		if w.Rule == "TL001" {
			noKey++
		}
	}
	if noKey == 0 || noKey == tree.Trails {
		t.Errorf("%d of %d trails without a key: the tree does not test both cases", noKey, tree.Trails)
	}
}

// TestDeterministic checks that a seed fixes the tree byte for byte, and
// that another seed changes it.
func TestDeterministic(t *testing.T) {
	c := gen.Config{Roots: 20, Templates: 20, Seed: 3}
	a, b := gen.Generate(c), gen.Generate(c)
	if !reflect.DeepEqual(a.Paths(), b.Paths()) || !reflect.DeepEqual(a.Want, b.Want) {
		t.Fatal("same seed, different trees")
	}
	for p, data := range a.Files {
		if !bytes.Equal(data, b.Files[p]) {
			t.Fatalf("%s differs between runs", p)
		}
	}
	c.Seed = 4
	if reflect.DeepEqual(gen.Generate(c).Want, a.Want) {
		t.Error("seeds 3 and 4 leave the same trails without a key")
	}
}

// TestShape checks the sizes the benchmark relies on: four Terraform files
// per root, one file per template, both template formats.
func TestShape(t *testing.T) {
	tree := gen.Generate(gen.Config{Roots: 3, Templates: 3, Seed: 1})
	want := []string{
		"cloudformation/g00/s0000.yaml",
		"cloudformation/g00/s0001.yaml",
		"cloudformation/g00/s0002.json",
	}
	for i := range 3 {
		d := gen.RootDir(i)
		want = append(want, d+"/key.tf", d+"/main.tf", d+"/modules/trail/main.tf", d+"/variables.tf")
	}
	if got := tree.Paths(); !reflect.DeepEqual(got, sortStrings(want)) {
		t.Errorf("paths:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(sortStrings(want), "\n"))
	}
}

func sortStrings(s []string) []string {
	out := append([]string(nil), s...)
	slices.Sort(out)
	return out
}

// TestLinks runs the whole pipeline on a group of units of each kind of
// link: the findings are exactly the generator's, whole tree and unit by
// unit, and the trail's file alone gives other findings, so that they come
// from across units.
func TestLinks(t *testing.T) {
	for _, l := range gen.Links() {
		t.Run(l.String(), func(t *testing.T) {
			tree := gen.LinkTree(l)
			dir := t.TempDir()
			if err := tree.Write(dir); err != nil {
				t.Fatal(err)
			}
			got := findings(t, dir, true)
			var want []string
			for _, w := range tree.Want {
				want = append(want, w.String())
			}
			if !reflect.DeepEqual(got, want) || len(want) == 0 {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			for _, p := range trailsAlone(t, tree, got) {
				t.Errorf("%s alone gives the findings of the tree: the link decides nothing", p)
			}
		})
	}
}

// trailsAlone lists the files of tree declaring a trail that, written
// alone, give the findings got of the whole tree: those whose findings do
// not depend on the other units.
func trailsAlone(t *testing.T, tree *gen.Tree, got []string) []string {
	t.Helper()
	var same []string
	for _, p := range tree.Paths() {
		data := tree.Files[p]
		if !bytes.Contains(data, []byte("aws_cloudtrail\"")) && !bytes.Contains(data, []byte("AWS::CloudTrail::")) {
			continue
		}
		alone := t.TempDir()
		if err := (&gen.Tree{Files: map[string][]byte{p: data}}).Write(alone); err != nil {
			t.Fatal(err)
		}
		if a := findings(t, alone, false); reflect.DeepEqual(a, got) {
			same = append(same, p)
		}
	}
	return same
}

// findings scans dir and runs every rule, checking that unit by unit gives
// the same, and lists the findings by position; no loader diagnostic is
// expected unless some are allowed.
func findings(t *testing.T, dir string, clean bool) []string {
	t.Helper()
	res, err := scan.Run(dir, []string{dir}, scan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Graph.Diagnostics {
		if clean {
			t.Errorf("loader diagnostic: %s: %s: %s", d.Range, d.Summary, d.Detail)
		}
	}
	diags := analyzers.Run(res.Graph, rules.All())
	analysistest.SameAsStream(t, dir, rules.All(), scan.Options{}, res.Graph, diags)
	var out []string
	for _, d := range diags {
		out = append(out, fmt.Sprintf("%s:%d:%d: %s", d.Range.File, d.Range.Start.Line, d.Range.Start.Column, d.Rule))
	}
	return out
}

// TestCross runs the whole pipeline on the trees of the seeds of Cross:
// unit by unit gives what the whole tree gives, and the trails' files
// alone give other findings, so that each seed looks something up across
// units.
func TestCross(t *testing.T) {
	for _, s := range gen.CrossSeeds() {
		t.Run(s.Name, func(t *testing.T) {
			tree := gen.Cross(s.Choices)
			if tree.Trails == 0 {
				t.Fatal("no trail")
			}
			dir := t.TempDir()
			if err := tree.Write(dir); err != nil {
				t.Fatal(err)
			}
			got := findings(t, dir, false)
			for _, p := range trailsAlone(t, tree, got) {
				t.Errorf("%s alone gives the findings of the tree: %v", p, got)
			}
		})
	}
}
