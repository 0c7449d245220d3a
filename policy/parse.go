package policy

import (
	"fmt"
	"strings"

	"github.com/trailint/trailint/graph"
)

// Parse reads a policy document written as a structure (a CloudFormation
// KeyPolicy, a Terraform object the loader kept) or as JSON text. It
// returns nil and no diagnostic when the document cannot be known
// statically (see Unknown) or is absent; otherwise the document and the
// problems that AWS would reject it for, reading as much as it can.
func Parse(v *graph.Value) (*Document, []graph.Diagnostic) {
	if v.IsNull() {
		return nil, nil
	}
	if _, ok := Unknown(v); ok {
		return nil, nil
	}
	p := &parser{}
	if v.Type == graph.String {
		if strings.TrimSpace(v.Str) == "" {
			p.errorf(v.Range, "policy document is empty")
			return nil, p.diags
		}
		tree, err := graph.FromJSON(v.Str, v.Range)
		if err != nil {
			p.errorf(v.Range, "policy document is not valid JSON: %v", err)
			return nil, p.diags
		}
		v = tree
	}
	return p.document(v), p.diags
}

// Unknown reports whether v is a policy that cannot be read statically, and
// says what would decide it. An absent or null value is not unknown: it
// means no policy (for a key, the default key policy).
func Unknown(v *graph.Value) (why string, ok bool) {
	if v.IsNull() {
		return "", false
	}
	switch v.Type {
	case graph.Unknown:
		return orDefault(v.Why, "the policy cannot be known statically"), true
	case graph.OneOf:
		return "the policy is one of several documents (" + orDefault(v.Describe(), "chosen by a condition") + ")", true
	case graph.String:
		if h, whole := graph.WholeHole(v.Str); whole {
			return orDefault(v.Why, h.Origin), true
		}
		if graph.HasHoles(v.Str) {
			// Holes inside JSON string literals leave the document
			// readable; a hole elsewhere (a whole list spliced in) does not.
			if _, err := graph.FromJSON(v.Str, v.Range); err != nil {
				return "the policy text depends on " + strings.Join(graph.Origins(v.Str), ", "), true
			}
		}
	}
	return "", false
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

type parser struct {
	diags []graph.Diagnostic
}

func (p *parser) errorf(r graph.Range, format string, args ...any) {
	p.diags = append(p.diags, graph.Diagnostic{
		Severity: graph.SevError,
		Summary:  fmt.Sprintf(format, args...),
		Range:    r,
	})
}

// known checks a field name against the element names allowed at its level;
// AWS matches them case-sensitively.
func (p *parser) known(f *graph.Field, names []string, where string) bool {
	for _, n := range names {
		if f.Name == n {
			return true
		}
	}
	for _, n := range names {
		if strings.EqualFold(f.Name, n) {
			p.errorf(f.NameRange, "%s element %q must be spelled %q; AWS rejects the document", where, f.Name, n)
			return false
		}
	}
	p.errorf(f.NameRange, "%q is not a %s element; AWS rejects the document", f.Name, where)
	return false
}

var (
	documentElements  = []string{"Version", "Id", "Statement"}
	statementElements = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
)

func (p *parser) document(v *graph.Value) *Document {
	d := &Document{Range: v.Range}
	if v.Type != graph.Map {
		p.errorf(v.Range, "policy document must be an object, not %s", describeType(v))
		return d
	}
	for i := range v.Fields {
		f := &v.Fields[i]
		if !p.known(f, documentElements, "policy") {
			continue
		}
		switch f.Name {
		case "Version":
			if s, ok := p.str(f.Value, "Version"); ok {
				d.Version = s
				if !graph.HasHoles(s) && s != "2012-10-17" && s != "2008-10-17" {
					p.errorf(f.Value.Range, "policy Version must be \"2012-10-17\" or \"2008-10-17\", not %q", s)
				}
			}
		case "Statement":
			p.statements(d, f.Value)
		}
	}
	return d
}

func (p *parser) statements(d *Document, v *graph.Value) {
	add := func(e *graph.Value) {
		s := p.statement(e, len(d.Statements))
		d.Statements = append(d.Statements, s)
	}
	switch v.Type {
	case graph.List:
		for _, e := range v.List {
			add(e)
		}
	case graph.Map, graph.Unknown, graph.OneOf:
		add(v)
	default:
		p.errorf(v.Range, "policy Statement must be a list or an object, not %s", describeType(v))
	}
}

func (p *parser) statement(v *graph.Value, index int) *Statement {
	s := &Statement{Index: index, Range: v.Range}
	switch v.Type {
	case graph.Map:
	case graph.Unknown, graph.OneOf:
		s.Effect = EffectUnknown
		s.Why = orDefault(v.Describe(), "the statement cannot be known statically")
		return s
	default:
		p.errorf(v.Range, "policy statement must be an object, not %s", describeType(v))
		return s
	}
	var hasEffect bool
	for i := range v.Fields {
		f := &v.Fields[i]
		if !p.known(f, statementElements, "statement") {
			continue
		}
		switch f.Name {
		case "Sid":
			s.Sid, _ = p.str(f.Value, "Sid")
		case "Effect":
			hasEffect = true
			s.Effect = p.effect(f.Value)
		case "Principal":
			s.Principal = p.principals(f.Value, "Principal")
		case "NotPrincipal":
			s.NotPrincipal = p.principals(f.Value, "NotPrincipal")
		case "Action":
			s.Action = p.patterns(f.Value, "Action")
		case "NotAction":
			s.NotAction = p.patterns(f.Value, "NotAction")
		case "Resource":
			s.Resource = p.patterns(f.Value, "Resource")
		case "NotResource":
			s.NotResource = p.patterns(f.Value, "NotResource")
		case "Condition":
			s.Conditions = append(s.Conditions, p.conditions(f.Value)...)
		}
	}
	if !hasEffect {
		p.errorf(v.Range, "policy %s has no Effect", quoteLabel(s))
	}
	if s.Principal != nil && s.NotPrincipal != nil {
		p.errorf(v.Range, "policy %s has both Principal and NotPrincipal", quoteLabel(s))
	}
	switch {
	case s.Action != nil && s.NotAction != nil:
		p.errorf(v.Range, "policy %s has both Action and NotAction", quoteLabel(s))
	case s.Action == nil && s.NotAction == nil:
		p.errorf(v.Range, "policy %s has neither Action nor NotAction", quoteLabel(s))
	}
	if s.Resource != nil && s.NotResource != nil {
		p.errorf(v.Range, "policy %s has both Resource and NotResource", quoteLabel(s))
	}
	return s
}

func (p *parser) effect(v *graph.Value) Effect {
	switch v.Type {
	case graph.Unknown, graph.OneOf:
		return EffectUnknown
	case graph.String:
		switch {
		case v.Str == "Allow":
			return Allow
		case v.Str == "Deny":
			return Deny
		case graph.HasHoles(v.Str):
			return EffectUnknown
		}
		p.errorf(v.Range, "policy Effect must be \"Allow\" or \"Deny\", not %q", v.Str)
		return EffectNone
	}
	p.errorf(v.Range, "policy Effect must be \"Allow\" or \"Deny\", not %s", describeType(v))
	return EffectNone
}

// str reads a string element. Unknown values become a whole hole, so that
// they take part in matching as "anything".
func (p *parser) str(v *graph.Value, what string) (string, bool) {
	if s, ok := scalar(v); ok {
		return s, true
	}
	p.errorf(v.Range, "policy %s must be a string, not %s", what, describeType(v))
	return "", false
}

// scalar renders a string, number, bool or unknown value as text.
func scalar(v *graph.Value) (string, bool) {
	if s, ok := v.ScalarText(); ok {
		return s, true
	}
	switch v.Type {
	case graph.Unknown, graph.OneOf:
		return graph.Hole(graph.DomainAny, orDefault(v.Describe(), "an unknown value")), true
	}
	return "", false
}

// strs reads a string or a list of strings, keeping each entry's range.
func (p *parser) strs(v *graph.Value, what string) []Pattern {
	out := []Pattern{}
	one := func(e *graph.Value) {
		if s, ok := scalar(e); ok {
			out = append(out, Pattern{Text: s, Range: e.Range})
			return
		}
		p.errorf(e.Range, "policy %s must be a string or a list of strings, not %s", what, describeType(e))
	}
	if v.Type == graph.List {
		for _, e := range v.List {
			one(e)
		}
		return out
	}
	one(v)
	return out
}

func (p *parser) patterns(v *graph.Value, what string) []Pattern { return p.strs(v, what) }

func (p *parser) principals(v *graph.Value, what string) *Principals {
	ps := &Principals{Range: v.Range}
	switch v.Type {
	case graph.Unknown, graph.OneOf:
		ps.Why = orDefault(v.Describe(), "the "+what+" cannot be known statically")
		return ps
	case graph.String:
		if v.Str == "*" {
			ps.All = true
			return ps
		}
		if h, ok := graph.WholeHole(v.Str); ok {
			ps.Why = h.Origin
			return ps
		}
		p.errorf(v.Range, "policy %s must be \"*\" or an object such as {\"AWS\": ...}, not %q", what, graph.Display(v.Str))
		ps.AWS = []string{v.Str}
		return ps
	case graph.Map:
	default:
		p.errorf(v.Range, "policy %s must be \"*\" or an object, not %s", what, describeType(v))
		ps.Why = "invalid " + what
		return ps
	}
	for i := range v.Fields {
		f := &v.Fields[i]
		entries := texts(p.strs(f.Value, what+" "+f.Name))
		switch f.Name {
		case "AWS":
			ps.AWS = append(ps.AWS, entries...)
		case "Service":
			ps.Service = append(ps.Service, entries...)
		case "Federated":
			ps.Federated = append(ps.Federated, entries...)
		case "CanonicalUser":
			ps.CanonicalUser = append(ps.CanonicalUser, entries...)
		default:
			p.errorf(f.NameRange, "policy %s type %q is not AWS, Service, Federated or CanonicalUser", what, f.Name)
		}
	}
	return ps
}

func (p *parser) conditions(v *graph.Value) []Condition {
	switch v.Type {
	case graph.Unknown, graph.OneOf:
		return []Condition{{Range: v.Range, Why: orDefault(v.Describe(), "the Condition cannot be known statically")}}
	case graph.Map:
	default:
		p.errorf(v.Range, "policy Condition must be an object, not %s", describeType(v))
		return nil
	}
	var out []Condition
	for i := range v.Fields {
		op := &v.Fields[i]
		parsed := parseOperator(op.Name)
		if parsed.base == opUnknown {
			p.errorf(op.NameRange, "condition operator %q is not one AWS knows", op.Name)
		}
		block := op.Value
		switch block.Type {
		case graph.Unknown, graph.OneOf:
			out = append(out, Condition{Operator: op.Name, Range: span(op.NameRange, block.Range), op: parsed,
				Why: orDefault(block.Describe(), "the condition cannot be known statically")})
			continue
		case graph.Map:
		default:
			p.errorf(block.Range, "condition %s must map condition keys to values, not %s", op.Name, describeType(block))
			continue
		}
		for j := range block.Fields {
			k := &block.Fields[j]
			c := Condition{Operator: op.Name, Key: k.Name, Range: span(k.NameRange, k.Value.Range), op: parsed}
			c.Values = texts(p.strs(k.Value, "condition value of "+k.Name))
			if parsed.base == opNull {
				for _, val := range c.Values {
					if l := strings.ToLower(val); l != "true" && l != "false" && !graph.HasHoles(val) {
						p.errorf(k.Value.Range, "condition Null %s must be \"true\" or \"false\", not %q", k.Name, val)
					}
				}
			}
			out = append(out, c)
		}
	}
	return out
}

// span covers from the start of a to the end of b when both are in one
// file, so that a finding on a condition underlines `"key": value`.
func span(a, b graph.Range) graph.Range {
	if a.IsZero() || a.File != b.File || b.Less(a) {
		return b
	}
	return graph.Range{File: a.File, Start: a.Start, End: b.End}
}

func describeType(v *graph.Value) string {
	switch v.Type {
	case graph.Map:
		return "an object"
	case graph.List:
		return "a list"
	case graph.Null:
		return "null"
	case graph.String:
		return "a string"
	case graph.Number:
		return "a number"
	case graph.Bool:
		return "a bool"
	}
	return "an unknown value"
}
