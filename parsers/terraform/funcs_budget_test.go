package terraform

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trailint/trailint/internal/budget"
)

// overErr is how a call that would make a value over a cap fails.
func overErr(fn string, k budget.Kind, lim budget.Limits) string {
	return fmt.Sprintf("error: Error in function call: Call to function %q failed: %s.", fn, budget.Message(k, budget.New(lim).Limits()))
}

// nested wraps "a" in n calls of replace that double it.
func nested(n int) string {
	s := `"a"`
	for range n {
		s = `replace(` + s + `, "a", "aa")`
	}
	return s
}

// billionLaughs is a YAML document of a few hundred bytes whose anchors
// stand for 10^9 strings.
func billionLaughs() string {
	var b strings.Builder
	b.WriteString(`a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]\n`)
	for i := 'b'; i <= 'i'; i++ {
		fmt.Fprintf(&b, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	return `yamldecode("` + b.String() + `")`
}

// TestFunctionCaps checks that a function whose result would be over a cap
// of a value fails with the budget error before making it: the run's
// record of the largest value made stays within the caps. Each case is an
// input of a few bytes that grows past any memory: the items of issue 17
// first, then one for each function that can outgrow its arguments.
func TestFunctionCaps(t *testing.T) {
	small := budget.Limits{ValueBytes: 16384, Elements: 2048, Steps: 20_000}
	// wide has room for longer text than collections.
	wide := budget.Limits{ValueBytes: 1 << 16, Elements: 1000, Steps: 20_000}
	// long has room for a text of a few hundred thousand bytes.
	long := budget.Limits{ValueBytes: 1 << 19, Elements: 1 << 16}
	// rep is a string of n copies of s, made with the functions' help.
	rep := func(n int, s string) string { return fmt.Sprintf(`"${join("", [for i in range(%d) : "%s"])}"`, n, s) }
	cases := []struct {
		name, src string
		lim       budget.Limits
		want      string
	}{
		{"format width", `format("%2000000000s", "x")`, budget.Limits{}, overErr("format", budget.ValueBytes, budget.Default)},
		{"format width small", `format("%20000s", "x")`, small, overErr("format", budget.ValueBytes, small)},
		{"format reuses an argument", `format(` + rep(500, "%[1]s") + `, ` + rep(100, "x") + `)`, small, overErr("format", budget.ValueBytes, small)},
		// Go's fmt, which cty hands numbers to, refuses such a precision.
		{"format precision of a number", `format("%.2000000000f", 1)`, small, `"%!(NOVERB)%!(EXTRA *big.Float=1)"`},
		{"setproduct of three range(1024)", `setproduct(range(1024), range(1024), range(1024))`, small, overErr("setproduct", budget.Elements, small)},
		{"40 nested replace", nested(40), small, overErr("replace", budget.ValueBytes, small)},
		{"join over 1024 x 1024 formatted strings", `join(",", [for i in var.r1024 : join(",", [for j in var.r1024 : format("%d-%d-%d", 1000000, 1000000, j)])])`, small, overErr("join", budget.ValueBytes, small)},
		{"replace of the empty string", `replace(` + rep(1000, "xxxx") + `, "", "yyyyy")`, small, overErr("replace", budget.ValueBytes, small)},
		{"regular expression with references", `replace(` + rep(1000, "xxxx") + `, "/(x)/", "$1$1$1$1$1")`, small, overErr("replace", budget.ValueBytes, small)},
		{"formatlist", `formatlist("%s%s%s%s%s", [for i in range(1000) : "xyxyxyxyxyxyxyxy"], "a", "b", "c", "d")`, small, overErr("formatlist", budget.ValueBytes, small)},
		{"indent", `indent(100000, "a\nb")`, small, overErr("indent", budget.ValueBytes, small)},
		{"range", `range(1024)`, budget.Limits{ValueBytes: 4096}, overErr("range", budget.ValueBytes, budget.Limits{ValueBytes: 4096})},
		{"range elements", `range(100)`, budget.Limits{Elements: 50}, overErr("range", budget.Elements, budget.Limits{Elements: 50})},
		{"concat", `concat([for i in range(1024) : i], [for i in range(1024) : i], [1])`, small, overErr("concat", budget.Elements, small)},
		{"concat bytes", `concat([` + rep(1000, "xxxxxxxxx") + `], [` + rep(1000, "xxxxxxxxx") + `])`, small, overErr("concat", budget.ValueBytes, small)},
		{"flatten", `flatten([for i in range(1024) : [i, i, i]])`, small, overErr("flatten", budget.Elements, small)},
		{"split", `split("", ` + rep(1000, "xyz") + `)`, small, overErr("split", budget.Elements, small)},
		{"regexall", `regexall(".", ` + rep(1000, "xyz") + `)`, small, overErr("regexall", budget.Elements, small)},
		// Long enough that the captures are counted match by match.
		{"regexall captures", `regexall("((((((x+))))))", ` + rep(1000, strings.Repeat("x", 160)) + `)`, long, overErr("regexall", budget.ValueBytes, long)},
		{"regex captures", `regex("((((((x+))))))", ` + rep(1000, "xxxx") + `)`, small, overErr("regex", budget.ValueBytes, small)},
		{"upper", `upper(` + rep(1000, "ȿȿȿȿȿȿ") + `)`, small, overErr("upper", budget.ValueBytes, small)},
		{"jsonencode", `jsonencode([for i in range(1000) : "<><>"])`, small, overErr("jsonencode", budget.ValueBytes, small)},
		{"yamlencode", `yamlencode([for i in range(1000) : "abcdefghijklmnop"])`, small, overErr("yamlencode", budget.ValueBytes, small)},
		{"base64encode", `base64encode(` + rep(1000, "wxyzwxyzwxyzwxy") + `)`, small, overErr("base64encode", budget.ValueBytes, small)},
		{"urlencode", `urlencode(` + rep(1000, "//////") + `)`, small, overErr("urlencode", budget.ValueBytes, small)},
		{"jsondecode", `jsondecode("[${join(",", [for i in range(600) : "1,1"])}]")`, wide, overErr("jsondecode", budget.Elements, wide)},
		{"jsondecode numbers", `jsondecode("[${join(",", [for i in range(1000) : "[1,1,1,1,1,1,1,1]"])}]")`, wide, overErr("jsondecode", budget.ValueBytes, wide)},
		{"yamldecode aliases", billionLaughs(), budget.Limits{}, overErr("yamldecode", budget.ValueBytes, budget.Default)},
		{"csvdecode", `csvdecode("a\n${join("\n", [for i in range(600) : "1\n2"])}")`, wide, overErr("csvdecode", budget.Elements, wide)},
		{"csvdecode names every column on every row", `csvdecode("${join("", [for i in range(300) : "abcdefghijkl,"])}z\n${join("\n", [for i in range(300) : "1"])}")`, wide, overErr("csvdecode", budget.ValueBytes, wide)},
		{"merge", `merge({for i in range(600) : "a${i}" => i}, {for i in range(600) : "b${i}" => i})`, wide, overErr("merge", budget.Elements, wide)},
		{"merge bytes", `merge({a = ` + rep(1000, "xxxxxxxxx") + `}, {b = ` + rep(1000, "xxxxxxxxx") + `})`, small, overErr("merge", budget.ValueBytes, small)},
		{"setunion", `setunion([for i in range(600) : "a${i}"], [for i in range(600) : "b${i}"])`, wide, overErr("setunion", budget.Elements, wide)},
		{"transpose", `transpose({` + rep(1000, "k") + ` = [for i in range(600) : "v${i}"]})`, small, overErr("transpose", budget.ValueBytes, small)},
		{"templatefile", `templatefile("backends.tftpl", {port = ` + rep(1000, "xxxxxxxxx") + `, addrs = ["a", "b"]})`, small, overErr("templatefile", budget.ValueBytes, small)},
		{"tostring of a huge number", `tostring(1e20000)`, small, overErr("tostring", budget.ValueBytes, small)},
		{"jsonencode of a huge number", `jsonencode(1e20000)`, small, overErr("jsonencode", budget.ValueBytes, small)},
		{"format of a huge number", `format("%d", 1e20000)`, small, overErr("format", budget.ValueBytes, small)},
		{"ceil of a huge number", `ceil(1e20000)`, small, overErr("ceil", budget.ValueBytes, small)},
		{"numbers given for text", `join(",", [for i in range(20) : 1e1000])`, small, overErr("join", budget.ValueBytes, small)},
		{"file within the cap", `length(file("15000.txt"))`, small, `15000`},
		{"filebase64 of it over the cap", `filebase64("15000.txt")`, small, overErr("filebase64", budget.ValueBytes, small)},
		{"encode_expr", `provider::terraform::encode_expr([for i in range(1000) : "abcdefghijklmnop"])`, small, overErr("provider::terraform::encode_expr", budget.ValueBytes, small)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			run := budget.New(c.lim)
			if got := result(c.src, run); got != c.want {
				t.Errorf("%s\n got: %s\nwant: %s", c.src, got, c.want)
			}
			u, lim := run.Usage(), run.Limits()
			if u.Used[budget.ValueBytes] > lim.ValueBytes || u.Used[budget.Elements] > lim.Elements {
				t.Errorf("a value over the caps was made: %s", u)
			}
		})
	}
}

// TestHoldsNumber checks which types are walked for numbers before being
// converted to text: any that may hold one, however deep.
func TestHoldsNumber(t *testing.T) {
	for _, c := range []struct {
		ty   cty.Type
		want bool
	}{
		{cty.String, false},
		{cty.Bool, false},
		{cty.Number, true},
		{cty.DynamicPseudoType, true},
		{cty.List(cty.String), false},
		{cty.Map(cty.List(cty.Number)), true},
		{cty.Tuple([]cty.Type{cty.String, cty.String}), false},
		{cty.Tuple([]cty.Type{cty.String, cty.Set(cty.Number)}), true},
		{cty.Object(map[string]cty.Type{"a": cty.String, "b": cty.Bool}), false},
		{cty.Object(map[string]cty.Type{"a": cty.String, "b": cty.Tuple([]cty.Type{cty.DynamicPseudoType})}), true},
	} {
		if got := holdsNumber(c.ty); got != c.want {
			t.Errorf("holdsNumber(%s) = %v, want %v", c.ty.GoString(), got, c.want)
		}
	}
}
