package main

import (
	"bytes"
	"path/filepath"
	"testing"
)

// TestValidTerraformPasses runs trailint on valid Terraform that it once
// warned about (a string condition, lookup with a null default, optional()
// attributes, a template reached with ../ from a test root): no finding and
// no diagnostic, exit 0 even with --fail-on note, from the directory, from
// a subdirectory, and with a file named alone.
func TestValidTerraformPasses(t *testing.T) {
	for _, c := range []struct {
		dir  string
		args []string
		want string
	}{
		{".", nil, "no findings in 4 files\n"},
		{"tests/root", nil, "no findings in 2 files\n"},
		{".", []string{"mod/main.tf"}, "no findings in 3 files\n"},
	} {
		t.Run(c.dir+" "+filepath.Join(c.args...), func(t *testing.T) {
			t.Setenv("NO_COLOR", "1")
			t.Chdir(filepath.Join("testdata", "valid", c.dir))
			var out, errs bytes.Buffer
			code := run(append([]string{"--fail-on", "note"}, c.args...), &out, &errs)
			if code != exitClean || out.String() != c.want || errs.Len() > 0 {
				t.Errorf("exit %d, output %q, stderr %q; want exit 0, %q", code, out.String(), errs.String(), c.want)
			}
		})
	}
}
