package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/scan"
)

// fixtures are the fixture trees of testdata, with their options.
func fixtures(t *testing.T) map[string]scan.Options {
	t.Helper()
	out := map[string]scan.Options{}
	for _, format := range []string{"terraform", "cloudformation"} {
		dirs, err := filepath.Glob(filepath.Join("..", "..", "testdata", format, "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, dir := range dirs {
			var opts scan.Options
			if b, err := os.ReadFile(filepath.Join(dir, "region")); err == nil {
				opts.Region = strings.TrimSpace(string(b))
			}
			out[dir] = opts
		}
	}
	return out
}

// TestEditsRemoveTheFinding applies the edits of each finding of every
// fixture, one finding at a time, to a copy of the fixture, analyses the
// copy, and checks that the copy still loads and that the finding is gone.
// Some findings must have edits: one of each kind of edit in each syntax.
func TestEditsRemoveTheFinding(t *testing.T) {
	want := map[string]bool{
		"terraform/shared-key main.tf TL010":                  false, // a jsonencode() element after the last
		"terraform/shared-module modules/trail/main.tf TL010": false, // the same, in the module's own terms
		"terraform/pr-key-file key.tf TL011":                  false,
		"terraform/policy-principal main.tf TL010":            false,
		"terraform/sns-scope main.tf TL013":                   false, // a statement block replaced
		"terraform/policy-placeholder main.tf TL011":          false, // a statement block added to a document
		"terraform/event-data-store main.tf TL010":            false, // a whole policy, and a data source
		"terraform/key-config main.tf TL021":                  false, // an attribute set
		"terraform/key-config main.tf TL023":                  false,
		"terraform/key-not-arn main.tf TL002":                 false,
		"cloudformation/json-fixes template.json TL001":       false, // a property renamed
		"cloudformation/json-fixes template.json TL022":       false, // a property set
		"cloudformation/json-fixes template.json TL023":       false, // and added
		"cloudformation/no-key trails.yaml TL001":             false,
		"cloudformation/key-config template.yaml TL022":       false,
		"cloudformation/bucket-key template.yaml TL011":       false, // a YAML list item after the last
		"cloudformation/policy template.json TL011":           false, // a JSON element after the last
		"cloudformation/imports relay.yaml TL010":             false, // a whole KeyPolicy
		"cloudformation/scope-wide template.yaml TL013":       false,
		"terraform/data-source-ids main.tf TL010":             false,
		"terraform/scope main.tf TL013":                       false,
		"terraform/event-data-store main.tf TL011":            false,
		"terraform/alone-policies main.tf TL010":              false, // a statement block added to a document passed to a module not in the scan
		"terraform/alone-keys main.tf TL011":                  false, // to the policy of a key no trail of the scan uses
	}
	for dir, opts := range fixtures(t) {
		name := filepath.ToSlash(strings.TrimPrefix(dir, filepath.Join("..", "..", "testdata")+string(filepath.Separator)))
		res, err := scan.Run(dir, []string{dir}, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range analyzers.Run(res.Graph, rules.All()) {
			if len(d.Edits) == 0 {
				continue
			}
			want[name+" "+d.Range.File+" "+d.Rule] = true
			t.Run(fmt.Sprintf("%s/%s:%d/%s", name, d.Range.File, d.Range.Start.Line, d.Rule), func(t *testing.T) {
				copied := copyTree(t, dir)
				if err := applyEdits(copied, d.Edits); err != nil {
					t.Fatal(err)
				}
				after, err := scan.Run(copied, []string{copied}, opts)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range after.Graph.Diagnostics {
					if p.Class == graph.ClassFile && p.Severity == graph.SevError {
						t.Errorf("the edited files do not load: %s: %s: %s\nedits: %q", p.Range, p.Summary, p.Detail, d.Edits)
					}
				}
				for _, a := range analyzers.Run(after.Graph, rules.All()) {
					if a.Rule == d.Rule && a.Key == d.Key {
						t.Errorf("after the edits, %s %s is still reported at %s: %s\nedits: %q", d.Rule, d.Key, a.Range, a.Message, d.Edits)
					}
				}
			})
		}
	}
	for k, seen := range want {
		if !seen {
			t.Errorf("%s has no edits", k)
		}
	}
}

// copyTree copies the fixture dir to a new directory.
func copyTree(t *testing.T, dir string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if e.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

// applyEdits applies edits to the files under dir, as an editor applies
// SARIF replacements: by line and column (in code points), the last first.
func applyEdits(dir string, edits []analyzers.Edit) error {
	byFile := map[string][]analyzers.Edit{}
	for _, e := range edits {
		byFile[e.Range.File] = append(byFile[e.Range.File], e)
	}
	for file, es := range byFile {
		p := filepath.Join(dir, filepath.FromSlash(file))
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text := string(b)
		slices.SortFunc(es, func(a, b analyzers.Edit) int {
			if a.Range.Start == b.Range.Start {
				return 0
			}
			if b.Range.Less(a.Range) {
				return -1
			}
			return 1
		})
		for _, e := range es {
			from, err := offset(text, e.Range.Start)
			if err != nil {
				return err
			}
			to, err := offset(text, e.Range.End)
			if err != nil {
				return err
			}
			if to < from {
				return fmt.Errorf("%s: edit ends before it starts", e.Range)
			}
			text = text[:from] + e.Text + text[to:]
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// offset is the byte offset of a line and column (in code points).
func offset(text string, p graph.Pos) (int, error) {
	at := 0
	for line := 1; line < p.Line; line++ {
		i := strings.IndexByte(text[at:], '\n')
		if i < 0 {
			return 0, fmt.Errorf("no line %d", p.Line)
		}
		at += i + 1
	}
	for col := 1; col < p.Column; col++ {
		if at >= len(text) || text[at] == '\n' {
			return 0, fmt.Errorf("no column %d on line %d", p.Column, p.Line)
		}
		_, n := utf8.DecodeRuneInString(text[at:])
		at += n
	}
	return at, nil
}
