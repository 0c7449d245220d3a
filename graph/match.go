package graph

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Every question of the form "may this partly known text be that one" is
// answered here, once: policy matching (StringLike, ArnLike, Action and
// Resource), CloudFormation's Fn::Equals and Terraform's == alike, each
// hole standing for the texts its domain allows (see domain.go).
//
// Matching answers two questions. "Must it match?" is decided
// structurally, treating each hole as an opaque symbol that only an
// identical hole (same origin) or a `*` can consume: if that succeeds,
// every value the holes may take matches. "May it match?" is decided by
// intersecting two automata in which each hole stands for the language of
// its domain: if the intersection is empty, no value of the holes can
// match. Both run in time proportional to the product of the lengths,
// never exponentially; a hole's occurrences are taken one by one, so
// "maybe" may be said of texts that only differing values of one hole
// would make equal.

// MatchOptions say how a pattern is read.
type MatchOptions struct {
	// Wildcards makes the pattern's `*` stand for any run of characters
	// and its `?` for any one, as StringLike and the Action and Resource
	// elements read them; otherwise they are plain characters.
	Wildcards bool
	// IgnoreCase compares letters without their case.
	IgnoreCase bool
	// ARN matches the first five colon-separated fields one by one, as
	// ArnLike does: a wildcard there never spans a colon.
	ARN bool
	// Expand, when not nil, is given the text between the braces of each
	// `${...}` of the pattern and returns the text that stands there,
	// which is read as plain text (its holes stay holes): IAM policy
	// variables.
	Expand func(body string) string
}

// A Meter is charged the work of matching, so that a run can bound the
// total: each match is bounded on its own, but not their number.
type Meter interface {
	// Charge records n steps of matching done.
	Charge(n int64)
	// Exhausted reports whether matching must stop; from then on every
	// match answers Maybe.
	Exhausted() bool
}

// MaxMatchWork bounds the product of the two lengths that a match
// decides; beyond it (texts of thousands of characters, never seen in
// real policies) the answer is Maybe rather than a long computation.
const MaxMatchWork = 1 << 22

// equalVisits bounds the states of the automata's product that Equal,
// which no meter charges, visits: many times what any name or ARN needs,
// few enough that a comparison costs about what an evaluation step does,
// since a configuration may make a great many.
const equalVisits = 1 << 12

// Match answers whether text matches pattern; either may hold holes. Its
// work is charged to m (nil: to nothing), and once m is exhausted the
// answer is Maybe.
func Match(pattern, text string, o MatchOptions, m Meter) Tri {
	return match(pattern, text, o, m, 0)
}

// Equal answers whether two texts, either of which may hold holes, are
// the same text, as == and Fn::Equals compare them: case matters and `*`
// is a plain character. The literal text at either end and the fewest
// characters each may have decide most texts at once, whatever their
// length; the rest within a bound on the work, beyond which the answer is
// Maybe.
func Equal(a, b string) Tri {
	if a == b {
		return Yes
	}
	if !HasHoles(a) && !HasHoles(b) {
		return No
	}
	if endsDiffer(a, b) {
		return No
	}
	if len(a)*len(b) > MaxMatchWork {
		return Maybe
	}
	return match(a, b, MatchOptions{}, nil, equalVisits)
}

// endsDiffer reports whether two texts can never be equal: the literal
// texts they start or end with disagree, or one has no holes and is
// shorter than the other can be. It takes time linear in the lengths.
func endsDiffer(a, b string) bool {
	ea, eb := endsOf(a), endsOf(b)
	n := min(len(ea.prefix), len(eb.prefix))
	if ea.prefix[:n] != eb.prefix[:n] {
		return true
	}
	n = min(len(ea.suffix), len(eb.suffix))
	if ea.suffix[len(ea.suffix)-n:] != eb.suffix[len(eb.suffix)-n:] {
		return true
	}
	if !ea.holes && ea.minLen < eb.minLen {
		return true
	}
	return !eb.holes && eb.minLen < ea.minLen
}

// textEnds is what endsDiffer compares of a text: the literal text it
// starts with, up to its first hole, the literal text it ends with, after
// its last hole, and the fewest characters it may have (its length when
// it has no holes).
type textEnds struct {
	prefix, suffix string
	minLen         int
	holes          bool
}

// endsOf splits s into segments once, for all that endsDiffer asks.
func endsOf(s string) textEnds {
	if !HasHoles(s) {
		return textEnds{prefix: s, suffix: s, minLen: utf8.RuneCountInString(s)}
	}
	segs := Segments(s)
	e := textEnds{minLen: segmentsMinLen(segs), holes: true}
	if segs[0].Hole == nil {
		e.prefix = segs[0].Text
	}
	if last := segs[len(segs)-1]; last.Hole == nil {
		e.suffix = last.Text
	}
	return e
}

// segmentsMinLen is MinLen of the text split into segs.
func segmentsMinLen(segs []Segment) int {
	n := 0
	for _, seg := range segs {
		if seg.Hole != nil {
			n += seg.Hole.Domain.MinLen()
			continue
		}
		n += utf8.RuneCountInString(seg.Text)
	}
	return n
}

// MatchEvery answers whether pattern matches every text of set, a set of
// texts written with `*` for any run of characters and `?` for any one
// (an action family such as `kms:GenerateDataKey*`): Yes when the
// pattern's wildcards cover the whole set whatever its holes stand for,
// Maybe when its holes might let it match some, No otherwise.
func MatchEvery(pattern, set string, o MatchOptions, m Meter) Tri {
	sc := getScratch()
	defer putScratch(sc)
	sc.vt = setTokens(sc.vt[:0], set, o)
	sc.pt = tokenize(sc.pt[:0], pattern, o, true)
	if must, _ := sc.mustMatch(sc.pt, sc.vt, m); must {
		return Yes
	}
	if exhausted(m) {
		return Maybe
	}
	if hasHole(sc.pt) && sc.mayMatch(sc.pt, sc.vt, m, 0) {
		return Maybe
	}
	return No
}

// MatchSome answers whether pattern matches some text of set (see
// MatchEvery): Yes when it does whatever its holes stand for, Maybe when
// that depends on its holes or the meter ran out, No when no text of the
// set matches.
func MatchSome(pattern, set string, o MatchOptions, m Meter) Tri {
	sc := getScratch()
	defer putScratch(sc)
	sc.vt = setTokens(sc.vt[:0], set, o)
	sc.pt = tokenize(sc.pt[:0], pattern, o, true)
	if !sc.mayMatch(sc.pt, sc.vt, m, 0) {
		return No
	}
	if !hasHole(sc.pt) && !exhausted(m) {
		return Yes
	}
	return Maybe
}

// setTokens reads a set of texts: its `*` become holes of their own that
// only a pattern's `*` can surely absorb, its `?` a one-character
// wildcard.
func setTokens(out []tok, set string, o MatchOptions) []tok {
	from := len(out)
	out = tokenize(out, set, o, false)
	for i := from; i < len(out); i++ {
		if out[i].kind != tLit {
			continue
		}
		switch out[i].r {
		case '*':
			// The origin is no hole's: a control character and the
			// token's place.
			out[i] = tok{kind: tHole, hole: &HoleInfo{Domain: DomainAny, Origin: "\x00*" + strconv.Itoa(i-from)}}
		case '?':
			out[i] = tok{kind: tQuest}
		}
	}
	return out
}

func charge(m Meter, n int64) {
	if m != nil {
		m.Charge(n)
	}
}

func exhausted(m Meter) bool { return m != nil && m.Exhausted() }

// match answers whether v matches the pattern p, visiting at most visits
// states of the automata's product (0: no bound but MaxMatchWork's).
func match(p, v string, o MatchOptions, m Meter, visits int) Tri {
	if exhausted(m) {
		return Maybe
	}
	charge(m, int64(len(p))+int64(len(v))+1)
	if o.Expand == nil || !strings.Contains(p, "${") {
		// Any text, wildcards and holes included, matches itself.
		if p == v {
			return Yes
		}
		if !HasHoles(p) && !HasHoles(v) {
			switch {
			case o.Wildcards:
				ok, steps := globText(p, v, o)
				charge(m, steps)
				return TriOf(ok)
			case o.IgnoreCase:
				return TriOf(strings.EqualFold(p, v))
			}
			return No
		}
		if prefixDiffers(p, v, o) {
			return No
		}
	}
	return matchTokens(p, v, o, m, visits)
}

// matchTokens matches token by token, holes and policy variables
// included, in time proportional to the product of the lengths.
func matchTokens(p, v string, o MatchOptions, m Meter, visits int) Tri {
	sc := getScratch()
	defer putScratch(sc)
	sc.pt = tokenize(sc.pt[:0], p, o, true)
	sc.vt = tokenize(sc.vt[:0], v, o, false)
	mm, ok := sc.mustMatch(sc.pt, sc.vt, m)
	if mm {
		return Yes
	}
	if ok && !hasHole(sc.pt) && !hasHole(sc.vt) {
		return No
	}
	if sc.mayMatch(sc.pt, sc.vt, m, visits) {
		return Maybe
	}
	return No
}

// globText matches text without holes against a pattern of `*` and `?`
// wildcards. ARN fields are matched one by one, which is what keeps their
// wildcards from spanning a colon. It returns the steps it took.
func globText(p, v string, o MatchOptions) (bool, int64) {
	if !o.ARN {
		return glob(p, v, o.IgnoreCase)
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
			ok, n := glob(p, v, o.IgnoreCase)
			return ok, steps + n
		}
		ok, n := glob(p[:pc], v[:vc], o.IgnoreCase)
		steps += n
		if !ok {
			return false, steps
		}
		p, v = p[pc+1:], v[vc+1:]
	}
	ok, n := glob(p, v, o.IgnoreCase)
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
func prefixDiffers(p, v string, o MatchOptions) bool {
	if 81*len(p)*len(v) > MaxMatchWork {
		return false
	}
	for p != "" && v != "" {
		pr, pn := utf8.DecodeRuneInString(p)
		vr, vn := utf8.DecodeRuneInString(v)
		if pr == holeOpen || vr == holeOpen || o.Wildcards && (pr == '*' || pr == '?') {
			return false
		}
		if o.IgnoreCase {
			pr, vr = unicode.ToLower(pr), unicode.ToLower(vr)
		}
		if pr != vr {
			return true
		}
		p, v = p[pn:], v[vn:]
	}
	return false
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
	hole *HoleInfo
	// field marks a wildcard that cannot cross ':' (ARN fields 1 to 5),
	// and loose one that may be in the resource field instead, for a hole
	// before it may hold colons: it surely matches only what a field
	// wildcard does, and may match what any wildcard does.
	field, loose bool
	// wild marks a pattern hole whose text may itself hold wildcards, so
	// that it may match anything.
	wild bool
}

func hasStar(ts []tok) bool {
	for _, t := range ts {
		if t.kind == tStar {
			return true
		}
	}
	return false
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
// `?` become wildcards when o.Wildcards; pattern-side `${...}` are
// expanded by o.Expand when it is not nil.
func tokenize(out []tok, s string, o MatchOptions, pattern bool) []tok {
	var f fields
	return f.tokens(out, s, o, pattern)
}

// fields follows the ARN fields of a pattern: colons counts the colons
// before the current place, and loose is set once a hole that may hold a
// colon stands among the first five fields, after which where those
// fields end is not known. Text a variable stands for counts as the
// pattern's own.
type fields struct {
	colons int
	loose  bool
}

// tokens appends the tokens of s; pattern says whether s is pattern text,
// whose wildcards and holes may stand for any text and whose variables
// are expanded.
func (f *fields) tokens(out []tok, s string, o MatchOptions, pattern bool) []tok {
	if !HasHoles(s) {
		// The common case needs no segments.
		return f.text(out, s, o, pattern)
	}
	for _, seg := range Segments(s) {
		if seg.Hole != nil {
			facts := seg.Hole.Domain.facts()
			wild := pattern && o.Wildcards && facts.wildcard
			out = append(out, tok{kind: tHole, hole: seg.Hole, wild: wild})
			f.loose = f.loose || o.ARN && f.colons < 5 && facts.colon
			continue
		}
		out = f.text(out, seg.Text, o, pattern)
	}
	return out
}

// text appends the tokens of literal text.
func (f *fields) text(out []tok, text string, o MatchOptions, pattern bool) []tok {
	for i := 0; i < len(text); {
		if pattern && o.Expand != nil && strings.HasPrefix(text[i:], "${") {
			if j := strings.IndexByte(text[i:], '}'); j > 0 {
				out = f.tokens(out, o.Expand(text[i+2:i+j]), o, false)
				i += j + 1
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		if o.IgnoreCase {
			r = unicode.ToLower(r)
		}
		field := o.ARN && f.colons < 5
		loose := field && f.loose
		switch {
		case pattern && o.Wildcards && r == '*':
			if n := len(out); n > 0 && out[n-1].kind == tStar && out[n-1].field == field && out[n-1].loose == loose {
				continue // `**` is `*`: a run of stars costs what one does
			}
			out = append(out, tok{kind: tStar, field: field, loose: loose})
		case pattern && o.Wildcards && r == '?':
			out = append(out, tok{kind: tQuest, field: field, loose: loose})
		default:
			if r == ':' {
				f.colons++
			}
			out = append(out, tok{kind: tLit, r: r})
		}
	}
	return out
}

// mustMatch reports whether p matches v whatever the holes stand for. The
// second result is false when the inputs were too long to decide.
func (sc *scratch) mustMatch(p, v []tok, meter Meter) (bool, bool) {
	if len(p)*len(v) > MaxMatchWork {
		return false, false
	}
	if charge(meter, int64(len(p)+1)*int64(len(v)+1)); exhausted(meter) {
		return false, false
	}
	if !hasStar(p) {
		// Each token takes one: no need for the table.
		if len(p) != len(v) {
			return false, true
		}
		for i := range p {
			if !consumes(p[i], v[i]) {
				return false, true
			}
		}
		return true, true
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
		return !t.hole.Domain.facts().colon
	}
	return t.r != ':'
}

// consumes reports whether the non-star pattern token p surely matches the
// value token t.
func consumes(p, t tok) bool {
	switch p.kind {
	case tLit:
		return t.kind == tLit && t.r == p.r
	case tQuest:
		// A value-side `?` appears only in a set (MatchEvery).
		return t.kind == tQuest || t.kind == tLit && (!p.field || t.r != ':')
	case tHole:
		return t.kind == tHole && t.hole.Origin == p.hole.Origin
	}
	return false
}

// build makes n the automaton of ts, reusing n's buffers.
func (n *nfa) build(ts []tok) *nfa {
	n.reset()
	cur := n.add()
	for _, t := range ts {
		wc := class{kind: cAny}
		if t.field && !t.loose {
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
			if t.wild {
				cur = n.loop(cur, class{kind: cAny})
			} else {
				cur = n.domain(cur, t.hole.Domain)
			}
		}
	}
	n.end = cur
	return n
}

// mayMatch reports whether the languages of the token lists p and v
// intersect, by a search of the product of their automata. Too large a
// product, or more than visits states visited when visits is not 0,
// answers true: undecided.
func (sc *scratch) mayMatch(p, v []tok, meter Meter, visits int) bool {
	a, b := sc.a.build(p), sc.b.build(v)
	na, nb := len(a.edges), len(b.edges)
	if na*nb > MaxMatchWork {
		return true
	}
	if charge(meter, int64(na)*int64(nb)); exhausted(meter) {
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
	for n := 1; len(stack) > 0; n++ {
		if visits > 0 && n > visits {
			return true
		}
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
