package terraform

import (
	"errors"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// errBudget is what a function returns once the root is over its budget:
// the call's diagnostic says so at the call, and what depends on it is
// unknown.
type errBudget struct{ msg string }

func (e errBudget) Error() string { return e.msg }

// budgeted adds to a root's function table the internal functions that
// spend from its budget (see syntax.go). The functions themselves are not
// wrapped: each checks, before it allocates, that its result stays within
// the caps of a value, so the caps hold however calls nest; every
// expression and every iteration of a loop is a step, so calls are
// bounded by the steps around them. Wrapping a hundred functions for each
// of a thousand roots cost more than evaluating them.
func (l *loader) budgeted(fns map[string]function.Function) map[string]function.Function {
	for name, f := range l.internalFuncs() {
		fns[name] = f
	}
	return fns
}

// budgetFunc wraps one function whose work is the root's own (templatefile
// renders a template with the root's functions): each call is a step, and
// its result is held to the caps of a value.
func (l *loader) budgetFunc(f function.Function) function.Function {
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      f.Params(),
		VarParam:    f.VarParam(),
		Type:        f.ReturnTypeForValues,
		RefineResult: func(b *cty.RefinementBuilder) *cty.RefinementBuilder {
			return b
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if err := l.spend(budget.Steps, 1); err != nil {
				return cty.NilVal, err
			}
			v, err := f.Call(args)
			if err != nil {
				return v, err
			}
			if err := l.fits(v); err != nil {
				return cty.NilVal, err
			}
			return v, nil
		},
	})
}

// spend spends n of k from the root's budget; past it, the error to
// return. The diagnostic that says so is made by whoever meets the error
// at a position: hcl's, at the call.
func (l *loader) spend(k budget.Kind, n int64) error {
	if ok, _ := l.unit.Spend(k, n); ok {
		return nil
	}
	return errBudget{budget.Message(k, l.unit.Run().Limits())}
}

// fits checks a new value against the caps of one value and charges its
// bytes to the root.
func (l *loader) fits(v cty.Value) error {
	lim := l.unit.Run().Limits()
	bytes, elems := size(v, lim.ValueBytes, lim.Elements)
	if err := l.capped(bytes, elems, budget.ValueBytes); err != nil {
		return err
	}
	return l.spend(budget.UnitBytes, bytes)
}

// capped checks a value of the size given against the caps of one value.
// Over both caps, the error names prefer (budget.ValueBytes or
// budget.Elements).
func (l *loader) capped(bytes, elems int64, prefer budget.Kind) error {
	run := l.unit.Run()
	if run.Value(bytes, elems) {
		return nil
	}
	lim := run.Limits()
	k := budget.Elements
	if bytes > lim.ValueBytes && (prefer == budget.ValueBytes || elems <= lim.Elements) {
		k = budget.ValueBytes
	}
	return errBudget{budget.Message(k, lim)}
}

// size measures v: the bytes of its strings and keys and the elements of
// its longest collection, stopping once either is past its cap, so that
// measuring a value costs no more than the cap.
func size(v cty.Value, maxBytes, maxElems int64) (bytes, elems int64) {
	var walk func(v cty.Value)
	walk = func(v cty.Value) {
		if bytes > maxBytes || elems > maxElems {
			return
		}
		v, _ = v.Unmark()
		if !v.IsKnown() || v.IsNull() {
			bytes++
			return
		}
		ty := v.Type()
		switch {
		case ty == cty.String:
			bytes += int64(len(v.AsString()))
		case ty == cty.Number:
			bytes += 8
			if hugeNumber(v.AsBigFloat()) {
				// Converting it to text, as many operations do, would take
				// minutes: it counts as over the cap.
				bytes += maxBytes + 1
			}
		case ty.IsPrimitiveType():
			bytes += 8
		case ty.IsCollectionType() || ty.IsTupleType() || ty.IsObjectType():
			n := int64(v.LengthInt())
			elems = max(elems, n)
			bytes += n
			for it := v.ElementIterator(); it.Next(); {
				k, e := it.Element()
				if ty.IsMapType() || ty.IsObjectType() {
					bytes += int64(len(k.AsString()))
				}
				walk(e)
				if bytes > maxBytes || elems > maxElems {
					return
				}
			}
		}
	}
	walk(v)
	return bytes, elems
}

// overBudget reports whether diags hold a budget error, which is said once
// at the construct that ran out, as a budget diagnostic.
func (l *loader) budgetDiag(diags hcl.Diagnostics) bool {
	for _, d := range diags {
		x, ok := hcl.DiagnosticExtra[interface{ FunctionCallError() error }](d)
		if !ok {
			continue
		}
		var eb errBudget
		if errors.As(x.FunctionCallError(), &eb) {
			var r hcl.Range
			if d.Subject != nil {
				r = *d.Subject
			}
			l.budgetOver(eb.msg, r)
			return true
		}
	}
	return false
}

// budgetOver records that the budget ran out at r. It is said once per
// root, at the first construct that ran out: what runs out after it is
// mostly what depends on it.
func (l *loader) budgetOver(msg string, r hcl.Range) {
	if l.budgetSaid {
		return
	}
	l.budgetSaid = true
	l.diagClass(graph.SevError, graph.ClassBudget, "Evaluation budget exceeded",
		fmt.Sprintf("%s; what depends on it is not analysed", msg), r)
}
