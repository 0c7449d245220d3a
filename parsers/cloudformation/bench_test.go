package cloudformation

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

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

// discard is a sink that keeps nothing, as a stream that analyses units and
// releases them.
type discard struct{ units atomic.Int64 }

func (d *discard) Unit(graph.Unit) { d.units.Add(1) }
func (*discard) Drop(string)       {}

// BenchmarkStreamImporters streams 500 templates that import a key one
// template exports: each is parsed twice (to learn that it imports, then to
// evaluate it once exports are known) and none is kept.
func BenchmarkStreamImporters(b *testing.B) {
	fsys := fstestFS{"base.yaml": "Resources:\n  Key:\n    Type: AWS::KMS::Key\nOutputs:\n  K:\n    Value: !GetAtt Key.Arn\n    Export: {Name: key}\n"}
	files := []string{"base.yaml"}
	for i := range 500 {
		f := fmt.Sprintf("s%03d.yaml", i)
		fsys[f] = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n" +
			"      IsLogging: true\n      S3BucketName: !Ref Bucket\n      KMSKeyId: !ImportValue key\n"
		files = append(files, f)
	}
	b.ReportAllocs()
	for b.Loop() {
		var d discard
		Stream(fsys.FS(), files, Options{}, &d)
		if n := d.units.Load(); n != 502 {
			b.Fatalf("%d units, want 502", n)
		}
	}
}

// fstestFS builds an in-memory file system from texts.
type fstestFS map[string]string

func (m fstestFS) FS() fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, text := range m {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}
