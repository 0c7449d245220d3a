package terraform

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/gen"
)

// BenchmarkLoadGenerated loads generated roots, each calling a local
// module, from disk; live-MB is the heap the graph keeps once loaded.
// Doubling the roots should double the time and the live heap, and leave
// the peak of the loader itself flat.
func BenchmarkLoadGenerated(b *testing.B) {
	for _, n := range []int{100, 200, 400} {
		b.Run(fmt.Sprintf("%d-roots", n), func(b *testing.B) {
			tree := gen.Generate(gen.Config{Roots: n, Seed: 1})
			dir := b.TempDir()
			if err := tree.Write(dir); err != nil {
				b.Fatal(err)
			}
			dirs := map[string]bool{}
			for p := range tree.Files {
				if strings.HasSuffix(p, ".tf") {
					dirs[p[:strings.LastIndexByte(p, '/')]] = true
				}
			}
			var list []string
			for d := range dirs {
				list = append(list, d)
			}
			sort.Strings(list)
			fsys := os.DirFS(dir)
			b.SetBytes(tree.Size())
			b.ReportAllocs()
			var g *graph.Graph
			for b.Loop() {
				g = Load(fsys, list, Options{})
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
