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
// trails the generator left without a key are reported, and nothing else,
// not even a note or a loader diagnostic.
func TestPipeline(t *testing.T) {
	tree := gen.Generate(gen.Config{Roots: 40, Templates: 40, Seed: 7})
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
	if len(want) == 0 || len(want) == tree.Trails {
		t.Errorf("%d of %d trails without a key: the tree does not test both cases", len(want), tree.Trails)
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
