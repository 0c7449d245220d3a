package scan

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzUnitsGiveTheWholeTree writes two inputs as two CloudFormation
// templates and two Terraform roots, and checks that analysing them unit by
// unit gives, byte for byte, the report of the whole graph. The seeds name
// keys, aliases, buckets and exports across units.
func FuzzUnitsGiveTheWholeTree(f *testing.F) {
	root := moduleRoot(f)
	for _, pair := range [][2]string{
		{"testdata/cloudformation/imports/key.yaml", "testdata/cloudformation/imports/trail.yaml"},
		{"testdata/cloudformation/imports/relay.yaml", "testdata/cloudformation/imports/consumer.yaml"},
		{"testdata/terraform/cross-root/security/main.tf", "testdata/terraform/cross-root/audit/main.tf"},
	} {
		a, err := os.ReadFile(filepath.Join(root, pair[0]))
		if err != nil {
			f.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(root, pair[1]))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(a, b)
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		dir := t.TempDir()
		for name, data := range map[string][]byte{"one.yaml": a, "two.yaml": b, "r1/main.tf": a, "r2/main.tf": b} {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		whole := render(t, dir, []string{dir}, "json", true)
		units := render(t, dir, []string{dir}, "json", false)
		if !bytes.Equal(whole, units) {
			t.Fatalf("unit by unit:\n%s\nwhole tree:\n%s", units, whole)
		}
	})
}
