package terraform

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trailint/trailint/graph"
)

// TestUnmadeTrails checks that a trail or event data store of which no
// evaluation creates an instance is said to be not checked, with the
// variables that would create it, and that nothing is said when some
// evaluation creates one or when a constant decides it.
func TestUnmadeTrails(t *testing.T) {
	const module = `variable "enabled" {
  type    = bool
  default = false
}

resource "aws_cloudtrail" "this" {
  count          = var.enabled ? 1 : 0
  name           = "main"
  s3_bucket_name = "logs"
}
`
	const notChecked = "no instance of it exists with the values trailint has (the variables' defaults, tfvars files, --var, and what callers pass). "
	for _, tc := range []struct {
		name  string
		files map[string]string
		vars  map[string]string
		dirs  []string
		want  []string // range, summary and detail of each note
	}{
		{name: "root default", files: map[string]string{"main.tf": module}, dirs: []string{"."},
			want: []string{"main.tf:7:3-7:39 trail aws_cloudtrail.this is not checked: its count is 0 wherever it is evaluated | " +
				notChecked + "To check it, give var.enabled a value that creates it (--var enabled=...)."}},
		{name: "root with --var", files: map[string]string{"main.tf": module}, dirs: []string{"."}, vars: map[string]string{"enabled": "true"}},
		// The example passes false: the module dir, evaluated as a root
		// of its own, is one --var can enable.
		{name: "example disables", files: map[string]string{
			"main.tf":              module,
			"examples/off/main.tf": "module \"t\" {\n  source  = \"../..\"\n  enabled = false\n}\n",
		}, dirs: []string{".", "examples/off"},
			want: []string{"main.tf:7:3-7:39 trail aws_cloudtrail.this is not checked: its count is 0 wherever it is evaluated | " +
				notChecked + "To check it, give var.enabled a value that creates it (--var enabled=...)."}},
		{name: "another example enables", files: map[string]string{
			"main.tf":              module,
			"examples/off/main.tf": "module \"t\" {\n  source  = \"../..\"\n  enabled = false\n}\n",
			"examples/on/main.tf":  "module \"t\" {\n  source  = \"../..\"\n  enabled = true\n}\n",
		}, dirs: []string{".", "examples/off", "examples/on"}},
		// Only a caller's value reaches the module, which the scan reaches
		// only through that caller: the call is where to change it.
		{name: "module out of the scan's dirs", files: map[string]string{
			"m/main.tf":    module,
			"root/main.tf": "module \"t\" {\n  source  = \"../m\"\n  enabled = false\n}\n",
		}, dirs: []string{"root"},
			want: []string{"m/main.tf:7:3-7:39 trail aws_cloudtrail.this is not checked: its count is 0 wherever it is evaluated | " +
				notChecked + "To check it, pass var.enabled a value that creates it in the module call at root/main.tf:1:1."}},
		{name: "constant", dirs: []string{"."}, files: map[string]string{"main.tf": `resource "aws_cloudtrail" "off" {
  count          = 0
  name           = "off"
  s3_bucket_name = "logs"
}
`}},
		{name: "empty for_each", dirs: []string{"."}, files: map[string]string{"main.tf": `variable "stores" {
  type    = set(string)
  default = []
}

resource "aws_cloudtrail_event_data_store" "s" {
  for_each = var.stores
  name     = each.key
}
`},
			want: []string{"main.tf:7:3-7:24 event data store aws_cloudtrail_event_data_store.s is not checked: its for_each is empty wherever it is evaluated | " +
				notChecked + "To check it, give var.stores a value that creates it (--var stores=...)."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, text := range tc.files {
				fsys[name] = &fstest.MapFile{Data: []byte(text)}
			}
			g := Load(fsys, tc.dirs, Options{Vars: tc.vars})
			var got []string
			for _, d := range g.Diagnostics {
				if d.Class == graph.ClassInput && strings.Contains(d.Summary, "is not checked") {
					if d.Severity != graph.SevNote {
						t.Errorf("%s: severity %v, want a note", d.Summary, d.Severity)
					}
					got = append(got, rangeStr(d.Range)+" "+d.Summary+" | "+d.Detail)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
