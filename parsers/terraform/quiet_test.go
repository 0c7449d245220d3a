package terraform

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
)

// upFS is a directory of a tree seen as the scan sees a subdirectory of a
// repository: names may climb above it with "../", up to the tree's root.
type upFS struct {
	tree fs.FS
	dir  string
}

func (u upFS) name(n string) (string, error) {
	j := path.Join(u.dir, n)
	if j == ".." || strings.HasPrefix(j, "../") {
		return "", errors.New("outside the tree")
	}
	return j, nil
}

func (u upFS) Open(n string) (fs.File, error) {
	j, err := u.name(n)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: n, Err: err}
	}
	return u.tree.Open(j)
}

func (u upFS) ReadDir(n string) ([]fs.DirEntry, error) {
	j, err := u.name(n)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: n, Err: err}
	}
	return fs.ReadDir(u.tree, j)
}

func (u upFS) Stat(n string) (fs.FileInfo, error) {
	j, err := u.name(n)
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: n, Err: err}
	}
	return fs.Stat(u.tree, j)
}

// TestValidTerraformIsQuiet loads valid configurations that trailint used
// to warn about: each gives no diagnostic but evaluation notes, and the
// values Terraform would give.
func TestValidTerraformIsQuiet(t *testing.T) {
	cases := []struct {
		name  string
		scan  string // the dir scanned, below the fixture
		above int
		notes []string // the evaluation notes, as "range: summary"
		props map[string]string
	}{
		{name: "condition_string", scan: ".",
			notes: []string{"main.tf:12:1-12:31: count of aws_kms_key.trail is unknown"},
			props: map[string]string{
				".:aws_cloudtrail.main kms key": "unknown(count of aws_kms_key.trail is unknown; var.create_key has no value)",
			}},
		{name: "optional_attrs", scan: ".",
			props: map[string]string{
				".:module.trail.aws_cloudtrail.main name":    `"audit-org"`,
				".:module.trail.aws_kms_alias.trail name":    `"alias/org"`,
				".:module.trail.aws_kms_key.trail rotation":  "true",
				".:module.trail.aws_cloudtrail.main kms key": `"arn:${partition of provider aws}:kms:${region of provider aws}:${account of provider aws}:key/${module.trail.aws_kms_key.trail.key_id}"`,
			}},
		{name: "legacy_types", scan: ".",
			props: map[string]string{
				".:aws_cloudtrail.main name":    `"audit"`,
				".:aws_cloudtrail.main kms key": `"arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-1111-2222-3333-444455556666"`,
			}},
		{name: "upward", scan: "repo/examples/complete", above: 2,
			props: map[string]string{
				".:module.trail.aws_cloudtrail.main name": `"example"`,
			}},
		{name: "upward_template", scan: "repo/tests/key", above: 3,
			props: map[string]string{
				".:aws_kms_key.k policy": `~\"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}`,
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := upFS{tree: os.DirFS(filepath.Join("testdata", "valid", c.name)), dir: c.scan}
			g := Load(fsys, []string{"."}, Options{Above: c.above})
			var notes []string
			for _, d := range g.Diagnostics {
				if d.Class != graph.ClassEval {
					t.Errorf("diagnostic of class %d: %s: %s: %s", d.Class, rangeStr(d.Range), d.Summary, d.Detail)
					continue
				}
				notes = append(notes, rangeStr(d.Range)+": "+d.Summary)
			}
			if got, want := strings.Join(notes, "\n"), strings.Join(c.notes, "\n"); got != want {
				t.Errorf("evaluation notes:\n%s\nwant:\n%s", got, want)
			}
			for k, want := range c.props {
				id, p, _ := strings.Cut(k, " ")
				got := show(prop(t, g, id, graph.Prop(p)).Value)
				// "~text": the value holds text.
				if part, ok := strings.CutPrefix(want, "~"); ok && !strings.Contains(got, part) || !ok && got != want {
					t.Errorf("%s = %s, want %s", k, got, want)
				}
			}
		})
	}
}
