package terraform

import (
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/trailint/trailint/graph"
)

// goFmtMax is the largest width or precision Go's fmt applies to a number;
// cty hands number verbs to it.
const goFmtMax = 1_000_000

// formatFunc is format, once the length of the result is known to be
// within the caps: a width pads to that many characters, and an argument
// may be used by any number of verbs.
func (c caps) formatFunc() function.Function {
	f := stdlib.FormatFunc
	return function.New(&function.Spec{
		Params:   f.Params(),
		VarParam: f.VarParam(),
		Type:     f.ReturnTypeForValues,
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			if wholly(args[1:]) {
				n, dep := formatSize(args[0].AsString(), args[1:], c.lim.ValueBytes)
				if err := c.bytes(n); err != nil {
					return cty.NilVal, err
				}
				if dep || graph.HasHoles(args[0].AsString()) {
					return unknownHoles(ret, "format", args...), nil
				}
			}
			return f.Call(args)
		},
	})
}

// formatListFunc is formatlist, with format's checks for each string it
// makes and the caps on all of them together.
func (c caps) formatListFunc() function.Function {
	f := stdlib.FormatListFunc
	return function.New(&function.Spec{
		Params:   f.Params(),
		VarParam: f.VarParam(),
		Type:     f.ReturnTypeForValues,
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			format, rest := args[0].AsString(), args[1:]
			if !wholly(rest) {
				return f.Call(args)
			}
			n := -1
			for _, a := range rest {
				if ty := a.Type(); (ty.IsListType() || ty.IsSetType() || ty.IsTupleType()) && !a.IsNull() {
					if n >= 0 && a.LengthInt() != n {
						return f.Call(args) // cty says which lengths differ
					}
					n = a.LengthInt()
				}
			}
			if n < 0 {
				n = 1
			}
			if err := c.elems(int64(n)); err != nil {
				return cty.NilVal, err
			}
			its := make([]cty.ElementIterator, len(rest))
			for i, a := range rest {
				if ty := a.Type(); (ty.IsListType() || ty.IsSetType() || ty.IsTupleType()) && !a.IsNull() {
					its[i] = a.ElementIterator()
				}
			}
			var total int64
			dep := graph.HasHoles(format)
			one := make([]cty.Value, len(rest))
			for range n {
				for i, a := range rest {
					one[i] = a
					if its[i] != nil {
						its[i].Next()
						_, one[i] = its[i].Element()
					}
				}
				size, d := formatSize(format, one, c.lim.ValueBytes)
				total, dep = addSat(total, size), dep || d
				if err := c.bytes(total); err != nil {
					return cty.NilVal, err
				}
			}
			if dep {
				return unknownHoles(ret, "formatlist", args...), nil
			}
			return f.Call(args)
		},
	})
}

func wholly(vals []cty.Value) bool {
	for _, v := range vals {
		if !v.IsWhollyKnown() {
			return false
		}
	}
	return true
}

// formatSize bounds the length of the result of format with args, reading
// the format as cty does (flags, width, precision, argument index, verb),
// and reports whether the result depends on the text of holes in args.
// Where the format is malformed it stops: cty fails there too.
func formatSize(f string, args []cty.Value, limit int64) (n int64, dep bool) {
	next := 1
	for i := 0; i < len(f) && n <= limit; {
		if f[i] != '%' {
			n++
			i++
			continue
		}
		if i+1 < len(f) && f[i+1] == '%' {
			n++
			i += 2
			continue
		}
		j := i + 1
		sharp := false
		for j < len(f) && strings.IndexByte("0#-+ ", f[j]) >= 0 {
			sharp = sharp || f[j] == '#'
			j++
		}
		// cty reads width and precision into an int that may wrap, as here.
		width, prec := -1, -1
		if j < len(f) && f[j] >= '1' && f[j] <= '9' {
			width = 0
			for ; j < len(f) && f[j] >= '0' && f[j] <= '9'; j++ {
				width = width*10 + int(f[j]-'0')
			}
		}
		if j < len(f) && f[j] == '.' {
			prec = 0
			for j++; j < len(f) && f[j] >= '0' && f[j] <= '9'; j++ {
				prec = prec*10 + int(f[j]-'0')
			}
		}
		argNum := next
		if j < len(f) && f[j] == '[' {
			argNum = 0
			for j++; j < len(f) && f[j] >= '0' && f[j] <= '9'; j++ {
				argNum = argNum*10 + int(f[j]-'0')
			}
			if j >= len(f) || f[j] != ']' {
				return n, dep
			}
			j++
		}
		if j >= len(f) || !(f[j] >= 'a' && f[j] <= 'z' || f[j] >= 'A' && f[j] <= 'Z') || argNum < 1 || argNum > len(args) {
			return n, dep
		}
		size, d := verbSize(f[j], sharp, width, prec, args[argNum-1], limit)
		n, dep = addSat(n, size), dep || d
		next = argNum + 1
		i = j + 1
	}
	return n, dep
}

// verbSize bounds what one verb writes of arg.
func verbSize(mode byte, sharp bool, width, prec int, arg cty.Value, limit int64) (int64, bool) {
	arg, _ = arg.UnmarkDeep()
	pad := int64(max(width, 0))
	holed := containsHole(arg)
	switch mode {
	case 'v':
		if !sharp && !arg.IsNull() {
			switch arg.Type() {
			case cty.String:
				return pad + int64(len(arg.AsString())), holed && width >= 0
			case cty.Number:
				return pad + int64(arg.AsBigFloat().Prec())*30103/100000 + 32, false
			}
		}
		return pad + jsonLen(arg, limit), holed && width >= 0
	case 't':
		return 5, holed
	case 'b', 'd', 'o', 'x', 'X', 'e', 'E', 'f', 'g', 'G':
		num, err := convert.Convert(arg, cty.Number)
		if err != nil || num.IsNull() {
			return 0, holed
		}
		bf := num.AsBigFloat()
		pad = min(pad, goFmtMax)
		p := int64(prec)
		if p < 0 || p > goFmtMax {
			p = 6
		}
		bits := int64(max(bf.MantExp(nil), 0))
		switch mode {
		case 'b':
			return pad + bits + 2, holed
		case 'o':
			return pad + bits/3 + 3, holed
		case 'x', 'X':
			return pad + bits/4 + 3, holed
		case 'd':
			return pad + numberTextLen(bf), holed
		case 'f':
			return pad + bits*30103/100000 + p + 4, holed
		}
		return pad + int64(bf.Prec())*30103/100000 + p + 32, holed
	case 's', 'q':
		var l int64
		switch {
		case arg.IsNull():
			return 0, false
		case arg.Type() == cty.Number:
			// Not converted here: its text is what may be too long.
			l = numberTextLen(arg.AsBigFloat()) + 2
		case arg.Type() == cty.String && mode == 'q':
			l = jsonStringLen(arg.AsString())
		case arg.Type() == cty.String:
			l = int64(len(arg.AsString()))
		default:
			l = 7
		}
		return pad + l, holed && (width >= 0 || prec > 0)
	}
	return 0, false
}
