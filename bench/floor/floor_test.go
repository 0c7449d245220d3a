package floor_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/trailint/trailint/bench/floor"
	"github.com/trailint/trailint/internal/gen"
)

// TestParse checks that the floor reads what trailint reads, all of it:
// every Terraform file and template of the generated trees, nothing else,
// and that a file that does not parse counts as failed.
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name string
		tree *gen.Tree
	}{
		{"baseline", gen.Baseline(gen.BaselineConfig{Regions: 2})},
		{"roots-and-templates", gen.Generate(gen.Config{Roots: 5, Templates: 5, Seed: 1})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := tc.tree.Write(dir); err != nil {
				t.Fatal(err)
			}
			var files, bytes int64
			for p, data := range tc.tree.Files {
				switch filepath.Ext(p) {
				case ".tf", ".yaml", ".json":
					files++
					bytes += int64(len(data))
				}
			}
			got, err := floor.Parse(dir)
			if err != nil {
				t.Fatal(err)
			}
			if want := (floor.Result{Files: files, Bytes: bytes}); got != want {
				t.Errorf("%+v, want %+v", got, want)
			}
			broken := []byte("resource \"aws_s3_bucket\" {\n")
			if err := os.WriteFile(filepath.Join(dir, "broken.tf"), broken, 0o644); err != nil {
				t.Fatal(err)
			}
			got, err = floor.Parse(dir)
			if err != nil {
				t.Fatal(err)
			}
			if want := (floor.Result{Files: files + 1, Bytes: bytes + int64(len(broken)), Failed: 1}); got != want {
				t.Errorf("with a broken file: %+v, want %+v", got, want)
			}
		})
	}
}
