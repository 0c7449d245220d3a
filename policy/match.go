package policy

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trailint/trailint/graph"
)

// Matching strings with holes answers two questions. "Must it match?" is
// decided structurally, treating each hole as an opaque symbol that only an
// identical hole (same origin) or a `*` can consume: if that succeeds, every
// value the holes may take matches. "May it match?" is decided by
// intersecting two automata in which each hole stands for the language of
// its domain (twelve digits for an account id, and so on): if the
// intersection is empty, no value of the holes can match. Both run in time
// proportional to the product of the lengths, never exponentially.

// Like matches value against a policy pattern in which `*` stands for any run
// of characters and `?` for one, as StringLike and the Action and Resource
// elements do. Either string may contain holes.
func Like(pattern, value string, ignoreCase bool) Tri {
	return match(pattern, value, opts{wildcards: true, ignoreCase: ignoreCase}, nil)
}

// Equal compares two strings, either of which may contain holes, as
// StringEquals does: wildcards are plain characters.
func Equal(a, b string, ignoreCase bool) Tri {
	return match(a, b, opts{ignoreCase: ignoreCase}, nil)
}

// ArnLike matches an ARN against a pattern as ArnLike and ArnEquals do: each
// of the first five colon-separated fields is matched on its own, so a `*`
// there never spans a colon; the resource part may contain colons.
func ArnLike(pattern, value string) Tri {
	return match(pattern, value, opts{wildcards: true, arn: true}, nil)
}

// ActionCovers reports whether an Action pattern such as `kms:GenerateDataKey*`
// names action, ignoring case as IAM does.
func ActionCovers(pattern, action string) bool {
	return Like(pattern, action, true) == Yes
}

type opts struct {
	wildcards  bool // `*` and `?` in the pattern are wildcards
	ignoreCase bool
	arn        bool // wildcards of the first five fields stop at ':'
}

// workLimit bounds the product of the two lengths that the matchers accept;
// beyond it (texts of thousands of characters, never seen in real policies)
// the answer is Maybe rather than a long computation.
const workLimit = 1 << 22

func match(p, v string, o opts, vars *variables) Tri {
	if vars == nil || !strings.Contains(p, "${") {
		// Any text, wildcards and holes included, matches itself.
		if p == v {
			return Yes
		}
		if !o.wildcards && !graph.HasHoles(p) && !graph.HasHoles(v) {
			if o.ignoreCase {
				return triOf(strings.EqualFold(p, v))
			}
			return No
		}
	}
	pt := tokenize(p, o, true, vars)
	vt := tokenize(v, o, false, nil)
	m, ok := mustMatch(pt, vt)
	if m {
		return Yes
	}
	if ok && !hasHole(pt) && !hasHole(vt) {
		return No
	}
	if mayMatch(build(pt), build(vt)) {
		return Maybe
	}
	return No
}

type tokKind uint8

const (
	tLit   tokKind = iota
	tStar          // any run of characters
	tQuest         // exactly one character
	tHole
)

type tok struct {
	kind tokKind
	r    rune
	hole *graph.HoleInfo
	// field marks a wildcard that cannot cross ':' (ARN fields 1 to 5).
	field bool
	// wild marks a pattern hole whose text may itself hold wildcards, so
	// that it may match anything.
	wild bool
}

func hasHole(ts []tok) bool {
	for _, t := range ts {
		if t.kind == tHole {
			return true
		}
	}
	return false
}

// tokenize splits s into runes and holes. Pattern-side `*` and `?` become
// wildcards when o.wildcards; pattern-side policy variables are expanded by
// vars when it is not nil.
func tokenize(s string, o opts, pattern bool, vars *variables) []tok {
	out := make([]tok, 0, len(s))
	colons := 0
	for _, seg := range graph.Segments(s) {
		if seg.Hole != nil {
			d := seg.Hole.Domain
			wild := pattern && o.wildcards && d != graph.DomainAccount && d != graph.DomainRegion && d != graph.DomainPartition
			out = append(out, tok{kind: tHole, hole: seg.Hole, wild: wild})
			continue
		}
		text := seg.Text
		for i := 0; i < len(text); {
			if vars != nil && strings.HasPrefix(text[i:], "${") {
				if j := strings.IndexByte(text[i:], '}'); j > 0 {
					out = vars.expand(out, text[i+2:i+j], o)
					i += j + 1
					continue
				}
			}
			r, n := utf8.DecodeRuneInString(text[i:])
			i += n
			if o.ignoreCase {
				r = unicode.ToLower(r)
			}
			field := o.arn && colons < 5
			switch {
			case pattern && o.wildcards && r == '*':
				out = append(out, tok{kind: tStar, field: field})
			case pattern && o.wildcards && r == '?':
				out = append(out, tok{kind: tQuest, field: field})
			default:
				if r == ':' {
					colons++
				}
				out = append(out, tok{kind: tLit, r: r})
			}
		}
	}
	return out
}

// mustMatch reports whether p matches v whatever the holes stand for. The
// second result is false when the inputs were too long to decide.
func mustMatch(p, v []tok) (bool, bool) {
	if len(p)*len(v) > workLimit {
		return false, false
	}
	m := len(v)
	cur := make([]bool, m+1)
	next := make([]bool, m+1)
	cur[0] = true
	for _, pt := range p {
		clear(next)
		if pt.kind == tStar {
			for j := 0; j <= m; j++ {
				next[j] = cur[j] || (j > 0 && next[j-1] && starEats(pt, v[j-1]))
			}
		} else {
			for j := 0; j < m; j++ {
				next[j+1] = cur[j] && consumes(pt, v[j])
			}
		}
		cur, next = next, cur
	}
	return cur[m], true
}

// starEats reports whether a `*` surely absorbs the value token t.
func starEats(star, t tok) bool {
	if !star.field {
		return true
	}
	if t.kind == tHole {
		return colonFree(t.hole.Domain)
	}
	return t.r != ':'
}

func colonFree(d graph.Domain) bool {
	switch d {
	case graph.DomainAccount, graph.DomainRegion, graph.DomainPartition, graph.DomainName:
		return true
	}
	return false
}

// consumes reports whether the non-star pattern token p surely matches the
// value token t.
func consumes(p, t tok) bool {
	switch p.kind {
	case tLit:
		return t.kind == tLit && t.r == p.r
	case tQuest:
		// A value-side `?` appears only in an action family (GrantsAll).
		return t.kind == tQuest || t.kind == tLit && (!p.field || t.r != ':')
	case tHole:
		return t.kind == tHole && t.hole.Origin == p.hole.Origin
	}
	return false
}

// Character classes label automaton edges.
type classKind uint8

const (
	cExact    classKind = iota
	cAny                // any character
	cNotColon           // a wildcard inside an ARN field
	cDigit              // account ids
	cRegion             // lowercase letters, digits, '-'
	cName               // anything but '/' and ':'
)

type class struct {
	kind classKind
	r    rune
}

func (c class) has(r rune) bool {
	switch c.kind {
	case cExact:
		return c.r == r
	case cAny:
		return true
	case cNotColon:
		return r != ':'
	case cDigit:
		return r >= '0' && r <= '9'
	case cRegion:
		return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-'
	case cName:
		return r != '/' && r != ':'
	}
	return false
}

// overlap reports whether some character is in both classes. Every
// non-exact class holds '0', so two of them always overlap.
func overlap(a, b class) bool {
	if a.kind == cExact {
		return b.has(a.r)
	}
	if b.kind == cExact {
		return a.has(b.r)
	}
	return true
}

type edge struct {
	c  class
	to int32
}

// nfa is a nondeterministic automaton whose start state is 0.
type nfa struct {
	edges [][]edge
	eps   [][]int32
	end   int32
}

func (n *nfa) add() int32 {
	n.edges = append(n.edges, nil)
	n.eps = append(n.eps, nil)
	return int32(len(n.edges) - 1)
}

func (n *nfa) edge(from int32, c class, to int32) {
	n.edges[from] = append(n.edges[from], edge{c, to})
}

// loop appends "c*" after cur on a fresh state, so that loops of
// consecutive pieces never share a state (which would widen the language).
func (n *nfa) loop(cur int32, c class) int32 {
	s := n.add()
	n.eps[cur] = append(n.eps[cur], s)
	n.edge(s, c, s)
	return s
}

// chain appends one c then c*: a non-empty run.
func (n *nfa) chain(cur int32, c class) int32 {
	s := n.add()
	n.edge(cur, c, s)
	return n.loop(s, c)
}

// partitions are the values a partition hole may take.
var partitions = [...]string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}

func build(ts []tok) *nfa {
	n := &nfa{}
	cur := n.add()
	for _, t := range ts {
		wc := class{kind: cAny}
		if t.field {
			wc.kind = cNotColon
		}
		switch t.kind {
		case tLit:
			s := n.add()
			n.edge(cur, class{kind: cExact, r: t.r}, s)
			cur = s
		case tQuest:
			s := n.add()
			n.edge(cur, wc, s)
			cur = s
		case tStar:
			cur = n.loop(cur, wc)
		case tHole:
			cur = n.hole(cur, t)
		}
	}
	n.end = cur
	return n
}

// hole appends the language of a hole's domain.
func (n *nfa) hole(cur int32, t tok) int32 {
	if t.wild {
		return n.loop(cur, class{kind: cAny})
	}
	switch t.hole.Domain {
	case graph.DomainAccount:
		for range 12 {
			s := n.add()
			n.edge(cur, class{kind: cDigit}, s)
			cur = s
		}
		return cur
	case graph.DomainRegion:
		return n.chain(cur, class{kind: cRegion})
	case graph.DomainName:
		return n.chain(cur, class{kind: cName})
	case graph.DomainPartition:
		end := n.add()
		for _, p := range partitions {
			from := cur
			for i, r := range p {
				to := end
				if i < len(p)-1 {
					to = n.add()
				}
				n.edge(from, class{kind: cExact, r: r}, to)
				from = to
			}
		}
		return end
	}
	return n.loop(cur, class{kind: cAny})
}

// mayMatch reports whether the languages of a and b intersect, by a search
// of their product. Too large a product answers true: undecided.
func mayMatch(a, b *nfa) bool {
	na, nb := len(a.edges), len(b.edges)
	if na*nb > workLimit {
		return true
	}
	seen := make([]uint64, (na*nb+63)/64)
	stack := make([]int32, 0, 64)
	push := func(i, j int32) {
		k := int(i)*nb + int(j)
		if seen[k/64]&(1<<(k%64)) == 0 {
			seen[k/64] |= 1 << (k % 64)
			stack = append(stack, int32(k))
		}
	}
	push(0, 0)
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		i, j := k/int32(nb), k%int32(nb)
		if i == a.end && j == b.end {
			return true
		}
		for _, x := range a.eps[i] {
			push(x, j)
		}
		for _, y := range b.eps[j] {
			push(i, y)
		}
		for _, ea := range a.edges[i] {
			for _, eb := range b.edges[j] {
				if overlap(ea.c, eb.c) {
					push(ea.to, eb.to)
				}
			}
		}
	}
	return false
}
