package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// maxRendered bounds what templatefile may render. Key policies are at most
// 32 KB; a template that would render megabytes is hostile or broken, and
// rendering it could exhaust memory before any check on the result.
const maxRendered = 1 << 20

// renderSize estimates, before rendering, how long tmpl renders: the literal
// text, the interpolated values, and for each %{for} the length of its
// collection times its body rendered for the first element. It stops
// counting once over maxRendered.
func renderSize(expr hclsyntax.Expression, ctx *hcl.EvalContext) int64 {
	switch e := expr.(type) {
	case *hclsyntax.TemplateExpr:
		var n int64
		for _, p := range e.Parts {
			if n += renderSize(p, ctx); n > maxRendered {
				return n
			}
		}
		return n
	case *hclsyntax.TemplateWrapExpr:
		return renderSize(e.Wrapped, ctx)
	case *hclsyntax.ConditionalExpr:
		return max(renderSize(e.TrueResult, ctx), renderSize(e.FalseResult, ctx))
	case *hclsyntax.TemplateJoinExpr:
		f, ok := e.Tuple.(*hclsyntax.ForExpr)
		if !ok {
			return valueSize(e.Tuple, ctx)
		}
		coll, diags := f.CollExpr.Value(ctx)
		coll, _ = coll.UnmarkDeep()
		if diags.HasErrors() || !coll.IsKnown() || coll.IsNull() || !coll.CanIterateElements() || coll.LengthInt() == 0 {
			return 0
		}
		it := coll.ElementIterator()
		it.Next()
		k, v := it.Element()
		vars := map[string]cty.Value{f.ValVar: v}
		if f.KeyVar != "" {
			vars[f.KeyVar] = k
		}
		child := ctx.NewChild()
		child.Variables = vars
		body := renderSize(f.ValExpr, child)
		return int64(coll.LengthInt()) * max(body, 1)
	}
	return valueSize(expr, ctx)
}

// valueSize is the length of an interpolated value; unknown values count
// nothing, since they render as unknown.
func valueSize(expr hclsyntax.Expression, ctx *hcl.EvalContext) int64 {
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return 0
	}
	v, _ = v.UnmarkDeep()
	if !v.IsWhollyKnown() || v.IsNull() {
		return 0
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil {
		return 0
	}
	return int64(len(s.AsString()))
}
