package cloudformation

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// Deeply nested documents are refused with a diagnostic, without
// exhausting the stack, and the template beside them still loads. yaml.v3
// itself refuses flow nesting beyond 10,000 levels; the node builder stops
// at maxDepth whatever the syntax.
func TestNestingBound(t *testing.T) {
	head := "AWSTemplateFormatVersion: '2010-09-09'\nX: "
	block := func(n int) string {
		var b strings.Builder
		b.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nX:\n")
		for i := range n {
			b.WriteString(strings.Repeat(" ", i+1) + "-\n")
		}
		return b.String()
	}
	const sibling = "res ok.yaml:B AWS::S3::Bucket \"bucket\" hdr 2:3-2:4 block 2:3-3:26 region \"us-east-1\" (--region)\n  BucketName absent\n"
	cases := []struct {
		name, src, want string
	}{
		{"10,000 flow sequences", head + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + "\n",
			"diag 0 deep.yaml:2:203-2:203 nesting exceeds 200 levels\n"},
		{"100,000 flow sequences", head + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n",
			"diag 0 deep.yaml:2:1-2:200004 template does not parse: exceeded max depth of 10000\n"},
		{"100,000 JSON arrays", `{"AWSTemplateFormatVersion": "2010-09-09", "X": ` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "}",
			"diag 0 deep.yaml:1:10048-1:10049 template does not parse: invalid character '[' exceeded max depth\n"},
		{"4,000 flow mappings", head + strings.Repeat("{a: ", 4000) + strings.Repeat("}", 4000) + "\n",
			"diag 0 deep.yaml:2:797-2:797 nesting exceeds 200 levels\n"},
		{"300 block sequences", block(300),
			"diag 0 deep.yaml:202:201-202:201 nesting exceeds 200 levels\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"deep.yaml": {Data: []byte(c.src)},
				"ok.yaml":   {Data: []byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n")},
			}
			g := Load(fsys, []string{"deep.yaml", "ok.yaml"}, Options{Region: "us-east-1"})
			if got := dump(g); got != sibling+c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, sibling+c.want)
			}
		})
	}
}

// Nested stacks stop at a cycle and at maxNesting levels, with a diagnostic
// at the nesting resource; the stacks above are loaded.
func TestNestedStackBounds(t *testing.T) {
	nest := func(child string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: " + child + "\n")}
	}
	chain := fstest.MapFS{}
	for i := range 20 {
		chain[fmt.Sprintf("s%02d.yaml", i)] = nest(fmt.Sprintf("s%02d.yaml", i+1))
	}
	cases := []struct {
		name      string
		fsys      fstest.MapFS
		resources int
		want      string
	}{
		{"cycle", fstest.MapFS{"a.yaml": nest("b.yaml"), "b.yaml": nest("a.yaml")}, 2,
			"diag 0 b.yaml:4:3-4:8 nested stack Child includes a.yaml within itself\n"},
		// s17.yaml and below, not reached as nested, load as stacks of their
		// own; the last names a template that is not there.
		{"chain over 16", chain, 20,
			"diag 0 s16.yaml:4:3-4:8 nested stack Child nests more than 16 levels deep\n" +
				"diag 0 s19.yaml:4:3-4:8 nested stack template s20.yaml cannot be read\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := make([]string, 0, len(c.fsys))
			for f := range c.fsys {
				files = append(files, f)
			}
			g := Load(c.fsys, files, Options{Region: "us-east-1"})
			var diags strings.Builder
			for _, d := range g.Diagnostics {
				fmt.Fprintf(&diags, "diag %d %s:%s %s\n", d.Severity, d.Range.File, span(d.Range), d.Summary)
			}
			if diags.String() != c.want || len(g.Resources) != c.resources {
				t.Errorf("%d resources, diagnostics:\n%s\nwant %d resources and:\n%s", len(g.Resources), diags.String(), c.resources, c.want)
			}
		})
	}
}
