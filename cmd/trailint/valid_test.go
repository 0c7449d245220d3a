package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
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

// TestDirectoryBesideFile checks that naming a directory beside a file
// reports the directory's findings as well as the file's.
func TestDirectoryBesideFile(t *testing.T) {
	root := t.TempDir()
	trail := "resource \"aws_cloudtrail\" \"t\" {\n  name           = \"t\"\n  s3_bucket_name = \"logs\"\n}\n"
	for name, text := range map[string]string{"audit trail/main.tf": trail, "other/main.tf": trail, "named/main.tf": trail} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(root)
	var out bytes.Buffer
	code := run([]string{"-f", "json", "audit trail", "named/main.tf"}, &out, &bytes.Buffer{})
	got := out.String()
	if code != exitFindings || !strings.Contains(got, `"audit trail/main.tf"`) || !strings.Contains(got, `"named/main.tf"`) || strings.Contains(got, `"other/main.tf"`) {
		t.Errorf("exit %d, output:\n%s\nwant the findings of the directory and of the file, not of other/", code, got)
	}
}
