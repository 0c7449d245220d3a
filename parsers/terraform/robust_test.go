package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trailint/trailint/graph"
)

// TestRobustness checks inputs that must give diagnostics, never a crash.
func TestRobustness(t *testing.T) {
	deep := "locals {\n  x = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n}\n"
	for _, tc := range []struct {
		name  string
		fsys  fstest.MapFS
		opts  Options
		diags []string
	}{
		{"deep nesting is refused before parsing", fstest.MapFS{"main.tf": {Data: []byte(deep)}}, Options{},
			[]string{"0 main.tf:2:262-2:262: Nesting too deep: brackets nest more than 256 levels deep; the file is not analysed"}},
		{"oversized file", fstest.MapFS{"main.tf": {Data: []byte(strings.Repeat("#", 100))}}, Options{MaxFileSize: 10},
			[]string{"0 main.tf:1:1-1:1: Cannot read main.tf: file is 100 bytes, over the limit of 10"}},
		{"json syntax", fstest.MapFS{"main.tf.json": {Data: []byte(`{"resource":{"aws_cloudtrail":{"t":{"name":"x","kms_key_id":"${var.k}"}}},"variable":{"k":{}}}`)}}, Options{}, nil},
		{"module recursion", fstest.MapFS{"main.tf": {Data: []byte("module \"self\" {\n  source = \"./\"\n}\nresource \"aws_cloudtrail\" \"t\" {}\n")}}, Options{},
			[]string{"0 main.tf:1:1-1:14: Module recursion: module.self calls ., which is already being evaluated or nests more than 20 deep"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := Load(tc.fsys, []string{"."}, tc.opts)
			var got []string
			for _, d := range g.Diagnostics {
				got = append(got, fmt.Sprintf("%d %s: %s: %s", d.Severity, rangeStr(d.Range), d.Summary, d.Detail))
			}
			if strings.Join(got, "\n") != strings.Join(tc.diags, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.diags, "\n"))
			}
		})
	}
	g := Load(fstest.MapFS{"main.tf.json": {Data: []byte(`{"resource":{"aws_cloudtrail":{"t":{"name":"x","kms_key_id":"${var.k}"}}},"variable":{"k":{}}}`)}}, []string{"."}, Options{})
	if got := show(prop(t, g, ".:aws_cloudtrail.t", graph.PropKMSKey).Value); got != `"${var.k}"` {
		t.Errorf("json kms_key_id = %s", got)
	}
}

// TestCallsAndIgnores checks call-site chains and in-source ignores.
func TestCallsAndIgnores(t *testing.T) {
	g := load(t, "modules", Options{})
	r := g.Lookup(`.:module.west["a"].aws_cloudtrail.this`)
	if r == nil || len(r.Calls) != 1 || rangeStr(r.Calls[0]) != "main.tf:34:1-34:14" {
		t.Errorf("calls = %v", r.Calls)
	}
	if rangeStr(r.Block) != "modules/trail/main.tf:10:1-14:2" {
		t.Errorf("block = %s", rangeStr(r.Block))
	}
	b := load(t, "basic", Options{})
	want := `TL013 "shared key" main.tf:48:1-48:35 main.tf:49:1-53:2`
	if len(b.Ignores) != 1 {
		t.Fatalf("ignores = %v", b.Ignores)
	}
	i := b.Ignores[0]
	if got := fmt.Sprintf("%s %q %s %s", i.Rule, i.Reason, rangeStr(i.At), rangeStr(i.Covers)); got != want {
		t.Errorf("ignore = %s, want %s", got, want)
	}
	if strings.Join(b.Files, ",") != "main.tf" {
		t.Errorf("files = %v", b.Files)
	}
}

// TestRoots checks that a dir called as a local module is not a root.
func TestRoots(t *testing.T) {
	g := Load(os.DirFS(filepath.Join("testdata", "modules")), []string{".", "modules/trail"}, Options{})
	for _, r := range g.Resources {
		if strings.HasPrefix(r.ID, "modules/trail:") {
			t.Errorf("module dir evaluated as a root: %s", r.ID)
		}
	}
}
