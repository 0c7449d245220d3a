package tfplan

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// A plan file is read by a scanner of its own rather than by encoding/json:
// every value must keep its line and column (findings on resources that
// exist only in the plan point into it), parts of the file that trailint
// never reads (the values before the change, the drift, the checks) are
// checked for syntax and dropped without being built, and a policy held
// in a JSON string is read again with positions that point at its
// characters in the file.

// jkind is the kind of a JSON value.
type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

func (k jkind) String() string {
	switch k {
	case jNull:
		return "null"
	case jBool:
		return "a boolean"
	case jNumber:
		return "a number"
	case jString:
		return "a string"
	case jArray:
		return "an array"
	}
	return "an object"
}

// node is one JSON value with its span. A string's start is its opening
// quote, and its end is past the closing one.
type node struct {
	kind       jkind
	text       string // a string's text, a number as written
	b          bool
	elems      []*node
	fields     []member
	start, end graph.Pos
}

type member struct {
	name               string
	nameStart, nameEnd graph.Pos
	val                *node
}

// get returns the value of the last member named name, as Terraform's own
// reader would take it, or nil.
func (n *node) get(name string) *node {
	if m := n.member(name); m != nil {
		return m.val
	}
	return nil
}

// member returns the last member named name, or nil.
func (n *node) member(name string) *member {
	if n == nil || n.kind != jObject {
		return nil
	}
	for i := len(n.fields) - 1; i >= 0; i-- {
		if n.fields[i].name == name {
			return &n.fields[i]
		}
	}
	return nil
}

// str returns a string member's text.
func (n *node) str(name string) (string, bool) {
	v := n.get(name)
	if v == nil || v.kind != jString {
		return "", false
	}
	return v.text, true
}

// keep says which parts of a value are built; the rest is checked for
// syntax only. A nil *keep builds nothing.
type keep struct {
	all    bool             // build everything below
	fields map[string]*keep // object members to build
	any    *keep            // any other member, for objects keyed by name
	elems  *keep            // array elements
}

func (k *keep) field(name string) *keep {
	if k.all {
		return k
	}
	if f, ok := k.fields[name]; ok {
		return f
	}
	return k.any
}

func (k *keep) elem() *keep {
	if k.all {
		return k
	}
	return k.elems
}

var keepAll = &keep{all: true}

// maxDepth bounds the nesting of a plan file: the deepest real plans nest
// their module tree, then a resource's nested blocks, a few dozen levels.
const maxDepth = 256

// nodeBytes is what a node costs beyond its text, charged to the unit's
// bytes of values: the file's size alone does not bound it, since "[0,0]"
// makes two nodes of two bytes.
const nodeBytes = 96

// syntaxError is where and why a file stops being JSON, or a cap of the
// budget that reading it crossed.
type syntaxError struct {
	msg    string
	pos    graph.Pos
	budget bool
	kind   budget.Kind
}

// parser reads JSON text. Positions are asked for in increasing order:
// the cursor moves forward from where it was, so that a file of one
// long line, as Terraform writes it, costs one pass to locate.
type parser struct {
	src []byte
	i   int
	// at, line and col are the cursor: the position of byte at. origin is
	// where the first line starts, past a byte-order mark.
	at, line, col, origin int
	// inner, when set, gives positions instead: src is then the text
	// decoded from a JSON string of the file, and a position in it is
	// that of the character of the file it was decoded from.
	inner *innerCursor
	depth int
	err   *syntaxError
	w     *work
}

func newParser(src []byte, w *work) *parser {
	p := &parser{src: src, line: 1, col: 1, w: w}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		// A byte-order mark is no character of the first line.
		p.i, p.at, p.origin = 3, 3, 3
	}
	return p
}

func (p *parser) pos(i int) graph.Pos {
	if p.inner != nil {
		return p.inner.pos(i)
	}
	if i < p.at {
		// Only a problem found after the fact looks back; it is said once.
		p.at, p.line, p.col = p.origin, 1, 1
	}
	for p.at < i {
		c := p.src[p.at]
		switch {
		case c == '\n':
			p.line++
			p.col = 1
			p.at++
		case c < utf8.RuneSelf:
			p.col++
			p.at++
		default:
			// An invalid byte is a character of its own, as decoders
			// show it (U+FFFD).
			_, size := utf8.DecodeRune(p.src[p.at:i])
			p.col++
			p.at += size
		}
	}
	return graph.Pos{Line: p.line, Column: p.col, Byte: p.at}
}

func (p *parser) fail(i int, format string, args ...any) {
	if p.err == nil {
		p.err = &syntaxError{msg: fmt.Sprintf(format, args...), pos: p.pos(i)}
	}
}

// spend charges n bytes of values built; past the unit's cap the parse
// stops, since nothing after it could be kept.
func (p *parser) spend(n int64, i int) bool {
	if p.w == nil || p.w.bytes(n) {
		return true
	}
	if p.err == nil {
		p.err = &syntaxError{pos: p.pos(i), budget: true, kind: budget.UnitBytes}
	}
	return false
}

// fits checks one value's size against the caps of a value.
func (p *parser) fits(bytes, elems int64, i int) bool {
	if p.w == nil || p.w.value(bytes, elems) {
		return true
	}
	if p.err == nil {
		k := budget.ValueBytes
		if elems > p.w.lim.Elements {
			k = budget.Elements
		}
		p.err = &syntaxError{pos: p.pos(i), budget: true, kind: k}
	}
	return false
}

func (p *parser) space() {
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// document reads the whole text as one value.
func (p *parser) document(k *keep) *node {
	n := p.value(k)
	if p.err != nil {
		return nil
	}
	p.space()
	if p.i < len(p.src) {
		p.fail(p.i, "text after the end of the JSON value")
		return nil
	}
	return n
}

// value reads one value; it builds it when k is not nil.
func (p *parser) value(k *keep) *node {
	p.space()
	if p.i >= len(p.src) {
		p.fail(p.i, "unexpected end of file")
		return nil
	}
	switch c := p.src[p.i]; {
	case c == '{':
		return p.object(k)
	case c == '[':
		return p.array(k)
	case c == '"':
		start := p.i
		s, ok := p.string(k != nil)
		if !ok || k == nil {
			return nil
		}
		return p.leaf(k, &node{kind: jString, text: s}, start, int64(len(s)))
	case c == '-' || c >= '0' && c <= '9':
		start := p.i
		if !p.number() || k == nil {
			return nil
		}
		text := string(p.src[start:p.i])
		return p.leaf(k, &node{kind: jNumber, text: text}, start, int64(len(text)))
	case c == 't':
		return p.literal(k, "true", &node{kind: jBool, b: true})
	case c == 'f':
		return p.literal(k, "false", &node{kind: jBool})
	case c == 'n':
		return p.literal(k, "null", &node{kind: jNull})
	default:
		r, _ := utf8.DecodeRune(p.src[p.i:])
		p.fail(p.i, "unexpected character %q", r)
		return nil
	}
}

func (p *parser) leaf(k *keep, n *node, start int, size int64) *node {
	if k == nil {
		return nil
	}
	if !p.fits(size, 0, start) || !p.spend(nodeBytes+size, start) {
		return nil
	}
	n.start, n.end = p.pos(start), p.pos(p.i)
	return n
}

func (p *parser) literal(k *keep, word string, n *node) *node {
	start := p.i
	if len(p.src)-p.i < len(word) || string(p.src[p.i:p.i+len(word)]) != word {
		p.fail(p.i, "expected %s", word)
		return nil
	}
	p.i += len(word)
	return p.leaf(k, n, start, 0)
}

func (p *parser) number() bool {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.src) && p.src[p.i] >= '0' && p.src[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.src[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.src) && p.src[p.i] == '0':
		p.i++
	case digits() == 0:
		p.fail(start, "invalid number")
		return false
	}
	if p.i < len(p.src) && p.src[p.i] == '.' {
		p.i++
		if digits() == 0 {
			p.fail(start, "invalid number")
			return false
		}
	}
	if p.i < len(p.src) && (p.src[p.i] == 'e' || p.src[p.i] == 'E') {
		p.i++
		if p.i < len(p.src) && (p.src[p.i] == '+' || p.src[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			p.fail(start, "invalid number")
			return false
		}
	}
	return true
}

func (p *parser) enter(i int) bool {
	p.depth++
	if p.depth > maxDepth {
		p.fail(i, "values nested over %d levels deep", maxDepth)
		return false
	}
	return true
}

func (p *parser) object(k *keep) *node {
	start := p.i
	if !p.enter(start) {
		return nil
	}
	defer func() { p.depth-- }()
	p.i++
	var n *node
	if k != nil {
		n = &node{kind: jObject, start: p.pos(start)}
	}
	count := int64(0)
	p.space()
	if p.i < len(p.src) && p.src[p.i] == '}' {
		p.i++
		return p.closed(n, start, 0)
	}
	for {
		p.space()
		if p.i >= len(p.src) {
			p.fail(p.i, "unexpected end of file in an object")
			return nil
		}
		if p.src[p.i] != '"' {
			r, _ := utf8.DecodeRune(p.src[p.i:])
			p.fail(p.i, "expected a member name in quotes, found %q", r)
			return nil
		}
		nameAt := p.i
		// The name is decoded to choose what to keep; it is kept only
		// with its member.
		name, ok := p.string(k != nil)
		if !ok {
			return nil
		}
		var fk *keep
		if k != nil {
			fk = k.field(name)
		}
		var nameStart, nameEnd graph.Pos
		if fk != nil {
			if !p.fits(int64(len(name)), 0, nameAt) || !p.spend(int64(len(name)), nameAt) {
				return nil
			}
			nameStart, nameEnd = p.pos(nameAt), p.pos(p.i)
		}
		p.space()
		if p.i >= len(p.src) || p.src[p.i] != ':' {
			p.fail(p.i, "expected ':' after a member name")
			return nil
		}
		p.i++
		v := p.value(fk)
		if p.err != nil {
			return nil
		}
		count++
		if fk != nil {
			n.fields = append(n.fields, member{name: name, nameStart: nameStart, nameEnd: nameEnd, val: v})
		}
		if !p.more('}', "an object") {
			if p.err != nil {
				return nil
			}
			return p.closed(n, start, count)
		}
	}
}

func (p *parser) array(k *keep) *node {
	start := p.i
	if !p.enter(start) {
		return nil
	}
	defer func() { p.depth-- }()
	p.i++
	var n *node
	var ek *keep
	if k != nil {
		n = &node{kind: jArray, start: p.pos(start)}
		ek = k.elem()
	}
	count := int64(0)
	p.space()
	if p.i < len(p.src) && p.src[p.i] == ']' {
		p.i++
		return p.closed(n, start, 0)
	}
	for {
		v := p.value(ek)
		if p.err != nil {
			return nil
		}
		count++
		if ek != nil {
			n.elems = append(n.elems, v)
		}
		if !p.more(']', "an array") {
			if p.err != nil {
				return nil
			}
			return p.closed(n, start, count)
		}
	}
}

// more reads what follows a member or an element: a comma, after which
// more come (true), or the closer, after which none do (false). Anything
// else fails the parse (false, with p.err set).
func (p *parser) more(closer byte, in string) bool {
	p.space()
	if p.i >= len(p.src) {
		p.fail(p.i, "unexpected end of file in %s", in)
		return false
	}
	switch p.src[p.i] {
	case ',':
		p.i++
		return true
	case closer:
		p.i++
		return false
	}
	r, _ := utf8.DecodeRune(p.src[p.i:])
	p.fail(p.i, "expected ',' or '%c' in %s, found %q", closer, in, r)
	return false
}

// closed finishes a collection: its span, and its length checked against
// the caps of a value once it is known.
func (p *parser) closed(n *node, start int, count int64) *node {
	if n == nil {
		return nil
	}
	if !p.fits(0, count, start) || !p.spend(nodeBytes, start) {
		return nil
	}
	n.end = p.pos(p.i)
	// Members and elements outlive the parse: spare capacity would too.
	if cap(n.fields) > len(n.fields) {
		n.fields = append(make([]member, 0, len(n.fields)), n.fields...)
	}
	if cap(n.elems) > len(n.elems) {
		n.elems = append(make([]*node, 0, len(n.elems)), n.elems...)
	}
	return n
}

// string reads a string at p.i, decoding it when build is set.
func (p *parser) string(build bool) (string, bool) {
	start := p.i
	p.i++
	plain := true
	for {
		if p.i >= len(p.src) {
			p.fail(start, "string not terminated")
			return "", false
		}
		c := p.src[p.i]
		switch {
		case c == '"':
			p.i++
			if !build {
				return "", true
			}
			raw := p.src[start+1 : p.i-1]
			if plain {
				return string(raw), true
			}
			return decodeString(raw), true
		case c == '\\':
			plain = false
			if !p.escape() {
				return "", false
			}
		case c < 0x20:
			p.fail(p.i, "control character %q in a string", rune(c))
			return "", false
		case c < utf8.RuneSelf:
			p.i++
		default:
			r, size := utf8.DecodeRune(p.src[p.i:])
			if r == utf8.RuneError && size == 1 {
				plain = false // replaced when decoded, as encoding/json does
			}
			p.i += size
		}
	}
}

// escape checks the escape sequence at p.i.
func (p *parser) escape() bool {
	at := p.i
	if p.i+1 >= len(p.src) {
		p.fail(at, "string not terminated")
		return false
	}
	switch p.src[p.i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		p.i += 2
		return true
	case 'u':
		if p.i+6 > len(p.src) {
			p.fail(at, "invalid escape sequence")
			return false
		}
		for _, h := range p.src[p.i+2 : p.i+6] {
			if hexVal(h) < 0 {
				p.fail(at, "invalid escape sequence")
				return false
			}
		}
		p.i += 6
		return true
	}
	p.fail(at, "invalid escape sequence")
	return false
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func hex4(b []byte) rune {
	r := rune(0)
	for _, c := range b[:4] {
		r = r<<4 | rune(hexVal(c))
	}
	return r
}

// escapeUnit reads the character that starts at raw[i] of a string's text
// that was checked already: the rune it decodes to and the bytes it takes.
// Invalid UTF-8 and lone surrogates decode to U+FFFD, as encoding/json
// decodes them.
func escapeUnit(raw []byte, i int) (r rune, size int) {
	c := raw[i]
	if c != '\\' {
		r, size = utf8.DecodeRune(raw[i:])
		return r, size
	}
	switch raw[i+1] {
	case 'u':
		r = hex4(raw[i+2:])
		if !utf16.IsSurrogate(r) {
			return r, 6
		}
		if i+12 <= len(raw) && raw[i+6] == '\\' && raw[i+7] == 'u' {
			if d := utf16.DecodeRune(r, hex4(raw[i+8:])); d != utf8.RuneError {
				return d, 12
			}
		}
		return utf8.RuneError, 6
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	}
	return rune(raw[i+1]), 2 // '"', '\\', '/'
}

// decodeString decodes the raw text between the quotes of a string that
// was checked already.
func decodeString(raw []byte) string {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		r, size := escapeUnit(raw, i)
		if r < utf8.RuneSelf && raw[i] != '\\' {
			out = append(out, raw[i])
		} else {
			out = utf8.AppendRune(out, r)
		}
		i += size
	}
	return string(out)
}

// innerCursor maps offsets in the text decoded from a string of the file
// to the positions of the characters they were decoded from. Like the
// file's cursor it only moves forward: the text is read once, in order.
type innerCursor struct {
	raw  []byte  // the string's text in the file, between the quotes
	base int     // the file offset of raw[0]
	ri   int     // the raw offset of the next character
	di   int     // the decoded offset it decodes to
	file *parser // the file's cursor, from the string's start
}

func (c *innerCursor) pos(i int) graph.Pos {
	for c.ri < len(c.raw) {
		r, size := escapeUnit(c.raw, c.ri)
		n := utf8.RuneLen(r)
		if r < utf8.RuneSelf && c.raw[c.ri] != '\\' {
			n = 1
		}
		if n < 0 {
			n = utf8.RuneLen(utf8.RuneError)
		}
		if c.di+n > i {
			break
		}
		c.di += n
		c.ri += size
	}
	return c.file.pos(c.base + c.ri)
}

// parseDoc reads the JSON text that a string node of the file holds, each
// value with the position of its characters in the file. It returns nil
// when the text is not JSON: the caller keeps the string.
func parseDoc(src []byte, n *node, text string, w *work) *node {
	a, b := n.start.Byte+1, n.end.Byte-1
	if n.kind != jString || a > b || b > len(src) {
		return nil
	}
	// A cursor of its own from the opening quote: the file's has moved on.
	file := &parser{src: src, at: n.start.Byte, line: n.start.Line, col: n.start.Column}
	p := &parser{src: []byte(text), w: w, inner: &innerCursor{raw: src[a:b], base: a, file: file}}
	doc := p.document(keepAll)
	if p.err != nil {
		return nil
	}
	return doc
}
