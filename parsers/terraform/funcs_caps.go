package terraform

import (
	"encoding/json"
	"math"
	"math/big"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"

	"github.com/trailint/trailint/internal/budget"
)

// caps are a run's limits on one value as the functions see them. Checking
// a result once it is made is too late for a function whose result grows
// faster than its arguments (format's width, setproduct, replace): such a
// function works out how large its result would be first and, when that is
// over a cap, fails with the budget error instead of making it.
type caps struct{ lim budget.Limits }

// over is the error of a result over the cap of k.
func (c caps) over(k budget.Kind) error {
	return errBudget{budget.Message(k, c.lim)}
}

// bytes fails when a result of n bytes would be over the cap.
func (c caps) bytes(n int64) error {
	if n > c.lim.ValueBytes {
		return c.over(budget.ValueBytes)
	}
	return nil
}

// elems fails when a collection of n elements would be over the cap.
func (c caps) elems(n int64) error {
	if n > c.lim.Elements {
		return c.over(budget.Elements)
	}
	return nil
}

// Sizes are worked out in int64 that saturate rather than wrap, so that a
// product of lengths over the caps stays over them.

func addSat(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

func mulSat(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt64/b {
		return math.MaxInt64
	}
	return a * b
}

// numberTextLen bounds the length of the decimal text of n: the text a
// number becomes as a string, in JSON or with format's %d and %f. A number
// such as 1e333333333 is a few bytes in a file and a third of a gigabyte
// of digits.
func numberTextLen(n *big.Float) int64 {
	if n.IsInf() || n.Sign() == 0 {
		return 4
	}
	exp := int64(n.MantExp(nil))
	digits := int64(4) // sign, point, rounding
	if exp > 0 {
		digits += exp*30103/100000 + 1
	}
	// Each binary digit after the point needs at most one decimal digit.
	if frac := int64(n.Prec()) - exp; frac > 0 {
		digits += frac
	}
	return digits
}

// numbersText fails when the numbers in v, written out as text, would be
// over the cap of a value, together: the check before converting a value
// that holds numbers to text. It looks at no more values than the caps
// allow v to hold.
func (c caps) numbersText(v cty.Value) error {
	var seen, text int64
	return cty.Walk(v, func(_ cty.Path, x cty.Value) (bool, error) {
		if seen++; seen > c.lim.ValueBytes {
			return false, nil
		}
		x, _ = x.Unmark()
		if x.IsKnown() && !x.IsNull() && x.Type() == cty.Number {
			text = addSat(text, numberTextLen(x.AsBigFloat()))
			return true, c.bytes(text)
		}
		return true, nil
	})
}

// jsonByteLen holds how many bytes encoding/json writes for each ASCII
// byte of a string, with HTML escaping, as cty's JSON does.
var jsonByteLen = func() (t [utf8.RuneSelf]int8) {
	for b := range t {
		enc, _ := json.Marshal(string(rune(b)))
		t[b] = int8(len(enc) - 2)
	}
	return t
}()

// jsonStringLen is the length of s encoded as a JSON string, quotes
// included, exactly as cty's JSON encodes it.
func jsonStringLen(s string) int64 {
	n := int64(2)
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			n += int64(jsonByteLen[b])
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1, r == '\u2028', r == '\u2029':
			n += 6
		default:
			n += int64(size)
		}
		i += size
	}
	return n
}

// jsonLen is the length of the JSON text of v as jsonencode writes it,
// counted without writing it; counting stops once over limit.
func jsonLen(v cty.Value, limit int64) int64 {
	var n int64
	var walk func(v cty.Value)
	walk = func(v cty.Value) {
		if n > limit {
			return
		}
		v, _ = v.Unmark()
		ty := v.Type()
		switch {
		case !v.IsKnown() || v.IsNull():
			n += 4
		case ty == cty.String:
			n += jsonStringLen(v.AsString())
		case ty == cty.Number:
			n += numberTextLen(v.AsBigFloat())
		case ty == cty.Bool:
			n += 5
		case ty.IsObjectType() || ty.IsMapType():
			n += 1 + int64(v.LengthInt())
			for it := v.ElementIterator(); it.Next() && n <= limit; {
				k, e := it.Element()
				n += jsonStringLen(k.AsString()) + 1
				walk(e)
			}
		case ty.IsCollectionType() || ty.IsTupleType():
			n += 1 + max(1, int64(v.LengthInt()))
			for it := v.ElementIterator(); it.Next() && n <= limit; {
				_, e := it.Element()
				walk(e)
			}
		default:
			n += 4
		}
	}
	walk(v)
	return n
}

// countLeaves counts the values flatten would lift out of v, stopping
// once over limit: values shared within v count every time they appear.
func countLeaves(v cty.Value, limit int64) int64 {
	var n int64
	var walk func(v cty.Value)
	walk = func(v cty.Value) {
		if n > limit {
			return
		}
		ty := v.Type()
		if !v.IsKnown() || v.IsNull() || !(ty.IsListType() || ty.IsSetType() || ty.IsTupleType()) {
			n++
			return
		}
		for it := v.ElementIterator(); it.Next() && n <= limit; {
			_, e := it.Element()
			walk(e)
		}
	}
	walk(v)
	return n
}
