package terraform

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// Templates are rendered as Terraform renders them. A template cannot call
// templatefile or templatestring (Terraform refuses it), so a template is
// never rendered from inside another: the work of one call is one render,
// bounded by maxRendered.

func (l *loader) templateFileFunc(rootDir string, fns func() map[string]function.Function) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{str("path"), {Name: "vars", Type: cty.DynamicPseudoType}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			if graph.HasHoles(args[0].AsString()) {
				return unknownHoles(ret, "templatefile", args[0]), nil
			}
			name, err := l.resolveIn(rootDir, args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			tmpl, ok := l.templates[name]
			if !ok {
				text, err := l.readScanFile(rootDir, args[0].AsString())
				if err != nil {
					return cty.NilVal, err
				}
				src := []byte(text)
				if d, _ := nesting(src, false); d > maxNesting {
					return cty.NilVal, fmt.Errorf("template nests too deep")
				}
				l.sources[name] = src
				expr, diags := hclsyntax.ParseTemplate(src, name, hcl.InitialPos)
				if diags.HasErrors() {
					l.hclDiags(diags)
					l.templates[name] = nil
				} else {
					tmpl = prepareTemplate(expr, src, name)
					l.templates[name] = tmpl
				}
			}
			t, _ := tmpl.(*template)
			if t == nil {
				return cty.NilVal, fmt.Errorf("template %q does not parse", args[0].AsString())
			}
			return render(caps{l.opts.Budget.Limits()}, t, args[1], fns(), ret)
		},
	})
}

// template is a parsed template twice over: as evaluated, adjusted by
// prepareSyntax, and as written, which renderSize reads to bound the
// length of the result from the shape of its loops. prepareSyntax changes
// the tree in place and hclsyntax copies no tree, so the second is a
// second parse.
type template struct {
	hclsyntax.Expression
	raw hclsyntax.Expression
}

func prepareTemplate(expr hclsyntax.Expression, src []byte, name string) *template {
	raw, _ := hclsyntax.ParseTemplate(src, name, hcl.InitialPos)
	prepareSyntax(expr, nil)
	return &template{Expression: expr, raw: raw}
}

// render renders a template with vars, as Terraform's template functions
// do: vars name valid identifiers, and every variable the template refers
// to is among them.
func render(c caps, tmpl *template, vars cty.Value, fns map[string]function.Function, ret cty.Type) (cty.Value, error) {
	if ty := vars.Type(); !ty.IsObjectType() && !ty.IsMapType() {
		return cty.NilVal, function.NewArgErrorf(1, "invalid vars value: must be a map")
	}
	if !vars.IsKnown() {
		return unknownBecause(ret, "the variables of the template are not known"), nil
	}
	if vars.IsNull() {
		return cty.NilVal, function.NewArgErrorf(1, "invalid vars value: must be a map")
	}
	ctx := &hcl.EvalContext{Variables: vars.AsValueMap(), Functions: fns}
	for n := range ctx.Variables {
		if !hclsyntax.ValidIdentifier(n) {
			return cty.NilVal, function.NewArgErrorf(1, "invalid template variable name %q: must start with a letter, followed by zero or more letters, digits, and underscores", n)
		}
	}
	for _, t := range tmpl.Variables() {
		if _, ok := ctx.Variables[t.RootName()]; !ok {
			return cty.NilVal, function.NewArgErrorf(1, "vars map does not contain key %q, referenced at %s", t.RootName(), t[0].SourceRange())
		}
	}
	switch n := renderSize(tmpl.raw, ctx); {
	case n > maxRendered:
		return cty.NilVal, fmt.Errorf("the rendered template would be over %d bytes", maxRendered)
	case n > c.lim.ValueBytes:
		return cty.NilVal, c.over(budget.ValueBytes)
	}
	v, diags := tmpl.Value(ctx)
	if diags.HasErrors() {
		// A budget error inside the template is the call's own.
		for _, d := range diags {
			if x, ok := hcl.DiagnosticExtra[hclsyntax.FunctionCallDiagExtra](d); ok {
				var eb errBudget
				if errors.As(x.FunctionCallError(), &eb) {
					return cty.NilVal, eb
				}
			}
		}
		return cty.NilVal, fmt.Errorf("%s", diags.Error())
	}
	v, marks := v.Unmark()
	if !v.IsKnown() {
		return cty.UnknownVal(cty.String).WithMarks(marks), nil
	}
	if v.IsNull() {
		return cty.NilVal, fmt.Errorf("the result of the template is null, which is not a valid result for a template function")
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil {
		return cty.NilVal, fmt.Errorf("invalid template result: %w", err)
	}
	// renderSize counts a loop by its first element: the result itself
	// must be within the cap too.
	if err := c.bytes(int64(len(s.AsString()))); err != nil {
		return cty.NilVal, err
	}
	return s.WithMarks(marks), nil
}

// templateStringFunc is templatestring: a template held in a string, which
// Terraform takes only from a reference, so that nobody writes a template
// to render a template.
func (l *loader) templateStringFunc(fns func() map[string]function.Function) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "template", Type: customdecode.ExpressionClosureType},
			{Name: "vars", Type: cty.DynamicPseudoType},
		},
		Type: function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			closure := customdecode.ExpressionClosureFromVal(args[0])
			if err := templateStringExpr(closure.Expression); err != nil {
				return cty.NilVal, err
			}
			tv, diags := closure.Value()
			if diags.HasErrors() {
				return cty.NilVal, function.NewArgErrorf(0, "invalid template expression: %s", diags.Error())
			}
			tv, marks := tv.Unmark()
			if !tv.IsKnown() {
				return unknownBecause(ret, "the template is not known"), nil
			}
			if tv.Type() != cty.String || tv.IsNull() {
				return cty.NilVal, function.NewArgErrorf(0, "invalid template value: a string is required")
			}
			held := maskHoles(tv.AsString())
			src := []byte(held.text)
			expr, diags := hclsyntax.ParseTemplate(src, "<templatestring argument>", hcl.InitialPos)
			if diags.HasErrors() {
				if len(held.holes) > 0 {
					return unknownHoles(ret, "templatestring", tv), nil
				}
				return cty.NilVal, function.NewArgErrorf(0, "invalid template: %s", diags.Error())
			}
			if !holesOnlyInText(expr, held.text) {
				return unknownHoles(ret, "templatestring", tv), nil
			}
			tmpl := prepareTemplate(expr, src, "<templatestring argument>")
			v, err := render(caps{l.opts.Budget.Limits()}, tmpl, args[1], fns(), ret)
			if err != nil || !v.IsKnown() || len(held.holes) == 0 {
				return v.WithMarks(marks), err
			}
			v, vm := v.Unmark()
			s, ok := held.restore(v.AsString())
			if !ok {
				return unknownHoles(ret, "templatestring", tv), nil
			}
			return cty.StringVal(s).WithMarks(marks, vm), nil
		},
	})
}

// templateStringExpr checks that the template of templatestring is given
// as Terraform requires: a reference, not a template written in place.
func templateStringExpr(expr hcl.Expression) error {
	switch e := expr.(type) {
	case *hclsyntax.TemplateWrapExpr:
		return function.NewArgErrorf(0, "invalid template expression: templatestring is only for rendering templates retrieved dynamically from elsewhere; to treat the inner expression as template syntax, write the reference expression directly without any template interpolation syntax")
	case *hclsyntax.TemplateExpr:
		if len(e.Parts) == 1 {
			if _, ok := e.Parts[0].(*hclsyntax.LiteralValueExpr); ok {
				return function.NewArgErrorf(0, "invalid template expression: templatestring is only for rendering templates retrieved dynamically from elsewhere, and so does not support providing a literal template; consider using a template string expression instead")
			}
		}
		return function.NewArgErrorf(0, "invalid template expression: templatestring is only for rendering templates retrieved dynamically from elsewhere; to render an inline template, consider using a plain template string expression")
	}
	if !referenceExpr(expr) {
		return function.NewArgErrorf(0, "invalid template expression: must be a direct reference to a single string from elsewhere, containing valid Terraform template syntax")
	}
	return nil
}

func referenceExpr(expr hcl.Expression) bool {
	switch e := expr.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return true
	case *hclsyntax.RelativeTraversalExpr:
		return referenceExpr(e.Source)
	case *hclsyntax.IndexExpr:
		return referenceExpr(e.Collection)
	case *hclsyntax.SplatExpr:
		return referenceExpr(e.Source)
	}
	return false
}

// holesOnlyInText reports whether every placeholder of src lies in the
// literal text of the template, where it is copied to the result as it
// is; one inside a directive or interpolation would be read as syntax.
func holesOnlyInText(tmpl hclsyntax.Expression, src string) bool {
	var literal []hcl.Range
	_ = hclsyntax.VisitAll(tmpl, func(n hclsyntax.Node) hcl.Diagnostics {
		if t, ok := n.(*hclsyntax.TemplateExpr); ok {
			for _, p := range t.Parts {
				if _, ok := p.(*hclsyntax.LiteralValueExpr); ok {
					literal = append(literal, p.Range())
				}
			}
		}
		return nil
	})
	for off := 0; ; {
		i := strings.IndexRune(src[off:], '\uE000')
		if i < 0 {
			return true
		}
		at := off + i
		inside := false
		for _, r := range literal {
			if at >= r.Start.Byte && at < r.End.Byte {
				inside = true
				break
			}
		}
		if !inside {
			return false
		}
		off = at + 1
	}
}
