package terraform

import (
	"fmt"
	"strings"
	"unicode/utf8"

	ctyyaml "github.com/zclconf/go-cty-yaml"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"go.yaml.in/yaml/v3"
)

// yamldecode and yamlencode are Terraform's own (go-cty-yaml), so that
// every quirk of its YAML (yes and on are true, 0o17 is 15, a top-level
// scalar ends with "...") is Terraform's. What is trailint's is around
// them: the caps, and holes.
//
// A YAML document of a kilobyte may alias its anchors into billions of
// values; decoding it is cheap, but anything that then walks the result
// is not. Before decoding, the document is parsed once more, into a tree
// where an alias is a pointer, and the size of the value it stands for is
// added up with each alias counted as often as it is used.

// yamlScan is what the first parse found.
type yamlScan struct {
	c caps
	// size and longest are the bytes and the longest collection of the
	// decoded value, each alias counted in full.
	size, longest int64
	seen          map[*yaml.Node][2]int64
	// dependent holds the placeholders whose scalar YAML may read as
	// other than a string, depending on the text of the hole; keyHole is
	// set when a key is such a scalar.
	dependent map[int]bool
	keyHole   bool
}

// resolvedFirst are the first bytes of a plain scalar that go-cty-yaml may
// read as other than a string: signs, digits, the letters of yes, no,
// true, false, on, off, and ~ and the dot of .inf.
const resolvedFirst = "+-0123456789yYnNtTfFoO~."

func (y *yamlScan) walk(n *yaml.Node, key bool) (size, elems int64) {
	if s, ok := y.seen[n]; ok {
		return s[0], s[1]
	}
	y.seen[n] = [2]int64{} // an alias to itself is go-cty-yaml's error
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, e := range n.Content {
			s, _ := y.walk(e, false)
			size = addSat(size, s+1)
		}
		elems = int64(len(n.Content))
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			ks, _ := y.walk(k, true)
			vs, ve := y.walk(v, false)
			size = addSat(size, ks+vs+1)
			elems++
			if k.Value == "<<" || k.Tag == "!!merge" {
				elems += ve
			}
		}
	case yaml.AliasNode:
		if n.Alias != nil {
			size, elems = y.walk(n.Alias, key)
		}
	case yaml.ScalarNode:
		// A number, a bool or null counts eight bytes.
		size = max(int64(len(n.Value)), 8) + 1
		y.scalarHoles(n, key)
	}
	y.longest = max(y.longest, elems)
	y.seen[n] = [2]int64{size, elems}
	return size, elems
}

// scalarHoles records the placeholders of a scalar that YAML may read as
// a number, a bool or null, or as a timestamp, depending on the hole.
func (y *yamlScan) scalarHoles(n *yaml.Node, key bool) {
	idx := holeIndexes(n.Value)
	if len(idx) == 0 {
		return
	}
	dep := false
	switch {
	case n.Style&yaml.TaggedStyle != 0:
		dep = n.Tag != "!!str"
	case n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0:
	default:
		dep = n.Value[0] >= utf8.RuneSelf || strings.IndexByte(resolvedFirst, n.Value[0]) >= 0
	}
	if !dep {
		return
	}
	if key {
		y.keyHole = true
	}
	for _, i := range idx {
		y.dependent[i] = true
	}
}

// yamlDecodeFunc is Terraform's yamldecode, within the caps and aware of
// holes: a hole inside a string is carried; one in a scalar that YAML may
// read as a number, a bool or null, depending on its text, leaves that
// scalar unknown.
func (c caps) yamlDecodeFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{str("src")},
		Type:   function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			held := maskHoles(args[0].AsString())
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(held.text), &doc); err != nil {
				if len(held.holes) > 0 {
					return unknownHoles(ret, "yamldecode", args...), nil
				}
				return cty.NilVal, fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "yaml: "))
			}
			y := &yamlScan{c: c, seen: map[*yaml.Node][2]int64{}, dependent: map[int]bool{}}
			y.size, _ = y.walk(&doc, false)
			if err := c.bytes(y.size); err != nil {
				return cty.NilVal, err
			}
			if err := c.elems(y.longest); err != nil {
				return cty.NilVal, err
			}
			if y.keyHole {
				return unknownHoles(ret, "yamldecode", args...), nil
			}
			return decodeHeld("yamldecode", args[0], func(s string) (cty.Value, error) {
				return ctyyaml.YAMLDecodeFunc.Call([]cty.Value{cty.StringVal(s)})
			}, func(i int) bool { return y.dependent[i] })
		},
	})
}

// yamlEncodeFunc is Terraform's yamlencode, once the length of the text is
// known to be within the caps. Its text of a string with holes depends on
// their length (long strings are folded at the 80th column), so that is
// unknown.
func (c caps) yamlEncodeFunc() function.Function {
	f := ctyyaml.YAMLEncodeFunc
	return function.New(&function.Spec{
		Params: f.Params(),
		Type:   f.ReturnTypeForValues,
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			if !args[0].IsWhollyKnown() {
				return f.Call(args)
			}
			if err := c.bytes(yamlLen(args[0], 0, c.lim.ValueBytes)); err != nil {
				return cty.NilVal, err
			}
			if containsHole(args[0]) {
				return unknownHoles(ret, "yamlencode", args...), nil
			}
			return f.Call(args)
		},
	})
}

// yamlLen bounds the length of the YAML text of v at the given depth of
// block nesting, as go-cty-yaml's emitter writes it: double-quoted strings
// folded at the 80th column, literal blocks for strings with newlines,
// two spaces of indent a level. Counting stops once over limit.
func yamlLen(v cty.Value, depth, limit int64) int64 {
	indent := 2 * depth
	v, _ = v.Unmark()
	ty := v.Type()
	switch {
	case v.IsNull() || ty == cty.Bool:
		return 10
	case ty == cty.Number:
		return numberTextLen(v.AsBigFloat()) + 6
	case ty == cty.String:
		return yamlStringLen(v.AsString(), indent)
	}
	n := int64(4)
	for it := v.ElementIterator(); it.Next() && n <= limit; {
		k, e := it.Element()
		n += indent + 4 + yamlLen(e, depth+1, limit)
		if ty.IsMapType() || ty.IsObjectType() {
			n += yamlStringLen(k.AsString(), indent) + 2
		}
	}
	return n
}

func yamlStringLen(s string, indent int64) int64 {
	var n, spaces int64
	for _, r := range s {
		switch {
		case r == ' ':
			spaces++
			n++
		case r == '"' || r == '\\':
			n += 2
		case r == '\n' || r >= 0x20 && r <= 0x7E || r == 0x85 || r >= 0xA0 && r <= 0xD7FF ||
			r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF || r >= 0x10000:
			n += int64(utf8.RuneLen(r))
		default:
			n += 10
		}
	}
	if strings.Contains(s, "\n") {
		return n + int64(strings.Count(s, "\n")+1)*(indent+3) + 8
	}
	breaks := min(spaces, n/max(1, 80-indent)+1)
	return n + breaks*(indent+4) + 8
}
