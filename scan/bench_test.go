package scan_test

import (
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/internal/gen"
	"github.com/trailint/trailint/scan"
)

// BenchmarkRun is the whole check of a generated tree: walk, load both
// formats, run every rule. Doubling the tree should at most double the
// time per op.
func BenchmarkRun(b *testing.B) {
	for _, bc := range []struct {
		name             string
		roots, templates int
	}{
		{"small", 1, 1},
		{"200+200", 200, 200},
		{"400+400", 400, 400},
	} {
		b.Run(bc.name, func(b *testing.B) {
			tree := gen.Generate(gen.Config{Roots: bc.roots, Templates: bc.templates, Seed: 1})
			dir := b.TempDir()
			if err := tree.Write(dir); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(tree.Size())
			b.ReportAllocs()
			for b.Loop() {
				res, err := scan.Run(dir, []string{dir}, scan.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if got := len(analyzers.Run(res.Graph, rules.All())); got != len(tree.Want) {
					b.Fatalf("%d findings, want %d", got, len(tree.Want))
				}
			}
		})
	}
}
