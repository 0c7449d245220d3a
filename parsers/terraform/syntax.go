package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// The syntax trees are adjusted once, after parsing, where Terraform's
// semantics and trailint's values part from hclsyntax's defaults:
//
//   - a string with holes stands for a string not known statically, so
//     where an operator, a condition or a function wants a bool or a
//     number of it, it gives an unknown one, as an unknown string would in
//     Terraform, rather than a conversion error;
//   - == and != compare holes as holes (see holes.go);
//   - every for expression spends from the root's budget: an iteration is
//     a step, and the bytes of each element count, so that nested loops or
//     loops of large strings stop at the budget rather than at the memory
//     of the machine.
//
// Trees may be shared by the loaders of several roots, so the nodes hold
// no loader: they call internal functions, which each root's function
// table binds to its own loader.

// prepareSyntax adjusts the tree under n and calls note with each
// traversal in it. Where a node's value must pass a check, the node is
// wrapped in a call of one of the internal functions below (a node of
// hclsyntax's own, so that walks over the tree, such as the one that
// finds an expression's references, still see what it wraps).
func prepareSyntax(n hclsyntax.Node, note func(hcl.Traversal)) {
	var fors []*hclsyntax.ForExpr
	var conds []*hclsyntax.ConditionalExpr
	_ = hclsyntax.VisitAll(n, func(n hclsyntax.Node) hcl.Diagnostics {
		switch e := n.(type) {
		case *hclsyntax.BinaryOpExpr:
			e.Op = tolerantOp(e.Op)
		case *hclsyntax.UnaryOpExpr:
			e.Op = tolerantOp(e.Op)
		case *hclsyntax.ConditionalExpr:
			conds = append(conds, e)
		case *hclsyntax.ForExpr:
			fors = append(fors, e)
		default:
			if t, ok := traversalOf(n); ok && note != nil {
				note(t)
			}
		}
		return nil
	})
	// Wrapped after the walk, so that the walk sees every node once.
	for _, e := range conds {
		e.Condition = internalCall(fnCondition, e.Condition)
	}
	for _, e := range fors {
		e.CollExpr = internalCall(fnIterate, e.CollExpr)
		e.ValExpr = internalCall(fnElement, e.ValExpr)
		if e.KeyExpr != nil {
			e.KeyExpr = internalCall(fnElement, e.KeyExpr)
		}
	}
}

// traversalOf is the traversal n is, if it is one: the walks that gather
// what an expression refers to look at these nodes alone.
func traversalOf(n hclsyntax.Node) (hcl.Traversal, bool) {
	switch e := n.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return e.Traversal, true
	case *hclsyntax.RelativeTraversalExpr:
		return e.Traversal, true
	}
	return nil, false
}

// Names of the internal functions. They are not identifiers, so no
// configuration can call them.
const (
	fnCondition = "trailint:condition"
	fnIterate   = "trailint:iterate"
	fnElement   = "trailint:element"
)

// internalCall wraps e in a call of the internal function name, placed
// where e is so that diagnostics point at e.
func internalCall(name string, e hclsyntax.Expression) *hclsyntax.FunctionCallExpr {
	r := e.Range()
	return &hclsyntax.FunctionCallExpr{Name: name, Args: []hclsyntax.Expression{e},
		NameRange: r, OpenParenRange: r, CloseParenRange: r}
}

// internalFuncs are the functions prepareSyntax's calls call, for the
// loader l: they spend from its root's budget.
func (l *loader) internalFuncs() map[string]function.Function {
	anything := []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType,
		AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true}}
	same := func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil }
	return map[string]function.Function{
		// A condition that is a string with holes is an unknown bool,
		// which makes the conditional unknown, as in Terraform.
		fnCondition: function.New(&function.Spec{Params: anything,
			Type: func(args []cty.Value) (cty.Type, error) {
				if holeString(args[0]) {
					return cty.Bool, nil
				}
				return args[0].Type(), nil
			},
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				if holeString(args[0]) {
					_, marks := args[0].Unmark()
					return cty.UnknownVal(cty.Bool).WithMarks(marks), nil
				}
				return args[0], nil
			}}),
		// Each element of the collection a for expression iterates is a
		// step; past the budget the collection is unknown, which ends the
		// loop at once.
		fnIterate: function.New(&function.Spec{Params: anything, Type: same,
			Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
				if l.unit.Over(budget.Steps) {
					return cty.UnknownVal(ret), nil
				}
				raw, _ := args[0].Unmark()
				if raw.IsKnown() && !raw.IsNull() && raw.CanIterateElements() {
					if err := l.spend(budget.Steps, int64(raw.LengthInt())); err != nil {
						return cty.NilVal, err
					}
				}
				return args[0], nil
			}}),
		// What each iteration makes counts against the root's bytes and
		// the caps of a value; past the budget an element is unknown.
		fnElement: function.New(&function.Spec{Params: anything, Type: same,
			Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
				if l.unit.Over(budget.UnitBytes) || l.unit.Over(budget.Steps) {
					return cty.UnknownVal(ret), nil
				}
				if err := l.fits(args[0]); err != nil {
					return cty.NilVal, err
				}
				return args[0], nil
			}}),
	}
}

// holeString reports whether v is a known string with holes.
func holeString(v cty.Value) bool {
	raw, _ := v.Unmark()
	return raw.IsKnown() && !raw.IsNull() && raw.Type() == cty.String && graph.HasHoles(raw.AsString())
}

// tolerant holds the operations made hole-tolerant, one per operation of
// hclsyntax, so that trees share them.
var tolerant = func() map[*hclsyntax.Operation]*hclsyntax.Operation {
	m := map[*hclsyntax.Operation]*hclsyntax.Operation{
		hclsyntax.OpEqual: opEqual, hclsyntax.OpNotEqual: opNotEqual,
	}
	for _, op := range []*hclsyntax.Operation{
		hclsyntax.OpLogicalOr, hclsyntax.OpLogicalAnd, hclsyntax.OpLogicalNot,
		hclsyntax.OpGreaterThan, hclsyntax.OpGreaterThanOrEqual, hclsyntax.OpLessThan, hclsyntax.OpLessThanOrEqual,
		hclsyntax.OpAdd, hclsyntax.OpSubtract, hclsyntax.OpMultiply, hclsyntax.OpDivide, hclsyntax.OpModulo,
		hclsyntax.OpNegate,
	} {
		m[op] = &hclsyntax.Operation{Impl: unknownForHoles(op.Impl), Type: op.Type}
	}
	return m
}()

func tolerantOp(op *hclsyntax.Operation) *hclsyntax.Operation {
	if t, ok := tolerant[op]; ok {
		return t
	}
	return op
}

// unknownForHoles wraps f so that an argument with holes where f wants a
// bool or a number is an unknown bool or number. hclsyntax converts the
// operands of an operator to the types of its parameters before calling
// it, so the wrapper's parameters take anything and f converts.
func unknownForHoles(f function.Function) function.Function {
	params := f.Params()
	loose := make([]function.Parameter, len(params))
	for i, p := range params {
		loose[i] = function.Parameter{Name: p.Name, Type: cty.DynamicPseudoType,
			AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true}
	}
	fix := func(args []cty.Value) []cty.Value {
		out := args
		copied := false
		for i, a := range args {
			if i >= len(params) {
				break
			}
			if t := params[i].Type; t == cty.Bool || t == cty.Number {
				raw, marks := a.Unmark()
				if raw.IsKnown() && !raw.IsNull() && raw.Type() == cty.String && graph.HasHoles(raw.AsString()) {
					if !copied {
						out, copied = append([]cty.Value(nil), args...), true
					}
					out[i] = cty.UnknownVal(t).WithMarks(marks)
				}
			}
		}
		return out
	}
	return function.New(&function.Spec{
		Params: loose,
		Type: func(args []cty.Value) (cty.Type, error) {
			return f.ReturnTypeForValues(fix(args))
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return f.Call(fix(args))
		},
	})
}
