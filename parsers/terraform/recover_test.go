package terraform

import (
	"testing"
	"testing/fstest"

	"github.com/trailint/trailint/graph"
)

// TestPanicInOneRoot checks that a bug met while evaluating one root is
// reported at that root, and the other roots are still analysed.
func TestPanicInOneRoot(t *testing.T) {
	fsys := fstest.MapFS{
		"a/main.tf": {Data: []byte("resource \"aws_cloudtrail\" \"t\" {\n  name = \"a\"\n}\n")},
		"b/main.tf": {Data: []byte("resource \"aws_cloudtrail\" \"t\" {\n  name = \"b\"\n}\n")},
	}
	old := rootHook
	t.Cleanup(func() { rootHook = old })
	rootHook = func(dir string) {
		if dir == "a" {
			panic("boom")
		}
	}
	g := Load(fsys, []string{"a", "b"}, Options{})
	if len(g.Resources) != 1 || g.Resources[0].ID != "b:aws_cloudtrail.t" {
		t.Errorf("resources = %v, want only b's trail", ids(g))
	}
	want := graph.Diagnostic{
		Severity: graph.SevError,
		Class:    graph.ClassInternal,
		Summary:  "internal error while evaluating a: boom",
		Detail:   "please report this with the configuration that caused it",
		Range:    graph.Range{File: "a"},
	}
	if len(g.Diagnostics) != 1 || g.Diagnostics[0] != want {
		t.Errorf("diagnostics = %#v", g.Diagnostics)
	}
}

func ids(g *graph.Graph) []string {
	var out []string
	for _, r := range g.Resources {
		out = append(out, r.ID)
	}
	return out
}
