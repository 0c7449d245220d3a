package terraform

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trailint/trailint/graph"
	"github.com/zclconf/go-cty/cty"
)

// Values carry what the graph needs to know about their origin as cty marks,
// because marks travel through every operator and function without the
// evaluator's help:
//
//   - refMark: the value was computed from an attribute of a resource;
//   - whyMark: the value is not known, and this says which input decides it;
//   - srcMark: a literal was written at this range with this exact text, so a
//     value passed along unchanged can point back at where its text is.
type (
	refMark struct{ ID, Attr string }
	whyMark string
	srcMark struct {
		Range graph.Range
		Text  string
	}
	// becauseMark says what made a value null or empty: a count of zero,
	// a condition decided statically.
	becauseMark string
)

// markInfo is what the marks of one value say.
type markInfo struct {
	refs     []graph.Ref
	whys     []string
	srcs     []srcMark
	becauses []string
}

func readMarks(m cty.ValueMarks) markInfo {
	var info markInfo
	for k := range m {
		switch k := k.(type) {
		case refMark:
			info.refs = append(info.refs, graph.Ref{ID: k.ID, Attr: k.Attr})
		case whyMark:
			info.whys = append(info.whys, string(k))
		case srcMark:
			info.srcs = append(info.srcs, k)
		case becauseMark:
			info.becauses = append(info.becauses, string(k))
		}
	}
	sort.Slice(info.refs, func(i, j int) bool {
		a, b := info.refs[i], info.refs[j]
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Attr < b.Attr
	})
	sort.Strings(info.whys)
	sort.Strings(info.becauses)
	sort.Slice(info.srcs, func(i, j int) bool { return info.srcs[i].Range.Less(info.srcs[j].Range) })
	return info
}

func (i markInfo) why() string { return strings.Join(i.whys, "; ") }

// unknownBecause returns an unknown value of type ty that says why.
func unknownBecause(ty cty.Type, why string) cty.Value {
	return cty.UnknownVal(ty).Mark(whyMark(why))
}

// literalText returns the text of a value written as a literal, for srcMark.
func literalText(v cty.Value) (string, bool) {
	if v.IsMarked() || !v.IsKnown() || v.IsNull() {
		return "", false
	}
	switch v.Type() {
	case cty.String:
		return v.AsString(), true
	case cty.Bool:
		if v.True() {
			return "true", true
		}
		return "false", true
	case cty.Number:
		return numberText(v.AsBigFloat()), true
	}
	return "", false
}

// markSources marks each literal leaf of v with the range where expr wrote
// it, walking object and tuple constructors alongside the value.
func (l *loader) markSources(expr hcl.Expression, v cty.Value) cty.Value {
	if expr == nil || v.IsMarked() || !v.IsKnown() || v.IsNull() {
		return v
	}
	switch e := expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		ty := v.Type()
		if !ty.IsObjectType() && !ty.IsMapType() {
			return v
		}
		m := v.AsValueMap()
		if len(m) == 0 {
			return v
		}
		for _, item := range e.Items {
			k, ok := staticKey(item.KeyExpr)
			if !ok {
				continue
			}
			if ev, ok := m[k]; ok {
				m[k] = l.markSources(item.ValueExpr, ev)
			}
		}
		if ty.IsMapType() {
			return cty.MapVal(m)
		}
		return cty.ObjectVal(m)
	case *hclsyntax.TupleConsExpr:
		ty := v.Type()
		if !ty.IsTupleType() && !ty.IsListType() {
			return v
		}
		vs := v.AsValueSlice()
		if len(vs) != len(e.Exprs) || len(vs) == 0 {
			return v
		}
		for i := range vs {
			vs[i] = l.markSources(e.Exprs[i], vs[i])
		}
		if ty.IsListType() {
			return cty.ListVal(vs)
		}
		return cty.TupleVal(vs)
	}
	if len(expr.Variables()) > 0 {
		return v
	}
	if _, isCall := expr.(*hclsyntax.FunctionCallExpr); isCall {
		return v
	}
	if text, ok := literalText(v); ok {
		return v.Mark(srcMark{Range: l.rng(expr.Range()), Text: text})
	}
	return v
}

// staticKey returns the literal key of an object constructor item.
func staticKey(e hclsyntax.Expression) (string, bool) {
	if k, ok := e.(*hclsyntax.ObjectConsKeyExpr); ok {
		if !k.ForceNonLiteral {
			if kw := hcl.ExprAsKeyword(k.Wrapped); kw != "" {
				return kw, true
			}
		}
		e = k.Wrapped
	}
	if len(e.Variables()) > 0 {
		return "", false
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || v.IsMarked() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}
