package scan_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/bench/floor"
	"github.com/trailint/trailint/internal/budget"
	"github.com/trailint/trailint/internal/gen"
	"github.com/trailint/trailint/scan"
)

// BenchmarkBaseline is the whole check of the baseline tree as the command
// runs it: a root calling a dozen modules in each of 17 regions, four
// example roots calling the root, one trail. Compare with
// BenchmarkBaselineParseFloor on the same tree: the aim is within 3 times
// the floor, since only the trail's slice of the tree needs evaluating.
func BenchmarkBaseline(b *testing.B) {
	dir, tree, size := writeBaseline(b)
	b.SetBytes(size)
	b.ReportAllocs()
	var got []string
	for b.Loop() {
		got = distinctFindings(checkFiles(b, dir, []string{dir}))
		if len(got) != len(tree.Want) {
			b.Fatalf("findings %v, want %v", got, tree.Want)
		}
	}
	if want := wantStrings(tree); !slices.Equal(got, want) {
		b.Fatalf("findings %v, want %v", got, want)
	}
	// What the run holds once every unit is in.
	diags := checkFiles(b, dir, []string{dir})
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "retained-MB")
	runtime.KeepAlive(diags)
}

// BenchmarkBaselineParseFloor parses the baseline tree and does nothing
// else, on all cores: what bench/parsefloor measures.
func BenchmarkBaselineParseFloor(b *testing.B) {
	dir, _, size := writeBaseline(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		r, err := floor.Parse(dir)
		if err != nil || r.Failed > 0 || r.Bytes != size {
			b.Fatalf("%+v, %v: want %d bytes, none failed", r, err, size)
		}
	}
}

// BenchmarkBaselineFile is the pre-commit case: one changed file of the
// baseline named alone, analysed in the context of its directory; the aim
// is under 20 ms. The trail's module file brings findings; a file of an
// unrelated module, the common commit, must bring none.
func BenchmarkBaselineFile(b *testing.B) {
	dir, tree, _ := writeBaseline(b)
	want := wantStrings(tree)
	for _, bc := range []struct {
		name, file string
		some       bool
	}{
		{"trail-module", gen.BaselineTrailFile, true},
		{"unrelated-module", gen.BaselineUnrelatedFile, false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			file := filepath.Join(dir, filepath.FromSlash(bc.file))
			b.ReportAllocs()
			for b.Loop() {
				got := distinctFindings(checkFiles(b, dir, []string{file}))
				if (len(got) > 0) != bc.some {
					b.Fatalf("findings %v for %s alone", got, bc.file)
				}
				for _, g := range got {
					if !slices.Contains(want, g) {
						b.Fatalf("finding %s for %s alone, not one of %v", g, bc.file, want)
					}
				}
			}
		})
	}
}

// checkFiles runs the check as the command does: one budget, units
// analysed as they are loaded, and, for files named alone, only the
// findings that touch them.
func checkFiles(b *testing.B, root string, paths []string) []analyzers.Diagnostic {
	stream := analyzers.NewStream(rules.All())
	run := budget.New(budget.Limits{})
	stream.Budget = run
	res, err := scan.Run(root, paths, scan.Options{Sink: stream, Budget: run})
	if err != nil {
		b.Fatal(err)
	}
	_, diags := stream.Result()
	if res.Only == nil {
		return diags
	}
	return analyzers.Touching(diags, res.Named)
}

// writeBaseline writes the full baseline tree with both of its findings,
// and returns the size of the files trailint reads.
func writeBaseline(b *testing.B) (string, *gen.Tree, int64) {
	tree := gen.Baseline(gen.BaselineConfig{NoKey: true, NoDescribeKey: true})
	dir := b.TempDir()
	if err := tree.Write(dir); err != nil {
		b.Fatal(err)
	}
	var size int64
	for p, data := range tree.Files {
		if strings.HasSuffix(p, ".tf") {
			size += int64(len(data))
		}
	}
	return dir, tree, size
}

// distinctFindings lists the findings by rule and position, each once.
func distinctFindings(diags []analyzers.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, fmt.Sprintf("%s:%d:%d: %s", d.Range.File, d.Range.Start.Line, d.Range.Start.Column, d.Rule))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func wantStrings(tree *gen.Tree) []string {
	var out []string
	for _, w := range tree.Want {
		out = append(out, w.String())
	}
	return out
}
