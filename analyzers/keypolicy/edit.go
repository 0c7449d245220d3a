package keypolicy

import (
	"slices"
	"strings"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/fix"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/policy"
)

// A fix is also given as edits where the policy's text can be found from
// the ranges the loaders record: a statement block is added before the
// policy document's closing brace, a statement after the last one of a
// jsonencode(), template or YAML list, a whole policy as the key's last
// property. JSON text (a heredoc, a file) is read from a string whose
// positions the loaders do not keep, and gets no edits.

// anchors are where m's statements, and the data sources they need, go in
// c's policy.
func anchors(c *check, m *fixModel) (at, decl *fix.Anchor) {
	var a fix.Anchor
	var ok bool
	switch m.kind {
	case wholePolicy:
		a, ok = fix.PropertyAnchor(c.key)
	case addStatements:
		a, ok = statementAnchor(c, m.form)
	}
	if !ok {
		return nil, nil
	}
	return &a, declAnchor(c)
}

// statementAnchor is where statements are added to c's policy: before the
// closing brace of its policy document, or after its last statement.
func statementAnchor(c *check, form graph.Form) (fix.Anchor, bool) {
	if c.pol.Attr == nil {
		return fix.Anchor{}, false
	}
	switch form {
	case graph.FormPolicyDocument:
		if len(c.pol.Sources) != 1 {
			return fix.Anchor{}, false // merged from several documents: which one is the user's to say
		}
		return fix.BeforeClose(c.pol.Sources[0].Block)
	case fix.HCL, graph.FormTemplateJSON, graph.FormYAML:
	default:
		return fix.Anchor{}, false
	}
	v, ok := literalList(c)
	if !ok {
		return fix.Anchor{}, false
	}
	last := v.List[len(v.List)-1].Range
	if form == graph.FormYAML {
		if first := v.List[0].Range; first.Start.Column != last.Start.Column || first.Start.Line == v.Range.Start.Line && first.Start.Column-v.Range.Start.Column != 2 {
			return fix.Anchor{}, false // not a block list of mappings
		}
		return fix.After(last, "", 2)
	}
	return fix.After(last, ",", 0)
}

// literalList is the Statement list of c's policy when its statements are
// written in it one after the other: a list built by concat() or a for
// expression has no place for one more, and no statement of its own to
// replace.
func literalList(c *check) (*graph.Value, bool) {
	v := c.pol.Attr.Value
	if v != nil && v.Type == graph.Map {
		v = v.Get("Statement")
	}
	if v == nil || v.Type != graph.List || len(v.List) == 0 {
		return nil, false
	}
	prev := graph.Range{}
	for _, e := range v.List {
		r := e.Range
		if r.IsZero() || r == v.Range || r.File != v.Range.File || !v.Range.Contains(r) || !prev.IsZero() && !prev.Less(r) {
			return nil, false
		}
		prev = r
	}
	return v, true
}

// replaceAnchor is where a statement replaces s: its range, where that
// holds s alone. A statement block of a policy document spans lines of
// its own; one that a source document or a dynamic block gave shares its
// range with others, or lies on the line of an argument.
func replaceAnchor(c *check, form graph.Form, s *policy.Statement) (fix.Anchor, bool) {
	r := s.Range
	switch form {
	case graph.FormPolicyDocument:
		if len(c.pol.Sources) != 1 || !c.pol.Sources[0].Block.Contains(r) || r == c.pol.Sources[0].Block || r.Start.Line == r.End.Line {
			return fix.Anchor{}, false
		}
		for _, o := range c.pol.Doc.Statements {
			if o != s && o.Range == r {
				return fix.Anchor{}, false
			}
		}
		return fix.At(r)
	case fix.HCL, graph.FormTemplateJSON, graph.FormYAML:
		if c.pol.Attr == nil {
			return fix.Anchor{}, false
		}
		list, ok := literalList(c)
		if !ok || !slices.ContainsFunc(list.List, func(e *graph.Value) bool { return e.Range == r }) {
			return fix.Anchor{}, false
		}
		return fix.At(r)
	}
	return fix.Anchor{}, false
}

// declAnchor is where data sources are declared in the key's module: above
// the key's block.
func declAnchor(c *check) *fix.Anchor {
	h := c.key.Header
	if c.key.Format != graph.Terraform || h.IsZero() || h.Start.Column != 1 {
		return nil
	}
	return &fix.Anchor{Range: graph.Range{File: h.File, Start: h.Start, End: h.Start}, After: "\n\n"}
}

// edits writes m as edits: none when it holds blanks the user fills in,
// or when it cannot be placed.
func (m *fixModel) edits() []analyzers.Edit {
	if m.anchor == nil || len(m.notes.blanks) > 0 || m.notes.placeholder || len(m.stmts) == 0 {
		return nil
	}
	var text string
	switch m.kind {
	case wholePolicy:
		text = fix.Policy(m.form, m.stmts)
	case addStatements:
		parts := make([]string, len(m.stmts))
		for i, s := range m.stmts {
			parts[i] = element(m.form, s)
		}
		sep := "\n"
		if m.form == fix.HCL || m.form == graph.FormTemplateJSON {
			sep = ",\n"
		}
		text = strings.Join(parts, sep)
	case replaceStatement:
		text = element(m.form, m.stmts[0])
		if m.form == graph.FormYAML {
			// The range replaced is the item's mapping, after its "- ".
			text = strings.TrimPrefix(strings.ReplaceAll(text, "\n  ", "\n"), "- ")
		}
	default:
		return nil
	}
	out := []analyzers.Edit{m.anchor.Edit(text)}
	if len(m.notes.decls) > 0 && !m.notes.cfn {
		if m.declAt == nil {
			return nil
		}
		out = append(out, m.declAt.Edit(strings.Join(m.notes.decls, "\n")))
	}
	slices.SortFunc(out, func(a, b analyzers.Edit) int {
		if a.Range.Less(b.Range) {
			return -1
		}
		if b.Range.Less(a.Range) {
			return 1
		}
		return 0
	})
	return out
}

// element is a statement as an element of its list: without the comma
// that separates jsonencode() elements in a fix.
func element(form graph.Form, s fix.Statement) string {
	return strings.TrimSuffix(s.Render(form, ""), ",")
}
