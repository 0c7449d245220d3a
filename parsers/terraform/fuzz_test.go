package terraform

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzLoad loads arbitrary text as a root module beside a fixed child
// module: whatever the input, Load must return.
func FuzzLoad(f *testing.F) {
	_ = filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tfvars")) {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
		return nil
	})
	child, _ := os.ReadFile("testdata/modules/modules/trail/main.tf")
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := fstest.MapFS{
			"main.tf":               {Data: src},
			"terraform.tfvars":      {Data: src},
			"modules/trail/main.tf": {Data: child},
			"policy.json":           {Data: []byte(`{"Statement":[]}`)},
		}
		Load(fsys, []string{"."}, Options{})
	})
}
