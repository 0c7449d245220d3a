package scan

import (
	"bytes"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/report"
)

// render scans paths under root and writes the findings in format: unit
// by unit as the command does, or, when whole is set, from the whole graph
// at once.
func render(t *testing.T, root string, paths []string, format string, whole bool) []byte {
	t.Helper()
	all := rules.All()
	opts := Options{Region: "us-east-1"}
	stream := analyzers.NewStream(all)
	if !whole {
		opts.Sink = stream
	}
	res, err := Run(root, paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	var g *graph.Graph
	var diags []analyzers.Diagnostic
	if whole {
		g = res.Graph
		diags = analyzers.Run(g, all)
		g.Sort()
	} else {
		g, diags = stream.Result()
	}
	in := &report.Input{
		Tool:        report.Tool{Name: "trailint", Version: "0.0.0", InformationURI: "https://github.com/trailint/trailint"},
		Rules:       all,
		Diagnostics: diags,
		Problems:    g.Diagnostics,
		Files:       len(g.Files),
		Root:        res.Root,
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, format, in); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The same tree gives byte-identical reports whatever the order of the
// paths given, the number of threads and the run, and analysing it unit by
// unit gives what analysing the whole graph gives.
func TestDeterminism(t *testing.T) {
	root := filepath.Join(moduleRoot(t), "testdata")
	dirs, err := filepath.Glob(filepath.Join(root, "*", "*"))
	if err != nil || len(dirs) < 10 {
		t.Fatalf("fixture dirs: %v %v", dirs, err)
	}
	reversed := slices.Clone(dirs)
	slices.Reverse(reversed)
	rotated := append(slices.Clone(dirs[len(dirs)/2:]), dirs[:len(dirs)/2]...)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, format := range []string{"json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			runtime.GOMAXPROCS(1)
			want := render(t, root, dirs, format, true)
			if !bytes.Contains(want, []byte("TL011")) || !bytes.Contains(want, []byte("TL001")) {
				t.Fatalf("the fixtures gave no findings:\n%s", want)
			}
			for _, procs := range []int{1, 2, 4} {
				runtime.GOMAXPROCS(procs)
				for i, paths := range [][]string{dirs, reversed, rotated, {root}} {
					if got := render(t, root, paths, format, false); !bytes.Equal(got, want) {
						at := 0
						for at < min(len(got), len(want)) && got[at] == want[at] {
							at++
						}
						t.Fatalf("GOMAXPROCS %d, order %d: output differs from byte %d:\n%s\nwant:\n%s",
							procs, i, at, got[at:min(len(got), at+200)], want[at:min(len(want), at+200)])
					}
				}
			}
		})
	}
}
