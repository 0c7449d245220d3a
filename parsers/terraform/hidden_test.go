package terraform

import (
	"strings"
	"testing"
	"testing/fstest"
)

const bareTrail = "resource \"aws_cloudtrail\" \"t\" {\n  name           = \"t\"\n  s3_bucket_name = \"logs\"\n}\n"

// TestNothingHidesATrail checks that a dir with a trail is evaluated as a
// root of its own unless a root reaches it: a caller elsewhere with
// count = 0, a cycle of calls, or an example that disables the module
// must not hide it.
func TestNothingHidesATrail(t *testing.T) {
	cases := []struct {
		name   string
		fsys   fstest.MapFS
		dirs   []string
		trails []string // the IDs of the trails loaded
	}{
		{"a caller with count = 0", fstest.MapFS{
			"caller/main.tf": {Data: []byte("module \"m\" {\n  source = \"../mod\"\n  count  = 0\n}\n")},
			"mod/main.tf":    {Data: []byte(bareTrail)},
		}, []string{"caller", "mod"}, []string{"mod:aws_cloudtrail.t"}},
		{"two dirs that call each other", fstest.MapFS{
			"a/main.tf": {Data: []byte("module \"b\" {\n  source = \"../b\"\n}\n" + bareTrail)},
			"b/main.tf": {Data: []byte("module \"a\" {\n  source = \"../a\"\n}\n" + bareTrail)},
		}, []string{"a", "b"}, []string{"a:aws_cloudtrail.t", "a:module.b.aws_cloudtrail.t"}},
		{"the only example disables the module", fstest.MapFS{
			"main.tf":                   {Data: []byte("variable \"enabled\" {\n  type = bool\n}\nresource \"aws_cloudtrail\" \"t\" {\n  count          = var.enabled ? 1 : 0\n  name           = \"t\"\n  s3_bucket_name = \"logs\"\n}\n")},
			"examples/disabled/main.tf": {Data: []byte("module \"m\" {\n  source  = \"../../\"\n  enabled = false\n}\n")},
		}, []string{".", "examples/disabled"}, []string{".:aws_cloudtrail.t"}},
		{"a module its caller reaches is not a root", fstest.MapFS{
			"caller/main.tf": {Data: []byte("module \"m\" {\n  source = \"../mod\"\n}\n")},
			"mod/main.tf":    {Data: []byte(bareTrail)},
		}, []string{"caller", "mod"}, []string{"caller:module.m.aws_cloudtrail.t"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := Load(c.fsys, c.dirs, Options{})
			var got []string
			for _, r := range g.Resources {
				if r.Type == "aws_cloudtrail" {
					got = append(got, r.ID)
				}
			}
			if strings.Join(got, " ") != strings.Join(c.trails, " ") {
				t.Errorf("trails: %v, want %v", got, c.trails)
			}
		})
	}
}
