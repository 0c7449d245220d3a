package policy

import (
	"strings"
	"unicode/utf8"

	"github.com/trailint/trailint/graph"
)

// KeyPolicyQuota is the longest key policy AWS KMS accepts, in characters
// ("Key policy document size" quota, 32 KB): CreateKey and PutKeyPolicy
// refuse a longer one with LimitExceededException.
const KeyPolicyQuota = 32 << 10

// MinLength is a lower bound of the length, in characters, of the policy
// document v as AWS receives it, whatever serialises it: the document
// without spaces between its elements, each number one digit, each escaped
// character written once, each hole as short as its domain allows, and an
// element whose value is not known left out with its name. A document
// longer than KeyPolicyQuota by this count is refused, however it is
// written. It is 0 for a value that cannot be read.
func MinLength(v *graph.Value) int64 {
	if v.IsNull() {
		return 0
	}
	if _, ok := Unknown(v); ok {
		return 0
	}
	if v.Type == graph.String {
		return textLength(v.Str)
	}
	return valueLength(v)
}

func valueLength(v *graph.Value) int64 {
	switch v.Type {
	case graph.Map:
		n := int64(2) // {}
		fields := int64(0)
		for _, f := range v.Fields {
			if f.Value == nil || f.Value.Type == graph.Unknown || f.Value.Type == graph.OneOf {
				continue // it may turn out to be absent
			}
			n += stringLength(f.Name) + 1 + valueLength(f.Value) // "name":value
			fields++
		}
		return n + max(fields-1, 0) // commas
	case graph.List:
		n := int64(2) // []
		elems := int64(0)
		for _, e := range v.List {
			if e.Type == graph.Unknown || e.Type == graph.OneOf {
				continue
			}
			n += valueLength(e)
			elems++
		}
		return n + max(elems-1, 0)
	case graph.String:
		return stringLength(v.Str)
	case graph.Number:
		return 1
	case graph.Bool:
		if v.Bool {
			return 4
		}
		return 5
	case graph.Null:
		return 4
	}
	return 0
}

// stringLength is the least a JSON string of s takes: its quotes, its
// characters, and the shortest text of each hole.
func stringLength(s string) int64 { return 2 + int64(graph.MinLen(s)) }

// textLength reads JSON text as MinLength counts it: spaces between
// elements are dropped, a number counts one, an escape inside a string
// one, a hole its shortest text. The text need not be valid; Parse says
// what is wrong with it.
func textLength(s string) int64 {
	var n int64
	inString, inNumber := false, false
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		number := false
		switch {
		case r == holeOpen:
			d, size := holeAt(s[i:])
			n += int64(d.MinLen())
			w = size
		case inString:
			n++
			switch r {
			case '\\':
				if strings.HasPrefix(s[i+w:], "u") {
					w += 5 // \uXXXX
				} else {
					w++
				}
			case '"':
				inString = false
			}
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
		case r == '-' || r == '+' || r == '.' || r == 'e' || r == 'E' || r >= '0' && r <= '9':
			number = true
			if !inNumber {
				n++
			}
		default:
			n++
			inString = r == '"'
		}
		inNumber = number
		i += min(w, len(s)-i)
	}
	return n
}

// holeOpen and holeClose are the first and last runes of every hole.
var (
	holeOpen, _  = utf8.DecodeRuneInString(graph.Hole(graph.DomainAny, ""))
	holeClose, _ = utf8.DecodeLastRuneInString(graph.Hole(graph.DomainAny, ""))
)

// holeAt reads the hole s starts with: its domain, and the bytes it takes
// (the opening mark alone, of no domain, when it is not a whole hole).
func holeAt(s string) (graph.Domain, int) {
	open := utf8.RuneLen(holeOpen)
	j := strings.IndexRune(s, holeClose)
	if j < 0 {
		return 0, open
	}
	segs := graph.Segments(s[:j+utf8.RuneLen(holeClose)])
	if len(segs) != 1 || segs[0].Hole == nil {
		return 0, open
	}
	return segs[0].Hole.Domain, j + utf8.RuneLen(holeClose)
}
