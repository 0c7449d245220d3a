package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trailint/trailint/graph"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// Holes are text inside cty strings, so cty's own == would compare a hole's
// origin text as if it were the value. The parsed syntax trees get these
// operations instead: a comparison that depends on a hole's text is unknown.
var (
	opEqual    = &hclsyntax.Operation{Impl: equalFunc(false), Type: cty.Bool}
	opNotEqual = &hclsyntax.Operation{Impl: equalFunc(true), Type: cty.Bool}
)

func equalFunc(negate bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "a", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true, AllowNull: true},
			{Name: "b", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true, AllowNull: true},
		},
		Type: function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			a, b := args[0], args[1]
			if containsHole(a) || containsHole(b) {
				if !a.IsWhollyKnown() || !b.IsWhollyKnown() {
					return cty.UnknownVal(cty.Bool), nil
				}
				r := holeEqual(a, b)
				if r.IsKnown() && negate {
					return r.Not(), nil
				}
				return r, nil
			}
			if negate {
				return stdlib.NotEqual(a, b)
			}
			return stdlib.Equal(a, b)
		},
	})
}

// containsHole reports whether any known string inside v has a hole.
func containsHole(v cty.Value) bool {
	found := false
	_ = cty.Walk(v, func(_ cty.Path, x cty.Value) (bool, error) {
		if found {
			return false, nil
		}
		x, _ = x.Unmark()
		if x.IsKnown() && !x.IsNull() && x.Type() == cty.String && graph.HasHoles(x.AsString()) {
			found = true
		}
		return !found, nil
	})
	return found
}

// holeEqual compares wholly known values of which at least one has holes.
func holeEqual(a, b cty.Value) cty.Value {
	if a.RawEquals(b) {
		return cty.True
	}
	if a.Type() == cty.String && b.Type() == cty.String && !a.IsNull() && !b.IsNull() {
		switch graph.Equal(a.AsString(), b.AsString()) {
		case graph.Yes:
			return cty.True
		case graph.No:
			return cty.False
		}
		return cty.UnknownVal(cty.Bool)
	}
	if a.IsNull() != b.IsNull() {
		return cty.False
	}
	return cty.UnknownVal(cty.Bool)
}

func literalPrefix(s string) string {
	segs := graph.Segments(s)
	if len(segs) > 0 && segs[0].Hole == nil {
		return segs[0].Text
	}
	return ""
}

func literalSuffix(s string) string {
	segs := graph.Segments(s)
	if len(segs) > 0 && segs[len(segs)-1].Hole == nil {
		return segs[len(segs)-1].Text
	}
	return ""
}

// mapLiterals applies fn to the literal text of s and leaves holes intact.
func mapLiterals(s string, fn func(string) string) string {
	if !graph.HasHoles(s) {
		return fn(s)
	}
	var b strings.Builder
	for _, seg := range graph.Segments(s) {
		if seg.Hole != nil {
			b.WriteString(graph.Hole(seg.Hole.Domain, seg.Hole.Origin))
			continue
		}
		b.WriteString(fn(seg.Text))
	}
	return b.String()
}
