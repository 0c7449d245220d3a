package terraform

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trailint/trailint/graph"
	"github.com/zclconf/go-cty/cty"
)

// toGraph converts an evaluated value to a graph value. expr is the
// expression that produced it (or nil): constructors are walked alongside
// the value so that elements keep their own ranges.
func (l *loader) toGraph(v cty.Value, expr hcl.Expression) *graph.Value {
	var r graph.Range
	if expr != nil {
		r = l.rng(expr.Range())
	}
	return l.conv(v, expr, r, markInfo{})
}

func (l *loader) conv(v cty.Value, expr hcl.Expression, r graph.Range, parent markInfo) *graph.Value {
	if expr != nil {
		r = l.rng(expr.Range())
	}
	v, marks := v.Unmark()
	info := readMarks(marks)
	out := &graph.Value{Range: r, Refs: info.refs}
	why := info.why()
	if why == "" {
		why = parent.why()
	}
	switch {
	case !v.IsKnown():
		out.Type = graph.Unknown
		out.Why = why
		if out.Why == "" {
			out.Why = refsWhy(append(info.refs, parent.refs...))
		}
		return out
	case v.IsNull():
		out.Type = graph.Null
		out.Because = strings.Join(info.becauses, "; ")
		return out
	}
	ty := v.Type()
	next := markInfo{whys: info.whys, refs: info.refs}
	if len(next.whys) == 0 {
		next.whys = parent.whys
	}
	switch {
	case ty == cty.String:
		out.Type, out.Str = graph.String, v.AsString()
		if out.Str == "" {
			out.Because = strings.Join(info.becauses, "; ")
		}
		if h, ok := graph.WholeHole(out.Str); ok {
			out.Why = why
			if out.Why == "" {
				out.Why = h.Origin + " is not known statically"
			}
		}
		for _, s := range info.srcs {
			if s.Text == out.Str {
				out.Range = s.Range
				break
			}
		}
	case ty == cty.Bool:
		out.Type, out.Bool = graph.Bool, v.True()
		out.Str = fmt.Sprint(v.True())
		for _, s := range info.srcs {
			if s.Text == out.Str {
				out.Range = s.Range
				break
			}
		}
		out.Str = ""
	case ty == cty.Number:
		out.Type, out.Str = graph.Number, numberText(v.AsBigFloat())
		for _, s := range info.srcs {
			if s.Text == out.Str {
				out.Range = s.Range
				break
			}
		}
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		out.Type = graph.List
		var exprs []hclsyntax.Expression
		if t, ok := expr.(*hclsyntax.TupleConsExpr); ok && !ty.IsSetType() && len(t.Exprs) == v.LengthInt() {
			exprs = t.Exprs
		}
		if n := v.LengthInt(); n > 0 {
			// sized once: values outlive the load, spare capacity would too
			out.List = make([]*graph.Value, 0, n)
		}
		i := 0
		for it := v.ElementIterator(); it.Next(); i++ {
			_, ev := it.Element()
			var ee hcl.Expression
			if exprs != nil {
				ee = exprs[i]
			}
			out.List = append(out.List, l.conv(ev, ee, r, next))
		}
	case ty.IsMapType() || ty.IsObjectType():
		out.Type = graph.Map
		items := map[string]hclsyntax.ObjectConsItem{}
		var order []string
		if o, ok := expr.(*hclsyntax.ObjectConsExpr); ok {
			for _, item := range o.Items {
				if k, ok := staticKey(item.KeyExpr); ok {
					if _, dup := items[k]; !dup {
						order = append(order, k)
					}
					items[k] = item
				}
			}
		}
		m := v.AsValueMap()
		if len(m) > 0 {
			out.Fields = make([]graph.Field, 0, len(m))
		}
		seen := map[string]bool{}
		add := func(k string) {
			if seen[k] {
				return
			}
			ev, ok := m[k]
			if !ok {
				return
			}
			seen[k] = true
			f := graph.Field{Name: k, NameRange: r}
			var ee hcl.Expression
			if item, ok := items[k]; ok {
				f.NameRange = l.rng(item.KeyExpr.Range())
				ee = item.ValueExpr
			}
			f.Value = l.conv(ev, ee, r, next)
			out.Fields = append(out.Fields, f)
		}
		for _, k := range order {
			add(k)
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			add(k)
		}
	default:
		out.Type = graph.Unknown
		out.Why = "a value of type " + ty.FriendlyName() + " is not modelled"
	}
	return out
}

func refsWhy(refs []graph.Ref) string {
	for _, r := range refs {
		if r.Attr != "" {
			return r.ID + "." + r.Attr + " is known only after apply"
		}
	}
	return "the value is not known statically"
}

// maxExponent bounds the binary exponent of the numbers written out in
// full: 1e333333333 is three hundred million digits, and writing them (as
// big.Float's Text and cty's conversion to string do) takes minutes.
const maxExponent = 4096

// hugeNumber reports whether bf is too large or too small to write out.
func hugeNumber(bf *big.Float) bool {
	e := bf.MantExp(nil)
	return e > maxExponent || e < -maxExponent
}

// numberText writes a number as Terraform does, or, when it is huge, in
// scientific notation derived from its binary exponent, without writing
// its digits.
func numberText(bf *big.Float) string {
	if !hugeNumber(bf) {
		return bf.Text('f', -1)
	}
	mant := new(big.Float)
	e := bf.MantExp(mant)
	m, _ := mant.Float64()
	d := math.Log10(math.Abs(m)) + float64(e)*math.Log10(2)
	exp := math.Floor(d)
	lead := math.Pow(10, d-exp)
	if m < 0 {
		lead = -lead
	}
	return strconv.FormatFloat(lead, 'f', 6, 64) + "e" + strconv.FormatFloat(exp, 'f', 0, 64)
}
