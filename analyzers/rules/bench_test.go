package rules_test

import (
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/internal/gen"
	"github.com/trailint/trailint/scan"
)

// BenchmarkAnalyze is the analysis alone of a generated tree, loaded once:
// every rule over every trail, most of it key policy evaluation.
func BenchmarkAnalyze(b *testing.B) {
	tree := gen.Generate(gen.Config{Roots: 200, Templates: 200, Seed: 1})
	dir := b.TempDir()
	if err := tree.Write(dir); err != nil {
		b.Fatal(err)
	}
	res, err := scan.Run(dir, []string{dir}, scan.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if got := len(analyzers.Run(res.Graph, rules.All())); got != len(tree.Want) {
			b.Fatalf("%d findings, want %d", got, len(tree.Want))
		}
	}
}
