package terraform

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/ianaindex"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

func encodingFuncs(c caps) map[string]function.Function {
	return map[string]function.Function{
		"base64encode": guard("base64encode", c.growing(base64EncodeFunc, 4, 3)),
		"base64decode": guard("base64decode", base64DecodeFunc),
		// Incompressible text grows a little in gzip, then by a third.
		"base64gzip":       guard("base64gzip", c.growing(base64GzipFunc, 4004, 3000)),
		"textencodebase64": guard("textencodebase64", c.growing(textEncodeBase64Func, 16, 3)),
		// A byte of a single-byte encoding may take two in UTF-8.
		"textdecodebase64": guard("textdecodebase64", c.growing(textDecodeBase64Func, 3, 2)),
		"urlencode":        c.growing(urlEncodeFunc, 3, 1),
		"csvdecode":        c.csvDecodeFunc(),
		"jsondecode":       c.jsonDecodeFunc(),
		"jsonencode":       c.jsonEncodeFunc(),
		"yamldecode":       c.yamlDecodeFunc(),
		"yamlencode":       c.yamlEncodeFunc(),
	}
}

// growing wraps a function of a string whose result is at most num/den
// times as long, plus a little, and fails before calling it when that
// could be over the cap.
func (c caps) growing(f function.Function, num, den int64) function.Function {
	return function.New(&function.Spec{
		Params: f.Params(),
		Type:   f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if err := c.bytes(mulSat(int64(len(args[0].AsString())), num)/den + 64); err != nil {
				return cty.NilVal, err
			}
			return f.Call(args)
		},
	})
}

var base64EncodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{str("str")},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return cty.StringVal(base64.StdEncoding.EncodeToString([]byte(args[0].AsString()))), nil
	},
})

var base64DecodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{str("str")},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		s := args[0].AsString()
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return cty.NilVal, fmt.Errorf("failed to decode base64 data %q", s)
		}
		if !utf8.Valid(b) {
			return cty.NilVal, errors.New("the result of decoding the provided string is not valid UTF-8")
		}
		return cty.StringVal(string(b)), nil
	},
})

var base64GzipFunc = function.New(&function.Spec{
	Params: []function.Parameter{str("str")},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var b bytes.Buffer
		gz := gzip.NewWriter(&b)
		if _, err := gz.Write([]byte(args[0].AsString())); err != nil {
			return cty.NilVal, fmt.Errorf("failed to write gzip raw data: %w", err)
		}
		// Terraform flushes before closing, which writes an empty block.
		if err := gz.Flush(); err != nil {
			return cty.NilVal, fmt.Errorf("failed to flush gzip writer: %w", err)
		}
		if err := gz.Close(); err != nil {
			return cty.NilVal, fmt.Errorf("failed to close gzip writer: %w", err)
		}
		return cty.StringVal(base64.StdEncoding.EncodeToString(b.Bytes())), nil
	},
})

var textEncodeBase64Func = function.New(&function.Spec{
	Params: []function.Parameter{str("string"), str("encoding")},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		enc, name, err := ianaEncoding(args[1].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		b, err := enc.NewEncoder().Bytes([]byte(args[0].AsString()))
		if err != nil {
			return cty.NilVal, function.NewArgErrorf(0, "the given string contains characters that cannot be represented in %s", name)
		}
		return cty.StringVal(base64.StdEncoding.EncodeToString(b)), nil
	},
})

var textDecodeBase64Func = function.New(&function.Spec{
	Params: []function.Parameter{str("source"), str("encoding")},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		enc, name, err := ianaEncoding(args[1].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		raw, err := base64.StdEncoding.DecodeString(args[0].AsString())
		if err != nil {
			var corrupt base64.CorruptInputError
			if errors.As(err, &corrupt) {
				return cty.NilVal, function.NewArgErrorf(0, "the given value has an invalid base64 symbol at offset %d", int(corrupt))
			}
			return cty.NilVal, function.NewArgErrorf(0, "invalid source string: %w", err)
		}
		b, err := enc.NewDecoder().Bytes(raw)
		if err != nil || bytes.ContainsRune(b, utf8.RuneError) {
			return cty.NilVal, function.NewArgErrorf(0, "the given string contains symbols that are not defined for %s", name)
		}
		return cty.StringVal(string(b)), nil
	},
})

// ianaEncoding looks up an encoding by its IANA name or alias.
func ianaEncoding(name string) (encoding.Encoding, string, error) {
	enc, err := ianaindex.IANA.Encoding(name)
	if err != nil || enc == nil {
		return nil, "", function.NewArgErrorf(1, "%q is not a supported IANA encoding name or alias in this Terraform version", name)
	}
	canonical, err := ianaindex.IANA.Name(enc)
	if err != nil {
		canonical = name
	}
	return enc, canonical, nil
}

// urlEncodeFunc is urlencode. A hole is carried when its domain holds only
// characters urlencode leaves as they are.
var urlEncodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{str("str")},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		s := args[0].AsString()
		for _, d := range holeDomains(s) {
			if d != graph.DomainAccount && d != graph.DomainRegion && d != graph.DomainPartition {
				return unknownHoles(ret, "urlencode", args...), nil
			}
		}
		return cty.StringVal(mapLiterals(s, url.QueryEscape)), nil
	},
})

// decodeHeld decodes a text with holes: with each hole replaced by a
// placeholder, decode the text, then put the holes back in the strings of
// the result. A hole that lies outside a string, or that the decoder
// read as anything but text, leaves the result unknown.
func decodeHeld(name string, s cty.Value, decode func(string) (cty.Value, error), dependent func(int) bool) (cty.Value, error) {
	held := maskHoles(s.AsString())
	v, err := decode(held.text)
	if len(held.holes) == 0 {
		return v, err
	}
	// With holes, a text that does not decode may be one that does once
	// the holes are filled in.
	if err != nil || !v.IsKnown() {
		return unknownHoles(cty.DynamicPseudoType, name, s), nil //nolint:nilerr // the error is the holes'
	}
	unknown := false
	out, _ := cty.Transform(v, func(_ cty.Path, x cty.Value) (cty.Value, error) {
		if unknown || !x.IsKnown() || x.IsNull() {
			return x, nil
		}
		ty := x.Type()
		switch {
		case ty == cty.String && graph.HasHoles(x.AsString()):
			for _, i := range holeIndexes(x.AsString()) {
				if dependent != nil && dependent(i) {
					return unknownHoles(cty.DynamicPseudoType, name, s), nil
				}
			}
			r, ok := held.restore(x.AsString())
			if !ok {
				unknown = true
				return x, nil
			}
			return cty.StringVal(r), nil
		case ty.IsObjectType() || ty.IsMapType():
			attrs := map[string]cty.Value{}
			var keys []cty.Value
			changed := false
			for it := x.ElementIterator(); it.Next(); {
				k, e := it.Element()
				key := k.AsString()
				if graph.HasHoles(key) {
					r, ok := held.restore(key)
					if !ok {
						unknown = true
						return x, nil
					}
					key, changed = r, true
				}
				attrs[key] = e
				keys = append(keys, cty.StringVal(key))
			}
			if !changed {
				return x, nil
			}
			if collide(keys) {
				unknown = true
				return x, nil
			}
			if ty.IsMapType() {
				return cty.MapVal(attrs), nil
			}
			return cty.ObjectVal(attrs), nil
		}
		return x, nil
	})
	if unknown {
		return unknownHoles(cty.DynamicPseudoType, name, s), nil
	}
	return out, nil
}

// jsonShape reads JSON text as far as nesting goes: how deep it nests, how
// many elements its longest array or object has, and a bound on the size
// of the value it decodes to, as the caps measure values (a string by its
// bytes, any other scalar as eight, each element one more).
func jsonShape(s string) (depth, longest, bytes int64) {
	var counts []int64
	inStr := false
	// element starts an element of the innermost collection, once.
	element := func() {
		if len(counts) > 0 && counts[len(counts)-1] == 0 {
			counts[len(counts)-1] = 1
		}
	}
	scalar := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if inStr {
			switch ch {
			case '\\':
				i++
			case '"':
				inStr = false
			}
			bytes++
			continue
		}
		if scalar && strings.IndexByte(" \t\n\r,:]}", ch) >= 0 {
			scalar = false
		}
		switch ch {
		case '"':
			inStr = true
			element()
			bytes++
		case '[', '{':
			element()
			counts = append(counts, 0)
			depth = max(depth, int64(len(counts)))
			bytes++
		case ']', '}':
			if len(counts) > 0 {
				longest = max(longest, counts[len(counts)-1])
				counts = counts[:len(counts)-1]
			}
		case ',':
			if len(counts) > 0 {
				counts[len(counts)-1]++
			}
			bytes++
		case ' ', '\t', '\n', '\r', ':':
		default:
			element()
			if !scalar {
				scalar = true
				bytes += 9
			}
		}
	}
	for _, n := range counts {
		longest = max(longest, n)
	}
	return depth, longest, bytes
}

// jsonDecodeFunc is jsondecode, once the text is known to nest no deeper
// than a file may and to hold no array or object over the caps.
func (c caps) jsonDecodeFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{str("str")},
		Type:   function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			depth, longest, bytes := jsonShape(args[0].AsString())
			if depth > maxNesting {
				return cty.NilVal, fmt.Errorf("the JSON nests more than %d levels deep", maxNesting)
			}
			if err := c.elems(longest); err != nil {
				return cty.NilVal, err
			}
			if err := c.bytes(bytes); err != nil {
				return cty.NilVal, err
			}
			return decodeHeld("jsondecode", args[0], func(s string) (cty.Value, error) {
				return stdlib.JSONDecode(cty.StringVal(s))
			}, nil)
		},
	})
}

// jsonEncodeFunc is jsonencode, once the length of the text is known to be
// within the caps. Holes are carried: they are text inside strings.
func (c caps) jsonEncodeFunc() function.Function {
	f := stdlib.JSONEncodeFunc
	return function.New(&function.Spec{
		Params: f.Params(),
		Type:   f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if args[0].IsWhollyKnown() {
				if err := c.bytes(jsonLen(args[0], c.lim.ValueBytes)); err != nil {
					return cty.NilVal, err
				}
			}
			return f.Call(args)
		},
	})
}

// csvDecodeFunc is csvdecode, once its rows are counted.
func (c caps) csvDecodeFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{str("str")},
		Type:   function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s := args[0].AsString()
			// Each row is an object that names every column again.
			header, _, _ := strings.Cut(s, "\n")
			lines := int64(strings.Count(s, "\n"))
			if lines > c.lim.Elements || addSat(mulSat(lines, int64(len(header))+1), int64(len(s))) > c.lim.ValueBytes {
				r := csv.NewReader(strings.NewReader(s))
				r.FieldsPerRecord = -1
				var rows, names int64
				for {
					rec, err := r.Read()
					if err != nil {
						break
					}
					if rows == 0 {
						for _, n := range rec {
							names += int64(len(n)) + 1
						}
					}
					if rows++; rows > c.lim.Elements+1 {
						return cty.NilVal, c.over(budget.Elements)
					}
				}
				if err := c.bytes(addSat(mulSat(rows, names), int64(len(s)))); err != nil {
					return cty.NilVal, err
				}
			}
			return decodeHeld("csvdecode", args[0], func(s string) (cty.Value, error) {
				return stdlib.CSVDecode(cty.StringVal(s))
			}, nil)
		},
	})
}
