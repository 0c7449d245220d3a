package scan_test

import (
	"runtime"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/internal/gen"
	"github.com/trailint/trailint/scan"
)

// BenchmarkRun is the whole check of a generated tree as the command runs
// it: walk, load both formats, analyse each unit as it is loaded. Doubling
// the tree should at most double the time per op; retained-MB grows with
// the findings and the names units provide, far slower than the tree.
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
			dir, size, want := writeTree(b, bc.roots, bc.templates)
			b.SetBytes(size)
			b.ReportAllocs()
			run := func() *analyzers.Stream {
				stream := analyzers.NewStream(rules.All())
				if _, err := scan.Run(dir, []string{dir}, scan.Options{Sink: stream}); err != nil {
					b.Fatal(err)
				}
				return stream
			}
			for b.Loop() {
				if _, diags := run().Result(); len(diags) != want {
					b.Fatalf("%d findings, want %d", len(diags), want)
				}
			}
			// What the run holds once every unit is in: the findings and
			// the index of names, not the tree.
			stream := run()
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "retained-MB")
			runtime.KeepAlive(stream)
		})
	}
}

// writeTree writes a generated tree and returns its size and how many
// findings it holds; the tree itself is not kept, so that the heap holds
// the run alone.
func writeTree(b *testing.B, roots, templates int) (dir string, size int64, want int) {
	tree := gen.Generate(gen.Config{Roots: roots, Templates: templates, Seed: 1})
	dir = b.TempDir()
	if err := tree.Write(dir); err != nil {
		b.Fatal(err)
	}
	return dir, tree.Size(), len(tree.Want)
}
