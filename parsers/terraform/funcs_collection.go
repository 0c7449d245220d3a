package terraform

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	"github.com/zclconf/go-cty/cty/gocty"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

func collectionFuncs(c caps) map[string]function.Function {
	return map[string]function.Function{
		"alltrue": boolsFunc(true), "anytrue": boolsFunc(false),
		"chunklist": stdlib.ChunklistFunc, "coalesce": coalesceFunc,
		"coalescelist": stdlib.CoalesceListFunc, "compact": compactFunc,
		"concat": c.concatFunc(), "contains": containsFunc,
		"distinct": setLike("distinct", stdlib.DistinctFunc, false), "element": stdlib.ElementFunc,
		"flatten": c.flattenFunc(), "index": indexFunc, "keys": stdlib.KeysFunc,
		"length": lengthFunc, "lookup": lookupFunc, "matchkeys": matchkeysFunc,
		"merge": c.mergeFunc(), "one": oneFunc, "range": c.rangeFunc(),
		"reverse": stdlib.ReverseListFunc, "setintersection": setLike("setintersection", stdlib.SetIntersectionFunc, true),
		"setproduct": c.setProductFunc(), "setsubtract": setLike("setsubtract", stdlib.SetSubtractFunc, true),
		"setunion": c.setUnionFunc(), "slice": stdlib.SliceFunc,
		"sort": guard("sort", stdlib.SortFunc), "transpose": c.transposeFunc(),
		"values": stdlib.ValuesFunc, "zipmap": c.zipmapFunc(),
		"list": removedFunc(`the "list" function was deprecated in Terraform v0.12 and is no longer available; use tolist([ ... ]) syntax to write a literal list`),
		"map":  removedFunc(`the "map" function was deprecated in Terraform v0.12 and is no longer available; use tomap({ ... }) syntax to write a literal map`),
	}
}

// elements lists the elements of a known collection or structure.
func elements(v cty.Value) []cty.Value {
	if !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
		return nil
	}
	out := make([]cty.Value, 0, v.LengthInt())
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		out = append(out, e)
	}
	return out
}

// lengthFunc is Terraform's length, which also counts the characters of a
// string; a string with holes has a length only its holes decide.
var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType,
		AllowDynamicType: true, AllowUnknown: true, AllowMarked: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		if ty == cty.String || ty.IsCollectionType() || ty.IsTupleType() || ty.IsObjectType() || ty == cty.DynamicPseudoType {
			return cty.Number, nil
		}
		return cty.Number, errors.New("argument must be a string, a collection type, or a structural type")
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		v := args[0]
		ty := v.Type()
		marks := v.Marks()
		switch {
		case ty == cty.DynamicPseudoType:
			return cty.UnknownVal(cty.Number).WithMarks(marks), nil
		case ty.IsTupleType():
			return cty.NumberIntVal(int64(len(ty.TupleElementTypes()))).WithMarks(marks), nil
		case ty.IsObjectType():
			return cty.NumberIntVal(int64(len(ty.AttributeTypes()))).WithMarks(marks), nil
		case ty == cty.String:
			u, _ := v.Unmark()
			if u.IsKnown() && !u.IsNull() && containsHole(u) {
				return unknownHoles(ret, "length", u).WithMarks(marks), nil
			}
			n, err := stdlib.Strlen(u)
			return n.WithMarks(marks), err
		}
		u, _ := v.Unmark()
		return u.Length().WithMarks(marks), nil
	},
})

// lookupFunc is Terraform's lookup: the default may be null, and an object
// is looked up by attribute. A key with holes may be any key.
var lookupFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "inputMap", Type: cty.DynamicPseudoType, AllowMarked: true, AllowUnknown: true},
		{Name: "key", Type: cty.String, AllowMarked: true, AllowUnknown: true},
	},
	VarParam: &function.Parameter{Name: "default", Type: cty.DynamicPseudoType,
		AllowUnknown: true, AllowDynamicType: true, AllowNull: true, AllowMarked: true},
	Type: func(args []cty.Value) (cty.Type, error) {
		if len(args) > 3 {
			return cty.NilType, fmt.Errorf("lookup() takes two or three arguments, got %d", len(args))
		}
		ty := args[0].Type()
		switch {
		case ty.IsObjectType():
			key, _ := args[1].Unmark()
			if !key.IsKnown() || containsHole(key) {
				return cty.DynamicPseudoType, nil
			}
			if ty.HasAttribute(key.AsString()) {
				return ty.AttributeType(key.AsString()), nil
			}
			if len(args) == 3 {
				return args[2].Type(), nil
			}
			return cty.DynamicPseudoType, function.NewArgErrorf(0, "the given object has no attribute %q", key.AsString())
		case ty.IsMapType():
			if len(args) == 3 {
				if _, err := convert.Convert(args[2], ty.ElementType()); err != nil {
					return cty.NilType, function.NewArgErrorf(2, "the default value must have the same type as the map elements")
				}
			}
			return ty.ElementType(), nil
		}
		return cty.NilType, function.NewArgErrorf(0, "lookup() requires a map as the first argument")
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		m, mapMarks := args[0].Unmark()
		key, keyMarks := args[1].Unmark()
		marks := []cty.ValueMarks{mapMarks, keyMarks}
		if !m.IsKnown() || !key.IsKnown() {
			return cty.UnknownVal(ret).WithMarks(marks...), nil
		}
		k := key.AsString()
		keyHoles := graph.HasHoles(k)
		// An object's attributes come in the order of their names, as a
		// map's keys do, so that the key named as the cause is always
		// the same one.
		for it := m.ElementIterator(); it.Next(); {
			nv, _ := it.Element()
			n := nv.AsString()
			if n != k && (keyHoles || graph.HasHoles(n)) && mayEqual(n, k) {
				return unknownHoles(ret, "lookup", key, nv).WithMarks(marks...), nil
			}
		}
		if m.Type().IsObjectType() {
			if m.Type().HasAttribute(k) {
				return m.GetAttr(k).WithMarks(marks...), nil
			}
		} else if m.HasIndex(cty.StringVal(k)) == cty.True {
			return m.Index(cty.StringVal(k)).WithMarks(marks...), nil
		}
		if len(args) == 3 {
			d, err := convert.Convert(args[2], ret)
			if err != nil {
				return cty.NilVal, err
			}
			return d.WithMarks(marks...), nil
		}
		return cty.NilVal, fmt.Errorf("lookup failed to find key %q", k)
	},
})

// containsFunc is contains, with hole-aware equality.
var containsFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType},
		{Name: "value", Type: cty.DynamicPseudoType, AllowNull: true}},
	Type: function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		if !containsHole(args[0]) && !containsHole(args[1]) {
			return stdlib.ContainsFunc.Call(args)
		}
		ty := args[0].Type()
		if !ty.IsListType() && !ty.IsTupleType() && !ty.IsSetType() {
			return cty.NilVal, errors.New("argument must be list, tuple, or set")
		}
		undecided := false
		for _, e := range elements(args[0]) {
			eq, known := valuesEqual(e, args[1])
			if known && eq {
				return cty.True, nil
			}
			undecided = undecided || !known
		}
		if undecided {
			return unknownHoles(ret, "contains", args...), nil
		}
		return cty.False, nil
	},
})

// indexFunc is Terraform's index, with hole-aware equality.
var indexFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType},
		{Name: "value", Type: cty.DynamicPseudoType}},
	Type: function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		if ty := args[0].Type(); !ty.IsListType() && !ty.IsTupleType() {
			return cty.NilVal, errors.New("argument must be a list or tuple")
		}
		if !args[0].IsKnown() {
			return cty.UnknownVal(cty.Number), nil
		}
		if args[0].LengthInt() == 0 {
			return cty.NilVal, errors.New("cannot search an empty list")
		}
		valueHoles := containsHole(args[1])
		for i, e := range elements(args[0]) {
			if valueHoles || containsHole(e) {
				eq, known := valuesEqual(e, args[1])
				if !known {
					return unknownHoles(ret, "index", args...), nil
				}
				if eq {
					return cty.NumberIntVal(int64(i)), nil
				}
				continue
			}
			eq, err := stdlib.Equal(e, args[1])
			if err != nil {
				return cty.NilVal, err
			}
			if !eq.IsKnown() {
				return cty.UnknownVal(cty.Number), nil
			}
			if eq.True() {
				return cty.NumberIntVal(int64(i)), nil
			}
		}
		return cty.NilVal, errors.New("item not found")
	},
})

// compactFunc is compact; a string with holes may be empty only when a
// hole may stand for no text at all.
var compactFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.List(cty.String)}},
	Type:   function.StaticReturnType(cty.List(cty.String)),
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		for _, e := range elements(args[0]) {
			if e.IsKnown() && !e.IsNull() && e.AsString() != "" && graph.MinLen(e.AsString()) == 0 {
				return unknownHoles(ret, "compact", e), nil
			}
		}
		return stdlib.CompactFunc.Call(args)
	},
})

// setLike wraps a function that makes a set (or removes duplicates) of
// its arguments' elements: when two of them may be equal, depending on
// holes, the result is unknown.
func setLike(name string, f function.Function, sets bool) function.Function {
	return function.New(&function.Spec{
		Params:   f.Params(),
		VarParam: f.VarParam(),
		Type:     f.ReturnTypeForValues,
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			var all []cty.Value
			for _, a := range args {
				if !sets && !a.Type().IsListType() {
					continue
				}
				all = append(all, elements(a)...)
			}
			if collide(all) {
				return unknownHoles(ret, name, args...), nil
			}
			return f.Call(args)
		},
	})
}

// concatFunc is concat, once the length of the result is known to be
// within the caps.
func (c caps) concatFunc() function.Function {
	f := stdlib.ConcatFunc
	return function.New(&function.Spec{
		VarParam: f.VarParam(),
		Type:     f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			var n int64
			for _, a := range args {
				if a.IsKnown() && !a.IsNull() && a.CanIterateElements() {
					n += int64(a.LengthInt())
				}
			}
			if err := c.elems(n); err != nil {
				return cty.NilVal, err
			}
			if err := c.sumSizes(args); err != nil {
				return cty.NilVal, err
			}
			return f.Call(args)
		},
	})
}

// sumSizes fails when the values of args, put together, would be over the
// caps of a value: the check before a function that joins collections.
func (c caps) sumSizes(args []cty.Value) error {
	var total int64
	for _, a := range args {
		b, _ := size(a, c.lim.ValueBytes, c.lim.Elements)
		if total = addSat(total, b); total > c.lim.ValueBytes {
			return c.over(budget.ValueBytes)
		}
	}
	return nil
}

// flattenFunc is flatten, once the values it lifts are counted.
func (c caps) flattenFunc() function.Function {
	f := stdlib.FlattenFunc
	return function.New(&function.Spec{
		Params: f.Params(),
		Type:   f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if err := c.elems(countLeaves(args[0], c.lim.Elements)); err != nil {
				return cty.NilVal, err
			}
			return f.Call(args)
		},
	})
}

// mergeFunc is merge: the keys of the result are counted before it is
// made, and keys with holes that may equal others leave it unknown.
func (c caps) mergeFunc() function.Function {
	f := stdlib.MergeFunc
	return function.New(&function.Spec{
		VarParam: f.VarParam(),
		Type:     f.ReturnTypeForValues,
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			keys := map[string]cty.Value{}
			var holed []cty.Value
			for _, a := range args {
				a, _ = a.Unmark()
				if !a.IsKnown() || a.IsNull() {
					continue
				}
				for it := a.ElementIterator(); it.Next(); {
					k, v := it.Element()
					if _, ok := keys[k.AsString()]; !ok && containsHole(k) {
						holed = append(holed, k)
					}
					keys[k.AsString()] = v
					if err := c.elems(int64(len(keys))); err != nil {
						return cty.NilVal, err
					}
				}
			}
			var total int64
			for k, v := range keys {
				b, _ := size(v, c.lim.ValueBytes, c.lim.Elements)
				if total = addSat(total, int64(len(k))+b+1); total > c.lim.ValueBytes {
					return cty.NilVal, c.over(budget.ValueBytes)
				}
			}
			if len(holed) > 0 {
				all := make([]cty.Value, 0, len(keys))
				for k := range keys {
					all = append(all, cty.StringVal(k))
				}
				if collide(all) {
					return unknownHoles(ret, "merge", holed...), nil
				}
			}
			return f.Call(args)
		},
	})
}

// rangeFunc is range, within the caps on a collection; cty's own limit of
// 1024 values, which Terraform has too, stays.
func (c caps) rangeFunc() function.Function {
	f := stdlib.RangeFunc
	return function.New(&function.Spec{
		VarParam: f.VarParam(),
		Type:     f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			fl := make([]float64, len(args))
			for i, a := range args {
				if err := gocty.FromCtyValue(a, &fl[i]); err != nil {
					return f.Call(args)
				}
			}
			start, limit, step := 0.0, 0.0, 1.0
			switch len(fl) {
			case 1:
				limit = fl[0]
			case 2, 3:
				start, limit = fl[0], fl[1]
				if len(fl) == 3 {
					step = fl[2]
				} else if limit < start {
					step = -1
				}
			}
			// cty stops at 1024 values, as Terraform does; below that, the
			// caps.
			if n := math.Ceil((limit - start) / step); step != 0 && n > 0 && n <= 1024 {
				if err := c.elems(int64(n)); err != nil {
					return cty.NilVal, err
				}
				if err := c.bytes(int64(n) * 9); err != nil {
					return cty.NilVal, err
				}
			}
			return f.Call(args)
		},
	})
}

// setProductFunc is setproduct, once the number of combinations, and the
// bytes they hold, are known to be within the caps.
func (c caps) setProductFunc() function.Function {
	f := stdlib.SetProductFunc
	return function.New(&function.Spec{
		VarParam: f.VarParam(),
		Type:     f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			n := int64(1)
			for _, a := range args {
				if !a.IsKnown() || a.IsNull() || !a.CanIterateElements() {
					return f.Call(args)
				}
				n = mulSat(n, int64(a.LengthInt()))
			}
			if n == 0 {
				return f.Call(args)
			}
			if err := c.elems(n); err != nil {
				return cty.NilVal, err
			}
			// Each element of an argument appears in n/len of the products.
			var bytes int64
			for _, a := range args {
				b, _ := size(a, c.lim.ValueBytes, c.lim.Elements)
				bytes = addSat(bytes, mulSat(n/int64(a.LengthInt()), b))
			}
			if err := c.bytes(bytes); err != nil {
				return cty.NilVal, err
			}
			return f.Call(args)
		},
	})
}

// setUnionFunc is setunion, built one set at a time so that no step makes
// a set over the caps.
func (c caps) setUnionFunc() function.Function {
	f := setLike("setunion", stdlib.SetUnionFunc, true)
	return function.New(&function.Spec{
		VarParam: f.VarParam(),
		Type:     f.ReturnTypeForValues,
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			var n int64
			for _, a := range args {
				if a.IsKnown() && !a.IsNull() && a.CanIterateElements() {
					n += int64(a.LengthInt())
				}
			}
			if err := c.sumSizes(args); err != nil {
				return cty.NilVal, err
			}
			if n > c.lim.Elements && wholly(args) {
				acc := args[0]
				for _, a := range args[1:] {
					u, err := stdlib.SetUnion(acc, a)
					if err != nil {
						return f.Call(args)
					}
					if err := c.elems(int64(u.LengthInt())); err != nil {
						return cty.NilVal, err
					}
					acc = u
				}
			}
			return f.Call(args)
		},
	})
}

// boolsFunc is alltrue or anytrue, as Terraform has them.
func boolsFunc(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			unknown := false
			for _, v := range elements(args[0]) {
				switch {
				case !v.IsKnown():
					if all {
						return cty.UnknownVal(cty.Bool), nil
					}
					unknown = true
				case v.IsNull():
					if all {
						return cty.False, nil
					}
				case v.True() != all:
					return cty.BoolVal(!all), nil
				}
			}
			if unknown {
				return cty.UnknownVal(cty.Bool), nil
			}
			return cty.BoolVal(all), nil
		},
	})
}

// matchkeysFunc is Terraform's matchkeys, with hole-aware equality.
var matchkeysFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "values", Type: cty.List(cty.DynamicPseudoType)},
		{Name: "keys", Type: cty.List(cty.DynamicPseudoType)},
		{Name: "searchset", Type: cty.List(cty.DynamicPseudoType)},
	},
	Type: func(args []cty.Value) (cty.Type, error) {
		if ty, _ := convert.UnifyUnsafe([]cty.Type{args[1].Type(), args[2].Type()}); ty == cty.NilType {
			return cty.NilType, errors.New("keys and searchset must be of the same type")
		}
		return args[0].Type(), nil
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		ety := ret.ElementType()
		if !args[0].IsKnown() {
			return cty.UnknownVal(ret), nil
		}
		if args[0].LengthInt() != args[1].LengthInt() {
			return cty.ListValEmpty(ety), errors.New("length of keys and values should be equal")
		}
		ty, _ := convert.UnifyUnsafe([]cty.Type{args[1].Type(), args[2].Type()})
		keys, _ := convert.Convert(args[1], ty)
		search, _ := convert.Convert(args[2], ty)
		if search.LengthInt() == 0 {
			return cty.ListValEmpty(ety), nil
		}
		if !args[0].IsWhollyKnown() || !keys.IsWhollyKnown() {
			return cty.UnknownVal(ret), nil
		}
		values := elements(args[0])
		var out []cty.Value
		searched := elements(search)
		searchHoles := make([]bool, len(searched))
		for j, s := range searched {
			searchHoles[j] = containsHole(s)
		}
		for i, k := range elements(keys) {
			keyHoles := containsHole(k)
			for j, s := range searched {
				if keyHoles || searchHoles[j] {
					eq, known := valuesEqual(k, s)
					if !known {
						return unknownHoles(ret, "matchkeys", k, s), nil
					}
					if eq {
						out = append(out, values[i])
						break
					}
					continue
				}
				eq, err := stdlib.Equal(k, s)
				if err != nil {
					return cty.NilVal, err
				}
				if !eq.IsKnown() {
					return cty.ListValEmpty(ety), nil
				}
				if eq.True() {
					out = append(out, values[i])
					break
				}
			}
		}
		if len(out) == 0 {
			return cty.ListValEmpty(ety), nil
		}
		return cty.ListVal(out), nil
	},
})

// transposeFunc is Terraform's transpose; strings with holes that may be
// equal make keys that may be one.
func (c caps) transposeFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "values", Type: cty.Map(cty.List(cty.String))}},
		Type:   function.StaticReturnType(cty.Map(cty.List(cty.String))),
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			in := args[0]
			if !in.IsWhollyKnown() {
				return cty.UnknownVal(ret), nil
			}
			// Each input key is written once for each list it is in.
			var total int64
			for it := in.ElementIterator(); it.Next(); {
				k, list := it.Element()
				if !list.IsNull() {
					total = addSat(total, int64(list.LengthInt())*(int64(len(k.AsString()))+1))
					b, _ := size(list, c.lim.ValueBytes, c.lim.Elements)
					total = addSat(total, b)
				}
			}
			if err := c.bytes(total); err != nil {
				return cty.NilVal, err
			}
			out := map[string][]string{}
			var names []cty.Value
			for it := in.ElementIterator(); it.Next(); {
				k, list := it.Element()
				if list.IsNull() {
					return cty.MapValEmpty(cty.List(cty.String)), errors.New("input must not contain null list")
				}
				for _, v := range elements(list) {
					if v.IsNull() {
						return cty.MapValEmpty(cty.List(cty.String)), errors.New("input list must not contain null string")
					}
					if _, ok := out[v.AsString()]; !ok {
						names = append(names, v)
					}
					out[v.AsString()] = append(out[v.AsString()], k.AsString())
				}
			}
			if collide(names) {
				return unknownHoles(ret, "transpose", args...), nil
			}
			if len(out) == 0 {
				return cty.MapValEmpty(cty.List(cty.String)), nil
			}
			m := make(map[string]cty.Value, len(out))
			for k, vs := range out {
				sort.Strings(vs)
				list := make([]cty.Value, len(vs))
				for i, v := range vs {
					list[i] = cty.StringVal(v)
				}
				m[k] = cty.ListVal(list)
			}
			return cty.MapVal(m), nil
		},
	})
}

// zipmapFunc is zipmap; keys with holes that may equal others leave the
// result unknown.
func (c caps) zipmapFunc() function.Function {
	return function.New(&function.Spec{
		Params:   stdlib.ZipmapFunc.Params(),
		VarParam: stdlib.ZipmapFunc.VarParam(),
		Type:     stdlib.ZipmapFunc.ReturnTypeForValues,
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			keys, _ := args[0].Unmark()
			if collide(elements(keys)) {
				return unknownHoles(ret, "zipmap", keys), nil
			}
			if err := c.sumSizes(args); err != nil {
				return cty.NilVal, err
			}
			return stdlib.ZipmapFunc.Call(args)
		},
	})
}

// coalesceFunc is Terraform's coalesce: the first argument that is neither
// null nor an empty string. A hole that may be empty leaves it undecided.
var coalesceFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "vals", Type: cty.DynamicPseudoType,
		AllowUnknown: true, AllowDynamicType: true, AllowNull: true},
	Type: func(args []cty.Value) (cty.Type, error) {
		types := make([]cty.Type, len(args))
		for i, a := range args {
			types[i] = a.Type()
		}
		ty, _ := convert.UnifyUnsafe(types)
		if ty == cty.NilType {
			return cty.NilType, fmt.Errorf("all arguments must have the same type")
		}
		return ty, nil
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		for _, a := range args {
			a, err := convert.Convert(a, ret)
			if err != nil {
				return cty.NilVal, err
			}
			if !a.IsKnown() {
				return cty.UnknownVal(ret), nil
			}
			if a.IsNull() {
				continue
			}
			if a.Type() == cty.String {
				s := a.AsString()
				if s == "" {
					continue
				}
				if graph.MinLen(s) == 0 {
					return unknownHoles(ret, "coalesce", a), nil
				}
			}
			return a, nil
		}
		return cty.NilVal, fmt.Errorf("no non-null, non-empty-string arguments")
	},
})

var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty == cty.DynamicPseudoType:
			return cty.DynamicPseudoType, nil
		case ty.IsListType() || ty.IsSetType():
			return ty.ElementType(), nil
		case ty.IsTupleType():
			ets := ty.TupleElementTypes()
			switch len(ets) {
			case 0:
				return cty.DynamicPseudoType, nil
			case 1:
				return ets[0], nil
			}
			return cty.NilType, function.NewArgErrorf(0, "must be a list, set, or tuple value with either zero or one elements")
		}
		return cty.NilType, function.NewArgErrorf(0, "must be a list, set, or tuple value with either zero or one elements")
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		v := args[0]
		if !v.IsKnown() {
			return cty.UnknownVal(ret), nil
		}
		switch v.LengthInt() {
		case 0:
			return cty.NullVal(ret), nil
		case 1:
			return v.AsValueSlice()[0], nil
		}
		return cty.NilVal, function.NewArgErrorf(0, "must be a list, set, or tuple value with either zero or one elements")
	},
})
