package terraform

import (
	"maps"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// The function tests evaluate expressions with the function table of a
// root, as the loader does, and compare what they give, written out by
// show, with what is expected.

// funcScope is what test expressions may refer to: holes of each domain,
// a few values of the documentation's examples, and path.module.
var funcScope = map[string]cty.Value{
	"path": cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal("."), "root": cty.StringVal(".")}),
	"local": cty.ObjectVal(map[string]cty.Value{
		"foo":      cty.ObjectVal(map[string]cty.Value{"bar": cty.StringVal("baz")}),
		"greeting": cty.StringVal("Hello, ${name}!"),
		// Templates that call what a templatestring template may not.
		"md5tpl":     cty.StringVal(`${filemd5("hello.txt")}`),
		"filesettpl": cty.StringVal(`${core::fileset(".", "*")}`),
		"rendertpl":  cty.StringVal(`${templatefile("backends.tftpl", {})}`),
		"holed":      cty.StringVal("arn:aws:iam::" + graph.Hole(graph.DomainAccount, "var.account") + ":root and ${name}"),
	}),
	"var": cty.ObjectVal(map[string]cty.Value{
		"name":    cty.StringVal("Valentina"),
		"account": cty.StringVal(graph.Hole(graph.DomainAccount, "var.account")),
		"region":  cty.StringVal(graph.Hole(graph.DomainRegion, "var.region")),
		"bucket":  cty.StringVal(graph.Hole(graph.DomainName, "var.bucket")),
		"text":    cty.StringVal(graph.Hole(graph.DomainAny, "var.text")),
		"context": cty.ObjectVal(map[string]cty.Value{"namespace": cty.StringVal("eg")}),
		"r1024":   numbers(1024),
	}),
}

// numbers is the list 0 to n-1.
func numbers(n int) cty.Value {
	out := make([]cty.Value, n)
	for i := range out {
		out[i] = cty.NumberIntVal(int64(i))
	}
	return cty.ListVal(out)
}

// funcFiles are the files the file functions of the tests read.
var funcFiles = fstest.MapFS{
	"hello.txt":                        {Data: []byte("Hello World")},
	"hello-world.txt":                  {Data: []byte("hello world")},
	"files/hello.txt":                  {Data: []byte("hello")},
	"files/world.txt":                  {Data: []byte("world")},
	"files/subdirectory/another.txt":   {Data: []byte("x")},
	"files/notes.md":                   {Data: []byte("x")},
	"backends.tftpl":                   {Data: []byte("%{ for a in addrs ~}\nbackend ${a}:${port}\n%{ endfor ~}\n")},
	"config.tftpl":                     {Data: []byte("%{ for k, v in config ~}\nset ${k} = ${v}\n%{ endfor ~}\n")},
	"policy.yaml.tftpl":                {Data: []byte("Principal:\n  AWS: arn:aws:iam::${account}:root\nAccount: ${account}\n")},
	"sub/dir/deep.txt":                 {Data: []byte("deep")},
	"latin1.bin":                       {Data: []byte{0xff, 0xfe}},
	"files/subdirectory/nested/x.json": {Data: []byte("{}")},
	"15000.txt":                        {Data: []byte(strings.Repeat("x", 15000))},
}

// evalFunc evaluates src with the function table of a root of funcFiles.
// Each function's result is measured and recorded in run, as the size of
// a value made: the caps are checked by the functions before they make a
// value, and the record shows that none made one over them.
func evalFunc(src string, run *budget.Run) (cty.Value, hcl.Diagnostics) {
	l := newLoader(funcFiles, Options{Budget: run})
	expr, diags := hclsyntax.ParseExpression([]byte(src), "test.tf", hcl.InitialPos)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	prepareSyntax(expr, nil)
	lim := run.Limits()
	fns := map[string]function.Function{}
	for name, f := range l.functions(".") {
		fns[name] = function.New(&function.Spec{
			Params: f.Params(), VarParam: f.VarParam(), Type: f.ReturnTypeForValues,
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				v, err := f.Call(args)
				if err == nil {
					// Measured past the caps, so that a value over them
					// shows as such.
					run.Value(size(v, 2*lim.ValueBytes, 2*lim.Elements))
				}
				return v, err
			},
		})
	}
	return expr.Value(&hcl.EvalContext{Variables: funcScope, Functions: fns})
}

// showValue writes a value out the way the tests expect it: as Terraform's
// console would, with the collection kind named (tolist, toset, tomap),
// holes as ${origin}, unknown values with why they are unknown, and
// sensitive values wrapped in sensitive().
func showValue(v cty.Value) string {
	v, marks := v.Unmark()
	if _, ok := marks[sensitiveMark{}]; ok {
		rest := maps.Clone(marks)
		delete(rest, sensitiveMark{})
		return "sensitive(" + showValue(v.WithMarks(rest)) + ")"
	}
	if !v.IsKnown() {
		return "unknown(" + readMarks(marks).why() + ")"
	}
	if v.IsNull() {
		return "null"
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return strconv.Quote(graph.Display(v.AsString()))
	case ty == cty.Number:
		return v.AsBigFloat().Text('f', -1)
	case ty == cty.Bool:
		return strconv.FormatBool(v.True())
	case ty.IsMapType() || ty.IsObjectType():
		var parts []string
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			parts = append(parts, strconv.Quote(graph.Display(k.AsString()))+" = "+showValue(e))
		}
		sort.Strings(parts)
		s := "{" + strings.Join(parts, ", ") + "}"
		if ty.IsMapType() {
			return "tomap(" + s + ")"
		}
		return s
	}
	var parts []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		parts = append(parts, showValue(e))
	}
	s := "[" + strings.Join(parts, ", ") + "]"
	switch {
	case ty.IsListType():
		return "tolist(" + s + ")"
	case ty.IsSetType():
		return "toset(" + s + ")"
	}
	return s
}

// result is what evaluating src gives: the value shown, or "error: " and
// the detail of the first error.
func result(src string, run *budget.Run) string {
	v, diags := evalFunc(src, run)
	if diags.HasErrors() {
		for _, d := range diags {
			if d.Severity == hcl.DiagError {
				return "error: " + d.Summary + ": " + d.Detail
			}
		}
	}
	return showValue(v)
}

// check runs a table of expressions and what each must give; a want that
// starts with "error: " must be the start of the error.
func check(t *testing.T, run *budget.Run, cases [][2]string) {
	t.Helper()
	for _, c := range cases {
		got := result(c[0], run)
		if strings.HasPrefix(c[1], "error: ") {
			if !strings.HasPrefix(got, c[1]) {
				t.Errorf("%s\n got: %s\nwant: %s...", c[0], got, c[1])
			}
			continue
		}
		if got != c[1] {
			t.Errorf("%s\n got: %s\nwant: %s", c[0], got, c[1])
		}
	}
}
