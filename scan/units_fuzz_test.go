package scan

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/trailint/trailint/internal/gen"
)

// FuzzUnitsGiveTheWholeTree writes two inputs as two CloudFormation
// templates and two Terraform roots, beside the tree gen.Cross builds from
// the third, and checks that analysing them unit by unit gives, byte for
// byte, the report of the whole graph. The seeds name keys, aliases,
// buckets and exports across units, and the trees of gen.CrossSeeds every
// kind of lookup across units: aliases and buckets by name, bucket
// encryption settings by bucket name or tied to no bucket, key policies
// set apart, imports and replicas of imports, across formats.
func FuzzUnitsGiveTheWholeTree(f *testing.F) {
	root := moduleRoot(f)
	var all []byte
	for _, s := range gen.CrossSeeds() {
		f.Add([]byte{}, []byte{}, s.Choices)
		all = append(all, s.Choices...)
	}
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
		f.Add(a, b, all)
	}
	f.Fuzz(func(t *testing.T, a, b, choices []byte) {
		dir := t.TempDir()
		if err := gen.Cross(choices).Write(dir); err != nil {
			t.Fatal(err)
		}
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
