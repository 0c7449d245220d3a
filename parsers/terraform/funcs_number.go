package terraform

import (
	"errors"
	"fmt"
	"math"
	"math/big"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	"github.com/zclconf/go-cty/cty/gocty"
)

func numberFuncs(c caps) map[string]function.Function {
	return map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "max": stdlib.MaxFunc, "min": stdlib.MinFunc,
		"parseint": guard("parseint", stdlib.ParseIntFunc), "signum": stdlib.SignumFunc,
		// The integer part of a number such as 1e333333333 is a third of a
		// gigabyte.
		"ceil":  c.numberGuard(stdlib.CeilFunc),
		"floor": c.numberGuard(stdlib.FloorFunc),
		"log":   floatFunc("num", "base", func(a, b float64) float64 { return math.Log(a) / math.Log(b) }),
		"pow":   floatFunc("num", "power", math.Pow),
		"sum":   guard("sum", sumFunc),
	}
}

// numberGuard fails on a number argument too large to write out.
func (c caps) numberGuard(f function.Function) function.Function {
	return function.New(&function.Spec{
		Params:   f.Params(),
		VarParam: f.VarParam(),
		Type:     f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			for _, a := range args {
				if err := c.numbersText(a); err != nil {
					return cty.NilVal, err
				}
			}
			return f.Call(args)
		},
	})
}

// floatFunc is log or pow: Terraform computes them in float64 and refuses
// a result that is not a number, where cty's would panic.
func floatFunc(a, b string, fn func(x, y float64) float64) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{num(a), num(b)},
		Type:   function.StaticReturnType(cty.Number),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			var x, y float64
			if err := gocty.FromCtyValue(args[0], &x); err != nil {
				return cty.NilVal, err
			}
			if err := gocty.FromCtyValue(args[1], &y); err != nil {
				return cty.NilVal, err
			}
			r := fn(x, y)
			if math.IsNaN(r) {
				return cty.NilVal, errors.New("result is not a number")
			}
			return cty.NumberFloatVal(r), nil
		},
	})
}

// sumFunc is Terraform's sum of a list, set or tuple of numbers.
var sumFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (ret cty.Value, err error) {
		list := args[0]
		if !list.CanIterateElements() {
			return cty.NilVal, function.NewArgErrorf(0, "cannot sum noniterable")
		}
		if list.LengthInt() == 0 {
			return cty.NilVal, function.NewArgErrorf(0, "cannot sum an empty list")
		}
		ty := list.Type()
		if !ty.IsListType() && !ty.IsSetType() && !ty.IsTupleType() {
			return cty.NilVal, function.NewArgErrorf(0, "argument must be list, set, or tuple. Received %s", ty.FriendlyName())
		}
		if !list.IsWhollyKnown() {
			return cty.UnknownVal(cty.Number), nil
		}
		// Adding opposite infinities panics in math/big.
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(big.ErrNaN); !ok {
					panic(r)
				}
				ret, err = cty.NilVal, fmt.Errorf("can't compute sum of opposing infinities")
			}
		}()
		var s cty.Value
		for it := list.ElementIterator(); it.Next(); {
			_, v := it.Element()
			if v.IsNull() {
				return cty.NilVal, function.NewArgErrorf(0, "argument must be list, set, or tuple of number values")
			}
			v, err := convert.Convert(v, cty.Number)
			if err != nil {
				return cty.NilVal, function.NewArgErrorf(0, "argument must be list, set, or tuple of number values")
			}
			if s == cty.NilVal {
				s = v
			} else {
				s = s.Add(v)
			}
		}
		return s, nil
	},
})
