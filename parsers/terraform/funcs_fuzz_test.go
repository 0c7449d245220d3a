package terraform

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/trailint/trailint/internal/budget"
)

// FuzzFunctions evaluates arbitrary expressions with the function table
// of a root, under small caps: no function may panic, and none may make a
// value over the caps. Seeds: the examples of every function, and the
// inputs that grow.
func FuzzFunctions(f *testing.F) {
	for _, cases := range examples {
		for _, c := range cases {
			f.Add(c[0])
		}
	}
	for _, s := range []string{nested(12), billionLaughs(), `format("%[1]s%[1]s%[1]s", "xxxx")`,
		`setproduct(range(64), range(64), range(64))`, `yamldecode("a: ${var.account}\nb: [*x]")`,
		`templatestring(local.holed, {name = var.text})`, `cidrsubnets("10.0.0.0/8", 30, 1)`} {
		f.Add(s)
	}
	lim := budget.Limits{ValueBytes: 1 << 14, Elements: 512, Steps: 20_000}
	f.Fuzz(func(t *testing.T, src string) {
		run := budget.New(lim)
		_, diags := evalFunc(src, run)
		for _, d := range diags {
			// Operators are the evaluator's; the functions are these.
			call := d.Severity == hcl.DiagError && (d.Summary == "Error in function call" || d.Summary == "Invalid function argument")
			if call && strings.Contains(d.Detail, "panic in function implementation") {
				t.Fatalf("%s: %s", src, d.Detail)
			}
		}
		u := run.Usage()
		if u.Used[budget.ValueBytes] > lim.ValueBytes || u.Used[budget.Elements] > lim.Elements {
			t.Fatalf("%s: a value over the caps was made: %s", src, u)
		}
	})
}
