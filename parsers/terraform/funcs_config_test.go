package terraform

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// TestFunctionsInConfiguration loads a configuration whose functions gave
// diagnostics or values Terraform would not give: it loads without a
// diagnostic, and the key policy kept in YAML is read with its hole.
func TestFunctionsInConfiguration(t *testing.T) {
	g := load(t, "functions", Options{})
	for _, d := range g.Diagnostics {
		t.Errorf("diagnostic: %s %s: %s", rangeStr(d.Range), d.Summary, d.Detail)
	}
	for _, c := range []struct {
		id   string
		prop graph.Prop
		want string
	}{
		{".:aws_kms_key.k", graph.PropPolicy, `{Statement: [{Action: "kms:*", Effect: "Allow", Principal: {AWS: "arn:aws:iam::${account of provider aws}:root"}, Resource: "*", Sid: "Root"}], Version: "2012-10-17"}`},
		{".:aws_cloudtrail.t", graph.PropName, `"eg-T"`},
	} {
		if got := show(prop(t, g, c.id, c.prop).Value); got != c.want {
			t.Errorf("%s %s = %s, want %s", c.id, c.prop, got, c.want)
		}
	}
}

// TestTemplateCallingItself checks that a template that calls itself ten
// times fails at once, as in Terraform, which lets no template call a
// template function: the steps spent are those of one call, where
// nesting eight deep would be a hundred million renders.
func TestTemplateCallingItself(t *testing.T) {
	call := `${templatefile("t.tpl", {})}`
	fsys := fstest.MapFS{
		"main.tf": {Data: []byte("resource \"aws_s3_bucket\" \"b\" {\n  bucket = templatefile(\"t.tpl\", {})\n}\n")},
		"t.tpl":   {Data: []byte(strings.Repeat(call, 10))},
	}
	run := budget.New(budget.Limits{})
	g := Load(fsys, []string{"."}, Options{Budget: run})
	var got []string
	for _, d := range g.Diagnostics {
		got = append(got, rangeStr(d.Range)+": "+d.Detail)
	}
	want := `main.tf:2:12-2:25: Call to function "templatefile" failed: ` +
		`t.tpl:1,3-16: Error in function call; Call to function "templatefile" failed: cannot recursively call templatefile from inside another template function.`
	if len(got) != 1 || !strings.HasPrefix(got[0], want) {
		t.Errorf("diagnostics:\n%s\nwant one starting:\n%s", strings.Join(got, "\n"), want)
	}
	if used := run.Usage().Used[budget.Steps]; used > 100 {
		t.Errorf("%d steps spent, want the few of one call", used)
	}
}
