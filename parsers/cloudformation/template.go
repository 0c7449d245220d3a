package cloudformation

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

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
	if !looksLikeTemplate(data) {
		return nil
	}
	src := newSource(file, data)
	t = &template{file: file, src: src, byName: map[string]*resDecl{},
		json: strings.HasPrefix(strings.TrimLeft(strings.TrimPrefix(string(data[:min(len(data), 4096)]), "\ufeff"), " \t\r\n"), "{")}
	var y yaml.Node
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%v", r)
			}
		}()
		return yaml.Unmarshal(data, &y)
	}()
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 1
		if m := errLine.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = strings.TrimPrefix(err.Error(), m[0])
			if parserProblems[msg] {
				line++ // the parser, unlike the scanner, reports a 0-based line
			}
		}
		line = max(1, min(line, len(src.lines)))
		start, end := src.lineBounds(line)
		// Point at the first non-blank character of the line.
		for start < end && (data[start] == ' ' || data[start] == '\t') {
			start++
		}
		t.diags = append(t.diags, graph.Diagnostic{Severity: graph.SevError,
			Summary: "template does not parse: " + msg, Range: src.span(start, end)})
		return t
	}
	b := &builder{src: src}
	root := b.build(&y, 0)
	t.diags = append(t.diags, b.diags...)
	if !isTemplate(root) {
		if len(b.diags) > 0 && looksLikeTemplate(data) && root == nil {
			return t
		}
		return nil
	}
	t.root = root
	t.params = root.get("Parameters")
	t.mappings = root.get("Mappings")
	t.conditions = root.get("Conditions")
	t.outputs = root.get("Outputs")
	t.readResources(root.get("Resources"))
	return t
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
	for _, v := range res.vals {
		if typ, ok := v.get("Type").text(); ok && (strings.HasPrefix(typ, "AWS::") || strings.HasPrefix(typ, "Custom::")) {
			return true
		}
	}
	return false
}

func (t *template) diag(r graph.Range, summary string) {
	t.diags = append(t.diags, graph.Diagnostic{Severity: graph.SevError, Summary: summary, Range: r})
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
		if body.kind != kMap {
			t.diag(body.rng, "resource "+k.str+" is not a mapping")
			continue
		}
		typ, ok := body.get("Type").text()
		if !ok {
			t.diag(k.rng, "resource "+k.str+" has no Type")
			continue
		}
		if _, dup := t.byName[k.str]; dup {
			t.diag(k.rng, "resource "+k.str+" is declared twice")
			continue
		}
		r := &resDecl{name: k.str, key: k, body: body, typ: typ}
		t.resources = append(t.resources, r)
		t.byName[k.str] = r
	}
}
