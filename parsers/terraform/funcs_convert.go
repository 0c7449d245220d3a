package terraform

import (
	"reflect"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
)

// sensitiveMark is the mark of sensitive(): Terraform hides the value.
// Which variables and outputs are declared sensitive or ephemeral is not
// tracked, so a value without the mark may still be sensitive, and any
// value may be ephemeral.
type sensitiveMark struct{}

func conversionFuncs(c caps) map[string]function.Function {
	value := function.Parameter{Name: "value", Type: cty.DynamicPseudoType,
		AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true}
	same := func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil }
	return map[string]function.Function{
		"tobool":   c.toFunc(cty.Bool),
		"tonumber": c.toFunc(cty.Number),
		"tostring": c.toFunc(cty.String),
		"tolist":   c.toFunc(cty.List(cty.DynamicPseudoType)),
		"toset":    c.toFunc(cty.Set(cty.DynamicPseudoType)),
		"tomap":    c.toFunc(cty.Map(cty.DynamicPseudoType)),
		"convert":  c.convertFunc(),
		"can":      tryfunc.CanFunc,
		"try":      tryfunc.TryFunc,
		"sensitive": function.New(&function.Spec{
			Params: []function.Parameter{value},
			Type:   same,
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				return args[0].Mark(sensitiveMark{}), nil
			},
		}),
		"nonsensitive": function.New(&function.Spec{
			Params: []function.Parameter{value},
			Type:   same,
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				v, marks := args[0].Unmark()
				delete(marks, sensitiveMark{})
				return v.WithMarks(marks), nil
			},
		}),
		"issensitive": function.New(&function.Spec{
			Params: []function.Parameter{value},
			Type:   function.StaticReturnType(cty.Bool),
			Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
				switch {
				case args[0].HasMark(sensitiveMark{}):
					return cty.True, nil
				case !args[0].IsKnown():
					return cty.UnknownVal(cty.Bool), nil
				}
				return unknownBecause(ret, "issensitive() depends on which variables and outputs are declared sensitive, which trailint does not track"), nil
			},
		}),
		"ephemeralasnull": function.New(&function.Spec{
			Params: []function.Parameter{value},
			Type:   same,
			Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
				// Any value, marked or not, may come from an ephemeral
				// declaration; a sensitive one stays sensitive, as
				// Terraform's result would.
				_, marks := args[0].UnmarkDeep()
				v := unknownBecause(ret, "ephemeralasnull() depends on which values are declared ephemeral, which trailint does not track")
				if hasSensitive(marks) {
					v = v.Mark(sensitiveMark{})
				}
				return v, nil
			},
		}),
	}
}

// toFunc is one of Terraform's to* functions: an explicit conversion, with
// Terraform's wording of what cannot be converted. A number is written out
// only when its text is within the caps, and a set only made when holes
// leave its length known.
func (c caps) toFunc(want cty.Type) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType,
			AllowNull: true, AllowMarked: true, AllowDynamicType: true, AllowUnknown: true}},
		Type: func(args []cty.Value) (cty.Type, error) {
			got := args[0].Type()
			if got.Equals(want) || convert.GetConversionUnsafe(got, want) != nil {
				return want, nil
			}
			switch {
			case got.IsTupleType() && want.IsTupleType():
				return cty.NilType, function.NewArgErrorf(0, "incompatible tuple type for conversion: %s", convert.MismatchMessage(got, want))
			case got.IsObjectType() && want.IsObjectType():
				return cty.NilType, function.NewArgErrorf(0, "incompatible object type for conversion: %s", convert.MismatchMessage(got, want))
			}
			return cty.NilType, function.NewArgErrorf(0, "cannot convert %s to %s", got.FriendlyName(), want.FriendlyNameForConstraint())
		},
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			v := args[0]
			if !v.IsKnown() {
				return cty.UnknownVal(ret).WithSameMarks(v), nil
			}
			if want != cty.Number {
				if err := c.numbersText(v); err != nil {
					return cty.NilVal, err
				}
			}
			if containsHole(v) {
				if u, ok := holedConversion(v, want, ret); !ok {
					return u, nil
				}
			}
			out, err := convert.Convert(v, ret)
			if err != nil {
				u, marks := v.UnmarkDeep()
				got := u.Type()
				switch {
				case hasSensitive(marks):
					return cty.NilVal, function.NewArgErrorf(0, "cannot convert this sensitive %s to %s", got.FriendlyName(), want.FriendlyNameForConstraint())
				case got == cty.String && want == cty.Bool:
					return cty.NilVal, function.NewArgErrorf(0, `cannot convert %s to bool; only the strings "true" or "false" are allowed`, quoted(u))
				case got == cty.String && want == cty.Number:
					return cty.NilVal, function.NewArgErrorf(0, `cannot convert %s to number; given string must be a decimal representation of a number`, quoted(u))
				}
				return cty.NilVal, function.NewArgErrorf(0, "cannot convert %s to %s", got.FriendlyName(), want.FriendlyNameForConstraint())
			}
			return out, nil
		},
	})
}

func hasSensitive(marks cty.ValueMarks) bool {
	_, ok := marks[sensitiveMark{}]
	return ok
}

func quoted(v cty.Value) string {
	if v.IsNull() {
		return "string"
	}
	return strconv.Quote(v.AsString())
}

// holedConversion tells whether converting v, which holds holes, depends
// on their text: a string with holes read as a number or a bool, or
// strings that may be equal made into a set. ok is false when it does,
// and u is then the unknown result.
func holedConversion(v cty.Value, want, ret cty.Type) (u cty.Value, ok bool) {
	u, _ = v.Unmark()
	switch {
	case u.Type() == cty.String && (want == cty.Number || want == cty.Bool):
		return unknownHoles(ret, "to"+want.FriendlyName(), u), false
	case want.IsSetType() && collide(elements(u)):
		return unknownHoles(ret, "toset", u), false
	}
	return cty.NilVal, true
}

// typeConstraint is the value of convert's second argument: a type
// written as in a variable's type, optional attributes and defaults
// included.
type typeConstraint struct {
	ty       cty.Type
	defaults *typeexpr.Defaults
}

var typeConstraintType cty.Type

func init() {
	typeConstraintType = cty.CapsuleWithOps("type constraint", reflect.TypeFor[typeConstraint](), &cty.CapsuleOps{
		ExtensionData: func(key any) any {
			if key != customdecode.CustomExpressionDecoder {
				return nil
			}
			return customdecode.CustomExpressionDecoderFunc(func(expr hcl.Expression, _ *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
				ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(expr)
				if diags.HasErrors() {
					return cty.NilVal, diags
				}
				return cty.CapsuleVal(typeConstraintType, &typeConstraint{ty: ty, defaults: defaults}), nil
			})
		},
	})
}

// convertFunc is Terraform's convert(value, type).
func (c caps) convertFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "value", Type: cty.DynamicPseudoType, AllowNull: true, AllowDynamicType: true},
			{Name: "type", Type: typeConstraintType},
		},
		Type: func(args []cty.Value) (cty.Type, error) {
			tc := args[1].EncapsulatedValue().(*typeConstraint)
			return tc.ty.WithoutOptionalAttributesDeep(), nil
		},
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			tc := args[1].EncapsulatedValue().(*typeConstraint)
			if err := c.numbersText(args[0]); err != nil {
				return cty.NilVal, err
			}
			if containsHole(args[0]) {
				if u, ok := holedConversion(args[0], tc.ty, ret); !ok {
					return u, nil
				}
			}
			v, err := convert.Convert(args[0], tc.ty)
			if err != nil {
				return cty.NilVal, function.NewArgError(0, err)
			}
			if tc.defaults != nil {
				v = tc.defaults.Apply(v)
			}
			return v, nil
		},
	})
}
