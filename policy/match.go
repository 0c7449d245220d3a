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
// elements do. Either string may contain holes. Its work is charged to no
// budget.
func Like(pattern, value string, ignoreCase bool) Tri {
	return match(pattern, value, opts{wildcards: true, ignoreCase: ignoreCase}, nil, nil)
}

// Equal compares two strings, either of which may contain holes, as
// StringEquals does: wildcards are plain characters. Its work is charged to
// no budget.
func Equal(a, b string, ignoreCase bool) Tri {
	return match(a, b, opts{ignoreCase: ignoreCase}, nil, nil)
}

// ArnLike matches an ARN against a pattern as ArnLike and ArnEquals do: each
// of the first five colon-separated fields is matched on its own, so a `*`
// there never spans a colon; the resource part may contain colons. Its work
// is charged to no budget.
func ArnLike(pattern, value string) Tri {
	return match(pattern, value, opts{wildcards: true, arn: true}, nil, nil)
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

// match answers whether v matches the pattern p, charging its work to m.
// Once m's run is over its budget the answer is Maybe.
func match(p, v string, o opts, vars *variables, m *Meter) Tri {
	if m.exhausted() {
		return Maybe
	}
	m.charge(int64(len(p)) + int64(len(v)) + 1)
	if vars == nil || !strings.Contains(p, "${") {
		// Any text, wildcards and holes included, matches itself.
		if p == v {
			return Yes
		}
		if !graph.HasHoles(p) && !graph.HasHoles(v) {
			switch {
			case o.wildcards:
				ok, steps := globText(p, v, o)
				m.charge(steps)
				return triOf(ok)
			case o.ignoreCase:
				return triOf(strings.EqualFold(p, v))
			}
			return No
		}
		if prefixDiffers(p, v, o) {
			return No
		}
	}
	return matchTokens(p, v, o, vars, m)
}

// matchTokens matches token by token, holes and policy variables
// included, in time proportional to the product of the lengths.
func matchTokens(p, v string, o opts, vars *variables, m *Meter) Tri {
	sc := getScratch()
	defer putScratch(sc)
	sc.pt = tokenize(sc.pt[:0], p, o, true, vars)
	sc.vt = tokenize(sc.vt[:0], v, o, false, nil)
	mm, ok := sc.mustMatch(sc.pt, sc.vt, m)
	if mm {
		return Yes
	}
	if ok && !hasHole(sc.pt) && !hasHole(sc.vt) {
		return No
	}
	if sc.mayMatch(sc.pt, sc.vt, m) {
		return Maybe
	}
	return No
}

// globText matches text without holes against a pattern of `*` and `?`
// wildcards. ARN fields are matched one by one, which is what keeps their
// wildcards from spanning a colon. It returns the steps it took.
func globText(p, v string, o opts) (bool, int64) {
	if !o.arn {
		return glob(p, v, o.ignoreCase)
	}
	var steps int64
	for range 5 {
		pc, vc := strings.IndexByte(p, ':'), strings.IndexByte(v, ':')
		if pc < 0 || vc < 0 {
			// Only a literal colon matches a colon here: the texts must
			// run out of fields together.
			if pc >= 0 || vc >= 0 {
				return false, steps
			}
			ok, n := glob(p, v, o.ignoreCase)
			return ok, steps + n
		}
		ok, n := glob(p[:pc], v[:vc], o.ignoreCase)
		steps += n
		if !ok {
			return false, steps
		}
		p, v = p[pc+1:], v[vc+1:]
	}
	ok, n := glob(p, v, o.ignoreCase)
	return ok, steps + n
}

// glob is the two-pointer wildcard match: literals and `?` advance both
// texts; a `*` is first taken as empty, and on a mismatch the text resumes
// one character further past the latest `*` only, since a later `*` can
// absorb whatever an earlier one would have. The worst case is the product
// of the lengths, and ordinary patterns take one pass. Characters are runes,
// as the token matcher reads them, so both agree on every text.
func glob(p, v string, fold bool) (bool, int64) {
	var steps int64
	pi, vi := 0, 0
	star, mark := -1, 0
	for vi < len(v) {
		steps++
		if pi < len(p) {
			switch p[pi] {
			case '*':
				star, mark = pi+1, vi
				pi++
				continue
			case '?':
				_, n := utf8.DecodeRuneInString(v[vi:])
				pi, vi = pi+1, vi+n
				continue
			default:
				pr, pn := utf8.DecodeRuneInString(p[pi:])
				vr, vn := utf8.DecodeRuneInString(v[vi:])
				if pr == vr || fold && unicode.ToLower(pr) == unicode.ToLower(vr) {
					pi, vi = pi+pn, vi+vn
					continue
				}
			}
		}
		if star < 0 {
			return false, steps
		}
		_, n := utf8.DecodeRuneInString(v[mark:])
		mark += n
		pi, vi = star, mark
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p), steps + 1
}

// prefixDiffers reports whether the literal texts that p and v start with
// (up to the first hole, or wildcard of the pattern) differ where both are
// literal: then no value of the holes lets them match, which decides No
// without building automata. It answers false when the texts are so long
// that the matchers would give up and answer Maybe, so that the cheaper test
// never changes a result.
func prefixDiffers(p, v string, o opts) bool {
	if 81*len(p)*len(v) > workLimit {
		return false
	}
	for p != "" && v != "" {
		pr, pn := utf8.DecodeRuneInString(p)
		vr, vn := utf8.DecodeRuneInString(v)
		if pr == holeOpen || vr == holeOpen || o.wildcards && (pr == '*' || pr == '?') {
			return false
		}
		if o.ignoreCase {
			pr, vr = unicode.ToLower(pr), unicode.ToLower(vr)
		}
		if pr != vr {
			return true
		}
		p, v = p[pn:], v[vn:]
	}
	return false
}

// holeOpen is the first rune of every hole.
var holeOpen, _ = utf8.DecodeRuneInString(graph.Hole(graph.DomainAny, ""))

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

// tokenize appends to out the runes and holes of s. Pattern-side `*` and
// `?` become wildcards when o.wildcards; pattern-side policy variables are
// expanded by vars when it is not nil.
func tokenize(out []tok, s string, o opts, pattern bool, vars *variables) []tok {
	colons := 0
	if !graph.HasHoles(s) {
		// The common case needs no segments.
		return tokenizeText(out, s, o, pattern, vars, &colons)
	}
	for _, seg := range graph.Segments(s) {
		if seg.Hole != nil {
			d := seg.Hole.Domain
			wild := pattern && o.wildcards && d != graph.DomainAccount && d != graph.DomainRegion && d != graph.DomainPartition &&
				d != graph.DomainTrailName
			out = append(out, tok{kind: tHole, hole: seg.Hole, wild: wild})
			continue
		}
		out = tokenizeText(out, seg.Text, o, pattern, vars, &colons)
	}
	return out
}

// tokenizeText appends the tokens of literal text; colons counts the colons
// seen so far in the whole string, which end the ARN fields.
func tokenizeText(out []tok, text string, o opts, pattern bool, vars *variables, colons *int) []tok {
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
		field := o.arn && *colons < 5
		switch {
		case pattern && o.wildcards && r == '*':
			if n := len(out); n > 0 && out[n-1].kind == tStar && out[n-1].field == field {
				continue // `**` is `*`: a run of stars costs what one does
			}
			out = append(out, tok{kind: tStar, field: field})
		case pattern && o.wildcards && r == '?':
			out = append(out, tok{kind: tQuest, field: field})
		default:
			if r == ':' {
				*colons++
			}
			out = append(out, tok{kind: tLit, r: r})
		}
	}
	return out
}

// mustMatch reports whether p matches v whatever the holes stand for. The
// second result is false when the inputs were too long to decide.
func (sc *scratch) mustMatch(p, v []tok, meter *Meter) (bool, bool) {
	if len(p)*len(v) > workLimit {
		return false, false
	}
	if meter.charge(int64(len(p)+1) * int64(len(v)+1)); meter.exhausted() {
		return false, false
	}
	m := len(v)
	sc.cur = bools(sc.cur, m+1)
	sc.next = bools(sc.next, m+1)
	cur, next := sc.cur, sc.next
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
	case graph.DomainAccount, graph.DomainRegion, graph.DomainPartition, graph.DomainName, graph.DomainTrailName:
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
	cExact     classKind = iota
	cAny                 // any character
	cNotColon            // a wildcard inside an ARN field
	cDigit               // account ids
	cRegion              // lowercase letters, digits, '-'
	cName                // anything but '/' and ':'
	cTrailName           // ASCII letters, digits, '.', '_', '-'
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
	case cTrailName:
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'
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

// add appends a state, reusing the edge lists of an earlier automaton
// built in the same buffers.
func (n *nfa) add() int32 {
	i := len(n.edges)
	if i < cap(n.edges) {
		n.edges = n.edges[:i+1]
		n.edges[i] = n.edges[i][:0]
	} else {
		n.edges = append(n.edges, nil)
	}
	if i < cap(n.eps) {
		n.eps = n.eps[:i+1]
		n.eps[i] = n.eps[i][:0]
	} else {
		n.eps = append(n.eps, nil)
	}
	return int32(i)
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

// build makes n the automaton of ts, reusing n's buffers.
func (n *nfa) build(ts []tok) *nfa {
	n.edges, n.eps = n.edges[:0], n.eps[:0]
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
	case graph.DomainTrailName:
		return n.chain(cur, class{kind: cTrailName})
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

// mayMatch reports whether the languages of the token lists p and v
// intersect, by a search of the product of their automata. Too large a
// product answers true: undecided.
func (sc *scratch) mayMatch(p, v []tok, meter *Meter) bool {
	a, b := sc.a.build(p), sc.b.build(v)
	na, nb := len(a.edges), len(b.edges)
	if na*nb > workLimit {
		return true
	}
	if meter.charge(int64(na) * int64(nb)); meter.exhausted() {
		return true
	}
	words := (na*nb + 63) / 64
	if cap(sc.seen) < words {
		sc.seen = make([]uint64, words)
	}
	seen := sc.seen[:words]
	clear(seen)
	stack := sc.stack[:0]
	defer func() { sc.stack = stack[:0] }()
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
