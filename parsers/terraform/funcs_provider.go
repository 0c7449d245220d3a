package terraform

import (
	"bytes"
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/trailint/trailint/internal/budget"
)

// providerFuncs are the functions of Terraform's built-in provider, called
// as provider::terraform::name. Their text is HCL's, written by hclwrite as
// Terraform writes it; it quotes and escapes strings, so a hole would be
// carried with its origin escaped: a value with holes gives unknown text.
func providerFuncs(c caps) map[string]function.Function {
	anyValue := function.Parameter{Name: "value", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true}
	return map[string]function.Function{
		"provider::terraform::encode_tfvars": function.New(&function.Spec{
			Params: []function.Parameter{anyValue},
			Type:   function.StaticReturnType(cty.String),
			Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
				v := args[0]
				if v.IsNull() {
					return cty.NilVal, function.NewArgErrorf(0, "cannot encode a null value in tfvars syntax")
				}
				if !v.IsWhollyKnown() {
					return cty.UnknownVal(ret), nil
				}
				if err := c.hclLen(v); err != nil {
					return cty.NilVal, err
				}
				if containsHole(v) {
					return unknownHoles(ret, "provider::terraform::encode_tfvars", v), nil
				}
				ty := v.Type()
				if !ty.IsObjectType() && !ty.IsMapType() {
					return cty.NilVal, function.NewArgErrorf(0, "invalid value to encode: must be an object whose attribute names will become the encoded variable names")
				}
				var keys []string
				for it := v.ElementIterator(); it.Next(); {
					k, _ := it.Element()
					keys = append(keys, k.AsString())
				}
				sort.Strings(keys)
				f := hclwrite.NewEmptyFile()
				for _, k := range keys {
					if !hclsyntax.ValidIdentifier(k) {
						return cty.NilVal, function.NewArgErrorf(0, "invalid variable name %q: must be a valid identifier, per Terraform's rules for input variable declarations", k)
					}
					e, _ := hcl.Index(v, cty.StringVal(k), nil)
					f.Body().SetAttributeValue(k, e)
				}
				return cty.StringVal(string(f.Bytes())), nil
			},
		}),
		"provider::terraform::decode_tfvars": function.New(&function.Spec{
			Params: []function.Parameter{str("src")},
			Type:   function.StaticReturnType(cty.DynamicPseudoType),
			Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
				src := args[0].AsString()
				if containsHole(args[0]) {
					return unknownHoles(ret, "provider::terraform::decode_tfvars", args[0]), nil
				}
				if d, _ := nesting([]byte(src), false); d > maxNesting {
					return cty.NilVal, fmt.Errorf("invalid tfvars syntax: brackets nest more than %d levels deep", maxNesting)
				}
				f, diags := hclsyntax.ParseConfig([]byte(src), "<decode_tfvars argument>", hcl.InitialPos)
				if diags.HasErrors() {
					return cty.NilVal, fmt.Errorf("invalid tfvars syntax: %s", diags.Error())
				}
				attrs, diags := f.Body.JustAttributes()
				if diags.HasErrors() {
					return cty.NilVal, fmt.Errorf("invalid tfvars content: %s", diags.Error())
				}
				out := make(map[string]cty.Value, len(attrs))
				for name, a := range attrs {
					v, diags := a.Expr.Value(nil)
					if diags.HasErrors() {
						return cty.NilVal, fmt.Errorf("invalid expression for variable %q: %s", name, diags.Error())
					}
					out[name] = v
				}
				// The values are literals of the text, whose numbers count
				// eight bytes each: measured once made, as they are no
				// larger than the text by more than that.
				v := cty.ObjectVal(out)
				if b, e := size(v, c.lim.ValueBytes, c.lim.Elements); b > c.lim.ValueBytes || e > c.lim.Elements {
					if e > c.lim.Elements {
						return cty.NilVal, c.over(budget.Elements)
					}
					return cty.NilVal, c.over(budget.ValueBytes)
				}
				return v, nil
			},
		}),
		"provider::terraform::encode_expr": function.New(&function.Spec{
			Params: []function.Parameter{anyValue},
			Type:   function.StaticReturnType(cty.String),
			Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
				v := args[0]
				if !v.IsWhollyKnown() {
					return cty.UnknownVal(ret), nil
				}
				if err := c.hclLen(v); err != nil {
					return cty.NilVal, err
				}
				if containsHole(v) {
					return unknownHoles(ret, "provider::terraform::encode_expr", v), nil
				}
				return cty.StringVal(string(bytes.TrimSpace(hclwrite.TokensForValue(v).Bytes()))), nil
			},
		}),
	}
}

// hclLen fails when the HCL text of v would be over the cap: hclwrite
// writes an object with a line for each attribute, indented by its depth,
// a tuple on one line, and strings quoted, with escapes.
func (c caps) hclLen(v cty.Value) error {
	return c.bytes(hclTextLen(v, 0, c.lim.ValueBytes))
}

func hclTextLen(v cty.Value, depth, limit int64) int64 {
	v, _ = v.Unmark()
	ty := v.Type()
	switch {
	case v.IsNull() || ty == cty.Bool:
		return 5
	case ty == cty.Number:
		return numberTextLen(v.AsBigFloat())
	case ty == cty.String:
		return hclStringLen(v.AsString())
	}
	n := int64(2)
	object := ty.IsObjectType() || ty.IsMapType()
	for it := v.ElementIterator(); it.Next() && n <= limit; {
		k, e := it.Element()
		if object {
			n += 2*(depth+1) + hclStringLen(k.AsString()) + 4
		} else {
			n += 2
		}
		n += hclTextLen(e, depth+1, limit)
	}
	return n + 2*depth + 1
}

func hclStringLen(s string) int64 {
	n := int64(2)
	for _, r := range s {
		switch {
		case r == '"' || r == '\\' || r == '\n' || r == '\r' || r == '\t' || r == '$' || r == '%':
			n += 2
		case r < 0x20 || r == 0x7f:
			n += 10
		default:
			n += int64(utf8.RuneLen(r))
		}
	}
	return n
}
