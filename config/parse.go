package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/internal/partition"
)

// Error is a mistake in a settings file, at the line and column it starts.
type Error struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// parser walks the YAML nodes itself rather than decoding into structs, so
// that every mistake names its key and line, and all of them are reported
// at once.
type parser struct {
	file string
	dir  string
	errs []error
}

func (p *parser) errorf(n *yaml.Node, format string, a ...any) {
	p.errs = append(p.errs, &Error{File: p.file, Line: n.Line, Column: n.Column, Msg: fmt.Sprintf(format, a...)})
}

// Parse reads settings from data; name is the file's path relative to the
// scan root, used in messages and to resolve the paths in it.
func Parse(name string, data []byte) (*Config, error) {
	c := &Config{File: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &Error{File: name, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return c, nil
	}
	p := &parser{file: name, dir: path.Dir(name)}
	top := deref(doc.Content[0])
	if isNull(top) {
		return c, nil
	}
	p.mapping(top, "", topKeys, func(kn, v *yaml.Node) {
		switch key := kn.Value; key {
		case "disable":
			c.Disable = p.ruleList(v, key)
		case "severity":
			c.Severity = p.severities(v)
		case "region":
			c.Region = p.region(v)
		case "fail_on":
			c.FailOn = p.failOn(v)
		case "exclude":
			c.Exclude = p.patterns(v, key)
		case "terraform":
			p.mapping(v, key, terraformKeys, func(kn, v *yaml.Node) {
				switch k := kn.Value; k {
				case "var_files":
					c.Terraform.VarFiles = p.paths(v, key+"."+k)
				case "vars":
					c.Terraform.Vars = p.values(v, key+"."+k)
				}
			})
		case "cloudformation":
			p.mapping(v, key, cloudFormationKeys, func(kn, v *yaml.Node) {
				switch k := kn.Value; k {
				case "parameter_files":
					c.CloudFormation.ParameterFiles = p.paths(v, key+"."+k)
				case "parameters":
					c.CloudFormation.Parameters = p.values(v, key+"."+k)
				case "stack_names":
					c.CloudFormation.StackNames = p.stackNames(v, key+"."+k)
				}
			})
		}
	})
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return c, nil
}

var (
	topKeys            = []string{"disable", "severity", "region", "fail_on", "exclude", "terraform", "cloudformation"}
	terraformKeys      = []string{"var_files", "vars"}
	cloudFormationKeys = []string{"parameter_files", "parameters", "stack_names"}
)

// mapping calls each for every key of n, in file order, after checking the
// key is known (when known is not nil) and not repeated.
func (p *parser) mapping(n *yaml.Node, where string, known []string, each func(*yaml.Node, *yaml.Node)) {
	if !p.kind(n, where, yaml.MappingNode) {
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "%skeys must be plain names", in(where))
			continue
		}
		if line, dup := seen[k.Value]; dup {
			p.errorf(k, "%skey %q is set twice (first on line %d)", in(where), k.Value, line)
			continue
		}
		seen[k.Value] = k.Line
		if known != nil && !contains(known, k.Value) {
			p.errorf(k, "unknown key %q%s (known keys: %s)", k.Value, inKey(where), strings.Join(known, ", "))
			continue
		}
		each(k, v)
	}
}

func in(where string) string {
	if where == "" {
		return ""
	}
	return where + ": "
}

func inKey(where string) string {
	if where == "" {
		return ""
	}
	return " in " + where
}

// kind checks n's kind and reports what was found instead.
func (p *parser) kind(n *yaml.Node, where string, want yaml.Kind) bool {
	if n.Kind == want && !(want == yaml.ScalarNode && isNull(n)) {
		return true
	}
	p.errorf(n, "%swant %s, got %s", in(where), kindName(want, nil), kindName(n.Kind, n))
	return false
}

func kindName(k yaml.Kind, n *yaml.Node) string {
	switch k {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n != nil && isNull(n) {
			return "nothing"
		}
		if n != nil && n.Tag != "!!str" {
			return fmt.Sprintf("%s (%s)", strings.TrimPrefix(n.Tag, "!!"), n.Value)
		}
		return "a string"
	}
	return "an unsupported value"
}

func (p *parser) str(n *yaml.Node, where string) string {
	if !p.kind(n, where, yaml.ScalarNode) {
		return ""
	}
	if n.Tag != "!!str" {
		p.errorf(n, "%swant a string, got %s", in(where), kindName(n.Kind, n))
		return ""
	}
	return n.Value
}

func (p *parser) strs(n *yaml.Node, where string) []*yaml.Node {
	if !p.kind(n, where, yaml.SequenceNode) {
		return nil
	}
	var out []*yaml.Node
	for _, e := range n.Content {
		e = deref(e)
		if p.str(e, where) != "" {
			out = append(out, e)
		}
	}
	return out
}

func (p *parser) rule(n *yaml.Node, where, id string) string {
	a := rules.Lookup(id)
	if a == nil {
		p.errorf(n, "%sno rule %q (trailint rules lists them)", in(where), id)
		return ""
	}
	return a.Name
}

func (p *parser) ruleList(n *yaml.Node, where string) []string {
	var out []string
	for _, e := range p.strs(n, where) {
		if id := p.rule(e, where, e.Value); id != "" && !contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func (p *parser) severities(n *yaml.Node) map[string]analyzers.Severity {
	out := map[string]analyzers.Severity{}
	p.mapping(n, "severity", nil, func(kn, v *yaml.Node) {
		k := kn.Value
		id := p.rule(kn, "severity", k)
		lv, err := analyzers.ParseSeverity(p.str(v, "severity: "+k))
		switch {
		case id == "" || v.Kind != yaml.ScalarNode || v.Tag != "!!str":
		case err != nil:
			p.errorf(v, "severity: %s: %v", k, err)
		default:
			out[id] = lv
		}
	})
	return out
}

func (p *parser) failOn(n *yaml.Node) string {
	s := p.str(n, "fail_on")
	if s == "" || s == "never" {
		return s
	}
	if _, err := analyzers.ParseSeverity(s); err != nil {
		p.errorf(n, "fail_on: unknown level %q (want error, warning, note or never)", s)
		return ""
	}
	return s
}

// region is a known region: a typo would silently leave every region
// unknown.
func (p *parser) region(n *yaml.Node) string {
	s := p.str(n, "region")
	if s == "" {
		return ""
	}
	if err := partition.Check(s); err != nil {
		p.errorf(n, "region: %v", err)
		return ""
	}
	return s
}

func (p *parser) paths(n *yaml.Node, where string) []string {
	var out []string
	for _, e := range p.strs(n, where) {
		j, err := inside(p.dir, e.Value)
		if err != nil {
			p.errorf(e, "%s%v", in(where), err)
			continue
		}
		out = append(out, j)
	}
	return out
}

// patterns are joined to the file's directory like paths, so that a
// settings file in a subdirectory excludes inside that subdirectory.
func (p *parser) patterns(n *yaml.Node, where string) []string {
	var out []string
	for _, e := range p.strs(n, where) {
		j, err := inside(p.dir, strings.TrimSuffix(e.Value, "/"))
		if err == nil {
			_, err = path.Match(j, "")
		}
		if err != nil {
			p.errorf(e, "%s%v", in(where), err)
			continue
		}
		out = append(out, j)
	}
	return out
}

// values reads name: value pairs. Scalars keep their text, as --var would
// get it; lists and mappings become JSON, which HCL also reads.
func (p *parser) values(n *yaml.Node, where string) map[string]string {
	out := map[string]string{}
	p.mapping(n, where, nil, func(kn, v *yaml.Node) {
		k := kn.Value
		switch {
		case isNull(v):
			p.errorf(v, "%s: %s: want a value, got nothing", where, k)
		case v.Kind == yaml.ScalarNode:
			out[k] = v.Value
		default:
			var x any
			if err := v.Decode(&x); err != nil {
				p.errorf(v, "%s: %s: %v", where, k, err)
				return
			}
			b, err := json.Marshal(x)
			if err != nil {
				p.errorf(v, "%s: %s: %v", where, k, err)
				return
			}
			out[k] = string(b)
		}
	})
	return out
}

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

// stackNames reads template: name pairs; templates are paths like the
// others, joined to the settings file's directory.
func (p *parser) stackNames(n *yaml.Node, where string) map[string]string {
	out := map[string]string{}
	p.mapping(n, where, nil, func(kn, v *yaml.Node) {
		file, err := inside(p.dir, kn.Value)
		switch {
		case err != nil:
			p.errorf(kn, "%s%v", in(where), err)
		case v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "":
			p.errorf(v, "%s: %s: want a stack name", where, kn.Value)
		default:
			out[file] = v.Value
		}
	})
	return out
}
