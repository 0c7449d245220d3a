package terraform

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"

	"github.com/trailint/trailint/graph"
)

// A function that reads text decides, for each hole, whether its answer
// depends on the text the hole stands for. When it does not, the hole is
// carried into the result; when it does, the result is unknown and says
// which inputs would decide it.

// holesWhy is why a function's result is unknown: the inputs that decide
// it, named by the holes of its arguments.
func holesWhy(name string, args ...cty.Value) string {
	var origins []string
	seen := map[string]bool{}
	for _, a := range args {
		_ = cty.Walk(a, func(_ cty.Path, x cty.Value) (bool, error) {
			x, _ = x.Unmark()
			if x.IsKnown() && !x.IsNull() && x.Type() == cty.String {
				for _, o := range graph.Origins(x.AsString()) {
					if !seen[o] {
						seen[o] = true
						origins = append(origins, o)
					}
				}
			}
			return len(origins) < 4, nil
		})
	}
	if len(origins) == 0 {
		return name + "() depends on text that is not known statically"
	}
	return name + "() depends on the text of " + strings.Join(origins, ", ")
}

// unknownHoles is the unknown result of a function whose answer depends on
// the text of holes in args.
func unknownHoles(ty cty.Type, name string, args ...cty.Value) cty.Value {
	return unknownBecause(ty, holesWhy(name, args...))
}

// masked is a string whose holes were replaced by placeholders: short
// markers that no text function, encoder or decoder rewrites, so that a
// function can run over the literal text and the holes be put back after.
// A placeholder is U+E000, the hole's index in decimal, U+E001: a hole
// itself, of a domain no real hole has.
type masked struct {
	text  string
	holes []string // the encoded holes, by index
}

func maskHoles(s string) masked {
	if !graph.HasHoles(s) {
		return masked{text: s}
	}
	var p masked
	var b strings.Builder
	for _, seg := range graph.Segments(s) {
		if seg.Hole == nil {
			b.WriteString(seg.Text)
			continue
		}
		b.WriteString("\uE000" + strconv.Itoa(len(p.holes)) + "\uE001")
		p.holes = append(p.holes, graph.Hole(seg.Hole.Domain, seg.Hole.Origin))
	}
	p.text = b.String()
	return p
}

// restore puts the holes back into s, a text made from p.text. ok is false
// when a placeholder did not come through whole. Holes that are not
// placeholders (of text added since, such as a template's variables) stay.
func (p masked) restore(s string) (string, bool) {
	if !graph.HasHoles(s) {
		return s, true
	}
	var b strings.Builder
	for _, seg := range graph.Segments(s) {
		switch {
		case seg.Hole == nil:
			if strings.ContainsAny(seg.Text, "\uE000\uE001") {
				return "", false
			}
			b.WriteString(seg.Text)
		case !placeholder(seg.Hole):
			b.WriteString(graph.Hole(seg.Hole.Domain, seg.Hole.Origin))
		default:
			i, err := strconv.Atoi(string(rune(seg.Hole.Domain)) + seg.Hole.Origin)
			if err != nil || i < 0 || i >= len(p.holes) {
				return "", false
			}
			b.WriteString(p.holes[i])
		}
	}
	return b.String(), true
}

// placeholder reports whether a hole is one of maskHoles' placeholders,
// whose domain is a digit, as no real hole's is.
func placeholder(h *graph.HoleInfo) bool {
	return h.Domain >= '0' && h.Domain <= '9'
}

// holeIndexes lists the placeholders in s, a text made from p.text.
func holeIndexes(s string) []int {
	var out []int
	for _, seg := range graph.Segments(s) {
		if seg.Hole != nil && placeholder(seg.Hole) {
			if i, err := strconv.Atoi(string(rune(seg.Hole.Domain)) + seg.Hole.Origin); err == nil {
				out = append(out, i)
			}
		}
	}
	return out
}

// holeDomains lists the domains of the holes of s.
func holeDomains(s string) []graph.Domain {
	var out []graph.Domain
	for _, seg := range graph.Segments(s) {
		if seg.Hole != nil {
			out = append(out, seg.Hole.Domain)
		}
	}
	return out
}

// domainMayHoldAny reports whether the text of a hole of domain d may hold
// any rune of set.
func domainMayHoldAny(d graph.Domain, set string) bool {
	for _, r := range set {
		if d.MayHold(r) {
			return true
		}
	}
	return false
}

// mayOccur reports whether an occurrence of sub (not empty) in text with a
// hole of domain d may take in some of the hole's text: sub starts or ends
// with a character the hole may hold, or holds a run of such characters
// as long as the hole's text may be. A hole that may be empty may join
// the text on its two sides.
func mayOccur(d graph.Domain, sub string) bool {
	if d.MinLen() == 0 {
		return true
	}
	first, _ := utf8.DecodeRuneInString(sub)
	last, _ := utf8.DecodeLastRuneInString(sub)
	if d.MayHold(first) || d.MayHold(last) {
		return true
	}
	run, longest := 0, 0
	for _, r := range sub {
		if d.MayHold(r) {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest >= d.MinLen()
}

// caseFixed reports whether mapping the case of the text of a hole of
// domain d leaves it as it is: digits have no case, and regions and
// partitions are written in lower case.
func caseFixed(d graph.Domain, upper bool) bool {
	switch d {
	case graph.DomainAccount:
		return true
	case graph.DomainRegion, graph.DomainPartition:
		return !upper
	}
	return false
}

// mapHeld applies fn to s with its holes as placeholders, for a function
// that leaves the holes' own text as it is; ok is false when fn did not
// keep every placeholder whole.
func mapHeld(s string, fn func(string) string) (string, bool) {
	p := maskHoles(s)
	out, ok := p.restore(fn(p.text))
	if !ok || strings.Count(out, "\uE000") != strings.Count(s, "\uE000") {
		return "", false
	}
	return out, true
}

// mayEqual reports whether two strings, one at least with holes and not
// the same text, may be equal.
func mayEqual(a, b string) bool {
	return graph.Equal(a, b) != graph.No
}

// valuesEqual compares two values as sets, maps and contains() compare
// them: known is false when the answer depends on holes.
func valuesEqual(a, b cty.Value) (eq, known bool) {
	a, _ = a.UnmarkDeep()
	b, _ = b.UnmarkDeep()
	if !a.IsWhollyKnown() || !b.IsWhollyKnown() {
		return false, false
	}
	if !containsHole(a) && !containsHole(b) {
		eq := a.Equals(b)
		return eq.IsKnown() && eq.True(), eq.IsKnown()
	}
	r := holeEqual(a, b)
	return r.IsKnown() && r.True(), r.IsKnown()
}

// collide reports whether any two of vals may be equal without being
// known to be: whether a set or map made of them has a length that
// depends on holes. Past a bound on the work, it says yes.
func collide(vals []cty.Value) bool {
	var holed []int
	for i, v := range vals {
		if containsHole(v) {
			holed = append(holed, i)
		}
	}
	if len(holed) == 0 {
		return false
	}
	if len(holed)*len(vals) > 1_000_000 {
		return true
	}
	for _, i := range holed {
		for j, w := range vals {
			if i == j {
				continue
			}
			if _, known := valuesEqual(vals[i], w); !known {
				return true
			}
		}
	}
	return false
}
