package cloudformation

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/trailint/trailint/graph"
)

// Bounds on alias expansion: a YAML "billion laughs" document is small on
// disk and huge once aliases are followed, so the work done for it must stay
// bounded.
const (
	maxAliasNodes = 100_000
	maxDepth      = 200
)

type kind uint8

const (
	kScalar kind = iota
	kSeq
	kMap
	kBad // an unknown tag or a node cut short by a bound; evaluates to Unknown
)

// node is a template node with its source range. Short-form tags are
// already rewritten into their one-key mapping form ({"Fn::Sub": ...}), so
// the evaluator reads one shape only.
type node struct {
	kind  kind
	tag   string // scalar: !!str, !!int, !!float, !!bool, !!null; kBad: the reason
	str   string
	items []*node
	keys  []*node
	vals  []*node
	rng   graph.Range
	// fromTag marks a mapping written as a short-form tag: `!Condition X`
	// is a condition only when written so.
	fromTag bool
	// index finds the keys of a large mapping: a Mappings section or an
	// Fn::Sub variable map may hold hundreds of thousands of keys, and a
	// scan per lookup would make lookups quadratic.
	index map[string]int
}

// indexFrom is the size from which a mapping gets an index; below it a
// scan is as fast and costs no memory.
const indexFrom = 16

// reindex brings a mapping's index up to its keys: a large mapping finds
// each key text at its first position, and a small one has no index. An
// index kept while the mapping was built is completed, not made again.
func (n *node) reindex() {
	if len(n.keys) < indexFrom {
		n.index = nil
		return
	}
	if n.index == nil {
		n.index = make(map[string]int, len(n.keys))
	}
	for i, k := range n.keys {
		if _, dup := n.index[k.str]; !dup {
			n.index[k.str] = i
		}
	}
}

// find returns the position of a mapping key, or -1.
func (n *node) find(key string) int {
	if n == nil || n.kind != kMap {
		return -1
	}
	if n.index != nil {
		if i, ok := n.index[key]; ok {
			return i
		}
		return -1
	}
	for i, k := range n.keys {
		if k.str == key {
			return i
		}
	}
	return -1
}

// get returns the value of a mapping key.
func (n *node) get(key string) *node {
	if i := n.find(key); i >= 0 {
		return n.vals[i]
	}
	return nil
}

// keyOf returns the key node of a mapping key.
func (n *node) keyOf(key string) *node {
	if i := n.find(key); i >= 0 {
		return n.keys[i]
	}
	return nil
}

// text returns the scalar text of n, or "" and false.
func (n *node) text() (string, bool) {
	if n == nil || n.kind != kScalar || n.tag == "!!null" {
		return "", false
	}
	return n.str, true
}

// shortTags maps each short-form tag to the function it stands for.
var shortTags = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub", "!If": "Fn::If", "!Join": "Fn::Join",
	"!ImportValue": "Fn::ImportValue", "!FindInMap": "Fn::FindInMap", "!Select": "Fn::Select",
	"!Split": "Fn::Split", "!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr", "!GetAZs": "Fn::GetAZs",
	"!Equals": "Fn::Equals", "!Not": "Fn::Not", "!And": "Fn::And", "!Or": "Fn::Or",
	"!Transform": "Fn::Transform", "!Length": "Fn::Length", "!ToJsonString": "Fn::ToJsonString",
}

// ruleTags are the short forms of the functions of the Rules section,
// where alone CloudFormation defines them (its assertions check parameter
// values before anything is created).
var ruleTags = map[string]string{
	"!Contains": "Fn::Contains", "!EachMemberEquals": "Fn::EachMemberEquals", "!EachMemberIn": "Fn::EachMemberIn",
	"!RefAll": "Fn::RefAll", "!ValueOf": "Fn::ValueOf", "!ValueOfAll": "Fn::ValueOfAll",
}

// builder turns a yaml.Node tree into nodes, following aliases within bounds.
type builder struct {
	src      *source
	diags    []graph.Diagnostic
	expanded int // nodes created while following aliases
	inAlias  int
	aliasAt  graph.Range // the outermost alias being followed
	stopped  bool        // the expansion bound was hit: aliases are no longer followed
	tooDeep  bool
	// ruleUses are the nodes written with a tag of ruleTags, valid only
	// in the Rules section.
	ruleUses []*node
}

// diag records an error of the file: it does not parse as a template.
func (b *builder) diag(r graph.Range, summary, detail string) {
	b.diags = append(b.diags, graph.Diagnostic{Severity: graph.SevError, Class: graph.ClassFile, Summary: summary, Detail: detail, Range: r})
}

func (b *builder) startOf(y *yaml.Node) int { return b.src.offset(y.Line, y.Column) }

func (b *builder) build(y *yaml.Node, depth int) *node {
	start := b.startOf(y)
	if depth > maxDepth {
		r := b.src.span(start, start)
		if !b.tooDeep {
			b.tooDeep = true
			b.diag(r, fmt.Sprintf("nesting exceeds %d levels", maxDepth),
				"the document nests deeper than any template needs (recursive aliases?); the deeper part is not read")
		}
		return &node{kind: kBad, tag: "nesting too deep", rng: r}
	}
	if b.inAlias > 0 {
		b.expanded++
		if b.expanded > maxAliasNodes {
			if !b.stopped {
				b.stopped = true
				b.diag(b.aliasAt, fmt.Sprintf("alias expansion exceeds %d nodes", maxAliasNodes),
					"YAML aliases expand to more nodes than any template needs; aliases from here on are not followed")
			}
			return &node{kind: kBad, tag: "alias expansion too large", rng: b.aliasAt}
		}
	}
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return nil
		}
		return b.build(y.Content[0], depth+1)
	case yaml.AliasNode:
		r := b.src.span(start, start+1+len(y.Value))
		if y.Alias == nil || b.stopped {
			return &node{kind: kBad, tag: "alias *" + y.Value + " is not followed", rng: r}
		}
		if b.inAlias == 0 {
			b.aliasAt = r
		}
		b.inAlias++
		n := b.build(y.Alias, depth+1)
		b.inAlias--
		// The alias is written here; its content is written at the anchor.
		c := *n
		c.rng = r
		if k := len(b.ruleUses); k > 0 && b.ruleUses[k-1] == n {
			b.ruleUses[k-1] = &c // where the function is used is here
		}
		return &c
	}
	tag := y.Tag
	if strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!") && tag != "!" {
		fn, ok := shortTags[tag]
		rule := false
		if !ok {
			fn, rule = ruleTags[tag]
			ok = rule
		}
		if !ok {
			end := b.end(y, start, nil)
			r := b.src.span(start, end)
			b.diag(r, "unknown tag "+tag, "CloudFormation does not define the short form "+tag)
			return &node{kind: kBad, tag: "unknown tag " + tag, rng: r}
		}
		inner := b.plain(y, b.skipProps(start), depth)
		tagEnd := start
		for tagEnd < len(b.src.data) && !isSpace(b.src.data[tagEnd]) {
			tagEnd++
		}
		key := &node{kind: kScalar, tag: "!!str", str: fn, rng: b.src.span(start, tagEnd)}
		n := &node{kind: kMap, keys: []*node{key}, vals: []*node{inner},
			rng: graph.Range{File: b.src.file, Start: key.rng.Start, End: inner.rng.End}, fromTag: true}
		if rule {
			b.ruleUses = append(b.ruleUses, n)
		}
		return n
	}
	return b.plain(y, start, depth)
}

// checkRuleTags reports the rule functions written in short form outside
// the Rules section, as unknown tags: CloudFormation defines them nowhere
// else. Such a node stands for an unknown value, as any unknown tag.
func (b *builder) checkRuleTags(root *node) {
	rules := root.get("Rules")
	for _, n := range b.ruleUses {
		if rules != nil && n.rng.Start.Byte >= rules.rng.Start.Byte && n.rng.End.Byte <= rules.rng.End.Byte {
			continue
		}
		tag := "!" + strings.TrimPrefix(n.keys[0].str, "Fn::")
		b.diag(n.rng, "unknown tag "+tag, "CloudFormation defines the short form "+tag+" only in the Rules section")
		*n = node{kind: kBad, tag: "unknown tag " + tag, rng: n.rng}
	}
}

// plain builds y ignoring any short-form tag; start is where its text (or its
// properties) begins.
func (b *builder) plain(y *yaml.Node, start int, depth int) *node {
	switch y.Kind {
	case yaml.ScalarNode:
		tag := y.ShortTag()
		if strings.HasPrefix(y.Tag, "!") && !strings.HasPrefix(y.Tag, "!!") {
			tag = "!!str" // the value of a short-form tag is text
		}
		switch tag {
		case "!!str", "!!int", "!!float", "!!bool", "!!null":
		default:
			tag = "!!str"
		}
		return &node{kind: kScalar, tag: tag, str: y.Value, rng: b.src.span(start, b.end(y, start, nil))}
	case yaml.SequenceNode:
		n := &node{kind: kSeq, items: make([]*node, 0, len(y.Content))}
		for _, c := range y.Content {
			n.items = append(n.items, b.build(c, depth+1))
		}
		var last *node
		if len(n.items) > 0 {
			last = n.items[len(n.items)-1]
		}
		n.rng = b.src.span(b.containerStart(start), b.end(y, start, last))
		if len(n.items) > 0 && y.Style&yaml.FlowStyle == 0 {
			n.rng.End = n.items[len(n.items)-1].rng.End
		}
		return n
	case yaml.MappingNode:
		n := &node{kind: kMap, keys: make([]*node, 0, len(y.Content)/2), vals: make([]*node, 0, len(y.Content)/2)}
		var merges []*node
		var lastBuilt *node // the node of y's last content, whose end is y's content's end
		if len(y.Content)/2 >= indexFrom {
			n.index = make(map[string]int, len(y.Content)/2)
		}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if k.Tag == "!!merge" {
				lastBuilt = b.build(v, depth+1)
				merges = append(merges, lastBuilt)
				continue
			}
			key := b.build(k, depth+1)
			lastBuilt = b.build(v, depth+1)
			if at := b.duplicate(n, key); at >= 0 {
				// The last value is the one deployed, as every parser that
				// accepts the template keeps it.
				n.keys[at], n.vals[at] = key, lastBuilt
				continue
			}
			if _, dup := n.index[key.str]; n.index != nil && !dup {
				n.index[key.str] = len(n.keys)
			}
			n.keys = append(n.keys, key)
			n.vals = append(n.vals, lastBuilt)
		}
		b.merge(n, merges)
		n.reindex()
		n.rng = b.src.span(b.containerStart(start), b.end(y, start, lastBuilt))
		if lastBuilt != nil && y.Style&yaml.FlowStyle == 0 {
			n.rng.End = lastBuilt.rng.End
		}
		return n
	}
	return &node{kind: kBad, tag: "unexpected YAML node", rng: b.src.span(start, start)}
}

// duplicate reports a key written twice in one mapping, at its second
// occurrence, and returns the position of the first, or -1. YAML and JSON
// require the keys of a mapping to differ; the AWS CLI and cfn-lint refuse
// a template that repeats one, and a repeated KMSKeyId is a mistake that
// hides one of the two values. Only scalar keys are compared: the index of
// a large mapping answers unless the first key of that text is not one.
func (b *builder) duplicate(n *node, key *node) int {
	if key.kind != kScalar {
		return -1
	}
	at := -1
	if i, ok := n.index[key.str]; ok && n.keys[i].kind == kScalar {
		at = i
	} else if n.index == nil || ok {
		for i, k := range n.keys {
			if k.kind == kScalar && k.str == key.str {
				at = i
				break
			}
		}
	}
	if at >= 0 {
		first := n.keys[at].rng.Start.Line
		b.diag(key.rng, fmt.Sprintf("key %q is set twice (first on line %d)", key.str, first),
			"a mapping must not repeat a key: the AWS CLI and cfn-lint refuse the template; trailint analyses the last value, the one parsers that accept the template keep")
	}
	return at
}

// merge applies YAML merge keys (<<): entries of the merged mappings that the
// mapping does not set itself.
func (b *builder) merge(n *node, merges []*node) {
	have := map[string]bool{}
	for _, k := range n.keys {
		have[k.str] = true
	}
	var add func(m *node)
	add = func(m *node) {
		switch m.kind {
		case kMap:
			for i, k := range m.keys {
				if !have[k.str] {
					have[k.str] = true
					n.keys = append(n.keys, k)
					n.vals = append(n.vals, m.vals[i])
				}
			}
		case kSeq:
			for _, e := range m.items {
				if e.kind == kMap {
					add(e)
				}
			}
		}
	}
	for _, m := range merges {
		add(m)
	}
}

// containerStart is where a container's first entry (block) or bracket
// (flow) is, after its anchor and tag.
func (b *builder) containerStart(start int) int { return b.skipProps(start) }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// skipProps skips an anchor and a tag (and the space after them) at off.
func (b *builder) skipProps(off int) int {
	d := b.src.data
	for off < len(d) && (d[off] == '!' || d[off] == '&') {
		for off < len(d) && !isSpace(d[off]) {
			off++
		}
		for off < len(d) && isSpace(d[off]) {
			off++
		}
		// A comment between the properties and the value.
		if off < len(d) && d[off] == '#' {
			for off < len(d) && d[off] != '\n' {
				off++
			}
			for off < len(d) && isSpace(d[off]) {
				off++
			}
		}
	}
	return off
}

// end returns the byte offset just after y's text. yaml.v3 gives start
// positions only. last is the node built from y's last content, if any:
// a flow container ends after it, so its end is not scanned again.
func (b *builder) end(y *yaml.Node, start int, last *node) int {
	d := b.src.data
	t := b.skipProps(start)
	if t >= len(d) {
		return len(d)
	}
	switch y.Kind {
	case yaml.SequenceNode, yaml.MappingNode:
		if y.Style&yaml.FlowStyle == 0 {
			return t
		}
		return b.closing(y, t, last)
	}
	switch {
	case y.Style&yaml.DoubleQuotedStyle != 0:
		for i := t + 1; i < len(d); i++ {
			switch d[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return len(d)
	case y.Style&yaml.SingleQuotedStyle != 0:
		for i := t + 1; i < len(d); i++ {
			if d[i] == '\'' {
				if i+1 < len(d) && d[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return len(d)
	case y.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return b.blockEnd(t)
	}
	// A plain scalar is its value's words, as written, separated by spaces
	// and (for multi-line scalars) line breaks.
	end := t
	for v := y.Value; ; {
		v = strings.TrimLeftFunc(v, unicode.IsSpace)
		if v == "" {
			break
		}
		w := v
		if i := strings.IndexFunc(v, unicode.IsSpace); i >= 0 {
			w, v = v[:i], v[i:]
		} else {
			v = ""
		}
		i := bytes.Index(d[end:min(len(d), end+len(w)+4096)], []byte(w))
		if i < 0 {
			break
		}
		end += i + len(w)
	}
	return end
}

// closing finds the bracket that ends a flow container opened at t.
func (b *builder) closing(y *yaml.Node, t int, built *node) int {
	d := b.src.data
	from := t + 1
	if n := len(y.Content); n > 0 {
		last := y.Content[n-1]
		ls := b.startOf(last)
		switch {
		case last.Kind == yaml.AliasNode:
			from = ls + 1 + len(last.Value)
		case built != nil && built.kind != kBad:
			from = built.rng.End.Byte
		default:
			// Cut short by a bound: its range does not say where it ends.
			from = b.end(last, ls, nil)
		}
	}
	for i := from; i < len(d); i++ {
		switch d[i] {
		case ']', '}':
			return i + 1
		case ' ', '\t', '\n', '\r', ',':
		case '#':
			for i < len(d) && d[i] != '\n' {
				i++
			}
		default:
			return from
		}
	}
	return from
}

// blockEnd returns the end of the last non-blank line of a literal or folded
// block scalar whose header starts at t. The block's indentation is that of
// its first non-blank line, as YAML auto-detects it.
func (b *builder) blockEnd(t int) int {
	d := b.src.data
	i := t
	for i < len(d) && d[i] != '\n' {
		i++
	}
	end := i
	indent := -1
	for i < len(d) {
		i++ // past '\n'
		ls := i
		for i < len(d) && d[i] == ' ' {
			i++
		}
		ind := i - ls
		le := i
		for le < len(d) && d[le] != '\n' {
			le++
		}
		content := strings.TrimRight(string(d[i:le]), " \t\r")
		if content == "" {
			i = le
			continue
		}
		if indent < 0 {
			indent = ind
		}
		if ind < indent || indent == 0 {
			break
		}
		end = i + len(content)
		i = le
	}
	return end
}
