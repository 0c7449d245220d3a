package cloudformation

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/trailint/trailint/graph"
)

// template is one parsed template file, before evaluation: evaluation
// happens per stack, since a nested template takes its parent's parameters.
type template struct {
	file       string
	src        *source
	root       *node
	params     *node
	mappings   *node
	conditions *node
	outputs    *node
	resources  []*resDecl
	byName     map[string]*resDecl
	diags      []graph.Diagnostic
	// json is set for a template written in JSON, whose fixes are JSON.
	json bool
	// loops is set when some mapping of the template holds an
	// Fn::ForEach: each stack expands them with its parameters.
	loops bool
}

// resDecl is a resource as declared.
type resDecl struct {
	name string
	key  *node
	body *node
	typ  string
}

// block is the range of the whole declaration, from the logical id on.
func (r *resDecl) block() graph.Range {
	return graph.Range{File: r.key.rng.File, Start: r.key.rng.Start, End: r.body.rng.End}
}

// props is the Properties mapping, or nil.
func (r *resDecl) props() *node { return r.body.get("Properties") }

// looksLikeTemplate is the cheap test run before parsing: every template
// names an AWS type or the format version.
func looksLikeTemplate(data []byte) bool {
	return bytes.Contains(data, []byte("AWS::")) || bytes.Contains(data, []byte("AWSTemplateFormatVersion")) ||
		bytes.Contains(data, []byte("Custom::"))
}

// resourceType is a resource's Type entry, in YAML or JSON.
var resourceType = regexp.MustCompile(`(?m)(^|[\s{,"'])Type["']?\s*:\s*["']?(AWS|Custom)::`)

// sniffTemplate is the stricter test for the head of a file that is not
// read whole: a large YAML or JSON file is more often data that mentions
// AWS types than a template, and only a template is worth a diagnostic.
func sniffTemplate(head []byte) bool {
	if order := utf16Order(head); order != nil {
		head = decodeUTF16(head, order)
	}
	return bytes.Contains(head, []byte("AWSTemplateFormatVersion")) ||
		bytes.Contains(head, []byte("Resources")) && resourceType.Match(head)
}

// utf16Order returns the byte order of a file in UTF-16, told by its
// byte-order mark or, as YAML tells it, by a NUL byte beside its first
// character; nil for any other file.
func utf16Order(data []byte) binaryOrder {
	switch {
	case len(data) < 2:
		return nil
	case data[0] == 0xFF && data[1] == 0xFE:
		if len(data) >= 4 && data[2] == 0 && data[3] == 0 {
			return nil // UTF-32
		}
		return littleEndian{}
	case data[0] == 0xFE && data[1] == 0xFF:
		return bigEndian{}
	case data[0] != 0 && data[1] == 0 && (len(data) < 4 || data[2] != 0 || data[3] != 0):
		return littleEndian{}
	case data[0] == 0 && data[1] != 0:
		return bigEndian{}
	}
	return nil
}

type binaryOrder interface{ unit(b []byte) uint16 }

type littleEndian struct{}

func (littleEndian) unit(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }

type bigEndian struct{}

func (bigEndian) unit(b []byte) uint16 { return uint16(b[1]) | uint16(b[0])<<8 }

// decodeUTF16 decodes the first 64 KiB of a UTF-16 file to UTF-8, enough
// to tell a template.
func decodeUTF16(data []byte, order binaryOrder) []byte {
	data = data[:min(len(data), 64<<10)&^1]
	units := make([]uint16, 0, len(data)/2)
	for i := 0; i+1 < len(data); i += 2 {
		units = append(units, order.unit(data[i:]))
	}
	return []byte(string(utf16.Decode(units)))
}

// fileStart is the first position of a file, where diagnostics about the
// whole file point.
func fileStart(file string) graph.Range {
	return graph.Range{File: file, Start: graph.Pos{Line: 1, Column: 1}, End: graph.Pos{Line: 1, Column: 1}}
}

var errLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parserProblems are the yaml.v3 parser's messages, whose line numbers
// count from 0 where the scanner's count from 1.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'": true, "did not find expected ',' or '}'": true,
	"did not find expected '-' indicator": true, "did not find expected <document start>": true,
	"did not find expected key": true, "did not find expected node content": true,
	"found duplicate %TAG directive": true, "found duplicate %YAML directive": true,
	"found incompatible YAML document": true, "found undefined tag handle": true,
}

// parseTemplate parses a file. It returns nil when the file is not a
// template; a template that does not parse is returned with a diagnostic
// when it looks like one.
func parseTemplate(file string, data []byte) (t *template) {
	if order := utf16Order(data); order != nil {
		// yaml.v3 would read it, but positions count UTF-8 bytes, and the
		// cheap test below would miss it: a template in UTF-16 would be
		// skipped without a word.
		if !looksLikeTemplate(decodeUTF16(data, order)) {
			return nil
		}
		return &template{file: file, diags: []graph.Diagnostic{{Severity: graph.SevError, Class: graph.ClassFile,
			Summary: "template is encoded in UTF-16, which trailint does not read",
			Detail:  "save it as UTF-8 to have it analysed", Range: fileStart(file)}}}
	}
	if !looksLikeTemplate(data) {
		return nil
	}
	src := newSource(file, data)
	t = &template{file: file, src: src, byName: map[string]*resDecl{},
		json: strings.HasPrefix(strings.TrimLeft(strings.TrimPrefix(string(data[:min(len(data), 4096)]), "\ufeff"), " \t\r\n"), "{")}
	y, err := parseNodes(src, t.json)
	if err != nil {
		msg, rng := parseProblem(err, src, t.json)
		t.diags = append(t.diags, graph.Diagnostic{Severity: graph.SevError, Class: graph.ClassFile,
			Summary: "template does not parse: " + msg, Range: rng})
		return t
	}
	b := &builder{src: src}
	root := b.build(y, 0)
	if root != nil {
		b.checkRuleTags(root)
	}
	t.diags = append(t.diags, b.diags...)
	if !isTemplate(root) {
		if len(b.diags) > 0 && looksLikeTemplate(data) && root == nil {
			return t
		}
		return nil
	}
	t.root = root
	if bytes.Contains(data, []byte(loopPrefix)) {
		t.checkLoops(root)
	}
	t.params = root.get("Parameters")
	t.mappings = root.get("Mappings")
	t.conditions = root.get("Conditions")
	t.outputs = root.get("Outputs")
	t.readResources(root.get("Resources"))
	return t
}

// parseNodes parses a file into yaml.v3's node tree: valid JSON by JSON's
// rules, anything else (YAML, and JSON yaml.v3 accepts) by yaml.v3's.
func parseNodes(src *source, isJSON bool) (y *yaml.Node, err error) {
	if isJSON {
		if doc, ok := parseJSON(src); ok {
			return doc, nil
		}
	}
	y = &yaml.Node{}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return y, yaml.Unmarshal(src.data, y)
}

// isTemplate recognises a CloudFormation template among YAML and JSON files.
func isTemplate(root *node) bool {
	if root == nil || root.kind != kMap {
		return false
	}
	if root.get("AWSTemplateFormatVersion") != nil {
		return true
	}
	res := root.get("Resources")
	if res == nil || res.kind != kMap {
		return false
	}
	for i, v := range res.vals {
		if typ, ok := v.get("Type").text(); ok && (strings.HasPrefix(typ, "AWS::") || strings.HasPrefix(typ, "Custom::")) {
			return true
		}
		if isLoop(res.keys[i].str) && (declaresPrefix(v, "AWS::") || declaresPrefix(v, "Custom::")) {
			return true
		}
	}
	return false
}

// parseProblem words a parse error and finds where it is. yaml.v3 names
// the line of syntax errors but not the column, and neither for encoding
// errors, so the offending character is looked for in the text; a JSON
// template's error is placed by encoding/json, which gives its offset.
func parseProblem(err error, src *source, isJSON bool) (string, graph.Range) {
	data := src.data
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	m := errLine.FindStringSubmatch(err.Error())
	if m == nil {
		if from, to, ok := encodingProblem(msg, data); ok {
			return msg, src.span(from, to)
		}
	}
	if isJSON {
		if jmsg, off, ok := jsonProblem(data); ok {
			return jmsg, src.span(off, off+charWidth(data, off))
		}
	}
	line := 1
	if m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimPrefix(err.Error(), m[0])
		if parserProblems[msg] {
			line++ // the parser, unlike the scanner, reports a 0-based line
		}
	}
	line = max(1, min(line, len(src.lines)))
	start, end := src.lineBounds(line)
	if at := culprit(msg, data[start:end]); at >= 0 {
		return msg, src.span(start+at, start+at+charWidth(data, start+at))
	}
	// Point at the first non-blank character of the line.
	for start < end && (data[start] == ' ' || data[start] == '\t') {
		start++
	}
	return msg, src.span(start, end)
}

// culprit finds, on the line a scanner error names, the character it is
// about; -1 when the message names none.
func culprit(msg string, line []byte) int {
	switch msg {
	case "found a tab character that violates indentation":
		return bytes.IndexByte(line, '\t')
	case "found character that cannot start any token":
		// A reserved indicator, or a tab, where a token starts.
		for i, c := range line {
			if (c == '@' || c == '`' || c == '\t') && (i == 0 || bytes.IndexByte([]byte(" \t[{,:-"), line[i-1]) >= 0) {
				return i
			}
		}
	case "did not find expected ',' or ']'", "did not find expected ',' or '}'":
		// The line is the one of the bracket never closed: the last one
		// the line leaves open.
		open, close := byte('['), byte(']')
		if msg[len(msg)-2] == '}' {
			open, close = '{', '}'
		}
		var opened []int
		for i, c := range line {
			switch c {
			case open:
				opened = append(opened, i)
			case close:
				if len(opened) > 0 {
					opened = opened[:len(opened)-1]
				}
			}
		}
		if len(opened) > 0 {
			return opened[len(opened)-1]
		}
	}
	return -1
}

// encodingProblem finds the character an encoding error of yaml.v3's
// reader is about: the first that is not UTF-8, or not allowed in YAML.
func encodingProblem(msg string, data []byte) (int, int, bool) {
	bom := 0
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		bom = 3
	}
	switch {
	case strings.Contains(msg, "UTF-8") || msg == "invalid Unicode character":
		for i := bom; i < len(data); {
			r, w := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && w <= 1 {
				return i, i + 1, true
			}
			i += w
		}
	case msg == "control characters are not allowed":
		for i := bom; i < len(data); {
			r, w := utf8.DecodeRune(data[i:])
			if !yamlPrintable(r) {
				return i, i + w, true
			}
			i += w
		}
	case strings.HasPrefix(msg, "unknown anchor '"):
		name := strings.TrimSuffix(strings.TrimPrefix(msg, "unknown anchor '"), "' referenced")
		for off := 0; ; {
			i := bytes.Index(data[off:], []byte("*"+name))
			if i < 0 {
				break
			}
			i += off
			end := i + 1 + len(name)
			if end == len(data) || bytes.IndexByte([]byte(" \t\r\n,]}"), data[end]) >= 0 {
				return i, end, true
			}
			off = i + 1
		}
	}
	return 0, 0, false
}

// yamlPrintable is the character set YAML allows in a stream.
func yamlPrintable(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0x7E || r == 0x85 ||
		r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// jsonProblem is encoding/json's account of a JSON template that does not
// parse: its message and the offset of the offending character.
func jsonProblem(data []byte) (string, int, bool) {
	bom := 0
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		bom = 3
	}
	var raw json.RawMessage
	err := json.Unmarshal(data[bom:], &raw)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return "", 0, false
	}
	// Offset counts the bytes read, the offending one included.
	off := bom + max(0, int(se.Offset)-1)
	if se.Offset >= int64(len(data)-bom) && strings.Contains(se.Error(), "end of JSON input") {
		off = len(data)
	}
	return se.Error(), min(off, len(data)), true
}

// charWidth is the byte length of the character at off, 0 at the end.
func charWidth(data []byte, off int) int {
	if off >= len(data) {
		return 0
	}
	_, w := utf8.DecodeRune(data[off:])
	return w
}

func (t *template) diag(r graph.Range, summary string) {
	t.diags = append(t.diags, graph.Diagnostic{Severity: graph.SevError, Class: graph.ClassFile, Summary: summary, Range: r})
}

func (t *template) readResources(res *node) {
	if res == nil {
		return
	}
	if res.kind != kMap {
		t.diag(res.rng, "Resources is not a mapping")
		return
	}
	for i, k := range res.keys {
		body := res.vals[i]
		if isLoop(k.str) {
			continue // expanded per stack, with its parameters
		}
		if body.kind != kMap {
			t.diag(body.rng, "resource "+k.str+" is not a mapping")
			continue
		}
		typ, ok := body.get("Type").text()
		if !ok {
			t.diag(k.rng, "resource "+k.str+" has no Type")
			continue
		}
		r := &resDecl{name: k.str, key: k, body: body, typ: typ}
		t.resources = append(t.resources, r)
		t.byName[k.str] = r
	}
}
