package cloudformation

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// maxJSONDepth bounds the nesting the JSON reader follows, as yaml.v3
// bounds its own; deeper documents are left to yaml.v3, which refuses
// them with its message.
const maxJSONDepth = 10000

// parseJSON reads a template written in JSON by JSON's rules, into the
// node tree yaml.v3 would make of it, positioned alike. YAML is meant to
// be a superset of JSON, but yaml.v3 refuses some valid JSON: the escape
// \/ (which JSON encoders write in URLs and policy ARNs) and escaped
// surrogate pairs. ok is false when data is not valid JSON, which is then
// read as YAML: what yaml.v3 accepts is still accepted, and what it
// refuses is reported as before.
func parseJSON(src *source) (*yaml.Node, bool) {
	p := &jsonReader{src: src, d: src.data}
	if bytes.HasPrefix(p.d, []byte("\xEF\xBB\xBF")) {
		p.i = 3
	}
	root, ok := p.value(0)
	if !ok {
		return nil, false
	}
	p.space()
	if p.i != len(p.d) {
		return nil, false
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Line: root.Line, Column: root.Column, Content: []*yaml.Node{root}}, true
}

type jsonReader struct {
	src *source
	d   []byte
	i   int
}

func (p *jsonReader) space() {
	for p.i < len(p.d) {
		switch p.d[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// node starts a node at the current offset, positioned as yaml.v3
// positions it: line and column in characters, as the source counts them.
func (p *jsonReader) node(kind yaml.Kind, tag string, style yaml.Style) *yaml.Node {
	at := p.src.pos(p.i)
	return &yaml.Node{Kind: kind, Tag: tag, Style: style, Line: at.Line, Column: at.Column}
}

func (p *jsonReader) value(depth int) (*yaml.Node, bool) {
	p.space()
	if p.i >= len(p.d) || depth > maxJSONDepth {
		return nil, false
	}
	switch p.d[p.i] {
	case '{':
		n := p.node(yaml.MappingNode, "!!map", yaml.FlowStyle)
		p.i++
		p.space()
		if p.i < len(p.d) && p.d[p.i] == '}' {
			p.i++
			return n, true
		}
		for {
			p.space()
			if p.i >= len(p.d) || p.d[p.i] != '"' {
				return nil, false
			}
			k, ok := p.str()
			if !ok {
				return nil, false
			}
			p.space()
			if p.i >= len(p.d) || p.d[p.i] != ':' {
				return nil, false
			}
			p.i++
			v, ok := p.value(depth + 1)
			if !ok {
				return nil, false
			}
			n.Content = append(n.Content, k, v)
			if more, ok := p.next('}'); !more {
				return n, ok
			}
		}
	case '[':
		n := p.node(yaml.SequenceNode, "!!seq", yaml.FlowStyle)
		p.i++
		p.space()
		if p.i < len(p.d) && p.d[p.i] == ']' {
			p.i++
			return n, true
		}
		for {
			v, ok := p.value(depth + 1)
			if !ok {
				return nil, false
			}
			n.Content = append(n.Content, v)
			if more, ok := p.next(']'); !more {
				return n, ok
			}
		}
	case '"':
		return p.str()
	case 't':
		return p.literal("true", "!!bool")
	case 'f':
		return p.literal("false", "!!bool")
	case 'n':
		return p.literal("null", "!!null")
	}
	return p.number()
}

// next reads what follows an entry: a comma (more entries follow) or the
// closing bracket; ok is false on anything else.
func (p *jsonReader) next(closing byte) (more, ok bool) {
	p.space()
	if p.i >= len(p.d) {
		return false, false
	}
	c := p.d[p.i]
	p.i++
	return c == ',', c == ',' || c == closing
}

// str reads a string by JSON's rules: its escapes, surrogate pairs
// included, and no raw control character. Text that is not UTF-8 is left
// to yaml.v3, which reports where.
func (p *jsonReader) str() (*yaml.Node, bool) {
	n := p.node(yaml.ScalarNode, "!!str", yaml.DoubleQuotedStyle)
	start := p.i
	escaped := false
	for p.i++; p.i < len(p.d); p.i++ {
		switch p.d[p.i] {
		case '\\':
			escaped = true
			p.i++
		case '"':
			p.i++
			raw := p.d[start:p.i]
			if !utf8.Valid(raw) {
				return nil, false
			}
			if !escaped {
				for _, b := range raw {
					if b < 0x20 {
						return nil, false
					}
				}
				n.Value = string(raw[1 : len(raw)-1])
				return n, true
			}
			if err := json.Unmarshal(raw, &n.Value); err != nil {
				return nil, false
			}
			return n, true
		}
	}
	return nil, false
}

func (p *jsonReader) literal(word, tag string) (*yaml.Node, bool) {
	if !bytes.HasPrefix(p.d[p.i:], []byte(word)) {
		return nil, false
	}
	n := p.node(yaml.ScalarNode, tag, 0)
	n.Value = word
	p.i += len(word)
	return n, true
}

// number reads a number by JSON's grammar; its text is kept as written.
func (p *jsonReader) number() (*yaml.Node, bool) {
	n := p.node(yaml.ScalarNode, "!!int", 0)
	start := p.i
	digits := func() bool {
		from := p.i
		for p.i < len(p.d) && p.d[p.i] >= '0' && p.d[p.i] <= '9' {
			p.i++
		}
		return p.i > from
	}
	if p.i < len(p.d) && p.d[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.d) && p.d[p.i] == '0':
		p.i++
	case !digits():
		return nil, false
	}
	if p.i < len(p.d) && p.d[p.i] == '.' {
		p.i++
		n.Tag = "!!float"
		if !digits() {
			return nil, false
		}
	}
	if p.i < len(p.d) && (p.d[p.i] == 'e' || p.d[p.i] == 'E') {
		p.i++
		n.Tag = "!!float"
		if p.i < len(p.d) && (p.d[p.i] == '+' || p.d[p.i] == '-') {
			p.i++
		}
		if !digits() {
			return nil, false
		}
	}
	n.Value = string(p.d[start:p.i])
	return n, true
}
