package cloudformation

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/gen"
)

// BenchmarkLoadGenerated loads generated YAML and JSON templates from disk;
// live-MB is the heap the graph keeps once loaded.
func BenchmarkLoadGenerated(b *testing.B) {
	for _, n := range []int{250, 500} {
		b.Run(fmt.Sprintf("%d-templates", n), func(b *testing.B) {
			tree := gen.Generate(gen.Config{Templates: n, Seed: 1})
			dir := b.TempDir()
			if err := tree.Write(dir); err != nil {
				b.Fatal(err)
			}
			var files []string
			for _, p := range tree.Paths() {
				if strings.HasPrefix(p, "cloudformation/") {
					files = append(files, p)
				}
			}
			fsys := os.DirFS(dir)
			b.SetBytes(tree.Size())
			b.ReportAllocs()
			var g *graph.Graph
			for b.Loop() {
				g = Load(fsys, files, Options{})
			}
			if got := len(g.OfKind(graph.KindTrail)); got != n {
				b.Fatalf("%d trails, want %d", got, n)
			}
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "live-MB")
			runtime.KeepAlive(g)
		})
	}
}
