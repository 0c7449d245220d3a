package terraform

import (
	"math"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	"github.com/zclconf/go-cty/cty/gocty"

	"github.com/trailint/trailint/graph"
)

func stringFuncs(c caps) map[string]function.Function {
	return map[string]function.Function{
		"format":     c.formatFunc(),
		"formatlist": c.formatListFunc(),
		"join":       c.joinFunc(),
		"replace":    c.replaceFunc(),
		"split":      c.splitFunc(),
		"indent":     c.indentFunc(),
		"regex":      guard("regex", c.regexFunc()),
		"regexall":   guard("regexall", c.regexAllFunc()),
		"strrev":     guard("strrev", stdlib.ReverseFunc),
		"substr":     substrFunc,
		"upper":      c.caseFunc("upper", strings.ToUpper, true),
		"lower":      c.caseFunc("lower", strings.ToLower, false),
		//nolint:staticcheck // Terraform's title is strings.Title, word rules included
		"title":       c.caseFunc("title", strings.Title, true),
		"trim":        trimFunc("trim", true, true),
		"trimspace":   trimSpaceFunc,
		"chomp":       chompFunc,
		"trimprefix":  trimAffixFunc(true),
		"trimsuffix":  trimAffixFunc(false),
		"startswith":  affixFunc(true),
		"endswith":    affixFunc(false),
		"strcontains": strContainsFunc,
	}
}

// mayHoldAny reports whether any hole of s may hold any rune of set.
func mayHoldAny(s, set string) bool {
	for _, d := range holeDomains(s) {
		if domainMayHoldAny(d, set) {
			return true
		}
	}
	return false
}

// occursInHoles reports whether an occurrence of sub in s may take in the
// text of one of its holes, so that finding sub in the literal text alone
// would not do.
func occursInHoles(s, sub string) bool {
	segs := graph.Segments(s)
	for k, seg := range segs {
		if seg.Hole != nil && mayOccur(seg.Hole.Domain, sub) && joinsAt(segs, k, sub) {
			return true
		}
	}
	return false
}

// joinsAt reports whether an occurrence of sub may take in the text of the
// hole segs[k], given the literal text on its two sides: the part of sub
// in the hole must be text the hole may hold, and the parts outside must
// be what is written beside it. A long sub is not looked at so closely.
func joinsAt(segs []graph.Segment, k int, sub string) bool {
	if len(sub) > 256 {
		return true
	}
	d := segs[k].Hole.Domain
	// The literal text beside the hole, and whether more text that is not
	// known lies beyond it.
	var before, after string
	beforeOpen, afterOpen := k > 0, k+1 < len(segs)
	if k > 0 && segs[k-1].Hole == nil {
		before, beforeOpen = segs[k-1].Text, k > 1
	}
	if k+1 < len(segs) && segs[k+1].Hole == nil {
		after, afterOpen = segs[k+1].Text, k+2 < len(segs)
	}
	endsWith := func(a string) bool {
		if len(a) <= len(before) {
			return strings.HasSuffix(before, a)
		}
		return beforeOpen && strings.HasSuffix(a, before)
	}
	startsWith := func(b string) bool {
		if len(b) <= len(after) {
			return strings.HasPrefix(after, b)
		}
		return afterOpen && strings.HasPrefix(b, after)
	}
	held := func(t string) bool {
		for _, r := range t {
			if !d.MayHold(r) {
				return false
			}
		}
		return true
	}
	// cuts are the byte offsets between the runes of sub.
	cuts := []int{0}
	for i := range sub {
		if i > 0 {
			cuts = append(cuts, i)
		}
	}
	cuts = append(cuts, len(sub))
	for x, i := range cuts {
		for _, j := range cuts[x+1:] {
			in := sub[i:j]
			if !held(in) {
				break
			}
			a, b := sub[:i], sub[j:]
			// in is all of the hole's text, or its end, or its start, or
			// lies within it.
			whole := utf8.RuneCountInString(in) >= d.MinLen() && endsWith(a) && startsWith(b)
			end := a == "" && startsWith(b)
			start := b == "" && endsWith(a)
			if whole || end || start || a == "" && b == "" {
				return true
			}
		}
	}
	return false
}

// caseFunc maps the case of a string. A hole is carried when the mapping
// leaves every text of its domain as it is (the digits of an account id).
// Otherwise upper and lower, which map each character on its own, make of
// it a hole of its own, upper(origin): equal wherever the same text is
// mapped the same way. title, which looks at the character before, makes
// the result unknown.
func (c caps) caseFunc(name string, fn func(string) string, upper bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{str("str")},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			s := args[0].AsString()
			// A rune may take more bytes in the other case.
			if int64(len(s))*3/2 > c.lim.ValueBytes {
				var n int64
				for _, r := range s {
					n += int64(max(utf8.RuneLen(unicode.ToUpper(r)), utf8.RuneLen(unicode.ToTitle(r)), utf8.RuneLen(unicode.ToLower(r))))
				}
				if err := c.bytes(n); err != nil {
					return cty.NilVal, err
				}
			}
			if graph.HasHoles(s) {
				var b strings.Builder
				for _, seg := range graph.Segments(s) {
					switch h := seg.Hole; {
					case h == nil:
						b.WriteString(seg.Text)
					case caseFixed(h.Domain, upper):
						b.WriteString(graph.Hole(h.Domain, h.Origin))
					case name == "title":
						return unknownHoles(ret, name, args...), nil
					default:
						d := graph.DomainName
						if h.Domain == graph.DomainAny {
							d = graph.DomainAny
						}
						b.WriteString(graph.Hole(d, name+"("+h.Origin+")"))
					}
				}
				s = b.String()
			}
			out, ok := mapHeld(s, fn)
			if !ok {
				return unknownHoles(ret, name, args...), nil
			}
			return cty.StringVal(out), nil
		},
	})
}

// trimFunc is trim: the cut stops at the first rune not in the set, and a
// hole whose domain holds none of the set stops it as surely.
func trimFunc(name string, left, right bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{str("str"), str("cutset")},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			s, cut := args[0].AsString(), args[1].AsString()
			if graph.HasHoles(cut) {
				return unknownHoles(ret, name, args...), nil
			}
			out, ok := trimHeld(s, func(r rune) bool { return strings.ContainsRune(cut, r) },
				func(d graph.Domain) bool { return domainMayHoldAny(d, cut) }, left, right)
			if !ok {
				return unknownHoles(ret, name, args...), nil
			}
			return cty.StringVal(out), nil
		},
	})
}

// trimHeld trims the runes cut from the ends of s; ok is false when the
// trim would reach a hole that may start or end with such a rune.
func trimHeld(s string, cut func(rune) bool, holeMay func(graph.Domain) bool, left, right bool) (string, bool) {
	if !graph.HasHoles(s) {
		if left {
			s = strings.TrimLeftFunc(s, cut)
		}
		if right {
			s = strings.TrimRightFunc(s, cut)
		}
		return s, true
	}
	segs := graph.Segments(s)
	first, last := segs[0], segs[len(segs)-1]
	if left {
		if first.Hole == nil {
			t := strings.TrimLeftFunc(first.Text, cut)
			if t == "" && holeMay(segs[1].Hole.Domain) {
				return "", false
			}
			s = s[len(first.Text)-len(t):]
		} else if holeMay(first.Hole.Domain) {
			return "", false
		}
	}
	if right {
		if last.Hole == nil {
			t := strings.TrimRightFunc(last.Text, cut)
			if t == "" && holeMay(segs[len(segs)-2].Hole.Domain) {
				return "", false
			}
			s = s[:len(s)-(len(last.Text)-len(t))]
		} else if holeMay(last.Hole.Domain) {
			return "", false
		}
	}
	return s, true
}

var trimSpaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{str("str")},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		out, ok := trimHeld(args[0].AsString(), unicode.IsSpace,
			func(d graph.Domain) bool { return d.MayHold(' ') }, true, true)
		if !ok {
			return unknownHoles(ret, "trimspace", args...), nil
		}
		return cty.StringVal(out), nil
	},
})

// chompFunc removes the newlines at the end of a string: any run of \r
// and \n, as Terraform's (?:\r\n?|\n)* does.
var chompFunc = function.New(&function.Spec{
	Params: []function.Parameter{str("str")},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		out, ok := trimHeld(args[0].AsString(), func(r rune) bool { return r == '\r' || r == '\n' },
			func(d graph.Domain) bool { return domainMayHoldAny(d, "\r\n") }, false, true)
		if !ok {
			return unknownHoles(ret, "chomp", args...), nil
		}
		return cty.StringVal(out), nil
	},
})

// hasAffix tells whether s starts (or ends) with a: known is false when
// that depends on a hole.
func hasAffix(s, a string, prefix bool) (has, known bool) {
	if !graph.HasHoles(s) {
		if prefix {
			return strings.HasPrefix(s, a), true
		}
		return strings.HasSuffix(s, a), true
	}
	segs := graph.Segments(s)
	var lit string
	var next *graph.HoleInfo
	if prefix {
		lit, next = literalPrefix(s), segs[0].Hole
		if next == nil {
			next = segs[1].Hole
		}
		if len(lit) >= len(a) {
			return strings.HasPrefix(lit, a), true
		}
		if !strings.HasPrefix(a, lit) {
			return false, true
		}
		r, _ := utf8.DecodeRuneInString(a[len(lit):])
		return false, !next.Domain.MayHold(r)
	}
	lit, next = literalSuffix(s), segs[len(segs)-1].Hole
	if next == nil {
		next = segs[len(segs)-2].Hole
	}
	if len(lit) >= len(a) {
		return strings.HasSuffix(lit, a), true
	}
	if !strings.HasSuffix(a, lit) {
		return false, true
	}
	r, _ := utf8.DecodeLastRuneInString(a[:len(a)-len(lit)])
	return false, !next.Domain.MayHold(r)
}

// affixFunc is startswith or endswith.
func affixFunc(prefix bool) function.Function {
	name, param := "startswith", "prefix"
	if !prefix {
		name, param = "endswith", "suffix"
	}
	return function.New(&function.Spec{
		Params: []function.Parameter{str("str"), str(param)},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			s, a := args[0].AsString(), args[1].AsString()
			if graph.HasHoles(a) {
				return unknownHoles(ret, name, args...), nil
			}
			has, known := hasAffix(s, a, prefix)
			if !known {
				return unknownHoles(ret, name, args...), nil
			}
			return cty.BoolVal(has), nil
		},
	})
}

// trimAffixFunc is trimprefix or trimsuffix.
func trimAffixFunc(prefix bool) function.Function {
	name, param := "trimprefix", "prefix"
	if !prefix {
		name, param = "trimsuffix", "suffix"
	}
	return function.New(&function.Spec{
		Params: []function.Parameter{str("str"), str(param)},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			s, a := args[0].AsString(), args[1].AsString()
			if graph.HasHoles(a) {
				return unknownHoles(ret, name, args...), nil
			}
			has, known := hasAffix(s, a, prefix)
			switch {
			case !known:
				return unknownHoles(ret, name, args...), nil
			case !has:
				return args[0], nil
			case prefix:
				return cty.StringVal(s[len(a):]), nil
			}
			return cty.StringVal(s[:len(s)-len(a)]), nil
		},
	})
}

// strContainsFunc is strcontains: true when a literal part holds substr,
// false when no hole can hold any of its runes and no literal part does.
var strContainsFunc = function.New(&function.Spec{
	Params: []function.Parameter{str("str"), str("substr")},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		s, sub := args[0].AsString(), args[1].AsString()
		if graph.HasHoles(sub) {
			return unknownHoles(ret, "strcontains", args...), nil
		}
		if !graph.HasHoles(s) || sub == "" {
			return cty.BoolVal(strings.Contains(s, sub)), nil
		}
		for _, seg := range graph.Segments(s) {
			if seg.Hole == nil && strings.Contains(seg.Text, sub) {
				return cty.True, nil
			}
		}
		if occursInHoles(s, sub) {
			return unknownHoles(ret, "strcontains", args...), nil
		}
		return cty.False, nil
	},
})

// substrFunc is substr; with holes, it is known when the characters taken
// lie in the literal text at the start (or, counting from the end, at the
// end) of the string.
var substrFunc = function.New(&function.Spec{
	Params: []function.Parameter{str("str"), num("offset"), num("length")},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		s := args[0].AsString()
		if !graph.HasHoles(s) {
			return stdlib.Substr(args[0], args[1], args[2])
		}
		var offset, length int
		if err := gocty.FromCtyValue(args[1], &offset); err != nil {
			return cty.NilVal, err
		}
		if err := gocty.FromCtyValue(args[2], &length); err != nil {
			return cty.NilVal, err
		}
		count := func(t string) int {
			n, _ := stdlib.Strlen(cty.StringVal(t))
			i, _ := n.AsBigFloat().Int64()
			return int(i)
		}
		sub := func(t string, off, n int) cty.Value {
			v, _ := stdlib.Substr(cty.StringVal(t), cty.NumberIntVal(int64(off)), cty.NumberIntVal(int64(n)))
			return v
		}
		if offset >= 0 {
			p := literalPrefix(s)
			switch n := count(p); {
			case length >= 0 && offset+length <= n:
				return sub(p, offset, length), nil
			case length < 0 && offset <= n:
				return cty.StringVal(sub(p, offset, -1).AsString() + s[len(p):]), nil
			}
		} else {
			t := literalSuffix(s)
			if n := count(t); -offset <= n && (length < 0 || length <= -offset) {
				return sub(t, n+offset, length), nil
			}
		}
		return unknownHoles(ret, "substr", args...), nil
	},
})

// splitFunc is split, with the caps on the number of parts. With holes,
// the separator is looked for in the literal text, when no hole can hold
// it.
func (c caps) splitFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{str("separator"), str("str")},
		Type:   function.StaticReturnType(cty.List(cty.String)),
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			sep, s := args[0].AsString(), args[1].AsString()
			if graph.HasHoles(sep) || graph.HasHoles(s) && (sep == "" || occursInHoles(s, sep)) {
				return unknownHoles(ret, "split", args...), nil
			}
			n := int64(utf8.RuneCountInString(s))
			if sep != "" {
				n = int64(strings.Count(s, sep)) + 1
			}
			if err := c.elems(n); err != nil {
				return cty.NilVal, err
			}
			if err := c.bytes(int64(len(s)) + n); err != nil {
				return cty.NilVal, err
			}
			parts := graph.Split(s, sep)
			if len(parts) == 0 {
				return cty.ListValEmpty(cty.String), nil
			}
			out := make([]cty.Value, len(parts))
			for i, p := range parts {
				out[i] = cty.StringVal(p)
			}
			return cty.ListVal(out), nil
		},
	})
}

// joinFunc is join, once the length of the result is known to be within
// the caps: the separator is repeated once per element.
func (c caps) joinFunc() function.Function {
	return function.New(&function.Spec{
		Params:   []function.Parameter{str("separator")},
		VarParam: &function.Parameter{Name: "lists", Type: cty.List(cty.String)},
		Type:     function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			sep := int64(len(args[0].AsString()))
			var n, elems int64
			for _, list := range args[1:] {
				if !list.IsWhollyKnown() {
					break
				}
				for it := list.ElementIterator(); it.Next(); {
					_, v := it.Element()
					if !v.IsNull() {
						n = addSat(n, int64(len(v.AsString())))
					}
					if elems++; elems > 1 {
						n = addSat(n, sep)
					}
					if err := c.bytes(n); err != nil {
						return cty.NilVal, err
					}
				}
			}
			return stdlib.JoinFunc.Call(args)
		},
	})
}

// indentFunc is indent, once the result is known to be within the caps:
// each line after the first grows by the indent.
func (c caps) indentFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{num("spaces"), str("str")},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			var spaces int
			if err := gocty.FromCtyValue(args[0], &spaces); err != nil {
				return cty.NilVal, err
			}
			s := args[1].AsString()
			if spaces < 0 {
				return cty.NilVal, function.NewArgErrorf(0, "the number of spaces must not be negative")
			}
			if err := c.bytes(addSat(int64(len(s)), mulSat(int64(spaces), int64(strings.Count(s, "\n"))))); err != nil {
				return cty.NilVal, err
			}
			if mayHoldAny(s, "\n") {
				return unknownHoles(ret, "indent", args...), nil
			}
			pad := "\n" + strings.Repeat(" ", spaces)
			out, ok := mapHeld(s, func(t string) string { return strings.ReplaceAll(t, "\n", pad) })
			if !ok {
				return unknownHoles(ret, "indent", args...), nil
			}
			return cty.StringVal(out), nil
		},
	})
}

// replaceFunc is Terraform's replace: a substring, or a regular expression
// between slashes. The length of the result is known before it is made:
// each match grows by the replacement, at most.
func (c caps) replaceFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{str("str"), str("substr"), str("replace")},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			s, sub, repl := args[0].AsString(), args[1].AsString(), args[2].AsString()
			if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
				if containsHole(args[0]) || containsHole(args[1]) || containsHole(args[2]) {
					return unknownHoles(ret, "replace", args...), nil
				}
				re, err := regexp.Compile(sub[1 : len(sub)-1])
				if err != nil {
					return cty.NilVal, err
				}
				if err := c.regexGrowth(re, s, repl); err != nil {
					return cty.NilVal, err
				}
				return cty.StringVal(re.ReplaceAllString(s, repl)), nil
			}
			if graph.HasHoles(sub) || sub == "" && graph.HasHoles(s) || graph.HasHoles(s) && occursInHoles(s, sub) {
				return unknownHoles(ret, "replace", args...), nil
			}
			n := int64(strings.Count(s, sub))
			if grow := int64(len(repl)) - int64(len(sub)); grow > 0 {
				if err := c.bytes(addSat(int64(len(s)), mulSat(n, grow))); err != nil {
					return cty.NilVal, err
				}
			}
			out, ok := mapHeld(s, func(t string) string { return strings.ReplaceAll(t, sub, repl) })
			if !ok {
				return unknownHoles(ret, "replace", args...), nil
			}
			return cty.StringVal(out), nil
		},
	})
}

// regexGrowth fails when replacing the matches of re in s would make a
// string over the cap. Each match grows by the replacement at most, and
// each $ reference in it stands for part of the match at most.
func (c caps) regexGrowth(re *regexp.Regexp, s, repl string) error {
	refs := int64(strings.Count(repl, "$"))
	ls, lr := int64(len(s)), int64(len(repl))
	if addSat(mulSat(ls, 1+refs), mulSat(ls+1, lr)) <= c.lim.ValueBytes {
		return nil
	}
	var count, matched int64
	re.ReplaceAllStringFunc(s, func(m string) string {
		count++
		matched += int64(len(m))
		return ""
	})
	return c.bytes(addSat(addSat(ls, mulSat(count, lr)), mulSat(refs, matched)))
}

// captured bounds the bytes of what the matches of re in s capture: each
// group is at most its match. ms gives the matches, asked for only when
// the text is long or the groups many.
func captured(re *regexp.Regexp, s string, ms func() [][]int) int64 {
	groups := int64(re.NumSubexp()) + 1
	if groups*int64(len(s)) < 1<<20 {
		return groups * int64(len(s))
	}
	var total int64
	for _, m := range ms() {
		for i := 0; i+1 < len(m); i += 2 {
			total += int64(m[i+1]-m[i]) + 1
		}
	}
	return total
}

// regexFunc is regex, once what it captures is known to be within the
// caps.
func (c caps) regexFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{str("pattern"), str("string")},
		Type:   stdlib.RegexFunc.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if re, err := regexp.Compile(args[0].AsString()); err == nil {
				str := args[1].AsString()
				first := func() [][]int { return re.FindAllStringSubmatchIndex(str, 1) }
				if err := c.bytes(captured(re, str, first)); err != nil {
					return cty.NilVal, err
				}
			}
			return stdlib.RegexFunc.Call(args)
		},
	})
}

// regexAllFunc is regexall, once the number of matches, and what they
// capture, are known to be within the caps.
func (c caps) regexAllFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{str("pattern"), str("string")},
		Type:   stdlib.RegexAllFunc.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if re, err := regexp.Compile(args[0].AsString()); err == nil {
				s := args[1].AsString()
				// One pass finds the matches, no more of them than the
				// cap lets the result hold, plus one to tell it is over.
				n := -1
				if c.lim.Elements < math.MaxInt {
					n = int(c.lim.Elements) + 1
				}
				ms := re.FindAllStringSubmatchIndex(s, n)
				count := int64(len(ms))
				if err := c.elems(count); err != nil {
					return cty.NilVal, err
				}
				all := func() [][]int { return ms }
				if err := c.bytes(captured(re, s, all) + count); err != nil {
					return cty.NilVal, err
				}
			}
			return stdlib.RegexAllFunc.Call(args)
		},
	})
}
